/**
 * One pod spec → one ContainerSpec per container (`initContainers`, `containers`, `ephemeralContainers`),
 * following the Kubernetes core/v1 API: PodSpec, PodSecurityContext, SecurityContext, Container, Volume,
 * VolumeMount, EnvVar, ContainerPort, ResourceRequirements (kubernetes.io/docs/reference/kubernetes-api/).
 *
 * Mapping to the model (requirements.md "Inputs every rule must see through one normalized model"):
 *  - container `securityContext` overrides the pod `securityContext` for the fields both have (runAsUser,
 *    runAsGroup, runAsNonRoot, seccompProfile, seLinuxOptions, appArmorProfile), as the API documents;
 *  - `runAsUser` [+ `runAsGroup`] → `user` (`uid` or `uid:gid`, at the runAsUser entry). `runAsNonRoot: true`
 *    without a runAsUser means "non-root required": the kubelet refuses to start a container whose image
 *    user is uid 0 (or not numeric). The model has no field for it: it is kept as `extra.runAsNonRoot`
 *    (Sourced<true>) and the user-not-set rule (BW-0004) reads it; `user` stays unset (the uid is unknown);
 *  - `allowPrivilegeEscalation: false` → security option `no-new-privileges=true` (`true` → `=false`;
 *    absent → not set, R-G7);
 *  - `seccompProfile.type` Unconfined / RuntimeDefault / Localhost → `seccomp=unconfined` /
 *    `runtime/default` / `localhost/<profile>` (R-G12); the legacy annotations
 *    `seccomp.security.alpha.kubernetes.io/pod` and `container.seccomp.security.alpha.kubernetes.io/<name>`
 *    (ignored by kubelets since Kubernetes 1.27) give the same options with `raw` naming the annotation;
 *  - `appArmorProfile` / annotation `container.apparmor.security.beta.kubernetes.io/<name>` → `apparmor=…`, in
 *    the kubelet's order: the container field, else the container's annotation, else the pod field;
 *  - `seLinuxOptions.type` → `label=type:<type>` (`spc_t`: unconfined); `procMount: Unmasked` →
 *    `systempaths=unconfined`; `capabilities.add/drop` → capAdd/capDrop (capabilities(7) names, normalized);
 *    `windowsOptions.hostProcess: true` (a Windows process on the host) → `privileged`;
 *    `windowsOptions.runAsUserName` (container over pod) → `user` when no runAsUser is set;
 *  - `hostUsers` → the user namespace (`true`: host, BW-0019; `false`: private), at the pod key;
 *  - `hostUsers`, `shareProcessNamespace`, `automountServiceAccountToken`, `restartPolicy`, `runtimeClassName`
 *    and `serviceAccountName` are kept in `extra` (no rule reads them; `restartPolicy` is not a Docker restart
 *    policy: the kubelet backs off, so BW-0030 does not apply);
 *  - `hostNetwork` / `hostPID` / `hostIPC` → host namespaces of every container of the pod, at the pod key;
 *  - `hostPath` volumes → bind mounts (origin: the hostPath `path:` entry; read-only only when the
 *    volumeMount says `readOnly: true`; `mountPropagation` None/HostToContainer/Bidirectional →
 *    rprivate/rslave/rshared; the hostPath `type` kept as option `type=<Type>`; `subPath` appended to the
 *    host path); a `persistentVolumeClaim` bound to a PersistentVolume of type `hostPath` or `local` written in the
 *    manifest or in another manifest of the audit (./volumes.ts) → a bind mount of the PV's path (origin: the pod's
 *    `claimName` entry; `Mount.through` names the PV and the claim); `emptyDir` with `medium: Memory` → tmpfs, other
 *    volumes (emptyDir, configMap, secret, projected, other claims…) → `volume` mounts named by the volume;
 *  - `resources.limits.memory` / `ephemeral-storage` → bytes, `resources.limits.cpu` → nanoCPUs; requests
 *    are not limits; a `${NAME}` placeholder (OpenShift Template parameter, envsubst) is an unresolved limit; Kubernetes has no per-container pids limit or ulimits (the pod pids limit is the
 *    kubelet's `podPidsLimit`);
 *  - `env[].value` → environment entries, `$(VAR)` references expanded as the kubelet does ({@link expandEnv}:
 *    `$$` → `$`, `$(NAME)` → the value of an earlier entry of the same container's `env`). A value whose
 *    references all resolve to literal values is `literal` with the expanded value (`redis://:pw@$(HOST)` with
 *    `HOST` written earlier: the password is written in the file). Otherwise it is `interpolated`, and `value`
 *    holds the expanded text with each reference the manifest does not resolve (a `valueFrom` entry, an
 *    `envFrom` source, an undefined name) written `${NAME}`, as an unresolved Compose variable, so secret
 *    classifiers judge only the characters the manifest holds. `valueFrom` secretKeyRef goes to `secrets`
 *    (`secret/key`); a configMapKeyRef, and every key of an `envFrom` configMapRef (with its `prefix`), of a
 *    ConfigMap written in the same manifest is a `literal` entry with that value (`from`: the ConfigMap; see
 *    {@link noteConfigMaps}; `env` entries win over `envFrom` by name); other `valueFrom` sources (fieldRef,
 *    resourceFieldRef, a ConfigMap elsewhere) are not modelled; an `envFrom` secretRef, or configMapRef to a ConfigMap elsewhere, is noted by name ({@link ENV_FROM_SOURCES}). A `${NAME}` placeholder (not expanded by the kubelet: envsubst or the
 *    application fills it in) also makes the value `interpolated`: the secret is not in the file;
 *  - a container without `image` (required by the API server) is a partial object, e.g. a Kustomize patch:
 *    `extra.unresolvedOptions` names its base, so rules report settings it leaves out as unknown; a pod spec that
 *    writes pod-level settings (host namespaces, `securityContext`, `resources`) and no container list (a patch of
 *    pod-level fields) gets one such container, named `containers[*]` (every container of the workload), at its
 *    `spec` key;
 *  - `ports[].hostPort` → a published port (all interfaces unless `hostIP`); a `containerPort` alone (or with
 *    `hostPort: 0`, the field's unset value) → `expose`;
 *  - pod `securityContext.sysctls` → sysctls.
 * Pod-level facts rules need (BW-0041) are in `extra['kubernetes.pod']` (see {@link PodFacts}).
 */
import { posix } from 'node:path';
import { isMap, isSeq, type Node, type Scalar } from 'yaml';
import { normalizeCapability } from '../../model/capabilities.js';
import { emptyContainer, type ContainerSpec, type EnvVar, type Mount, type NamespaceMode, type Origin, type Port, type SecurityOpt, type Sourced } from '../../model/types.js';
import { mapOf, originOf, report } from '../compose/yamlnodes.js';
import { boolAt, entryOrigin, intAt, mapAt, scalar, seqAt, templateParameterAt, type Entry, type FileScope } from './nodes.js';
import { claimedVolumesOf, limitRangeFor, resolveClaim, type ClaimedVolumes, type HostPathVolume } from './volumes.js';
import { quantityBytes, quantityNanoCpus } from './quantity.js';

