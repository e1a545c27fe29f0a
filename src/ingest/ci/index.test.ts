/**
 * CI pipeline files (kind `ci`): `docker run` lines in GitHub Actions `run:` steps and GitLab CI scripts,
 * audited at their own lines and columns in the YAML (R-G5, R-G6, R-S; CIS Docker Benchmark 1.6.0 5.4, 5.5,
 * 5.16, 5.31). Every case goes through the engine (`auditSources`) with the real ingesters.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';
import { renderSarif } from '../../report/sarif.js';
import { renderHtml } from '../../report/html.js';

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
    // `db: \${{ matrix.db }}` is a service too: its image is unknown, its user is not set.
    expect(r.files.map((f) => [f.kind, f.containers])).toEqual([['ci', 4]]);
    expect(at(r, [...KEY, 'BW-0028', 'BW-0004', 'BW-0038'])).toEqual(['BW-0004 9:7', 'BW-0001 12:11', 'BW-0004 14:7', 'BW-0028 17:13', 'BW-0013 19:13', 'BW-0004 20:7', 'BW-0027 20:11']);
    // The job container runs as --user 1001 (no BW-0004); every container is on the runner's own network (no BW-0038).
    expect([...new Set(r.findings.filter((f) => f.target.kind === 'run').map((f) => f.target.name))]).toEqual(['node:20@sha256:' + 'f'.repeat(64), 'dind', 'redis', 'db']);
  });
});

describe('GitHub Actions service env', () => {
  it('reads env: of a service as -e NAME=value at the name and value: a literal password is high and masked, ${{ secrets }} a variable', async () => {
    const text = `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    services:
      postgres:
        image: postgres:16@sha256:${'f'.repeat(64)}
        env:
          POSTGRES_PASSWORD: "s3cr3t-pw-123"
          POSTGRES_USER: app
          API_TOKEN: \${{ secrets.API_TOKEN }}
    steps:
      - run: echo hi
`;
    const r = await audit('.github/workflows/env.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0026').map((f) => `${f.location.startLine}:${f.location.startColumn}-${f.location.endColumn} ${f.severity} ${f.target.name}`)).toEqual([
      '9:11-44 high postgres',
      '11:11-46 medium postgres',
    ]);
    expect(renderText(r, { color: false })).not.toContain('s3cr3t-pw-123');
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

describe('QA: real-world workflow and pipeline shapes', () => {
  it('a heredoc in a literal block ends at its indented delimiter line: valid; the run.sh it writes is a script (QA B 11)', async () => {
    const text = `on: push
jobs:
  h:
    runs-on: [self-hosted, linux]
    steps:
      - name: write script
        run: |
          cat > run.sh <<'SCRIPT'
          docker run --privileged alpine:3 true
          SCRIPT
          docker run --rm --pid=host alpine@sha256:${'a'.repeat(64)} true
          bash <<-EOF
          docker run --rm --ipc=host alpine@sha256:${'a'.repeat(64)} true
          EOF
`;
    const r = await audit('.github/workflows/heredoc.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => [f.kind, f.containers])).toEqual([['ci', 3]]);
    expect(at(r, ['BW-0001', 'BW-0016', 'BW-0017'])).toEqual(['BW-0001 9:22', 'BW-0016 11:27', 'BW-0017 13:27']);
  });

  it('keeps every other offset: the delimiter indentation moves to the line before (CRLF too)', async () => {
    const { heredocEndsAtColumnOne } = await import('./index.js');
    expect(heredocEndsAtColumnOne('  cat <<EOF\n  x\n  EOF\n  y\n')).toBe('  cat <<EOF\n  x  \nEOF\n  y\n');
    expect(heredocEndsAtColumnOne('  cat <<EOF\r\n  EOF\r\n')).toBe('  cat <<EOF  \r\nEOF\r\n');
    // A here-string (<<<) and a shift in arithmetic open nothing.
    expect(heredocEndsAtColumnOne('  cat <<< EOF\n  echo $((1 << 2))\n  EOF\n')).toBe('  cat <<< EOF\n  echo $((1 << 2))\n  EOF\n');
  });

  it('reads a job container and a service whose image is a ${{ }} expression (unknown image, options still read)', async () => {
    const text = `on: workflow_call
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: \${{ inputs.image }}
      options: --privileged
    services:
      nginx:
        image: nginx:\${{ inputs.tag }}
        ports: ['8080:80']
    steps:
      - run: make test
`;
    const r = await audit('.github/workflows/reusable.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => [f.kind, f.containers])).toEqual([['ci', 2]]);
    expect(at(r, ['BW-0001', 'BW-0027', 'BW-0028'])).toEqual(['BW-0027 6:14', 'BW-0001 7:16', 'BW-0027 10:16', 'BW-0028 11:18']);
    expect([...new Set(r.findings.filter((f) => f.target.kind === 'run').map((f) => f.target.name))]).toEqual(['${{ inputs.image }}', 'nginx']);
  });

  it('GitLab: a script reached through an alias or a !reference tag is read once, at the anchored line', async () => {
    const text = `.scripts:
  run_app: &run_app
    - docker run --rm --cap-add NET_ADMIN alpine@sha256:${'e'.repeat(64)} ip link
.base: &base
  script:
    - docker run --rm --pid=host alpine@sha256:${'e'.repeat(64)} true
stages: [test]
unit:
  <<: *base
  stage: test
ref:
  stage: test
  script:
    - *run_app
    - !reference [.scripts, run_app]
    - !reference [.base, script]
`;
    const r = await audit('.gitlab-ci.yml', text);
    expect(r.errors).toEqual([]);
    expect(at(r, ['BW-0002', 'BW-0016'])).toEqual(['BW-0002 3:23', 'BW-0016 6:23']);
  });

  it('reads a step by its shell: python skipped (no parse error), pwsh line by line with backtick continuations', async () => {
    const text = `on: push
jobs:
  w:
    runs-on: [self-hosted, Windows, X64]
    steps:
      - shell: python
        run: |
          import subprocess
          subprocess.run(["docker", "run", "--privileged", "alpine:3"], check=True)
      - run: |
          if ($env:CI) { Write-Host "ci" }
          & docker run --rm -e DB_PASSWORD=Hunter2Secret! \`
            --cap-add SYS_ADMIN \`
            -v C:\\data:C:\\data \`
            alpine@sha256:${'a'.repeat(64)} true
  l:
    runs-on: ubuntu-latest
    defaults:
      run:
        shell: pwsh
    steps:
      - run: docker run --rm --privileged alpine@sha256:${'a'.repeat(64)} true
      - shell: bash -e {0}
        run: docker run --rm --pid=host alpine@sha256:${'a'.repeat(64)} true
`;
    const r = await audit('.github/workflows/win.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => [f.kind, f.containers])).toEqual([['ci', 3]]);
    expect(at(r, [...KEY, 'BW-0004'])).toEqual(['BW-0004 12:13', 'BW-0026 12:29', 'BW-0002 13:13', 'BW-0004 22:14', 'BW-0001 22:30', 'BW-0004 24:14', 'BW-0016 24:30']);
    expect(renderText(r, { color: false })).not.toContain('Hunter2Secret');
  });

  it('reads a double-quoted script whose only escapes are \\" at the same columns', async () => {
    const text = `stages: [test]
e2e:
  script:
    - "docker run --rm --net=host -e \\"MSG=a b\\" \\"nginx@sha256:${'c'.repeat(64)}\\""
    - "docker run --rm --pid=host --name=\\"x\\" alpine@sha256:${'c'.repeat(64)}"
`;
    const r = await audit('.gitlab-ci.yml', text);
    expect(r.errors).toEqual([]);
    // The second item has a quote inside a word: it is left unread rather than read at wrong columns.
    expect(r.files.map((f) => [f.kind, f.containers])).toEqual([['ci', 1]]);
    expect(at(r, ['BW-0015', 'BW-0016'])).toEqual(['BW-0015 4:24']);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0015').map((f) => f.target.name)).toEqual(['nginx@sha256:' + 'c'.repeat(64)]);
    const { unescapeQuotes } = await import('./index.js');
    expect(unescapeQuotes('run \\"a b\\" x')).toBe('run  "a b"  x');
    expect(unescapeQuotes('a\\nb')).toBe('a \nb');
    expect(unescapeQuotes('a\\x41b')).toBeUndefined();
  });

  it('names a ${{ }} expression in messages by a readable variable of the same length', async () => {
    const text = `on: workflow_call
jobs:
  t:
    runs-on: ubuntu-latest
    steps:
      - run: docker run --rm --user \${{ matrix.uid }}_x -e TOKEN=\${{ secrets.token }} \${{ inputs.image }} env
`;
    const r = await audit('.github/workflows/call.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => ['BW-0004', 'BW-0026', 'BW-0027'].includes(f.ruleId)).map((f) => [`${f.ruleId} ${f.location.startLine}:${f.location.startColumn}`, f.target.name])).toEqual([
      ['BW-0004 6:30', '${{ inputs.image }}'],
      ['BW-0026 6:57', '${{ inputs.image }}'],
      ['BW-0027 6:87', '${{ inputs.image }}'],
    ]);
    // The target and the messages quote the expressions as written (qa8a).
    expect(r.findings.find((f) => f.ruleId === 'BW-0004')?.message).toContain('user ${{ matrix.uid }}_x:');
  });

  it('GitLab: a component with a spec: header document, and $[[ inputs.x ]] read as unknown values', async () => {
    const text = `spec:
  inputs:
    image:
      default: docker:24
---
"$[[ inputs.stage ]]-dind":
  stage: $[[ inputs.stage ]]
  script:
    - docker run --rm --privileged $[[ inputs.image ]] true
`;
    const r = await audit('templates/dind.gitlab-ci.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => [f.kind, f.containers])).toEqual([['ci', 1]]);
    expect(r.findings.filter((f) => ['BW-0001', 'BW-0027'].includes(f.ruleId)).map((f) => [`${f.ruleId} ${f.location.startLine}:${f.location.startColumn}`, f.target.name])).toEqual([
      ['BW-0001 9:23', '$[[ inputs.image ]]'],
      ['BW-0027 9:36', '$[[ inputs.image ]]'],
    ]);
  });

  it('a shell parse error deep in a file is reported at its own line and column', async () => {
    const steps = Array.from({ length: 40 }, (_, i) => `      - run: echo step ${i}`).join('\n');
    const text = `on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n${steps}\n      - run: |\n          echo ok\n          docker run --rm --privileged alpine@sha256:${'a'.repeat(64)} "unclosed\n`;
    const r = await audit('.github/workflows/deep.yml', text);
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([[48, 119, 'parse']]);
    expect(at(r, ['BW-0001'])).toEqual(['BW-0001 48:27']);
  });

  it('reads a ${{ }} expression in a service options: as one unknown word, not as the image', async () => {
    const text = `on: push
jobs:
  t:
    runs-on: ubuntu-latest
    container:
      image: node:20@sha256:${'f'.repeat(64)}
      options: --user \${{ matrix.uid }} --cpus \${{ inputs.cpus }}
    services:
      db:
        image: mysql:8@sha256:${'f'.repeat(64)}
        options: --health-cmd "mysqladmin ping -p\${{ secrets.DB_PW }}" --cap-add \${{ inputs.cap }}
    steps:
      - run: echo
`;
    const r = await audit('.github/workflows/svc.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => ['BW-0002', 'BW-0004', 'BW-0009', 'BW-0027'].includes(f.ruleId)).map((f) => [`${f.ruleId} ${f.location.startLine}:${f.location.startColumn}`, f.target.name, f.certainty])).toEqual([
      ['BW-0004 7:16', 'node:20@sha256:' + 'f'.repeat(64), 'unknown'],
      ['BW-0009 7:41', 'node:20@sha256:' + 'f'.repeat(64), 'unknown'],
      ['BW-0004 9:7', 'db', 'unknown'],
      ['BW-0009 9:7', 'db', 'definite'],
      ['BW-0002 11:72', 'db', 'unknown'],
    ]);
  });

  it('masks secrets written in YAML env:/variables: maps, which report snippets show around findings', async () => {
    const text = `on: push
env:
  API_TOKEN: ghp_abcdefghijklmnopqrstuvwxyz0123456789
jobs:
  t:
    runs-on: ubuntu-latest
    services:
      pg:
        image: postgres:16
        env:
          POSTGRES_USER: app
          POSTGRES_PASSWORD: "Sup3rS3cretPw"
        options: --privileged
    steps:
      - uses: docker/login-action@v3
        with:
          password: \${{ secrets.GITHUB_TOKEN }}
      - env:
          AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
        run: docker run --rm -e AWS_SECRET_ACCESS_KEY alpine:3 true
`;
    const r = await audit('.github/workflows/env.yml', text);
    expect(r.errors).toEqual([]);
    const out = renderText(r, { color: false });
    for (const secret of ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'Sup3rS3cretPw', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']) expect(out).not.toContain(secret);
    expect(out).toContain('POSTGRES_PASSWORD: "*************"');
    expect(out).toContain('AWS_SECRET_ACCESS_KEY: ****************************************');

    const gitlab = await audit('.gitlab-ci.yml', `variables:
  REGISTRY_TOKEN: $CI_JOB_TOKEN
t:
  script:
    - docker run --rm --privileged -e DB_PASSWORD alpine:3 true
  variables: {DB_PASSWORD: {value: "hunter2hunter2", description: the test database}}
`);
    const glText = renderText(gitlab, { color: false });
    expect(glText).not.toContain('hunter2hunter2');
    expect(glText).toContain('{DB_PASSWORD: {value: "**************", description: the test database}}');
    expect(glText).toContain('REGISTRY_TOKEN: $CI_JOB_TOKEN');
  });

  it('GitLab: an alias bomb in a script list reads each anchored script once', async () => {
    const levels = ['.a: &a ["docker run --rm --privileged alpine@sha256:' + 'e'.repeat(64) + ' true", "echo"]'];
    for (const [prev, cur] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g'], ['g', 'h']]) levels.push(`.${cur}: &${cur} [${Array(10).fill('*' + prev).join(', ')}]`);
    const text = `${levels.join('\n')}\njob:\n  script: [${Array(10).fill('*h').join(', ')}]\n`;
    const r = await audit('.gitlab-ci.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => [f.kind, f.containers])).toEqual([['ci', 1]]);
    expect(at(r, ['BW-0001'])).toEqual(['BW-0001 1:26']);
  });
});


describe('CI expressions in reports (qa8a)', () => {
  it('names a run: image written as ${{ inputs.image }} as written, in the target and in messages', async () => {
    const text = [
      'on:',
      '  workflow_call:',
      '    inputs:',
      '      image: {type: string, required: true}',
      '      flags: {type: string, default: ""}',
      'jobs:',
      '  run:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: docker run --rm ${{ inputs.flags }} -w /src ${{ inputs.image }} check',
      '',
    ].join('\n');
    const r = await audit('.github/workflows/reusable.yml', text);
    expect(r.errors).toEqual([]);
    expect([...new Set(r.findings.filter((f) => f.target.kind === 'run').map((f) => f.target.name))]).toEqual(['${{ inputs.image }}']);
    expect(at(r, ['BW-0008', 'BW-0027'])).toEqual(['BW-0008 10:14', 'BW-0027 10:58']);
    const messages = r.findings.filter((f) => ['BW-0008', 'BW-0027'].includes(f.ruleId)).map((f) => f.message);
    expect(messages[0]).toBe('no memory limit: the container may use all host memory (unless ${{ inputs.flags }} sets it)');
    expect(messages[1]).toMatch(/^image \$\{\{ inputs\.image \}\}: the value depends on an unset variable/);
    expect(renderJson(r)).not.toContain('inputs_image');
  });
});

describe('tokens written anywhere in a CI file are masked (qa8a)', () => {
  it('masks a JWT in a curl header of a script and a GitHub token in a with: input, in every format', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijklmnopqrstuv';
    const gh = 'ghp_' + 'a1B2c3D4e5'.repeat(4);
    const text = [
      'stages: [deploy]',
      'deploy:',
      '  stage: deploy',
      '  script:',
      `    - 'curl -fsS -H "Authorization: Bearer ${jwt}" https://api.example.com/ping'`,
      '    - docker run --rm --privileged alpine:3.19 true',
      `    - echo GH_TOKEN=${gh} > /dev/null`,
      '',
    ].join('\n');
    const r = await audit('.gitlab-ci.yml', text);
    expect(r.errors).toEqual([]);
    expect(at(r, ['BW-0001'])).toEqual(['BW-0001 6:23']);
    expect(renderText(r, { color: false })).toContain('Authorization: Bearer ***');
    expect(r.sources.get('.gitlab-ci.yml')?.text.split('\n')[6]).toBe(`    - echo GH_TOKEN=${'*'.repeat(gh.length)} > /dev/null`);
    for (const out of [renderText(r, { color: false }), renderJson(r), renderSarif(r), renderHtml(r)]) {
      expect(out).not.toContain(jwt.slice(0, 20));
      expect(out).not.toContain(gh.slice(0, 12));
    }
  });
});

describe('GitHub composite actions (qa8a)', () => {
  it('reads the run: steps of a composite action.yml with their shell:', async () => {
    const text = [
      'name: Run in container',
      'inputs:',
      '  image: {required: true}',
      'runs:',
      '  using: "composite"',
      '  steps:',
      '    - run: docker run --rm --privileged ${{ inputs.image }} true',
      '      shell: bash',
      '    - run: docker run --rm --pid=host alpine:3.19 true',
      '      shell: python',
      '',
    ].join('\n');
    const r = await audit('.github/actions/run/action.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => [f.kind, f.containers])).toEqual([['ci', 1]]);
    expect(at(r, ['BW-0001', 'BW-0016'])).toEqual(['BW-0001 7:28']);
    expect(r.findings.find((f) => f.ruleId === 'BW-0001')?.target).toEqual({ kind: 'run', name: '${{ inputs.image }}' });
  });
});

describe('other CI services, by file name', () => {
  const cases: [string, string, string[]][] = [
    [
      'azure-pipelines.yml',
      'pool:\n  vmImage: ubuntu-latest\nvariables:\n  script: docker run --privileged not-a-step\nstages:\n  - stage: test\n    jobs:\n      - job: it\n        steps:\n          - script: docker run --rm --privileged alpine:3.20 true\n          - bash: |\n              docker run -d --pid=host \\\n                busybox:1.36 sleep 1\n          - pwsh: docker run --rm --cap-add SYS_ADMIN alpine:3.20 true\n',
      ['BW-0001 10:37', 'BW-0016 12:29', 'BW-0002 14:35'],
    ],
    [
      '.circleci/config.yml',
      'version: 2.1\njobs:\n  build:\n    machine: true\n    steps:\n      - checkout\n      - run: docker run --rm -v /var/run/docker.sock:/var/run/docker.sock alpine:3.20 true\n      - run:\n          name: net\n          command: |\n            docker run --rm --net=host alpine:3.20 true\n',
      ['BW-0013 7:30', 'BW-0015 11:29'],
    ],
    ['bitbucket-pipelines.yml', 'pipelines:\n  default:\n    - step:\n        services: [docker]\n        script:\n          - docker run --rm --privileged alpine:3.20 true\n', ['BW-0001 6:29']],
    [
      '.travis.yml',
      'services: [docker]\nbefore_install:\n  - docker run -d --name db -e POSTGRES_PASSWORD=travis-secret-pw postgres:16\nscript: docker run --rm --cap-add NET_ADMIN alpine:3.20 true\n',
      ['BW-0026 3:29', 'BW-0002 4:25'],
    ],
    ['.drone.yml', 'kind: pipeline\ntype: docker\nname: default\nsteps:\n  - name: test\n    image: docker:24\n    commands:\n      - docker run --rm --ipc=host alpine:3.20 true\n', ['BW-0017 8:25']],
    ['.buildkite/pipeline.yml', 'steps:\n  - label: e2e\n    command: docker run --rm --uts=host alpine:3.20 true\n', ['BW-0018 3:30']],
  ];
  it.each(cases)('%s', async (path, text, expected) => {
    const r = await audit(path, text);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => f.kind)).toEqual(['ci']);
    expect(at(r, ['BW-0001', 'BW-0002', 'BW-0013', 'BW-0015', 'BW-0016', 'BW-0017', 'BW-0018', 'BW-0026'])).toEqual(expected);
    expect(renderText(r, { color: false })).not.toContain('travis-secret-pw');
  });
});

describe('URL credentials written in a script are masked (qa17)', () => {
  it('masks a query-string token and a userinfo password next to a docker run, in every format', async () => {
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      '          curl -fsSL "https://artifacts.example.com/dl?v=2&access_token=AbCdEf123456789012345" -o x.tgz',
      '          git clone https://oauth2:clonePw9876@git.example.com/app.git',
      '          docker run --privileged alpine true',
      '',
    ].join('\n');
    const r = await audit('.github/workflows/ci.yml', text);
    expect(r.errors).toEqual([]);
    expect(at(r, ['BW-0001'])).toEqual(['BW-0001 9:22']);
    const lines = r.sources.get('.github/workflows/ci.yml')?.text.split('\n');
    expect(lines?.[6]).toBe('          curl -fsSL "https://artifacts.example.com/dl?v=2&access_token=*********************" -o x.tgz');
    expect(lines?.[7]).toBe('          git clone https://oauth2:***********@git.example.com/app.git');
    for (const out of [renderText(r, { color: false }), renderJson(r), renderSarif(r), renderHtml(r)]) expect(out).not.toMatch(/AbCdEf1234|clonePw9876/);
  });
});
