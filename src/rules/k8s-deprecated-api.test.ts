import { k8sRuleTester } from '../ingest/kubernetes/test-helpers.js';
import rule from './k8s-deprecated-api.js';
import { ruleTester } from './tester.js';

k8sRuleTester(rule, {
  valid: [
    { code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n' },
    { code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\n' },
    { name: 'a removed version in a comment is nothing', code: '# apiVersion: extensions/v1beta1\napiVersion: v1\nkind: ConfigMap\n' },
  ],
  invalid: [
    {
      name: 'RBAC v1beta1 in two documents, at each apiVersion',
      code: 'apiVersion: v1\nkind: ServiceAccount\n---\napiVersion: rbac.authorization.k8s.io/v1beta1\nkind: ClusterRole\nmetadata:\n  name: r\n---\nkind: ClusterRoleBinding\napiVersion: rbac.authorization.k8s.io/v1beta1\n',
      errors: [
        { line: 4, column: 1, severity: 'info', data: { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRole', removedIn: '1.22' }, message: 'ClusterRole r uses apiVersion rbac.authorization.k8s.io/v1beta1, removed in Kubernetes 1.22: use rbac.authorization.k8s.io/v1' },
        { line: 10, column: 1, data: { kind: 'ClusterRoleBinding' } },
      ],
    },
    {
      name: 'extensions/v1beta1 Deployment and batch/v1beta1 CronJob inside a List',
      code: 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: extensions/v1beta1\n  kind: Deployment\n- apiVersion: batch/v1beta1\n  kind: CronJob\n',
      errors: [
        { line: 4, column: 3, data: { apiVersion: 'extensions/v1beta1', removedIn: '1.16' } },
        { line: 6, column: 3, data: { apiVersion: 'batch/v1beta1', removedIn: '1.25' } },
      ],
    },
    {
      name: 'PodSecurityPolicy',
      code: 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: restricted}\n',
      errors: [{ line: 1, column: 1, message: 'use none (Pod Security Admission)' }],
    },
  ],
});

// QA (report k11): apps/v1 requires spec.selector; the fix adds it from the template labels.
ruleTester(rule, {
  valid: [],
  invalid: [
    {
      kind: 'kubernetes',
      name: 'QA k11: extensions/v1beta1 Deployment without a selector',
      code: 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: legacy-web}\nspec:\n  template:\n    metadata: {labels: {app: legacy-web}}\n    spec:\n      containers:\n        - {name: web, image: "nginx:1.25"}\n',
      errors: [{ line: 1, column: 1, data: { kind: 'Deployment' }, remediation: 'apiVersion: apps/v1\nspec:\n  selector:   # required by apps/v1; the template labels\n    matchLabels: {app: legacy-web}' }],
    },
    {
      kind: 'kubernetes',
      name: 'a selector already there: apiVersion only; no template labels: a placeholder label',
      code: 'apiVersion: apps/v1beta2\nkind: DaemonSet\nmetadata: {name: a}\nspec:\n  selector: {matchLabels: {app: a}}\n---\napiVersion: extensions/v1beta1\nkind: ReplicaSet\nmetadata: {name: b}\nspec:\n  template:\n    metadata: {labels: {tier: "1", app.kubernetes.io/name: b}}\n',
      errors: [
        { line: 1, column: 1, data: { kind: 'DaemonSet' }, remediation: 'apiVersion: apps/v1' },
        { line: 7, column: 1, data: { kind: 'ReplicaSet' }, remediation: 'apiVersion: apps/v1\nspec:\n  selector:   # required by apps/v1; the template labels\n    matchLabels: {tier: "1", app.kubernetes.io/name: b}' },
      ],
    },
    {
      kind: 'kubernetes',
      name: 'no labels anywhere',
      code: 'apiVersion: apps/v1beta1\nkind: StatefulSet\nmetadata: {name: s}\n',
      errors: [{ line: 1, column: 1, remediation: 'apiVersion: apps/v1\nspec:\n  selector:   # required by apps/v1; add the same labels to spec.template.metadata.labels\n    matchLabels: {app: <name>}' }],
    },
  ],
});
