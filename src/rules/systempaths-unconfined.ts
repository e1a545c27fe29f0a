/**
 * BW-0024 systempaths-unconfined: `systempaths=unconfined` (Docker) or `unmask=ALL` / `unmask=<paths>`
 * (Podman, podman-run(1) "--security-opt") unmasks /proc and /sys paths the runtime hides
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
    // Podman's spelling (podman-run(1) `--security-opt unmask=ALL` or `unmask=/proc/sys:/proc/kcore`, shell globs
    // allowed): the named paths lose their default mask; ALL is systempaths=unconfined.
    for (const o of securityOpts(c, 'unmask')) {
      if (o.how === 'unresolved') {
        ctx.report({ message: `unmask: ${UNRESOLVED_NOTE} which masked paths are exposed`, at: o.origin, certainty: 'unknown', data: { option: o.raw } });
        continue;
      }
      const paths = o.value.split(':').map((x) => x.trim()).filter((x) => x !== '');
      if (paths.length === 0) continue;
      const all = paths.some((x) => x.toUpperCase() === 'ALL');
      const what = all ? 'all masked /proc and /sys paths' : `masked paths ${paths.join(', ')}`;
      ctx.report({ message: `${what} exposed (${o.raw}): kernel tunables such as core_pattern may become writable`, at: o.origin, data: { option: o.raw } });
    }
  },
});
