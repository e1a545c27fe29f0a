/**
 * Adversarial review of `bulwark verify` / `--unpack` / `pin --archive` (issue 7; paper §IV.4; R-P, R-G1):
 * archives crafted byte by byte where bulwark used to read something other than Docker (Go's archive/tar)
 * reads, or failed where it should not. Each test fails without its fix:
 *  - entries after the end-of-archive marker (a whiteout Docker never applies, hiding a setuid file);
 *  - an entry hidden in the "data" of a symbolic link whose size field is not 0 (Go reads no data for it);
 *  - unknown type flags (GNU sparse `S`) read as regular files;
 *  - names that are not UTF-8 (two names Docker keeps apart became one);
 *  - a relative symbolic link that leaves DIR through another link (`x/a -> ..`, `y -> x/a/../etc`);
 *  - a cosign signature manifest in index.json failed verification as an image without rootfs;
 *  - sha512 descriptors (registered by OCI) were refused; malformed digests are exact problems;
 *  - pin took one platform's manifest for a multi-platform name;
 *  - tar entries were unbounded in memory (about 0.5 KiB each): --max-entries; so were JSON files (8 MiB
 *    each, any number): 64 MiB together;
 *  - --unpack DIR where DIR is a symbolic link to an empty directory failed at the rename.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../src/verify/cli.js';
import { archiveResolver } from '../../src/verify/pin.js';
import { InputProblem } from '../../src/verify/reader.js';
import { removeTempDirsSync, unpackImage, UnpackRefused } from '../../src/verify/unpack.js';
import { verifyImage } from '../../src/verify/verify.js';
import { craftImage, fileOf, hex, sha256, tarOf, type TarEntry } from './craft.js';

const dir = mkdtempSync(join(tmpdir(), 'bw-adv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A 512-byte ustar header with a raw name (bytes), type flag, size and mode, checksummed. */
function header(name: string | Buffer, flag: string, size = 0, opts: { mode?: number; linkname?: string } = {}): Buffer {
  const b = Buffer.alloc(512);
  (Buffer.isBuffer(name) ? name : Buffer.from(name)).copy(b, 0, 0, 100);
  b.write(`${(opts.mode ?? 0o644).toString(8).padStart(7, '0')}\0`, 100, 'latin1');
  b.write('0000000\0', 108, 'latin1');
  b.write('0000000\0', 116, 'latin1');
  b.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  b.write('00000000000\0', 136, 'latin1');
  b.write(flag, 156, 1, 'latin1');
  if (opts.linkname) b.write(opts.linkname, 157, 100, 'latin1');
  b.write('ustar\0', 257, 'latin1');
  b.write('00', 263, 'latin1');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += b[i];
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return b;
}
const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)]);
const file = (name: string | Buffer, content: string, mode?: number) => Buffer.concat([header(name, '0', Buffer.byteLength(content), { mode }), pad(Buffer.from(content))]);
const EOA = Buffer.alloc(1024);

/** An OCI archive (uncompressed layers) of these raw layer tars; returns its path and digests. */
async function ociOf(layers: Buffer[]): Promise<{ path: string; layerDigests: string[]; configDigest: string; manifestDigest: string }> {
  const config = Buffer.from(JSON.stringify({ os: 'linux', architecture: 'amd64', config: { User: '65532' }, rootfs: { type: 'layers', diff_ids: layers.map(sha256) } }));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
      layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256(l), size: l.length })),
    }),
  );
  const files: TarEntry[] = [
    { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
    ...layers.map((l) => ({ name: `blobs/sha256/${hex(sha256(l))}`, content: l })),
    { name: `blobs/sha256/${hex(sha256(config))}`, content: config },
    { name: `blobs/sha256/${hex(sha256(manifest))}`, content: manifest },
    { name: 'index.json', content: JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256(manifest), size: manifest.length }] }) },
  ];
  const path = join(dir, `a${n++}.tar`);
  writeFileSync(path, await tarOf(files));
  return { path, layerDigests: layers.map(sha256), configDigest: sha256(config), manifestDigest: sha256(manifest) };
}

/** Findings as `ruleId path: message` (path after the layer digest). */
const findings = (r: Awaited<ReturnType<typeof verifyImage>>) => r.result.findings.map((f) => `${f.ruleId} ${f.location.file.replace(/^.*!layer sha256:[0-9a-f]+:/, '').replace(/^.*!config .*/, 'config')}: ${f.message}`);

