/**
 * Models one Compose service mapping (of one file, before `extends` and overrides) as a ContainerSpec.
 *
 * Source: compose-spec "Services top-level elements" (https://github.com/compose-spec/compose-spec/blob/main/05-services.md),
 * compose-spec "deploy" (09-deploy.md). Field names follow src/model/types.ts. Every value carries the
 * origin of the narrowest node that wrote it (list item, value scalar, `key: value` entry for maps).
 * Requirements served: R-B (privileged, caps, mounts, devices, namespaces), R-K (user, read_only,
 * security_opt), R-D / R-G6 (resources), R-S (environment), R-G4, R-G7, R-G8, R-G12, R-G13, R-G15.
 */
import { posix } from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { normalizeCapability } from '../../model/capabilities.js';
import {
  apiSocketMount,
  emptyContainer,
  type BuildSpec,
  type CommandWords,
  type EmbeddedTextMap,
  type ContainerSpec,
  type Device,
  type EnvVar,
  type Mount,
  type NamespaceMode,
  type Origin,
  type Port,
  type RestartPolicy,
  type SecurityOpt,
  type Sourced,
  type Target,
} from '../../model/types.js';
import { isPasswordHash, isSecretEnv, passwordRange, writtenUrlPassword } from '../../rules/util/secrets.js';
import { directoryVariable, joinDriveLetters } from '../run/values.js';
import { dotEnvFileOf } from './interpolate.js';
import { DEPLOY_VALUES, setMergeTags } from './merge.js';
import { parseBool, parseBytes, parseInteger, parseNanoCpus, shellSplit } from './units.js';
import {
  baseDirOf,
  deref,
  interpolatePart,
  mapOf,
  OVERRIDE_TAG,
  report,
  RESET_TAG,
  seqOf,
  sourced,
  spanOf,
  subOrigin,
  taggedKeys,
  text,
  type Entry,
  type FileScope,
  type Text,
} from './yamlnodes.js';

/** Keys this module models; others go to `extra` (scalars and collections as plain JS). */
const HANDLED = new Set([
  'image', 'user', 'privileged', 'read_only', 'cap_add', 'cap_drop', 'security_opt', 'volumes', 'tmpfs',
  'devices', 'device_cgroup_rules', 'network_mode', 'networks', 'pid', 'ipc', 'uts', 'userns_mode', 'cgroup',
  'mem_limit', 'memswap_limit', 'mem_reservation', 'cpus', 'cpu_shares', 'cpu_quota', 'cpu_period', 'cpuset',
  'pids_limit', 'ulimits', 'storage_opt', 'blkio_config', 'deploy', 'restart', 'runtime', 'environment', 'env_file',
  'secrets', 'ports', 'expose', 'healthcheck', 'logging', 'sysctls', 'links', 'external_links', 'volumes_from',
  'group_add', 'init', 'command', 'entrypoint', 'labels', 'extends', 'net', 'post_start', 'pre_stop',
  'oom_kill_disable', 'oom_score_adj',
]);

type Shape = 'scalar' | 'seq' | 'map';
/** What a service key accepts: node shapes and the words of the error message. */
const SHAPE = (what: string, ...kinds: Shape[]) => ({ what, kinds });
const BOOL = SHAPE('a boolean', 'scalar');
const STRING = SHAPE('a string', 'scalar');
const NUMBER = SHAPE('a number or a string', 'scalar');
const LIST = SHAPE('a list', 'seq');
const STRING_OR_LIST = SHAPE('a string or a list', 'scalar', 'seq');
const LIST_OR_MAP = SHAPE('a list or a mapping', 'seq', 'map');
const MAP = SHAPE('a mapping', 'map');
/**
 * The node shapes of the service keys bulwark models, from the compose-spec JSON schema
 * (compose-spec/schema/compose-spec.json, `definitions.service`); docker compose rejects others.
 */
const SHAPES: Record<string, { what: string; kinds: Shape[] }> = {
  privileged: BOOL, read_only: BOOL, init: BOOL, use_api_socket: BOOL, oom_kill_disable: BOOL,
  image: STRING, user: STRING, runtime: STRING, network_mode: STRING, net: STRING, pid: STRING, ipc: STRING, uts: STRING,
  userns_mode: STRING, cgroup: STRING, restart: STRING, cpuset: STRING,
  mem_limit: NUMBER, memswap_limit: NUMBER, mem_reservation: NUMBER, cpus: NUMBER, cpu_shares: NUMBER,
  cpu_quota: NUMBER, cpu_period: NUMBER, pids_limit: NUMBER, oom_score_adj: NUMBER,
  cap_add: LIST, cap_drop: LIST, security_opt: LIST, volumes: LIST, devices: LIST, device_cgroup_rules: LIST,
  ports: LIST, expose: LIST, links: LIST, external_links: LIST, volumes_from: LIST, group_add: LIST, secrets: LIST,
  post_start: LIST, pre_stop: LIST,
  tmpfs: STRING_OR_LIST, env_file: STRING_OR_LIST, command: STRING_OR_LIST, entrypoint: STRING_OR_LIST,
  environment: LIST_OR_MAP, labels: LIST_OR_MAP, sysctls: LIST_OR_MAP, networks: LIST_OR_MAP,
  ulimits: MAP, storage_opt: MAP, blkio_config: MAP, deploy: MAP, healthcheck: MAP, logging: MAP,
  extends: SHAPE('a string or a mapping', 'scalar', 'map'),
};

/** `a sequence`, `a mapping`, `a string`, `a number`, `a boolean`: how a node is named in messages. */
function shapeWords(n: Node): string {
  if (isSeq(n)) return 'a sequence';
  if (isMap(n)) return 'a mapping';
  const v = (n as Scalar).value;
  return typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'a boolean' : 'a string';
}

/**
 * Removes from `e` the keys whose value has the wrong shape (`privileged: [true]`, `cap_add: SYS_ADMIN`,
 * `volumes: /etc:/etc`), each an InputError code `schema` at the value: docker compose refuses the file,
 * and bulwark models nothing for the key. `null` values (a key with nothing after it) mean "not set".
 */
