/**
 * The Compose ingester: one `ContainerSpec` per service of a Compose project (compose-spec,
 * https://github.com/compose-spec/compose-spec). Handles several files (`-f a -f b` overrides),
 * `extends` (same file and other files), several YAML documents in one file (merged in order, as docker
 * compose does), named volumes bound from the host (`driver_opts` `o: bind`), the external network named
 * `host`, YAML anchors/aliases/`<<` merge keys, interpolation with
 * `ctx.env` over the `.env` beside the first file, and bad input (never throws; InputErrors instead). A service's
 * `build.dockerfile_inline` is audited as its Dockerfile (`embeddedImages`, located in the Compose file).
 * Requirements: the model inputs of requirements.md ("Inputs every rule must see through one normalized
 * model"), R-S for environment provenance, "Facts from today's engines" for unresolved variables.
 */
import { applySharedHostNamespaces, applyVolumesFrom, asBindMount } from '../sharing.js';
import { readSeccompProfiles } from '../seccomp-file.js';
import { posix } from 'node:path';
import { keepParsed } from './parsed.js';
import { Composer, isAlias, isMap, isScalar, isSeq, Lexer, Parser, type Alias, type Document, type Node, type Scalar } from 'yaml';
import { SourceFile, type SourceRange } from '../../model/source.js';
import { embeddedRange, type BuildSpec, type ContainerSpec, type EnvVar, type ImageBuildSpec, type InputError, type IngestResult, type Mount, type Origin, type ProjectNetwork, type Stage } from '../../model/types.js';
import { isolateRegion, type IngestContext, type Region } from '../types.js';
import { dotEnvEntries, dotEnvFileOf, noteDotEnv, parseDotEnv, type Vars } from './interpolate.js';
import { mergeSpecs } from './merge.js';
import { modelService } from './service.js';
import { baseDirOf, deref, mapOf, report, resolveFrom, seqOf, text, type Entry, type FileScope } from './yamlnodes.js';
import { labelSecretRanges, loggingSecretRanges } from '../run/log-secrets.js';
import { commandSecretRanges, filledInSecretValues } from '../../rules/util/command-secrets.js';
import { referencedVariables } from '../dockerfile/words.js';

/** Maximum nesting of flow collections (`[`/`{`) accepted before parsing (deeper input: InputError `too-deep`). */
export const MAX_FLOW_DEPTH = 200;
/**
 * Maximum nesting of block collections (indentation levels and compact `- - -` items) accepted before
 * parsing. yaml's recursive composer overflows the call stack near 900 levels; Compose files need fewer
 * than 20. Deeper input: InputError `too-deep`.
 */
export const MAX_BLOCK_DEPTH = 200;
/**
 * Alias bombs (billion laughs): the most nodes that alias expansion may add to a document's own nodes.
 * Replaces yaml's `maxAliasCount` check (`toJS`), which also rejects a harmless file that uses one anchor
 * more than 1,000 times (`<<: *common` in 2,000 services) and builds the whole document as plain JS.
 */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/** What {@link scanAliases} found: each alias's anchored node and the document's size with and without aliases expanded. */
export interface AliasScan {
  targets: Map<Alias, unknown>;
  /** Nodes as written (an alias counts 1). */
  written: number;
  /** Nodes with every alias expanded (merge keys included); may be `Infinity` for a bomb (doubles, no overflow). */
  expanded: number;
}

/**
 * One walk of the document in document order (YAML 1.2 §3.2.2.2: an alias refers to the last node anchored
 * with its name before it, as yaml's `Alias.resolve`) that maps every alias to its node and counts the nodes
 * with and without aliases expanded. Only anchored nodes can be reached twice, so only their expanded sizes are
 * kept; an alias inside its own anchored node counts 1. Linear in the written nodes.
 */
export function scanAliases(root: unknown): AliasScan {
  const last = new Map<string, unknown>();
  const done = new Map<unknown, number>();
  const targets = new Map<Alias, unknown>();
  let written = 0;
  const walk = (n: unknown): number => {
    written++;
    if (isAlias(n)) {
      const t = last.get(n.source);
      targets.set(n, t);
      return done.get(t) ?? 1;
    }
    const anchor = (n as Node | null)?.anchor;
    if (anchor) last.set(anchor, n);
    let total = 1;
    if (isMap(n)) for (const p of n.items) total += walk(p.key) + walk(p.value);
    else if (isSeq(n)) for (const it of n.items) total += walk(it);
    if (anchor) done.set(n, total);
    return total;
  };
  const expanded = walk(root);
  return { targets, written, expanded };
}

/** Offset of the first point where flow nesting exceeds `max`, or -1. Quotes and comments are ignored (cheap, conservative). */
export function tooDeepAt(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return -1;
}

/**
 * Offset of the first line whose block nesting exceeds `max`, or -1. One pass over the lines with a stack of
 * open indentation columns: a line pops the levels at or right of its indentation and pushes its own, and
 * each compact `- ` / `? ` indicator on it pushes one more. Block scalar text may count a few spurious
 * levels (an over-estimate, so the check stays safe); blank and comment lines are skipped.
 */
export function blockTooDeepAt(text: string, max: number): number {
  const stack: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && text.charCodeAt(j) === 32) j++;
    let c = text.charCodeAt(j);
    if (j < n && c !== 10 && c !== 13 && c !== 35) {
      const indent = j - i;
      while (stack.length > 0 && stack[stack.length - 1] >= indent) stack.pop();
      stack.push(indent);
      while ((c === 45 || c === 63) && (text.charCodeAt(j + 1) === 32 || text.charCodeAt(j + 1) === 9)) {
        j += 2;
        while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
        stack.push(j - i);
        if (stack.length > max) return j - 2;
        c = text.charCodeAt(j);
      }
      if (stack.length > max) return j;
    }
    const nl = text.indexOf('\n', j);
    if (nl < 0) break;
    i = nl + 1;
  }
  return -1;
}

/** Top-level keys of later Compose formats, never service names of a v1 file. */
const V1_NOT_SERVICES = new Set(['networks', 'volumes', 'secrets', 'configs', 'include', 'name']);

/**
 * One `include` entry (compose-spec 14-include.md): the paths of a file and its overrides, plus the entry's
 * `env_file` (one or more, relative to the including file) and `project_directory`, which choose the
 * variables the included files are interpolated with (default: the `.env` of the project directory, which
 * defaults to the first included file's directory).
 */
type IncludeEntry = { path: string; node: Node }[] & { envFiles?: string[]; projectDirectory?: string };

