/**
 * Short secret values (3–5 characters: `r00t!`, `admin`) repeated elsewhere in the file are masked where they stand
 * as a word of their own or after `-p` (`mariadb-admin … -pr00t!` in a healthcheck), never inside a longer word
 * (`mariadb-admin` stays readable). R-S: secrets are masked in every output (QA).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from './audit.js';

const COMPOSE = [
  'services:',
  '  db:',
  '    image: mariadb:11.4',
  '    environment:',
  '      MARIADB_ROOT_PASSWORD: r00t!',
  '      ADMIN_PASSWORD: admin',
  '    healthcheck:',
  '      test: ["CMD", "mariadb-admin", "ping", "-uroot", "-pr00t!", "--user=admin"]',
  '',
].join('\n');

describe('echoes of short secret values', () => {
  it('are masked as words and after -p, not inside longer words', async () => {
    const r = await auditSources([{ path: 'compose.yaml', text: COMPOSE }], { env: {} });
    const lines = r.sources.get('compose.yaml')!.text.split('\n');
    expect(lines[4]).toBe('      MARIADB_ROOT_PASSWORD: *****');
    expect(lines[5]).toBe('      ADMIN_PASSWORD: *****');
    expect(lines[7]).toBe('      test: ["CMD", "mariadb-admin", "ping", "-uroot", "-p*****", "--user=*****"]');
  });
});

describe('suppression directives in Compose (QA)', () => {
  it('`# bulwark-ignore` inside a quoted string is text: it suppresses nothing and is not reported as unused', async () => {
    const text = 'services:\n  app: {image: "myorg/app:1", privileged: true, labels: ["a # bulwark-ignore privileged-container -- smuggled"]}\n';
    const r = await auditSources([{ path: 'compose.yaml', text }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0001' || f.ruleId === 'BW-0000').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId}`)).toEqual(['2:43 BW-0001']);
  });
});

/**
 * QA (2026-12-03, d2): a token set in an `env_file` and repeated in the Compose file (a healthcheck URL) was printed in
 * clear in the code frame of another finding on that line, in text and html: echoes were searched per file only.
 */
describe('echoes of secrets from the files a Compose file or a script reads', () => {
  const TOKEN = 'Zt7pQ2vX9mK4wR8s';
  const compose = [
    'services:',
    '  app:',
    '    image: acme/app:1.0',
    '    env_file: app.env',
    '    healthcheck:',
    `      test: ["CMD", "wget", "-qO-", "http://localhost:8080/health?key=${TOKEN}", "--header=X-Auth:adm"]`,
    '    privileged: true',
    '',
  ].join('\n');
  it('an env_file secret is masked where the Compose file repeats it, in every format', async () => {
    const { render } = await import('../report/index.js');
    const r = await auditSources([{ path: 'd2/compose.yml', text: compose }, { path: 'd2/app.env', text: `API_TOKEN=${TOKEN}\nADMIN_PASSWORD=adm\n` }], { env: {} });
    expect(r.findings.filter((f) => ['BW-0001', 'BW-0026'].includes(f.ruleId)).map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity}`)).toEqual([
      'd2/app.env:1:1 BW-0026 high',
      'd2/app.env:2:1 BW-0026 high',
      'd2/compose.yml:7:17 BW-0001 critical',
    ]);
    expect(r.sources.get('d2/compose.yml')!.text.split('\n')[5]).toBe('      test: ["CMD", "wget", "-qO-", "http://localhost:8080/health?key=****************", "--header=X-Auth:***"]');
    for (const fmt of ['text', 'json', 'sarif', 'html'] as const) {
      const out = render(r, fmt, { color: false });
      expect(out, fmt).not.toContain(TOKEN);
      expect(out, fmt).not.toContain('X-Auth:adm');
    }
  });
  it('a --env-file secret is masked where the script repeats it', async () => {
    const script = `#!/bin/sh\ndocker run -d --name app --env-file ./app.env --privileged acme/app:1.0 --health-url "http://localhost/health?key=${TOKEN}"\n`;
    const r = await auditSources([{ path: 'deploy.sh', text: script }, { path: 'app.env', text: `API_TOKEN=${TOKEN}\n` }], { env: {} });
    expect(r.sources.get('deploy.sh')!.text).not.toContain(TOKEN);
    expect(r.findings.some((f) => f.ruleId === 'BW-0001' && f.location.file === 'deploy.sh' && f.location.startLine === 2)).toBe(true);
  });
});