function dropWrongShapes(scope: FileScope, service: string, e: Map<string, Entry>): void {
  for (const [k, en] of e) {
    const shape = SHAPES[k];
    const v = en.value;
    if (!shape || !v || (isScalar(v) && v.value === null)) continue;
    const kind: Shape = isSeq(v) ? 'seq' : isMap(v) ? 'map' : 'scalar';
    if (shape.kinds.includes(kind)) continue;
    report(scope, v, `services.${service}.${k}: must be ${shape.what}, got ${shapeWords(v)}`, 'schema');
    e.delete(k);
  }
}

/**
 * Reports the entries of a service's list key that are themselves sequences, typically `- *anchor` of an anchored
 * list (`volumes: [*common]`): YAML does not flatten a list into a list, and docker compose refuses the file (each
 * entry of `volumes`, `devices`, `security_opt` is a string, or for the first two a mapping: compose-spec
 * 05-services.md). One InputError code `schema` at the entry as written (the alias, not the anchor); bulwark
 * models nothing for that entry, so a docker.sock hidden in it is not silently taken as absent.
 */
function nestedLists(scope: FileScope, service: string, key: string, n: Node | undefined, what: string): void {
  if (!isSeq(n)) return;
  n.items.forEach((raw, i) => {
    if (isSeq(deref(scope, raw))) report(scope, raw as Node, `services.${service}.${key}[${i}]: must be ${what}, got a sequence (YAML does not flatten a list into a list)`, 'schema');
  });
}

/** Splits on `sep` outside `${…}` so `${DATA_DIR:-/mnt}/x:/y` splits in two. Returns [start, end) pieces. */
export function splitOutsideVars(s: string, sep: string): [number, number][] {
  const parts: [number, number][] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '{') {
      depth++;
      i++;
    } else if (s[i] === '}' && depth > 0) depth--;
    else if (s[i] === sep && depth === 0) {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  parts.push([start, s.length]);
  return parts;
}

const PROPAGATION = new Set(['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']);

/**
 * Resolves a bind source written relative to the file's base directory (`./x`, `../x`; the project directory for an
 * override file, see `FileScope.baseDir`) or `~` (with `HOME` if known).
 */
function resolveBindSource(scope: FileScope, src: string): string {
  if (src === '~' || src.startsWith('~/')) {
    const home = scope.vars.HOME;
    return home ? posix.join(home, src.slice(1)) : src;
  }
  if (isRelativeBind(src)) {
    return posix.normalize(posix.join(baseDirOf(scope), src));
  }
  return src;
}

/** Whether a bind source is relative to the file's base directory (`.`, `..`, `./x`, `../x`), which {@link resolveBindSource} resolves. */
function isRelativeBind(src: string): boolean {
  return src === '.' || src === '..' || src.startsWith('./') || src.startsWith('../');
}

/** Whether a short-syntax volume source is a host path (absolute, relative, `~`, Windows drive). */
function isPathSource(s: string): boolean {
  return /^(\/|\.|~|[A-Za-z]:[\\/])/.test(s) || s.includes('/');
}

/** Parses a short-syntax volume (`src:dst:ro,z,rshared`, `name:/dst`, `/anon`) — compose-spec "volumes", short syntax. */
export function shortVolume(scope: FileScope, t: Text): Mount | undefined {
  const pieces = splitOutsideVars(t.raw, ':');
  const part = (i: number) => {
    const [a, b] = pieces[i];
    return { raw: t.raw.slice(a, b), value: text1(scope, t, a, b) };
  };
  // Windows drive letters, in the source and in the target (`C:\x:C:\y`, `data:C:\data`): as on run lines.
  if (pieces.length >= 2) {
    const joined = joinDriveLetters(pieces.map(([a, b]) => ({ text: t.raw.slice(a, b), start: a, end: b })));
    pieces.splice(0, pieces.length, ...joined.map((p): [number, number] => [p.start, p.end]));
  }
  if (pieces.length === 1) {
    const tgt = part(0);
    return { type: 'volume', target: tgt.value, readOnly: false, options: [], origin: t.origin, syntax: 'short', ...(t.unresolved ? { unresolved: true } : {}) };
  }
  const src = part(0);
  const dst = part(1);
  const opts = pieces.length > 2 ? part(pieces.length - 1).value.split(',').filter((o) => o !== '') : [];
  // `${DATA_DIR}:/data` with DATA_DIR unset: a variable whose name says it holds a directory is a host path of
  // unknown value (as on run lines, ../run/values.ts directoryVariable), not a named volume.
  const unsetDir = t.unresolved === true && directoryVariable(src.raw.trim());
  const m: Mount = {
    type: isPathSource(src.value) || unsetDir ? 'bind' : 'volume',
    sourceRaw: src.raw,
    target: dst.value,
    readOnly: false,
    options: [],
    origin: t.origin,
    sourceOrigin: subOrigin(scope, t, pieces[0][0], pieces[0][1]),
    syntax: 'short',
  };
  m.source = unsetDir ? src.raw.trim() : m.type === 'bind' ? resolveBindSource(scope, src.value) : src.value;
  if (!unsetDir && m.type === 'bind' && isRelativeBind(src.value)) m.sourceResolved = true;
  for (const o of opts) {
    if (o === 'ro') m.readOnly = true;
    else if (o === 'rw') m.readOnly = false;
    else if (o === 'z' || o === 'Z') m.selinuxRelabel = o;
    else if (PROPAGATION.has(o)) m.propagation = o;
    else m.options.push(o);
  }
  if (t.unresolved) m.unresolved = true;
  return m;
}

/** Interpolated text of the raw characters `[a, b)` of a scalar. */
function text1(scope: FileScope, t: Text, a: number, b: number): string {
  const sub = t.raw.slice(a, b);
  if (!t.hasVars) return sub;
  return interpolatePart(scope, sub).value;
}

