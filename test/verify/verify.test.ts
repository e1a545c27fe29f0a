/**
 * `verifyImage` on archives crafted in code (issue 7 "Tests"; paper §IV.4; R-P): valid OCI, docker-save
 * and Docker 25+ (both) archives verify; each crafted defect fails with its exact reason; unusable input
 * is an InputProblem (exit 2).
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../src/verify/cli.js';
import { verifyImage } from '../../src/verify/verify.js';
import { InputProblem } from '../../src/verify/reader.js';
import { craftImage, fileOf, hex, sha256, tarOf, zstd, type LayerSpec, type TarEntry } from './craft.js';

const dir = mkdtempSync(join(tmpdir(), 'bw-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
async function write(files: TarEntry[] | Buffer, name = `a${n++}.tar`): Promise<string> {
  const p = join(dir, name);
  writeFileSync(p, Buffer.isBuffer(files) ? files : await tarOf(files));
  return p;
}

const BASE: LayerSpec[] = [
  { entries: [{ name: 'etc/', type: 'directory' }, { name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }, { name: 'bin/sh', content: '#!', mode: 0o755 }] },
  { entries: [{ name: 'app/', type: 'directory' }, { name: 'app/run', content: 'echo hi\n', mode: 0o755 }], compression: 'zstd' },
];

describe('valid archives', () => {
  for (const format of ['oci', 'docker', 'both'] as const) {
    it(`${format} verifies with its digests and names`, async () => {
      const c = await craftImage({ layers: BASE, format, tag: 'bw/ok:1' });
      const r = await verifyImage(await write(c.files));
      expect(r.problems).toEqual([]);
      expect(r.verified).toBe(true);
      expect(r.format).toBe(format === 'oci' ? 'oci' : 'docker-save');
      expect(r.images).toHaveLength(1);
      const img = r.images[0];
      expect(img.configDigest).toBe(c.configDigest);
      expect(img.manifestDigest).toBe(format === 'docker' ? undefined : c.manifestDigest);
      expect(img.layers.map((l) => l.diffId)).toEqual(c.diffIds);
      expect(img.layers.map((l) => l.compression)).toEqual(format === 'docker' ? ['none', 'none'] : ['gzip', 'zstd']);
      expect(img.names).toEqual(format === 'oci' ? ['docker.io/bw/ok:1'] : format === 'docker' ? ['bw/ok:1'] : ['bw/ok:1', 'docker.io/bw/ok:1']);
      expect(r.unreferenced).toEqual([]);
    });
  }

  it('an OCI layout directory verifies', async () => {
    const c = await craftImage({ layers: BASE, format: 'oci' });
    const d = join(dir, 'layout');
    for (const f of c.files) {
      if (f.type === 'directory') mkdirSync(join(d, f.name), { recursive: true });
      else {
        mkdirSync(join(d, f.name, '..'), { recursive: true });
        writeFileSync(join(d, f.name), f.content ?? '');
      }
    }
    const r = await verifyImage(d);
    expect(r.verified).toBe(true);
    expect(r.images[0].layers.map((l) => l.digest)).toEqual(c.layerDigests);
  });

  it('a gzip-compressed and a zstd-compressed archive verify (docker save | gzip)', async () => {
    const c = await craftImage({ layers: BASE, format: 'both' });
    const raw = await tarOf(c.files);
    expect((await verifyImage(await write(gzipSync(raw), 'x.tar.gz'))).verified).toBe(true);
    expect((await verifyImage(await write(zstd(raw), 'x.tar.zst'))).verified).toBe(true);
  });

  it('a legacy docker save whose layer.tar is a symbolic link to another layer directory verifies', async () => {
    const c = await craftImage({ layers: [BASE[0], BASE[0]], format: 'docker' });
    const first = `${hex(c.diffIds[0])}/layer.tar`;
    const other = 'f'.repeat(64);
    // Two identical layers: craft wrote the same directory twice; make the second one a link, as docker save does.
    const dupIdx = c.files.map((f, i) => [f.name, i] as const).filter(([n]) => n.startsWith(hex(c.diffIds[0]))).slice(3).map(([, i]) => i);
    c.files = c.files.filter((_, i) => !dupIdx.includes(i));
    c.files.push({ name: `${other}/`, type: 'directory' }, { name: `${other}/layer.tar`, type: 'symlink', linkname: `../${first}` });
    const mj = fileOf(c, 'manifest.json');
    mj.content = (mj.content as string).replace(/("Layers":\[[^,]+,)"[^"]+"/, `$1"${other}/layer.tar"`);
    expect(JSON.parse(mj.content as string)[0].Layers).toEqual([first, `${other}/layer.tar`]);
    const r = await verifyImage(await write(c.files));
    expect(r.problems).toEqual([]);
    expect(r.images[0].layers.map((l) => l.path)).toEqual([first, first]);
  });

  it('an archive symlink that climbs out of the archive is a missing layer', async () => {
    const c = await craftImage({ layers: [BASE[0]], format: 'docker' });
    Object.assign(fileOf(c, `${hex(c.diffIds[0])}/layer.tar`), { type: 'symlink', linkname: '../../etc/passwd', content: undefined });
    const r = await verifyImage(await write(c.files));
    expect(r.problems).toEqual([{ code: 'missing-blob', path: `${hex(c.diffIds[0])}/layer.tar`, message: `layer ${hex(c.diffIds[0])}/layer.tar (named in manifest.json[0]) is missing from the archive` }]);
  });

  it('uncompressed OCI layers verify (diff_id = digest)', async () => {
    const c = await craftImage({ layers: [{ entries: BASE[0].entries, compression: 'none' }] });
    const r = await verifyImage(await write(c.files));
    expect(r.verified).toBe(true);
    expect(r.images[0].layers[0].digest).toBe(r.images[0].layers[0].diffId);
  });
});

describe('multi-platform index', () => {
  /** The digest of the nested index the last {@link multi} archive holds. */
  let multiIndex = '';
  async function multi(): Promise<string> {
    const amd = await craftImage({ layers: [BASE[0]], platform: { os: 'linux', architecture: 'amd64' } });
    const arm = await craftImage({ layers: [{ entries: [{ name: 'arm', content: 'arm64' }] }], platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
    const blobs = [...amd.files, ...arm.files].filter((f) => f.name.startsWith('blobs/sha256/') && f.type !== 'directory');
    const uniq = [...new Map(blobs.map((b) => [b.name, b])).values()];
    const index = (c: typeof amd, platform: object) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: c.manifestDigest, size: fileOf(c, `blobs/sha256/${hex(c.manifestDigest)}`).content!.length, platform });
    const nested = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [index(amd, { os: 'linux', architecture: 'amd64' }), index(arm, { os: 'linux', architecture: 'arm64', variant: 'v8' })] }));
    multiIndex = sha256(nested);
    return write([
      ...uniq,
      { name: `blobs/sha256/${hex(sha256(nested))}`, content: nested },
      { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
      { name: 'index.json', content: JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: sha256(nested), size: nested.length, annotations: { 'io.containerd.image.name': 'docker.io/bw/multi:1' } }] }) },
    ]);
  }

  it('without --platform every platform is verified', async () => {
    const r = await verifyImage(await multi());
    expect(r.verified).toBe(true);
    expect(r.images.map((i) => i.platform)).toEqual(['linux/amd64', 'linux/arm64/v8']);
    expect(r.images.map((i) => i.names)).toEqual([['docker.io/bw/multi:1'], ['docker.io/bw/multi:1']]);
  });

  it('--platform linux/arm64 selects one manifest', async () => {
    const r = await verifyImage(await multi(), { platform: 'linux/arm64' });
    expect(r.images.map((i) => i.platform)).toEqual(['linux/arm64/v8']);
  });

  it('a cosign signature over the index digest covers the platform manifest reached through it (QA vp 9b)', async () => {
    const path = await multi();
    const r = await verifyImage(path, { platform: 'linux/arm64' });
    expect(r.images.map((i) => i.indexDigests)).toEqual([[multiIndex]]);
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const fp = 'sha256:' + createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
    const d = mkdtempSync(join(tmpdir(), 'bw-sig-idx-'));
    const files = (digest: string) => {
      const payload = Buffer.from(JSON.stringify({ critical: { identity: { 'docker-reference': 'docker.io/bw/multi' }, image: { 'docker-manifest-digest': digest }, type: 'cosign container image signature' }, optional: null }));
      writeFileSync(join(d, 'key.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
      writeFileSync(join(d, 'payload.json'), payload);
      writeFileSync(join(d, 'sig'), sign('sha256', payload, privateKey).toString('base64'));
      return { key: join(d, 'key.pub'), payload: join(d, 'payload.json'), signature: join(d, 'sig') };
    };
    const run = async (digest: string) => {
      const out = join(d, 'r.json');
      const code = await runVerify(path, { platform: 'linux/arm64', format: 'json', output: out, requireSignature: true, ...files(digest) });
      return [code, (JSON.parse(readFileSync(out, 'utf8')) as { signature: unknown }).signature];
    };
    const arm = r.images[0].manifestDigest!;
    expect(await run(multiIndex)).toEqual([0, { ok: true, method: 'cosign', reason: `cosign signature over ${multiIndex} (the image index the manifest ${arm} was reached through, digest-checked) verified with the given key; signed with the key ${fp}`, signer: { key: fp } }]);
    expect(await run(arm)).toEqual([0, { ok: true, method: 'cosign', reason: `cosign signature over ${arm} verified with the given key; signed with the key ${fp}`, signer: { key: fp } }]);
    const other = `sha256:${'f'.repeat(64)}`;
    expect(await run(other)).toEqual([1, { ok: false, method: 'cosign', reason: `cosign signature verifies but payload signs ${other}, the image's manifest is ${arm} (reached through the index ${multiIndex})` }]);
    rmSync(d, { recursive: true, force: true });
  });

  it('--platform with no match is an input problem naming the platforms there are', async () => {
    const p = await multi();
    await expect(verifyImage(p, { platform: 'linux/s390x' })).rejects.toThrow(`${p}: no image for platform linux/s390x in the archive (it has: linux/amd64, linux/arm64/v8)`);
  });
});

