/**
 * BW-0213 daemon-log-driver: container logs are not shipped to a central, remote store (CIS Docker
 * Benchmark 1.6.0 2.13, 1.8.0 2.14; paper §V.2.3; R-G3). `none` discards them (medium); no driver,
 * `json-file`, `local` or `journald` keep them on the host only (info).
 */
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS, notSet, showsOptions, unsetCertainty } from './daemon-common.js';

/** Log drivers that keep logs on the host only (Docker "Configure logging drivers"). */
const LOCAL = new Set(['json-file', 'local', 'journald']);

export default defineRule({
  meta: {
    id: 'BW-0213',
    slug: 'daemon-log-driver',
    title: 'Container logs are not sent to central remote logging',
    severity: 'info',
    attackClasses: [],
    requirements: ['R-G3', 'R-G14'],
    cis: { '1.6.0': ['2.13'], '1.8.0': ['2.14'] },
    paper: '§V.2.3',
    inputs: DAEMON_INPUTS,
    description:
      'Logs kept only on the host are lost with it and can be altered by whoever compromises it. A remote log driver (syslog to a remote server, fluentd, gelf, splunk, awslogs, gcplogs) keeps an independent record; `none` keeps no record at all.',
    remediation: daemonFix('"log-driver": "syslog", "log-opts": { "syslog-address": "tcp+tls://logs.example.com:6514" }', '--log-driver=syslog --log-opt syslog-address=tcp+tls://logs.example.com:6514'),
    breaks: '`docker logs` works only with json-file, local and journald (and with dual logging on Docker 20.10 and later).',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    if (!showsOptions(d)) return; // a socket unit shows no dockerd option
    const l = d.logDriver;
    if (l === undefined) {
      ctx.report({ message: `${notSet(d, 'log-driver')}: container logs stay on the host (json-file, dockerd's default)`, certainty: unsetCertainty(d), data: { setting: 'log-driver', driver: 'json-file' } });
      return;
    }
    if (l.value === 'none') {
      ctx.report({ message: 'log driver is none: container output is discarded', at: l, severity: 'medium', certainty: certaintyOf(l), data: { setting: 'log-driver', driver: 'none' } });
    } else if (LOCAL.has(l.value)) {
      ctx.report({ message: `log driver is ${l.value}: container logs stay on the host`, at: l, certainty: certaintyOf(l), data: { setting: 'log-driver', driver: l.value } });
    }
  },
});
