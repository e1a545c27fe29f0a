/**
 * Edits of one Kubernetes container (a Pod's, or the pod template of a Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, Job, CronJob, ReplicationController, PodTemplate or `List` item), as text edits computed from the
 * YAML documents' node ranges (eemeli/yaml `parseAllDocuments`): everything outside the edits stays byte for
 * byte, comments and layout included (as the Compose editor, `compose.ts`).
 *
 * Each editor operation maps to the container's `securityContext` / `resources` / `volumeMounts`, or to the pod
 * spec for what Kubernetes sets per pod (Kubernetes docs "Configure a Security Context for a Pod or Container",
 * "Resource Management for Pods and Containers"; API reference core/v1 PodSpec, SecurityContext, VolumeMount):
 *
 * | editor operation                  | manifest                                                                 |
 * |-----------------------------------|--------------------------------------------------------------------------|
 * | `no-new-privileges:true`          | `securityContext.allowPrivilegeEscalation: false` (R-G7, CIS 5.26); not beside `privileged: true` or an added `CAP_SYS_ADMIN`, which the API server refuses (a problem line) |
 * | seccomp default (BW-0041)         | `securityContext.seccompProfile: {type: RuntimeDefault}` (R-G12), block style; the pod's when the finding is the pod's |
 * | cap_drop / cap_add                | `securityContext.capabilities.drop` / `.add`, merged into existing lists (R-G7, CIS 5.4) |
 * | read-only root filesystem         | `securityContext.readOnlyRootFilesystem: true` (CIS 5.13)                |
 * | tmpfs                             | an `emptyDir: {medium: Memory}` pod volume mounted at the path (the only tmpfs a manifest can express) |
 * | user                              | `runAsNonRoot: true`, `runAsUser: <uid>` (+ `runAsGroup: <gid>`) (CIS 4.1); a Windows pod: `windowsOptions.runAsUserName: ContainerUser` |
 * | memory / cpus                     | `resources.limits.memory` / `.cpu` as Kubernetes quantities (`512Mi`, `500m`; R-G6, CIS 5.11/5.12) |
 * | privileged removed                | `privileged: false` (R-G5); the container's `mountPropagation: Bidirectional` becomes `HostToContainer` (privileged only) |
 * | host network / PID / IPC removed  | the POD's `hostNetwork` / `hostPID` / `hostIPC` entry removed: every container of the pod changes (not `hostNetwork` of a Windows HostProcess pod, which needs it) |
 * | host user namespace               | the pod's `hostUsers: true` becomes `false`                              |
 * | unconfined seccomp / AppArmor     | `type: Unconfined` becomes `RuntimeDefault` (legacy annotation: `runtime/default`) |
 * | SELinux `spc_t` / `procMount`     | the `seLinuxOptions.type` entry removed / `procMount: Default`           |
 * | bind made read-only / removed     | the container's `volumeMounts` item: `readOnly: true` / removed (with its pod volume when no other container mounts it) |
 * | image digest                      | `@sha256:…` appended to `image`                                          |
 *
 * A JSON file (or flow collection) laid out one entry per line gets each new entry on its own line; new block lists
 * follow the list style (`drop:\n- ALL` or indented) of the mapping they are written into.
 *
 * What a manifest cannot express (a per-container pids limit: the kubelet's `podPidsLimit`; Docker restart
 * policies; UTS and cgroup namespaces; devices) makes the operation return false with one problem line saying
 * why: harden prints it as a note. Containers whose text holds a template action (`{{ … }}`, a Helm chart
 * template that the ingester still reads) are never edited: every operation returns false with a problem line.
 * Nodes reached through YAML aliases or `<<` merge keys are not edited either (a problem line says so).
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { k8sBool } from '../ingest/kubernetes/nodes.js';
import { quantityBytes, quantityNanoCpus } from '../ingest/kubernetes/quantity.js';
import { normalizeCapability } from '../model/capabilities.js';
import type { ContainerSpec, EnvVar, Mount, Origin, SecurityOpt, Sourced } from '../model/types.js';
import { isWindowsPod } from '../rules/util/container.js';
import { contentEnd, lineEnd, lineStart, trimEndOffset, yamlScalar } from './text.js';
import type { ContainerEditor, ScalarSetting, TextEdit } from './types.js';
import type { RemovalEditor } from './fixes/util.js';

type AnyNode = Node & { range?: [number, number, number] | null };

/** The lists of a pod spec holding containers (core/v1 PodSpec). */
const CONTAINER_LISTS = new Set(['initContainers', 'containers', 'ephemeralContainers']);

/** A scalar to write: strings are quoted only where YAML (or JSON) needs it; numbers and booleans are written bare. */
type Scalar = string | number | boolean;
/** A mapping to write: key → value, in order. */
type Tree = Map<string, Value>;
/** A value to write: a scalar (with an optional `# bulwark:` note), a list of scalars or mappings, or a mapping. */
type Value = { scalar: Scalar; note?: string } | { list: (Scalar | Tree)[] } | Tree;

function isTree(v: Value | Scalar | Tree): v is Tree {
  return v instanceof Map;
}

/** A mapping created by an edit of this round, which later operations of the same fix may extend. */
interface Creation {
  edit: TextEdit;
  /** The value written under `key`. */
  value: Value;
  key: string;
  /** Renders `value` into the edit's text. */
  render: () => string;
  /** Index of the edit in the editor's list: creations of an earlier fix are not extended (its group is all or nothing). */
  index: number;
  editor: KubernetesEditor;
}

/** Where a container is: its mapping, the pod spec holding it, the object (workload) holding that, and the document. */
export interface ContainerPlace {
  container: YAMLMap;
  /** The `containers` / `initContainers` / `ephemeralContainers` list. */
  list: YAMLSeq;
  pod: YAMLMap;
  /** The Kubernetes object (a document, or a `List` item) whose pod template holds the container. */
  object: YAMLMap | undefined;
  doc: Document;
}

/** The parsed documents of one manifest text, shared by the editors of its containers in one round. */
export class KubernetesDocument {
  readonly docs: Document[];
  /** The file is JSON (`kubectl get -o json`): new keys and values are written in JSON spelling. */
  readonly json: boolean;
  /** Indentation step of nested mappings, measured from the file (default 2). */
  readonly step: number;
  /** Whether block lists start at their key's column (`drop:\n- ALL`, kubectl's style) rather than one step in. */
  readonly flushLists: boolean;
  /** Pod-level entries claimed this round (`<map offset>/<key>` → editor): one container's editor changes them per round. */
  readonly claims = new Map<string, KubernetesEditor>();
  /** Mappings created this round, by `<map offset>/<key>`. */
  readonly created = new Map<string, Creation>();
  /** Items removed this round from each list (by the list's offset), across the editors of the pod. */
  readonly removed = new Map<number, number>();
  /** Nodes (by offset) changed this round by any editor: a second change to one waits for the next round. */
  readonly touched = new Set<number>();
  /** Ranges deleted and offsets inserted at this round, so an insertion never lands inside or at the end of a deleted entry. */
  readonly deleted: [number, number][] = [];
  readonly inserted: number[] = [];
  private aliased = new Set<string>();