/** A parsed Compose file: its scope and its `services` mapping entries. */
interface ParsedFile {
  scope: FileScope;
  services: Map<string, { keyNode: Scalar; value: Node | undefined }>;
  /**
   * The top-level `include` entries (compose-spec 14-include.md): each is the list of paths of one entry
   * (`- a.yaml` → one path; `- path: [a.yaml, b.yaml]` → a file and its override), as written, with the node.
   */
  includes?: IncludeEntry[];
  /** Ranges of the file's YAML comments (`#` to end of line), from yaml's lexer (on the first document only). */
  comments: SourceRange[];
  /** The file's further YAML documents after `---`, in order: each overrides the ones before (compose-go#451). */
  next?: ParsedFile[];
}

/** Whether a YAML document holds nothing: no document (an empty file, only comments), or a null root (`~`, `null`). */
function emptyDocument(doc: Document | undefined): boolean {
  const root = doc?.contents;
  return root === undefined || root === null || (isScalar(root) && root.value === null);
}

/** The documents of a parsed file in order: the first, then those after each `---`. */
function documentsOf(pf: ParsedFile): ParsedFile[] {
  return [pf, ...(pf.next ?? [])];
}

/**
 * What {@link lex} found besides the documents: comment ranges (only for a file with `bulwark-ignore` in it)
 * and whether an alias (`*name`) may occur (a count of alias tokens, or 1 for any `*` when not lexed apart).
 */
interface Lexed {
  docs: Document.Parsed[];
  comments: SourceRange[];
  aliases: number;
}

/**
 * Parses `source` with yaml's `Lexer`, `Parser` and `Composer` (what `parseAllDocuments` does), in one pass
 * that also records every comment token and counts alias tokens. A lexeme right after yaml's scalar marker
 * (`\x1f`) is scalar text (a block scalar line may start with `#`); `\x02` and `\x18` are zero-width markers.
 * `uniqueKeys: false`: yaml's duplicate-key check compares every key with every earlier one (quadratic);
 * duplicates are reported by {@link entries} instead.
 */
function lex(file: SourceFile, source: string): Lexed {
  const composer = new Composer({ merge: true, uniqueKeys: false, prettyErrors: false });
  if (!source.includes('bulwark-ignore')) {
    // Comments only matter to suppression directives (engine/suppress.ts), which need the words
    // `bulwark-ignore`; without them the tokens go straight from yaml's parser to its composer, and any
    // `*` may be an alias.
    const docs = [...composer.compose(new Parser().parse(source), true, source.length)];
    return { docs, comments: [], aliases: source.includes('*') ? 1 : 0 };
  }
  const comments: SourceRange[] = [];
  let aliases = 0;
  const parser = new Parser();
  const lexer = new Lexer();
  function* tokens() {
    let scalarNext = false;
    for (const lexeme of lexer.lex(source)) {
      if (scalarNext) scalarNext = false;
      else if (lexeme === '\x1f') scalarNext = true;
      else if (lexeme.charCodeAt(0) === 35) comments.push(file.range(parser.offset, parser.offset + lexeme.length));
      else if (lexeme.charCodeAt(0) === 42) aliases++;
      yield* parser.next(lexeme);
    }
    yield* parser.end();
  }
  const docs = [...composer.compose(tokens(), true, source.length)];
  return { docs, comments, aliases };
}

/**
 * Parses one file; its relative paths resolve from `baseDir` (default: the file's directory; see `FileScope.baseDir`).
 * Returns `undefined` (and adds an InputError) when the YAML is malformed (code
 * `parse`, first error's line:column and message), is too deeply nested (`too-deep`) or an alias bomb (`alias-bomb`); `services` not a mapping gives an
 * InputError and no services.
 */
function parseFile(file: SourceFile, source: string, vars: Vars, errors: InputError[], baseDir?: string): ParsedFile | undefined {
  const err = (offset: number, message: string, code: string) => {
    const p = file.position(offset);
    errors.push({ file: file.path, line: p.line, column: p.column, message, code });
  };
  const deep = tooDeepAt(source, MAX_FLOW_DEPTH);
  if (deep >= 0) {
    err(deep, `YAML nesting deeper than ${MAX_FLOW_DEPTH} levels`, 'too-deep');
    return undefined;
  }
  const deepBlock = blockTooDeepAt(source, MAX_BLOCK_DEPTH);
  if (deepBlock >= 0) {
    err(deepBlock, `YAML block nesting deeper than ${MAX_BLOCK_DEPTH} levels`, 'too-deep');
    return undefined;
  }
  let docs: Document.Parsed[];
  let comments: SourceRange[];
  let aliases = 0;
  try {
    const lexed = lex(file, source);
    comments = lexed.comments;
    aliases = lexed.aliases;
    docs = lexed.docs;
    for (const doc of docs) {
      if (doc.errors.length === 0) continue;
      const e = doc.errors[0];
      const stack = /call stack/i.test(e.message);
      err(e.pos[0], stack ? 'YAML nesting too deep for the parser' : e.message.split('\n')[0], stack ? 'too-deep' : 'parse');
      return undefined;
    }
    // The audit engine hands them to harden's fix labels (src/harden/label.ts) instead of a second parse.
    if (source === file.text) keepParsed(file, docs);
  } catch (e) {
    const deepErr = e instanceof RangeError;
    const bomb = e instanceof ReferenceError && /alias/i.test(e.message);
    err(0, deepErr ? 'YAML nesting too deep for the parser' : bomb ? 'too many alias expansions (alias bomb)' : String((e as Error).message ?? e).split('\n')[0], deepErr ? 'too-deep' : bomb ? 'alias-bomb' : 'parse');
    return undefined;
  }
  // Several YAML documents (`---`): docker compose (compose-go 2, "add support for multi-document yaml",
  // compose-spec/compose-go#451) merges them in order into one model, as `-f` files. A document with only
  // comments or nothing (a trailing `---`) adds nothing.
  const parts: ParsedFile[] = [];
  for (const [i, doc] of (docs.length > 0 ? docs : [undefined]).entries()) {
    const part = parseDocument(file, doc, vars, errors, i === 0 ? comments : [], aliases, err, baseDir);
    if (!part) return undefined;
    parts.push(part);
  }
  const [first, ...rest] = parts;
  if (rest.length > 0) first.next = rest;
  return first;
}

/**
 * One YAML document of a Compose file as a {@link ParsedFile} (see {@link parseFile}); `undefined` for an
 * alias bomb (after the InputError). `doc` `undefined`: an empty file.
 */
