/**
 * Defects found by trying to break `bulwark policy` (issue 6 review; R-PM2): each test failed before its fix.
 * Modules that get around the checker, inputs the reader or the CLI mishandled, and secilc runs that were
 * reported as "secilc failed to run" (exit 2) instead of a refused module.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../cli/common.js';
import { emptyContainer } from '../model/types.js';
import { loadBase } from './base.js';
import { checkModule, checkStatic, formatCheck } from './check.js';
import { parseCil } from './cil/parse.js';
import { decodeModuleFile } from './cli.js';
import { comment, list } from './cil/ast.js';
import { collectFromArchive, MAX_ARCHIVE_JSON } from './collect.js';
import { printCil } from './cil/print.js';
import { generateModule, GenerateError } from './generate.js';
import { loadContainer } from './inputs.js';
import { compileWithSecilc, mapMessages, MAX_SECILC_OUTPUT } from './secilc.js';

const base = loadBase();
const tmp = mkdtempSync(join(tmpdir(), 'bw-policy-hardening-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A module `m` with a bounded domain `process`, then `extra` statements (from line 5 on), then its MCS membership. */
const mod = (...extra: string[]) =>
  ['(block m', '  (type process)', '  (roletype system_r process)', '  (typebounds container_t process)', ...extra.map((e) => `  ${e}`), '  (typeattributeset mcs_constrained_type (process))', ')', ''].join('\n');
const emptySpec = () => emptyContainer({ kind: 'service', name: 'web', range: { file: 'x', start: 0, end: 0 } }, 'compose', 'x');
const diag = (text: string) => checkStatic(text, 'm.cil', { base }).diagnostics.map((d) => [d.line, d.column, d.code, d.message]);

describe('statements that reach outside the module', () => {
  it('blockabstract of a block outside the module is refused (it would withdraw that block from the policy)', () => {
    expect(diag(mod('(blockabstract container)'))).toEqual([
      [5, 3, 'namespace', 'blockabstract of container: only a block of the module may make itself abstract (a template)'],
    ]);
    expect(diag(mod('(blockabstract m)'))).toEqual([
      [5, 3, 'namespace', 'blockabstract of m: only a block of the module may make itself abstract (a template)'],
    ]);
  });
  it('an own template block (blockabstract of itself) inherited by the module still passes', async () => {
    const text = mod('(block tpl (blockabstract tpl) (allow process container_file_t (file (read))))', '(blockinherit tpl)');
    const r = await checkModule(text, 'm.cil', { base });
    expect([r.diagnostics, r.secilc?.ok, r.valid]).toEqual([[], true, true]);
  });
  it('typealiasactual of an alias the module does not declare (a system alias) is refused', () => {
    const why = 'which is not an alias the module declares: it would re-point a system name';
    expect(diag(mod('(typealiasactual svirt_lxc_net_t process)'))).toEqual([[5, 3, 'namespace', `typealiasactual of svirt_lxc_net_t, ${why}`]]);
    expect(diag(mod('(typealiasactual .svirt_lxc_net_t process)'))).toEqual([[5, 3, 'namespace', `typealiasactual of .svirt_lxc_net_t, ${why}`]]);
    expect(diag(mod('(typealias p2)', '(typealiasactual p2 process)', '(allow p2 container_file_t (file (read)))'))).toEqual([]);
  });
});

describe('class permission sets', () => {
  const why = (perms: string) => `m.process is bounded by container_t, which does not hold ${perms} on itself: a bounded domain may not exceed its parent`;
  it('every classpermissionset of a name counts, not only the last one', () => {
    expect(diag(mod('(classpermission cp)', '(classpermissionset cp (capability (sys_admin)))', '(classpermissionset cp (fifo_file (read)))', '(allow process self cp)'))).toEqual([
      [8, 3, 'exceeds-bounds', why('(capability (sys_admin))')],
    ]);
  });
  it('a set filled after the allow that uses it is the module\'s own, and its permissions are checked', () => {
    expect(diag(mod('(allow process self cp)', '(classpermission cp)', '(classpermissionset cp (capability (sys_module)))'))).toEqual([
      [5, 3, 'exceeds-bounds', why('(capability (sys_module))')],
    ]);
  });
});