/** Parses a long-syntax volume mapping (`type`, `source`, `target`, `read_only`, `bind`, `tmpfs`, `volume`). */
function longVolume(scope: FileScope, n: Node): Mount | undefined {
  const e = mapOf(scope, n)!;
  const tt = text(scope, e.get('type')?.value);
  const type = (tt?.value ?? 'volume') as Mount['type'];
  const target = text(scope, e.get('target')?.value);
  const source = text(scope, e.get('source')?.value);
  if (!target) {
    report(scope, n, 'volume in long syntax has no target');
    return undefined;
  }
  const m: Mount = { type, target: target.value, readOnly: false, options: [], origin: spanOfNode(scope, n), syntax: 'long' };
  if (source) {
    m.sourceRaw = source.raw;
    m.source = type === 'bind' ? resolveBindSource(scope, source.value) : source.value;
    if (type === 'bind' && isRelativeBind(source.value)) m.sourceResolved = true;
    m.sourceOrigin = source.origin;
  }
  const ro = text(scope, e.get('read_only')?.value);
  if (ro) m.readOnly = parseBool(ro.yaml) ?? false;
  const bind = mapOf(scope, e.get('bind')?.value);
  const prop = text(scope, bind?.get('propagation')?.value);
  if (prop) m.propagation = prop.value;
  const se = text(scope, bind?.get('selinux')?.value);
  if (se && (se.value === 'z' || se.value === 'Z')) m.selinuxRelabel = se.value;
  const tmpfs = mapOf(scope, e.get('tmpfs')?.value);
  for (const k of ['size', 'mode'] as const) {
    const v = text(scope, tmpfs?.get(k)?.value);
    if (v) m.options.push(`${k}=${v.value}`);
  }
  const vol = mapOf(scope, e.get('volume')?.value);
  if (text(scope, vol?.get('nocopy')?.value)?.yaml === true) m.options.push('nocopy');
  const cons = text(scope, e.get('consistency')?.value);
  if (cons) m.options.push(cons.value);
  if ([tt, target, source, ro, prop].some((x) => x?.unresolved)) m.unresolved = true;
  return m;
}

/** Origin of a whole node (a long-syntax item): its value range. */
/** An `environment` list (`- KEY=value`) or mapping (`KEY: value`) as EnvVars, interpolated (compose-spec `environment`). */
function envVars(scope: FileScope, env: Node | undefined): EnvVar[] {
  return envEntries(scope, env, (e) => noteSecretValue(scope, e));
}

/**
 * Records in `scope.secretValues` where a secret value of `e` is written in the file (the range
 * `secret-in-environment` masks: the password of a URL, else the whole value), so it is masked even when a later
 * entry, an override file or `extends` replaces `e` and no finding covers it (R-S: nothing of a secret in output).
 */
function noteSecretValue(scope: FileScope, e: EnvVar): void {
  if (e.valueOrigin?.kind !== 'file' || e.valueOrigin.file !== scope.file.path || e.raw === undefined) return;
  const pw = e.kind === 'interpolated' ? writtenUrlPassword(e.raw) : undefined;
  if (!isSecretEnv(e.name, e.value) && !pw) return;
  const r = passwordRange(e.valueOrigin, e.raw, pw) ?? e.valueOrigin;
  (scope.secretValues ??= []).push({ start: r.start, end: r.end });
}

function envEntries(scope: FileScope, env: Node | undefined, seen: (e: EnvVar) => void): EnvVar[] {
  const out: EnvVar[] = [];
  const envMap = mapOf(scope, env);
  if (envMap) {
    for (const en of envMap.values()) {
      const origin = spanOf(scope, en.keyNode, en.value);
      const t = text(scope, en.value);
      if (!t) {
        out.push(passthrough(scope, en.key, origin));
        continue;
      }
      const v: EnvVar = { name: en.key, raw: t.raw, kind: t.hasVars && !t.defaultsOnly ? 'interpolated' : 'literal', origin, valueOrigin: subOrigin(scope, t, 0, t.raw.length) };
      if (!t.unresolved && !unknownEmpty(scope, t.raw, t.value)) v.value = t.value;
      seen(v);
      out.push(v);
    }
  } else {
    for (const it of seqOf(scope, env) ?? []) {
      const t = text(scope, it);
      if (!t) continue;
      const v = envFromString(scope, t);
      seen(v);
      // A name written twice in the list form (`- KEY=a` … `- KEY`) is one variable: the later entry wins, as
      // in compose-go's MappingWithEquals (and `docker run -e K=a -e K`), so only it reaches the container.
      const dup = out.findIndex((e) => e.name === v.name);
      if (dup >= 0) out.splice(dup, 1);
      out.push(v);
    }
  }
  return out;
}

function spanOfNode(scope: FileScope, n: Node): Origin {
  return spanOf(scope, n, n);
}

/** Parses `src[:dst[:perms]]` (Docker `ParseDevice`) or `{source, target, permissions}`. */
function device(scope: FileScope, n: Node): Device | undefined {
  if (isMap(n)) {
    const e = mapOf(scope, n)!;
    const src = text(scope, e.get('source')?.value);
    if (!src) return undefined;
    const dst = text(scope, e.get('target')?.value);
    const perm = text(scope, e.get('permissions')?.value);
    return { hostPath: src.value, containerPath: dst?.value ?? src.value, permissions: perm?.value ?? 'rwm', permissionsExplicit: !!perm, origin: spanOfNode(scope, n) };
  }
  const t = text(scope, n);
  if (!t) return undefined;
  const parts = t.value.split(':');
  const isPerm = (s: string | undefined) => s !== undefined && /^[rwm]{1,3}$/.test(s);
  let perms: string | undefined;
  let dst = parts[0];
  if (parts.length >= 3) {
    dst = parts[1];
    perms = parts[2];
  } else if (parts.length === 2) {
    if (isPerm(parts[1])) perms = parts[1];
    else dst = parts[1];
  }
  return { hostPath: parts[0], containerPath: dst, permissions: perms ?? 'rwm', permissionsExplicit: perms !== undefined, origin: t.origin };
}

