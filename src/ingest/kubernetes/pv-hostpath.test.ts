/**
 * A pod's `persistentVolumeClaim` volume bound to a PersistentVolume that is a directory of the node
 * (`hostPath`, `local`) mounts that directory: bound by the claim's `volumeName` or the PV's `claimRef`, with the
 * PV in the same manifest or in another manifest of the same audit (a directory). The findings point at the pod's
 * `claimName` entry and name the PV.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, auditSources } from '../../engine/audit.js';
import type { Finding } from '../../engine/types.js';

const IDS = ['BW-0011', 'BW-0012', 'BW-0013'];
const rows = (findings: Finding[]) =>
  findings.filter((f) => IDS.includes(f.ruleId)).map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity} ${f.message}`);

const PV_ROOT = ['apiVersion: v1', 'kind: PersistentVolume', 'metadata: {name: hostroot}', 'spec:', '  capacity: {storage: 1Gi}', '  accessModes: [ReadWriteOnce]', '  storageClassName: manual', '  hostPath: {path: /}'];
const PVC = ['apiVersion: v1', 'kind: PersistentVolumeClaim', 'metadata: {name: hostroot-claim}', 'spec:', '  storageClassName: manual', '  volumeName: hostroot', '  accessModes: [ReadWriteOnce]', '  resources: {requests: {storage: 1Gi}}'];
const POD = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', '  - name: c', '    image: a:1', '    volumeMounts: [{name: v, mountPath: /host}]', '  volumes:', '  - name: v', '    persistentVolumeClaim: {claimName: hostroot-claim}'];

describe('a PersistentVolume hostPath mounted through a claim', () => {
  it('PV, claim (volumeName) and pod in one manifest: the host root at the pod\'s claimName', async () => {
    const text = [...PV_ROOT, '---', ...PVC, '---', ...POD, ''].join('\n');
    const r = await auditSources([{ path: 'all.yaml', text }], { env: {} });
    const via = '/ (hostPath of PersistentVolume hostroot, bound to claim hostroot-claim)';
    expect(rows(r.findings)).toEqual([
      `all.yaml:29:29 BW-0011 critical host path ${via} mounted writable at /host: the host's whole filesystem, including /etc/shadow, SSH keys and the Docker socket`,
      `all.yaml:29:29 BW-0013 critical container runtime API socket reachable through ${via}: the bind is recursive, so the engine's socket is at /host/run/docker.sock inside the container (root-equivalent on the host)`,
    ]);
    const f = r.findings.find((x) => x.ruleId === 'BW-0011')!;
    expect([f.location.endLine, f.location.endColumn]).toEqual([29, 54]);
    expect(r.errors).toEqual([]);
  });

  it('bound by the PV\'s claimRef (the claim without volumeName, or not written); readOnly claims and subPath', async () => {
    const text = [
      'apiVersion: v1',
      'kind: PersistentVolume',
      'metadata: {name: docker-dir}',
      'spec:',
      '  claimRef: {name: data, namespace: apps}',
      '  hostPath: {path: /var/lib, type: Directory}',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: d, namespace: apps}',
      'spec:',
      '  selector: {matchLabels: {a: b}}',
      '  template:',
      '    metadata: {labels: {a: b}}',
      '    spec:',
      '      containers:',
      '      - name: c',
      '        image: a:1',
      '        volumeMounts:',
      '        - {name: v, mountPath: /d, subPath: docker}',
      '        - {name: w, mountPath: /w}',
      '      volumes:',
      '      - name: v',
      '        persistentVolumeClaim: {claimName: data, readOnly: true}',
      '      - name: w',
      '        persistentVolumeClaim:',
      '          claimName: data',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'd.yaml', text }], { env: {} });
    const via = '(hostPath of PersistentVolume docker-dir, bound to claim data)';
    expect(rows(r.findings)).toEqual([
      `d.yaml:24:33 BW-0011 high host path /var/lib/docker ${via} mounted read-only at /d: the container runtime's state: every container's layers, configuration and environment`,
      `d.yaml:27:11 BW-0011 high host path /var/lib ${via} mounted writable at /w: it holds /var/lib/docker, /var/lib/containerd, /var/lib/containers, /var/lib/kubelet and 1 more; /var/lib/docker: the container runtime's state: every container's layers, configuration and environment`,
    ]);
  });

  it('PV, claim and pod in three manifests of a directory: resolved across files, the PV file named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-pv-'));
    try {
      writeFileSync(join(dir, 'pv.yaml'), PV_ROOT.join('\n') + '\n');
      writeFileSync(join(dir, 'pvc.yaml'), PVC.join('\n') + '\n');
      writeFileSync(join(dir, 'pod.yaml'), POD.join('\n') + '\n');
      const r = await audit([dir], { cwd: dir, env: {}, config: {} });
      expect(rows(r.findings).filter((x) => x.includes('BW-0011'))).toEqual([
        `${join(dir, 'pod.yaml')}:11:29 BW-0011 critical host path / (hostPath of PersistentVolume hostroot in ${join(dir, 'pv.yaml')}, bound to claim hostroot-claim) mounted writable at /host: the host's whole filesystem, including /etc/shadow, SSH keys and the Docker socket`,
      ]);
      expect(r.errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no host mount when the PV is no node directory, the claim is in another namespace, or the binding is not written', async () => {
    const text = [
      'apiVersion: v1',
      'kind: PersistentVolume',
      'metadata: {name: nfs}',
      'spec: {nfs: {server: s, path: /}}',
      '---',
      'apiVersion: v1',
      'kind: PersistentVolume',
      'metadata: {name: other-ns}',
      'spec: {claimRef: {name: c2, namespace: prod}, hostPath: {path: /}}',
      '---',
      'apiVersion: v1',
      'kind: PersistentVolume',
      'metadata: {name: unbound}',
      'spec: {storageClassName: manual, hostPath: {path: /}}',
      '---',
      'apiVersion: v1',
      'kind: PersistentVolumeClaim',
      'metadata: {name: c1}',
      'spec: {volumeName: nfs}',
      '---',
      'apiVersion: v1',
      'kind: PersistentVolumeClaim',
      'metadata: {name: c3}',
      'spec: {storageClassName: manual}',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p, namespace: dev}',
      'spec:',
      '  containers: [{name: c, image: "a:1", volumeMounts: [{name: a, mountPath: /a}, {name: b, mountPath: /b}, {name: c, mountPath: /c}]}]',
      '  volumes:',
      '  - {name: a, persistentVolumeClaim: {claimName: c1}}',
      '  - {name: b, persistentVolumeClaim: {claimName: c2}}',
      '  - {name: c, persistentVolumeClaim: {claimName: c3}}',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'x.yaml', text }], { env: {} });
    expect(rows(r.findings)).toEqual([]);
    expect(r.errors).toEqual([]);
  });
});
