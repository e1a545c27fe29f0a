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
 * Nothing of a blob is held whole in memory except JSON blobs of at most {@link MAX_JSON_BYTES}.
 *
 * Errors: {@link InputProblem} (exit 2) for unusable input: not a tar, truncated, empty, unreadable.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as fzstd from 'fzstd';
import * as tar from 'tar-stream';
import { findSecretsInFile, isSecretCandidate, MAX_SECRET_FILE } from './secret-files.js';
import { MAX_JSON_BYTES, RATIO_FLOOR, type BlobInfo, type BlobKind, type EntryType, type LayerScan, type Listing, type PassLimits } from './types.js';

/** Unusable input: not an archive, truncated, empty, unreadable. The CLI prints it as one line, exit 2. */
export class InputProblem extends Error {}

/** Raised inside a layer pipeline when expansion passes the limits. */
class BombError extends Error {}

/** Read size of archive files: large chunks keep hashing near OpenSSL's own speed. */
const READ_CHUNK = 1024 * 1024;

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

/** Maps tar-stream's header type to an {@link EntryType}. */
export function entryType(t: tar.Header['type'] | string | null | undefined): EntryType {
  switch (t) {
    case 'file':
    case 'contiguous-file':
    case undefined:
    case null:
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
 */
class LayerPipe {
  private readonly src = new PassThrough({ highWaterMark: READ_CHUNK });
  private readonly done: Promise<void>;
  private readonly uhash: Hash | undefined;
  error: Error | undefined;
  uncompressed = 0;
  readonly scan: LayerScan = { entries: [], secrets: [] };

  constructor(kind: 'gzip' | 'zstd' | 'tar', limits: PassLimits, compressedSoFar: () => number) {
    this.uhash = kind === 'tar' ? undefined : createHash('sha256');
    const self = this;
    const counter = new Transform({
      transform(chunk: Buffer, _e, cb: TransformCallback) {
        // After the first error the pipeline is being torn down: drop what still arrives.
        if (self.error) return cb();
        self.uncompressed += chunk.length;
        let bomb: BombError | undefined;
        if (self.uncompressed > limits.maxSize) bomb = new BombError(`expands beyond --max-size ${limits.maxSize} bytes`);
        else if (self.uncompressed > RATIO_FLOOR && self.uncompressed > limits.maxRatio * Math.max(1, compressedSoFar()))
          bomb = new BombError(`expands more than ${limits.maxRatio}:1 (${self.uncompressed} bytes from ${compressedSoFar()})`);
        if (bomb) {
          self.error = bomb;
          return cb(bomb);
        }
        self.uhash?.update(chunk);
        cb(null, chunk);
      },
    });
    const ex = tar.extract();
    ex.on('entry', (h, s, next) => {
      // Torn down with the pipeline's error, which the pipeline reports.
      s.on('error', () => undefined);
      const type = entryType(h.type);
      this.scan.entries.push({ name: h.name, type, mode: (h.mode ?? 0) & 0o7777, size: h.size ?? 0, linkname: h.linkname ?? undefined, uid: h.uid ?? 0, gid: h.gid ?? 0 });
      if (type === 'file' && (h.size ?? 0) <= MAX_SECRET_FILE && isSecretCandidate(h.name)) {
        const parts: Buffer[] = [];
        s.on('data', (c: unknown) => { parts.push(Buffer.from(c as Buffer)); });
        s.on('end', () => {
          this.scan.secrets.push(...findSecretsInFile(h.name, Buffer.concat(parts)));
          next();
        });
      } else {
        s.on('end', () => next());
        s.resume();
      }
    });
    const stages: (NodeJS.ReadableStream | NodeJS.ReadWriteStream | NodeJS.WritableStream)[] = [this.src];
    if (kind === 'gzip') stages.push(createGunzip({ chunkSize: 256 * 1024 }));
    if (kind === 'zstd') stages.push(zstdDecompressor());
    stages.push(counter, ex);
    this.done = (pipeline as (...s: unknown[]) => Promise<void>)(...stages).catch((e: Error) => {
      this.error ??= e;
    });
  }

  /** Pushes compressed bytes; waits while the pipeline is full. After an error it swallows input. */
  async write(chunk: Buffer): Promise<void> {
    if (this.error) return;
    if (!this.src.write(chunk)) await Promise.race([new Promise((ok) => this.src.once('drain', ok)), this.done]);
  }

  /** Ends the input and waits for the pipeline; returns what it learned. */
  async end(): Promise<{ diffId?: string; error?: string; bomb?: boolean }> {
    if (!this.error) this.src.end();
    await this.done;
    if (this.error) {
      const bomb = this.error instanceof BombError;
      return { error: bomb ? this.error.message : describeDecodeError(this.error), bomb };
    }
    return { diffId: this.uhash ? `sha256:${this.uhash.digest('hex')}` : undefined };
  }

  /** Stops a pipeline whose blob ended abnormally. */
  abort(): void {
    this.error ??= new Error('aborted');
    this.src.destroy();
  }
}

function describeDecodeError(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') return `gzip: ${e.message}`;
  return e.message.split('\n')[0];
}

/** Hashes, sizes, sniffs and (for layers) decodes one blob as its chunks arrive. */
class BlobSink {
  private readonly hash = createHash('sha256');
  private size = 0;
  private head: Buffer[] = [];
  private headLen = 0;
  private kind: BlobKind | undefined;
  private json: Buffer[] | undefined;
  private jsonLen = 0;
  private layer: LayerPipe | undefined;

  constructor(
    private readonly path: string,
    private readonly index: number,
    private readonly limits: PassLimits,
    private readonly offset?: number,
  ) {}

  async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.kind === undefined) {
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
    if (this.kind === 'gzip' || this.kind === 'zstd' || this.kind === 'tar') this.layer = new LayerPipe(this.kind, this.limits, () => this.size);
    if (this.kind === 'json') this.json = [];
    await this.feed(buffered);
  }

  private async feed(chunk: Buffer): Promise<void> {
    if (this.json) {
      this.jsonLen += chunk.length;
      if (this.jsonLen > MAX_JSON_BYTES) this.json = undefined;
      else this.json.push(Buffer.from(chunk));
    }
    if (this.layer) await this.layer.write(chunk);
  }

  async end(): Promise<BlobInfo> {
    if (this.kind === undefined) await this.decide(Buffer.concat(this.head));
    const info: BlobInfo = { path: this.path, digest: `sha256:${this.hash.digest('hex')}`, size: this.size, kind: this.kind!, index: this.index };
    if (this.offset !== undefined) info.offset = this.offset;
    if (this.json) info.json = Buffer.concat(this.json);
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

/** Normalises an archive path: no leading `./` or `/`, no trailing `/`, no empty or `.` segments. */
export function archivePath(name: string): string {
  return name
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
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
 * Opens an archive file as a stream of its tar bytes (outer gzip / zstd removed).
 * @throws InputProblem when unreadable.
 */
export async function openArchive(file: string, onBytes?: (n: number) => void): Promise<Readable> {
  const { kind } = await outerKind(file);
  const raw = createReadStream(file, { highWaterMark: READ_CHUNK });
  if (onBytes) {
    let n = 0;
    raw.on('data', (c) => onBytes((n += c.length)));
  }
  if (kind === 'tar') return raw;
  const dec = kind === 'gzip' ? createGunzip({ chunkSize: READ_CHUNK }) : zstdDecompressor();
  raw.on('error', (e) => dec.destroy(e));
  return raw.pipe(dec);
}

/** Turns tar-stream's and zlib's errors into one-line input problems. */
export function describeArchiveError(file: string, e: unknown): InputProblem {
  if (e instanceof InputProblem) return e;
  const msg = String((e as Error)?.message ?? e);
  if (/Unexpected end of data|unexpected end/i.test(msg)) return new InputProblem(`${file}: truncated archive (unexpected end of data)`);
  if (/Invalid tar header/i.test(msg)) return new InputProblem(`${file}: not a tar archive (invalid tar header)`);
  if (/incorrect header check|zstd/i.test(msg)) return new InputProblem(`${file}: corrupt compressed archive: ${msg.split('\n')[0]}`);
  return new InputProblem(`${file}: cannot read archive: ${msg.split('\n')[0]}`);
}

/**
 * Streams the tar archive `file` once and returns what it holds ({@link Listing}).
 * @throws InputProblem for a file that is not a tar, truncated, or holds no entry.
 */
export async function listArchive(file: string, opts: PassOptions): Promise<Listing> {
  const listing: Listing = { blobs: new Map(), links: new Map(), duplicates: new Map(), entries: 0, bytes: 0 };
  const input = await openArchive(file, opts.onBytes);
  const extract = tar.extract();
  const feeding = pipeline(input, extract).catch((e: unknown) => {
    extract.destroy(e as Error);
    throw e;
  });
  feeding.catch(() => undefined);
  const seen = new Set<string>();
  try {
    for await (const entry of extract) {
      const h = entry.header;
      const path = archivePath(h.name);
      const index = listing.entries++;
      const type = entryType(h.type);
      if (type !== 'directory') {
        if (seen.has(path)) listing.duplicates.set(path, (listing.duplicates.get(path) ?? 1) + 1);
        seen.add(path);
      }
      if (type === 'file') {
        const sink = new BlobSink(path, index, opts.limits, (h as { byteOffset?: number }).byteOffset);
        try {
          for await (const chunk of entry) await sink.write(chunk as Buffer);
        } catch (e) {
          sink.abort();
          throw e;
        }
        const info = await sink.end();
        listing.bytes += info.size;
        if (!listing.blobs.has(path)) listing.blobs.set(path, info);
      } else {
        if ((type === 'symlink' || type === 'link') && h.linkname) listing.links.set(path, { type, target: h.linkname });
        entry.resume();
      }
    }
    await feeding;
  } catch (e) {
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
        const sink = new BlobSink(r, index, opts.limits);
        for await (const chunk of createReadStream(join(dir, r), { highWaterMark: READ_CHUNK })) {
          await sink.write(chunk as Buffer);
          opts.onBytes?.((total += (chunk as Buffer).length));
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