/** Where a pod spec sits in its document. */
export interface PodContext {
  /** Workload kind (`Deployment`, `Pod`, `CronJob`…). */
  kind: string;
  /** `metadata.name` of the workload, if written. */
  name?: string;
  /** The `spec` key of the pod spec (`spec:` of a Pod, `template.spec:` of a Deployment). */
  specKey: Scalar;
  spec: Node | undefined;
  /** The pod (template) metadata, for annotations. */
  metadata: Node | undefined;
  /** Path of the pod spec for messages: `spec`, `spec.template.spec`, `spec.jobTemplate.spec.template.spec`. */
  path: string;
  /**
   * Where in a custom resource the pod template is, below `spec`, when not at `spec.template`
   * (`pytorchReplicaSpecs.Master` of a PyTorchJob): the containers' {@link Workload.part}.
   */
  part?: string;
  /** The workload's `metadata.namespace`, when written (the ConfigMaps its containers read are in it). */
  namespace?: string;
  /** What completes a container written without `image` (default {@link PATCH_BASE}: a Kustomize patch's base). */
  base?: string;
  /**
   * The name the controller gives the only regular container when it has no `name:`: Knative Serving's
   * `user-container` (knative.dev docs "Configuring containers"; config-defaults `container-name-template`).
   */
  defaultContainerName?: string;
}

/** Pod-level facts kept on each container as `extra['kubernetes.pod']`, with the origin of the pod's `spec` key. */
export interface PodFacts {
  kind: string;
  name?: string;
  /** Number of containers of the pod (init, regular and ephemeral). */
  containers: number;
  /** Whether any container of the pod, or the pod, sets a seccomp profile (field or legacy annotation). */
  seccompAnywhere: boolean;
  /**
   * The pod's operating system when the manifest says it: `spec.os.name`, else a `nodeSelector` on
   * `kubernetes.io/os` (or the deprecated `beta.kubernetes.io/os`). For `windows` the API server refuses
   * the Linux-only securityContext fields (seccompProfile, capabilities, allowPrivilegeEscalation,
   * readOnlyRootFilesystem, runAsUser, seLinuxOptions, procMount; Kubernetes API, PodSpec `os`), so rules
   * about them do not apply. Absent when the manifest does not say.
   */
  os?: 'windows' | 'linux';
}

/**
 * `extra` key of a container's environment variables set from a Secret (`valueFrom.secretKeyRef`), by name
 * (`Sourced<string[]>`, at the first such entry). The kubelet expands `$(NAME)` in `command` and `args` with their
 * values (Kubernetes docs "Define a Command and Arguments for a Container": "Use environment variables to define
 * arguments"), so a Secret referenced there ends up in the process's command line (BW-0035).
 */
export const SECRET_ENV = 'kubernetes.secretEnv';

/**
 * `extra` key of the whole-Secret and unknown-ConfigMap sources of a container's `envFrom`
 * (`Sourced<EnvFromSource[]>`, at the first such item): a `secretRef` sets a variable for every key of the Secret
 * (with the item's `prefix`), a `configMapRef` to a ConfigMap the manifest does not hold for every key of that one;
 * their names are not known from the file. A `$(NAME)` in `command`/`args` that no `env` entry defines can only come
 * from them (Kubernetes docs "Configure a Pod to Use a Secret": "Define container environment variables using all
 * key-value pairs of a Secret"; the kubelet leaves an undefined reference as written).
 */
export const ENV_FROM_SOURCES = 'kubernetes.envFromSources';

/** One `envFrom` item whose keys the manifest does not show: a Secret, or a ConfigMap it does not hold. */
export interface EnvFromSource {
  kind: 'secret' | 'configMap';
  /** The Secret's or ConfigMap's `name`. */
  name: string;
  /** The item's `prefix` (prepended to every key), `''` when none. */
  prefix: string;
}

/**
 * A shell / envsubst placeholder `${NAME}` (with an optional `:-default` and the like), or an OpenShift Template
 * non-string parameter `${{NAME}}`, in a value.
 */
const SHELL_PLACEHOLDER = /\$\{(?:\{[A-Za-z0-9_]+\}|[A-Za-z_][A-Za-z0-9_]*(?:[:]?[-=?+][^}]*)?)\}/;
/** A bare shell variable `$NAME` (expanded by the shell in an unquoted heredoc; envsubst fills it in too). */
const SHELL_VARIABLE = /\$[A-Za-z_]/;
/** How a container without `image` (a patch) names where its missing settings may come from. */
export const PATCH_BASE = 'the base this patch applies to';
const PROPAGATION: Record<string, string> = { None: 'rprivate', HostToContainer: 'rslave', Bidirectional: 'rshared' };
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
/**
 * The name of the stand-in for the containers of a pod spec written without any (a patch of pod-level fields):
 * every container of the workload it patches.
 */
export const STAND_IN_NAME = 'containers[*]';
/**
 * The pod-level keys of a PodSpec whose settings the model puts on each container (host namespaces, the pod
 * `securityContext`, pod-level `resources`): a pod spec that writes one of them without containers gets a stand-in.
 */
const STAND_IN_KEYS = ['hostNetwork', 'hostPID', 'hostIPC', 'hostUsers', 'securityContext', 'resources'];
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/** One container of a pod that is not written as a PodSpec (an Argo Workflows template, a Tekton Task step). */
export interface ContainerAt {
  /** The list it is reported in (`containers`, `initContainers`, `sidecars`, `steps`…). */
  list: string;
  /** The container mapping. */
  node: Node;
  /** Target name when the container has no `name:` (Argo's `container:` of template `build` → `build`). */
  fallbackName?: string;
  /** The key of the container (`container:`), where findings about missing settings point when it has no `name:`. */
  keyNode?: Node;
  /**
   * Defaults the container starts from (Tekton `stepTemplate`: "the starting point for all of the Steps"; the step
   * wins where both set a field, `securityContext` and `resources` merged field by field, `env` by name;
   * tekton.dev/docs/pipelines/tasks "Specifying a Step template").
   */
  template?: Map<string, Entry>;
  /** Tekton v1 names a step's resources `computeResources`: read as `resources`. */
  computeResources?: boolean;
}

/**
 * A pod that a controller assembles from something other than a PodSpec: `spec` holds the pod-level fields it
 * has (securityContext, hostNetwork, nodeSelector…, `volumes` merged from every level), `containers` its containers.
 */
export interface AssembledPod {
  spec: Map<string, Entry>;
  containers: ContainerAt[];
  /** The pod's volumes, from every level that declares some (the workflow's and the template's). */
  volumes: Node[];
}

/**
 * Models the containers of one pod spec (or of an {@link AssembledPod}). Bad shapes become InputErrors in
 * `scope.errors`; never throws.
 */
