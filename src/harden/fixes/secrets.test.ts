import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';
import { secretFromEnvironment } from './secrets.js';

const only = ['BW-0026'];
// The fallback fix alone: with every fix, BW-0026 findings get secret files first (secret-files.test.ts).
const fixes = [secretFromEnvironment];
const note = (n: string) => `# bulwark: the value of ${n} was removed from this file: set ${n} in the environment (or use a secret file)`;

describe('BW-0026 fallback fix: take a literal secret out of the file (unsafe, R-S, CIS 4.10)', () => {
  const text =
    'services:\n  a:\n    image: x\n    environment:\n      DB_PASSWORD: "hunter2-Secret"   # rotate\n      MODE: fast\n  b:\n    image: y\n    environment:\n      - API_TOKEN=ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  c:\n    image: z\n    environment: {SECRET_KEY: abcdefgh12345678}\n';

  it('Compose: map, list and flow forms become ${NAME}, with a bulwark comment in block forms', async () => {
    expect((await hardenText({ path: 'compose.yaml', text }, { only, fixes })).output).toBe(text);
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true, fixes });
    expect(r.output).toBe(
      `services:\n  a:\n    image: x\n    environment:\n      DB_PASSWORD: \${DB_PASSWORD}  ${note('DB_PASSWORD')}   # rotate\n      MODE: fast\n  b:\n    image: y\n    environment:\n      - API_TOKEN=\${API_TOKEN}  ${note('API_TOKEN')}\n  c:\n    image: z\n    environment: {SECRET_KEY: "\${SECRET_KEY}"}\n`,
    );
    expect(r.changes.map((c) => [c.target, c.line, c.column])).toEqual([
      ['a', 5, 7],
      ['b', 10, 9],
      ['c', 13, 19],
    ]);
  });

  it('never shows the values in the masked texts used for diffs', async () => {
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true, fixes });
    for (const t of [r.masked.original, r.masked.output]) {
      expect(t).not.toContain('hunter2');
      expect(t).not.toContain('ghp_');
      expect(t).not.toContain('abcdefgh');
    }
    expect(r.masked.original).toContain('DB_PASSWORD: "**************"   # rotate');
  });

  it('run line: -e NAME=value becomes -e NAME (passthrough), one bulwark line above the command', async () => {
    const run = '#!/bin/sh\ndocker run -d \\\n  -e DB_PASSWORD=hunter2-Secret \\\n  --env="API_TOKEN=ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \\\n  -e MODE=fast \\\n  busybox\n';
    const r = await hardenText({ path: 'x.sh', text: run }, { only, unsafe: true, fixes });
    expect(r.output).toBe(
      '#!/bin/sh\n# bulwark: the values of DB_PASSWORD, API_TOKEN were removed from this file: set them in the environment (or use secret files)\ndocker run -d \\\n  -e DB_PASSWORD \\\n  --env=API_TOKEN \\\n  -e MODE=fast \\\n  busybox\n',
    );
    expect(r.masked.original).toBe('#!/bin/sh\ndocker run -d \\\n  -e DB_PASSWORD=************** \\\n  --env="API_TOKEN=****************************************" \\\n  -e MODE=fast \\\n  busybox\n');
    const one = await hardenText({ path: 'x.sh', text: 'docker run -e DB_PASSWORD=hunter2-Secret busybox\n' }, { only, unsafe: true, fixes });
    expect(one.output).toBe(`${note('DB_PASSWORD')}\ndocker run -e DB_PASSWORD busybox\n`);
  });

  it('leaves values already taken from the environment', async () => {
    const t = 'services:\n  a:\n    image: x\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n';
    expect((await hardenText({ path: 'compose.yaml', text: t }, { only, unsafe: true, fixes })).changes).toEqual([]);
  });
});

/** A Pod manifest with container `app` (extra container lines after its image) and extra pod spec lines before `containers`. */
const k8sPod = (container = '', pod = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${pod}  containers:\n  - name: app\n    image: busybox:1.36\n${container}`;

describe('BW-0026 fix on Kubernetes: valueFrom.secretKeyRef', () => {
  it('a literal value becomes a reference to <workload>-secrets; the value is written nowhere', async () => {
    const text = k8sPod('    env:\n    - name: DB_PASSWORD\n      value: "s3cr3t-Pa55word"  # prod\n    - {name: API_TOKEN, value: tok-9f8e7d6c5b4a39281706}\n');
    const r = await hardenText({ path: 'pod.yaml', text }, { only: ['BW-0026'], unsafe: true });
    expect(r.output).toBe(
      k8sPod(
        '    env:\n    - name: DB_PASSWORD\n      valueFrom:\n        secretKeyRef:\n          name: p-secrets\n' +
          "          key: DB_PASSWORD  # bulwark: create the Secret first, in the pod's namespace: kubectl create secret generic p-secrets --from-literal=DB_PASSWORD=…  # prod\n" +
          '    - {name: API_TOKEN, valueFrom: {secretKeyRef: {name: p-secrets, key: API_TOKEN}}}\n',
      ),
    );
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.title}`)).toEqual([
      '10:7 take the secret out of the manifest: the env entry reads it from a Secret (valueFrom.secretKeyRef)',
      '12:7 take the secret out of the manifest: the env entry reads it from a Secret (valueFrom.secretKeyRef)',
    ]);
    expect(r.output).not.toMatch(/s3cr3t|tok-9f8e/);
  });
});
