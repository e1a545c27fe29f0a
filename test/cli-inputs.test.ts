/**
 * QA of the CLI's inputs, config and reports (round "cli"): the built CLI (`dist/cli.js`, or `BULWARK_CLI`) as a
 * user runs it. Each test failed before its fix (the old behaviour is named in the test).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve(process.env.BULWARK_CLI ?? 'dist/cli.js');

function run(args: string[], opts: { cwd?: string; input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd,
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 30000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'bulwark-cli-'));
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(d, p, '..'), { recursive: true });
    writeFileSync(join(d, p), t);
  }
  return d;
}

type Json = { findings: { ruleId: string; location: { file: string; startLine: number; startColumn: number } }[]; errors: { file: string; code: string; message: string; line?: number }[]; files: { path: string; kind: string; bytes: number }[] };
const json = (s: string) => JSON.parse(s) as Json;
const at = (r: Json, id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`);

const PRIV = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';

describe('-f - reads the Compose file from stdin (docker compose -f -)', () => {
  it('audits stdin, with or without --kind (was: nothing read, "no findings", exit 0)', () => {
    const d = dir({});
    for (const extra of [['--kind', 'compose'], []]) {
      const r = run(['audit', '-f', '-', ...extra, '--format', 'json'], { cwd: d, input: PRIV });
      expect([r.code, r.stderr]).toEqual([1, '']);
      const j = json(r.stdout);
      expect(j.files.map((f) => [f.path, f.kind, f.bytes])).toEqual([['-', 'compose', PRIV.length]]);
      expect(at(j, 'BW-0001')).toEqual(['-:4:17']);
    }
  });

  it('-f compose.yaml -f - merges the override read from stdin; --stdin-filename names it', () => {
    const d = dir({ 'compose.yaml': PRIV });
    const r = run(['audit', '-f', 'compose.yaml', '-f', '-', '--stdin-filename', 'override.yaml', '--format', 'json'], { cwd: d, input: 'services:\n  web:\n    privileged: false\n' });
    expect(r.stderr).toBe('');
    const j = json(r.stdout);
    expect(j.files.map((f) => f.path)).toEqual(['compose.yaml', 'override.yaml']);
    expect(at(j, 'BW-0001')).toEqual([]);
  });
});

describe('-o never replaces a file the run read', () => {
  const COMPOSE = 'services:\n  web:\n    image: nginx:${TAG}\n    security_opt:\n      - seccomp=./profile.json\n';
  const ENV = 'TAG=1.27\nDB_PASSWORD=Sup3rS3cretPw\n';
  const PROFILE = '{"defaultAction": "SCMP_ACT_ALLOW"}\n';
  const CONFIG = 'failOn: high\n';

  it.each([['.env', ENV], ['profile.json', PROFILE], ['.bulwark.yaml', CONFIG]])('-o %s (the implicit .env, a seccomp profile, the config) is refused and kept (was: replaced by the report)', (out, text) => {
    const d = dir({ 'compose.yaml': COMPOSE, '.env': ENV, 'profile.json': PROFILE, '.bulwark.yaml': CONFIG });
    const r = run(['audit', 'compose.yaml', '--format', 'json', '-o', out], { cwd: d });
    expect([r.code, r.stderr]).toEqual([2, `bulwark: refusing to write the report over the audited file ${out}\n`]);
    expect(readFileSync(join(d, out), 'utf8')).toBe(text);
  });

  it('a config named with -c is refused too; a file the run did not read is written', () => {
    const d = dir({ 'compose.yaml': COMPOSE, '.env': ENV, 'profile.json': PROFILE, 'ci.yaml': CONFIG });
    expect(run(['audit', 'compose.yaml', '-c', 'ci.yaml', '-o', 'ci.yaml'], { cwd: d }).stderr).toBe('bulwark: refusing to write the report over the audited file ci.yaml\n');
    expect(readFileSync(join(d, 'ci.yaml'), 'utf8')).toBe(CONFIG);
    writeFileSync(join(d, 'old.json'), '{}');
    expect(run(['audit', 'compose.yaml', '--format', 'json', '-o', 'old.json'], { cwd: d }).stderr).toBe('');
    expect(json(readFileSync(join(d, 'old.json'), 'utf8')).files.map((f) => f.path)).toEqual(['compose.yaml']);
  });
});

describe('ignore: in .bulwark.yaml and files named on the command line (as ESLint)', () => {
  const files = { '.bulwark.yaml': 'ignore:\n  - generated/**\n', 'generated/compose.yaml': PRIV, 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    cap_add: [SYS_ADMIN]\n' };
  const WARN = 'bulwark: generated/compose.yaml: file ignored because of a matching ignore pattern in .bulwark.yaml; use --no-ignore to audit it\n';

  it('skips a named file the patterns match, with one warning line, the exit code as if it were not given (was: audited, exit 1)', () => {
    const d = dir(files);
    const alone = run(['audit', 'generated/compose.yaml', '--format', 'json'], { cwd: d });
    expect([alone.code, alone.stderr]).toEqual([0, WARN]);
    expect(json(alone.stdout).files).toEqual([]);
    const both = run(['audit', 'compose.yaml', 'generated/compose.yaml', '--format', 'json', '--fail-on', 'critical'], { cwd: d });
    expect([both.code, both.stderr]).toEqual([1, WARN]);
    expect(json(both.stdout).files.map((f) => f.path)).toEqual(['compose.yaml']);
    expect(at(json(both.stdout), 'BW-0001')).toEqual([]);
  });

  it('--no-ignore audits it, and keeps the rules --ignore turns off', () => {
    const d = dir(files);
    const r = run(['audit', '--ignore', 'BW-0027', '--no-ignore', 'generated/compose.yaml', '--format', 'json'], { cwd: d });
    expect([r.code, r.stderr]).toEqual([1, '']);
    const j = json(r.stdout);
    expect(at(j, 'BW-0001')).toEqual(['generated/compose.yaml:4:17']);
    expect(at(j, 'BW-0027')).toEqual([]);
    // A directory scan with --no-ignore reads what the patterns exclude.
    expect(json(run(['audit', '.', '--no-ignore', '--format', 'json'], { cwd: d }).stdout).files.map((f) => f.path)).toEqual(['compose.yaml', 'generated/compose.yaml']);
  });

  it('a named directory whose every file the patterns match: an input error naming it and the patterns, exit 2 (was: "nothing to audit", exit 0)', () => {
    // ESLint: "All files matched by 'generated' are ignored" (exit 2); a file named alone gets the warning above.
    const d = dir({ ...files, 'generated/run.sh': 'docker run --privileged alpine:3\n', 'generated/notes.txt': 'x\n', 'other/README.txt': 'x\n', '.bulwark.yaml': 'ignore:\n  - generated/**\n  - "*.sh"\n' });
    const r = run(['audit', 'generated', '--format', 'json'], { cwd: d });
    expect([r.code, r.stderr]).toEqual([2, '']);
    const j = json(r.stdout) as Json & { errors: { file: string; code: string; message: string }[] };
    expect(j.errors).toEqual([
      { file: 'generated', code: 'usage', message: 'nothing to audit: all 2 files bulwark would audit in this directory are ignored by the ignore patterns "generated/**", "*.sh" in .bulwark.yaml; use --no-ignore to audit them' },
    ]);
    expect(run(['audit', 'generated'], { cwd: d }).stdout).toContain('generated  error  nothing to audit: all 2 files');
    // --no-ignore audits them; a directory with nothing bulwark audits, or with some file left to audit, is as before;
    // so is `bulwark audit` with no path (the working directory is not named).
    expect(run(['audit', 'generated', '--no-ignore', '--format', 'json'], { cwd: d }).code).toBe(1);
    expect([run(['audit', 'other'], { cwd: d }).code, run(['audit', '.', '--fail-on', 'critical'], { cwd: d }).code]).toEqual([0, 1]);
    const only = dir({ '.bulwark.yaml': 'ignore:\n  - generated/\n', 'generated/compose.yaml': PRIV });
    expect([run(['audit'], { cwd: only }).code, run(['audit', '.'], { cwd: only }).code]).toEqual([0, 2]);
  });
});

describe('a named directory whose every auditable file .gitignore hides', () => {
  it('is an input error naming the files and how to audit them, exit 2 (was: "nothing to audit", exit 0)', () => {
    const d = dir({ '.gitignore': 'deploy/\n*.sh\n', 'deploy/compose.yaml': PRIV, 'deploy/b.yaml': PRIV, 'run.sh': 'docker run --privileged alpine:3\n', 'notes.txt': 'x\n' });
    const r = run(['audit', '.', '--format', 'json'], { cwd: d });
    expect([r.code, r.stderr]).toEqual([2, '']);
    expect((json(r.stdout) as Json & { errors: unknown[] }).errors).toEqual([
      {
        file: '.',
        code: 'usage',
        message: "nothing to audit: all 3 files bulwark would audit in this directory are ignored by .gitignore (or the repository's info/exclude): deploy/b.yaml, deploy/compose.yaml, run.sh; name them on the command line to audit them",
      },
    ]);
    // No path named: the working directory's "nothing to audit", exit 0; the directory named is audited.
    expect([run(['audit'], { cwd: d }).code, run(['audit', 'deploy', '--fail-on', 'critical'], { cwd: d }).code]).toEqual([0, 1]);
    // A directory with nothing bulwark audits at all is still a clean "nothing to audit".
    expect(run(['audit', '.'], { cwd: dir({ '.gitignore': 'x/\n', 'notes.txt': 'x\n' }) }).code).toBe(0);
  });
});

describe('empty Compose input is an input error, as compose-go says "empty compose file"', () => {
  const MSG = 'empty Compose file: no services; docker compose refuses it ("empty compose file")';
  it.each([['an empty file', ''], ['only comments', '# nothing yet\n\n'], ['a null document', '~\n']])('%s named on the command line: exit 2 (was: "no findings", exit 0)', (_what, text) => {
    const d = dir({ 'compose.yaml': text });
    const r = run(['audit', 'compose.yaml', '--format', 'json'], { cwd: d });
    expect(r.code).toBe(2);
    expect(json(r.stdout).errors).toEqual([{ file: 'compose.yaml', line: 1, column: 1, code: 'parse', message: MSG }]);
  });

  it('empty stdin with --kind compose or -f -: exit 2; an empty override beside a base is fine, as in docker compose', () => {
    const d = dir({ 'compose.yaml': PRIV, 'override.yaml': '' });
    for (const args of [['--kind', 'compose', '-'], ['-f', '-']]) {
      const r = run(['audit', ...args, '--format', 'json'], { cwd: d, input: '' });
      expect([r.code, json(r.stdout).errors.map((e) => `${e.file}:${e.line} ${e.message}`)]).toEqual([2, [`-:1 ${MSG}`]]);
    }
    const r = run(['audit', '-f', 'compose.yaml', '-f', 'override.yaml', '--format', 'json'], { cwd: d });
    expect([r.code, json(r.stdout).errors, at(json(r.stdout), 'BW-0001')]).toEqual([1, [], ['compose.yaml:4:17']]);
  });

  it('empty stdin with --kind daemon: one parse error at 1:1 saying it is empty, exit 2, as for --kind compose (was: "no dockerd configuration found", unsupported)', () => {
    const d = dir({});
    const DAEMON = 'empty daemon configuration: no daemon.json object, systemd unit or dockerd command line (an empty file named daemon.json is read as {}, as dockerd reads it)';
    for (const input of ['', ' \n\n']) {
      const r = run(['audit', '--kind', 'daemon', '-', '--format', 'json'], { cwd: d, input });
      expect([r.code, r.stderr, json(r.stdout).errors]).toEqual([2, '', [{ file: '-', line: 1, column: 1, code: 'parse', message: DAEMON }]]);
    }
    const t = run(['audit', '--kind', 'daemon', '-'], { cwd: d, input: '' });
    expect([t.code, t.stdout]).toEqual([2, `input errors\n  -:1:1  error  ${DAEMON}  parse\n\n✖ no findings in 1 file · 1 input error\n`]);
    // Named daemon.json (--stdin-filename), it is dockerd's empty configuration: audited as {}.
    const named = run(['audit', '--kind', 'daemon', '-', '--stdin-filename', 'daemon.json', '--format', 'json'], { cwd: d, input: '' });
    expect([named.code, json(named.stdout).errors, json(named.stdout).files.map((f) => f.path)]).toEqual([1, [], ['daemon.json']]);
  });
});

describe('an empty path argument', () => {
  it('is a usage error, exit 2, nothing audited (was: the whole working directory audited)', () => {
    const d = dir({ 'compose.yaml': PRIV });
    for (const [args, msg] of [
      [['audit', ''], 'an empty path was given: name a file or a directory (. for the working directory)'],
      [['audit', 'compose.yaml', '', '--format', 'json'], 'an empty path was given: name a file or a directory (. for the working directory)'],
      [['audit', '-f', ''], '-f was given an empty path: name a Compose file (- for stdin)'],
    ] as const) {
      const r = run([...args], { cwd: d });
      expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `bulwark: ${msg}\n`]);
    }
  });
});

describe('bulwark pin checks its files before contacting the engine', () => {
  it('names a missing file or a directory, exit 2 (was: "cannot reach the Docker engine …")', () => {
    const d = dir({ 'compose.yaml': PRIV, 'sub/x': '' });
    const env = { DOCKER_HOST: 'unix:///nonexistent/bulwark-test.sock', DOCKER_CONTEXT: '' };
    expect(run(['pin', 'compose.yaml', 'missing.yaml'], { cwd: d, env })).toEqual({ code: 2, stdout: '', stderr: 'bulwark: missing.yaml: no such file\n' });
    expect(run(['pin', 'sub'], { cwd: d, env })).toEqual({ code: 2, stdout: '', stderr: 'bulwark: sub: is a directory: name the files to pin\n' });
    // With every file there, the engine is what fails.
    expect(run(['pin', 'compose.yaml'], { cwd: d, env }).stderr).toMatch(/^bulwark: cannot reach the Docker engine at unix:\/\/\/nonexistent\/bulwark-test\.sock/);
  });
});
