/**
 * BW-0210 daemon-storage-driver: the aufs or devicemapper storage driver, or a changed devicemapper base
 * device size (`dm.basesize`) (CIS Docker Benchmark 1.6.0 2.6 and 2.11; 1.8.0 2.6, 2.7 and 2.12; paper
 * §V.2.6; R-K, R-G6).
 */
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS } from './daemon-common.js';

export default defineRule({
  meta: {
    id: 'BW-0210',
    slug: 'daemon-storage-driver',
    title: 'Deprecated storage driver (aufs, devicemapper) or changed base device size',
    severity: 'medium',
    attackClasses: ['R-K', 'R-D'],
    requirements: ['R-K', 'R-G6'],
    cis: { '1.6.0': ['2.6', '2.11'], '1.8.0': ['2.6', '2.7', '2.12'] },
    paper: '§V.2.6',
    inputs: DAEMON_INPUTS,
    description:
      'aufs is an out-of-tree kernel patch set known for kernel crashes, and devicemapper (loop-lvm especially) for poor isolation and performance; both were removed from Docker Engine (aufs in 24, devicemapper in 25). overlay2 is the supported driver. A changed dm.basesize gives every container a larger writable layer than needed.',
    remediation: daemonFix('"storage-driver": "overlay2"; remove dm.basesize from "storage-opts"', '--storage-driver=overlay2 (remove --storage-opt dm.basesize=…)'),
    breaks: 'Changing the storage driver hides existing images and containers (they stay under the old driver\'s directory): export what you need first.',
    fix: 'manual',
    superseded:
      'The paper (and CIS 1.6.0 2.11) tune devicemapper with --storage-opt dm.basesize; devicemapper was removed in Docker 25. Per-container size limits are now --storage-opt size= on overlay2 over xfs with project quotas. CIS 1.8.0 adds 2.7: devicemapper is not used.',
  },
  checkDaemon(d, ctx) {
    const s = d.storageDriver;
    if (s && (s.value === 'aufs' || s.value === 'devicemapper')) {
      ctx.report({
        message: `storage driver ${s.value} is deprecated and removed from current Docker Engine (${s.value === 'aufs' ? 'since 24' : 'since 25'}); use overlay2`,
        at: s,
        certainty: certaintyOf(s),
        data: { driver: s.value },
      });
    }
    for (const o of d.storageOpts) {
      if (!/^dm\.basesize=/i.test(o.value)) continue;
      ctx.report({ message: `${o.value}: the base device size of every container is changed`, at: o, severity: 'info', certainty: certaintyOf(o), data: { option: o.value } });
    }
  },
});
