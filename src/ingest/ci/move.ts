/**
 * Reading one script of a CI file on a text of its own (so that reading many scripts stays linear in the file's
 * size) and moving what was found to its place in the file; PowerShell and cmd scripts line by line.
 */
import { SourceFile } from '../../model/source.js';
import type { ContainerSpec, IngestResult } from '../../model/types.js';
import { parseDockerRun } from '../run/parse.js';
import { ingestShell, tokenizeLine } from '../run/shell.js';
import { loginPasswordMasks } from '../run/login-secrets.js';
import type { IngestContext } from '../types.js';
import { restoreExpressions } from './expressions.js';
import { attachExecs } from '../run/exec.js';
import { secretFormatOf } from '../../rules/util/secrets.js';
import type { SourceRange } from '../../model/source.js';

/**
 * Moves what was read from a script's own text (./index.ts, ./jenkins.ts) to the file: every origin or range of
 * `path` (an object with `file` and a numeric `start`) by `delta` UTF-16 code units, every input error of
 * `path` by `lines` lines. Ranges in other files (an `--env-file`) and shared origin objects are moved once.
 */
export function moveToFile(r: IngestResult, path: string, delta: number, lines: number): void {
  if (delta === 0 && lines === 0) return;
  for (const e of r.errors) if (e.file === path && e.line !== undefined) e.line += lines;
  const seen = new Set<object>();
  const walk = (o: unknown): void => {
    if (o === null || typeof o !== 'object' || seen.has(o)) return;
    seen.add(o);
    if (Array.isArray(o)) {
      for (const v of o) walk(v);
      return;
    }
    const proto = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) return;
    const rec = o as Record<string, unknown>;
    if (rec.file === path && typeof rec.start === 'number') {
      rec.start += delta;
      if (typeof rec.end === 'number') rec.end += delta;
    }
    for (const v of Object.values(rec)) walk(v);
  };
  walk([r.containers, r.daemons, r.secretRanges, r.comments, r.execs, r.hostSecrets]);
}


/** A `docker|podman run|create` command at the start of a line (PowerShell's `&` call operator allowed). */
const WINDOWS_RUN_LINE = /^[ \t]*(?:&[ \t]*)?(?:\S*[\\/])?(?:docker|podman|nerdctl)(?:\.exe)?[ \t]+(?:container[ \t]+)?(?:run|create)\b/i;

/**
 * The containers of a PowerShell or cmd script (`text` is the file with the script in `start..end`): each
 * `docker run` line with its continuation lines, tokenized as a command line (`cmd`: as cmd.exe reads it, where `$`
 * is an ordinary character and `%NAME%` a variable). Errors are dropped: such a line may carry Windows paths
 * (`-v C:\src:C:\dst`) that the Linux CLI grammar does not read.
 */
