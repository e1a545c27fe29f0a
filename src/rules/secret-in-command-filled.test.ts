/**
 * BW-0035 for a secret Compose fills into a command line from a variable that is set (QA f1): `command: [redis-server,
 * --requirepass, ${REDIS_PASSWORD}]` with `REDIS_PASSWORD` in `.env` or the environment gives the program the same
 * secret as when the variable is unset (it is then only filled in at deploy time): reported the same, at the
 * reference, and the value itself is masked wherever the file repeats it (R-S).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';

const PW = 'Xk9mQ2vL8pZ4wR7tY3';
const REDIS = 'services: {redis: {image: redis:7.4-alpine, command: ["redis-server", "--requirepass", "${REDIS_PASSWORD}"]}}\n';
const MSG = (v: string, what = 'command') => `secret in the ${what}, filled in from variable ${v} (by Compose): every user of the host sees it through ps and /proc/<pid>/cmdline, as does docker inspect`;

async function bw0035(text: string, dotenv?: string, env: Record<string, string> = {}) {
  const r = await auditSources([{ path: 'compose.yaml', text }, ...(dotenv !== undefined ? [{ path: '.env', text: dotenv }] : [])], { env });
  return r.findings.filter((f) => f.ruleId === 'BW-0035').map((f) => `${f.location.startLine}:${f.location.startColumn}-${f.location.endColumn} ${f.severity} ${f.certainty} ${f.message}`);
}

describe('BW-0035: a secret filled in from a variable that is set (QA f1)', () => {
  it('command list form: the same finding with no .env, with .env, and with the variable in the environment', async () => {
    const want = [`1:89-106 medium definite ${MSG('REDIS_PASSWORD')}`];
    expect(await bw0035(REDIS)).toEqual(want);
    expect(await bw0035(REDIS, `REDIS_PASSWORD=${PW}\n`)).toEqual(want);
    expect(await bw0035(REDIS, undefined, { REDIS_PASSWORD: PW })).toEqual(want);
  });

  it('command string form and health check test, with .env', async () => {
    const text = [
      'services:',
      '  redis:',
      '    image: redis:7.4-alpine',
      '    command: redis-server --requirepass ${REDIS_PASSWORD}',
      '  mysql:',
      '    image: mysql:8.4',
      '    healthcheck:',
      '      test: ["CMD", "mysqladmin", "ping", "-uroot", "-p${MYSQL_ROOT_PASSWORD}"]',
      '',
    ].join('\n');
    const want = [`4:41-58 medium definite ${MSG('REDIS_PASSWORD')}`, `8:56-78 medium definite ${MSG('MYSQL_ROOT_PASSWORD', 'health check command')}`];
    expect(await bw0035(text)).toEqual(want);
    expect(await bw0035(text, `REDIS_PASSWORD=${PW}\nMYSQL_ROOT_PASSWORD=${PW}x\n`)).toEqual(want);
  });

  it('a written default the file gives when the variable is unset is a literal (high); set, the reference is reported (medium)', async () => {
    const text = 'services:\n  redis:\n    image: redis:7.4-alpine\n    command: redis-server --requirepass ${REDIS_PASSWORD:-changeme-redis-pw}\n';
    expect(await bw0035(text)).toEqual([
      '4:59-76 high definite secret in the command (written in the file): every user of the host sees it through ps and /proc/<pid>/cmdline, as does docker inspect',
    ]);
    expect(await bw0035(text, `REDIS_PASSWORD=${PW}\n`)).toEqual([`4:41-77 medium definite ${MSG('REDIS_PASSWORD')}`]);
  });

  it('the value from .env or the environment is masked where the file repeats it, in every format', async () => {
    const { render } = await import('../report/index.js');
    const text = [
      'services:',
      '  redis:',
      '    image: redis:7.4-alpine',
      '    command: ["redis-server", "--requirepass", "${REDIS_PASSWORD}"]',
      `    # was: redis-server --requirepass ${PW}`,
      `    labels: {note: "pw is ${PW}"}`,
      '    privileged: true',
      '',
    ].join('\n');
    for (const given of [{ dotenv: `REDIS_PASSWORD=${PW}\n` }, { env: { REDIS_PASSWORD: PW } }]) {
      const r = await auditSources([{ path: 'compose.yaml', text }, ...(given.dotenv ? [{ path: '.env', text: given.dotenv }] : [])], { env: given.env ?? {} });
      expect(r.findings.filter((f) => f.ruleId === 'BW-0035' || f.ruleId === 'BW-0001').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId}`)).toEqual(['4:49 BW-0035', '7:17 BW-0001']);
      const lines = r.sources.get('compose.yaml')!.text.split('\n');
      expect(lines.slice(4, 6)).toEqual(['    # was: redis-server --requirepass ******************', '    labels: {note: "pw is ******************"}']);
      for (const fmt of ['text', 'json', 'sarif', 'html'] as const) expect(render(r, fmt, { color: false }), fmt).not.toContain(PW);
    }
  });
});
