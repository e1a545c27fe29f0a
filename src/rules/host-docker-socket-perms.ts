/**
 * BW-0305 host-docker-socket-perms: the Docker socket is not `root:docker` with mode 660 or more
 * restrictive (CIS Docker Benchmark 1.6.0 3.15, 3.16), or the containerd socket is not `root:root` 660
 * (3.23, 3.24). Anyone who can write to either socket is root on the host. R-B (paper §IV.3).
 */
import { FILE_EXPECTATIONS, fileFix, fileProblems } from '../live/host/expect.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'BW-0305',
    slug: 'host-docker-socket-perms',
    title: 'Docker or containerd socket has loose ownership or permissions',
    severity: 'high',
    attackClasses: ['R-B'],
    requirements: ['R-B', 'R-G13'],
    cis: { '1.6.0': ['3.15', '3.16', '3.23', '3.24'] },
    paper: '§IV.3',
    inputs: ['host'],
    description:
      'The Docker API on its unix socket gives whoever can connect full control of the engine, and so root on the host (start a privileged container that mounts `/`). The socket must be owned by `root:docker` with mode 660 or stricter (CIS 3.15, 3.16), so that only root and members of the docker group — who are root-equivalent and should be few — can use it; the containerd socket must be `root:root` 660 (3.23, 3.24). A world-writable socket is critical.',
    remediation: { host: 'chown root:docker /var/run/docker.sock && chmod 660 /var/run/docker.sock   # and SocketMode=0660, SocketGroup=docker in docker.socket' },
    breaks: 'Users who are not in the docker group lose access to the engine (which is the point).',
    fix: 'manual',
  },
  checkHost(h, ctx) {
    for (const f of h.files) {
      if (f.role !== 'docker.sock' && f.role !== 'containerd.sock') continue;
      const e = FILE_EXPECTATIONS[f.role];
      if (!f.exists) {
        // A running engine has its socket; a missing containerd socket just means containerd listens elsewhere.
        if (f.role === 'docker.sock')
          ctx.report({ message: `${e.name} not found at ${f.path}: its ownership and permissions were not checked`, at: f.origin, certainty: 'unknown', severity: 'info', data: { path: f.path, cis: `${e.cisOwner},${e.cisMode}` } });
        continue;
      }
      for (const p of fileProblems(f, e)) {
        const worldWritable = p.kind === 'mode' && ((f.mode ?? 0) & 0o002) !== 0;
        // root:root where root:docker is asked: only root can use the engine, stricter than CIS 3.15 (still its fail).
        const stricter = p.kind === 'owner' && p.actual === 'root:root';
        ctx.report({
          message:
            p.kind === 'owner'
              ? `${e.name} ${f.path} is owned by ${p.actual}, not ${p.expected} (CIS ${p.cis})${stricter ? ': stricter than the benchmark asks (only root can use the engine)' : ''}`
              : `${e.name} ${f.path} has mode ${p.actual}, more permissive than ${p.expected}${worldWritable ? ': any local user can control the engine' : ''} (CIS ${p.cis})`,
          at: f.origin,
          severity: worldWritable ? 'critical' : stricter ? 'low' : undefined,
          data: { path: f.path, [p.kind === 'owner' ? 'owner' : 'mode']: p.actual, expected: p.expected, cis: p.cis },
          fix: fileFix(f, e, p.kind),
        });
      }
    }
    for (const u of h.unknown) {
      if (u.what.startsWith('file:') && u.what.endsWith('.sock'))
        ctx.report({ message: `could not check ${u.what.slice(5)}: ${u.why}`, at: u.origin, certainty: 'unknown', severity: 'info', data: { path: u.what.slice(5) } });
    }
  },
});
