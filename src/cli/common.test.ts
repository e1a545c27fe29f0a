/**
 * writeChunks and writeAtomic (src/cli/common.ts): every piece arrives in order, the stream's queue stays
 * bounded, and an atomic write leaves either the whole new file or the old one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync, chmodSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { writeAtomic, writeChunks } from './common.js';

const MiB = 1 << 20;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** 30 pieces of 1 MiB, piece i filled with byte i. */
function* pieces(): Generator<Uint8Array> {
  for (let i = 0; i < 30; i++) yield new Uint8Array(MiB).fill(i);
}

describe('writeChunks', () => {
  it('writes every piece in order to a slow stream, holding at most 8 MiB plus one piece unwritten', async () => {
    const got: number[] = [];
    let maxQueued = 0;
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, done) {
        got.push(chunk[0], chunk.length);
        setTimeout(done, 1);
      },
    });
    const produced = (function* () {
      for (const p of pieces()) {
        maxQueued = Math.max(maxQueued, slow.writableLength);
        yield p;
      }
    })();
    await writeChunks(slow, produced);
    await new Promise<void>((ok) => slow.end(ok));
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => [i, MiB]).flat());
    expect(maxQueued).toBeLessThanOrEqual(9 * MiB);
    expect(maxQueued).toBeGreaterThan(MiB);
  });
});

describe('writeAtomic', () => {
  it('replaces a file with all pieces, keeps its mode and leaves no temporary file', async () => {
    const d = mkdtempSync(join(tmpdir(), 'bw-wa-'));
    dirs.push(d);
    const f = join(d, 'report.json');
    writeFileSync(f, 'old');
    chmodSync(f, 0o640);
    await writeAtomic(f, pieces());
    const out = readFileSync(f);
    expect(out.length).toBe(30 * MiB);
    expect([out[0], out[MiB], out[29 * MiB + 5]]).toEqual([0, 1, 29]);
    expect(statSync(f).mode & 0o777).toBe(0o640);
    expect(readdirSync(d)).toEqual(['report.json']);
  });

  // chown to another user needs root: as anyone else the writer's own ids stay (EPERM ignored) and this is not checked.
  it.skipIf(process.getuid?.() !== 0)('run as root, keeps the replaced file\'s owner and group, and its mode (qa-c 4)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'bw-wa-'));
    dirs.push(d);
    const f = join(d, 'compose.yaml');
    writeFileSync(f, 'old');
    chownSync(f, 1234, 2345);
    chmodSync(f, 0o2750);
    await writeAtomic(f, ['new\n']);
    const st = statSync(f);
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([1234, 2345, 0o2750]);
    expect(readFileSync(f, 'utf8')).toBe('new\n');
    expect(readdirSync(d)).toEqual(['compose.yaml']);
  });

  it('creates a new file from string pieces as UTF-8, mode 0644, and writes a device in place', async () => {
    const d = mkdtempSync(join(tmpdir(), 'bw-wa-'));
    dirs.push(d);
    const f = join(d, 'new.txt');
    await writeAtomic(f, ['größe ', '✔', '\n']);
    expect(readFileSync(f, 'utf8')).toBe('größe ✔\n');
    expect(statSync(f).mode & 0o777).toBe(0o644);
    await writeAtomic('/dev/null', ['x']);
    expect(readdirSync(d)).toEqual(['new.txt']);
  });

  // QA: `-o /dev/full` exited with the findings' code and said nothing (end's callback carried the ENOSPC, unread).
  it('a device that fails the write (/dev/full) rejects with its error, small or past the write-ahead bound', async () => {
    await expect(writeAtomic('/dev/full', ['x'])).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(writeAtomic('/dev/full', Array.from({ length: 20 }, () => 'y'.repeat(1 << 20)))).rejects.toMatchObject({ code: 'ENOSPC' });
  });

  it('leaves a temporary file it did not create alone, and fails', async () => {
    const d = mkdtempSync(join(tmpdir(), 'bw-wa-'));
    dirs.push(d);
    const f = join(d, 'r.json');
    const tmp = join(d, `.r.json.${process.pid}.tmp`);
    writeFileSync(tmp, 'someone else');
    await expect(writeAtomic(f, ['x'])).rejects.toThrow(/EEXIST/);
    expect(readFileSync(tmp, 'utf8')).toBe('someone else');
    expect(readdirSync(d)).toEqual([`.r.json.${process.pid}.tmp`]);
  });

  it('keeps the old file when producing the pieces fails midway', async () => {
    const d = mkdtempSync(join(tmpdir(), 'bw-wa-'));
    dirs.push(d);
    const f = join(d, 'report.json');
    writeFileSync(f, 'old');
    const failing = (function* () {
      yield new Uint8Array(MiB);
      throw new Error('boom');
    })();
    await expect(writeAtomic(f, failing)).rejects.toThrow('boom');
    expect(readFileSync(f, 'utf8')).toBe('old');
    expect(readdirSync(d)).toEqual(['report.json']);
  });
});