function parseDocument(
  file: SourceFile,
  doc: Document.Parsed | undefined,
  vars: Vars,
  errors: InputError[],
  comments: SourceRange[],
  aliases: number,
  err: (offset: number, message: string, code: string) => void,
  baseDir?: string,
): ParsedFile | undefined {
  const scope: FileScope = { file, doc: doc as Document, vars, errors, ...(baseDir !== undefined ? { baseDir } : {}) };
  if (!doc) return { scope, services: new Map(), comments };
  // Alias bombs: only a document with aliases can be one, and only then is the walk paid for. The same walk
  // resolves every alias for deref.
  if (aliases > 0) {
    const scan = scanAliases(doc.contents);
    if (scan.expanded - scan.written > MAX_ALIAS_EXPANSION) {
      err(0, 'too many alias expansions (alias bomb)', 'alias-bomb');
      return undefined;
    }
    scope.aliasTargets = scan.targets;
    // `*name` with no `&name` before it: docker compose refuses the file (yaml.v3: "unknown anchor 'name' referenced").
    for (const [alias, target] of scan.targets) {
      if (target !== undefined) continue;
      err(alias.range?.[0] ?? 0, `unknown alias *${alias.source}: no anchor &${alias.source} before it`, 'parse');
      return undefined;
    }
  }
  const services = new Map<string, { keyNode: Scalar; value: Node | undefined }>();
  const root = deref(scope, doc.contents);
  if (root === undefined || (isScalar(root) && root.value === null)) return { scope, services, comments };
  const top = mapOf(scope, root);
  if (!top) {
    report(scope, root, 'a Compose file must be a mapping');
    return { scope, services, comments };
  }
  const inc = seqOf(scope, top.get('include')?.value);
  const includes: IncludeEntry[] = [];
  const literals = (pv: Node | undefined) =>
    (seqOf(scope, pv) ?? (pv ? [pv] : [])).flatMap((n) => {
      const t = text(scope, n);
      return t && !t.unresolved && t.value ? [{ path: t.value, node: n }] : [];
    });
  for (const it of inc ?? []) {
    const im = mapOf(scope, it);
    const paths: IncludeEntry = literals(im ? im.get('path')?.value : it);
    if (paths.length === 0) continue;
    if (im) {
      const ef = im.get('env_file');
      if (ef) paths.envFiles = literals(ef.value).map((e) => e.path);
      const pd = im.get('project_directory');
      if (pd) paths.projectDirectory = literals(pd.value)[0]?.path;
    }
    includes.push(paths);
  }
  const sv = top.get('services');
  if (!sv && !top.get('version') && includes.length === 0) {
    // Compose file format v1 (docker-compose 1.x, no `version` and no `services`): every top-level mapping
    // with `image` or `build` is a service. docker compose v2 no longer reads it, but such files still
    // deploy with docker-compose 1.x and fill old repositories; a privileged service there is still one.
    for (const [name, en] of top) {
      if (name.startsWith('x-') || V1_NOT_SERVICES.has(name) || !isMap(en.value)) continue;
      const m = mapOf(scope, en.value);
      if (m && (m.get('image') || m.get('build'))) services.set(name, { keyNode: en.keyNode, value: en.value });
    }
    return { scope, services, comments };
  }
  if (!sv || sv.value === undefined || (isScalar(sv.value) && sv.value.value === null)) return { scope, services, comments, includes };
  const sm = mapOf(scope, sv.value);
  if (!sm) {
    report(scope, sv.value, '`services` must be a mapping of service names to service definitions');
    return { scope, services, comments, includes };
  }
  for (const [name, en] of sm) services.set(name, { keyNode: en.keyNode, value: en.value });
  return { scope, services, comments, includes };
}

/**
 * `.env` contents by directory, per context: the engine passes one context to every group of a run, and a
 * directory of many Compose files would otherwise read (or fail to open) the same `.env` once per file.
 * The variables are shared by the files of a directory and never modified.
 */
const dotenvCache = new WeakMap<IngestContext, Map<string, Promise<Vars>>>();

/** Reads the `.env` beside `file` (docker compose's project directory is the first file's directory). */
async function loadVars(file: SourceFile, ctx: IngestContext): Promise<Vars> {
  const dir = posix.dirname(file.path.replace(/\\/g, '/'));
  let byDir = dotenvCache.get(ctx);
  if (!byDir) dotenvCache.set(ctx, (byDir = new Map()));
  let pending = byDir.get(dir);
  if (!pending) {
    pending = (async () => {
      try {
        const t = await ctx.readFile(posix.join(dir, '.env'));
        return t !== undefined ? parseDotEnv(t, ctx.env) : {};
      } catch {
        return {}; // unreadable .env: same as none
      }
    })().then((dotenv) => {
      const vars: Vars = { ...dotenv };
      for (const [k, v] of Object.entries(ctx.env)) if (v !== undefined) vars[k] = v;
      noteDotEnv(vars, posix.join(dir, '.env'), Object.keys(dotenv).filter((k) => ctx.env[k] === undefined));
      return vars;
    });
    byDir.set(dir, pending);
  }
  return pending;
}

/** State of one ingestion: parsed files by path (for `extends.file`) and the error list. */
interface Run {
  ctx: IngestContext;
  vars: Vars;
  errors: InputError[];
  files: Map<string, ParsedFile | undefined>;
}

/**
 * Reads and parses a file the project refers to (`extends.file`, `include`), by normalized path; `undefined` when it
 * cannot be read or parsed. `vars` (an `include` entry's variables) parses it afresh with them; `baseDir` is the
 * directory its relative paths resolve from (default: its own directory). A file already parsed with the same base
 * directory and the project's variables is reused. `run.files` keeps the first parse of each path.
 */
/**
 * The base directory of the project file at `path` (see `FileScope.baseDir`): where a relative path an origin in that
 * file writes resolves from. A file parsed with two base directories (read by `extends` and by `include`) keeps the
 * first; a path not parsed (an env file) gets its own directory.
 */
function fileBaseDir(run: Run, path: string): string {
  const pf = run.files.get(path);
  return pf ? baseDirOf(pf.scope) : posix.dirname(path.replace(/\\/g, '/'));
}

async function loadOther(run: Run, path: string, vars?: Vars, baseDir?: string): Promise<ParsedFile | undefined> {
  const cached = run.files.get(path);
  const dir = baseDir ?? posix.dirname(path.replace(/\\/g, '/'));
  if (run.files.has(path) && !vars && (!cached || baseDirOf(cached.scope) === dir)) return cached;
  if (!run.files.has(path)) run.files.set(path, undefined);
  let t: string | undefined;
  try {
    t = await run.ctx.readFile(path);
  } catch {
    t = undefined;
  }
  if (t === undefined) return undefined;
  const sf = new SourceFile(path, t);
  const p = parseFile(sf, sf.text, vars ?? run.vars, run.errors, baseDir);
  if (run.files.get(path) === undefined) run.files.set(path, p);
  return p;
}