describe('macro bombs are not handed to secilc', () => {
  it('calls nested deeper than 8 are an expansion refusal: not compiled', async () => {
    const lines = ['(macro m0 ((type t)) (allow t container_file_t (file (read))))'];
    for (let i = 1; i <= 11; i++) lines.push(`(macro m${i} ((type t)) ${`(call m${i - 1} (t)) `.repeat(4).trim()})`);
    lines.push('(call m11 (process))');
    const r = await checkModule(mod(...lines), 'bomb.cil', { base });
    expect(r.diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([[17, 3, 'expansion']]);
    expect(r.diagnostics[0].message).toBe('macro calls nested deeper than 8: refused (fail closed) (in macro m.m11 → m.m10 → m.m9 → m.m8 → m.m7 → m.m6 → m.m5 → m.m4: (call m3 (t)))');
    expect([r.secilc, r.valid]).toEqual([undefined, false]);
  });
});

describe('the reader', () => {
  it('a leading byte order mark is a parse error at 1:1 (secilc rejects it: "Invalid token")', () => {
    const m = parseCil('\uFEFF(block m)\n', 'bom.cil');
    expect(m.errors).toEqual([{ offset: 0, line: 1, column: 1, message: 'the file starts with a byte order mark (U+FEFF), which secilc rejects; save it as UTF-8 without BOM' }]);
  });
  it('a module file that is not UTF-8 is an input error at the first bad byte; a genuine U+FFFD is text', () => {
    const latin1 = Buffer.from('(block m\n  (type proc\xe9ss)\n)\n', 'latin1');
    expect(() => decodeModuleFile(latin1, 'l.cil')).toThrow(UsageError);
    expect(() => decodeModuleFile(latin1, 'l.cil')).toThrow('l.cil:2:13: not UTF-8 text (byte 0xe9 at offset 21): a CIL module is UTF-8 text');
    const both = Buffer.concat([Buffer.from('; \uFFFD\n(', 'utf8'), Buffer.from([0xff])]);
    expect(() => decodeModuleFile(both, 'b.cil')).toThrow('b.cil:2:2: not UTF-8 text (byte 0xff at offset 7): a CIL module is UTF-8 text');
    expect(decodeModuleFile(Buffer.from('\uFEFF(block m)', 'utf8'), 'k.cil')).toBe('\uFEFF(block m)');
  });
});

describe('secilc messages and runs', () => {
  it('keeps "Failed to resolve … statement at module.cil:N", the only reason secilc gives for an unknown name', async () => {
    expect(mapMessages('Failed to resolve allow statement at /t/module.cil:5\nFailed to resolve AST\nFailed to compile cildb: -2\n', '/t/module.cil', '/b/base.cil')).toEqual([
      { line: 5, message: 'Failed to resolve allow statement' },
    ]);
    // secilc's own reason used to be dropped: a module only secilc rejects then printed no reason at all.
    const r = await checkModule(mod('(blockinherit nosuch)'), 'm.cil', { base });
    expect(formatCheck(r, 'm.cil')).toEqual([
      'm.cil:5:3: (blockinherit nosuch): blockinherit of nosuch, a block outside the module: its statements are not the module\'s to vouch for',
      'm.cil:5: secilc: Failed to resolve blockinherit statement',
      'm.cil: invalid: 1 violation of R-PM2; secilc rejected it',
    ]);
  });
  it('a module only secilc rejects says so, not "0 violations"', async () => {
    const r = await checkModule(mod('(type process)'), 'dup.cil', { base });
    expect(formatCheck(r, 'dup.cil')).toEqual([
      'dup.cil: secilc: Re-declaration of type process',
      'dup.cil:5: secilc: Previous declaration of type',
      'dup.cil:5: secilc: Bad type declaration',
      'dup.cil: invalid: no R-PM2 violation found; secilc rejected it',
    ]);
  });
  it('a secilc that runs too long is a refused module (fail closed), not "secilc failed to run"', async () => {
    const slow = join(tmp, 'slow-secilc');
    writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n');
    chmodSync(slow, 0o755);
    const r = await compileWithSecilc('(block m)', 'm.cil', base.path, { secilc: slow, timeoutMs: 300 });
    expect([r.ok, r.messages]).toEqual([false, [{ message: 'secilc did not finish within 0.3 s and was stopped: refused (fail closed)' }]]);
  });
  it('a flood of secilc messages is a refused module with the first messages, not "secilc failed to run"', async () => {
    const loud = join(tmp, 'loud-secilc');
    // What secilc prints for each of thousands of bounded types exceeding their parent, past the output cap.
    writeFileSync(loud, `#!/bin/sh\nm="$8"\ni=0\nwhile [ $i -lt ${Math.ceil(MAX_SECILC_OUTPUT / 30) + 10} ]; do echo "Bad type declaration at $m:$((i + 1))"; i=$((i + 1)); done >&2\nexit 1\n`);
    chmodSync(loud, 0o755);
    const r = await compileWithSecilc('(block m)', 'm.cil', base.path, { secilc: loud });
    expect(r.ok).toBe(false);
    expect(r.messages[0]).toEqual({ message: `secilc printed more than ${MAX_SECILC_OUTPUT} bytes of messages and was stopped; the first ones follow` });
    expect(r.messages[1]).toEqual({ line: 1, message: 'Bad type declaration' });
  }, 60_000);
});

describe('generate: container configurations it mishandled', () => {
  const gen = async (line: string) => generateModule((await loadContainer({ kind: 'run', line }, {})).spec, { base });
  it('a line break in a mount source cannot turn a note comment into statements (CIL injection)', async () => {
    const g = await gen("docker run -v '/tmp/a\n(in img (allow process self (capability (sys_admin))))\nb':/x img");
    const lines = g.text.split('\n');
    expect(lines.filter((l) => l !== '' && !l.startsWith(';') && !l.startsWith('  ')).sort()).toEqual(['(block img_bb48fafa', ')']);
    expect(lines[4]).toBe('; note: mount bind /tmp/a');
    expect(lines[5]).toBe('; (in img (allow process self (capability (sys_admin))))');
    expect(checkStatic(g.text, 'g.cil', { base }).diagnostics).toEqual([]);
    expect(printCil([comment('a\r\nb\rc'), list('type', 'x')])).toBe('; a\n; b\n; c\n(type x)\n');
  });
  it('an entrypoint with a line break gets no filecon and a note, not a crash of the printer', async () => {
    const g = await gen('docker run --entrypoint "/bin/x\n) (block z" img');
    expect(g.text).not.toContain('(filecon');
    expect(g.notes[0]).toBe('entrypoint: "/bin/x\\n) (block z" holds a double quote or a line break, which a CIL string cannot carry; exec_t has no filecon');
    expect(() => generateModule(emptySpec(), { base, binaries: [{ path: '/bin/a"b', type: 'a_t' }] })).toThrow('--binary "/bin/a\\"b": a double quote or a line break cannot be written in a CIL file context');
  });
  it('label=type:spc_t is refused like label=disable; another label=type is noted', async () => {
    await expect(gen('docker run --name web --security-opt label=type:spc_t img')).rejects.toThrow(GenerateError);
    await expect(gen('docker run --name web --security-opt label=type:spc_t img')).rejects.toThrow('web runs with label=type:spc_t (unconfined): no module bounded by container_t can describe it; remove label=type:spc_t first');
    const g = await gen('docker run --name web --security-opt label=type:svirt_apache_t img');
    expect(g.notes).toContain('the configuration runs it with label=type:svirt_apache_t; this module\'s domain replaces it: run it with label=type:web_02a27a37.process instead');
  });
  it('a mount source with an unresolved variable is noted, not silently taken for a volume', async () => {
    const g = await gen('docker run --name web -v ${DATA}:/data img');
    expect(g.notes).toContain('mount ${DATA}:/data: the source depends on a variable with no value; the rules below treat it as a volume (container_file_t): set the variable and generate again if it names a host path');
  });
  it('a disk is a block device (blk_file), and chcon paths are shell-quoted', async () => {
    const g = await gen("docker run --name web --device /dev/sda:/dev/xvda:r -v '/srv/my data':/data img");
    expect(g.notes).toContain('device /dev/sda:/dev/xvda:r: (allow process fixed_disk_device_t (blk_file (getattr ioctl open read))) left out: container_t does not hold it, so no module bounded by it can grant it');
    expect(g.notes).toContain("mount bind /srv/my data:/data: the host path keeps its own label (default_t); label it with web_02a27a37.rw_data_t (chcon -R -t web_02a27a37.rw_data_t '/srv/my data') or mount it with :Z");
  });
});

describe('collect: hostile archives', () => {
  it('a config blob larger than the read limit is named as such, not as missing from the archive', async () => {
    const tar = await import('tar-stream');
    const pack = tar.pack();
    const chunks: Buffer[] = [];
    pack.on('data', (c: unknown) => { chunks.push(c as Buffer); });
    const done = new Promise<void>((ok) => pack.on('end', () => ok()));
    const config = JSON.stringify({ config: { Labels: { 'io.bulwark.selinux.module.big': 'A'.repeat(MAX_ARCHIVE_JSON) } }, history: [] });
    pack.entry({ name: `blobs/sha256/${'a'.repeat(64)}` }, config);
    pack.entry({ name: 'manifest.json' }, JSON.stringify([{ Config: `blobs/sha256/${'a'.repeat(64)}`, RepoTags: ['ex/big:1'], Layers: [] }]));
    pack.finalize();
    await done;
    const file = join(tmp, 'big.tar');
    writeFileSync(file, Buffer.concat(chunks));
    await expect(collectFromArchive(file, base)).rejects.toThrow(`${file}: the config blobs/sha256/${'a'.repeat(64)} is ${Buffer.byteLength(config)} bytes, larger than the ${MAX_ARCHIVE_JSON} bytes read from an archive: refused (no image config holds modules that large)`);
  });
});
