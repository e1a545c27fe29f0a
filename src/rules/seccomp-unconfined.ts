/**
 * BW-0021 seccomp-unconfined: `seccomp=unconfined` / `seccomp:unconfined` (CIS 5.22, R-G12). No
 * security option at all means Docker's default profile, which is not a finding.
 *
 * A profile given inline (`docker inspect` and the Engine API show `seccomp=<the profile's JSON>`: the docker CLI
 * reads the file and sends its content) is judged by its content: a `defaultAction` that lets a syscall through
 * (`SCMP_ACT_ALLOW`, `SCMP_ACT_LOG`) with no rule that stops one is no filter at all (high, as unconfined);
 * with rules that stop some it is a deny list, weaker than Docker's default profile, which stops every syscall
 * it does not name (medium). A profile file named by a Compose file or a run line (`seccomp=./profile.json`, which
 * the client reads and sends as that JSON) is judged the same way when the ingester could read it
 * (`SecurityOpt.profile`). Source: Docker docs "Seccomp security profiles for Docker"; moby profiles/seccomp
 * (`defaultAction`, `syscalls[].action`); libseccomp actions.
 */
import { defineRule } from './types.js';
import { effectiveSecurityOpts, UNRESOLVED_NOTE } from './util/container.js';
import { inlineProfile } from './util/seccomp.js';

/**
 * An unresolved `seccomp=` value that is a file path: a variable followed by a `/` or `\` path (`$PWD/x.json`,
 * `${DIR}/profiles/default.json`), or one ending in `.json`. `unconfined` and inline JSON are neither.
 */
const PROFILE_PATH = /^(?:\$\{?[A-Za-z_][A-Za-z0-9_]*(?::?-[^}]*)?\}?|\$\([^)]*\))[\\/][^{}]*$|\.json$/i;

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
      compose: 'security_opt:\n  - seccomp=unconfined   # remove (Docker\'s default profile applies); or name a profile whose defaultAction stops what it does not allow: seccomp=./seccomp.json',
      run: 'remove --security-opt seccomp=unconfined, or an allow-everything profile (Docker\'s default profile applies); or name a profile whose defaultAction stops what it does not allow: --security-opt seccomp=./seccomp.json',
    },
    breaks: 'Software that needs a blocked syscall (some debuggers, old glibc clone3 fallbacks, nested containers) fails until a custom profile allows it.',
    fix: 'safe',
    superseded:
      "The paper asks for the LXC driver (docker -d -e lxc) to get syscall filtering. The LXC driver was removed in Docker 1.10; seccomp is built in and on by default, so bulwark checks that the default profile is not disabled.",
  },
  checkContainer(c, ctx) {
    for (const o of effectiveSecurityOpts(c, 'seccomp')) {
      if (o.how === 'unresolved' && PROFILE_PATH.test(o.value.trim())) {
        // `seccomp=$PWD/seccomp.json`, `seccomp=${CONFIG_DIR}/profile.json`: a file, never `unconfined`; only
        // its content (unknown: the path is not) could make it no filter.
        ctx.report({
          message: `seccomp profile file ${o.value.trim()}: ${UNRESOLVED_NOTE} which file it is, so its content (a profile that allows every syscall is no filter) is not judged`,
          at: o.origin,
          certainty: 'unknown',
          severity: 'low',
          data: { option: o.raw },
        });
      } else if (o.how === 'unresolved') {
        ctx.report({ message: `seccomp profile: ${UNRESOLVED_NOTE} whether it is unconfined`, at: o.origin, certainty: 'unknown', data: { option: o.raw } });
      } else if (o.value.trim().toLowerCase() === 'unconfined') {
        ctx.report({ message: `seccomp disabled (${o.raw}): every syscall reaches the host kernel`, at: o.origin, data: { option: o.raw } });
      } else {
        const p = inlineProfile(o.profile?.text ?? o.value);
        if (!p?.permissive) continue;
        const option = o.profile ? o.raw : 'seccomp=<inline profile>';
        const what = o.profile ? `seccomp profile ${o.profile.file}` : 'seccomp profile';
        if (p.stopping === 0)
          ctx.report({ message: `${what} allows every syscall (defaultAction ${p.defaultAction}, no rule stops one): no filter, as with seccomp=unconfined`, at: o.origin, data: { option } });
        else
          ctx.report({
            message: `${what} allows every syscall it does not name (defaultAction ${p.defaultAction}; ${p.stopping === 1 ? '1 rule stops' : `${p.stopping} rules stop`} some): a deny list, weaker than Docker's default profile, which stops every syscall it does not allow`,
            at: o.origin,
            severity: 'medium',
            data: { option },
          });
      }
    }
  },
});
