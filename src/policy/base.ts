/**
 * The base policy kept in the repository (policy/base/base.cil) as a model the checker can query: its classes
 * and permissions, types, aliases, attributes (members expanded), and allow / neverallow rules.
 *
 * The base models a host with container-selinux (`container_t`, `container_file_t`, …; see the comments in
 * base.cil). `bulwark policy check` uses the model for its own bounds check (what `container_t` holds is the
 * ceiling of every module domain bounded under it) and then hands base.cil to `secilc` with the module.
 *
 * Source: R-PM2; SELinux CIL reference guide (typeattributeset expressions, classcommon, `self`, `all`);
 * container-selinux container.te.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keywordOf, type CilList, type CilNode } from './cil/ast.js';
import { parseCil } from './cil/parse.js';

/** One allow (or neverallow) rule of the base, with its line in base.cil. */
export interface BaseRule {
  sources: Set<string>;
  /** Target types, or `self`. */
  targets: Set<string> | 'self';
  cls: string;
  perms: Set<string>;
  line: number;
}

/** The base policy as sets. */
export interface BaseModel {
  /** Path of base.cil. */
  path: string;
  text: string;
  types: Set<string>;
  /** alias → actual type. */
  aliases: Map<string, string>;
  /** attribute → member types (expanded). */
  attributes: Map<string, Set<string>>;
  /** Attributes whose complement a neverallow uses (`(not attr)`): joining them exempts a type from that neverallow. */
  neverallowExemptions: Map<string, number>;
  /** class → permissions (own and from its common). */
  classes: Map<string, Set<string>>;
  roles: Set<string>;
  macros: Set<string>;
  blocks: Set<string>;
  allows: BaseRule[];
  neverallows: BaseRule[];
  /** `(portcon PROTO PORT|(LOW HIGH) CONTEXT)`: the port type of each port range, in the order written. */
  portcons: { protocol: string; low: number; high: number; type: string }[];
}

/**
 * The port type the base labels `port`/`protocol` with (`semanage port -l`): the narrowest `portcon` range
 * holding it, as libsepol picks the most specific; undefined when none does.
 */
export function portType(base: BaseModel, protocol: string, port: number): string | undefined {
  let best: BaseModel['portcons'][number] | undefined;
  for (const p of base.portcons) if (p.protocol === protocol && port >= p.low && port <= p.high && (!best || p.high - p.low < best.high - best.low)) best = p;
  return best?.type;
}

/**
 * Finds policy/base/base.cil: beside the source tree (src/policy → ../../policy/base) or the bundle
 * (dist → ../policy/base), walking up from this module.
 * @throws Error when it cannot be found (a packaging error).
 */
export function basePolicyPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'policy', 'base', 'base.cil');
    if (existsSync(p)) return p;
    dir = resolve(dir, '..');
  }
  throw new Error('policy/base/base.cil not found beside bulwark: the package is incomplete');
}

function atoms(n: CilNode | undefined): string[] {
  if (!n) return [];
  if (n.kind === 'atom') return [n.value];
  if (n.kind === 'list') return n.items.flatMap((i) => (i.kind === 'atom' ? [i.value] : []));
  return [];
}

/** Evaluates a permission list or expression (`(read write)`, `(all)`, `(not (write))`, `(and …)`) against a class's permissions. */
export function evalPerms(n: CilNode | undefined, all: Set<string>): Set<string> {
  if (!n) return new Set();
  if (n.kind === 'atom') return n.value === 'all' ? new Set(all) : new Set([n.value]);
  if (n.kind !== 'list') return new Set();
  const kw = n.items[0]?.kind === 'atom' ? n.items[0].value : undefined;
  if (kw === 'not') {
    const x = evalPerms(n.items[1], all);
    return new Set([...all].filter((p) => !x.has(p)));
  }
  if (kw === 'and' || kw === 'or' || kw === 'xor') {
    const a = evalPerms(n.items[1], all);
    const b = evalPerms(n.items[2], all);
    if (kw === 'and') return new Set([...a].filter((p) => b.has(p)));
    if (kw === 'or') return new Set([...a, ...b]);
    return new Set([...a, ...b].filter((p) => a.has(p) !== b.has(p)));
  }
  if (kw === 'all' && n.items.length === 1) return new Set(all);
  const out = new Set<string>();
  for (const i of n.items) for (const p of evalPerms(i, all)) out.add(p);
  return out;
}

/** Reads base.cil into a {@link BaseModel}. @throws Error when it does not parse (a packaging error). */
export function loadBase(path = basePolicyPath()): BaseModel {
  const text = readFileSync(path, 'utf8');
  return buildBase(text, path);
}

