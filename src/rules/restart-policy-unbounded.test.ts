import { ruleTester } from './tester.js';
import rule from './restart-policy-unbounded.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    restart: on-failure:5\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    restart: "no"\n' },
    { kind: 'run', code: 'docker run --restart on-failure:3 nginx' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  pihole:\n    image: x\n    restart: always\n', errors: [{ line: 4, column: 14, endLine: 4, endColumn: 20, target: 'pihole', severity: 'low', data: { policy: 'always' } }] },
    { kind: 'compose', code: 'services:\n  web:\n    image: x\n    restart: on-failure:10\n', errors: [{ line: 4, column: 14, endColumn: 27, severity: 'low', data: { policy: 'on-failure' }, message: '10 retries' }] },
    { kind: 'compose', code: 'services:\n  web:\n    image: x\n    restart: ${POLICY}\n', errors: [{ line: 4, column: 14, certainty: 'unknown' }] },
    { kind: 'run', code: 'docker run -d --name netdata --restart unless-stopped netdata/netdata', errors: [{ line: 1, column: 30, endColumn: 54, target: 'netdata', data: { policy: 'unless-stopped' } }] },
  ],
});
