/**
 * A small, cited table of known container-escape CVEs in the host kernel, runc and containerd, with the
 * versions that fix them, and a version comparison that copes with distribution version strings.
 *
 * Requirements R-K (kernel exploits), R-B (container breakout), R-G10 (paper §V.2.10: keep the kernel up to
 * date). Sources: the NVD entries named in `reference` (affected-version configurations) and the upstream
 * advisories named in each entry's docstring. The table is deliberately small: it names the escapes the
 * paper's threat model is about, not every kernel CVE; a clean result is not a statement that the host is
 * patched.
 *
 * Distribution builds (`5.10.0-26-amd64`, `1.1.5+ds1`, `1.6.20~ds1`) often carry backported fixes that the
 * upstream version number does not show. A match on such a version is therefore reported with certainty
 * `unknown` and the words "by upstream version; distro backports may have fixed it" — never as a certainty —
 * unless the package's own Debian changelog names the CVE as fixed ({@link changelogFixes}): then it is not
 * reported at all ({@link withoutDistroFixed}).
 */
import type { ComponentVersion, HostSpec } from '../../model/host.js';
import type { Origin } from '../../model/types.js';
import type { RuleContext } from '../../rules/types.js';

/** The component a CVE is in. */
export type Component = 'kernel' | 'runc' | 'containerd';

/** A half-open range of affected upstream versions: `introduced` ≤ v < `fixed` (`introduced` absent: from the beginning). */
export interface AffectedRange {
  introduced?: string;
  fixed: string;
}

/** One known container-escape CVE. */
export interface EscapeCve {
  /** `CVE-2019-5736`. */
  id: string;
  component: Component;
  /** Common name, when it has one (`Dirty COW`). */
  name?: string;
  /** Affected upstream versions; a version in none of these ranges is not affected. */
  affected: AffectedRange[];
  /** The versions that fix it, as people say them (`runc 1.0.0-rc7 / Docker 18.09.2`). */
  fixedIn: string;
  /** One line: what an attacker in a container can do. */
  description: string;
  /** NVD page. */
  reference: string;
}

/**
 * The table. Each entry's affected ranges follow the NVD configuration of the CVE (upstream versions) and
 * the upstream advisory:
 *  - CVE-2016-5195 "Dirty COW": mm/gup.c race, write to read-only mappings; fixed in 4.8.3 and the stable
 *    branches 4.7.9, 4.4.26, 4.1.35, 3.18.44, 3.16.38, 3.14.79, 3.12.66, 3.10.104, 3.4.113, 3.2.83
 *    (kernel.org stable announcements, Oct 2016). Used to escape containers by patching the vDSO.
 *  - CVE-2019-5736: runc overwrites its own host binary via /proc/self/exe; fixed in runc 1.0.0-rc7
 *    (commit 0a8e4117), shipped in Docker 18.09.2 (GHSA / runc advisory, Feb 2019).
 *  - CVE-2020-15257: containerd-shim API exposed on an abstract unix socket reachable from host-network
 *    containers; fixed in containerd 1.3.9 and 1.4.3 (GHSA-36xw-fx78-c5r4).
 *  - CVE-2022-0185: fs_context legacy_parse_param heap overflow, exploitable with CAP_SYS_ADMIN in a user
 *    namespace; introduced in 5.1, fixed in 5.16.2 and stable 5.15.16, 5.10.93, 5.4.173.
 *  - CVE-2022-0492: cgroup v1 release_agent writable without CAP_SYS_ADMIN in the initial namespace; fixed in
 *    5.17-rc3 and stable 5.16.6, 5.15.20, 5.10.97, 5.4.177, 4.19.229, 4.14.266, 4.9.301.
 *  - CVE-2022-0847 "Dirty Pipe": pipe buffer flags let unprivileged writes into read-only page-cache pages;
 *    introduced in 5.8, fixed in 5.16.11, 5.15.25, 5.10.102.
 *  - CVE-2024-21626 "Leaky Vessels": runc leaks a host directory fd (WORKDIR /proc/self/fd/N); introduced in
 *    1.0.0-rc93, fixed in runc 1.1.12 (GHSA-xr7r-f8xq-vfvv).
 *  - CVE-2025-31133: runc's masking of paths with /dev/null follows a /dev/null the container replaced by a symlink,
 *    so a host file (/proc/sys/kernel/core_pattern) is bind-mounted writable; all versions, fixed in runc 1.2.8, 1.3.3
 *    and 1.4.0-rc.3 (GHSA-9493-h29p-rfm2, Nov 2025).
 *  - CVE-2025-52565: the /dev/console bind mount (/dev/pts/$n) races the same way; introduced in 1.0.0-rc3, fixed in
 *    runc 1.2.8, 1.3.3 and 1.4.0-rc.3 (GHSA-qw9x-cqr3-wc7r, Nov 2025).
 *  - CVE-2025-52881: runc's writes of LSM labels and sysctls to /proc can be redirected by racing shared mounts, to
 *    write arbitrary /proc files (e.g. /proc/sysrq-trigger) and bypass the LSM; all versions, fixed in runc 1.2.8,
 *    1.3.3 and 1.4.0-rc.3 (GHSA-cgrx-mc8f-2prm, Nov 2025).
 */
