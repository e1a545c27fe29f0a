import { ruleTester } from './tester.js';
import rule from './daemon-debug-logging.js';

ruleTester(rule, {
  valid: [
    { kind: 'daemon', code: '{"log-level": "info"}' },
    { kind: 'daemon', code: '{"debug": false}' },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd -l info' },
    // logrus ParseLevel (dockerd's check) lower-cases the level: "INFO" is info, not a level above it.
    { kind: 'daemon', name: 'QA: "log-level": "INFO" is info', code: '{\n  "log-level": "INFO"\n}\n' },
    { kind: 'daemon', name: 'QA: --log-level=Info in a unit is info', filename: 'docker.service', code: '[Service]\nExecStart=/usr/bin/dockerd -H fd:// --log-level=Info\n' },
  ],
  invalid: [
    {
      kind: 'daemon',
      name: 'corpus: "debug": true at info',
      code: '{\n    "storage-driver": "overlay2",\n    "debug": true\n}\n',
      errors: [{ line: 3, column: 5, endColumn: 18, severity: 'info', data: { setting: 'debug', value: 'true' } }],
    },
    {
      kind: 'daemon',
      name: 'corpus: -D in a unit at info',
      filename: 'docker.service',
      code: '[Service]\nExecStart=/usr/local/bin/dockerd -D \\\n\t\t  -s overlay2\n',
      errors: [{ line: 2, column: 34, endColumn: 36, severity: 'info', data: { setting: 'debug' } }],
    },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --log-level debug', errors: [{ line: 1, column: 9, endColumn: 26, severity: 'info', data: { setting: 'log-level', value: 'debug' } }] },
    { kind: 'daemon', code: '{"log-level": "error"}', errors: [{ line: 1, column: 2, endColumn: 22, severity: 'low', message: 'log level is error' }] },
    // `warning` is logrus's other spelling of warn: a level dockerd accepts (no input error), above info (low).
    {
      kind: 'daemon',
      name: 'QA: --log-level=warning in a drop-in is valid, low',
      filename: '/etc/systemd/system/docker.service.d/override.conf',
      code: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H unix:///var/run/docker.sock --log-level=warning\n',
      errors: [{ line: 3, column: 59, endColumn: 78, severity: 'low', data: { setting: 'log-level', value: 'warning' } }],
    },
    { kind: 'daemon', code: '{"log-level": "WARNING"}', errors: [{ line: 1, column: 2, endColumn: 24, severity: 'low', data: { value: 'WARNING' } }] },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --debug=true -l warn', errors: [{ line: 1, column: 9, severity: 'info' }, { line: 1, column: 22, endColumn: 29, severity: 'low' }] },
  ],
});
