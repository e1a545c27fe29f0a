import { ruleTester } from './tester.js';
import rule from './pids-limit-missing.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', name: 'traefik pids_limit', code: 'services:\n  web:\n    image: nginx\n    pids_limit: 150\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        limits:\n          pids: 100\n' },
    { kind: 'run', code: 'docker run --pids-limit 200 nginx' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n', errors: [{ line: 2, column: 3, endColumn: 6, target: 'web', severity: 'medium', message: 'fork bomb' }] },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    pids_limit: 0\n', errors: [{ line: 4, column: 17, endColumn: 18, severity: 'medium', message: 'unlimited' }] },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    pids_limit: ${PIDS}\n', errors: [{ line: 4, column: 17, certainty: 'unknown' }] },
    { kind: 'run', code: 'docker run nginx', errors: [{ line: 1, column: 1, endColumn: 7, target: 'nginx' }] },
    { kind: 'run', code: 'docker run --pids-limit=-1 nginx', errors: [{ line: 1, column: 12, endColumn: 27, severity: 'medium' }] },
  ],
});
