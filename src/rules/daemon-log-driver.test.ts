import { ruleTester } from './tester.js';
import rule from './daemon-log-driver.js';

ruleTester(rule, {
  valid: [
    { kind: 'daemon', code: '{"log-driver": "syslog", "log-opts": {"syslog-address": "tcp+tls://logs.example.com:6514"}}' },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --log-driver=fluentd --log-opt fluentd-address=127.0.0.1:24224' },
  ],
  invalid: [
    { kind: 'daemon', code: '{"icc": false}', errors: [{ line: 1, column: 1, severity: 'info', data: { driver: 'json-file' } }] },
    { kind: 'daemon', code: '{"log-driver": "none"}', errors: [{ line: 1, column: 2, endColumn: 22, severity: 'medium', data: { driver: 'none' } }] },
    { kind: 'daemon', code: '{"log-driver": "journald"}', errors: [{ line: 1, column: 2, severity: 'info', data: { driver: 'journald' } }] },
  ],
});