export function modelPod(scope: FileScope, pc: PodContext, assembled?: AssembledPod): ContainerSpec[] {
  const specEntry: Entry = { key: 'spec', keyNode: pc.specKey, value: pc.spec };
  const spec = assembled ? assembled.spec : mapAt(scope, specEntry, pc.path);
  if (!spec) return [];
  const psc = mapAt(scope, spec.get('securityContext'), `${pc.path}.securityContext`);
  const meta = mapOf(scope, pc.metadata);
  const annotations = mapAt(scope, meta?.get('annotations'), 'metadata.annotations');

  const volumes = new Map<string, { node: Node; map: Map<string, Entry> }>();
  for (const v of assembled ? assembled.volumes : (seqAt(scope, spec.get('volumes'), `${pc.path}.volumes`) ?? [])) {
    const vm = mapOf(scope, v);
    const name = vm && scalar(scope, vm.get('name')?.value);
    if (!vm || !name) {
      report(scope, v, `\`${pc.path}.volumes\` items must be mappings with a name`);
      continue;
    }
    volumes.set(name.text, { node: v, map: vm });
  }

  const items: Item[] = [];
  const lists = assembled ? assembled.containers : CONTAINER_LISTS.flatMap((list) => (seqAt(scope, spec.get(list), `${pc.path}.${list}`) ?? []).map((node): ContainerAt => ({ list, node })));
  const counts = new Map<string, number>();
  for (const c of lists) {
    const index = counts.get(c.list) ?? 0;
    counts.set(c.list, index + 1);
    let map = mapOf(scope, c.node);
    if (!map) {
      report(scope, c.node, `\`${pc.path}.${c.list}[${index}]\` must be a mapping (a container)`);
      continue;
    }
    if (c.computeResources && !map.has('resources') && map.has('computeResources')) map = new Map([...map, ['resources', map.get('computeResources')!]]);
    if (c.template) map = new Map([...c.template, ...map]);
    items.push({ ...c, index, map });
  }
  // A pod spec that writes pod-level settings and no container list at all: a partial object (the API server
  // requires `containers`), such as a Kustomize strategic-merge patch `spec.template.spec: {hostPID: true}` or a JSON
  // 6902 `add /spec/template/spec/hostNetwork`. Its settings apply to every container of the target workload, which
  // the patch does not name: one stand-in container ({@link STAND_IN_NAME}) carries them, without image (what it
  // leaves out comes from the base: unknown).
  if (!assembled && items.length === 0 && !CONTAINER_LISTS.some((l) => spec.has(l)) && STAND_IN_KEYS.some((k) => spec.has(k)))
    items.push({ list: 'containers', node: pc.specKey, fallbackName: STAND_IN_NAME, keyNode: pc.specKey, index: 0, map: new Map() });
  const regular = items.filter((it) => it.list === 'containers');
  if (pc.defaultContainerName && regular.length === 1 && regular[0].fallbackName === undefined && !regular[0].map.has('name')) regular[0].fallbackName = pc.defaultContainerName;

  const podSeccomp = psc?.get('seccompProfile') ?? annotations?.get(SECCOMP_POD_ANNOTATION);
  const seccompAnywhere =
    podSeccomp !== undefined ||
    items.some((it) => mapOf(scope, it.map.get('securityContext')?.value)?.has('seccompProfile') || annotations?.has(SECCOMP_CONTAINER_ANNOTATION + (scalar(scope, it.map.get('name')?.value)?.text ?? '')));
  const os = podOs(scope, spec);
  const facts: Sourced<PodFacts> = {
    value: { kind: pc.kind, ...(pc.name !== undefined ? { name: pc.name } : {}), containers: items.length, seccompAnywhere, ...(os ? { os } : {}) },
    origin: originOf(scope, pc.specKey),
    how: 'explicit',
  };

  const out: ContainerSpec[] = [];
  for (const it of items) {
    const c = modelContainer(scope, pc, it, { psc, annotations, volumes, spec });
    c.extra['kubernetes.pod'] = facts;
    out.push(c);
  }
  return out;
}

/** The pod's OS as the manifest states it (see {@link PodFacts.os}): `spec.os.name`, else the nodeSelector. */
function podOs(scope: FileScope, spec: Map<string, Entry>): PodFacts['os'] {
  const osName = scalar(scope, mapOf(scope, spec.get('os')?.value)?.get('name')?.value)?.text;
  const sel = mapOf(scope, spec.get('nodeSelector')?.value);
  const name = osName ?? scalar(scope, (sel?.get('kubernetes.io/os') ?? sel?.get('beta.kubernetes.io/os'))?.value)?.text;
  return name === 'windows' || name === 'linux' ? name : undefined;
}

/** A container mapping with its place in the pod. */
interface Item extends ContainerAt {
  index: number;
  map: Map<string, Entry>;
}

interface PodLevel {
  psc: Map<string, Entry> | undefined;
  annotations: Map<string, Entry> | undefined;
  volumes: Map<string, { node: Node; map: Map<string, Entry> }>;
  spec: Map<string, Entry>;
}

/** `own` over `template`, key by key (a step's `securityContext` over its Tekton step template's). */
function withTemplate(own: Map<string, Entry> | undefined, template: Map<string, Entry> | undefined): Map<string, Entry> | undefined {
  if (!template || own === template) return own;
  return own ? new Map([...template, ...own]) : template;
}

