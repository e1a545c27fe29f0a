/**
 * BW-0308 host-data-root-partition: Docker's data root is not on a separate partition (CIS Docker
 * Benchmark 1.6.0 1.1.1). Containers that fill the data root then fill the host's root filesystem. R-D.
 */
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'BW-0308',
    slug: 'host-data-root-partition',
    title: "Docker's data root is not on a separate partition",
    severity: 'low',
    attackClasses: ['R-D'],
    requirements: ['R-D', 'R-G6'],
    cis: { '1.6.0': ['1.1.1'] },
    paper: '§IV.2, §V.2.6',
    inputs: ['host'],
    description:
      'Images, container layers, volumes and logs live under the data root (`/var/lib/docker` by default). On the root filesystem, a container that writes without limit — or a flood of pulled images — fills the host\'s disk and stops the host\'s own services (denial of service, R-D). CIS 1.1.1 asks for a separate partition. bulwark reads `/proc/self/mountinfo` and looks for a mount at the data root or a parent other than `/`.',
    remediation: { host: 'create a partition or logical volume for /var/lib/docker (or set "data-root" in daemon.json to a mount), move the data with dockerd stopped, and add it to /etc/fstab' },
    breaks: 'Moving the data root needs the engine stopped while the data is copied.',
    fix: 'manual',
  },
  checkHost(h, ctx) {
    const m = h.dataRootMount;
    if (!m) {
      const u = h.unknown.find((x) => x.what === 'data-root');
      ctx.report({ message: `data root mount unknown, CIS 1.1.1 not checked: ${u?.why ?? 'not read'}`, at: u?.origin, certainty: 'unknown', severity: 'info', data: {} });
      return;
    }
    if (m.separate) return;
    ctx.report({ message: `data root ${m.dataRoot} is on the root filesystem (mount point ${m.mountPoint}), not a separate partition`, at: m.origin, data: { path: m.dataRoot, mountPoint: m.mountPoint } });
  },
});