/**
 * The project directory of an `include` entry (compose-spec 14-include.md "project_directory": "a base path to resolve
 * relative paths set in the Compose file. It defaults to the directory of the included Compose file"; compose-go
 * `ApplyInclude`): `project_directory` or the directory of the entry's first file, each relative to `dir`, the base
 * directory of the including file. The included files' relative paths resolve from it (overrides in the entry's `path`
 * list too).
 */
function includeProjectDir(dir: string, entry: IncludeEntry): string {
  return entry.projectDirectory !== undefined ? resolveFrom(dir, entry.projectDirectory) : posix.dirname(resolveFrom(dir, entry[0]?.path ?? '.'));
}

/**
 * The variables an `include` entry's files are interpolated with (compose-spec 14-include.md "env_file":
 * "defaults to `.env` file in the project_directory"; see {@link includeProjectDir}): the entry's env files
 * (relative to `dir`, the including file's base directory) or that `.env`, over the
 * including project's variables; the environment bulwark runs in (`ctx.env`) wins, as in docker compose.
 * Unreadable files add nothing. `undefined` when no file adds a variable (then the project's variables apply).
 */
async function includeVars(run: Run, dir: string, entry: IncludeEntry): Promise<Vars | undefined> {
  const projectDir = includeProjectDir(dir, entry);
  const files = entry.envFiles?.length ? entry.envFiles.map((f) => resolveFrom(dir, f)) : [posix.join(projectDir, '.env')];
  const added: Vars = {};
  const fileOf = new Map<string, string>();
  for (const f of files) {
    let t: string | undefined;
    try {
      t = await run.ctx.readFile(f);
    } catch {
      t = undefined;
    }
    if (t === undefined) continue;
    const got = parseDotEnv(t, run.ctx.env);
    Object.assign(added, got);
    for (const k of Object.keys(got)) fileOf.set(k, f);
  }
  if (Object.keys(added).length === 0) return undefined;
  const vars: Vars = { ...run.vars, ...added };
  for (const [k, v] of Object.entries(run.ctx.env)) if (v !== undefined) vars[k] = v;
  for (const k of Object.keys(run.vars)) {
    const from = dotEnvFileOf(run.vars, k);
    if (from !== undefined && !fileOf.has(k)) noteDotEnv(vars, from, [k]);
  }
  for (const [k, f] of fileOf) if (run.ctx.env[k] === undefined) noteDotEnv(vars, f, [k]);
  return vars;
}

/**
 * Models service `name` of `pf`, resolving `extends` recursively (compose-spec 14-extends.md).
 * `stack` holds `file#service` keys being resolved, to report cycles (InputError code `extends`).
 */
async function resolveService(run: Run, pf: ParsedFile, name: string, stack: string[]): Promise<ContainerSpec | undefined> {
  const s = pf.services.get(name)!;
  if (!isMap(s.value)) {
    report(pf.scope, s.value ?? s.keyNode, `service "${name}" must be a mapping`);
    return undefined;
  }
  const spec = modelService(pf.scope, name, s.keyNode, s.value);
  // `extends` is written in the service or merged in with `<<`; only then are the entries worked out again.
  const mayExtend = s.value.items.some((p) => isScalar(p.key) && (p.key.value === 'extends' || p.key.value === '<<' || typeof p.key.value === 'symbol'));
  const ext = mayExtend ? mapOf(pf.scope, s.value)!.get('extends') : undefined;
  if (!ext) return spec;
  const em = mapOf(pf.scope, ext.value);
  const svcT = text(pf.scope, em ? em.get('service')?.value : ext.value);
  const fileT = em ? text(pf.scope, em.get('file')?.value) : undefined;
  if (!svcT) {
    report(pf.scope, ext.value ?? ext.keyNode, '`extends` needs a service name', 'extends');
    return spec;
  }
  let parent: ParsedFile | undefined = pf;
  if (fileT) {
    // Relative to the extending file's base directory (compose-go resolves `extends.file` with the loader of the
    // project's working directory); the extended file's own paths resolve from its directory (its default base).
    const path = resolveFrom(baseDirOf(pf.scope), fileT.value);
    parent = await loadOther(run, path);
    if (!parent) {
      report(pf.scope, fileT.node, `cannot read extends file ${fileT.value}`, 'read');
      return spec;
    }
  }
  // A file of several documents: the base service may be written in any of them (docker compose merges the
  // documents before resolving `extends`); when the service's own document lacks it, the last document that
  // defines it is taken.
  if (!parent.services.has(svcT.value)) {
    const root = fileT ? parent : (run.files.get(pf.scope.file.path) ?? pf);
    parent = [...documentsOf(root)].reverse().find((d) => d.services.has(svcT.value)) ?? parent;
  }
  const key = `${parent.scope.file.path}#${svcT.value}`;
  if (stack.includes(key)) {
    report(pf.scope, svcT.node, `extends cycle: ${[...stack, key].join(' -> ')}`, 'extends');
    return spec;
  }
  if (!parent.services.has(svcT.value)) {
    report(pf.scope, svcT.node, `extends: no service "${svcT.value}" in ${parent.scope.file.path}`, 'extends');
    return spec;
  }
  const base = await resolveService(run, parent, svcT.value, [...stack, key]);
  return base ? mergeSpecs(base, spec, spec) : spec;
}

/** Deepest chain of `include` bulwark follows (docker compose has no limit but rejects cycles). */
const MAX_INCLUDE_DEPTH = 10;

/**
 * Adds the services of the files `pf` includes (compose-spec 14-include.md: each entry's path is relative
 * to the including file's base directory; a list of paths is a file and its overrides, merged in order, whose
 * relative paths resolve from the entry's project directory, see {@link includeProjectDir}; included files may
 * include others). A service already defined keeps its definition; a different definition of the same name from
 * an include is an InputError `schema` at the include entry (docker compose refuses such a conflict), the same
 * definition reached twice is not. A file that cannot be read is an InputError (`read`), as docker
 * compose refuses to start without it. A remote include (`oci://…`, a git URL) is an InputError `unsupported`
 * that says so: bulwark reads no network, and its services are not audited. Included files interpolate with
 * the entry's `env_file` or the `.env` of their project directory, over the including project's variables
 * (see {@link includeVars}).
 */
