/**
 * BW-0214 daemon-seccomp-profile: the daemon-wide seccomp profile is `unconfined` (CIS Docker Benchmark
 * 1.6.0 2.17, 1.8.0 2.18; paper §V.2.12; R-K, R-G12). A custom profile, or none (Docker's built-in
 * default), passes.
 */
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS } from './daemon-common.js';

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
    fix: 'unsafe',
    superseded: 'The paper\'s LXC-driver era had no seccomp; it is built in and on by default today, so bulwark checks that the default is not switched off.',
  },
  checkDaemon(d, ctx) {
    const s = d.seccompProfile;
    if (!s || s.value.trim().toLowerCase() !== 'unconfined') return;
    ctx.report({ message: 'seccomp profile is unconfined for every container: the default system-call filter is off', at: s, certainty: certaintyOf(s), data: { profile: s.value } });
  },
});
