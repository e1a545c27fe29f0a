import { ruleTester } from './tester.js';
import rule from './logging-disabled.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    logging:\n      driver: json-file\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'run', code: 'docker run --log-driver local nginx' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    logging:\n      driver: none\n', errors: [{ line: 5, column: 15, endLine: 5, endColumn: 19, target: 'web', severity: 'medium', data: { driver: 'none' } }] },
    { kind: 'run', code: 'docker run --log-driver=none nginx', errors: [{ line: 1, column: 12, endColumn: 29, target: 'nginx', severity: 'medium' }] },
  ],
});
