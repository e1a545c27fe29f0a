/**
 * The Kubernetes ingester: workload manifests → one `ContainerSpec` per container (source `kubernetes`,
 * target `{kind: 'container', name}` at the container's `name:` entry), audited by the same rules as
 * Compose files and `docker run` lines (requirements.md "Inputs every rule must see through one normalized
 * model"; paper §V.2 guidelines as Kubernetes spells them).
 *
 * Reads multi-document YAML (`---`), `kind: List` (and `…List`) items, OpenShift `Template` objects, and the pod specs of Pod, PodTemplate,
 * Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController (`spec.template.spec`),
 * CronJob (`spec.jobTemplate.spec.template.spec`), and custom resources that embed a pod template anywhere
 * (`spec.template.spec.containers`: Argo Rollout, Knative Service…; `spec.pytorchReplicaSpecs.Master.template`:
 * Kubeflow PyTorchJob; see {@link embeddedPodTemplates}) or whose controller is known (Argo Workflows, Tekton, ECK). Other documents (Service, ConfigMap, RBAC…) produce no
 * container; every document's `apiVersion`/`kind` is kept for {@link manifestResources} (removed APIs, BW-0042),
 * and the values of Secret objects (`data`, `stringData`) go to `secretRanges`, masked in every report whatever rules
 * run (R-S; env secrets are masked by the engine, engine/audit.ts).
 * Field mapping: see `pod.ts`.
 *
 * Bad input never throws: malformed YAML (code `parse`, per document; the other documents are still read),
 * wrong shapes (`containers` not a list…: `parse` at the value), too deep nesting (`too-deep`) and alias bombs
 * (`alias-bomb`) are one-line InputErrors with line and column. The limits are the Compose ingester's
 * ({@link MAX_FLOW_DEPTH}, {@link MAX_BLOCK_DEPTH}, {@link MAX_ALIAS_EXPANSION}).
 */
import { commandSecretRanges } from '../../rules/util/command-secrets.js';
import { Composer, isMap, isSeq, Lexer, Parser, type Document, type Node } from 'yaml';
import type { SourceFile, SourceRange } from '../../model/source.js';
import type { ContainerSpec, IngestResult, InputError, Origin } from '../../model/types.js';
import { blockTooDeepAt, MAX_ALIAS_EXPANSION, MAX_BLOCK_DEPTH, MAX_FLOW_DEPTH, scanAliases, tooDeepAt } from '../compose/index.js';
import { recordedResources, recordResources, type ManifestResource, type MetadataSecretAt } from './resources.js';
import { metadataSecrets } from '../../rules/util/metadata-secrets.js';
import { helmTemplateAt } from './helm.js';
import { deref, mapOf, originOf, report } from '../compose/yamlnodes.js';
import { isolateRegion, type IngestContext, type Region } from '../types.js';
import { entryOrigin, isNull, mapAt, scalar, seqAt, type Entry, type FileScope } from './nodes.js';
import { inlinePatches, isKustomization, json6902Object } from './kustomize.js';
import { collectClaimedVolumes, noteClaimedVolumes, type ClaimedVolumes } from './volumes.js';
import { modelPod, noteConfigMaps, type AssembledPod, type ContainerAt, type PodContext } from './pod.js';

export { removedApi, REMOVED_APIS, type RemovedApi } from './apis.js';
export { helmTemplateAt } from './helm.js';
export type { PodFacts } from './pod.js';
export { parseQuantity, quantityBytes, quantityNanoCpus } from './quantity.js';

/** Workload kinds whose pod template is at `spec.template` (apps/v1, batch/v1, core/v1). */
const TEMPLATE_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']);
/** Workload kinds bulwark models. */
export const WORKLOAD_KINDS: readonly string[] = ['Pod', 'PodTemplate', ...TEMPLATE_KINDS, 'CronJob'];
/** Nesting of `List` items inside `List` items accepted. */
const MAX_LIST_DEPTH = 8;

export type { ManifestResource } from './resources.js';

/** A parsed document with the scope its nodes are read in. */
interface ParsedDoc {
  scope: FileScope;
  root: Node | undefined;
}

/**
 * Parses every document of `source` (yaml's Lexer/Parser/Composer, as `parseAllDocuments`), recording comment
 * ranges when the text has a `bulwark-ignore` directive. Documents with errors are reported and skipped.
 */
