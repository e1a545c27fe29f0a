/**
 * QA round 16 (Compose): an anchored list used as one entry of another list (`volumes: [- *common]`) is a list
 * inside a list. YAML does not flatten it and docker compose refuses the file (compose-spec 05-services.md: each
 * `volumes` / `devices` entry is a string or a mapping, each `security_opt` entry a string). bulwark used to drop
 * such an entry silently, so a docker.sock bind in it looked absent and `no-new-privileges` looked unset with no
 * word about why (R-B, R-G7; engineering standards: bad input is a one-line error with file:line).
 */
import { describe, expect, it } from 'vitest';
import { fakeCtx, ingestText } from './test-helpers.js';

const NESTED = `x-vols: &vols
  - /var/run/docker.sock:/var/run/docker.sock
x-sec: &sec
  - no-new-privileges:true
services:
  a:
    image: alpine:3.20
    volumes: *vols
    security_opt: *sec
  c:
    image: alpine:3.20
    volumes:
      - ./data:/data
      - *vols
    security_opt:
      - *sec
    devices:
      - [/dev/fuse]
`;

describe('a list nested in a service list (qa16)', () => {
  it('is a schema error at the entry as written; the other entries and the aliased whole lists are modelled', async () => {
    const { r } = await ingestText(NESTED);
    expect(r.errors).toEqual([
      { file: 'compose.yml', line: 16, column: 9, message: 'services.c.security_opt[0]: must be a string, got a sequence (YAML does not flatten a list into a list)', code: 'schema' },
      { file: 'compose.yml', line: 14, column: 9, message: 'services.c.volumes[1]: must be a string or a mapping, got a sequence (YAML does not flatten a list into a list)', code: 'schema' },
      { file: 'compose.yml', line: 18, column: 9, message: 'services.c.devices[0]: must be a string or a mapping, got a sequence (YAML does not flatten a list into a list)', code: 'schema' },
    ]);
    const [a, c] = r.containers;
    expect(a.mounts.map((m) => m.source)).toEqual(['/var/run/docker.sock']);
    expect(a.securityOpt.map((o) => o.raw)).toEqual(['no-new-privileges:true']);
    expect(c.mounts.map((m) => m.sourceRaw ?? m.source)).toEqual(['./data']);
    expect(c.securityOpt).toEqual([]);
    expect(c.devices).toEqual([]);
  });
});

describe('include conflicts (qa16)', () => {
  it('a service an include defines again is a schema error at the include entry; one file included twice is not', async () => {
    const files = {
      'other.yaml': 'services:\n  web:\n    image: alpine:3.20\n    privileged: true\n',
      'a.yaml': 'include:\n  - shared.yaml\n',
      'b.yaml': 'include:\n  - shared.yaml\n',
      'shared.yaml': 'services:\n  cache:\n    image: redis:7\n',
    };
    const { r } = await ingestText('include:\n  - other.yaml\n  - a.yaml\n  - b.yaml\nservices:\n  web:\n    image: nginx:1.27\n', fakeCtx({}, files));
    expect(r.errors).toEqual([
      { file: 'compose.yml', line: 2, column: 5, code: 'schema', message: 'include other.yaml: service web is already defined (in compose.yml); docker compose refuses the conflict, and bulwark audits only that first definition' },
    ]);
    expect(r.containers.map((c) => [c.target.name, c.file, c.privileged?.value])).toEqual([
      ['web', 'compose.yml', undefined],
      ['cache', 'shared.yaml', undefined],
    ]);
  });
});

describe('a short-syntax source that is one unset variable', () => {
  it('${DATA_DIR}:/data is a host path of unknown value (as on run lines); ${VOL}:/v stays a named volume', async () => {
    const { r } = await ingestText('services:\n  app:\n    image: alpine:3.20\n    volumes:\n      - ${DATA_DIR}:/data\n      - ${VOL}:/v\n', fakeCtx({}, {}));
    expect(r.containers[0].mounts.map((m) => [m.type, m.source, m.target, m.unresolved])).toEqual([
      ['bind', '${DATA_DIR}', '/data', true],
      ['volume', '${VOL}', '/v', true],
    ]);
  });
});
