/**
 * A Kubernetes container's finding names the object that holds it (`target.workload`: kind, metadata.name,
 * metadata.namespace): two Deployments of one manifest may each run a container `app`, and a report, the
 * compliance view (CIS 5.5 per container) and SARIF fingerprints must tell them apart (qa-a 9; R-G14).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { complianceView } from '../../compliance/index.js';
import { allRules } from '../../rules/index.js';
import { renderSarif, renderText } from '../../report/index.js';
import { FINGERPRINT_KEY } from '../../report/sarif.js';

const TWO = `apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: backend}
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext: {privileged: true}
`;

describe('Kubernetes targets name their workload', () => {
  it('each finding carries kind, name and namespace of its object', async () => {
    const r = await auditSources([{ path: 'two.yaml', text: TWO, kind: 'kubernetes' }], { env: {} });
    const priv = r.findings.filter((f) => f.ruleId === 'BW-0001');
    expect(priv.map((f) => [f.target, f.location.startLine, f.location.startColumn])).toEqual([[{ kind: 'container', name: 'app', workload: { kind: 'Deployment', name: 'backend' } }, 20, 29]]);
    expect(new Set(r.findings.map((f) => JSON.stringify(f.target)))).toEqual(
      new Set([JSON.stringify({ kind: 'container', name: 'app', workload: { kind: 'Deployment', name: 'frontend', namespace: 'shop' } }), JSON.stringify({ kind: 'container', name: 'app', workload: { kind: 'Deployment', name: 'backend' } })]),
    );
    const text = renderText(r, { color: false });
    expect(text.split('\n').filter((l) => /^  container /.test(l))).toEqual(['  container app in Deployment shop/frontend', '  container app in Deployment backend']);
    const prints = JSON.parse(renderSarif(r, { cwd: '/' })).runs[0].results.filter((x: { ruleId: string }) => x.ruleId === 'BW-0008').map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints[FINGERPRINT_KEY]);
    expect(prints).toHaveLength(2);
    expect(prints[0].split(':')[0]).not.toBe(prints[1].split(':')[0]);
  });

  it('the compliance view fails CIS 5.5 for the privileged Deployment only', async () => {
    const r = await auditSources([{ path: 'two.yaml', text: TWO, kind: 'kubernetes' }], { env: {} });
    const targets = [
      { kind: 'container', name: 'app', workload: { kind: 'Deployment', name: 'frontend', namespace: 'shop' }, file: 'two.yaml', source: 'kubernetes' },
      { kind: 'container', name: 'app', workload: { kind: 'Deployment', name: 'backend' }, file: 'two.yaml', source: 'kubernetes' },
    ];
    const view = complianceView(r, allRules, targets);
    expect(view.map((t) => [t.workload?.name, t.results.find((x) => x.id === '5.5')?.status])).toEqual([
      ['frontend', 'pass'],
      ['backend', 'fail'],
    ]);
  });
});
