/**
 * BW-0216 daemon-cgroup-parent: a non-default cgroup parent is set for all containers (CIS Docker
 * Benchmark 1.6.0 2.10, 1.8.0 2.11; paper §V.2.6; R-D). Informational: confirm the parent cgroup has the
 * limits intended.
 */
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS } from './daemon-common.js';

export default defineRule({
  meta: {
    id: 'BW-0216',
    slug: 'daemon-cgroup-parent',
    title: 'Default cgroup parent changed',
    severity: 'info',
    attackClasses: ['R-D'],
    requirements: ['R-D', 'R-G6'],
    cis: { '1.6.0': ['2.10'], '1.8.0': ['2.11'] },
    paper: '§V.2.6',
    inputs: DAEMON_INPUTS,
    description: 'Every container\'s cgroup is created under this parent instead of Docker\'s own (/docker or system.slice), so the parent\'s limits and accounting apply to all containers together. Confirm that is intended.',
    remediation: daemonFix('remove "cgroup-parent" unless the parent cgroup is meant', 'remove --cgroup-parent'),
    breaks: 'Tools that expect containers under the parent cgroup.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    const c = d.cgroupParent;
    if (!c || c.value.trim() === '') return;
    ctx.report({ message: `containers are placed under cgroup parent ${c.value}: confirm its limits are intended`, at: c, certainty: certaintyOf(c), data: { cgroupParent: c.value } });
  },
});
