/**
 * Fourth review round of CI pipelines (kind `ci`): double-quoted YAML scripts with escapes (YAML 1.2 §7.3.1,
 * §5.7) read at their own lines and columns instead of being skipped (R-G5, R-G6; CIS Docker Benchmark 1.6.0
 * 5.4, 5.16, 5.31). Every case goes through the engine (`auditSources`) with the real ingesters.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';

const audit = async (path: string, text: string) => auditSources([{ path, text }], { env: {} });
const KEY = ['BW-0001', 'BW-0002', 'BW-0016', 'BW-0019'];
/** `ruleId line:column` of the key findings, in report order. */
const at = (r: Awaited<ReturnType<typeof audit>>) =>
  r.findings.filter((f) => KEY.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn}`);

describe('double-quoted scripts with escapes', () => {
  const text = [
    'on: push',
    'jobs:',
    '  q:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: "docker run --rm \\',
    '          --privileged alpine:3.19 true"',
    '      - run: "\\tdocker run --rm --userns=host alpine:3.19 true"',
    '      - run: "echo ok\\ndocker run --rm --pid=host alpine:3.19 true"',
    '      - run: "docker run --rm -e DIR=C:\\\\tmp --cap-add=SYS_ADMIN alpine:3.19 true"',
    '      - run: "docker run --rm --cap-add=\\x41 alpine:3.19 true"',
    '',
  ];

  it('an escaped line break, \\t, \\n and \\\\ are read; another escape leaves the script unread', async () => {
    const r = await audit('.github/workflows/q.yml', text.join('\n'));
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => [f.kind, f.containers])).toEqual([['ci', 4]]);
    expect(at(r)).toEqual(['BW-0001 7:11', 'BW-0019 8:33', 'BW-0016 9:40', 'BW-0002 10:46']);
  });

  it('the same in a CRLF file', async () => {
    const r = await audit('.github/workflows/q.yml', text.join('\r\n'));
    expect(r.errors).toEqual([]);
    expect(at(r)).toEqual(['BW-0001 7:11', 'BW-0019 8:33', 'BW-0016 9:40', 'BW-0002 10:46']);
  });
});

describe('Buildkite docker plugin settings', () => {
  it('reads environment, pid, ipc, userns, memory, cpus, drop-caps, devices, security-opts and propagate-uid-gid', async () => {
    const text = `steps:
  - label: test
    command: make test
    plugins:
      - docker#v5.10.0:
          image: "golang:1.22"
          propagate-uid-gid: true
          environment:
            - "GITHUB_TOKEN"
            - "DB_PASSWORD=Kitt3nsSecretPw"
          pid: host
          ipc: host
          userns: host
          memory: 2g
          cpus: "2"
          drop-caps: [ALL]
          devices: ["/dev/fuse"]
          security-opts:
            - seccomp=unconfined
`;
    const r = await audit('.buildkite/pipeline.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => [f.kind, f.containers])).toEqual([['ci', 1]]);
    const ids = ['BW-0003', 'BW-0004', 'BW-0005', 'BW-0008', 'BW-0009', 'BW-0025', 'BW-0016', 'BW-0017', 'BW-0019', 'BW-0021', 'BW-0026'];
    expect(r.findings.filter((f) => ids.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.severity} ${f.location.startLine}:${f.location.startColumn}`)).toEqual([
      'BW-0004 low 7:11',
      'BW-0026 low 9:16',
      'BW-0026 high 10:16',
      'BW-0016 high 11:16',
      'BW-0017 high 12:16',
      'BW-0019 medium 13:19',
      'BW-0025 medium 17:22',
      'BW-0021 high 19:15',
    ]);
    for (const out of [renderJson(r), renderText(r, { color: false })]) expect(out).not.toContain('Kitt3nsSecretPw');
  });
});

describe('Jenkins withDockerContainer', () => {
  it('reads the image and args of withDockerContainer (named, args first, positional) at their own columns', async () => {
    const text = `node('docker') {
    withDockerContainer(image: 'python:3.12-slim', args: '--cap-add=NET_ADMIN -u 0:0') {
        sh 'pytest'
    }
    withDockerContainer(args: "--pid=host", image: "node:20") { sh 'npm test' }
    withDockerContainer('maven:3.9') {
        sh 'mvn -B verify'
    }
}
`;
    const r = await audit('Jenkinsfile', text);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => [f.kind, f.containers])).toEqual([['ci', 3]]);
    const ids = ['BW-0002', 'BW-0004', 'BW-0005', 'BW-0016'];
    expect(r.findings.filter((f) => ids.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.target.name} ${f.location.startLine}:${f.location.startColumn}`)).toEqual([
      'BW-0002 python:3.12-slim 2:59',
      'BW-0005 python:3.12-slim 2:79',
      'BW-0016 node:20 5:32',
      'BW-0004 node:20 5:53',
      'BW-0004 maven:3.9 6:26',
    ]);
  });
});

describe('registry login passwords in scripts', () => {
  it('masks -p / --password values on docker and podman login lines shown in snippets; variables stay readable', async () => {
    const text = `on: push
jobs:
  s:
    runs-on: ubuntu-latest
    steps:
      - run: |
          docker login -u bot -p S3condLiteralPw registry.example.com
          docker run --rm --cap-add SYS_ADMIN alpine:3.19 true
          podman login --password='Th1rdLiteralPw' -u bot quay.io
          docker login -u bot -p "$REGISTRY_PASSWORD" ghcr.io
          docker run --rm --cap-add SYS_ADMIN alpine:3.19 true
          echo "$PW" | docker login -u bot --password-stdin ghcr.io
`;
    const r = await audit('.github/workflows/s.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0002').map((f) => `${f.location.startLine}:${f.location.startColumn}`)).toEqual(['8:27', '11:27']);
    const out = renderText(r, { color: false });
    expect(out).toContain('docker login -u bot -p *************** registry.example.com');
    expect(out).toContain("podman login --password='**************' -u bot quay.io");
    expect(out).toContain('docker login -u bot -p "$REGISTRY_PASSWORD" ghcr.io');
    for (const o of [out, renderJson(r)]) expect(o).not.toMatch(/S3condLiteralPw|Th1rdLiteralPw/);
  });
});
