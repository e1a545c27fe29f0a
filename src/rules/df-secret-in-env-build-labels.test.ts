/**
 * BW-0103 on Compose `build.labels` (QA f1): a build label is `docker build --label` (compose-spec build.md "labels"),
 * written into the config of the image built, as a Dockerfile `LABEL` is (reported there as `LABEL holds a literal
 * credential`). A credential written there is reported at its characters, high, and masked in every output format
 * (R-S, CIS 1.6.0 4.10); a value from a variable is not written in the file (as for `build.args`).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { render } from '../report/index.js';

const TOKEN = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
const PW = 'hunter2hunter2x';
const MSG = (key: string, kind: string) => `build label ${key} holds a literal credential (${kind}): it is in the Compose file and the config of the image built (docker inspect)`;

async function rows(text: string) {
  const r = await auditSources([{ path: 'compose.yaml', text }], { env: {} });
  return {
    r,
    rows: r.findings
      .filter((f) => f.ruleId === 'BW-0103')
      .map((f) => `${f.location.startLine}:${f.location.startColumn}-${f.location.endColumn} ${f.severity} ${f.certainty} ${f.target.name} ${JSON.stringify(f.data)} ${f.message}`),
  };
}

describe('BW-0103: credentials in Compose build.labels (QA f1)', () => {
  it('map form: a token by its format, at the value, masked in every format', async () => {
    const text = `services:\n  app:\n    image: acme/app:1\n    build: {context: ., labels: {com.example.deploy_key: "${TOKEN}"}}\n`;
    const { r, rows: got } = await rows(text);
    expect(got).toEqual([`4:59-99 high definite app {"name":"com.example.deploy_key","kind":"build-label-literal"} ${MSG('com.example.deploy_key', 'github-token')}`]);
    for (const fmt of ['text', 'json', 'sarif', 'html'] as const) expect(render(r, fmt, { color: false }), fmt).not.toContain(TOKEN);
  });

  it('list form: a token, and a literal under a key that names a secret; a ${VAR} value is not reported', async () => {
    const text = [
      'services:',
      '  app:',
      '    image: acme/app:1',
      '    build:',
      '      context: .',
      '      labels:',
      `        - "com.example.deploy_key=${TOKEN}"`,
      `        - com.example.db_password=${PW}`,
      '        - com.example.api_token=${API_TOKEN}',
      '        - org.opencontainers.image.version=1.4.2',
      '',
    ].join('\n');
    const { r, rows: got } = await rows(text);
    expect(got).toEqual([
      `7:35-75 high definite app {"name":"com.example.deploy_key","kind":"build-label-literal"} ${MSG('com.example.deploy_key', 'github-token')}`,
      `8:35-50 high definite app {"name":"com.example.db_password","kind":"build-label-literal"} ${MSG('com.example.db_password', 'password')}`,
    ]);
    for (const fmt of ['text', 'json', 'sarif', 'html'] as const) {
      const out = render(r, fmt, { color: false });
      expect(out, fmt).not.toContain(TOKEN);
      expect(out, fmt).not.toContain(PW);
    }
  });

  it('an override\'s build.labels merge by key: the override\'s value is the one built', async () => {
    const base = `services:\n  app:\n    image: acme/app:1\n    build:\n      context: .\n      labels: {com.example.deploy_key: "${TOKEN}"}\n`;
    const over = 'services:\n  app:\n    build:\n      labels: {com.example.deploy_key: "${DEPLOY_KEY}"}\n';
    const alone = await auditSources([{ path: 'compose.yaml', text: base }], { env: {} });
    expect(alone.findings.filter((f) => f.ruleId === 'BW-0103').map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`)).toEqual(['compose.yaml:6:41']);
    const r = await auditSources([{ path: 'compose.yaml', text: base }, { path: 'compose.override.yaml', text: over }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0103')).toEqual([]);
  });
});
