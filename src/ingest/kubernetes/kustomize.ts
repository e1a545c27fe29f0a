/**
 * Inline patches of a Kustomize `kustomization.yaml` (kubectl.docs.kubernetes.io "Kustomization" reference,
 * fields `patches`, `patchesStrategicMerge`, `patchesJson6902`): the text of a patch written in the file itself
 * (`- patch: |-` and a strategic-merge fragment of a Deployment, or a JSON 6902 operation list with a `target`).
 * Patch files (`- path: patch.yaml`) are manifests of their own, audited as files; a patch written inline is only
 * in the kustomization, so it is located here, as a region of the file ({@link inlinePatches}), and read by the
 * Kubernetes ingester in place: positions are the kustomization's lines and columns.
 *
 * A region is exact only when the patch's characters are the scalar's characters: a literal block scalar (`|`,
 * `|-`, `|+`), a single-quoted scalar without `''`, a double-quoted one without escapes, or a plain scalar, each on
 * the lines it is written on. Other spellings (a folded `>` block, escapes) are reported as not audited.
 */
import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { basename } from 'node:path';
import type { Region } from '../types.js';
import { KUSTOMIZATION_NAME } from '../detect.js';
import { mapOf } from '../compose/yamlnodes.js';
import { scalar, type Entry, type FileScope } from './nodes.js';

/** The object a patch applies to (`target:` of `patches` / `patchesJson6902`), as written. */
export interface PatchTarget {
  kind?: string;
  name?: string;
  namespace?: string;
}

/** One inline patch of a kustomization. */
export interface InlinePatch {
  /** The patch text's region of the file (the content of the scalar), or `undefined` when it cannot be read in place. */
  region?: Region;
  /** The scalar holding the patch (where a note about it points). */
  node: Scalar;
  /** `patches`, `patchesStrategicMerge` or `patchesJson6902`. */
  field: string;
  target?: PatchTarget;
}

/**
 * Whether document `m` of `path` is a Kustomization: `kind: Kustomization` or `Component` of
 * kustomize.config.k8s.io, or, in a file named like one ({@link KUSTOMIZATION_NAME}), no `kind` at all (kustomize
 * defaults it).
 */
export function isKustomization(scope: FileScope, m: Map<string, Entry>, path: string): boolean {
  const api = scalar(scope, m.get('apiVersion')?.value)?.text;
  const kind = scalar(scope, m.get('kind')?.value)?.text;
  if ((kind === 'Kustomization' || kind === 'Component') && (api === undefined || api.startsWith('kustomize.config.k8s.io/'))) return true;
  return kind === undefined && api === undefined && KUSTOMIZATION_NAME.test(basename(path));
}

/** The region of a scalar's characters when they are the string's characters (see the module comment). */
function scalarRegion(text: string, n: Scalar): Region | undefined {
  const r = n.range;
  if (!r || typeof n.value !== 'string') return undefined;
  const raw = text.slice(r[0], r[1]);
  switch (n.type) {
    case Scalar.BLOCK_LITERAL: {
      // The content starts on the line after the header (`|-`, `|2`, a comment after it).
      const nl = text.indexOf('\n', r[0]);
      return nl >= 0 && nl < r[1] ? { start: nl + 1, end: r[1] } : undefined;
    }
    case Scalar.QUOTE_SINGLE:
      return raw.includes("''") || raw.includes('\n') ? undefined : { start: r[0] + 1, end: r[1] - 1 };
    case Scalar.QUOTE_DOUBLE:
      return raw.includes('\\') || raw.includes('\n') ? undefined : { start: r[0] + 1, end: r[1] - 1 };
    case Scalar.PLAIN:
      return raw.includes('\n') ? undefined : { start: r[0], end: r[1] };
    default:
      return undefined;
  }
}