async function includeServices(run: Run, pf: ParsedFile | undefined, specs: Map<string, ContainerSpec>, chain: string[]): Promise<void> {
  if (!pf?.includes?.length) return;
  const dir = baseDirOf(pf.scope);
  for (const entry of pf.includes) {
    const merged = new Map<string, ContainerSpec>();
    const parsed: ParsedFile[] = [];
    const vars = await includeVars(run, dir, entry);
    const projectDir = includeProjectDir(dir, entry);
    for (const { path: rel, node } of entry) {
      // Remote resources (docker compose 2.20+: `oci://…`, a git URL `https://…git#ref:path`, `git@…`): bulwark reads no network.
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(rel) || /^git@/.test(rel)) {
        report(pf.scope, node, `include ${rel} is a remote resource: bulwark does not fetch it, so its services are not audited (audit a local copy)`, 'unsupported');
        continue;
      }
      const path = resolveFrom(dir, rel);
      if (chain.includes(path) || chain.length > MAX_INCLUDE_DEPTH) {
        report(pf.scope, node, `include cycle or chain too deep: ${[...chain, path].join(' -> ')}`, 'extends');
        continue;
      }
      const inc = await loadOther(run, path, vars, projectDir);
      if (!inc) {
        report(pf.scope, node, `cannot read include file ${rel}`, 'read');
        continue;
      }
      parsed.push(inc);
      for (const part of documentsOf(inc)) {
        for (const name of part.services.keys()) {
          const spec = await resolveService(run, part, name, [`${path}#${name}`]);
          if (!spec) continue;
          const prev = merged.get(name);
          merged.set(name, prev ? mergeSpecs(prev, spec, prev) : spec);
        }
      }
    }
    for (const [name, spec] of merged) {
      const prev = specs.get(name);
      if (!prev) specs.set(name, spec);
      // The same definition reached twice (two includes of one file) is no conflict; another one is: docker compose
      // refuses it ("Compose reports an error if any resource from include conflicts", Compose docs "Include").
      else if ((prev.file !== spec.file || prev.target.range.start !== spec.target.range.start) && entry[0])
        report(pf.scope, entry[0].node, `include ${entry[0].path}: service ${name} is already defined (in ${prev.file}); docker compose refuses the conflict, and bulwark audits only that first definition`, 'schema');
    }
    for (const inc of parsed) for (const part of documentsOf(inc)) await includeServices(run, part, specs, [...chain, inc.scope.file.path]);
  }
}

/** A top-level named volume that is a host directory in disguise (see {@link bindVolumes}). */
interface BindVolume {
  /** `driver_opts.device` interpolated; resolved against the defining file's base directory (`FileScope.baseDir`) when relative. */
  device: string;
  /** `driver_opts.device` as written. */
  deviceRaw: string;
  /** `driver_opts.o` holds `ro`. */
  readOnly: boolean;
  unresolved: boolean;
  origin: Origin;
}

/**
 * Each entry of a top-level section (`volumes`, `networks`) in every file and YAML document of the project, in
 * the order Compose merges them (later files and documents last): its key, its entry, its mapping (aliases
 * resolved; `undefined` when the entry is not a mapping) and the scope of the file it is written in.
 */
function* topLevelDefinitions(run: Run, section: string): Generator<{ key: string; entry: Entry; map: Map<string, Entry> | undefined; scope: FileScope }> {
  for (const pf of run.files.values()) {
    for (const part of pf ? documentsOf(pf) : []) {
      const scope = part.scope;
      if (!scope.doc) continue;
      const top = mapOf(scope, deref(scope, scope.doc.contents));
      for (const [key, entry] of mapOf(scope, deref(scope, top?.get(section)?.value)) ?? []) yield { key, entry, map: mapOf(scope, deref(scope, entry.value)), scope };
    }
  }
}

/**
 * The project's named volumes that the `local` driver binds from the host: `driver_opts` with `o` holding
 * `bind` or `rbind` and a `device` path (compose-spec 07-volumes.md "driver_opts"; the local driver passes
 * them to mount(8), so `device: /var/run` mounts the host's /var/run wherever a service uses the volume).
 * Definitions in later files and documents win, as Compose merges top-level `volumes`.
 */
function bindVolumes(run: Run): Map<string, BindVolume> {
  const out = new Map<string, BindVolume>();
  for (const { key: name, map: vm, scope } of topLevelDefinitions(run, 'volumes')) {
    if (!vm) continue;
    const driver = text(scope, deref(scope, vm.get('driver')?.value));
    if (driver && driver.value !== 'local') continue;
    const opts = mapOf(scope, deref(scope, vm.get('driver_opts')?.value));
    const o = text(scope, deref(scope, opts?.get('o')?.value));
    const dev = text(scope, deref(scope, opts?.get('device')?.value));
    if (!o || !dev || !dev.value) continue;
    const flags = o.value.split(',').map((f) => f.trim());
    if (!flags.includes('bind') && !flags.includes('rbind')) continue;
    const device = dev.value.startsWith('.') ? posix.normalize(posix.join(baseDirOf(scope), dev.value)) : dev.value;
    out.set(name, { device, deviceRaw: dev.raw, readOnly: flags.includes('ro'), unresolved: dev.unresolved || o.unresolved, origin: dev.origin });
  }
  return out;
}

/**
 * Turns each service mount of a named volume that {@link bindVolumes} found into the bind mount it is: type
 * `bind`, source the `device` path (its origin where `device:` is written), read-only if the service's mount or
 * the volume's `o` says so. The mount's own origin stays the service's volume entry, where findings point.
 */
function applyBindVolumes(run: Run, containers: ContainerSpec[]): void {
  let defs: Map<string, BindVolume> | undefined;
  for (const c of containers) {
    for (const m of c.mounts) {
      if (m.type !== 'volume' || !m.source) continue;
      defs ??= bindVolumes(run);
      const d = defs.get(m.source);
      if (d) asBindMount(m, d);
    }
  }
}

/**
 * The overlay networks the project defines at the top level, in every file and document of the project (entries of
 * one key merged as Compose merges them: the last `driver` wins, `driver_opts` add up): driver `overlay`, not `external`,
 * with whether `driver_opts` has `encrypted`. libnetwork's overlay driver encrypts when the option is present,
 * whatever its value (`docker network create --opt encrypted`). CIS Docker Benchmark 1.6.0 7.3, R-M.
 */