  constructor(readonly text: string) {
    const all = parseAllDocuments(text, { merge: true, uniqueKeys: false, prettyErrors: false });
    this.docs = Array.isArray(all) ? all : [];
    this.json = /^\s*[{[]/.test(text);
    let step = 0;
    let flush: boolean | undefined;
    for (const d of this.docs)
      visit(d, {
        Alias: (_k, n) => {
          this.aliased.add(n.source);
        },
        Pair: (_k, p) => {
          const k = p.key as AnyNode | null;
          if (!k?.range) return;
          const kc = k.range[0] - lineStart(text, k.range[0]);
          if (isMap(p.value) && !p.value.flow && !step) {
            const first = p.value.items[0]?.key as AnyNode | undefined;
            if (first?.range && first.range[0] > k.range[1]) step = first.range[0] - lineStart(text, first.range[0]) - kc;
          }
          if (isSeq(p.value) && !p.value.flow && flush === undefined) {
            const first = p.value.items[0] as AnyNode | undefined;
            if (first?.range) {
              const dash = text.lastIndexOf('-', first.range[0]);
              if (dash > k.range[1]) flush = dash - lineStart(text, dash) === kc;
            }
          }
        },
      });
    this.step = step > 0 ? step : 2;
    this.flushLists = flush ?? false;
  }

  /** Whether an anchor of this name is used by an alias. */
  isAliased(anchor: string | undefined): boolean {
    return anchor !== undefined && this.aliased.has(anchor);
  }

  /** The offsets `[start, end)` of the object (document or `List` item) holding the container that starts at `at`. */
  objectRange(at: number): [number, number] | undefined {
    const p = this.containerAt(at);
    const r = ((p?.object ?? p?.doc.contents) as AnyNode | null | undefined)?.range;
    return r ? [r[0], r[2]] : undefined;
  }

  /**
   * The container whose `name:` entry (or mapping, for a container without a name) starts at `at`: the innermost
   * item of a `containers` / `initContainers` / `ephemeralContainers` list holding that offset.
   */
  containerAt(at: number): ContainerPlace | undefined {
    let found: ContainerPlace | undefined;
    for (const doc of this.docs) {
      const r = (doc.contents as AnyNode | null)?.range;
      if (!r || at < r[0] || at > r[2]) continue;
      visit(doc, {
        Map: (_k, n, path) => {
          const nr = (n as AnyNode).range;
          if (!nr || at < nr[0] || at >= nr[2]) return visit.SKIP;
          const seq = path[path.length - 1];
          const pair = path[path.length - 2];
          const pod = path[path.length - 3];
          if (isSeq(seq) && pair && !isMap(pair) && !isSeq(pair) && 'key' in (pair as object) && isScalar((pair as Pair).key) && CONTAINER_LISTS.has(String(((pair as Pair).key as { value: unknown }).value)) && isMap(pod)) {
            const object = [...path].reverse().find((p) => isMap(p) && p !== pod && p.has('kind') && p.has('apiVersion')) as YAMLMap | undefined;
            found = { container: n, list: seq, pod, object: object ?? (isMap(doc.contents) ? doc.contents : undefined), doc };
          }
          return undefined;
        },
      });
      if (found) return found;
    }
    return found;
  }
}

/** Docker's memory size (`512m`, bytes with an optional b/k/m/g suffix, powers of 1024) as a Kubernetes quantity (`512Mi`). */
export function memoryQuantity(v: string): string | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg])?b?$/i.exec(v.trim());
  if (!m) return undefined;
  const bytes = Math.round(parseFloat(m[1]) * 1024 ** ' kmg'.indexOf((m[2] ?? ' ').toLowerCase().replace('b', ' ')));
  for (const [suffix, n] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) if (bytes >= n && bytes % n === 0) return `${bytes / n}${suffix}`;
  return String(bytes);
}

/** Docker's CPU count (`1.0`, `0.5`) as a Kubernetes cpu quantity: whole CPUs as a number (`1`), else millicores (`500m`). */
export function cpuQuantity(v: string): string | number | undefined {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  const milli = Math.round(n * 1000);
  if (milli === 0) return undefined;
  return milli % 1000 === 0 ? milli / 1000 : `${milli}m`;
}

/** Edits one Kubernetes container (and, where Kubernetes sets it per pod, its pod spec). */
export class KubernetesEditor implements ContainerEditor, RemovalEditor {
  readonly kind = 'kubernetes' as const;
  readonly edits: TextEdit[] = [];
  readonly problems: string[] = [];
  /** What an edit means beyond the fix's title (a pod-level edit changes every container of the pod), one line per fix. */
  readonly details: string[] = [];
  private readonly text: string;
  /** Offset in {@link edits} where the current fix's edits start (see {@link beginFix}). */
  private fixStart = 0;
  /** Nodes changed this round (shared by the editors of the document: pod-level entries are shared by containers). */
  private get touched(): Set<number> {
    return this.kd.touched;
  }

  private constructor(
    private readonly kd: KubernetesDocument,
    private readonly place: ContainerPlace,
    private readonly spec: ContainerSpec,
  ) {
    this.text = kd.text;
  }

  /** The editor of container `c`, or undefined when its mapping is not found in the text. */
  static forContainer(kd: KubernetesDocument, c: ContainerSpec): KubernetesEditor | undefined {
    const place = kd.containerAt(c.target.range.start);
    return place ? new KubernetesEditor(kd, place, c) : undefined;
  }

  /** Called by hardenText before each fix: a mapping this fix creates may be extended by its later operations, not by other fixes'. */
  beginFix(): void {
    this.fixStart = this.edits.length;
  }

  // --- ContainerEditor ---

  addSecurityOpt(value: string): boolean {
    if (/^no-new-privileges(?::true)?$/.test(value)) {
      // The API server refuses `allowPrivilegeEscalation: false` beside `privileged: true` or an added CAP_SYS_ADMIN
      // (core/v1 SecurityContext: escalation "is true always when the container is run as privileged or has
      // CAP_SYS_ADMIN"); the unsafe fixes BW-0001 / BW-0002 remove those first, and a later round adds it.
      const escalates = this.alwaysEscalates();
      if (escalates) return this.problem(`allowPrivilegeEscalation: false is refused by the API server on a container ${escalates} (Kubernetes always allows escalation there); with --unsafe-fixes that is removed first and allowPrivilegeEscalation: false set`);
      return this.inContainer() && this.setIn(this.place.container, ['securityContext', 'allowPrivilegeEscalation'], { scalar: false });
    }
    if (/^seccomp[=:](?:runtime\/default|docker\/default)$/.test(value)) return this.setSeccompDefault(false);
    return this.problem(`the security option ${value} has no Kubernetes securityContext field bulwark writes; set it by hand`);
  }

  /**
   * Why the API server refuses `allowPrivilegeEscalation: false` on this container (ValidateSecurityContext, "cannot
   * set `allowPrivilegeEscalation` to false and `privileged` to true" / "`capabilities.Add` CAP_SYS_ADMIN"):
   * `privileged: true` ("that is privileged") or `CAP_SYS_ADMIN` in `capabilities.add` ("that adds CAP_SYS_ADMIN");
   * undefined otherwise. Kubernetes API reference core/v1 SecurityContext.allowPrivilegeEscalation.
   */
  private alwaysEscalates(): string | undefined {
    const priv = this.pairIn(this.place.container, ['securityContext', 'privileged']);
    if (priv && isScalar(priv.pair.value) && priv.pair.value.value === true) return 'that is privileged';
    const add = this.pairIn(this.place.container, ['securityContext', 'capabilities', 'add']);
    // The API server compares the item with "CAP_SYS_ADMIN" as written (`SYS_ADMIN` passes, and no_new_privs then applies).
    if (add && isSeq(add.pair.value) && add.pair.value.items.some((i) => isScalar(i) && i.value === 'CAP_SYS_ADMIN')) return 'that adds CAP_SYS_ADMIN';
    return undefined;
  }

