/**
 * `bulwark verify --unpack DIR` (issue 7; paper §IV.4): writes the root filesystem of a VERIFIED image.
 * Starts only when the whole image verified and no entry of any layer is refused ({@link LayerTree});
 * then re-reads each layer blob in order (a second pass: by byte offset in a plain tar, by scanning a
 * compressed archive, or from the layout directory), hashes it again (the archive must not change between
 * the passes: a different digest aborts), decompresses it and applies its entries with OCI whiteouts into
 * a temporary directory beside DIR, renamed to DIR at the end. Any failure removes the temporary directory:
 * nothing is left behind. The writer never follows a link: parents are checked against the model (no
 * symlink among them), files are created with O_EXCL | O_NOFOLLOW, hard links point at checked paths.
 * setuid / setgid bits are stripped unless `keepSetuid`; devices and fifos are refused unless
 * `allowDevices` (then made with mknod(1) / mkfifo(1), which need root for devices).
 *
 * Errors: {@link UnpackRefused} (exit 1) for refused entries or a changed archive; {@link InputProblem}
 * (exit 2) for usage: DIR not empty, several images without `--platform`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants, createReadStream, rmSync } from 'node:fs';
import { chmod, lchown, link, lstat, mkdir, mkdtemp, open, readdir, realpath, rename, rm, symlink, utimes, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PassThrough, Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { entryType, InputProblem, openArchive, zstdDecompressor } from './reader.js';
import { TarWalker } from './tar-walk.js';
import { LayerTree } from './tree.js';
import type { VerifyReport } from './verify.js';
import type { ResolvedLayer } from './types.js';

/** Temporary directories of unpacks in progress (removed by {@link removeTempDirsSync} on a signal). */
const activeTemps = new Set<string>();

/**
 * Removes the temporary directories of unpacks still in progress, synchronously: for a SIGINT / SIGTERM
 * handler (src/verify/cli.ts), so that an interrupted `--unpack` leaves nothing beside DIR either.
 */
export function removeTempDirsSync(): void {
  for (const t of activeTemps) {
    rmSync(t, { recursive: true, force: true });
    activeTemps.delete(t);
  }
}

/** Unpack refused or aborted (exit 1): refused entries, a changed archive, an expansion beyond the limit. */
export class UnpackRefused extends Error {}

/** Options of {@link unpackImage}. */
export interface UnpackOptions {
  keepSetuid?: boolean;
  allowDevices?: boolean;
  /** Largest total bytes written (default: the verify limit, 8 GiB). */
  maxSize?: number;
}

/** What was written. */
export interface UnpackStats {
  files: number;
  directories: number;
  symlinks: number;
  hardlinks: number;
  /** Bytes of file content written. */
  bytes: number;
  /** Whiteouts applied (including opaque directories). */
  whiteouts: number;
  /** Files whose setuid / setgid bits were removed. */
  strippedSetid: number;
}

/** Opens the stored bytes of one layer blob for the second pass. */
async function openBlob(report: VerifyReport, layer: ResolvedLayer): Promise<Readable> {
  const blob = report.listing.blobs.get(layer.path);
  const st = await lstat(report.input);
  if (st.isDirectory()) return createReadStream(join(report.input, layer.path), { highWaterMark: 1 << 20 });
  const fh = await open(report.input, 'r');
  const head = Buffer.alloc(4);
  await fh.read(head, 0, 4, 0);
  await fh.close();
  const compressed = (head[0] === 0x1f && head[1] === 0x8b) || head.readUInt32LE(0) === 0xfd2fb528;
  if (!compressed && blob?.offset !== undefined) {
    if (blob.size === 0) return Readable0();
    return createReadStream(report.input, { start: blob.offset, end: blob.offset + blob.size - 1, highWaterMark: 1 << 20 });
  }
  // A compressed archive: stream it again up to the entry, framed as the verify pass framed it (same entry index).
  const input = await openArchive(report.input);
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  let i = -1;
  let mine = false;
  let found = false;
  const walker = new TarWalker({
    entry: () => {
      mine = ++i === blob?.index;
      if (mine) found = true;
    },
    data: async (c) => {
      if (mine && !out.write(Buffer.from(c))) await new Promise<void>((ok) => out.once('drain', ok));
    },
    end: () => {
      if (mine) out.end();
      mine = false;
    },
  });
  void (async () => {
    for await (const chunk of input) {
      await walker.write(chunk as Buffer);
      if (out.writableEnded) break;
    }
    if (!found) out.destroy(new UnpackRefused(`${layer.path} is no longer in the archive`));
  })().catch((e: Error) => out.destroy(e));
  return out;
}

