/**
 * `policy collect` and `policy plan` against a private Docker Engine (R-PM3, R-PM4; issue 6 "Tests"): a parent
 * image built with its module label, a child image FROM it with its own; collect finds both (parent first) from
 * the engine and from a `docker save` archive, validates them, and fails closed on an invalid or overwritten module.
 * Images are built offline (`docker build` FROM an imported busybox image, LABEL steps only: no container runs).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngine, useEngine } from '../support/engine.js';
import { loadBase } from '../../src/policy/base.js';
import { collectFromArchive, collectFromEngine } from '../../src/policy/collect.js';
import { embedding, labelKey } from '../../src/policy/embed.js';
import { checkModule } from '../../src/policy/check.js';
import { generateModule } from '../../src/policy/generate.js';
import { loadContainer } from '../../src/policy/inputs.js';

const base = loadBase();
const root = join(import.meta.dirname, '..', '..');
const modules = join(root, 'test', 'policy', 'modules');
const CLI = process.env.BULWARK_CLI ? resolve(process.env.BULWARK_CLI) : join(root, 'dist', 'cli.js');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      ok({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const parentCil = readFileSync(join(modules, 'valid-macro.cil'), 'utf8'); // module "app"
const childCil = readFileSync(join(modules, 'valid-web.cil'), 'utf8'); // module "web"
const hostileCil = readFileSync(join(modules, 'hostile-sys-admin.cil'), 'utf8'); // module "evil"

describeEngine('policy collect / plan on a private engine', () => {
  const eng = useEngine();
  let dir: string;

  async function build(tag: string, from: string, labels: string[]): Promise<void> {
    const ctx = mkdtempSync(join(dir, 'ctx-'));
    writeFileSync(join(ctx, 'Dockerfile'), [`FROM ${from}`, ...labels, ''].join('\n'));
    const r = await eng().docker(['build', '-q', '-t', tag, ctx], { env: { DOCKER_BUILDKIT: '0' }, timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`docker build ${tag}: ${r.stderr}`);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bw-policy-'));
    const busybox = await eng().importBusybox();
    await build('bw/parent:1', busybox, [embedding('app', parentCil).dockerfile, 'LABEL org.example.other=1']);
    await build('bw/child:1', 'bw/parent:1', [embedding('web', childCil).dockerfile]);
    await build('bw/evil-child:1', 'bw/parent:1', [embedding('evil', hostileCil).dockerfile]);
    await build('bw/overwrite:1', 'bw/parent:1', [`LABEL ${labelKey('app')}="${embedding('app', childCil.replace('(block web', '(block app')).value}"`]);
    const save = await eng().docker(['save', '-o', join(dir, 'child.tar'), 'bw/parent:1', 'bw/child:1'], { timeoutMs: 120_000 });
    if (save.code !== 0) throw new Error(`docker save: ${save.stderr}`);
  }, 240_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds the parent\'s module and the child\'s, parent first, both valid (engine)', async () => {
    const c = await collectFromEngine('bw/child:1', base, { host: eng().host });
    expect(c.chain).toEqual(['bw/busybox:test', 'bw/parent:1', 'bw/child:1']);
    expect(c.modules.map((m) => [m.key, m.image, m.valid, m.error])).toEqual([
      ['io.bulwark.selinux.module.app', 'bw/parent:1', true, undefined],
      ['io.bulwark.selinux.module.web', 'bw/child:1', true, undefined],
    ]);
    expect(c.modules[0].text).toBe(parentCil);
    expect(c.modules[1].check?.domains).toEqual(['web.process', 'web.worker']);
    expect(c.valid).toBe(true);
  }, 120_000);

  it('the same from a docker save archive holding parent and child', async () => {
    const c = await collectFromArchive(join(dir, 'child.tar'), base, 'bw/child:1');
    expect(c.chain).toEqual(['bw/parent:1', 'bw/child:1']);
    expect(c.modules.map((m) => [m.name, m.image, m.valid])).toEqual([['app', 'bw/parent:1', true], ['web', 'bw/child:1', true]]);
    expect(c.valid).toBe(true);
  }, 120_000);

  it('fails closed when a module of the chain is invalid', async () => {
    const c = await collectFromEngine('bw/evil-child:1', base, { host: eng().host });
    expect(c.modules.map((m) => [m.name, m.valid])).toEqual([['app', true], ['evil', false]]);
    expect(c.modules[1].check?.diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([[5, 3, 'exceeds-bounds']]);
    expect(c.valid).toBe(false);
  }, 120_000);

  it('fails closed when a child overwrites its parent\'s module', async () => {
    const c = await collectFromEngine('bw/overwrite:1', base, { host: eng().host });
    expect(c.modules.map((m) => [m.name, m.valid, m.error])).toEqual([
      ['app', false, 'the module of bw/parent:1 under io.bulwark.selinux.module.app was overwritten by bw/overwrite:1: a child image may add its own module, never replace a parent\'s'],
    ]);
    expect(c.valid).toBe(false);
  }, 120_000);

  it('generate --container: a module for a container of the engine (its inspect output), valid', async () => {
    const busybox = await eng().importBusybox();
    const cr = await eng().docker(['create', '--network', 'none', '--name', 'bwpol', '--read-only', '--cap-drop', 'NET_RAW', '--cap-add', 'SYS_PTRACE', '-v', 'bwdata:/data', '--entrypoint', '/bin/sleep', busybox, '60']);
    expect(cr.code).toBe(0);
    const { spec, from, where } = await loadContainer({ kind: 'container', name: 'bwpol', host: eng().host }, {});
    expect(from).toBe('container bwpol');
    const g = generateModule(spec, { base, where });
    // moduleName: the container's name and 8 hex digits of SHA-256(normalised repository NUL container name).
    expect(busybox).toBe('bw/busybox:test');
    expect(g.name).toBe('bwpol_' + createHash('sha256').update('docker.io/bw/busybox\0bwpol').digest('hex').slice(0, 8));
    expect(g.text).toContain('  (allow process self (capability (audit_write chown dac_override fowner fsetid kill mknod net_bind_service setfcap setgid setpcap setuid sys_chroot)))\n');
    expect(g.text).toContain('  (filecon "/var/lib/docker/overlay2/[^/]+/diff/bin/sleep" file (system_u object_r exec_t ((s0) (s0))))\n');
    expect(g.text).toContain('  (typebounds container_file_t rw_data_t)\n');
    expect(g.text).toContain('  ; mount volume bwdata:/data (bwpol#/HostConfig/Binds/0)\n  (allow process container_file_t (sock_file (append create getattr open read rename setattr unlink write)))\n');
    expect(g.notes).toContain('capabilities (Docker defaults + cap_add (bwpol#/HostConfig/CapAdd/0) − cap_drop (bwpol#/HostConfig/CapDrop/0)): (allow process self (capability (sys_ptrace))) left out: container_t does not hold it, so no module bounded by it can grant it');
    const r = await checkModule(g.text, 'bwpol.cil', { base });
    expect([r.diagnostics, r.valid]).toEqual([[], true]);
    const cli1 = await cli(['policy', 'generate', '--container', 'bwpol', '-H', eng().host]);
    expect([cli1.code, cli1.stdout]).toEqual([0, g.text.replace('generated by bulwark policy generate (R-PM1)', 'generated by bulwark policy generate from container bwpol (R-PM1)')]);
    const missing = await cli(['policy', 'generate', '--container', 'nope', '-H', eng().host]);
    expect([missing.code, missing.stderr]).toEqual([2, 'bulwark: container nope: no such container\n']);
  }, 120_000);

  it('CLI: collect (exit 0, then 1 for the invalid chain, 2 for no such image) and plan', async () => {
    const ok = await cli(['policy', 'collect', 'bw/child:1', '-H', eng().host, '--output-dir', join(dir, 'mods')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout.split('\n').slice(1)).toEqual([
      'io.bulwark.selinux.module.app from bw/parent:1: valid (domains app.process)',
      'io.bulwark.selinux.module.web from bw/child:1: valid (domains web.process, web.worker)',
      '2 modules, all valid',
      '',
    ]);
    // Named as semodule will install it: bulwark_<name>, apart from the distribution's modules.
    expect(readFileSync(join(dir, 'mods', 'bulwark_web.cil'), 'utf8')).toBe(childCil);
    const bad = await cli(['policy', 'collect', 'bw/evil-child:1', '-H', eng().host]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('io.bulwark.selinux.module.evil from bw/evil-child:1: INVALID\n');
    expect(bad.stdout).toContain('refusing: an invalid module fails the whole image (fail closed)\n');
    const none = await cli(['policy', 'collect', 'bw/nope:1', '-H', eng().host]);
    expect([none.code, none.stderr]).toEqual([2, 'bulwark: image bw/nope:1: no such image\n']);
    const plan = await cli(['policy', 'plan', 'bw/child:1', '-H', eng().host, '--service', 'web', '--module-dir', 'mods']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toBe([
      `# write the module files first: bulwark policy collect bw/child:1 --output-dir mods`,
      '# Enforcement needs an SELinux host in enforcing mode with container-selinux installed (container_t, container_file_t); bulwark only compiled and validated these modules here.',
      '# 1. Install the modules, parents first (as root, on the SELinux host):',
      'semodule -i mods/bulwark_app.cil    # app, from bw/parent:1',
      'semodule -i mods/bulwark_web.cil    # web, from bw/child:1',
      '# 2. Run the container in its domain (web.process):',
      'docker run --security-opt label=type:web.process bw/child:1',
      '# or in Compose:',
      'services:',
      '  web:',
      '    image: bw/child:1',
      '    security_opt:',
      '      - label=type:web.process',
      '',
    ].join('\n'));
    const planBad = await cli(['policy', 'plan', 'bw/evil-child:1', '-H', eng().host]);
    expect(planBad.code).toBe(1);
  }, 120_000);
});
