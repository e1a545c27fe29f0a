import { ruleTester } from './tester.js';
import rule from './daemon-live-restore-missing.js';

ruleTester(rule, {
  valid: [
    { kind: 'daemon', code: '{"live-restore": true}' },
    { kind: 'daemon', filename: 'docker.service', code: '[Service]\nExecStart=/usr/bin/dockerd \\\n\t\t  --live-restore \\\n\t\t  --iptables=true\n' },
  ],
  invalid: [
    { kind: 'daemon', code: '{"icc": false}', errors: [{ line: 1, column: 1, endColumn: 15, severity: 'low', message: 'live-restore is not set in this file', data: { setting: 'live-restore' } }] },
    { kind: 'daemon', code: '{ "live-restore": false }', errors: [{ line: 1, column: 3, endColumn: 24, message: 'live-restore is false' }] },
  ],
});
