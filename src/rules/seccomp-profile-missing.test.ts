import { k8sRuleTester } from '../ingest/kubernetes/test-helpers.js';
import rule from './seccomp-profile-missing.js';

const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}`;

k8sRuleTester(rule, {
  valid: [
    { name: 'pod-level RuntimeDefault', code: pod('  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n  - name: a\n    image: x\n') },
    { name: 'container-level Localhost', code: pod('  containers:\n  - name: a\n    image: x\n    securityContext:\n      seccompProfile:\n        type: Localhost\n        localhostProfile: profiles/a.json\n') },
    { name: 'Unconfined is BW-0021, not this rule', code: pod('  containers:\n  - name: a\n    image: x\n    securityContext:\n      seccompProfile: {type: Unconfined}\n') },
    { name: 'not a workload', code: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n' },
  ],
  invalid: [
    {
      name: 'one container, no profile: at the container',
      code: pod('  containers:\n  - name: a\n    image: x\n'),
      errors: [{ line: 7, column: 5, target: 'a', severity: 'medium', data: { scope: 'container' }, message: 'neither the container nor its pod sets one' }],
    },
    {
      name: 'two containers, none with a profile: at the pod spec, for each container',
      code: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: x\n      - name: b\n        image: y\n',
      errors: [
        { line: 7, column: 5, target: 'a', data: { scope: 'pod' }, message: 'no container of DaemonSet d sets one' },
        { line: 7, column: 5, target: 'b', data: { scope: 'pod' } },
      ],
    },
    {
      name: 'two containers, one with a profile: the other at its own name',
      code: pod('  containers:\n  - name: a\n    image: x\n    securityContext:\n      seccompProfile: {type: RuntimeDefault}\n  - name: b\n    image: y\n'),
      errors: [{ line: 11, column: 5, target: 'b', data: { scope: 'container' } }],
    },
    {
      name: 'only the legacy annotation: low, at the annotation',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\nspec:\n  containers:\n  - name: a\n    image: x\n',
      errors: [{ line: 5, column: 5, target: 'a', severity: 'low', message: 'kubelets ignore since Kubernetes 1.27' }],
    },
  ],
});
