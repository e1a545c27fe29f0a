/**
 * Top-level `include` (compose-spec 14-include.md, docker compose 2.20+): the services of included files
 * are part of the project, so their settings are audited with the file that includes them (requirements.md
 * "Inputs every rule must see": Compose files).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { fakeCtx, ingestText } from './test-helpers.js';

const MAIN = `include:
  - infra/db.yaml
  - path:
      - infra/proxy.yaml
      - infra/proxy.override.yaml
services:
  web:
    image: nginx:1.27
`;
const FILES = {
  'infra/db.yaml': 'include:\n  - ../shared/cache.yaml\nservices:\n  db:\n    image: postgres:16\n    privileged: true\n',
  'infra/proxy.yaml': 'services:\n  proxy:\n    image: traefik:v3.1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
  'infra/proxy.override.yaml': 'services:\n  proxy:\n    read_only: true\n',
  'shared/cache.yaml': 'services:\n  web:\n    image: not-this-one\n  cache:\n    image: redis:7\n    network_mode: host\n',
};

describe('include', () => {
  it('adds the services of included files (paths relative to the including file, a path list merged in order, nested includes)', async () => {
    const { r } = await ingestText(MAIN, fakeCtx({}, FILES));
    // qa16: shared/cache.yaml's `web` conflicts with compose.yml's: docker compose refuses it (Compose docs "Include"),
    // so it is an InputError at the include entry, and the first definition is the one audited.
    expect(r.errors).toEqual([
      { file: 'infra/db.yaml', line: 2, column: 5, code: 'schema', message: 'include ../shared/cache.yaml: service web is already defined (in compose.yml); docker compose refuses the conflict, and bulwark audits only that first definition' },
    ]);
    expect(r.containers.map((c) => [c.target.name, c.file, c.image?.value, c.readOnlyRootfs?.value])).toEqual([
      ['web', 'compose.yml', 'nginx:1.27', undefined],
      ['db', 'infra/db.yaml', 'postgres:16', undefined],
      ['cache', 'shared/cache.yaml', 'redis:7', undefined],
      ['proxy', 'infra/proxy.yaml', 'traefik:v3.1', true],
    ]);
    expect(r.extraSources?.map((f) => f.path).sort()).toEqual(['infra/db.yaml', 'infra/proxy.override.yaml', 'infra/proxy.yaml', 'shared/cache.yaml']);
  });

  it('a missing include file is a read error at its entry; a cycle is reported once', async () => {
    const { r } = await ingestText('include:\n  - missing.yaml\n  - self.yaml\nservices:\n  a:\n    image: a:1\n', fakeCtx({}, { 'self.yaml': 'include:\n  - self.yaml\nservices:\n  b:\n    image: b:1\n' }));
    expect(r.containers.map((c) => c.target.name)).toEqual(['a', 'b']);
    expect(r.errors.map((e) => [e.file, e.line, e.column, e.code, e.message])).toEqual([
      ['compose.yml', 2, 5, 'read', 'cannot read include file missing.yaml'],
      ['self.yaml', 2, 5, 'extends', 'include cycle or chain too deep: compose.yml -> self.yaml -> self.yaml'],
    ]);
  });

  it('audit: findings of included services are located in the included file', async () => {
    const r = await auditSources([{ path: 'compose.yml', text: MAIN, kind: 'compose' }, ...Object.entries(FILES).map(([path, text]) => ({ path, text }))]);
    const pick = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => [f.target.name, f.location.file, f.location.startLine, f.location.startColumn]);
    expect(pick('BW-0001')).toEqual([['db', 'infra/db.yaml', 6, 17]]);
    expect(pick('BW-0013')).toEqual([['proxy', 'infra/proxy.yaml', 5, 9]]);
    expect(pick('BW-0015')).toEqual([['cache', 'shared/cache.yaml', 6, 19]]);
  });
});

describe('remote include (qa2: oci:// and git URLs)', () => {
  it('is an unsupported-input error naming the resource, and the local services are still audited', async () => {
    const text = 'include:\n  - oci://docker.io/example/stack:1.0\n  - path: https://github.com/example/stack.git#main:compose.yaml\nservices:\n  web:\n    image: nginx:1.27\n';
    const { r } = await ingestText(text, fakeCtx({}, {}));
    expect(r.containers.map((c) => c.target.name)).toEqual(['web']);
    expect(r.errors.map((e) => [e.line, e.column, e.code, e.message])).toEqual([
      [2, 5, 'unsupported', 'include oci://docker.io/example/stack:1.0 is a remote resource: bulwark does not fetch it, so its services are not audited (audit a local copy)'],
      [3, 11, 'unsupported', 'include https://github.com/example/stack.git#main:compose.yaml is a remote resource: bulwark does not fetch it, so its services are not audited (audit a local copy)'],
    ]);
  });
});

// qa4: `include: - path: sub/base.yaml, env_file: sub/vars.env` — the included file was interpolated with the
// including project's variables only, so `${DATA:-./data}` stayed ./data although vars.env sets DATA=/etc.
describe('include env_file and project_directory (qa4)', () => {
  const files = {
    'sub/base.yaml': 'services:\n  app:\n    image: app:${RELEASE:-latest}\n    volumes:\n      - ${DATA:-./data}:/data\n',
    'sub/vars.env': 'RELEASE=6.10.0\nDATA=/etc\n',
    'sub/.env': 'RELEASE=1.0.0\n',
    'other/.env': 'RELEASE=2.0.0\n',
  };
  it('interpolates with the entry env_file (relative to the including file)', async () => {
    const { r } = await ingestText('include:\n  - path: sub/base.yaml\n    env_file: sub/vars.env\n', fakeCtx({}, files));
    expect(r.containers.map((c) => [c.target.name, c.image?.value, c.mounts[0]?.source])).toEqual([['app', 'app:6.10.0', '/etc']]);
  });
  it('defaults to the .env of the project directory: the included file directory, or project_directory', async () => {
    const a = await ingestText('include:\n  - sub/base.yaml\n', fakeCtx({}, files));
    expect(a.r.containers.map((c) => [c.image?.value, c.mounts[0]?.source])).toEqual([['app:1.0.0', 'sub/data']]);
    const b = await ingestText('include:\n  - path: sub/base.yaml\n    project_directory: other\n', fakeCtx({}, files));
    expect(b.r.containers.map((c) => c.image?.value)).toEqual(['app:2.0.0']);
  });
  it('audit: the bind of /etc set through the include env_file is a sensitive host mount at the included line', async () => {
    const r = await auditSources([
      { path: 'compose.yml', text: 'include:\n  - path: sub/base.yaml\n    env_file: sub/vars.env\n', kind: 'compose' },
      ...Object.entries(files).map(([path, text]) => ({ path, text })),
    ]);
    const f = r.findings.filter((x) => x.ruleId === 'BW-0011');
    expect(f.map((x) => [x.target.name, x.severity, x.location.file, x.location.startLine, x.location.startColumn])).toEqual([['app', 'high', 'sub/base.yaml', 5, 9]]);
  });
});