function overlayNetworks(run: Run): ProjectNetwork[] {
  // Per key, merged over the files in order as Compose merges mappings: the last `driver` written wins,
  // `driver_opts` keys accumulate, `external` from any file.
  const seen = new Map<string, { driver?: { value: string; origin: Origin }; encrypted: boolean; external: boolean }>();
  for (const { key, map: nm, scope } of topLevelDefinitions(run, 'networks')) {
    if (!nm) continue;
    const st = seen.get(key) ?? { encrypted: false, external: false };
    seen.set(key, st);
    const driver = text(scope, deref(scope, nm.get('driver')?.value));
    if (driver) st.driver = { value: driver.value, origin: driver.origin };
    const extNode = deref(scope, nm.get('external')?.value);
    const ext = text(scope, extNode);
    if (mapOf(scope, extNode) || ext?.yaml === true || ext?.value === 'true') st.external = true;
    if (mapOf(scope, deref(scope, nm.get('driver_opts')?.value))?.has('encrypted')) st.encrypted = true;
  }
  const out: ProjectNetwork[] = [];
  for (const [name, st] of seen) {
    if (st.external || st.driver?.value !== 'overlay') continue;
    out.push({ name, driver: st.driver.value, encrypted: st.encrypted, origin: st.driver.origin });
  }
  return out;
}

/**
 * The project's networks that are the host's network stack: a top-level `networks` entry whose engine network
 * name is `host` (`name: host`, `external: {name: host}` of file format 3.x, or the key `host` with
 * `external: true`), by key, with the origin where `host` is written. compose-spec 06-networks.md; the Compose
 * file v3 reference ("host or none": `networks: {hostnet: {external: true, name: host}}`) documents the pattern.
 */
function hostNetworks(run: Run): Map<string, Origin> {
  const out = new Map<string, Origin>();
  for (const { key, entry: en, map: nm, scope } of topLevelDefinitions(run, 'networks')) {
    if (!nm) continue;
    const extNode = deref(scope, nm.get('external')?.value);
    const extMap = mapOf(scope, extNode);
    const name = text(scope, deref(scope, nm.get('name')?.value)) ?? text(scope, deref(scope, extMap?.get('name')?.value));
    const external = extMap !== undefined || text(scope, extNode)?.yaml === true || text(scope, extNode)?.value === 'true';
    if (name?.value === 'host') out.set(key, name.origin);
    else if (!name && key === 'host' && external) out.set(key, { kind: 'file', file: scope.file.path, start: en.keyNode.range![0], end: en.keyNode.range![1] });
    else out.delete(key);
  }
  return out;
}

/**
 * Gives the host network namespace to each service without `network_mode` that joins a network
 * {@link hostNetworks} found (at its entry in the service's `networks`), or that joins no network while the
 * project's `default` network is the host's (at that network's `name: host`): docker compose then starts the
 * container with NetworkMode `host`, as `network_mode: host` would (R-M, CIS 5.10).
 */
function applyHostNetworks(run: Run, containers: ContainerSpec[]): void {
  let hosts: Map<string, Origin> | undefined;
  for (const c of containers) {
    if (c.namespaces.network) continue;
    hosts ??= hostNetworks(run);
    if (hosts.size === 0) return;
    const joined = c.networks.find((n) => hosts!.has(n.value));
    const origin = joined ? joined.origin : c.networks.length === 0 ? hosts.get('default') : undefined;
    if (origin) c.namespaces.network = { value: { mode: 'host' }, origin, how: 'explicit' };
  }
}

/**
 * Reads the `env_file` files of each container (compose-spec: a path relative to the base directory of the Compose
 * file that names it, see `FileScope.baseDir`; later files override earlier ones and `environment` overrides them all) and adds their variables to the
 * container's environment, each entry's origin in the env file, so secrets there are found (R-S: "secrets
 * in environment … `--env-file`") and masked where they are written. A file that cannot be read adds nothing
 * (env files are often kept out of the repository; docker compose would refuse to start without one, unless
 * `required: false`). Returns the env files read, for the engine to locate and mask findings in them; the
 * values no container gets (overridden by `environment` or a later env file) go to `masks`.
 */
async function readEnvFiles(run: Run, containers: ContainerSpec[], masks: SourceRange[]): Promise<SourceFile[]> {
  const read = new Map<string, SourceFile | undefined>();
  for (const c of containers) {
    if (c.envFiles.length === 0) continue;
    const fromFiles = new Map<string, EnvVar>();
    for (const ef of c.envFiles) {
      if (ef.origin.kind !== 'file') continue;
      if (ef.how === 'unresolved' || !ef.value) {
        (c.envFilesUnread ??= []).push(ef);
        continue;
      }
      const path = resolveFrom(fileBaseDir(run, ef.origin.file), ef.value);
      if (!read.has(path)) {
        let t: string | undefined;
        try {
          t = await run.ctx.readFile(path);
        } catch {
          t = undefined;
        }
        read.set(path, t === undefined ? undefined : new SourceFile(path, t));
      }
      const sf = read.get(path);
      if (!sf) {
        if (!c.extra[`envFileOptional:${ef.value}`]) (c.envFilesUnread ??= []).push(ef);
        continue;
      }
      for (const e of dotEnvEntries(sf.text, run.vars)) {
        const origin: Origin = { kind: 'file', file: path, start: e.start, end: e.end };
        const valueOrigin: Origin = { kind: 'file', file: path, start: e.valueStart, end: e.valueEnd };
        const prev = fromFiles.get(e.name);
        if (prev?.valueOrigin?.kind === 'file') masks.push({ file: prev.valueOrigin.file, start: prev.valueOrigin.start, end: prev.valueOrigin.end });
        fromFiles.set(e.name, { name: e.name, value: e.value, raw: sf.text.slice(e.valueStart, e.valueEnd), kind: e.interpolated ? 'interpolated' : 'literal', origin, valueOrigin });
      }
    }
    const set = new Set(c.env.map((e) => e.name));
    for (const [name, v] of fromFiles) {
      if (!set.has(name)) {
        c.env.push(v);
        continue;
      }
      // A value `environment` overrides never reaches the container, but it is still written in the env file:
      // it is masked wherever the file is shown, as a secret would be (R-S: nothing of it in bulwark's output).
      // `extra['envFileShadowed:NAME']` (value: the env file) tells a fix that removes the `environment` entry
      // that the env file's value would take its place.
      if (v.valueOrigin?.kind === 'file') masks.push({ file: v.valueOrigin.file, start: v.valueOrigin.start, end: v.valueOrigin.end });
      c.extra[`envFileShadowed:${name}`] = { value: v.origin.kind === 'file' ? v.origin.file : '', origin: v.origin, how: 'explicit' };
    }
  }
  return [...read.values()].filter((f): f is SourceFile => f !== undefined);
}

