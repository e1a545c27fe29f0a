/**
 * Tekton Task `stepTemplate` (tekton.dev/docs/pipelines/tasks "Specifying a Step template"): every step starts from
 * it, the step winning field by field (`securityContext`, resource limits, `env` by name); v1 `computeResources`
 * are a step's resources. Findings about an inherited setting point at the template's line.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

const TASK = `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: kaniko-build
spec:
  stepTemplate:
    image: gcr.io/kaniko-project/executor:v1.23.2
    securityContext:
      privileged: true
      runAsUser: 0
    env:
      - name: REGISTRY_PASSWORD
        value: "s3cr3t-Registry-pw"
    computeResources:
      limits:
        memory: 1Gi
  steps:
    - name: build
      securityContext:
        runAsUser: 1000
      computeResources:
        limits:
          cpu: "1"
    - name: push
      image: alpine:3.20
      env:
        - name: REGISTRY_PASSWORD
          valueFrom:
            secretKeyRef: {name: reg, key: password}
`;

async function run(text: string) {
  const r = await auditSources([{ path: 'task.yaml', text, kind: 'kubernetes' }], { env: {} });
  return { errors: r.errors, findings: r.findings, text: r.sources.get('task.yaml')!.text };
}
const row = (f: { target: { name: string }; ruleId: string; location: { startLine: number; startColumn: number }; data: Record<string, unknown> }) => `${f.target.name} ${f.ruleId} ${f.location.startLine}:${f.location.startColumn}`;

describe('Tekton stepTemplate', () => {
  it('both steps inherit privileged from the template (at its line); the build step overrides the user only', async () => {
    const r = await run(TASK);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0001').map(row)).toEqual(['build BW-0001 9:7', 'push BW-0001 9:7']);
    // runAsUser 0 from the template for push; the build step's own 1000 wins.
    expect(r.findings.filter((f) => f.ruleId === 'BW-0005').map(row)).toEqual(['push BW-0005 10:7']);
  });

  it('limits merge key by key (memory from the template, cpu from the step); the template image is the step image', async () => {
    const r = await run(TASK);
    const of = (name: string, id: string) => r.findings.filter((f) => f.target.name === name && f.ruleId === id).length;
    expect([of('build', 'BW-0008'), of('build', 'BW-0009'), of('push', 'BW-0008'), of('push', 'BW-0009')]).toEqual([0, 0, 0, 1]);
    expect(r.findings.filter((f) => f.target.name === 'build' && f.ruleId === 'BW-0027').map((f) => f.location.startLine)).toEqual([7]);
  });

  it('the template env secret is a finding of the build step, masked; push sets its own from a Secret', async () => {
    const r = await run(TASK);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0026').map(row)).toEqual(['build BW-0026 12:9']);
    expect(r.text).not.toContain('s3cr3t-Registry-pw');
  });
});
