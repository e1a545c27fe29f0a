/**
 * The implementation of `bulwark pin` (registered in src/cli/pin.ts): resolve digests, rewrite or diff.
 * R-G1, issue 7. Notes (what was not pinned and why, pins to a local image ID) go to stderr so that
 * stdout is a clean diff.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { say, UsageError, writeAtomic, writeChunks } from '../cli/common.js';
import type { InputKind } from '../model/types.js';
import { archiveResolver, engineResolver, pinFile, unifiedDiff, type PinResult, type Resolver } from './pin.js';

/** Flags of `bulwark pin`. */
export interface PinFlags {
  archive?: string[];
  write?: boolean;
  kind?: InputKind;
  host?: string;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
  timeout?: string;
}

/** Why `bulwark pin` cannot rewrite `path` (missing, a directory, not readable), or undefined when it is a readable file. */
function unreadable(path: string): string | undefined {
  if (path === '') return 'empty path: name a file';
  try {
    if (statSync(path).isDirectory()) return 'is a directory: name the files to pin';
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? String(e)})`;
  }
}

/** Runs `bulwark pin`; returns the exit code. @throws UsageError (exit 2). */
export async function runPin(files: string[], flags: PinFlags): Promise<number> {
  const timeoutMs = flags.timeout !== undefined ? Number(flags.timeout) : undefined;
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) throw new UsageError(`--timeout must be a positive number of ms, got "${flags.timeout}"`);
  if (flags.archive?.length && (flags.host || flags.tlscacert || flags.tlscert || flags.tlskey)) throw new UsageError('--archive and -H/--tls* are alternatives: digests come from archives or from an engine');
  // The files first: a missing one is named, not hidden behind "cannot reach the Docker engine" (or an archive error).
  for (const f of files) {
    const why = unreadable(f);
    if (why) throw new UsageError(`${f}: ${why}`);
  }
  let resolve: Resolver;
  let close = () => {};
  try {
    if (flags.archive?.length) resolve = await archiveResolver(flags.archive);
    else {
      const e = await engineResolver({ host: flags.host, tlsCaCert: flags.tlscacert, tlsCert: flags.tlscert, tlsKey: flags.tlskey, timeoutMs });
      resolve = e.resolve;
      close = e.close;
    }
  } catch (e) {
    throw new UsageError(String((e as Error).message).split('\n')[0]);
  }
  const results: PinResult[] = [];
  try {
    for (const f of files) {
      try {
        results.push(await pinFile(f, resolve, flags.kind));
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new UsageError(err.code === 'ENOENT' ? `${f}: no such file` : `${String(err.message).split('\n')[0]}`);
      }
    }
  } finally {
    close();
  }
  let missing = 0;
  for (const r of results) {
    for (const e of r.edits) {
      const where = `${e.file}:${e.line}:${e.column}: ${e.ref}`;
      if (e.pinned && e.source === 'image-id') say(`${where}: pinned to the local image ID (the image has no RepoDigest): only an engine holding this image resolves it`);
      if (e.skipped && !['already pinned', 'an earlier build stage', 'scratch', 'depends on a variable'].includes(e.skipped)) {
        missing++;
        say(`${where}: not pinned: ${e.skipped}`);
      }
    }
  }
  if (flags.write) {
    for (const r of results) {
      if (r.after === r.before) continue;
      await writeAtomic(r.file, [r.after]); // keeps the file's permission bits (scripts stay executable)
    }
    const n = results.reduce((k, r) => k + r.edits.filter((e) => e.pinned).length, 0);
    say(`pinned ${n} reference${n === 1 ? '' : 's'} in ${results.filter((r) => r.after !== r.before).length} file(s)`);
  } else await writeChunks(process.stdout, results.map(unifiedDiff));
  return missing ? 1 : 0;
}
