/**
 * qa17 (R-S: secrets masked in every output): a README's PowerShell block sets `$env:DB_PASSWORD = "P@ssw0rd!"`
 * then runs `docker run -e DB_PASSWORD=$env:DB_PASSWORD …`; the text report's snippet showed the password (the
 * assignment is a command to bash, so it was not masked). cmd's `set API_TOKEN=…` likewise. A bash block's
 * `export REDIS_PASSWORD=…`, `--log-opt splunk-token=…` and `--requirepass …` were not masked in Markdown either
 * (the ingester dropped the ranges a script gets).
 */
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../model/source.js';
import { auditSources } from '../../engine/audit.js';
import { ingestMarkdown } from './index.js';

const TEXT = [
  '```powershell',
  '$env:DB_PASSWORD = "P@ssw0rd!"',
  "$token = 'tok_9f8e7d6c5b4a'",
  '$env:TZ = "Europe/Paris"',
  'docker run -d --name ps1 `',
  '  -e DB_PASSWORD=$env:DB_PASSWORD `',
  '  alpine:3.20 top',
  '```',
  '',
  '```bash',
  'export REDIS_PASSWORD=r3d1sP4ssw0rd',
  'docker run -d --name sh1 --log-opt splunk-token=176FCEBF-4CF5-4EDF-91BC-703796522D20 -e REDIS_PASSWORD redis:7.4 redis-server --requirepass sup3rs3cr3tpw',
  '```',
  '',
  '```bat',
  'set API_TOKEN=abc123def456',
  'docker run -d --name cmd1 -e API_TOKEN=%API_TOKEN% alpine:3.20 top',
  '```',
  '',
].join('\n');

describe('Windows block assignments are masked (qa17)', () => {
  it('PowerShell $env:NAME = / $name = and cmd set NAME= values with secret names are secret ranges', async () => {
    const file = new SourceFile('README.md', TEXT);
    const r = await ingestMarkdown(file, { env: {}, readFile: async () => undefined });
    expect((r.secretRanges ?? []).map((x) => TEXT.slice(x.start, x.end)).sort()).toEqual(['176FCEBF-4CF5-4EDF-91BC-703796522D20', 'P@ssw0rd!', 'abc123def456', 'r3d1sP4ssw0rd', 'sup3rs3cr3tpw', 'tok_9f8e7d6c5b4a']);
  });
  it('the text report never shows them', async () => {
    const res = await auditSources([{ path: 'README.md', text: TEXT }], { env: {} });
    const { renderText } = await import('../../report/text.js');
    const out = String(renderText(res, { color: false }));
    expect(out).toContain('Europe/Paris');
    for (const s of ['P@ssw0rd!', 'tok_9f8e7d6c5b4a', 'abc123def456', 'r3d1sP4ssw0rd', '176FCEBF-4CF5-4EDF-91BC-703796522D20', 'sup3rs3cr3tpw']) expect(out).not.toContain(s);
  });
});
