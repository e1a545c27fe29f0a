import { ruleTester } from './tester.js';
import rule from './host-userns.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'run', code: 'docker run nginx' },
    { kind: 'compose', name: 'commented out', code: 'services:\n  web:\n    image: nginx\n    # userns_mode: host\n' },
    { kind: 'kubernetes', name: 'hostUsers: false is a user namespace per pod', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostUsers: false\n  containers:\n  - name: c\n    image: nginx\n' },
    { kind: 'kubernetes', name: 'hostUsers absent: not written, no finding', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: nginx\n' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    userns_mode: host\n', errors: [{ line: 4, column: 18, endLine: 4, endColumn: 22, target: 'web', severity: 'medium', certainty: 'definite', data: { mode: 'host' } }] },
    { kind: 'compose', name: 'quoted', code: 'services:\n  web:\n    image: nginx\n    userns_mode: "host"\n', errors: [{ line: 4, column: 18, endColumn: 24, severity: 'medium', data: { mode: 'host' } }] },
    { kind: 'compose', name: 'unresolved is unknown', code: 'services:\n  web:\n    image: nginx\n    userns_mode: ${NS}\n', errors: [{ line: 4, column: 18, endColumn: 23, certainty: 'unknown', message: 'unset variable' }] },
    { kind: 'run', code: 'docker run --userns host --name app nginx', errors: [{ line: 1, column: 12, endLine: 1, endColumn: 25, target: 'app', severity: 'medium', data: { mode: 'host' } }] },
    {
      kind: 'kubernetes',
      name: 'hostUsers: true written in the pod spec of a Deployment (R-G11)',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      hostUsers: true\n      containers:\n      - name: a\n        image: nginx\n      - name: b\n        image: nginx\n',
      errors: [
        { line: 7, column: 7, endLine: 7, endColumn: 22, target: 'a', severity: 'medium', data: { mode: 'host' }, message: 'user namespace shared with the host: hostUsers: true keeps the pod out of a user namespace' },
        { line: 7, column: 7, endLine: 7, endColumn: 22, target: 'b', severity: 'medium', data: { mode: 'host' } },
      ],
    },
    { kind: 'run', code: 'docker run --userns=host --name app nginx', errors: [{ line: 1, column: 12, endLine: 1, endColumn: 25, target: 'app', severity: 'medium', data: { mode: 'host' } }] },
  ],
});
