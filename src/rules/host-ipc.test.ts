import { ruleTester } from './tester.js';
import rule from './host-ipc.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'run', code: 'docker run nginx' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    ipc: shareable\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    ipc: private\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    ipc: "service:db"\n' },
    { kind: 'run', code: 'docker run --ipc shareable nginx' },
    { kind: 'run', code: 'docker run --ipc private nginx' },
    { kind: 'compose', name: 'commented out', code: 'services:\n  web:\n    image: nginx\n    # ipc: host\n' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    ipc: host\n', errors: [{ line: 4, column: 10, endLine: 4, endColumn: 14, target: 'web', severity: 'high', certainty: 'definite', data: { mode: 'host' } }] },
    { kind: 'compose', name: 'quoted', code: 'services:\n  web:\n    image: nginx\n    ipc: "host"\n', errors: [{ line: 4, column: 10, endColumn: 16, severity: 'high', data: { mode: 'host' } }] },
    { kind: 'compose', name: 'unresolved is unknown', code: 'services:\n  web:\n    image: nginx\n    ipc: ${NS}\n', errors: [{ line: 4, column: 10, endColumn: 15, certainty: 'unknown', message: 'unset variable' }] },
    { kind: 'run', code: 'docker run --ipc host --name app nginx', errors: [{ line: 1, column: 12, endLine: 1, endColumn: 22, target: 'app', severity: 'high', data: { mode: 'host' } }] },
    { kind: 'run', code: 'docker run --ipc=host --name app nginx', errors: [{ line: 1, column: 12, endLine: 1, endColumn: 22, target: 'app', severity: 'high', data: { mode: 'host' } }] },
  ],
});
