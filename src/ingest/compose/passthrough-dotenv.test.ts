/**
 * An `environment` entry written without a value (`- DB_PASSWORD`, `API_TOKEN:`) takes its value from the shell
 * docker compose runs in or, when the shell does not set it, from the project's `.env` (Docker docs "Set
 * environment variables within your container's environment": "from the shell … or from the environment
 * files"; compose-go resolves value-less entries through the project's environment). A `.env` beside the
 * Compose file that holds the secret makes it known: BW-0026 reports it as taken from `.env` (medium, as
 * `${DB_PASSWORD}` filled in from the same file is), not as passed through from an unknown caller (low).
 * R-S, CIS 1.6.0 4.10.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';

const COMPOSE = `services:
  db:
    image: postgres:16
    environment:
      - POSTGRES_PASSWORD
      - TZ
  api:
    image: example/api:1.0
    environment:
      API_TOKEN:
      LOG_LEVEL:
`;
const DOTENV = 'POSTGRES_PASSWORD=Sup3rS3cretPw\nAPI_TOKEN=tok_live_8f3a9c2d7e\n';

const secretFindings = (r: Awaited<ReturnType<typeof auditSources>>) =>
  r.findings
    .filter((f) => f.ruleId === 'BW-0026')
    .map((f) => [f.target.name, f.location.file, f.location.startLine, f.location.startColumn, f.severity, (f.data as { kind: string }).kind, f.message.match(/\(([^)]*)\)/)?.[1]]);

describe('value-less environment entries resolved from .env (BW-0026)', () => {
  it('a secret the .env gives is reported as taken from it, medium, at the entry', async () => {
    const r = await auditSources([{ path: 'app/compose.yaml', text: COMPOSE }, { path: 'app/.env', text: DOTENV }], { env: {} });
    expect(secretFindings(r)).toEqual([
      ['db', 'app/compose.yaml', 5, 9, 'medium', 'interpolated', 'password, taken from .env by docker compose'],
      ['api', 'app/compose.yaml', 10, 7, 'medium', 'interpolated', 'token, taken from .env by docker compose'],
    ]);
    for (const out of [renderText(r, { color: false }), renderJson(r)]) {
      expect(out).not.toContain('Sup3rS3cretPw');
      expect(out).not.toContain('tok_live_8f3a9c2d7e');
    }
  });

  it('without a .env, or when the environment bulwark runs in sets the variable, it stays a passthrough (low)', async () => {
    const none = await auditSources([{ path: 'app/compose.yaml', text: COMPOSE }], { env: {} });
    expect(secretFindings(none).map((f) => [f[0], f[4], f[5]])).toEqual([
      ['db', 'low', 'passthrough'],
      ['api', 'low', 'passthrough'],
    ]);
    const shell = await auditSources([{ path: 'app/compose.yaml', text: COMPOSE }, { path: 'app/.env', text: DOTENV }], { env: { API_TOKEN: 'x' } });
    expect(secretFindings(shell).map((f) => [f[0], f[4], f[5]])).toEqual([
      ['db', 'medium', 'interpolated'],
      ['api', 'low', 'passthrough'],
    ]);
  });
});
