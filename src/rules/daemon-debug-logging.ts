/**
 * BW-0208 daemon-debug-logging: the daemon's log level is not `info` (CIS Docker Benchmark 1.6.0 and 1.8.0
 * 2.3; paper §V.2.3; R-G3). Debug logging (`debug: true`, `-D`, `log-level: debug|trace`) is informational:
 * verbose and may log request details. A level above info (`warn`, `error`, `fatal`, `panic`) drops events
 * an audit needs: low.
 */
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS } from './daemon-common.js';

export default defineRule({
  meta: {
    id: 'BW-0208',
    slug: 'daemon-debug-logging',
    title: 'Daemon log level is not info',
    severity: 'info',
    attackClasses: [],
    requirements: ['R-G3', 'R-G14'],
    cis: { '1.6.0': ['2.3'], '1.8.0': ['2.3'] },
    paper: '§V.2.3',
    inputs: DAEMON_INPUTS,
    description:
      'The CIS Benchmark asks for log level info: debug logging is verbose and meant for troubleshooting, while warn, error and fatal drop the events an audit of the daemon needs.',
    remediation: daemonFix('"log-level": "info" (and remove "debug": true)', '--log-level=info (and remove -D / --debug)'),
    breaks: 'Nothing; troubleshooting may need debug logging for a while.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    if (d.debug?.value === true) {
      ctx.report({ message: 'debug logging is on (debug: true): verbose daemon logs, meant for troubleshooting', at: d.debug, certainty: certaintyOf(d.debug), data: { setting: 'debug', value: 'true' } });
    }
    const l = d.logLevel;
    if (!l) return;
    // dockerd reads the level as logrus ParseLevel does: case-insensitive, `warning` for `warn` ("INFO" is info).
    const level = l.value.toLowerCase();
    if (level === 'info') return;
    if (level === 'debug' || level === 'trace') {
      ctx.report({ message: `log level is ${l.value}: verbose daemon logs, meant for troubleshooting`, at: l, certainty: certaintyOf(l), data: { setting: 'log-level', value: l.value } });
    } else {
      ctx.report({ message: `log level is ${l.value}: daemon events below ${l.value} are not logged`, at: l, severity: 'low', certainty: certaintyOf(l), data: { setting: 'log-level', value: l.value } });
    }
  },
});
