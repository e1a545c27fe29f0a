/**
 * Custom resources with a Deployment-style pod template (`spec.template.spec.containers`: Argo Rollouts,
 * Knative Serving) are workloads: their containers are audited like a Deployment's (R-B, R-S).
 */
import { describe, expect, it } from 'vitest';
import { auditManifest, ingestText } from './test-helpers.js';

const MANIFEST = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: rollouts-demo
spec:
  selector:
    matchLabels: {app: rollouts-demo}
  template:
    metadata:
      labels: {app: rollouts-demo}
    spec:
      containers:
      - name: rollouts-demo
        image: argoproj/rollouts-demo:blue
        securityContext:
          privileged: true
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/knative/helloworld-go:latest
          env:
            - name: STRIPE_API_KEY
              value: sk_live_abcdefghijklmnopqrstuvwx
---
apiVersion: v1
kind: Service
metadata:
  name: plain
spec:
  template: {spec: {note: not a pod}}
  ports:
  - port: 80
`;

describe('custom resources with a pod template', () => {
  it('Rollout and Knative Service containers are modelled; a core Service is not a workload', async () => {
    const { r } = await ingestText(MANIFEST);
    expect(r.errors).toEqual([]);
    expect(r.containers.map((c) => [c.target.name, c.target.range.start > 0, (c.extra['kubernetes.pod'].value as { kind: string }).kind])).toEqual([
      ['rollouts-demo', true, 'Rollout'],
      // qa16: Knative names a lone unnamed container `user-container` in the pods it creates.
      ['user-container', true, 'Service'],
    ]);
  });

  it('their findings: privileged at its key, the literal Stripe key at its env entry', async () => {
    const { findings, errors } = await auditManifest(MANIFEST);
    expect(errors).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'BW-0001' || f.ruleId === 'BW-0026').map((f) => [f.ruleId, f.target.name, f.location.startLine, f.location.startColumn, f.severity])).toEqual([
      ['BW-0001', 'rollouts-demo', 16, 11, 'critical'],
      ['BW-0026', 'user-container', 28, 15, 'high'],
    ]);
  });
});
