/**
 * Edits of one Compose service, as text edits computed from the YAML document's node ranges (eemeli/yaml
 * `parseDocument`), so comments, key order, quoting, anchors and blank lines of the file stay as written.
 *
 * Settings the service gets through a `<<` merge key are edited where they are defined when that anchor
 * is merged into this service only, and overridden on the service otherwise (YAML merges are shallow: a
 * key written on the service replaces the merged one), whichever changes less (issue 4).
 * Compose keys: compose-spec 05-services.md (`security_opt`, `cap_add`, `cap_drop`, `pids_limit`,
 * `mem_limit`, `cpus`, `read_only`, `tmpfs`, `user`, `volumes`).
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, parseDocument, visit, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Region } from '../ingest/types.js';
import { isolateRegion } from '../ingest/types.js';
import { walkNodes } from '../ingest/yaml-walk.js';
import type { ContainerSpec, EnvVar, Mount, Origin, SecurityOpt, Sourced } from '../model/types.js';
import { contentEnd, lineEnd, lineStart, readOnlyVolume, trimEndOffset, yamlScalar } from './text.js';
import type { ContainerEditor, ScalarSetting, TextEdit } from './types.js';
import { fileVariable } from './edits.js';

/** The item step of the first block list of a document, by document (see `itemStep`): computed once. */
const FIRST_LIST_STEP = new WeakMap<object, string | undefined>();

/** Compose key of each scalar setting. */
export const SCALAR_KEY: Record<ScalarSetting, string> = { pids: 'pids_limit', memory: 'mem_limit', cpus: 'cpus', cpuQuota: 'cpu_quota', readOnly: 'read_only', user: 'user' };

type AnyNode = Node & { range?: [number, number, number] | null };

/** One parsed Compose document (a file, or a fenced block of a Markdown file) shared by its services' editors. */
export class ComposeDocument {
  readonly text: string;
  /** The first document: its top level takes new top-level keys (`secrets:`). */
  readonly doc: Document;
  /** Every YAML document of the file (docker compose merges them in order, as `-f` files). */
  readonly docs: Document[];
  /** Number of aliases naming each anchor. */
  private aliasUses = new Map<string, number>();
  /** Anchored nodes by name (the last definition wins, as in YAML). */
  private anchors = new Map<string, AnyNode>();
  /**
   * The node each alias names, found once while the document is read: eemeli/yaml's `Alias.resolve` visits the whole
   * document on every call, which made a file of 2,000 services merging one anchor quadratic.
   */
  private readonly aliasTargets = new Map<unknown, AnyNode>();

  /** {@link deref} as a function value. */
  readonly derefFn = (n: unknown): unknown => this.deref(n);

  /** `n` with aliases resolved (at most 16 hops; an alias whose anchor does not come before it stays as it is). */
  deref(n: unknown): unknown {
    let cur = n;
    for (let i = 0; i < 16 && isAlias(cur); i++) {
      const t = this.aliasTargets.get(cur);
      if (!t) return cur;
      cur = t;
    }
    return cur;
  }
  /**
   * Top-level `secrets` entries added by editors of this document in this round, by name (value: the
   * variable of their `environment` source), and whether the top-level `secrets:` key itself is being created.
   */
  readonly pendingSecrets = new Map<string, string>();
  creatingSecretsKey = false;

  /**
   * @param text the whole file text
   * @param region the block holding the Compose file, when inside Markdown / AsciiDoc
   * @param path the file's path as origins name it (edits only touch nodes of this file)
   * @param parsed the documents of `text` parsed already with the same options (the Compose ingester's), read only
   */
  constructor(text: string, region?: Region, readonly path?: string, parsed?: Document[]) {
    this.text = text;
    const source = region ? isolateRegion(text, region.start, region.end) : text;
    const opts = { merge: true, uniqueKeys: false, prettyErrors: false };
    const all = !region && parsed?.length ? parsed : parseAllDocuments(source, opts);
    this.docs = Array.isArray(all) && all.length ? all : [parseDocument(source, opts)];
    this.doc = this.docs[0];
    for (const d of this.docs) {
      // The anchors defined so far in this document: an alias names the last one before it (YAML 1.2.2 §7.1).
      const before = new Map<string, AnyNode>();
      walkNodes(d, (n) => {
        if (isAlias(n)) {
          this.aliasUses.set(n.source, (this.aliasUses.get(n.source) ?? 0) + 1);
          const target = before.get(n.source);
          if (target) this.aliasTargets.set(n, target);
        } else if ((n as AnyNode).anchor) {
          this.anchors.set((n as AnyNode).anchor!, n as AnyNode);
          before.set((n as AnyNode).anchor!, n as AnyNode);
        }
      });
    }
  }

  /**
   * The block mapping of service `name` and the document holding it, or undefined. With several documents the last
   * one that writes the service is edited: its settings win when docker compose merges them.
   */
  service(name: string): { key: AnyNode; map: YAMLMap; doc: Document } | undefined {
    const p = this.servicePair(name);
    return p && isMap(p.pair.value) ? { key: p.pair.key as AnyNode, map: p.pair.value, doc: p.doc } : undefined;
  }

  /** The `services` entry of `name` in the last document that writes it, whatever its value is. */
  private servicePair(name: string): { pair: Pair; doc: Document; services: YAMLMap } | undefined {
    for (let i = this.docs.length - 1; i >= 0; i--) {
      const services = this.docs[i].get('services', true);
      if (!isMap(services)) continue;
      for (const p of services.items) {
        if (isScalar(p.key) && String(p.key.value) === name) return { pair: p, doc: this.docs[i], services };
      }
    }
    return undefined;
  }

  /**
   * For a service written as an alias of an anchored mapping (`worker-1: *worker`), the edit that writes it as a
   * mapping merging that anchor instead (`worker-1:` then `<<: *worker` one level deeper; `{<<: *worker}` in a flow
   * mapping): the same service (a `<<` merge of a mapping gives every key of it, YAML merge keys), which bulwark's
   * editor can then add keys to. Undefined when the service is not such an alias (a mapping already, or an alias of
   * something that is not a mapping).
   */
  unaliasEdit(name: string): TextEdit | undefined {
    const sp = this.servicePair(name);
    if (!sp || !isAlias(sp.pair.value) || !isMap(this.deref(sp.pair.value))) return undefined;
    const k = sp.pair.key as AnyNode;
    const a = sp.pair.value as AnyNode;
    if (!k.range || !a.range) return undefined;
    const alias = this.text.slice(a.range[0], a.range[1]);
    if (sp.services.flow || this.text.slice(lineStart(this.text, k.range[0]), k.range[0]).trim() !== '') return { start: a.range[0], end: a.range[1], text: `{<<: ${alias}}` };
    const col = k.range[0] - lineStart(this.text, k.range[0]);
    // The step another block service indents its keys by; else the one `services:` indents service names by.
    const colOf = (n: AnyNode | null | undefined) => (n?.range ? n.range[0] - lineStart(this.text, n.range[0]) : undefined);
    let step: number | undefined;
    for (const p of sp.services.items) {
      const m = p.value as AnyNode | null;
      const inner = isMap(m) && !m.flow ? colOf(m.items[0]?.key as AnyNode) : undefined;
      const outer = colOf(p.key as AnyNode);
      if (inner !== undefined && outer !== undefined && inner > outer) {
        step = inner - outer;
        break;
      }
    }
    if (step === undefined) {
      const servicesKey = (sp.doc.contents as YAMLMap | null)?.items?.find((p) => isScalar(p.key) && p.key.value === 'services')?.key as AnyNode | undefined;
      const outer = colOf(servicesKey);
      step = outer !== undefined && col > outer ? col - outer : 2;
    }
    const colon = this.text.indexOf(':', k.range[1]);
    return { start: colon + 1, end: a.range[1], text: `\n${' '.repeat(col + step)}<<: ${alias}` };
  }

  /**
   * Whether a YAML document of this file before `doc` writes `key` on service `name` (its own key or one merged with
   * `<<`): docker compose merges the documents in order, as `-f` files, so that value is what a `!reset` in `doc`
   * drops and what removing the key from `doc` would bring back.
   */
  definesBefore(name: string, key: string, doc: Document): boolean {
    for (const d of this.docs) {
      if (d === doc) return false;
      const services = d.get('services', true);
      if (!isMap(services)) continue;
      for (const p of services.items) {
        const m = this.deref(p.value);
        if (isScalar(p.key) && String(p.key.value) === name && isMap(m) && effectivePair(m, key, this.derefFn)) return true;
      }
    }
    return false;
  }

