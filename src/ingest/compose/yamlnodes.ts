/**
 * Helpers over the `yaml` Document API for the Compose ingester: alias resolution, `<<` merge keys,
 * scalar text with interpolation, and origins on the narrowest node.
 */
import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { posix } from 'node:path';
import { walkNodes } from '../yaml-walk.js';
import type { SourceFile } from '../../model/source.js';
import type { InputError, Origin, Sourced } from '../../model/types.js';
import { interpolate, type Interpolation, type Vars } from './interpolate.js';

/** Everything needed to read the nodes of one Compose file. */
export interface FileScope {
  file: SourceFile;
  doc: Document;
  vars: Vars;
  errors: InputError[];
  /**
   * The directory the file's relative paths (bind sources, `env_file`, `build.context`, `extends.file`, `include`,
   * `driver_opts.device`, seccomp profiles) are resolved from, `/`-separated: docker compose's working directory for
   * the file (compose-go `ConfigDetails.WorkingDir`). The project directory (the first `-f` file's directory) for
   * every file given with `-f` or `COMPOSE_FILE` (Compose docs "Merge": "Paths are evaluated relative to the base
   * file"); an `include` entry's `project_directory` (default: the first included file's directory) for its files; the
   * file's own directory for a file read by `extends.file` (Compose docs "Extend": "relative paths declared by the
   * service being extended are converted so they still point to the same file"). Unset: the file's own directory.
   */
  baseDir?: string;
  /** Each alias's anchored node, built by one document walk on the first alias met (see {@link deref}). */
  aliasTargets?: Map<Alias, unknown>;
  /**
   * Offsets in `file` of every secret `environment` value read from it, whether or not it reaches a container
   * (a list entry written twice, a base value an override or `extends` replaces): masked in every report (R-S).
   */
  secretValues?: { start: number; end: number }[];
  /** {@link entries} of each mapping read so far (the document is not changed while it is read). */
  entryCache?: WeakMap<YAMLMap, Entry[]>;
}

/** The directory `scope`'s relative paths are resolved from (see {@link FileScope.baseDir}), `/`-separated. */
export function baseDirOf(scope: Pick<FileScope, 'file' | 'baseDir'>): string {
  return scope.baseDir ?? posix.dirname(scope.file.path.replace(/\\/g, '/'));
}

/** `rel` resolved from the directory `dir` (an absolute `rel` as written), normalized. */
export function resolveFrom(dir: string, rel: string): string {
  return rel.startsWith('/') ? posix.normalize(rel) : posix.normalize(posix.join(dir, rel));
}

/**
 * Maps every alias to its node: the last node anchored with its name before it (YAML 1.2 §3.2.2.2, as
 * yaml's `Alias.resolve`, which walks the whole document on every call; this walks it once per file).
 */
function aliasTargets(doc: Document): Map<Alias, unknown> {
  const last = new Map<string, unknown>();
  const out = new Map<Alias, unknown>();
  walkNodes(doc, (n) => {
    if (isAlias(n)) out.set(n, last.get(n.source));
    else if (n.anchor) last.set(n.anchor, n);
  });
  return out;
}

/** A node, an alias resolved to its anchored node (so origins point where the value is written). */
export function deref(scope: FileScope, n: unknown): Node | undefined {
  let cur = n;
  for (let i = 0; i < 64 && isAlias(cur); i++) cur = (scope.aliasTargets ??= aliasTargets(scope.doc)).get(cur);
  return isScalar(cur) || isMap(cur) || isSeq(cur) ? (cur as Node) : undefined;
}

/** One entry of a mapping, after `<<` merges. */
export interface Entry {
  key: string;
  keyNode: Scalar;
  value: Node | undefined;
}

function isMergeKey(k: unknown): boolean {
  return isScalar(k) && (typeof k.value === 'symbol' || (k.value === '<<' && k.type === 'PLAIN'));
}

/** Merge entries already reported as not merging a mapping (a mapping is read at several depths). */
const reportedMerges = new WeakSet<object>();

/**
 * Reports a `<<` entry whose value is not a mapping, an alias of one, or a list of those (a null anchor such as
 * `x-base: &base` with nothing under it, a scalar): docker compose refuses the file (go-yaml v3, which compose-go
 * parses with: "map merge requires map or sequence of maps as the value"; YAML 1.1 merge key type). Once per entry.
 */