/** A `target:` mapping's kind, name and namespace. */
function targetOf(scope: FileScope, e: Entry | undefined): PatchTarget | undefined {
  const t = e && isMap(e.value) ? mapOf(scope, e.value) : undefined;
  if (!t) return undefined;
  const get = (k: string) => scalar(scope, t.get(k)?.value)?.text;
  const kind = get('kind');
  const name = get('name');
  const namespace = get('namespace');
  return { ...(kind !== undefined ? { kind } : {}), ...(name !== undefined ? { name } : {}), ...(namespace !== undefined ? { namespace } : {}) };
}

/**
 * The inline patches of Kustomization `m` (see {@link isKustomization}), in file order: `patches[].patch`,
 * `patchesJson6902[].patch` (with their `target`) and the block-scalar items of `patchesStrategicMerge` (a plain
 * one-line item is a file name there). Never throws.
 */
export function inlinePatches(scope: FileScope, m: Map<string, Entry>): InlinePatch[] {
  const out: InlinePatch[] = [];
  const text = scope.file.text;
  const items = (key: string): Node[] => {
    const v = m.get(key)?.value;
    return v && isSeq(v) ? (v.items as Node[]) : [];
  };
  for (const field of ['patches', 'patchesJson6902']) {
    for (const it of items(field)) {
      const pm = isMap(it) ? mapOf(scope, it) : undefined;
      const p = pm?.get('patch')?.value;
      if (!pm || !isScalar(p) || typeof p.value !== 'string' || !p.value.trim()) continue;
      const target = targetOf(scope, pm.get('target'));
      const region = scalarRegion(text, p);
      out.push({ ...(region ? { region } : {}), node: p, field, ...(target ? { target } : {}) });
    }
  }
  for (const it of items('patchesStrategicMerge')) {
    if (!isScalar(it) || typeof it.value !== 'string' || !/\n/.test(it.value.trim())) continue; // a file name
    const region = scalarRegion(text, it);
    out.push({ ...(region ? { region } : {}), node: it, field: 'patchesStrategicMerge' });
  }
  return out.sort((a, b) => (a.node.range?.[0] ?? 0) - (b.node.range?.[0] ?? 0));
}

/** Operations of a JSON 6902 patch that set a value (RFC 6902 §4.1 `add`, §4.3 `replace`). */
const SETTING_OPS = new Set(['add', 'replace']);

/**
 * The object a JSON 6902 patch (a list of operations, `ops`) gives its `target`, as a YAML tree the Kubernetes
 * ingester reads like a strategic-merge patch: `kind` and `metadata.name` from the target, and the `value` node of
 * each `add` / `replace` operation at its `path` (RFC 6901 pointer: `/spec/template/spec/containers/0/securityContext/privileged`).
 * Values are the patch's own nodes, so settings are located where they are written; a mapping or list the pointer
 * passes through is made up, its key located at the pointer's segment (the path string's characters when the
 * path is written on one line without escapes, else the whole path). A container reached by index has no name
 * (`containers[0]`) and no image: like a strategic-merge fragment, what it leaves out is unknown. `remove`, `move`,
 * `copy` and `test` operations are not modelled (they take settings away or depend on the base).
 * `object` is `undefined` when the target has no kind or no operation sets anything; `podOps` counts the setting
 * operations whose pointer is under the target's pod spec ({@link podSpecPointer}).
 */
