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
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass } from 'ajv';
import type { Node } from 'yaml';
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
const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rules: {
      type: 'object',
      additionalProperties: {
        oneOf: [
          { enum: ['off', 'on', ...SEVERITIES] },
          {
            type: 'object',
            additionalProperties: false,
            properties: { enabled: { type: 'boolean' }, severity: severityEnum },
          },
        ],
      },
    },
    ignore: { type: 'array', items: { type: 'string' } },
    failOn: severityEnum,
  },
} as const;

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

/**
 * Parses config text.
 * @throws ConfigError with `file:line: reason` when the YAML is malformed or does not match the schema.
 */
export function parseConfig(text: string, path: string): BulwarkConfig {
  const { LineCounter, parseDocument, isMap, isScalar } = (yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = lc.linePos(e.pos[0]);
    throw new ConfigError(`${path}:${pos.line}:${pos.col}: ${e.message.split('\n')[0]}`);
  }
  const data = (doc.toJS() ?? {}) as unknown;
  const validate = validator();
  if (!validate(data)) {
    const err = validate.errors![0];
    const segs = err.instancePath.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: Node | null | undefined = doc.contents as Node | null;
    for (const s of segs) {
      if (isMap(node)) node = node.get(s, true) as Node | undefined;
      else if (node && 'items' in node) node = (node as { items: Node[] }).items[Number(s)];
    }
    const off = node && !isScalar(node) ? (node.range?.[0] ?? 0) : (node?.range?.[0] ?? 0);
    const pos = lc.linePos(off);
    const where = segs.length ? segs.join('.') : 'config';
    const detail =
      err.keyword === 'additionalProperties'
        ? `unknown key "${(err.params as { additionalProperty: string }).additionalProperty}"`
        : err.keyword === 'enum' || err.keyword === 'oneOf'
          ? `must be one of off, on, ${SEVERITIES.join(', ')}`
          : (err.message ?? 'invalid');
    throw new ConfigError(`${path}:${pos.line}:${pos.col}: ${where}: ${detail}`);
  }
  const cfg: BulwarkConfig = { ...(data as BulwarkConfig), baseDir: dirname(path), path };
  // Where each rule key is written, for "unknown rule" errors (checkRuleNames); not part of the data.
  const where = new Map<string, string>();
  const rules = isMap(doc.contents) ? doc.contents.get('rules', true) : undefined;
  if (isMap(rules)) {
    for (const item of rules.items) {
      const key = item.key as Node | null;
      if (isScalar(key) && key.range) {
        const pos = lc.linePos(key.range[0]);
        where.set(String(key.value), `${path}:${pos.line}:${pos.col}`);
      }
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
    const at = (cfg as { ruleKeys?: Map<string, string> }).ruleKeys?.get(name) ?? cfg.path ?? 'config';
    const near = known.find((k) => k.slug.startsWith(name.slice(0, 6)));
    throw new ConfigError(`${at}: rules.${name}: unknown rule${near ? ` (did you mean ${near.slug}?)` : ''}; \`bulwark rules\` lists them`);
  }
}

/**
 * Loads the config file at `path`, or else the first of {@link CONFIG_NAMES} found in `cwd` or its parents
 * (stopping at the repository root, a directory holding `.git`, or at `/`).
 * @returns the config, or `{}` when no file was given and none exists
 * @throws ConfigError when the file given cannot be read, or any config file is invalid
 */
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

export async function loadConfig(cwd: string, path?: string): Promise<BulwarkConfig> {
  if (path) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      throw new ConfigError(`${path}: cannot read config file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    yaml ??= await loadYaml();
    return parseConfig(text, path);
  }
  // The working directory, then its parents up to the repository root (a directory with .git) or /.
  for (let dir = resolve(cwd); ; ) {
    for (const name of CONFIG_NAMES) {
      const p = join(dir, name);
      let text: string | undefined;
      try {
        text = await readFile(p, 'utf8');
      } catch {
        continue;
      }
      // Named as the user would write it; baseDir stays absolute for ignore patterns.
      const shown = relative(cwd, p) || name;
      yaml ??= await loadYaml();
      const cfg = parseConfig(text, shown);
      return Object.assign(cfg, { baseDir: dir, path: p });
    }
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) return {};
    dir = parent;
  }
}

/** The effective setting of a rule: whether it runs and its severity override. */
export function ruleSetting(cfg: BulwarkConfig, id: string, slug: string): { enabled: boolean; severity?: Severity } {
  const s = cfg.rules?.[id] ?? cfg.rules?.[slug];
  if (s === undefined || s === 'on') return { enabled: true };
  if (s === 'off') return { enabled: false };
  if (typeof s === 'string') return { enabled: true, severity: s };
  return { enabled: s.enabled ?? true, severity: s.severity };
}
