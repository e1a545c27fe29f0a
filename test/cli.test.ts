/**
 * The `bulwark` command as users run it: the built bundle (`dist/cli.js`, built by `npm test`),
 * exit codes (0 clean, 1 findings at or above --fail-on, 2 usage/config/input error), one-line
 * errors without stack traces, stdin, and reports written atomically with -o.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve('dist/cli.js');

function run(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'bulwark-cli-'));
  for (const [p, t] of Object.entries(files)) writeFileSync(join(d, p), t);
  return d;
}

const CLEAN = [
  'services:',
  '  web:',
  '    image: nginx:1.27@sha256:0000000000000000000000000000000000000000000000000000000000000000',
  '    user: "10001:10001"',
  '    read_only: true',
  '    cap_drop: [ALL]',
  '    security_opt: ["no-new-privileges:true"]',
  '    mem_limit: 256m',
  '    cpus: 0.5',
  '    pids_limit: 100',
  '    ulimits: { nofile: 1024, nproc: 512 }',
  '    tmpfs: [/tmp]',
  '    restart: on-failure:3',
  '',
].join('\n');

describe('bulwark CLI', () => {
  it('has been built', () => {
    expect(existsSync(CLI)).toBe(true);
  });

  it('exits 1 on findings at or above --fail-on and 0 below it', () => {
    const d = dir({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n' });
    const r = run(['audit', 'compose.yaml'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('BW-0001');
    expect(r.stdout).toMatch(/compose\.yaml/);
    expect(r.stderr).toBe('');
    const json = JSON.parse(run(['audit', 'compose.yaml', '--format', 'json'], { cwd: d }).stdout);
    expect(json.findings.find((f: { ruleId: string }) => f.ruleId === 'BW-0001').location).toEqual({
      file: 'compose.yaml',
      startLine: 4,
      startColumn: 17,
      endLine: 4,
      endColumn: 21,
    });
    const critical = json.findings.filter((f: { severity: string }) => f.severity === 'critical').length;
    expect(critical).toBe(1);
    const { code } = run(['audit', 'compose.yaml', '--fail-on', 'critical', '--config', '/dev/null'], { cwd: d });
    expect(code).toBe(1);
  });

  it('exits 0 on a hardened service', () => {
    const d = dir({ 'compose.yaml': CLEAN });
    const r = run(['audit', '.', '--format', 'json'], { cwd: d });
    const json = JSON.parse(r.stdout);
    expect(json.findings.filter((f: { severity: string }) => f.severity !== 'info').map((f: { slug: string }) => f.slug)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('exits 2 with a one-line error for usage mistakes', () => {
    const r = run(['audit', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^bulwark: option '--format <format>' argument 'xml' is invalid/);
    const s = run(['audit', '-']);
    expect(s.code).toBe(2);
    expect(s.stderr).toBe('bulwark: reading stdin (-) needs --kind\n');
  });

  it('exits 2 for an invalid config file, naming file and line', () => {
    const d = dir({ '.bulwark.yaml': 'rules:\n  privileged-container: maybe\n', 'compose.yaml': CLEAN });
    const r = run(['audit'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('bulwark: .bulwark.yaml:2:25: rules.privileged-container: must be one of off, on, critical, high, medium, low, info\n');
  });

  it('audits every readable input, lists input errors apart, and exits 2', () => {
    const d = dir({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n', 'broken.yml': 'services:\n  web: [\n' });
    const r = run(['audit', 'compose.yaml', 'broken.yml', '--format', 'json'], { cwd: d });
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json.errors).toHaveLength(1);
    expect(json.errors[0]).toMatchObject({ file: 'broken.yml', code: 'parse', line: 3 });
    expect(json.findings.some((f: { ruleId: string }) => f.ruleId === 'BW-0001')).toBe(true);
  });

  it('reads stdin with --kind', () => {
    const r = run(['audit', '-', '--kind', 'run', '--format', 'json'], { input: 'docker run --privileged --name x alpine:3.20\n' });
    const json = JSON.parse(r.stdout);
    const f = json.findings.find((x: { ruleId: string }) => x.ruleId === 'BW-0001');
    expect([f.location.file, f.location.startLine, f.location.startColumn, f.target.name]).toEqual(['-', 1, 12, 'x']);
    expect(r.code).toBe(1);
  });

  it('writes the report with -o and leaves no temporary file', () => {
    const d = dir({ 'compose.yaml': CLEAN });
    const r = run(['audit', 'compose.yaml', '--format', 'sarif', '-o', 'report.sarif'], { cwd: d });
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(d, 'report.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readdirSync(d).sort()).toEqual(['compose.yaml', 'report.sarif']);
  });

  it('lists the rules', () => {
    const r = run(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const metas = JSON.parse(r.stdout) as { id: string }[];
    expect(metas.map((m) => m.id)).toContain('BW-0001');
    expect(new Set(metas.map((m) => m.id)).size).toBe(metas.length);
  });

  it('never writes the report over an audited file, and keeps an old report when nothing was audited', () => {
    const d = dir({ 'compose.yaml': CLEAN, 'old.txt': 'KEEP\n' });
    const r = run(['audit', 'compose.yaml', '-o', 'compose.yaml'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('bulwark: refusing to write the report over the audited file compose.yaml\n');
    expect(readFileSync(join(d, 'compose.yaml'), 'utf8')).toBe(CLEAN);
    const m = run(['audit', 'missing.yaml', '-o', 'old.txt'], { cwd: d });
    expect(m.code).toBe(2);
    expect(readFileSync(join(d, 'old.txt'), 'utf8')).toBe('KEEP\n');
    const w = run(['audit', 'compose.yaml', '-o', 'no/such/dir/r.txt'], { cwd: d });
    expect([w.code, w.stderr]).toEqual([2, 'bulwark: cannot write no/such/dir/r.txt: no such directory\n']);
  });

  it('writes into a FIFO or device in place instead of renaming over it', async () => {
    const d = dir({ 'compose.yaml': CLEAN });
    const fifo = join(d, 'pipe');
    spawnSync('mkfifo', [fifo]);
    const reader = spawn('sh', ['-c', `cat "${fifo}" > "${join(d, 'got.json')}"`]);
    const done = new Promise((ok) => reader.on('exit', ok));
    const r = run(['audit', 'compose.yaml', '--format', 'json', '-o', 'pipe'], { cwd: d });
    await done;
    expect(r.code).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(readFileSync(join(d, 'got.json'), 'utf8')).schemaVersion).toBe('1.0.0');
  });

  it('refuses options that only apply to --live when --live is not given', () => {
    const d = dir({ 'compose.yaml': CLEAN });
    const r = run(['audit', '.', '--host', 'tcp://127.0.0.1:1', '--filter', 'name=x'], { cwd: d });
    expect([r.code, r.stderr]).toEqual([2, 'bulwark: --host, --filter apply only with --live\n']);
  });

  it('stops quietly when the reader closes the pipe early (bulwark audit | head -1)', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" audit examples/ | head -1`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout).toBe('examples/shop/app/Dockerfile\n');
    expect(r.stderr).toBe('');
  });

  it('a reader that closes the pipe at once still gets the exit code of the findings (1), or 0 below --fail-on', () => {
    const pipeStatus = (args: string) =>
      spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" ${args} | true; exit \${PIPESTATUS[0]}`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const findings = pipeStatus('audit examples/');
    expect([findings.status, findings.stderr]).toEqual([1, '']);
    const d = mkdtempSync(join(tmpdir(), 'bw-pipe-'));
    writeFileSync(join(d, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n');
    const below = pipeStatus(`audit "${join(d, 'compose.yaml')}" --fail-on critical`);
    expect([below.status, below.stderr]).toEqual([0, '']);
  });
});

describe('harden --only (QA)', () => {
  it('takes ids and slugs in any case; an unknown rule is a usage error (exit 2), not "nothing to change"', () => {
    const d = dir({ 'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    privileged: true\n' });
    const slug = run(['harden', 'compose.yaml', '--only', 'privileged-container', '--unsafe-fixes'], { cwd: d });
    expect([slug.code, slug.stdout.split('\n')[0]]).toEqual([1, 'compose.yaml: 1 change (0 safe, 1 unsafe)']);
    const lower = run(['harden', 'compose.yaml', '--only', 'bw-0001', '--unsafe-fixes'], { cwd: d });
    expect(lower.stdout.split('\n')[0]).toBe('compose.yaml: 1 change (0 safe, 1 unsafe)');
    const bad = run(['harden', 'compose.yaml', '--only', 'BW-9999'], { cwd: d });
    expect([bad.code, bad.stderr]).toEqual([2, 'bulwark: --only BW-9999: unknown rule; `bulwark rules` lists them\n']);
  });
});
