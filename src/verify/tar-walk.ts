/**
 * A push-style tar walker for the streaming pass of `bulwark verify` (issue 7; paper §IV.4; R-P): fed chunks of
 * a tar stream, it calls back once per entry with its decoded header, then with the entry's data as subarrays
 * OF THE CHUNK GIVEN (no copy), then at its end. Headers are decoded by tar-stream's own header codec
 * (`headers.decode`, `decodePax`, `decodeLongPath`: ustar, GNU long names, PAX records, base-256 sizes); this
 * class only frames the 512-byte blocks, exactly as tar-stream's `extract()` does (same error messages, same
 * `byteOffset`, the same handling of PAX global headers, zero blocks and directories).
 *
 * Where this walker departs from tar-stream, to read a tar the way Docker does (Go's `archive/tar`, which
 * `docker load` and the layer applier use; GNU tar agrees) — a parser differential would let an archive show
 * bulwark one tree and Docker another:
 *  - end of archive: two consecutive zero blocks end the archive; what follows is never read as entries
 *    (tar-stream skips zero blocks and reads on). Non-zero bytes after the end are an error (`Data after the
 *    end-of-archive marker`), and so is a lone zero block followed by another header (Go: `archive/tar:
 *    invalid tar header`);
 *  - header-only types (hard link, symbolic link, character / block device, directory, fifo) have no data,
 *    whatever their size field says (Go's `isHeaderOnlyType`): the next block is the next header, and the
 *    header handed out says size 0 (tar-stream skips `size` bytes for all but directories: an entry hidden in
 *    the "data" of a symbolic link would be seen by Docker and not by bulwark);
 *  - a type flag tar-stream does not know (GNU sparse `S`, `D`, `V`, vendor types) is type `unknown`
 *    (tar-stream says `null`, which reads as a regular file), and so is a regular file with PAX
 *    `GNU.sparse.*` records (Go expands it and names it `GNU.sparse.name`);
 *  - PAX `uid` and `gid` records are applied as Go applies them; a PAX global header (`g`) changes no later
 *    entry (tar-stream merges its records into the next entry's PAX header, Go and Docker ignore it).
 *
 * Why not `tar.extract()`: extract() keeps references to the chunks written to it (a partial header, entry
 * data waiting in a paused entry stream) past the write, so the reader had to allocate a fresh buffer for every
 * read — page faults cost as much CPU as the sha256 itself on a 1 GB archive (bench/verify.mjs). A walker whose
 * handlers are done with a chunk when {@link TarWalker.write} resolves lets the reader reuse its read buffers.
 * Handlers must copy what they keep.
 *
 * Errors (thrown by `write` / `end`, as tar-stream's): `Invalid tar header. Maybe the tar is corrupted or it
 * needs to be gunzipped?`, `Invalid tar header: unknown format.`, `Header exceeds max size`, `Invalid header`,
 * `Unexpected end of data`; and this walker's own `Invalid tar header: a lone zero block followed by another
 * header …` and `Data after the end-of-archive marker …`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Header } from 'tar-stream';

/** tar-stream's header codec (not in its package `exports`, so loaded from beside its entry point). */
interface HeaderCodec {
  decode(buf: Buffer, filenameEncoding: string, allowUnknownFormat: boolean): WalkHeader | null;
  decodePax(buf: Buffer): Record<string, string>;
  decodeLongPath(buf: Buffer, encoding: string): string;
}

let codec: HeaderCodec | undefined;
function headers(): HeaderCodec {
  if (!codec) {
    const req = createRequire(import.meta.url);
    codec = req(join(dirname(req.resolve('tar-stream')), 'headers.js')) as HeaderCodec;
  }
  return codec;
}

/** Same bound as tar-stream: a PAX or GNU long-name record larger than this is refused. */
const MAX_HEADER_SIZE = 4 * 1024 * 1024;
const FILENAME_ENCODING = 'utf-8';

/** Types Go's archive/tar reads no data for, whatever the size field says (`isHeaderOnlyType`). */
const HEADER_ONLY = new Set(['link', 'symlink', 'character-device', 'block-device', 'directory', 'fifo']);