function parseManifest(file: SourceFile, source: string, errors: InputError[]): { docs: ParsedDoc[]; comments: SourceRange[] } {
  const err = (offset: number, message: string, code: string) => {
    const p = file.position(offset);
    errors.push({ file: file.path, line: p.line, column: p.column, message, code });
  };
  const comments: SourceRange[] = [];
  const flow = tooDeepAt(source, MAX_FLOW_DEPTH);
  if (flow >= 0) {
    err(flow, `YAML nesting deeper than ${MAX_FLOW_DEPTH} levels`, 'too-deep');
    return { docs: [], comments };
  }
  const block = blockTooDeepAt(source, MAX_BLOCK_DEPTH);
  if (block >= 0) {
    err(block, `YAML block nesting deeper than ${MAX_BLOCK_DEPTH} levels`, 'too-deep');
    return { docs: [], comments };
  }
  const composer = new Composer({ merge: true, uniqueKeys: false, prettyErrors: false });
  let parsed: Document.Parsed[];
  try {
    if (!source.includes('bulwark-ignore')) parsed = [...composer.compose(new Parser().parse(source), true, source.length)];
    else {
      const parser = new Parser();
      const lexer = new Lexer();
      const tokens = function* () {
        let scalarNext = false;
        for (const lexeme of lexer.lex(source)) {
          if (scalarNext) scalarNext = false;
          else if (lexeme === '\x1f') scalarNext = true;
          else if (lexeme.charCodeAt(0) === 35) comments.push(file.range(parser.offset, parser.offset + lexeme.length));
          yield* parser.next(lexeme);
        }
        yield* parser.end();
      };
      parsed = [...composer.compose(tokens(), true, source.length)];
    }
  } catch (e) {
    const deep = e instanceof RangeError;
    err(0, deep ? 'YAML nesting too deep for the parser' : String((e as Error)?.message ?? e).split('\n')[0], deep ? 'too-deep' : 'parse');
    return { docs: [], comments };
  }
  const docs: ParsedDoc[] = [];
  for (const doc of parsed) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const stack = /call stack/i.test(e.message);
      err(e.pos[0], stack ? 'YAML nesting too deep for the parser' : e.message.split('\n')[0], stack ? 'too-deep' : 'parse');
      continue;
    }
    const scope: FileScope = { file, doc, vars: {}, errors };
    if (source.slice(doc.range[0], doc.range[2]).includes('*')) {
      const scan = scanAliases(doc.contents);
      if (scan.expanded - scan.written > MAX_ALIAS_EXPANSION) {
        err(doc.range[0], 'too many alias expansions (alias bomb)', 'alias-bomb');
        continue;
      }
      scope.aliasTargets = scan.targets;
    }
    docs.push({ scope, root: deref(scope, doc.contents) });
  }
  return { docs, comments };
}

/** State of one ingestion. */
interface Walk {
  containers: ContainerSpec[];
  resources: ManifestResource[];
  /** Values of Secret objects (`data`, `stringData`), masked in every report (R-S). */
  secrets: SourceRange[];
}

/**
 * The value ranges of a core/v1 Secret's `data` (base64) and `stringData` entries: secret values written in the
 * manifest, which no report may show (R-S), not even in the code frame of a finding on a nearby line.
 */
function secretValues(scope: FileScope, m: Map<string, Entry>, out: SourceRange[]): void {
  for (const key of ['data', 'stringData']) {
    const e = m.get(key);
    const values = e && isMap(e.value) ? mapOf(scope, e.value) : undefined;
    for (const v of values?.values() ?? []) {
      const o = v.value ? originOf(scope, v.value) : undefined;
      if (o?.kind === 'file' && o.end > o.start) out.push(scope.file.range(o.start, o.end));
    }
  }
}

/** Where an object keeps metadata with labels and annotations: its own, its pod template's, a CronJob's pod template's. */
const METADATA_PATHS = [['metadata'], ['spec', 'template', 'metadata'], ['spec', 'jobTemplate', 'spec', 'template', 'metadata']];

/**
 * The secrets written in the `labels` and `annotations` of object `m` and of its pod template ({@link METADATA_PATHS}),
 * judged by {@link metadataSecrets} (a `last-applied-configuration`'s embedded Secret data and env values included),
 * each at its characters in the file: the occurrence of the secret in the scalar as written that matches its place
 * in the value, else the whole scalar (a value written with escapes). Read without reporting shapes.
 */
