/** Projects: `extends` (compose-spec 14-extends.md), several files (13-merge.md), anchors and `<<` merge keys, Markdown regions. */
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../model/source.js';
import { ingestCompose } from './index.js';
import { at, fakeCtx, ingestText } from './test-helpers.js';

describe('anchors, aliases and merge keys', () => {
  it('<< merges; own keys win; origins point at the anchored node', async () => {
    const { r, sf } = await ingestText(`x-base: &base
  cap_drop: [ALL]
  read_only: true
  user: "1000"
services:
  a:
    <<: *base
    user: "0"
  b:
    <<: [*base]
    security_opt: &sec
      - no-new-privileges:true
  c:
    security_opt: *sec
`);
    const [a, b, c] = r.containers;
    expect(r.errors).toEqual([]);
    expect(a.user?.value).toBe('0');
    expect(at(sf, a.user?.origin)).toBe('8:11-8:14');
    expect(a.capDrop.map((x) => [x.value, at(sf, x.origin)])).toEqual([['ALL', '2:14-2:17']]);
    expect(at(sf, a.readOnlyRootfs?.origin)).toBe('3:14-3:18');
    expect(b.user?.value).toBe('1000');
    expect(c.securityOpt.map((o) => [o.key, at(sf, o.origin)])).toEqual([['no-new-privileges', '12:9-12:31']]);
  });
});

describe('extends', () => {
  it('same file (string and mapping forms): sequences append, scalars override, env by name, volumes by target', async () => {
    const { r, sf } = await ingestText(`services:
  base:
    image: base:1
    cap_add: [NET_ADMIN]
    environment: {A: "1", B: "2"}
    volumes: ["/a:/data", "/logs:/logs"]
  mid:
    extends: base
    cap_add: [SYS_TIME]
  web:
    extends: {service: mid}
    image: web:2
    environment: [B=3]
    volumes: ["/b:/data:ro"]
`);
    const web = r.containers.find((c) => c.target.name === 'web')!;
    expect(r.errors).toEqual([]);
    expect(at(sf, web.target.range)).toBe('10:3-10:6');
    expect(web.image?.value).toBe('web:2');
    expect(web.capAdd.map((x) => [x.value, sf.location(x.origin as never).startLine])).toEqual([['NET_ADMIN', 4], ['SYS_TIME', 9]]);
    expect(web.env.map((e) => [e.name, e.value])).toEqual([['A', '1'], ['B', '3']]);
    expect(web.mounts.map((m) => [m.source, m.target, m.readOnly])).toEqual([['/logs', '/logs', false], ['/b', '/data', true]]);
  });
  it('another file, read through ctx.readFile relative to the file; origins carry that file', async () => {
    const common = 'services:\n  hardened:\n    read_only: true\n    cap_drop: [ALL]\n';
    const ctx = fakeCtx({}, { 'proj/lib/common.yml': common });
    const { r } = await ingestText('services:\n  app:\n    extends:\n      file: lib/common.yml\n      service: hardened\n', ctx, 'proj/compose.yml');
    const c = r.containers[0];
    expect(r.errors).toEqual([]);
    expect(c.file).toBe('proj/compose.yml');
    expect(c.readOnlyRootfs?.value).toBe(true);
    expect(c.readOnlyRootfs?.origin).toEqual({ kind: 'file', file: 'proj/lib/common.yml', start: common.indexOf('true'), end: common.indexOf('true') + 4 });
    expect(c.capDrop.map((x) => x.value)).toEqual(['ALL']);
  });
  it('cycles and missing services are InputErrors, not crashes', async () => {
    const { r } = await ingestText('services:\n  a:\n    extends: b\n  b:\n    extends: a\n  c:\n    extends: nope\n');
    expect(r.containers.map((c) => c.target.name)).toEqual(['a', 'b', 'c']);
    expect(r.errors.map((e) => [e.code, e.line, e.column])).toEqual([
      ['extends', 5, 14],
      ['extends', 3, 14],
      ['extends', 7, 14],
    ]);
    expect(r.errors[0].message).toBe('extends cycle: compose.yml#a -> compose.yml#b -> compose.yml#a');
  });
  it('an unreadable extends file is an InputError (read)', async () => {
    const { r } = await ingestText('services:\n  a:\n    extends: {file: gone.yml, service: x}\n');
    expect(r.errors).toEqual([{ file: 'compose.yml', line: 3, column: 21, message: 'cannot read extends file gone.yml', code: 'read' }]);
  });
});

