import { ruleTester } from './tester.js';
import rule from './daemon-userns-remap-missing.js';

ruleTester(rule, {
  valid: [
    { kind: 'daemon', code: '{"userns-remap": "default"}' },
    { kind: 'daemon', code: '{"userns-remap": "dockremap:dockremap"}' },
    { kind: 'daemon', filename: 'docker.service', code: '[Service]\nExecStart=/usr/bin/dockerd --userns-remap=default\n' },
    { kind: 'daemon', name: 'rootless counts as remapped', filename: 'dockerd.cmdline', code: 'dockerd --rootless\n' },
  ],
  invalid: [
    { kind: 'daemon', code: '{"icc": false}', errors: [{ line: 1, column: 1, endColumn: 15, severity: 'medium', message: 'userns-remap is not set in this file', data: { setting: 'userns-remap' } }] },
    { kind: 'daemon', code: '{\n  "userns-remap": ""\n}', errors: [{ line: 2, column: 3, endColumn: 21, message: 'userns-remap is empty' }] },
    {
      kind: 'daemon',
      filename: 'dockerd.cmdline',
      code: '/usr/bin/dockerd --icc=false\n',
      errors: [{ line: 1, column: 1, endColumn: 17, target: 'dockerd.cmdline', message: 'as far as this file shows' }],
    },
  ],
});