function metadataSecretValues(scope: FileScope, m: Map<string, Entry>): MetadataSecretAt[] {
  const out: MetadataSecretAt[] = [];
  const mapIn = (x: Map<string, Entry> | undefined, k: string) => {
    const e = x?.get(k);
    return e && isMap(e.value) ? mapOf(scope, e.value) : undefined;
  };
  for (const path of METADATA_PATHS) {
    let meta: Map<string, Entry> | undefined = m;
    for (const k of path) meta = mapIn(meta, k);
    if (!meta) continue;
    for (const field of ['labels', 'annotations']) {
      for (const [key, e] of mapIn(meta, field) ?? []) {
        const v = scalar(scope, e.value);
        if (!v || typeof v.value !== 'string' || v.origin.kind !== 'file') continue;
        for (const sec of metadataSecrets(key, v.value)) {
          const o = v.origin;
          const needle = v.value.slice(sec.start, sec.end);
          // The n-th occurrence in the value is the n-th as written (a value without escapes is written as is).
          let n = 0;
          for (let i = v.value.indexOf(needle); i >= 0 && i < sec.start; i = v.value.indexOf(needle, i + 1)) n++;
          const written = scope.file.text.slice(o.start, o.end);
          let at = written.indexOf(needle);
          for (; at >= 0 && n > 0; n--) at = written.indexOf(needle, at + 1);
          const range = at >= 0 && needle ? scope.file.range(o.start + at, o.start + at + needle.length) : scope.file.range(o.start, o.end);
          out.push({ path: `${path.join('.')}.${field}`, key, kind: sec.kind, ...(sec.what ? { what: sec.what } : {}), range });
        }
      }
    }
  }
  return out;
}

/** The workload kinds whose apps/v1 spec requires `selector` (Kubernetes API reference, apps/v1 DeploymentSpec…). */
const SELECTOR_KINDS = new Set(['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet']);

/**
 * For a workload kind that apps/v1 requires a `spec.selector` for: whether the object has none, and its pod template's
 * scalar labels (Kubernetes "Deprecated API Migration Guide", v1.16: "spec.selector is now required"). Read
 * without reporting shapes: the pod walk reports them.
 */
function selectorFacts(scope: FileScope, m: Map<string, Entry>, kind: string): Pick<ManifestResource, 'selectorMissing' | 'templateLabels'> {
  if (!SELECTOR_KINDS.has(kind)) return {};
  const mapIn = (e: Entry | undefined) => (e && isMap(e.value) ? mapOf(scope, e.value) : undefined);
  const spec = mapIn(m.get('spec'));
  const sel = spec?.get('selector');
  if (sel && !isNull(sel.value)) return {};
  const labels: Record<string, string> = {};
  for (const [k, e] of mapIn(mapIn(mapIn(spec?.get('template'))?.get('metadata'))?.get('labels')) ?? []) {
    const v = scalar(scope, e.value);
    if (v) labels[k] = v.text;
  }
  return { selectorMissing: true, templateLabels: labels };
}

/** Reads one object (a document or a `List` item). */
function modelObject(scope: FileScope, node: Node | undefined, w: Walk, depth: number, where: string): void {
  if (isNull(node)) return;
  const m = mapOf(scope, node);
  if (!m) {
    report(scope, node, `${where} must be a mapping (a Kubernetes object)`);
    return;
  }
  const apiE = m.get('apiVersion');
  const api = scalar(scope, apiE?.value);
  const kind = scalar(scope, m.get('kind')?.value)?.text ?? '';
  const meta = mapAt(scope, m.get('metadata'), 'metadata');
  const name = scalar(scope, meta?.get('name')?.value)?.text;
  const secretsInMeta = metadataSecretValues(scope, m);
  for (const s of secretsInMeta) w.secrets.push(s.range);
  if (apiE && api)
    w.resources.push({
      apiVersion: api.text,
      kind,
      ...(name !== undefined ? { name } : {}),
      origin: entryOrigin(scope, apiE),
      ...selectorFacts(scope, m, kind),
      ...(secretsInMeta.length ? { metadataSecrets: secretsInMeta } : {}),
    });
  if (kind === 'Secret') secretValues(scope, m, w.secrets);

  // An OpenShift Template (template.openshift.io) holds its objects in `objects`, with `${PARAMETER}` placeholders
  // that `oc process` fills in: read like a List's items (a placeholder value is not known: interpolated).
  const listKey = kind === 'List' || (kind.endsWith('List') && m.has('items')) ? 'items' : kind === 'Template' && api?.text.startsWith('template.openshift.io/') && isSeq(m.get('objects')?.value) ? 'objects' : undefined;
  if (listKey) {
    if (depth >= MAX_LIST_DEPTH) {
      report(scope, node, `List nested deeper than ${MAX_LIST_DEPTH} levels`, 'too-deep');
      return;
    }
    for (const [i, it] of (seqAt(scope, m.get(listKey), listKey) ?? []).entries()) modelObject(scope, it, w, depth + 1, `${listKey}[${i}]`);
    return;
  }
  const before = w.containers.length;
  const namespace = scalar(scope, meta?.get('namespace')?.value)?.text;
  const pod = podOf(scope, m, kind, name);
  const parts: (string | undefined)[] = [];
  const add = (pc: PodContext, assembled?: AssembledPod) => {
    const made = modelPod(scope, namespace !== undefined ? { ...pc, namespace } : pc, assembled);
    w.containers.push(...made);
    for (const _ of made) parts.push(pc.part);
  };
  if (pod) add(pod);
  else if (!WORKLOAD_KINDS.includes(kind)) {
    // A custom resource: the controllers bulwark knows by their shapes (Argo, Tekton, ECK), else every pod template
    // embedded anywhere in the object.
    const assembled = api ? assembledPods(scope, m, api.text, kind, name) : [];
    for (const a of assembled) add(a.pc, a.pod);
    if (!assembled.length) for (const pc of embeddedPodTemplates(scope, m, kind, name, api?.text)) add(pc);
  }
  if (w.containers.length > before) {
    const workload = { kind, ...(name !== undefined ? { name } : {}), ...(namespace !== undefined ? { namespace } : {}) };
    for (let i = before; i < w.containers.length; i++) {
      const part = parts[i - before];
      w.containers[i].target.workload = part !== undefined ? { ...workload, part } : workload;
    }
  }
}