/** Work dir for an unpack; returns DIR (not created) and a check that nothing else appeared beside it. */
function unpackDir() {
  const work = join(dir, `u${n++}`);
  mkdirSync(work);
  return { work, dest: join(work, 'rootfs'), leftovers: () => readdirSync(work) };
}

describe('tar framing as Docker reads it', () => {
  it('a whiteout after the end-of-archive marker (Docker never applies it) fails verification; nothing is unpacked', async () => {
    const layer = Buffer.concat([file('usr/bin/evil', 'x', 0o4755), EOA, file('usr/bin/.wh.evil', ''), EOA]);
    const a = await ociOf([layer]);
    const r = await verifyImage(a.path);
    expect(r.verified).toBe(false);
    expect(r.problems).toEqual([
      {
        code: 'layer-undecodable',
        path: `blobs/sha256/${hex(a.layerDigests[0])}`,
        message: `blobs/sha256/${hex(a.layerDigests[0])}: layer 1 cannot be read as a layer: Data after the end-of-archive marker (1536 bytes follow it): Docker's tar reader never reads it`,
      },
    ]);
    const u = unpackDir();
    await expect(unpackImage(r, u.dest)).rejects.toThrow(UnpackRefused);
    expect(u.leftovers()).toEqual([]);
  });

  it('an image archive with entries after its end-of-archive marker (docker load never reads them) is unusable input', async () => {
    const a = await ociOf([Buffer.concat([file('a', 'x'), EOA])]);
    const extra = await tarOf([{ name: 'manifest.json', content: '[]' }]);
    const path = join(dir, `a${n++}.tar`);
    writeFileSync(path, Buffer.concat([readFileSync(a.path), extra]));
    await expect(verifyImage(path)).rejects.toThrow(new InputProblem(`${path}: malformed tar archive: Data after the end-of-archive marker (${extra.length} bytes follow it): Docker's tar reader never reads it`));
  });

  it('zero padding after the end-of-archive marker is fine', async () => {
    const r = await verifyImage((await ociOf([Buffer.concat([file('a', 'x'), Buffer.alloc(10240 - 1024)])])).path);
    expect(r.verified).toBe(true);
  });

  it('an entry in the "data" of a symbolic link with a size is seen by verify and written by unpack, as Docker does', async () => {
    const hidden = file('usr/bin/hidden', 'H', 0o4755);
    const layer = Buffer.concat([header('usr/bin/l', '2', hidden.length, { linkname: 'hidden' }), hidden, EOA]);
    const r = await verifyImage((await ociOf([layer])).path);
    expect(r.verified).toBe(true);
    expect(findings(r)).toEqual(['BW-0404 config: image config has no Healthcheck', 'BW-0405 usr/bin/hidden: usr/bin/hidden is setuid (mode 4755, uid 0) in layer 1']);
    const u = unpackDir();
    const stats = await unpackImage(r, u.dest);
    expect(stats).toMatchObject({ files: 1, symlinks: 1, strippedSetid: 1, bytes: 1 });
    expect(readFileSync(join(u.dest, 'usr/bin/hidden'), 'utf8')).toBe('H');
    expect(lstatSync(join(u.dest, 'usr/bin/hidden')).mode & 0o7777).toBe(0o755);
    expect(lstatSync(u.dest).mode & 0o777).toBe(0o755);
  });

  it('unknown type flags (GNU sparse S, X) are unsupported entries, not regular files', async () => {
    const r = await verifyImage((await ociOf([Buffer.concat([header('etc/sparse', 'S'), header('usr/bin/weird', 'X'), EOA])])).path);
    expect(r.verified).toBe(true);
    expect(findings(r).filter((f) => f.startsWith('BW-0410'))).toEqual([
      'BW-0410 etc/sparse: layer 1: unsupported entry type for etc/sparse (unsupported)',
      'BW-0410 usr/bin/weird: layer 1: unsupported entry type for usr/bin/weird (unsupported)',
    ]);
    const u = unpackDir();
    await expect(unpackImage(r, u.dest)).rejects.toThrow('not unpacking: 2 unsafe entries: layer 1: unsupported entry type for etc/sparse; layer 1: unsupported entry type for usr/bin/weird');
    expect(u.leftovers()).toEqual([]);
  });

  it('names that are not UTF-8 are refused: bin/x\\xff and bin/x\\xfe would both read as bin/x\\uFFFD', async () => {
    const l1 = Buffer.concat([file(Buffer.from('bin/x\xff', 'latin1'), 'a', 0o4755), file(Buffer.from('bin/x\xfe', 'latin1'), 'b'), EOA]);
    const l2 = Buffer.concat([file(Buffer.from('bin/.wh.x\xfe', 'latin1'), ''), EOA]);
    const r = await verifyImage((await ociOf([l1, l2])).path);
    expect(r.facts[0].refused.map((e) => [e.layer, e.reason, e.message])).toEqual([
      [0, 'unsupported', '"bin/x\uFFFD": name is not valid UTF-8 or holds a NUL (Docker would write other bytes than bulwark reads)'],
      [0, 'unsupported', '"bin/x\uFFFD": name is not valid UTF-8 or holds a NUL (Docker would write other bytes than bulwark reads)'],
      [1, 'unsupported', '"bin/.wh.x\uFFFD": name is not valid UTF-8 or holds a NUL (Docker would write other bytes than bulwark reads)'],
    ]);
    await expect(unpackImage(r, unpackDir().dest)).rejects.toThrow('not unpacking: 3 unsafe entries');
  });
});

