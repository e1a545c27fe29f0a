/**
 * BW-0012 writable-bind-mount: any other writable bind mount (not a sensitive path, a device or a
 * runtime socket): the container can change host files (R-B, R-G7 nosuid). Informational.
 */
import { defineRule } from './types.js';
import { bindKind, mountPathAsWritten, mountPathForMessage } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0012',
    slug: 'writable-bind-mount',
    title: 'Writable bind mount',
    severity: 'info',
    attackClasses: ['R-B'],
    requirements: ['R-B', 'R-G7'],
    cis: { '1.6.0': ['5.6'] },
    paper: '§IV.3, §V.2.7',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      'A writable bind mount lets the container change files on the host; without nosuid, a setuid binary planted there by container root runs as root on the host. Prefer read-only binds or named volumes.',
    remediation: {
      kubernetes: 'volumeMounts:\n  - name: data\n    mountPath: /data\n    readOnly: true',
      compose: 'volumes:\n  - ./config:/config:ro   # or a named volume: - appdata:/config',
      run: '-v "$PWD/config":/config:ro   # or a named volume: -v appdata:/config',
      service: '--mount type=bind,source=/srv/app/config,target=/config,readonly   # or a named volume: --mount type=volume,source=appdata,target=/config',
    },
    breaks: 'Software that writes to the directory fails once it is read-only; use a named volume for data it must write.',
    fix: 'manual',
  },
  checkContainer(c, ctx) {
    for (const m of c.mounts) {
      if (m.readOnly || bindKind(m, c.engine) !== 'plain') continue;
      const path = mountPathAsWritten(m);
      ctx.report({ message: `host path ${mountPathForMessage(m)} mounted writable at ${m.target}`, at: m.origin, data: { path, mode: 'rw', target: m.target } });
    }
  },
});
