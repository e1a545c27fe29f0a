/**
 * QA (round D): an HTTP header with a credential (`Authorization: Bearer …`, `X-Api-Key: …`) given to curl or wget
 * inside a script (`sh -c "curl -H '…' …"`) or a Dockerfile RUN was neither reported nor masked, while the
 * direct-argument form (`["curl", "-H", "Authorization: Bearer …"]`) was: the script was split at every blank, so the
 * quoted header fell apart. Containers' commands are BW-0035, RUN (and HEALTHCHECK / CMD) text BW-0103; the header's
 * credential is the range, masked in every output format (R-S).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { render } from '../report/index.js';
import { headerCredentials, shellWords } from './util/command-secrets.js';

const TOKEN = '8f3b2c1d9e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c';

async function audit(path: string, text: string, rule: string) {
  const r = await auditSources([{ path, text }], { env: {} });
  const rows = r.findings
    .filter((f) => f.ruleId === rule)
    .map((f) => `${f.location.startLine}:${f.location.startColumn}-${f.location.endLine}:${f.location.endColumn} ${f.severity} ${f.certainty} ${f.target.name} ${JSON.stringify(f.data)}`);
  return { r, rows };
}

function expectMasked(r: Awaited<ReturnType<typeof auditSources>>, secret: string) {
  for (const format of ['text', 'json', 'sarif', 'html'] as const) expect(render(r, format, { color: false }), format).not.toContain(secret);
}

describe('secret HTTP headers inside sh -c scripts and Dockerfile RUN (QA round D)', () => {
  it('Compose: a Bearer token in sh -c is BW-0035 at the token, masked in every format (also in the frame of another finding)', async () => {
    const text = [
      'services:',
      '  job:',
      '    image: alpine:3.20',
      `    command: ["sh", "-c", "curl -fsS -H 'Authorization: Bearer ${TOKEN}' https://api.example.com/jobs"]`,
      '    privileged: true',
      '',
    ].join('\n');
    const { r, rows } = await audit('compose.yaml', text, 'BW-0035');
    expect(rows).toEqual(['4:64-4:104 high definite job {"in":"command","tool":"curl-header"}']);
    expect(r.findings.find((f) => f.ruleId === 'BW-0035')!.remediation).toContain('curl -H @/run/secrets/headers');
    expect(r.findings.some((f) => f.ruleId === 'BW-0001' && f.location.startLine === 5)).toBe(true);
    expectMasked(r, TOKEN);
    // The same as the direct-argument form reports.
    const direct = text.replace(`["sh", "-c", "curl -fsS -H 'Authorization: Bearer ${TOKEN}' https://api.example.com/jobs"]`, `["curl", "-fsS", "-H", "Authorization: Bearer ${TOKEN}", "https://api.example.com/jobs"]`);
    expect((await audit('compose.yaml', direct, 'BW-0035')).rows).toEqual(['4:60-4:100 high definite job {"in":"command","tool":"curl-header"}']);
  });

  it('run line: wget --header="X-Api-Key: …" inside sh -c \'…\' is BW-0035 (it was masked only)', async () => {
    const text = `docker run --rm --name w alpine:3.20 sh -c 'wget --header="X-Api-Key: WgetHdrKey4455" https://x'\n`;
    const { r, rows } = await audit('run.sh', text, 'BW-0035');
    expect(rows).toEqual(['1:71-1:85 high definite w {"in":"command","tool":"wget-header"}']);
    expectMasked(r, 'WgetHdrKey4455');
  });

  it('health checks: a header in a CMD-SHELL script, an exec-form test and --health-cmd is BW-0035, masked', async () => {
    const text = [
      'services:',
      '  a:',
      '    image: alpine:3.20',
      '    healthcheck:',
      `      test: ["CMD-SHELL", "curl -fsS -H 'X-Api-Key: HcShellKey123' http://localhost/health"]`,
      '  b:',
      '    image: alpine:3.20',
      '    healthcheck:',
      '      test: ["CMD", "curl", "-H", "Authorization: Bearer HcExecTok4567", "http://localhost/health"]',
      '',
    ].join('\n');
    const { r, rows } = await audit('compose.yaml', text, 'BW-0035');
    expect(rows).toEqual([
      '5:53-5:66 high definite a {"in":"health check command","tool":"curl-header"}',
      '9:58-9:71 high definite b {"in":"health check command","tool":"curl-header"}',
    ]);
    for (const s of ['HcShellKey123', 'HcExecTok4567']) expectMasked(r, s);
    const run = `docker run -d --name h --health-cmd "curl -H 'PRIVATE-TOKEN: HcRunTok8910' http://localhost/" alpine:3.20\n`;
    const got = await audit('run.sh', run, 'BW-0035');
    expect(got.rows).toEqual(['1:62-1:74 high definite h {"in":"health check command","tool":"curl-header"}']);
    expectMasked(got.r, 'HcRunTok8910');
  });

  it('Dockerfile RUN: curl -H "Authorization: Bearer …" is BW-0103 at the token, masked in every format', async () => {
    const text = ['FROM alpine:3.20', `RUN curl -fsSL -H "Authorization: Bearer ${TOKEN}" https://artifacts.example.com/app.tgz -o /tmp/app.tgz`, 'USER 1000', ''].join('\n');
    const { r, rows } = await audit('Dockerfile', text, 'BW-0103');
    expect(rows).toEqual(['2:42-2:82 high definite alpine:3.20 {"name":"http-header","kind":"literal"}']);
    expect(r.findings.find((f) => f.ruleId === 'BW-0103')!.message).toBe('RUN writes a literal credential (http-header): it is in the Dockerfile and the build history (docker history)');
    expectMasked(r, TOKEN);
  });

  it('Dockerfile: sh -c inside RUN, wget --header=, PRIVATE-TOKEN, an exec-form HEALTHCHECK; not a $TOKEN nor a header that holds none', async () => {
    const text = [
      'FROM alpine:3.20',
      `RUN sh -c "curl -H 'PRIVATE-TOKEN: RunShPrivTok77x' https://gitlab.example.com/api" && \\`,
      '    wget --header="X-Auth-Token: WgetRunTok8899" https://x.example.com/a',
      'RUN curl -H "Authorization: Bearer $TOKEN" -H "Accept: application/json" https://x.example.com/b',
      'HEALTHCHECK --interval=30s CMD ["curl", "-f", "-H", "X-Api-Key: HcApiKey5566", "http://localhost/health"]',
      'USER 1000',
      '',
    ].join('\n');
    const { r, rows } = await audit('Dockerfile', text, 'BW-0103');
    expect(rows).toEqual([
      '2:36-2:51 high definite alpine:3.20 {"name":"http-header","kind":"literal"}',
      '3:34-3:48 high definite alpine:3.20 {"name":"http-header","kind":"literal"}',
      '5:65-5:77 high definite alpine:3.20 {"name":"http-header","kind":"literal"}',
    ]);
    for (const s of ['RunShPrivTok77x', 'WgetRunTok8899', 'HcApiKey5566']) expectMasked(r, s);
  });

  it('shellWords: quotes removed, offsets of each character; operators and comments when asked', () => {
    const text = `curl -H 'A: b c' "x\\"y" a\\ b; echo # it's`;
    expect(shellWords(text).map((w) => w.value)).toEqual(['curl', '-H', 'A: b c', 'x"y', 'a b;', 'echo', '#', 'its']);
    const ops = shellWords(text, true);
    expect(ops.map((w) => w.value)).toEqual(['curl', '-H', 'A: b c', 'x"y', 'a b', ';', 'echo']);
    expect(ops[2].at).toEqual([9, 10, 11, 12, 13, 14]);
    expect(headerCredentials(`RUN wget --header 'PRIVATE-TOKEN: abcdefgh123' https://x; curl -H 'X-Trace: 42' https://y`)).toEqual([{ start: 34, end: 45, tool: 'wget-header' }]);
    // `-H` is a header only for curl.
    expect(headerCredentials(`RUN sort -H 'X-Api-Key: abcdefgh123'`)).toEqual([]);
  });
});
