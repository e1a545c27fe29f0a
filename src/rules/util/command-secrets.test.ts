/**
 * Passwords passed as arguments of the program in the container are masked (R-S: secrets never appear in
 * bulwark's output). Found in a real-world review (qa3): the Redis quick-start `docker run … redis
 * redis-server --requirepass "pw"` showed the password in the snippet of every finding on that line.
 */
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../model/source.js';
import { ingestShell } from '../../ingest/run/index.js';
import { ingestText, fakeCtx } from '../../ingest/compose/test-helpers.js';
import { auditSources } from '../../engine/audit.js';
import { headerSecret, secretWordRanges } from './command-secrets.js';

const slices = (text: string, rs: { start: number; end: number }[] | undefined) => (rs ?? []).map((x) => text.slice(x.start, x.end));

describe('command-line secrets', () => {
  it('run line: --requirepass "pw" and --masterauth=pw are secret ranges; --save, --loglevel and $VAR are not', async () => {
    const text =
      'docker run --name some-redis -d redis redis-server --save 60 1 --loglevel warning --requirepass "S3cr3tRedisPw!" --masterauth=Repl1caPw\n' +
      'docker run -d redis:7 redis-server --requirepass "$REDIS_PASSWORD"\n';
    const r = await ingestShell(new SourceFile('s.sh', text), { env: {}, readFile: async () => undefined });
    expect(slices(text, r.secretRanges)).toEqual(['S3cr3tRedisPw!', 'Repl1caPw']);
  });

  it('compose: command string and list forms, -Dx.password=, --password-file and booleans', async () => {
    const text =
      'services:\n  cache:\n    image: redis:7\n    command: redis-server --appendonly yes --requirepass hunter2hunter\n' +
      '  app:\n    image: myorg/app:1.2\n    command: ["java", "-Dspring.datasource.password=Sup3rS3cret", "--password-file", "/run/secrets/pw", "--auth-enabled", "true", "-jar", "app.jar"]\n';
    const { r } = await ingestText(text, fakeCtx({}, {}));
    expect(slices(text, r.secretRanges)).toEqual(['hunter2hunter', 'Sup3rS3cret']);
  });

  it('compose healthcheck.test: redis-cli -a pw and --password=pw are secret ranges; $$VAR references are not', async () => {
    const text =
      'services:\n  cache:\n    image: redis:7\n    healthcheck:\n      test: ["CMD", "redis-cli", "-a", "R3disPassw0rd", "ping"]\n' +
      '  db:\n    image: mysql:8.4\n    healthcheck:\n      test: mysqladmin ping -h localhost --password=MyR00tPw -u root\n' +
      '  db2:\n    image: mysql:8.4\n    healthcheck:\n      test: ["CMD-SHELL", "mysqladmin ping --password=$$MYSQL_ROOT_PASSWORD"]\n';
    const { r } = await ingestText(text, fakeCtx({}, {}));
    expect(slices(text, r.secretRanges)).toEqual(['R3disPassw0rd', 'MyR00tPw']);
  });

  it('secretWordRanges: a URL with a password and a token format are masked as whole words', () => {
    const text = 'app --db postgres://app:pw123456@db/app --verbose ghp_0123456789abcdefghijABCDEFGHIJ0123456789';
    const words = text.split(' ');
    expect(slices(text, secretWordRanges('f', text, 0, text.length, words))).toEqual(['postgres://app:pw123456@db/app', 'ghp_0123456789abcdefghijABCDEFGHIJ0123456789']);
  });

  it('the text report of the Redis quick-start never shows the password', async () => {
    const text = 'docker run --name some-redis -d redis redis-server --save 60 1 --loglevel warning --requirepass "S3cr3tRedisPw!"\n';
    const res = await auditSources([{ path: 'README.sh', text, kind: 'shell' }], { env: {} });
    const { renderText } = await import('../../report/text.js');
    expect(res.findings.filter((f) => f.location?.startLine === 1).length).toBeGreaterThan(3);
    expect(String(renderText(res, { color: false }))).not.toContain('S3cr3tRedisPw');
  });

  it('compose lifecycle hooks: a shell script with mysql -p<pw> and a --password= option are secret ranges', async () => {
    const text =
      'services:\n  db:\n    image: mysql:8.4\n    post_start:\n      - command: ["sh", "-c", "mysql -uroot -pH00kPassw0rd app < /init.sql"]\n' +
      '    pre_stop:\n      - command: mysqladmin shutdown --password=St0pPassw0rd\n' +
      '  web:\n    image: nginx:1.27\n    post_start:\n      - command: ["sh", "-c", "mysql -uroot -p$$MYSQL_ROOT_PASSWORD app"]\n';
    const { r } = await ingestText(text, fakeCtx({}, {}));
    expect(slices(text, r.secretRanges)).toEqual(['H00kPassw0rd', 'St0pPassw0rd']);
  });

  it('script docker exec lines: sh -c "mysql -pS3cret" into a container of the script and into another one', async () => {
    const text =
      'docker run -d --name db -e MYSQL_ROOT_PASSWORD_FILE=/run/secrets/pw mysql:8.4\n' +
      'docker exec db sh -c "mysql -uroot -pEx3cPassw0rd app < /seed.sql"\n' +
      'docker exec -it other mysqladmin --password=0therPassw0rd ping\n' +
      'docker exec db mysql -uroot -p app\n';
    const r = await ingestShell(new SourceFile('s.sh', text), { env: {}, readFile: async () => undefined });
    expect(slices(text, r.secretRanges)).toEqual(['Ex3cPassw0rd', '0therPassw0rd']);
  });

  it('text, json, sarif and html reports of a script with docker exec passwords never show them', async () => {
    const text =
      'docker run -d --name db mysql:8.4\n' +
      'docker exec --privileged db sh -c "mysql -uroot -pEx3cPassw0rd app"\n';
    const res = await auditSources([{ path: 'up.sh', text, kind: 'shell' }], { env: {} });
    expect(res.findings.some((f) => f.location?.startLine === 2)).toBe(true);
    const { render } = await import('../../report/index.js');
    for (const format of ['text', 'json', 'sarif', 'html'] as const) {
      const out = render(res, format, { color: false });
      expect(out.length).toBeGreaterThan(200);
      expect(out, format).not.toContain('Ex3cPassw0rd');
    }
  });
});