describe('several files of one project', () => {
  it('override merges by compose-spec rules; origins point into the file that wrote the winning value', async () => {
    const base = new SourceFile('compose.yml', 'services:\n  db:\n    image: pg:15\n    user: "999"\n    ports: ["5432:5432"]\n    environment:\n      PW: a\n');
    const over = new SourceFile('compose.override.yml', 'services:\n  db:\n    user: root\n    ports: ["127.0.0.1:5433:5432"]\n    environment:\n      PW: b\n  extra:\n    image: busybox\n');
    const r = await ingestCompose([base, over], fakeCtx());
    expect(r.errors).toEqual([]);
    const db = r.containers[0];
    expect(r.containers.map((c) => [c.target.name, c.file])).toEqual([['db', 'compose.yml'], ['extra', 'compose.override.yml']]);
    expect(db.target.range).toEqual({ file: 'compose.yml', start: 12, end: 14 });
    expect(db.user?.value).toBe('root');
    expect(over.location(db.user!.origin as never)).toMatchObject({ file: 'compose.override.yml', startLine: 3, startColumn: 11 });
    expect(db.image?.origin).toMatchObject({ file: 'compose.yml' });
    expect(db.ports.map((p) => p.hostIp ?? '*')).toEqual(['*', '127.0.0.1']);
    expect(db.env.map((e) => [e.name, e.value, (e.origin as { file: string }).file])).toEqual([['PW', 'b', 'compose.override.yml']]);
  });
});

describe('Markdown region', () => {
  it('parses only the fenced block and keeps whole-file offsets', async () => {
    const md = '# Title\n\nservices: not yaml here\n\n```yaml\nservices:\n  web:\n    privileged: true\n```\n';
    const sf = new SourceFile('README.md', md);
    const start = md.indexOf('services:\n  web');
    const r = await ingestCompose([sf], fakeCtx(), { start, end: md.indexOf('```\n', start) });
    expect(r.errors).toEqual([]);
    expect(r.containers.map((c) => c.target.name)).toEqual(['web']);
    expect(at(sf, r.containers[0].privileged?.origin)).toBe('8:17-8:21');
  });
});

describe('!reset of deploy and of the keys it shares fields with (compose-spec 13-merge.md "Reset value"; QA)', () => {
  const BASE = 'services:\n  api:\n    image: example/api:1\n    mem_limit: 512m\n    cpus: 0.5\n    pids_limit: 100\n    restart: "on-failure:3"\n    deploy:\n      resources: {limits: {memory: 1g, pids: 50}}\n      restart_policy: {condition: any}\n';
  const merged = async (override: string) => {
    const r = await ingestCompose([new SourceFile('compose.yaml', BASE), new SourceFile('compose.override.yaml', override)], fakeCtx());
    const c = r.containers[0];
    return [c.resources.memory?.value, c.resources.nanoCpus?.value, c.resources.pidsLimit?.value, c.restart?.value.name, c.restart?.value.maxRetries];
  };
  it('deploy: !reset {} keeps mem_limit, cpus, pids_limit and restart', async () => {
    expect(await merged('services:\n  api:\n    deploy: !reset {}\n')).toEqual([512 * 1024 ** 2, 500_000_000, 100, 'on-failure', 3]);
  });
  it('mem_limit: !reset and pids_limit: !reset fall back to deploy\'s limits; restart: !reset leaves deploy\'s policy', async () => {
    expect(await merged('services:\n  api:\n    mem_limit: !reset null\n    pids_limit: !reset null\n    restart: !reset ""\n')).toEqual([1024 ** 3, 500_000_000, 50, 'always', undefined]);
  });
});