  /**
   * `seccompProfile: {type: RuntimeDefault}` in the container's securityContext, or the pod's (`pod`: one entry
   * for every container of the pod, where the finding is the pod's). R-G12; Pod Security Standards "restricted".
   */
  setSeccompDefault(pod: boolean): boolean {
    if (pod) {
      if (!this.inPod()) return false;
      if (!this.setIn(this.place.pod, ['securityContext', 'seccompProfile', 'type'], { scalar: 'RuntimeDefault' })) return false;
      this.podDetail('securityContext.seccompProfile');
      return true;
    }
    return this.inContainer() && this.setIn(this.place.container, ['securityContext', 'seccompProfile', 'type'], { scalar: 'RuntimeDefault' });
  }

  removeSecurityOpt(opt: SecurityOpt): boolean {
    const at = this.pairAt(opt.origin);
    if (!at) return this.problem(`the setting ${opt.raw} is not written where the finding points`);
    if (!this.editable(at.pair.key as AnyNode)) return false;
    const key = String((at.pair.key as { value: unknown }).value);
    let done: boolean;
    if (opt.key === 'no-new-privileges') {
      const escalates = this.alwaysEscalates();
      if (escalates) return this.problem(`allowPrivilegeEscalation: false is refused by the API server on a container ${escalates} (Kubernetes always allows escalation there); with --unsafe-fixes that is removed first and allowPrivilegeEscalation: false set`);
      done = this.replace(at.pair, false);
    } else if ((opt.key === 'seccomp' || opt.key === 'apparmor') && key === 'type') done = this.replace(at.pair, 'RuntimeDefault');
    else if (opt.key === 'seccomp' || opt.key === 'apparmor') done = this.replace(at.pair, 'runtime/default');
    else if (opt.key === 'systempaths') done = this.replace(at.pair, 'Default');
    else if (opt.key === 'label') done = this.removePair(at.map, at.pair);
    else return this.problem(`the setting ${opt.raw} has no Kubernetes rewrite; change it by hand`);
    // A `container.apparmor.security.beta.kubernetes.io/<name>` (or `container.seccomp…`) annotation names one container.
    if (done && !this.inside(at.pair.key as AnyNode, this.place.container) && !key.startsWith('container.')) this.podDetail(opt.raw.split(/[.:]/)[0]);
    return done;
  }

  addCapDrop(caps: string[]): boolean {
    return this.inContainer() && this.setIn(this.place.container, ['securityContext', 'capabilities', 'drop'], { list: caps });
  }

  addCapAdd(caps: string[]): boolean {
    return caps.length === 0 || (this.inContainer() && this.setIn(this.place.container, ['securityContext', 'capabilities', 'add'], { list: caps }));
  }

  setScalar(setting: ScalarSetting, value: string, existing: Sourced<unknown> | undefined, note?: string): boolean {
    switch (setting) {
      case 'pids':
        return this.problem("Kubernetes has no per-container pids limit: the pod's limit is the kubelet's podPidsLimit (node configuration), not a manifest field");
      case 'readOnly':
        return this.inContainer() && this.setIn(this.place.container, ['securityContext', 'readOnlyRootFilesystem'], { scalar: true });
      case 'memory': {
        const q = memoryQuantity(value);
        if (!q) return this.problem(`the memory limit ${value} is not a size bulwark can write as a Kubernetes quantity`);
        return this.setLimit('memory', q, note);
      }
      case 'cpus': {
        const q = cpuQuantity(value);
        if (q === undefined) return this.problem(`the CPU limit ${value} is not a number bulwark can write as a Kubernetes quantity`);
        return this.setLimit('cpu', q, note);
      }
      case 'user':
        return this.setUser(value, existing, note);
      case 'cpuQuota':
        return this.problem('Kubernetes has no CFS quota field: the CPU limit is resources.limits.cpu');
    }
  }

  addTmpfs(paths: string[]): boolean {
    if (paths.length === 0) return true;
    if (!this.inContainer() || !this.inPod()) return false;
    const volumes = this.pairOf(this.place.pod, 'volumes');
    const vseq = volumes && isSeq(volumes.value) ? volumes.value : undefined;
    const existing = new Map<string, YAMLMap>();
    for (const it of vseq?.items ?? []) if (isMap(it)) existing.set(String(it.get('name')), it);
    const add: Tree[] = [];
    const mounts: Tree[] = [];
    for (const p of paths) {
      const base = `bulwark-${p.replace(/^\/+|\/+$/g, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase() || 'root'}`;
      let name = base;
      // Reuse a memory-backed emptyDir of that name (added for another container of the pod); never take another volume's name.
      for (let i = 2; existing.has(name) && !isMemoryEmptyDir(existing.get(name)!); i++) name = `${base}-${i}`;
      if (!existing.has(name)) add.push(new Map<string, Value>([['name', { scalar: name }], ['emptyDir', new Map<string, Value>([['medium', { scalar: 'Memory' }]])]]));
      mounts.push(new Map<string, Value>([['name', { scalar: name }], ['mountPath', { scalar: p }]]));
    }
    if (add.length) {
      const claim = `${(this.place.pod as AnyNode).range![0]}/volumes+`;
      const holder = this.kd.claims.get(claim);
      if (holder && holder !== this) return false;
      if (!this.setIn(this.place.pod, ['volumes'], { list: add })) return false;
      this.kd.claims.set(claim, this);
    }
    if (!this.setIn(this.place.container, ['volumeMounts'], { list: mounts })) return false;
    this.details.push(`tmpfs as memory-backed emptyDir volumes (medium: Memory) mounted at ${paths.join(', ')}: what is written there counts against the container's memory limit`);
    return true;
  }

  mountReadOnly(m: Mount): boolean {
    const vm = this.volumeMountOf(m);
    if (!vm) return false;
    return this.inContainer() && this.setIn(vm.map, ['readOnly'], { scalar: true });
  }

  removeMount(m: Mount): boolean {
    const vm = this.volumeMountOf(m);
    if (!vm || !this.inContainer()) return false;
    const mounts = this.pairOf(this.place.container, 'volumeMounts')!;
    if (!this.removeItemOf(this.place.container, mounts, vm.map)) return false;
    // The pod volume goes too when no other volumeMount of the pod uses it (an unused hostPath volume is still set up
    // by the kubelet). When its list cannot lose it in this round (another item goes), it stays: unused, harmless.
    const volumes = this.pairOf(this.place.pod, 'volumes');
    if (vm.volume && volumes && this.mountsOfVolume(vm.volumeName) === 1 && this.inPod()) this.removeItemOf(this.place.pod, volumes, vm.volume);
    return true;
  }

