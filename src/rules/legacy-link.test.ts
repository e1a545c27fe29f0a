import { ruleTester } from './tester.js';
import rule from './legacy-link.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    depends_on: [db]\n' },
    { kind: 'run', code: 'docker run --network app nginx' },
  ],
  invalid: [
    // qa16: a Compose service without network_mode is on the project's network, where a link is only a DNS alias: info.
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    links:\n      - db:database\n', errors: [{ line: 5, column: 9, endLine: 5, endColumn: 20, target: 'web', severity: 'info', data: { link: 'db:database' } }] },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    network_mode: bridge\n    links:\n      - db:database\n', errors: [{ line: 6, column: 9, endLine: 6, endColumn: 20, target: 'web', severity: 'low', data: { link: 'db:database' } }] },
    { kind: 'run', code: 'docker run --network app --link db:db nginx', errors: [{ line: 1, column: 26, endColumn: 38, target: 'nginx', severity: 'info', data: { link: 'db:db' } }] },
    { kind: 'run', code: 'docker run --link db:db nginx', errors: [{ line: 1, column: 12, endColumn: 24, target: 'nginx', severity: 'low', data: { link: 'db:db' } }] },
  ],
});
