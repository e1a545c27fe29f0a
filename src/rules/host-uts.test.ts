import { ruleTester } from './tester.js';
import rule from './host-uts.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'run', code: 'docker run nginx' },
    { kind: 'compose', name: 'commented out', code: 'services:\n  web:\n    image: nginx\n    # uts: host\n' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    uts: host\n', errors: [{ line: 4, column: 10, endLine: 4, endColumn: 14, target: 'web', severity: 'medium', certainty: 'definite', data: { mode: 'host' } }] },
    { kind: 'compose', name: 'quoted', code: 'services:\n  web:\n    image: nginx\n    uts: "host"\n', errors: [{ line: 4, column: 10, endColumn: 16, severity: 'medium', data: { mode: 'host' } }] },
    { kind: 'compose', name: 'unresolved is unknown', code: 'services:\n  web:\n    image: nginx\n    uts: ${NS}\n', errors: [{ line: 4, column: 10, endColumn: 15, certainty: 'unknown', message: 'unset variable' }] },
    { kind: 'run', code: 'docker run --uts host --name app nginx', errors: [{ line: 1, column: 12, endLine: 1, endColumn: 22, target: 'app', severity: 'medium', data: { mode: 'host' } }] },
    { kind: 'run', code: 'docker run --uts=host --name app nginx', errors: [{ line: 1, column: 12, endLine: 1, endColumn: 22, target: 'app', severity: 'medium', data: { mode: 'host' } }] },
  ],
});