/** Parses a short port (`[ip:][host:]container[/proto]`, IPv6 `[::1]:80:80`) — compose-spec "ports". */
export function shortPort(t: Text): Port {
  let s = t.value;
  let protocol: Port['protocol'] = 'tcp';
  const slash = s.lastIndexOf('/');
  if (slash >= 0) {
    const p = s.slice(slash + 1).toLowerCase();
    if (p === 'udp' || p === 'sctp' || p === 'tcp') protocol = p;
    s = s.slice(0, slash);
  }
  let hostIp: string | undefined;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    hostIp = s.slice(1, close);
    s = s.slice(close + 2);
  }
  const parts = s.split(':');
  let hostPort: string | undefined;
  let containerPort = parts[parts.length - 1];
  if (parts.length === 2) hostPort = parts[0];
  else if (parts.length >= 3) {
    hostPort = parts[parts.length - 2];
    hostIp = parts.slice(0, -2).join(':');
  }
  const out: Port = { containerPort, protocol, origin: t.origin };
  if (hostIp) out.hostIp = hostIp;
  if (hostPort) out.hostPort = hostPort;
  containerPort = out.containerPort;
  return out;
}

/** Parses a `security_opt` entry in `key=value` or `key:value` form (whichever separator comes first). */
export function securityOpt(t: Text): SecurityOpt {
  const s = t.value.trim();
  const i = s.search(/[=:]/);
  const key = (i < 0 ? s : s.slice(0, i)).trim().toLowerCase();
  let value = i < 0 ? '' : s.slice(i + 1).trim();
  if (key === 'no-new-privileges' && value === '') value = 'true';
  return { key, value, raw: t.raw, origin: t.origin, how: t.unresolved ? 'unresolved' : 'explicit' };
}

/** Parses a namespace mode (`host`, `none`, `service:x`, `container:x`, `private`, `shareable`, a network name). */
export function namespaceMode(v: string, kind: 'network' | 'other'): NamespaceMode {
  const i = v.indexOf(':');
  const head = i < 0 ? v : v.slice(0, i);
  if ((head === 'service' || head === 'container') && i >= 0) return { mode: head, ref: v.slice(i + 1) };
  if (v === 'host' || v === 'none' || v === 'private' || v === 'shareable') return { mode: v };
  if (v === '') return { mode: 'private' };
  return kind === 'network' ? { mode: 'network', ref: v } : { mode: 'private' };
}

/**
 * An `environment` entry written without a value (`- NAME`, `NAME:`): docker compose takes the value from the
 * shell it runs in or, when the shell does not set it, from the project's `.env` (Docker docs "Set environment
 * variables within your container's environment"). A value the `.env` gives is known: the entry is `interpolated`
 * with that value and `from` naming the file (R-S: the secret sits in that file); otherwise it is a passthrough.
 */
function passthrough(scope: FileScope, name: string, origin: Origin): EnvVar {
  const file = dotEnvFileOf(scope.vars, name);
  const value = file !== undefined ? scope.vars[name] : undefined;
  if (file === undefined || value === undefined) return { name, kind: 'passthrough', origin };
  return { name, kind: 'interpolated', value, origin, from: `taken from ${posix.basename(file)} by docker compose` };
}

/** An env entry from a `KEY=value` / `KEY` string (list form, `-e`). */
function envFromString(scope: FileScope, t: Text): EnvVar {
  const eq = t.raw.indexOf('=');
  if (eq < 0) return passthrough(scope, t.raw.trim(), t.origin);
  const rawValue = t.raw.slice(eq + 1);
  const tv = t.hasVars ? interpolatePart(scope, rawValue) : undefined;
  const hasVars = tv?.hasVars ?? false;
  const e: EnvVar = {
    name: t.raw.slice(0, eq).trim(),
    raw: rawValue,
    kind: hasVars && !tv!.defaultsOnly ? 'interpolated' : 'literal',
    origin: t.origin,
    valueOrigin: subOrigin(scope, t, eq + 1, t.raw.length),
  };
  if (!hasVars) e.value = rawValue;
  else if (!tv!.unresolved && !(tv!.emptyUnset && tv!.value === '')) e.value = tv!.value;
  return e;
}

/**
 * Whether an interpolated environment value is empty only because unset variables took empty defaults
 * (`API_TOKEN: ${TOKEN:-}` with `TOKEN` in neither `.env` nor the environment): its value is then as unknown
 * as `${TOKEN}`'s, and secret names are judged as for `${TOKEN}` (R-S, kind `interpolated`). A variable set
 * to the empty string in `.env` keeps the value empty.
 */
function unknownEmpty(scope: FileScope, raw: string, value: string): boolean {
  return value === '' && raw.includes('$') && interpolatePart(scope, raw).emptyUnset === true;
}

/** Reads a list of scalars as Sourced strings (with a converter). */
function list(scope: FileScope, n: Node | undefined, conv: (s: string) => string = (s) => s): Sourced<string>[] {
  const items = seqOf(scope, n) ?? (isScalar(n) ? [n] : []);
  const out: Sourced<string>[] = [];
  for (const it of items) {
    const t = text(scope, it);
    if (!t) {
      if (it && !(isScalar(it) && it.value === null)) report(scope, it, 'expected a string');
      continue;
    }
    const v = conv(t.value);
    const s = sourced(t, v);
    if (v !== t.value && s.raw === undefined) s.raw = t.raw;
    out.push(s);
  }
  return out;
}

/** `KEY=value` list or `KEY: value` map, as `{name, value, origin, valueText?}` (labels, sysctls, …). */
function keyValues(scope: FileScope, n: Node | undefined): { name: string; value: string; origin: Origin; t?: Text; unresolved: boolean }[] {
  const out: { name: string; value: string; origin: Origin; t?: Text; unresolved: boolean }[] = [];
  const m = mapOf(scope, n);
  if (m) {
    for (const e of m.values()) {
      const t = text(scope, e.value);
      out.push({ name: e.key, value: t?.value ?? '', origin: spanOf(scope, e.keyNode, e.value), t, unresolved: t?.unresolved ?? false });
    }
    return out;
  }
  for (const it of seqOf(scope, n) ?? []) {
    const t = text(scope, it);
    if (!t) continue;
    const eq = t.value.indexOf('=');
    out.push({ name: eq < 0 ? t.value : t.value.slice(0, eq), value: eq < 0 ? '' : t.value.slice(eq + 1), origin: t.origin, t, unresolved: t.unresolved });
  }
  return out;
}

