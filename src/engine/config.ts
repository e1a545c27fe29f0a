/**
 * `.bulwark.yaml`: which rules run, severity overrides, paths to ignore, the default `--fail-on`.
 *
 * ```yaml
 * rules:
 *   user-not-set: off          # by slug or id; off | on | a severity
 *   BW-0009: low
 *   image-not-pinned: { severity: low }
 * ignore:
 *   - "test/fixtures/**"       # gitignore-style patterns, relative to the config file
 * failOn: high
 * ```
 */
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass } from 'ajv';
import type { Document, Node } from 'yaml';
import { SEVERITIES, type Severity } from '../rules/types.js';
import { ConfigError } from './errors.js';

export { ConfigError };

/** A rule setting: `off`, `on`, a severity, or `{ enabled?, severity? }`. */
export type RuleSetting = 'off' | 'on' | Severity | { enabled?: boolean; severity?: Severity };

/** The parsed configuration. */
export interface BulwarkConfig {
  /** Keyed by rule id (`BW-0001`) or slug. */
  rules?: Record<string, RuleSetting>;
  /** gitignore-style patterns of paths not to audit, relative to `baseDir`. */
  ignore?: string[];
  /** Default for `--fail-on`. */
  failOn?: Severity;
  /** Directory the config file lives in (set by the loader). */
  baseDir?: string;
  /** Path of the config file (set by the loader). */
  path?: string;
}


const severityEnum = { enum: [...SEVERITIES] };
/** Keys of the `{ enabled, severity }` form of a rule setting. */
const RULE_OBJECT_KEYS = ['enabled', 'severity'];
/** Top-level keys of `.bulwark.yaml`. */
export const CONFIG_KEYS = ['rules', 'ignore', 'failOn'];
// A rule setting is checked as what it is written as (a word or a mapping), so that an error names the
// field actually wrong (`severity: hihg`, `sevrity: high`) rather than "matches neither form".
const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rules: {
      type: 'object',
      additionalProperties: {
        if: { type: 'object' },
        then: {
          type: 'object',
          additionalProperties: false,
          properties: { enabled: { type: 'boolean' }, severity: severityEnum },
        },
        else: { enum: ['off', 'on', ...SEVERITIES] },
      },
    },
    ignore: { type: 'array', items: { type: 'string' } },
    failOn: severityEnum,
  },
} as const;

/**
 * Damerau–Levenshtein distance (insertions, deletions, substitutions, transpositions of neighbours).
 * Case is ignored.
 */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate `name` was most likely meant to be: the nearest by {@link editDistance} when it is at most
 * a third of the name's length (at least 1), else the first candidate that starts with the name's first six
 * characters (`privileged` → `privileged-container`), else `undefined`.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const dist = editDistance(name, c);
    if (dist < bestD) [best, bestD] = [c, dist];
  }
  if (best !== undefined) return best;
  return name.length >= 6 ? candidates.find((c) => c.toLowerCase().startsWith(name.slice(0, 6).toLowerCase())) : undefined;
}

const meant = (name: string, candidates: readonly string[]): string => {
  const m = closest(name, candidates);
  return m ? ` (did you mean ${m}?)` : '';
};

let compiled: ReturnType<AjvClass['compile']> | undefined;
/** The schema validator, loaded and compiled on first use: most runs have no config file, and ajv costs ~0.1 s to load. */
function validator() {
  if (!compiled) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass };
    compiled = new Ajv({ allErrors: false }).compile(schema);
  }
  return compiled;
}

/** Names of config files looked up in the working directory, in order. */
export const CONFIG_NAMES = ['.bulwark.yaml', '.bulwark.yml'];

/** `file:line:col` of a UTF-16 offset into a parsed config (1-based line and column, yaml's LineCounter). */
function at(path: string, lc: import('yaml').LineCounter, offset: number): string {
  const pos = lc.linePos(offset);
  return `${path}:${pos.line}:${pos.col}`;
}

/**
 * The data of a parsed config document. yaml resolves aliases only here: an alias to an anchor not yet
 * defined, or more alias expansions than yaml allows (an alias bomb), is a {@link ConfigError} at the
 * first such alias.
 */
function configData(doc: Document, path: string, lc: import('yaml').LineCounter): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (e) {
    const { visit, isAlias } = yaml!;
    const message = (e as Error).message;
    const name = /: (\S+)$/.exec(message)?.[1];
    let offset = 0;
    visit(doc, {
      Alias(_k, node) {
        if (isAlias(node) && (name === undefined || node.source === name || !message.startsWith('Unresolved'))) {
          offset = node.range?.[0] ?? 0;
          return visit.BREAK;
        }
      },
    });
    const reason = message.startsWith('Unresolved')
      ? `alias *${name ?? ''} names no anchor defined before it`
      : 'too many alias expansions (alias bomb)';
    throw new ConfigError(`${at(path, lc, offset)}: ${reason}`);
  }
}

