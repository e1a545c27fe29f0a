/**
 * Finding and reading inputs: explicit files, directories scanned recursively (respecting
 * `.gitignore` and the repository's `.git/info/exclude`, skipping `node_modules` and `.git`), and `-` for stdin. Unreadable, binary and
 * oversized files become input errors; they never stop the others.
 */
import { jsonSyntaxError } from '../ingest/json-error.js';
import { isUtf8 } from 'node:buffer';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { opendir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { detectKind, helmTemplatedManifestAt, isProcCmdline } from '../ingest/detect.js';
import { isJenkinsfile } from '../ingest/ci/names.js';
import type { InputError, InputKind } from '../model/types.js';

/** Default limit on the size of one input: 10 MiB. */
import { DEFAULT_MAX_FILE_SIZE } from './errors.js';
export { DEFAULT_MAX_FILE_SIZE };

/** A file to audit, read and decoded. */
export interface LoadedInput {
  path: string;
  kind: InputKind;
  text: string;
  bytes: number;
  /**
   * For a systemd unit file or drop-in that systemd never reads: the path of the same-named file in a unit directory
   * of higher precedence that replaces it (set by the engine's planner, src/ingest/daemon/unit-paths.ts
   * `shadowedUnitFiles`). Such an input is listed and noted, not judged.
   */
  shadowedBy?: string;
}

/** Options of {@link collectInputs}. */
export interface CollectOptions {
  cwd: string;
  kind?: InputKind;
  /** Stdin for a `-` input: its bytes (read with {@link readBounded}) or its text. */
  stdin?: string | Uint8Array;
  /** The path stdin stands for (`--stdin-filename`): its kind is detected from it, and reports name it. */
  stdinFilename?: string;
  /**
   * The paths given as the Compose files of one project (`-f`): read as Compose files whatever their names (unless
   * `kind` says otherwise), as docker compose reads them. A `-` among them is stdin read as a Compose file, as
   * `docker compose -f -` reads it: it needs neither `kind` nor `stdinFilename`.
   */
  composeFiles?: string[];
  maxFileSize: number;
  /** gitignore-style patterns (from `.bulwark.yaml`), relative to `ignoreBase`. */
  ignore?: string[];
  ignoreBase?: string;
  /** The file `ignore` comes from (`.bulwark.yaml`, `--config`), for messages; `.bulwark.yaml` when not given. */
  ignoreSource?: string;
  /**
   * Called with each file named explicitly (a path, a `-f` file, stdin's `--stdin-filename`) that `ignore` matches:
   * such a file is skipped, as ESLint skips an explicitly named file its ignore patterns match (with a warning; the
   * CLI prints one line per file). Not given: such a file is skipped all the same.
   */
  onIgnored?: (path: string) => void;
  /** `paths` is the default `.`, not a path the user named (see AuditOptions.defaultPath). */
  defaultPath?: boolean;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);
const SUPPORTED: ReadonlySet<string> = new Set(['compose', 'shell', 'markdown', 'asciidoc', 'rst', 'dockerfile', 'run', 'inspect', 'daemon', 'kubernetes', 'ci']);

function err(file: string, code: string, message: string): InputError {
  return { file, code, message };
}

/** The input error of a manifest that Helm template actions make no manifest yet (see `helmTemplatedManifestAt`), or undefined. */
function helmTemplateError(file: string, text: string): InputError | undefined {
  const at = helmTemplatedManifestAt(text);
  if (at < 0) return undefined;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - (before.lastIndexOf('\n') + 1) + 1;
  return { file, line, column, code: 'unsupported', message: 'a Helm template, not a manifest: render it first (helm template <chart> | bulwark audit --kind kubernetes -)' };
}

/**
 * A `parse` error at the line and column where `text` stops being JSON (JSON.parse's `at position N`; the end of
 * the text when it ends early), or undefined when it is JSON. For a `*.json` file named on the command line that
 * no kind claims: a `docker inspect` output cut short or a hand-edited file with a trailing comma is reported as
 * the syntax error it is, not as JSON of an unknown kind.
 */
function invalidJson(file: string, text: string): InputError | undefined {
  const j = jsonSyntaxError(text);
  if (!j) return undefined;
  const before = text.slice(0, j.at).split('\n');
  return { file, line: before.length, column: before[before.length - 1].length + 1, message: `not valid JSON: ${j.message}`, code: 'parse' };
}

/**
 * Reads a stream (stdin, a pipe handed over as `/dev/fd/63`) up to `maxFileSize` bytes and one more: reading stops
 * as soon as the input is known to be over the limit, so memory stays bounded whatever the writer sends.
 * @returns the bytes read: more than `maxFileSize` of them means the input is over the limit (and was cut there)
 */
export async function readBounded(stream: AsyncIterable<Uint8Array | string>, maxFileSize: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  // Leaving the loop early ends the iteration, which destroys a Node.js stream: nothing more is read.
  for await (const c of stream) {
    const b = typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    chunks.push(total + b.length > maxFileSize ? b.subarray(0, maxFileSize + 1 - total) : b);
    total += chunks[chunks.length - 1].length;
    if (total > maxFileSize) break;
  }
  return Buffer.concat(chunks, total);
}

/** Options of {@link decodeInput}. */
export interface DecodeOptions {
  /**
   * The input may be a NUL-separated command line (`/proc/<pid>/cmdline`, proc(5)): NUL bytes do not make it binary
   * when every other byte is UTF-8 text without control characters other than tab, CR and LF. Set for `--kind daemon`
   * and for a path that is a `/proc/<pid>/cmdline` ({@link isProcCmdline}).
   */
  nulSeparated?: boolean;
}

/**
 * The text of an input's bytes, with the checks every input goes through (files, pipes, stdin): UTF-8 (a byte order
 * mark dropped), or UTF-16 with a byte order mark (what Windows PowerShell 5 redirects write); NUL bytes make it
 * binary; invalid UTF-8 is read as Windows-1252 unless it holds many control characters.
 * @returns the text and size in bytes, or a `binary` input error for `display`
 */
export function decodeInput(buf: Uint8Array, display: string, opts: DecodeOptions = {}): { text: string; bytes: number } | InputError {
  // Windows PowerShell 5's `>` and Out-File write UTF-16 with a byte order mark (`docker inspect web > web.json`):
  // text, not binary. TextDecoder drops the mark; a lone surrogate makes it binary after all.
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    let text: string | undefined;
    try {
      text = new TextDecoder(buf[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(buf);
    } catch {
      text = undefined;
    }
    if (text === undefined || text.includes('\0')) return err(display, 'binary', 'not valid UTF-16 text (it starts with a UTF-16 byte order mark)');
    return { text, bytes: buf.length };
  }
  const head = buf.subarray(0, 8000);
  if (head.includes(0)) {
    // `/proc/<pid>/cmdline` (proc(5): the arguments, each ended by a NUL) is text with NUL separators: kept as it is
    // (one code unit per byte of ASCII, so a NUL's offset is its column) when the input may be one and the rest is
    // text; the daemon ingester splits it at the NULs. Any other control character makes it binary after all.
    if (opts.nulSeparated && isUtf8(buf) && !buf.some((b) => (b < 0x20 && b !== 0 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f)) {
      return { text: Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8'), bytes: buf.length };
    }
    return err(display, 'binary', 'binary file (contains NUL bytes)');
  }
  if (!isUtf8(buf)) {
    // A legacy 8-bit text (a script with an ISO-8859-1 `é` in a comment) runs in bash as it is: read it as
    // Windows-1252 (a superset of ISO-8859-1 in the printable range; one byte, one code unit, so columns hold)
    // rather than drop the whole file. Control characters beyond a few make it binary after all.
    let controls = 0;
    for (const b of buf) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) controls++;
    if (controls > buf.length / 100) return err(display, 'binary', 'not valid UTF-8 text');
    return { text: new TextDecoder('windows-1252').decode(buf), bytes: buf.length };
  }
  // As TextDecoder does, a UTF-8 byte order mark is not part of the text.
  const text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8');
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, bytes: buf.length };
}

/**
 * Reads one file with the size and binary checks ({@link decodeInput}).
 * @returns the text and size in bytes, or an input error (`read`, `too-large`, `binary`)
 */
export async function readInput(path: string, display: string, maxFileSize: number, decode: DecodeOptions = {}): Promise<{ text: string; bytes: number } | InputError> {
  try {
    // Regular files are read synchronously: one stat and one readFileSync cost a fraction of the four
    // thread-pool round trips (open, fstat, read, close) of fs/promises' readFile, over thousands of small
    // files. Anything else (a FIFO, a device) is read asynchronously so it cannot block the process.
    const st = statSync(path);
    if (st.isDirectory()) return err(display, 'read', 'is a directory');
    // A named FIFO without a writer would block the read forever, a device (/dev/zero) never ends: only the
    // pipes a shell hands over by descriptor (`<(…)` is /dev/fd/63) are read; other special files are refused.
    if (!st.isFile() && !/^\/(?:dev\/(?:stdin|fd\/\d+)|proc\/(?:self|\d+)\/fd\/\d+)$/.test(path)) {
      return err(display, 'read', `not a regular file (${st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'a special file'})`);
    }
    if (st.size > maxFileSize) {
      return err(display, 'too-large', `file is ${st.size} bytes, over the limit of ${maxFileSize} bytes (--max-file-size)`);
    }
    // A pipe is read only up to the limit (and one byte more), as stdin is.
    const buf = st.isFile() ? readFileSync(path) : await readBounded(createReadStream(path), maxFileSize);
    if (buf.length > maxFileSize) {
      return err(display, 'too-large', `file is over the limit of ${maxFileSize} bytes (--max-file-size)`);
    }
    return decodeInput(buf, display, decode);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? String(e)})`;
    return err(display, 'read', why);
  }
}

/**
 * Stdin's text with the checks of a file (size, binary, encoding), errors under `display` (`-`, or the name
 * `--stdin-filename` gives it). `stdin` is its bytes (the CLI reads them with {@link readBounded}, so an input over
 * the limit arrives cut one byte past it), or text from the library API.
 */
export function readStdinInput(stdin: string | Uint8Array | undefined, display: string, maxFileSize: number, decode: DecodeOptions = {}): { text: string; bytes: number } | InputError {
  const buf = typeof stdin === 'string' ? Buffer.from(stdin, 'utf8') : (stdin ?? new Uint8Array(0));
  if (buf.length > maxFileSize) return err(display, 'too-large', `standard input is over the limit of ${maxFileSize} bytes (--max-file-size)`);
  return decodeInput(buf, display, decode);
}

/**
 * Expands the paths given on the command line into inputs.
 * Explicit files are always read (their kind from `--kind`, the name or the content); files found in
 * directories are read only when their kind is one bulwark audits.
 */
export async function collectInputs(paths: string[], opts: CollectOptions): Promise<{ inputs: LoadedInput[]; errors: InputError[] }> {
  const inputs: LoadedInput[] = [];
  const errors: InputError[] = [];
  // `./test/**` is written as a path from the config file's directory: gitignore knows no `./` and would match
  // nothing, so it is read as the anchored `/test/**` (`!./x` as `!/x`).
  // Each rule keeps the pattern as written (`mark`), for messages.
  const cfgIgnore = opts.ignore?.length ? ignore().add(opts.ignore.map((p) => ({ pattern: p.replace(/^(!?)(?:\.\/)+/, '$1/'), mark: p }))) : undefined;
  /** The pattern of `ignore` that skips `abs` (as written in the config), undefined when none does. */
  const configRule = (abs: string): string | undefined => {
    if (!cfgIgnore) return undefined;
    const rel = relative(opts.ignoreBase ?? opts.cwd, abs).split(sep).join('/');
    if (rel === '' || rel.startsWith('..')) return undefined;
    const t = cfgIgnore.test(rel);
    return t.ignored ? (t.rule?.mark ?? t.rule?.pattern ?? '') : undefined;
  };
  const ignoredByConfig = (abs: string) => configRule(abs) !== undefined;
  const configName = opts.ignoreSource === undefined ? '.bulwark.yaml' : relative(opts.cwd, opts.ignoreSource) || opts.ignoreSource;

  for (const p of paths) {
    let display = p;
    let r: { text: string; bytes: number } | InputError;
    // A file named explicitly that `ignore:` in .bulwark.yaml matches is skipped, with a warning (ESLint's "File
    // ignored because of a matching ignore pattern"); a directory named explicitly is scanned (its contents are
    // matched one by one). `--no-ignore` runs without the patterns.
    const named = p === '-' ? opts.stdinFilename : p;
    if (named !== undefined && named !== '' && cfgIgnore) {
      const abs = isAbsolute(named) ? named : join(opts.cwd, named);
      if (ignoredByConfig(abs) && !(p !== '-' && statOrNull(abs)?.isDirectory())) {
        opts.onIgnored?.(named);
        continue;
      }
    }
    if (p === '') {
      // Joined to the working directory, an empty path would scan all of it.
      errors.push(err('', 'usage', 'empty path: name a file or a directory (. for the working directory)'));
      continue;
    }
    if (p === '-') {
      display = opts.stdinFilename ?? '-';
      if (!opts.kind && opts.stdinFilename === undefined && !opts.composeFiles?.includes('-')) {
        errors.push(err('-', 'usage', 'reading stdin needs --kind (compose, run, shell, markdown, asciidoc, dockerfile, kubernetes, inspect or daemon) or --stdin-filename'));
        continue;
      }
      // The same checks as a file's: size, binary, encoding.
      r = readStdinInput(opts.stdin, display, opts.maxFileSize, { nulSeparated: opts.kind === 'daemon' || (opts.kind === undefined && isProcCmdline(display)) });
    } else {
      const abs = isAbsolute(p) ? p : join(opts.cwd, p);
      let isDir = false;
      try {
        isDir = (await stat(abs)).isDirectory();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        errors.push(err(p, 'read', code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code})`));
        continue;
      }
      if (isDir) {
        const found: Candidate[] = [];
        const scopes = await ancestorIgnores(abs);
        await walk(abs, p, scopes, found, errors, opts, ignoredByConfig);
        const read = await readCandidates(found, opts.maxFileSize, errors);
        inputs.push(...read);
        // A directory named on the command line that yields nothing only because `ignore:` skips what it holds: an
        // input error naming the patterns (ESLint: "All files matched by 'dir' are ignored", exit 2), not a silent
        // "nothing to audit". A file named alone is skipped with a warning instead (`onIgnored`), and `--no-ignore`
        // audits both.
        if (read.length === 0 && !opts.defaultPath) {
          // What the directory would yield with no pattern at all (neither `ignore:` nor .gitignore / info/exclude).
          const all: Candidate[] = [];
          await walk(abs, p, [], all, [], opts, () => false, false);
          const kept = new Set(found.map((c) => c.abs));
          const hidden = await readCandidates(all.filter((c) => !kept.has(c.abs)), opts.maxFileSize, []);
          const byConfig = hidden.map((h) => configRule(isAbsolute(h.path) ? h.path : join(opts.cwd, h.path)));
          const rules = [...new Set(byConfig.filter((r): r is string => r !== undefined && r !== ''))];
          const n = hidden.length;
          if (rules.length > 0) {
            errors.push(err(p, 'usage', `nothing to audit: ${n === 1 ? 'the 1 file' : `all ${n} files`} bulwark would audit in this directory ${n === 1 ? 'is' : 'are'} ignored by the ignore pattern${rules.length === 1 ? '' : 's'} ${rules.map((r) => `"${r}"`).join(', ')} in ${configName}; use --no-ignore to audit ${n === 1 ? 'it' : 'them'}`));
          } else if (n > 0) {
            // Hidden by git's own ignore files: there is no flag for those (a file or directory named on the command
            // line is audited whatever they say), so the message names what to pass.
            const names = hidden.slice(0, 3).map((h) => h.path);
            errors.push(
              err(
                p,
                'usage',
                `nothing to audit: ${n === 1 ? 'the 1 file' : `all ${n} files`} bulwark would audit in this directory ${n === 1 ? 'is' : 'are'} ignored by .gitignore (or the repository's info/exclude): ${names.join(', ')}${n > 3 ? `, and ${n - 3} more` : ''}; name ${n === 1 ? 'it' : 'them'} on the command line to audit ${n === 1 ? 'it' : 'them'}`,
              ),
            );
          }
        }
        continue;
      }
      // A command line read from /proc (or given as a daemon input) has NUL separators.
      r = await readInput(abs, p, opts.maxFileSize, { nulSeparated: opts.kind === 'daemon' || (opts.kind === undefined && isProcCmdline(p)) });
    }
    if ('code' in r) {
      errors.push(r);
      continue;
    }
    // A `-f` file (`-f -` included) is a Compose file whatever its name or content, as docker compose reads it.
    const kind = opts.kind ?? (opts.composeFiles?.includes(p) ? 'compose' : detectKind(display, r.text));
    if (!kind) {
      errors.push((!notAuditedHint(display) && helmTemplateError(display, r.text)) || err(display, 'usage', notAuditedHint(display) ?? 'cannot tell what kind of file this is; name it like compose.yaml, Dockerfile, *.sh, *.md, or pass --kind'));
      continue;
    }
    if (!SUPPORTED.has(kind)) {
      const bad = kind === 'json' ? invalidJson(display, r.text) : undefined;
      if (bad) errors.push(bad);
      else errors.push(err(display, 'unsupported', kind === 'json' ? 'JSON that is neither docker inspect output nor a daemon.json; pass --kind inspect or --kind daemon' : `${kind} files are not audited`));
      continue;
    }
    const empty = emptyInputError(display, kind, r.text);
    if (empty) {
      errors.push(empty);
      continue;
    }
    inputs.push({ path: display, kind: kind as InputKind, text: r.text, bytes: r.bytes });
  }
  return { inputs, errors };
}