describe('crafted defects fail verification with their reason', () => {
  it('a flipped byte in a layer: digest mismatch naming the blob and both digests', async () => {
    const c = await craftImage({ layers: BASE });
    const layer = fileOf(c, `blobs/sha256/${hex(c.layerDigests[0])}`);
    const bytes = Buffer.from(layer.content as Buffer);
    bytes[bytes.length - 9] ^= 0xff;
    layer.content = bytes;
    const r = await verifyImage(await write(c.files));
    expect(r.verified).toBe(false);
    expect(r.problems).toEqual([
      { code: 'digest-mismatch', path: `blobs/sha256/${hex(c.layerDigests[0])}`, message: `blobs/sha256/${hex(c.layerDigests[0])}: layer 1 digest mismatch: descriptor in blobs/sha256/${hex(c.manifestDigest)} says ${c.layerDigests[0]}, content is ${sha256(bytes)}` },
    ]);
    expect(r.result.findings).toEqual([]);
  });

  it('a flipped byte in a legacy docker save layer.tar: diff_id mismatch', async () => {
    const c = await craftImage({ layers: BASE, format: 'docker' });
    const layer = fileOf(c, `${hex(c.diffIds[1])}/layer.tar`);
    const bytes = Buffer.from(layer.content as Buffer);
    bytes[1025] ^= 0x01; // in the content of app/run
    layer.content = bytes;
    const r = await verifyImage(await write(c.files));
    expect(r.problems.map((p) => p.code)).toEqual(['diff-id-mismatch']);
    expect(r.problems[0].message).toBe(`${hex(c.diffIds[1])}/layer.tar: layer 2 diff_id mismatch: config ${hex(c.configDigest)}.json says ${c.diffIds[1]}, uncompressed content is ${sha256(bytes)}`);
  });

  it('a wrong size in the manifest', async () => {
    const c = await craftImage({ layers: BASE, mutateManifest: (m) => void (m.layers[1].size += 1) });
    const r = await verifyImage(await write(c.files));
    const size = (fileOf(c, `blobs/sha256/${hex(c.layerDigests[1])}`).content as Buffer).length;
    expect(r.problems).toEqual([{ code: 'size-mismatch', path: `blobs/sha256/${hex(c.layerDigests[1])}`, message: `blobs/sha256/${hex(c.layerDigests[1])}: layer 2 size mismatch: descriptor in blobs/sha256/${hex(c.manifestDigest)} says ${size + 1} bytes, content is ${size} bytes` }]);
  });

  it('a wrong diff_id in the config', async () => {
    const wrong = `sha256:${'e'.repeat(64)}`;
    const c = await craftImage({ layers: BASE, mutateConfig: (cf) => void (cf.rootfs.diff_ids[0] = wrong) });
    const r = await verifyImage(await write(c.files));
    const real = sha256(await tarOf(BASE[0].entries));
    expect(r.problems).toEqual([{ code: 'diff-id-mismatch', path: `blobs/sha256/${hex(c.layerDigests[0])}`, message: `blobs/sha256/${hex(c.layerDigests[0])}: layer 1 diff_id mismatch: config blobs/sha256/${hex(c.configDigest)} says ${wrong}, uncompressed content is ${real}` }]);
  });

  it('a manifest pointing at a missing blob', async () => {
    const c = await craftImage({ layers: BASE });
    c.files = c.files.filter((f) => f.name !== `blobs/sha256/${hex(c.layerDigests[1])}`);
    const r = await verifyImage(await write(c.files));
    expect(r.problems).toEqual([{ code: 'missing-blob', path: `blobs/sha256/${hex(c.layerDigests[1])}`, message: `layer 2 ${c.layerDigests[1]} (named in blobs/sha256/${hex(c.manifestDigest)}) is missing: no blobs/sha256/${hex(c.layerDigests[1])} in the archive` }]);
  });

  it('a config whose content does not match its digest (same size)', async () => {
    const c = await craftImage({ layers: BASE });
    const cfg = fileOf(c, `blobs/sha256/${hex(c.configDigest)}`);
    const text = (cfg.content as Buffer).toString().replace('"os":"linux"', '"os":"LINUX"');
    cfg.content = text;
    const r = await verifyImage(await write(c.files));
    expect(r.problems).toEqual([{ code: 'digest-mismatch', path: `blobs/sha256/${hex(c.configDigest)}`, message: `blobs/sha256/${hex(c.configDigest)}: config digest mismatch: descriptor in blobs/sha256/${hex(c.manifestDigest)} says ${c.configDigest}, content is ${sha256(Buffer.from(text))}` }]);
  });

  it('a legacy docker save config whose content does not match its name', async () => {
    const c = await craftImage({ layers: BASE, format: 'docker' });
    const cfg = fileOf(c, `${hex(c.configDigest)}.json`);
    cfg.content = (cfg.content as Buffer).toString().replace('"User":""', '"User":"0"');
    const r = await verifyImage(await write(c.files));
    expect(r.problems).toEqual([{ code: 'digest-mismatch', path: `${hex(c.configDigest)}.json`, message: `${hex(c.configDigest)}.json: config digest mismatch: its name says ${c.configDigest}, content is ${sha256(Buffer.from(cfg.content))}` }]);
  });

  it('duplicate entries for one blob', async () => {
    const c = await craftImage({ layers: BASE });
    const name = `blobs/sha256/${hex(c.layerDigests[0])}`;
    c.files.push({ name, content: Buffer.from('evil') });
    const r = await verifyImage(await write(c.files));
    expect(r.problems[0]).toEqual({ code: 'duplicate-entry', path: name, message: `${name}: 2 entries with this name: the archive is ambiguous (which one a loader uses is not defined)` });
    expect(r.verified).toBe(false);
  });

  it('a second manifest.json named x/../manifest.json: docker load cleans the name and loads it over the first (qa-b 1)', async () => {
    const good = await craftImage({ layers: BASE, format: 'docker' });
    const evil = await craftImage({ layers: [{ entries: [{ name: 'etc/evil', content: 'x' }], compression: 'none' }], format: 'docker' });
    const manifest = fileOf(evil, 'manifest.json');
    const files = [...good.files, ...evil.files.filter((f) => f.name !== 'manifest.json'), { ...manifest, name: 'x/../manifest.json' }];
    const r = await verifyImage(await write(files));
    expect(r.problems).toContainEqual({ code: 'duplicate-entry', path: 'manifest.json', message: 'manifest.json: 2 entries with this name: the archive is ambiguous (which one a loader uses is not defined)' });
    expect(r.verified).toBe(false);
  });

  it('a second manifest.json written through a symbolic link of the archive (x -> ., x/manifest.json), or above its root', async () => {
    const good = await craftImage({ layers: BASE, format: 'docker' });
    const manifest = fileOf(good, 'manifest.json');
    const viaLink = [...good.files, { name: 'x', type: 'symlink' as const, linkname: '.' }, { ...manifest, name: 'x/manifest.json' }];
    const r = await verifyImage(await write(viaLink));
    expect(r.problems).toContainEqual({ code: 'stray-entry', path: 'x/manifest.json', message: 'x/manifest.json: written through the symbolic link x of the archive, so an extraction (docker load) puts it elsewhere than its name says' });
    expect(r.verified).toBe(false);
    const above = await verifyImage(await write([...good.files, { ...manifest, name: 'x/../../manifest.json' }]));
    expect(above.problems).toContainEqual({ code: 'stray-entry', path: '../manifest.json', message: "../manifest.json: the entry's name climbs above the archive's root" });
    expect(above.verified).toBe(false);
  });

  it('a layer whose media type says gzip but holds zstd', async () => {
    const c = await craftImage({ layers: BASE, mutateManifest: (m) => void (m.layers[1].mediaType = 'application/vnd.oci.image.layer.v1.tar+gzip') });
    const r = await verifyImage(await write(c.files));
    expect(r.problems).toEqual([{ code: 'media-type', path: `blobs/sha256/${hex(c.layerDigests[1])}`, message: `blobs/sha256/${hex(c.layerDigests[1])}: layer 2 media type application/vnd.oci.image.layer.v1.tar+gzip announces gzip, content is zstd` }]);
  });

  it('manifest.json and index.json that disagree', async () => {
    const c = await craftImage({ layers: BASE, format: 'both' });
    const mj = fileOf(c, 'manifest.json');
    const other = await craftImage({ layers: [BASE[0]], format: 'docker' });
    c.files.push(...other.files.filter((f) => f.name.endsWith('.json') && f.name !== 'manifest.json'), ...other.files.filter((f) => f.name.includes('/')));
    mj.content = fileOf(other, 'manifest.json').content;
    const r = await verifyImage(await write(c.files));
    expect(r.problems).toEqual([{ code: 'disagree', path: 'manifest.json', message: `manifest.json names config ${other.configDigest}, which no manifest of index.json uses` }]);
  });

  it('a gzip bomb is stopped at --max-size with a clear reason', async () => {
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    const c = await craftImage({ layers: [{ entries: [{ name: 'zeros', content: zeros }] }] });
    const blob = fileOf(c, `blobs/sha256/${hex(c.layerDigests[0])}`).content as Buffer;
    expect(blob.length).toBeLessThan(100 * 1024);
    const r = await verifyImage(await write(c.files), { maxSize: 16 * 1024 * 1024 });
    expect(r.problems).toEqual([{ code: 'bomb', path: `blobs/sha256/${hex(c.layerDigests[0])}`, message: `blobs/sha256/${hex(c.layerDigests[0])}: layer 1 is a decompression bomb: it expands beyond --max-size 16777216 bytes; stopped` }]);
  });

  it('a gzip bomb is stopped by the expansion ratio with the default size limit', async () => {
    const zeros = Buffer.alloc(80 * 1024 * 1024);
    const c = await craftImage({ layers: [{ entries: [{ name: 'zeros', content: zeros }] }] });
    const r = await verifyImage(await write(c.files));
    expect(r.problems.map((p) => p.code)).toEqual(['bomb']);
    expect(r.problems[0].message).toMatch(/^blobs\/sha256\/[0-9a-f]{64}: layer 1 is a decompression bomb: it expands more than 1000:1 \(\d+ bytes from \d+\); stopped$/);
  });

  it('a compressed outer archive that expands like a bomb is refused by the same ratio (--max-ratio)', async () => {
    // A docker-format archive whose one (uncompressed) layer is 80 MiB of zeros, gzip-compressed as a whole: ~1030:1.
    const c = await craftImage({ layers: [{ entries: [{ name: 'zeros', content: Buffer.alloc(80 * 1024 * 1024) }] }], format: 'docker' });
    const file = await write(gzipSync(await tarOf(c.files)), 'bomb.tar.gz');
    const e = await verifyImage(file).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputProblem);
    expect((e as Error).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the compressed archive expands more than 1000:1 \\(\\d+ bytes from \\d+\\): refused as a decompression bomb \\(--max-ratio\\)$`));
    // A genuine compressed archive far below the ratio still verifies with a strict --max-ratio.
    const ok = await craftImage({ layers: BASE, format: 'docker' });
    expect((await verifyImage(await write(gzipSync(await tarOf(ok.files)), 'ok.tar.gz'), { maxRatio: 5 })).verified).toBe(true);
  });

  it('a layer that is gzip but not a tar', async () => {
    const c = await craftImage({ layers: BASE });
    const bad = gzipSync(Buffer.from('x'.repeat(2000)));
    const name = `blobs/sha256/${hex(c.layerDigests[0])}`;
    // Keep the chain consistent: rebuild with the bad blob's real digest.
    const c2 = await craftImage({ layers: BASE, mutateManifest: (m) => Object.assign(m.layers[0], { digest: sha256(bad), size: bad.length }) });
    c2.files = c2.files.filter((f) => f.name !== name);
    c2.files.push({ name: `blobs/sha256/${hex(sha256(bad))}`, content: bad });
    const r = await verifyImage(await write(c2.files));
    expect(r.problems.map((p) => p.code)).toEqual(['layer-undecodable']);
    expect(r.problems[0].message).toBe(`blobs/sha256/${hex(sha256(bad))}: layer 1 cannot be read as a layer: Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?`);
  });
});

describe('unusable input is an InputProblem (exit 2)', () => {
  it('an empty tar', async () => {
    const p = await write(Buffer.alloc(1024));
    await expect(verifyImage(p)).rejects.toThrow(new InputProblem(`${p}: empty archive (no entries)`));
  });
  it('an empty file', async () => {
    const p = await write(Buffer.alloc(0));
    await expect(verifyImage(p)).rejects.toThrow(`${p}: empty file, not an image archive`);
  });
  it('a truncated archive', async () => {
    const c = await craftImage({ layers: BASE });
    const raw = await tarOf(c.files);
    const p = await write(raw.subarray(0, 1800));
    await expect(verifyImage(p)).rejects.toThrow(`${p}: truncated archive (unexpected end of data)`);
  });
  it('not an archive', async () => {
    const p = await write(Buffer.from('hello, this is not a tar file\n'.repeat(40)));
    await expect(verifyImage(p)).rejects.toThrow(`${p}: not a tar archive (invalid tar header)`);
  });
  it('a tar without image metadata', async () => {
    const p = await write([{ name: 'README', content: 'hi' }]);
    await expect(verifyImage(p)).rejects.toThrow(`${p}: not an image archive: it holds 1 file but no index.json (OCI layout) and no manifest.json (docker save)`);
  });
  it('a directory that is not an OCI layout is refused before anything is read', async () => {
    const d = join(dir, 'plain-dir');
    mkdirSync(d);
    writeFileSync(join(d, 'big'), 'x');
    await expect(verifyImage(d)).rejects.toThrow(`${d}: not an OCI image layout (no index.json or oci-layout in it)`);
  });
  it('a missing file', async () => {
    await expect(verifyImage(join(dir, 'nope.tar'))).rejects.toThrow(`${join(dir, 'nope.tar')}: cannot read: no such file or directory`);
  });
});
