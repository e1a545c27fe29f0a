import { ruleTester } from './tester.js';
import rule from './mount-propagation-shared.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - /:/host:ro,rslave\n' },
    { kind: 'run', code: 'docker run -v /:/host:ro,rslave nginx' },
    { kind: 'run', code: 'docker run --mount type=bind,source=/data,target=/data,bind-propagation=rprivate nginx' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - /mnt:/mnt:rshared\n',
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 26, target: 'web', severity: 'medium', data: { path: '/mnt', propagation: 'rshared', target: '/mnt' } }],
    },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - type: bind\n        source: /data\n        target: /data\n        bind:\n          propagation: shared\n',
      errors: [{ line: 5, column: 9, endLine: 9, endColumn: 30, severity: 'medium', data: { propagation: 'shared' } }],
    },
    {
      kind: 'run',
      code: 'docker run --mount type=bind,source=/data,target=/data,bind-propagation=shared nginx',
      errors: [{ line: 1, column: 12, endColumn: 79, target: 'nginx', data: { path: '/data', propagation: 'shared' } }],
    },
  ],
});