function modelContainer(scope: FileScope, pc: PodContext, it: Item, pod: PodLevel): ContainerSpec {
  const cm = it.map;
  const where = `${pc.path}.${it.list}[${it.index}]`;
  const nameE = cm.get('name');
  const nameV = scalar(scope, nameE?.value);
  const name = nameV?.text ?? it.fallbackName ?? `${it.list}[${it.index}]`;
  const tr = nameE && nameV ? entryOrigin(scope, nameE) : originOf(scope, it.keyNode ?? it.node);
  const range = tr.kind === 'file' ? scope.file.range(tr.start, tr.end) : scope.file.range(0, 0);
  const c = emptyContainer({ kind: 'container', name, range }, 'kubernetes', scope.file.path);
  c.extra['kubernetes.list'] = { value: it.list, origin: tr, how: 'explicit' };

  const imgE = cm.get('image');
  const img = scalar(scope, imgE?.value);
  // A blank image (`image: ' '`) is allowed in pod templates: an OpenShift image-change trigger or a controller
  // fills it in. No image is known then, so there is no tag to judge.
  // A `${NAME}` placeholder (an OpenShift Template parameter, envsubst) is filled in before the API server sees
  // the object: which image, tag or digest it names is not known (unresolved), not "untagged". So is a bare `$NAME`
  // (a manifest in a shell heredoc, `kubectl apply -f - <<EOF`, is expanded by the shell): no image reference
  // holds a `$` (distribution/reference grammar), so it is always something filled in later.
  if (img && img.text.trim() !== '') c.image = { value: img.text, origin: img.origin, how: SHELL_PLACEHOLDER.test(img.text) || SHELL_VARIABLE.test(img.text) ? 'unresolved' : 'explicit' };
  // No `image` (the API server requires one): a partial object, such as a Kustomize strategic-merge patch. What
  // it writes is audited; what it leaves out may come from the base it patches, so a setting found missing is
  // unknown, not unsafe (`extra.unresolvedOptions`, read by rules/util/container.ts `unknownOptions`).
  if (!imgE) c.extra.unresolvedOptions = { value: [pc.base ?? PATCH_BASE], origin: tr, how: 'unresolved' };
  const words = (k: string): Sourced<string[]> | undefined => {
    const e = cm.get(k);
    const seq = seqAt(scope, e, `${where}.${k}`);
    if (!e || !seq) return undefined;
    return { value: seq.map((n) => scalar(scope, n)?.text ?? ''), origin: entryOrigin(scope, e), how: 'explicit' };
  };
  c.entrypoint = words('command');
  c.command = words('args');
  if (!c.entrypoint) delete c.entrypoint;
  if (!c.command) delete c.command;

  const sc = withTemplate(mapAt(scope, cm.get('securityContext'), `${where}.securityContext`), mapAt(scope, it.template?.get('securityContext'), 'stepTemplate.securityContext'));
  const eff = (k: string): Entry | undefined => sc?.get(k) ?? pod.psc?.get(k);

  const priv = boolAt(scope, sc?.get('privileged'), `${where}.securityContext.privileged`);
  if (priv) c.privileged = priv;
  // Windows HostProcess containers run as a process on the host: privileged in the Pod Security Standards' terms.
  // windowsOptions merge field by field, container over pod (kubelet DetermineEffectiveSecurityContext).
  const hpE = mapAt(scope, sc?.get('windowsOptions'), 'securityContext.windowsOptions')?.get('hostProcess') ?? mapAt(scope, pod.psc?.get('windowsOptions'), 'securityContext.windowsOptions')?.get('hostProcess');
  const hostProcess = boolAt(scope, hpE, 'securityContext.windowsOptions.hostProcess');
  if (hostProcess?.value === true && c.privileged?.value !== true) c.privileged = hostProcess;
  const ro = boolAt(scope, sc?.get('readOnlyRootFilesystem'), `${where}.securityContext.readOnlyRootFilesystem`);
  if (ro) c.readOnlyRootfs = ro;
  const ape = sc?.get('allowPrivilegeEscalation');
  const ap = boolAt(scope, ape, `${where}.securityContext.allowPrivilegeEscalation`);
  // A template parameter (`${{ALLOW_ESCALATION}}`): whether no-new-privileges is set is not known.
  if (ap && ape) c.securityOpt.push(ap.how === 'unresolved' ? { ...opt('no-new-privileges', ap.raw!, `allowPrivilegeEscalation: ${ap.raw}`, ap.origin), how: 'unresolved' } : opt('no-new-privileges', ap.value ? 'false' : 'true', `allowPrivilegeEscalation: ${ap.value}`, ap.origin));

  const caps = mapAt(scope, sc?.get('capabilities'), `${where}.securityContext.capabilities`);
  const capList = (k: 'add' | 'drop'): Sourced<string>[] =>
    (seqAt(scope, caps?.get(k), `${where}.securityContext.capabilities.${k}`) ?? []).flatMap((n) => {
      const t = scalar(scope, n);
      // `CAP_ALL` is not `ALL`: containerd (pkg/cri WithCapabilities) matches only `ALL` and prefixes every other name
      // with `CAP_` (`CAP_CAP_ALL`), CRI-O matches only `ALL` too: it adds or drops nothing (qa-a 2). Likewise a
      // dropped `CAP_NET_RAW` becomes containerd's `CAP_CAP_NET_RAW`, which names no capability: NET_RAW is kept, so
      // the drop keeps its prefix (`CAP_NET_RAW`) and counts for nothing. An added `CAP_SYS_ADMIN` stays added: CRI-O
      // strips the prefix, and containerd refuses the unknown name rather than run without it.
      if (!t) return [];
      const value = /^\s*CAP_ALL\s*$/i.test(t.text) ? 'CAP_ALL' : k === 'drop' && /^\s*CAP_/i.test(t.text) ? `CAP_${normalizeCapability(t.text)}` : normalizeCapability(t.text);
      return [{ value, origin: t.origin, how: 'explicit' as const, raw: t.text }];
    });
  c.capDrop = capList('drop');
  // The CRI runtimes apply `add` before `drop` (containerd pkg/cri WithCapabilities: ALL added, ALL dropped,
  // then each added, then each dropped; CRI-O setupCapabilities likewise), so a capability named in both
  // lists is not held, and `drop: [ALL]` cancels `add: [ALL]` (Docker does the opposite for `--cap-add`:
  // moby oci/caps TweakCapabilities adds after dropping).
  const dropped = new Set(c.capDrop.map((d) => d.value));
  c.capAdd = capList('add').filter((a) => !dropped.has(a.value));

  // User: runAsUser [+ runAsGroup], container over pod.
  const ruE = eff('runAsUser');
  const ru = intAt(scope, ruE, 'securityContext.runAsUser');
  const rg = intAt(scope, eff('runAsGroup'), 'securityContext.runAsGroup');
  // The number, not its spelling: `runAsUser: 0x0` / `0o0` / `-0` is uid 0 (raw keeps the text as written).
  const num = (v: { value: unknown; text: string }) => (typeof v.value === 'number' ? String(Object.is(v.value, -0) ? 0 : v.value) : v.text);
  if (ruE && ru) {
    const value = rg ? `${num(ru)}:${num(rg)}` : num(ru);
    const written = rg ? `${ru.text}:${rg.text}` : ru.text;
    c.user = value === written ? { value, origin: entryOrigin(scope, ruE), how: 'explicit' } : { value, origin: entryOrigin(scope, ruE), how: 'explicit', raw: written };
  }
  // `runAsUser: ${{RUN_AS}}` (an OpenShift Template parameter, replaced by a number): a user is set, which one is not known.
  const ruParam = templateParameterAt(scope, ruE);
  if (ruE && ruParam) {
    const rgParam = templateParameterAt(scope, eff('runAsGroup'));
    const value = `${ruParam.text}${rg ? `:${num(rg)}` : rgParam ? `:${rgParam.text}` : ''}`;
    c.user = { value, origin: entryOrigin(scope, ruE), how: 'unresolved', raw: value };
  }
  // Windows: `windowsOptions.runAsUserName` (container over pod) names the user (`ContainerUser`,
  // `ContainerAdministrator`); runAsUser does not apply to Windows containers.
  const wo = (m: Map<string, Entry> | undefined) => mapOf(scope, m?.get('windowsOptions')?.value)?.get('runAsUserName');
  const runAsUserName = wo(sc) ?? wo(pod.psc);
  const run = scalar(scope, runAsUserName?.value);
  if (!c.user && runAsUserName && run) c.user = { value: run.text, origin: entryOrigin(scope, runAsUserName), how: 'explicit' };
  const rnrE = eff('runAsNonRoot');
  const rnr = boolAt(scope, rnrE, 'securityContext.runAsNonRoot');
  if (rnr) c.extra.runAsNonRoot = rnr;

  // seccomp: field (container over pod), else the legacy annotations (container over pod).
  const seccompE = eff('seccompProfile');
  const seccomp = seccompE ? profileOpt(scope, 'seccomp', seccompE) : annotationOpt(scope, 'seccomp', pod.annotations?.get(SECCOMP_CONTAINER_ANNOTATION + name) ?? pod.annotations?.get(SECCOMP_POD_ANNOTATION));
  if (seccomp) c.securityOpt.push(seccomp);
  // AppArmor: container field, else the container's legacy annotation, else the pod field: the kubelet's order
  // (pkg/security/apparmor GetProfile; the API server copies the annotation into the container field on create).
  const aaAnn = pod.annotations?.get(APPARMOR_CONTAINER_ANNOTATION + name);
  const aaC = sc?.get('appArmorProfile');
  const aa = aaC ? profileOpt(scope, 'apparmor', aaC) : aaAnn ? annotationOpt(scope, 'apparmor', aaAnn) : pod.psc?.get('appArmorProfile') ? profileOpt(scope, 'apparmor', pod.psc.get('appArmorProfile')!) : undefined;
  if (aa) c.securityOpt.push(aa);
  const seE = eff('seLinuxOptions');
  const se = mapAt(scope, seE, 'securityContext.seLinuxOptions');
  const seType = se?.get('type');
  const seT = scalar(scope, seType?.value);
  if (seType && seT) c.securityOpt.push(opt('label', `type:${seT.text}`, `seLinuxOptions.type: ${seT.text}`, entryOrigin(scope, seType)));
  const pmE = sc?.get('procMount');
  const pm = scalar(scope, pmE?.value);
  if (pmE && pm && pm.text === 'Unmasked') c.securityOpt.push(opt('systempaths', 'unconfined', 'procMount: Unmasked', entryOrigin(scope, pmE)));

  // Host namespaces and other pod-level settings.
  const ns = (k: string): Sourced<NamespaceMode> | undefined => {
    const b = boolAt(scope, pod.spec.get(k), `${pc.path}.${k}`);
    // A template parameter (`hostNetwork: ${{HOST_NET}}`): unresolved, whether it is the host's is not known.
    return b ? { value: { mode: b.value ? 'host' : 'private' }, origin: b.origin, how: b.how, ...(b.raw !== undefined ? { raw: b.raw } : {}) } : undefined;
  };
  const net = ns('hostNetwork');
  const pid = ns('hostPID');
  const ipc = ns('hostIPC');
  if (net) c.namespaces.network = net;
  if (pid) c.namespaces.pid = pid;
  if (ipc) c.namespaces.ipc = ipc;
  for (const k of ['shareProcessNamespace', 'hostUsers', 'automountServiceAccountToken']) {
    const b = boolAt(scope, pod.spec.get(k), `${pc.path}.${k}`);
    if (b) c.extra[k] = b;
    // `hostUsers: true` written out: the pod stays in the host user namespace (R-G11); `false` gives it its own
    // (Kubernetes user namespaces, beta since 1.30). Absent is the same as true, but only the written key is a finding.
    if (b && k === 'hostUsers') c.namespaces.userns = { value: { mode: b.value ? 'host' : 'private' }, origin: b.origin, how: b.how, ...(b.raw !== undefined ? { raw: b.raw } : {}) };
  }
  for (const k of ['restartPolicy', 'runtimeClassName', 'serviceAccountName']) {
    const e = pod.spec.get(k);
    const t = scalar(scope, e?.value);
    if (e && t) c.extra[k] = { value: t.text, origin: entryOrigin(scope, e), how: 'explicit' };
  }
  for (const n of seqAt(scope, pod.psc?.get('sysctls'), `${pc.path}.securityContext.sysctls`) ?? []) {
    const m = mapOf(scope, n);
    const sn = scalar(scope, m?.get('name')?.value);
    if (!sn) continue;
    c.sysctls.push({ name: sn.text, value: scalar(scope, m?.get('value')?.value)?.text ?? '', origin: originOf(scope, n) });
  }

  modelMounts(scope, c, cm, where, pod.volumes, pc.namespace);
  modelResources(scope, c, cm, where, it.template, pod.spec);
  limitRangeDefaults(scope, c, pc.namespace);
  modelEnv(scope, c, cm, where, it.template, pc.namespace);
  modelPorts(scope, c, cm, where);
  modelExecHandlers(scope, c, cm);
  return c;
}

