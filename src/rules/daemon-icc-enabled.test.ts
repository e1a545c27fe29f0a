import { ruleTester } from './tester.js';
import rule from './daemon-icc-enabled.js';

ruleTester(rule, {
  valid: [
    { kind: 'daemon', code: '{\n  "icc": false\n}\n' },
    { kind: 'daemon', filename: 'docker.service', code: '[Service]\nExecStart=/usr/bin/dockerd --icc=false\n' },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --icc=0 -H fd://\n' },
    { kind: 'daemon', name: 'no default bridge in daemon.json: nothing for icc to apply to', code: '{\n  "bridge": "none"\n}\n' },
    { kind: 'daemon', name: 'dockerd --bridge=none', filename: 'dockerd.cmdline', code: 'dockerd --bridge=none --iptables=false\n' },
    { kind: 'daemon', name: 'dockerd -b none', filename: 'dockerd.cmdline', code: 'dockerd -b none\n' },
    { kind: 'daemon', name: 'Docker 1.x single-dash flag', filename: 'dockerd.cmdline', code: 'docker -d -icc=false\n' },
  ],
  invalid: [
    {
      kind: 'daemon',
      name: 'not set in daemon.json: at the first line',
      code: '{\n  "debug": true\n}\n',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 2, target: 'daemon.json', severity: 'medium', message: 'icc is not set in this file', data: { setting: 'icc' } }],
    },
    { kind: 'daemon', code: '{\n  "icc": true\n}\n', errors: [{ line: 2, column: 3, endLine: 2, endColumn: 14, message: 'icc is true' }] },
    {
      kind: 'daemon',
      name: 'not set in a unit: at [Service]',
      filename: 'docker.service',
      code: '[Unit]\nDescription=Docker\n\n[Service]\nExecStart=/usr/bin/dockerd -H fd://\n',
      errors: [{ line: 4, column: 1, endColumn: 10, target: 'docker.service', message: 'icc is not set as far as this file shows' }],
    },
    {
      kind: 'daemon',
      name: '--icc false is --icc=true plus a stray argument (an input error)',
      filename: 'dockerd.cmdline',
      code: 'dockerd --icc false\n',
      inputErrors: 1,
      errors: [{ line: 1, column: 9, endColumn: 14 }],
    },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --icc=true', errors: [{ line: 1, column: 9, endColumn: 19 }] },
    { kind: 'daemon', name: 'a named bridge (-b br0) is still a default bridge', filename: 'dockerd.cmdline', code: 'dockerd -b br0\n', errors: [{ line: 1, column: 1, endColumn: 8, message: 'icc is not set' }] },
    { kind: 'daemon', name: 'bridge br0 in daemon.json', code: '{\n  "bridge": "br0",\n  "icc": true\n}\n', errors: [{ line: 3, column: 3, endColumn: 14, message: 'icc is true' }] },
  ],
});
