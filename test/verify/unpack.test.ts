/**
 * `--unpack` on crafted archives (issue 7 "Unpack"; paper §IV.4; R-P, R-B): layers in order with OCI
 * whiteouts and opaque directories, setuid stripped unless kept, and every unsafe entry refused with its
 * reason — verify lists it as a BW-0410 finding, unpack refuses the image — with nothing written outside
 * the temporary directory, which is removed.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { unpackImage, UnpackRefused } from '../../src/verify/unpack.js';
import { verifyImage } from '../../src/verify/verify.js';
import { InputProblem } from '../../src/verify/reader.js';
import { craftImage, fileOf, hex, tarOf, type LayerSpec } from './craft.js';
import { listTree, treeLines } from './tree-listing.js';

const dir = mkdtempSync(join(tmpdir(), 'bw-unpack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A fresh work dir with the archive of `layers`; returns paths. */
async function setup(layers: LayerSpec[], format: 'oci' | 'docker' = 'oci') {
  const work = join(dir, `w${n++}`);
  mkdirSync(work);
  const c = await craftImage({ layers, format });
  const archive = join(work, 'img.tar');
  writeFileSync(archive, await tarOf(c.files));
  return { work, archive, dest: join(work, 'rootfs'), crafted: c };
}

const LAYERS: LayerSpec[] = [
  {
    entries: [
      { name: 'bin/', type: 'directory' },
      { name: 'bin/busybox', content: 'BB', mode: 0o755 },
      { name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' },
      { name: 'bin/ls', type: 'link', linkname: 'bin/busybox' },
      { name: 'bin/su', content: 'SU', mode: 0o4755 },
      { name: 'etc/', type: 'directory' },
      { name: 'etc/secret', content: 'old' },
      { name: 'var/cache/', type: 'directory' },
      { name: 'var/cache/a', content: 'aaaa' },
      { name: 'var/cache/b/', type: 'directory' },
      { name: 'var/cache/b/c', content: 'c' },
      { name: 'tmp/', type: 'directory', mode: 0o1777 },
    ],
  },
  {
    entries: [
      { name: 'etc/.wh.secret' },
      { name: 'var/cache/.wh..wh..opq' },
      { name: 'var/cache/new', content: 'new' },
      { name: 'etc/hostname', content: 'box\n' },
    ],
    compression: 'zstd',
  },
  { entries: [{ name: 'bin/busybox', content: 'BB2', mode: 0o755 }, { name: 'etc/hostname', type: 'directory' }], compression: 'none' },
];

describe('unpack of a valid image', () => {
  it('applies layers in order with whiteouts, opaque directories and hard links; strips setuid', async () => {
    const { work, archive, dest } = await setup(LAYERS);
    const report = await verifyImage(archive);
    expect(report.verified).toBe(true);
    const stats = await unpackImage(report, dest);
    expect(treeLines(listTree(dest))).toEqual([
      'bin dir 0755 0',
      'bin/busybox file 0755 3',
      'bin/ls file 0755 2',
      'bin/sh symlink 0777 0 -> /bin/busybox',
      'bin/su file 0755 2',
      'etc dir 0755 0',
      'etc/hostname dir 0755 0',
      'tmp dir 1777 0',
      'var dir 0755 0',
      'var/cache dir 0755 0',
      'var/cache/new file 0644 3',
    ]);
    expect(readFileSync(join(dest, 'bin/busybox'), 'utf8')).toBe('BB2');
    expect(readFileSync(join(dest, 'bin/ls'), 'utf8')).toBe('BB');
    expect(stats).toEqual({ files: 8, directories: 6, symlinks: 1, hardlinks: 1, bytes: 22, whiteouts: 2, strippedSetid: 1 });
    expect(readdirSync(work).sort()).toEqual(['img.tar', 'rootfs']);
  });

  it('a gzip-compressed archive and an OCI layout directory unpack the same tree as the plain tar', async () => {
    const plain = await setup(LAYERS);
    await unpackImage(await verifyImage(plain.archive), plain.dest);
    const gz = join(plain.work, 'img.tar.gz');
    writeFileSync(gz, gzipSync(readFileSync(plain.archive)));
    await unpackImage(await verifyImage(gz), join(plain.work, 'from-gz'));
    const layout = join(plain.work, 'layout');
    for (const f of plain.crafted.files) {
      if (f.type === 'directory') mkdirSync(join(layout, f.name), { recursive: true });
      else {
        mkdirSync(join(layout, f.name, '..'), { recursive: true });
        writeFileSync(join(layout, f.name), f.content ?? '');
      }
    }
    await unpackImage(await verifyImage(layout), join(plain.work, 'from-dir'));
    expect(listTree(join(plain.work, 'from-gz'))).toEqual(listTree(plain.dest));
    expect(listTree(join(plain.work, 'from-dir'))).toEqual(listTree(plain.dest));
  });

  it('--keep-setuid keeps the bit', async () => {
    const { archive, dest } = await setup(LAYERS);
    await unpackImage(await verifyImage(archive), dest, { keepSetuid: true });
    expect(treeLines(listTree(dest))).toContain('bin/su file 4755 2');
  });

  it('a legacy docker save archive unpacks the same tree', async () => {
    const a = await setup(LAYERS, 'docker');
    const b = await setup(LAYERS, 'oci');
    await unpackImage(await verifyImage(a.archive), a.dest);
    await unpackImage(await verifyImage(b.archive), b.dest);
    expect(listTree(a.dest)).toEqual(listTree(b.dest));
  });

  it('an existing non-empty DIR is refused (input problem) and left alone', async () => {
    const { archive, dest } = await setup(LAYERS);
    mkdirSync(dest);
    writeFileSync(join(dest, 'keep'), 'mine');
    await expect(unpackImage(await verifyImage(archive), dest)).rejects.toThrow(new InputProblem(`${dest} exists and is not an empty directory; not unpacking over it`));
    expect(readdirSync(dest)).toEqual(['keep']);
  });

  it('an archive changed after verification is refused at the changed layer and nothing is left', async () => {
    const { work, archive, dest, crafted } = await setup(LAYERS.map((l) => ({ ...l, compression: 'none' as const })));
    const report = await verifyImage(archive);
    const blob = report.listing.blobs.get(`blobs/sha256/${hex(crafted.layerDigests[1])}`)!;
    const buf = readFileSync(archive);
    buf[blob.offset! + 512 * 3 + 1] ^= 1; // content of var/cache/new
    writeFileSync(archive, buf);
    await expect(unpackImage(report, dest)).rejects.toThrow(UnpackRefused);
    await expect(unpackImage(report, dest)).rejects.toThrow(/^blobs\/sha256\/[0-9a-f]{64} changed since it was verified: now sha256:[0-9a-f]{64}, verified sha256:[0-9a-f]{64}$/);
    expect(readdirSync(work)).toEqual(['img.tar']);
  });
});

describe('unsafe entries: listed by verify, refused by unpack, nothing written outside', () => {
  const outside = join(dir, 'outside');
  mkdirSync(outside, { recursive: true });
  const cases: { name: string; layers: LayerSpec[]; reason: string; message: string; path: string; layer: number }[] = [
    { name: 'traversal', layers: [{ entries: [{ name: '../../evil', content: 'x' }] }], reason: 'traversal', path: '../../evil', layer: 1, message: 'path traversal (..) in ../../evil' },
    { name: 'absolute path', layers: [{ entries: [{ name: '/etc/evil', content: 'x' }] }], reason: 'absolute', path: '/etc/evil', layer: 1, message: 'absolute path /etc/evil' },
    { name: 'symlink escape', layers: [{ entries: [{ name: 'a/', type: 'directory' }, { name: 'a/up', type: 'symlink', linkname: '../../../../outside' }] }], reason: 'symlink-escape', path: 'a/up', layer: 1, message: 'symbolic link a/up -> ../../../../outside leads outside the root' },
    { name: 'hardlink escape (absolute)', layers: [{ entries: [{ name: 'shadow', type: 'link', linkname: '/etc/shadow' }] }], reason: 'hardlink-escape', path: 'shadow', layer: 1, message: 'hard link shadow -> /etc/shadow leads outside the root' },
    { name: 'hardlink escape (..)', layers: [{ entries: [{ name: 'pw', type: 'link', linkname: '../../etc/passwd' }] }], reason: 'hardlink-escape', path: 'pw', layer: 1, message: 'hard link pw -> ../../etc/passwd leads outside the root' },
    {
      name: 'symlink then file (across layers)',
      layers: [{ entries: [{ name: 'd', type: 'symlink', linkname: join(dir, 'outside') }] }, { entries: [{ name: 'd/pwned', content: 'x' }] }],
      reason: 'through-symlink', path: 'd/pwned', layer: 2, message: `d/pwned goes through the symbolic link d -> ${join(dir, 'outside')} (layer 1)`,
    },
    {
      name: 'symlink then file (same layer)',
      layers: [{ entries: [{ name: 'e', type: 'symlink', linkname: join(dir, 'outside') }, { name: 'e/pwned2', content: 'x' }] }],
      reason: 'through-symlink', path: 'e/pwned2', layer: 1, message: `e/pwned2 goes through the symbolic link e -> ${join(dir, 'outside')} (layer 1)`,
    },
    { name: 'hardlink through a symlink', layers: [{ entries: [{ name: 'f', type: 'symlink', linkname: '/etc' }, { name: 'g', type: 'link', linkname: 'f/shadow' }] }], reason: 'hardlink-escape', path: 'g', layer: 1, message: 'hard link g -> f/shadow goes through the symbolic link f' },
    { name: 'device node', layers: [{ entries: [{ name: 'dev/', type: 'directory' }, { name: 'dev/sda', type: 'block-device', mode: 0o660 }] }], reason: 'device', path: 'dev/sda', layer: 1, message: 'block device dev/sda' },
    { name: 'fifo', layers: [{ entries: [{ name: 'pipe', type: 'fifo' }] }], reason: 'device', path: 'pipe', layer: 1, message: 'fifo pipe' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { work, archive, dest } = await setup(c.layers);
      const report = await verifyImage(archive);
      expect(report.verified).toBe(true);
      const unsafe = report.result.findings.filter((f) => f.ruleId === 'BW-0410');
      expect(unsafe.map((f) => [f.message, f.data.reason, f.data.layer, f.data.path, f.severity])).toEqual([[`layer ${c.layer}: ${c.message} (${c.reason})`, c.reason, c.layer, c.path, c.reason === 'device' ? 'medium' : 'high']]);
      expect(unsafe[0].location.file).toBe(`${archive}!layer ${report.images[0].layers[c.layer - 1].digest}:${c.path}`);
      await expect(unpackImage(report, dest)).rejects.toThrow(new UnpackRefused(`not unpacking: 1 unsafe entry: layer ${c.layer}: ${c.message}`));
      expect(readdirSync(work)).toEqual(['img.tar']);
      expect(readdirSync(outside)).toEqual([]);
      expect(existsSync('/etc/evil')).toBe(false);
    });
  }

  it('--allow-devices lets a fifo through', async () => {
    const { archive, dest } = await setup([{ entries: [{ name: 'pipe', type: 'fifo', mode: 0o600 }] }]);
    const report = await verifyImage(archive, { allowDevices: true });
    expect(report.result.findings.filter((f) => f.ruleId === 'BW-0410')).toEqual([]);
    await unpackImage(report, dest, { allowDevices: true });
    expect(treeLines(listTree(dest))).toEqual(['pipe fifo 0600 0']);
  });

  it('a gzip bomb is not unpacked', async () => {
    const { work, archive, dest } = await setup([{ entries: [{ name: 'zeros', content: Buffer.alloc(32 * 1024 * 1024) }] }]);
    const report = await verifyImage(archive, { maxSize: 8 * 1024 * 1024 });
    expect(report.verified).toBe(false);
    await expect(unpackImage(report, dest)).rejects.toThrow(`not unpacking: ${archive} did not verify`);
    expect(readdirSync(work)).toEqual(['img.tar']);
  });
});

describe('crafted archive file checks', () => {
  it('the changed-archive fixture really holds the flipped byte where expected', async () => {
    const { archive, crafted } = await setup(LAYERS.map((l) => ({ ...l, compression: 'none' as const })));
    const report = await verifyImage(archive);
    const blob = report.listing.blobs.get(`blobs/sha256/${hex(crafted.layerDigests[1])}`)!;
    const buf = readFileSync(archive);
    expect(buf.subarray(blob.offset!, blob.offset! + blob.size).equals(fileOf(crafted, `blobs/sha256/${hex(crafted.layerDigests[1])}`).content as Buffer)).toBe(true);
    expect(buf.subarray(blob.offset! + 512 * 3, blob.offset! + 512 * 3 + 3).toString()).toBe('new');
  });
});
