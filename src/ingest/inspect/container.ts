/**
 * One `docker inspect` / `podman inspect` container object → {@link ContainerSpec}.
 *
 * Field meanings follow the Docker Engine API (`GET /containers/{id}/json`, ContainerInspectResponse:
 * `HostConfig`, `Config`, `Mounts`, `NetworkSettings`; https://docs.docker.com/reference/api/engine/)
 * and podman's `podman container inspect` (capabilities with `CAP_`, `EffectiveCaps`, `OCIRuntime`,
 * `RLIMIT_` ulimit names, `private` namespace modes). Requirements: the model inputs of
 * requirements.md (inspect output and a live engine feed the same rules), R-B, R-K, R-D/R-G6, R-S.
 *
 * Inspect output shows every setting, set or not; values that mean "not set" (`"Memory": 0`,
 * `"PidsLimit": 0|null|-1`, `"CapDrop": null`, `"User": ""`, `"ReadonlyRootfs": false`) are modelled as
 * not set, and where they are written goes to `unsetAt` so findings about missing settings point there.
 * Note: Docker merges the image's config into the container's `Config` at create time, so `Config.Env`,
 * `Cmd`, `ExposedPorts`, `Labels` and a non-empty `User` may come from the image.
 */
import { ALL_CAPABILITIES, DOCKER_DEFAULT_CAPABILITIES, normalizeCapability } from '../../model/capabilities.js';
import {
  emptyContainer,
  explicit,
  type ContainerSpec,
  type Mount,
  type NamespaceMode,
  type Origin,
  type Port,
  type RestartPolicy,
  type SecurityOpt,
  type Sourced,
} from '../../model/types.js';
import type { SourceRange } from '../../model/source.js';
import { parseBytes } from '../compose/units.js';
import { isSecretEnv } from '../../rules/util/secrets.js';
import { labelSecretRanges, loggingSecretRanges } from '../run/log-secrets.js';
import type { Locate } from './json.js';
import { escapePointer } from './pointer.js';
import { asBindMount, localBindDevice } from '../sharing.js';

/**
 * What an image's config says (`docker image inspect` / `podman image inspect` → `Config`): default
 * user (`''` = root), environment (`KEY=value`), exposed ports (`80/tcp`), healthcheck, labels. Used so
 * "no user" becomes definite when the image's user is root (CIS 4.1).
 */
export interface ImageFacts {
  /** Image id as inspected (`sha256:…` for Docker, bare hex for podman). */
  id?: string;
  /** `Config.User`; `''` when the image sets none (root). `undefined` when the object has no `Config`. */
  user?: string;
  env: string[];
  exposedPorts: string[];
  /** `Config.Healthcheck` as inspected (`{Test: ['CMD-SHELL', …], Interval: ns, …}`). */
  healthcheck?: unknown;
  labels: Record<string, string>;
  /** `RepoTags` (`nginx:1.27`), used to match a container's `Config.Image` to the image. */
  repoTags?: string[];
}

/** A JSON object (not an array, not null). */
export type Obj = Record<string, unknown>;

