/**
 * QA round 17 (Dockerfiles written from memory of popular projects): secrets a Dockerfile bakes in that BW-0103
 * missed and a report then printed in clear in its code frames (R-S; CIS Docker Benchmark 1.6.0 4.10): a
 * `COPY <<EOF /root/.pgpass` heredoc (a credentials file with literal content), the MySQL client's `-p<password>`,
 * `sshpass -p` and `PGPASSWORD=` in a RUN.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { render } from '../report/index.js';
import { literalCredentials } from './df-secret-in-env.js';
import { hideUrlCredentials } from '../ingest/dockerfile/facts.js';

const text = [
  'FROM alpine:3.19',
  'COPY <<EOF /root/.pgpass',
  'db:5432:*:postgres:hunter2hunter2',
  'EOF',
  'RUN mysql -uroot -pRootPassw0rd123 < init.sql',
  'RUN PGPASSWORD=pgS3cretPw psql -h db -U app -f schema.sql && sshpass -p sshPw0rd ssh deploy@host true',
  'COPY <<EOF /root/.netrc',
  'machine api.example.com login ci password ${NETRC_PASSWORD}',
  'EOF',
  'USER 1000',
  '',
].join('\n');
const secrets = /hunter2hunter2|RootPassw0rd123|pgS3cretPw|sshPw0rd/;

describe('BW-0103 qa17: credentials files written by heredoc, database client passwords', () => {
  it('reports each at its place, and no output shows them', async () => {
    const res = await auditSources([{ path: 'Dockerfile', text }], { env: {} });
    expect(res.errors).toEqual([]);
    expect(res.findings.filter((f) => f.ruleId === 'BW-0103').map((f) => `${f.location.startLine}:${f.location.startColumn}-${f.location.endColumn} ${f.severity} ${f.message}`)).toEqual([
      '2:1-25 high COPY <<EOF writes the credentials file /root/.pgpass with literal content: it is in the Dockerfile and the image layer',
      '5:20-35 high RUN writes a literal credential (password): it is in the Dockerfile and the build history (docker history)',
      '6:16-26 high RUN writes a literal credential (password): it is in the Dockerfile and the build history (docker history)',
      '6:73-81 high RUN writes a literal credential (password): it is in the Dockerfile and the build history (docker history)',
    ]);
    expect(JSON.stringify(res.findings)).not.toMatch(secrets);
    for (const format of ['text', 'json', 'sarif', 'html'] as const) expect(render(res, format, { color: false })).not.toMatch(secrets);
  });

  it('a bare -p (prompt), -p of other tools and ${VAR} passwords are no literal credential', () => {
    expect(literalCredentials('mysql -uroot -p < x.sql; docker run -p 80:80 img; tar -p -xf a; mysqldump -p"$DB_PW" app; PGPASSWORD=$PW psql')).toEqual([]);
    expect(literalCredentials('mysqladmin -u root -psecret99 ping')).toEqual([{ start: 21, end: 29, kind: 'password' }]);
  });
});

describe('URLs quoted in messages hide query-string credentials (qa17)', () => {
  it('BW-0105 on ADD https://…?access_token=… does not print the token', async () => {
    const t = 'FROM alpine:3.19\nADD https://artifacts.example.com/app.jar?v=2&access_token=AbCdEf123456789012345 /app.jar\nUSER 1\n';
    const res = await auditSources([{ path: 'Dockerfile', text: t }], { env: {} });
    expect(res.findings.filter((f) => f.ruleId === 'BW-0103').map((f) => `${f.location.startLine}:${f.location.startColumn}-${f.location.endColumn} ${f.message}`)).toEqual([
      '2:60-81 ADD URL holds a literal credential (url-credentials): it is in the Dockerfile and the build history (docker history)',
    ]);
    expect(res.findings.filter((f) => f.ruleId === 'BW-0105').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.message}`)).toEqual([
      '2:5 ADD downloads https://artifacts.example.com/app.jar?v=2&access_token=**** without --checksum',
    ]);
    for (const format of ['text', 'json', 'sarif', 'html'] as const) expect(render(res, format, { color: false })).not.toMatch(/AbCdEf1234/);
  });

  it('hideUrlCredentials: query credentials masked, variables and other parameters kept', () => {
    expect(hideUrlCredentials('curl "https://x.blob.core.windows.net/c/f?sv=2022-11-02&sig=abc%2Bdef" https://h/p?token=$TOKEN&page=2')).toBe(
      'curl "https://x.blob.core.windows.net/c/f?sv=2022-11-02&sig=****" https://h/p?token=$TOKEN&page=2',
    );
  });
});
