/**
 * BW-0003 capabilities-not-dropped. Two fixes (Ruff's applicability): the safe one drops NET_RAW (ARP
 * spoofing of neighbours, paper §IV.7, R-A); the unsafe one drops ALL and adds back the profile's
 * `keepCapabilities` (paper §V.2.7, R-G7, CIS 5.4: "drop all, add back what is needed").
 */
import type { ContainerSpec } from '../../model/types.js';
import type { Fix } from '../types.js';

/**
 * Whether `--cap-drop NET_RAW` / `cap_drop: [NET_RAW]` would take NET_RAW away from `c` at run time, as moby's
 * `oci/caps.TweakCapabilities` computes the set: not for a privileged container (it gets every capability, drops
 * ignored), not when NET_RAW is added by name (adds are applied after drops), and not when NET_RAW or ALL is
 * dropped already (adding it again changes nothing and duplicates the entry). With `cap_add: [ALL]` a drop does
 * apply (all capabilities except the dropped ones).
 */
export function netRawDropWorks(c: ContainerSpec | undefined): boolean {
  if (!c) return true;
  if (privileged(c)) return false;
  if (c.capAdd.some((a) => a.value === 'NET_RAW')) return false;
  return !c.capDrop.some((d) => d.value === 'NET_RAW' || d.value === 'ALL');
}

/** Whether `c` is privileged, as written (not from a variable the audit could not resolve). */
function privileged(c: ContainerSpec | undefined): boolean {
  return !!c && c.privileged?.how !== 'unresolved' && c.privileged?.value === true;
}

/**
 * Why BW-0003 is left on a privileged container: it holds every capability whatever `cap_drop` says (moby
 * `oci/caps.TweakCapabilities`: drops are not applied in privileged mode), so a drop would change nothing. When
 * privileged mode is removed (BW-0001's fix, in the same run with --unsafe-fixes), the drop is made in the next round.
 */
function privilegedNote(f: { certainty: string }, c: ContainerSpec | undefined): string | undefined {
  return f.certainty === 'definite' && privileged(c)
    ? 'the container is privileged: it holds every capability whatever cap_drop says, so a drop takes effect only once privileged mode is removed (BW-0001)'
    : undefined;
}

/** Safe: drop NET_RAW only. Applies while NET_RAW is still held and a drop would remove it ({@link netRawDropWorks}). */
export const dropNetRaw: Fix = {
  ruleId: 'BW-0003',
  slug: 'capabilities-not-dropped',
  applicability: 'safe',
  title: 'drop NET_RAW: no raw or packet sockets',
  attack: 'ARP spoofing and traffic interception of neighbouring containers on the bridge — R-A, R-M',
  breaks: 'ping and other tools that open raw sockets (ping works through unprivileged ICMP sockets on kernels that allow it)',
  applies: (f, c) => f.certainty === 'definite' && String(f.data.kept ?? '').split(',').includes('NET_RAW') && netRawDropWorks(c),
  leftBecause: privilegedNote,
  container: (_c, _f, ed) => ed.addCapDrop(['NET_RAW']),
};

/**
 * Unsafe: drop ALL, add back the profile's capabilities. Not when ALL is dropped already (a privileged container with
 * `cap_drop: [ALL]`: the privileged fix, BW-0001, is what makes that drop take effect; a second `ALL` would break
 * the compose-spec's `uniqueItems` on `cap_drop`), and not on a privileged container, where the drop does nothing
 * (qa-a 6: `privileged: true  # bulwark-ignore privileged-container` kept it privileged, and `cap_drop: [ALL]` was
 * added anyway): the finding is named as not fixed, with why.
 */
export const dropAll: Fix = {
  ruleId: 'BW-0003',
  slug: 'capabilities-not-dropped',
  applicability: 'unsafe',
  title: "drop ALL capabilities (and add back the profile's keepCapabilities)",
  attack: 'kernel exploits and breakouts that need a default capability (DAC_OVERRIDE, SETUID, NET_RAW, MKNOD…) — R-K, R-B, R-A',
  breaks: 'entrypoints that chown files or switch user (gosu, su-exec) need CHOWN, SETUID, SETGID; servers binding ports below 1024 as root need NET_BIND_SERVICE',
  applies: (f, c) => f.certainty === 'definite' && !c?.capDrop.some((d) => d.value === 'ALL') && !privileged(c),
  leftBecause: privilegedNote,
  after: (f, c) => (f.certainty === 'definite' && !c?.capDrop.some((d) => d.value === 'ALL') && privileged(c) ? 'BW-0001' : undefined),
  container(c, _f, ed, profile) {
    const have = new Set(c.capAdd.map((s) => s.value));
    const back = profile.keepCapabilities.filter((k) => !have.has(k));
    if (!ed.addCapDrop(['ALL'])) return false;
    return back.length === 0 || ed.addCapAdd(back);
  },
};