/** Whether YAML text holds no node: only blank lines, comments and document markers (`---`, `...`). */
function yamlHoldsNothing(text: string): boolean {
  return /^(?:[ \t]*(?:#[^\n]*)?\r?\n|(?:---|\.\.\.)[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*(?:#[^\n]*)?(?:---|\.\.\.)?[ \t]*$/.test(text);
}

/**
 * The input error of an input that holds nothing where its own tool refuses that: a Kubernetes manifest without an
 * object (`kubectl apply`: "no objects passed to apply"), a CI pipeline without jobs (GitHub Actions, GitLab CI and
 * Jenkins reject an empty pipeline file); undefined otherwise. An empty Dockerfile (`docker build`: "the Dockerfile
 * cannot be empty") and an empty Compose project (compose-go: "empty compose file") are reported by their ingesters
 * (a Compose override may be empty beside its base); an empty script, document or daemon.json (dockerd reads an
 * empty one as no settings) is valid.
 */
function emptyInputError(path: string, kind: string, text: string): InputError | undefined {
  if (kind === 'kubernetes' && yamlHoldsNothing(text))
    return { file: path, line: 1, column: 1, code: 'parse', message: 'empty manifest: no Kubernetes object; kubectl apply refuses it ("no objects passed to apply")' };
  if (kind === 'ci' && (isJenkinsfile(basename(path)) ? text.trim() === '' : yamlHoldsNothing(text)))
    return { file: path, line: 1, column: 1, code: 'parse', message: 'empty pipeline: no jobs; the CI service refuses it' };
  return undefined;
}

/**
 * What to do instead, for the well-known files around Kubernetes manifests that describe no container themselves:
 * a Helm chart's `Chart.yaml` / `values*.yaml` and templates (rendered only by `helm template`), a Kustomize
 * `kustomization.yaml` (built by `kubectl kustomize`).
 */
export function notAuditedHint(path: string): string | undefined {
  const b = path.replace(/\\/g, '/').split('/').pop() ?? '';
  if (/^(?:Chart\.ya?ml|values(?:[.-][\w.-]+)?\.ya?ml)$/.test(b) || /(?:^|\/)templates\/[^/]+\.(?:ya?ml|tpl)$/.test(path.replace(/\\/g, '/')))
    return 'a Helm chart file describes no container until rendered: audit the output of `helm template <chart> > rendered.yaml`';
  if (/^kustomization\.ya?ml$|^Kustomization$/.test(b)) return 'a Kustomize file describes no container until built: audit the output of `kubectl kustomize <dir> > rendered.yaml`';
  return undefined;
}

/** A file found in a directory scan, to be read and classified. */
interface Candidate {
  abs: string;
  display: string;
  /** Kind from the name alone (`json` still needs the content). */
  nameKind: ReturnType<typeof detectKind>;
  /** Whether only the content can tell (a `.yml`, a `.service`, a `.socket`, a file without extension). */
  sniff: boolean;
}

/** Files read at once in a directory scan: reads overlap instead of waiting one after the other. */
const READ_CONCURRENCY = 16;

/** Reads and classifies the files of a scan, keeping their order; errors of files we audit are collected. */
async function readCandidates(found: Candidate[], maxFileSize: number, errors: InputError[]): Promise<LoadedInput[]> {
  const results: (LoadedInput | undefined)[] = new Array(found.length);
  /** Helm charts whose templates define containers, by chart directory: not audited, but never silently. */
  const charts = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < found.length; i = next++) {
      const c = found[i];
      const r = await readInput(c.abs, c.display, maxFileSize);
      if ('code' in r) {
        // In a directory scan, a binary file with no telling name is simply not ours.
        if (!(c.sniff && r.code === 'binary')) errors.push(r);
        continue;
      }
      const kind = c.nameKind === undefined || c.nameKind === 'json' ? detectKind(c.abs, r.text) : c.nameKind;
      if (!kind) {
        // A chart template that defines containers (`containers:` under a pod spec) is a workload nobody sees
        // until `helm template` renders it: one input error per chart, as for a template given by name.
        const chart = /^(.*?)\/?templates\/[^/]+\.(?:ya?ml|tpl)$/.exec(c.display.replace(/\\/g, '/'));
        if (chart && /^\s*(?:initContainers|containers)\s*:/m.test(r.text)) charts.set(chart[1] || '.', (charts.get(chart[1] || '.') ?? 0) + 1);
        // Outside a chart, a manifest with Helm actions in it (a template copied out of its chart, a file another tool
        // fills in): one input error for the file, never a silent skip (a CI run would pass without auditing it).
        else if (!chart && c.sniff) {
          const e = helmTemplateError(c.display, r.text);
          if (e) errors.push(e);
        }
        continue;
      }
      if (!SUPPORTED.has(kind)) continue;
      // A YAML file that only its top-level `services:` made look like Compose, and whose `services` has a shape
      // docker compose refuses (a list; entries that are no service mappings): another tool's file, not ours.
      if (kind === 'compose' && (c.nameKind === undefined || c.nameKind === 'json') && (await import('../ingest/compose/shape.js')).clearlyNotCompose(r.text)) continue;
      const empty = emptyInputError(c.display, kind, r.text);
      if (empty) {
        errors.push(empty);
        continue;
      }
      results[i] = { path: c.display, kind: kind as InputKind, text: r.text, bytes: r.bytes };
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, found.length) }, worker));
  for (const [dir, n] of [...charts].sort((a, b) => a[0].localeCompare(b[0])))
    errors.push(err(dir, 'unsupported', `Helm chart not audited: ${n} template${n === 1 ? '' : 's'} with containers describe${n === 1 ? 's' : ''} no container until rendered; audit the output of \`helm template ${dir} > rendered.yaml\` (or list the chart under ignore: in .bulwark.yaml)`));
  return results.filter((x): x is LoadedInput => x !== undefined);
}