/** Pod-level keys an Argo Workflows template or a Tekton pod template carries, read like a PodSpec's. */
const POD_LEVEL_KEYS = ['securityContext', 'hostNetwork', 'nodeSelector', 'automountServiceAccountToken', 'serviceAccountName', 'runtimeClassName', 'hostUsers'];

/**
 * The pods of custom resources whose controller turns them into pods from something other than a workload's
 * `template` (see {@link embeddedPodTemplates} for those, the other custom resources):
 *  - Argo Workflows (`argoproj.io`) Workflow, WorkflowTemplate, ClusterWorkflowTemplate (`spec.templates[]`) and
 *    CronWorkflow (`spec.workflowSpec.templates[]`): each template with a `container`, `script` or `containerSet`
 *    runs as one pod with its `initContainers` and `sidecars`; pod-level fields come from the template, else the
 *    workflow spec (argo-workflows docs "Fields reference": Template, WorkflowSpec); volumes from both;
 *  - Tekton (`tekton.dev`) Task, ClusterTask (`spec`) and TaskRun (`spec.taskSpec`, pod fields from
 *    `spec.podTemplate`): `steps` and `sidecars` run as the containers of one pod (tekton.dev/docs/pipelines/tasks);
 *    each step starts from `stepTemplate` (see {@link ContainerAt.template}); v1's `computeResources` is `resources`;
 *  - Elastic Cloud on Kubernetes (`*.k8s.elastic.co`): the `podTemplate` (a PodTemplateSpec the operator merges
 *    into the pods it creates) at `spec.podTemplate`, `spec.nodeSets[].podTemplate`, `spec.daemonSet.podTemplate`,
 *    `spec.deployment.podTemplate` (ECK docs "Customize pods"). Its containers usually have no `image` (the
 *    operator's own container of that name is patched), so settings they leave out are unknown, as in a patch.
 * Other custom resources (operator CRs such as Strimzi `Kafka` or CloudNativePG `Cluster`) are not pods. Read
 * without shape errors: a kind of another group may use these keys for something else.
 */
