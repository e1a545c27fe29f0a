/**
 * QA round 13: CI/workflow custom resources that their controllers turn into pods without a PodSpec (Argo
 * Workflows templates, Tekton Task steps) are audited container by container; operator CRs (Strimzi `Kafka`)
 * stay quiet (R-B, R-K, R-S; requirements.md "Inputs every rule must see through one normalized model").
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

const ARGO = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: sidecar-dind-
spec:
  entrypoint: dind-sidecar-example
  securityContext:
    runAsUser: 0
  volumes:
  - name: sock
    hostPath:
      path: /var/run/docker.sock
  templates:
  - name: main-steps
    steps:
    - - name: build
        template: dind-sidecar-example
  - name: dind-sidecar-example
    container:
      image: docker:19.03.13
      command: [sh, -c]
      env:
      - name: REGISTRY_PASSWORD
        value: hunter2-Registry-Pw
      volumeMounts:
      - name: sock
        mountPath: /var/run/docker.sock
    sidecars:
    - name: dind
      image: docker:19.03.13-dind
      securityContext:
        privileged: true
`;

const TEKTON = `apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: docker-build
spec:
  steps:
  - name: build
    image: docker:24.0.7-dind
    securityContext:
      privileged: true
---
apiVersion: kafka.strimzi.io/v1beta2
kind: Kafka
metadata:
  name: my-cluster
spec:
  kafka:
    template:
      pod:
        securityContext:
          runAsUser: 0
`;

describe('Argo Workflows templates are pods', () => {
  it('reports the sidecar privileged, the socket and the root user at their keys, the literal secret in env', async () => {
    const r = await run(ARGO);
    expect(r.errors).toEqual([]);
    const keep = (ids: string[]) => r.findings.filter((f) => ids.some((id) => f.includes(` ${id} `)));
    expect(keep(['BW-0001', 'BW-0005', 'BW-0013', 'BW-0026'])).toEqual([
      'dind-sidecar-example BW-0005 high 8:5',
      'dind BW-0005 high 8:5',
      'dind-sidecar-example BW-0013 critical 12:7',
      'dind-sidecar-example BW-0026 high 23:9',
      'dind BW-0001 critical 32:9',
    ]);
  });

  it('names the main container after its template, at the `container:` key; steps templates are not pods', async () => {
    const r = await run(ARGO);
    expect(r.findings.filter((f) => f.includes(' BW-0006 '))).toEqual(['dind-sidecar-example BW-0006 low 19:5', 'dind BW-0006 low 29:7']);
  });
});

describe('Tekton Task steps are the containers of a pod; operator CRs are not pods', () => {
  it('reports the privileged step and nothing for the Kafka CR', async () => {
    const r = await run(TEKTON);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.includes(' BW-0001 ') || f.includes(' BW-0005 '))).toEqual(['build BW-0001 critical 10:7']);
    expect(r.findings.every((f) => f.startsWith('build '))).toBe(true);
  });
});

describe('ECK podTemplate containers are audited; what they leave out is the operator default', () => {
  const ECK = `apiVersion: elasticsearch.k8s.elastic.co/v1
kind: Elasticsearch
metadata:
  name: quickstart
spec:
  version: 8.11.3
  nodeSets:
  - name: default
    count: 1
    podTemplate:
      spec:
        initContainers:
        - name: sysctl
          securityContext:
            privileged: true
            runAsUser: 0
          command: ['sh', '-c', 'sysctl -w vm.max_map_count=262144']
`;
  it('reports privileged and root at their keys, a missing memory limit as unknown', async () => {
    const res = await auditSources([{ path: 'm.yaml', text: ECK, kind: 'kubernetes' }], { env: {} });
    const pick = res.findings.filter((f) => ['BW-0001', 'BW-0005', 'BW-0008'].includes(f.ruleId));
    expect(pick.map((f) => `${f.target?.name} ${f.ruleId} ${f.location.startLine}:${f.location.startColumn}`)).toEqual(['sysctl BW-0008 13:11', 'sysctl BW-0001 15:13', 'sysctl BW-0005 16:13']);
    expect(pick[0].message).toContain("unless the ECK operator's default container sets it");
  });
});

describe('the containerd socket directories of Kubernetes distributions are runtime sockets', () => {
  const pod = (path: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: agent
    image: example/agent:1.0.0
    volumeMounts:
    - name: run
      mountPath: /host/run
      readOnly: true
  volumes:
  - name: run
    hostPath:
      path: ${path}
`;
  it.each(['/run/k3s/containerd', '/run/k3s', '/run/k0s', '/var/snap/microk8s/common/run'])('%s is BW-0013 at the hostPath path', async (path) => {
    const r = await run(pod(path));
    expect(r.findings.filter((f) => f.includes(' BW-0013 ') || f.includes(' BW-0011 '))).toEqual(['agent BW-0013 critical 16:7']);
  });
});

describe('OpenShift Template objects are read like List items; `${PARAM}` placeholders are unknown values', () => {
  const TEMPLATE = `apiVersion: template.openshift.io/v1
kind: Template
metadata:
  name: postgresql-ephemeral
objects:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: \${DATABASE_SERVICE_NAME}
  spec:
    template:
      spec:
        containers:
        - name: postgresql
          image: ' '
          env:
          - name: POSTGRESQL_ADMIN_PASSWORD
            value: admin-Pa55w0rd-literal
          resources:
            limits:
              memory: \${MEMORY_LIMIT}
parameters:
- name: MEMORY_LIMIT
  value: 512Mi
`;
  it('audits the Deployment: no input error, the memory limit unknown at its key, the literal secret, no image finding', async () => {
    const res = await auditSources([{ path: 'm.yaml', text: TEMPLATE, kind: 'kubernetes' }], { env: {} });
    expect(res.errors).toEqual([]);
    const pick = res.findings.filter((f) => ['BW-0008', 'BW-0026', 'BW-0027'].includes(f.ruleId));
    expect(pick.map((f) => `${f.target?.name} ${f.ruleId} ${f.severity} ${f.certainty} ${f.location.startLine}:${f.location.startColumn}`)).toEqual([
      'postgresql BW-0026 high definite 17:13',
      'postgresql BW-0008 medium unknown 21:15',
    ]);
  });
});
