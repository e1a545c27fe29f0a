import { ruleTester } from './tester.js';
import rule from './host-userns.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'run', code: 'docker run nginx' },
    { kind: 'compose', name: 'commented out', code: 'services:\n  web:\n    image: nginx\n    # userns_mode: host\n' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    userns_mode: host\n', errors: [{ line: 4, column: 18, endLine: 4, endColumn: 22, target: 'web', severity: 'medium', certainty: 'definite', data: { mode: 'host' } }] },
    { kind: 'compose', name: 'quoted', code: 'services:\n  web:\n    image: nginx\n    userns_mode: "host"\n', errors: [{ line: 4, column: 18, endColumn: 24, severity: 'medium', data: { mode: 'host' } }] },
    { kind: 'compose', name: 'unresolved is unknown', code: 'services:\n  web:\n    image: nginx\n    userns_mode: ${NS}\n', errors: [{ line: 4, column: 18, endColumn: 23, certainty: 'unknown', message: 'unset variable' }] },
    { kind: 'run', code: 'docker run --userns host --name app nginx', errors: [{ line: 1, column: 12, endLine: 1, endColumn: 25, target: 'app', severity: 'medium', data: { mode: 'host' } }] },
    { kind: 'run', code: 'docker run --userns=host --name app nginx', errors: [{ line: 1, column: 12, endLine: 1, endColumn: 25, target: 'app', severity: 'medium', data: { mode: 'host' } }] },
  ],
});
