/**
 * BW-0029 sshd-port-published: container port 22 published or exposed, a sign of an SSH daemon in the
 * container, or the container's command itself an SSH daemon (`/usr/sbin/sshd -D`) (CIS 5.7, R-G9).
 */
import type { ContainerSpec, Sourced } from '../model/types.js';
import { defineRule } from './types.js';

/** SSH server programs, by file name: OpenSSH `sshd`, Dropbear `dropbear`, tinysshd. */
const SSH_SERVER = /^(?:sshd|dropbear|tinysshd)$/;
/** Init wrappers that run the program named after their options (`tini -- cmd`, `dumb-init cmd`, docker-init). */
const INIT_WRAPPER = /^(?:tini|tini-static|dumb-init|docker-init|catatonit)$/;

const base = (w: string) => w.slice(w.lastIndexOf('/') + 1);

/**
 * The SSH server program the container runs, and the setting that names it: the program word of its process,
 * `Config.Entrypoint` then `Config.Cmd` (docker inspect `Path`/`Args` are these words; Compose `entrypoint` /
 * `command`, a `docker run` command), past an init wrapper (`tini --`) and through a `sh -c` script's commands.
 * `undefined` when the process is not an SSH server or its words are not known. CIS 1.6.0 5.7.
 */
export function sshServerCommand(c: Pick<ContainerSpec, 'entrypoint' | 'command'>): { program: string; at: Sourced<string[]> } | undefined {
  const parts = [c.entrypoint, c.command].filter((s): s is Sourced<string[]> => !!s && s.how !== 'unresolved');
  const words = parts.flatMap((s) => s.value.map((w) => ({ w, at: s })));
  let i = 0;
  while (i < words.length && INIT_WRAPPER.test(base(words[i].w))) {
    i++;
    while (i < words.length && words[i].w.startsWith('-')) if (words[i++].w === '--') break;
  }
  const first = words[i];
  if (!first) return undefined;
  if (SSH_SERVER.test(base(first.w))) return { program: first.w, at: first.at };
  // `sh -c "/usr/sbin/sshd -D"`, `bash -c 'ssh-keygen -A && exec /usr/sbin/sshd -D'`: a command word of the script.
  if (/^(?:sh|bash|ash|dash)$/.test(base(first.w)) && words[i + 1]?.w === '-c' && words[i + 2]) {
    for (const cmd of words[i + 2].w.split(/&&|\|\||[;&|\n]/)) {
      const ws = cmd.trim().split(/\s+/).filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
      const prog = ws[0] === 'exec' ? ws[1] : ws[0];
      if (prog && SSH_SERVER.test(base(prog))) return { program: prog, at: words[i + 2].at };
    }
  }
  return undefined;
}

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
      "Port 22 of the container is published or exposed, or the container's command is an SSH daemon (sshd, dropbear): one more service to patch, keys to manage and a login to brute-force. Use docker exec (or docker compose exec) to get a shell.",
    remediation: { kubernetes: '# remove the SSH port and server; use kubectl exec', compose: 'ports:\n  - "2222:22"   # remove; use: docker compose exec <service> sh', run: 'remove -p …:22; use: docker exec -it <container> sh', service: 'remove --publish …:22; use: docker exec -it <task container> sh on the node that runs it' },
    breaks: 'Workflows that ssh into the container need docker exec instead; SFTP/git-over-SSH servers (Gitea, an SFTP service) legitimately serve port 22 and can keep it with a suppression.',
    fix: 'manual',
  },
  checkContainer(c, ctx) {
    const ssh = sshServerCommand(c);
    if (ssh) ctx.report({ message: `the container's command runs an SSH daemon (${ssh.program})`, at: ssh.at, data: { program: ssh.program } });
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