/** Whether a JSON value is an object. */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at key `k` of `o`, or undefined when it is missing or not an object. */
export function objAt(o: Obj | undefined, k: string): Obj | undefined {
  const v = o?.[k];
  return isObj(v) ? v : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Whether a JSON object is a container from `docker inspect` / `podman inspect` (it has `HostConfig`, or `State` and `Config`). */
export function isContainerObject(v: unknown): boolean {
  return isObj(v) && (isObj(v.HostConfig) || (isObj(v.State) && isObj(v.Config)));
}

/** Whether a JSON object is an image from `docker image inspect` / `podman image inspect` (`RootFS`, or `Config` with `RepoTags`/`Architecture` and no `HostConfig`). */
export function isImageObject(v: unknown): boolean {
  return isObj(v) && !isObj(v.HostConfig) && (isObj(v.RootFS) || (isObj(v.Config) && (Array.isArray(v.RepoTags) || typeof v.Architecture === 'string')));
}

/** Reads an image object's config into {@link ImageFacts}. Never throws; unknown shapes give empty facts. */
export function imageFactsFromInspect(obj: unknown): ImageFacts {
  const o = isObj(obj) ? obj : {};
  const cfg = objAt(o, 'Config');
  const facts: ImageFacts = {
    env: strings(cfg?.Env),
    exposedPorts: Object.keys(objAt(cfg, 'ExposedPorts') ?? {}),
    labels: Object.fromEntries(Object.entries(objAt(cfg, 'Labels') ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string')),
  };
  if (typeof o.Id === 'string') facts.id = o.Id;
  // OCI image configs (podman) omit an empty User: a Config without User means root.
  if (cfg) facts.user = str(cfg.User) ?? '';
  if (cfg?.Healthcheck !== undefined && cfg.Healthcheck !== null) facts.healthcheck = cfg.Healthcheck;
  const tags = strings(o.RepoTags);
  if (tags.length) facts.repoTags = tags;
  return facts;
}

/**
 * The characters of the secret values in an image object's environment (`Config.Env`, and the legacy
 * `ContainerConfig.Env` of `docker image inspect` before Docker 26), so reports mask them (R-S: secrets never appear
 * in bulwark's output). Images are not audited targets, but their lines can appear in a report's source excerpts
 * (one-line `docker inspect` output, a container and its image side by side). Secret = {@link isSecretEnv}.
 */
export function imageEnvSecretRanges(obj: unknown, locate: Locate): SourceRange[] {
  const o = isObj(obj) ? obj : {};
  const out: SourceRange[] = [];
  for (const k of ['Config', 'ContainerConfig']) {
    strings(objAt(o, k)?.Env).forEach((e, i) => {
      const eq = e.indexOf('=');
      if (eq < 0 || !isSecretEnv(e.slice(0, eq), e.slice(eq + 1))) return;
      const p = `/${k}/Env/${i}`;
      const r = subOrigin(locate, p, e, eq + 1, e.length);
      if (r.kind === 'file' && r.pointer === p) out.push({ file: r.file, start: r.start, end: r.end });
    });
  }
  return out;
}

/**
 * The characters of the secret values in a container's settings that inspect output (a file, or a live engine's
 * answer) shows besides `Env` and the command: logging driver options (`HostConfig.LogConfig.Config`, Swarm
 * `TaskTemplate.LogDriver.Options`: `splunk-token`, `*password*`, URL credentials; the classification of
 * `--log-opt` and daemon.json `log-opts`, {@link loggingSecretRanges}) and secret labels (`Config.Labels`,
 * `labelSecret` of rules/util/secrets.ts: the secret's characters), so every report masks them (R-S). `text` is the text of `file` the origins point into;
 * a value that is not written literally there (JSON escapes) is masked with its whole string. Never throws.
 */
export function inspectConfigSecretRanges(c: ContainerSpec, file: string, text: string): SourceRange[] {
  const texts = new Map([[file, text]]);
  return [...loggingSecretRanges([c], texts), ...labelSecretRanges([c], texts)];
}

/** The source range of an origin, for a {@link Target}: a file range, or the start of `file` for a bare engine pointer. */
function rangeOf(o: Origin, file: string): SourceRange {
  if (o.kind === 'file') return { file: o.file, start: o.start, end: o.end };
  if (o.start !== undefined) return { file: o.file ?? file, start: o.start, end: o.end ?? o.start };
  return { file, start: 0, end: 0 };
}

/**
 * Origin of characters `[from, to)` of the string value at `pointer`, when the file shows that string
 * without escapes (so characters map one to one); otherwise the whole value (wider, so masking stays safe).
 */
function subOrigin(locate: Locate, pointer: string, value: string, from: number, to: number): Origin {
  const o = locate(pointer);
  if (o.kind !== 'file' || o.pointer !== pointer) return o;
  const len = o.end - o.start;
  const q = len === value.length + 2 ? 1 : len === value.length ? 0 : -1;
  if (q < 0) return o;
  return { kind: 'file', file: o.file, start: o.start + q + from, end: o.start + q + to, pointer };
}

const PROPAGATION = new Set(['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']);

/** Applies bind/volume mode tokens (`ro`, `rw`, `z`, `Z`, propagation, others kept as options). */
function applyModes(m: Mount, tokens: string[]): void {
  for (const t of tokens) {
    if (t === '') continue;
    if (t === 'ro') m.readOnly = true;
    else if (t === 'rw') m.readOnly = false;
    else if (t === 'z' || t === 'Z') m.selinuxRelabel = t;
    else if (PROPAGATION.has(t)) m.propagation = t;
    else if (!m.options.includes(t)) m.options.push(t);
  }
}

/** Parses a `HostConfig.Binds` entry (`/host:/ctr[:ro,Z,rshared]`, `volume:/ctr`, Windows `C:\x:c:\y`). */
function bindEntry(s: string, locate: Locate, pointer: string): Mount | undefined {
  const pieces = s.split(':');
  // Windows paths keep their drive letter, on either side (`C:\\inetpub\\wwwroot:C:\\inetpub\\wwwroot`, `data:c:\\data:ro`).
  const drive = (i: number) => pieces.length >= 3 && /^[A-Za-z]$/.test(pieces[i]) && /^[\\/]/.test(pieces[i + 1] ?? '');
  if (drive(0)) pieces.splice(0, 2, `${pieces[0]}:${pieces[1]}`);
  if (drive(1)) pieces.splice(1, 2, `${pieces[1]}:${pieces[2]}`);
  const origin = locate(pointer);
  if (pieces.length === 1) {
    if (s === '') return undefined;
    return { type: 'volume', target: s, readOnly: false, options: [], origin, syntax: 'inspect' };
  }
  const [src, dst, ...rest] = pieces;
  const isPath = src.startsWith('/') || /^[A-Za-z]:[\\/]/.test(src);
  const m: Mount = {
    type: isPath ? 'bind' : 'volume',
    source: src,
    sourceRaw: src,
    target: dst,
    readOnly: false,
    options: [],
    origin,
    sourceOrigin: subOrigin(locate, pointer, s, 0, src.length),
    syntax: 'inspect',
  };
  applyModes(m, rest.join(':').split(','));
  return m;
}

/** Mount type of an inspect `Type` (`glob` binds of podman are host paths; devpts and others are not modelled). */
function mountType(t: string | undefined): Mount['type'] | undefined {
  if (t === 'bind' || t === 'glob') return 'bind';
  if (t === 'volume' || t === 'tmpfs' || t === 'npipe' || t === 'image' || t === 'cluster') return t;
  return undefined;
}

/** Namespace mode of an inspect `*Mode` value; `undefined` for `''` (Docker's default, not set). */
function nsMode(v: string, network: boolean): NamespaceMode | undefined {
  if (v === '') return undefined;
  const i = v.indexOf(':');
  const head = i < 0 ? v : v.slice(0, i);
  if (head === 'container' && i >= 0) return { mode: 'container', ref: v.slice(i + 1) };
  if (head === 'ns' && i >= 0) return { mode: 'container', ref: v.slice(i + 1) };
  if (v === 'host' || v === 'none' || v === 'private' || v === 'shareable') return { mode: v };
  return network ? { mode: 'network', ref: v } : { mode: 'private' };
}

/** Splits a security option in `key=value` or `key:value` form (whichever comes first), as Docker stores them. */
function securityOpt(raw: string, origin: Origin): SecurityOpt {
  const s = raw.trim();
  const i = s.search(/[=:]/);
  const key = (i < 0 ? s : s.slice(0, i)).trim().toLowerCase();
  let value = i < 0 ? '' : s.slice(i + 1).trim();
  if (key === 'no-new-privileges' && value === '') value = 'true';
  return { key, value, raw, origin, how: 'explicit' };
}

/** SELinux type of a process label `user:role:type:level` (`container_t`, `spc_t`). */
export function selinuxType(label: string): string | undefined {
  const parts = label.split(':');
  return parts.length >= 3 ? parts[2] : undefined;
}

/** `"21/tcp"` → `['21', 'tcp']`. */
function portKey(k: string): [string, Port['protocol']] {
  const [p, proto] = k.split('/');
  return [p, proto === 'udp' || proto === 'sctp' ? proto : 'tcp'];
}

/**
 * Builds a ContainerSpec from ONE container inspect object (`docker inspect`, `podman inspect`, or the
 * Engine API's `GET /containers/{id}/json`).
 * @param obj the container object (unknown shapes give an almost empty spec; never throws)
 * @param locate the Origin of the value at a JSON pointer relative to `obj` (`/HostConfig/Privileged`), or of
 *   its nearest existing parent; for files it carries the exact characters, for a live engine a pointer
 * @param source `inspect` for files, `engine` for a live engine
 * @param file the path findings name (the inspect file, or the engine's pseudo-file)
 * @param image the facts of the container's image, when it was inspected: an empty or root image user then
 *   makes "no user" definite (`imageUser`)
 */
export function containerFromInspect(obj: unknown, locate: Locate, source: 'inspect' | 'engine', file: string, image?: ImageFacts): ContainerSpec {
  const o = isObj(obj) ? obj : {};
  const hc = objAt(o, 'HostConfig') ?? {};
  const cfg = objAt(o, 'Config') ?? {};
  const H = (k: string) => `/HostConfig/${escapePointer(k)}`;
  const C = (k: string) => `/Config/${escapePointer(k)}`;
  const has = (x: Obj, k: string) => Object.prototype.hasOwnProperty.call(x, k);

  const rawName = str(o.Name);
  const id = str(o.Id) ?? str(o.ID);
  const name = rawName?.replace(/^\//, '') || id?.replace(/^sha256:/, '').slice(0, 12) || 'container';
  const c = emptyContainer({ kind: 'container', name, range: rangeOf(locate(rawName !== undefined ? '/Name' : ''), file) }, source, file);
  // Findings name the container and its id (issue 3: "Findings point at the container (name and id)").
  const bare = id?.replace(/^sha256:/, '');
  if (bare && /^[0-9a-f]{12,64}$/i.test(bare)) c.target.id = bare;
  const unset: Record<string, Origin> = {};
  const at = <T>(v: T, pointer: string, raw?: string): Sourced<T> => explicit(v, locate(pointer), raw);

  if (id) c.extra.id = at(id, id === o.Id ? '/Id' : '/ID');

  // Image and user.
  const img = str(cfg.Image) || str(o.ImageName);
  if (img) c.image = at(img, str(cfg.Image) ? C('Image') : '/ImageName');
  const user = str(cfg.User);
  if (user) c.user = at(user, C('User'));
  else if (has(cfg, 'User')) unset.user = locate(C('User'));
  if (image?.user !== undefined) c.imageUser = { value: image.user, origin: locate(img && str(cfg.Image) ? C('Image') : '/Image'), how: 'default' };
  // dockerd fills an empty `Config.User` from the image's at create time (moby daemon/create.go mergeAndVerifyConfig →
  // merge: `if userConf.User == "" { userConf.User = imageConf.User }`; podman's specgen does the same): a container
  // whose inspected `User` is still `""` runs as the image's default user, and that user is root.
  else if (!user && typeof cfg.User === 'string') c.imageUser = { value: '', origin: locate(C('User')), how: 'default' };

  // Privileges.
  if (hc.Privileged === true) c.privileged = at(true, H('Privileged'));
  else if (has(hc, 'Privileged')) unset.privileged = locate(H('Privileged'));
  if (hc.ReadonlyRootfs === true) c.readOnlyRootfs = at(true, H('ReadonlyRootfs'));
  else if (has(hc, 'ReadonlyRootfs')) unset.readOnlyRootfs = locate(H('ReadonlyRootfs'));
  const caps = (k: 'CapAdd' | 'CapDrop') =>
    Array.isArray(hc[k])
      ? (hc[k] as unknown[]).flatMap((v, i) => {
          if (typeof v !== 'string') return [];
          const n = normalizeCapability(v);
          return [at(n, `${H(k)}/${i}`, n !== v ? v : undefined)];
        })
      : [];
  c.capAdd = caps('CapAdd');
  c.capDrop = caps('CapDrop');
  // `podman create --cap-add all` is written out as every capability podman holds, one by one (26 names beside its
  // 11 defaults), where Docker writes `"CapAdd": ["ALL"]`: a list that leaves out at most two capabilities of the
  // kernel's set besides the defaults and the drops (those the engine itself lacks, such as SYS_RESOURCE in a VM
  // that withholds it) is `ALL`, as the command line said, so the rules see one grant instead of 26.
  if (c.capAdd.length >= 20 && !c.capAdd.some((a) => a.value === 'ALL')) {
    const granted = new Set([...c.capAdd.map((a) => a.value), ...DOCKER_DEFAULT_CAPABILITIES, ...c.capDrop.map((d) => d.value)]);
    if (ALL_CAPABILITIES.filter((cap) => !granted.has(cap)).length <= 2) {
      c.capAdd = [{ value: 'ALL', origin: locate(H('CapAdd')), how: 'explicit', raw: `"CapAdd": ${c.capAdd.length} capabilities` }];
    }
  }
  if (c.capDrop.length === 0 && has(hc, 'CapDrop')) unset.capDrop = locate(H('CapDrop'));

  const secOpts = Array.isArray(hc.SecurityOpt) ? (hc.SecurityOpt as unknown[]) : [];
  secOpts.forEach((v, i) => {
    if (typeof v === 'string') c.securityOpt.push(securityOpt(v, locate(`${H('SecurityOpt')}/${i}`)));
  });
  if (has(hc, 'SecurityOpt') && !c.securityOpt.some((s) => s.key === 'no-new-privileges')) unset.securityOpt = locate(H('SecurityOpt'));
  const privileged = c.privileged !== undefined;
  const aa = str(o.AppArmorProfile);
  if (aa !== undefined) c.extra.appArmorProfile = at(aa, '/AppArmorProfile');
  if (aa === 'unconfined' && !privileged && !c.securityOpt.some((s) => s.key === 'apparmor')) {
    c.securityOpt.push({ key: 'apparmor', value: 'unconfined', raw: 'apparmor=unconfined', origin: locate('/AppArmorProfile'), how: 'explicit' });
  }
  // `--security-opt systempaths=unconfined` never reaches SecurityOpt: the docker CLI turns it into empty
  // `MaskedPaths` / `ReadonlyPaths` lists (docker/cli opts.go parseSystemPaths), and dockerd fills nil lists
  // with the default masks of a non-privileged container at create time (moby daemon/create.go, "Set the
  // default masked and readonly paths"). An empty list in inspect output is therefore the unmasking itself.
  // Privileged containers show nil lists and are reported as privileged already.
  if (!privileged && !c.securityOpt.some((s) => s.key === 'systempaths')) {
    const empty = (['MaskedPaths', 'ReadonlyPaths'] as const).find((k) => Array.isArray(hc[k]) && (hc[k] as unknown[]).length === 0);
    if (empty) c.securityOpt.push({ key: 'systempaths', value: 'unconfined', raw: `"${empty}": []`, origin: locate(H(empty)), how: 'explicit' });
  }
  const pl = str(o.ProcessLabel);
  if (pl !== undefined) c.extra.processLabel = at(pl, '/ProcessLabel');
  if (str(o.MountLabel) !== undefined) c.extra.mountLabel = at(str(o.MountLabel)!, '/MountLabel');
  if (pl && selinuxType(pl) === 'spc_t' && !c.securityOpt.some((s) => s.key === 'label')) {
    c.securityOpt.push({ key: 'label', value: 'type:spc_t', raw: 'label=type:spc_t', origin: locate('/ProcessLabel'), how: 'explicit' });
  }
  for (const k of ['EffectiveCaps', 'BoundingCaps'] as const) if (Array.isArray(o[k])) c.extra[k[0].toLowerCase() + k.slice(1)] = at(strings(o[k]).map(normalizeCapability), `/${k}`);
  // podman writes `HostConfig.CapAdd` / `CapDrop` relative to ITS default set (containers.conf
  // `default_capabilities`, which since podman 4.0 leaves out NET_RAW, MKNOD and AUDIT_WRITE), not Docker's 14,
  // so a default podman container shows `"CapDrop": []` while NET_RAW is not held. `BoundingCaps` is the
  // container's real bounding set (OCI `process.capabilities.bounding`; `EffectiveCaps` is empty for a
  // non-root user, so it is not used): a Docker default capability missing from it is dropped.
  if (Array.isArray(o.BoundingCaps) && !privileged) {
    const bounding = new Set(strings(o.BoundingCaps).map(normalizeCapability));
    const dropped = new Set(c.capDrop.map((d) => d.value));
    if (!dropped.has('ALL')) {
      for (const cap of DOCKER_DEFAULT_CAPABILITIES) {
        if (!bounding.has(cap) && !dropped.has(cap)) c.capDrop.push({ value: cap, origin: locate('/BoundingCaps'), how: 'explicit', raw: `${cap} not in "BoundingCaps"` });
      }
    }
    if (c.capDrop.length > 0) delete unset.capDrop;
  }
  if (str(o.OCIRuntime)) c.extra.ociRuntime = at(str(o.OCIRuntime)!, '/OCIRuntime');
  // `"Platform": "windows"`: a Windows container, where Linux-only controls (capabilities, seccomp, AppArmor,
  // no-new-privileges, pids limits, ulimits, a read-only root) do not exist (moby runconfig/hostconfig_windows.go,
  // daemon/daemon_windows.go reject or ignore them); rules read it as `extra.platform`.
  if (str(o.Platform)) c.extra.platform = at(str(o.Platform)!.toLowerCase(), '/Platform');
  const state = objAt(o, 'State');
  if (str(state?.Status)) c.extra.state = at(str(state!.Status)!, '/State/Status');

  // Mounts: Binds first (where `docker run -v` wrote them), then HostConfig.Mounts (--mount), Tmpfs, and the
  // effective Mounts list for anything else (anonymous volumes, image VOLUMEs). One mount per destination.
  const byTarget = new Map<string, Mount>();
  // Destinations compare without trailing separators; Windows ones (`c:\\x`, `\\\\.\\pipe\\…`) also without case, as NTFS does.
  const norm = (p: string) => {
    const windows = /^[A-Za-z]:[\\/]|\\/.test(p);
    const t = p.length > 1 ? p.replace(windows ? /[\\/]+$/ : /\/+$/, '') : p;
    return windows ? t.toLowerCase() : t;
  };
  const add = (m: Mount | undefined) => {
    if (m && !byTarget.has(norm(m.target))) byTarget.set(norm(m.target), m);
  };
  strings(hc.Binds).forEach((b, i) => add(bindEntry(b, locate, `${H('Binds')}/${i}`)));
  const hcMounts = Array.isArray(hc.Mounts) ? (hc.Mounts as unknown[]) : [];
  hcMounts.forEach((v, i) => {
    if (!isObj(v)) return;
    const type = mountType(str(v.Type));
    const target = str(v.Target);
    if (!type || !target) return;
    const p = `${H('Mounts')}/${i}`;
    const m: Mount = { type, target, readOnly: v.ReadOnly === true, options: [], origin: locate(p), syntax: 'inspect' };
    const src = str(v.Source);
    if (src) Object.assign(m, { source: src, sourceRaw: src, sourceOrigin: locate(`${p}/Source`) });
    const prop = str(objAt(v, 'BindOptions')?.Propagation);
    if (prop) m.propagation = prop;
    const tmp = objAt(v, 'TmpfsOptions');
    if (num(tmp?.SizeBytes)) m.options.push(`size=${tmp!.SizeBytes}`);
    if (num(tmp?.Mode)) m.options.push(`mode=${(tmp!.Mode as number).toString(8)}`);
    if (objAt(v, 'VolumeOptions')?.NoCopy === true) m.options.push('nocopy');
    // `--mount type=volume,volume-opt=o=bind,volume-opt=device=/etc`: a volume the local driver binds from the host.
    const dc = objAt(objAt(v, 'VolumeOptions'), 'DriverConfig');
    const bound = type === 'volume' ? localBindDevice(dc?.Name, dc?.Options) : undefined;
    if (bound) asBindMount(m, { ...bound, origin: locate(`${p}/VolumeOptions/DriverConfig/Options/device`) });
    add(m);
  });
  for (const [target, opts] of Object.entries(objAt(hc, 'Tmpfs') ?? {})) {
    const options = (str(opts) ?? '').split(',').filter((x) => x !== '');
    add({ type: 'tmpfs', target, readOnly: options.includes('ro'), options, origin: locate(`${H('Tmpfs')}/${escapePointer(target)}`), syntax: 'tmpfs' });
  }
  const effective = Array.isArray(o.Mounts) ? (o.Mounts as unknown[]) : [];
  effective.forEach((v, i) => {
    if (!isObj(v)) return;
    const target = str(v.Destination);
    const type = mountType(str(v.Type));
    if (!target || !type) return;
    const known = byTarget.get(norm(target));
    if (known) {
      // The effective state confirms what Binds wrote: RW and propagation as the engine applied them.
      if (typeof v.RW === 'boolean' && known.syntax !== 'tmpfs') known.readOnly = !v.RW;
      if (!known.propagation && str(v.Propagation) && known.type === 'bind') Object.assign(known, { propagation: str(v.Propagation), propagationEffective: true });
      return;
    }
    const p = `/Mounts/${i}`;
    const src = type === 'volume' ? str(v.Name) || str(v.Source) : str(v.Source);
    const m: Mount = { type, target, readOnly: v.RW === false, options: [], origin: locate(p), syntax: 'inspect' };
    if (src) Object.assign(m, { source: src, sourceRaw: src, sourceOrigin: locate(`${p}/${type === 'volume' && str(v.Name) ? 'Name' : 'Source'}`) });
    applyModes(m, (str(v.Mode) ?? '').split(','));
    if (v.RW === false) m.readOnly = true;
    if (str(v.Propagation)) m.propagation = str(v.Propagation);
    add(m);
  });
  c.mounts = [...byTarget.values()];

  const devs = Array.isArray(hc.Devices) ? (hc.Devices as unknown[]) : [];
  devs.forEach((v, i) => {
    if (!isObj(v) || !str(v.PathOnHost)) return;
    const perms = str(v.CgroupPermissions) ?? '';
    c.devices.push({
      hostPath: str(v.PathOnHost)!,
      containerPath: str(v.PathInContainer) || str(v.PathOnHost)!,
      permissions: perms || 'rwm',
      permissionsExplicit: perms !== '',
      origin: locate(`${H('Devices')}/${i}`),
    });
  });
  c.deviceCgroupRules = strings(hc.DeviceCgroupRules).map((r, i) => at(r, `${H('DeviceCgroupRules')}/${i}`));
  // Docker 1.x with the LXC exec driver (`docker -d -e lxc`, removed in Docker 1.10; the paper's setting, §V.2.12):
  // `--lxc-conf` settings in `HostConfig.LxcConf` (`[{"Key": …, "Value": …}]`) that switch controls off. The
  // AppArmor profile (`lxc.aa_profile`, LXC 2.1+ `lxc.apparmor.profile`) and device cgroup rules
  // (`lxc.cgroup.devices.allow`, the same `type major:minor perms` syntax as `--device-cgroup-rule`) are modelled.
  const lxcConf = Array.isArray(hc.LxcConf) ? (hc.LxcConf as unknown[]) : [];
  lxcConf.forEach((v, i) => {
    const key = isObj(v) ? str(v.Key)?.trim() : undefined;
    const value = isObj(v) ? str(v.Value)?.trim() : undefined;
    if (!key || !value) return;
    const p = `${H('LxcConf')}/${i}/Value`;
    if ((key === 'lxc.aa_profile' || key === 'lxc.apparmor.profile') && value === 'unconfined' && !privileged && !c.securityOpt.some((o) => o.key === 'apparmor')) {
      c.securityOpt.push({ key: 'apparmor', value: 'unconfined', raw: `${key}=${value}`, origin: locate(p), how: 'explicit' });
    } else if (key === 'lxc.cgroup.devices.allow') c.deviceCgroupRules.push(at(value, p));
  });

  // Namespaces.
  const ns = (k: string, network: boolean) => {
    const v = str(hc[k]);
    const m = v === undefined ? undefined : nsMode(v, network);
    return m ? at(m, H(k), v) : undefined;
  };
  const nsTable: [keyof ContainerSpec['namespaces'], string, boolean][] = [
    ['network', 'NetworkMode', true],
    ['pid', 'PidMode', false],
    ['ipc', 'IpcMode', false],
    ['uts', 'UTSMode', false],
    ['userns', 'UsernsMode', false],
    ['cgroupns', 'CgroupnsMode', false],
  ];
  for (const [field, key, network] of nsTable) {
    const v = ns(key, network);
    if (v) c.namespaces[field] = v;
  }
  const nets = objAt(objAt(o, 'NetworkSettings'), 'Networks') ?? {};
  c.networks = Object.keys(nets).map((n) => at(n, `/NetworkSettings/Networks/${escapePointer(n)}`));

  // Resources (Engine API units: bytes, nanoCPUs, µs; 0 means "not set").
  const r = c.resources;
  const pos = (k: string, field: 'memory' | 'memorySwap' | 'memoryReservation' | 'nanoCpus' | 'cpuShares' | 'cpuQuota' | 'cpuPeriod' | 'pidsLimit' | 'blkioWeight', unsetKey?: string) => {
    const v = num(hc[k]);
    if (v !== undefined && v > 0) r[field] = at(v, H(k));
    else if (unsetKey && has(hc, k)) unset[unsetKey] = locate(H(k));
  };
  pos('Memory', 'memory', 'memory');
  const swap = num(hc.MemorySwap);
  if (swap !== undefined && swap !== 0) r.memorySwap = at(swap, H('MemorySwap'));
  pos('MemoryReservation', 'memoryReservation');
  pos('NanoCpus', 'nanoCpus', 'nanoCpus');
  pos('CpuShares', 'cpuShares');
  pos('CpuQuota', 'cpuQuota');
  pos('CpuPeriod', 'cpuPeriod');
  pos('PidsLimit', 'pidsLimit', 'pidsLimit');
  pos('BlkioWeight', 'blkioWeight');
  // `OomKillDisable` is `false` or `null` when not set; `OomScoreAdj` 0.
  if (hc.OomKillDisable === true) r.oomKillDisable = at(true, H('OomKillDisable'));
  const oomAdj = num(hc.OomScoreAdj);
  if (oomAdj !== undefined && oomAdj !== 0) r.oomScoreAdj = at(oomAdj, H('OomScoreAdj'));
  if (str(hc.CpusetCpus)) r.cpusetCpus = at(str(hc.CpusetCpus)!, H('CpusetCpus'));
  if (str(hc.CpusetMems)) r.cpusetMems = at(str(hc.CpusetMems)!, H('CpusetMems'));
  const ulimits = Array.isArray(hc.Ulimits) ? (hc.Ulimits as unknown[]) : [];
  ulimits.forEach((v, i) => {
    if (!isObj(v) || !str(v.Name)) return;
    r.ulimits.push({ name: str(v.Name)!.toLowerCase().replace(/^rlimit_/, ''), soft: num(v.Soft), hard: num(v.Hard), origin: locate(`${H('Ulimits')}/${i}`) });
  });
  if (r.ulimits.length === 0 && has(hc, 'Ulimits')) unset.ulimits = locate(H('Ulimits'));
  const size = objAt(hc, 'StorageOpt')?.size;
  const bytes = typeof size === 'string' || typeof size === 'number' ? parseBytes(size) : undefined;
  if (bytes !== undefined) r.storageSize = at(bytes, `${H('StorageOpt')}/size`, String(size));

  const rp = objAt(hc, 'RestartPolicy');
  const rpName = str(rp?.Name);
  if (rpName) {
    const policy: RestartPolicy = { name: rpName };
    if (rpName === 'on-failure' && num(rp!.MaximumRetryCount) !== undefined) policy.maxRetries = num(rp!.MaximumRetryCount);
    c.restart = at(policy, `${H('RestartPolicy')}/Name`);
  }
  if (str(hc.Runtime)) c.runtime = at(str(hc.Runtime)!, H('Runtime'));

  // Environment: `KEY=value` strings; the value characters are what reports mask. An entry without `=`
  // (`docker run -e KEY` with KEY unset in the client's environment) is not in the container's environment
  // at all: dockerd removes it when it builds the process environment (moby container/env.go
  // ReplaceOrAppendEnvValues: "Values w/o = means they want this env to be removed/unset"), so it holds no
  // value and is left out (EXPECTED.md: a secret-sounding variable without a value is not a secret).
  strings(cfg.Env).forEach((e, i) => {
    const p = `${C('Env')}/${i}`;
    const eq = e.indexOf('=');
    if (eq < 0) return;
    const value = e.slice(eq + 1);
    c.env.push({ name: e.slice(0, eq), value, raw: value, kind: 'literal', origin: locate(p), valueOrigin: subOrigin(locate, p, e, eq + 1, e.length) });
  });

  // Ports: PortBindings as configured; NetworkSettings.Ports for what the engine published beyond them (-P).
  // The engine lists one publishing on all interfaces twice, `0.0.0.0` and `::` with the same host port
  // (Docker 20.10+, IPv4 and IPv6 listeners): that is one port, kept once (at its first entry).
  const bound = new Set<string>();
  const addPorts = (map: Obj | undefined, base: string, engineView: boolean) => {
    for (const [k, list] of Object.entries(map ?? {})) {
      if (!Array.isArray(list) || bound.has(k)) continue;
      const [containerPort, protocol] = portKey(k);
      const wildcard = new Set<string>();
      list.forEach((b, i) => {
        if (!isObj(b)) return;
        if (engineView && (b.HostIp === '0.0.0.0' || b.HostIp === '::')) {
          const hp = String(b.HostPort ?? '');
          if (wildcard.has(hp)) return;
          wildcard.add(hp);
        }
        const port: Port = { containerPort, protocol, origin: locate(`${base}/${escapePointer(k)}/${i}`) };
        if (str(b.HostIp)) port.hostIp = str(b.HostIp);
        if (str(b.HostPort)) port.hostPort = str(b.HostPort);
        c.ports.push(port);
      });
    }
    for (const k of Object.keys(map ?? {})) if (Array.isArray(map![k])) bound.add(k);
  };
  addPorts(objAt(hc, 'PortBindings'), H('PortBindings'), false);
  addPorts(objAt(objAt(o, 'NetworkSettings'), 'Ports'), '/NetworkSettings/Ports', true);
  const exposed = Object.keys(objAt(cfg, 'ExposedPorts') ?? {});
  if (hc.PublishAllPorts === true) {
    // `-P` on a container that has not run yet: every exposed port goes to an ephemeral port on all interfaces.
    for (const k of exposed) {
      if (bound.has(k)) continue;
      const [containerPort, protocol] = portKey(k);
      c.ports.push({ containerPort, protocol, origin: locate(H('PublishAllPorts')) });
    }
  }
  c.expose = exposed.map((k) => at(k, `${C('ExposedPorts')}/${escapePointer(k)}`));

  const hcheck = objAt(cfg, 'Healthcheck');
  const test = strings(hcheck?.Test);
  if (test.length) {
    const disabled = test[0] === 'NONE';
    c.healthcheck = at(disabled ? { disabled } : { disabled, test: test.join(' '), testArgs: test }, `${C('Healthcheck')}/Test`);
  }
  const lc = objAt(hc, 'LogConfig');
  if (lc) {
    c.logging = { options: {} };
    if (str(lc.Type)) c.logging.driver = at(str(lc.Type)!, `${H('LogConfig')}/Type`);
    for (const [k, v] of Object.entries(objAt(lc, 'Config') ?? {})) if (typeof v === 'string') c.logging.options[k] = at(v, `${H('LogConfig')}/Config/${escapePointer(k)}`);
  }
  for (const [k, v] of Object.entries(objAt(hc, 'Sysctls') ?? {})) {
    if (typeof v === 'string' || typeof v === 'number') c.sysctls.push({ name: k, value: String(v), origin: locate(`${H('Sysctls')}/${escapePointer(k)}`) });
  }
  const list = (k: string) => strings(hc[k]).map((v, i) => at(v, `${H(k)}/${i}`));
  c.links = list('Links');
  c.volumesFrom = list('VolumesFrom');
  c.groupAdd = list('GroupAdd');
  if (typeof hc.Init === 'boolean') c.init = at(hc.Init, H('Init'));
  if (hc.AutoRemove === true) c.autoRemove = at(true, H('AutoRemove'));
  const words = (k: string) => {
    const v = cfg[k];
    if (Array.isArray(v)) return at(strings(v), C(k));
    return typeof v === 'string' && v !== '' ? at([v], C(k)) : undefined;
  };
  c.command = words('Cmd');
  c.entrypoint = words('Entrypoint');
  for (const [k, v] of Object.entries(objAt(cfg, 'Labels') ?? {})) if (typeof v === 'string') c.labels[k] = at(v, `${C('Labels')}/${escapePointer(k)}`);

  if (Object.keys(unset).length) c.unsetAt = unset;
  return c;
}
