/**
 * TarWalker (issue 7, R-P: the verify pass frames archives and layers with it) against tar-stream's own
 * `extract()`: the same entries, headers, byte offsets, data and errors, whatever the chunking, and handlers
 * that copy their data are unaffected when the caller reuses its buffer after `write` resolves.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tar from 'tar-stream';
import { TarWalker, type WalkHeader } from './tar-walk.js';

interface Spec {
  name: string;
  type: 'file' | 'directory' | 'symlink';
  size: number;
  linkname?: string;
}

/** Packs `specs` with tar-stream's `pack()` (long names become PAX records). */
async function pack(specs: Spec[]): Promise<Buffer> {
  const p = tar.pack();
  const parts: Buffer[] = [];
  const done = new Promise<void>((ok, fail) => {
    p.on('data', (c: unknown) => {
      parts.push(c as Buffer);
    });
    p.on('end', ok);
    p.on('error', fail);
  });
  specs.forEach((s, i) => {
    if (s.type === 'file') p.entry({ name: s.name, size: s.size, mode: 0o4755, uid: i, gid: 7, mtime: new Date(0) }, Buffer.alloc(s.size, i + 1));
    else if (s.type === 'directory') p.entry({ name: s.name, type: 'directory', mode: 0o755, mtime: new Date(0) });
    else p.entry({ name: s.name, type: 'symlink', linkname: s.linkname ?? 'x', mtime: new Date(0) });
  });
  p.finalize();
  await done;
  return Buffer.concat(parts);
}

type Seen = { name: string; type: string | null; size: number; mode: number; uid: number; linkname: string | null; byteOffset: number; data: string };

const pick = (h: WalkHeader | tar.Header & { byteOffset?: number }, data: Buffer): Seen => ({
  name: h.name,
  type: h.type ?? null,
  size: h.size ?? 0,
  mode: h.mode ?? 0,
  uid: h.uid ?? 0,
  linkname: h.linkname ?? null,
  byteOffset: (h as { byteOffset?: number }).byteOffset ?? -1,
  data: data.toString('hex'),
});

/** What tar-stream's extract() sees. */
async function withExtract(buf: Buffer): Promise<Seen[]> {
  const out: Seen[] = [];
  const ex = tar.extract();
  ex.end(buf);
  for await (const e of ex) {
    const parts: Buffer[] = [];
    for await (const c of e) parts.push(c as Buffer);
    out.push(pick(e.header, Buffer.concat(parts)));
  }
  return out;
}

/** What the walker sees when fed `buf` in chunks cut at `cuts`, each chunk a reused buffer wiped after use. */
async function withWalker(buf: Buffer, cuts: number[]): Promise<Seen[]> {
  const out: Seen[] = [];
  let cur: { h: WalkHeader; parts: Buffer[] } | undefined;
  const w = new TarWalker({
    entry: (h) => {
      cur = { h, parts: [] };
    },
    data: (c) => {
      cur!.parts.push(Buffer.from(c));
    },
    end: async () => {
      await Promise.resolve();
      out.push(pick(cur!.h, Buffer.concat(cur!.parts)));
      cur = undefined;
    },
  });
  const bounds = [...new Set([0, ...cuts.map((c) => c % (buf.length + 1)), buf.length])].sort((a, b) => a - b);
  const reused = Buffer.alloc(buf.length);
  for (let i = 1; i < bounds.length; i++) {
    const n = bounds[i] - bounds[i - 1];
    buf.copy(reused, 0, bounds[i - 1], bounds[i]);
    await w.write(reused.subarray(0, n));
    reused.fill(0xee, 0, n); // the caller reuses its buffer: the walker must not need it any more
  }
  await w.end();
  return out;
}

const nameArb = fc.stringMatching(/^[a-z0-9]{1,12}(\/[a-z0-9.]{1,40}){0,5}$/);
const specArb: fc.Arbitrary<Spec> = fc.oneof(
  fc.record({ name: nameArb, type: fc.constant('file' as const), size: fc.integer({ min: 0, max: 1500 }) }),
  fc.record({ name: nameArb, type: fc.constant('directory' as const), size: fc.constant(0) }),
  fc.record({ name: nameArb, type: fc.constant('symlink' as const), size: fc.constant(0), linkname: fc.stringMatching(/^[a-z/.]{1,150}$/) }),
);

