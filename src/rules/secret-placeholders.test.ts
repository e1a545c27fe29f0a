/**
 * QA: documentation placeholders shaped like a provider's token (`sk-...`, `sk-proj-...`, `hf_...`, `ghp_xxxx…`,
 * `sk-xxxx…`) or written as a bracketed name (`[YOUR_TOKEN]`, `{{token}}`) were high "secret written in the file":
 * they are placeholders ({@link isPlaceholderValue}), reported at info like `...` and `<your-token>`, in every
 * ingester (the shared classifier, src/rules/util/secrets.ts). Real tokens, and tokens with a few `x`s in them, stay
 * high.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { isPlaceholderValue, isSecretEnv, looksLikeSecretValue, secretFormatOf } from './util/secrets.js';

const GHP_X = 'ghp_' + 'x'.repeat(36);
/** A GitHub token with a few `x`s in it: a real token's shape, not a placeholder. */
const GHP_REAL = 'ghp_xxxxA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';
const SK_PROJ_REAL = 'sk-proj-4fT9kQ2mZx7LpW3vRb8NcY1sHd6JgAeU0tVyXiKo5qMn';

async function secrets(files: Record<string, string>) {
  const r = await auditSources(Object.entries(files).map(([path, text]) => ({ path, text })), { env: {} });
  return r.findings
    .filter((f) => ['BW-0026', 'BW-0103', 'BW-0046'].includes(f.ruleId))
    .map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.message.split(':')[0]}`);
}

describe('token-shaped placeholders in a README block (QA, BW-0026)', () => {
  it('q1–q9: every one is an info placeholder; a real sk-proj- key and a token with some x in it stay high', async () => {
    const md = [
      '```bash',
      'docker run -d --name q1 -e OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxx acme/x:1',
      `docker run -d --name q2 -e GITHUB_TOKEN=${GHP_X} acme/x:1`,
      'docker run -d --name q3 -e OPENAI_API_KEY="sk-..." acme/x:1',
      'docker run -d --name q4 -e OPENAI_API_KEY=sk-proj-... acme/x:1',
      'docker run -d --name q5 -e TOKEN="[YOUR_TOKEN]" acme/x:1',
      'docker run -d --name q6 -e ANTHROPIC_API_KEY=sk-ant-... acme/x:1',
      'docker run -d --name q9 -e HF_TOKEN=hf_... acme/x:1',
      'docker run -d --name q8 -e API_KEY=... acme/x:1',
      `docker run -d --name r1 -e OPENAI_API_KEY=${SK_PROJ_REAL} acme/x:1`,
      `docker run -d --name r2 -e GITHUB_TOKEN=${GHP_REAL} acme/x:1`,
      '```',
      '',
    ].join('\n');
    const p = (line: number, name: string, kind: string) => `BW-0026 README.md:${line}:25 info placeholder for a secret in environment variable ${name} (${kind}, written in the file)`;
    expect(await secrets({ 'README.md': md })).toEqual([
      p(2, 'OPENAI_API_KEY', 'api-key'),
      p(3, 'GITHUB_TOKEN', 'token'),
      p(4, 'OPENAI_API_KEY', 'api-key'),
      p(5, 'OPENAI_API_KEY', 'api-key'),
      p(6, 'TOKEN', 'token'),
      p(7, 'ANTHROPIC_API_KEY', 'api-key'),
      p(8, 'HF_TOKEN', 'token'),
      p(9, 'API_KEY', 'api-key'),
      'BW-0026 README.md:10:25 high secret in environment variable OPENAI_API_KEY (api-key, written in the file)',
      'BW-0026 README.md:11:25 high secret in environment variable GITHUB_TOKEN (token, written in the file)',
    ]);
  });
});

