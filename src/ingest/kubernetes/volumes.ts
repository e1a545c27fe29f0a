/**
 * PersistentVolumes that are host paths, and the claims that bind them, so that a pod's `persistentVolumeClaim`
 * volume is modelled as the host path it mounts (Kubernetes "Persistent Volumes": a PV of type `hostPath` or
 * `local` is a directory of the node; a PVC binds to the PV its `spec.volumeName` names, or to the PV whose
 * `spec.claimRef` names the claim, "Reserving a PersistentVolume"). The pod then mounts that directory of the
 * node, as with a `hostPath` volume of its own: `hostPath: {path: /}` behind a claim is the host's root.
 *
 * The objects come from the pod's own manifest (any document, in any order) and from the other Kubernetes
 * manifests of the same audit (the engine collects them: {@link ClaimedVolumes} in the ingest context). A binding
 * the manifests do not state (a claim matched by storage class and size at run time) is not guessed.
 */
import { isMap, isSeq, type Node } from 'yaml';
import { dirname } from 'node:path';
import type { SourceFile } from '../../model/source.js';
import type { Origin } from '../../model/types.js';
import { mapOf } from '../compose/yamlnodes.js';
import { entryOrigin, scalar, type Entry, type FileScope } from './nodes.js';
import { quantityBytes, quantityNanoCpus } from './quantity.js';

/** A PersistentVolume whose storage is a directory of the node (`spec.hostPath` or `spec.local`). */
export interface HostPathVolume {
  /** `metadata.name` (PersistentVolumes are cluster-scoped). */
  name: string;
  /** Which field gives the directory. */
  via: 'hostPath' | 'local';
  /** The directory as written (`spec.hostPath.path`, `spec.local.path`). */
  path: string;
  /** `spec.hostPath.type` (`Directory`, `Socket`…), when written. */
  type?: string;
  /** Where the `path:` entry of the PV is written (a file origin, possibly in another manifest). */
  pathOrigin: Origin;
  /** `spec.claimRef`: the claim the PV is reserved for. */
  claimRef?: { name: string; namespace?: string };
  /** The manifest the PV is written in. */
  file: string;
}

/** A PersistentVolumeClaim (`metadata.name`, `metadata.namespace`, `spec.volumeName` when it names its PV). */
export interface VolumeClaim {
  name: string;
  namespace?: string;
  volumeName?: string;
  file: string;
}

/**
 * A container default limit of a `LimitRange` (Kubernetes "Limit Ranges": an item of `spec.limits` with `type:
 * Container` and `default.memory` / `default.cpu`): the LimitRanger admission plugin sets it as the limit of every
 * container created in the namespace without one.
 */
export interface LimitRangeDefault {
  /** The LimitRange's `metadata.name`. */
  name: string;
  /** Its `metadata.namespace`; `default` when not written (what `kubectl apply` without `-n` gives it). */
  namespace: string;
  /** `default.memory` in bytes, as written and where. */
  memory?: { value: number; raw: string; origin: Origin };
  /** `default.cpu` in nanoCPUs (1e9 = one CPU), as written and where. */
  cpu?: { value: number; raw: string; origin: Origin };
  /** The manifest the LimitRange is written in. */
  file: string;
}

/**
 * The host-path PersistentVolumes and the claims of one or more manifests, in document order, and their
 * LimitRanges' container defaults: the namespaced objects of one manifest that change the pods of another. Plain
 * data (crosses threads).
 */
export interface ClaimedVolumes {
  volumes: HostPathVolume[];
  claims: VolumeClaim[];
  /** Container default limits of the LimitRanges (absent: none written). */
  limitRanges?: LimitRangeDefault[];
}

/** What a pod's claim resolves to: the PV and, when written, the claim object that names it. */
export interface ResolvedClaim {
  volume: HostPathVolume;
  claim?: VolumeClaim;
}

/** Nesting of `List` items inside `List` items followed. */
const MAX_LIST_DEPTH = 8;

/**
 * Adds the host-path PersistentVolumes, the PersistentVolumeClaims and the LimitRanges' container defaults among
 * `docs` (documents, `List` items) to `out`. Read without shape errors: the workload walk reports shapes. Never throws.
 */
