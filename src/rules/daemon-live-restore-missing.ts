/**
 * BW-0206 daemon-live-restore-missing: `live-restore` is not enabled (CIS Docker Benchmark 1.6.0 2.15,
 * 1.8.0 2.16; R-D). Not reported for an engine in swarm mode, where live restore does not apply.
 */
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS, notSet, showsOptions, unsetCertainty } from './daemon-common.js';

export default defineRule({
  meta: {
    id: 'BW-0206',
    slug: 'daemon-live-restore-missing',
    title: 'Live restore is not enabled',
    severity: 'low',
    attackClasses: ['R-D'],
    requirements: ['R-D', 'R-G14'],
    cis: { '1.6.0': ['2.15'], '1.8.0': ['2.16'] },
    paper: '§IV.2',
    inputs: DAEMON_INPUTS,
    description:
      'Without live restore, stopping or upgrading dockerd (or a crash of it) stops every container. With it, containers keep running while the daemon is down, so security updates of the engine do not cost availability.',
    remediation: daemonFix('"live-restore": true', '--live-restore'),
    breaks: 'Nothing for running containers; live restore is not compatible with swarm mode.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    if (!showsOptions(d)) return; // a socket unit shows no dockerd option
    if (d.swarm?.state === 'active') return;
    const l = d.liveRestore;
    if (l === undefined) {
      ctx.report({ message: `${notSet(d, 'live-restore')}: every container stops when dockerd stops or restarts`, certainty: unsetCertainty(d), data: { setting: 'live-restore' } });
      return;
    }
    if (l.value) return;
    ctx.report({ message: 'live-restore is false: every container stops when dockerd stops or restarts', at: l, certainty: certaintyOf(l), data: { setting: 'live-restore' } });
  },
});