  /** Per variable name, the value each service's environment gives it (`NAME: v`, `- NAME=v`), built once per document. */
  private envIndex: Map<string, { service: string; value: string }[]> | undefined;

  private envValues(): Map<string, { service: string; value: string }[]> {
    if (this.envIndex) return this.envIndex;
    const index = new Map<string, { service: string; value: string }[]>();
    for (const d of this.docs) {
      const services = d.get('services', true);
      if (!isMap(services)) continue;
      for (const p of services.items) {
        if (!isScalar(p.key) || !isMap(p.value)) continue;
        const service = String(p.key.value);
        // Resolved against its document: a `<<: *anchor` merge key names a node elsewhere in it (qa-c 1).
        const node = p.value.get('environment', true);
        let env: unknown;
        try {
          env = isMap(node) || isSeq(node) || isAlias(node) ? (node as Node).toJS(d) : undefined;
        } catch {
          env = undefined; // a merge of something that is not a mapping: the ingester reports it; nothing to index here
        }
        const entries: [string, unknown][] = Array.isArray(env)
          ? env.filter((x): x is string => typeof x === 'string').map((x) => (x.includes('=') ? [x.slice(0, x.indexOf('=')), x.slice(x.indexOf('=') + 1)] : [x, null]))
          : env && typeof env === 'object'
            ? Object.entries(env as Record<string, unknown>)
            : [];
        for (const [name, v] of entries) {
          const list = index.get(name) ?? [];
          list.push({ service, value: v === null || v === undefined ? '' : String(v) });
          index.set(name, list);
        }
      }
    }
    return (this.envIndex = index);
  }

  /**
   * The services of the file whose environment gives `name` a literal value other than `value` (`NAME: v` or
   * `- NAME=v`; a value with `$` is a reference, not a literal): their names, in file order.
   */
  servicesWithOtherValue(name: string, value: string): string[] {
    return (this.envValues().get(name) ?? []).filter((x) => x.value !== '' && !x.value.includes('$') && x.value !== value).map((x) => x.service);
  }

  /** Whether some service's environment sets `name` (with or without a value). */
  setsVariable(name: string): boolean {
    return this.envValues().has(name);
  }

  /** The root mapping of the document (its top-level keys), or undefined. */
  root(): YAMLMap | undefined {
    return isMap(this.doc.contents) ? this.doc.contents : undefined;
  }

  /**
   * The top-level `secrets` entries written in the document: name → the variable of an `environment:`
   * source (compose-spec 09-secrets.md), or `''` for another source (`file`, `external`).
   */
  topLevelSecrets(): Map<string, string> {
    const out = new Map<string, string>();
    const m = this.root()?.get('secrets', true);
    if (!isMap(m)) return out;
    for (const p of m.items) {
      if (!isScalar(p.key)) continue;
      const src = isMap(p.value) ? p.value.get('environment', true) : undefined;
      out.set(String(p.key.value), isScalar(src) && typeof src.value === 'string' ? src.value : '');
    }
    return out;
  }

  /** How many aliases name `anchor`. */
  aliasCount(anchor: string): number {
    return this.aliasUses.get(anchor) ?? 0;
  }

  /**
   * Whether the entry of service `name` holding offset `at` is one of its own keys that hides a key its `<<` merges
   * give it (removing the own entry would hand the service the merged value).
   */
  hidesMerged(name: string, at: number): boolean {
    const s = this.service(name);
    if (!s) return false;
    const own = s.map.items.find((p) => {
      const k = p.key as AnyNode | null;
      const end = (p.value as AnyNode | null)?.range?.[2] ?? k?.range?.[2];
      return isScalar(k) && !isMergeKey(k) && !!k.range && k.range[0] <= at && end !== undefined && at < end;
    });
    if (!own) return false;
    const key = String((own.key as { value: unknown }).value);
    for (const p of s.map.items) {
      if (!isMergeKey(p.key)) continue;
      for (const src of isSeq(p.value) ? p.value.items : [p.value]) {
        const m = this.deref(src);
        if (isMap(m) && effectivePair(m, key, this.derefFn)) return true;
      }
    }
    return false;
  }

  /** {@link receiversOf} by pair, computed once per document (a file of 2,000 services merging one anchor asks for each). */
  private readonly receivers = new Map<Pair, { name: string; map: YAMLMap }[]>();

  /**
   * The services that get `key` from `pair` (a pair of an anchored mapping merged with `<<`): those whose own
   * mapping does not write `key` and whose merges, in order and recursively, reach `pair` first (YAML merge keys:
   * a key written on the mapping, or by an earlier merge source, wins). These are the services a change of `pair`
   * changes; a service that overrides `key`, or an alias outside `services` (`x-copy: *common`), is not one.
   * A service written as an alias of a mapping (`web: *common`) counts as that mapping. In file order.
   */
  receiversOf(pair: Pair, key: string): { name: string; map: YAMLMap }[] {
    const known = this.receivers.get(pair);
    if (known) return known;
    const out: { name: string; map: YAMLMap }[] = [];
    this.receivers.set(pair, out);
    for (const d of this.docs) {
      const services = d.get('services', true);
      if (!isMap(services)) continue;
      for (const p of services.items) {
        const m = this.deref(p.value);
        if (isScalar(p.key) && isMap(m) && effectivePair(m, key, this.derefFn) === pair) out.push({ name: String(p.key.value), map: m });
      }
    }
    return out;
  }

  /** The services whose `key` (own or merged) has the node `value` as its value (written there, or an alias of it). In file order. */
  servicesWith(key: string, value: unknown): { name: string; map: YAMLMap }[] {
    const out: { name: string; map: YAMLMap }[] = [];
    for (const d of this.docs) {
      const services = d.get('services', true);
      if (!isMap(services)) continue;
      for (const p of services.items) {
        const m = this.deref(p.value);
        const hit = isScalar(p.key) && isMap(m) ? effectivePair(m, key, this.derefFn) : undefined;
        if (hit && this.deref(hit.value) === value) out.push({ name: String((p.key as { value: unknown }).value), map: m as YAMLMap });
      }
    }
    return out;
  }

  /**
   * The pair of an anchored mapping holding offset `at`, its anchor name and key: where a value merged into
   * services with `<<: *anchor` is written. Undefined when the innermost anchored node there is not a mapping.
   */
  anchoredPairAt(at: number): { pair: Pair; key: string; anchor: string } | undefined {
    const a = this.anchorAt(at);
    if (!a || !isMap(a.node)) return undefined;
    for (const p of a.node.items) {
      const k = p.key as AnyNode | null;
      if (!isScalar(k) || isMergeKey(k) || !k.range) continue;
      const end = (p.value as AnyNode | null)?.range?.[2] ?? k.range[2];
      if (k.range[0] <= at && at < Math.max(end, k.range[1] + 1)) return { pair: p, key: String(k.value), anchor: a.node.anchor! };
    }
    return undefined;
  }

  /** The anchored node holding offset `at`, with how many aliases use it. */
  anchorAt(at: number): { node: AnyNode; uses: number } | undefined {
    let best: AnyNode | undefined;
    for (const n of this.anchors.values()) {
      const r = n.range;
      if (r && r[0] <= at && at < r[2] && (!best || r[0] >= best.range![0])) best = n;
    }
    return best ? { node: best, uses: this.aliasUses.get(best.anchor!) ?? 0 } : undefined;
  }
}

function isMergeKey(k: unknown): boolean {
  return isScalar(k) && (typeof k.value === 'symbol' || (k.value === '<<' && k.type === 'PLAIN'));
}

/**
 * The pair giving `key` to mapping `map`: its own (not a merge key), else the first `<<` source (in order, recursively)
 * that has one — how YAML merge keys and the Compose ingester resolve a key (earlier sources win).
 * @param deref resolves an alias to its node ({@link ComposeDocument.deref})
 */
function effectivePair(map: YAMLMap, key: string, deref: (n: unknown) => unknown, depth = 0): Pair | undefined {
  const own = map.items.find((p) => isScalar(p.key) && !isMergeKey(p.key) && String(p.key.value) === key);
  if (own || depth > 16) return own as Pair | undefined;
  for (const p of map.items) {
    if (!isMergeKey(p.key)) continue;
    for (const src of isSeq(p.value) ? p.value.items : [p.value]) {
      const m = deref(src);
      const hit = isMap(m) ? effectivePair(m, key, deref, depth + 1) : undefined;
      if (hit) return hit;
    }
  }
  return undefined;
}

