/**
 * QA (C #4): a custom resource whose controller makes pods from a PodTemplateSpec it embeds elsewhere than
 * `spec.template` (a Kubeflow PyTorchJob's `spec.pytorchReplicaSpecs.Master.template`) passed with "no findings",
 * exit 0, though its container is privileged. Any object of an unknown kind is searched for pod templates by shape.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { targetLabel } from '../../report/common.js';

const PYTORCH = `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata:
  name: train
spec:
  pytorchReplicaSpecs:
    Master:
      replicas: 1
      template:
        spec:
          containers:
          - name: pytorch
            image: docker.io/kubeflowkatib/pytorch-mnist:v1beta1-45c5727
            securityContext:
              privileged: true
    Worker:
      replicas: 2
      template:
        spec:
          containers:
          - name: pytorch
            image: docker.io/kubeflowkatib/pytorch-mnist:v1beta1-45c5727
            securityContext:
              privileged: true
`;

async function run(text: string) {
  const res = await auditSources([{ path: 'm.yaml', text, kind: 'kubernetes' }], { env: {} });
  return { res, errors: res.errors.map((e) => `${e.line}:${e.column} ${e.message}`), pick: (id: string) => res.findings.filter((f) => f.ruleId === id).map((f) => `${targetLabel(f.target)} ${f.severity} ${f.certainty} ${f.location.startLine}:${f.location.startColumn}`) };
}

describe('custom resources that embed pod templates elsewhere (PyTorchJob)', () => {
  it('each replica spec is a pod: privileged at its key, named by where the template is', async () => {
    const r = await run(PYTORCH);
    expect(r.errors).toEqual([]);
    expect(r.pick('BW-0001')).toEqual(['container pytorch in PyTorchJob train (pytorchReplicaSpecs.Master) critical definite 15:15', 'container pytorch in PyTorchJob train (pytorchReplicaSpecs.Worker) critical definite 24:15']);
    // The settings the containers leave out point at each container's `- name:`.
    expect(r.pick('BW-0008')).toEqual(['container pytorch in PyTorchJob train (pytorchReplicaSpecs.Master) medium definite 12:13', 'container pytorch in PyTorchJob train (pytorchReplicaSpecs.Worker) medium definite 21:13']);
    expect(r.res.findings.find((f) => f.ruleId === 'BW-0001')?.target.workload).toEqual({ kind: 'PyTorchJob', name: 'train', part: 'pytorchReplicaSpecs.Master' });
  });

  it('a pod spec under a `spec` key with images (Seldon componentSpecs), at any depth', async () => {
    const seldon = `apiVersion: machinelearning.seldon.io/v1
kind: SeldonDeployment
metadata:
  name: iris
spec:
  predictors:
  - name: default
    componentSpecs:
    - spec:
        hostNetwork: true
        containers:
        - name: classifier
          image: seldonio/sklearn-iris:0.3
`;
    const r = await run(seldon);
    expect(r.errors).toEqual([]);
    expect(r.pick('BW-0015')).toEqual(['container classifier in SeldonDeployment iris (predictors[0].componentSpecs[0]) high definite 10:9']);
  });

  it('what is not a pod stays quiet: a Kyverno pattern, a list of containers without name or image, a core Service, a Deployment without template', async () => {
    const policy = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: disallow-privileged
spec:
  rules:
  - name: privileged-containers
    validate:
      pattern:
        spec:
          template:
            spec:
              containers:
              - =(securityContext):
                  =(privileged): "false"
  - name: latest
    validate:
      pattern:
        spec:
          containers:
          - image: "!*:latest"
            securityContext:
              privileged: "false"
---
apiVersion: example.com/v1
kind: Thing
metadata:
  name: t
spec:
  template:
    spec:
      containers:
      - securityContext: {privileged: true}
---
apiVersion: v1
kind: Service
metadata:
  name: plain
spec:
  template: {spec: {containers: not a list}}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  replicas: 1
  extra:
    template:
      spec:
        containers:
        - name: x
          image: x:1
          securityContext: {privileged: true}
`;
    const r = await run(policy);
    expect(r.errors).toEqual([]);
    expect(r.res.findings.filter((f) => f.target.kind === 'container')).toEqual([]);
  });
});
