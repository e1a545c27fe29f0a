import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectInputs, readBounded } from './inputs.js';

// QA (inspect files): a `docker inspect` output cut short, or hand-edited with a trailing comma, was reported as
// "JSON that is neither docker inspect output nor a daemon.json" instead of the syntax error and its position.
describe('collectInputs: a *.json file no kind claims', () => {
  const errorsFor = async (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-inputs-'));
    try {
      writeFileSync(join(dir, 'web.json'), text);
      const r = await collectInputs(['web.json'], { cwd: dir, maxFileSize: 1 << 20 });
      return r.errors.map((e) => `${e.line ?? '-'}:${e.column ?? '-'} ${e.code} ${e.message}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  it('a trailing comma: a parse error at the closing brace', async () => {
    expect(await errorsFor('[\n  {\n    "Id": "abc",\n    "Name": "/web",\n  }\n]\n')).toEqual(['5:3 parse not valid JSON: Expected double-quoted property name']);
  });
  it('cut short: a parse error at the end of the text', async () => {
    expect(await errorsFor('[\n  {\n    "Id": "abc",\n    "State": {\n')).toEqual(['5:1 parse not valid JSON: Expected property name or \'}\'']);
  });
  it('valid JSON of another kind: still unsupported', async () => {
    expect(await errorsFor('[]')).toEqual(['-:- unsupported JSON that is neither docker inspect output nor a daemon.json; pass --kind inspect or --kind daemon']);
  });
});

// QA: a directory scan over a Helm chart said "nothing to audit" and exited 0, though its templates define a
// privileged DaemonSet; the same template given by name is an input error. One error per chart, with containers only.
describe('collectInputs: Helm chart templates in a directory scan', () => {
  it('one unsupported error per chart whose templates define containers; helpers and plain charts are quiet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-helm-'));
    try {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(dir, 'charts/agent/templates'), { recursive: true });
      mkdirSync(join(dir, 'charts/config/templates'), { recursive: true });
      writeFileSync(join(dir, 'charts/agent/Chart.yaml'), 'apiVersion: v2\nname: agent\nversion: 0.1.0\n');
      writeFileSync(join(dir, 'charts/agent/templates/ds.yaml'), 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: x:1\n          securityContext: {privileged: true}\n');
      writeFileSync(join(dir, 'charts/agent/templates/job.yaml'), 'kind: Job\nmetadata:\n  name: {{ .Release.Name }}-job\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: i\n          image: y:1\n');
      writeFileSync(join(dir, 'charts/agent/templates/_helpers.tpl'), '{{- define "x.name" -}}\nx\n{{- end }}\n');
      writeFileSync(join(dir, 'charts/config/templates/cm.yaml'), 'kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata: {}\n');
      const r = await collectInputs(['charts'], { cwd: dir, maxFileSize: 1 << 20 });
      expect(r.inputs.map((i) => i.path)).toEqual([]);
      expect(r.errors.map((e) => `${e.file} ${e.code} ${e.message}`)).toEqual([
        'charts/agent unsupported Helm chart not audited: 2 templates with containers describe no container until rendered; audit the output of `helm template charts/agent > rendered.yaml` (or list the chart under ignore: in .bulwark.yaml)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// QA: a manifest with a Helm action outside a chart (`image: "{{ .Values.image }}"`) said "nothing to audit" and exited 0
// in a directory scan, and "cannot tell what kind of file this is" by name: one input error at the action, either way.
describe('collectInputs: a templated manifest outside a chart', () => {
  const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: "{{ .Values.image }}"\n          securityContext:\n            privileged: true\n';
  it('is an unsupported input error at the action, in a scan and by name; a rendered manifest is audited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-tpl-'));
    try {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(dir, 'k8s'));
      writeFileSync(join(dir, 'k8s/deploy.yaml'), DEPLOY);
      writeFileSync(join(dir, 'k8s/ok.yaml'), DEPLOY.replace('"{{ .Values.image }}"', 'example/web:1.0'));
      const msg = 'unsupported a Helm template, not a manifest: render it first (helm template <chart> | bulwark audit --kind kubernetes -)';
      for (const paths of [['k8s'], ['k8s/deploy.yaml', 'k8s/ok.yaml']]) {
        const r = await collectInputs(paths, { cwd: dir, maxFileSize: 1 << 20 });
        expect(r.inputs.map((i) => `${i.path} ${i.kind}`)).toEqual(['k8s/ok.yaml kubernetes']);
        expect(r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.code} ${e.message}`)).toEqual([`k8s/deploy.yaml:10:19 ${msg}`]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// QA: stdin skipped the input limits: 12 MB on stdin ran for minutes where the same file was refused at once,
// `--max-file-size 10` was ignored, and random bytes gave 25 "unknown instruction" errors instead of `binary`.
describe('stdin goes through the checks of a file', () => {
  const collect = (stdin: string | Uint8Array, more: { kind?: 'dockerfile'; stdinFilename?: string; maxFileSize?: number } = { kind: 'dockerfile' }) =>
    collectInputs(['-'], { cwd: '/nonexistent', stdin, maxFileSize: more.maxFileSize ?? 1 << 20, kind: more.kind, stdinFilename: more.stdinFilename });
  const errs = (r: Awaited<ReturnType<typeof collect>>) => r.errors.map((e) => `${e.file} ${e.code} ${e.message}`);

  it('over --max-file-size: too-large, as bytes or as text', async () => {
    expect(errs(await collect(Buffer.from('FROM alpine\nUSER 1\n'), { kind: 'dockerfile', maxFileSize: 10 }))).toEqual(['- too-large standard input is over the limit of 10 bytes (--max-file-size)']);
    expect(errs(await collect('FROM alpine\nUSER 1\n', { kind: 'dockerfile', maxFileSize: 10 }))).toEqual(['- too-large standard input is over the limit of 10 bytes (--max-file-size)']);
    // At the limit exactly: read.
    const at = await collect(Buffer.from('FROM alpine'), { kind: 'dockerfile', maxFileSize: 11 });
    expect([at.errors, at.inputs.map((i) => [i.path, i.kind, i.text, i.bytes])]).toEqual([[], [['-', 'dockerfile', 'FROM alpine', 11]]]);
  });

  it('NUL bytes: binary; a UTF-16 byte order mark: decoded; invalid UTF-8: Windows-1252 or binary', async () => {
    expect(errs(await collect(Buffer.from([0x46, 0x52, 0x00, 0x4d, 0xff, 0x10])))).toEqual(['- binary binary file (contains NUL bytes)']);
    const utf16 = await collect(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('FROM alpine\n', 'utf16le')]));
    expect([utf16.errors, utf16.inputs.map((i) => [i.text, i.bytes])]).toEqual([[], [['FROM alpine\n', 26]]]);
    expect(errs(await collect(Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00])))).toEqual(['- binary not valid UTF-16 text (it starts with a UTF-16 byte order mark)']);
    const latin1 = await collect(Buffer.from([...Buffer.from('FROM alpine\n# caf'), 0xe9, 0x0a]));
    expect(latin1.inputs.map((i) => i.text)).toEqual(['FROM alpine\n# café\n']);
    expect(errs(await collect(Buffer.from([0xc3, 0x28, 1, 2, 3, 4, 5, 6, 7, 8])))).toEqual(['- binary not valid UTF-8 text']);
    // A UTF-8 byte order mark is not part of the text.
    expect((await collect(Buffer.from('\ufeffFROM alpine\n'))).inputs.map((i) => i.text)).toEqual(['FROM alpine\n']);
  });

  it('--stdin-filename: the kind from the name, errors and inputs under that name; neither it nor --kind: a usage error', async () => {
    const named = await collect(Buffer.from('FROM alpine\n'), { stdinFilename: 'app/Dockerfile' });
    expect(named.inputs.map((i) => [i.path, i.kind])).toEqual([['app/Dockerfile', 'dockerfile']]);
    expect((await collect(Buffer.from('services:\n  web:\n    image: x\n'), { stdinFilename: 'deploy/compose.yaml' })).inputs.map((i) => [i.path, i.kind])).toEqual([['deploy/compose.yaml', 'compose']]);
    // --kind wins over the name.
    expect((await collect(Buffer.from('docker run x\n'), { kind: 'dockerfile', stdinFilename: 'run.sh' })).inputs.map((i) => [i.path, i.kind])).toEqual([['run.sh', 'dockerfile']]);
    expect(errs(await collect(Buffer.from([0, 1]), { stdinFilename: 'app/Dockerfile' }))).toEqual(['app/Dockerfile binary binary file (contains NUL bytes)']);
    expect(errs(await collect(Buffer.from('hello\n'), { stdinFilename: 'notes.txt' }))).toEqual([
      'notes.txt usage cannot tell what kind of file this is; name it like compose.yaml, Dockerfile, *.sh, *.md, or pass --kind',
    ]);
    expect(errs(await collect(Buffer.from('FROM alpine\n'), {}))).toEqual([
      '- usage reading stdin needs --kind (compose, run, shell, markdown, asciidoc, dockerfile, kubernetes, inspect or daemon) or --stdin-filename',
    ]);
  });
});

