/**
 * Where relative paths resolve from (QA f1): docker compose resolves every file given with `-f` (or `COMPOSE_FILE`)
 * from the project directory, the first file's directory (Compose docs "Merge": "Paths are evaluated relative to the
 * base file"; compose-go `loadYamlModel` resolves the merged model from `ConfigDetails.WorkingDir`). An `include`
 * entry's files resolve from its project directory (`project_directory`, default the first included file's directory;
 * compose-go `ApplyInclude`); a file read by `extends.file` from its own directory (Compose docs "Extend": "relative
 * paths declared by the service being extended are converted so they still point to the same file"), while the
 * `extends.file` path itself resolves from the extending file's base directory. Seccomp profiles: the project
 * directory (docker compose `parseSecurityOpts`: `p.RelativePath`).
 */
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../model/source.js';
import { auditSources } from '../../engine/audit.js';
import { ingestCompose } from './index.js';
import { fakeCtx } from './test-helpers.js';

// Four levels below /: `../../../..` is / from app/, but /srv from app/deploy/.
const APP = '/srv/x/y/app';
const BASE = 'services: {api: {image: ghcr.io/acme/api:3.2}}\n';
const PROD = 'services: {api: {env_file: ./prod.env, volumes: ["../../../..:/host"]}}\n';
const KEY = 'sk_live_51HxAbCdEfGhIjKlMnOpQrStUv';

async function project(files: Record<string, string>, given: string[]) {
  return ingestCompose(given.map((p) => new SourceFile(p, files[p])), fakeCtx({}, files));
}

describe('-f base -f sub/override: the override resolves from the project directory (QA f1)', () => {
  const files = {
    [`${APP}/compose.yaml`]: BASE,
    [`${APP}/deploy/prod.yaml`]: PROD,
    [`${APP}/prod.env`]: `STRIPE_SECRET_KEY=${KEY}\n`,
    [`${APP}/deploy/prod.env`]: 'STRIPE_SECRET_KEY=sk_test_wrong_directory_0000000\n',
  };
  it('env_file and a bind source of the override', async () => {
    const r = await project(files, [`${APP}/compose.yaml`, `${APP}/deploy/prod.yaml`]);
    expect(r.errors).toEqual([]);
    const c = r.containers[0];
    expect(c.mounts.map((m) => [m.source, m.sourceRaw, m.target])).toEqual([['/', '../../../..', '/host']]);
    expect(c.env.map((e) => [e.name, e.value, e.origin.kind === 'file' ? e.origin.file : ''])).toEqual([['STRIPE_SECRET_KEY', KEY, `${APP}/prod.env`]]);
    expect(c.envFilesUnread).toBeUndefined();
  });
  it('seccomp profile, build context and extends.file of the override; the extended file keeps its own directory', async () => {
    const more = {
      ...files,
      [`${APP}/deploy/prod.yaml`]: [
        'services:',
        '  api:',
        '    security_opt: ["seccomp=./profiles/sec.json"]',
        '  worker:',
        '    build: {context: ./worker}',
        '  job:',
        '    extends: {file: lib/common.yaml, service: base}',
        '',
      ].join('\n'),
      [`${APP}/profiles/sec.json`]: '{"defaultAction": "SCMP_ACT_ALLOW"}',
      [`${APP}/worker/Dockerfile`]: 'FROM alpine:3.20\nUSER 10001\n',
      [`${APP}/lib/common.yaml`]: 'services:\n  base:\n    image: busybox:1.36\n    env_file: ./common.env\n    volumes: ["./data:/data"]\n',
      [`${APP}/lib/common.env`]: 'LOG_LEVEL=debug\n',
    };
    const r = await project(more, [`${APP}/compose.yaml`, `${APP}/deploy/prod.yaml`]);
    expect(r.errors).toEqual([]);
    const by = (n: string) => r.containers.find((c) => c.target.name === n)!;
    expect(by('api').securityOpt.map((o) => [o.key, o.profile?.file])).toEqual([['seccomp', `${APP}/profiles/sec.json`]]);
    expect([by('worker').imageUser?.value, by('worker').build?.read?.file]).toEqual(['10001', `${APP}/worker/Dockerfile`]);
    expect(by('job').mounts.map((m) => m.source)).toEqual([`${APP}/lib/data`]);
    expect(by('job').env.map((e) => [e.name, e.value])).toEqual([['LOG_LEVEL', 'debug']]);
  });
  it('audit: the bind of / is critical and the env file secret is reported at its line, masked in every format', async () => {
    const { render } = await import('../../report/index.js');
    const r = await auditSources(
      Object.entries(files).map(([path, text]) => ({ path, text })),
      { env: {}, composeProject: [`${APP}/compose.yaml`, `${APP}/deploy/prod.yaml`] },
    );
    expect(r.summary.targets).toBe(1);
    const pick = r.findings
      .filter((f) => ['BW-0011', 'BW-0026'].includes(f.ruleId))
      .map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity} ${f.certainty}`);
    expect(pick).toEqual([`${APP}/prod.env:1:1 BW-0026 high definite`, `${APP}/deploy/prod.yaml:1:50 BW-0011 critical definite`]);
    for (const fmt of ['text', 'json', 'sarif', 'html'] as const) expect(render(r, fmt, { color: false }), fmt).not.toContain(KEY);
  });
});

describe('a relative bind in a Compose file in the working directory (QA f1)', () => {
  it('`../..` up to / is the host root, as it is from a file in a subdirectory', async () => {
    const up = Array(12).fill('..').join('/');
    const text = `services:\n  api:\n    image: alpine:3.20\n    volumes: ["${up}:/host"]\n`;
    for (const path of ['compose.yaml', 'app/compose.yaml']) {
      const r = await auditSources([{ path, text }], { env: {} });
      expect(r.findings.filter((f) => f.ruleId === 'BW-0011').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.severity}`), path).toEqual(['4:15 critical']);
    }
  });
});

describe('include: paths relative to the including file\'s base directory; included files resolve from the entry\'s project directory', () => {
  const files = {
    [`${APP}/compose.yaml`]: BASE,
    // The override includes infra/db.yaml: relative to the project directory, not to deploy/.
    [`${APP}/deploy/prod.yaml`]: 'include:\n  - path: [infra/db.yaml, overrides/db.yaml]\n  - path: other/x.yaml\n    project_directory: shared\n',
    [`${APP}/infra/db.yaml`]: 'services:\n  db:\n    image: postgres:16\n    volumes: ["./pgdata:/var/lib/postgresql/data"]\n',
    [`${APP}/overrides/db.yaml`]: 'services:\n  db:\n    env_file: ./db.env\n',
    [`${APP}/infra/db.env`]: 'POSTGRES_USER=app\n',
    [`${APP}/other/x.yaml`]: 'services:\n  x:\n    image: busybox:1.36\n    volumes: ["./state:/state"]\n',
  };
  it('an override\'s include, an override in the entry\'s path list, project_directory', async () => {
    const r = await project(files, [`${APP}/compose.yaml`, `${APP}/deploy/prod.yaml`]);
    expect(r.errors).toEqual([]);
    expect(r.containers.map((c) => [c.target.name, c.mounts.map((m) => m.source), c.env.map((e) => `${e.name}=${e.value}`)])).toEqual([
      ['api', [], []],
      ['db', [`${APP}/infra/pgdata`], ['POSTGRES_USER=app']],
      ['x', [`${APP}/shared/state`], []],
    ]);
  });
});
