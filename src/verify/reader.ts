/**
 * The streaming pass of `bulwark verify` (issue 7; paper §IV.4; R-P): reads an image archive (a tar, itself
 * possibly gzip or zstd compressed) or an OCI image layout directory ONCE, and for every regular file
 *  - computes its sha256 (node:crypto, OpenSSL underneath) and size while it streams past;
 *  - sniffs its first 512 bytes: JSON is kept when small (index, manifest, config), a tar / gzip / zstd
 *    blob is treated as a candidate layer: decompressed on the fly (zlib / fzstd) to compute its
 *    uncompressed digest (the diff_id) and scanned (entry headers, secret-candidate files) in the same
 *    pass. The scan only RECORDS facts: nothing is written, nothing is trusted, and the caller uses a
 *    layer's facts only after its digest and diff_id matched (see `verify.ts`). Chosen over a second
 *    pass so that verify reads the archive once (throughput, and stdin needs no spool for plain verify).
 * Nothing of a blob is held whole in memory except JSON blobs of at most {@link MAX_JSON_BYTES}, at most
 * {@link MAX_JSON_TOTAL} of them together; the layers' entries are bounded by `--max-entries`.
 *
 * Throughput (bench/verify.mjs): an archive file is read into two reused buffers ({@link readReusing}) and
 * framed by a {@link TarWalker}, which hands out subarrays of those buffers without copying; the blob hash,
 * the sniff and an uncompressed layer's walk all run in the callback that receives the chunk (an uncompressed
 * layer's blob digest is its diff_id: it is hashed once). Allocating a fresh buffer per read (createReadStream)
 * and tar-stream's extract() streams cost as much CPU as sha256 itself.
 *
 * Errors: {@link InputProblem} (exit 2) for unusable input: not a tar, truncated, empty, unreadable.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as fzstd from 'fzstd';
import * as tar from 'tar-stream';
import { TarWalker } from './tar-walk.js';
import { findSecretsInFile, isSecretCandidate, MAX_SECRET_FILE } from './secret-files.js';
import { DEFAULT_LIMITS, MAX_JSON_BYTES, MAX_JSON_TOTAL, RATIO_FLOOR, type BlobInfo, type EntryBudget, type BlobKind, type EntryType, type LayerScan, type Listing, type PassLimits } from './types.js';

/** Unusable input: not an archive, truncated, empty, unreadable. The CLI prints it as one line, exit 2. */
export class InputProblem extends Error {}

/** Raised inside a layer pipeline when expansion passes the limits. */
class BombError extends Error {}

/** Read size of archive streams (`openArchive`, used by unpack): large chunks keep hashing near OpenSSL's own speed. */
const READ_CHUNK = 1024 * 1024;

/** Read size of the verify pass's reused buffers ({@link readReusing}); two are allocated. */
const REUSED_CHUNK = 4 * 1024 * 1024;

/** Sniffs the kind of a blob from its first bytes (up to 512). */
export function sniff(head: Buffer): BlobKind {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (looksLikeTar(head)) return 'tar';
  let i = 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (i < head.length && (head[i] === 0x7b || head[i] === 0x5b)) return 'json';
  return 'other';
}

/** A 512-byte tar header: `ustar` magic at 257, or a valid v7 header checksum, or an all-zero block (empty tar). */
export function looksLikeTar(head: Buffer): boolean {
  if (head.length < 512) return false;
  if (head.subarray(257, 262).toString('latin1') === 'ustar') return true;
  let zero = true;
  for (let i = 0; i < 512; i++) if (head[i] !== 0) { zero = false; break; }
  if (zero) return true;
  const stored = parseInt(head.subarray(148, 156).toString('latin1').replace(/[\0 ]+$/g, '').trim(), 8);
  if (!Number.isFinite(stored)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : head[i];
  return sum === stored;
}

/** A Transform wrapping fzstd's streaming decompressor. */
export function zstdDecompressor(): Transform {
  let push: ((b: Buffer) => void) | undefined;
  const d = new fzstd.Decompress((chunk) => push?.(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      push = (b) => this.push(b);
      try {
        d.push(chunk);
        cb();
      } catch (e) {
        cb(new Error(`zstd: ${(e as Error).message}`));
      }
    },
    flush(cb: TransformCallback) {
      push = (b) => this.push(b);
      try {
        d.push(new Uint8Array(0), true);
        cb();
      } catch (e) {
        cb(new Error(`zstd: ${(e as Error).message}`));
      }
    },
  });
}