/** A Sourced number from a scalar via `conv`; reports an InputError when it does not convert. Unresolved → NaN. */
function num(scope: FileScope, n: Node | undefined, conv: (v: string | number) => number | undefined, what: string): Sourced<number> | undefined {
  const t = text(scope, n);
  if (!t) return undefined;
  if (t.unresolved) return sourced(t, NaN);
  const v = conv(typeof t.yaml === 'number' ? t.yaml : t.value);
  if (v === undefined) {
    report(scope, t.node, `${what}: cannot read ${JSON.stringify(t.value)} as a number`);
    return undefined;
  }
  return sourced(t, v);
}

/** A Sourced boolean (see `parseBool` for accepted spellings); unresolved → `false` with how 'unresolved'. */
function bool(scope: FileScope, n: Node | undefined, what: string): Sourced<boolean> | undefined {
  const t = text(scope, n);
  if (!t) return undefined;
  if (t.unresolved) return sourced(t, false);
  const v = parseBool(typeof t.yaml === 'string' ? t.value : t.yaml);
  if (v === undefined) {
    report(scope, t.node, `${what}: expected true or false, got ${JSON.stringify(t.value)}`);
    return undefined;
  }
  const s = sourced(t, v);
  if (typeof t.yaml === 'string' && s.raw === undefined) s.raw = t.raw;
  return s;
}

function str(scope: FileScope, n: Node | undefined): Sourced<string> | undefined {
  const t = text(scope, n);
  return t ? sourced(t, t.value) : undefined;
}

/**
 * The first entry of each value: a capability written twice (`cap_add: [NET_RAW, CAP_NET_RAW]`) is one
 * capability to the engine, so one entry (at its first occurrence) and one finding, not one per spelling.
 */
function firstOfEach<T>(xs: Sourced<T>[]): Sourced<T>[] {
  const seen = new Set<T>();
  return xs.filter((x) => (seen.has(x.value) ? false : (seen.add(x.value), true)));
}

/**
 * `command`/`entrypoint`: a list as written, or a string split as a shell would; with `written` (the words before
 * interpolation) when a variable that is set filled some word in (see `CommandWords`).
 */
function words(scope: FileScope, n: Node | undefined): CommandWords | undefined {
  const items = seqOf(scope, n);
  if (items && n) {
    const ts = items.map((x) => text(scope, x)).filter((x): x is Text => !!x);
    const out: CommandWords = { value: ts.map((t) => t.value), origin: spanOfNode(scope, n), how: ts.some((t) => t.unresolved) ? 'unresolved' : 'explicit' };
    if (ts.some(filledIn)) out.written = ts.map((t) => (t.hasVars && !t.defaultsOnly ? t.raw : t.value));
    return out;
  }
  const t = text(scope, n);
  if (!t) return undefined;
  const out: CommandWords = sourced(t, shellSplit(t.value));
  if (filledIn(t)) out.written = shellSplit(t.raw);
  return out;
}

/** Whether interpolation filled a variable's value into `t` (not only written defaults, and no unset variable left). */
function filledIn(t: Text): boolean {
  return t.hasVars && !t.defaultsOnly && !t.unresolved;
}

function restartPolicy(v: string): RestartPolicy {
  const i = v.indexOf(':');
  if (i >= 0 && v.slice(0, i) === 'on-failure') return { name: 'on-failure', maxRetries: parseInt(v.slice(i + 1), 10) };
  return { name: v };
}

/**
 * A service's `build` (compose-spec build.md): `build: ./dir` is the context; the long form gives `context`,
 * `dockerfile`, `dockerfile_inline`, `target`, `args` (map or list, as `environment`; each is a `--build-arg`) and
 * `labels` (map or list; each is a `docker build --label`, written into the image config).
 * Secret argument values are noted in `scope.secretValues`, so they are masked whatever rules run (R-S).
 * `undefined` for a value of another shape (docker compose refuses the file).
 */
function buildSpec(scope: FileScope, en: Entry): BuildSpec | undefined {
  const origin = spanOf(scope, en.keyNode, en.value);
  const t = text(scope, en.value);
  if (t) return { context: sourced(t, t.value), args: [], origin };
  const m = mapOf(scope, en.value);
  if (!m) return undefined;
  const b: BuildSpec = { args: envVars(scope, m.get('args')?.value), origin };
  const context = str(scope, m.get('context')?.value);
  if (context) b.context = context;
  const dockerfile = str(scope, m.get('dockerfile')?.value);
  if (dockerfile) b.dockerfile = dockerfile;
  const ie = m.get('dockerfile_inline');
  const it = text(scope, ie?.value);
  if (ie && it) {
    b.dockerfileInline = sourced(it, it.value);
    const kr = ie.keyNode.range ?? [0, 0];
    const whole = it.origin.kind === 'file' ? { start: it.origin.start, end: it.origin.end } : { start: kr[0], end: kr[1] };
    const lines = blockLines(scope, it);
    b.dockerfileInlineMap = { file: scope.file.path, ...(lines ? { lines } : {}), key: { start: kr[0], end: kr[1] }, whole };
  }
  const target = str(scope, m.get('target')?.value);
  if (target) b.target = target;
  const labels = keyValues(scope, m.get('labels')?.value);
  if (labels.length) b.labels = Object.fromEntries(labels.map((l) => [l.name, kvSourced(l)]));
  return b;
}

/**
 * The line map of a literal block scalar (`|`, `|-`, `|+`, with or without an indentation indicator; YAML 1.2
 * §8.1.2): each line of the value is a line of the file after the header, minus the block's indentation, so line `i`
 * of the value starts at the file line's first character after the indentation (see {@link EmbeddedTextMap}). The
 * map is checked against the scalar as parsed: every line as written must end the file's line after blanks only.
 * Lines that interpolation changed (`$$` is `$`) keep their place; their columns past a change are approximate.
 * `undefined` for other scalar forms (quoted: escapes; folded or plain: line breaks folded into spaces), for which
 * no character-for-character map exists, and when the check fails.
 */