/**
 * The patterns of the repository's `info/exclude` (gitignore(5): "$GIT_DIR/info/exclude", patterns relative to the
 * root of the work tree `root`, below every `.gitignore` in precedence), or undefined when there is none. `.git` is
 * the git directory, or a file `gitdir: <path>` naming it (a linked worktree, a submodule); a linked worktree's git
 * directory names the shared one in its `commondir` file, which holds `info/exclude` (git-worktree(1) "DETAILS").
 */
async function infoExclude(root: string): Promise<Ignore | undefined> {
  try {
    const dotGit = join(root, '.git');
    let gitDir = dotGit;
    if (statOrNull(dotGit)?.isFile()) {
      const m = /^gitdir:[ \t]*(.+?)[ \t]*$/m.exec(await readFile(dotGit, 'utf8'));
      if (!m) return undefined;
      gitDir = resolve(root, m[1]);
    }
    const common = await readFile(join(gitDir, 'commondir'), 'utf8').then((t) => resolve(gitDir, t.trim()), () => gitDir);
    return ignore().add(await readFile(join(common, 'info', 'exclude'), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The `.gitignore` files of the directories above `dir`, from the root of its git work tree (the nearest directory
 * holding `.git`, a directory or the file of a worktree or submodule) down to `dir`'s parent, as git applies them to
 * `dir`'s files (gitignore(5): patterns are relative to the directory of their file; a deeper file's win), after the
 * repository's `info/exclude` ({@link infoExclude}), which applies to every directory of the work tree. None
 * outside a work tree. A directory named on the command line that these rules ignore is scanned anyway, as one
 * named explicitly (then the rules above it are not applied: they ignore everything in it); its own `.gitignore`
 * files still are.
 */
async function ancestorIgnores(dir: string): Promise<{ base: string; ig: Ignore }[]> {
  const chain: string[] = [];
  let root: string | undefined;
  for (let d = resolve(dir); ; ) {
    if (statOrNull(join(d, '.git'))) {
      root = d;
      break;
    }
    const parent = dirname(d);
    if (parent === d) break;
    chain.push(parent);
    d = parent;
  }
  if (root === undefined) return [];
  // `$GIT_DIR/info/exclude` first: the walk tries the scopes from the last, so it decides only where no .gitignore does.
  const exclude = await infoExclude(root);
  const scopes: { base: string; ig: Ignore }[] = exclude ? [{ base: root, ig: exclude }] : [];
  if (root === resolve(dir)) return scopes;
  for (const base of chain.reverse()) {
    try {
      scopes.push({ base, ig: ignore().add(await readFile(join(base, '.gitignore'), 'utf8')) });
    } catch {
      /* no .gitignore here */
    }
  }
  const self = resolve(dir);
  const ignoresSelf = scopes.some(({ base, ig }) => ig.ignores(relative(base, self).split(sep).join('/') + '/'));
  return ignoresSelf ? [] : scopes;
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * Collects into `inputs` the files under directory `abs` (shown as `display`) that bulwark would read, sorted by
 * name, recursing into subdirectories (not `node_modules`/`.git`, not through symbolic links). A path is skipped
 * when the `.gitignore` scopes (`ignores` from above, plus each directory's own when `gitignore`) or
 * `ignoredByConfig` (`ignore:` of .bulwark.yaml) exclude it. A directory that cannot be listed is an input error.
 */
async function walk(
  abs: string,
  display: string,
  ignores: { base: string; ig: Ignore }[],
  inputs: Candidate[],
  errors: InputError[],
  opts: CollectOptions,
  ignoredByConfig: (abs: string) => boolean,
  gitignore = true,
): Promise<void> {
  let gi: Ignore | undefined;
  if (gitignore) {
    try {
      gi = ignore().add(await readFile(join(abs, '.gitignore'), 'utf8'));
    } catch {
      /* no .gitignore here */
    }
  }
  const scopes = gi ? [...ignores, { base: abs, ig: gi }] : ignores;
  // As git: the deepest .gitignore with a pattern matching the path decides, so a `!keep.yaml` there re-includes a file
  // a parent directory's `*.yaml` ignores (gitignore(5): patterns of a lower-level file override higher-level ones).
  const isIgnored = (childAbs: string, dir: boolean) => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const rel = relative(scopes[i].base, childAbs).split(sep).join('/');
      if (rel === '') continue;
      const t = scopes[i].ig.test(dir ? rel + '/' : rel);
      if (t.ignored) return true;
      if (t.unignored) break;
    }
    return ignoredByConfig(childAbs);
  };

  let entries: { name: string; dir: boolean; file: boolean }[] = [];
  try {
    const d = await opendir(abs);
    for await (const e of d) {
      // A symbolic link to a file is audited like the file; links to directories are not followed (no loops).
      const file = e.isFile() || (e.isSymbolicLink() && (await stat(join(abs, e.name)).then((st) => st.isFile(), () => false)));
      entries.push({ name: e.name, dir: e.isDirectory(), file });
    }
  } catch (e) {
    errors.push(err(display, 'read', `cannot list directory (${(e as NodeJS.ErrnoException).code})`));
    return;
  }
  entries = entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const childAbs = join(abs, e.name);
    const childDisplay = display === '.' ? e.name : join(display, e.name);
    if (e.dir) {
      if (SKIP_DIRS.has(e.name) || isIgnored(childAbs, true)) continue;
      await walk(childAbs, childDisplay, scopes, inputs, errors, opts, ignoredByConfig, gitignore);
      continue;
    }
    if (!e.file || isIgnored(childAbs, false)) continue;
    const nameKind = detectKind(e.name, '');
    const ext = e.name.toLowerCase();
    const sniff =
      (nameKind === undefined && (ext.endsWith('.yml') || ext.endsWith('.yaml') || ext.endsWith('.service') || ext.endsWith('.socket') || ext.endsWith('.conf') || !e.name.includes('.'))) ||
      nameKind === 'json';
    if (nameKind === undefined && !sniff) continue;
    if (nameKind !== undefined && nameKind !== 'json' && !SUPPORTED.has(nameKind)) continue;
    inputs.push({ abs: childAbs, display: childDisplay, nameKind, sniff });
  }
}
