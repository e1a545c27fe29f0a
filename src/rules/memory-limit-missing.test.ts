import { ruleTester } from './tester.js';
import rule from './memory-limit-missing.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    mem_limit: 256m\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n' },
    { kind: 'compose', name: 'default in interpolation', code: 'services:\n  web:\n    image: nginx\n    mem_limit: ${MEM:-512m}\n' },
    { kind: 'run', code: 'docker run -m 512m nginx' },
    { kind: 'run', code: 'docker run --memory=1g nginx' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n', errors: [{ line: 2, column: 3, endColumn: 6, target: 'web', severity: 'medium', certainty: 'definite' }] },
    {
      kind: 'compose',
      name: 'a reservation is not a limit',
      code: 'services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        reservations:\n          memory: 512M\n',
      errors: [{ line: 2, column: 3, target: 'web' }],
    },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    mem_limit: 0\n', errors: [{ line: 4, column: 16, endColumn: 17, severity: 'medium', message: 'unlimited' }] },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    mem_limit: ${MEM}\n',
      errors: [{ line: 4, column: 16, endColumn: 22, certainty: 'unknown', message: 'unset variable' }],
    },
    { kind: 'run', code: 'docker run nginx', errors: [{ line: 1, column: 1, endColumn: 7, target: 'nginx', severity: 'medium' }] },
    { kind: 'run', code: 'docker run -m $MEM nginx', errors: [{ line: 1, column: 12, endColumn: 19, certainty: 'unknown' }] },
  ],
});
