/**
 * BW-0001 privileged-container (CIS 5.5; paper §IV.3, §V.2.5, §V.2.13; R-B, R-G5, R-G13): remove
 * `privileged: true` / `--privileged`. Unsafe: software that manages devices, mounts filesystems or runs
 * nested containers stops working. The capability fixes (BW-0003, BW-0002) apply in the next round, and
 * Docker's default seccomp, AppArmor and device cgroup confinement apply again. From an anchor shared
 * with other services, `privileged: false` is written on the service instead.
 */
import type { Fix } from '../types.js';
import { removal } from './util.js';

/** The fix. Applies to a definite `privileged: true` written in the file. */
export const removePrivileged: Fix = {
  ruleId: 'BW-0001',
  slug: 'privileged-container',
  applicability: 'unsafe',
  title: 'remove privileged mode: default capabilities, devices, seccomp and AppArmor/SELinux confinement apply again',
  attack: 'root on the host from a privileged container: mounting the host disk, loading kernel modules, cgroup release_agent — R-B, R-K',
  breaks: 'software that manages devices, mounts filesystems or runs nested containers (Docker-in-Docker) fails until the capabilities and devices it needs are granted one by one',
  applies: (f, c) => f.certainty === 'definite' && c?.privileged?.value === true && c.privileged.origin.kind === 'file',
  container: (c, _f, ed) => !!removal(ed)?.removeKey('privileged', c.privileged!.origin, 'privileged mode', 'false'),
};