/**
 * The commands the kubelet runs in the container: `lifecycle.postStart` / `preStop` `exec.command` (as `post_start` /
 * `pre_stop` hooks) and the `exec.command` of `livenessProbe`, `readinessProbe`, `startupProbe` (as `probe`), each a
 * list of words (Kubernetes API: ExecAction). Read without shape errors; rules see their commands (BW-0035) and the
 * engine masks secrets in them.
 */
function modelExecHandlers(scope: FileScope, c: ContainerSpec, cm: Map<string, Entry>): void {
  const handler = (e: Entry | undefined, kind: 'post_start' | 'pre_stop' | 'probe') => {
    const exec = mapOf(scope, mapOf(scope, e?.value)?.get('exec')?.value);
    const cmdE = exec?.get('command');
    if (!e || !cmdE || !isSeq(cmdE.value)) return;
    const words = (mapOrSeq(cmdE.value) ?? []).map((n) => scalar(scope, n)?.text).filter((w): w is string => w !== undefined);
    if (!words.length) return;
    (c.execs ??= []).push({ kind, command: { value: words, origin: originOf(scope, cmdE.value!), how: 'explicit' }, origin: entryOrigin(scope, e) });
  };
  const lc = mapOf(scope, cm.get('lifecycle')?.value);
  handler(lc?.get('postStart'), 'post_start');
  handler(lc?.get('preStop'), 'pre_stop');
  for (const k of ['livenessProbe', 'readinessProbe', 'startupProbe']) handler(cm.get(k), 'probe');
}

/** The items of a YAML sequence node. */
function mapOrSeq(n: Node | null | undefined): Node[] | undefined {
  return n && isSeq(n) ? (n.items as Node[]) : undefined;
}

function opt(key: string, value: string, raw: string, origin: Origin): SecurityOpt {
  return { key, value, raw, origin, how: 'explicit' };
}

/** `seccompProfile` / `appArmorProfile`: `{type: Unconfined | RuntimeDefault | Localhost, localhostProfile}`. */
function profileOpt(scope: FileScope, key: 'seccomp' | 'apparmor', e: Entry): SecurityOpt | undefined {
  const m = mapAt(scope, e, `securityContext.${e.key}`);
  const typeE = m?.get('type');
  const t = scalar(scope, typeE?.value);
  if (!m || !typeE || !t) {
    if (m) report(scope, e.value ?? e.keyNode, `\`securityContext.${e.key}\` needs a type (RuntimeDefault, Localhost or Unconfined)`);
    return undefined;
  }
  const local = scalar(scope, m.get('localhostProfile')?.value)?.text ?? '';
  const value = t.text === 'Unconfined' ? 'unconfined' : t.text === 'RuntimeDefault' ? 'runtime/default' : t.text === 'Localhost' ? `localhost/${local}` : t.text;
  return opt(key, value, `${e.key}.type: ${t.text}`, entryOrigin(scope, typeE));
}

/** A legacy seccomp / AppArmor annotation (`unconfined`, `runtime/default`, `docker/default`, `localhost/<profile>`). */
function annotationOpt(scope: FileScope, key: 'seccomp' | 'apparmor', e: Entry | undefined): SecurityOpt | undefined {
  const t = scalar(scope, e?.value);
  if (!e || !t) return undefined;
  return opt(key, t.text.trim(), `${e.key}: ${t.text}`, entryOrigin(scope, e));
}

