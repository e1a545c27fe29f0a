/**
 * The `bulwark harden` command (issue 4). Inputs are files and directories, collected as `bulwark audit`
 * collects them (directories walked honouring `.gitignore`; files of no hardenable kind in a directory are
 * skipped). Exit codes: 0 nothing to change, or the changes were written (`--write`, `-o`, stdin → stdout);
 * 1 changes are pending (the diff was printed, nothing written, like `ruff --diff`); 2 usage or input error.
 * One bad input never stops the others (project rule): every other file is hardened and, with `--write`,
 * written; each bad one is one line `bulwark: file:line: what is wrong`, and the exit code is 2 at the end.
 * A file that cannot be read or parsed is never written. The files of one Compose project (a base and its
 * override, the files `COMPOSE_FILE` names; audit's grouping) are hardened together with the files they include,
 * and an edit harden itself broke (a bulwark bug) leaves that project unwritten and exits 2.
 */
import { constants as fsConstants } from 'node:fs';
import { access, readFile, realpath, stat } from 'node:fs/promises';
import { normalize, resolve } from 'node:path';
import { rulesNamed, say, UsageError, writeAtomic, writeChunks } from '../cli/common.js';
import type { InputError, InputKind } from '../model/types.js';
import { loadConfig, type BulwarkConfig } from '../engine/config.js';
import { ConfigError } from '../engine/errors.js';
import { parseDocument } from 'yaml';
import { checkPins, completeProfile, parseProfile, ProfileError } from './profile.js';
import { FATAL_CODES, HARDENABLE, hardenProject, unifiedDiff, type HardenResult } from './index.js';
import { composeProjects } from '../engine/audit.js';
import type { HardenProfile } from './types.js';

/** The flags as commander gives them. */
export interface HardenFlags {
  write?: boolean;
  output?: string;
  kind?: InputKind;
  unsafeFixes?: boolean;
  profile?: string;
  pidsLimit?: string;
  memory?: string;
  cpus?: string;
  user?: string;
  keepCap?: string[];
  network?: string;
  pinFrom?: string;
  only?: string[];
  format?: 'text' | 'json';
  fromContainer?: string;
  host?: string;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
}

