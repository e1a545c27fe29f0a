import { ruleTester } from './tester.js';
import rule from './user-root.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    user: "1000:0"\n' },
    { kind: 'compose', name: 'unresolved is user-not-set, not root', code: 'services:\n  web:\n    image: nginx\n    user: ${UID}\n' },
    { kind: 'compose', name: 'DOCKER_USR=root is not the container user', code: 'services:\n  netdata:\n    image: netdata/netdata\n    environment:\n      - DOCKER_USR=root\n' },
    { kind: 'run', code: 'docker run -u 10 nginx' },
    { kind: 'run', code: 'docker run -u rootless nginx' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    user: root\n',
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 15, target: 'web', severity: 'high', data: { user: 'root' } }],
    },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    user: "0:0"\n',
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 16, severity: 'high', data: { user: '0:0' } }],
    },
    {
      kind: 'compose',
      name: 'resolved from env to 0',
      code: 'services:\n  web:\n    image: nginx\n    user: ${UID}\n',
      env: { UID: '0' },
      errors: [{ line: 4, column: 11, severity: 'high', data: { user: '0' } }],
    },
    {
      kind: 'run',
      code: 'docker run -u 0 nginx',
      errors: [{ line: 1, column: 12, endLine: 1, endColumn: 16, target: 'nginx', severity: 'high', data: { user: '0' } }],
    },
    {
      kind: 'run',
      code: 'docker run --user=root:root --name x nginx',
      errors: [{ line: 1, column: 12, endColumn: 28, target: 'x', data: { user: 'root:root' } }],
    },
  ],
});