/**
 * Maps a header type (tar-stream's names; the {@link TarWalker}'s `unknown`) to an {@link EntryType}.
 * `undefined` (no type given, test fixtures) is a regular file; `null` (a type flag tar-stream does not know,
 * such as GNU sparse `S`) and `unknown` are `other`, which the unpack refuses — never a regular file.
 */
export function entryType(t: tar.Header['type'] | string | null | undefined): EntryType {
  switch (t) {
    case 'file':
    case 'contiguous-file':
    case undefined:
      return 'file';
    case 'link':
    case 'symlink':
    case 'directory':
    case 'character-device':
    case 'block-device':
    case 'fifo':
      return t;
    default:
      return 'other';
  }
}

/**
 * Decompresses (gzip / zstd / none), hashes the uncompressed bytes when compressed, enforces the expansion
 * limits and records the layer's tar entries, all as the bytes are pushed in with {@link write}.
 *
 * The layer's tar is framed by a {@link TarWalker} (headers only: file bodies are skipped without a copy, but
 * every entry is seen; secret-candidate files are copied whole, at most MAX_SECRET_FILE bytes). An
 * uncompressed layer is walked synchronously in the caller's chunks: its blob digest IS its diff_id, so it is
 * hashed once (by the caller). A compressed layer goes through the decompressor (zlib on the thread pool, or
 * fzstd) into a Writable that counts, hashes and walks the output. {@link write} resolves only when the layer
 * is done with the chunk given (zlib's write callback fires once its input is consumed; fzstd gets a copy), so
 * the reader may reuse its read buffers.
 */
class LayerPipe {
  private readonly dec: Transform | undefined;
  private readonly done: Promise<void> | undefined;
  private readonly uhash: Hash | undefined;
  private readonly walker: TarWalker;
  /** The entry being collected for the secret scan, with its parts (copies). */
  private collecting: { name: string; parts: Buffer[] } | undefined;
  error: Error | undefined;
  uncompressed = 0;
  readonly scan: LayerScan = { entries: [], secrets: [] };

  constructor(
    private readonly kind: 'gzip' | 'zstd' | 'tar',
    private readonly limits: PassLimits,
    private readonly compressedSoFar: () => number,
    private readonly budget: EntryBudget,
  ) {
    this.uhash = kind === 'tar' ? undefined : createHash('sha256');
    const maxEntries = limits.maxEntries ?? DEFAULT_LIMITS.maxEntries;
    this.walker = new TarWalker({
      entry: (h) => {
        if (++this.budget.used > maxEntries) throw (this.error = new BombError(`holds more than ${maxEntries} tar entries (with the layers before it; --max-entries)`));
        const type = entryType(h.type);
        this.scan.entries.push({ name: h.name, type, mode: (h.mode ?? 0) & 0o7777, size: h.size ?? 0, linkname: h.linkname ?? undefined, uid: h.uid ?? 0, gid: h.gid ?? 0 });
        if (type === 'file' && (h.size ?? 0) <= MAX_SECRET_FILE && isSecretCandidate(h.name)) this.collecting = { name: h.name, parts: [] };
      },
      data: (c) => {
        this.collecting?.parts.push(Buffer.from(c));
      },
      end: () => {
        const f = this.collecting;
        if (!f) return;
        this.collecting = undefined;
        this.scan.secrets.push(...findSecretsInFile(f.name, Buffer.concat(f.parts)));
      },
    });
    if (kind === 'tar') return;
    this.dec = kind === 'gzip' ? createGunzip({ chunkSize: 1024 * 1024 }) : zstdDecompressor();
    const self = this;
    const out = new Writable({
      highWaterMark: 1024 * 1024,
      write(chunk: Buffer, _e, cb: (e?: Error | null) => void) {
        // After the first error the pipeline is being torn down: drop what still arrives.
        if (self.error) return cb();
        const bomb = self.count(chunk);
        if (bomb) return cb(bomb);
        self.uhash!.update(chunk);
        self.walker.write(chunk).then(() => cb(), cb);
      },
      final(cb: (e?: Error | null) => void) {
        self.walker.end().then(() => cb(), cb);
      },
    });
    this.done = pipeline(this.dec, out).catch((e: Error) => {
      this.error ??= e;
    });
  }