/**
 * Audits each service's `build.dockerfile_inline` (compose-spec build.md) as its Dockerfile: parsed by the Dockerfile
 * ingester as a text of its own (so heredocs and line continuations read as the builder reads them, without the YAML
 * indentation), then added to `result.embeddedImages` with the map of where its characters are written
 * (`build.dockerfileInlineMap`): findings and masks land on the Compose file's lines. The image's target is named
 * after the service (kind `stage`); with `build.target`, the stage of that name is the image. The Dockerfile's input
 * errors are reported at their place in the Compose file, prefixed with the key's path; its secret values are masked
 * there (`masks`). Its comments (`#` lines, RUN shell comments) are added to `comments`, mapped into the Compose
 * file, so the engine reads a `# bulwark-ignore` among them as a directive for the Compose file's next line.
 */
async function inlineDockerfiles(run: Run, result: IngestResult, masks: SourceRange[], comments: SourceRange[]): Promise<void> {
  for (const c of result.containers) {
    const b = c.build;
    const map = b?.dockerfileInlineMap;
    if (!b?.dockerfileInline || !map) continue;
    const { ingestDockerfile } = await import('../dockerfile/index.js');
    const where = `services.${c.target.name}.build.dockerfile_inline`;
    const source = new SourceFile(`${map.file}#${where}`, b.dockerfileInline.value);
    // Every map names a file of the project, parsed (and kept in `run.files`) before its services were modelled.
    const host = run.files.get(map.file)?.scope.file;
    const r = await ingestDockerfile(source, run.ctx);
    for (const e of r.errors) {
      const at = embeddedRange(map, { start: source.offset(e.line ?? 1, e.column ?? 1), end: source.offset(e.line ?? 1, e.column ?? 1) });
      const p = host?.position(at.start);
      result.errors.push({ file: map.file, ...(p ? { line: p.line, column: p.column } : {}), message: `${where}: ${e.message}`, code: e.code });
    }
    for (const m of r.secretRanges ?? []) masks.push(embeddedRange(map, m, true));
    // The Dockerfile's comments are comments of the Compose file too (a block scalar's text, not YAML comments):
    // a `# bulwark-ignore` above one of its instructions is a directive, as in a Dockerfile of its own.
    for (const cm of r.comments ?? []) comments.push(embeddedRange(map, cm));
    const img = r.images[0];
    if (!img) continue;
    const chosen = b.target && b.target.how !== 'unresolved' ? img.stages.find((st) => st.name === b.target!.value.toLowerCase()) : undefined;
    if (chosen) img.finalStage = chosen;
    img.file = map.file;
    img.target = { kind: 'stage', name: c.target.name, range: embeddedRange(map, img.finalStage.fromRange) };
    img.embedded = { source, map };
    (result.embeddedImages ??= []).push(img);
  }
}

/**
 * For each service with `build` and no `user`, the user its image runs as: the USER of the built stage (the last, or
 * `build.target`'s) of its Dockerfile, which the builder records as the image's `Config.User` (Dockerfile reference,
 * "USER"), as `imageUser` (CIS 4.1: BW-0004 judges it as an inspected image's). The Dockerfile is the
 * `dockerfile_inline` one (audited in `result.embeddedImages`), or the file docker compose builds with
 * (compose-spec build.md: `dockerfile`, default `Dockerfile`, relative to `context`, default `.`, relative to the
 * Compose file that writes it), read through `ctx.readFile`. The service's `build.args` are the build's
 * `--build-arg`s (compose-spec build.md "args"): they replace the defaults of the Dockerfile's ARGs a `USER ${ARG}`
 * takes (`args: {APP_UID: "0"}` builds `ARG APP_UID=10001` / `USER ${APP_UID}` as USER 0). Nothing is set when the
 * Dockerfile cannot be read, the context is remote (a Git or HTTP URL), the stage sets no USER (the base image
 * decides) or the USER depends on a build argument whose value is unknown (an ARG without a default and no `args`
 * entry, an `args` entry from an unset variable or without a value).
 */
async function builtImageUsers(run: Run, result: IngestResult): Promise<void> {
  for (const c of result.containers) {
    const b = c.build;
    if (!b || (c.user && c.user.value.trim() !== '') || c.imageUser) continue;
    const target = b.target && b.target.how !== 'unresolved' ? b.target.value.toLowerCase() : undefined;
    const buildArgs = b.args.length ? new Map(b.args.map((a) => [a.name, a.value] as const)) : undefined;
    let stages: Stage[] | undefined;
    let last: Stage | undefined;
    let read: NonNullable<BuildSpec['read']> | undefined;
    const { ingestDockerfile } = await import('../dockerfile/index.js');
    if (b.dockerfileInline) {
      let img: ImageBuildSpec | undefined = result.embeddedImages?.find((i) => i.target.name === c.target.name && i.target.kind === 'stage');
      if (!img) continue;
      read = { file: img.embedded?.source.path ?? img.file, inline: true };
      // The audited inline Dockerfile is read with its ARG defaults; the image Compose builds has the `args`.
      if (buildArgs && img.embedded) img = (await ingestDockerfile(img.embedded.source, run.ctx, undefined, { buildArgs })).images[0];
      if (!img) continue;
      stages = img.stages;
      last = img.stages[img.stages.length - 1];
    } else {
      const path = buildDockerfilePath(b, (f) => fileBaseDir(run, f));
      const text = path === undefined ? undefined : await run.ctx.readFile(path).catch(() => undefined);
      if (path === undefined || text === undefined) continue;
      const img = (await ingestDockerfile(new SourceFile(path, text), run.ctx, undefined, { buildArgs })).images[0];
      if (!img) continue;
      stages = img.stages;
      last = img.finalStage;
      read = { file: path, inline: false };
    }
    const stage = (target ? stages.find((st) => st.name === target) : undefined) ?? last;
    const user = stage?.user;
    if (!user || user.how === 'unresolved' || user.value.trim() === '') continue;
    if (stage !== last) read.stage = stage.name;
    // The build arguments the USER's value took (`USER ${APP_UID}` with `args: {APP_UID: "0"}`), to say so.
    const taken = user.raw !== undefined && buildArgs ? referencedVariables(user.raw).filter((n) => buildArgs.has(n)) : [];
    if (taken.length) read.args = [...new Set(taken)];
    b.read = read;
    c.imageUser = { value: user.value, origin: user.origin, how: 'default' };
  }
}

/**
 * The path docker compose reads a service's Dockerfile from (compose-spec build.md): `dockerfile` (default
 * `Dockerfile`) relative to `context` (default `.`), itself relative to the base directory (`baseDir(file)`, see
 * `FileScope.baseDir`) of the Compose file that writes the `build` entry; an absolute `dockerfile` as written. `undefined` for a remote context (`https://…`, `git@…`,
 * `github.com/…`) or values that depend on unset variables.
 */