export const ESCAPE_CVES: readonly EscapeCve[] = [
  {
    id: 'CVE-2016-5195',
    component: 'kernel',
    name: 'Dirty COW',
    affected: [
      { introduced: '2.6.22', fixed: '3.2.83' },
      { introduced: '3.3', fixed: '3.4.113' },
      { introduced: '3.5', fixed: '3.10.104' },
      { introduced: '3.11', fixed: '3.12.66' },
      { introduced: '3.13', fixed: '3.14.79' },
      { introduced: '3.15', fixed: '3.16.38' },
      { introduced: '3.17', fixed: '3.18.44' },
      { introduced: '3.19', fixed: '4.1.35' },
      { introduced: '4.2', fixed: '4.4.26' },
      { introduced: '4.5', fixed: '4.7.9' },
      { introduced: '4.8', fixed: '4.8.3' },
    ],
    fixedIn: 'Linux 4.8.3 (stable 4.7.9, 4.4.26, …)',
    description: 'copy-on-write race lets a process write to read-only memory mappings; used to escape containers through the vDSO',
    reference: 'https://nvd.nist.gov/vuln/detail/CVE-2016-5195',
  },
  {
    id: 'CVE-2022-0185',
    component: 'kernel',
    affected: [
      { introduced: '5.1', fixed: '5.4.173' },
      { introduced: '5.5', fixed: '5.10.93' },
      { introduced: '5.11', fixed: '5.15.16' },
      { introduced: '5.16', fixed: '5.16.2' },
    ],
    fixedIn: 'Linux 5.16.2 (stable 5.15.16, 5.10.93, 5.4.173)',
    description: 'heap overflow in the filesystem context API; a container with CAP_SYS_ADMIN in a user namespace can escape',
    reference: 'https://nvd.nist.gov/vuln/detail/CVE-2022-0185',
  },
  {
    id: 'CVE-2022-0492',
    component: 'kernel',
    affected: [
      { fixed: '4.9.301' },
      { introduced: '4.10', fixed: '4.14.266' },
      { introduced: '4.15', fixed: '4.19.229' },
      { introduced: '4.20', fixed: '5.4.177' },
      { introduced: '5.5', fixed: '5.10.97' },
      { introduced: '5.11', fixed: '5.15.20' },
      { introduced: '5.16', fixed: '5.16.6' },
      { introduced: '5.17-rc1', fixed: '5.17-rc3' },
    ],
    fixedIn: 'Linux 5.17-rc3 (stable 5.16.6, 5.15.20, 5.10.97, 5.4.177, 4.19.229, 4.14.266, 4.9.301)',
    description: 'cgroup v1 release_agent can be set without the needed capability; a container without AppArmor/SELinux/seccomp can run commands on the host',
    reference: 'https://nvd.nist.gov/vuln/detail/CVE-2022-0492',
  },
  {
    id: 'CVE-2022-0847',
    component: 'kernel',
    name: 'Dirty Pipe',
    affected: [
      { introduced: '5.8', fixed: '5.10.102' },
      { introduced: '5.11', fixed: '5.15.25' },
      { introduced: '5.16', fixed: '5.16.11' },
    ],
    fixedIn: 'Linux 5.16.11 (stable 5.15.25, 5.10.102)',
    description: 'uninitialised pipe buffer flags let a process overwrite read-only files in the page cache, including host binaries shared with containers',
    reference: 'https://nvd.nist.gov/vuln/detail/CVE-2022-0847',
  },
  {
    id: 'CVE-2019-5736',
    component: 'runc',
    affected: [{ fixed: '1.0.0-rc7' }],
    fixedIn: 'runc 1.0.0-rc7 (Docker 18.09.2)',
    description: 'a process in the container can overwrite the host runc binary through /proc/self/exe and run as root on the host',
    reference: 'https://nvd.nist.gov/vuln/detail/CVE-2019-5736',
  },
  {
    id: 'CVE-2024-21626',
    component: 'runc',
    name: 'Leaky Vessels',
    affected: [{ introduced: '1.0.0-rc93', fixed: '1.1.12' }],
    fixedIn: 'runc 1.1.12',
    description: 'a leaked host file descriptor lets a container (or an image WORKDIR) reach the host filesystem',
    reference: 'https://nvd.nist.gov/vuln/detail/CVE-2024-21626',
  },
  {
    id: 'CVE-2025-31133',
    component: 'runc',
    affected: [{ fixed: '1.2.8' }, { introduced: '1.3.0-rc.1', fixed: '1.3.3' }, { introduced: '1.4.0-rc.1', fixed: '1.4.0-rc.3' }],
    fixedIn: 'runc 1.2.8 / 1.3.3 / 1.4.0-rc.3',
    description: 'a container that replaces /dev/null with a symlink makes runc bind-mount a host file such as /proc/sys/kernel/core_pattern writable into it, and escape',
    reference: 'https://nvd.nist.gov/vuln/detail/CVE-2025-31133',
  },
  {
    id: 'CVE-2025-52565',
    component: 'runc',
    affected: [{ introduced: '1.0.0-rc3', fixed: '1.2.8' }, { introduced: '1.3.0-rc.1', fixed: '1.3.3' }, { introduced: '1.4.0-rc.1', fixed: '1.4.0-rc.3' }],
    fixedIn: 'runc 1.2.8 / 1.3.3 / 1.4.0-rc.3',
    description: 'a race on the /dev/console bind mount lets a container get writable host /proc files mounted into it, and escape',
    reference: 'https://nvd.nist.gov/vuln/detail/CVE-2025-52565',
  },
  {
    id: 'CVE-2025-52881',
    component: 'runc',
    affected: [{ fixed: '1.2.8' }, { introduced: '1.3.0-rc.1', fixed: '1.3.3' }, { introduced: '1.4.0-rc.1', fixed: '1.4.0-rc.3' }],
    fixedIn: 'runc 1.2.8 / 1.3.3 / 1.4.0-rc.3',
    description: "runc's writes to /proc (LSM labels, sysctls) can be redirected by the container to arbitrary /proc files such as /proc/sysrq-trigger, bypassing AppArmor/SELinux, and escape",
    reference: 'https://nvd.nist.gov/vuln/detail/CVE-2025-52881',
  },
  {
    id: 'CVE-2020-15257',
    component: 'containerd',
    affected: [{ fixed: '1.3.9' }, { introduced: '1.4.0', fixed: '1.4.3' }],
    fixedIn: 'containerd 1.3.9 / 1.4.3',
    description: 'the containerd-shim API listens on an abstract unix socket that host-network containers can reach and use to run processes as root on the host',
    reference: 'https://nvd.nist.gov/vuln/detail/CVE-2020-15257',
  },
];