  /** Counts uncompressed bytes; returns (and records) the error when the expansion limits are passed. */
  private count(chunk: Buffer): BombError | undefined {
    this.uncompressed += chunk.length;
    let bomb: BombError | undefined;
    if (this.uncompressed > this.limits.maxSize) bomb = new BombError(`expands beyond --max-size ${this.limits.maxSize} bytes`);
    else if (this.uncompressed > RATIO_FLOOR && this.uncompressed > this.limits.maxRatio * Math.max(1, this.compressedSoFar()))
      bomb = new BombError(`expands more than ${this.limits.maxRatio}:1 (${this.uncompressed} bytes from ${this.compressedSoFar()})`);
    if (bomb) this.error = bomb;
    return bomb;
  }

  /** Pushes (compressed) bytes; resolves when the layer no longer needs `chunk`. After an error it swallows input. */
  async write(chunk: Buffer): Promise<void> {
    if (this.error) return;
    if (!this.dec) {
      if (this.count(chunk)) return;
      try {
        await this.walker.write(chunk);
      } catch (e) {
        this.error ??= e as Error;
      }
      return;
    }
    const input = this.kind === 'zstd' ? Buffer.from(chunk) : chunk;
    await Promise.race([new Promise<void>((ok) => this.dec!.write(input, () => ok())), this.done]);
  }

  /** Ends the input and waits for the pipeline; returns what it learned. */
  async end(): Promise<{ diffId?: string; error?: string; bomb?: boolean }> {
    if (!this.dec) {
      if (!this.error) await this.walker.end().catch((e: Error) => (this.error = e));
    } else {
      if (!this.error) this.dec.end();
      await this.done;
    }
    if (this.error) {
      const bomb = this.error instanceof BombError;
      return { error: bomb ? this.error.message : describeDecodeError(this.error), bomb };
    }
    return { diffId: this.uhash ? `sha256:${this.uhash.digest('hex')}` : undefined };
  }

  /** Stops a pipeline whose blob ended abnormally. */
  abort(): void {
    this.error ??= new Error('aborted');
    this.dec?.destroy();
  }
}

function describeDecodeError(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') return `gzip: ${e.message}`;
  return e.message.split('\n')[0];
}

/** Hashes, sizes, sniffs and (for layers) decodes one blob as its chunks arrive; keeps no chunk it is given (copies). */
class BlobSink {
  private readonly hash = createHash('sha256');
  /** sha512 as well for blobs stored under `blobs/sha512/` (OCI image-layout: `blobs/<alg>/<encoded>`). */
  private readonly hash512: Hash | undefined;
  private size = 0;
  private head: Buffer[] = [];
  private headLen = 0;
  private kind: BlobKind | undefined;
  private json: Buffer[] | undefined;
  private jsonLen = 0;
  private jsonSkipped: string | undefined;
  private layer: LayerPipe | undefined;

  constructor(
    private readonly path: string,
    private readonly index: number,
    private readonly limits: PassLimits,
    private readonly budget: EntryBudget,
    private readonly offset?: number,
  ) {
    this.hash512 = /(^|\/)blobs\/sha512\/[^/]+$/.test(path) ? createHash('sha512') : undefined;
  }

