/**
 * QA round 16: Kubernetes shapes earlier rounds missed. A KEDA `ScaledJob` (keda.sh/v1alpha1) carries a
 * batch/v1 JobSpec at `spec.jobTargetRef`: KEDA creates a Job, hence pods, from its `template.spec`, so its
 * containers are audited like a Job's (R-B, R-K; requirements.md "Inputs every rule must see through one
 * normalized model": Kubernetes workload manifests). A `ScaledObject` only points at a workload: no container.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

async function run(text: string) {
  const res = await auditSources([{ path: 'm.yaml', text, kind: 'kubernetes' }], { env: {} });
  return {
    errors: res.errors.map((e) => `${e.line}:${e.column} ${e.message}`),
    findings: res.findings.map((f) => `${f.target?.name} ${f.ruleId} ${f.severity} ${f.location.startLine}:${f.location.startColumn}`),
  };
}

const KEDA = `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: worker
spec:
  scaleTargetRef:
    name: worker
  triggers:
    - type: rabbitmq
      metadata: {queueName: jobs, hostFromEnv: RABBITMQ_HOST}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata:
  name: batch
spec:
  jobTargetRef:
    parallelism: 1
    template:
      spec:
        containers:
          - name: batch
            image: busybox:1.36
            securityContext:
              privileged: true
        restartPolicy: Never
  triggers:
    - type: cron
      metadata: {timezone: UTC, start: "0 * * * *", end: "5 * * * *", desiredReplicas: "1"}
`;

describe('KEDA ScaledJob (qa16)', () => {
  it('audits the containers of spec.jobTargetRef.template.spec; the ScaledObject yields none', async () => {
    const r = await run(KEDA);
    expect(r.errors).toEqual([]);
    const targets = new Set(r.findings.map((f) => f.split(' ')[0]));
    expect([...targets]).toEqual(['batch']);
    expect(r.findings.filter((f) => f.includes('BW-0001'))).toEqual(['batch BW-0001 critical 25:15']);
    // the missing settings point at the container's `- name:` (line 22, column 13)
    expect(r.findings.filter((f) => f.includes('BW-0008'))).toEqual(['batch BW-0008 medium 22:13']);
  });
});

const TEMPLATE = `apiVersion: template.openshift.io/v1
kind: Template
metadata:
  name: app-template
parameters:
  - name: APP_IMAGE
    value: quay.io/acme/app:1.0
objects:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: app
    spec:
      containers:
        - name: app
          image: \${APP_IMAGE}
        - name: side
          image: quay.io/acme/side:\${SIDE_TAG}
        - name: plain
          image: quay.io/acme/plain
`;

describe('OpenShift Template image parameters (qa16)', () => {
  it('reports an image written as a ${PARAMETER} placeholder as unknown, not as untagged', async () => {
    const res = await auditSources([{ path: 't.yaml', text: TEMPLATE, kind: 'kubernetes' }], { env: {} });
    const pinned = res.findings
      .filter((f) => f.ruleId === 'BW-0027')
      .map((f) => `${f.target?.name} ${f.certainty} ${f.location.startLine}:${f.location.startColumn} ${f.message.includes('untagged') ? 'untagged' : 'other'}`);
    expect(pinned).toEqual(['app unknown 16:18 other', 'side unknown 18:18 other', 'plain definite 20:18 untagged']);
  });
});

const KNATIVE = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/knative/helloworld-go:latest
          env:
            - name: API_KEY
              value: "sk-live-abcdef0123456789abcdef"
`;

describe('Knative Service container name (qa16)', () => {
  it('a lone unnamed container is `user-container`, the name Knative gives it in the pods', async () => {
    const r = await run(KNATIVE);
    expect(r.errors).toEqual([]);
    expect([...new Set(r.findings.map((f) => f.split(' ')[0]))]).toEqual(['user-container']);
    expect(r.findings.filter((f) => f.includes('BW-0026'))).toEqual(['user-container BW-0026 high 11:15']);
  });
  it('an Argo Rollout (not Knative) keeps the positional name', async () => {
    const r = await run(KNATIVE.replace('serving.knative.dev/v1', 'argoproj.io/v1alpha1').replace('kind: Service', 'kind: Rollout'));
    expect([...new Set(r.findings.map((f) => f.split(' ')[0]))]).toEqual(['containers[0]']);
  });
});