describe('unpack escapes through chains of symbolic links', () => {
  it('y -> x/a/../etc with x/a -> .. leaves DIR although each target alone stays inside: refused, nothing written', async () => {
    const layer = Buffer.concat([header('x/', '5', 0, { mode: 0o755 }), header('x/a', '2', 0, { linkname: '..' }), header('y', '2', 0, { linkname: 'x/a/../etc' }), EOA]);
    const r = await verifyImage((await ociOf([layer])).path);
    expect(r.verified).toBe(true);
    expect(findings(r).filter((f) => f.startsWith('BW-0410'))).toEqual(['BW-0410 y: layer 1: symbolic link y -> x/a/../etc leads outside the root through the symbolic link x/a -> .. (symlink-escape)']);
    const u = unpackDir();
    await expect(unpackImage(r, u.dest)).rejects.toThrow('not unpacking: 1 unsafe entry: layer 1: symbolic link y -> x/a/../etc leads outside the root through the symbolic link x/a -> ..');
    expect(u.leftovers()).toEqual([]);
  });

  it('the link that makes the chain can come in a later layer; links that stay inside are kept', async () => {
    const l1 = Buffer.concat([header('y', '2', 0, { linkname: 'x/a/../../etc' }), header('ok', '2', 0, { linkname: 'x/a/b' }), header('x/', '5', 0, { mode: 0o755 }), header('x/a/', '5', 0, { mode: 0o755 }), EOA]);
    const l2 = Buffer.concat([header('x/a', '2', 0, { linkname: 'd' }), header('x/d', '2', 0, { linkname: '..' }), EOA]);
    const r = await verifyImage((await ociOf([l1, l2])).path);
    // y: x/a -> d (x/d -> ..) lands at the root, then ../.. climbs out; ok -> x/a/b stays at b.
    expect(r.facts[0].refused.map((e) => [e.layer, e.path, e.message])).toEqual([[0, 'y', 'symbolic link y -> x/a/../../etc leads outside the root through the symbolic link x/d -> ..']]);
  });
});

/**
 * Resolves the symbolic link `rel` of the unpacked tree `root` on disk, component by component with lstat and
 * readlink (no model), as the kernel would from outside: true when it climbs above `root`. A missing
 * component or a file in the middle ends the walk (the kernel fails there).
 */
function escapesOnDisk(root: string, rel: string): boolean {
  const stack = rel.split('/').slice(0, -1);
  const first = readlinkSync(join(root, rel));
  if (first.startsWith('/')) return false;
  let queue = first.split('/');
  let hops = 0;
  while (queue.length) {
    const c = queue.shift()!;
    if (c === '' || c === '.') continue;
    if (c === '..') {
      if (!stack.length) return true;
      stack.pop();
      continue;
    }
    stack.push(c);
    let st;
    try {
      st = lstatSync(join(root, ...stack));
    } catch {
      return false;
    }
    if (st.isSymbolicLink()) {
      if (++hops > 40) return false;
      const t = readlinkSync(join(root, ...stack));
      if (t.startsWith('/')) return false;
      stack.pop();
      queue = [...t.split('/'), ...queue];
    } else if (!st.isDirectory() && queue.some((q) => q !== '' && q !== '.')) return false;
  }
  return false;
}