describe('TarWalker', () => {
  it('sees what tar-stream extract() sees, for any chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(specArb, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 12 }), async (specs, cuts) => {
        const buf = await pack(specs);
        const want = await withExtract(buf);
        expect(want).toHaveLength(specs.length);
        expect(await withWalker(buf, cuts)).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });

  it('reads PAX long names and link names, with data offsets after the PAX record', async () => {
    const long = `dir/${'n'.repeat(150)}`;
    const buf = await pack([
      { name: long, type: 'file', size: 3 },
      { name: 'l', type: 'symlink', size: 0, linkname: `/${'t'.repeat(120)}` },
    ]);
    const seen = await withWalker(buf, [100, 513, 1030]);
    expect(seen.map((s) => [s.name, s.type, s.size, s.byteOffset, s.data, s.mode, s.uid])).toEqual([
      [long, 'file', 3, 1536, '010101', 0o4755, 0],
      ['l', 'symlink', 0, 3584, '', 0o644, 0], // pack()'s default mode; uid is only set on files here
    ]);
    expect(seen[1].linkname).toBe(`/${'t'.repeat(120)}`);
  });

  it('fails as tar-stream does on a truncated tar and a non-tar; trailing garbage after the end-of-archive marker is an error of its own', async () => {
    const buf = await pack([{ name: 'a', type: 'file', size: 1000 }]);
    await expect(withWalker(buf.subarray(0, 700), [])).rejects.toThrow('Unexpected end of data');
    await expect(withWalker(buf.subarray(0, 300), [])).rejects.toThrow('Unexpected end of data');
    await expect(withWalker(Buffer.alloc(1024, 0x41), [])).rejects.toThrow('Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?');
    const garbage = Buffer.concat([buf, Buffer.alloc(512, 0x41)]);
    // tar-stream reads on after the two zero blocks and fails on the garbage as a header; Go and GNU tar stop.
    await expect(withWalker(garbage, [512])).rejects.toThrow("Data after the end-of-archive marker (512 bytes follow it): Docker's tar reader never reads it");
  });

  it('stops at the end-of-archive marker as Go archive/tar does: entries after it are never read (a hidden whiteout)', async () => {
    const a = await pack([{ name: 'usr/bin/evil', type: 'file', size: 1 }]);
    const b = await pack([{ name: 'usr/bin/.wh.evil', type: 'file', size: 0 }]);
    // tar-stream sees both; the walker only the first, then refuses the data after the marker.
    expect((await withExtract(Buffer.concat([a, b]))).map((e) => e.name)).toEqual(['usr/bin/evil', 'usr/bin/.wh.evil']);
    await expect(withWalker(Buffer.concat([a, b]), [700])).rejects.toThrow(`Data after the end-of-archive marker (${b.length} bytes follow it)`);
    // Zero padding after the marker (tar's 10240-byte records) is fine.
    expect((await withWalker(Buffer.concat([a, Buffer.alloc(8192)]), [1500])).map((e) => e.name)).toEqual(['usr/bin/evil']);
  });

  it('refuses a lone zero block followed by another header (Go: invalid tar header)', async () => {
    const a = await pack([{ name: 'a', type: 'file', size: 1 }]);
    const b = await pack([{ name: 'b', type: 'file', size: 1 }]);
    const lone = Buffer.concat([a.subarray(0, 1024), Buffer.alloc(512), b]);
    await expect(withWalker(lone, [])).rejects.toThrow('Invalid tar header: a lone zero block followed by another header');
  });

  it('reads no data for header-only types whatever their size field says (Go isHeaderOnlyType): an entry in a symlink\'s "data" is seen', async () => {
    const hidden = await pack([{ name: 'usr/bin/hidden', type: 'file', size: 1 }]);
    const link = await pack([{ name: 'l', type: 'symlink', size: 0, linkname: 't' }]);
    const hdr = Buffer.from(link.subarray(0, 512));
    // Give the symlink a size of 1024: its "data" is the hidden file's header and data block.
    hdr.write('00000002000\0', 124, 'latin1');
    hdr.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += hdr[i];
    hdr.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    const buf = Buffer.concat([hdr, hidden]);
    expect((await withExtract(buf)).map((e) => [e.name, e.type, e.size])).toEqual([['l', 'symlink', 1024]]);
    expect((await withWalker(buf, [600])).map((e) => [e.name, e.type, e.size, e.data])).toEqual([
      ['l', 'symlink', 0, ''],
      ['usr/bin/hidden', 'file', 1, '01'],
    ]);
  });

  it('types tar-stream does not know (GNU sparse S) and PAX GNU.sparse files are `unknown`, not regular files; PAX globals are not applied; PAX uid/gid are', async () => {
    const p = tar.pack();
    const parts: Buffer[] = [];
    p.on('data', (c: unknown) => {
      parts.push(c as Buffer);
    });
    const ended = new Promise<void>((ok) => p.on('end', () => ok()));
    p.entry({ name: 'plain', size: 1, pax: { uid: '4242', gid: '77', comment: 'x' } } as tar.Header, 'x');
    p.entry({ name: 'GNUSparseFile.0/core', size: 1, pax: { 'GNU.sparse.major': '1', 'GNU.sparse.minor': '0', 'GNU.sparse.name': 'core' } } as tar.Header, 'y');
    p.finalize();
    await ended;
    // A PAX global header (type flag g) whose path record tar-stream merges into the next PAX header that
    // has no path of its own (pack() always writes one, so that header is made here too).
    const paxRec = (k: string, v: string) => {
      const rec = ` ${k}=${v}\n`;
      let n = rec.length + 1;
      while (`${n}${rec}`.length !== n) n++;
      return `${n}${rec}`;
    };
    const raw = async (flag: string, body: string) => {
      const h = Buffer.from((await pack([{ name: 'pax', type: 'file', size: 0 }])).subarray(0, 512));
      h[156] = flag.charCodeAt(0);
      h.write(body.length.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
      h.fill(0x20, 148, 156);
      let sum = 0;
      for (let i = 0; i < 512; i++) sum += h[i];
      h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
      const d = Buffer.alloc(Math.ceil(body.length / 512) * 512);
      d.write(body, 0, 'latin1');
      return Buffer.concat([h, d]);
    };
    const named = await pack([{ name: 'named', type: 'file', size: 1 }]);
    const buf = Buffer.concat([await raw('g', paxRec('path', 'etc/shadow')), await raw('x', paxRec('mtime', '1')), named.subarray(0, 1024), ...parts]);
    expect((await withExtract(buf)).map((e) => e.name)).toEqual(['etc/shadow', 'plain', 'GNUSparseFile.0/core']);
    const seen = await withWalker(buf, [700]);
    expect(seen.map((e) => [e.name, e.type, e.uid])).toEqual([
      ['named', 'file', 0],
      ['plain', 'file', 4242],
      ['GNUSparseFile.0/core', 'unknown', 0],
    ]);
    // A GNU old-style sparse header (type flag S): tar-stream says null (read as a file), the walker `unknown`.
    const s = Buffer.from((await pack([{ name: 'sparse', type: 'file', size: 0 }])).subarray(0, 512));
    s[156] = 'S'.charCodeAt(0);
    s.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += s[i];
    s.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    const sparse = Buffer.concat([s, Buffer.alloc(1024)]);
    expect((await withExtract(sparse)).map((e) => e.type)).toEqual([null]);
    expect((await withWalker(sparse, [])).map((e) => [e.name, e.type])).toEqual([['sparse', 'unknown']]);
  });

  it('an all-zero tar has no entries', async () => {
    expect(await withWalker(Buffer.alloc(10240), [511, 4000])).toEqual([]);
  });
});