  appendToValue(end: number, suffix: string): boolean {
    if (!this.inContainer()) return false;
    const at = /["']/.test(this.text[end - 1] ?? '') ? end - 1 : end;
    return this.push({ start: at, end: at, text: suffix });
  }

  // --- RemovalEditor (unsafe fixes) ---

  /**
   * The Compose keys the removal fixes name, as Kubernetes writes them: `privileged` becomes `privileged: false`;
   * `network_mode` / `pid` / `ipc` (pod keys `hostNetwork` / `hostPID` / `hostIPC`) are removed from the pod spec;
   * `userns_mode` (`hostUsers: true`) becomes `hostUsers: false`. Others have no Kubernetes spelling.
   */
  removeKey(key: string, at: Origin, what: string): boolean {
    const found = this.pairAt(at);
    if (!found) return this.problem(`${what} is not written where the finding points`);
    const k = String((found.pair.key as { value: unknown }).value);
    if (!this.editable(found.pair.key as AnyNode)) return false;
    switch (key) {
      case 'privileged':
        if (k !== 'privileged') return this.problem(`${what} comes from ${k} (a Windows HostProcess container); change it by hand`);
        if (!this.inContainer() || !this.replace(found.pair, false)) return false;
        return this.bidirectionalToHostToContainer();
      case 'network_mode':
      case 'pid':
      case 'ipc': {
        if (!/^host(Network|PID|IPC)$/.test(k)) return this.problem(`${what} is not written as a pod's ${k}`);
        // The API server refuses a HostProcess pod without `hostNetwork: true` (core/v1 validation: "hostNetwork must be
        // true if pod contains HostProcess containers"), and hostProcess is not removed by harden (a problem line says so).
        if (k === 'hostNetwork' && this.hostProcessPod()) return this.problem('hostNetwork: true stays: a Windows HostProcess pod (windowsOptions.hostProcess: true) is refused without it; remove hostProcess by hand first');
        if (!this.inPod() || !this.claimPod(found.pair)) return false;
        if (!this.removePair(found.map, found.pair)) return false;
        this.podDetail(k);
        return true;
      }
      case 'userns_mode':
        if (k !== 'hostUsers') return this.problem(`${what} is not written as the pod's hostUsers`);
        if (!this.inPod() || !this.claimPod(found.pair) || !this.replace(found.pair, false)) return false;
        this.podDetail('hostUsers: false (the pod gets its own user namespace; needs Kubernetes 1.30+ with user namespace support on the nodes)');
        return true;
      default:
        return this.problem(`${what} has no Kubernetes manifest field bulwark rewrites`);
    }
  }

  /** Whether the pod's or any of its containers' `securityContext.windowsOptions.hostProcess` is true (a Windows HostProcess pod). */
  private hostProcessPod(): boolean {
    const on = (m: unknown) => {
      const p = isMap(m) ? this.pairIn(m, ['securityContext', 'windowsOptions', 'hostProcess']) : undefined;
      const v = p?.pair.value;
      return isScalar(v) && (v.value === true || (v.type === 'PLAIN' && k8sBool(String(v.value)) === true));
    };
    if (on(this.place.pod)) return true;
    return this.place.pod.items.some((p) => isScalar(p.key) && CONTAINER_LISTS.has(String(p.key.value)) && isSeq(p.value) && p.value.items.some(on));
  }

  /**
   * With `privileged` removed, each `mountPropagation: Bidirectional` of the container becomes `HostToContainer`:
   * the API server refuses Bidirectional on a container that is not privileged (Kubernetes docs "Volumes", mount
   * propagation). Mounts the container makes there no longer reach the host (a CSI node plugin, a FUSE mounter).
   */
  private bidirectionalToHostToContainer(): boolean {
    const mounts = this.pairOf(this.place.container, 'volumeMounts');
    const paths: string[] = [];
    for (const vm of mounts && isSeq(mounts.value) ? mounts.value.items : []) {
      const p = isMap(vm) ? this.pairOf(vm, 'mountPropagation') : undefined;
      if (!p || !isScalar(p.value) || String(p.value.value) !== 'Bidirectional') continue;
      if (!this.replace(p, 'HostToContainer')) return false;
      paths.push(String((vm as YAMLMap).get('mountPath')));
    }
    if (paths.length) this.details.push(`mountPropagation Bidirectional (allowed on privileged containers only) becomes HostToContainer at ${paths.join(', ')}: mounts made there no longer reach the host`);
    return true;
  }

  removeItem(key: string, at: Origin, what: string): boolean {
    if (key !== 'cap_add') return this.problem(`${what} has no Kubernetes manifest field bulwark rewrites`);
    if (!this.inContainer()) return false;
    const caps = this.pairIn(this.place.container, ['securityContext', 'capabilities', 'add']);
    if (!caps || !isSeq(caps.pair.value)) return this.problem(`${what} is not in the container's capabilities.add`);
    const item = (caps.pair.value.items as AnyNode[]).find((i) => i.range?.[0] === (at.kind === 'file' ? at.start : -1));
    if (!item) return this.problem(`${what} is not in the container's capabilities.add`);
    return this.removeItemOf(caps.map, caps.pair, item);
  }

  replaceValue(key: string, _at: Origin, _value: string): boolean {
    return this.problem(key === 'restart' ? "Kubernetes has no Docker restart policy: the pod's restartPolicy restarts with a back-off, which bulwark leaves as it is" : `${key} has no Kubernetes manifest field bulwark rewrites`);
  }

  /**
   * Kubernetes has no pass-through of the caller's environment (BW-0026's fallback): the value belongs in a Secret
   * referenced with `valueFrom.secretKeyRef`, which needs the Secret created first.
   */
  passThroughEnv(): boolean {
    return this.problem('a Kubernetes container cannot take a value from the environment of whoever applies the manifest: move the value into a Secret and reference it with valueFrom.secretKeyRef');
  }

  /** The Secret a container's secrets move to: `<workload metadata.name>-secrets` (the container's name without one). */
  secretName(): string {
    const meta = this.place.object?.get('metadata', true);
    const name = isMap(meta) ? meta.get('name') : undefined;
    const base = typeof name === 'string' && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) ? name : this.spec.target.name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
    return `${base}-secrets`;
  }

  /**
   * BW-0026 on Kubernetes: the env entry's literal `value:` becomes `valueFrom.secretKeyRef` naming key `<NAME>` of
   * the Secret {@link secretName} (core/v1 EnvVarSource; Kubernetes docs "Distribute Credentials Securely Using
   * Secrets"). The value is written nowhere; a `# bulwark:` comment says which Secret to create.
   */
  envToSecretRef(e: EnvVar): boolean {
    if (!this.inContainer() || e.origin.kind !== 'file') return false;
    const env = this.pairOf(this.place.container, 'env');
    const item = env && isSeq(env.value) ? (env.value.items as AnyNode[]).find((i) => i.range?.[0] === (e.origin as { start: number }).start) : undefined;
    if (!item || !isMap(item)) return this.problem(`the env entry ${e.name} is not written in this container`);
    const pair = this.pairOf(item, 'value');
    if (!pair || !isScalar(pair.value) || this.touched.has((pair.key as AnyNode).range![0])) return false;
    if (!/^[-._a-zA-Z0-9]+$/.test(e.name)) return this.problem(`${e.name} is not a valid Secret key: move it to a Secret by hand`);
    const secret = this.secretName();
    const note = `create the Secret first, in the pod's namespace: kubectl create secret generic ${secret} --from-literal=${e.name}=…`;
    const k = pair.key as AnyNode;
    const end = trimEndOffset(this.text, k.range![0], (pair.value as AnyNode).range![1]);
    const ref: Tree = new Map<string, Value>([['secretKeyRef', new Map<string, Value>([['name', { scalar: secret }], ['key', { scalar: e.name, note: item.flow ? undefined : note }]])]]);
    const col = k.range![0] - lineStart(this.text, k.range![0]);
    const text = item.flow ? `${this.keyText('valueFrom')}: ${this.flowValue(ref)}` : `${this.keyText('valueFrom')}:${this.blockValue(ref, col)}`;
    if (!this.push({ start: k.range![0], end, text })) return false;
    this.touched.add(k.range![0]);
    if (item.flow) this.details.push(note);
    return true;
  }