function buildDockerfilePath(b: BuildSpec, baseDir: (file: string) => string): string | undefined {
  if (b.context?.how === 'unresolved' || b.dockerfile?.how === 'unresolved' || b.origin.kind !== 'file') return undefined;
  const context = (b.context?.value ?? '.').replace(/\\/g, '/');
  if (/^[a-z][a-z0-9+.-]*:\/\/|^git@|^github\.com\//i.test(context)) return undefined;
  const dockerfile = (b.dockerfile?.value ?? 'Dockerfile').replace(/\\/g, '/');
  if (dockerfile.startsWith('/')) return posix.normalize(dockerfile);
  const dir = baseDir(b.context?.origin.kind === 'file' ? b.context.origin.file : b.origin.file);
  return posix.normalize(posix.join(context.startsWith('/') ? context : posix.join(dir, context), dockerfile));
}

/**
 * Ingests one Compose project: files[0] is the base, later files override (docker compose -f a -f b
 * semantics, compose-spec 13-merge.md). `region` restricts parsing of files[0] to a fenced block of a
 * Markdown file (offsets stay those of the whole file). Never throws: problems become InputErrors
 * (`parse`, `too-deep`, `alias-bomb`, `interpolation`, `extends`, `read`).
 */
export async function ingestCompose(files: SourceFile[], ctx: IngestContext, region?: Region): Promise<IngestResult> {
  const result: IngestResult = { containers: [], images: [], errors: [] };
  if (files.length === 0) return result;
  try {
    const run: Run = { ctx, vars: await loadVars(files[0], ctx), errors: result.errors, files: new Map() };
    const specs = new Map<string, ContainerSpec>();
    // Every file's relative paths resolve from the project directory, the first file's directory (Compose docs
    // "Merge": "Paths are evaluated relative to the base file"; compose-go resolves them from the working directory).
    const projectDir = posix.dirname(files[0].path.replace(/\\/g, '/'));
    for (const [i, f] of files.entries()) {
      const src = i === 0 && region ? isolateRegion(f.text, region.start, region.end) : f.text;
      const pf = parseFile(f, src, run.vars, run.errors, projectDir);
      run.files.set(f.path, pf);
      if (!pf) continue;
      for (const part of documentsOf(pf)) {
        for (const name of part.services.keys()) {
          const spec = await resolveService(run, part, name, [`${f.path}#${name}`]);
          if (!spec) continue;
          const prev = specs.get(name);
          specs.set(name, prev ? mergeSpecs(prev, spec, prev) : spec);
        }
      }
    }
    // A project whose files hold nothing (empty, only comments, or `~`): compose-go's loader refuses it with "empty
    // compose file" (loader.go: no document body in any file leaves the model empty). An empty override beside a base
    // with content adds nothing, as there. A fenced block of Markdown or a heredoc is not a whole file: not checked.
    if (!region && files.every((f) => { const pf = run.files.get(f.path); return pf !== undefined && documentsOf(pf).every((p) => emptyDocument(p.scope.doc)); })) {
      run.errors.push({ file: files[0].path, line: 1, column: 1, code: 'parse', message: `empty Compose file: no services; docker compose refuses it ("empty compose file")` });
    }
    for (const f of files) {
      const pf = run.files.get(f.path);
      for (const part of pf ? documentsOf(pf) : []) await includeServices(run, part, specs, [f.path]);
    }
    // A service with `provider` (compose-spec 05-services.md "provider", Compose 2.36) is run by a provider plugin
    // on the host (a cloud database, a model runner): no container is created for it, so no container finding.
    result.containers = [...specs.values()].filter((c) => !(c.extra.provider && !c.image && !c.extra.build));
    applyBindVolumes(run, result.containers);
    applyHostNetworks(run, result.containers);
    const overlays = overlayNetworks(run);
    if (overlays.length) result.networks = overlays;
    applySharedHostNamespaces(result.containers);
    applyVolumesFrom(result.containers);
    const masks: SourceRange[] = [];
    const envSources = await readEnvFiles(run, result.containers, masks);
    // docker compose reads a seccomp profile from the project directory, whichever file (override, `extends`,
    // `include`) writes the option (`parseSecurityOpts`: `os.ReadFile(p.RelativePath(...))`).
    await readSeccompProfiles(result.containers, run.ctx, () => projectDir);
    const inlineComments: SourceRange[] = [];
    await inlineDockerfiles(run, result, masks, inlineComments);
    await builtImageUsers(run, result);
    // Secret logging options (`logging.options.splunk-token`) and labels, in whichever project file they are written.
    const texts = new Map<string, string>();
    for (const [path, pf] of run.files) if (pf) texts.set(path, pf.scope.file.text);
    masks.push(...loggingSecretRanges(result.containers, texts));
    masks.push(...labelSecretRanges(result.containers, texts));
    // Passwords given to the program in the container (`command: redis-server --requirepass pw`).
    masks.push(...commandSecretRanges(result.containers, texts));
    // A secret Compose fills into a command from `.env` or the environment (`--requirepass ${REDIS_PASSWORD}`): its value
    // is in no project file where it is used, but is masked wherever one repeats it.
    const filled = filledInSecretValues(result.containers, texts, (file, name) => (run.files.get(file)?.scope.vars ?? run.vars)[name]);
    if (filled.length) result.secretValues = filled;
    // Secret `environment` values no container gets (a list entry written again later, a value an override or
    // `extends` replaces): still written in the file, so masked wherever it is shown.
    for (const [path, pf] of run.files) for (const r of pf?.scope.secretValues ?? []) masks.push({ file: path, start: r.start, end: r.end });
    if (masks.length) result.secretRanges = [...(result.secretRanges ?? []), ...masks];
    const given = new Set(files.map((f) => f.path));
    const comments: SourceRange[] = [...inlineComments];
    const extra: SourceFile[] = [...envSources];
    for (const [path, pf] of run.files) {
      if (!pf) continue;
      comments.push(...pf.comments);
      if (!given.has(path)) extra.push(pf.scope.file);
    }
    result.comments = comments;
    if (extra.length > 0) result.extraSources = extra;
    const seen = new Set<string>();
    result.errors = result.errors.filter((e) => {
      const k = `${e.file}:${e.line}:${e.column}:${e.code}:${e.message}`;
      return seen.has(k) ? false : (seen.add(k), true);
    });
  } catch (e) {
    // Defensive: a bug must not take the whole run down (ingester contract: never throw).
    result.errors.push({ file: files[0].path, message: `internal error: ${String((e as Error)?.message ?? e).split('\n')[0]}`, code: 'parse' });
  }
  return result;
}

export { looksLikeCompose } from './looks.js';
