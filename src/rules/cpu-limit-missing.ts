/**
 * BW-0009 cpu-limit-missing: none of `cpus` (nanoCPUs), `cpu_quota`, `cpu_shares` (other than the
 * default 1024) or `cpuset` is set (CIS 5.12, R-D, R-G6).
 */
import { defineRule } from './types.js';
import { cpuLimit, isEphemeralContainer, unknownOptions, UNRESOLVED_NOTE } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0009',
    slug: 'cpu-limit-missing',
    title: 'No CPU limit',
    severity: 'low',
    attackClasses: ['R-D'],
    requirements: ['R-D', 'R-G6'],
    cis: { '1.6.0': ['5.12'] },
    paper: '§IV.2, §V.2.6',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      'Without a CPU limit (cpus, cpu_quota, cpu_shares or cpuset) one busy or compromised container can starve the others on the host.',
    remediation: { kubernetes: 'resources:\n  limits:\n    cpu: 500m', compose: 'cpus: 1.0   # or deploy.resources.limits.cpus: "1.0"', run: '--cpus 1.0', service: '--limit-cpu 1' },
    breaks: 'CPU-heavy work runs slower when it reaches the limit.',
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    if (isEphemeralContainer(c)) return;
    const { state, at } = cpuLimit(c);
    if (state === 'missing') ctx.report({ message: `no CPU limit: the container may use every CPU of the host${unknownOptions(c)?.note ?? ''}`, at: c.unsetAt?.nanoCpus, certainty: unknownOptions(c)?.certainty, data: {} });
    else if (state === 'unlimited') ctx.report({ message: 'CPU limit set to no limit (0 or the default share 1024)', at, data: {} });
    else if (state === 'unknown') ctx.report({ message: `CPU limit: ${UNRESOLVED_NOTE} whether it is set`, at, certainty: 'unknown', data: {} });
  },
});
