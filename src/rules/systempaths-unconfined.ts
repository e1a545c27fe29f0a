/**
 * BW-0024 systempaths-unconfined: `systempaths=unconfined` unmasks /proc and /sys paths Docker hides
 * (/proc/kcore, /proc/sys, /sys/firmware…) (R-B).
 */
import { defineRule } from './types.js';
import { securityOpts, UNRESOLVED_NOTE } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0024',
    slug: 'systempaths-unconfined',
    title: 'Masked system paths exposed',
    severity: 'high',
    attackClasses: ['R-B', 'R-K'],
    requirements: ['R-B'],
    cis: {},
    paper: '§IV.3',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      'Docker masks and mounts read-only parts of /proc and /sys (/proc/kcore, /proc/sysrq-trigger, /proc/sys, /sys/firmware). systempaths=unconfined removes those masks: container root can then write kernel tunables such as /proc/sys/kernel/core_pattern, a known breakout.',
    remediation: {
      kubernetes: 'securityContext:\n  procMount: Default   # not Unmasked',
      compose: 'security_opt:\n  - systempaths=unconfined   # remove',
      run: 'remove --security-opt systempaths=unconfined',
    },
    breaks: 'Nested container runtimes that need an unmasked /proc (rootless BuildKit, Sysbox-less Docker-in-Docker) stop working.',
    fix: 'safe',
  },
  checkContainer(c, ctx) {
    for (const o of securityOpts(c, 'systempaths')) {
      if (o.how === 'unresolved') ctx.report({ message: `systempaths: ${UNRESOLVED_NOTE} whether masked paths are exposed`, at: o.origin, certainty: 'unknown', data: { option: o.raw } });
      else if (o.value.trim().toLowerCase() === 'unconfined')
        ctx.report({ message: `masked /proc and /sys paths exposed (${o.raw}): kernel tunables such as core_pattern become writable`, at: o.origin, data: { option: o.raw } });
    }
  },
});
