/**
 * BW-0003 capabilities-not-dropped: `cap_drop: [ALL]` missing, so Docker's default capability set
 * (NET_RAW, SETUID, SETGID, …) stays (CIS 5.4, R-A, R-K, R-G7; paper §IV.7 ARP spoofing). For a known non-root
 * user with no-new-privileges the capabilities stay in the bounding set only, out of reach unless a process runs as
 * root: still reported (CIS 5.4), at low severity, saying so ({@link boundingOnly}).
 */
import { DOCKER_DEFAULT_CAPABILITIES } from '../model/capabilities.js';
import { defineRule } from './types.js';
import type { ContainerSpec } from '../model/types.js';
import { conditionalSource, dropsAll, isPrivileged, isRootUser, isWindowsPod, keptDefaultCapabilities, securityOpts, unknownOptions, UNRESOLVED_NOTE } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0003',
    slug: 'capabilities-not-dropped',
    title: 'Default capabilities not dropped',
    severity: 'medium',
    attackClasses: ['R-A', 'R-K'],
    requirements: ['R-A', 'R-K', 'R-G7'],
    cis: { '1.6.0': ['5.4'] },
    paper: '§IV.7, §V.2.7',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "Docker grants 14 capabilities by default. NET_RAW lets a container forge ARP replies and spoof its neighbours on the bridge (paper §IV.7); SETUID and SETGID make setuid binaries work (R-G7). Drop ALL and add back only what the software needs. A non-root user with no-new-privileges holds them only in the bounding set (the engine gives non-root processes no effective or permitted capabilities, and setuid binaries cannot raise them), out of reach unless a process runs as root: still reported, at low severity.",
    remediation: {
      kubernetes: 'securityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]   # only what the software needs',
      compose: 'cap_drop: [ALL]\ncap_add: [CHOWN, SETUID, SETGID]   # only if the software needs them; or at least cap_drop: [NET_RAW]',
      run: '--cap-drop ALL --cap-add CHOWN   # only if needed; or at least --cap-drop NET_RAW',
      service: '--cap-drop ALL --cap-add CHOWN   # only if needed; or at least --cap-drop NET_RAW',
    },
    breaks: 'Images that start as root and switch users (SETUID/SETGID), chown files (CHOWN), or bind ports below 1024 (NET_BIND_SERVICE) fail until those are added back; ping needs NET_RAW.',
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    if (isWindowsPod(c)) return;
    // Privileged: every capability whatever cap_drop says (moby caps.TweakCapabilities returns them all before
    // reading CapDrop; containerd's privileged spec likewise), so `cap_drop: [ALL]` does not make it compliant.
    // Privileged only through a variable assigned under a condition (`if …; then O="--privileged"; fi`, `docker run
    // $O --cap-drop ALL …`): the container may or may not be privileged (BW-0001 reports it as unknown). When what
    // is dropped leaves nothing otherwise, the privileged reading is reported, as unknown; else the line is read
    // without it (the capabilities it keeps are held either way).
    const maybe = isPrivileged(c) ? conditionalSource(c, c.privileged) : undefined;
    const privileged = isPrivileged(c) && (!maybe || dropsAll(c) || keptDefaultCapabilities(c).length === 0);
    if (dropsAll(c) && !privileged) return;
    const unresolved = c.capDrop.find((s) => s.how === 'unresolved');
    const kept = privileged ? [...DOCKER_DEFAULT_CAPABILITIES].sort() : keptDefaultCapabilities(c);
    if (kept.length === 0) return;
    const at = c.capDrop.length > 0 ? c.capDrop[0] : c.unsetAt?.capDrop;
    if (unresolved) {
      ctx.report({ message: `capabilities may still be held: cap_drop ${UNRESOLVED_NOTE} what is dropped`, at: unresolved, certainty: 'unknown', severity: 'low', data: { kept: kept.join(',') } });
      return;
    }
    const netRaw = kept.includes('NET_RAW');
    // Privileged, or `cap_add: [ALL]` with nothing dropped: every capability is held, not only Docker's 14
    // (BW-0001 / BW-0002 report those at critical; this finding names what dropping would and would not change).
    const all = privileged ? 'privileged' : c.capAdd.some((s) => s.how !== 'unresolved' && s.value === 'ALL') ? 'ALL' : undefined;
    const what = c.capDrop.length === 0 ? 'capabilities not dropped' : 'not all capabilities dropped';
    // What NET_RAW reaches depends on the network namespace (R-A: "on any container with a network").
    const net = c.namespaces.network?.how === 'unresolved' ? undefined : c.namespaces.network?.value.mode;
    const arp = !netRaw
      ? ''
      : net === 'none'
        ? ' (no network, so NET_RAW reaches no neighbour)'
        : net === 'host'
          ? "; NET_RAW in the host's network namespace allows sniffing and spoofing on every host interface"
          : '; NET_RAW allows ARP spoofing of neighbouring containers';
    const opts = c.capDrop.length === 0 ? unknownOptions(c) : undefined;
    const when = privileged && maybe ? { certainty: 'unknown' as const, note: ` (when ${maybe} holds --privileged: it is assigned under a condition)` } : undefined;
    // Kubernetes `drop: [CAP_ALL]`: the runtimes match only `ALL` (the ingester keeps `CAP_ALL` as written); a dropped
    // `CAP_NET_RAW` is `CAP_CAP_NET_RAW` to containerd, which names no capability (the ingester keeps the prefix).
    const prefixed = [...new Set(c.capDrop.filter((s) => s.value.startsWith('CAP_')).map((s) => s.value))];
    const capAll = prefixed.includes('CAP_ALL')
      ? ` (drop: [CAP_ALL] drops nothing: Kubernetes names capabilities without the CAP_ prefix, and containerd and CRI-O recognise only ALL${prefixed.length > 1 ? `; containerd also ignores ${prefixed.filter((p) => p !== 'CAP_ALL').join(', ')}` : ''})`
      : prefixed.length
        ? ` (drop: [${prefixed.join(', ')}] drops nothing under containerd: Kubernetes names capabilities without the CAP_ prefix, and containerd adds one, so write ${prefixed.map((p) => p.slice(4)).join(', ')})`
        : '';
    // A known non-root user with no-new-privileges: the capabilities stay in the bounding set only (see boundingOnly).
    const nonRoot = all === 'privileged' ? undefined : boundingOnly(c);
    if (nonRoot) {
      const held = all === 'ALL' ? `every capability${c.capDrop.length ? ` but ${[...new Set(c.capDrop.map((s) => s.value))].sort().join(', ')}` : ''} stays in the bounding set` : boundingPhrase(kept);
      ctx.report({
        message: `${what}: ${held}, but ${nonRoot} is not root: the engine gives a non-root process no effective or permitted capabilities, and no-new-privileges stops setuid binaries and file capabilities from raising them, so only a process that runs as root can use them${capAll}${opts?.note ?? ''}`,
        ...(opts ? { certainty: 'unknown' as const } : {}),
        at,
        severity: 'low',
        data: { kept: kept.join(','), reach: 'bounding' },
      });
      return;
    }
    ctx.report({
      message: `${what}: ${all === 'privileged' ? 'the container is privileged, so every capability is held whatever is dropped' : all === 'ALL' ? allPhrase(c) : heldPhrase(kept)}${arp}${capAll}${when?.note ?? ''}${opts?.note ?? ''}`,
      ...(when || opts ? { certainty: 'unknown' as const } : {}),
      at,
      severity: netRaw ? 'medium' : 'low',
      data: { kept: kept.join(',') },
    });
  },
});

