/**
 * BW-0103 on Compose `build.args` (QA r02): a build argument is `docker build --build-arg` (compose-spec build.md
 * "args"); its value is written in the Compose file and recorded in the image history by every RUN of a stage that
 * declares the ARG (Dockerfile reference, "ARG": build arguments are "visible in the docker history"). A literal
 * secret there is reported at the value, and masked in every output format (R-S, CIS 1.6.0 4.10).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { render } from '../report/index.js';

async function rows(text: string, path = 'compose.yaml') {
  const r = await auditSources([{ path, text }], { env: {} });
  return {
    r,
    rows: r.findings
      .filter((f) => f.ruleId === 'BW-0103')
      .map((f) => `${f.location.startLine}:${f.location.startColumn}-${f.location.endLine}:${f.location.endColumn} ${f.severity} ${f.certainty} ${f.target.kind} ${f.target.name} ${JSON.stringify(f.data)} ${f.message}`),
  };
}

const MSG = 'a literal secret: it is written in the Compose file and, as a --build-arg, recorded in the image history (docker history) by every RUN of a stage that declares it';

describe('BW-0103: literal secrets in Compose build.args (QA r02)', () => {
  it('map form: reported at the value, masked in every format', async () => {
    const text = [
      'services:',
      '  web:',
      '    build:',
      '      context: .',
      '      args:',
      '        NPM_TOKEN: npm_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
      '        NODE_ENV: production',
      '    image: acme/web:1.0',
      '',
    ].join('\n');
    const { r, rows: got } = await rows(text);
    expect(got).toEqual([`6:20-6:60 high definite service web {"name":"NPM_TOKEN","kind":"build-arg-literal"} build argument NPM_TOKEN holds ${MSG}`]);
    expect(r.findings.find((f) => f.ruleId === 'BW-0103')!.remediation).toContain('secrets:');
    for (const format of ['text', 'json', 'sarif', 'html'] as const) {
      expect(render(r, format, { color: false }), format).not.toContain('A1b2C3d4E5f6G7h8I9j0');
    }
  });

  it('list form and a secret by name only (no token format): at the value after =, masked in every format', async () => {
    const text = [
      'services:',
      '  api:',
      '    image: acme/api:2',
      '    build:',
      '      context: ./api',
      '      args:',
      '        - NPM_TOKEN=npm_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
      '        - DB_PASSWORD=Hunter2Hunter2',
      '        - VERSION=1.2.3',
      '',
    ].join('\n');
    const { r, rows: got } = await rows(text);
    expect(got).toEqual([
      `7:21-7:61 high definite service api {"name":"NPM_TOKEN","kind":"build-arg-literal"} build argument NPM_TOKEN holds ${MSG}`,
      `8:23-8:37 high definite service api {"name":"DB_PASSWORD","kind":"build-arg-literal"} build argument DB_PASSWORD holds ${MSG}`,
    ]);
    for (const format of ['text', 'json', 'sarif', 'html'] as const) {
      const out = render(r, format, { color: false });
      expect(out, format).not.toContain('A1b2C3d4E5f6G7h8I9j0');
      expect(out, format).not.toContain('Hunter2Hunter2');
    }
  });

  it('masked even when BW-0103 does not run', async () => {
    // Values the text scan of the engine does not see as secrets: a quoted list entry with blanks, a folded scalar.
    const text = 'services:\n  api:\n    image: acme/api:2\n    build:\n      context: .\n      args:\n        - "DB_PASSWORD=correct horse battery"\n        - API_SECRET=${X:-}\n  web:\n    image: acme/web:2\n    build:\n      args:\n        SECRET_KEY: >-\n          Fold3dS3cretValue\n';
    const { allRules } = await import('./index.js');
    const r = await auditSources([{ path: 'compose.yaml', text }], { env: {}, rules: allRules.filter((x) => x.meta.id === 'BW-0008') });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['BW-0008', 'BW-0008']);
    // The masked text every reporter draws its code frames from.
    const out = r.sources.get('compose.yaml')!.text;
    expect(out).toContain('image: acme/api:2');
    expect(out).not.toContain('horse battery');
    expect(out).not.toContain('Fold3dS3cretValue');
  });

  it('not reported: interpolated and passed-through values, non-secrets, a placeholder is info', async () => {
    const text = [
      'services:',
      '  web:',
      '    image: acme/web:1',
      '    build:',
      '      context: .',
      '      args:',
      '        NPM_TOKEN: ${NPM_TOKEN}',
      '        GITHUB_TOKEN:',
      '        API_KEY: <your-api-key>',
      '        VERSION: 1.2.3',
      '',
    ].join('\n');
    const { rows: got } = await rows(text);
    expect(got).toEqual([
      '9:18-9:32 info definite service web {"name":"API_KEY","kind":"build-arg-literal"} build argument API_KEY holds a placeholder for a secret: whoever fills it in writes the secret in the Compose file and the image history',
    ]);
  });

  it('an override file replaces a base value: the value built with is reported at the override', async () => {
    const base = 'services:\n  web:\n    image: acme/web:1\n    build:\n      context: .\n      args:\n        NPM_TOKEN: ${NPM_TOKEN}\n        VERSION: "1"\n';
    const over = 'services:\n  web:\n    build:\n      args:\n        NPM_TOKEN: npm_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8\n';
    const r = await auditSources([{ path: 'compose.yaml', text: base }, { path: 'compose.override.yaml', text: over }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0103').map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.data.name}`)).toEqual([
      'compose.override.yaml:5:20 NPM_TOKEN',
    ]);
  });
});