function assembledPods(scope: FileScope, m: Map<string, Entry>, apiVersion: string, kind: string, name: string | undefined): { pc: PodContext; pod?: AssembledPod }[] {
  const map = (e: Entry | undefined) => (e && isMap(e.value) ? mapOf(scope, e.value) : undefined);
  const seq = (e: Entry | undefined): Node[] => (e && isSeq(e.value) ? (e.value.items as Node[]) : []);
  const group = apiVersion.split('/')[0];
  const out: { pc: PodContext; pod?: AssembledPod }[] = [];
  const podSpec = (levels: (Map<string, Entry> | undefined)[]): Map<string, Entry> => {
    const spec = new Map<string, Entry>();
    for (const level of levels) for (const k of POD_LEVEL_KEYS) if (level?.has(k)) spec.set(k, level.get(k)!);
    return spec;
  };
  if (group === 'argoproj.io' && ['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow'].includes(kind)) {
    const specE = kind === 'CronWorkflow' ? map(m.get('spec'))?.get('workflowSpec') : m.get('spec');
    const wf = map(specE);
    if (!wf || !specE) return out;
    const path = kind === 'CronWorkflow' ? 'spec.workflowSpec' : 'spec';
    for (const [i, t] of seq(wf.get('templates')).entries()) {
      const tm = isMap(t) ? mapOf(scope, t) : undefined;
      if (!tm) continue;
      const tName = scalar(scope, tm.get('name')?.value)?.text ?? `templates[${i}]`;
      const containers: ContainerAt[] = [];
      for (const n of seq(tm.get('initContainers'))) containers.push({ list: 'initContainers', node: n });
      for (const k of ['container', 'script'] as const) {
        const e = tm.get(k);
        if (e && isMap(e.value)) containers.push({ list: k, node: e.value, fallbackName: tName, keyNode: e.keyNode });
      }
      for (const n of seq(map(tm.get('containerSet'))?.get('containers'))) containers.push({ list: 'containerSet.containers', node: n });
      if (!containers.some((c) => c.list !== 'initContainers')) continue; // steps, dag, resource, suspend templates
      for (const n of seq(tm.get('sidecars'))) containers.push({ list: 'sidecars', node: n });
      const keyNode = (tm.get('name') ?? tm.get('container') ?? tm.get('script') ?? tm.get('containerSet'))!.keyNode;
      out.push({
        pc: { kind, ...(name !== undefined ? { name } : {}), specKey: keyNode, spec: t, metadata: tm.get('metadata')?.value, path: `${path}.templates[${i}]` },
        pod: { spec: podSpec([wf, tm]), containers, volumes: [...seq(wf.get('volumes')), ...seq(tm.get('volumes'))] },
      });
    }
  }
  if (group === 'tekton.dev' && ['Task', 'ClusterTask', 'TaskRun'].includes(kind)) {
    const specE = m.get('spec');
    const top = map(specE);
    const taskE = kind === 'TaskRun' ? top?.get('taskSpec') : specE;
    const task = map(taskE);
    if (!task || !taskE) return out;
    // `stepTemplate`: the starting point of every step (not of sidecars).
    const template = map(task.get('stepTemplate'));
    const containers: ContainerAt[] = [
      ...seq(task.get('steps')).map((node): ContainerAt => ({ list: 'steps', node, computeResources: true, ...(template ? { template } : {}) })),
      ...seq(task.get('sidecars')).map((node): ContainerAt => ({ list: 'sidecars', node, computeResources: true })),
    ];
    if (containers.length === 0) return out;
    const podTemplate = kind === 'TaskRun' ? map(top?.get('podTemplate')) : undefined;
    out.push({
      pc: { kind, ...(name !== undefined ? { name } : {}), specKey: taskE.keyNode, spec: taskE.value ?? undefined, metadata: undefined, path: kind === 'TaskRun' ? 'spec.taskSpec' : 'spec' },
      pod: { spec: podSpec([podTemplate]), containers, volumes: [...seq(task.get('volumes')), ...seq(podTemplate?.get('volumes'))] },
    });
  }
  if (group.endsWith('.k8s.elastic.co')) {
    const spec = map(m.get('spec'));
    const templates: [Entry | undefined, string][] = [
      [spec?.get('podTemplate'), 'spec.podTemplate'],
      [map(spec?.get('daemonSet'))?.get('podTemplate'), 'spec.daemonSet.podTemplate'],
      [map(spec?.get('deployment'))?.get('podTemplate'), 'spec.deployment.podTemplate'],
      ...seq(spec?.get('nodeSets')).map((n, i): [Entry | undefined, string] => [isMap(n) ? mapOf(scope, n)?.get('podTemplate') : undefined, `spec.nodeSets[${i}].podTemplate`]),
    ];
    for (const [e, path] of templates) {
      const t = map(e);
      const ps = t?.get('spec');
      if (ps && isMap(ps.value)) out.push({ pc: { kind, ...(name !== undefined ? { name } : {}), specKey: ps.keyNode, spec: ps.value, metadata: t!.get('metadata')?.value, path: `${path}.spec`, base: "the ECK operator's default container" } });
    }
  }
  return out;
}

/** The pod spec of a workload object, or `undefined` for other kinds (or a missing template). */
function podOf(scope: FileScope, m: Map<string, Entry>, kind: string, name: string | undefined): PodContext | undefined {
  const at = (e: Entry | undefined, path: string, metadata: Node | undefined): PodContext | undefined =>
    e && isMap(e.value) ? { kind, ...(name !== undefined ? { name } : {}), specKey: e.keyNode, spec: e.value, metadata, path } : e && !isNull(e.value) ? (mapAt(scope, e, path), undefined) : undefined;
  if (kind === 'Pod') return at(m.get('spec'), 'spec', m.get('metadata')?.value);
  if (kind === 'PodTemplate') {
    const t = mapAt(scope, m.get('template'), 'template');
    return at(t?.get('spec'), 'template.spec', t?.get('metadata')?.value);
  }
  if (TEMPLATE_KINDS.has(kind)) {
    const s = mapAt(scope, m.get('spec'), 'spec');
    const t = mapAt(scope, s?.get('template'), 'spec.template');
    return at(t?.get('spec'), 'spec.template.spec', t?.get('metadata')?.value);
  }
  if (kind === 'CronJob') {
    const s = mapAt(scope, m.get('spec'), 'spec');
    const jt = mapAt(scope, s?.get('jobTemplate'), 'spec.jobTemplate');
    const js = mapAt(scope, jt?.get('spec'), 'spec.jobTemplate.spec');
    const t = mapAt(scope, js?.get('template'), 'spec.jobTemplate.spec.template');
    return at(t?.get('spec'), 'spec.jobTemplate.spec.template.spec', t?.get('metadata')?.value);
  }
  return undefined;
}