/** Builds the model from base CIL text (global statements only: the base has no blocks). */
export function buildBase(text: string, path = 'base.cil'): BaseModel {
  const m = parseCil(text, path);
  if (m.errors.length) throw new Error(`${path}:${m.errors[0].line}:${m.errors[0].column}: ${m.errors[0].message}`);
  const b: BaseModel = {
    path, text, types: new Set(), aliases: new Map(), attributes: new Map(), neverallowExemptions: new Map(),
    classes: new Map(), roles: new Set(), macros: new Set(), blocks: new Set(), allows: [], neverallows: [], portcons: [],
  };
  const commons = new Map<string, string[]>();
  const attrExprs: [string, CilNode][] = [];
  const rules: [CilList, 'allow' | 'neverallow'][] = [];
  for (const s of m.statements) {
    if (s.kind !== 'list') continue;
    const kw = keywordOf(s);
    const a = s.items.slice(1);
    const name = a[0]?.kind === 'atom' ? a[0].value : '';
    switch (kw) {
      case 'type': b.types.add(name); break;
      case 'typealias': b.aliases.set(name, name); break;
      case 'typealiasactual': b.aliases.set(name, atoms(a[1])[0] ?? name); break;
      case 'typeattribute': b.attributes.set(name, new Set()); break;
      case 'typeattributeset': attrExprs.push([name, a[1]]); break;
      case 'common': commons.set(name, atoms(a[1])); break;
      case 'class': b.classes.set(name, new Set(atoms(a[1]))); break;
      case 'classcommon': for (const p of commons.get(atoms(a[1])[0]) ?? []) b.classes.get(name)?.add(p); break;
      case 'role': b.roles.add(name); break;
      case 'macro': b.macros.add(name); break;
      case 'block': b.blocks.add(name); break;
      case 'allow': rules.push([s, 'allow']); break;
      case 'neverallow': rules.push([s, 'neverallow']); break;
      case 'portcon': {
        const range = a[1]?.kind === 'list' ? atoms(a[1]).map(Number) : [Number(atoms(a[1])[0])];
        const ctx = a[2]?.kind === 'list' ? atoms(a[2]) : [];
        if (range.every((n) => Number.isInteger(n)) && ctx[2]) b.portcons.push({ protocol: name, low: range[0], high: range[range.length - 1], type: ctx[2] });
        break;
      }
    }
  }
  // Attribute expressions may name attributes set later: evaluate until nothing changes.
  const evalSet = (n: CilNode | undefined): Set<string> => {
    if (!n) return new Set();
    if (n.kind === 'atom') return b.attributes.get(n.value) ?? new Set([b.aliases.get(n.value) ?? n.value]);
    if (n.kind !== 'list') return new Set();
    const kw = n.items[0]?.kind === 'atom' ? n.items[0].value : undefined;
    if (kw === 'all') return new Set(b.types);
    if (kw === 'not') {
      const x = evalSet(n.items[1]);
      return new Set([...b.types].filter((t) => !x.has(t)));
    }
    if (kw === 'and' || kw === 'or') {
      const l = evalSet(n.items[1]);
      const r = evalSet(n.items[2]);
      return kw === 'and' ? new Set([...l].filter((t) => r.has(t))) : new Set([...l, ...r]);
    }
    const out = new Set<string>();
    for (const i of n.items) for (const t of evalSet(i)) out.add(t);
    return out;
  };
  for (let round = 0; round < 5; round++) {
    for (const [attr, expr] of attrExprs) {
      const cur = b.attributes.get(attr) ?? new Set();
      for (const t of evalSet(expr)) cur.add(t);
      b.attributes.set(attr, cur);
    }
  }
  // Attributes defined as a complement: the attribute they negate is an exemption from every neverallow on them.
  for (const [attr, expr] of attrExprs) {
    for (const n of walkLists(expr)) {
      if (n.items[0]?.kind === 'atom' && n.items[0].value === 'not') {
        const neg = atoms(n.items[1])[0] ?? (n.items[1]?.kind === 'atom' ? n.items[1].value : undefined);
        const used = rules.find(([r, k]) => k === 'neverallow' && atoms(r).includes(attr));
        if (neg && used) b.neverallowExemptions.set(neg, used[0].pos!.line);
      }
    }
  }
  for (const [r, k] of rules) {
    const src = evalSet(r.items[1]);
    const tgtAtom = r.items[2]?.kind === 'atom' ? r.items[2].value : undefined;
    const targets = tgtAtom === 'self' ? 'self' as const : evalSet(r.items[2]);
    const cp = r.items[3];
    if (cp?.kind !== 'list') continue;
    const cls = cp.items[0]?.kind === 'atom' ? cp.items[0].value : '';
    const perms = evalPerms(cp.items[1], b.classes.get(cls) ?? new Set());
    (k === 'allow' ? b.allows : b.neverallows).push({ sources: src, targets, cls, perms, line: r.pos!.line });
  }
  return b;
}

function* walkLists(n: CilNode | undefined): Generator<CilList> {
  if (!n || n.kind !== 'list') return;
  yield n;
  for (const i of n.items) yield* walkLists(i);
}

/** Whether the base grants `source` the permission `perm` of `cls` on `target` (a type; `source` itself for self rules). */
export function baseHolds(b: BaseModel, source: string, target: string, cls: string, perm: string): boolean {
  return b.allows.some((r) => r.cls === cls && r.perms.has(perm) && r.sources.has(source) && (r.targets === 'self' ? target === source : r.targets.has(target)));
}
