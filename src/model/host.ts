/**
 * bulwark's model of the host a local engine runs on (CIS Docker Benchmark 1.6.0 sections 1 and 3; paper
 * §V.2.3 logging and auditing, §V.2.4 SELinux/AppArmor, §V.2.10 kernel up to date; requirements R-K, R-B,
 * R-G3, R-G4, R-G10).
 *
 * Owned by the host gatherer (src/live/host/); this is the contract rules read. Every origin points into
 * the host facts document (`text`, a small YAML-like text built by the gatherer and registered as the
 * in-memory source `host://<hostname>`), so findings have a line to show.
 */
import type { Origin } from './types.js';

/**
 * What a file of CIS section 3 is, so rules know which ownership and mode CIS 1.6.0 expects:
 * `docker.service` 3.1/3.2, `docker.socket` 3.3/3.4, `etc-docker` 3.5/3.6, `registry-certs` 3.7/3.8,
 * `tls-ca` 3.9/3.10, `tls-cert` 3.11/3.12, `tls-key` 3.13/3.14, `docker.sock` 3.15/3.16,
 * `daemon.json` 3.17/3.18, `etc-default-docker` 3.19/3.20, `etc-sysconfig-docker` 3.21/3.22,
 * `containerd.sock` 3.23/3.24.
 */
export type HostFileRole =
  | 'docker.service'
  | 'docker.socket'
  | 'etc-docker'
  | 'registry-certs'
  | 'tls-ca'
  | 'tls-cert'
  | 'tls-key'
  | 'docker.sock'
  | 'daemon.json'
  | 'etc-default-docker'
  | 'etc-sysconfig-docker'
  | 'containerd.sock';

/** Owner and mode of a file or directory (CIS section 3). */
export interface FileFacts {
  path: string;
  exists: boolean;
  /** Which CIS section 3 file this is (set by the gatherer). */
  role?: HostFileRole;
  /** `file`, `dir`, `socket`, `other` (after following symlinks). */
  type?: 'file' | 'dir' | 'socket' | 'other';
  uid?: number;
  gid?: number;
  /** Owner and group names when resolvable (from the host's /etc/passwd and /etc/group). */
  owner?: string;
  group?: string;
  /** Permission bits, e.g. 0o660 (no file-type bits). */
  mode?: number;
  origin: Origin;
}

/** A component version as reported by the component, and its upstream part. */
export interface ComponentVersion {
  /** As reported (`1.1.5+ds1`, `6.1.0-26-amd64`, `1.6.20~ds1`). */
  version: string;
  /**
   * The upstream version of the running build when the host tells it apart from the package/ABI
   * version (Debian's `/proc/version` "Debian 6.1.112-1", Ubuntu's `/proc/version_signature`).
   */
  upstream?: string;
  origin: Origin;
}

/** Facts about one host. */
export interface HostSpec {
  /** `{kind: 'host', name: <hostname>, range}`; `range.file` is `host://<hostname>`. */
  target: import('./types.js').Target;
  /** The host facts document every origin points into (see {@link hostFactsText} in src/live/host/). */
  text?: string;
  /** Kernel release (`/proc/sys/kernel/osrelease`, as `uname -r`), e.g. `6.1.0-26-amd64`. */
  kernel?: { release: string; upstream?: string; origin: Origin };
  runc?: ComponentVersion;
  containerd?: ComponentVersion;
  dockerd?: ComponentVersion;
  /** Active Linux security modules (`/sys/kernel/security/lsm`), e.g. `['capability','yama','apparmor']`. */
  lsms?: { names: string[]; origin: Origin };
  /**
   * Whether AppArmor and SELinux are enabled: from the LSM list when readable, else from
   * `/sys/module/apparmor/parameters/enabled` and `/sys/fs/selinux/enforce` (absent module or
   * filesystem means not enabled). `unknown` when neither source could be read.
   */
  mac?: { apparmor: 'enabled' | 'disabled' | 'unknown'; selinux: 'enforcing' | 'permissive' | 'disabled' | 'unknown'; origin: Origin };
  /** Files of CIS section 3 (socket, /etc/docker, daemon.json, TLS files, units). */
  files: FileFacts[];
  /** Audit rules in effect (`auditctl -l` or /etc/audit/rules.d), CIS 1.1.x. `undefined` when unknown. */
  auditRules?: { rules: string[]; source: string; origin: Origin };
  /**
   * The files and directories CIS 1.1.3–1.1.18 want audited, with whether they exist on this host
   * (a path that does not exist needs no rule, as in docker-bench-security).
   */
  auditPaths?: { cis: string; path: string; exists: boolean }[];
  /**
   * The daemon.json dockerd reads, against when dockerd started (a local engine whose dockerd pid is known):
   * `modifiedMs` is its stat(2) mtime, `startedMs` dockerd's start (/proc/<pid>/stat `starttime`, clock ticks of
   * 1/100 s since boot, plus `btime` of /proc/stat), both ms since the epoch; `changedAfterStart` when the file
   * is newer by more than {@link CONFIG_CLOCK_SLACK_MS} (dockerd reads it at start and, for a few keys, on SIGHUP).
   */
  daemonConfigAge?: { path: string; modifiedMs: number; startedMs: number; changedAfterStart: boolean; origin: Origin };
  /** Whether Docker's data root is on its own mount (CIS 1.1.1). */
  dataRootMount?: { dataRoot: string; separate: boolean; mountPoint: string; origin: Origin };
  /**
   * Things that could not be read, with why (one line each): reported as unknown, never as pass.
   * `what` is one of `kernel`, `runc`, `containerd`, `dockerd`, `lsm`, `audit-rules`, `data-root`,
   * `file:<path>`; `origin` is its `unknown …` line in the facts document.
   */
  unknown: { what: string; why: string; origin?: Origin }[];
}

/**
 * How much newer than dockerd's start a daemon.json must be to count as changed after it, in ms: `btime` has whole
 * seconds and moves by a second or so as the clock is adjusted after boot.
 */
export const CONFIG_CLOCK_SLACK_MS = 2000;
