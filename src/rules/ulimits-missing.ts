/**
 * BW-0031 ulimits-missing: neither a `nofile` nor an `nproc` ulimit is set; the daemon's defaults
 * apply (CIS 5.19 reports this as info, R-D). Windows containers (inspect `"Platform": "windows"`) are not
 * reported: dockerd refuses Ulimits there.
 */
import { defineRule } from './types.js';
import { isWindowsPod, unknownOptions } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0031',
    slug: 'ulimits-missing',
    title: 'No ulimits set',
    severity: 'info',
    attackClasses: ['R-D'],
    requirements: ['R-D'],
    cis: { '1.6.0': ['5.19'] },
    paper: '§IV.2, §V.2.6',
    inputs: ['compose', 'run', 'inspect', 'engine'],
    description:
      "Without ulimits the container inherits the daemon's (often very high) limits on open files and processes; one container can exhaust file descriptors shared with the host. Setting nofile and nproc bounds that.",
    remediation: { compose: 'ulimits:\n  nofile: {soft: 1024, hard: 4096}\n  nproc: 512', run: '--ulimit nofile=1024:4096 --ulimit nproc=512', service: '--ulimit nofile=1024:4096 --ulimit nproc=512' },
    breaks: 'Servers with many connections (databases, proxies) need a higher nofile limit.',
    fix: 'manual',
  },
  checkContainer(c, ctx) {
    if (isWindowsPod(c)) return;
    if (c.resources.ulimits.some((u) => u.name === 'nofile' || u.name === 'nproc')) return;
    const whose = c.extra.client?.value === 'podman' ? "podman's defaults (its own limits, containers.conf default_ulimits)" : "the daemon's defaults";
    ctx.report({ message: `no nofile or nproc ulimit: ${whose} apply${unknownOptions(c)?.note ?? ''}`, at: c.unsetAt?.ulimits, certainty: unknownOptions(c)?.certainty, data: {} });
  },
});
