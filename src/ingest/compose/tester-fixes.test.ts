/**
 * Fixes from a tester's report (inputs copied from the report): comment ranges for suppressions,
 * `extends.file` positions, `!reset`/`!override`, wrong value shapes, defaults holding secrets, deep nesting,
 * several documents, duplicate keys, large files. Requirements: R-S (secrets, masking), the model inputs of
 * requirements.md, and the ingester contract (bad input gives InputErrors, never a throw).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { SourceFile } from '../../model/source.js';
import { blockTooDeepAt, ingestCompose, MAX_BLOCK_DEPTH } from './index.js';
import { at, chars, fakeCtx, ingestText, largeCompose } from './test-helpers.js';

const loc = (f: { slug: string; location: { file: string; startLine: number; startColumn: number } }) =>
  `${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.slug}`;

describe('comment ranges (suppressions)', () => {
  const text = [
    'services:', //                                                  1
    '  web: # a comment', //                                          2
    '    image: nginx:1.25',
    '    environment:',
    '      PASSWORD: "abc # bulwark-ignore secret-in-environment -- x"', // 5
    '      # bulwark-ignore secret-in-environment -- test fixture value',
    '      API_TOKEN: s3cr3t-t0k3n-value', //                          7
    '    command: |',
    '      # not a comment: block scalar text',
    '',
  ].join('\n');

  it('lists every comment token, not # inside strings or block scalars', async () => {
    const { r, sf } = await ingestText(text);
    expect(r.comments!.map((c) => chars(sf, { kind: 'file', ...c }))).toEqual([
      '# a comment',
      '# bulwark-ignore secret-in-environment -- test fixture value',
    ]);
    expect(r.comments!.map((c) => at(sf, c))).toEqual(['2:8-2:19', '6:7-6:67']);
  });

  it('a directive inside a quoted value is not one; a comment directive still suppresses', async () => {
    const res = await auditSources([{ path: 'compose.yaml', text }], { env: {} });
    const secrets = res.findings.filter((f) => f.slug === 'secret-in-environment').map(loc);
    expect(secrets).toEqual(['compose.yaml:5:7 secret-in-environment']);
    expect(res.summary.suppressed).toBe(1);
    expect(res.suppressions).toEqual([{ file: 'compose.yaml', line: 6, rules: ['secret-in-environment'], reason: 'test fixture value', used: true }]);
  });
});

describe('extends.file positions (tryout c1)', () => {
  const base = 'services:\n  base:\n    image: alpine:3\n    privileged: true\n    network_mode: host\n';
  const compose = 'services:\n  ext2:\n    extends:\n      file: base.yaml\n      service: base\n';

  it('origins carry the other file and its offsets; the file is returned in extraSources', async () => {
    const sf = new SourceFile('c1/compose.yaml', compose);
    const r = await ingestCompose([sf], fakeCtx({}, { 'c1/base.yaml': base }));
    const c = r.containers[0];
    expect(c.privileged?.origin).toMatchObject({ file: 'c1/base.yaml' });
    const bf = r.extraSources!.find((s) => s.path === 'c1/base.yaml')!;
    expect(r.extraSources!.map((s) => s.path)).toEqual(['c1/base.yaml']);
    expect(at(bf, c.privileged!.origin)).toBe('4:17-4:21');
    expect(at(bf, c.namespaces.network!.origin)).toBe('5:19-5:23');
  });

  it('end to end: findings point into base.yaml', async () => {
    // The tester passes base.yaml as a file too; its own service is audited as well.
    const res = await auditSources([{ path: 'c1/compose.yaml', text: compose }, { path: 'c1/base.yaml', text: base }], { env: {} });
    const mine = res.findings.filter((f) => f.target.name === 'ext2' && (f.slug === 'privileged-container' || f.slug === 'host-network')).map(loc);
    expect(mine).toEqual(['c1/base.yaml:4:17 privileged-container', 'c1/base.yaml:5:19 host-network']);
  });

  it('end to end: a base file that is only read (not audited itself) still gets the positions', async () => {
    const res = await auditSources([{ path: 'c1/compose.yaml', text: compose.replace('base.yaml', 'base.txt') }, { path: 'c1/base.txt', text: base }], { env: {} });
    expect(res.files.map((f) => f.path)).toEqual(['c1/compose.yaml']);
    const mine = res.findings.filter((f) => f.slug === 'privileged-container' || f.slug === 'host-network').map(loc);
    expect(mine).toEqual(['c1/base.txt:4:17 privileged-container', 'c1/base.txt:5:19 host-network']);
  });
});

describe('!reset and !override (tryout c2)', () => {
  const compose = [
    'services:',
    '  app:',
    '    image: myorg/app:1.0',
    '    user: "1000"',
    '    read_only: true',
    '    cap_drop: [ALL]',
    '    security_opt: [no-new-privileges:true]',
    '    mem_limit: 256m',
    '    cpus: 1',
    '    pids_limit: 50',
    '',
  ].join('\n');
  const o2 = 'services:\n  app:\n    cap_drop: !reset null\n    security_opt: !override []\n    pids_limit: !reset\n';
  const run = async (over: string) => {
    const files = [new SourceFile('compose.yaml', compose), new SourceFile('o2.yaml', over)];
    return ingestCompose(files, fakeCtx());
  };

  it('!reset drops the base value, !override replaces the list, no error', async () => {
    const r = await run(o2);
    expect(r.errors).toEqual([]);
    const c = r.containers[0];
    expect(c.capDrop).toEqual([]);
    expect(c.securityOpt).toEqual([]);
    expect(c.resources.pidsLimit).toBeUndefined();
    expect(c.resources.memory?.value).toBe(256 * 1024 ** 2);
  });

  it('!override with a value replaces a list instead of appending', async () => {
    const r = await run('services:\n  app:\n    cap_drop: !override [NET_RAW]\n    user: !override root\n');
    expect(r.containers[0].capDrop.map((x) => x.value)).toEqual(['NET_RAW']);
    expect(r.containers[0].user?.value).toBe('root');
  });

  it('findings as docker compose config gives them', async () => {
    const res = await auditSources([{ path: 'compose.yaml', text: compose }, { path: 'o2.yaml', text: o2 }], { env: {}, composeProject: ['compose.yaml', 'o2.yaml'] });
    const slugs = res.findings.filter((f) => ['capabilities-not-dropped', 'no-new-privileges-missing', 'pids-limit-missing'].includes(f.slug)).map(loc);
    expect(slugs).toEqual([
      'compose.yaml:2:3 capabilities-not-dropped',
      'compose.yaml:2:3 no-new-privileges-missing',
      'compose.yaml:2:3 pids-limit-missing',
    ]);
    expect(res.errors).toEqual([]);
  });

  it('in extends, and alone in one file (nothing to reset)', async () => {
    const { r } = await ingestText('services:\n  a:\n    cap_drop: [ALL]\n    pids_limit: 9\n  b:\n    extends: a\n    cap_drop: !reset []\n    pids_limit: !reset\n');
    expect(r.errors).toEqual([]);
    const b = r.containers.find((c) => c.target.name === 'b')!;
    expect([b.capDrop.length, b.resources.pidsLimit]).toEqual([0, undefined]);
    const a = r.containers.find((c) => c.target.name === 'a')!;
    expect([a.capDrop.length, a.resources.pidsLimit?.value]).toEqual([1, 9]);
  });
});

// qa4: `environment: {PENPOT_DATABASE_PASSWORD: !reset null}` in compose.override.yaml left the base's literal
// password in the merged service, so secret-in-environment still fired on compose.yaml.
describe('!reset on one entry of environment / labels / sysctls / ulimits (qa4)', () => {
  const base = [
    'services:',
    '  app:',
    '    image: app:1',
    '    environment:',
    '      - DB_PASSWORD=penpot',
    '      - SECRET_KEY=my-insecure-key',
    '    sysctls:',
    '      net.core.somaxconn: 1024',
    '    ulimits:',
    '      nofile: 65536',
    '',
  ].join('\n');
  const over = 'services:\n  app:\n    environment:\n      DB_PASSWORD: !reset null\n    sysctls:\n      net.core.somaxconn: !reset\n    ulimits:\n      nofile: !reset {}\n';
  it('drops the base entry, keeps the others', async () => {
    const r = await ingestCompose([new SourceFile('compose.yaml', base), new SourceFile('compose.override.yaml', over)], fakeCtx());
    expect(r.errors).toEqual([]);
    const c = r.containers[0];
    expect(c.env.map((e) => e.name)).toEqual(['SECRET_KEY']);
    expect(c.sysctls).toEqual([]);
    expect(c.resources.ulimits).toEqual([]);
  });
  it('audit: only the remaining secret is reported', async () => {
    const res = await auditSources([{ path: 'compose.yaml', text: base }, { path: 'compose.override.yaml', text: over }], { env: {}, composeProject: ['compose.yaml', 'compose.override.yaml'] });
    expect(res.findings.filter((f) => f.slug === 'secret-in-environment').map(loc)).toEqual(['compose.yaml:6:9 secret-in-environment']);
  });
});

describe('wrong value shapes (tryout bad2/wrongtypes.yaml)', () => {
  it('schema errors with file:line:col and nothing modelled for those keys', async () => {
    const { r } = await ingestText('services:\n  a:\n    image: x:1\n    privileged: [true]\n    cap_add: SYS_ADMIN\n    volumes: /etc:/etc\n', fakeCtx(), 'wrongtypes.yaml');
    expect(r.errors).toEqual([
      { file: 'wrongtypes.yaml', line: 4, column: 17, message: 'services.a.privileged: must be a boolean, got a sequence', code: 'schema' },
      { file: 'wrongtypes.yaml', line: 5, column: 14, message: 'services.a.cap_add: must be a list, got a string', code: 'schema' },
      { file: 'wrongtypes.yaml', line: 6, column: 14, message: 'services.a.volumes: must be a list, got a string', code: 'schema' },
    ]);
    const c = r.containers[0];
    expect([c.privileged, c.capAdd, c.mounts, c.image?.value]).toEqual([undefined, [], [], 'x:1']);
  });
  it('mappings where lists are expected, numbers where mappings are', async () => {
    const { r } = await ingestText('services:\n  a:\n    cap_drop: {ALL: 1}\n    ulimits: 5\n    tmpfs: /run\n');
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '3:15 services.a.cap_drop: must be a list, got a mapping',
      '4:14 services.a.ulimits: must be a mapping, got a number',
    ]);
    expect(r.containers[0].mounts.map((m) => m.target)).toEqual(['/run']);
  });
});

describe('defaults written in the file are literal values (R-S)', () => {
  it('${DB_PASSWORD:-changeme} with no variable is literal; with the variable, interpolated; empty default stays interpolated', async () => {
    const text = 'services:\n  a:\n    environment:\n      DB_PASSWORD: "${DB_PASSWORD:-changeme}"\n      E: ${NOPE:-}\n      - X\n';
    const yaml = text.replace('      - X\n', '');
    const unset = (await ingestText(yaml)).r.containers[0].env;
    // \${NOPE:-} with NOPE unset: the value is the deployment's, unknown here (as for \${NOPE}; empty-default.test.ts).
    expect(unset.map((e) => [e.name, e.kind, e.value])).toEqual([['DB_PASSWORD', 'literal', 'changeme'], ['E', 'interpolated', undefined]]);
    const set = (await ingestText(yaml, fakeCtx({ DB_PASSWORD: 'fromenv', NOPE: '' }))).r.containers[0].env;
    expect(set.map((e) => [e.name, e.kind, e.value])).toEqual([['DB_PASSWORD', 'interpolated', 'fromenv'], ['E', 'interpolated', '']]);
    const list = (await ingestText('services:\n  a:\n    environment:\n      - DB_PASSWORD=${DB_PASSWORD:-changeme}\n      - T=${T:-${U}}\n')).r.containers[0].env;
    expect(list.map((e) => [e.name, e.kind, e.value])).toEqual([['DB_PASSWORD', 'literal', 'changeme'], ['T', 'interpolated', undefined]]);
  });
  it('end to end: the default password is a secret finding', async () => {
    const res = await auditSources([{ path: 'compose.yaml', text: 'services:\n  a:\n    image: x\n    environment:\n      DB_PASSWORD: "${DB_PASSWORD:-changeme}"\n' }], { env: {} });
    expect(res.findings.filter((f) => f.slug === 'secret-in-environment').map(loc)).toEqual(['compose.yaml:5:7 secret-in-environment']);
  });
});

describe('deep nesting, several documents, duplicate keys', () => {
  it('- - - … ×100000 is too-deep, not a stack overflow', async () => {
    const { r } = await ingestText('services:\n  app:\n    labels:\n      ' + '- '.repeat(100000) + 'x\n');
    expect(r.errors).toEqual([{ file: 'compose.yml', line: 4, column: 7 + 2 * (MAX_BLOCK_DEPTH - 4), message: `YAML block nesting deeper than ${MAX_BLOCK_DEPTH} levels`, code: 'too-deep' }]);
  });
  it('deeply indented mappings are too-deep', async () => {
    const lines = ['services:'];
    for (let i = 1; i < 1000; i++) lines.push(' '.repeat(i) + 'k:');
    const { r } = await ingestText(lines.join('\n') + '\n');
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([[MAX_BLOCK_DEPTH + 1, MAX_BLOCK_DEPTH + 1, 'too-deep']]);
  });
  it('blockTooDeepAt: ordinary nesting passes; blank and comment lines do not count', () => {
    // a, b, the outer and the inner sequence, c: five levels.
    expect(blockTooDeepAt('a:\n  b:\n    - - c\n\n# x\n      # y\n', 5)).toBe(-1);
    expect(blockTooDeepAt('a:\n  b:\n    - - c\n', 4)).toBe(14);
    expect(blockTooDeepAt('a:\n  b:\n    - - c\n', 3)).toBe(12);
  });
  it('several documents are merged in order, as docker compose does (compose-go#451), not an input error', async () => {
    const { r } = await ingestText('services:\n  a:\n    image: x:1\n---\nservices:\n  b:\n    privileged: true\n---\n');
    expect(r.errors).toEqual([]);
    expect(r.containers.map((c) => [c.target.name, c.privileged?.value ?? null])).toEqual([['a', null], ['b', true]]);
  });
  it('a duplicate key is an error at its second occurrence; the last one is modelled', async () => {
    const { r } = await ingestText('services:\n  a:\n    image: x:1\n    privileged: false\n    privileged: true\n');
    expect(r.errors).toEqual([{ file: 'compose.yml', line: 5, column: 5, message: 'duplicate key "privileged" in a mapping', code: 'parse' }]);
    expect(r.containers[0].privileged?.value).toBe(true);
  });
  it('a << merge of an anchor with nothing under it is an input error at the alias (docker compose refuses it), reported once', async () => {
    const { r } = await ingestText('x-a: &a\nservices:\n  w:\n    <<: *a\n    image: x:1\n  v:\n    <<: [*a]\n    image: y:1\n');
    expect(r.errors).toEqual([
      { file: 'compose.yml', line: 4, column: 9, message: 'map merge requires a mapping or a list of mappings as the value of <<: docker compose refuses this file', code: 'parse' },
      { file: 'compose.yml', line: 7, column: 9, message: 'map merge requires a mapping or a list of mappings as the value of <<: docker compose refuses this file', code: 'parse' },
    ]);
    expect(r.containers.map((c) => c.image?.value)).toEqual(['x:1', 'y:1']);
  });
  it('a << merge of an empty flow mapping is no error', async () => {
    const { r } = await ingestText('x-a: &a {}\nservices:\n  w:\n    <<: *a\n    image: x:1\n');
    expect(r.errors).toEqual([]);
  });
  it('property: block nesting of any depth never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3000 }), fc.constantFrom('- ', '? ', '-\t'), async (n, ind) => {
        const { r } = await ingestText('services:\n  a:\n    labels:\n      ' + ind.repeat(n) + 'x\n');
        expect(Array.isArray(r.errors)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});

describe('large files', () => {
  it('one anchor merged into 1,500 services is not an alias bomb (yaml maxAliasCount would say so)', async () => {
    const svcs = Array.from({ length: 1500 }, (_, i) => `  s${i}:\n    <<: *common\n`).join('');
    const { r } = await ingestText(`x-common: &common\n  read_only: true\nservices:\n${svcs}`);
    expect(r.errors).toEqual([]);
    expect(r.containers.filter((c) => c.readOnlyRootfs?.value === true).length).toBe(1500);
  });
  it('a 1 MB generated file: every service, label and variable modelled', async () => {
    const { text, services } = largeCompose(1_000_000);
    const { r } = await ingestText(text);
    expect(r.errors).toEqual([]);
    expect(r.containers.length).toBe(services);
    expect(r.containers.every((c) => Object.keys(c.labels).length === 50 && c.env.length === 20 && c.readOnlyRootfs?.value === true)).toBe(true);
    expect(r.containers[services - 1].env[19]).toMatchObject({ name: 'E19', kind: 'literal', value: 'value19' });
  });
});

// compose-spec `use_api_socket` (Compose 2.33+): modelled as the engine-socket bind the CLI adds; an override file's
// setting (true or false) replaces the base's, and `!reset` drops it, as for any scalar key (13-merge.md).
describe('use_api_socket across files', () => {
  const base = 'services:\n  gw:\n    image: docker/mcp-gateway:v2\n    use_api_socket: true\n    volumes:\n      - ./cfg:/cfg:ro\n';
  const audit = async (over: string) =>
    (await auditSources([{ path: 'compose.yaml', text: base }, { path: 'compose.override.yaml', text: over }], { env: {}, composeProject: ['compose.yaml', 'compose.override.yaml'] })).findings
      .filter((f) => f.slug === 'docker-socket-mounted')
      .map(loc);
  it('base only: reported at the setting', async () => {
    expect(await audit('services:\n  gw:\n    restart: "no"\n')).toEqual(['compose.yaml:4:5 docker-socket-mounted']);
  });
  it('false in the override turns it off', async () => {
    expect(await audit('services:\n  gw:\n    use_api_socket: false\n')).toEqual([]);
  });
  it('!reset in the override turns it off', async () => {
    expect(await audit('services:\n  gw:\n    use_api_socket: !reset null\n')).toEqual([]);
  });
  it('true in the override points at the override', async () => {
    expect(await audit('services:\n  gw:\n    use_api_socket: true\n')).toEqual(['compose.override.yaml:3:5 docker-socket-mounted']);
  });
  it('volumes: !override keeps the API socket', async () => {
    expect(await audit('services:\n  gw:\n    volumes: !override\n      - ./other:/cfg:ro\n')).toEqual(['compose.yaml:4:5 docker-socket-mounted']);
  });
});

// Lifecycle hooks (compose-spec post_start/pre_stop) carry their own `environment`: a secret there is masked like the service's.
describe('post_start hook environment', () => {
  it('masks the secret in the source shown by every report', async () => {
    const text = 'services:\n  app:\n    image: app:1.2\n    post_start:\n      - command: ./migrate.sh\n        environment:\n          DB_PASSWORD: Sup3rS3cretPassw0rd\n';
    const r = await auditSources([{ path: 'compose.yaml', text }], { env: {} });
    expect(r.findings.filter((f) => f.slug === 'secret-in-environment').map(loc)).toEqual(['compose.yaml:7:11 secret-in-environment']);
    expect(r.sources.get('compose.yaml')!.text).toBe(text.replace('Sup3rS3cretPassw0rd', '*******************'));
  });
});