/**
 * Parses config text.
 * @throws ConfigError with `file:line:col: reason` when the YAML is malformed (or binary), an alias is
 *   unresolved or expands too often, or the data does not match the schema: an unknown key of a rule
 *   setting or a bad value names the field and, where one is near, the word meant (`did you mean high?`).
 */
export function parseConfig(text: string, path: string): BulwarkConfig {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const { LineCounter, parseDocument, isMap, isScalar, isPair } = yaml;
  if (text.includes('\0')) throw new ConfigError(`${path}: binary file (contains NUL bytes), not a YAML config file`);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    // yaml's own wording names its API ("please use YAML.parseAllDocuments()"): say what is wrong with the file.
    const why = e.code === 'MULTIPLE_DOCS' ? 'a second YAML document starts here; a config file holds one (merge them, or remove the ---)' : e.message.split('\n')[0];
    throw new ConfigError(`${at(path, lc, e.pos[0])}: ${why}`);
  }
  const data = configData(doc, path, lc);
  const validate = validator();
  if (!validate(data)) {
    const err = validate.errors![0];
    const segs = err.instancePath.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: Node | null | undefined = doc.contents as Node | null;
    for (const s of segs) {
      if (isMap(node)) node = node.get(s, true) as Node | undefined;
      else if (node && 'items' in node) node = (node as { items: Node[] }).items[Number(s)];
    }
    let off = node?.range?.[0] ?? 0;
    const where = segs.length ? segs.map((s, i) => (/^\d+$/.test(s) && i > 0 ? `[${s}]` : (i ? '.' : '') + s)).join('') : 'config';
    let detail: string;
    if (err.keyword === 'additionalProperties') {
      const key = (err.params as { additionalProperty: string }).additionalProperty;
      if (segs.length) {
        // A key of a rule setting: point at the key itself and say what it may be.
        const pair = isMap(node) ? node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key) : undefined;
        if (pair && isScalar(pair.key) && pair.key.range) off = pair.key.range[0];
        detail = `unknown key "${key}"${meant(key, RULE_OBJECT_KEYS)}; a rule setting is off, on, a severity, or { enabled, severity }`;
      } else {
        // A top-level key: point at it and name the key meant (`failon` → failOn).
        const pair = isMap(node) ? node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key) : undefined;
        if (pair && isScalar(pair.key) && pair.key.range) off = pair.key.range[0];
        detail = `unknown key "${key}"${meant(key, CONFIG_KEYS)}; the keys are ${CONFIG_KEYS.join(', ')}`;
      }
    } else if (err.keyword === 'enum') {
      const allowed = (err.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const value = isScalar(node) ? String(node.value) : undefined;
      detail = `must be one of ${allowed.join(', ')}${value !== undefined ? meant(value, allowed) : ''}`;
    } else if (err.keyword === 'type') {
      const want = (err.params as { type: string }).type;
      detail =
        segs.length === 0
          ? `must be a mapping of ${CONFIG_KEYS.join(', ')}`
          : segs[0] === 'ignore'
            ? segs.length === 1
              ? 'must be a list of gitignore-style patterns'
              : 'must be a string (a gitignore-style pattern)'
            : want === 'object'
              ? 'must be a mapping of rule ids or slugs to off, on, a severity, or { enabled, severity }'
              : `must be a ${want}`;
    } else detail = err.message ?? 'invalid';
    throw new ConfigError(`${at(path, lc, off)}: ${where}: ${detail}`);
  }
  const cfg: BulwarkConfig = { ...(data as BulwarkConfig), baseDir: dirname(path), path };
  // Where each rule key is written, for "unknown rule" errors (checkRuleNames); not part of the data.
  const where = new Map<string, string>();
  const rules = isMap(doc.contents) ? doc.contents.get('rules', true) : undefined;
  if (isMap(rules)) {
    for (const item of rules.items) {
      const key = item.key as Node | null;
      if (isScalar(key) && key.range) where.set(String(key.value), at(path, lc, key.range[0]));
    }
  }
  Object.defineProperty(cfg, 'ruleKeys', { value: where, enumerable: false });
  return cfg;
}

/**
 * Checks that every rule the config names exists (by id or slug, ids case-insensitive).
 * @throws ConfigError `file:line:col: rules.<name>: unknown rule` for the first unknown one
 */
