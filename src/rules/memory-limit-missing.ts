/**
 * BW-0008 memory-limit-missing: no memory limit (`mem_limit`, `deploy.resources.limits.memory`,
 * `-m`/`--memory`), or `0` (unlimited). Units: bytes. CIS 5.11, R-D, R-G6.
 */
import { defineRule } from './types.js';
import { isEphemeralContainer, memoryLimit, unknownOptions, UNRESOLVED_NOTE } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0008',
    slug: 'memory-limit-missing',
    title: 'No memory limit',
    severity: 'medium',
    attackClasses: ['R-D'],
    requirements: ['R-D', 'R-G6'],
    cis: { '1.6.0': ['5.11'] },
    paper: '§IV.2, §V.2.6',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "Without a memory limit one container can use all of the host's memory and push its neighbours (and the daemon) into the OOM killer: a denial of service from a leak or an attacker.",
    remediation: { kubernetes: 'resources:\n  limits:\n    memory: 512Mi', compose: 'mem_limit: 512m   # or deploy.resources.limits.memory: 512M', run: '--memory 512m' },
    breaks: 'A limit set below the working set gets the container OOM-killed; measure first.',
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    if (isEphemeralContainer(c)) return;
    const m = c.resources.memory;
    switch (memoryLimit(c)) {
      case 'missing':
        ctx.report({ message: `no memory limit: the container may use all host memory${unknownOptions(c)?.note ?? ''}`, at: c.unsetAt?.memory, certainty: unknownOptions(c)?.certainty, data: {} });
        break;
      case 'unlimited':
        ctx.report({ message: 'memory limit is 0 (unlimited): the container may use all host memory', at: m, data: {} });
        break;
      case 'unknown':
        ctx.report({ message: `memory limit: ${UNRESOLVED_NOTE} whether it is set`, at: m, certainty: 'unknown', data: {} });
        break;
    }
  },
});
