/**
 * `bulwark harden` as users run it (the built dist/cli.js): diff + explanation, exit codes (0 nothing to
 * change or written, 1 changes pending, 2 usage/input error), --write in place keeping the file mode,
 * -o, stdin → stdout, profile flags, one-line errors and nothing written on bad input.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve(process.env.BULWARK_CLI ?? 'dist/cli.js');

function run(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, 'harden', ...args], { cwd: opts.cwd, input: opts.input ?? '', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'bulwark-harden-'));
  for (const [p, t] of Object.entries(files)) writeFileSync(join(d, p), t);
  return d;
}

const COMPOSE = 'services:\n  web:\n    image: nginx:1.27   # the site\n    security_opt:\n      - seccomp:unconfined\n';
const HARDENED =
  'services:\n  web:\n    image: nginx:1.27   # the site\n    security_opt:\n      - no-new-privileges:true\n    cap_drop:\n      - NET_RAW\n    pids_limit: 256  # bulwark: pids limit from the harden profile\n';

describe('bulwark harden (CLI)', () => {
  it('names the files of a walked directory it does not rewrite (qa-b 9)', () => {
    const d = dir({});
    mkdirSync(join(d, '.github/workflows'), { recursive: true });
    mkdirSync(join(d, 'etc/docker'), { recursive: true });
    writeFileSync(join(d, '.github/workflows/ci.yml'), 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker run --privileged alpine true\n');
    writeFileSync(join(d, 'etc/docker/daemon.json'), '{"icc": true}\n');
    const r = run(['.'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('bulwark: note: not hardened (harden does not rewrite ci, daemon inputs; audit them): .github/workflows/ci.yml, etc/docker/daemon.json\n');
  });

  it('prints the explanation and a unified diff, writes nothing, exits 1', () => {
    const d = dir({ 'compose.yaml': COMPOSE });
    const r = run(['compose.yaml'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'compose.yaml: 4 changes (4 safe, 0 unsafe)',
      '  2:3  web  BW-0003  drop NET_RAW: no raw or packet sockets  [safe]',
      '  2:3  web  BW-0007  add no-new-privileges: setuid binaries and file capabilities no longer raise privileges  [safe]',
      '  2:3  web  BW-0010  add a pids limit  [safe]',
      '  5:9  web  BW-0021  remove seccomp unconfined: the default seccomp profile applies again  [safe]',
    ]);
    expect(lines[9]).toBe('  5 more findings have unsafe fixes: run with --unsafe-fixes to apply them');
    expect(lines.slice(10).join('\n')).toBe(
      '--- a/compose.yaml\n+++ b/compose.yaml\n@@ -2,4 +2,7 @@\n   web:\n     image: nginx:1.27   # the site\n     security_opt:\n-      - seccomp:unconfined\n+      - no-new-privileges:true\n+    cap_drop:\n+      - NET_RAW\n+    pids_limit: 256  # bulwark: pids limit from the harden profile\n',
    );
    expect(readFileSync(join(d, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
  });

  it('the printed output (explanation, then diff) applies with git apply', () => {
    const d = dir({ 'compose.yaml': COMPOSE });
    writeFileSync(join(d, 'fix.patch'), run(['compose.yaml'], { cwd: d }).stdout);
    const p = spawnSync('git', ['apply', '-p1', 'fix.patch'], { cwd: d, encoding: 'utf8' });
    expect(p.status).toBe(0);
    expect(readFileSync(join(d, 'compose.yaml'), 'utf8')).toBe(HARDENED);
  });

  it('--write edits in place atomically, keeps the mode and a symlink, exits 0; a second run changes nothing', () => {
    const d = dir({ 'deploy.sh': '#!/bin/sh\ndocker run -d --name w nginx\n', 'compose.yaml': COMPOSE });
    chmodSync(join(d, 'deploy.sh'), 0o750);
    symlinkSync('compose.yaml', join(d, 'link.yaml'));
    const r = run(['--write', 'deploy.sh', 'link.yaml'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('bulwark: wrote 2 files\n');
    expect(readFileSync(join(d, 'deploy.sh'), 'utf8')).toBe(
      '#!/bin/sh\n# bulwark: --pids-limit 256 set by bulwark harden (profile values: adjust to the service)\ndocker run --cap-drop NET_RAW --security-opt no-new-privileges:true --pids-limit 256 -d --name w nginx\n',
    );
    expect(statSync(join(d, 'deploy.sh')).mode & 0o777).toBe(0o750);
    expect(lstatSync(join(d, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, 'compose.yaml'), 'utf8')).toBe(HARDENED);
    expect(readdirSync(d).sort()).toEqual(['compose.yaml', 'deploy.sh', 'link.yaml']);
    const again = run(['deploy.sh', 'compose.yaml'], { cwd: d });
    expect(again.code).toBe(0);
    // The run line's unsafe fixes: cap_drop ALL, user, read-only, memory, CPU, and a user-defined network (BW-0038).
    expect(again.stdout).toBe('deploy.sh: nothing to change\n  6 more findings have unsafe fixes: run with --unsafe-fixes to apply them\ncompose.yaml: nothing to change\n  5 more findings have unsafe fixes: run with --unsafe-fixes to apply them\n');
  });

  it('a directory holding a file and a symbolic link to it: hardened and written once', () => {
    const d = dir({ 'compose.yaml': COMPOSE });
    symlinkSync('compose.yaml', join(d, 'link.yaml'));
    const r = run(['--write', '.'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('bulwark: wrote 1 file\n');
    expect(readFileSync(join(d, 'compose.yaml'), 'utf8')).toBe(HARDENED);
    expect(lstatSync(join(d, 'link.yaml')).isSymbolicLink()).toBe(true);
  });

  it('reads a file the Compose file extends, relative to the Compose file', () => {
    const d = dir({});
    spawnSync('mkdir', ['-p', join(d, 'app')]);
    writeFileSync(join(d, 'app', 'base.yml'), 'services:\n  base:\n    image: x\n    security_opt: [seccomp:unconfined]\n');
    writeFileSync(join(d, 'app', 'compose.yaml'), 'services:\n  web:\n    extends:\n      file: base.yml\n      service: base\n');
    const r = run(['app/compose.yaml', '--only', 'BW-0021', '-o', '-'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('services:\n  web:\n    extends:\n      file: base.yml\n      service: base\n    security_opt: !override []  # bulwark: replaces the security_opt inherited through extends\n');
  });

  it('-o writes elsewhere; --unsafe-fixes with profile flags', () => {
    const d = dir({ 'compose.yaml': 'services:\n  a:\n    image: x\n' });
    const r = run(['compose.yaml', '-o', 'out.yaml', '--unsafe-fixes', '--memory', '1g', '--cpus', '0.5', '--pids-limit', '64', '--user', '1000:1000', '--keep-cap', 'chown'], { cwd: d });
    expect(r.code).toBe(0);
    expect(readFileSync(join(d, 'compose.yaml'), 'utf8')).toBe('services:\n  a:\n    image: x\n');
    expect(readFileSync(join(d, 'out.yaml'), 'utf8')).toBe(
      'services:\n  a:\n    image: x\n    cap_drop:\n      - ALL\n    cap_add:\n      - CHOWN\n    user: "1000:1000"  # bulwark: non-root uid:gid from the harden profile\n    read_only: true\n    tmpfs:\n      - "/tmp:mode=1777,uid=1000,gid=1000"\n      - "/run:mode=1777,uid=1000,gid=1000"\n    security_opt:\n      - no-new-privileges:true\n    mem_limit: 1g  # bulwark: memory limit from the harden profile\n    cpus: 0.5  # bulwark: CPU limit from the harden profile\n    pids_limit: 64  # bulwark: pids limit from the harden profile\n',
    );
  });

  it('--network names the user-defined network of run lines on the default bridge (BW-0038, --unsafe-fixes)', () => {
    const d = dir({ 'up.sh': '#!/bin/sh\nset -e\ndocker run -d --name web nginx\n', 'p.yaml': 'network: from-profile\n' });
    const r = run(['up.sh', '-o', '-', '--only', 'BW-0038', '--unsafe-fixes', '--profile', 'p.yaml', '--network', 'shop-net'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '#!/bin/sh\nset -e\ndocker network inspect shop-net >/dev/null 2>&1 || docker network create shop-net   # bulwark: user-defined network (R-G15)\n' +
        '# bulwark: --network shop-net set by bulwark harden (profile values: adjust to the service)\ndocker run --network shop-net -d --name web nginx\n',
    );
    const p = run(['up.sh', '-o', '-', '--only', 'BW-0038', '--unsafe-fixes', '--profile', 'p.yaml'], { cwd: d });
    expect(p.stdout).toContain('docker run --network from-profile -d --name web nginx\n');
  });

  it('reads a profile file, flags win over it; -o - writes to stdout', () => {
    const d = dir({ 'compose.yaml': 'services:\n  a:\n    image: x\n', 'p.yaml': 'pidsLimit: 32\nmemory: 2g\n' });
    const r = run(['compose.yaml', '-o', '-', '--profile', 'p.yaml', '--pids-limit', '16', '--only', 'BW-0010', '--only', 'BW-0008', '--unsafe-fixes'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('services:\n  a:\n    image: x\n    mem_limit: 2g  # bulwark: memory limit from the harden profile\n    pids_limit: 16  # bulwark: pids limit from the harden profile\n');
    expect(r.stderr).toMatch(/^compose\.yaml: 2 changes \(1 safe, 1 unsafe\)\n/);
  });

  it('--pin-from pins images whose digest it gives; a bad digest is a usage error', () => {
    const digest = 'sha256:' + 'c'.repeat(64);
    const d = dir({ 'compose.yaml': 'services:\n  a:\n    image: nginx:1.27\n', 'pins.json': JSON.stringify({ 'nginx:1.27': digest }), 'bad.json': '{"nginx:1.27": "latest"}' });
    const r = run(['compose.yaml', '--pin-from', 'pins.json', '--only', 'BW-0027', '-o', '-'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`services:\n  a:\n    image: nginx:1.27@${digest}\n`);
    expect(run(['compose.yaml', '--pin-from', 'bad.json'], { cwd: d })).toEqual({ code: 2, stdout: '', stderr: 'bulwark: bad.json: nginx:1.27: digest must be sha256:<64 hex digits>, got "latest"\n' });
  });

  it('stdin → stdout with --kind, explanation on stderr', () => {
    const r = run(['-', '--kind', 'compose', '--only', 'BW-0010'], { input: 'services:\n  a:\n    image: x\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('services:\n  a:\n    image: x\n    pids_limit: 256  # bulwark: pids limit from the harden profile\n');
    expect(r.stderr).toBe('-: 1 change (1 safe, 0 unsafe)\n  2:3  a  BW-0010  add a pids limit  [safe]\n  BW-0010 stops a fork bomb exhausting the host-wide process table — R-D; may break: services that run more processes or threads than the limit (threads count) fail to fork; raise pidsLimit in the profile\n');
  });

  it('--format json lists the changes per file', () => {
    const d = dir({ 'compose.yaml': COMPOSE });
    const r = run(['compose.yaml', '--format', 'json', '--only', 'BW-0021'], { cwd: d });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        path: 'compose.yaml',
        kind: 'compose',
        changed: true,
        changes: [
          {
            ruleId: 'BW-0021',
            target: 'web',
            file: 'compose.yaml',
            line: 5,
            column: 9,
            title: 'remove seccomp unconfined: the default seccomp profile applies again',
            attack: 'kernel exploits through rarely used syscalls (keyctl, kexec_load, open_by_handle_at, userfaultfd) — R-K',
            breaks: 'software that calls a syscall the default profile blocks fails with EPERM; give it a custom profile instead',
            applicability: 'safe',
          },
        ],
        notes: [],
        errors: [],
        unsafeAvailable: 0,
      },
    ]);
  });

  it('masks secrets in the printed diff', () => {
    const d = dir({ 'compose.yaml': 'services:\n  a:\n    image: x\n    environment:\n      STRIPE_API_KEY: sk_live_51HbT2kLx8R9qZpYwVn3cF7aJ0eUo4iMs\n' });
    const r = run(['compose.yaml'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('      STRIPE_API_KEY: ');
    expect(r.stdout).not.toContain('sk_live');
  });

  it.each([
    [[], 'bulwark: give files or directories to harden (or - for stdin with --kind)\n'],
    [['-'], 'bulwark: reading stdin (-) needs --kind\n'],
    [['a.yaml', 'b.yaml', '-o', 'x'], 'bulwark: -o/--output takes one input file\n'],
    [['a.yaml', '--write', '-o', 'x'], 'bulwark: --write and -o/--output exclude each other\n'],
    [['missing.yaml'], 'bulwark: missing.yaml: no such file or directory\n'],
    [['.', '-o', 'x'], 'bulwark: -o/--output takes one input file; . is a directory (use --write)\n'],
    [['a.yaml', '--pids-limit', '0'], 'bulwark: --pids-limit must be a positive whole number of processes, got "0"\n'],
    [['a.yaml', '--user', 'root'], 'bulwark: --user must be a non-root user, uid or uid:gid, like 65532:65532, got "root"\n'],
    [['a.yaml', '--host', 'unix:///x'], 'bulwark: --host applies only with --from-container\n'],
    [['a.yaml', '--network', 'host'], 'bulwark: --network must be the name of a user-defined network (letters, digits, _ . -; not bridge, default, host or none), like bulwark, got "host"\n'],
  ])('usage error %j: one line, exit 2', (args, stderr) => {
    const d = dir({ 'a.yaml': 'services:\n  a:\n    image: x\n', 'b.yaml': 'services: {}\n' });
    const r = run(args as string[], { cwd: d });
    expect(r).toEqual({ code: 2, stdout: '', stderr });
  });

  it('one bad input never stops the others: the good ones are written, each bad one is one line, exit 2', () => {
    const d = dir({
      'a.yaml': 'services:\n  a:\n    image: x\n',
      '.env': 'FOO=bar\n',
      'b.sh': '#!/bin/sh\ndocker run -d nginx\n',
      'bad.yaml': 'services:\n  a:\n    image: [x\n',
    });
    const r = run(['--write', '--only', 'BW-0010', 'a.yaml', '.env', 'b.sh', 'bad.yaml', 'missing.yaml'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stdout.split('\n').filter((l) => /^\S+: /.test(l))).toEqual(['a.yaml: 1 change (1 safe, 0 unsafe)', 'b.sh: 1 change (1 safe, 0 unsafe)']);
    expect(r.stderr).toBe(
      'bulwark: wrote 2 files\n' +
        'bulwark: .env: cannot tell what kind of file this is; name it like compose.yaml, Dockerfile, *.sh, *.md, or pass --kind\n' +
        'bulwark: missing.yaml: no such file or directory\n' +
        'bulwark: bad.yaml:4:1: Flow sequence in block collection must be sufficiently indented and end with a ]\n',
    );
    expect(readFileSync(join(d, 'a.yaml'), 'utf8')).toBe('services:\n  a:\n    image: x\n    pids_limit: 256  # bulwark: pids limit from the harden profile\n');
    expect(readFileSync(join(d, 'b.sh'), 'utf8')).toBe(
      '#!/bin/sh\n# bulwark: --pids-limit 256 set by bulwark harden (profile values: adjust to the service)\ndocker run --pids-limit 256 -d nginx\n',
    );
    // The unparseable file and the unknown one are never written.
    expect(readFileSync(join(d, 'bad.yaml'), 'utf8')).toBe('services:\n  a:\n    image: [x\n');
    expect(readFileSync(join(d, '.env'), 'utf8')).toBe('FOO=bar\n');
    expect(readdirSync(d).sort()).toEqual(['.env', 'a.yaml', 'b.sh', 'bad.yaml']);
  });

  it('--unsafe-fixes --write: an environment with a << merge key is hardened, and the next file is written too (qa-c 1)', () => {
    const merge = 'x-env: &env\n  TZ: UTC\nservices:\n  app:\n    image: busybox\n    environment:\n      <<: *env\n      ADMIN_PASSWORD: admin123\n';
    const d = dir({ 'merge-env.yaml': merge, 'other.yaml': 'services:\n  a:\n    image: x\n' });
    const r = run(['--unsafe-fixes', '--write', '--only', 'BW-0026,BW-0010', 'merge-env.yaml', 'other.yaml'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('bulwark: wrote 2 files\n');
    const out = readFileSync(join(d, 'merge-env.yaml'), 'utf8');
    expect(out).toContain('      <<: *env\n      ADMIN_PASSWORD_FILE: /run/secrets/admin_password  # bulwark:');
    expect(out).not.toContain('admin123');
    expect(readFileSync(join(d, 'other.yaml'), 'utf8')).toBe('services:\n  a:\n    image: x\n    pids_limit: 256  # bulwark: pids limit from the harden profile\n');
  });

  it('without --write a bad input still lets the others print their diffs; exit 2 wins over 1', () => {
    const d = dir({ 'good.yaml': 'services:\n  a:\n    image: x\n', 'compose.yaml': 'services:\n  a:\n    image: [x\n' });
    const r = run(['--kind', 'compose', '--only', 'BW-0010', 'good.yaml', 'compose.yaml'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(
      'good.yaml: 1 change (1 safe, 0 unsafe)\n  2:3  a  BW-0010  add a pids limit  [safe]\n  BW-0010 stops a fork bomb exhausting the host-wide process table — R-D; may break: services that run more processes or threads than the limit (threads count) fail to fork; raise pidsLimit in the profile\n' +
        '--- a/good.yaml\n+++ b/good.yaml\n@@ -1,3 +1,4 @@\n services:\n   a:\n     image: x\n+    pids_limit: 256  # bulwark: pids limit from the harden profile\n',
    );
    expect(r.stderr).toBe('bulwark: compose.yaml:4:1: Flow sequence in block collection must be sufficiently indented and end with a ]\n');
    expect(readFileSync(join(d, 'good.yaml'), 'utf8')).toBe('services:\n  a:\n    image: x\n');
  });

  it('hardens a directory as audit walks it: .gitignore and node_modules skipped, files of no kind skipped silently', () => {
    const d = dir({ '.gitignore': 'ignored/\n', 'notes.txt': 'docker run -d nginx\n', 'data.bin': '\u0000\u0001' });
    for (const sub of ['app', 'ignored', 'node_modules', 'app/docs']) spawnSync('mkdir', ['-p', join(d, sub)]);
    writeFileSync(join(d, 'app', 'compose.yaml'), 'services:\n  a:\n    image: x\n');
    writeFileSync(join(d, 'app', 'Dockerfile'), 'FROM alpine:3.20\nRUN chmod u+s /bin/busybox\nCMD ["sh"]\n');
    writeFileSync(join(d, 'app', 'docs', 'README.md'), '# Run\n\n```sh\ndocker run -d nginx\n```\n');
    writeFileSync(join(d, 'app', 'settings.yaml'), 'debug: true\n');
    writeFileSync(join(d, 'ignored', 'compose.yaml'), 'services:\n  a:\n    image: x\n');
    writeFileSync(join(d, 'node_modules', 'compose.yaml'), 'services:\n  a:\n    image: x\n');
    const r = run(['--write', '--only', 'BW-0010', '--only', 'BW-0104', '--unsafe-fixes', '.'], { cwd: d });
    expect(r.stderr).toBe('bulwark: wrote 3 files\n');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /^\S+: /.test(l))).toEqual([
      'app/Dockerfile: 1 change (0 safe, 1 unsafe)',
      'app/compose.yaml: 1 change (1 safe, 0 unsafe)',
      'app/docs/README.md: 1 change (1 safe, 0 unsafe)',
    ]);
    expect(readFileSync(join(d, 'app', 'compose.yaml'), 'utf8')).toBe('services:\n  a:\n    image: x\n    pids_limit: 256  # bulwark: pids limit from the harden profile\n');
    expect(readFileSync(join(d, 'app', 'Dockerfile'), 'utf8')).toBe(
      'FROM alpine:3.20\nRUN chmod u+s /bin/busybox\n# bulwark: clears setuid/setgid bits (CIS 4.8)\nRUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true\nCMD ["sh"]\n',
    );
    expect(readFileSync(join(d, 'app', 'docs', 'README.md'), 'utf8')).toBe(
      '# Run\n\n```sh\n# bulwark: --pids-limit 256 set by bulwark harden (profile values: adjust to the service)\ndocker run --pids-limit 256 -d nginx\n```\n',
    );
    for (const f of ['ignored/compose.yaml', 'node_modules/compose.yaml']) expect(readFileSync(join(d, f), 'utf8')).toBe('services:\n  a:\n    image: x\n');
    expect(readFileSync(join(d, 'notes.txt'), 'utf8')).toBe('docker run -d nginx\n');
    expect(readFileSync(join(d, 'app', 'settings.yaml'), 'utf8')).toBe('debug: true\n');
    // Run again: nothing left to change at these rules.
    const again = run(['--only', 'BW-0010', '--only', 'BW-0104', '--unsafe-fixes', '.'], { cwd: d });
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
  });
});

describe('bulwark harden (CLI): Compose projects (QA round A)', () => {
  const BASE = 'services:\n  web:\n    image: nginx:1.27\n    user: "101:101"\n    pids_limit: 100\n    mem_limit: 256m\n    cpus: 0.5\n';
  const OVERRIDE = 'services:\n  web:\n    ports: ["8080:80"]\n';

  it('a directory with compose.yaml and compose.override.yaml: hardened as one project, the override never weakens the base (qa-a 1)', () => {
    const d = dir({ 'compose.yaml': BASE, 'compose.override.yaml': OVERRIDE });
    const r = run(['--unsafe-fixes', '--write', '.'], { cwd: d });
    expect(r.stderr).toBe('bulwark: wrote 1 file\n');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /^\S.*: (nothing to change|\d+ changes?)/.test(l))).toEqual(['compose.yaml: 3 changes (1 safe, 2 unsafe)', 'compose.override.yaml: nothing to change']);
    expect(readFileSync(join(d, 'compose.override.yaml'), 'utf8')).toBe(OVERRIDE);
    expect(readFileSync(join(d, 'compose.yaml'), 'utf8')).toBe(
      BASE + '    cap_drop:\n      - ALL\n    read_only: true\n    tmpfs:\n      - "/tmp:mode=1777,uid=101,gid=101"\n      - "/run:mode=1777,uid=101,gid=101"\n    security_opt:\n      - no-new-privileges:true\n',
    );
    // The merged project has nothing left that harden fixes.
    expect(run(['--unsafe-fixes', '.'], { cwd: d }).code).toBe(0);
  });

  it('the files COMPOSE_FILE names in .env are one project: no pids_limit over the base\'s 100 (qa-a 1)', () => {
    const base = 'services:\n  web:\n    image: nginx:1.27\n    pids_limit: 100\n';
    const prod = 'services:\n  web:\n    ports: ["127.0.0.1:8080:80"]\n';
    const d = dir({ '.env': 'COMPOSE_FILE=docker-compose.yml:docker-compose.prod.yml\n', 'docker-compose.yml': base, 'docker-compose.prod.yml': prod });
    const r = run(['--write', '.'], { cwd: d });
    expect(r.code).toBe(0);
    expect(readFileSync(join(d, 'docker-compose.prod.yml'), 'utf8')).toBe(prod);
    expect(readFileSync(join(d, 'docker-compose.yml'), 'utf8')).toBe(base + '    cap_drop:\n      - NET_RAW\n    security_opt:\n      - no-new-privileges:true\n');
  });

  it('`pids_limit: !reset null` in the override: replaced there, not a duplicate key and "nothing to change" (qa-a 2)', () => {
    const d = dir({ 'compose.yaml': 'services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    pids_limit: 100\n', 'compose.override.yaml': 'services:\n  app:\n    pids_limit: !reset null\n    privileged: true\n' });
    const r = run(['--only', 'BW-0010', '.'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      'compose.yaml: nothing to change\n' +
        'compose.override.yaml: 1 change (1 safe, 0 unsafe)\n' +
        '  compose.yaml:2:3  app  BW-0010  add a pids limit  [safe]\n' +
        '  BW-0010 stops a fork bomb exhausting the host-wide process table — R-D; may break: services that run more processes or threads than the limit (threads count) fail to fork; raise pidsLimit in the profile\n' +
        '--- a/compose.override.yaml\n+++ b/compose.override.yaml\n@@ -1,4 +1,4 @@\n services:\n   app:\n-    pids_limit: !reset null\n+    pids_limit: 256  # bulwark: pids limit from the harden profile\n     privileged: true\n',
    );
  });

  describe('a Compose file that includes another (qa-a 4)', () => {
    const MAIN = 'include:\n  - ./db.yaml\nservices:\n  app:\n    image: ghcr.io/acme/app:1.0\n';
    const DB = 'services:\n  db:\n    image: postgres:16\n    privileged: true\n';
    const only = ['--only', 'BW-0001', '--only', 'BW-0007'];

    it('the included file is hardened too: its diff is printed, nothing written without --write', () => {
      const d = dir({ 'compose.yaml': MAIN, 'db.yaml': DB });
      const r = run([...only, '--unsafe-fixes', 'compose.yaml'], { cwd: d });
      expect(r.code).toBe(1);
      expect(r.stdout.split('\n').filter((l) => /^\S.*: (nothing to change|\d+ changes?)/.test(l))).toEqual(['compose.yaml: 1 change (1 safe, 0 unsafe)', 'db.yaml: 2 changes (1 safe, 1 unsafe)']);
      expect(r.stdout).toContain('--- a/db.yaml\n+++ b/db.yaml\n@@ -1,4 +1,5 @@\n services:\n   db:\n     image: postgres:16\n-    privileged: true\n+    security_opt:\n+      - no-new-privileges:true\n');
      expect(readFileSync(join(d, 'db.yaml'), 'utf8')).toBe(DB);
      expect(readFileSync(join(d, 'compose.yaml'), 'utf8')).toBe(MAIN);
    });

    it('--write writes the included file too; then a directory run (which hardens it once) has nothing left', () => {
      const d = dir({ 'compose.yaml': MAIN, 'db.yaml': DB });
      const r = run([...only, '--unsafe-fixes', '--write', 'compose.yaml'], { cwd: d });
      expect(r.stderr).toBe('bulwark: wrote 2 files\n');
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n').filter((l) => /^\S.*: (nothing to change|\d+ changes?)/.test(l))).toEqual(['compose.yaml: 1 change (1 safe, 0 unsafe)', 'db.yaml: 2 changes (1 safe, 1 unsafe)']);
      expect(readFileSync(join(d, 'db.yaml'), 'utf8')).toBe('services:\n  db:\n    image: postgres:16\n    security_opt:\n      - no-new-privileges:true\n');
      expect(run([...only, '--unsafe-fixes', '.'], { cwd: d }).code).toBe(0);
    });

    it('-o writes one file: the included file\'s findings are named as not fixed, and not counted in the hint', () => {
      const d = dir({ 'compose.yaml': MAIN, 'db.yaml': DB });
      const r = run([...only, '-o', 'out.yaml', 'compose.yaml'], { cwd: d });
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n').slice(0, 3)).toEqual([
        'compose.yaml: 1 change (1 safe, 0 unsafe)',
        '  4:3  app  BW-0007  add no-new-privileges: setuid binaries and file capabilities no longer raise privileges  [safe]',
        '  BW-0007 stops privilege escalation inside the container through setuid binaries (su, sudo, ping) before a kernel exploit — R-K, R-B; may break: software that must gain privileges through a setuid binary (sudo, su) at run time',
      ]);
      expect(r.stdout.split('\n')[3]).toBe(
        '  not fixed: db.yaml: 2 findings with a fix left as they are: db.yaml is included by compose.yaml and was not given to harden: harden it as well (bulwark harden db.yaml, or the directory)',
      );
      expect(r.stdout).not.toContain('more finding');
      expect(readFileSync(join(d, 'db.yaml'), 'utf8')).toBe(DB);
    });
  });
});