function badMerge(scope: FileScope, p: Pair): void {
  if (reportedMerges.has(p)) return;
  reportedMerges.add(p);
  report(scope, (p.value as Node | null) ?? (p.key as Node), 'map merge requires a mapping or a list of mappings as the value of <<: docker compose refuses this file');
}

/** The compose-spec merge tags (13-merge.md, "Reset value" and "Replace value"). */
export const RESET_TAG = '!reset';
export const OVERRIDE_TAG = '!override';

/**
 * The entries of a mapping with YAML merge keys applied (YAML 1.1 merge, as compose-go accepts):
 * keys written in the map win over merged ones; among several merged maps the first wins. Aliases
 * are resolved. Non-scalar keys are skipped. An entry whose value is tagged `!reset` is left out (its
 * default applies; `resetKeys` tells a merge to drop the base value). A key written twice in the map is
 * an InputError (code `parse`, at the second key), as in docker compose (go-yaml: "mapping key already
 * defined"); the last one is kept.
 */
export function entries(scope: FileScope, map: YAMLMap, depth = 0): Entry[] {
  // A mapping is read several times (a service by the merge of files, by its model, by checks of its shape): its
  // entries are worked out once per file scope and shared (callers never change them).
  if (depth === 0) {
    const cache = (scope.entryCache ??= new WeakMap());
    let hit = cache.get(map);
    if (hit === undefined) cache.set(map, (hit = Object.freeze(entriesOf(scope, map, 0)) as Entry[]));
    return hit;
  }
  return entriesOf(scope, map, depth);
}

function entriesOf(scope: FileScope, map: YAMLMap, depth: number): Entry[] {
  const own: Entry[] = [];
  const merged: Entry[] = [];
  const seen = new Set<string>();
  for (const p of map.items) {
    if (isMergeKey(p.key)) {
      if (depth > 16) continue;
      const v = deref(scope, p.value);
      const sources = isSeq(v) ? v.items.map((x) => deref(scope, x)) : [v];
      for (const src of sources) {
        if (isMap(src)) merged.push(...entries(scope, src, depth + 1));
        else badMerge(scope, p);
      }
      continue;
    }
    if (!isScalar(p.key)) continue;
    const key = String(p.key.value);
    if (seen.has(key)) {
      report(scope, p.key, `duplicate key ${JSON.stringify(key)} in a mapping`);
      const i = own.findIndex((e) => e.key === key);
      if (i >= 0) own.splice(i, 1);
    }
    seen.add(key);
    if ((p.value as Node | null)?.tag === RESET_TAG) continue;
    own.push({ key, keyNode: p.key, value: deref(scope, p.value) });
  }
  for (const e of merged) if (!seen.has(e.key)) {
    seen.add(e.key);
    own.push(e);
  }
  return own;
}

/** Keys of `map` (written in it, not merged) whose value carries `tag` (`!reset` or `!override`). */
export function taggedKeys(map: YAMLMap, tag: string): string[] {
  const out: string[] = [];
  for (const p of map.items) if (isScalar(p.key) && (p.value as Node | null)?.tag === tag) out.push(String(p.key.value));
  return out;
}

/** Entries of `n` as a lookup, or `undefined` if it is not a mapping. */
export function mapOf(scope: FileScope, n: Node | undefined): Map<string, Entry> | undefined {
  if (!isMap(n)) return undefined;
  return new Map(entries(scope, n).map((e) => [e.key, e]));
}

/** Items of a sequence (aliases resolved), or `undefined`. */
export function seqOf(scope: FileScope, n: Node | undefined): Node[] | undefined {
  if (!isSeq(n)) return undefined;
  return n.items.map((x) => deref(scope, x)).filter((x): x is Node => x !== undefined);
}

/** Origin of a node's value characters (without a trailing comment). */
export function originOf(scope: FileScope, n: Node | Scalar): Origin {
  const r = n.range ?? [0, 0, 0];
  return { kind: 'file', file: scope.file.path, start: r[0], end: trimEnd(scope, r[0], r[1]) };
}