describe('secret defaults of parameter expansions in scripts (QA: printed in clear in code frames)', () => {
  it('masks ${NAME:-default}, ${NAME:=default}, ${NAME-default} when the name or the value says secret; not other defaults', async () => {
    const text = [
      '#!/bin/sh',
      'PASSWORD="${PASSWORD:-Adm1nPassw0rd!}"',
      ': "${DB_PASSWORD:=hunter2hunter2}"',
      'export API_TOKEN=${API_TOKEN-tok_abcdef123456}',
      'IMAGE="${IMAGE:-pihole/pihole:2024.02.0}"',
      'PW="${PW:-$(openssl rand -hex 16)}"',
      'docker run -d --name a -e WEBPASSWORD="$PASSWORD" "$IMAGE"',
      '',
    ].join('\n');
    const r = await ingestShell(new SourceFile('b.sh', text), { env: {}, readFile: async () => undefined });
    const masked = (r.secretRanges ?? []).map((m) => text.slice(m.start, m.end));
    expect(masked).toEqual(expect.arrayContaining(['Adm1nPassw0rd!', 'hunter2hunter2', 'tok_abcdef123456']));
    expect(masked.filter((m) => m.includes('pihole') || m.includes('openssl'))).toEqual([]);
  });

  it('headerSecret: the value of a secret-named header, the credential after an Authorization scheme, nothing for other headers', () => {
    expect(headerSecret('PRIVATE-TOKEN: glpat-Zq8Xv2Lm4Nt7Rp1Ks9Wd')).toEqual({ offset: 15, value: 'glpat-Zq8Xv2Lm4Nt7Rp1Ks9Wd' });
    expect(headerSecret('X-Api-Key:abc123def')).toEqual({ offset: 10, value: 'abc123def' });
    expect(headerSecret('Authorization: Bearer Zq8Xv2Lm4Nt7Rp1Ks9WdAb12')).toEqual({ offset: 22, value: 'Zq8Xv2Lm4Nt7Rp1Ks9WdAb12' });
    expect(headerSecret('X-Trace: ghp_0123456789abcdefghijABCDEFGHIJ012345')).toEqual({ offset: 9, value: 'ghp_0123456789abcdefghijABCDEFGHIJ012345' });
    expect([headerSecret('Accept: application/json'), headerSecret('Authorization: Bearer $TOKEN'), headerSecret('PRIVATE-TOKEN: ${T}'), headerSecret('@/run/headers'), headerSecret('X-Api-Key:')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
