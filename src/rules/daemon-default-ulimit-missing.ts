/**
 * BW-0211 daemon-default-ulimit-missing: no daemon-wide default ulimits (`default-ulimits` /
 * `--default-ulimit`) (CIS Docker Benchmark 1.6.0 2.8, 1.8.0 2.9; paper §V.2.6; R-D). Informational:
 * per-container ulimits do the same job.
 */
import { defineRule } from './types.js';
import { daemonFix, DAEMON_INPUTS, notSet, showsOptions, unsetCertainty } from './daemon-common.js';

export default defineRule({
  meta: {
    id: 'BW-0211',
    slug: 'daemon-default-ulimit-missing',
    title: 'No default ulimits for containers',
    severity: 'info',
    attackClasses: ['R-D'],
    requirements: ['R-D', 'R-G6'],
    cis: { '1.6.0': ['2.8'], '1.8.0': ['2.9'] },
    paper: '§V.2.6',
    inputs: DAEMON_INPUTS,
    description:
      'Default ulimits apply to every container that sets none of its own, capping open files and processes so that one container cannot exhaust them for the host.',
    remediation: daemonFix('"default-ulimits": { "nofile": { "Name": "nofile", "Soft": 1024, "Hard": 4096 }, "nproc": { "Name": "nproc", "Soft": 1024, "Hard": 2048 } }', '--default-ulimit nofile=1024:4096 --default-ulimit nproc=1024:2048'),
    breaks: 'Containers that need many open files or processes (databases, build tools) need their own --ulimit.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    if (!showsOptions(d)) return; // a socket unit shows no dockerd option
    if (d.defaultUlimits.length) return;
    ctx.report({ message: `${notSet(d, 'default-ulimits', true)}: containers without their own ulimits inherit dockerd's`, certainty: unsetCertainty(d, true), data: { setting: 'default-ulimits' } });
  },
});
