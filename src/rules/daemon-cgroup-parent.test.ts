import { ruleTester } from './tester.js';
import rule from './daemon-cgroup-parent.js';

ruleTester(rule, {
  valid: [{ kind: 'daemon', code: '{"icc": false}' }],
  invalid: [
    { kind: 'daemon', code: '{"cgroup-parent": "/foobar"}', errors: [{ line: 1, column: 2, endColumn: 28, severity: 'info', data: { cgroupParent: '/foobar' } }] },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --cgroup-parent=custom.slice', errors: [{ line: 1, column: 9, endColumn: 37, severity: 'info' }] },
  ],
});