describe('symbolic links of an unpacked tree never lead out of it (property, against the disk)', () => {
  const comp = fc.constantFrom('a', 'b');
  const path = fc.array(comp, { minLength: 1, maxLength: 2 }).map((p) => p.join('/'));
  const target = fc.array(fc.constantFrom('a', 'b', '..', '..'), { minLength: 1, maxLength: 4 }).map((p) => p.join('/'));
  const link = fc.tuple(path, target).map(([name, linkname]): TarEntry => ({ name, type: 'symlink', linkname }));
  // A fixed skeleton of directories, then links over it in one or two later layers.
  const skeleton: TarEntry[] = ['a/', 'b/', 'a/a/', 'a/b/', 'b/a/', 'b/b/'].map((name) => ({ name, type: 'directory' }));
  it('whatever relative links the layers make, an unpack that is allowed holds no link that escapes', async () => {
    let unpacked = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(link, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 2 }), async (linkLayers) => {
        const layers = [skeleton, ...linkLayers];
        const c = await craftImage({ layers: layers.map((entries) => ({ entries, compression: 'none' as const })) });
        const path = join(dir, `p${n++}.tar`);
        writeFileSync(path, await tarOf(c.files));
        const r = await verifyImage(path);
        expect(r.verified).toBe(true);
        const u = unpackDir();
        try {
          await unpackImage(r, u.dest);
        } catch (e) {
          expect(e).toBeInstanceOf(UnpackRefused);
          expect(u.leftovers()).toEqual([]);
          return;
        }
        unpacked++;
        const links: string[] = [];
        const walk = (rel: string) => {
          for (const name of readdirSync(join(u.dest, rel))) {
            const p = rel ? `${rel}/${name}` : name;
            const st = lstatSync(join(u.dest, p));
            if (st.isSymbolicLink()) links.push(p);
            else if (st.isDirectory()) walk(p);
          }
        };
        walk('');
        expect(links.filter((l) => escapesOnDisk(u.dest, l))).toEqual([]);
        rmSync(u.work, { recursive: true, force: true });
        rmSync(path);
      }),
      {
        numRuns: 200,
        // The chain of the example test above, made over the skeleton: a/b -> .. then b -> a/b/../a.
        // Two identical layers (one blob, stored once): fast-check's seed 1083455733 found it.
        examples: [
          [[[{ name: 'a/b', type: 'symlink', linkname: '..' }, { name: 'b', type: 'symlink', linkname: 'a/b/../a' }]]],
          [[[{ name: 'a', type: 'symlink', linkname: '../b' }], [{ name: 'a', type: 'symlink', linkname: '../b' }]]],
        ],
      },
    );
    expect(unpacked).toBeGreaterThan(10);
  });
});