function blockLines(scope: FileScope, t: Text): NonNullable<EmbeddedTextMap['lines']> | undefined {
  const r = t.node.range;
  if (t.node.type !== 'BLOCK_LITERAL' || !r) return undefined;
  const src = scope.file.text;
  const raw = t.raw.split('\n');
  const value = t.value.split('\n');
  if (raw.length !== value.length) return undefined;
  // Clipped or kept final line breaks leave an empty last line with no characters of its own in the file.
  const written = raw[raw.length - 1] === '' && raw.length > 1 ? raw.length - 1 : raw.length;
  const out: NonNullable<EmbeddedTextMap['lines']> = [];
  let p = src.indexOf('\n', r[0]) + 1;
  if (p === 0) return undefined;
  let at = 0;
  for (let i = 0; i < raw.length; i++) {
    if (i >= written) {
      const prev = out[out.length - 1];
      out.push({ at, file: prev.file + prev.length, length: 0 });
      break;
    }
    if (p > src.length) return undefined;
    let end = src.indexOf('\n', p);
    if (end < 0) end = src.length;
    const lineEnd = src.charCodeAt(end - 1) === 13 && end > p ? end - 1 : end;
    const line = src.slice(p, lineEnd);
    if (!line.endsWith(raw[i]) || !/^[ \t]*$/.test(line.slice(0, line.length - raw[i].length))) return undefined;
    out.push({ at, file: lineEnd - raw[i].length, length: raw[i].length, ...(value[i] !== raw[i] ? { changed: true as const } : {}) });
    at += value[i].length + 1;
    p = end + 1;
  }
  return out;
}

