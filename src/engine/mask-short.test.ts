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