function modelMounts(scope: FileScope, c: ContainerSpec, cm: Map<string, Entry>, where: string, volumes: PodLevel['volumes'], namespace?: string): void {
  const claimed = claimedVolumesOf(scope.file);
  for (const n of seqAt(scope, cm.get('volumeMounts'), `${where}.volumeMounts`) ?? []) {
    const vm = mapOf(scope, n);
    const name = scalar(scope, vm?.get('name')?.value);
    const target = scalar(scope, vm?.get('mountPath')?.value);
    if (!vm || !name || !target) {
      report(scope, n, `\`${where}.volumeMounts\` items need a name and a mountPath`);
      continue;
    }
    const vol = volumes.get(name.text);
    if (!vol) continue; // kubectl refuses it: the pod would not be created
    const readOnly = boolAt(scope, vm.get('readOnly'), `${where}.volumeMounts.readOnly`)?.value === true;
    const propEntry = vm.get('mountPropagation');
    const prop = scalar(scope, propEntry?.value);
    const sub = scalar(scope, vm.get('subPath')?.value);
    const hp = mapAt(scope, vol.map.get('hostPath'), `volumes.${name.text}.hostPath`);
    let m: Mount;
    let pv: ReturnType<typeof claimedHostPath>;
    if (hp) {
      const pe = hp.get('path');
      const p = scalar(scope, pe?.value);
      if (!pe || !p) continue;
      const src = sub ? posix.join(p.text, sub.text) : p.text;
      m = { type: 'bind', source: src, sourceRaw: src, target: target.text, readOnly, options: [], origin: entryOrigin(scope, pe), sourceOrigin: p.origin, syntax: 'k8s' };
      const ht = scalar(scope, hp.get('type')?.value);
      if (ht) m.options.push(`type=${ht.text}`);
    } else if ((pv = claimed?.volumes.length ? claimedHostPath(scope, vol.map, claimed, namespace) : undefined)) {
      // A claim bound to a PersistentVolume that is a directory of the node: the pod mounts that directory.
      const { volume, claim, claimEntry, readOnly: claimRo } = pv;
      const src = sub ? posix.join(volume.path, sub.text) : volume.path;
      const through = `${volume.via} of PersistentVolume ${volume.name}${volume.file !== scope.file.path ? ` in ${volume.file}` : ''}, bound to claim ${claim}`;
      m = { type: 'bind', source: src, sourceRaw: src, target: target.text, readOnly: readOnly || claimRo, options: [], origin: entryOrigin(scope, claimEntry), sourceOrigin: volume.pathOrigin, syntax: 'k8s', through };
      if (volume.type) m.options.push(`type=${volume.type}`);
    } else if (vol.map.has('emptyDir') && scalar(scope, mapOf(scope, vol.map.get('emptyDir')?.value)?.get('medium')?.value)?.text === 'Memory') {
      m = { type: 'tmpfs', target: target.text, readOnly, options: [], origin: originOf(scope, n), syntax: 'k8s' };
    } else {
      m = { type: 'volume', source: name.text, target: target.text, readOnly, options: [], origin: originOf(scope, n), syntax: 'k8s' };
    }
    if (prop && propEntry) {
      m.propagation = PROPAGATION[prop.text] ?? prop.text;
      m.propagationOrigin = entryOrigin(scope, propEntry);
      m.propagationRaw = `mountPropagation: ${prop.text}`;
    }
    c.mounts.push(m);
  }
}

/**
 * The host-path PersistentVolume a pod volume `persistentVolumeClaim: {claimName}` binds ({@link resolveClaim}), with
 * the claim's name, its `claimName` entry (where findings point) and whether the volume is read-only
 * (`persistentVolumeClaim.readOnly: true`); `undefined` for other volumes and unresolved claims.
 */
function claimedHostPath(scope: FileScope, vol: Map<string, Entry>, claimed: ClaimedVolumes, namespace: string | undefined): { volume: HostPathVolume; claim: string; claimEntry: Entry; readOnly: boolean } | undefined {
  const pvcE = vol.get('persistentVolumeClaim');
  const pvc = pvcE && isMap(pvcE.value) ? mapOf(scope, pvcE.value) : undefined;
  const claimEntry = pvc?.get('claimName');
  const claim = scalar(scope, claimEntry?.value)?.text;
  if (!pvc || !claimEntry || !claim) return undefined;
  const r = resolveClaim(claimed, claim, namespace, scope.file.path);
  if (!r) return undefined;
  return { volume: r.volume, claim, claimEntry, readOnly: boolAt(scope, pvc.get('readOnly'), 'persistentVolumeClaim.readOnly')?.value === true };
}

/**
 * `resources.limits` of a container (over its Tekton step template's). Where the container sets no memory or CPU
 * limit, the pod-level `spec.resources.limits` caps it (Kubernetes "Assign Pod-level CPU and memory resources":
 * beta, on by default since 1.34): that limit is modelled, at the pod-level entry.
 */
function modelResources(scope: FileScope, c: ContainerSpec, cm: Map<string, Entry>, where: string, template?: Map<string, Entry>, podSpec?: Map<string, Entry>): void {
  const res = mapAt(scope, cm.get('resources'), `${where}.resources`);
  const tRes = mapAt(scope, template?.get('resources') ?? template?.get('computeResources'), 'stepTemplate.resources');
  const lim = withTemplate(mapAt(scope, res?.get('limits'), `${where}.resources.limits`), mapAt(scope, tRes?.get('limits'), 'stepTemplate.resources.limits'));
  const one = (k: string, conv: (v: string | number) => number | undefined): Sourced<number> | undefined => {
    const e = lim?.get(k);
    const t = scalar(scope, e?.value);
    if (!e || !t || typeof t.value === 'boolean') return undefined;
    // `${MEMORY_LIMIT}`: an OpenShift Template parameter or an envsubst placeholder, filled in before the API
    // server sees it. The limit is written but its value is not known: unresolved, not an input error.
    if (typeof t.value === 'string' && SHELL_PLACEHOLDER.test(t.value)) return { value: 0, origin: entryOrigin(scope, e), how: 'unresolved', raw: t.text };
    const n = conv(t.value);
    if (n === undefined) {
      report(scope, e.value, `\`${where}.resources.limits.${k}\` is not a Kubernetes quantity: ${JSON.stringify(t.text)}`);
      return undefined;
    }
    return { value: n, origin: entryOrigin(scope, e), how: 'explicit', raw: t.text };
  };
  const mem = one('memory', quantityBytes);
  const cpu = one('cpu', quantityNanoCpus);
  const eph = one('ephemeral-storage', quantityBytes);
  if (mem) c.resources.memory = mem;
  if (cpu) c.resources.nanoCpus = cpu;
  if (eph) c.resources.storageSize = eph;
  if ((mem && cpu) || !podSpec) return;
  const podLim = mapOf(scope, mapOf(scope, podSpec.get('resources')?.value)?.get('limits')?.value);
  const pod = (k: string, conv: (v: string | number) => number | undefined): Sourced<number> | undefined => {
    const e = podLim?.get(k);
    const t = scalar(scope, e?.value);
    const n = e && t && typeof t.value !== 'boolean' ? conv(t.value) : undefined;
    return n === undefined || !e || !t ? undefined : { value: n, origin: entryOrigin(scope, e), how: 'explicit', raw: t.text };
  };
  if (!mem) {
    const m = pod('memory', quantityBytes);
    if (m) c.resources.memory = m;
  }
  if (!cpu) {
    const n = pod('cpu', quantityNanoCpus);
    if (n) c.resources.nanoCpus = n;
  }
}

