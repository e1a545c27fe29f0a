/**
 * A variable written twice in the list form of `environment` (docker-jitsi-meet's jicofo service has
 * `- JICOFO_AUTH_PASSWORD` and `- JICOFO_AUTH_PASSWORD=${JICOFO_AUTH_PASSWORD}`) is one variable in the
 * container: compose-go reads the list into a map, so the later entry wins (compose-spec `environment`;
 * `docker run -e K=a -e K=b` likewise). One `secret-in-environment` finding (R-S, CIS 4.10), at the entry that
 * reaches the container, not one per entry; the value of the overridden entry stays masked in every output.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { SourceFile } from '../../model/source.js';
import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';
import { ingestCompose } from './index.js';
import { chars, fakeCtx, ingestText } from './test-helpers.js';

const Y = `services:
  jicofo:
    image: jitsi/jicofo:stable-9584
    environment:
      - JICOFO_AUTH_PASSWORD
      - TZ=UTC
      - JICOFO_AUTH_PASSWORD=\${JICOFO_AUTH_PASSWORD}
  app:
    image: example/app:1.0
    environment:
      - DB_PASSWORD=hunter2hunter2
      - DB_PASSWORD
`;

describe('a variable written twice in an environment list', () => {
  it('model: one entry per name, the later one', async () => {
    const { r } = await ingestText(Y);
    const env = r.containers.map((c) => c.env.map((e) => `${e.name}:${e.kind}`));
    expect(env).toEqual([
      ['TZ:literal', 'JICOFO_AUTH_PASSWORD:interpolated'],
      ['DB_PASSWORD:passthrough'],
    ]);
  });

  it('audit: one secret-in-environment finding per variable, at the later entry', async () => {
    const r = await auditSources([{ path: 'compose.yml', text: Y }]);
    const got = r.findings
      .filter((f) => f.ruleId === 'BW-0026')
      .map((f) => [f.target.name, f.location.startLine, f.location.startColumn, f.severity, (f.data as { name: string; kind: string }).kind]);
    expect(got).toEqual([
      ['jicofo', 7, 9, 'medium', 'interpolated'],
      ['app', 12, 9, 'low', 'passthrough'],
    ]);
  });

  it('masks the overridden literal in the lines shown around the finding', async () => {
    const r = await auditSources([{ path: 'compose.yml', text: Y }]);
    const text = renderText(r, { color: false });
    expect(text).toContain('11 |       - DB_PASSWORD=**************\n');
    for (const out of [text, renderJson(r)]) expect(out).not.toContain('hunter2hunter2');
  });

  it('an override file or extends replacing a literal secret: the replaced value is still masked', async () => {
    const base = new SourceFile('compose.yml', 'services:\n  app:\n    image: a:1\n    environment:\n      DB_PASSWORD: hunter2base\n      API_URL: https://u:pa55word@api.example.com\n');
    const over = new SourceFile('compose.override.yml', 'services:\n  app:\n    environment:\n      DB_PASSWORD: ${DBPW}\n      API_URL: https://api.example.com\n');
    const r = await ingestCompose([base, over], fakeCtx());
    expect(r.containers[0].env.map((e) => `${e.name}:${e.kind}`)).toEqual(['DB_PASSWORD:interpolated', 'API_URL:literal']);
    const masked = (r.secretRanges ?? []).filter((m) => m.file === 'compose.yml').map((m) => chars(base, { kind: 'file', ...m }));
    expect(masked).toEqual(['hunter2base', 'https://u:pa55word@api.example.com']);
  });
});
