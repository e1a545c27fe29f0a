import { ruleTester } from './tester.js';
import rule from './mount-propagation-shared.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - /:/host:ro,rslave\n' },
    { kind: 'run', code: 'docker run -v /:/host:ro,rslave nginx' },
    { kind: 'run', code: 'docker run --mount type=bind,source=/data,target=/data,bind-propagation=rprivate nginx' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - /mnt:/mnt:rshared\n',
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 26, target: 'web', severity: 'medium', data: { path: '/mnt', propagation: 'rshared', target: '/mnt' } }],
    },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - type: bind\n        source: /data\n        target: /data\n        bind:\n          propagation: shared\n',
      errors: [{ line: 5, column: 9, endLine: 9, endColumn: 30, severity: 'medium', data: { propagation: 'shared' } }],
    },
    {
      kind: 'run',
      code: 'docker run --mount type=bind,source=/data,target=/data,bind-propagation=shared nginx',
      errors: [{ line: 1, column: 12, endColumn: 79, target: 'nginx', data: { path: '/data', propagation: 'shared' } }],
    },
    {
      // The finding points at the mountPropagation entry and names the value as written (Kubernetes vocabulary).
      kind: 'kubernetes',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: csi\nspec:\n  containers:\n    - name: node\n      image: csi:1\n      volumeMounts:\n        - name: pods\n          mountPath: /var/lib/kubelet/pods\n          mountPropagation: Bidirectional\n  volumes:\n    - name: pods\n      hostPath:\n        path: /var/lib/kubelet/pods\n',
      errors: [{ line: 12, column: 11, endLine: 12, endColumn: 42, target: 'node', message: 'mount /var/lib/kubelet/pods at /var/lib/kubelet/pods has mountPropagation: Bidirectional propagation (rshared): mounts made in the container appear on the host', data: { propagation: 'rshared' } }],
    },
  ],
});