/** The profile from `--profile` and the value flags (flags win). @throws UsageError for a bad value */
export async function profileFromFlags(flags: HardenFlags): Promise<HardenProfile> {
  try {
    let base: HardenProfile = completeProfile({});
    if (flags.profile) {
      let text: string;
      try {
        text = await readFile(flags.profile, 'utf8');
      } catch (e) {
        throw new UsageError(`cannot read the profile ${flags.profile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      base = parseProfile(text, flags.profile);
    }
    const over: Record<string, unknown> = {};
    if (flags.pidsLimit !== undefined) over.pidsLimit = flags.pidsLimit;
    if (flags.memory !== undefined) over.memory = flags.memory;
    if (flags.cpus !== undefined) over.cpus = flags.cpus;
    if (flags.user !== undefined) over.user = flags.user;
    if (flags.keepCap !== undefined) over.keepCapabilities = flags.keepCap;
    if (flags.network !== undefined) over.network = flags.network;
    const fromFlags = completeProfile(over, 'flags');
    const out = { ...base, ...Object.fromEntries(Object.keys(over).map((k) => [k, fromFlags[k as keyof HardenProfile]])) } as HardenProfile;
    if (flags.pinFrom) {
      let text: string;
      try {
        text = await readFile(flags.pinFrom, 'utf8');
      } catch (e) {
        throw new UsageError(`cannot read ${flags.pinFrom}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const doc = parseDocument(text);
      if (doc.errors.length) throw new UsageError(`${flags.pinFrom}:${doc.errors[0].linePos?.[0]?.line ?? 1}: not valid YAML or JSON`);
      out.pins = { ...out.pins, ...checkPins(doc.toJS(), flags.pinFrom) };
    }
    return out;
  } catch (e) {
    if (e instanceof ProfileError) throw new UsageError(e.message.replace(/^flags: (\w+)/, (_m, k: string) => `--${k === 'keepCapabilities' ? 'keep-cap' : k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`));
    throw e;
  }
}

function errLine(e: { file: string; line?: number; column?: number; message: string }): string {
  return `${e.file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}: ${e.message}`;
}

/**
 * The explanation of one file's changes: one line per change (where, container, rule, what, applicability),
 * then per rule once what it stops and what it may break. Lines start with `#`-free text before the
 * diff's `---` header, so `patch` and `git apply` skip them.
 */
export function explain(r: HardenResult, unsafe: boolean): string {
  const lines: string[] = [];
  const safe = r.changes.filter((c) => c.applicability === 'safe').length;
  const n = r.changes.length;
  lines.push(`${r.path}: ${n === 0 ? 'nothing to change' : `${n} change${n === 1 ? '' : 's'} (${safe} safe, ${n - safe} unsafe)`}`);
  // A change made here for a finding in another file of the project (the base's finding, fixed in the override) names that file.
  for (const c of r.changes) lines.push(`  ${c.file !== r.path ? `${c.file}:` : ''}${c.line}:${c.column}  ${c.target}  ${c.ruleId}  ${c.title}  [${c.applicability}]${c.detail ? ` (${c.detail})` : ''}`);
  const seen = new Set<string>();
  for (const c of r.changes) {
    const k = `${c.ruleId}\0${c.title}`;
    if (seen.has(k)) continue;
    seen.add(k);
    lines.push(`  ${c.ruleId} stops ${c.attack}; may break: ${c.breaks}`);
  }
  for (const note of r.notes) lines.push(`  not fixed: ${note}`);
  for (const f of r.failures ?? []) lines.push(`  failed: ${f}`);
  // The engine check of the tests (test/harden/engine.test.ts) starts hardened Compose services and run lines; nothing starts pods.
  if (r.kind === 'kubernetes' && n > 0) lines.push('  note: Kubernetes edits are checked by a new audit of the output only; bulwark does not apply them to a cluster or start the pods');
  if (!unsafe && r.unsafeAvailable > 0) lines.push(`  ${r.unsafeAvailable} more finding${r.unsafeAvailable === 1 ? ' has an unsafe fix' : 's have unsafe fixes'}: run with --unsafe-fixes to apply ${r.unsafeAvailable === 1 ? 'it' : 'them'}`);
  return lines.map((l) => l + '\n').join('');
}

/** One input to harden: its display path (as audit shows it), text as read (a byte-order mark kept) and file mode. */
interface HardenInput {
  path: string;
  text: string;
  kind?: InputKind;
  mode?: number;
}

/**
 * Expands the command line's paths into inputs with audit's input collection (src/engine/inputs.ts
 * `collectInputs`): directories are walked recursively honouring `.gitignore` and `.bulwark.yaml` `ignore`,
 * skipping `node_modules` and `.git`; files of no hardenable kind inside a directory are skipped. Errors
 * (missing, unreadable, binary, too large, explicit file of unknown kind) are returned, one per file.
 */
/**
 * `harden -`: stdin with the checks `audit -` applies (src/engine/inputs.ts): reading stops one byte past the default
 * `--max-file-size` (memory bounded), NUL bytes make it binary, a UTF-16 byte order mark is decoded; an input error
 * otherwise (exit 2), never a half-read text to rewrite.
 */
async function stdinInput(kind: InputKind | undefined): Promise<{ inputs: HardenInput[]; errors: InputError[] }> {
  const { readBounded, readStdinInput, DEFAULT_MAX_FILE_SIZE } = await import('../engine/inputs.js');
  const r = readStdinInput(await readBounded(process.stdin, DEFAULT_MAX_FILE_SIZE), '-', DEFAULT_MAX_FILE_SIZE);
  return 'code' in r ? { inputs: [], errors: [r] } : { inputs: [{ path: '-', text: r.text, kind }], errors: [] };
}

async function collectHardenInputs(files: string[], kind: InputKind | undefined, config: BulwarkConfig, cwd: string): Promise<{ inputs: HardenInput[]; errors: InputError[]; skipped: { path: string; kind: string }[] }> {
  const { collectInputs, DEFAULT_MAX_FILE_SIZE } = await import('../engine/inputs.js');
  const { inputs, errors } = await collectInputs(files, { cwd, kind, maxFileSize: DEFAULT_MAX_FILE_SIZE, ignore: config.ignore, ignoreBase: config.baseDir ?? cwd });
  const explicit = new Set(files.map((f) => normalize(f)));
  const seen = new Set<string>();
  const seenReal = new Set<string>();
  const out: HardenInput[] = [];
  const skipped: { path: string; kind: string }[] = [];
  for (const i of inputs) {
    const key = normalize(i.path);
    // A file named twice (a path and its directory) is hardened once.
    if (seen.has(key)) continue;
    seen.add(key);
    const fromDir = !explicit.has(key);
    if (fromDir && !HARDENABLE.includes(i.kind)) {
      skipped.push({ path: i.path, kind: i.kind });
      continue;
    }
    const abs = resolve(cwd, i.path);
    // A symbolic link and the file it points to (both found in a directory) are one file: hardened (and written) once.
    const real = await realpath(abs).catch(() => abs);
    if (seenReal.has(real)) continue;
    seenReal.add(real);
    // collectInputs decodes without the byte-order mark; read the raw text again so a BOM stays where it was.
    const st = await stat(abs).catch(() => undefined);
    const raw = await readFile(abs, 'utf8').catch(() => undefined);
    // A UTF-16 file (audit reads it by its byte order mark) would be rewritten as UTF-8: refused, as before.
    if (raw?.includes('\0') && !i.text.includes('\0')) {
      errors.push({ file: i.path, code: 'binary', message: 'UTF-16 text: harden rewrites UTF-8 files only; convert it first (iconv -f UTF-16 -t UTF-8)' });
      continue;
    }
    // A legacy 8-bit file (audit reads it as Windows-1252) would be rewritten as UTF-8 too.
    if (raw?.includes('\uFFFD') && !i.text.includes('\uFFFD')) {
      errors.push({ file: i.path, code: 'binary', message: 'not UTF-8 text (audit reads it as Windows-1252): harden rewrites UTF-8 files only; convert it first (iconv -f WINDOWS-1252 -t UTF-8)' });
      continue;
    }
    out.push({ path: i.path, text: raw ?? i.text, kind: fromDir ? i.kind : kind ?? i.kind, mode: st?.mode });
  }
  return { inputs: out, errors, skipped };
}

/**
 * Runs `bulwark harden`; returns the exit code. One unreadable or unusable input never stops the others:
 * every other file is hardened (and written with `--write`), each bad one is reported as one line
 * `bulwark: file[:line[:column]]: what is wrong`, and the exit code is 2 at the end.
 * @throws UsageError for usage errors (exit 2, nothing read or written)
 */
export async function runHarden(files: string[], flags: HardenFlags): Promise<number> {
  if (flags.fromContainer) {
    const { runFromContainer } = await import('./from-container.js');
    return runFromContainer(flags, await profileFromFlags(flags), files);
  }
  for (const k of ['host', 'tlscacert', 'tlscert', 'tlskey'] as const) if (flags[k] !== undefined) throw new UsageError(`--${k} applies only with --from-container`);
  if (files.length === 0) throw new UsageError('give files or directories to harden (or - for stdin with --kind)');
  if (flags.write && flags.output) throw new UsageError('--write and -o/--output exclude each other');
  if (flags.output && files.length !== 1) throw new UsageError('-o/--output takes one input file');
  const stdin = files.includes('-');
  if (stdin && !flags.kind) throw new UsageError('reading stdin (-) needs --kind');
  if (stdin && files.length > 1) throw new UsageError('- (stdin) cannot be combined with other files');
  if (stdin && flags.write) throw new UsageError('--write cannot write stdin; the hardened text goes to stdout (or -o)');
  if (flags.output && !stdin && (await stat(files[0]).then((s) => s.isDirectory(), () => false))) throw new UsageError(`-o/--output takes one input file; ${files[0]} is a directory (use --write)`);
  // `--only BW-0001` or `--only privileged-container` (any case; repeatable or comma-separated): each must name a rule,
  // as `audit --ignore` checks (an unknown one would harden nothing and exit 0, which reads as a clean pass).
  // `--only BW-0001` or `--only privileged-container`: an unknown rule would harden nothing and exit 0, which reads as a pass.
  const only = flags.only?.length ? (await rulesNamed('--only', flags.only)).map((r) => r.id) : undefined;
  const profile = await profileFromFlags(flags);
  const cwd = process.cwd();
  let config: BulwarkConfig;
  try {
    config = await loadConfig(cwd);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const unsafe = flags.unsafeFixes === true;
  const collected: { inputs: HardenInput[]; errors: InputError[]; skipped?: { path: string; kind: string }[] } = stdin
    ? await stdinInput(flags.kind)
    : await collectHardenInputs(files, flags.kind, config, cwd);
  const bad: InputError[] = [...collected.errors];
  const modes = new Map<string, number | undefined>();
  // The Compose ingester asks for files next to the input by paths relative to the working directory, as audit reads them.
  const readBeside = async (p: string) => readFile(resolve(p), 'utf8').catch(() => undefined);
  // The files of one Compose project (a base and its override, the files COMPOSE_FILE names) are hardened together, from
  // the findings of the merged project, as audit groups them (qa-a 1); every other input on its own.
  const byPath = new Map(collected.inputs.map((i) => [i.path, i]));
  const order = new Map(collected.inputs.map((i, n) => [i.path, n]));
  const projects = stdin ? [] : await composeProjects(collected.inputs.filter((i) => i.kind === 'compose').map((i) => ({ path: i.path, kind: 'compose' as const, text: i.text })), readBeside);
  const grouped = new Set(projects.flat());
  const units: HardenInput[][] = [...projects.map((g) => g.map((p) => byPath.get(p)!)), ...collected.inputs.filter((i) => !grouped.has(i.path)).map((i) => [i])];
  const first = (u: HardenInput[]) => Math.min(...u.map((i) => order.get(i.path)!));
  units.sort((a, b) => first(a) - first(b));
  // Projects that include other Compose files go first: the files they include are hardened with them (qa-a 4), and
  // not a second time on their own.
  const includes = (u: HardenInput[]) => u.some((i) => i.kind === 'compose' && /^include[ \t]*:/m.test(i.text));
  const claimed = new Map<string, string>();
  const abs = (p: string) => resolve(cwd, p);
  const done: { at: number; results: HardenResult[] }[] = [];
  for (const unit of [...units.filter(includes), ...units.filter((u) => !includes(u))]) {
    const members = unit.filter((i) => !claimed.has(abs(i.path)));
    if (members.length === 0) continue;
    const boms = new Map(members.map((i) => [i.path, i.text.charCodeAt(0) === 0xfeff]));
    let rs: HardenResult[];
    try {
      rs = await hardenProject(
        members.map((i) => ({ path: i.path, text: boms.get(i.path) ? i.text.slice(1) : i.text, kind: i.kind })),
        { unsafe, profile, env: process.env, only, config, readFile: readBeside },
        {
          // Included files are edited (and written with --write) with the project; -o and stdout write one text only.
          editIncluded: !stdin && !flags.output,
          lockedBecause: (p) => (claimed.has(abs(p)) ? `is hardened with ${claimed.get(abs(p))} in this run` : undefined),
        },
      );
    } catch (e) {
      // A failure outside any one fix (those are notes with file:line): these files are left unchanged, the others go on.
      for (const i of members) bad.push({ file: i.path, code: 'internal', message: `not hardened, left unchanged: ${e instanceof Error ? e.message : String(e)}` });
      continue;
    }
    const fatal = rs.flatMap((r) => r.errors.filter((e) => FATAL_CODES.includes(e.code)));
    if (fatal.length) {
      // These files are not hardened (and never written); the others go on.
      bad.push(...fatal);
      continue;
    }
    const failures = rs.flatMap((r) => r.failures);
    if (failures.length) {
      // harden broke a file it edited (a bulwark bug): nothing of the project is written, and the run exits 2 (qa-a 2).
      for (const r of rs) bad.push({ file: r.path, code: 'internal', message: `not hardened, left unchanged: ${failures.join('; ')} (a bulwark bug: please report it)` });
      continue;
    }
    for (const r of rs) {
      if (boms.get(r.path)) {
        // Keep a byte-order mark where it was.
        r.original = '\ufeff' + r.original;
        r.output = '\ufeff' + r.output;
      }
      modes.set(r.path, byPath.get(r.path)?.mode);
      claimed.set(abs(r.path), members[0].path);
    }
    done.push({ at: first(unit), results: rs });
  }
  const results = done.sort((a, b) => a.at - b.at).flatMap((d) => d.results);
  for (const r of results) for (const e of r.errors) say(`warning: ${errLine(e)}`);
  // Files of the walked directories that audit reads but harden does not rewrite (CI pipelines, daemon.json, inspect
  // output): named, so a directory run that changes nothing does not read as "nothing to fix" (qa-b 9).
  const skipped = collected.skipped ?? [];
  if (skipped.length) {
    const kinds = [...new Set(skipped.map((x) => x.kind))].sort();
    say(`note: not hardened (harden does not rewrite ${kinds.join(', ')} inputs; audit them): ${skipped.map((x) => x.path).join(', ')}`);
  }
  const out: string[] = [];
  if (flags.format === 'json') {
    out.push(JSON.stringify(results.map((r) => ({ path: r.path, kind: r.kind, changed: r.output !== r.original, changes: r.changes, notes: r.notes, errors: r.errors, unsafeAvailable: r.unsafeAvailable })), null, 2) + '\n');
  }
  const finish = (code: number) => {
    // Each input that could not be hardened: one line, exit 2 once everything else is done.
    for (const e of bad) say(errLine(e));
    return bad.length ? 2 : code;
  };
  if (stdin || flags.output === '-') {
    // The hardened text to stdout (`-o -`, or stdin without -o); the explanation to stderr.
    const r = results[0];
    if (!r) return finish(2);
    if (flags.output && flags.output !== '-') await writeOut(flags.output, r.output, undefined);
    else await writeChunks(process.stdout, [r.output]);
    if (flags.format !== 'json') process.stderr.write(explain(r, unsafe));
    else process.stderr.write(out.join(''));
    return finish(0);
  }
  for (const r of results) {
    if (flags.format !== 'json') {
      out.push(explain(r, unsafe));
      const d = unifiedDiff(r.path, r.masked.original, r.masked.output);
      if (d) out.push(d);
    }
  }
  await writeChunks(process.stdout, out);
  const changed = results.filter((r) => r.output !== r.original);
  if (flags.output) {
    if (!results[0]) return finish(2);
    await writeOut(flags.output, results[0].output, results[0] ? modes.get(results[0].path) : undefined);
    return finish(0);
  }
  if (flags.write) {
    let wrote = 0;
    for (const r of changed) {
      try {
        await writeOut(r.path, r.output, modes.get(r.path));
        wrote++;
      } catch (e) {
        // A file that cannot be written is reported like an unreadable one; the others are still written.
        bad.push({ file: r.path, code: 'write', message: (e as Error).message.replace(/^cannot write [^:]*: /, 'cannot write: ') });
      }
    }
    if (wrote) say(`wrote ${wrote} file${wrote === 1 ? '' : 's'}`);
    return finish(0);
  }
  return finish(changed.length ? 1 : 0);
}

async function writeOut(path: string, text: string, mode: number | undefined): Promise<void> {
  try {
    // The atomic write renames a new file over the old one, which only needs the directory writable: a file the
    // user may not write (read-only, or someone else's) would be replaced anyway, with a new owner. Refused.
    await access(path, fsConstants.W_OK).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await writeAtomic(path, [text], mode);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`cannot write ${path}: ${err.code === 'ENOENT' ? 'no such directory' : err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied (the file is not writable by you)' : err.code === 'EROFS' ? 'read-only file system' : (err.code ?? err.message)}`);
  }
}