  async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.hash512?.update(chunk);
    this.size += chunk.length;
    if (this.kind === undefined) {
      // The usual case: the first chunk holds the 512 bytes to sniff; no copy.
      if (this.headLen === 0 && chunk.length >= 512) return this.decide(chunk);
      this.head.push(Buffer.from(chunk));
      this.headLen += chunk.length;
      if (this.headLen < 512) return;
      const buffered = Buffer.concat(this.head);
      this.head = [];
      await this.decide(buffered);
      return;
    }
    await this.feed(chunk);
  }

  private async decide(buffered: Buffer): Promise<void> {
    this.kind = sniff(buffered.subarray(0, 512));
    if (this.kind === 'gzip' || this.kind === 'zstd' || this.kind === 'tar') this.layer = new LayerPipe(this.kind, this.limits, () => this.size, this.budget);
    if (this.kind === 'json') this.json = [];
    await this.feed(buffered);
  }

  private async feed(chunk: Buffer): Promise<void> {
    if (this.json) {
      this.jsonLen += chunk.length;
      this.budget.json += chunk.length;
      if (this.jsonLen > MAX_JSON_BYTES || this.budget.json > MAX_JSON_TOTAL) {
        this.jsonSkipped = this.jsonLen > MAX_JSON_BYTES ? `larger than ${MAX_JSON_BYTES} bytes` : `the archive's JSON files before it already hold ${MAX_JSON_TOTAL} bytes`;
        this.budget.json -= this.jsonLen;
        this.json = undefined;
      } else this.json.push(Buffer.from(chunk));
    }
    if (this.layer) await this.layer.write(chunk);
  }

  async end(): Promise<BlobInfo> {
    if (this.kind === undefined) await this.decide(Buffer.concat(this.head));
    const info: BlobInfo = { path: this.path, digest: `sha256:${this.hash.digest('hex')}`, size: this.size, kind: this.kind!, index: this.index };
    if (this.offset !== undefined) info.offset = this.offset;
    if (this.hash512) info.sha512 = `sha512:${this.hash512.digest('hex')}`;
    if (this.json) info.json = Buffer.concat(this.json);
    if (this.jsonSkipped) info.jsonSkipped = this.jsonSkipped;
    if (this.layer) {
      const r = await this.layer.end();
      info.uncompressedSize = this.layer.uncompressed;
      if (r.error) {
        info.decodeError = r.error;
        if (r.bomb) info.bomb = true;
      } else {
        info.diffId = r.diffId ?? info.digest;
        info.scan = this.layer.scan;
      }
    }
    return info;
  }

  abort(): void {
    this.layer?.abort();
  }
}

/**
 * Normalises an archive path as `docker load` reads it: Go's `filepath.Clean` of the entry name (moby
 * pkg/archive `createTarFile` / Unpack clean every name before extracting), relative — no leading `./` or `/`, no
 * trailing `/`, no empty or `.` segments, and `dir/..` resolved, so `x/../manifest.json` is `manifest.json` (the
 * loader writes it over the first one: a second manifest a duplicate check on raw names would miss). A `..` that
 * climbs above the root stays as `..` (the loader refuses such an entry: breakout).
 */
export function archivePath(name: string): string {
  const out: string[] = [];
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

/**
 * Reads the first bytes of a file to detect an outer compression of the archive (`docker save | gzip`).
 * @throws InputProblem when the file cannot be read.
 */
async function outerKind(file: string): Promise<{ kind: 'gzip' | 'zstd' | 'tar'; size: number }> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InputProblem(`${file}: cannot read: ${err.code === 'ENOENT' ? 'no such file' : (err.code ?? err.message)}`);
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw new InputProblem(`${file}: is a directory without an OCI image layout (no oci-layout / index.json)`);
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    if (bytesRead === 0) throw new InputProblem(`${file}: empty file, not an image archive`);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return { kind: 'gzip', size: st.size };
    if (bytesRead === 4 && head.readUInt32LE(0) === 0xfd2fb528) return { kind: 'zstd', size: st.size };
    return { kind: 'tar', size: st.size };
  } finally {
    await fh.close();
  }
}

/** Options of the streaming pass. */
export interface PassOptions {
  limits: PassLimits;
  /** Called with the number of archive bytes read so far (progress). */
  onBytes?: (n: number) => void;
}