/**
 * The default limits a LimitRange of the container's namespace gives it at admission (Kubernetes "Limit Ranges":
 * the LimitRanger plugin sets `default.memory` / `default.cpu` of a `type: Container` item as the limit of a
 * container that sets none), from a LimitRange of the same manifest or of one beside it ({@link limitRangeFor}).
 * Modelled as `how: 'default'` at the LimitRange's `default` entry, its value named in `raw`.
 */
function limitRangeDefaults(scope: FileScope, c: ContainerSpec, namespace: string | undefined): void {
  const index = claimedVolumesOf(scope.file);
  if (!index?.limitRanges?.length) return;
  const ns = namespace ?? 'default';
  if (!c.resources.memory) {
    const lr = limitRangeFor(index, 'memory', namespace, scope.file.path);
    if (lr?.memory) c.resources.memory = { value: lr.memory.value, origin: lr.memory.origin, how: 'default', raw: `${lr.memory.raw} (default of LimitRange ${ns}/${lr.name})` };
  }
  if (!c.resources.nanoCpus) {
    const lr = limitRangeFor(index, 'cpu', namespace, scope.file.path);
    if (lr?.cpu) c.resources.nanoCpus = { value: lr.cpu.value, origin: lr.cpu.origin, how: 'default', raw: `${lr.cpu.raw} (default of LimitRange ${ns}/${lr.name})` };
  }
}

/** A ConfigMap of a manifest: its `data` entries, each with the scope of the document it is written in. */
interface ConfigMapData {
  scope: FileScope;
  data: Map<string, Entry>;
  /** `metadata.namespace`, when written. */
  namespace?: string;
}

/** The ConfigMaps of each manifest file, by `metadata.name`, in document order (see {@link noteConfigMaps}). */
const configMapsOf = new WeakMap<FileScope['file'], Map<string, ConfigMapData[]>>();

/**
 * The ConfigMap `name` a pod in `namespace` reads: references never cross namespaces (Kubernetes API: `configMapRef`
 * and `configMapKeyRef` name a ConfigMap of the pod's namespace), so one written in another namespace is not it; a
 * side that does not write its namespace takes the one `kubectl apply -n` gives both. One in the pod's own namespace
 * wins over one without; the later document wins among equals.
 */
function configMapFor(byName: Map<string, ConfigMapData[]> | undefined, name: string, namespace: string | undefined): ConfigMapData | undefined {
  let best: ConfigMapData | undefined;
  for (const cd of byName?.get(name) ?? []) {
    if (cd.namespace !== undefined && namespace !== undefined && cd.namespace !== namespace) continue;
    if (!best || cd.namespace === namespace || best.namespace !== namespace) best = cd;
  }
  return best;
}

/**
 * Records the ConfigMaps (core/v1, `data`) among a manifest's documents, so a container's `envFrom` `configMapRef`
 * and `valueFrom` `configMapKeyRef` in the same file resolve to the values written there (a later document with
 * the same name wins, as `kubectl apply` of the file leaves it). Called before the containers are modelled: the
 * ConfigMap may follow the workload.
 */
export function noteConfigMaps(docs: { scope: FileScope; root: Node | undefined }[], depth = 0): void {
  for (const { scope, root } of docs) {
    const m = mapOf(scope, root);
    const kind = m ? scalar(scope, m.get('kind')?.value)?.text : undefined;
    // A `List` (`kubectl get -o yaml` of several objects, `ConfigMapList`): its items, as documents.
    if (m && kind?.endsWith('List') && depth < 4) {
      const items = m.get('items')?.value;
      if (items && isSeq(items)) noteConfigMaps(items.items.map((it) => ({ scope, root: it as Node })), depth + 1);
      continue;
    }
    if (!m || kind !== 'ConfigMap') continue;
    const meta = mapOf(scope, m.get('metadata')?.value);
    const name = scalar(scope, meta?.get('name')?.value)?.text;
    const namespace = scalar(scope, meta?.get('namespace')?.value)?.text;
    const data = mapOf(scope, m.get('data')?.value);
    if (name === undefined || !data) continue;
    let byName = configMapsOf.get(scope.file);
    if (!byName) configMapsOf.set(scope.file, (byName = new Map()));
    const list = byName.get(name) ?? [];
    list.push({ scope, data, ...(namespace !== undefined ? { namespace } : {}) });
    byName.set(name, list);
  }
}

/**
 * The environment entry a ConfigMap value gives: its value is written in the manifest (kind `literal`), in a
 * ConfigMap, which Kubernetes neither encrypts at rest nor guards with Secret RBAC (Kubernetes docs "ConfigMaps":
 * "ConfigMap does not provide secrecy or encryption. If the data you want to store are confidential, use a Secret").
 * `origin`: where the finding points (the `envFrom` item's ConfigMap entry, or the `env` item that names the key).
 */
function configMapValue(name: string, cmName: string, cd: ConfigMapData, e: Entry, origin?: Origin): EnvVar | undefined {
  const v = scalar(cd.scope, e.value);
  if (!v) return undefined;
  return { name, raw: v.text, value: v.text, kind: 'literal', origin: origin ?? entryOrigin(cd.scope, e), valueOrigin: v.origin, from: `written in ConfigMap ${cmName}` };
}

