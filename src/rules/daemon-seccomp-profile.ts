/**
 * BW-0214 daemon-seccomp-profile: the daemon-wide seccomp profile is `unconfined` (CIS Docker Benchmark
 * 1.6.0 2.17, 1.8.0 2.18; paper §V.2.12; R-K, R-G12). None (Docker's built-in default) passes; so does a custom
 * profile, unless a live audit of a local engine could read it and it lets every syscall through (`defaultAction`
 * ALLOW or LOG: high with no rule that stops a syscall, medium for a deny list; see util/seccomp.ts).
 */
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS } from './daemon-common.js';
import { inlineProfile } from './util/seccomp.js';

export default defineRule({
  meta: {
    id: 'BW-0214',
    slug: 'daemon-seccomp-profile',
    title: 'Seccomp disabled for all containers',
    severity: 'high',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G12'],
    cis: { '1.6.0': ['2.17'], '1.8.0': ['2.18'] },
    paper: '§V.2.12',
    inputs: DAEMON_INPUTS,
    description:
      'Docker\'s default seccomp profile blocks about 44 system calls (kexec_load, open_by_handle_at, keyctl, userfaultfd, mount without CAP_SYS_ADMIN…) that kernel exploits and breakouts use. A daemon-wide profile of "unconfined" removes that filter from every container that does not set its own.',
    remediation: daemonFix('remove "seccomp-profile", or point it at a profile file', 'remove --seccomp-profile=unconfined'),
    breaks: 'Containers that needed the unconfined profile must now set --security-opt seccomp=<profile> themselves.',
    fix: 'manual',
    superseded: 'The paper\'s LXC-driver era had no seccomp; it is built in and on by default today, so bulwark checks that the default is not switched off.',
  },
  checkDaemon(d, ctx) {
    const s = d.seccompProfile;
    if (!s) return;
    if (s.value.trim().toLowerCase() === 'unconfined') {
      ctx.report({ message: 'seccomp profile is unconfined for every container: the default system-call filter is off', at: s, certainty: certaintyOf(s), data: { profile: s.value } });
      return;
    }
    // A profile file the live audit could read (a local engine): judged by what it allows.
    const p = d.seccompProfileText ? inlineProfile(d.seccompProfileText.text) : undefined;
    if (!p?.permissive) return;
    const file = d.seccompProfileText!.file;
    if (p.stopping === 0) ctx.report({ message: `seccomp profile ${file} allows every syscall (defaultAction ${p.defaultAction}, no rule stops one): no filter for every container, as with unconfined`, at: s, data: { profile: s.value } });
    else
      ctx.report({
        message: `seccomp profile ${file} allows every syscall it does not name (defaultAction ${p.defaultAction}; ${p.stopping === 1 ? '1 rule stops' : `${p.stopping} rules stop`} some): a deny list for every container, weaker than Docker's default profile`,
        at: s,
        severity: 'medium',
        data: { profile: s.value },
      });
  },
});
