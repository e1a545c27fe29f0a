import { ruleTester } from './tester.js';
import rule from './legacy-link.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    depends_on: [db]\n' },
    { kind: 'run', code: 'docker run --network app nginx' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    links:\n      - db:database\n', errors: [{ line: 5, column: 9, endLine: 5, endColumn: 20, target: 'web', severity: 'low', data: { link: 'db:database' } }] },
    { kind: 'run', code: 'docker run --link db:db nginx', errors: [{ line: 1, column: 12, endColumn: 24, target: 'nginx', severity: 'low', data: { link: 'db:db' } }] },
  ],
});
