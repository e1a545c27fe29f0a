/**
 * Helpers shared by the `bulwark` commands: one-line errors, atomic writes, stdin.
 */
import { createWriteStream } from 'node:fs';
import { chmod, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { printable } from '../report/text.js';

/** A usage or input error: `main` prints its message as one `bulwark: …` line and exits 2. */
export class UsageError extends Error {}

/** Writes one `bulwark: …` line to stderr, control characters from inputs made visible. */
export function say(message: string): void {
  process.stderr.write(`bulwark: ${printable(message)}\n`);
}

export function fail(message: string): never {
  say(message);
  process.exit(2);
}

/** Writes pieces to a stream, waiting for it to drain when its buffer is full. */
export async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string | Uint8Array>): Promise<void> {
  for (const c of chunks) {
    if (!stream.write(c)) await new Promise<void>((ok) => stream.once('drain', ok));
  }
}

/** Resolves when `stream` has flushed and closed, rejects on its first error. */
function finished(stream: NodeJS.WritableStream & { end(cb?: () => void): void }): Promise<void> {
  return new Promise((ok, fail) => {
    stream.once('error', fail);
    stream.end(() => ok());
  });
}

/**
 * Writes `chunks` to `path` atomically: a temporary file in the same directory, then rename. An existing
 * file keeps its permission bits (a script stays executable; `mode` overrides them) and a symbolic link is
 * followed, so the link stays a link. A path that exists and is not a regular file (`/dev/null`,
 * `/dev/stdout`, a FIFO) is written in place instead: renaming over a device node would replace it.
 * @throws NodeJS.ErrnoException (ENOENT for a missing directory, EACCES…); the temporary file is removed.
 */
export async function writeAtomic(path: string, chunks: Iterable<string | Uint8Array>, mode?: number): Promise<void> {
  const real = await realpath(path).catch(() => path);
  const st = await stat(real).catch(() => undefined);
  const direct = !!st && !st.isFile();
  const tmp = direct ? real : join(dirname(real), `.${basename(real)}.${process.pid}.tmp`);
  const out = createWriteStream(tmp, direct ? {} : { flags: 'wx', mode: 0o600 });
  try {
    await new Promise<void>((ok, fail) => {
      out.once('open', () => ok());
      out.once('error', fail);
    });
    await writeChunks(out, chunks);
    await finished(out);
    if (!direct) {
      await chmod(tmp, (mode ?? st?.mode ?? 0o644) & 0o7777);
      await rename(tmp, real);
    }
  } catch (e) {
    out.destroy();
    if (!direct) await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** Reads all of stdin as UTF-8. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

