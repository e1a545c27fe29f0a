/**
 * QA (round D): BW-0402 missed secrets in an image config that BW-0035 reports in a container's: the health check
 * (`Config.Healthcheck.Test`), MySQL's `-p<pw>` and `redis-cli -a <pw>` in `Entrypoint` / `Cmd` (only `--password=` was
 * caught), and build arguments the history records with their values (classic builder `|1 NPM_TOKEN=… /bin/sh -c …`,
 * BuildKit `RUN |1 NPM_TOKEN=… … # buildkit` and `ARG NPM_TOKEN=…`). Now the same command-secret classifier as BW-0035
 * (src/rules/util/command-secrets.ts) reads them, each reported at its JSON pointer and masked in every format (R-S).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { render } from '../report/index.js';
import { imageFacts, runCheck } from '../verify/fixture.js';
import { check } from './image-secret-in-config.js';
import { historyBuildArgs } from './util/image-history.js';

const IMG =
  '[{"Id":"sha256:9ccf862191a12be24ea6da749ed2e96596e013cde81fb93a23f5de2002ad5ca3","RepoTags":["example/db-tools:1"],"Os":"linux","Architecture":"amd64","Config":{"User":"1000","Entrypoint":["mysql","-uroot","-pEntryPw77","db"],"Healthcheck":{"Test":["CMD","redis-cli","-a","HcRedisPw99","ping"]}},"RootFS":{"Type":"layers","Layers":[]}}]\n';

describe('BW-0402: command-line secrets of Entrypoint, Cmd and the health check, build arguments in the history (QA round D)', () => {
  it('docker image inspect: mysql -p<pw> in Entrypoint and redis-cli -a <pw> in the health check, at the word, masked in every format', async () => {
    const r = await auditSources([{ path: 'img.json', text: IMG, kind: 'inspect' }], { env: {} });
    expect(r.errors).toEqual([]);
    const col = (s: string) => IMG.indexOf(s) + 1;
    expect(r.findings.filter((f) => f.ruleId === 'BW-0402').map((f) => [f.target.name, f.severity, f.location.startLine, f.location.startColumn, f.location.endColumn, f.pointer, f.data, f.message])).toEqual([
      ['example/db-tools:1', 'high', 1, col('"-pEntryPw77"'), col('"-pEntryPw77"') + 13, '/Config/Entrypoint/2', { field: 'Entrypoint', index: 2, kind: 'password' }, 'Entrypoint passes a credential on the command line (password); value masked'],
      ['example/db-tools:1', 'high', 1, col('"HcRedisPw99"'), col('"HcRedisPw99"') + 13, '/Config/Healthcheck/Test/3', { field: 'Healthcheck', index: 3, kind: 'password' }, 'Healthcheck passes a credential on the command line (password); value masked'],
    ]);
    for (const format of ['text', 'json', 'sarif', 'html'] as const) {
      const out = render(r, format, { color: false });
      expect(out, format).not.toContain('EntryPw77');
      expect(out, format).not.toContain('HcRedisPw99');
    }
  });

  it('a container inspect with the same fields: BW-0035 for both (the classifier BW-0402 now shares)', async () => {
    const obj = {
      Id: 'a'.repeat(64),
      Name: '/dbtools',
      Path: 'mysql',
      Args: ['-uroot', '-pEntryPw77', 'db'],
      State: { Running: true },
      Config: { User: '1000', Image: 'example/db-tools:1', Entrypoint: ['mysql', '-uroot', '-pEntryPw77', 'db'], Cmd: null, Healthcheck: { Test: ['CMD', 'redis-cli', '-a', 'HcRedisPw99', 'ping'] } },
      HostConfig: { NetworkMode: 'none', Privileged: false },
    };
    const text = JSON.stringify([obj], null, 2);
    const r = await auditSources([{ path: 'c.json', text, kind: 'inspect' }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0035').map((f) => [f.data.in, f.data.tool])).toEqual([
      ['entrypoint', 'mysql'],
      ['health check command', 'redis-cli'],
    ]);
  });

  it('Cmd read as the arguments of an Entrypoint program, a header in a CMD-SHELL test; a reference and NONE are not', () => {
    const got = runCheck(check, imageFacts([], { Entrypoint: ['redis-cli'], Cmd: ['-h', 'cache', '-a', 'CmdRedisPw12', 'ping'], Healthcheck: { Test: ['CMD-SHELL', "curl -fsS -H 'Authorization: Bearer 9c8b7a6d5e4f3a2b1c0d9e8f' http://localhost/"] } }));
    expect(got.map((d) => [d.pointer, d.data])).toEqual([
      ['/config/Cmd/3', { field: 'Cmd', index: 3, kind: 'password' }],
      ['/config/Healthcheck/Test/1', { field: 'Healthcheck', index: 1, kind: 'http-header' }],
    ]);
    expect(JSON.stringify(got)).not.toMatch(/CmdRedisPw12|9c8b7a6d/);
    expect(runCheck(check, imageFacts([], { Entrypoint: ['mysql', '-uroot', '-p', 'db'], Healthcheck: { Test: ['CMD-SHELL', 'redis-cli -a "$REDIS_PASSWORD" ping'] } }))).toEqual([]);
    expect(runCheck(check, imageFacts([], { Healthcheck: { Test: ['NONE'] } }))).toEqual([]);
  });

  it('history: build arguments with a secret value, classic and BuildKit forms, once per argument and value', () => {
    const f = imageFacts([], { User: '1000' });
    f.image.config.history = [
      { created_by: '/bin/sh -c #(nop) ADD file:0a1b2c in / ' },
      { created_by: 'ARG NPM_TOKEN=npm_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8 VERSION=1.2', empty_layer: true },
      { created_by: 'RUN |2 NPM_TOKEN=npm_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8 VERSION=1.2 /bin/sh -c npm ci # buildkit' },
      { created_by: '|2 DB_PASSWORD=Hunter2Hunter2 APP_ENV=prod /bin/sh -c ./migrate.sh' },
      { created_by: '|1 API_TOKEN=<your-api-token> /bin/sh -c ./seed.sh' },
      { created_by: '|1 NODE_ENV=production /bin/sh -c npm run build' },
    ];
    const got = runCheck(check, f);
    expect(got.map((d) => [d.pointer, d.severity, d.data, d.message])).toEqual([
      ['/history/1/created_by', undefined, { field: 'history', index: 1, variable: 'NPM_TOKEN', kind: 'token' }, 'history entry 1 records build argument NPM_TOKEN with a secret value (token, by name): docker history shows it; value masked'],
      ['/history/3/created_by', undefined, { field: 'history', index: 3, variable: 'DB_PASSWORD', kind: 'password' }, 'history entry 3 records build argument DB_PASSWORD with a secret value (password, by name): docker history shows it; value masked'],
      ['/history/4/created_by', 'info', { field: 'history', index: 4, variable: 'API_TOKEN', kind: 'token' }, 'history entry 4 records build argument API_TOKEN with a placeholder for a secret: docker history shows it; value masked'],
    ]);
    expect(got[0].fix).toContain('RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN');
    expect(JSON.stringify(got)).not.toMatch(/A1b2C3d4|Hunter2/);
  });

  it('historyBuildArgs: the pairs and where their values are', () => {
    const by = 'RUN |2 NPM_TOKEN=npm_x1 VERSION= /bin/sh -c echo A=b # buildkit';
    expect(historyBuildArgs(by).map((a) => [a.name, a.value, by.slice(a.start, a.end)])).toEqual([
      ['NPM_TOKEN', 'npm_x1', 'npm_x1'],
      ['VERSION', '', ''],
    ]);
    expect(historyBuildArgs('/bin/sh -c #(nop)  ARG GITHUB_TOKEN').map((a) => a.name)).toEqual([]);
    expect(historyBuildArgs('/bin/sh -c #(nop)  ARG A=1 B=two').map((a) => [a.name, a.value])).toEqual([['A', '1'], ['B', 'two']]);
    expect(historyBuildArgs('/bin/sh -c echo |1 X=y')).toEqual([]);
  });

  it('podman image inspect: a build argument in History is reported at its entry and masked, JSON escapes and all', async () => {
    const text = JSON.stringify(
      [{
        Id: 'b'.repeat(64),
        RepoTags: ['localhost/app:1'],
        Os: 'linux',
        Architecture: 'amd64',
        Config: { User: '1000', Healthcheck: { Test: ['CMD', 'true'] } },
        RootFS: { Type: 'layers', Layers: [] },
        History: [{ created_by: '|1 GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345 /bin/sh -c git clone x && make' }],
      }],
      null,
      2,
    ).replace('&&', '\\u0026\\u0026');
    const r = await auditSources([{ path: 'podman.json', text, kind: 'inspect' }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0402').map((f) => [f.pointer, f.data.variable])).toEqual([['/History/0/created_by', 'GITHUB_TOKEN']]);
    for (const format of ['text', 'json', 'sarif', 'html'] as const) expect(render(r, format, { color: false }), format).not.toContain('ghp_0123456789');
  });
});
