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

  it('fails as tar-stream does on a truncated tar, a non-tar and trailing garbage', async () => {
    const buf = await pack([{ name: 'a', type: 'file', size: 1000 }]);
    await expect(withWalker(buf.subarray(0, 700), [])).rejects.toThrow('Unexpected end of data');
    await expect(withWalker(buf.subarray(0, 300), [])).rejects.toThrow('Unexpected end of data');
    await expect(withWalker(Buffer.alloc(1024, 0x41), [])).rejects.toThrow('Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?');
    const garbage = Buffer.concat([buf, Buffer.alloc(512, 0x41)]);
    await expect(withWalker(garbage, [512])).rejects.toThrow('Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?');
  });

  it('an all-zero tar has no entries', async () => {
    expect(await withWalker(Buffer.alloc(10240), [511, 4000])).toEqual([]);
  });
});
