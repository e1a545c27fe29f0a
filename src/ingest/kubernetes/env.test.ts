/**
 * Kubernetes env `$(VAR)` references (pod.ts `expandEnv`, R-S): a secret written around a reference is still
 * written in the file, and a reference to a `valueFrom` entry is not a written secret.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expandEnv } from './pod.js';
import { auditManifest, ingestText } from './test-helpers.js';

const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: app:1.0
    env:
    - name: DB_HOST
      value: postgres
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef: {name: db, key: password}
    - name: NODE_IP
      valueFrom:
        fieldRef: {fieldPath: status.hostIP}
    - name: DATABASE_URL
      value: postgresql://app:$(DB_PASSWORD)@$(DB_HOST):5432/app
    - name: REDIS_URL
      value: redis://:r3dis-Passw0rd@$(DB_HOST):6379/0
    - name: AMQP_URL
      value: amqp://guest:Gu3st-Pass@$(NODE_IP):5672/
    - name: ESCAPED
      value: $$(DB_HOST)
    - name: LATER
      value: $(DEFINED_AFTER)
    - name: DEFINED_AFTER
      value: x
`;

describe('Kubernetes env: $(VAR) references expanded as the kubelet does', async () => {
  const { r } = await ingestText(MANIFEST);
  const env = r.containers[0].env;

  it('models each entry: literal when every reference has a literal value, else interpolated with ${NAME} for the unknown part', () => {
    expect(r.errors).toEqual([]);
    expect(env.map((e) => [e.name, e.kind, e.value])).toEqual([
      ['DB_HOST', 'literal', 'postgres'],
      ['DATABASE_URL', 'interpolated', 'postgresql://app:${DB_PASSWORD}@postgres:5432/app'],
      ['REDIS_URL', 'literal', 'redis://:r3dis-Passw0rd@postgres:6379/0'],
      ['AMQP_URL', 'interpolated', 'amqp://guest:Gu3st-Pass@${NODE_IP}:5672/'],
      ['ESCAPED', 'literal', '$(DB_HOST)'],
      ['LATER', 'interpolated', '${DEFINED_AFTER}'],
      ['DEFINED_AFTER', 'literal', 'x'],
    ]);
  });

  it('BW-0026 reports the passwords written around a reference (high when the rest is literal), not the secretKeyRef one', async () => {
    const { findings, errors } = await auditManifest(MANIFEST);
    expect(errors).toEqual([]);
    const secret = findings.filter((f) => f.ruleId === 'BW-0026');
    expect(secret.map((f) => [f.data.name, f.data.kind, f.severity, f.location.startLine, f.location.startColumn])).toEqual([
      ['REDIS_URL', 'literal', 'high', 20, 7],
      // The password is written in the file; only the host is a reference: high.
      ['AMQP_URL', 'interpolated', 'high', 22, 7],
    ]);
    expect(secret.map((f) => f.message.includes('url-credentials'))).toEqual([true, true]);
  });
});

describe('expandEnv', () => {
  const known = new Map<string, string | undefined>([
    ['A', 'alpha'],
    ['S', undefined],
  ]);
  it.each([
    ['$(A)-$(A)', 'alpha-alpha', true],
    ['$$(A)', '$(A)', true],
    ['$$$(A)', '$alpha', true],
    ['$(S)', '${S}', false],
    ['$(NOPE)', '${NOPE}', false],
    ['$(A', '$(A', true],
    ['cost $5', 'cost $5', true],
    ['end$', 'end$', true],
  ])('%s → %s (resolved %s)', (raw, value, resolved) => {
    expect(expandEnv(raw, known)).toEqual({ value, resolved });
  });

  it('text without $ is unchanged and resolved', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('$')),
        (s) => {
          expect(expandEnv(s, known)).toEqual({ value: s, resolved: true });
        },
      ),
    );
  });

  it('a reference to a literal is replaced by it, wherever it stands', () => {
    const word = fc.string().filter((s) => !s.includes('$'));
    fc.assert(
      fc.property(word, word, word, (pre, v, post) => {
        expect(expandEnv(`${pre}$(K)${post}`, new Map([['K', v]]))).toEqual({ value: `${pre}${v}${post}`, resolved: true });
      }),
    );
  });
});
