/**
 * `docker run --env-file FILE`: the variables of the file join the container's environment, so secrets
 * written there are found (requirements.md R-S: "secrets in environment (… `--env-file` …)"; CIS Docker
 * Benchmark 1.6.0 4.10; paper §IV.5) and masked where they are written.
 *
 * Format: docker/cli `opts/file.go` `parseKeyValueFile`, which differs from Compose's `.env`: leading
 * blanks are removed, empty lines and lines starting with `#` are skipped, `NAME=VALUE` keeps VALUE exactly
 * as written (no quote removal, no `${VAR}` interpolation, no inline comments), and a line holding only
 * `NAME` passes the caller's variable through (skipped by docker when the caller has none). Later files
 * override earlier ones, and `-e` overrides every file (`opts.ReadKVEnvStrings`: files first, then `--env`).
 * A relative path is resolved by docker against the working directory; bulwark resolves it against the
 * script's directory, the usual place to run a script from.
 */
import { posix } from 'node:path';
import { SourceFile, type SourceRange } from '../../model/source.js';
import type { ContainerSpec, EnvVar } from '../../model/types.js';
import type { IngestContext } from '../types.js';

/** One line of an env file: the whole entry and its value, UTF-16 offsets into the file's text. */
export interface RunEnvEntry {
  name: string;
  /** `undefined` for a bare `NAME` (passthrough). */
  value?: string;
  start: number;
  end: number;
  valueStart?: number;
  valueEnd?: number;
}

/**
 * Parses an env file as `docker run --env-file` does (docker/cli `parseKeyValueFile`). Lines whose name
 * holds a blank are skipped (docker refuses the file: "variable '…' contains whitespaces"); a UTF-8 BOM
 * on the first line is ignored. CRLF line ends are accepted; the `\r` is not part of a value.
 */
export function runEnvEntries(text: string): RunEnvEntry[] {
  const out: RunEnvEntry[] = [];
  let s = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (s <= text.length) {
    const n = text.indexOf('\n', s);
    let e = n === -1 ? text.length : n;
    if (e > s && text[e - 1] === '\r') e--;
    let k = s;
    while (k < e && /\s/.test(text[k])) k++;
    if (k < e && text[k] !== '#') {
      const eq = text.indexOf('=', k);
      const nameEnd = eq === -1 || eq > e ? e : eq;
      const name = text.slice(k, nameEnd);
      if (name !== '' && !/\s/.test(name)) {
        if (nameEnd === e) out.push({ name, start: k, end: e });
        else out.push({ name, value: text.slice(eq + 1, e), start: k, end: e, valueStart: eq + 1, valueEnd: e });
      }
    }
    if (n === -1) break;
    s = n + 1;
  }
  return out;
}

/**
 * Reads the `--env-file` files of each container through `ctx.readFile` and adds their variables to the
 * container's environment (before the `-e` variables, which override them), each with its origin in the
 * env file. An unresolved path (`--env-file "$ENV"`) or a file that cannot be read adds nothing but an entry of
 * `envFilesUnread` (BW-0026 reports its variables as unknown). Returns
 * the env files read (for the engine to locate findings in them) and the value ranges of entries that `-e`
 * or a later file overrides (masked wherever the file is shown, as bulwark never prints a secret: R-S).
 */
export async function readRunEnvFiles(scriptPath: string, containers: ContainerSpec[], ctx: IngestContext): Promise<{ files: SourceFile[]; masks: SourceRange[] }> {
  const read = new Map<string, SourceFile | undefined>();
  const masks: SourceRange[] = [];
  const dir = posix.dirname(scriptPath.replace(/\\/g, '/'));
  for (const c of containers) {
    const fromFiles = new Map<string, EnvVar>();
    for (const ef of c.envFiles) {
      if (ef.how === 'unresolved' || !ef.value) {
        (c.envFilesUnread ??= []).push(ef);
        continue;
      }
      const path = ef.value.startsWith('/') ? posix.normalize(ef.value) : posix.normalize(posix.join(dir, ef.value));
      if (!read.has(path)) {
        let t: string | undefined;
        try {
          t = await ctx.readFile(path);
        } catch {
          t = undefined;
        }
        read.set(path, t === undefined ? undefined : new SourceFile(path, t));
      }
      const sf = read.get(path);
      if (!sf) {
        (c.envFilesUnread ??= []).push(ef);
        continue;
      }
      for (const e of runEnvEntries(sf.text)) {
        const prev = fromFiles.get(e.name);
        if (prev?.valueOrigin?.kind === 'file') masks.push({ file: prev.valueOrigin.file, start: prev.valueOrigin.start, end: prev.valueOrigin.end });
        const v: EnvVar = { name: e.name, kind: e.value === undefined ? 'passthrough' : 'literal', origin: { kind: 'file', file: path, start: e.start, end: e.end } };
        if (e.value !== undefined) {
          v.value = e.value;
          v.raw = e.value;
          v.valueOrigin = { kind: 'file', file: path, start: e.valueStart!, end: e.valueEnd! };
        }
        fromFiles.delete(e.name);
        fromFiles.set(e.name, v);
      }
    }
    if (fromFiles.size === 0) continue;
    const fromFlags = new Set(c.env.map((e) => e.name));
    const kept: EnvVar[] = [];
    for (const v of fromFiles.values()) {
      if (!fromFlags.has(v.name)) kept.push(v);
      else if (v.valueOrigin?.kind === 'file') masks.push({ file: v.valueOrigin.file, start: v.valueOrigin.start, end: v.valueOrigin.end });
    }
    c.env = [...kept, ...c.env];
  }
  return { files: [...read.values()].filter((f): f is SourceFile => f !== undefined), masks };
}
