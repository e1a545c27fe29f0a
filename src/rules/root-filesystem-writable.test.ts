import { ruleTester } from './tester.js';
import rule from './root-filesystem-writable.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  traefik:\n    image: traefik:v3.3.5\n    read_only: true\n    tmpfs:\n      - /tmp\n' },
    { kind: 'run', code: 'docker run --read-only --tmpfs /tmp nginx' },
    { kind: 'run', code: 'docker run --read-only=true nginx' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n', errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, target: 'web', severity: 'low', data: {} }] },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    read_only: false\n',
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 21, target: 'web', severity: 'low', certainty: 'definite' }],
    },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    read_only: ${RO}\n',
      errors: [{ line: 4, column: 16, certainty: 'unknown', message: 'unset variable' }],
    },
    { kind: 'run', code: 'docker run nginx', errors: [{ line: 1, column: 1, endColumn: 7, target: 'nginx', severity: 'low' }] },
    { kind: 'run', code: 'docker run --read-only=false nginx', errors: [{ line: 1, column: 12, endColumn: 29, target: 'nginx' }] },
  ],
});