  // --- Kubernetes operations ---

  /**
   * `resources.limits.<key>` (a limit is only reported missing, so it is added, never replaced). A request above
   * the profile's value becomes the limit: the API server refuses a limit below the request.
   */
  private setLimit(key: 'memory' | 'cpu', q: string | number, note?: string): boolean {
    if (!this.inContainer()) return false;
    // A limit below the request is refused by the API server: the request is the floor.
    const req = this.pairIn(this.place.container, ['resources', 'requests', key]);
    let value = q;
    let why = note;
    if (req && isScalar(req.pair.value)) {
      const conv = key === 'memory' ? quantityBytes : quantityNanoCpus;
      const r = conv(req.pair.value.value as string | number);
      const l = conv(q);
      if (r !== undefined && l !== undefined && r > l) {
        value = req.pair.value.value as string | number;
        why = `${key} limit set to the request (the profile's ${q} is below it)`;
      }
    }
    if (!this.setIn(this.place.container, ['resources', 'limits', key], { scalar: value, note: why })) return false;
    // JSON has no comments to carry the `# bulwark:` note: the change says it.
    if (this.kd.json && value !== q && why) this.details.push(why);
    return true;
  }

  private setUser(user: string, existing: Sourced<unknown> | undefined, note?: string): boolean {
    if (isWindowsPod(this.spec)) return this.setWindowsUser(existing);
    const m = /^(\d+)(?::(\d+))?$/.exec(user);
    if (!m) return this.problem(`Kubernetes needs a numeric uid (runAsUser): the profile's user ${user} is a name; give --user uid:gid`);
    if (!this.inContainer()) return false;
    const uid = Number(m[1]);
    const gid = m[2] !== undefined ? Number(m[2]) : undefined;
    let base: YAMLMap = this.place.container;
    let path = ['securityContext'];
    if (existing && existing.origin.kind === 'file') {
      const at = this.pairAt(existing.origin);
      const k = at ? String((at.pair.key as { value: unknown }).value) : '';
      if (k === 'runAsUserName') return this.problem('a Windows container (windowsOptions.runAsUserName): set its user by hand');
      // A runAsUser written in the pod's securityContext is changed there (every container of the pod runs as it).
      if (at && k === 'runAsUser' && !this.inside(at.pair.key as AnyNode, this.place.container)) {
        if (!this.inPod() || !this.claimPod(at.pair)) return false;
        base = at.map;
        path = [];
        this.podDetail('securityContext.runAsUser');
      }
    }
    if (!this.setIn(base, [...path, 'runAsNonRoot'], { scalar: true })) return false;
    if (!this.setIn(base, [...path, 'runAsUser'], { scalar: uid, note })) return false;
    return gid === undefined || this.setIn(base, [...path, 'runAsGroup'], { scalar: gid });
  }

  /**
   * The user of a container of a Windows pod ({@link isWindowsPod}): `securityContext.windowsOptions.runAsUserName:
   * ContainerUser`, the non-administrator account of the Windows base images (Kubernetes docs "Configure
   * RunAsUserName for Windows pods and containers"). The profile's uid:gid does not apply: runAsUser and runAsGroup
   * are Linux-only, refused by the API server in a pod with `spec.os.name: windows` and ignored by Windows nodes.
   * A `runAsUserName` written in the pod's securityContext is changed there.
   */
  private setWindowsUser(existing: Sourced<unknown> | undefined): boolean {
    if (!this.inContainer()) return false;
    let base: YAMLMap = this.place.container;
    let path = ['securityContext', 'windowsOptions', 'runAsUserName'];
    const at = existing?.origin.kind === 'file' ? this.pairAt(existing.origin) : undefined;
    if (at && String((at.pair.key as { value: unknown }).value) === 'runAsUserName' && !this.inside(at.pair.key as AnyNode, this.place.container)) {
      if (!this.inPod() || !this.claimPod(at.pair)) return false;
      base = at.map;
      path = ['runAsUserName'];
      this.podDetail('securityContext.windowsOptions.runAsUserName');
    }
    return this.setIn(base, path, { scalar: 'ContainerUser', note: 'the non-administrator user of Windows images' });
  }

  /** The container's volumeMount of mount `m` (and the pod volume it names, for a hostPath bind). */
  private volumeMountOf(m: Mount): { map: YAMLMap; volume?: AnyNode; volumeName: string } | undefined {
    if (m.origin.kind !== 'file') return undefined;
    const start = m.origin.start;
    const mounts = this.pairOf(this.place.container, 'volumeMounts');
    const items = mounts && isSeq(mounts.value) ? (mounts.value.items as AnyNode[]) : [];
    // emptyDir and other volumes: the origin is the volumeMount item itself.
    const own = items.find((i) => i.range?.[0] === start);
    if (own && isMap(own)) return { map: own, volumeName: String(own.get('name')) };
    const volumes = this.pairOf(this.place.pod, 'volumes');
    const volume = volumes && isSeq(volumes.value) ? (volumes.value.items as AnyNode[]).find((v) => v.range && v.range[0] <= start && start < v.range[2]) : undefined;
    if (!volume || !isMap(volume)) {
      this.problem(`the mount ${m.target} is not a volume of this pod`);
      return undefined;
    }
    const name = String(volume.get('name'));
    const vm = items.find((i) => isMap(i) && String(i.get('name')) === name && String(i.get('mountPath')) === m.target);
    if (!vm || !isMap(vm)) {
      this.problem(`the mount ${m.target} is not a volumeMount of this container`);
      return undefined;
    }
    return { map: vm, volume, volumeName: name };
  }

  /** How many volumeMounts of the pod (every container) use volume `name`. */
  private mountsOfVolume(name: string): number {
    let n = 0;
    for (const p of this.place.pod.items) {
      if (!isScalar(p.key) || !CONTAINER_LISTS.has(String(p.key.value)) || !isSeq(p.value)) continue;
      for (const c of p.value.items) {
        const vms = isMap(c) ? c.get('volumeMounts', true) : undefined;
        if (isSeq(vms)) n += vms.items.filter((v) => isMap(v) && String(v.get('name')) === name).length;
      }
    }
    return n;
  }

  // --- guards ---

  /** Whether a template problem was reported by this editor already (one note per container, not one per fix). */
  private templateNoted = false;

  /** Whether the container may be edited: no template action in its text, no shared anchor. */
  private inContainer(): boolean {
    const r = (this.place.container as AnyNode).range!;
    return this.mayEdit(this.text.slice(r[0], r[2]), this.place.container, 'container');
  }

  /** Whether the pod spec's own entries may be edited (pod-level keys, volumes): its text outside the container lists. */
  private inPod(): boolean {
    const r = (this.place.pod as AnyNode).range!;
    let own = '';
    let at = r[0];
    for (const p of this.place.pod.items) {
      const v = p.value as AnyNode | null;
      if (!isScalar(p.key) || !CONTAINER_LISTS.has(String(p.key.value)) || !v?.range) continue;
      own += this.text.slice(at, v.range[0]);
      at = v.range[2];
    }
    own += this.text.slice(at, r[2]);
    return this.mayEdit(own, this.place.pod, 'pod spec');
  }

