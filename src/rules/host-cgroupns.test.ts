import { ruleTester } from './tester.js';
import rule from './host-cgroupns.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'run', code: 'docker run nginx' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    cgroup: private\n' },
    { kind: 'run', code: 'docker run --cgroupns private nginx' },
    { kind: 'compose', name: 'commented out', code: 'services:\n  web:\n    image: nginx\n    # cgroup: host\n' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    cgroup: host\n', errors: [{ line: 4, column: 13, endLine: 4, endColumn: 17, target: 'web', severity: 'low', certainty: 'definite', data: { mode: 'host' } }] },
    { kind: 'compose', name: 'quoted', code: 'services:\n  web:\n    image: nginx\n    cgroup: "host"\n', errors: [{ line: 4, column: 13, endColumn: 19, severity: 'low', data: { mode: 'host' } }] },
    { kind: 'compose', name: 'unresolved is unknown', code: 'services:\n  web:\n    image: nginx\n    cgroup: ${NS}\n', errors: [{ line: 4, column: 13, endColumn: 18, certainty: 'unknown', message: 'unset variable' }] },
    { kind: 'run', code: 'docker run --cgroupns host --name app nginx', errors: [{ line: 1, column: 12, endLine: 1, endColumn: 27, target: 'app', severity: 'low', data: { mode: 'host' } }] },
    { kind: 'run', code: 'docker run --cgroupns=host --name app nginx', errors: [{ line: 1, column: 12, endLine: 1, endColumn: 27, target: 'app', severity: 'low', data: { mode: 'host' } }] },
  ],
});
