import { ruleTester } from './tester.js';
import rule from './daemon-userland-proxy-enabled.js';

ruleTester(rule, {
  valid: [
    { kind: 'daemon', code: '{"userland-proxy": false}' },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --userland-proxy=false' },
  ],
  invalid: [
    {
      kind: 'daemon',
      name: 'corpus: --userland-proxy=true in a continued ExecStart, at info',
      filename: 'docker.service',
      code: '[Service]\nExecStart=/usr/local/bin/dockerd -D \\\n\t\t  -H fd:// \\\n\t\t  --userland-proxy=true \\\n\t\t  --live-restore\n',
      errors: [{ line: 4, column: 5, endColumn: 26, severity: 'info', message: 'userland-proxy is true', data: { setting: 'userland-proxy' } }],
    },
    { kind: 'daemon', code: '{"icc": false}', errors: [{ line: 1, column: 1, severity: 'info', message: 'userland-proxy is not set in this file' }] },
  ],
});