/** A parsed version: numeric parts, an optional release candidate number, and what followed. */
export interface ParsedVersion {
  /** `[5, 10, 0]`; missing parts compare as 0. */
  parts: number[];
  /** Release-candidate number (`-rc7`, `~rc7`), which sorts before the release itself. */
  rc?: number;
  /** Everything after the upstream version (`-26-amd64`, `+ds1`, `~ds1`); empty for a plain upstream build. */
  suffix: string;
}

/**
 * Parses a version as components print it: `6.1.0-26-amd64`, `1.1.5+ds1`, `1.0.0-rc6`, `1.0.0~rc6+dfsg1`,
 * `v1.1.12`, `1.6.20~ds1`. Returns `undefined` when the text does not start with a number.
 */
export function parseVersion(text: string): ParsedVersion | undefined {
  const m = /^v?(\d+(?:\.\d+)*)(?:[-~.]?rc\.?(\d+))?(.*)$/i.exec(text.trim());
  if (!m) return undefined;
  return { parts: m[1].split('.').map(Number), rc: m[2] !== undefined ? Number(m[2]) : undefined, suffix: m[3] };
}

/** Compares two parsed versions by upstream version only (suffixes ignored): negative, 0 or positive. */
export function compareVersions(a: ParsedVersion, b: ParsedVersion): number {
  const n = Math.max(a.parts.length, b.parts.length);
  for (let i = 0; i < n; i++) {
    const d = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (d) return d;
  }
  // A release candidate comes before the release.
  if (a.rc === undefined && b.rc === undefined) return 0;
  if (a.rc === undefined) return 1;
  if (b.rc === undefined) return -1;
  return a.rc - b.rc;
}

