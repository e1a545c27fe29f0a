/**
 * BW-0306 host-file-perms: a Docker configuration file or directory has an owner or mode other than CIS
 * Docker Benchmark 1.6.0 section 3 asks: docker.service and docker.socket units (3.1–3.4), /etc/docker
 * (3.5, 3.6), registry certificates (3.7, 3.8), TLS CA, certificate and key (3.9–3.14), daemon.json
 * (3.17, 3.18), /etc/default/docker (3.19, 3.20), /etc/sysconfig/docker (3.21, 3.22). Sockets: BW-0305.
 */
import { FILE_EXPECTATIONS, fileFix, fileProblems } from '../live/host/expect.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'BW-0306',
    slug: 'host-file-perms',
    title: 'Docker configuration file has loose ownership or permissions',
    severity: 'medium',
    attackClasses: ['R-B', 'R-M'],
    requirements: ['R-B', 'R-M', 'R-G2'],
    cis: { '1.6.0': ['3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.17', '3.18', '3.19', '3.20', '3.21', '3.22'] },
    paper: '§IV.3, §V.2.2',
    inputs: ['host'],
    description:
      'Whoever can write dockerd\'s unit files, /etc/docker or daemon.json decides how the next dockerd runs (its flags, a TCP listener without TLS, an authorization plugin) and so owns the host; whoever can read the TLS key can impersonate the daemon to its clients (R-M). CIS section 3 asks for `root:root` and at most 644 for units and configuration files, 755 for /etc/docker, 444 for certificates and 400 for the server key. Files that do not exist are not checked, as in docker-bench-security.',
    remediation: { host: 'chown root:root /etc/docker/daemon.json && chmod 644 /etc/docker/daemon.json   # 444 for certificates, 400 for the TLS key, 755 for /etc/docker' },
    breaks: 'Tools that edit these files as a non-root user need sudo.',
    fix: 'manual',
  },
  checkHost(h, ctx) {
    for (const f of h.files) {
      if (!f.role || f.role === 'docker.sock' || f.role === 'containerd.sock' || !f.exists) continue;
      const e = FILE_EXPECTATIONS[f.role];
      for (const p of fileProblems(f, e)) {
        const keyReadable = f.role === 'tls-key' && p.kind === 'mode' && ((f.mode ?? 0) & 0o044) !== 0;
        ctx.report({
          message:
            p.kind === 'owner'
              ? `${e.name} ${f.path} is owned by ${p.actual}, not ${p.expected} (CIS ${p.cis})`
              : `${e.name} ${f.path} has mode ${p.actual}, more permissive than ${p.expected} (CIS ${p.cis})`,
          at: f.origin,
          severity: keyReadable ? 'high' : undefined,
          data: { path: f.path, [p.kind === 'owner' ? 'owner' : 'mode']: p.actual, expected: p.expected, cis: p.cis },
          fix: fileFix(f, e, p.kind),
        });
      }
    }
    for (const u of h.unknown) {
      if (!u.what.startsWith('file:') || u.what.endsWith('.sock')) continue;
      ctx.report({ message: `could not check ${u.what.slice(5)}: ${u.why}`, at: u.origin, certainty: 'unknown', severity: 'info', data: { path: u.what.slice(5) } });
    }
  },
});
