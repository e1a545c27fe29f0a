/**
 * `KEY: ${VAR:-}` / `- KEY=${VAR-}` with `VAR` unset is filled in at deployment exactly like `KEY: ${VAR}`:
 * its value is not known here, so a secret name is reported as `interpolated` (R-S, CIS 4.10), as for
 * `${VAR}`. Before, the empty default made the value '' and the secret went unreported (Mailcow's
 * `DOVECOT_MASTER_PASS=${DOVECOT_MASTER_PASS:-}`). A variable set to '' in `.env` stays empty (not reported).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { fakeCtx, ingestText } from './test-helpers.js';

const Y = `services:
  mail:
    image: alpine:3.20
    environment:
      - DOVECOT_MASTER_PASS=\${DOVECOT_MASTER_PASS:-}
      - DBPASS=\${DBPASS}
      - LOG_LEVEL=\${LOG_LEVEL:-}
  api:
    image: alpine:3.20
    environment:
      API_TOKEN: \${TOKEN:-}
      SECRET_KEY: "\${SECRET_KEY-}"
      EMPTY_PASSWORD: \${EMPTY_PW:-}
`;

describe('secrets from ${VAR:-} with VAR unset', () => {
  it('audit: reported as interpolated (medium) like ${VAR}; a variable set empty is not', async () => {
    const r = await auditSources([{ path: 'compose.yml', text: Y }], { env: { EMPTY_PW: '' } });
    const got = r.findings
      .filter((f) => f.ruleId === 'BW-0026')
      .map((f) => [f.target.name, f.location.startLine, f.location.startColumn, f.severity, (f.data as { name: string }).name]);
    expect(got).toEqual([
      ['mail', 5, 9, 'medium', 'DOVECOT_MASTER_PASS'],
      ['mail', 6, 9, 'medium', 'DBPASS'],
      ['api', 11, 7, 'medium', 'API_TOKEN'],
      ['api', 12, 7, 'medium', 'SECRET_KEY'],
    ]);
  });

  it('model: the value is unknown when unset, empty when set to the empty string', async () => {
    const { r } = await ingestText(Y, fakeCtx({ TOKEN: '' }));
    const api = r.containers.find((c) => c.target.name === 'api')!;
    expect(api.env.map((e) => [e.name, e.value ?? null, e.kind])).toEqual([
      ['API_TOKEN', '', 'interpolated'],
      ['SECRET_KEY', null, 'interpolated'],
      ['EMPTY_PASSWORD', null, 'interpolated'],
    ]);
  });

  it('audit: user: "${PUID:-}" with PUID unset is unknown like user: "${PUID}", not an empty user', async () => {
    const r = await auditSources([{ path: 'compose.yml', text: 'services:\n  a:\n    image: alpine:3.20\n    user: "${PUID:-}"\n  b:\n    image: alpine:3.20\n    user: "${PUID}"\n' }], { env: {} });
    const got = r.findings.filter((f) => f.ruleId === 'BW-0004').map((f) => [f.target.name, f.location.startLine, f.location.startColumn, f.severity, f.certainty]);
    expect(got).toEqual([
      ['a', 4, 11, 'low', 'unknown'],
      ['b', 7, 11, 'low', 'unknown'],
    ]);
  });
});
