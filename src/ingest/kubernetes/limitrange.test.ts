/**
 * A LimitRange of the container's namespace (Kubernetes "Limit Ranges": `type: Container` items' `default.memory`
 * and `default.cpu`, set by the LimitRanger admission plugin as the limit of a container that sets none) gives the
 * containers of a workload their limits: written in the same manifest or in one beside it (the same directory),
 * in the same namespace (`default` when not written). BW-0008 / BW-0009 are not reported for them.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import type { Finding } from '../../engine/types.js';
import { ingestText } from './test-helpers.js';

const rows = (findings: Finding[]) =>
  findings.filter((f) => f.ruleId === 'BW-0008' || f.ruleId === 'BW-0009').map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity}`);

const limitRange = (ns: string | undefined, def: string, type = 'Container') => [
  'apiVersion: v1',
  'kind: LimitRange',
  `metadata: {name: defaults${ns ? `, namespace: ${ns}` : ''}}`,
  'spec:',
  '  limits:',
  `  - type: ${type}`,
  `    default: ${def}`,
  '    defaultRequest: {memory: 256Mi, cpu: 100m}',
];
const deployment = (ns: string | undefined) => [
  'apiVersion: apps/v1',
  'kind: Deployment',
  `metadata: {name: web${ns ? `, namespace: ${ns}` : ''}}`,
  'spec:',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers:',
  '      - name: web',
  '        image: acme/web:1.0',
  '        resources:',
  '          requests: {memory: 128Mi, cpu: 50m}',
];
const doc = (...parts: string[][]) => parts.map((p) => p.join('\n')).join('\n---\n') + '\n';

describe('LimitRange container defaults (QA d8)', () => {
  it('a LimitRange of the namespace in the same manifest: no BW-0008 / BW-0009, the limits modelled at its default entries', async () => {
    const text = doc(limitRange('apps', '{memory: 512Mi, cpu: 500m}'), deployment('apps'));
    const r = await auditSources([{ path: 'd8.yaml', text }], { env: {} });
    expect(rows(r.findings)).toEqual([]);
    expect(r.errors).toEqual([]);
    const { r: res, at } = await ingestText(text, 'd8.yaml');
    const { memory, nanoCpus } = res.containers[0].resources;
    expect([memory?.value, memory?.how, memory?.raw]).toEqual([512 * 1024 * 1024, 'default', '512Mi (default of LimitRange apps/defaults)']);
    expect([nanoCpus?.value, nanoCpus?.how, nanoCpus?.raw]).toEqual([500_000_000, 'default', '500m (default of LimitRange apps/defaults)']);
    expect([at(memory!.origin), at(nanoCpus!.origin)]).toEqual(['7:15-7:28', '7:30-7:39']);
  });

  it('only default.memory: BW-0009 still reported; no namespace on either side is namespace default', async () => {
    const text = doc(limitRange(undefined, '{memory: 512Mi}'), deployment(undefined));
    const r = await auditSources([{ path: 'd.yaml', text }], { env: {} });
    expect(rows(r.findings)).toEqual(['d.yaml:19:9 BW-0009 low']);
  });

  it('another namespace, an unwritten one against apps, or a Pod-type item: both still reported', async () => {
    for (const [lr, dep] of [
      [limitRange('apps', '{memory: 512Mi, cpu: 500m}'), deployment('shop')],
      [limitRange(undefined, '{memory: 512Mi, cpu: 500m}'), deployment('apps')],
      [limitRange('apps', '{memory: 512Mi, cpu: 500m}', 'Pod'), deployment('apps')],
    ]) {
      const r = await auditSources([{ path: 'd.yaml', text: doc(lr, dep) }], { env: {} });
      expect(rows(r.findings)).toEqual(['d.yaml:19:9 BW-0008 medium', 'd.yaml:19:9 BW-0009 low']);
    }
  });

  it('a LimitRange in another manifest of the same directory applies; one in another directory does not', async () => {
    const beside = await auditSources(
      [
        { path: 'k8s/limitrange.yaml', text: doc(limitRange('apps', '{memory: 512Mi, cpu: 500m}')) },
        { path: 'k8s/deploy.yaml', text: doc(deployment('apps')) },
      ],
      { env: {} },
    );
    expect(rows(beside.findings)).toEqual([]);
    const apart = await auditSources(
      [
        { path: 'other/limitrange.yaml', text: doc(limitRange('apps', '{memory: 512Mi, cpu: 500m}')) },
        { path: 'k8s/deploy.yaml', text: doc(deployment('apps')) },
      ],
      { env: {} },
    );
    expect(rows(apart.findings)).toEqual(['k8s/deploy.yaml:10:9 BW-0008 medium', 'k8s/deploy.yaml:10:9 BW-0009 low']);
  });
});
