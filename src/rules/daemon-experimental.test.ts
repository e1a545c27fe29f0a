import { ruleTester } from './tester.js';
import rule from './daemon-experimental.js';

ruleTester(rule, {
  valid: [
    { kind: 'daemon', code: '{"experimental": false}' },
    { kind: 'daemon', code: '{"icc": false}' },
  ],
  invalid: [
    { kind: 'daemon', code: '{"experimental": true}', errors: [{ line: 1, column: 2, endColumn: 22, severity: 'low' }] },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --experimental', errors: [{ line: 1, column: 9, endColumn: 23, severity: 'low' }] },
  ],
});
