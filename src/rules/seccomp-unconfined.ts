/**
 * BW-0021 seccomp-unconfined: `seccomp=unconfined` / `seccomp:unconfined` (CIS 5.22, R-G12). No
 * security option at all means Docker's default profile, which is not a finding.
 */
import { defineRule } from './types.js';
import { securityOpts, UNRESOLVED_NOTE } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0021',
    slug: 'seccomp-unconfined',
    title: 'Seccomp disabled',
    severity: 'high',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G12'],
    cis: { '1.6.0': ['5.22'] },
    paper: '§V.2.12',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "Docker's default seccomp profile blocks about 44 syscalls that containers do not need (keyctl, add_key, kexec, open_by_handle_at, userfaultfd without privileges, …) and most kernel exploits go through such rarely used syscalls. seccomp=unconfined removes that filter.",
    remediation: {
      kubernetes: 'securityContext:\n  seccompProfile:\n    type: RuntimeDefault   # or Localhost with localhostProfile',
      compose: 'security_opt:\n  - seccomp=unconfined   # remove; or give a custom profile: seccomp=./seccomp.json',
      run: 'remove --security-opt seccomp=unconfined (or use --security-opt seccomp=./seccomp.json)',
    },
    breaks: 'Software that needs a blocked syscall (some debuggers, old glibc clone3 fallbacks, nested containers) fails until a custom profile allows it.',
    fix: 'safe',
    superseded:
      "The paper asks for the LXC driver (docker -d -e lxc) to get syscall filtering. The LXC driver was removed in Docker 1.10; seccomp is built in and on by default, so bulwark checks that the default profile is not disabled.",
  },
  checkContainer(c, ctx) {
    for (const o of securityOpts(c, 'seccomp')) {
      if (o.how === 'unresolved') {
        ctx.report({ message: `seccomp profile: ${UNRESOLVED_NOTE} whether it is unconfined`, at: o.origin, certainty: 'unknown', data: { option: o.raw } });
      } else if (o.value.trim().toLowerCase() === 'unconfined') {
        ctx.report({ message: `seccomp disabled (${o.raw}): every syscall reaches the host kernel`, at: o.origin, data: { option: o.raw } });
      }
    }
  },
});
