/**
 * BW-0204 daemon-no-new-privileges-missing: daemon-wide `no-new-privileges` is not enabled (CIS Docker
 * Benchmark 1.6.0 2.14, 1.8.0 2.15; paper §V.2.7; R-G7).
 */
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS, notSet, showsOptions, unsetCertainty } from './daemon-common.js';

export default defineRule({
  meta: {
    id: 'BW-0204',
    slug: 'daemon-no-new-privileges-missing',
    title: 'Daemon-wide no-new-privileges is not enabled',
    severity: 'medium',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-G7', 'R-K'],
    cis: { '1.6.0': ['2.14'], '1.8.0': ['2.15'] },
    paper: '§V.2.7',
    inputs: DAEMON_INPUTS,
    description:
      'With no-new-privileges set on the daemon, every container starts with the no_new_privs bit: setuid and setgid binaries and file capabilities can no longer raise a process\'s privileges. Without it each container must opt in with --security-opt no-new-privileges.',
    remediation: daemonFix('"no-new-privileges": true', '--no-new-privileges'),
    breaks: 'Images that rely on setuid binaries (sudo, su, ping without capabilities) to switch users stop working.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    if (!showsOptions(d)) return; // a socket unit shows no dockerd option
    const n = d.noNewPrivileges;
    if (n === undefined) {
      ctx.report({ message: `${notSet(d, 'no-new-privileges', true)}: setuid binaries in containers can raise privileges`, certainty: unsetCertainty(d, true), data: { setting: 'no-new-privileges' } });
      return;
    }
    if (n.value === true) return;
    ctx.report({ message: 'no-new-privileges is false: setuid binaries in containers can raise privileges', at: n, certainty: certaintyOf(n), data: { setting: 'no-new-privileges' } });
  },
});