/** Plain JS of a collection for `extra`, guarded against alias bombs; `undefined` if it cannot be converted. */
function plain(scope: FileScope, n: Node): unknown {
  try {
    return n.toJS(scope.doc, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

/**
 * Models one service mapping of one file. `keyNode` is the service key (the target range).
 * Errors (bad values) go to `scope.errors`; never throws for bad input.
 */
export function modelService(scope: FileScope, name: string, keyNode: Scalar, node: Node): ContainerSpec {
  const kr = keyNode.range ?? [0, 0, 0];
  const target: Target = { kind: 'service', name, range: scope.file.range(kr[0], kr[1]) };
  const c = emptyContainer(target, 'compose', scope.file.path);
  const e = mapOf(scope, node)!;
  dropWrongShapes(scope, name, e);
  if (isMap(node)) {
    // `!reset` on one entry of a by-name mapping (`environment: {FOO: !reset null}`) removes the base's entry.
    const resetEntries: Record<string, string[]> = {};
    for (const k of ['environment', 'labels', 'sysctls', 'ulimits']) {
      const v = e.get(k)?.value;
      const keys = isMap(v) ? taggedKeys(v, RESET_TAG) : [];
      if (keys.length > 0) resetEntries[k] = keys;
    }
    setMergeTags(c, { reset: taggedKeys(node, RESET_TAG), override: taggedKeys(node, OVERRIDE_TAG), resetEntries });
  }
  const get = (k: string) => e.get(k)?.value;

  c.image = str(scope, get('image'));
  c.user = str(scope, get('user'));
  // `user: "${PUID:-}"` with PUID unset is the deployment's choice, as unknown as `user: "${PUID}"` (not an empty user).
  if (c.user?.value === '' && c.user.raw !== undefined && unknownEmpty(scope, c.user.raw, '')) c.user.how = 'unresolved';
  c.runtime = str(scope, get('runtime'));
  c.privileged = bool(scope, get('privileged'), 'privileged');
  c.readOnlyRootfs = bool(scope, get('read_only'), 'read_only');
  c.init = bool(scope, get('init'), 'init');
  c.capAdd = firstOfEach(list(scope, get('cap_add'), normalizeCapability));
  c.capDrop = firstOfEach(list(scope, get('cap_drop'), normalizeCapability));
  nestedLists(scope, c.target.name, 'security_opt', get('security_opt'), 'a string');
  for (const it of seqOf(scope, get('security_opt')) ?? []) {
    const t = text(scope, it);
    if (t) c.securityOpt.push(securityOpt(t));
  }

  nestedLists(scope, c.target.name, 'volumes', get('volumes'), 'a string or a mapping');
  nestedLists(scope, c.target.name, 'devices', get('devices'), 'a string or a mapping');
  for (const it of seqOf(scope, get('volumes')) ?? []) {
    const m = isMap(it) ? longVolume(scope, it) : (() => { const t = text(scope, it); return t ? shortVolume(scope, t) : undefined; })();
    if (m) c.mounts.push(m);
  }
  const api = e.get('use_api_socket');
  const apiSocket = bool(scope, api?.value, 'use_api_socket');
  if (api && apiSocket && (apiSocket.value || apiSocket.how === 'unresolved')) c.mounts.push(apiSocketMount(spanOf(scope, api.keyNode, api.value), apiSocket.how === 'unresolved'));
  for (const s of list(scope, get('tmpfs'))) {
    const [tgt, ...rest] = s.value.split(':');
    const t: Mount = { type: 'tmpfs', target: tgt, readOnly: false, options: rest.join(':').split(',').filter((o) => o !== ''), origin: s.origin, syntax: 'tmpfs' };
    if (t.options.includes('ro')) t.readOnly = true;
    if (s.how === 'unresolved') t.unresolved = true;
    c.mounts.push(t);
  }
  for (const it of seqOf(scope, get('devices')) ?? []) {
    const d = device(scope, it);
    if (d) c.devices.push(d);
  }
  c.deviceCgroupRules = list(scope, get('device_cgroup_rules'));

  const ns = (k: string, kind: 'network' | 'other') => {
    const t = text(scope, get(k));
    return t ? sourced(t, namespaceMode(t.value, kind)) : undefined;
  };
  const nsSet = (field: keyof ContainerSpec['namespaces'], v: Sourced<NamespaceMode> | undefined) => {
    if (v) c.namespaces[field] = v;
  };
  // `net` is the Compose file format v1 spelling of `network_mode` (`net: "host"`, `net: "container:x"`).
  nsSet('network', ns('network_mode', 'network') ?? ns('net', 'network'));
  nsSet('pid', ns('pid', 'other'));
  nsSet('ipc', ns('ipc', 'other'));
  nsSet('uts', ns('uts', 'other'));
  nsSet('userns', ns('userns_mode', 'other'));
  nsSet('cgroupns', ns('cgroup', 'other'));
  const nets = get('networks');
  const netMap = mapOf(scope, nets);
  if (netMap) for (const en of netMap.values()) c.networks.push({ value: en.key, origin: { kind: 'file', file: scope.file.path, start: en.keyNode.range![0], end: en.keyNode.range![1] }, how: 'explicit' });
  else c.networks = list(scope, nets);

  const r = c.resources;
  const setR = <K extends keyof typeof r>(k: K, v: (typeof r)[K] | undefined) => {
    if (v !== undefined && r[k] === undefined) r[k] = v;
  };
  setR('memory', num(scope, get('mem_limit'), parseBytes, 'mem_limit'));
  setR('memorySwap', num(scope, get('memswap_limit'), parseBytes, 'memswap_limit'));
  setR('memoryReservation', num(scope, get('mem_reservation'), parseBytes, 'mem_reservation'));
  setR('nanoCpus', num(scope, get('cpus'), parseNanoCpus, 'cpus'));
  setR('cpuShares', num(scope, get('cpu_shares'), parseInteger, 'cpu_shares'));
  setR('cpuQuota', num(scope, get('cpu_quota'), parseInteger, 'cpu_quota'));
  setR('cpuPeriod', num(scope, get('cpu_period'), parseInteger, 'cpu_period'));
  setR('cpusetCpus', str(scope, get('cpuset')));
  setR('pidsLimit', num(scope, get('pids_limit'), parseInteger, 'pids_limit'));
  setR('storageSize', num(scope, mapOf(scope, get('storage_opt'))?.get('size')?.value, parseBytes, 'storage_opt.size'));
  setR('blkioWeight', num(scope, mapOf(scope, get('blkio_config'))?.get('weight')?.value, parseInteger, 'blkio_config.weight'));
  setR('oomKillDisable', bool(scope, get('oom_kill_disable'), 'oom_kill_disable'));
  setR('oomScoreAdj', num(scope, get('oom_score_adj'), parseInteger, 'oom_score_adj'));
  for (const u of mapOf(scope, get('ulimits'))?.values() ?? []) {
    const origin = spanOf(scope, u.keyNode, u.value);
    const um = mapOf(scope, u.value);
    const one = (n: Node | undefined) => {
      const t = text(scope, n);
      return t && !t.unresolved ? parseInteger(typeof t.yaml === 'number' ? t.yaml : t.value) : undefined;
    };
    if (um) r.ulimits.push({ name: u.key, soft: one(um.get('soft')?.value), hard: one(um.get('hard')?.value), origin });
    else {
      const v = one(u.value);
      r.ulimits.push({ name: u.key, soft: v, hard: v, origin });
    }
  }
  const deploy = mapOf(scope, get('deploy'));
  const res = mapOf(scope, deploy?.get('resources')?.value);
  const limits = mapOf(scope, res?.get('limits')?.value);
  const reserv = mapOf(scope, res?.get('reservations')?.value);
  // What deploy sets is marked (and kept in `extra` behind a `mem_limit`/`cpus`/`pids_limit` that wins), so a
  // later file's `!reset` of either key takes away only its own (merge.ts DEPLOY_VALUES).
  const viaDeploy = <T extends object>(v: T | undefined, extraKey: string): T | undefined => {
    if (v) {
      DEPLOY_VALUES.add(v);
      c.extra[extraKey] = v as unknown as Sourced<unknown>;
    }
    return v;
  };
  setR('memory', viaDeploy(num(scope, limits?.get('memory')?.value, parseBytes, 'deploy.resources.limits.memory'), 'deploy.resources.limits.memory'));
  setR('nanoCpus', viaDeploy(num(scope, limits?.get('cpus')?.value, parseNanoCpus, 'deploy.resources.limits.cpus'), 'deploy.resources.limits.cpus'));
  setR('pidsLimit', viaDeploy(num(scope, limits?.get('pids')?.value, parseInteger, 'deploy.resources.limits.pids'), 'deploy.resources.limits.pids'));
  setR('memoryReservation', viaDeploy(num(scope, reserv?.get('memory')?.value, parseBytes, 'deploy.resources.reservations.memory'), 'deploy.resources.reservations.memory'));
  const rcpu = num(scope, reserv?.get('cpus')?.value, parseNanoCpus, 'deploy.resources.reservations.cpus');
  if (rcpu) c.extra['deploy.resources.reservations.cpus'] = rcpu;

  // `deploy.restart_policy` wins over `restart` when both are written: docker compose sets the container's
  // policy from `restart`, then replaces it with deploy's (docker/compose pkg/compose/create.go getRestartPolicy),
  // and a swarm service reads only deploy's.
  const rs = text(scope, get('restart'));
  const rpE = deploy?.get('restart_policy');
  const rp = mapOf(scope, rpE?.value);
  if (rs && !(rp && rpE)) c.restart = sourced(rs, restartPolicy(rs.value));
  else {
    if (rp && rpE) {
      const cond = text(scope, rp.get('condition')?.value);
      const name = cond?.value === 'none' ? 'no' : cond?.value === 'on-failure' ? 'on-failure' : 'always';
      const policy: RestartPolicy = { name };
      const max = text(scope, rp.get('max_attempts')?.value);
      if (max && !max.unresolved) policy.maxRetries = parseInteger(typeof max.yaml === 'number' ? max.yaml : max.value);
      c.restart = cond ? sourced(cond, policy) : { value: policy, origin: spanOf(scope, rpE.keyNode, rpE.value), how: 'explicit' };
      DEPLOY_VALUES.add(c.restart);
      // `restart:` written beside it: what remains after `deploy: !reset`.
      if (rs) c.extra['restart.written'] = sourced(rs, restartPolicy(rs.value)) as unknown as Sourced<unknown>;
    }
  }

  c.env.push(...envVars(scope, get('environment')));
  const be = e.get('build');
  if (be) c.build = buildSpec(scope, be);
  const ef = get('env_file');
  for (const it of seqOf(scope, ef) ?? (ef ? [ef] : [])) {
    const m = isMap(it) ? mapOf(scope, it)! : undefined;
    const s = str(scope, m ? m.get('path')?.value : it);
    if (!s) continue;
    c.envFiles.push(s);
    // `required: false` (Compose 2.24): a missing file is expected and skipped, not an unknown (see readEnvFiles).
    const required = m ? bool(scope, m.get('required')?.value, 'env_file.required') : undefined;
    if (required && required.how !== 'unresolved' && required.value === false) c.extra[`envFileOptional:${s.value}`] = { value: true, origin: required.origin, how: required.how };
  }
  for (const it of seqOf(scope, get('secrets')) ?? []) {
    const s = str(scope, isMap(it) ? mapOf(scope, it)!.get('source')?.value : it);
    if (s) c.secrets.push(s);
  }

  for (const it of seqOf(scope, get('ports')) ?? []) {
    if (isMap(it)) {
      const pm = mapOf(scope, it)!;
      const tgt = text(scope, pm.get('target')?.value);
      if (!tgt) continue;
      const p: Port = { containerPort: tgt.value, protocol: 'tcp', origin: spanOfNode(scope, it) };
      const pub = text(scope, pm.get('published')?.value);
      if (pub) p.hostPort = pub.value;
      const ip = text(scope, pm.get('host_ip')?.value);
      if (ip) p.hostIp = ip.value;
      const proto = text(scope, pm.get('protocol')?.value)?.value.toLowerCase();
      if (proto === 'udp' || proto === 'sctp') p.protocol = proto;
      c.ports.push(p);
    } else {
      const t = text(scope, it);
      if (t) c.ports.push(shortPort(t));
    }
  }
  c.expose = list(scope, get('expose'));

  const hcNode = get('healthcheck');
  const hc = mapOf(scope, hcNode);
  if (hc) {
    const dis = bool(scope, hc.get('disable')?.value, 'healthcheck.disable');
    const testN = hc.get('test')?.value;
    const w = words(scope, testN);
    if (dis?.value) c.healthcheck = { value: { disabled: true }, origin: dis.origin, how: dis.how };
    else if (w) {
      const disabled = w.value[0] === 'NONE';
      const test = isSeq(testN) ? w.value.join(' ') : text(scope, testN)!.value;
      const testWritten = w.written ? (isSeq(testN) ? w.written.join(' ') : text(scope, testN)!.raw) : undefined;
      c.healthcheck = { value: disabled ? { disabled } : { disabled, test, ...(isSeq(testN) ? { testArgs: w.value } : {}), ...(testWritten !== undefined ? { testWritten } : {}) }, origin: w.origin, how: w.how };
    }
  }
  const lg = mapOf(scope, get('logging'));
  if (lg) {
    c.logging = { driver: str(scope, lg.get('driver')?.value), options: {} };
    for (const o of keyValues(scope, lg.get('options')?.value)) c.logging.options[o.name] = kvSourced(o);
  }
  for (const s of keyValues(scope, get('sysctls'))) c.sysctls.push({ name: s.name, value: s.value, origin: s.origin });
  c.links = [...list(scope, get('links')), ...list(scope, get('external_links'))];
  c.volumesFrom = list(scope, get('volumes_from'));
  c.groupAdd = list(scope, get('group_add'));
  c.command = words(scope, get('command'));
  c.entrypoint = words(scope, get('entrypoint'));
  for (const l of keyValues(scope, get('labels'))) {
    c.labels[l.name] = kvSourced(l);
    noteLabelHashes(scope, l);
  }
  for (const kind of ['post_start', 'pre_stop'] as const) {
    for (const it of seqOf(scope, get(kind)) ?? []) {
      const h = mapOf(scope, it);
      if (!h) {
        report(scope, it, `services.${c.target.name}.${kind}: each hook must be a mapping (command, user, privileged, working_dir, environment), got ${shapeWords(it)}`, 'schema');
        continue;
      }
      (c.execs ??= []).push({
        kind,
        privileged: bool(scope, h.get('privileged')?.value, `${kind}.privileged`),
        user: str(scope, h.get('user')?.value),
        command: words(scope, h.get('command')?.value),
        env: envVars(scope, h.get('environment')?.value),
        origin: spanOfNode(scope, it),
      });
    }
  }

  for (const [k, en] of e) {
    if (HANDLED.has(k) || !en.value) continue;
    const t = text(scope, en.value);
    if (t) c.extra[k] = sourced(t, typeof t.yaml === 'string' ? t.value : t.yaml);
    else if (!(isScalar(en.value) && en.value.value === null)) {
      const v = plain(scope, en.value);
      if (v !== undefined) c.extra[k] = { value: v, origin: spanOf(scope, en.keyNode, en.value), how: 'explicit' };
    }
  }
  return c;
}

/**
 * Masks the password hashes of a basic-auth label (Traefik's `traefik.http.middlewares.<name>.basicauth.users=
 * admin:$$apr1$$…`, `digestauth.users`): `user:hash` pairs, comma-separated. A hash allows an offline guessing
 * attack and is shown by `docker inspect` like the rest of the labels; it is masked wherever the file is shown (R-S).
 * The label value's characters are masked (the whole entry when they cannot be told apart).
 */
function noteLabelHashes(scope: FileScope, l: { name: string; value: string; t?: Text }): void {
  if (!/\.(?:basicauth|digestauth)\.users$/i.test(l.name) || !l.t || l.t.origin.kind !== 'file') return;
  if (!l.value.split(',').some((pair) => isPasswordHash(pair.slice(pair.indexOf(':') + 1).trim()))) return;
  const o = l.t.origin;
  // A list item `KEY=value` written as the plain text it is: the value starts after the `=`.
  const eq = l.t.raw.indexOf('=');
  const start = l.t.raw.startsWith(l.name + '=') && o.end - o.start === l.t.raw.length ? o.start + eq + 1 : o.start;
  (scope.secretValues ??= []).push({ start, end: o.end });
}

function kvSourced(o: { value: string; origin: Origin; t?: Text; unresolved: boolean }): Sourced<string> {
  const s: Sourced<string> = { value: o.value, origin: o.origin, how: o.unresolved ? 'unresolved' : 'explicit' };
  if (o.t?.hasVars) s.raw = o.t.raw;
  return s;
}

export type { Entry };