describe('readBounded', () => {
  it('stops pulling chunks once over the limit (an endless writer cannot fill memory) and keeps one byte past it', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield new Uint8Array(1000).fill(0x41);
      }
    }
    const buf = await readBounded(endless(), 2500);
    expect([buf.length, pulled]).toEqual([2501, 3]);
  });
  it('reads a stream within the limit whole, strings and byte chunks alike', async () => {
    async function* parts() {
      yield 'FROM ';
      yield Buffer.from('alpine');
    }
    expect((await readBounded(parts(), 100)).toString()).toBe('FROM alpine');
  });
});

// QA (cli): `bulwark audit .` over bulwark's own checkout gave 631 input errors: src/harden/dockerfile.ts and the
// tests beside it were read as Dockerfiles. A YAML file whose `services:` is another tool's (a list, or entries
// without any Compose service key) was a broken Compose file in a scan.
describe('collectInputs: a directory scan reads build files and Compose files, not files about them', () => {
  const tree: Record<string, string> = {
    'src/harden/dockerfile.ts': 'export function hardenDockerfile() {}\n',
    'src/harden/dockerfile-sshd.test.ts': "it('x', () => {});\n",
    'tools/dockerfile_gen.go': 'package main\n',
    'docs/Dockerfile.md': '# Dockerfile\n\nText.\n',
    'ci/jenkinsfile.ts': 'export {};\n',
    'app/Dockerfile.prod': 'FROM alpine:3.20\nUSER 1000\n',
    'app/Dockerfile-alpine': 'FROM alpine:3.20\nUSER 1000\n',
    'app/prod.Dockerfile': 'FROM alpine:3.20\nUSER 1000\n',
    'app/Containerfile.fedora': 'FROM fedora:40\nUSER 1000\n',
    'inventory/hosts.yml': 'services:\n  - name: web\n    port: 80\n',
    'helm/svc.yaml': 'services:\n  api:\n    type: ClusterIP\n    port: 8080\n',
    'ports/map.yaml': 'services:\n  api: 8080\n  web: 80\n',
    'deploy/stack.yml': 'services:\n  web:\n    image: nginx:1.27\n',
    'deploy/typo.yml': 'services:\n  web:\n    image: nginx:1.27\n  worker:\n    imgae: nginx:1.27\n',
    'deploy/broken.yml': 'services: [\n',
  };
  const withTree = async (paths: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-walk-'));
    try {
      const { mkdirSync } = await import('node:fs');
      for (const [p, t] of Object.entries(tree)) {
        mkdirSync(join(dir, p, '..'), { recursive: true });
        writeFileSync(join(dir, p), t);
      }
      const r = await collectInputs(paths, { cwd: dir, maxFileSize: 1 << 20 });
      return { inputs: r.inputs.map((i) => `${i.path} ${i.kind}`), errors: r.errors.map((e) => `${e.file} ${e.code}`) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('skips source code and documents named after Dockerfiles, and YAML whose services: is clearly not Compose', async () => {
    expect(await withTree(['.'])).toEqual({
      inputs: [
        'app/Containerfile.fedora dockerfile',
        'app/Dockerfile-alpine dockerfile',
        'app/Dockerfile.prod dockerfile',
        'app/prod.Dockerfile dockerfile',
        'deploy/broken.yml compose',
        'deploy/stack.yml compose',
        'deploy/typo.yml compose',
        'docs/Dockerfile.md markdown',
      ],
      errors: [],
    });
  });

  it('a file named on the command line is still read as what its content says (and its error reported later)', async () => {
    expect(await withTree(['inventory/hosts.yml', 'helm/svc.yaml', 'app/Dockerfile.prod'])).toEqual({
      inputs: ['inventory/hosts.yml compose', 'helm/svc.yaml compose', 'app/Dockerfile.prod dockerfile'],
      errors: [],
    });
  });
});

// QA (cli): `bulwark audit deploy` audited deploy/generated/, which the repository's root .gitignore ignores:
// only the .gitignore files at and below the scanned directory were read.
describe('collectInputs: .gitignore files above the scanned directory, up to the git root', () => {
  const C = 'services:\n  web:\n    image: nginx:1.27\n';
  const tree = async (gitAt: string | undefined, fn: (dir: string) => Promise<void>) => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-gi-'));
    try {
      const { mkdirSync } = await import('node:fs');
      const files: Record<string, string> = {
        '.gitignore': 'deploy/generated/\n*.local.yaml\n',
        'repo/.gitignore': 'deploy/generated/\n*.local.yaml\n',
        'repo/deploy/.gitignore': '!keep.local.yaml\n',
        'repo/deploy/compose.yaml': C,
        'repo/deploy/app.local.yaml': C,
        'repo/deploy/keep.local.yaml': C,
        'repo/deploy/generated/compose.yaml': C,
        'repo/deploy/prod/compose.yaml': C,
      };
      for (const [p, t] of Object.entries(files)) {
        mkdirSync(join(dir, p, '..'), { recursive: true });
        writeFileSync(join(dir, p), t);
      }
      if (gitAt !== undefined) mkdirSync(join(dir, gitAt, '.git'), { recursive: true });
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const paths = async (cwd: string, p: string[]) => (await collectInputs(p, { cwd, maxFileSize: 1 << 20 })).inputs.map((i) => i.path);

  it('apply from the git root down, a deeper file overriding; a subdirectory scan sees what a scan of the root sees', async () => {
    await tree('repo', async (dir) => {
      const want = ['deploy/compose.yaml', 'deploy/keep.local.yaml', 'deploy/prod/compose.yaml'];
      expect(await paths(join(dir, 'repo'), ['.'])).toEqual(want);
      expect(await paths(join(dir, 'repo'), ['deploy'])).toEqual(want);
      expect(await paths(join(dir, 'repo/deploy'), ['.'])).toEqual(['compose.yaml', 'keep.local.yaml', 'prod/compose.yaml']);
      expect(await paths(join(dir, 'repo/deploy/prod'), ['..'])).toEqual(['../compose.yaml', '../keep.local.yaml', '../prod/compose.yaml']);
    });
  });

  it('not above the git root (the .gitignore outside the work tree is not read), nor outside a work tree; an ignored directory named explicitly is scanned', async () => {
    await tree('repo/deploy', async (dir) => {
      expect(await paths(join(dir, 'repo/deploy'), ['.'])).toEqual(['app.local.yaml', 'compose.yaml', 'generated/compose.yaml', 'keep.local.yaml', 'prod/compose.yaml']);
    });
    await tree(undefined, async (dir) => {
      expect(await paths(join(dir, 'repo/deploy'), ['.'])).toEqual(['app.local.yaml', 'compose.yaml', 'generated/compose.yaml', 'keep.local.yaml', 'prod/compose.yaml']);
    });
    await tree('repo', async (dir) => {
      expect(await paths(join(dir, 'repo'), ['deploy/generated'])).toEqual(['deploy/generated/compose.yaml']);
    });
  });
});

// `.git/info/exclude` holds patterns relative to the work tree's root, below every .gitignore in precedence
// (gitignore(5)); it was not read.
describe('collectInputs: the repository\'s info/exclude', () => {
  const C = 'services:\n  web:\n    image: nginx:1.27\n';
  const tree = async (files: Record<string, string>, fn: (dir: string) => Promise<void>) => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-ex-'));
    try {
      const { mkdirSync } = await import('node:fs');
      for (const [p, t] of Object.entries(files)) {
        mkdirSync(join(dir, p, '..'), { recursive: true });
        writeFileSync(join(dir, p), t);
      }
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const paths = async (cwd: string, p: string[]) => (await collectInputs(p, { cwd, maxFileSize: 1 << 20 })).inputs.map((i) => i.path);
  const app = { 'repo/deploy/compose.yaml': C, 'repo/deploy/local/compose.yaml': C, 'repo/deploy/x.local.yaml': C, 'repo/deploy/keep.local.yaml': C };

  it('applies from the root, to a scan of the root or of a subdirectory; a .gitignore `!` overrides it', async () => {
    await tree({ ...app, 'repo/.git/info/exclude': '# local\ndeploy/local/\n*.local.yaml\n', 'repo/deploy/.gitignore': '!keep.local.yaml\n' }, async (dir) => {
      expect(await paths(join(dir, 'repo'), ['.'])).toEqual(['deploy/compose.yaml', 'deploy/keep.local.yaml']);
      expect(await paths(join(dir, 'repo'), ['deploy'])).toEqual(['deploy/compose.yaml', 'deploy/keep.local.yaml']);
      expect(await paths(join(dir, 'repo/deploy'), ['.'])).toEqual(['compose.yaml', 'keep.local.yaml']);
    });
    // Anchored at the root: `/local/` names repo/local, not repo/deploy/local.
    await tree({ ...app, 'repo/.git/info/exclude': '/local/\n' }, async (dir) => {
      expect(await paths(join(dir, 'repo/deploy'), ['.'])).toEqual(['compose.yaml', 'keep.local.yaml', 'local/compose.yaml', 'x.local.yaml']);
    });
  });

  it('a linked worktree (.git file naming its git directory, whose commondir holds info/exclude)', async () => {
    const files = {
      ...app,
      'repo/.git': 'gitdir: ../main/.git/worktrees/repo\n',
      'main/.git/worktrees/repo/commondir': '../..\n',
      'main/.git/info/exclude': 'deploy/local/\n',
    };
    await tree(files, async (dir) => {
      expect(await paths(join(dir, 'repo/deploy'), ['.'])).toEqual(['compose.yaml', 'keep.local.yaml', 'x.local.yaml']);
    });
  });
});

// QA (cli): an empty Compose file reported "no findings"; the same for the other kinds whose tools refuse empty input.
describe('collectInputs: empty input of a kind whose tool refuses it', () => {
  const collect = (stdin: string, kind: 'kubernetes' | 'ci' | 'shell' | 'daemon' | 'markdown', stdinFilename?: string) => collectInputs(['-'], { cwd: '/nonexistent', stdin, kind, stdinFilename, maxFileSize: 1 << 20 });
  const errs = (r: Awaited<ReturnType<typeof collect>>) => r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.code} ${e.message}`);
  it('a Kubernetes manifest or a CI pipeline with nothing in it: a parse error at 1:1', async () => {
    for (const text of ['', '\n# rendered nothing\n---\n', '---\n...\n'])
      expect(errs(await collect(text, 'kubernetes'))).toEqual(['-:1:1 parse empty manifest: no Kubernetes object; kubectl apply refuses it ("no objects passed to apply")']);
    expect(errs(await collect('# todo\n', 'ci', '.gitlab-ci.yml'))).toEqual(['.gitlab-ci.yml:1:1 parse empty pipeline: no jobs; the CI service refuses it']);
    expect(errs(await collect('  \n', 'ci', 'Jenkinsfile'))).toEqual(['Jenkinsfile:1:1 parse empty pipeline: no jobs; the CI service refuses it']);
  });
  it('a manifest with an object, an empty script, document or daemon.json: no error', async () => {
    expect(errs(await collect('# c\n---\napiVersion: v1\nkind: Pod\n', 'kubernetes'))).toEqual([]);
    expect(errs(await collect('// only a comment\n', 'ci', 'Jenkinsfile'))).toEqual([]);
    for (const k of ['shell', 'markdown'] as const) expect(errs(await collect('', k))).toEqual([]);
  });
});

// QA (cli): over bulwark's own checkout, src/harden/dockerfile*.ts and test/harden/dockerfile-engine.test.ts were read as
// Dockerfiles (631 input errors): no TypeScript file of src/ or test/ is an input.
describe("collectInputs over bulwark's own src/ and test/", () => {
  it('reads no TypeScript file', async () => {
    const root = join(import.meta.dirname, '..', '..');
    const r = await collectInputs(['src', 'test'], { cwd: root, maxFileSize: 10 << 20 });
    expect(r.inputs.filter((i) => /\.[cm]?ts$/.test(i.path)).map((i) => `${i.path} ${i.kind}`)).toEqual([]);
    expect(r.errors.filter((e) => /\.[cm]?ts$/.test(e.file))).toEqual([]);
  });
});

describe('collectInputs: an empty path', () => {
  it('is a usage error, not the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-empty-'));
    try {
      writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n');
      const r = await collectInputs([''], { cwd: dir, maxFileSize: 1 << 20 });
      expect([r.inputs, r.errors]).toEqual([[], [{ file: '', code: 'usage', message: 'empty path: name a file or a directory (. for the working directory)' }]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// QA (C #3): `bulwark audit /proc/7892/cmdline --kind daemon` (or the same bytes on stdin) was `binary file (contains NUL
// bytes)`, exit 2, though --live cites `/proc/<pid>/cmdline:1:186`: a NUL-separated command line is a daemon input.
describe('a NUL-separated command line (/proc/<pid>/cmdline)', () => {
  const CMDLINE = '/usr/bin/dockerd\0-H\0tcp://0.0.0.0:2375\0--icc=false\0';
  const findings = (r: Awaited<ReturnType<typeof import('./audit.js').audit>>) =>
    r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn}-${f.location.endColumn} ${f.severity} ${f.ruleId} ${f.target.name}`);

  it('--kind daemon on stdin: audited as dockerd flags, NUL a word separator, columns by offset', async () => {
    const { audit } = await import('./audit.js');
    const r = await audit(['-'], { kind: 'daemon', stdin: Buffer.from(CMDLINE), config: {}, cwd: '/nonexistent' });
    expect(r.errors).toEqual([]);
    // `-H tcp://…` at offsets 17-38 (`/usr/bin/dockerd` and its NUL are 17 bytes); the missing settings at the program.
    expect(findings(r)).toEqual(['-:1:1-17 medium BW-0203 -', '-:1:1-17 medium BW-0204 -', '-:1:1-17 low BW-0206 -', '-:1:18-39 critical BW-0201 -']);
    // The code frame shows the words with spaces, never a NUL.
    const { renderText } = await import('../report/text.js');
    const out = renderText(r, { color: false });
    expect(out).toContain('> 1 | /usr/bin/dockerd -H tcp://0.0.0.0:2375 --icc=false \n');
    expect(out.includes('\0')).toBe(false);
  });

  it('a file at proc/<pid>/cmdline: a daemon input without --kind; elsewhere, or any other kind, NUL bytes stay binary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-cmdline-'));
    try {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(dir, 'proc/7892'), { recursive: true });
      writeFileSync(join(dir, 'proc/7892/cmdline'), CMDLINE);
      writeFileSync(join(dir, 'dockerd.args'), CMDLINE);
      const { audit } = await import('./audit.js');
      const r = await audit(['proc/7892/cmdline'], { config: {}, cwd: dir });
      expect([r.errors, findings(r)[3]]).toEqual([[], 'proc/7892/cmdline:1:18-39 critical BW-0201 proc/7892/cmdline']);
      expect((await audit(['dockerd.args'], { kind: 'daemon', config: {}, cwd: dir })).findings.map((f) => f.ruleId)).toContain('BW-0201');
      const other = await collectInputs(['dockerd.args'], { cwd: dir, maxFileSize: 1 << 20, kind: 'shell' });
      expect(other.errors.map((e) => `${e.file} ${e.code} ${e.message}`)).toEqual(['dockerd.args binary binary file (contains NUL bytes)']);
      // A NUL-separated file with other control bytes is no command line.
      writeFileSync(join(dir, 'bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]));
      const bin = await collectInputs(['bin'], { cwd: dir, maxFileSize: 1 << 20, kind: 'daemon' });
      expect(bin.errors.map((e) => `${e.file} ${e.code}`)).toEqual(['bin binary']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
