import { ruleTester } from './tester.js';
import rule from './healthcheck-disabled.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    healthcheck:\n      test: ["CMD", "traefik", "healthcheck", "--ping"]\n      interval: 30s\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'run', code: 'docker run --health-cmd "curl -f http://localhost" nginx' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    healthcheck:\n      disable: true\n', errors: [{ line: 5, column: 16, endLine: 5, endColumn: 20, target: 'web', severity: 'low' }] },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    healthcheck:\n      test: ["NONE"]\n', errors: [{ line: 5, column: 13, endColumn: 21, severity: 'low' }] },
    { kind: 'run', code: 'docker run --no-healthcheck nginx', errors: [{ line: 1, column: 12, endColumn: 28, target: 'nginx', severity: 'low' }] },
  ],
});
