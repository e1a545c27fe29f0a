/**
 * CI pipeline files (kind `ci`): `docker run` lines in GitHub Actions `run:` steps and GitLab CI scripts,
 * audited at their own lines and columns in the YAML (R-G5, R-G6, R-S; CIS Docker Benchmark 1.6.0 5.4, 5.5,
 * 5.16, 5.31). Every case goes through the engine (`auditSources`) with the real ingesters.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';

const audit = async (path: string, text: string) => auditSources([{ path, text }], { env: {} });
/** `ruleId line:column` of every finding, in report order. */
const at = (r: Awaited<ReturnType<typeof audit>>, ids?: string[]) =>
  r.findings.filter((f) => !ids || ids.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn}`);
const KEY = ['BW-0001', 'BW-0002', 'BW-0013', 'BW-0016', 'BW-0026', 'BW-0027'];

const WORKFLOW = `name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: start db
        run: |
          docker run -d --name db --privileged \\
            -v /var/run/docker.sock:/var/run/docker.sock \\
            -e POSTGRES_PASSWORD=hunter2secret postgres:16@sha256:${'a'.repeat(64)}
      - run: docker run --rm --cap-add SYS_ADMIN alpine@sha256:${'b'.repeat(64)} true
      - run: 'docker run --rm --pid=host busybox@sha256:${'c'.repeat(64)} true'
`;

describe('GitHub Actions workflows', () => {
  it('reads run: steps (literal block, plain and single-quoted) at their own positions, secrets masked', async () => {
    const r = await audit('.github/workflows/ci.yml', WORKFLOW);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => [f.path, f.kind, f.containers])).toEqual([['.github/workflows/ci.yml', 'ci', 3]]);
    expect(at(r, KEY)).toEqual(['BW-0001 10:35', 'BW-0013 11:13', 'BW-0026 12:13', 'BW-0002 13:30', 'BW-0016 14:31']);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0001').map((f) => f.target)).toEqual([{ kind: 'run', name: 'db' }]);
    expect(renderJson(r)).not.toContain('hunter2secret');
    const text = renderText(r, { color: false });
    expect(text).not.toContain('hunter2secret');
    expect(text).toContain('-e POSTGRES_PASSWORD=************* postgres:16');
  });

  it('folds a folded block (>) into one command line, and reads a ${{ }} expression as an unknown value', async () => {
    const text = `on: push
jobs:
  e2e:
    runs-on: ubuntu-latest
    steps:
      - run: >
          docker run --rm
          --user \${{ matrix.uid }}
          --cap-add NET_ADMIN
          app@sha256:${'d'.repeat(64)}
`;
    const r = await audit('.github/workflows/e2e.yml', text);
    expect(r.errors).toEqual([]);
    expect(at(r, ['BW-0002', 'BW-0004', 'BW-0005'])).toEqual(['BW-0004 8:11', 'BW-0002 9:11']);
    // `--user \${{ matrix.uid }}`: the user is whatever the matrix gives, so "no user" is unknown, not definite.
    expect(r.findings.filter((f) => f.ruleId === 'BW-0004').map((f) => f.certainty)).toEqual(['unknown']);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0002').map((f) => f.message.slice(0, 26))).toEqual(['capability NET_ADMIN added']);
  });

  it('honours # bulwark-ignore written as a YAML comment above the step', async () => {
    const text = WORKFLOW.replace('      - run: docker run --rm --cap-add', '      # bulwark-ignore BW-0002 -- the e2e job needs it, throw-away runner\n      - run: docker run --rm --cap-add');
    const r = await audit('.github/workflows/ci.yml', text);
    expect(at(r, ['BW-0002', 'BW-0000'])).toEqual([]);
    expect(r.summary.suppressed).toBe(1);
  });

  it('a step without docker gives nothing, malformed YAML is one input error with its line', async () => {
    expect((await audit('.github/workflows/lint.yml', 'on: push\njobs:\n  l:\n    runs-on: x\n    steps:\n      - run: npm test\n')).findings).toEqual([]);
    const bad = await audit('.github/workflows/bad.yml', 'on: push\njobs:\n  l:\n    steps: [\n');
    expect(bad.errors.map((e) => [e.file, e.line, e.code])).toEqual([['.github/workflows/bad.yml', 5, 'parse']]);
  });
});

describe('GitHub Actions job and service containers', () => {
  it('reads container: and services: as docker create lines: options at their own words, ports, volumes, the key as name', async () => {
    const text = `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: node:20@sha256:${'f'.repeat(64)}
      options: --cpus 1 --user 1001
    services:
      dind:
        image: docker:24-dind@sha256:${'f'.repeat(64)}
        options: >-
          --privileged
          --health-cmd "docker info"
      redis:
        image: redis:7@sha256:${'f'.repeat(64)}
        ports:
          - 6379:6379
        volumes:
          - /var/run/docker.sock:/var/run/docker.sock
      db: \${{ matrix.db }}
    steps:
      - run: npm test
`;
    const r = await audit('.github/workflows/svc.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => [f.kind, f.containers])).toEqual([['ci', 3]]);
    expect(at(r, [...KEY, 'BW-0028', 'BW-0004', 'BW-0038'])).toEqual(['BW-0004 9:7', 'BW-0001 12:11', 'BW-0004 14:7', 'BW-0028 17:13', 'BW-0013 19:13']);
    // The job container runs as --user 1001 (no BW-0004); every container is on the runner's own network (no BW-0038).
    expect([...new Set(r.findings.filter((f) => f.target.kind === 'run').map((f) => f.target.name))]).toEqual(['node:20@sha256:' + 'f'.repeat(64), 'dind', 'redis']);
  });
});

describe('GitLab CI pipelines', () => {
  it('reads script, before_script and after_script of jobs, default: and the top level, as strings or lists', async () => {
    const text = `stages: [test]
before_script:
  - docker run --rm --privileged alpine@sha256:${'e'.repeat(64)} true
default:
  after_script: docker run --rm --pid=host alpine@sha256:${'e'.repeat(64)} true
.template:
  script:
    - - docker run --rm --cap-add SYS_PTRACE alpine@sha256:${'e'.repeat(64)} true
test:
  stage: test
  image: docker:24
  services: [docker:24-dind]
  script:
    - echo start
    - >-
      docker run --rm -v /var/run/docker.sock:/var/run/docker.sock
      alpine@sha256:${'e'.repeat(64)} true
variables:
  script: docker run --privileged not-a-script
`;
    const r = await audit('.gitlab-ci.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => [f.kind, f.containers])).toEqual([['ci', 4]]);
    expect(at(r, KEY)).toEqual(['BW-0001 3:21', 'BW-0016 5:33', 'BW-0002 8:25', 'BW-0013 16:23']);
  });
});
