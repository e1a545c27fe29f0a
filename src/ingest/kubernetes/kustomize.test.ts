/**
 * Inline patches of a kustomization (`patches: - patch: |-`, `patchesStrategicMerge: - |-`, JSON 6902 operation
 * lists with a `target`) are read in place as manifests: a kustomization that holds one is audited (a directory
 * of overlays is no longer "nothing to audit"), positions in the kustomization's own lines.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, auditSources } from '../../engine/audit.js';
import type { Finding } from '../../engine/types.js';
import { detectKind } from '../detect.js';

const row = (f: Finding) =>
  `${f.location.startLine}:${f.location.startColumn}-${f.location.endLine}:${f.location.endColumn} ${f.ruleId} ${f.severity}${f.certainty === 'unknown' ? ' unknown' : ''} ${f.target.name}@${f.target.workload?.kind} ${f.target.workload?.name}`;

const OVERLAY = [
  'resources:',
  '- ../base',
  'patches:',
  '- patch: |-',
  '    apiVersion: apps/v1',
  '    kind: Deployment',
  '    metadata:',
  '      name: web',
  '    spec:',
  '      template:',
  '        spec:',
  '          hostPID: true',
  '          containers:',
  '          - name: web',
  '            securityContext:',
  '              privileged: true',
  '',
].join('\n');
const BASE = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web}', 'spec:', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: web}}', '    spec:', '      containers:', '      - name: web', '        image: nginx:1.25', ''].join('\n');

describe('kustomization inline patches', () => {
  it('a kustomization with an inline patch is a Kubernetes input; one without stays unaudited', () => {
    expect(detectKind('overlays/prod/kustomization.yaml', OVERLAY)).toBe('kubernetes');
    expect(detectKind('overlays/prod/Kustomization', OVERLAY)).toBe('kubernetes');
    expect(detectKind('base/kustomization.yaml', 'resources:\n- deploy.yaml\npatches:\n- path: patch.yaml\n')).toBe(undefined);
  });

  it('a strategic-merge fragment in `patches` is audited at the kustomization lines, as a patch (what it leaves out is unknown)', async () => {
    const r = await auditSources([{ path: 'overlays/prod/kustomization.yaml', text: OVERLAY }], { env: {} });
    expect(r.findings.filter((f) => ['BW-0001', 'BW-0016', 'BW-0004', 'BW-0007'].includes(f.ruleId)).map(row)).toEqual([
      '12:11-12:24 BW-0016 high web@Deployment web',
      '14:13-14:22 BW-0004 medium unknown web@Deployment web',
      '14:13-14:22 BW-0007 medium unknown web@Deployment web',
      '16:15-16:31 BW-0001 critical web@Deployment web',
    ]);
    expect(r.errors).toEqual([]);
  });

  it('the overlay directory is audited from disk: findings in the kustomization beside the base', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-kz-'));
    try {
      mkdirSync(join(dir, 'base'));
      mkdirSync(join(dir, 'overlays', 'prod'), { recursive: true });
      writeFileSync(join(dir, 'base', 'deploy.yaml'), BASE);
      writeFileSync(join(dir, 'base', 'kustomization.yaml'), 'resources:\n- deploy.yaml\n');
      writeFileSync(join(dir, 'overlays', 'prod', 'kustomization.yaml'), OVERLAY);
      const r = await audit(['overlays/prod'], { cwd: dir, env: {}, config: {} });
      expect(r.files.map((f) => `${f.path} ${f.kind} ${f.containers}`)).toEqual([join('overlays', 'prod', 'kustomization.yaml') + ' kubernetes 1']);
      expect(r.findings.filter((f) => f.severity === 'critical' || f.severity === 'high').map(row)).toEqual(['12:11-12:24 BW-0016 high web@Deployment web', '16:15-16:31 BW-0001 critical web@Deployment web']);
      expect(r.errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('`patchesStrategicMerge` block items; a folded patch is said to be unaudited', async () => {
    const text = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'patchesStrategicMerge:',
      '- deploy-patch.yaml',
      '- |-',
      '  apiVersion: v1',
      '  kind: Pod',
      '  metadata: {name: p}',
      '  spec: {hostNetwork: true, containers: [{name: c}]}',
      'patches:',
      '- patch: >-',
      '    apiVersion: apps/v1',
      '    kind: Deployment',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'kustomization.yaml', text }], { env: {} });
    expect(r.findings.filter((f) => f.severity === 'high' || f.severity === 'critical').map(row)).toEqual(['9:10-9:27 BW-0015 high c@Pod p']);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.code} ${e.message}`)).toEqual([
      '11:10 unsupported inline patch of patches not audited: only a literal block (patch: |-) or a one-line string without escapes is read in place; audit the output of `kubectl kustomize`',
    ]);
  });

  it('JSON 6902 operations: add/replace values at their pointers, located at the pointer segment and the value', async () => {
    const text = [
      'patches:',
      '- target: {kind: Deployment, name: web}',
      '  patch: |-',
      '    - op: add',
      '      path: /spec/template/spec/containers/0/securityContext/privileged',
      '      value: true',
      '    - op: replace',
      '      path: /spec/template/spec/hostNetwork',
      '      value: true',
      '- target: {kind: Deployment, name: api}',
      '  patch: \'[{"op": "add", "path": "/spec/template/spec/containers/-", "value": {"name": "dbg", "image": "busybox:1", "securityContext": {"capabilities": {"add": ["SYS_ADMIN"]}}}}]\'',
      '- target: {kind: Deployment, name: web}',
      '  patch: |-',
      '    - {op: replace, path: /spec/replicas, value: 3}',
      '- target: {kind: DaemonSet, name: ds}',
      '  patch: |-',
      '    - {op: add, path: /spec/template/spec/hostPID, value: true}',
      'patchesJson6902:',
      '- target: {group: apps, version: v1, kind: StatefulSet, name: db}',
      '  patch: |',
      '    - op: add',
      '      path: "/spec/template/spec/volumes/-"',
      '      value: {name: root, hostPath: {path: /}}',
      '    - op: add',
      '      path: /spec/template/spec/containers/0/volumeMounts',
      '      value: [{name: root, mountPath: /host}]',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'kustomization.yaml', text }], { env: {} });
    expect(r.findings.filter((f) => ['BW-0001', 'BW-0002', 'BW-0011', 'BW-0015', 'BW-0016', 'BW-0004'].includes(f.ruleId)).map(row)).toEqual([
      '5:13-5:72 BW-0004 medium unknown containers[0]@Deployment web',
      '5:62-6:18 BW-0001 critical containers[0]@Deployment web',
      '8:33-9:18 BW-0015 high containers[0]@Deployment web',
      '11:80-11:93 BW-0004 medium unknown dbg@Deployment api',
      '11:162-11:173 BW-0002 critical dbg@Deployment api',
      // The DaemonSet patch sets only a pod field: it applies to every container of the DaemonSet (a stand-in at the
      // pointer's `spec` segment), the host PID namespace at the value.
      '17:38-17:42 BW-0004 medium unknown containers[*]@DaemonSet ds',
      '17:43-17:63 BW-0016 high containers[*]@DaemonSet ds',
      '23:38-23:45 BW-0011 critical containers[0]@StatefulSet db',
      '25:13-25:58 BW-0004 medium unknown containers[0]@StatefulSet db',
    ]);
    // The replicas patch touches no pod: no note.
    expect(r.errors).toEqual([]);
  });

  // A patch of pod-level fields only (no `containers:`): they apply to every container of the target workload.
  const POD_LEVEL = [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    '- ../../base',
    'patches:',
    '- patch: |-',
    '    apiVersion: apps/v1',
    '    kind: Deployment',
    '    metadata:',
    '      name: web',
    '    spec:',
    '      template:',
    '        spec:',
    '          hostNetwork: true',
    '          hostPID: true',
    '          securityContext:',
    '            runAsUser: 0',
    'patchesStrategicMerge:',
    '- |-',
    '  apiVersion: v1',
    '  kind: Pod',
    '  metadata: {name: p}',
    '  spec: {hostIPC: true}',
    '- |-',
    '  apiVersion: apps/v1',
    '  kind: Deployment',
    '  metadata: {name: web}',
    '  spec: {template: {spec: {nodeSelector: {disk: ssd}}}}',
    '',
  ].join('\n');

  it('a strategic-merge patch of pod-level fields only applies them to the workload\'s containers (a stand-in at the pod spec key)', async () => {
    const r = await auditSources([{ path: 'overlays/prod/kustomization.yaml', text: POD_LEVEL }], { env: {} });
    expect(r.files.map((f) => `${f.path} ${f.kind} ${f.containers}`)).toEqual(['overlays/prod/kustomization.yaml kubernetes 2']);
    expect(r.findings.filter((f) => ['BW-0004', 'BW-0005', 'BW-0015', 'BW-0016', 'BW-0017'].includes(f.ruleId)).map(row)).toEqual([
      '14:11-14:28 BW-0015 high containers[*]@Deployment web',
      '15:11-15:24 BW-0016 high containers[*]@Deployment web',
      '17:13-17:25 BW-0005 high containers[*]@Deployment web',
      '23:3-23:7 BW-0004 medium unknown containers[*]@Pod p',
      '23:10-23:23 BW-0017 high containers[*]@Pod p',
    ]);
    // What the patch leaves out is the base's: unknown, never definite.
    expect(r.findings.filter((f) => f.target.name === 'containers[*]' && !['BW-0005', 'BW-0015', 'BW-0016', 'BW-0017'].includes(f.ruleId)).every((f) => f.certainty === 'unknown')).toBe(true);
    expect(r.errors).toEqual([]);
  });

  it('a patch file of pod-level fields only, audited as a manifest of its own, is read the same way', async () => {
    const text = ['apiVersion: apps/v1', 'kind: DaemonSet', 'metadata:', '  name: agent', 'spec:', '  template:', '    spec:', '      hostPID: true', '      hostUsers: true', ''].join('\n');
    const r = await auditSources([{ path: 'overlays/prod/ds-patch.yaml', text, kind: 'kubernetes' }], { env: {} });
    expect(r.findings.filter((f) => ['BW-0016', 'BW-0019'].includes(f.ruleId)).map(row)).toEqual(['8:7-8:20 BW-0016 high containers[*]@DaemonSet agent', '9:7-9:22 BW-0019 medium containers[*]@DaemonSet agent']);
    expect(r.errors).toEqual([]);
  });
});