/** Padding after `size` bytes of data, to the next 512-byte block. */
function overflow(size: number): number {
  size &= 511;
  return size ? 512 - size : 0;
}

/** A decoded entry header, as tar-stream's `Header`, with `byteOffset`: offset of its data in the tar stream. */
export type WalkHeader = Omit<Header, 'type'> & {
  type: Header['type'] | 'gnu-long-path' | 'gnu-long-link-path' | 'pax-global-header' | 'pax-header' | 'unknown' | null;
  byteOffset: number;
};

/** What the walker calls. A returned promise is awaited before the walker goes on. */
export interface WalkHandlers {
  /** A new entry (its data follows through {@link data}, then {@link end}). */
  entry(h: WalkHeader): void | Promise<void>;
  /** Data of the current entry: a subarray of the chunk given to `write`, valid only during the call. */
  data(chunk: Buffer): void | Promise<void>;
  /** The current entry's data is complete. */
  end(): void | Promise<void>;
}

/** Frames a tar stream into entries; see the module comment. */
export class TarWalker {
  /** Bytes of an incomplete header or long-header record carried over to the next write (copied). */
  private carry: Buffer[] = [];
  private carryLen = 0;
  /** Bytes of the stream consumed so far (offset of the next byte). */
  private pos = 0;
  /** Data bytes of the current entry still to come (0: none). */
  private missing = 0;
  /** Padding bytes to skip after the current entry's data or a long header. */
  private skip = 0;
  private header: WalkHeader | null = null;
  /** The current header is a PAX / GNU long-name record whose body is being collected. */
  private longHeader = false;
  private pax: Record<string, string> | null = null;
  private gnuLongPath: string | null = null;
  private gnuLongLinkPath: string | null = null;
  /** Consecutive all-zero header blocks just read (2: the end-of-archive marker). */
  private zeroBlocks = 0;
  /** The end-of-archive marker was read: the rest of the stream is not entries. */
  ended = false;
  /** Bytes after the end-of-archive marker, and whether any of them is not zero. */
  trailing = 0;
  private trailingData = false;
  /** Entries seen, PAX and GNU records excluded. */
  entries = 0;

  constructor(private readonly on: WalkHandlers) {}

  /** Walks `chunk`; resolves when every handler is done with it. @throws Error for a malformed tar. */
  async write(chunk: Buffer): Promise<void> {
    let off = 0;
    const len = chunk.length;
    while (off < len) {
      if (this.ended) {
        // Past the end-of-archive marker: only counted (and checked for data), never read as entries.
        if (!this.trailingData) for (let i = off; i < len; i++) if (chunk[i] !== 0) { this.trailingData = true; break; }
        this.trailing += len - off;
        this.pos += len - off;
        return;
      }
      if (this.missing > 0) {
        const n = Math.min(this.missing, len - off);
        this.missing -= n;
        this.pos += n;
        const r = this.on.data(n === len && off === 0 ? chunk : chunk.subarray(off, off + n));
        if (r) await r;
        off += n;
        if (this.missing === 0) await this.finishEntry();
        continue;
      }
      if (this.skip > 0) {
        const n = Math.min(this.skip, len - off);
        this.skip -= n;
        this.pos += n;
        off += n;
        continue;
      }
      const need = this.longHeader ? this.header!.size! : 512;
      if (this.carryLen === 0 && len - off >= need) {
        const block = chunk.subarray(off, off + need);
        off += need;
        this.pos += need;
        await this.block(block);
        continue;
      }
      // Incomplete: collect (copying, the chunk is not ours) until `need` bytes are there.
      const n = Math.min(need - this.carryLen, len - off);
      this.carry.push(Buffer.from(chunk.subarray(off, off + n)));
      this.carryLen += n;
      off += n;
      this.pos += n;
      if (this.carryLen === need) {
        const block = Buffer.concat(this.carry, need);
        this.carry = [];
        this.carryLen = 0;
        await this.block(block);
      }
    }
  }

