import { ruleTester } from './tester.js';
import rule from './user-root.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    user: "1000:0"\n' },
    { kind: 'compose', name: 'unresolved is user-not-set, not root', code: 'services:\n  web:\n    image: nginx\n    user: ${UID}\n' },
    { kind: 'compose', name: 'DOCKER_USR=root is not the container user', code: 'services:\n  netdata:\n    image: netdata/netdata\n    environment:\n      - DOCKER_USR=root\n' },
    { kind: 'run', code: 'docker run -u 10 nginx' },
    { kind: 'run', code: 'docker run -u rootless nginx' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    user: root\n',
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 15, target: 'web', severity: 'high', data: { user: 'root' } }],
    },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    user: "0:0"\n',
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 16, severity: 'high', data: { user: '0:0' } }],
    },
    {
      kind: 'compose',
      name: 'resolved from env to 0',
      code: 'services:\n  web:\n    image: nginx\n    user: ${UID}\n',
      env: { UID: '0' },
      errors: [{ line: 4, column: 11, severity: 'high', data: { user: '0' } }],
    },
    {
      kind: 'run',
      code: 'docker run -u 0 nginx',
      errors: [{ line: 1, column: 12, endLine: 1, endColumn: 16, target: 'nginx', severity: 'high', data: { user: '0' } }],
    },
    {
      kind: 'run',
      code: 'docker run --user=root:root --name x nginx',
      errors: [{ line: 1, column: 12, endColumn: 28, target: 'x', data: { user: 'root:root' } }],
    },
  ],
});

// QA (report k10): Kubernetes user namespaces (hostUsers: false) remap root; runAsNonRoot refuses runAsUser 0.
ruleTester(rule, {
  valid: [],
  invalid: [
    {
      kind: 'kubernetes',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: userns}\nspec:\n  hostUsers: false\n  containers:\n    - name: app\n      image: acme/app:1.2.3\n      securityContext:\n        runAsUser: 0\n',
      name: 'QA k10: hostUsers false remaps uid 0: medium',
      errors: [{ line: 10, column: 9, endColumn: 21, severity: 'medium', data: { user: '0' }, message: "container runs as root (user 0) in the pod's own user namespace (hostUsers: false): uid 0 is remapped to an unprivileged host uid" }],
    },
    {
      kind: 'kubernetes',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: app\n      image: acme/app:1.2.3\n      securityContext:\n        runAsUser: 0\n',
      name: 'runAsUser 0 under pod runAsNonRoot: the container does not start',
      errors: [{ line: 11, column: 9, endColumn: 21, severity: 'low', data: { user: '0' }, message: 'runAsUser 0 with runAsNonRoot: true: the kubelet refuses to start the container (its runAsUser breaks the non-root policy)' }],
    },
    {
      kind: 'kubernetes',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostUsers: true\n  containers:\n    - name: app\n      image: acme/app:1.2.3\n      securityContext:\n        runAsUser: 0\n',
      name: 'hostUsers true: still high',
      errors: [{ line: 10, column: 9, severity: 'high', data: { user: '0' }, message: 'container runs as root (user 0)' }],
    },
  ],
});
