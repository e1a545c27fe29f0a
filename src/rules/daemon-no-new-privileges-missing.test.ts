import { ruleTester } from './tester.js';
import rule from './daemon-no-new-privileges-missing.js';

ruleTester(rule, {
  valid: [
    { kind: 'daemon', code: '{"no-new-privileges": true}' },
    { kind: 'daemon', filename: 'docker.service', code: '[Service]\nExecStart=/usr/bin/dockerd --no-new-privileges\n' },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --no-new-privileges=true' },
  ],
  invalid: [
    { kind: 'daemon', code: '{"icc": false}', errors: [{ line: 1, column: 1, severity: 'medium', message: 'no-new-privileges is not set in this file' }] },
    { kind: 'daemon', code: '{"icc": false,\n "no-new-privileges": false}', errors: [{ line: 2, column: 2, endColumn: 28, message: 'no-new-privileges is false' }] },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --no-new-privileges=false', errors: [{ line: 1, column: 9, endColumn: 34 }] },
  ],
});