export function checkRuleNames(cfg: BulwarkConfig, known: { id: string; slug: string }[]): void {
  const names = new Set(known.flatMap((k) => [k.id.toLowerCase(), k.slug]));
  for (const name of Object.keys(cfg.rules ?? {})) {
    if (names.has(name.toLowerCase())) continue;
    const pos = (cfg as { ruleKeys?: Map<string, string> }).ruleKeys?.get(name) ?? cfg.path ?? 'config';
    const near = /^bw-\d+$/i.test(name) ? undefined : closest(name, known.map((k) => k.slug));
    throw new ConfigError(`${pos}: rules.${name}: unknown rule${near ? ` (did you mean ${near}?)` : ''}; \`bulwark rules\` lists them`);
  }
}

/**
 * yaml, loaded when a config file is read: most runs have none (a live audit never needs yaml otherwise).
 * `loadConfig` imports the bundled module; a direct `parseConfig` call falls back to require.
 */
let yaml: typeof import('yaml') | undefined;

/** yaml's exports: bundled as CommonJS, a dynamic import may hand them over as `default`. */
async function loadYaml(): Promise<typeof import('yaml')> {
  const m = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
  return typeof m.parseDocument === 'function' ? m : m.default!;
}

/**
 * Loads the config file at `path`, or else the first of {@link CONFIG_NAMES} found in `cwd` or its parents
 * (stopping at the repository root, a directory holding `.git`, or at `/`).
 * @returns the config, or `{}` when no file was given and none exists
 * @throws ConfigError when the file given cannot be read (or is a directory), the file found is not a regular
 *   file (a directory, a FIFO: reading one would block forever), or any config file is invalid
 */
export async function loadConfig(cwd: string, path?: string): Promise<BulwarkConfig> {
  if (path) {
    let text: string;
    try {
      // A pipe is read (`--config <(…)`); a directory is not a config file.
      if ((await stat(path)).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
      text = await readFile(path, 'utf8');
    } catch (e) {
      throw new ConfigError(`${path}: cannot read config file: ${describeReadError(e as NodeJS.ErrnoException)}`);
    }
    yaml ??= await loadYaml();
    return parseConfig(text, path);
  }
  // The working directory, then its parents up to the repository root (a directory with .git) or /.
  for (let dir = resolve(cwd); ; ) {
    for (const name of CONFIG_NAMES) {
      const p = join(dir, name);
      // Named as the user would write it; baseDir stays absolute for ignore patterns.
      const shown = relative(cwd, p) || name;
      const st = await stat(p).catch(() => undefined);
      if (!st) continue;
      // A FIFO would block the audit forever, and a directory is no config: say so rather than hang or skip it.
      if (!st.isFile()) throw new ConfigError(`${shown}: not a regular file (${st.isDirectory() ? 'a directory' : 'a pipe, socket or device'}); a config file must be a YAML file`);
      let text: string;
      try {
        text = await readFile(p, 'utf8');
      } catch (e) {
        throw new ConfigError(`${shown}: cannot read config file: ${describeReadError(e as NodeJS.ErrnoException)}`);
      }
      yaml ??= await loadYaml();
      const cfg = parseConfig(text, shown);
      return Object.assign(cfg, { baseDir: dir, path: p });
    }
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) return {};
    dir = parent;
  }
}

/** A read error in words: `no such file`, `permission denied`, `is a directory`, else its code. */
function describeReadError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return e.code ?? e.message;
  }
}

/**
 * The effective setting of a rule: whether it runs and its severity override. The config may name the
 * rule by id in any case (`BW-0009`, `bw-0009`) or by slug; when both are given, the id wins.
 */
export function ruleSetting(cfg: BulwarkConfig, id: string, slug: string): { enabled: boolean; severity?: Severity } {
  const rules = cfg.rules ?? {};
  let s: RuleSetting | undefined = rules[id] ?? rules[slug];
  if (s === undefined) {
    // Written in another case (`bw-0009`): as checkRuleNames accepts it, it must take effect.
    const lid = id.toLowerCase();
    const lslug = slug.toLowerCase();
    const hit = Object.entries(rules).find(([k]) => k.toLowerCase() === lid) ?? Object.entries(rules).find(([k]) => k.toLowerCase() === lslug);
    s = hit?.[1];
  }
  if (s === undefined || s === 'on') return { enabled: true };
  if (s === 'off') return { enabled: false };
  if (typeof s === 'string') return { enabled: true, severity: s };
  return { enabled: s.enabled ?? true, severity: s.severity };
}