function Readable0(): Readable {
  const p = new PassThrough();
  p.end();
  return p;
}

/**
 * Unpacks the single verified image of `report` into `dest`.
 * @throws UnpackRefused when an entry is refused, the archive changed, or expansion exceeds the limit.
 * @throws InputProblem when `dest` exists and is not an empty directory (a symbolic link to an empty
 *   directory is followed: that directory is replaced), its parent does not exist, or the archive holds several images.
 */
export async function unpackImage(report: VerifyReport, dest: string, opts: UnpackOptions = {}): Promise<UnpackStats> {
  if (!report.verified) throw new UnpackRefused(`not unpacking: ${report.input} did not verify`);
  if (report.facts.length !== 1)
    throw new InputProblem(`${report.input} holds ${report.facts.length} images (${report.images.map((i) => `${i.names[0] ?? i.configDigest} ${i.platform ?? ''}`.trim()).join(', ')}); --unpack needs one: choose a platform with --platform, or save one image per archive`);
  const facts = report.facts[0];
  const refused = facts.refused.filter((r) => !(opts.allowDevices && r.reason === 'device'));
  if (refused.length) {
    const first = refused.slice(0, 3).map((r) => `layer ${r.layer + 1}: ${r.message}`).join('; ');
    throw new UnpackRefused(`not unpacking: ${refused.length} unsafe entr${refused.length === 1 ? 'y' : 'ies'}: ${first}${refused.length > 3 ? '; …' : ''}`);
  }
  // DIR given as a symbolic link to an (empty) directory: unpack into that directory (renaming onto the link
  // itself fails with ENOTDIR).
  const target = await realpath(resolve(dest)).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? resolve(dest) : Promise.reject(e)));
  const existing = await readdir(target).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : e.code === 'ENOTDIR' ? ['(file)'] : Promise.reject(e)));
  if (existing && existing.length) throw new InputProblem(`${dest} exists and is not an empty directory; not unpacking over it`);
  const tmp = await mkdtemp(join(dirname(target), `.${basename(target)}.bulwark-`)).catch((e: NodeJS.ErrnoException) => {
    throw new InputProblem(`${dest}: cannot create a directory beside it: ${e.code === 'ENOENT' ? `no such directory ${dirname(target)}` : (e.code ?? e.message)}`);
  });
  activeTemps.add(tmp);
  const stats: UnpackStats = { files: 0, directories: 0, symlinks: 0, hardlinks: 0, bytes: 0, whiteouts: 0, strippedSetid: 0 };
  const maxSize = opts.maxSize ?? 8 * 1024 * 1024 * 1024;
  const tree = new LayerTree({ allowDevices: opts.allowDevices });
  const dirMeta = new Map<string, { mode: number; mtime: Date }>();
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  try {
    for (const [index, layer] of facts.image.layers.entries()) {
      const src = await openBlob(report, layer);
      const hash = createHash(layer.digest.startsWith('sha512:') ? 'sha512' : 'sha256');
      const tap = new Transform({
        transform(chunk: Buffer, _e, cb: TransformCallback) {
          hash.update(chunk);
          cb(null, chunk);
        },
      });
      let written = 0;
      /** The regular file being written: its handle and what to set once its data is in. */
      let current: { fh: FileHandle; path: string; uid: number; gid: number; mode: number; mtime?: Date } | undefined;
      // Framed by the same TarWalker as the verify pass (Docker's reading of a tar: end-of-archive marker,
      // header-only types, unknown types), so that what is written is what was judged.
      const walker = new TarWalker({
        entry: async (h) => {
          const e = { name: h.name, type: entryType(h.type), mode: (h.mode ?? 0) & 0o7777, size: h.size ?? 0, linkname: h.linkname ?? undefined, uid: h.uid ?? 0, gid: h.gid ?? 0 };
          if (!activeTemps.has(tmp)) throw new UnpackRefused('interrupted: the temporary directory was removed');
          const plan = tree.apply(e, index);
          if (plan.op === 'skip') return;
          if (plan.op === 'refuse') throw new UnpackRefused(`layer ${index + 1}: ${plan.message}`);
          if (plan.op === 'whiteout' || plan.op === 'opaque') {
            stats.whiteouts++;
            for (const r of plan.removed) {
              await rm(join(tmp, r.path), { recursive: true, force: true });
              dirMeta.delete(r.path);
            }
            return;
          }
          const p = join(tmp, plan.path);
          if (plan.replaces && !(plan.replaces.type === 'directory' && e.type === 'directory')) {
            await rm(p, { recursive: true, force: true });
            for (const r of plan.removed) dirMeta.delete(r.path);
          }
          await mkdir(dirname(p), { recursive: true });
          const mode = opts.keepSetuid ? e.mode : e.mode & ~0o6000;
          if (e.type === 'file' && mode !== e.mode) stats.strippedSetid++;
          switch (e.type) {
            case 'directory':
              await mkdir(p, { recursive: true });
              dirMeta.set(plan.path, { mode, mtime: h.mtime ?? new Date(0) });
              stats.directories++;
              return;
            case 'file': {
              written += e.size;
              if (written > maxSize) throw new UnpackRefused(`layer ${index + 1} writes more than --max-size ${maxSize} bytes`);
              const fh = await open(p, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
              current = { fh, path: p, uid: e.uid, gid: e.gid, mode, mtime: h.mtime };
              return;
            }
            case 'symlink':
              await symlink(e.linkname ?? '', p);
              if (asRoot) await lchown(p, e.uid, e.gid);
              stats.symlinks++;
              return;
            case 'link':
              await link(join(tmp, plan.linkTarget!), p);
              stats.hardlinks++;
              return;
            case 'fifo':
            case 'character-device':
            case 'block-device': {
              const args = e.type === 'fifo' ? ['mkfifo', ['-m', mode.toString(8), p]] : ['mknod', ['-m', mode.toString(8), p, e.type === 'block-device' ? 'b' : 'c', String(h.devmajor ?? 0), String(h.devminor ?? 0)]];
              const r = spawnSync(args[0] as string, args[1] as string[], { encoding: 'utf8' });
              if (r.status !== 0) throw new UnpackRefused(`cannot create ${e.type} ${plan.path}: ${(r.stderr || r.error?.message || '').trim()}`);
              return;
            }
          }
        },
        data: async (c) => {
          if (!current) return;
          await current.fh.write(c);
          stats.bytes += c.length;
        },
        end: async () => {
          const f = current;
          if (!f) return;
          current = undefined;
          await f.fh.close();
          if (asRoot) await lchown(f.path, f.uid, f.gid);
          await chmod(f.path, f.mode);
          if (f.mtime) await utimes(f.path, f.mtime, f.mtime);
          stats.files++;
        },
      });
      const sink = new Writable({
        highWaterMark: 1 << 20,
        write(chunk: Buffer, _e, cb: (e?: Error | null) => void) {
          walker.write(chunk).then(() => cb(), cb);
        },
        final(cb: (e?: Error | null) => void) {
          walker.end().then(() => cb(), cb);
        },
      });
      const stages: (NodeJS.ReadableStream | NodeJS.ReadWriteStream | NodeJS.WritableStream)[] = [src, tap];
      if (layer.compression === 'gzip') stages.push(createGunzip());
      if (layer.compression === 'zstd') stages.push(zstdDecompressor());
      stages.push(sink);
      try {
        await (pipeline as (...s: unknown[]) => Promise<void>)(...stages);
      } finally {
        await current?.fh.close().catch(() => undefined);
      }
      const digest = `${layer.digest.startsWith('sha512:') ? 'sha512' : 'sha256'}:${hash.digest('hex')}`;
      if (digest !== layer.digest) throw new UnpackRefused(`${layer.path} changed since it was verified: now ${digest}, verified ${layer.digest}`);
    }
    // Directory modes and times last, deepest first, so read-only directories could be filled.
    for (const [p, m] of [...dirMeta].sort((a, b) => b[0].length - a[0].length)) {
      await chmod(join(tmp, p), m.mode);
      await utimes(join(tmp, p), m.mtime, m.mtime);
    }
    // The root as a container root filesystem has it (mkdtemp made it 0700).
    await chmod(tmp, 0o755);
    await rename(tmp, target);
    return stats;
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    activeTemps.delete(tmp);
  }
}