/**
 * The non-root user a container's processes run as, as a phrase (`user 10001:10001`, `user node (the image's USER)`), when it
 * also has no-new-privileges; `undefined` otherwise. For a non-root user the engine sets only the bounding set (moby
 * `oci.SetCapabilities`: "Do not set Effective and Permitted capabilities for non-root users, to match what execve
 * does"; execve(2) as a non-root user computes the permitted and effective sets from file capabilities), and with
 * no-new-privileges (PR_SET_NO_NEW_PRIVS, `allowPrivilegeEscalation: false`) neither setuid-root binaries nor file
 * capabilities grant them: only a process that runs as root (an exec as uid 0) can use them. The user is known
 * non-root when `user` is written, resolved and not uid 0 (`isRootUser`), or, with no user, when the image's user
 * (`imageUser`: inspected, or a built Dockerfile's USER) is, or Kubernetes' `runAsNonRoot: true` holds.
 */
function boundingOnly(c: ContainerSpec): string | undefined {
  const nnp = securityOpts(c, 'no-new-privileges').at(-1);
  if (!nnp || nnp.how === 'unresolved' || !['', 'true', '1'].includes(nnp.value.trim().toLowerCase())) return undefined;
  const u = c.user;
  if (u && u.value.trim() !== '') return u.how !== 'unresolved' && !isRootUser(u.value) ? `user ${u.value.trim()}` : undefined;
  const img = c.imageUser;
  if (img && img.how !== 'unresolved' && img.value.trim() !== '' && !isRootUser(img.value)) return `user ${img.value.trim()} (the image's USER)`;
  if (c.source === 'kubernetes' && c.extra.runAsNonRoot?.value === true) return "the container's user (runAsNonRoot: true)";
  return undefined;
}

/** The kept default capabilities as they stay for a non-root user: in the bounding set (see {@link boundingOnly}). */
function boundingPhrase(kept: string[]): string {
  const notable = ['NET_RAW', 'SETUID', 'SETGID', 'DAC_OVERRIDE', 'MKNOD'].filter((k) => kept.includes(k));
  const rest = kept.length - notable.length;
  const list = notable.length ? `${notable.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}` : kept.join(', ');
  return kept.length === DOCKER_DEFAULT_CAPABILITIES.length
    ? "Docker's 14 default capabilities stay in the bounding set"
    : `${kept.length} of Docker's default capabilities stay in the bounding set (${list})`;
}

/** What `cap_add: [ALL]` leaves: every capability, or every one but those dropped (moby's TweakCapabilities). */
function allPhrase(c: Parameters<typeof keptDefaultCapabilities>[0]): string {
  const flag = c.source === 'run' ? '--cap-add ALL' : c.source === 'kubernetes' ? 'add: [ALL]' : 'cap_add ALL';
  const dropped = [...new Set(c.capDrop.map((s) => s.value))].sort();
  return dropped.length ? `every capability but ${dropped.join(', ')} is held (${flag})` : `every capability is held (${flag})`;
}

/**
 * Names the kept default capabilities briefly: all 14 are "Docker's 14 default capabilities"; otherwise
 * the ones that matter most to the paper (NET_RAW, SETUID, SETGID) first, then a count of the rest.
 */
function heldPhrase(kept: string[]): string {
  const notable = ['NET_RAW', 'SETUID', 'SETGID', 'DAC_OVERRIDE', 'MKNOD'].filter((k) => kept.includes(k));
  const rest = kept.length - notable.length;
  const list = notable.length ? `${notable.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}` : kept.join(', ');
  return kept.length === DOCKER_DEFAULT_CAPABILITIES.length
    ? `all 14 of Docker's default capabilities are held, including ${notable.join(', ')}`
    : `${kept.length} of Docker's default capabilities are still held: ${list}`;
}
