/**
 * BW-0006 root-filesystem-writable (CIS 5.13, R-K, R-S): `read_only: true` plus tmpfs mounts for the
 * profile's paths (default /tmp and /run) that are not mounted already, writable by the container's user
 * (`mode=1777,uid=…,gid=…`: docker run reference `--tmpfs`, compose-spec `tmpfs`). Unsafe: software writing
 * elsewhere in its image fails.
 */
import type { ContainerSpec } from '../../model/types.js';
import type { Fix, HardenProfile } from '../types.js';

/**
 * The uid and gid the container runs as once hardened: its own numeric `user` (`1000`, `1000:1000`), or the
 * profile's numeric user when it runs as root or names none (BW-0004/BW-0005's fix, unsafe like this one, sets it).
 * Undefined for a user name (its ids are in the image's /etc/passwd) or root kept as root.
 */
export function runtimeIds(c: ContainerSpec, profile: HardenProfile): { uid: string; gid?: string } | undefined {
  const ids = (u: string) => /^(\d+)(?::(\d+))?$/.exec(u.trim());
  const own = c.user && c.user.how !== 'unresolved' ? c.user.value.trim() : '';
  const root = own === '' || /^(0|root)(:.*)?$/.test(own);
  const m = root ? ids(profile.user) : ids(own);
  if (!m || m[1] === '0') return undefined;
  return { uid: m[1], gid: m[2] };
}

/**
 * The tmpfs options for a non-root container: `mode=1777`, and `uid=`/`gid=` of the user it runs as. A tmpfs mounted
 * over a directory of the image takes that directory's mode on runc before 1.1.8, mode= or not (runc #3911, fixed by
 * #3912/#3916; checked on runc 1.1.5): over the usual root-owned 0755 /run a non-root user could not write. The owner
 * makes it writable there too; mode=1777 makes it writable by any user on a runc that honours it.
 */
function tmpfsOptions(c: ContainerSpec, profile: HardenProfile): string {
  const ids = runtimeIds(c, profile);
  return ['mode=1777', ...(ids ? [`uid=${ids.uid}`, ...(ids.gid !== undefined ? [`gid=${ids.gid}`] : [])] : [])].join(',');
}

/** The fix. */
export const readOnlyRoot: Fix = {
  ruleId: 'BW-0006',
  slug: 'root-filesystem-writable',
  applicability: 'unsafe',
  title: 'make the root filesystem read-only, with tmpfs on /tmp and /run',
  attack: 'an intruder persisting or replacing binaries and configuration in the container — R-K, R-S',
  breaks:
    'software that writes outside /tmp, /run and its volumes (caches, pid files, logs under /var) fails with EROFS; add a volume or tmpfs there. ' +
    'The tmpfs mounts are mode 1777 and owned by the numeric user the container runs as (runc before 1.1.8 gives a tmpfs the mode of the directory it covers); a user given by name gets mode=1777 only, so on such a runc give them uid=,gid= by hand',
  applies: (f) => f.certainty === 'definite',
  container(c, _f, ed, p) {
    if (!ed.setScalar('readOnly', 'true', c.readOnlyRootfs)) return false;
    const mounted = new Set(c.mounts.map((m) => m.target.replace(/\/+$/, '')));
    const paths = p.tmpfs.filter((t) => !mounted.has(t));
    // Kubernetes: memory-backed emptyDir volumes, world-writable (0777) whatever the image has there.
    if (ed.kind === 'kubernetes') return ed.addTmpfs(paths);
    const opts = tmpfsOptions(c, p);
    return ed.addTmpfs(paths.map((t) => `${t}:${opts}`));
  },
};