  private mayEdit(text: string, map: YAMLMap, what: string): boolean {
    if (text.includes('{{')) {
      if (this.templateNoted) return false;
      this.templateNoted = true;
      return this.problem(`the ${what} holds a template action ({{ … }}): harden leaves it as written (no fix is applied to it); render the template and harden the output, or change it by hand`);
    }
    if (this.kd.isAliased((map as AnyNode).anchor)) return this.problem(`the ${what} is a YAML anchor used elsewhere: change it by hand`);
    return true;
  }

  /** Whether `node` is in this container's pod and not reached through a merge key. */
  private editable(node: AnyNode): boolean {
    if (this.inside(node, this.place.pod) || (this.place.object && this.inside(node, this.place.object))) return true;
    return this.problem('the setting is written outside this pod (an anchor or another document): change it by hand');
  }

  private inside(node: AnyNode, map: YAMLMap): boolean {
    const r = node.range;
    const m = (map as AnyNode).range;
    return !!r && !!m && r[0] >= m[0] && r[0] < m[2];
  }

  /** Reserves a pod-level entry for this editor this round; false (no problem: it is being changed for another container) otherwise. */
  private claimPod(pair: Pair): boolean {
    const key = `${(pair.key as AnyNode).range![0]}/entry`;
    const holder = this.kd.claims.get(key);
    if (holder && holder !== this) return false;
    this.kd.claims.set(key, this);
    return true;
  }

  private podDetail(what: string): void {
    const names = this.place.pod.items
      .filter((p) => isScalar(p.key) && CONTAINER_LISTS.has(String(p.key.value)) && isSeq(p.value))
      .flatMap((p) => (p.value as YAMLSeq).items.map((c) => (isMap(c) ? String(c.get('name') ?? '?') : '?')));
    this.details.push(`pod-level ${what}: applies to every container of the pod (${names.join(', ')})`);
  }

  private problem(msg: string): false {
    this.problems.push(msg);
    return false;
  }

  /**
   * Adds an edit unless it conflicts with one of this round that chooseGroups would not see as overlapping: an
   * insertion inside or right after a deleted entry (it would land in the deleted list or mapping), or a deletion
   * of an entry something is inserted into. Returns false (the change waits for the next round) on conflict.
   */
  private push(e: TextEdit): boolean {
    if (e.start === e.end) {
      if (this.kd.deleted.some(([s, t]) => s < e.start && e.start <= t)) return false;
      this.kd.inserted.push(e.start);
    } else if (e.text === '') {
      if (this.kd.inserted.some((i) => e.start < i && i <= e.end)) return false;
      this.kd.deleted.push([e.start, e.end]);
    }
    this.edits.push(e);
    return true;
  }

  // --- YAML edits ---

  /** The pair `key` of `map` (merge keys not followed). */
  private pairOf(map: YAMLMap, key: string): Pair | undefined {
    return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
  }

  /** The pair at the end of `path` under `map`, with the mapping holding it. */
  private pairIn(map: YAMLMap, path: string[]): { map: YAMLMap; pair: Pair } | undefined {
    let cur: unknown = map;
    for (let i = 0; i < path.length; i++) {
      if (!isMap(cur)) return undefined;
      const p = this.pairOf(cur, path[i]);
      if (!p) return undefined;
      if (i === path.length - 1) return { map: cur, pair: p };
      cur = p.value;
    }
    return undefined;
  }

  /** The pair whose key starts at `o.start`, in the container's document, with its mapping. */
  private pairAt(o: Origin): { map: YAMLMap; pair: Pair } | undefined {
    if (o.kind !== 'file' || o.start === undefined) return undefined;
    let found: { map: YAMLMap; pair: Pair } | undefined;
    visit(this.place.doc, {
      Pair: (_k, p, path) => {
        if ((p.key as AnyNode | null)?.range?.[0] === o.start && isMap(path[path.length - 1])) {
          found = { map: path[path.length - 1] as YAMLMap, pair: p };
          return visit.BREAK;
        }
        return undefined;
      },
    });
    return found;
  }

  /** Replaces the scalar value of `pair` with `v`. */
  private replace(pair: Pair, v: Scalar): boolean {
    const val = pair.value as AnyNode | null;
    const k = pair.key as AnyNode;
    if (this.touched.has(k.range![0])) return false;
    if (val && !isScalar(val)) return this.problem(`${String((k as { value?: unknown }).value)} is not a plain value`);
    const colon = this.text.indexOf(':', k.range![1]);
    const e = val?.range && val.range[1] > val.range[0] ? { start: val.range[0], end: val.range[1], text: this.scalarText(v, false) } : { start: colon + 1, end: colon + 1, text: ' ' + this.scalarText(v, false) };
    if (!this.push(e)) return false;
    this.touched.add(k.range![0]);
    return true;
  }

  /**
   * Sets the value at `path` under `base` (keys created as needed): a scalar replaces the one written, a list's
   * items are added to the list written (those not already there), a new key is added at the end of its
   * mapping in the mapping's own style (block or flow). Returns false when the change must wait (a mapping
   * created by another fix this round) or cannot be made (a problem line says why).
   */
  private setIn(base: YAMLMap, path: string[], leaf: Value): boolean {
    let map: YAMLMap = base;
    for (let i = 0; i < path.length; i++) {
      const key = path[i];
      const last = i === path.length - 1;
      const rest = path.slice(i + 1);
      const mr = (map as AnyNode).range!;
      if (map.items.some((p) => isScalar(p.key) && (typeof p.key.value === 'symbol' || (p.key.value === '<<' && p.key.type === 'PLAIN')))) {
        return this.problem(`a YAML merge key (<<) writes part of ${path.slice(0, i).join('.') || 'this mapping'}: change it by hand`);
      }
      const ck = `${mr[0]}/${key}`;
      const cr = this.kd.created.get(ck);
      if (cr) {
        if (cr.editor !== this || cr.index < this.fixStart) return false;
        return this.extendCreation(cr, rest, leaf);
      }
      const pair = this.pairOf(map, key);
      if (!pair) return this.create(map, key, nest(rest, leaf));
      const v = pair.value as AnyNode | null;
      if (isAlias(v)) return this.problem(`${path.slice(0, i + 1).join('.')} is a YAML alias: change it by hand`);
      const isNull = v === null || (isScalar(v) && (v.value === null || v.value === undefined));
      if (last) {
        if ('scalar' in leaf) {
          if (isScalar(v) && !isNull && String(v.value) === String(leaf.scalar)) return true;
          if (isNull || isScalar(v)) return this.replace(pair, leaf.scalar);
          return this.problem(`${path.join('.')} is not a plain value`);
        }
        if ('list' in leaf) {
          if (isSeq(v)) return this.appendItems(v, leaf.list);
          if (isNull) return this.fill(map, pair, leaf);
          return this.problem(`${path.join('.')} is not a list`);
        }
      }
      if (isMap(v) && v.items.length > 0) {
        map = v;
        continue;
      }
      if (isNull || (isMap(v) && v.items.length === 0)) return this.fill(map, pair, nest(rest, leaf));
      return this.problem(`${path.slice(0, i + 1).join('.')} is not a mapping`);
    }
    return true;
  }