describe('index, digests and names', () => {
  it('a cosign signature manifest (an artifact) beside the image is checked but is no image', async () => {
    const c = await craftImage({ layers: [{ entries: [{ name: 'etc/hostname', content: 'h\n' }] }] });
    const payload = Buffer.from(JSON.stringify({ critical: { type: 'cosign container image signature', image: { 'docker-manifest-digest': c.manifestDigest } } }));
    const empty = Buffer.from('{}');
    const sig = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
        config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(empty), size: 2 },
        layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', digest: sha256(payload), size: payload.length }],
      }),
    );
    c.files.push({ name: `blobs/sha256/${hex(sha256(empty))}`, content: empty }, { name: `blobs/sha256/${hex(sha256(payload))}`, content: payload }, { name: `blobs/sha256/${hex(sha256(sig))}`, content: sig });
    const idx = fileOf(c, 'index.json');
    const j = JSON.parse(idx.content as string) as { manifests: unknown[] };
    j.manifests.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256(sig), size: sig.length, annotations: { 'org.opencontainers.image.ref.name': `sha256-${hex(c.manifestDigest)}.sig` } });
    idx.content = JSON.stringify(j);
    const path = join(dir, `a${n++}.tar`);
    writeFileSync(path, await tarOf(c.files));
    const r = await verifyImage(path);
    expect(r.problems).toEqual([]);
    expect(r.images.map((i) => i.manifestDigest)).toEqual([c.manifestDigest]);
    expect(r.unreferenced).toEqual([]);
    // A tampered signature payload is still caught.
    fileOf(c, `blobs/sha256/${hex(sha256(payload))}`).content = Buffer.from(String(payload).replace('cosign', 'COSIGN'));
    writeFileSync(path, await tarOf(c.files));
    const t = await verifyImage(path);
    expect(t.problems.map((p) => p.code)).toEqual(['digest-mismatch']);
    expect(t.problems[0].message).toContain(`artifact layer 1 digest mismatch: descriptor in blobs/sha256/${hex(sha256(sig))} says ${sha256(payload)}`);
  });

  it('every descriptor of the index is digest-checked: a buildx attestation manifest with an edited in-toto layer, a missing blob, a descriptor without mediaType (QA vp 6)', async () => {
    const c = await craftImage({ layers: [{ entries: [{ name: 'app', content: 'x' }] }], config: { config: { User: '1000' } } });
    const statement = Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', predicateType: 'https://slsa.dev/provenance/v0.2', subject: [{ name: 'pkg:docker/example/app@1', digest: { sha256: hex(c.manifestDigest) } }], predicate: { builder: { id: 'https://github.com/example/app/actions' } } }));
    const cfg = Buffer.from(JSON.stringify({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [sha256(statement)] } }));
    const man = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(cfg), size: cfg.length }, layers: [{ mediaType: 'application/vnd.in-toto+json', digest: sha256(statement), size: statement.length, annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' } }] }));
    const att = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256(man), size: man.length, platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': c.manifestDigest } };
    const st = { name: `blobs/sha256/${hex(sha256(statement))}`, content: statement };
    c.files.push({ name: `blobs/sha256/${hex(sha256(cfg))}`, content: cfg }, { name: `blobs/sha256/${hex(sha256(man))}`, content: man }, st);
    const idx = fileOf(c, 'index.json');
    const original = idx.content as string;
    const withDescriptors = (...extra: unknown[]) => {
      const j = JSON.parse(original) as { manifests: unknown[] };
      j.manifests.push(...extra);
      idx.content = JSON.stringify(j);
    };
    const path = join(dir, `a${n++}.tar`);
    const verify = async () => {
      writeFileSync(path, await tarOf(c.files));
      return verifyImage(path);
    };
    withDescriptors(att);
    const good = await verify();
    expect([good.verified, good.problems, good.images.map((i) => i.manifestDigest), good.unreferenced]).toEqual([true, [], [c.manifestDigest], []]);
    // The provenance edited after the build: its digest no longer matches.
    const edited = Buffer.from(statement.toString().replace('github.com/example', 'github.com/attacker'));
    st.content = edited;
    const t = await verify();
    expect([t.verified, t.problems.map((p) => p.message)]).toEqual([false, [
      `blobs/sha256/${hex(sha256(statement))}: attestation manifest layer 1 digest mismatch: descriptor in blobs/sha256/${hex(sha256(man))} says ${sha256(statement)}, content is ${sha256(edited)}`,
      `blobs/sha256/${hex(sha256(statement))}: attestation manifest layer 1 size mismatch: descriptor in blobs/sha256/${hex(sha256(man))} says ${statement.length} bytes, content is ${edited.length} bytes`,
    ]]);
    // --platform leaves out other platforms' manifests, never the attestation of the one it keeps.
    expect((await verifyImage(path, { platform: 'linux/amd64' })).problems.map((p) => p.code)).toEqual(['digest-mismatch', 'size-mismatch']);
    st.content = statement;
    // A descriptor whose blob is absent, with platform unknown/unknown; one without mediaType (REQUIRED by
    // descriptor.md: a problem). Blobs the archive lacks of what is not verified are named, not failed (the OCI
    // layout allows them; docker save from the containerd image store writes them, see partial-index.test.ts).
    const absent = `sha256:${'ab'.repeat(32)}`;
    withDescriptors(att, { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: absent, size: 1234, platform: { os: 'unknown', architecture: 'unknown' } }, { digest: `sha256:${'cd'.repeat(32)}`, size: 10 });
    const m = await verify();
    expect([m.verified, m.problems, m.absent]).toEqual([false, [
      { code: 'bad-layout', path: 'index.json', message: `index.json: descriptor sha256:${'cd'.repeat(32)} has no mediaType: what it points to is unknown` },
    ], [
      { role: 'blob', digest: `sha256:${'cd'.repeat(32)}`, from: 'index.json', path: `blobs/sha256/${'cd'.repeat(32)}` },
      { role: 'manifest (platform unknown)', digest: absent, mediaType: 'application/vnd.oci.image.manifest.v1+json', from: 'index.json', path: `blobs/sha256/${'ab'.repeat(32)}` },
    ]]);
  });

  it('sha512 descriptors (OCI registered) verify; malformed and unsupported digests are exact problems', async () => {
    const c = await craftImage({ layers: [{ entries: [{ name: 'a', content: 'a' }] }] });
    const mf = fileOf(c, `blobs/sha256/${hex(c.manifestDigest)}`);
    const bytes = Buffer.from(mf.content as Buffer | string);
    const d512 = `sha512:${createHash('sha512').update(bytes).digest('hex')}`;
    mf.name = `blobs/sha512/${d512.slice(7)}`;
    const idx = fileOf(c, 'index.json');
    const j = JSON.parse(idx.content as string) as { manifests: { digest: string }[] };
    const write = async (digest: string) => {
      j.manifests[0].digest = digest;
      idx.content = JSON.stringify(j);
      const path = join(dir, `a${n++}.tar`);
      writeFileSync(path, await tarOf(c.files));
      return verifyImage(path);
    };
    const ok = await write(d512);
    expect(ok.problems).toEqual([]);
    expect(ok.images[0].manifestDigest).toBe(d512);
    expect((await write(`sha512:${'0'.repeat(128)}`)).problems.map((p) => p.message)).toEqual([`manifest sha512:${'0'.repeat(128)} (named in index.json) is missing: no blobs/sha512/${'0'.repeat(128)} in the archive`]);
    const expected = (d: string) => `index.json: manifest descriptor has an invalid digest ${JSON.stringify(d)} (expected sha256:<64 lowercase hex> or sha512:<128 lowercase hex>)`;
    for (const bad of [`sha256:${hex(c.manifestDigest).toUpperCase()}`, 'sha256:../../../etc/passwd', 'sha256:xyz', `sha256:${hex(c.manifestDigest).slice(0, 12)}`]) {
      const r = await write(bad);
      expect(r.problems).toEqual([{ code: 'bad-layout', path: 'index.json', message: expected(bad) }]);
    }
    expect((await write('blake3:abcd')).problems).toEqual([{ code: 'digest-algorithm', path: 'index.json', message: 'index.json: manifest blake3:abcd: digest algorithm blake3 is not supported (sha256, sha512): the blob cannot be checked' }]);
  });

  it('a manifest listed twice in index.json (two tags of one image) is one image with both names, so --unpack takes it', async () => {
    const c = await craftImage({ layers: [{ entries: [{ name: 'etc/hostname', content: 'h\n' }] }], tag: 'bw/one:1' });
    const idx = fileOf(c, 'index.json');
    const j = JSON.parse(idx.content as string) as { manifests: { annotations: Record<string, string> }[] };
    j.manifests.push({ ...j.manifests[0], annotations: { 'io.containerd.image.name': 'docker.io/bw/one:latest' } });
    idx.content = JSON.stringify(j);
    const path = join(dir, `a${n++}.tar`);
    writeFileSync(path, await tarOf(c.files));
    const r = await verifyImage(path);
    expect(r.problems).toEqual([]);
    expect(r.images.map((i) => [i.names, i.manifestDigest])).toEqual([[['docker.io/bw/one:1', 'docker.io/bw/one:latest'], c.manifestDigest]]);
    const u = unpackDir();
    expect((await unpackImage(r, u.dest)).files).toBe(1);
  });

  it('pin takes the digest of the index that carries a multi-platform name, not the last platform manifest', async () => {
    const amd = await craftImage({ layers: [{ entries: [{ name: 'amd', content: 'a' }] }] });
    const arm = await craftImage({ layers: [{ entries: [{ name: 'arm', content: 'b' }] }], platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
    const desc = (c: typeof amd) => {
      const d = (JSON.parse(fileOf(c, 'index.json').content as string) as { manifests: Record<string, unknown>[] }).manifests[0];
      delete d.annotations;
      return d;
    };
    const inner = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [desc(amd), desc(arm)] }));
    const blobs = [...amd.files, ...arm.files].filter((f) => f.name.startsWith('blobs/sha256/') && f.type !== 'directory');
    const files: TarEntry[] = [
      { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
      ...blobs,
      { name: `blobs/sha256/${hex(sha256(inner))}`, content: inner },
      { name: 'index.json', content: JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: sha256(inner), size: inner.length, annotations: { 'io.containerd.image.name': 'docker.io/library/multi:1' } }] }) },
    ];
    const path = join(dir, `a${n++}.tar`);
    writeFileSync(path, await tarOf(files));
    const r = await verifyImage(path);
    expect(r.images.map((i) => [i.platform, i.manifestDigest])).toEqual([
      ['linux/amd64', amd.manifestDigest],
      ['linux/arm64/v8', arm.manifestDigest],
    ]);
    const resolve = await archiveResolver([path]);
    expect(await resolve('multi:1')).toEqual({ digest: sha256(inner), source: 'archive', from: path });
  });
});

