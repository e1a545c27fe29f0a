/**
 * BW-0011 sensitive-host-mount: a bind mount of a sensitive host path (`/`, `/etc`, `/proc`, `/sys`,
 * `/dev`, `/root`, `/home`, `/boot`, `/usr`, `/lib`, `/var/lib/docker`, `/var/log`, `/var/spool`, `/run`…).
 * Named volumes and tmpfs are never host mounts; runtime sockets are BW-0013's. CIS 5.6, R-B.
 */
import { defineRule } from './types.js';
import { bindKind, classifiedHostPath, engineDataRootRisk, hostPathRisk, mountMode, mountPathAsWritten, mountPathForMessage, UNRESOLVED_NOTE } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0011',
    slug: 'sensitive-host-mount',
    title: 'Sensitive host path mounted',
    severity: 'high',
    attackClasses: ['R-B', 'R-S'],
    requirements: ['R-B', 'R-S'],
    cis: { '1.6.0': ['5.6'] },
    paper: '§IV.3, §V.2.7',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "Bind-mounting system directories of the host gives the container the host's credentials (/etc/shadow, SSH keys), its kernel interfaces (/proc, /sys), its devices or the runtime's state. Writable, it is a direct path to code execution on the host (cron spools, /etc, binaries); read-only, it still leaks secrets.",
    remediation: {
      kubernetes: '# mount only the file needed, read-only, or use a ConfigMap / Secret volume\nvolumeMounts:\n  - name: config\n    mountPath: /etc/myapp\n    readOnly: true',
      compose: 'volumes:\n  - /etc/myapp:/etc/myapp:ro   # mount only the file or directory needed, read-only',
      run: '-v /etc/myapp:/etc/myapp:ro   # mount only the file or directory needed, read-only',
      service: '--mount type=bind,source=/etc/myapp,target=/etc/myapp,readonly   # mount only the file or directory needed, read-only',
    },
    breaks: 'Monitoring agents that read the host (/proc, /sys) lose that view; software that writes to the mount fails once it is read-only.',
    fix: 'safe',
  },
  checkContainer(c, ctx) {
    for (const m of c.mounts) {
      const kind = bindKind(m, c.engine);
      const path = mountPathAsWritten(m);
      const mode = mountMode(m);
      const data = { path, mode, target: m.target };
      if (kind === 'unresolved') {
        ctx.report({ message: `host path ${path} mounted ${mode} at ${m.target}: ${UNRESOLVED_NOTE} which host path it is`, at: m.origin, certainty: 'unknown', severity: 'info', data });
        continue;
      }
      if (kind !== 'sensitive') continue;
      const p = classifiedHostPath(m);
      const risk = (hostPathRisk(p) ?? engineDataRootRisk(p, c.engine))!;
      const severity = mode === 'rw' ? risk.rw : risk.ro;
      const how = mode === 'rw' ? 'writable' : 'read-only';
      ctx.report({ message: `host path ${mountPathForMessage(m)} mounted ${how} at ${m.target}: ${risk.why}`, at: m.origin, severity, data });
    }
  },
});