/** How deep {@link embeddedPodTemplates} looks into a custom resource, and how many mappings it reads at most. */
const MAX_EMBED_DEPTH = 32;
const MAX_EMBED_NODES = 20_000;

/**
 * Kyverno/Gatekeeper-style pattern text in a container: a wildcard or negation in `name` or `image` (`"*"`,
 * `"!*:latest"`, `"?*"`), or a conditional-anchor key (`(name)`, `=(securityContext)`, `+(…)`, `^(…)`, `X(…)`,
 * `<(…)`). A policy's pattern is shaped like a pod spec but describes pods to match, not a pod.
 */
const PATTERN_TEXT = /[*?!|]/;
const ANCHOR_KEY = /^[=+^X<]?\(/;

/**
 * Whether `e` is a pod spec bulwark reads as one: a mapping whose `containers` is a non-empty list of mappings, each
 * with a `name` or an `image` (with `needImage`, an `image`), none of them a policy pattern ({@link PATTERN_TEXT},
 * {@link ANCHOR_KEY}).
 */
function podSpecShaped(scope: FileScope, e: Entry | undefined, needImage: boolean): boolean {
  const spec = e && isMap(e.value) ? mapOf(scope, e.value) : undefined;
  const list = spec?.get('containers');
  if (!list || !isSeq(list.value) || list.value.items.length === 0) return false;
  return (list.value.items as Node[]).every((n) => {
    const c = isMap(n) ? mapOf(scope, n) : undefined;
    if (!c || [...c.keys()].some((k) => ANCHOR_KEY.test(k))) return false;
    const name = c.get('name') && scalar(scope, c.get('name')!.value);
    const image = c.get('image') && scalar(scope, c.get('image')!.value);
    if ((name && PATTERN_TEXT.test(name.text)) || (image && PATTERN_TEXT.test(image.text))) return false;
    return needImage ? image !== undefined : name !== undefined || image !== undefined;
  });
}

/**
 * The pod templates a custom resource embeds, wherever they are: its controller creates pods from them, so their
 * containers are audited like a Deployment's. Found by shape anywhere below the object (not in `metadata` or
 * `status`), the first match on each branch:
 *  - a PodTemplateSpec, `template: {metadata, spec: {containers: […]}}`: Argo Rollouts `Rollout`, Knative `Service`,
 *    OpenKruise `CloneSet` (`spec.template`), KEDA `ScaledJob` (`spec.jobTargetRef.template`: a batch/v1 JobSpec),
 *    Kubeflow `PyTorchJob`/`TFJob`/`MPIJob` (`spec.pytorchReplicaSpecs.Master.template`, `spec.tfReplicaSpecs.Worker.template`),
 *    Ray `RayCluster` (`spec.headGroupSpec.template`, `spec.workerGroupSpecs[0].template`), Spark, Flink…;
 *  - a pod spec under a `spec` key whose containers all have an `image` (a custom kind with `spec.containers`,
 *    Seldon `spec.predictors[0].componentSpecs[0].spec`).
 * Containers must have a `name` or an `image` and be no policy pattern ({@link podSpecShaped}): a Kyverno policy's
 * `pattern` has the shape of a pod spec and is not one. `part` names where the template is below `spec` when it is
 * not `spec.template` (`pytorchReplicaSpecs.Master`), to tell an object's pods apart in reports. Read without shape
 * errors on the way (another kind may use these keys for something else); the pod specs found are read like a
 * Deployment's. Knative Serving names a lone unnamed container `user-container` in the pods it creates.
 */
function embeddedPodTemplates(scope: FileScope, m: Map<string, Entry>, kind: string, name: string | undefined, apiVersion: string | undefined): PodContext[] {
  const out: PodContext[] = [];
  let budget = MAX_EMBED_NODES;
  const seen = new Set<Node>();
  const found = (specE: Entry, holder: string, specPath: string, metadata: Node | undefined) => {
    const part = holder.replace(/^spec(?:\.|$)/, '');
    const pc: PodContext = { kind, ...(name !== undefined ? { name } : {}), specKey: specE.keyNode, spec: specE.value ?? undefined, metadata, path: specPath };
    if (part !== '' && holder !== '') pc.part = part;
    if (specPath === 'spec.template.spec' && apiVersion?.startsWith('serving.knative.dev/')) pc.defaultContainerName = 'user-container';
    out.push(pc);
  };
  const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);
  const visit = (map: Map<string, Entry>, path: string, depth: number): void => {
    if (depth > MAX_EMBED_DEPTH || --budget < 0) return;
    const tE = map.get('template');
    const t = tE && isMap(tE.value) ? mapOf(scope, tE.value) : undefined;
    const tSpec = t?.get('spec');
    if (t && tSpec && podSpecShaped(scope, tSpec, false)) return found(tSpec, path, join(path, 'template.spec'), t.get('metadata')?.value);
    const sE = map.get('spec');
    if (sE && podSpecShaped(scope, sE, true)) return found(sE, path, join(path, 'spec'), map.get('metadata')?.value);
    for (const [k, e] of map) {
      if (depth === 0 && (k === 'metadata' || k === 'status')) continue;
      const v = e.value;
      if (!v || seen.has(v)) continue;
      seen.add(v);
      if (isMap(v)) {
        const sub = mapOf(scope, v);
        if (sub) visit(sub, join(path, k), depth + 1);
      } else if (isSeq(v)) {
        (v.items as Node[]).forEach((it, i) => {
          const sub = isMap(it) && !seen.has(it) ? mapOf(scope, it) : undefined;
          if (!sub) return;
          seen.add(it);
          visit(sub, `${join(path, k)}[${i}]`, depth + 1);
        });
      }
    }
  };
  visit(m, '', 0);
  return out;
}

