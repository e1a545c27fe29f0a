/**
 * QA of reports, configuration and CLI behaviour (round "rep"): the built CLI (`dist/cli.js`, or
 * `BULWARK_CLI`) as a CI user runs it. Each test of a fix failed before it (named in the test).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve(process.env.BULWARK_CLI ?? 'dist/cli.js');

function run(args: string[], opts: { cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd,
    input: '',
    encoding: 'utf8',
    timeout: 20000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'bulwark-rep-'));
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(d, p, '..'), { recursive: true });
    writeFileSync(join(d, p), t);
  }
  return d;
}

describe('-o never replaces a file the audit read', () => {
  const COMPOSE = 'services:\n  db:\n    image: postgres:16\n    env_file: ./db.env\n    extends:\n      file: common.yaml\n      service: base\n';
  const ENV = 'POSTGRES_PASSWORD=Sup3rS3cretPw\n';
  const COMMON = 'services:\n  base:\n    privileged: true\n';

  it.each([['db.env', ENV], ['./db.env', ENV], ['common.yaml', COMMON]])('-o %s (a Compose env_file or extends file) is refused and kept (was: the report replaced it)', (out, text) => {
    const d = dir({ 'compose.yaml': COMPOSE, 'db.env': ENV, 'common.yaml': COMMON });
    const r = run(['audit', 'compose.yaml', '--format', 'json', '-o', out], { cwd: d });
    expect([r.code, r.stderr]).toEqual([2, `bulwark: refusing to write the report over the audited file ${out}\n`]);
    expect(readFileSync(join(d, out), 'utf8')).toBe(text);
  });

  it('-o to a file the audit did not read is written', () => {
    const d = dir({ 'compose.yaml': COMPOSE, 'db.env': ENV, 'common.yaml': COMMON });
    expect(run(['audit', 'compose.yaml', '--format', 'json', '-o', 'report.json'], { cwd: d }).code).toBe(1);
    expect(JSON.parse(readFileSync(join(d, 'report.json'), 'utf8')).findings.length).toBeGreaterThan(0);
  });
});

describe('-o -', () => {
  it('writes the report to stdout, as harden -o - does (was: a file named "-", nothing printed)', () => {
    const d = dir({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n' });
    const r = run(['audit', 'compose.yaml', '--format', 'json', '-o', '-'], { cwd: d });
    expect([r.code, r.stderr]).toEqual([1, '']);
    expect(JSON.parse(r.stdout).findings.some((f: { ruleId: string }) => f.ruleId === 'BW-0001')).toBe(true);
    expect(existsSync(join(d, '-'))).toBe(false);
  });
});

describe('UTF-16 files (Windows PowerShell 5 `docker inspect web > web.json`)', () => {
  const COMPOSE16 = Buffer.from('\ufeffservices:\n  web:\n    image: nginx:1.27\n    privileged: true\n', 'utf16le');

  it('audit reads them (was: "binary file (contains NUL bytes)", exit 2)', () => {
    const d = dir({});
    writeFileSync(join(d, 'compose.yaml'), COMPOSE16);
    const r = run(['audit', 'compose.yaml', '--format', 'json'], { cwd: d });
    expect([r.code, r.stderr]).toEqual([1, '']);
    expect(JSON.parse(r.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'BW-0001').location).toEqual({ file: 'compose.yaml', startLine: 4, startColumn: 17, endLine: 4, endColumn: 21 });
  });

  it('harden refuses them rather than rewrite them as UTF-8, and leaves the file alone', () => {
    const d = dir({});
    writeFileSync(join(d, 'compose.yaml'), COMPOSE16);
    const r = run(['harden', '--write', 'compose.yaml'], { cwd: d });
    expect([r.code, r.stderr]).toEqual([2, 'bulwark: compose.yaml: UTF-16 text: harden rewrites UTF-8 files only; convert it first (iconv -f UTF-16 -t UTF-8)\n']);
    expect(readFileSync(join(d, 'compose.yaml'))).toEqual(COMPOSE16);
  });
});

describe('--ignore of a rule a directive names', () => {
  it('adds no BW-0000 finding and no "unused suppression" line, and the exit code follows the rest (was: exit 1 on BW-0000)', () => {
    const d = dir({
      'compose.yaml': [
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
        '    pid: host  # bulwark-ignore host-pid -- the exporter reads host processes',
        '',
      ].join('\n'),
    });
    expect(run(['audit', 'compose.yaml'], { cwd: d }).stdout).not.toContain('BW-0016');
    const r = run(['audit', 'compose.yaml', '--ignore', 'host-pid'], { cwd: d });
    expect([r.code, r.stdout]).toEqual([0, '✔ no findings in 1 file\n']);
  });
});

// QA (2026-12-02): one ISO-8859-1 byte in a comment dropped the whole script ("not valid UTF-8 text", exit 2).
describe('legacy 8-bit text (ISO-8859-1 / Windows-1252)', () => {
  const SCRIPT = Buffer.concat([Buffer.from('#!/bin/sh\n# D'), Buffer.from([0xe9]), Buffer.from('marrer\ndocker run -d --privileged alpine:3.19\n')]);

  it('audit reads it as Windows-1252, columns as bytes', () => {
    const d = dir({});
    writeFileSync(join(d, 'start.sh'), SCRIPT);
    const r = run(['audit', 'start.sh', '--format', 'json'], { cwd: d });
    expect([r.code, r.stderr]).toEqual([1, '']);
    expect(JSON.parse(r.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'BW-0001').location).toEqual({ file: 'start.sh', startLine: 3, startColumn: 15, endLine: 3, endColumn: 27 });
  });

  it('harden refuses it rather than rewrite it as UTF-8, and leaves the file alone', () => {
    const d = dir({});
    writeFileSync(join(d, 'start.sh'), SCRIPT);
    const r = run(['harden', '--write', 'start.sh'], { cwd: d });
    expect([r.code, r.stderr]).toEqual([2, 'bulwark: start.sh: not UTF-8 text (audit reads it as Windows-1252): harden rewrites UTF-8 files only; convert it first (iconv -f WINDOWS-1252 -t UTF-8)\n']);
    expect(readFileSync(join(d, 'start.sh'))).toEqual(SCRIPT);
  });
});