/**
 * Opens an archive file as a stream of its tar bytes (outer gzip / zstd removed). The stream errors with an
 * InputProblem when a compressed archive expands more than `maxRatio`:1 past {@link RATIO_FLOOR} bytes (default
 * {@link DEFAULT_LIMITS}: `--max-ratio`).
 * @throws InputProblem when unreadable.
 */
export async function openArchive(file: string, onBytes?: (n: number) => void, maxRatio: number = DEFAULT_LIMITS.maxRatio): Promise<Readable> {
  const { kind } = await outerKind(file);
  const raw = createReadStream(file, { highWaterMark: READ_CHUNK });
  let read = 0;
  raw.on('data', (c) => {
    read += c.length;
    onBytes?.(read);
  });
  if (kind === 'tar') return raw;
  const dec = kind === 'gzip' ? createGunzip({ chunkSize: READ_CHUNK }) : zstdDecompressor();
  raw.on('error', (e) => dec.destroy(e));
  // The outer compression of `docker save | gzip` gets the layers' expansion bound too: past RATIO_FLOOR bytes,
  // more than maxRatio bytes out per byte in is a decompression bomb (a real archive expands a few times), refused
  // before it costs hours of CPU.
  let out = 0;
  const bound = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      out += chunk.length;
      if (out > RATIO_FLOOR && out > maxRatio * Math.max(1, read))
        return cb(new InputProblem(`${file}: the compressed archive expands more than ${maxRatio}:1 (${out} bytes from ${read}): refused as a decompression bomb (--max-ratio)`));
      cb(null, chunk);
    },
  });
  dec.on('error', (e) => bound.destroy(e));
  return raw.pipe(dec).pipe(bound);
}

/** Turns tar-stream's and zlib's errors into one-line input problems. */
export function describeArchiveError(file: string, e: unknown): InputProblem {
  if (e instanceof InputProblem) return e;
  const msg = String((e as Error)?.message ?? e);
  if (/Unexpected end of data|unexpected end/i.test(msg)) return new InputProblem(`${file}: truncated archive (unexpected end of data)`);
  if (/lone zero block|after the end-of-archive/i.test(msg)) return new InputProblem(`${file}: malformed tar archive: ${msg.split('\n')[0]}`);
  if (/Invalid tar header/i.test(msg)) return new InputProblem(`${file}: not a tar archive (invalid tar header)`);
  if (/incorrect header check|zstd/i.test(msg)) return new InputProblem(`${file}: corrupt compressed archive: ${msg.split('\n')[0]}`);
  return new InputProblem(`${file}: cannot read archive: ${msg.split('\n')[0]}`);
}

/**
 * Reads `file` sequentially in chunks of {@link REUSED_CHUNK} bytes into two buffers used in turn (the next
 * read runs on the thread pool while `each` works on the current chunk) and awaits `each` before its buffer is
 * read into again: no allocation per read, so no page faults per read (they cost as much CPU as sha256).
 * `each` must copy what it keeps.
 * @throws the fs error when the file cannot be read, or what `each` throws.
 */
export async function readReusing(file: string, each: (chunk: Buffer) => Promise<void>, onBytes?: (n: number) => void): Promise<void> {
  const fh = await open(file, 'r');
  const bufs = [Buffer.allocUnsafeSlow(REUSED_CHUNK), Buffer.allocUnsafeSlow(REUSED_CHUNK)];
  let turn = 0;
  let total = 0;
  let pending: Promise<{ bytesRead: number }> | undefined = fh.read(bufs[0], 0, REUSED_CHUNK, null);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      pending = undefined;
      if (bytesRead === 0) break;
      const cur = bufs[turn];
      turn ^= 1;
      pending = fh.read(bufs[turn], 0, REUSED_CHUNK, null);
      onBytes?.((total += bytesRead));
      await each(bytesRead === cur.length ? cur : cur.subarray(0, bytesRead));
    }
  } finally {
    await pending?.catch(() => undefined);
    await fh.close();
  }
}

/**
 * Streams the tar archive `file` once and returns what it holds ({@link Listing}).
 * @throws InputProblem for a file that is not a tar, truncated, or holds no entry.
 */
