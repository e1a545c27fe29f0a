/**
 * BW-0217 daemon-unit-limits: the systemd unit starting dockerd sets `LimitNPROC`, `LimitCORE`,
 * `LimitNOFILE` or `TasksMax` to `infinity` (systemd.exec(5), systemd.resource-control(5); R-D).
 * Informational: Docker's own unit does this on purpose; containers then inherit unlimited process and
 * core-dump limits unless they set ulimits (`--ulimit`, `default-ulimits`).
 */
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'BW-0217',
    slug: 'daemon-unit-limits',
    title: 'dockerd unit removes resource limits',
    severity: 'info',
    attackClasses: ['R-D'],
    requirements: ['R-D', 'R-G6'],
    cis: {},
    paper: '§V.2.6',
    inputs: ['daemon'],
    description:
      'Containers inherit the resource limits of dockerd\'s process unless they set their own. With LimitNPROC=infinity and LimitCORE=infinity a container without ulimits can fork without bound and write core dumps of any size. Docker\'s unit sets these on purpose (accounting overhead); the per-container limits are then what counts.',
    remediation: { daemon: 'set "default-ulimits" in daemon.json (nproc, core), or --ulimit / pids_limit per container' },
    breaks: 'Nothing if per-container limits are set instead.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    for (const [key, v] of Object.entries(d.unitLimits ?? {})) {
      if (v.value.trim().toLowerCase() !== 'infinity') continue;
      ctx.report({ message: `${key}=infinity: containers without their own ulimits inherit no ${key === 'LimitCORE' ? 'core-dump' : key === 'LimitNOFILE' ? 'open-file' : 'process'} limit`, at: v, data: { limit: key } });
    }
  },
});
