/**
 * BW-0033 logging-disabled: log driver `none` (R-G3, paper §V.2.3).
 */
import { defineRule } from './types.js';
import { UNRESOLVED_NOTE } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0033',
    slug: 'logging-disabled',
    title: 'Container logging disabled',
    severity: 'medium',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-G3', 'R-G14'],
    cis: {},
    paper: '§V.2.3',
    inputs: ['compose', 'run', 'inspect', 'engine'],
    description:
      'With the none log driver nothing the container writes to stdout or stderr is kept: an intrusion or a crash leaves no trace for docker logs or a log collector.',
    remediation: { compose: 'logging:\n  driver: json-file   # or local, journald, syslog, fluentd\n  options: {max-size: "10m", max-file: "3"}', run: '--log-driver local --log-opt max-size=10m', service: '--log-driver local --log-opt max-size=10m' },
    breaks: 'Nothing, but disk use grows unless the driver rotates logs (max-size, max-file).',
    fix: 'manual',
  },
  checkContainer(c, ctx) {
    const d = c.logging?.driver;
    if (!d) return;
    if (d.how === 'unresolved') ctx.report({ message: `log driver: ${UNRESOLVED_NOTE} whether logging is on`, at: d, certainty: 'unknown', data: { driver: d.value } });
    else if (d.value.trim().toLowerCase() === 'none') ctx.report({ message: 'logging disabled (log driver none): the container leaves no logs', at: d, data: { driver: 'none' } });
  },
});