describe('--format html (the brief asks for masked secrets in every format; html was refused as a choice)', () => {
  it('writes the audit page with the image findings, secrets masked; a failed verification lists its problems', async () => {
    const secret = 'Sup3rS3cretValue99xyz';
    const c = await craftImage({ layers: [{ entries: [{ name: 'app/.env', content: `DB_PASSWORD=${secret}\n` }] }], config: { config: { User: '10001', Env: [`API_TOKEN=ghp_${'a1B2'.repeat(9)}`] } } });
    const path = join(dir, `a${n++}.tar`);
    writeFileSync(path, await tarOf(c.files));
    const out = join(dir, `r${n++}.html`);
    expect(await runVerify(path, { format: 'html', output: out })).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toContain(secret);
    expect(html).not.toContain('a1B2a1B2');
    expect([...new Set(html.match(/BW-04\d\d/g))].sort()).toEqual(['BW-0402', 'BW-0404', 'BW-0407']);
    // A flipped byte in the layer: exit 1, the problem on the page.
    const layer = fileOf(c, `blobs/sha256/${hex(c.layerDigests[0])}`);
    const bad = Buffer.from(layer.content as Buffer);
    bad[bad.length - 5] ^= 1;
    layer.content = bad;
    writeFileSync(path, await tarOf(c.files));
    expect(await runVerify(path, { format: 'html', output: out })).toBe(1);
    expect(readFileSync(out, 'utf8')).toContain(`digest mismatch: descriptor in blobs/sha256/${hex(c.manifestDigest)} says ${c.layerDigests[0]}`);
  });
});