export function collectClaimedVolumes(docs: { scope: FileScope; root: Node | undefined }[], out: ClaimedVolumes, depth = 0): ClaimedVolumes {
  for (const { scope, root } of docs) {
    const m = isMap(root) ? mapOf(scope, root) : undefined;
    if (!m) continue;
    const kind = scalar(scope, m.get('kind')?.value)?.text;
    if (kind?.endsWith('List') && depth < MAX_LIST_DEPTH) {
      const items = m.get('items')?.value;
      if (items && isSeq(items)) collectClaimedVolumes(items.items.map((it) => ({ scope, root: it as Node })), out, depth + 1);
      continue;
    }
    const map = (e: Entry | undefined) => (e && isMap(e.value) ? mapOf(scope, e.value) : undefined);
    if (kind === 'LimitRange') {
      const lr = limitRangeDefault(scope, m, map);
      if (lr) (out.limitRanges ??= []).push(lr);
      continue;
    }
    if (kind !== 'PersistentVolume' && kind !== 'PersistentVolumeClaim') continue;
    const meta = map(m.get('metadata'));
    const name = scalar(scope, meta?.get('name')?.value)?.text;
    const spec = map(m.get('spec'));
    if (name === undefined || !spec) continue;
    if (kind === 'PersistentVolumeClaim') {
      const namespace = scalar(scope, meta?.get('namespace')?.value)?.text;
      const volumeName = scalar(scope, spec.get('volumeName')?.value)?.text;
      out.claims.push({ name, ...(namespace !== undefined ? { namespace } : {}), ...(volumeName ? { volumeName } : {}), file: scope.file.path });
      continue;
    }
    const via = spec.has('hostPath') ? 'hostPath' : spec.has('local') ? 'local' : undefined;
    const src = via ? map(spec.get(via)) : undefined;
    const pe = src?.get('path');
    const path = scalar(scope, pe?.value)?.text;
    if (!via || !pe || !path) continue;
    const type = via === 'hostPath' ? scalar(scope, src!.get('type')?.value)?.text : undefined;
    const ref = map(spec.get('claimRef'));
    const refName = scalar(scope, ref?.get('name')?.value)?.text;
    const refNs = scalar(scope, ref?.get('namespace')?.value)?.text;
    out.volumes.push({
      name,
      via,
      path,
      ...(type ? { type } : {}),
      pathOrigin: entryOrigin(scope, pe),
      ...(refName ? { claimRef: { name: refName, ...(refNs !== undefined ? { namespace: refNs } : {}) } } : {}),
      file: scope.file.path,
    });
  }
  return out;
}

/**
 * The container defaults of LimitRange `m`: the first `type: Container` item of `spec.limits` with a `default.memory`
 * that is a quantity, and the first with a `default.cpu` (one LimitRange may split them over two items). `undefined`
 * when it sets neither.
 */
function limitRangeDefault(scope: FileScope, m: Map<string, Entry>, map: (e: Entry | undefined) => Map<string, Entry> | undefined): LimitRangeDefault | undefined {
  const meta = map(m.get('metadata'));
  const name = scalar(scope, meta?.get('name')?.value)?.text;
  const limits = map(m.get('spec'))?.get('limits')?.value;
  if (name === undefined || !limits || !isSeq(limits)) return undefined;
  const out: LimitRangeDefault = { name, namespace: scalar(scope, meta?.get('namespace')?.value)?.text ?? 'default', file: scope.file.path };
  for (const it of limits.items) {
    const item = isMap(it) ? mapOf(scope, it) : undefined;
    if (!item || scalar(scope, item.get('type')?.value)?.text !== 'Container') continue;
    const def = map(item.get('default'));
    const one = (k: string, conv: (v: string | number) => number | undefined) => {
      const e = def?.get(k);
      const t = scalar(scope, e?.value);
      const n = e && t && typeof t.value !== 'boolean' ? conv(t.value) : undefined;
      return n === undefined || !e || !t ? undefined : { value: n, raw: t.text, origin: entryOrigin(scope, e) };
    };
    out.memory ??= one('memory', quantityBytes);
    out.cpu ??= one('cpu', quantityNanoCpus);
  }
  return out.memory || out.cpu ? out : undefined;
}