describe('the same placeholders in Compose, Kubernetes, Dockerfile ENV/ARG and labels', () => {
  it('Compose environment and labels: placeholders info (or nothing under a name that says no secret), real tokens high', async () => {
    const compose = [
      'services:',
      '  app:',
      '    image: acme/x:1',
      '    environment:',
      '      OPENAI_API_KEY: sk-proj-...',
      `      GH_TOKEN: ${GHP_X}`,
      `      REAL_TOKEN: ${GHP_REAL}`,
      `      NOTE: ${GHP_X}`,
      '    labels:',
      '      com.example.token: "{{token}}"',
      `      com.example.hook: ${GHP_X}`,
      `      com.example.real: ${GHP_REAL}`,
      '',
    ].join('\n');
    expect(await secrets({ 'compose.yaml': compose })).toEqual([
      'BW-0026 compose.yaml:5:7 info placeholder for a secret in environment variable OPENAI_API_KEY (api-key, written in the file)',
      'BW-0026 compose.yaml:6:7 info placeholder for a secret in environment variable GH_TOKEN (token, written in the file)',
      'BW-0026 compose.yaml:7:7 high secret in environment variable REAL_TOKEN (token, written in the file)',
      'BW-0046 compose.yaml:12:25 high secret in label com.example.real (github-token, written in the file)',
    ]);
  });

  it('Kubernetes env: [YOUR_TOKEN] and sk-ant-... are info', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: acme/x:1\n      env:\n        - name: TOKEN\n          value: "[YOUR_TOKEN]"\n        - name: API_KEY\n          value: sk-ant-...\n';
    expect(await secrets({ 'k8s.yaml': pod })).toEqual([
      'BW-0026 k8s.yaml:10:11 info placeholder for a secret in environment variable TOKEN (token, written in the file)',
      'BW-0026 k8s.yaml:12:11 info placeholder for a secret in environment variable API_KEY (api-key, written in the file)',
    ]);
  });

  it('Dockerfile ARG and ENV: placeholders info, a real key high', async () => {
    const df = `FROM alpine:3.20\nARG HF_TOKEN=hf_...\nENV OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxx\nENV GITHUB_TOKEN="{{ github_token }}"\nENV OPENAI_KEY=${SK_PROJ_REAL}\nUSER 1000\n`;
    expect(await secrets({ Dockerfile: df })).toEqual([
      'BW-0103 Dockerfile:2:5 info ARG HF_TOKEN has a placeholder default for a secret',
      'BW-0103 Dockerfile:3:5 info ENV OPENAI_API_KEY holds a placeholder for a secret',
      'BW-0103 Dockerfile:4:5 info ENV GITHUB_TOKEN holds a placeholder for a secret',
      'BW-0103 Dockerfile:5:5 high ENV OPENAI_KEY stores a literal secret in the image config',
    ]);
  });
});

describe('isPlaceholderValue: token prefixes and bracketed names', () => {
  it.each(['sk-...', 'sk-proj-...', 'sk-ant-...', 'sk-ant-api03-...', 'hf_...', 'hf_…', GHP_X, 'sk-' + 'x'.repeat(24), 'glpat-********', 'AKIAXXXXXXXXXXXXXXXX', 'sk_live_00000000', 'xoxb-0000000000-xxxxxxxxxxxx', '[YOUR_TOKEN]', '[your api key]', '{API_KEY}', '{{token}}', '{{ .Values.apiKey }}'])(
    '%s is a placeholder',
    (v) => expect(isPlaceholderValue(v)).toBe(true),
  );
  it.each([GHP_REAL, SK_PROJ_REAL, 'sk-xxxx1', 'sk-xx', 'admin_0000', '["k1","k2"]', '[k1]x', '00000000', 'xoxb-0000000000-abcdefghijkl'])('%s is not a placeholder', (v) =>
    expect(isPlaceholderValue(v)).toBe(false),
  );
  it('a placeholder has no token format; the real tokens keep theirs', () => {
    expect(looksLikeSecretValue(GHP_X)).toBeUndefined();
    expect(secretFormatOf('sk-proj-' + 'x'.repeat(40))).toBeUndefined();
    expect(looksLikeSecretValue(GHP_REAL)).toEqual({ kind: 'github-token' });
    expect(looksLikeSecretValue(SK_PROJ_REAL)).toEqual({ kind: 'api-key' });
    expect(isSecretEnv('GITHUB_TOKEN', GHP_X)).toEqual({ by: 'name', kind: 'token', placeholder: true });
    expect(isSecretEnv('OPENAI_API_KEY', SK_PROJ_REAL)).toEqual({ by: 'name', kind: 'api-key' });
  });
});
