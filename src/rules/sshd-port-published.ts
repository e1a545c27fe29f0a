/**
 * BW-0029 sshd-port-published: container port 22 published or exposed, a sign of an SSH daemon in the
 * container (CIS 5.7, R-G9).
 */
import { defineRule } from './types.js';

/** True if a port or range as written (`22`, `22/tcp`, `20-25`) includes port 22. */
export function includesPort22(spec: string): boolean {
  const m = /^(\d+)(?:-(\d+))?/.exec(spec.trim());
  if (!m) return false;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return lo <= 22 && 22 <= hi;
}

export default defineRule({
  meta: {
    id: 'BW-0029',
    slug: 'sshd-port-published',
    title: 'SSH port of the container published',
    severity: 'medium',
    attackClasses: ['R-K', 'R-S'],
    requirements: ['R-G9'],
    cis: { '1.6.0': ['5.7'] },
    paper: '§V.2.9',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      'Port 22 of the container is published or exposed, which usually means an SSH daemon runs inside it: one more service to patch, keys to manage and a login to brute-force. Use docker exec (or docker compose exec) to get a shell.',
    remediation: { kubernetes: '# remove the SSH port and server; use kubectl exec', compose: 'ports:\n  - "2222:22"   # remove; use: docker compose exec <service> sh', run: 'remove -p …:22; use: docker exec -it <container> sh' },
    breaks: 'Workflows that ssh into the container need docker exec instead; SFTP/git-over-SSH servers (Gitea, an SFTP service) legitimately serve port 22 and can keep it with a suppression.',
    fix: 'manual',
  },
  checkContainer(c, ctx) {
    for (const p of c.ports) {
      if (p.protocol !== 'tcp' || !includesPort22(p.containerPort)) continue;
      ctx.report({ message: `container port 22 published (host port ${p.hostPort ?? 'ephemeral'}): an SSH daemon in the container`, at: p.origin, data: { port: p.hostPort ?? '', containerPort: p.containerPort } });
    }
    for (const e of c.expose) {
      if (e.how === 'unresolved' || !includesPort22(e.value) || /\/(udp|sctp)$/.test(e.value)) continue;
      ctx.report({ message: 'container port 22 exposed: an SSH daemon in the container', at: e, data: { port: '', containerPort: e.value.replace(/\/tcp$/, '') } });
    }
  },
});
