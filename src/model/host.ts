/**
 * bulwark's model of the host a local engine runs on (CIS Docker Benchmark sections 1 and 3; paper
 * §V.2.3 logging and auditing, §V.2.10 kernel up to date; requirements R-K, R-G3, R-G10).
 *
 * Owned by the host gatherer (src/live/host/); this is the contract rules read.
 */
import type { Origin } from './types.js';

/** Owner and mode of a file or directory (CIS section 3). */
export interface FileFacts {
  path: string;
  exists: boolean;
  uid?: number;
  gid?: number;
  /** Owner and group names when resolvable. */
  owner?: string;
  group?: string;
  /** Permission bits, e.g. 0o660. */
  mode?: number;
  origin: Origin;
}

/** Facts about one host. */
export interface HostSpec {
  target: import('./types.js').Target;
  /** `uname -r`, e.g. `6.1.0-26-amd64`. */
  kernel?: { release: string; origin: Origin };
  runc?: { version: string; origin: Origin };
  containerd?: { version: string; origin: Origin };
  dockerd?: { version: string; origin: Origin };
  /** Active Linux security modules (`/sys/kernel/security/lsm`), e.g. `['capability','yama','apparmor']`. */
  lsms?: { names: string[]; origin: Origin };
  /** Files of CIS section 3 (socket, /etc/docker, daemon.json, TLS files, units). */
  files: FileFacts[];
  /** Audit rules in effect (`auditctl -l` or /etc/audit/rules.d), CIS 1.1.x. `undefined` when unknown. */
  auditRules?: { rules: string[]; source: string; origin: Origin };
  /** Whether Docker's data root is on its own mount (CIS 1.1.1). */
  dataRootMount?: { dataRoot: string; separate: boolean; mountPoint: string; origin: Origin };
  /** Things that could not be read, with why (one line each): reported as unknown, never as pass. */
  unknown: { what: string; why: string }[];
}
