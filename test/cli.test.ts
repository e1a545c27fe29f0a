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
    expect(s.stderr).toBe('bulwark: reading stdin (-) needs --kind or --stdin-filename\n');
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

// QA: stdin skipped the input limits and checks a file goes through, and its SARIF pointed at a file named `-`.
describe('bulwark audit - (stdin)', () => {
  function runBytes(args: string[], input: Buffer, cwd?: string) {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  const DF = 'FROM alpine:3.20\nRUN chmod u+s /usr/bin/ping\nUSER 1000\n';

  it('harden - reads stdin with the same checks: binary input is one input error, exit 2, nothing written', () => {
    const bin = Buffer.concat([Buffer.from('FROM alpine\n'), Buffer.alloc(16), Buffer.from('\x01\x02')]);
    const r = runBytes(['harden', '--kind', 'dockerfile', '-'], bin);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'bulwark: -: binary file (contains NUL bytes)\n']);
    const ok = runBytes(['harden', '--kind', 'dockerfile', '-'], Buffer.from(DF));
    expect(ok.code).toBe(0);
  });

  it('over --max-file-size: the one-line too-large error of a file, exit 2', () => {
    const r = run(['audit', '--max-file-size', '10', '--kind', 'dockerfile', '-', '--format', 'json'], { input: DF });
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    expect([json.errors, json.findings, json.files]).toEqual([[{ file: '-', code: 'too-large', message: 'standard input is over the limit of 10 bytes (--max-file-size)' }], [], []]);
    const text = run(['audit', '--max-file-size', '10', '--kind', 'dockerfile', '-'], { input: DF });
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('input errors\n  -  error  standard input is over the limit of 10 bytes (--max-file-size)  too-large\n\n✖ no findings in 0 files · 1 input error\n');
  });

  it('stops reading once over the limit: a writer that never ends gets exit 2 at once', async () => {
    const child = spawn(process.execPath, [CLI, 'audit', '--max-file-size', '100000', '--kind', 'dockerfile', '-', '--format', 'json'], { env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin.on('error', () => {});
    const chunk = Buffer.from('FROM alpine\n' + '# x\n'.repeat(16000));
    let written = 0;
    let exited = false;
    const pump = () => {
      while (!exited && child.stdin.writable && child.stdin.write(chunk)) written += chunk.length;
    };
    child.stdin.on('drain', pump);
    pump();
    // A bulwark that reads to the end would never finish: stop it rather than leave it running.
    const guard = setTimeout(() => child.kill('SIGKILL'), 20000);
    const code = await new Promise<number | null>((ok) => child.on('close', (c) => ok(c)));
    clearTimeout(guard);
    exited = true;
    expect(code).toBe(2);
    expect(JSON.parse(out).errors).toEqual([{ file: '-', code: 'too-large', message: 'standard input is over the limit of 100000 bytes (--max-file-size)' }]);
    // It never saw the end of its input: it stopped reading and finished while the writer was still writing.
    expect(child.stdin.writableEnded).toBe(false);
  }, 30000);

  it('NUL bytes: the binary error of a file, not a parse of garbage', () => {
    const bytes = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x52, 0x55, 0x4e, 0x0a, 0x9c, 0xff]);
    const r = runBytes(['audit', '--kind', 'dockerfile', '-', '--format', 'json'], bytes);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors).toEqual([{ file: '-', code: 'binary', message: 'binary file (contains NUL bytes)' }]);
  });

  it('UTF-16 with a byte order mark (PowerShell 5 `|`) is decoded, as a file is', () => {
    const r = runBytes(['audit', '--kind', 'dockerfile', '-', '--format', 'json'], Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DF, 'utf16le')]));
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.errors).toEqual([]);
    expect(json.findings.filter((f: { ruleId: string }) => f.ruleId === 'BW-0104').map((f: { location: object }) => f.location)).toEqual([
      { file: '-', startLine: 2, startColumn: 5, endLine: 2, endColumn: 28 },
    ]);
  });

  it('--stdin-filename names stdin: the kind from the name without --kind, findings and SARIF at that path', () => {
    const d = dir({});
    const json = JSON.parse(run(['audit', '-', '--stdin-filename', 'app/Dockerfile', '--format', 'json'], { input: DF, cwd: d }).stdout);
    expect(json.files).toEqual([{ path: 'app/Dockerfile', kind: 'dockerfile', bytes: DF.length, containers: 0, images: 1 }]);
    expect(json.findings.filter((f: { ruleId: string }) => f.ruleId === 'BW-0104').map((f: { location: object }) => f.location)).toEqual([
      { file: 'app/Dockerfile', startLine: 2, startColumn: 5, endLine: 2, endColumn: 28 },
    ]);
    const r = run(['audit', '-', '--stdin-filename', 'app/Dockerfile', '--format', 'sarif'], { input: DF, cwd: d });
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout).runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'BW-0104');
    expect(result.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'app/Dockerfile', uriBaseId: 'SRCROOT' });
    const text = run(['audit', '-', '--stdin-filename', 'app/Dockerfile'], { input: DF, cwd: d });
    expect(text.stdout.split('\n')[0]).toBe('app/Dockerfile');
  });

  it('SARIF without --stdin-filename: no location of a file named - in the repository', () => {
    const r = run(['audit', '--kind', 'dockerfile', '-', '--format', 'sarif'], { input: DF });
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout).runs[0].results as { locations: { physicalLocation: { artifactLocation: unknown } }[] }[];
    expect(results.length).toBeGreaterThan(0);
    for (const x of results) expect(x.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'stdin', description: { text: 'standard input (no file name; give one with --stdin-filename)' } });
  });

  it('usage: --stdin-filename without -, an empty one; audit --help lists it', () => {
    expect(run(['audit', 'x.yaml', '--stdin-filename', 'Dockerfile'])).toEqual({ code: 2, stdout: '', stderr: 'bulwark: --stdin-filename names stdin: give - as an input\n' });
    expect(run(['audit', '-', '--stdin-filename', ''], { input: DF })).toEqual({ code: 2, stdout: '', stderr: 'bulwark: --stdin-filename needs a path\n' });
    const help = run(['audit', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--stdin-filename <path> +the path stdin \(-\) stands for/);
  });
});
