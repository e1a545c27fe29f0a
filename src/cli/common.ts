/**
 * Helpers shared by the `bulwark` commands: one-line errors, atomic writes, stdin.
 */
import { closeSync, createWriteStream, openSync, statSync, writeSync, type Stats } from 'node:fs';
import { chmod, chown, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { printable } from '../report/text.js';

/** A usage or input error: `main` prints its message as one `bulwark: …` line and exits 2. */
export class UsageError extends Error {}

/**
 * The rules a flag names (`--ignore`, `harden --only`): ids or slugs in any case, repeatable or comma-separated,
 * as `{ id, slug }` metadata. Loads the rule set on first use.
 * @throws UsageError for a name no rule has (`--only BW-9999: unknown rule`, with the nearest slug when one is close)
 */
export async function rulesNamed(flag: string, values: string[]): Promise<{ id: string; slug: string }[]> {
  const { allRules } = await import('../rules/index.js');
  const { closest } = await import('../engine/config.js');
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
    .map((name) => {
      const r = allRules.find((x) => x.meta.id.toLowerCase() === name.toLowerCase() || x.meta.slug === name.toLowerCase());
      if (r) return r.meta;
      const near = /^bw-\d+$/i.test(name) ? undefined : closest(name, allRules.map((x) => x.meta.slug));
      throw new UsageError(`${flag} ${name}: unknown rule${near ? ` (did you mean ${near}?)` : ''}; \`bulwark rules\` lists them`);
    });
}

/** Writes one `bulwark: …` line to stderr, control characters from inputs made visible. */
export function say(message: string): void {
  process.stderr.write(`bulwark: ${printable(message)}\n`);
}

export function fail(message: string): never {
  say(message);
  process.exit(2);
}

/**
 * Bytes a stream may hold unwritten before {@link writeChunks} waits for it: the next pieces are produced
 * while the earlier ones are written (a report of 65 MB in 1 MiB pieces otherwise waits for every write to a
 * file: ~0.1 s of idle main thread on the bench machine), in bounded memory.
 */
const WRITE_AHEAD_BYTES = 8 << 20;

/**
 * Writes pieces to a stream, waiting for it to drain when more than {@link WRITE_AHEAD_BYTES} are queued.
 * @throws the stream's error (ENOSPC on a full disk, EPIPE…), whether it came before or while waiting: a stream
 *   that fails never drains, so waiting for 'drain' alone would leave the caller pending and the process would
 *   end with nothing said.
 */
export async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string | Uint8Array>): Promise<void> {
  // EPIPE (the reader closed the pipe: `bulwark audit | head`) is not the writer's failure: the process's stdout
  // 'error' handler ends the run quietly with the findings' exit code (cli/main.ts), so it is not thrown here.
  const errored = () => {
    const e = (stream as { errored?: NodeJS.ErrnoException | null }).errored ?? undefined;
    return e?.code === 'EPIPE' ? undefined : e;
  };
  for (const c of chunks) {
    const early = errored();
    if (early) throw early;
    // A false return means the stream will emit 'drain'; it is awaited only past the write-ahead bound.
    const full = !stream.write(c);
    const queued = (stream as { writableLength?: number }).writableLength;
    if (full && (queued === undefined || queued > WRITE_AHEAD_BYTES)) {
      await new Promise<void>((ok, fail) => {
        const done = (e?: NodeJS.ErrnoException) => {
          stream.off('drain', done);
          stream.off('error', done);
          if (e && e.code !== 'EPIPE') fail(e);
          else ok();
        };
        stream.once('drain', done);
        stream.once('error', done);
        const late = errored();
        if (late) done(late);
      });
    }
  }
  const last = errored();
  if (last) throw last;
}

/**
 * Resolves when `stream` has flushed and closed, rejects with its error: one it met while writing (already
 * destroyed) or while flushing (`end`'s callback receives it).
 */
function finished(stream: NodeJS.WritableStream & { end(cb?: (e?: Error | null) => void): void; errored?: Error | null }): Promise<void> {
  return new Promise((ok, fail) => {
    if (stream.errored) {
      fail(stream.errored);
      return;
    }
    stream.once('error', fail);
    // The callback gets the error of the last write (ENOSPC on /dev/full) before the 'error' event is emitted.
    stream.end((e?: Error | null) => (e ? fail(e) : ok()));
  });
}

/**
 * Writes `chunks` to `path` atomically: a temporary file in the same directory, then rename. An existing
 * file keeps its permission bits (a script stays executable; `mode` overrides them), its owner and group
 * (where the writer may chown: root, or a group the writer is in; else EPERM is ignored) and a symbolic link is
 * followed, so the link stays a link. A path that exists and is not a regular file (`/dev/null`,
 * `/dev/stdout`, a FIFO) is written in place instead: renaming over a device node would replace it.
 *
 * The temporary file is written with synchronous writes, one per piece: a write to a regular file returns as
 * soon as the kernel has the bytes, while a stream's writes each wait for the main thread, which is busy
 * producing the next pieces (for the 65 MB report of the bench's Compose run: ~0.15 s of idle main thread
 * with a stream, ~15 ms of writes without).
 * @throws NodeJS.ErrnoException (ENOENT for a missing directory, EACCES…); the temporary file is removed.
 */
export async function writeAtomic(path: string, chunks: Iterable<string | Uint8Array>, mode?: number): Promise<void> {
  const real = await realpath(path).catch(() => path);
  const st = await stat(real).catch(() => undefined);
  const direct = !!st && !st.isFile();
  if (!direct) {
    const tmp = join(dirname(real), `.${basename(real)}.${process.pid}.tmp`);
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      try {
        for (const c of chunks) {
          const bytes = typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
          for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
        }
      } finally {
        closeSync(fd);
      }
      // The replaced file's owner and group, which a new file would not have (root writing a user's file, qa-c 4):
      // before chmod, as chown(2) clears setuid/setgid bits. Without the privilege to give a file away (EPERM)
      // the writer's own ids stay.
      if (st && (st.uid !== process.getuid?.() || st.gid !== process.getgid?.())) {
        await chown(tmp, st.uid, st.gid).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== 'EPERM') throw e;
        });
      }
      await chmod(tmp, (mode ?? st?.mode ?? 0o644) & 0o7777);
      await rename(tmp, real);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    return;
  }
  const tmp = real;
  const out = createWriteStream(tmp, {});
  // Every error of the stream is the write's (the promises below each look at it); without a listener between
  // them an 'error' event would be thrown from the event loop.
  out.on('error', () => undefined);
  try {
    await new Promise<void>((ok, fail) => {
      out.once('open', () => ok());
      out.once('error', fail);
    });
    await writeChunks(out, chunks);
    await finished(out);
  } catch (e) {
    out.destroy();
    throw e;
  }
}

/** Reads all of stdin as UTF-8. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `statSync(path)` (following symbolic links), or `undefined` when it does not exist or cannot be read. */
export function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