/** Moves `end` back over trailing whitespace (block collections end at the next line). */
function trimEnd(scope: FileScope, start: number, end: number): number {
  const t = scope.file.text;
  for (let c = t.charCodeAt(end - 1); end > start && (c === 32 || (c >= 9 && c <= 13)); c = t.charCodeAt(end - 1)) end--;
  return end;
}

/** Origin from the start of `a` to the value end of `b` (a whole `key: value` entry). */
export function spanOf(scope: FileScope, a: Node, b: Node | undefined): Origin {
  const s = a.range?.[0] ?? 0;
  const e = b?.range?.[1] ?? a.range?.[1] ?? s;
  return { kind: 'file', file: scope.file.path, start: s, end: trimEnd(scope, s, Math.max(s, e)) };
}

/** The text of a scalar, interpolated. */
export interface Text {
  /** Interpolated value (unresolved expressions kept as written). */
  value: string;
  /** As written (the parsed scalar, before interpolation; numbers/booleans: their source characters). */
  raw: string;
  /** The YAML value before interpolation (number, boolean, string). */
  yaml: string | number | boolean;
  hasVars: boolean;
  unresolved: boolean;
  /** Every variable took its non-empty written default (see `Interpolation.defaultsOnly`): the value is literal text. */
  defaultsOnly: boolean;
  node: Scalar;
  origin: Origin;
}

/**
 * Reads a scalar as text and interpolates it with the scope's variables. `null` scalars and
 * collections give `undefined`. A `${VAR:?err}` with no value is unresolved (no input error).
 */
export function text(scope: FileScope, n: Node | undefined): Text | undefined {
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  const origin = originOf(scope, n);
  const v = n.value;
  if (typeof v === 'string') {
    // A `${VAR:?err}` whose variable has no value is unresolved, not an input error: docker compose refuses to
    // start without it, but the file is valid, and an audit in CI runs without the deployment's secrets (which
    // is what `:?` is written for). Rules report what depends on it as unknown.
    const r = interpolate(v, scope.vars);
    return { value: r.value, raw: v, yaml: v, hasVars: r.hasVars, unresolved: r.unresolved, defaultsOnly: r.defaultsOnly, node: n, origin };
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    const r = n.range;
    const src = r ? scope.file.text.slice(r[0], r[1]) : String(v);
    return { value: src, raw: src, yaml: v, hasVars: false, unresolved: false, defaultsOnly: false, node: n, origin };
  }
  return undefined;
}

/**
 * Origin of characters `[from, to)` of a scalar's raw string, when the source characters equal the
 * string (plain scalars, quoted scalars without escapes); otherwise the whole scalar (a wider range,
 * so masking stays safe).
 */
export function subOrigin(scope: FileScope, t: Text, from: number, to: number): Origin {
  const r = t.node.range;
  if (!r) return t.origin;
  const src = scope.file.text.slice(r[0], r[1]);
  const quoted = t.node.type === 'QUOTE_DOUBLE' || t.node.type === 'QUOTE_SINGLE';
  const inner = quoted ? src.slice(1, -1) : src;
  if (inner !== t.raw) return t.origin;
  const base = r[0] + (quoted ? 1 : 0);
  return { kind: 'file', file: scope.file.path, start: base + from, end: base + to };
}

/** Interpolates part of a scalar's raw text without reporting errors (the whole scalar already did). */
export function interpolatePart(scope: FileScope, raw: string): Interpolation {
  return interpolate(raw, scope.vars);
}

/** Wraps a converted value as Sourced: `unresolved` when a variable had no value, `raw` when interpolated. */
export function sourced<T>(t: Text, value: T): Sourced<T> {
  const out: Sourced<T> = { value, origin: t.origin, how: t.unresolved ? 'unresolved' : 'explicit' };
  if (t.hasVars) out.raw = t.raw;
  return out;
}

/** Adds a one-line InputError at a node. */
export function report(scope: FileScope, n: Node | Scalar | undefined, message: string, code = 'parse'): void {
  const p = scope.file.position(n?.range?.[0] ?? 0);
  scope.errors.push({ file: scope.file.path, line: p.line, column: p.column, message, code });
}
