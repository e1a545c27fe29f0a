/**
 * BW-0006 root-filesystem-writable (CIS 5.13, R-K, R-S): `read_only: true` plus tmpfs mounts for the
 * profile's paths (default /tmp and /run) that are not mounted already. Unsafe: software writing
 * elsewhere in its image fails.
 */
import type { Fix } from '../types.js';

/** The fix. */
export const readOnlyRoot: Fix = {
  ruleId: 'BW-0006',
  slug: 'root-filesystem-writable',
  applicability: 'unsafe',
  title: 'make the root filesystem read-only, with tmpfs on /tmp and /run',
  attack: 'an intruder persisting or replacing binaries and configuration in the container — R-K, R-S',
  breaks: 'software that writes outside /tmp, /run and its volumes (caches, pid files, logs under /var) fails with EROFS; add a volume or tmpfs there',
  applies: (f) => f.certainty === 'definite',
  container(c, _f, ed, p) {
    if (!ed.setScalar('readOnly', 'true', c.readOnlyRootfs)) return false;
    const mounted = new Set(c.mounts.map((m) => m.target.replace(/\/+$/, '')));
    return ed.addTmpfs(p.tmpfs.filter((t) => !mounted.has(t)));
  },
};