  /** Adds `key: value` as the last entry of `map`, recorded as a creation. */
  private create(map: YAMLMap, key: string, value: Value): boolean {
    const mr = (map as AnyNode).range!;
    if (this.touched.has(-mr[0] - 1) && map.flow && map.items.length === 0) return false;
    let edit: TextEdit;
    let render: () => string;
    if (map.flow) {
      const last = map.items[map.items.length - 1];
      if (!last) {
        const open = this.text.indexOf('{', mr[0]);
        this.touched.add(-mr[0] - 1);
        render = () => `${this.keyText(key)}: ${this.flowValue(value)}`;
        edit = { start: open + 1, end: open + 1, text: '' };
      } else {
        const end = ((last.value ?? last.key) as AnyNode).range![1];
        const e = trimEndOffset(this.text, mr[0], end);
        // A flow mapping laid out one entry per line (JSON from kubectl, a pretty-printed YAML flow mapping): the new entry gets its own line at the entries' column.
        const sep = this.ownLineSeparator((last.key as AnyNode).range![0]);
        render = () => `${sep}${this.keyText(key)}: ${this.flowValue(value)}`;
        edit = { start: e, end: e, text: '' };
      }
    } else {
      const first = map.items[0]?.key as AnyNode | undefined;
      if (!first?.range) return this.problem(`cannot add ${key}: the mapping is empty`);
      const col = first.range[0] - lineStart(this.text, first.range[0]);
      const last = map.items[map.items.length - 1];
      const end = contentEnd(this.text, first.range[0], last.value ?? last.key);
      const nl = this.text.indexOf('\n', end);
      const flush = this.flushIn(map);
      const body = () => this.blockEntry(key, value, col, flush);
      if (nl === -1) {
        edit = { start: this.text.length, end: this.text.length, text: '', rank: -2 * col };
        render = () => '\n' + body();
      } else {
        edit = { start: nl + 1, end: nl + 1, text: '', rank: -2 * col };
        render = () => body() + '\n';
      }
    }
    edit.text = render();
    if (!this.push(edit)) return false;
    this.kd.created.set(`${mr[0]}/${key}`, { edit, value, key, render, index: this.edits.length - 1, editor: this });
    return true;
  }

  /** Writes `value` as the value of `pair`, whose value is empty (`key:`, `key: ~`, `key: {}`), recorded as a creation. */
  private fill(map: YAMLMap, pair: Pair, value: Value): boolean {
    const k = pair.key as AnyNode;
    if (this.touched.has(k.range![0])) return false;
    const v = pair.value as AnyNode | null;
    if (v?.range && this.touched.has(v.range[0])) return false;
    this.touched.add(k.range![0]);
    const colon = this.text.indexOf(':', k.range![1]);
    let end = v?.range ? Math.max(colon + 1, trimEndOffset(this.text, colon + 1, v.range[1])) : colon + 1;
    const key = String((k as { value?: unknown }).value);
    const col = k.range![0] - lineStart(this.text, k.range![0]);
    const flush = this.flushIn(map);
    // A comment after the empty value (`resources: {} # We usually recommend…`, Helm's default values) stays on the
    // key's line: written after the new block it would end up on its last entry.
    const rest = map.flow ? '' : this.text.slice(end, lineEnd(this.text, end));
    const comment = /^[ \t]+#/.test(rest) ? rest.trimEnd() : '';
    if (comment || /^[ \t]+$/.test(rest)) end += rest.length;
    const render = map.flow ? () => ' ' + this.flowValue(value) : () => comment + this.blockValue(value, col, flush);
    const edit: TextEdit = { start: colon + 1, end, text: render() };
    if (!this.push(edit)) return false;
    this.kd.created.set(`${(map as AnyNode).range![0]}/${key}`, { edit, value, key, render, index: this.edits.length - 1, editor: this });
    return true;
  }

  /** Adds `rest` → `leaf` inside a mapping created earlier by this fix, and renders it again. */
  private extendCreation(cr: Creation, rest: string[], leaf: Value): boolean {
    if (rest.length === 0) {
      const cv = cr.value;
      if ('list' in leaf && !isTree(cv) && 'list' in cv) cv.list.push(...leaf.list.filter((x) => isTree(x) || !cv.list.includes(x)));
      else if ('scalar' in leaf && !isTree(cv) && 'scalar' in cv) cv.scalar = leaf.scalar;
      else return false;
    } else {
      if (!isTree(cr.value)) return false;
      let t: Tree = cr.value;
      for (let i = 0; i < rest.length - 1; i++) {
        const n = t.get(rest[i]);
        if (n === undefined) {
          const m: Tree = new Map();
          t.set(rest[i], m);
          t = m;
        } else if (isTree(n)) t = n;
        else return false;
      }
      const key = rest[rest.length - 1];
      const cur = t.get(key);
      if (cur && !isTree(cur) && 'list' in cur && !isTree(leaf) && 'list' in leaf) cur.list.push(...leaf.list.filter((x) => isTree(x) || !cur.list.includes(x)));
      else t.set(key, leaf);
    }
    cr.edit.text = cr.render();
    return true;
  }

  /** Appends the items not already in `seq` (capabilities compared by their capabilities(7) name). */
  private appendItems(seq: YAMLSeq, items: (Scalar | Tree)[]): boolean {
    const sr = (seq as AnyNode).range!;
    if (this.touched.has(sr[0])) return false;
    const have = new Set(seq.items.filter(isScalar).map((i) => normalizeCapability(String(i.value))));
    const add = items.filter((x) => isTree(x) || !have.has(normalizeCapability(String(x))));
    if (add.length === 0) return true;
    const last = seq.items[seq.items.length - 1] as AnyNode | undefined;
    if (seq.flow) {
      const sep = last?.range ? this.ownLineSeparator(last.range[0]) : ', ';
      const text = add.map((x) => this.flowItem(x)).join(sep);
      const open = this.text.indexOf('[', sr[0]);
      if (!this.push(last?.range ? { start: last.range[1], end: last.range[1], text: `${sep}${text}` } : { start: open + 1, end: open + 1, text })) return false;
      this.touched.add(sr[0]);
      return true;
    }
    if (!last?.range) return this.problem('cannot add to an empty block list');
    const dash = this.text.lastIndexOf('-', last.range[0]);
    const col = dash - lineStart(this.text, dash);
    const end = contentEnd(this.text, last.range[0], last);
    const body = add.map((x) => this.blockItem(x, col)).join('\n');
    const nl = this.text.indexOf('\n', end);
    if (!this.push(nl === -1 ? { start: this.text.length, end: this.text.length, text: '\n' + body, rank: -2 * col - 1 } : { start: nl + 1, end: nl + 1, text: body + '\n', rank: -2 * col - 1 })) return false;
    this.touched.add(sr[0]);
    return true;
  }

