/**
 * A secret in a ConfigMap reaches the container's environment through `envFrom` `configMapRef` or `valueFrom`
 * `configMapKeyRef`: its value is written in the manifest, in an object Kubernetes neither encrypts at rest nor
 * guards with Secret RBAC (Kubernetes docs "ConfigMaps": "ConfigMap does not provide secrecy or encryption").
 * BW-0026 reports it (high, "written in ConfigMap …"), masked in every format (R-S, CIS 1.6.0 4.10). `env` wins over
 * `envFrom` by name; an `envFrom` `prefix` names the variables; a ConfigMap in another file is not known.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { renderJson } from '../../report/json.js';
import { renderSarif } from '../../report/sarif.js';
import { renderText } from '../../report/text.js';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: example/web:1.0
          envFrom:
            - configMapRef:
                name: app-config
            - prefix: LEGACY_
              configMapRef: { name: legacy }
          env:
            - name: API_KEY
              valueFrom:
                configMapKeyRef: { name: app-config, key: DB_PASSWORD }
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: { name: db, key: password }
`;
const CONFIGMAPS = `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  LOG_LEVEL: info
  DB_PASSWORD: Sup3rS3cretPw
  SESSION_SECRET: "f00dcafe-1234-beef"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: legacy
data:
  TOKEN: tok_8f3a9c2d7e1b
`;

const rows = (r: Awaited<ReturnType<typeof auditSources>>) =>
  r.findings
    .filter((f) => f.ruleId === 'BW-0026')
    .map((f) => [f.location.startLine, f.location.startColumn, f.severity, (f.data as { name: string }).name, f.message.match(/\(([^)]*)\)/)?.[1]]);

describe('Kubernetes: secrets in ConfigMaps given to the environment (BW-0026)', () => {
  it('envFrom configMapRef (with a prefix) and configMapKeyRef of ConfigMaps in the same manifest', async () => {
    const r = await auditSources([{ path: 'web.yaml', text: DEPLOY + CONFIGMAPS }]);
    expect(rows(r)).toEqual([
      [19, 15, 'high', 'API_KEY', 'api-key, written in ConfigMap app-config'],
      [33, 3, 'high', 'SESSION_SECRET', 'secret, written in ConfigMap app-config'],
      [40, 3, 'high', 'LEGACY_TOKEN', 'token, written in ConfigMap legacy'],
    ]);
    for (const out of [renderText(r, { color: false }), renderJson(r), renderSarif(r)]) {
      for (const secret of ['Sup3rS3cretPw', 'f00dcafe-1234-beef', 'tok_8f3a9c2d7e1b']) expect(out).not.toContain(secret);
    }
  });

  it('the env entry that takes DB_PASSWORD from a Secret replaces the ConfigMap one', async () => {
    const r = await auditSources([{ path: 'web.yaml', text: DEPLOY + CONFIGMAPS }]);
    const env = r.findings.filter((f) => (f.data as { name?: string }).name === 'DB_PASSWORD');
    expect(env).toEqual([]);
  });

  it('a ConfigMap in another file is not known: nothing reported', async () => {
    const r = await auditSources([{ path: 'web.yaml', text: DEPLOY }, { path: 'cm.yaml', text: CONFIGMAPS }]);
    expect(rows(r)).toEqual([]);
  });

  it('QA: a reference reads the ConfigMap of the pod\'s namespace, never another one; ConfigMaps in a List count', async () => {
    const cm = (ns: string, key: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n  namespace: ${ns}\ndata:\n  ${key}: ${value}\n`;
    const pod = (ns: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: ${ns}\nspec:\n  containers:\n    - name: web\n      image: example/web:1.0\n      envFrom:\n        - configMapRef: { name: app-config }\n`;
    const text = [cm('prod', 'DB_PASSWORD', 'Pr0dPassw0rd!'), cm('other', 'OTHER_PASSWORD', 'Oth3rPassw0rd!'), pod('prod')].join('---\n');
    const r = await auditSources([{ path: 'ns.yaml', text }]);
    expect(rows(r)).toEqual([[7, 3, 'high', 'DB_PASSWORD', 'password, written in ConfigMap app-config']]);
    const list = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: { name: app-config }\n    data:\n      API_TOKEN: tok_8f3a9c2d7e1b5a4f\n---\n${pod('default')}`;
    const l = await auditSources([{ path: 'list.yaml', text: list }]);
    expect(rows(l)).toEqual([[8, 7, 'high', 'API_TOKEN', 'token, written in ConfigMap app-config']]);
  });

  it('QA: a configMapKeyRef is judged by the ConfigMap key too (env name SINGLE, key DB_PASSWORD)', async () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  DB_PASSWORD: Pr0dPassw0rd!\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: example/web:1.0\n      env:\n        - name: SINGLE\n          valueFrom:\n            configMapKeyRef: { name: cfg, key: DB_PASSWORD }\n`;
    const r = await auditSources([{ path: 'key.yaml', text }]);
    expect(rows(r)).toEqual([[17, 11, 'high', 'SINGLE', 'password, written in ConfigMap cfg']]);
    expect(renderJson(r)).not.toContain('Pr0dPassw0rd!');
  });
});