  /** The stream ended. @throws Error `Unexpected end of data` when it ended inside an entry or a header. */
  async end(): Promise<void> {
    if (this.trailingData) throw new Error(`Data after the end-of-archive marker (${this.trailing} bytes follow it): Docker's tar reader never reads it`);
    if (this.ended) return;
    if (this.missing > 0 || this.skip > 0 || this.carryLen > 0 || this.longHeader) throw new Error('Unexpected end of data');
  }

  private async finishEntry(): Promise<void> {
    this.skip = overflow(this.header!.size ?? 0);
    this.header = null;
    const r = this.on.end();
    if (r) await r;
  }

  /** A complete header block, or the complete body of a long-header record. */
  private async block(buf: Buffer): Promise<void> {
    const codec = headers();
    if (this.longHeader) {
      const h = this.header!;
      this.longHeader = false;
      this.skip = overflow(h.size!);
      switch (h.type) {
        case 'gnu-long-path':
          this.gnuLongPath = codec.decodeLongPath(buf, FILENAME_ENCODING);
          break;
        case 'gnu-long-link-path':
          this.gnuLongLinkPath = codec.decodeLongPath(buf, FILENAME_ENCODING);
          break;
        case 'pax-global-header':
          codec.decodePax(buf); // decoded (a malformed one is an error, as in Go) but not applied: see the module comment
          break;
        case 'pax-header':
          // Not merged with a global header's records: Go returns global headers as entries and Docker
          // ignores them ("PAX Global Extended Headers found and ignored"); tar-stream merges them.
          this.pax = codec.decodePax(buf);
          break;
      }
      this.header = null;
      return;
    }
    const h = codec.decode(buf, FILENAME_ENCODING, false);
    if (!h) {
      // An all-zero block: two in a row end the archive (Go's archive/tar, GNU tar).
      if (++this.zeroBlocks >= 2) this.ended = true;
      return;
    }
    if (this.zeroBlocks > 0) throw new Error('Invalid tar header: a lone zero block followed by another header (the end-of-archive marker is two zero blocks; Go archive/tar refuses this)');
    h.byteOffset = this.pos;
    if (h.type === null) h.type = 'unknown';
    this.header = h;
    switch (h.type) {
      case 'gnu-long-path':
      case 'gnu-long-link-path':
      case 'pax-global-header':
      case 'pax-header':
        if (h.size! > MAX_HEADER_SIZE) throw new Error('Header exceeds max size');
        if (h.size! > 0) {
          this.longHeader = true;
          return;
        }
        // An empty record: nothing to decode.
        this.header = null;
        return;
    }
    if (this.gnuLongPath) {
      h.name = this.gnuLongPath;
      this.gnuLongPath = null;
    }
    if (this.gnuLongLinkPath) {
      h.linkname = this.gnuLongLinkPath;
      this.gnuLongLinkPath = null;
    }
    if (this.pax) {
      if (this.pax.path) h.name = this.pax.path;
      if (this.pax.linkpath) h.linkname = this.pax.linkpath;
      if (this.pax.size) h.size = parseInt(this.pax.size, 10);
      if (this.pax.uid && /^\d+$/.test(this.pax.uid)) h.uid = parseInt(this.pax.uid, 10);
      if (this.pax.gid && /^\d+$/.test(this.pax.gid)) h.gid = parseInt(this.pax.gid, 10);
      if (Object.keys(this.pax).some((k) => k.startsWith('GNU.sparse.'))) h.type = 'unknown';
      h.pax = this.pax;
      this.pax = null;
    }
    if (!(h.size! >= 0)) throw new Error('Invalid header');
    if (h.type !== null && HEADER_ONLY.has(h.type)) h.size = 0;
    this.entries++;
    const r = this.on.entry(h);
    if (r) await r;
    // Header-only types carry no data (size set to 0 above): the next block is the next header.
    if (h.size === 0) {
      this.header = null;
      const e = this.on.end();
      if (e) await e;
      return;
    }
    this.missing = h.size!;
  }
}