/**
 * The inline patches of Kustomization `km` ({@link inlinePatches}), each read as a manifest in its region of `file`:
 * a strategic-merge fragment (`kind: Deployment` …) is modelled like a patch file (containers without `image`: what
 * they leave out is unknown; pod-level fields without containers: a stand-in for every container of the target,
 * see pod.ts), a JSON 6902 operation list as the object its `add`/`replace` operations give the
 * target ({@link json6902Object}). A patch that cannot be read in place (a folded or escaped string) and a JSON 6902
 * patch that sets nothing bulwark models are input errors (`unsupported`): not audited, said so.
 */
function kustomizePatches(file: SourceFile, scope: FileScope, km: Map<string, Entry>, w: Walk, errors: InputError[], comments: SourceRange[]): void {
  for (const p of inlinePatches(scope, km)) {
    const note = (message: string) => {
      const o = originOf(scope, p.node);
      const at = file.position(o.kind === 'file' ? o.start : 0);
      errors.push({ file: file.path, line: at.line, column: at.column, message, code: 'unsupported' });
    };
    if (!p.region) {
      note(`inline patch of ${p.field} not audited: only a literal block (patch: |-) or a one-line string without escapes is read in place; audit the output of \`kubectl kustomize\``);
      continue;
    }
    const sub = parseManifest(file, isolateRegion(file.text, p.region.start, p.region.end), errors);
    comments.push(...sub.comments);
    for (const d of sub.docs) {
      if (!isSeq(d.root)) {
        modelObject(d.scope, d.root, w, 0, `an inline patch of ${p.field}`);
        continue;
      }
      // A JSON 6902 patch: a list of operations on the target.
      const before = w.containers.length;
      const { object, podOps } = json6902Object(d.scope, d.root, p.target);
      if (object) modelObject(d.scope, object, w, 0, `an inline patch of ${p.field}`);
      // Operations on the pod spec that give no container: pod-level fields bulwark does not model (`nodeSelector`),
      // `remove`, a target without a kind. (Modelled pod-level fields, `hostPID`, give a stand-in: pod.ts.)
      if (w.containers.length === before && (podOps > 0 || !p.target?.kind)) {
        const what = p.target?.kind ? `${p.target.kind}${p.target.name ? ` ${p.target.name}` : ''}` : 'a target without a kind';
        note(`inline JSON 6902 patch of ${what} not audited: bulwark models the containers and the pod-level settings its add/replace operations write, and it writes none; audit the output of \`kubectl kustomize\``);
      }
    }
  }
}

/**
 * Ingests one Kubernetes manifest file (or the `region` of a bigger file, offsets kept: a heredoc of a script, a
 * fence of a Markdown file; the objects of every region of a file are recorded together for BW-0042). Never throws: bad
 * input becomes InputErrors (`parse`, `too-deep`, `alias-bomb`), and the containers of the documents that
 * could be read are still returned.
 */