export function windowsScan(file: SourceFile, start: number, end: number, cmd = false): ContainerSpec[] {
  // PowerShell's `…` + line break and cmd's ^ + line break continue a line: read as `\` (same length).
  const text = file.text.slice(0, start) + file.text.slice(start, end).replace(/[`^](?=\r?\n)/g, '\\') + file.text.slice(end);
  const f = new SourceFile(file.path, text);
  const out: ContainerSpec[] = [];
  let k = start;
  while (k < end) {
    let e = text.indexOf('\n', k);
    if (e < 0 || e > end) e = end;
    if (WINDOWS_RUN_LINE.test(text.slice(k, e))) {
      let stop = e;
      while (stop < end && /\\\r?$/.test(text.slice(k, stop))) {
        const n = text.indexOf('\n', stop + 1);
        stop = n < 0 || n > end ? end : n;
      }
      // PowerShell's call operator (`& docker run …`) is not part of the command.
      const lead = /^[ \t]*(?:&[ \t]*)?/.exec(text.slice(k, e))?.[0].length ?? 0;
      const r = parseDockerRun(tokenizeLine(text, k + lead, stop, cmd), f);
      if (r.container) out.push(r.container);
      e = stop;
    }
    k = e + 1;
  }
  return out;
}

/**
 * Reads one script of a CI file on a text of its own (its first line's lead blanked, so columns hold) and moves
 * what it found to its place in `file`: reading the whole file's length for every script is quadratic in big
 * pipelines. `start` is where the script starts in `file`, `body` its text as a shell reads it (same length as
 * in the file); `shell` `posix` reads it with the shell ingester, `windows` (PowerShell) and `cmd` line by line
 * ({@link windowsScan}).
 */
export async function readScript(file: SourceFile, ctx: IngestContext, start: number, body: string, shell: 'posix' | 'windows' | 'cmd'): Promise<IngestResult> {
  const lineStart = file.text.lastIndexOf('\n', start - 1) + 1;
  const pad = start - lineStart;
  const local = new SourceFile(file.path, ' '.repeat(pad) + body);
  const r: IngestResult = shell !== 'posix' ? { containers: windowsScan(local, pad, local.text.length, shell === 'cmd'), images: [], errors: [] } : await ingestShell(local, ctx);
  moveToFile(r, file.path, lineStart, file.position(lineStart).line - 1);
  // Reports name a `${{ … }}` as written, not as the shell variable it was read as.
  restoreExpressions(r.containers, file.text.slice(start, start + body.length), body, r.execs);
  const logins = loginPasswordMasks(file, start, body);
  if (logins.length) (r.secretRanges ??= []).push(...logins);
  return r;
}

/** Adds what one script gave (`r`) to the file's result. */
export function appendResult(into: IngestResult, r: IngestResult): void {
  into.containers.push(...r.containers);
  if (r.daemons?.length) (into.daemons ??= []).push(...r.daemons);
  into.errors.push(...r.errors);
  if (r.secretRanges?.length) (into.secretRanges ??= []).push(...r.secretRanges);
  if (r.extraSources?.length) (into.extraSources ??= []).push(...r.extraSources);
  if (r.comments?.length) (into.comments ??= []).push(...r.comments);
  if (r.execs?.length) (into.execs ??= []).push(...r.execs);
  // `docker build --build-arg NPM_TOKEN=…` / `docker login -p …` in a step: BW-0103 / BW-0035 as in a script.
  if (r.hostSecrets?.length) (into.hostSecrets ??= []).push(...r.hostSecrets);
}

/**
 * Gives the `docker exec` lines of a whole CI file ({@link IngestResult.execs}, gathered from its scripts) to the
 * containers the file starts under that name (`docker run -d --name db` in one step, `docker exec -u root db …`
 * in a later one: the same runner), and keeps the rest as the file's own lines, for BW-0043 / BW-0044 (CIS
 * Docker Benchmark 1.6.0 5.23, 5.24; paper §V.2.5; R-B, R-G5). Changes `result` in place.
 */
export function settleExecs(result: IngestResult): void {
  if (!result.execs?.length) return;
  const rest = attachExecs(result.containers, result.execs);
  if (rest.length) result.execs = rest;
  else delete result.execs;
}

/**
 * The words of `file` in `start..end` (a script as written, or the whole file) that are secrets by their format alone (a provider's
 * token, a JWT, a URL with a written password: {@link secretFormatOf}), as ranges to mask in every report (R-S):
 * a `curl -H "Authorization: Bearer eyJ…"` next to a `docker run` is shown in that finding's snippet. A word
 * is a run of characters other than blanks and quotes. Also the written password of a URL's userinfo and the
 * value of a credential query parameter (`?access_token=`, `&sig=`), wherever they are written.
 */
export function tokenMasks(file: SourceFile, start: number, end: number): SourceRange[] {
  const out: SourceRange[] = [];
  const text = file.text.slice(start, end);
  for (const m of text.matchAll(/[^\s'"`]{8,}/g)) {
    // A password assigned in a word (`PASSWORD=pw`, `postgres://u:pw@h`) is masked by the ingesters at the value
    // alone; here only words holding a provider token, a JWT or a webhook URL.
    const kind = secretFormatOf(m[0])?.kind;
    if (!kind || kind === 'embedded-password' || kind === 'url-credentials') continue;
    // `API_KEY=sk_live_…`, `token:ghp_…`: the name before the last `=` or `:` that still leaves a token stays readable.
    let from = 0;
    for (let i = 0; i < m[0].length; i++) if ((m[0][i] === '=' || m[0][i] === ':') && secretFormatOf(m[0].slice(i + 1))) from = i + 1;
    out.push(file.range(start + m.index + from, start + m.index + m[0].length));
  }
  // A URL's written credentials anywhere in a script (`git clone https://oauth2:pw@host/…`, `curl "…?v=2&access_token=…"`),
  // not only in a `docker run` the ingesters read: the password of the userinfo, the value of a query credential.
  for (const m of text.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s/@:'"`$]*:([^\s/@'"`$]{3,})@/gi)) {
    const at = start + m.index + m[0].length - 1;
    out.push(file.range(at - m[1].length, at));
  }
  for (const m of text.matchAll(/[?&](?:access_token|token|api_key|apikey|api-key|client_secret|secret|password|passwd|pwd|pass|sig|x-amz-signature|x-amz-security-token|x-goog-signature)=([^&\s#'"`$\\]{8,})/gi)) {
    const at = start + m.index + m[0].length;
    out.push(file.range(at - m[1].length, at));
  }
  return out;
}
