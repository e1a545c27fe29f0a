import { ruleTester } from './tester.js';
import rule from './ulimits-missing.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    ulimits:\n      nofile:\n        soft: 1024\n        hard: 4096\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    ulimits:\n      nproc: 512\n' },
    { kind: 'run', code: 'docker run --ulimit nofile=1024:2048 nginx' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n', errors: [{ line: 2, column: 3, endColumn: 6, target: 'web', severity: 'info', data: {} }] },
    { kind: 'compose', name: 'core alone does not count', code: 'services:\n  web:\n    image: nginx\n    ulimits:\n      core: 0\n', errors: [{ line: 2, column: 3, severity: 'info' }] },
    { kind: 'run', code: 'docker run nginx', errors: [{ line: 1, column: 1, endColumn: 7, target: 'nginx', severity: 'info' }] },
    {
      kind: 'inspect',
      name: 'inspect: at "Ulimits": null, not at the name',
      code: JSON.stringify([{ Id: 'c1', Name: '/web', Image: 'sha256:aa', HostConfig: { Memory: 0, Ulimits: null }, Config: { Image: 'nginx' } }], null, 4) + '\n',
      errors: [{ line: 8, column: 24, endColumn: 28, target: 'web', severity: 'info' }],
    },
  ],
});