describe('.git-credentials with tokens (QA vp 5)', () => {
  it('each token line is a BW-0407 finding, and no format prints a token', async () => {
    const tokens = ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghs_16C7e42F292c6912E7710c838347Ae178B4a', 'glpat-AbCdEfGhIjKlMnOpQrSt'];
    const c = await craftImage({ layers: [{ entries: [
      { name: 'a/.git-credentials', content: `https://user:${tokens[0]}@github.com\n` },
      { name: 'c/.git-credentials', content: `https://x-access-token:${tokens[1]}@github.com\n` },
      { name: 'd/.git-credentials', content: `https://oauth2:${tokens[2]}@gitlab.com\n` },
    ] }], config: { config: { User: '1000' } } });
    const path = join(dir, `a${n++}.tar`);
    writeFileSync(path, await tarOf(c.files));
    const r = await verifyImage(path);
    expect(r.result.findings.filter((f) => f.ruleId === 'BW-0407').map((f) => f.message)).toEqual([
      'a/.git-credentials:1 holds a secret (git-credentials) in layer 1; value masked',
      'c/.git-credentials:1 holds a secret (git-credentials) in layer 1; value masked',
      'd/.git-credentials:1 holds a secret (git-credentials) in layer 1; value masked',
    ]);
    for (const format of ['text', 'json', 'sarif', 'html'] as const) {
      const out = join(dir, `r${n++}.${format}`);
      expect(await runVerify(path, { format, output: out })).toBe(0);
      const text = readFileSync(out, 'utf8');
      expect([format, text.match(/git-credentials:1 holds a secret/g)?.length]).toEqual([format, 3]);
      for (const t of tokens) expect([format, text.includes(t)]).toEqual([format, false]);
    }
  });
});