export function json6902Object(scope: FileScope, ops: Node, target: PatchTarget | undefined): { object?: Node; podOps: number } {
  if (!target?.kind || !isSeq(ops)) return { podOps: 0 };
  const podPrefix = podSpecPointer(target.kind);
  let podOps = 0;
  const text = scope.file.text;
  const root = new YAMLMap();
  root.items.push(new Pair(new Scalar('kind'), new Scalar(target.kind)));
  if (target.name !== undefined) {
    const meta = new YAMLMap();
    meta.items.push(new Pair(new Scalar('name'), new Scalar(target.name)));
    if (target.namespace !== undefined) meta.items.push(new Pair(new Scalar('namespace'), new Scalar(target.namespace)));
    root.items.push(new Pair(new Scalar('metadata'), meta));
  }
  let set = 0;
  for (const op of ops.items as Node[]) {
    const om = isMap(op) ? mapOf(scope, op) : undefined;
    const kind = scalar(scope, om?.get('op')?.value)?.text;
    const pathE = om?.get('path');
    const path = pathE && isScalar(pathE.value) && typeof pathE.value.value === 'string' ? pathE.value : undefined;
    const value = om?.get('value')?.value;
    if (!kind || !SETTING_OPS.has(kind) || !path || value === undefined || !(path.value as string).startsWith('/')) continue;
    const pointer = path.value as string;
    if (pointer.startsWith(podPrefix)) podOps++;
    const raw = path.range ? text.slice(path.range[0], path.range[1]) : '';
    // Where each segment is written: the pointer's characters after the quote, when the scalar holds them as written.
    const at0 = path.range && !raw.includes('\n') && !raw.includes('\\') && !raw.includes("''") ? path.range[0] + (/^["']/.test(raw) ? 1 : 0) : undefined;
    const segs: { key: string; range: [number, number, number] }[] = [];
    let pos = 1;
    for (const part of pointer.slice(1).split('/')) {
      const start = at0 !== undefined && raw.length ? at0 + pos : path.range?.[0] ?? 0;
      const end = at0 !== undefined && raw.length ? start + part.length : path.range?.[1] ?? 0;
      segs.push({ key: part.replace(/~1/g, '/').replace(/~0/g, '~'), range: [start, end, end] });
      pos += part.length + 1;
    }
    if (placeAt(root, segs, value, path.range)) set++;
  }
  return set ? { object: root, podOps } : { podOps };
}

/**
 * The JSON pointer prefix of the pod spec in an object of `kind`: `/spec/` of a Pod, `/template/spec/` of a
 * PodTemplate, `/spec/jobTemplate/spec/template/spec/` of a CronJob, `/spec/template/spec/` of the other workloads.
 */
export function podSpecPointer(kind: string): string {
  return kind === 'Pod' ? '/spec/' : kind === 'PodTemplate' ? '/template/spec/' : kind === 'CronJob' ? '/spec/jobTemplate/spec/template/spec/' : '/spec/template/spec/';
}

/** Puts `value` at `segs` under `root`, making the mappings and lists on the way; false when the pointer does not fit. */
function placeAt(root: YAMLMap, segs: { key: string; range: [number, number, number] }[], value: Node, pathRange: Node['range']): boolean {
  let cur: YAMLMap | YAMLSeq = root;
  for (let i = 0; i < segs.length; i++) {
    const { key, range } = segs[i];
    const last = i === segs.length - 1;
    const make = (): YAMLMap | YAMLSeq => {
      const n = /^(?:\d+|-)$/.test(segs[i + 1].key) ? new YAMLSeq() : new YAMLMap();
      // Findings about a made-up container (its missing settings) point at the path that names it.
      n.range = pathRange ? [pathRange[0], pathRange[1], pathRange[2]] : range;
      return n;
    };
    if (isSeq(cur)) {
      const seq: YAMLSeq = cur;
      const index = key === '-' ? seq.items.length : /^\d+$/.test(key) ? Number(key) : -1;
      if (index < 0 || index > 1000) return false;
      if (last) {
        seq.items[index] = value;
        return true;
      }
      const child: unknown = seq.items[index];
      if (isMap(child) || isSeq(child)) cur = child;
      else cur = seq.items[index] = make();
      continue;
    }
    const map: YAMLMap = cur;
    const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (last) {
      const k = new Scalar(key);
      k.range = range;
      if (pair) pair.value = value;
      else map.items.push(new Pair(k, value));
      return true;
    }
    const child: unknown = pair?.value;
    if (isMap(child) || isSeq(child)) {
      cur = child;
      continue;
    }
    const k = new Scalar(key);
    k.range = range;
    const n = make();
    if (pair) pair.value = n;
    else map.items.push(new Pair(k, n));
    cur = n;
  }
  return false;
}