  /**
   * Removes `pair` from `map`: its lines in a block mapping (the mapping's own key too when it was its only entry,
   * up to the container or pod spec), its text and comma in a flow mapping.
   */
  private removePair(map: YAMLMap, pair: Pair): boolean {
    const k = pair.key as AnyNode;
    const val = pair.value as AnyNode | null;
    if (this.touched.has(k.range![0]) || (val?.range && this.touched.has(val.range[0]))) return false;
    if (map.items.length === 1 && map !== this.place.container && map !== this.place.pod) {
      const parent = this.parentPair(map);
      if (parent) return this.removePair(parent.map, parent.pair);
    }
    const v = pair.value as AnyNode | null;
    const end = trimEndOffset(this.text, k.range![0], v?.range?.[1] ?? k.range![1]);
    if (map.flow) {
      const i = map.items.indexOf(pair);
      const next = map.items[i + 1]?.key as AnyNode | undefined;
      const prev = map.items[i - 1];
      const e = next?.range ? { start: k.range![0], end: next.range[0], text: '' } : prev ? { start: trimEndOffset(this.text, 0, ((prev.value ?? prev.key) as AnyNode).range![1]), end, text: '' } : { start: k.range![0], end, text: '' };
      if (!this.push(e)) return false;
      this.touched.add(k.range![0]);
      if (val?.range) this.touched.add(val.range[0]);
      return true;
    }
    const start = lineStart(this.text, k.range![0]);
    if (this.text.slice(start, k.range![0]).trim() !== '') return this.problem(`cannot remove ${String((k as { value?: unknown }).value)}: its key shares a line (the first key of a list item)`);
    if (!this.push({ start, end: Math.min(this.text.length, lineEnd(this.text, end) + 1), text: '' })) return false;
    this.touched.add(k.range![0]);
    if (val?.range) this.touched.add(val.range[0]);
    return true;
  }

  /**
   * The separator before a new entry of a flow collection whose entry at `at` is the last: `,` + line break + that
   * entry's indentation when the entry starts its own line (JSON as `kubectl get -o json` writes it), else `, `.
   */
  private ownLineSeparator(at: number): string {
    const ls = lineStart(this.text, at);
    const indent = this.text.slice(ls, at);
    return /^[ \t]*$/.test(indent) && ls > 0 ? `,\n${indent}` : ', ';
  }

  /** Removes `item` from the list under `pair` of `map`; the whole entry when it is the only item. */
  private removeItemOf(map: YAMLMap, pair: Pair, item: AnyNode): boolean {
    const seq = pair.value;
    if (!isSeq(seq)) return false;
    const sr = (seq as AnyNode).range!;
    const before = this.kd.removed.get(sr[0]) ?? 0;
    const items = seq.items as AnyNode[];
    if (items.length === 1) return before === 0 && this.removePair(map, pair) && (this.kd.removed.set(sr[0], 1), true);
    // Items of one list may go in one round as long as one stays: emptying it removes the key, in a later round.
    if (items.length - before <= 1) return false;
    if (this.touched.has(item.range![0])) return false;
    const idx = items.indexOf(item);
    let e: TextEdit;
    if (seq.flow) e = idx < items.length - 1 ? { start: item.range![0], end: items[idx + 1].range![0], text: '' } : { start: items[idx - 1].range![1], end: item.range![1], text: '' };
    else {
      const dash = this.text.lastIndexOf('-', item.range![0]);
      const end = trimEndOffset(this.text, item.range![0], item.range![1]);
      e = { start: lineStart(this.text, dash), end: Math.min(this.text.length, lineEnd(this.text, end) + 1), text: '' };
    }
    if (!this.push(e)) return false;
    this.touched.add(item.range![0]);
    this.kd.removed.set(sr[0], before + 1);
    return true;
  }

  /** The pair whose value is `map`, with the mapping holding it. */
  private parentPair(map: YAMLMap): { map: YAMLMap; pair: Pair } | undefined {
    let found: { map: YAMLMap; pair: Pair } | undefined;
    visit(this.place.doc, {
      Pair: (_k, p, path) => {
        if (p.value === map && isMap(path[path.length - 1])) {
          found = { map: path[path.length - 1] as YAMLMap, pair: p };
          return visit.BREAK;
        }
        return undefined;
      },
    });
    return found;
  }

  // --- rendering ---

  private keyText(key: string): string {
    return this.kd.json ? JSON.stringify(key) : yamlScalar(key, true);
  }

  private scalarText(v: Scalar, flow: boolean): string {
    if (typeof v !== 'string') return String(v);
    return this.kd.json ? JSON.stringify(v) : yamlScalar(v, flow);
  }

  private flowValue(v: Value): string {
    if (isTree(v)) return `{${[...v].map(([k, x]) => `${this.keyText(k)}: ${this.flowValue(x)}`).join(', ')}}`;
    if ('list' in v) return `[${v.list.map((x) => this.flowItem(x)).join(', ')}]`;
    return this.scalarText(v.scalar, true);
  }

  private flowItem(x: Scalar | Tree): string {
    return isTree(x) ? this.flowValue(x) : this.scalarText(x, true);
  }

  /** `key: value` lines at column `col` (no final line break); block lists start at the key's column when `flush`. */
  private blockEntry(key: string, v: Value, col: number, flush = this.kd.flushLists): string {
    return `${' '.repeat(col)}${this.keyText(key)}:${this.blockValue(v, col, flush)}`;
  }

  /** The text after `key:` for value `v` of a key at column `col`: ` scalar`, or nested lines. */
  private blockValue(v: Value, col: number, flush = this.kd.flushLists): string {
    const step = this.kd.step;
    if (isTree(v)) return [...v].map(([k, x]) => '\n' + this.blockEntry(k, x, col + step, flush)).join('');
    if ('list' in v) {
      const dash = flush ? col : col + step;
      return v.list.map((x) => '\n' + this.blockItem(x, dash, flush)).join('');
    }
    return ` ${this.scalarText(v.scalar, false)}${v.note ? `  # bulwark: ${v.note}` : ''}`;
  }

  /** One block list item with its dash at column `col` (no final line break). */
  private blockItem(x: Scalar | Tree, col: number, flush = this.kd.flushLists): string {
    if (!isTree(x)) return `${' '.repeat(col)}- ${this.scalarText(x, false)}`;
    const entries = [...x].map(([k, v], i) => {
      const e = this.blockEntry(k, v, col + 2, flush);
      return i === 0 ? `${' '.repeat(col)}- ${e.slice(col + 2)}` : e;
    });
    return entries.join('\n');
  }

  /**
   * Whether new block lists under `map` start at their key's column: as the last block list written in `map` does
   * (Helm's `toYaml` writes `drop:\n- ALL` flush inside a chart whose own lists are indented), else as the file's first.
   */
  private flushIn(map: YAMLMap): boolean {
    // The last block list written in `map`: the nearest to the new key, which goes at the mapping's end.
    for (const p of [...map.items].reverse()) {
      const k = p.key as AnyNode | null;
      if (!k?.range || !isSeq(p.value) || p.value.flow) continue;
      const first = p.value.items[0] as AnyNode | undefined;
      if (!first?.range) continue;
      const dash = this.text.lastIndexOf('-', first.range[0]);
      if (dash > k.range[1]) return dash - lineStart(this.text, dash) === k.range[0] - lineStart(this.text, k.range[0]);
    }
    return this.kd.flushLists;
  }
}

/** `path` → `leaf` as a nested value (`['a', 'b']`, 1 → `{a: {b: 1}}`); `leaf` itself for an empty path. */
function nest(path: string[], leaf: Value): Value {
  let v = leaf;
  for (let i = path.length - 1; i >= 0; i--) v = new Map([[path[i], v]]);
  return v;
}

function isMemoryEmptyDir(v: YAMLMap): boolean {
  const e = v.get('emptyDir', true);
  return isMap(e) && String(e.get('medium')) === 'Memory';
}