/**
 * The LimitRange whose container default `key` a container of a workload in `namespace` (`undefined`: not written,
 * `default`) written in `file` gets at admission: one of the same namespace written in `file`, else in a manifest of
 * the same directory (applied together, `kubectl apply -f <dir>` or one kustomization). `undefined` when none: a
 * LimitRange elsewhere may be in another cluster. Several in one namespace: Kubernetes applies one of them, which is
 * not said; any gives the container a limit, the first found is named.
 */
export function limitRangeFor(index: ClaimedVolumes | undefined, key: 'memory' | 'cpu', namespace: string | undefined, file: string): LimitRangeDefault | undefined {
  const ns = namespace ?? 'default';
  const candidates = (index?.limitRanges ?? []).filter((l) => l[key] && l.namespace === ns);
  return candidates.find((l) => l.file === file) ?? candidates.find((l) => dirname(l.file) === dirname(file));
}

/** Whether two namespaces can be the same one: equal, or either not written (`kubectl apply -n` gives both). */
const sameNamespace = (a: string | undefined, b: string | undefined) => a === undefined || b === undefined || a === b;

/**
 * The one of `items` a reference from `file` means: the last of `file` (a later document wins, as `kubectl apply`
 * of the file leaves it), else the first of `file`'s directory, else the only one elsewhere; `undefined` when
 * none, or when several elsewhere disagree.
 */
function nearest<T extends { file: string }>(items: T[], file: string, same: (a: T, b: T) => boolean): T | undefined {
  const own = items.filter((i) => i.file === file);
  if (own.length) return own[own.length - 1];
  const dir = dirname(file);
  const beside = items.find((i) => dirname(i.file) === dir);
  if (beside) return beside;
  return items.length && items.every((i) => same(i, items[0])) ? items[0] : undefined;
}

/**
 * The host-path PersistentVolume that claim `claimName` of a pod in `namespace` (written in `file`) binds, in
 * `index`: the PV the claim's `spec.volumeName` names, else (no claim object, or one without `volumeName`) the PV
 * whose `claimRef` names the claim. `undefined` when the manifests do not say, or the PV is not a host path.
 */
export function resolveClaim(index: ClaimedVolumes, claimName: string, namespace: string | undefined, file: string): ResolvedClaim | undefined {
  const samePv = (a: HostPathVolume, b: HostPathVolume) => a.via === b.via && a.path === b.path && a.type === b.type;
  const claim = nearest(
    index.claims.filter((c) => c.name === claimName && sameNamespace(c.namespace, namespace)),
    file,
    (a, b) => a.volumeName === b.volumeName,
  );
  if (claim?.volumeName) {
    const volume = nearest(index.volumes.filter((v) => v.name === claim.volumeName), file, samePv);
    return volume ? { volume, claim } : undefined;
  }
  const ns = claim?.namespace ?? namespace;
  const volume = nearest(index.volumes.filter((v) => v.claimRef?.name === claimName && sameNamespace(v.claimRef.namespace, ns)), file, samePv);
  return volume ? { volume, ...(claim ? { claim } : {}) } : undefined;
}

/** The claimed volumes each manifest's pods see (see {@link noteClaimedVolumes}). */
const volumesOf = new WeakMap<SourceFile, ClaimedVolumes>();

/**
 * Records, for the pods of `file`, the host-path PVs and claims of its documents followed by those of the other
 * manifests of the audit (`others`, from the ingest context; entries of `file` itself are left out of it).
 */
export function noteClaimedVolumes(file: SourceFile, docs: { scope: FileScope; root: Node | undefined }[], others: ClaimedVolumes | undefined): void {
  const own = collectClaimedVolumes(docs, { volumes: [], claims: [] });
  if (others) {
    own.volumes.push(...others.volumes.filter((v) => v.file !== file.path));
    own.claims.push(...others.claims.filter((c) => c.file !== file.path));
    const lrs = (others.limitRanges ?? []).filter((l) => l.file !== file.path);
    if (lrs.length) (own.limitRanges ??= []).push(...lrs);
  }
  volumesOf.set(file, own);
}

/** The claimed volumes recorded for `file` by {@link noteClaimedVolumes}, if any. */
export function claimedVolumesOf(file: SourceFile): ClaimedVolumes | undefined {
  return volumesOf.get(file);
}
