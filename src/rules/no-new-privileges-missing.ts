/**
 * BW-0007 no-new-privileges-missing: no `no-new-privileges` security option, or set to false
 * (CIS 5.26, R-G7). Forms accepted: `no-new-privileges`, `no-new-privileges:true`, `=true`.
 */
import { defineRule } from './types.js';
import { isWindowsPod, securityOpts, unknownOptions, UNRESOLVED_NOTE } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0007',
    slug: 'no-new-privileges-missing',
    title: 'no-new-privileges not set',
    severity: 'medium',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G7'],
    cis: { '1.6.0': ['5.26'] },
    paper: '§V.2.7',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      'Without no-new-privileges a process in the container can gain privileges through setuid/setgid binaries or file capabilities (sudo, su, ping). Setting it makes execve never grant more than the caller had.',
    remediation: { kubernetes: 'securityContext:\n  allowPrivilegeEscalation: false', compose: 'security_opt:\n  - no-new-privileges:true', run: '--security-opt no-new-privileges:true', service: '# docker service create has no no-new-privileges option (no --security-opt): set it on every node\'s daemon,\n# /etc/docker/daemon.json: {"no-new-privileges": true}   (dockerd --no-new-privileges)' },
    breaks: 'Images that rely on setuid binaries (sudo, su, gosu started by a non-root user) can no longer switch users.',
    fix: 'safe',
  },
  checkContainer(c, ctx) {
    if (isWindowsPod(c)) return;
    const opts = securityOpts(c, 'no-new-privileges');
    const last = opts[opts.length - 1];
    if (!last) {
      // `docker inspect` output does not show the daemon's default (dockerd `--no-new-privileges`, daemon.json
      // "no-new-privileges": true applies to every container that does not set its own: moby daemon_unix.go
      // `parseSecurityOpt`), so from a file it is unknown; a live audit adds the daemon's setting to the container.
      if (c.source === 'inspect') {
        ctx.report({ message: "no-new-privileges is not set on the container, and the daemon's default (dockerd --no-new-privileges) is not known from this file: setuid binaries may raise privileges", at: c.unsetAt?.securityOpt, certainty: 'unknown', data: {} });
        return;
      }
      const what = c.source === 'kubernetes' ? 'allowPrivilegeEscalation: false is not set' : 'no-new-privileges is not set';
      ctx.report({ message: `${what}: setuid binaries can raise privileges${unknownOptions(c)?.note ?? ''}`, at: c.unsetAt?.securityOpt, certainty: unknownOptions(c)?.certainty, data: {} });
      return;
    }
    if (last.how === 'unresolved') {
      ctx.report({ message: `no-new-privileges: ${UNRESOLVED_NOTE}`, at: last.origin, certainty: 'unknown', data: { option: last.raw } });
      return;
    }
    const v = last.value.trim().toLowerCase();
    if (v === '' || v === 'true' || v === '1') return;
    // Kubernetes spells it `allowPrivilegeEscalation: true` (the ingester's `raw`): name the key the user wrote.
    const what = c.source === 'kubernetes' ? last.raw : `no-new-privileges is ${last.value}`;
    ctx.report({ message: `${what}: setuid binaries can raise privileges`, at: last.origin, data: { option: last.raw } });
  },
});
