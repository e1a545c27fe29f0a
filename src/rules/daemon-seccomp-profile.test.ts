import { ruleTester } from './tester.js';
import rule from './daemon-seccomp-profile.js';

ruleTester(rule, {
  valid: [
    { kind: 'daemon', code: '{"icc": false}' },
    { kind: 'daemon', code: '{"seccomp-profile": "/etc/docker/seccomp.json"}' },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --seccomp-profile=builtin' },
  ],
  invalid: [
    { kind: 'daemon', code: '{"seccomp-profile": "unconfined"}', errors: [{ line: 1, column: 2, endColumn: 33, severity: 'high', data: { profile: 'unconfined' } }] },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --seccomp-profile unconfined', errors: [{ line: 1, column: 9, endColumn: 37, severity: 'high' }] },
  ],
});