export async function ingestKubernetes(file: SourceFile, ctx: IngestContext, region?: Region): Promise<IngestResult> {
  const result: IngestResult = { containers: [], images: [], errors: [] };
  try {
    const source = region ? isolateRegion(file.text, region.start, region.end) : file.text;
    const helm = helmTemplateAt(source);
    if (helm >= 0) {
      // Given explicitly (--kind kubernetes): a chart template's values are not known until it is rendered.
      // Go `template` actions in strings and block scalars (Alertmanager configuration) are data: see helm.ts.
      const p = file.position(helm);
      result.errors.push({ file: file.path, line: p.line, column: p.column, message: 'a Helm chart template, not a manifest: render it first (helm template <chart> | bulwark audit --kind kubernetes -)', code: 'unsupported' });
      return result;
    }
    const { docs, comments } = parseManifest(file, source, result.errors);
    const w: Walk = { containers: [], resources: [], secrets: [] };
    noteConfigMaps(docs);
    // PersistentVolumes that are node directories, and their claims: of this manifest and of the audit's others.
    noteClaimedVolumes(file, docs, ctx.kubernetesVolumes);
    for (const d of docs) {
      modelObject(d.scope, d.root, w, 0, 'a YAML document');
      // A Kustomization's inline patches: read in place, as manifests of their own.
      const km = isMap(d.root) ? mapOf(d.scope, d.root) : undefined;
      if (km && isKustomization(d.scope, km, file.path)) kustomizePatches(file, d.scope, km, w, result.errors, comments);
    }
    result.containers = w.containers;
    // Passwords and tokens given to the program (`args: ["--token=ghp_…"]`, `command: [redis-server, --requirepass, pw]`).
    const masks = [...w.secrets, ...commandSecretRanges(w.containers, new Map([[file.path, file.text]]))];
    if (masks.length) result.secretRanges = masks;
    result.comments = comments;
    // A region (a heredoc of a script, a fence of a Markdown file): its objects join those of the file's other
    // regions (one read of the same region again replaces its own).
    if (region) {
      const inRegion = (r: ManifestResource) => r.origin.kind === 'file' && r.origin.start >= region.start && r.origin.start < region.end;
      const others = (recordedResources(file) ?? []).filter((r) => !inRegion(r));
      const start = (r: ManifestResource) => r.origin.start ?? 0;
      recordResources(file, [...others, ...w.resources].sort((a, b) => start(a) - start(b)));
    } else recordResources(file, w.resources);
    const seen = new Set<string>();
    result.errors = result.errors.filter((e) => {
      const k = `${e.line}:${e.column}:${e.code}:${e.message}`;
      return seen.has(k) ? false : (seen.add(k), true);
    });
  } catch (e) {
    // Defensive: a bug must not take the whole run down (ingester contract: never throw).
    result.errors.push({ file: file.path, message: `internal error: ${String((e as Error)?.message ?? e).split('\n')[0]}`, code: 'internal' });
  }
  return result;
}

/**
 * The host-path PersistentVolumes, the PersistentVolumeClaims and the LimitRanges' container defaults of `files`
 * (Kubernetes manifests; unreadable documents skipped), for the pods of the other manifests of an audit
 * ({@link IngestContext.kubernetesVolumes}). Only files that mention `PersistentVolume` or `LimitRange` are parsed.
 * Never throws.
 */
export function claimedVolumes(files: SourceFile[]): ClaimedVolumes {
  const out: ClaimedVolumes = { volumes: [], claims: [] };
  for (const file of files) {
    if (!file.text.includes('PersistentVolume') && !file.text.includes('LimitRange')) continue;
    try {
      collectClaimedVolumes(parseManifest(file, file.text, []).docs, out);
    } catch {
      /* unreadable: nothing from it */
    }
  }
  return out;
}

/**
 * The objects (`apiVersion`, `kind`, `metadata.name`) of a manifest, every document and `List` item,
 * workloads or not. Served from the last {@link ingestKubernetes} of the same `SourceFile`; otherwise the
 * file is parsed (errors ignored). Used by the removed-API rule (BW-0042).
 */
export function manifestResources(file: SourceFile): ManifestResource[] {
  const known = recordedResources(file);
  if (known) return known;
  const w: Walk = { containers: [], resources: [], secrets: [] };
  try {
    for (const d of parseManifest(file, file.text, []).docs) modelObject({ ...d.scope, errors: [] }, d.root, w, 0, 'a YAML document');
  } catch {
    /* unreadable: no resources */
  }
  recordResources(file, w.resources);
  return w.resources;
}