export async function listArchive(file: string, opts: PassOptions): Promise<Listing> {
  const listing: Listing = { blobs: new Map(), links: new Map(), duplicates: new Map(), entries: 0, bytes: 0 };
  const budget: EntryBudget = { used: 0, json: 0 };
  const seen = new Set<string>();
  let sink: BlobSink | undefined;
  let path = '';
  const walker = new TarWalker({
    entry: (h) => {
      path = archivePath(h.name);
      const index = listing.entries++;
      const type = entryType(h.type);
      if (type !== 'directory') {
        if (seen.has(path)) listing.duplicates.set(path, (listing.duplicates.get(path) ?? 1) + 1);
        seen.add(path);
      }
      // An entry written through a symbolic link entry of this archive, or above its root: not where its name says.
      if (path === '..' || path.startsWith('../')) (listing.strayPaths ??= new Map()).set(path, '..');
      else if (listing.links.size)
        for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
          const dir = path.slice(0, i);
          if (listing.links.get(dir)?.type === 'symlink') {
            (listing.strayPaths ??= new Map()).set(path, dir);
            break;
          }
        }
      if (type === 'file') sink = new BlobSink(path, index, opts.limits, budget, h.byteOffset);
      else if ((type === 'symlink' || type === 'link') && h.linkname) listing.links.set(path, { type, target: h.linkname });
    },
    data: (c) => sink?.write(c),
    end: async () => {
      if (!sink) return;
      const s = sink;
      sink = undefined;
      const info = await s.end();
      listing.bytes += info.size;
      if (!listing.blobs.has(path)) listing.blobs.set(path, info);
    },
  });
  const { kind } = await outerKind(file);
  try {
    if (kind === 'tar') await readReusing(file, (c) => walker.write(c), opts.onBytes);
    else for await (const chunk of await openArchive(file, opts.onBytes, opts.limits.maxRatio)) await walker.write(chunk as Buffer);
    await walker.end();
  } catch (e) {
    sink?.abort();
    throw describeArchiveError(file, e);
  }
  if (listing.entries === 0) throw new InputProblem(`${file}: empty archive (no entries)`);
  return listing;
}

/**
 * Reads an OCI image layout directory (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`): every regular file
 * under it is hashed and scanned like an archive entry. Symbolic links are recorded, never followed.
 * @throws InputProblem when the directory cannot be read.
 */
export async function listDirectory(dir: string, opts: PassOptions): Promise<Listing> {
  const listing: Listing = { blobs: new Map(), links: new Map(), duplicates: new Map(), entries: 0, bytes: 0 };
  const budget: EntryBudget = { used: 0, json: 0 };
  let total = 0;
  // Refuse before reading anything when this is not an OCI layout (do not hash a whole home directory).
  const top = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    throw new InputProblem(`${dir}: cannot read: ${e.code ?? e.message}`);
  });
  if (!top.includes('index.json') && !top.includes('oci-layout')) throw new InputProblem(`${dir}: not an OCI image layout (no index.json or oci-layout in it)`);
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (depth > 8) return;
    let names: string[];
    try {
      names = (await readdir(join(dir, rel))).sort();
    } catch (e) {
      throw new InputProblem(`${join(dir, rel)}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    for (const n of names) {
      const r = rel ? `${rel}/${n}` : n;
      const st = await lstat(join(dir, r));
      if (st.isDirectory()) await walk(r, depth + 1);
      else if (st.isSymbolicLink()) {
        listing.entries++;
        listing.links.set(r, { type: 'symlink', target: '(symbolic link in an OCI layout directory)' });
      } else if (st.isFile()) {
        const index = listing.entries++;
        const sink = new BlobSink(r, index, opts.limits, budget);
        const before = total;
        try {
          await readReusing(join(dir, r), (chunk) => sink.write(chunk), (n) => opts.onBytes?.((total = before + n)));
        } catch (e) {
          sink.abort();
          throw new InputProblem(`${join(dir, r)}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
        const info = await sink.end();
        listing.bytes += info.size;
        listing.blobs.set(r, info);
      }
    }
  };
  await walk('', 0);
  if (listing.entries === 0) throw new InputProblem(`${dir}: empty directory, not an OCI image layout`);
  return listing;
}