function modelEnv(scope: FileScope, c: ContainerSpec, cm: Map<string, Entry>, where: string, template?: Map<string, Entry>, namespace?: string): void {
  // Earlier entries of this container's `env`, as `$(NAME)` references see them: a literal value, or unknown.
  const known = new Map<string, string | undefined>();
  const configMaps = configMapsOf.get(scope.file);
  // `envFrom` first (the kubelet sets them before `env`, whose entries win by name and may refer to them).
  for (const n of seqAt(scope, cm.get('envFrom'), `${where}.envFrom`) ?? []) {
    const m = mapOf(scope, n);
    const ref = mapOf(scope, m?.get('configMapRef')?.value);
    const cmName = scalar(scope, ref?.get('name')?.value)?.text;
    const cd = cmName !== undefined ? configMapFor(configMaps, cmName, namespace) : undefined;
    const prefix = scalar(scope, m?.get('prefix')?.value)?.text ?? '';
    const secretName = scalar(scope, mapOf(scope, m?.get('secretRef')?.value)?.get('name')?.value)?.text;
    const unseen: EnvFromSource | undefined = secretName !== undefined ? { kind: 'secret', name: secretName, prefix } : cmName !== undefined && !cd ? { kind: 'configMap', name: cmName, prefix } : undefined;
    if (unseen) {
      const prev = c.extra[ENV_FROM_SOURCES] as Sourced<EnvFromSource[]> | undefined;
      c.extra[ENV_FROM_SOURCES] = { value: [...(prev?.value ?? []), unseen], origin: prev?.origin ?? originOf(scope, n), how: 'explicit' };
    }
    if (!cd || cmName === undefined) continue;
    for (const [key, e] of cd.data) {
      const v = configMapValue(prefix + key, cmName, cd, e);
      if (!v) continue;
      const dup = c.env.findIndex((x) => x.name === v.name);
      if (dup >= 0) c.env.splice(dup, 1);
      c.env.push(v);
      known.set(v.name, v.value);
    }
  }
  const fromEnvFrom = new Set(c.env.map((e) => e.name));
  const own = seqAt(scope, cm.get('env'), `${where}.env`) ?? [];
  // A step template's variables the step does not set itself come first (Tekton merges `env` by name).
  const tEnv = template && template.get('env') !== cm.get('env') ? (seqAt(scope, template.get('env'), 'stepTemplate.env') ?? []) : [];
  const envName = (n: Node) => scalar(scope, mapOf(scope, n)?.get('name')?.value)?.text;
  const ownNames = new Set(own.map(envName));
  for (const n of [...tEnv.filter((t) => !ownNames.has(envName(t))), ...own]) {
    const m = mapOf(scope, n);
    const name = scalar(scope, m?.get('name')?.value);
    if (!m || !name) {
      report(scope, n, `\`${where}.env\` items need a name`);
      continue;
    }
    const origin = originOf(scope, n);
    // An `env` entry replaces an `envFrom` one of the same name.
    if (fromEnvFrom.has(name.text)) {
      const dup = c.env.findIndex((x) => x.name === name.text);
      if (dup >= 0) c.env.splice(dup, 1);
      fromEnvFrom.delete(name.text);
    }
    const from = mapOf(scope, m.get('valueFrom')?.value);
    if (from) {
      known.set(name.text, undefined);
      const ref = mapOf(scope, from.get('secretKeyRef')?.value);
      if (ref) {
        const sn = scalar(scope, ref.get('name')?.value)?.text ?? '';
        const key = scalar(scope, ref.get('key')?.value)?.text ?? '';
        c.secrets.push({ value: `${sn}/${key}`, origin, how: 'explicit' });
        // The variable's name, for `$(NAME)` in `command`/`args`, which the kubelet expands to the Secret's value.
        const prev = c.extra[SECRET_ENV] as Sourced<string[]> | undefined;
        c.extra[SECRET_ENV] = { value: [...(prev?.value ?? []), name.text], origin: prev?.origin ?? origin, how: 'explicit' };
      }
      const cmRef = mapOf(scope, from.get('configMapKeyRef')?.value);
      const cmName = scalar(scope, cmRef?.get('name')?.value)?.text;
      const key = scalar(scope, cmRef?.get('key')?.value)?.text;
      const cd = cmName !== undefined ? configMapFor(configMaps, cmName, namespace) : undefined;
      const entry = key !== undefined ? cd?.data.get(key) : undefined;
      const v = cd && entry && cmName !== undefined ? configMapValue(name.text, cmName, cd, entry, origin) : undefined;
      if (v && key !== name.text) v.sourceKey = key;
      if (v) {
        c.env.push(v);
        known.set(name.text, v.value);
      }
      continue;
    }
    const t = scalar(scope, m.get('value')?.value);
    const raw = t?.text ?? '';
    const x = expandEnv(raw, known);
    // `${NAME}` is not a kubelet reference: it reaches the container as written, a placeholder filled in before
    // `kubectl apply` (envsubst) or by the application (Spring `${…}`). The secret is not in the file: interpolated.
    const placeholder = SHELL_PLACEHOLDER.test(raw);
    const e: EnvVar = { name: name.text, raw, kind: x.resolved && !placeholder ? 'literal' : 'interpolated', origin, value: x.value };
    if (t) e.valueOrigin = t.origin;
    c.env.push(e);
    known.set(name.text, x.resolved && !placeholder ? x.value : undefined);
  }
}

/**
 * Expands the `$(NAME)` references of a Kubernetes env value as the kubelet does (k8s.io/kubernetes
 * `third_party/forked/golang/expansion`): `$$` is one `$`; `$(NAME)` is the value of `NAME` when `known` has a
 * literal for it; any other `$` is kept. A reference `known` cannot resolve (an entry from `valueFrom`, a name
 * that may come from `envFrom`, an undefined name, which the kubelet leaves as written) makes the result
 * unresolved and is written `${NAME}` in `value`, the spelling of an unresolved variable elsewhere in the model.
 * @param raw the value as written in the manifest
 * @param known earlier entries of the container's `env`: name → literal value, or `undefined` when not known
 * @returns the expanded `value`, and `resolved: true` when every reference had a literal value
 */
export function expandEnv(raw: string, known: ReadonlyMap<string, string | undefined>): { value: string; resolved: boolean } {
  let value = '';
  let resolved = true;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== '$' || i + 1 >= raw.length) {
      value += ch;
      continue;
    }
    const next = raw[i + 1];
    if (next === '$') {
      value += '$';
      i++;
      continue;
    }
    const close = next === '(' ? raw.indexOf(')', i + 2) : -1;
    if (close < 0) {
      value += ch;
      continue;
    }
    const name = raw.slice(i + 2, close);
    const v = known.get(name);
    if (v !== undefined) value += v;
    else {
      resolved = false;
      value += `\${${name}}`;
    }
    i = close;
  }
  return { value, resolved };
}

function modelPorts(scope: FileScope, c: ContainerSpec, cm: Map<string, Entry>, where: string): void {
  for (const n of seqAt(scope, cm.get('ports'), `${where}.ports`) ?? []) {
    const m = mapOf(scope, n);
    if (!m) continue;
    const cp = intAt(scope, m.get('containerPort'), `${where}.ports[].containerPort`, 1, 65535);
    // `hostPort: 0` is the field's unset value (core/v1 validation checks hostPort only when non-zero;
    // Helm charts render `hostPort: {{ .Values.hostPort | default 0 }}`): no published port, not an error.
    const hpRaw = m.get('hostPort');
    const hpE = hpRaw && scalar(scope, hpRaw.value)?.value === 0 ? undefined : hpRaw;
    // `hostPort: ${{HOST_PORT}}` (a template parameter): a host port is published, its number written as the parameter.
    const hp = intAt(scope, hpE, `${where}.ports[].hostPort`, 1, 65535) ?? templateParameterAt(scope, hpE);
    const proto = (scalar(scope, m.get('protocol')?.value)?.text ?? 'TCP').toLowerCase();
    if (hpE && hp) {
      const p: Port = { containerPort: cp?.text ?? templateParameterAt(scope, m.get('containerPort'))?.text ?? '', hostPort: hp.text, protocol: proto === 'udp' || proto === 'sctp' ? proto : 'tcp', origin: entryOrigin(scope, hpE) };
      const ip = scalar(scope, m.get('hostIP')?.value);
      if (ip) p.hostIp = ip.text;
      c.ports.push(p);
    } else if (cp) c.expose.push({ value: cp.text, origin: cp.origin, how: 'explicit' });
  }
}
