/**
 * BW-0014 mount-propagation-shared: a bind mount with `shared` or `rshared` propagation, so mounts
 * made in the container appear on the host (CIS 5.20, R-B).
 */
import { defineRule } from './types.js';
import { mountPathAsWritten } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0014',
    slug: 'mount-propagation-shared',
    title: 'Mount propagation shared',
    severity: 'medium',
    attackClasses: ['R-B'],
    requirements: ['R-B'],
    cis: { '1.6.0': ['5.20'] },
    paper: '§IV.3',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      'With shared propagation, mounts the container makes below the bind appear on the host and in other containers: a container can mount over host paths.',
    remediation: {
      kubernetes: 'volumeMounts:\n  - name: data\n    mountPath: /data\n    mountPropagation: None   # not Bidirectional',
      compose: 'volumes:\n  - type: bind\n    source: /data\n    target: /data\n    bind:\n      propagation: rslave   # or remove the option (rprivate)',
      run: '--mount type=bind,source=/data,target=/data,bind-propagation=rslave',
      service: '--mount type=bind,source=/data,target=/data,bind-propagation=rslave   # or remove the option (rprivate)',
    },
    breaks: 'Software that must publish mounts back to the host (CSI node plugins) stops doing so.',
    fix: 'manual',
  },
  checkContainer(c, ctx) {
    for (const m of c.mounts) {
      if (m.propagation !== 'shared' && m.propagation !== 'rshared') continue;
      ctx.report({
        message: `mount ${mountPathAsWritten(m)} at ${m.target} has ${m.propagationRaw ?? m.propagation} propagation${m.propagationRaw ? ` (${m.propagation})` : ''}: mounts made in the container appear on the host`,
        at: m.propagationOrigin ?? m.origin,
        data: { path: mountPathAsWritten(m), propagation: m.propagation, target: m.target },
      });
    }
  },
});
