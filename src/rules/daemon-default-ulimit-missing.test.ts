import { ruleTester } from './tester.js';
import rule from './daemon-default-ulimit-missing.js';

ruleTester(rule, {
  valid: [
    { kind: 'daemon', code: '{"default-ulimits": {"nofile": {"Name": "nofile", "Hard": 64000, "Soft": 64000}}}' },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --default-ulimit nproc=1024:2048' },
  ],
  invalid: [
    { kind: 'daemon', code: '{"icc": false}', errors: [{ line: 1, column: 1, severity: 'info', message: 'default-ulimits is not set in this file' }] },
    { kind: 'daemon', filename: 'dockerd.cmdline', name: 'an invalid ulimit is an input error and sets nothing', code: 'dockerd --default-ulimit nproc', inputErrors: 1, errors: [{ line: 1, column: 1 }] },
  ],
});
