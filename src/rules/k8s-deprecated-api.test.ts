import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import type { Finding } from '../engine/types.js';
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

// Manifests embedded in a script's heredoc (`kubectl apply -f - <<EOF`) and in Markdown fences are audited like
// manifest files by the other Kubernetes rules: the removed-API rule sees them too, at their own lines.
describe('BW-0042 in manifests embedded in scripts and Markdown', () => {
  const row = (f: Finding) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity} ${f.data.apiVersion} ${f.data.kind}`;
  const SCRIPT = [
    '#!/bin/sh',
    'set -e',
    'kubectl apply -f - <<EOF',
    'apiVersion: extensions/v1beta1',
    'kind: Deployment',
    'metadata: {name: old}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '      - {name: c, image: "nginx:1.25"}',
    'EOF',
    "cat <<'YAML' | kubectl apply -f -",
    'apiVersion: policy/v1beta1',
    'kind: PodSecurityPolicy',
    'metadata: {name: restricted}',
    'YAML',
    '',
  ].join('\n');
  const README = [
    '# Deploy',
    '',
    '```yaml',
    'apiVersion: batch/v1beta1',
    'kind: CronJob',
    'metadata: {name: cj}',
    'spec:',
    '  jobTemplate:',
    '    spec:',
    '      template:',
    '        spec:',
    '          containers:',
    '          - {name: c, image: "nginx:1.25"}',
    '```',
    '',
    '```sh',
    'kubectl apply -f - <<EOF',
    'apiVersion: rbac.authorization.k8s.io/v1beta1',
    'kind: ClusterRole',
    'metadata: {name: r}',
    'EOF',
    '```',
    '',
  ].join('\n');

  it('every heredoc of a script, at its apiVersion entry', async () => {
    const r = await auditSources([{ path: 'deploy.sh', text: SCRIPT }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0042').map(row)).toEqual(['deploy.sh:4:1 BW-0042 info extensions/v1beta1 Deployment', 'deploy.sh:14:1 BW-0042 info policy/v1beta1 PodSecurityPolicy']);
    // The manifest's containers are audited too (the other Kubernetes rules already saw them).
    expect(r.findings.some((f) => f.ruleId === 'BW-0027' && f.location.startLine === 11)).toBe(true);
  });

  it('a yaml fence and a heredoc in a sh fence of a Markdown file', async () => {
    const r = await auditSources([{ path: 'README.md', text: README }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0042').map(row)).toEqual(['README.md:4:1 BW-0042 info batch/v1beta1 CronJob', 'README.md:18:1 BW-0042 info rbac.authorization.k8s.io/v1beta1 ClusterRole']);
  });

  it('a script without a manifest has no such finding', async () => {
    const r = await auditSources([{ path: 'run.sh', text: 'docker run --rm nginx:1.25\n' }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0042')).toEqual([]);
  });
});