/** Whether `v` lies in one of `ranges`. */
export function inRanges(v: ParsedVersion, ranges: readonly AffectedRange[]): boolean {
  return ranges.some(
    (r) => (r.introduced === undefined || compareVersions(v, parseVersion(r.introduced)!) >= 0) && compareVersions(v, parseVersion(r.fixed)!) < 0,
  );
}

/** A CVE that applies to a version, and how sure bulwark is. */
export interface CveMatch {
  cve: EscapeCve;
  /** The upstream version compared (`5.10.0`, `1.1.5`). */
  upstream: string;
  /**
   * `definite` for a plain upstream build (no suffix); `unknown` for a distribution build, whose package may
   * carry a backported fix the version number does not show.
   */
  certainty: 'definite' | 'unknown';
}

/**
 * The CVEs of `component` that `version` is affected by, by upstream version.
 * @param version as the component reports it
 * @param upstream the running build's upstream version when the host tells it apart (Debian's `/proc/version`);
 *   compared instead of `version`, still with certainty `unknown` because the distribution may have patched it
 * @returns matches in table order; `[]` for an unparseable version (the caller reports it as unknown)
 */
export function matchCves(component: Component, version: string, upstream?: string): CveMatch[] {
  const v = parseVersion(upstream ?? version);
  if (!v) return [];
  const distro = upstream !== undefined || v.suffix !== '';
  const shown = v.parts.join('.') + (v.rc !== undefined ? `-rc${v.rc}` : '');
  return ESCAPE_CVES.filter((c) => c.component === component && inRanges(v, c.affected)).map((cve) => ({
    cve,
    upstream: shown,
    certainty: distro ? 'unknown' : 'definite',
  }));
}

/**
 * Fixes a distribution backported into its package of a component, read from the package's Debian changelog
 * (`/usr/share/doc/<package>/changelog.Debian.gz`, Debian Policy §12.7; Debian and Ubuntu security uploads name
 * each CVE they fix in it, e.g. runc `1.1.5+ds1-1+deb12u1`: "CVE-2024-21626: several container breakouts due to
 * internally leaked fds"). Attached to the host's {@link ComponentVersionFacts} by `gatherHost`.
 */
export interface DistroFixes {
  /** `runc 1.1.5+ds1-1+deb12u1`: the package and version the changelog is of. */
  package: string;
  /** The changelog file. */
  source: string;
  /** CVE ids of {@link ESCAPE_CVES} the changelog names, sorted. */
  cves: string[];
  /** The facts line (`runc-package: …`). */
  origin: Origin;
}

/** A component version of the host facts, with the distribution's backported fixes when they were read. */
export type ComponentVersionFacts = ComponentVersion & { distroFixes?: DistroFixes };

/**
 * The escape CVEs a Debian changelog says its package fixes, when the changelog is of the running build: the
 * first entry's version (`runc (1.1.5+ds1-1+deb12u1) bookworm-security; …`) must start with the version the
 * binary reports (`1.1.5+ds1`), else (a runc installed by hand over the package) undefined. Only the ids of
 * {@link ESCAPE_CVES} for `component` are returned.
 */
export function changelogFixes(component: Component, changelog: string, running: string): { package: string; cves: string[] } | undefined {
  const m = /^(\S+) \(([^)\s]+)\)/.exec(changelog);
  if (!m) return undefined;
  const [, pkg, pkgVersion] = m;
  const bare = running.replace(/^v/, '');
  if (!pkgVersion.replace(/^\d+:/, '').startsWith(bare)) return undefined;
  const named = new Set(changelog.match(/CVE-\d{4}-\d{4,}/g) ?? []);
  const cves = ESCAPE_CVES.filter((c) => c.component === component && named.has(c.id)).map((c) => c.id).sort();
  return { package: `${pkg} ${pkgVersion}`, cves };
}

/**
 * Wraps a rule context so that findings of a CVE the host's distribution package already fixes
 * ({@link DistroFixes} of `h[component]`) are not reported: a backported fix makes the host not affected,
 * whatever the upstream version number says. Other findings pass through unchanged.
 */
export function withoutDistroFixed(h: HostSpec, component: 'runc' | 'containerd', ctx: RuleContext): RuleContext {
  const fixed = new Set((h[component] as ComponentVersionFacts | undefined)?.distroFixes?.cves ?? []);
  if (!fixed.size) return ctx;
  return { ...ctx, report: (d) => (typeof d.data?.cve === 'string' && fixed.has(d.data.cve) ? undefined : ctx.report(d)) };
}