/** `a, b and c`; past {@link LISTED_MAX} names, the first ones and how many more (`a, b, … and 1990 more services`). */
function listed(names: string[]): string {
  if (names.length > LISTED_MAX) return `${names.slice(0, LISTED_MAX).join(', ')} and ${names.length - LISTED_MAX} more services`;
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Service names a note lists at most (a note per service naming 2,000 others would make the output quadratic). */
const LISTED_MAX = 8;

/** Edits one Compose service. One key is edited at most once per round; a second change to it waits for the next round. */
export class ComposeEditor implements ContainerEditor {
  readonly kind = 'compose' as const;
  readonly edits: TextEdit[] = [];
  readonly problems: string[] = [];
  private touched = new Set<string>();
  /** Items removed from each list in this round (see listRemove). */
  private removed = new Map<string, number>();
  private readonly text: string;
  private readonly svc: { key: AnyNode; map: YAMLMap };
  /** The YAML document holding the service (a file may hold several). */
  private readonly svcDoc: Document;

  /**
   * Set by the project's editor (`compose-project.ts`): whether a Compose file merged before this one (`-f` order,
   * an override's base) writes `key` on this service. A `!reset` here drops that value, and removing the key here
   * would bring it back.
   */
  definedEarlier?: (key: string) => boolean;

  constructor(readonly cd: ComposeDocument, svc: { key: AnyNode; map: YAMLMap; doc?: Document }) {
    this.text = cd.text;
    this.svc = svc;
    this.svcDoc = svc.doc ?? cd.doc;
  }

  /** The service's name as written. */
  get name(): string {
    return String((this.svc.key as Node & { value?: unknown }).value);
  }

  /** Whether the service writes `key` here: its own entry (any value, `null` and `!reset` ones too) or one merged with `<<`. */
  writes(key: string): boolean {
    return this.pairOf(key) !== undefined;
  }

  /** Whether a file merged before this one, or a YAML document of this file before the service's, writes `key` on the service. */
  private earlierDefines(key: string): boolean {
    return !!this.definedEarlier?.(key) || this.cd.definesBefore(this.name, key, this.svcDoc);
  }

  /**
   * The service's own `key:` entry when its value is one Compose does not take as a value: empty or `null` (the key
   * unset), or tagged `!reset` (the value dropped, compose-spec 13-merge.md "Reset value"). A setting is written over
   * that value; a second `key:` would be a duplicate key, which YAML and Compose refuse.
   */
  private unsetOwn(key: string): { pair: Pair; reset: boolean } | undefined {
    const own = this.svc.map.items.find((p) => isScalar(p.key) && !isMergeKey(p.key) && String(p.key.value) === key);
    if (!own) return undefined;
    const v = own.value as AnyNode | null;
    const reset = !!v && (v as { tag?: string }).tag === '!reset';
    if (reset || v === null || (isScalar(v) && (v.value === null || v.value === '') && !(v as { tag?: string }).tag)) return { pair: own, reset };
    return undefined;
  }

  /**
   * Writes ` text` as the value of `pair` (a key of this service): from the key's colon to the end of the value, so
   * a tag (`!reset`) goes with it and a comment after the value stays. `note` becomes a `# bulwark:` comment when
   * the line has none and the mapping is a block one. False (with a problem) for a value that is an anchor other
   * nodes name.
   */
  private writeValue(pair: Pair, text: string, note?: string): boolean {
    const k = pair.key as AnyNode;
    const v = pair.value as AnyNode | null;
    const key = String((k as Node & { value?: unknown }).value);
    if (v?.anchor && this.cd.aliasCount(v.anchor) > 0) return this.problem(`the ${key} of this service is the anchor &${v.anchor}, which other places use; change it by hand`);
    const colon = this.text.indexOf(':', k.range![1]);
    let end: number;
    if (v?.range && this.text.slice(v.range[0], v.range[1]).trim() !== '') end = Math.max(colon + 1, trimEndOffset(this.text, v.range[0], v.range[1]));
    else {
      // No value written (`read_only:   # later`, `user: !reset`): up to the end of a tag or anchor there, a comment kept.
      const props = /^[ \t]*(?:[!&][^\s#]*[ \t]*)*/.exec(this.text.slice(colon + 1, lineEnd(this.text, colon)))![0];
      end = colon + 1 + props.trimEnd().length;
    }
    const le = lineEnd(this.text, end);
    const comment = note && !this.svc.map.flow && !this.text.slice(end, le).includes('#') && lineEnd(this.text, colon) === le ? `  # bulwark: ${note}` : '';
    this.edits.push({ start: colon + 1, end, text: ` ${text}${comment}` });
    return true;
  }

  /** True when the service `extends` another one: fixing the base first changes less (see hardenText). */
  get extendsAnother(): boolean {
    return this.svc.map.items.some((p) => isScalar(p.key) && p.key.value === 'extends');
  }

  /**
   * How many `extends` hops lead from this service to one that extends nothing (0: it extends nothing).
   * A hop to a service of another file (`extends: {file: base.yml, service: …}`) counts one and ends the walk.
   * harden fixes services of a lower depth first: a service extending `app` of the same file then inherits
   * app's fixes (compose-spec 05-services.md `extends`) instead of repeating them.
   */
  get extendsDepth(): number {
    let map = this.svc.map;
    const seen = new Set<YAMLMap>([map]);
    for (let depth = 0; depth < 32; depth++) {
      const p = map.items.find((q) => isScalar(q.key) && q.key.value === 'extends');
      if (!p) return depth;
      const v = p.value;
      const name = isScalar(v) ? String(v.value) : isMap(v) ? String(v.get('service') ?? '') : '';
      if (isMap(v) && v.has('file')) return depth + 1;
      const next = name ? this.cd.service(name) : undefined;
      if (!next || seen.has(next.map)) return depth + 1;
      seen.add(next.map);
      map = next.map;
    }
    return 32;
  }

  /** Creates the editor of service `name`, or undefined when the service is not a mapping in this document. */
  static forService(cd: ComposeDocument, name: string, spec?: ContainerSpec): ComposeEditor | undefined {
    const s = cd.service(name);
    if (!s) return undefined;
    const ed = new ComposeEditor(cd, s);
    ed.spec = spec;
    return ed;
  }

  /** The service's model, for overrides of values inherited through `extends`. */
  private spec: ContainerSpec | undefined;

  // --- ContainerEditor ---

  addSecurityOpt(value: string): boolean {
    return this.listAdd('security_opt', [value]);
  }

  removeSecurityOpt(opt: SecurityOpt): boolean {
    if (!this.writtenHere(opt.origin) && this.extendsAnother && this.spec) {
      // Inherited through `extends` from another service or file: sequences are merged by `extends`, so only
      // `!override` (compose-spec 13-merge.md) replaces the inherited list on this service.
      return this.overrideInherited('security_opt', this.spec.securityOpt.filter((o) => o !== opt && o.how === 'explicit').map((o) => o.raw));
    }
    return this.listRemove('security_opt', opt.origin);
  }

  /**
   * Writes `key: !override [items]` on this service for a list it inherits through `extends` (compose-spec
   * 13-merge.md: `extends` merges sequences, only `!override` replaces them): a new entry, or the value of the
   * service's own `key:` when it has one (`extends` merged its items with the inherited ones, so `items` is the
   * whole merged list minus what is removed). Own items with comments are left to the user (a note says so).
   */
  private overrideInherited(key: string, items: string[]): boolean {
    if (!this.claim(key)) return false;
    const list = `!override [${items.map((v) => yamlScalar(v, true)).join(', ')}]`;
    const note = `replaces the ${key} inherited through extends`;
    const own = this.svc.map.items.find((p) => isScalar(p.key) && !isMergeKey(p.key) && String(p.key.value) === key);
    if (!own) return this.insertKey(this.svc.map, key, list, note);
    const k = own.key as AnyNode;
    const v = own.value as AnyNode | null;
    if (!v?.range || isAlias(v) || !this.editableHere(k)) return this.problem(`the ${key} inherited through extends is also written on this service in a form bulwark does not rewrite; change it by hand`);
    const colon = this.text.indexOf(':', k.range![1]);
    const end = trimEndOffset(this.text, v.range[0], v.range[1]);
    if (this.text.slice(colon + 1, end).includes('#')) return this.problem(`the ${key} of this service has comments; write \`${key}: ${list}\` by hand`);
    const comment = this.text.slice(end, lineEnd(this.text, end)).trim() === '' ? `  # bulwark: ${note}` : '';
    this.edits.push({ start: colon + 1, end, text: ` ${list}${comment}` });
    return true;
  }

  /** Whether `o` points into this document at a node this editor may change. */
  private writtenHere(o: Origin): boolean {
    if (o.kind !== 'file' || (this.cd.path !== undefined && o.file !== this.cd.path)) return false;
    const n = this.nodeAt(o);
    return !!n && this.editableHere(n);
  }

  addCapDrop(caps: string[]): boolean {
    return this.listAdd('cap_drop', caps);
  }

  addCapAdd(caps: string[]): boolean {
    return caps.length === 0 || this.listAdd('cap_add', caps);
  }

  addTmpfs(paths: string[]): boolean {
    return paths.length === 0 || this.listAdd('tmpfs', paths);
  }

  setScalar(setting: ScalarSetting, value: string, existing: Sourced<unknown> | undefined, note?: string): boolean {
    const key = SCALAR_KEY[setting];
    if (!this.claim(key)) return false;
    // Numbers, sizes and booleans plain (`pids_limit: 256`, `mem_limit: 512m`, `read_only: true`); a user always quoted (`"65532:65532"`).
    const text = setting === 'user' ? JSON.stringify(value) : /^(?:[0-9.]+[a-z]*|true|false)$/i.test(value) ? value : yamlScalar(value);
    if (existing && existing.origin.kind === 'file') {
      const node = this.nodeAt(existing.origin);
      if (node && isScalar(node) && this.editableHere(node)) {
        this.edits.push({ start: node.range![0], end: node.range![1], text });
        return true;
      }
    }
    // `pids_limit:` empty, `null` or `!reset null` on the service: the value is written there (qa-a 2).
    const unset = this.unsetOwn(key);
    if (unset) return this.writeValue(unset.pair, text, note);
    return this.insertKey(this.svc.map, key, text, note);
  }

  mountReadOnly(m: Mount): boolean {
    if (m.syntax === 'volumes-from') return this.problem(`the mount ${m.target} comes from ${m.inheritedFrom} through volumes_from: fix it there, or add :ro to the volumes_from item`);
    const node = this.nodeAt(m.origin);
    // Items of one list can be changed in the same round; removing one waits (see listRemove's claim).
    if (node?.range && (this.touched.has('volumes') || !this.claim(`volumes#${node.range[0]}`))) return false;
    if (node && !this.editableHere(node) && isScalar(node) && typeof node.value === 'string') {
      // `volumes: *vols` on the service, the anchor shared: the alias becomes the list with this bind read-only.
      const own = this.svc.map.items.find((p) => isScalar(p.key) && !isMergeKey(p.key) && String(p.key.value) === 'volumes');
      const seq = own && isAlias(own.value) ? this.deref(own.value) : undefined;
      if (isSeq(seq) && seq.items.some((i) => this.deref(i) === node)) return this.override('volumes', seq, undefined, [], { node, value: readOnlyVolume(node.value) });
    }
    if (node && !this.editableHere(node)) return this.problem(`the mount ${m.target} ${this.sharedNote(node)}: make it read-only there (it changes every one of them) or write volumes on this service, by hand`);
    if (!node) return this.problem(`the mount ${m.target} is not written in this service`);
    if (isScalar(node) && typeof node.value === 'string') {
      const v = readOnlyVolume(node.value);
      const spelled = node.type === 'QUOTE_DOUBLE' ? JSON.stringify(v) : node.type === 'QUOTE_SINGLE' ? `'${v.replace(/'/g, "''")}'` : yamlScalar(v);
      this.edits.push({ start: node.range![0], end: node.range![1], text: spelled });
      return true;
    }
    if (isMap(node)) {
      const ro = node.items.find((p) => isScalar(p.key) && p.key.value === 'read_only');
      if (ro && isScalar(ro.value)) {
        this.edits.push({ start: (ro.value as AnyNode).range![0], end: (ro.value as AnyNode).range![1], text: 'true' });
        return true;
      }
      return this.insertKey(node, 'read_only', 'true');
    }
    return this.problem(`the mount ${m.target} is not a string or a mapping`);
  }

  removeMount(m: Mount): boolean {
    // `use_api_socket: true` is the socket mount Compose makes (the model's `api-socket` mount): remove the key.
    if (m.syntax === 'api-socket') return this.removeKey('use_api_socket', m.origin, 'use_api_socket', 'false');
    if (m.syntax === 'volumes-from') return this.problem(`the mount ${m.target} comes from ${m.inheritedFrom} through volumes_from: remove it there, or the volumes_from item`);
    return this.listRemove('volumes', m.origin);
  }

  appendToValue(end: number, suffix: string): boolean {
    const at = /["']/.test(this.text[end - 1] ?? '') ? end - 1 : end;
    this.edits.push({ start: at, end: at, text: suffix });
    return true;
  }

  // --- removal and replacement (unsafe fixes of issue 4: fixes/util.ts RemovalEditor) ---

  /**
   * Removes the entry `key:` (compose-spec key such as `privileged`, `pid`, `network_mode`) whose value or key
   * is written at `at`: its line(s), trailing comment included. The entry may come from an anchor merged
   * into this service only; one shared with other services is overridden on this service with `override`
   * when given (`privileged: false`), and left otherwise (a note says so).
   */
  removeKey(key: string, at: Origin, what: string, override?: string): boolean {
    if (!this.claim(key)) return false;
    const found = this.pairOf(key);
    if (!found && override !== undefined && this.extendsAnother && at.kind === 'file' && this.cd.path !== undefined && at.file !== undefined && at.file !== this.cd.path) {
      // Inherited through `extends` from another file, which this run does not edit: a scalar written on the
      // service overrides the inherited one (compose-spec 05-services.md `extends`), so `privileged: false` here.
      return this.insertKey(this.svc.map, key, override, `overrides the ${key} inherited through extends from ${at.file}`);
    }
    if (!found) return this.problem(`${what} is not written in this service`);
    const k = found.pair.key as AnyNode;
    const v = found.pair.value as AnyNode | null;
    if (at.kind === 'file' && at.start !== undefined && k.range![0] !== at.start && v?.range?.[0] !== at.start) return this.problem(`${what} is not written where the finding points`);
    if (!found.own && !this.editableHere(k)) {
      if (override !== undefined) return this.insertKey(this.svc.map, key, override, `overrides the ${key} merged from a shared anchor`);
      return this.problem(`${what} ${this.sharedNote(k)}: remove it there (it changes every one of them) or set ${key} on this service, by hand`);
    }
    if (found.own && override !== undefined && v?.range && isScalar(v) && this.earlierDefines(key)) {
      // A base Compose file writes the key too: removing it here would give the service the base's value back.
      this.edits.push({ start: v.range[0], end: v.range[1], text: override });
      return true;
    }
    const under = found.own ? this.mergedPair(key) : undefined;
    if (under) {
      // The service's own entry hides one merged with `<<`: removing it would give the service that one instead.
      const was = (under.value as AnyNode | null)?.range ? this.text.slice((under.value as AnyNode).range![0], (under.value as AnyNode).range![1]) : '';
      if (override !== undefined && v?.range && isScalar(v)) {
        this.edits.push({ start: v.range[0], end: v.range[1], text: override });
        return true;
      }
      const from = (under.key as AnyNode | null)?.range ? this.cd.anchoredPairAt((under.key as AnyNode).range![0])?.anchor : undefined;
      return this.problem(`removing ${key} from this service would give it the \`${key}: ${was}\` it merges from ${from ? `the anchor &${from}` : 'a << merge'}; change it by hand`);
    }
    const start = lineStart(this.text, k.range![0]);
    if (this.text.slice(start, k.range![0]).trim() !== '') return this.problem(`cannot remove ${key}: its key shares a line (a flow mapping)`);
    const last = v?.range ? trimEndOffset(this.text, k.range![0], v.range[1]) : k.range![1];
    this.edits.push({ start, end: Math.min(this.text.length, lineEnd(this.text, last) + 1), text: '' });
    return true;
  }

  /** Removes the item written at `at` from the list `key` (`cap_add`, `devices`, `device_cgroup_rules`); the key when it was the only item. */
  removeItem(key: string, at: Origin, _what: string): boolean {
    if (key === 'cap_add' && !this.writtenHere(at) && this.extendsAnother && this.spec) {
      // A capability inherited through `extends`: the merged cap_add without it, as `!override` (see overrideInherited).
      const same = (o: Origin) => o.kind === 'file' && at.kind === 'file' && o.file === at.file && o.start === at.start;
      return this.overrideInherited('cap_add', this.spec.capAdd.filter((c) => !same(c.origin)).map((c) => c.value));
    }
    return this.listRemove(key, at);
  }

  /**
   * Replaces the scalar value of `key` written at `at` (`restart: always` → `restart: on-failure:5`). A value
   * from an anchor shared with other services is overridden on this service (`note` on the new line).
   */
  replaceValue(key: string, at: Origin, value: string, note?: string): boolean {
    if (!this.claim(key)) return false;
    const found = this.pairOf(key);
    const v = found ? (this.deref(found.pair.value) as AnyNode) : undefined;
    if (!found || !v || !isScalar(v) || !v.range || (at.kind === 'file' && at.start !== v.range[0])) return this.problem(`the ${key} value is not a plain \`${key}:\` entry here; change it by hand`);
    const inPlace = (found.own || this.editableHere(found.pair.key as AnyNode)) && !isAlias(found.pair.value);
    if (inPlace) {
      const flow = this.text.slice(lineStart(this.text, v.range[0]), v.range[0]).includes('{');
      this.edits.push({ start: v.range[0], end: v.range[1], text: yamlScalar(value, flow) });
      return true;
    }
    return this.insertKey(this.svc.map, key, yamlScalar(value, this.svc.map.flow ?? false), note ?? `replaces the ${key} merged from a shared anchor`);
  }

  /**
   * Replaces the value of environment variable `name` (map form `NAME: value`, list form `- NAME=value`) by
   * `${NAME}`-style `replacement` text (without the name for the map form), with `note` as a `# bulwark:`
   * comment on its line (block forms only). The value itself is never copied anywhere.
   */
  replaceEnv(name: string, replacement: string, note: string): boolean {
    if (!this.claim(`environment#${name}`)) return false;
    const found = this.pairOf('environment');
    if (!found || isAlias(found.pair.value) || (!found.own && !this.editableHere(found.pair.key as AnyNode))) {
      return this.problem(`the environment of this service ${found ? this.sharedNote(found.pair.key as AnyNode) : 'is not written in it'}; change ${name} there by hand`);
    }
    const env = this.deref(found.pair.value);
    let node: AnyNode | undefined;
    let text: string;
    let flow: boolean;
    if (isMap(env)) {
      const p = env.items.find((q) => isScalar(q.key) && String(q.key.value) === name);
      node = p && isScalar(p.value) ? (p.value as AnyNode) : undefined;
      flow = !!env.flow;
      text = flow ? JSON.stringify(replacement) : replacement;
    } else if (isSeq(env)) {
      node = env.items.find((i) => isScalar(i) && String(i.value).startsWith(`${name}=`)) as AnyNode | undefined;
      flow = !!env.flow;
      text = flow ? JSON.stringify(`${name}=${replacement}`) : `${name}=${replacement}`;
    } else return this.problem(`the environment of this service is neither a mapping nor a list`);
    if (!node?.range) return this.problem((isMap(env) ? this.mergedEnvNote(env, name) : undefined) ?? `cannot find the value of ${name} in this service's environment`);
    const end = trimEndOffset(this.text, node.range[0], node.range[1]);
    this.edits.push({ start: node.range[0], end, text: flow ? text : `${text}  # bulwark: ${note}` });
    return true;
  }


  /**
   * The note for variable `name` of an `environment` mapping that does not write it itself but merges it with
   * `<<: *anchor` (YAML merge key): the anchor is edited by hand, since the merge itself is left as written.
   */
  private mergedEnvNote(env: YAMLMap, name: string): string | undefined {
    for (const q of env.items) {
      if (!isMergeKey(q.key)) continue;
      for (const src of isSeq(q.value) ? q.value.items : [q.value]) {
        const m = this.deref(src);
        if (isMap(m) && m.items.some((x) => isScalar(x.key) && String(x.key.value) === name)) {
          const anchor = isAlias(src) ? ` &${src.source}` : '';
          return `${name} comes from the mapping${anchor} merged into this service's environment with <<; bulwark leaves merges as written: change ${name} there by hand`;
        }
      }
    }
    return undefined;
  }

  /**
   * BW-0026's secret-file fix (compose-spec 09-secrets.md, 05-services.md `secrets`): the environment entry
   * of variable `e.name` becomes `<NAME>_FILE: /run/secrets/<secret>`, the service is granted `secret`
   * (appended to its `secrets` list, short or long syntax as the list uses), and the top-level `secrets`
   * gets `<secret>: {environment: <variable>}` unless it is already defined that way. List vs map syntax of
   * `environment` is kept; each inserted value carries a `# bulwark:` comment (block syntax only). The
   * entry's value is never copied anywhere.
   *
   * Changes that must wait for the next round return false without a problem: creating the service's or
   * the top-level `secrets:` key while another fix of this round does the same, a secret another service
   * defines in this round.
   * @param secret the secret's name (`postgres_password`); `variable` the host variable its value comes from
   */
  envToSecret(e: EnvVar, secret: string, variable: string): boolean {
    const name = e.name;
    if (this.touched.has(`environment#${name}`)) return false;
    const found = this.pairOf('environment');
    if (!found || isAlias(found.pair.value) || (!found.own && !this.editableHere(found.pair.key as AnyNode))) {
      return this.problem(`the environment of this service ${found ? this.sharedNote(found.pair.key as AnyNode) : 'is not written in it'}; move ${name} to a secret there by hand`);
    }
    const env = this.deref(found.pair.value);
    const anchor = (found.pair.value as AnyNode | null)?.anchor;
    const sharing = anchor && this.cd.aliasCount(anchor) > 0 ? this.cd.servicesWith('environment', env) : [];
    if (sharing.some((x) => x.map !== this.svc.map)) {
      // `environment: &envs` reused as `*envs` by other services: they would get NAME_FILE without the secret.
      return this.problem(`the environment of this service is the anchor &${anchor}, which ${listed(sharing.map((x) => x.name))} share; move ${name} to a secret there by hand`);
    }
    const root = this.cd.root();
    if (!root) return this.problem('the Compose file has no top-level mapping');
    // The secret's name: `secret`, reused when the top level defines it from the same variable; else the
    // first free `secret_2`, `secret_3`… A name another service defines in this round waits for the next.
    const defined = this.cd.topLevelSecrets();
    let secretName = secret;
    for (let i = 2; defined.has(secretName) && defined.get(secretName) !== variable; i++) secretName = `${secret}_${i}`;
    if (this.cd.pendingSecrets.has(secretName)) return false;
    const fileVar = fileVariable(name);
    const target = `/run/secrets/${secretName}`;
    const envNote = `${name} moved to the Compose secret ${secretName}, read from the file ${target} (R-S)`;
    let edit: TextEdit;
    if (isMap(env)) {
      if (env.items.some((q) => isScalar(q.key) && String(q.key.value) === fileVar)) return this.problem(`${fileVar} is already set in this service's environment; move ${name} to a secret by hand`);
      const p = env.items.find((q) => isScalar(q.key) && String(q.key.value) === name);
      const k = p?.key as AnyNode | undefined;
      if (!p || !k?.range) return this.problem(this.mergedEnvNote(env, name) ?? `cannot find ${name} in this service's environment`);
      const v = p.value as AnyNode | null;
      const colon = this.text.indexOf(':', k.range[1]);
      const end = v?.range && v.range[1] > v.range[0] ? trimEndOffset(this.text, v.range[0], v.range[1]) : colon + 1;
      const entry = `${fileVar}: ${target}`;
      edit = { start: k.range[0], end, text: env.flow ? entry : `${entry}  # bulwark: ${envNote}` };
    } else if (isSeq(env)) {
      if (env.items.some((i) => isScalar(i) && String(i.value).split('=')[0] === fileVar)) return this.problem(`${fileVar} is already set in this service's environment; move ${name} to a secret by hand`);
      const node = env.items.find((i) => isScalar(i) && (String(i.value) === name || String(i.value).startsWith(`${name}=`))) as AnyNode | undefined;
      if (!node?.range) return this.problem(`cannot find ${name} in this service's environment`);
      const end = trimEndOffset(this.text, node.range[0], node.range[1]);
      const entry = `${fileVar}=${target}`;
      edit = { start: node.range[0], end, text: env.flow ? entry : `${entry}  # bulwark: ${envNote}` };
    } else return this.problem(`the environment of this service is neither a mapping nor a list`);

    // The grant, then the top-level definition unless it exists already.
    const problems = this.problems.length;
    const grant = this.grantSecret(secretName, `mounted at ${target}`);
    if (grant === false) return false;
    if (grant === undefined) return this.problems.length > problems ? false : this.problem(`cannot grant the secret ${secretName}: this service has no block mapping bulwark can add secrets to`);
    let top: TextEdit[] = [];
    if (!defined.has(secretName)) {
      const t = this.secretDefinition(root, secretName, variable, `the value comes from ${variable} where docker compose up runs`);
      if (t === false) return false;
      if (t === undefined) return this.problem('cannot add the secret to the top-level secrets: it is not a block mapping');
      top = t;
      this.cd.pendingSecrets.set(secretName, variable);
    }
    this.touched.add(`environment#${name}`);
    this.edits.push(edit, ...grant, ...top);
    return true;
  }

  /**
   * The edits adding `name: {environment: variable}` to the top-level `secrets` (created at the end of the
   * document when missing); false when another fix of this round creates the key; undefined when
   * `secrets` is not a mapping bulwark can extend.
   */
  private secretDefinition(root: YAMLMap, name: string, variable: string, note: string): TextEdit[] | false | undefined {
    const pair = root.items.find((p) => isScalar(p.key) && String(p.key.value) === 'secrets');
    const first = root.items[0]?.key as AnyNode | undefined;
    if (!first?.range || root.flow) return undefined;
    const col0 = ' '.repeat(first.range[0] - lineStart(this.text, first.range[0]));
    const step = this.step();
    const entry = (indent: string) => `${indent}${name}:\n${indent}${step}environment: ${yamlScalar(variable)}  # bulwark: ${note}`;
    if (!pair) {
      if (this.cd.creatingSecretsKey) return false;
      this.cd.creatingSecretsKey = true;
      const last = root.items[root.items.length - 1];
      const end = contentEnd(this.text, first.range[0], last.value ?? last.key);
      return [{ ...insertLineAfter(this.text, end, `${col0}secrets:\n${entry(col0 + step)}`), rank: -2 * col0.length + 1 }];
    }
    const m = pair.value as AnyNode | null;
    if (isMap(m) && !m.flow && m.items.length) {
      const k0 = m.items[0].key as AnyNode;
      const indent = ' '.repeat(k0.range![0] - lineStart(this.text, k0.range![0]));
      const last = m.items[m.items.length - 1];
      const end = contentEnd(this.text, k0.range![0], last.value ?? last.key);
      return [{ ...insertLineAfter(this.text, end, entry(indent)), rank: -2 * indent.length }];
    }
    if (isMap(m) && m.flow) {
      const last = m.items[m.items.length - 1];
      const at = last ? ((last.value ?? last.key) as AnyNode).range![1] : this.text.indexOf('{', m.range![0]) + 1;
      return [{ start: at, end: at, text: `${last ? ', ' : ''}${name}: {environment: ${yamlScalar(variable, true)}}` }];
    }
    if ((m === null || (isScalar(m) && (m.value === null || m.value === ''))) && !this.cd.creatingSecretsKey) {
      this.cd.creatingSecretsKey = true;
      const k = pair.key as AnyNode;
      return [{ ...insertLineAfter(this.text, k.range![1], entry(col0 + step)), rank: -2 * col0.length }];
    }
    return m === null || isScalar(m) ? false : undefined;
  }

  /**
   * The edits granting secret `name` to the service: appended to its `secrets` list (a long-syntax
   * `- source: name` when the list's last item is a mapping), or a new `secrets:` key. False when
   * another fix of this round creates the key; undefined when it cannot be done.
   */
  private grantSecret(name: string, note: string): TextEdit[] | false | undefined {
    // Two entries of one service moved to the same secret (`DB_PASSWORD` and `POSTGRES_PASSWORD: ${DB_PASSWORD}`)
    // grant it once.
    if (this.granted.has(name)) return [];
    const r = this.grantSecretEdits(name, note);
    if (r) this.granted.add(name);
    return r;
  }

  /** Secrets granted to this service by the fixes of this round. */
  private readonly granted = new Set<string>();

  private grantSecretEdits(name: string, note: string): TextEdit[] | false | undefined {
    const found = this.pairOf('secrets');
    if (!found && !this.svc.map.flow) {
      if (!this.claim('secrets')) return false;
      const first = this.svc.map.items[0]?.key as AnyNode | undefined;
      if (!first?.range) return undefined;
      const indent = ' '.repeat(first.range[0] - lineStart(this.text, first.range[0]));
      const last = this.svc.map.items[this.svc.map.items.length - 1];
      const end = contentEnd(this.text, first.range[0], last.value ?? last.key);
      const body = `${indent}secrets:\n${indent}${this.itemStep()}- ${yamlScalar(name)}  # bulwark: ${note}`;
      return [{ ...insertLineAfter(this.text, end, body), rank: -2 * indent.length }];
    }
    const seq = found ? this.deref(found.pair.value) : undefined;
    if (found?.own && !isAlias(found.pair.value) && isSeq(seq) && !seq.flow && seq.items.length) {
      if (this.touched.has('secrets')) return false;
      const items = seq.items as AnyNode[];
      if (items.some((i) => (isScalar(i) && String(i.value) === name) || (isMap(i) && String(i.get('source')) === name))) return [];
      const last = items[items.length - 1];
      const dash = this.text.lastIndexOf('-', last.range![0]);
      const col = ' '.repeat(dash - lineStart(this.text, dash));
      const end = contentEnd(this.text, last.range![0], last);
      const item = isMap(last) ? `${col}- source: ${yamlScalar(name)}  # bulwark: ${note}` : `${col}- ${yamlScalar(name)}  # bulwark: ${note}`;
      this.touched.add('secrets#append');
      return [{ ...insertLineAfter(this.text, end, item), rank: -2 * col.length - 1 }];
    }
    // Already granted (a flow list, or one inherited): nothing to add.
    if (isSeq(seq) && seq.items.some((i) => (isScalar(i) && String(i.value) === name) || (isMap(i) && String(i.get('source')) === name))) return [];
    // Flow lists, a flow service, an inherited list: the general list edit (override where shared).
    if (this.touched.has('secrets#append')) return false;
    const mark = this.edits.length;
    const problems = this.problems.length;
    if (!this.listAdd('secrets', [name])) return this.problems.length > problems ? undefined : false;
    return this.edits.splice(mark);
  }

  // --- helpers ---

  private problem(msg: string): false {
    this.problems.push(msg);
    return false;
  }

  /** Reserves `key` for this round; false (and no edit) if another fix already changed it. */
  private claim(key: string): boolean {
    if (this.touched.has(key)) return false;
    this.touched.add(key);
    return true;
  }

  /**
   * Whether `node` may be edited in place: inside the service, or in an anchored mapping whose entry holding it
   * reaches this service only ({@link ComposeDocument.receiversOf}: other services that merge the anchor but write
   * the key themselves do not count); in another anchored node (a list `&vols`), one alias uses it at most.
   */
  private editableHere(node: AnyNode): boolean {
    const r = node.range!;
    const s = this.svc.map.range!;
    if (r[0] >= s[0] && r[1] <= s[2]) return true;
    const at = this.cd.anchoredPairAt(r[0]);
    if (at) {
      const to = this.cd.receiversOf(at.pair, at.key);
      return to.length > 0 && to.every((x) => x.map === this.svc.map);
    }
    const a = this.cd.anchorAt(r[0]);
    return !!a && a.uses <= 1;
  }

  /**
   * Why the value written at `node` (outside this service) is not changed here: the anchor it is written in and
   * exactly the services that get it from there (`comes from the anchor &common, which gives it to web and api`).
   */
  private sharedNote(node: AnyNode): string {
    const at = node.range ? this.cd.anchoredPairAt(node.range[0]) : undefined;
    if (!at) {
      // `environment: *envs` on the service: the anchored value itself, shared by every service whose key is an alias of it.
      const own = this.svc.map.items.find((p) => p.key === node);
      if (own && isAlias(own.value)) {
        const target = this.deref(own.value);
        const to = this.cd.servicesWith(String((node as Node & { value?: unknown }).value), target).map((x) => x.name);
        return `is the anchor &${own.value.source}, which ${to.length > 1 ? `${listed(to)} share` : 'other places use too'}`;
      }
    }
    if (!at) return 'comes from an anchor used in more than one place';
    const to = this.cd.receiversOf(at.pair, at.key).map((x) => x.name);
    return `comes from the anchor &${at.anchor}, which gives it to ${listed(to)}`;
  }

  /** The node written at `o`: same start, and the same end once trailing blanks are trimmed (a block mapping's range takes its line break). */
  private nodeAt(o: Origin): AnyNode | undefined {
    if (o.kind !== 'file' || o.start === undefined) return undefined;
    if (this.cd.path !== undefined && o.file !== this.cd.path) return undefined;
    let found: AnyNode | undefined;
    // Most origins lie in the service's own mapping: search it first, the whole document (anchors) only if not
    // (a visit of the document per fix made a file of many services quadratic).
    const sr = this.svc.map.range;
    const root = sr && o.start >= sr[0] && (o.end ?? o.start) <= sr[2] ? this.svc.map : this.svcDoc;
    walkNodes(root, (n) => {
      const r = (n as AnyNode).range;
      if (!r || r[0] !== o.start || isAlias(n)) return false;
      if (r[1] === o.end || trimEndOffset(this.text, r[0], r[1]) === o.end) {
        found = n as AnyNode;
        return true;
      }
      return false;
    });
    return found;
  }

  /** The pair of `key` on the service itself, or the one merged in with `<<` (first merge wins, as in the ingester). */
  private pairOf(key: string): { pair: Pair; own: boolean } | undefined {
    const own = this.svc.map.items.find((p) => isScalar(p.key) && !isMergeKey(p.key) && String(p.key.value) === key);
    if (own) return { pair: own, own: true };
    const merged = this.mergedPair(key);
    return merged ? { pair: merged, own: false } : undefined;
  }

  /** The pair of `key` the service's `<<` merges give it, whether or not the service writes `key` itself (then its own wins). */
  private mergedPair(key: string): Pair | undefined {
    for (const p of this.svc.map.items) {
      if (!isMergeKey(p.key)) continue;
      for (const src of isSeq(p.value) ? p.value.items : [p.value]) {
        const m = this.deref(src);
        const hit = isMap(m) ? effectivePair(m, key, this.cd.derefFn) : undefined;
        if (hit) return hit;
      }
    }
    return undefined;
  }

  private deref(n: unknown): unknown {
    return this.cd.deref(n);
  }

  /** Indentation one level deeper than the service's keys use, measured from the file. */
  /**
   * The indentation of a new block list's items relative to its key: as the service's own block lists write
   * theirs (`volumes:` then `- a` at the key's column, an "indentless" sequence, or deeper), else {@link step}.
   */
  private itemStep(): string {
    const of = (p: Pair, own: boolean): string | undefined => {
      const v = p.value as AnyNode | null;
      const k = p.key as AnyNode | null;
      if (!isSeq(v) || v.flow || !v.items.length || !v.range || !k?.range || !isScalar(k) || (own && !this.editableHere(k))) return undefined;
      const dashCol = v.range[0] - lineStart(this.text, v.range[0]);
      const keyCol = k.range[0] - lineStart(this.text, k.range[0]);
      return this.text[v.range[0]] === '-' && dashCol >= keyCol ? ' '.repeat(dashCol - keyCol) : undefined;
    };
    for (const p of this.svc.map.items) {
      const r = of(p, true);
      if (r !== undefined) return r;
    }
    // The service has no block list of its own: the file's first one decides (found once per document).
    if (!FIRST_LIST_STEP.has(this.svcDoc)) {
      let found: string | undefined;
      visit(this.svcDoc, {
        Pair: (_k, p) => {
          found = of(p as Pair, false);
          return found === undefined ? undefined : visit.BREAK;
        },
      });
      FIRST_LIST_STEP.set(this.svcDoc, found);
    }
    return FIRST_LIST_STEP.get(this.svcDoc) ?? this.step();
  }

  private step(): string {
    const keyCol = this.svc.key.range![0] - lineStart(this.text, this.svc.key.range![0]);
    const first = this.svc.map.items[0]?.key as AnyNode | undefined;
    const col = first?.range ? first.range[0] - lineStart(this.text, first.range[0]) : keyCol + 2;
    return ' '.repeat(Math.max(2, col - keyCol));
  }

  /**
   * Inserts `key: value` as the last entry of `map`; `value` is a scalar's text or a list of values (a
   * block list in a block mapping, a flow list in a flow mapping). `note` becomes a `# bulwark:` comment
   * (block mappings only: a comment cannot go inside a flow mapping).
   */
  private insertKey(map: YAMLMap, key: string, value: string | string[], note?: string): boolean {
    const last = map.items[map.items.length - 1];
    if (map.flow) {
      const v = Array.isArray(value) ? `[${value.map((x) => yamlScalar(x, true)).join(', ')}]` : value;
      if (!last) {
        const open = this.text.indexOf('{', (map as AnyNode).range![0]);
        this.edits.push({ start: open + 1, end: open + 1, text: `${key}: ${v}` });
        return true;
      }
      const end = ((last.value ?? last.key) as AnyNode).range![1];
      this.edits.push({ start: end, end, text: `, ${key}: ${v}` });
      this.flowNote(map, note);
      return true;
    }
    const first = map.items[0]?.key as AnyNode | undefined;
    if (!first?.range) return this.problem(`cannot add ${key}: the mapping is empty`);
    const indent = ' '.repeat(first.range[0] - lineStart(this.text, first.range[0]));
    const lastNode = (last.value ?? last.key) as AnyNode;
    const end = pastDeeperComments(this.text, contentEnd(this.text, first.range[0], lastNode), indent.length);
    const comment = note ? `  # bulwark: ${note}` : '';
    const body = Array.isArray(value)
      ? `${indent}${key}:${comment}${value.map((v) => `\n${indent}${map === this.svc.map ? this.itemStep() : this.step()}- ${yamlScalar(v)}`).join('')}`
      : `${indent}${key}: ${value}${comment}`;
    this.edits.push({ ...insertLineAfter(this.text, end, body), rank: -2 * indent.length });
    return true;
  }

  private flowNoted = false;

  /** One `# bulwark:` comment after a flow mapping that got invented values, when its line has no comment yet. */
  private flowNote(map: YAMLMap, note: string | undefined): void {
    if (!note || this.flowNoted) return;
    const end = (map as AnyNode).range![1];
    const le = lineEnd(this.text, end);
    if (this.text.slice(end, le).includes('#')) return;
    this.flowNoted = true;
    this.edits.push({ start: le, end: le, text: '  # bulwark: limits and user from the harden profile', rank: 10 });
  }

  /** Adds items to the list `key` of the service: in place, in a single-use anchor, or as an override. */
  private listAdd(key: string, values: string[]): boolean {
    if (!this.claim(key)) return false;
    const unset = this.unsetOwn(key);
    if (unset?.reset) {
      // `key: !reset [...]`: Compose drops the value whatever it holds (13-merge.md "Reset value"), so items added
      // under the tag do nothing (qa-a 5). Where nothing before this service's entry writes the key, the reset means
      // an empty list: the list of the new items, untagged. Where a base file (or an earlier YAML document) writes it,
      // `!override` keeps its meaning, the base's items dropped, and the new items taken.
      const list = `[${values.map((v) => yamlScalar(v, true)).join(', ')}]`;
      return this.writeValue(unset.pair, this.earlierDefines(key) ? `!override ${list}` : list);
    }
    // `cap_drop:` or `cap_drop: null` (a comment after it kept): the list written there.
    if (unset) return this.writeValue(unset.pair, `[${values.map((v) => yamlScalar(v, true)).join(', ')}]`);
    const found = this.pairOf(key);
    if (!found) {
      return this.insertKey(this.svc.map, key, values);
    }
    const { pair } = found;
    const seq = this.deref(pair.value);
    const inPlace = found.own || this.editableHere(pair.key as AnyNode);
    if (!inPlace) return this.override(key, seq, undefined, values);
    if (isSeq(seq) && !isAlias(pair.value)) return this.appendToSeq(seq, values);
    if (isScalar(seq) && (seq.value === null || seq.value === '') && !isAlias(pair.value)) {
      const keyEnd = (pair.key as AnyNode).range![1];
      const colon = this.text.indexOf(':', keyEnd);
      this.edits.push({ start: colon + 1, end: (seq as AnyNode).range ? Math.max(colon + 1, (seq as AnyNode).range![1]) : colon + 1, text: ` [${values.map((v) => yamlScalar(v, true)).join(', ')}]` });
      return true;
    }
    if (isScalar(seq) && !isAlias(pair.value)) {
      // `tmpfs: /run` → `tmpfs: [/run, /tmp]`
      const r = (seq as AnyNode).range!;
      this.edits.push({ start: r[0], end: r[1], text: `[${[this.text.slice(r[0], r[1]), ...values.map((v) => yamlScalar(v, true))].join(', ')}]` });
      return true;
    }
    return this.override(key, seq, undefined, values);
  }

  /** Writes `key: [items…]` on the service: the merged list without `remove` (or with `replace`'s item respelled), plus `add`. */
  private override(key: string, seq: unknown, remove: AnyNode | undefined, add: string[], replace?: { node: AnyNode; value: string }): boolean {
    const items = isSeq(seq) ? (seq as YAMLSeq).items.map((i) => this.deref(i)) : [];
    const kept: string[] = [];
    for (const it of items) {
      if (it === remove) continue;
      if (replace && it === replace.node) kept.push(yamlScalar(replace.value, true));
      else if (isScalar(it)) kept.push(yamlScalar(String(it.value), true));
      else return this.problem(`cannot override ${key}: an item is not a plain value`);
    }
    const all = [...kept, ...add.map((v) => yamlScalar(v, true))];
    // `key: *alias` written on the service itself: the alias is replaced by the list (a second `key:` would be a
    // duplicate key, which YAML and Compose reject); the anchor and its other uses stay as they are.
    const own = this.svc.map.items.find((p) => isScalar(p.key) && !isMergeKey(p.key) && String(p.key.value) === key);
    if (own && isAlias(own.value)) {
      const r = (own.value as AnyNode).range!;
      const le = lineEnd(this.text, r[1]);
      const note = this.text.slice(r[1], le).trim() === '' ? `  # bulwark: replaces the ${key} of the shared anchor ${this.text.slice(r[0], r[1])}` : '';
      this.edits.push({ start: r[0], end: r[1], text: `[${all.join(', ')}]${note}` });
      return true;
    }
    return this.insertKey(this.svc.map, key, `[${all.join(', ')}]`, `replaces the ${key} merged from a shared anchor`);
  }

  private appendToSeq(seq: YAMLSeq, values: string[]): boolean {
    const r = (seq as AnyNode).range!;
    if (seq.flow) {
      const last = seq.items[seq.items.length - 1] as AnyNode | undefined;
      const vals = values.map((v) => yamlScalar(v, true));
      if (last?.range) this.edits.push({ start: last.range[1], end: last.range[1], text: `, ${vals.join(', ')}` });
      else {
        const open = this.text.indexOf('[', r[0]);
        this.edits.push({ start: open + 1, end: open + 1, text: vals.join(', ') });
      }
      return true;
    }
    const last = seq.items[seq.items.length - 1] as AnyNode;
    const dash = this.text.lastIndexOf('-', last.range![0]);
    const col = dash - lineStart(this.text, dash);
    const end = contentEnd(this.text, last.range![0], last);
    const lines = values.map((v) => `${' '.repeat(col)}- ${yamlScalar(v)}`).join('\n');
    this.edits.push({ ...insertLineAfter(this.text, end, lines), rank: -2 * col - 1 });
    return true;
  }

  /** Removes the item written at `o` from the list `key`: its line(s); the whole key when it was the only item. */
  private listRemove(key: string, o: Origin): boolean {
    if ([...this.touched].some((t) => t.startsWith(`${key}#`))) return false;
    // Several items of one list written in place may go in one round (their lines do not overlap), as long
    // as one stays: emptying the list removes the key, which waits for the next round.
    const before = this.removed.get(key) ?? 0;
    if (before === 0 && !this.claim(key)) return false;
    const node = this.nodeAt(o);
    if (!node) return this.problem(`cannot find the ${key} item to remove`);
    const found = this.pairOf(key);
    if (!found) return this.problem(`the ${key} item is not written in this service`);
    const seq = this.deref(found.pair.value);
    if (!isSeq(seq) || !seq.items.some((i) => this.deref(i) === node)) return this.problem(`the ${key} item is not in this service's ${key}`);
    const inPlace = (found.own && !isAlias(found.pair.value) && this.editableHere(node)) || (!found.own && this.editableHere(found.pair.key as AnyNode) && !isAlias(found.pair.value));
    if (before > 0 && (!inPlace || seq.items.some((i) => isAlias(i)) || seq.items.length - before <= 1)) return false;
    if (!inPlace || seq.items.some((i) => isAlias(i))) return this.override(key, seq, node, []);
    const items = seq.items as AnyNode[];
    const idx = items.findIndex((i) => i === node);
    this.removed.set(key, before + 1);
    if (items.length === 1) {
      const k = found.pair.key as AnyNode;
      if (found.own && this.mergedPair(key)) {
        // The service's own list hides one merged with `<<`: an empty list keeps hiding it (removing the key would not).
        const colon = this.text.indexOf(':', k.range![1]);
        const end = trimEndOffset(this.text, node.range![0], (seq as AnyNode).range![1]);
        if (this.text.slice(colon + 1, end).includes('#')) return this.problem(`the ${key} of this service has comments; write \`${key}: []\` by hand`);
        this.edits.push({ start: colon + 1, end, text: ' []' });
        return true;
      }
      // The only item: remove the whole `key:` entry (its lines).
      const start = lineStart(this.text, k.range![0]);
      if (this.text.slice(start, k.range![0]).trim() !== '') return this.problem(`cannot remove ${key}: its key shares a line`);
      const end = trimEndOffset(this.text, node.range![0], (seq as AnyNode).range![1]);
      this.edits.push({ start, end: Math.min(this.text.length, lineEnd(this.text, end) + 1), text: '' });
      return true;
    }
    if (seq.flow) {
      if (idx < items.length - 1) this.edits.push({ start: node.range![0], end: items[idx + 1].range![0], text: '' });
      else this.edits.push({ start: items[idx - 1].range![1], end: node.range![1], text: '' });
      return true;
    }
    const dash = this.text.lastIndexOf('-', node.range![0]);
    const start = lineStart(this.text, dash);
    const end = trimEndOffset(this.text, node.range![0], node.range![1]);
    this.edits.push({ start, end: Math.min(this.text.length, lineEnd(this.text, end) + 1), text: '' });
    return true;
  }
}

/**
 * Edits that keep every `<<` merge source a mapping. A fix that removes the last entry of an anchored block
 * mapping (`x-chromium: &chromium` with only `security_opt: [seccomp:unconfined]` under it) leaves the anchor on a
 * null, which docker compose refuses to merge (go-yaml v3: "map merge requires map or sequence of maps as the
 * value"). Each such anchor gets an empty flow mapping written after it: `&chromium {}`.
 *
 * @param text the Compose text after a round's edits (every YAML document of it)
 * @returns insertions of ` {}` right after the anchor, in text order (none when nothing is left empty)
 */
export function emptyMergeAnchorEdits(text: string): TextEdit[] {
  if (!text.includes('<<')) return [];
  const merged = new Set<string>();
  const docs = parseAllDocuments(text, { merge: true, uniqueKeys: false });
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    visit(doc, {
      Pair(_k, p) {
        if (!isScalar(p.key) || (p.key.value !== '<<' && typeof p.key.value !== 'symbol')) return;
        const v = p.value as Node | null;
        for (const x of isSeq(v) ? v.items : [v]) if (isAlias(x)) merged.add(x.source);
      },
    });
  }
  if (!merged.size) return [];
  const edits: TextEdit[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    visit(doc, {
      Scalar(_k, n) {
        if (n.anchor && merged.has(n.anchor) && n.value === null && n.range && n.range[0] === n.range[1]) edits.push({ start: n.range[0], end: n.range[0], text: ' {}' });
      },
    });
  }
  return edits.sort((a, b) => a.start - b.start);
}

/**
 * `offset`, or the end of the comment lines right after its line that are indented deeper than `indent` columns: they
 * belong to the value before (`      # - POSTGRES_PASSWORD=old` under a list), and a key inserted above them would
 * take them away from it (uncommented, they would no longer parse; qa-b 8).
 */
export function pastDeeperComments(text: string, offset: number, indent: number): number {
  let end = offset;
  for (let nl = text.indexOf('\n', end); nl !== -1; nl = text.indexOf('\n', end)) {
    const next = text.indexOf('\n', nl + 1);
    const line = text.slice(nl + 1, next === -1 ? text.length : next).replace(/\r$/, '');
    const m = /^([ \t]*)#/.exec(line);
    if (!m || m[1].length <= indent) break;
    end = next === -1 ? text.length : next;
    if (next === -1) break;
  }
  return end;
}

/** An insertion of `line` as a new line after the line holding `offset`. */
export function insertLineAfter(text: string, offset: number, line: string): TextEdit {
  const nl = text.indexOf('\n', offset);
  if (nl === -1) return { start: text.length, end: text.length, text: '\n' + line };
  return { start: nl + 1, end: nl + 1, text: line + '\n' };
}

