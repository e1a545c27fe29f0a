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
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { LineCounter, parseDocument, isMap, isScalar, type Node } from 'yaml';
import { SEVERITIES, type Severity } from '../rules/types.js';

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

/** Raised for an unreadable or invalid config file; `message` is one line with file:line. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
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

let compiled: ReturnType<Ajv['compile']> | undefined;
/** The schema validator, compiled on first use (most runs have no config file). */
function validator() {
  return (compiled ??= new Ajv({ allErrors: false }).compile(schema));
}

/** Names of config files looked up in the working directory, in order. */
export const CONFIG_NAMES = ['.bulwark.yaml', '.bulwark.yml'];

/**
 * Parses config text.
 * @throws ConfigError with `file:line: reason` when the YAML is malformed or does not match the schema.
 */
export function parseConfig(text: string, path: string): BulwarkConfig {
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
  return { ...(data as BulwarkConfig), baseDir: dirname(path), path };
}

/**
 * Loads the config file at `path`, or the first of {@link CONFIG_NAMES} in `cwd` when `path` is not given.
 * @returns the config, or `{}` when no file was given and none exists
 * @throws ConfigError when the file given cannot be read, or any config file is invalid
 */
export async function loadConfig(cwd: string, path?: string): Promise<BulwarkConfig> {
  if (path) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      throw new ConfigError(`${path}: cannot read config file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return parseConfig(text, path);
  }
  for (const name of CONFIG_NAMES) {
    const p = join(cwd, name);
    let text: string | undefined;
    try {
      text = await readFile(p, 'utf8');
    } catch {
      continue;
    }
    // Named as the user would write it; baseDir stays absolute for ignore patterns.
    return { ...parseConfig(text, name), baseDir: cwd, path: p };
  }
  return {};
}

/** The effective setting of a rule: whether it runs and its severity override. */
export function ruleSetting(cfg: BulwarkConfig, id: string, slug: string): { enabled: boolean; severity?: Severity } {
  const s = cfg.rules?.[id] ?? cfg.rules?.[slug];
  if (s === undefined || s === 'on') return { enabled: true };
  if (s === 'off') return { enabled: false };
  if (typeof s === 'string') return { enabled: true, severity: s };
  return { enabled: s.enabled ?? true, severity: s.severity };
}
