/**
 * Secret objects' values (`data`, `stringData`) are secrets written in the manifest: the ingester lists their
 * ranges so that no report shows them, not even in the code frame of a finding on the next line (R-S).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { render } from '../../report/index.js';
import { ingestText } from './test-helpers.js';

const MANIFEST = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Secret
  metadata: {name: creds}
  data:
    token: aHVudGVyMmh1bnRlcjI=
  stringData:
    password: hunter2hunter2
- apiVersion: extensions/v1beta1
  kind: Deployment
  metadata: {name: web}
  spec:
    template:
      spec:
        containers:
        - name: web
          image: nginx:1.27
`;

describe('Kubernetes Secret values are masked', () => {
  it('the ingester lists the range of each data and stringData value', async () => {
    const { r, at } = await ingestText(MANIFEST);
    expect(r.errors).toEqual([]);
    expect((r.secretRanges ?? []).map((s) => at({ kind: 'file', ...s }))).toEqual(['8:12-8:32', '10:15-10:29']);
  });

  it.each(['text', 'json', 'sarif', 'html'] as const)('%s: the removed-API finding on the next line shows no Secret value', async (format) => {
    const res = await auditSources([{ path: 'list.yaml', text: MANIFEST }]);
    expect(res.findings.filter((f) => f.ruleId === 'BW-0042').map((f) => f.location.startLine)).toEqual([11]);
    const out = render(res, format, { color: false });
    expect([out.includes('hunter2hunter2'), out.includes('aHVudGVyMmh1bnRlcjI=')]).toEqual([false, false]);
    // The text report's code frame does show line 10, masked.
    if (format === 'text') expect(out).toContain('10 |     password: **************');
  });
});

describe('Kubernetes env secrets are masked whatever rules run', () => {
  const POD = `apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
  containers:
  - name: db
    image: postgres:16
    env:
    - name: POSTGRES_PASSWORD
      value: s3cr3t-value-123
    securityContext: {privileged: true}
`;
  it('the ingester lists the secret env value; a finding next to it shows it masked with secret-in-environment off', async () => {
    const { r, at } = await ingestText(POD);
    expect(at(r.containers[0].env[0].valueOrigin!)).toBe('10:14-10:30');
    const { allRules } = await import('../../rules/index.js');
    const { audit } = await import('../../engine/audit.js');
    const res = await audit(['-'], { kind: 'kubernetes', stdin: POD, env: {}, config: {}, rules: allRules.filter((x) => x.meta.id === 'BW-0001') });
    expect(res.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([['BW-0001', 11]]);
    const out = render(res, 'text', { color: false });
    expect(out.includes('s3cr3t-value-123')).toBe(false);
    expect(out).toContain('10 |       value: ****************');
  });
});

describe('a secret written as a block scalar is masked with its layout kept (QA k8s)', () => {
  const POD = `apiVersion: v1
kind: Pod
metadata: {name: api}
spec:
  containers:
  - name: api
    image: ghcr.io/acme/api:1.4.2
    env:
    - name: API_TOKEN
      value: >-
        ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789
    securityContext: {privileged: true}
`;
  it('the header and the indentation stay, every character of the value is masked', async () => {
    const res = await auditSources([{ path: 'api.yaml', text: POD }]);
    expect(res.findings.filter((f) => f.ruleId === 'BW-0026').map((f) => f.location.startLine)).toEqual([9]);
    const out = render(res, 'text', { color: false });
    expect(out.includes('ghp_')).toBe(false);
    expect(out).toContain('10 |       value: >-\n');
    expect(out).toContain('11 |         ****************************************\n');
  });
});