describe('bounds and the unpack target', () => {
  it('--max-entries stops a layer of many entries (memory) with a bomb problem', async () => {
    const layer = Buffer.concat([...Array.from({ length: 8 }, (_, i) => header(`f${i}`, '0')), EOA]);
    const a = await ociOf([layer]);
    expect((await verifyImage(a.path, { maxEntries: 8 })).verified).toBe(true);
    const r = await verifyImage(a.path, { maxEntries: 7 });
    expect(r.problems).toEqual([
      { code: 'bomb', path: `blobs/sha256/${hex(a.layerDigests[0])}`, message: `blobs/sha256/${hex(a.layerDigests[0])}: layer 1 is a decompression bomb: it holds more than 7 tar entries (with the layers before it; --max-entries); stopped` },
    ]);
  });

  it('JSON files are kept up to 64 MiB together (a gzip archive of 8 MiB JSON files held them all in memory): past that, not read', async () => {
    const big = Buffer.alloc(8 * 1024 * 1024, 0x20);
    big[0] = 0x5b;
    big[big.length - 1] = 0x5d;
    const files: TarEntry[] = Array.from({ length: 8 }, (_, i) => ({ name: `junk${i}.json`, content: big }));
    files.push({ name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' }, { name: 'index.json', content: '{"schemaVersion":2,"manifests":[]}' });
    const path = join(dir, `a${n++}.tar.gz`);
    writeFileSync(path, gzipSync(await tarOf(files), { level: 1 }));
    const r = await verifyImage(path);
    const why = `was not read: the archive's JSON files before it already hold ${64 * 1024 * 1024} bytes`;
    expect(r.problems).toEqual([
      { code: 'bad-json', path: 'oci-layout', message: `oci-layout: oci-layout ${why}` },
      { code: 'bad-json', path: 'index.json', message: `index.json: index.json ${why}` },
    ]);
  });

  it('--unpack into a symbolic link to an empty directory fills that directory; a missing parent is an input problem', async () => {
    const r = await verifyImage((await ociOf([Buffer.concat([file('etc/hostname', 'box\n'), EOA])])).path);
    const u = unpackDir();
    mkdirSync(join(u.work, 'real'));
    symlinkSync(join(u.work, 'real'), u.dest);
    expect((await unpackImage(r, u.dest)).files).toBe(1);
    expect(readFileSync(join(u.work, 'real/etc/hostname'), 'utf8')).toBe('box\n');
    expect(lstatSync(u.dest).isSymbolicLink()).toBe(true);
    expect(u.leftovers().sort()).toEqual(['real', 'rootfs']);
    const missing = join(u.work, 'no/such/dir');
    await expect(unpackImage(r, missing)).rejects.toThrow(new InputProblem(`${missing}: cannot create a directory beside it: no such directory ${join(u.work, 'no/such')}`));
    expect(existsSync(join(u.work, 'no'))).toBe(false);
  });

  it('an interrupted unpack leaves nothing: the signal handler\'s removeTempDirsSync removes the temporary directory', async () => {
    const layer = Buffer.concat([...Array.from({ length: 3000 }, (_, i) => file(`d${i % 30}/f${i}`, 'x')), EOA]);
    const r = await verifyImage((await ociOf([layer])).path);
    const u = unpackDir();
    const running = unpackImage(r, u.dest);
    const outcome = running.then(
      () => 'finished',
      () => 'failed',
    );
    // Wait until the temporary directory is there and being filled, then "interrupt".
    const filling = () => u.leftovers().some((f) => f.startsWith('.rootfs.bulwark-') && existsSync(join(u.work, f, 'd0')));
    let settled = false;
    void outcome.then(() => (settled = true));
    while (!filling() && !settled) await new Promise((ok) => setTimeout(ok, 1));
    expect(settled).toBe(false);
    removeTempDirsSync();
    expect(u.leftovers()).toEqual([]);
    expect(await outcome).toBe('failed');
    expect(u.leftovers()).toEqual([]);
  });
});
