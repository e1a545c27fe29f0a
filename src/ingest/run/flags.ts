/**
 * Every flag of `docker run` / `docker create` (Docker CLI 28.2, `docker run --help`, plus the hidden
 * aliases `--net`, `--net-alias`, `--dns-opt` and the deprecated `--kernel-memory`), with its short
 * name, whether it takes a value, and how it maps into the {@link ContainerSpec} model.
 *
 * Value syntaxes follow docker/cli `cli/command/container/opts.go`. Requirements served: R-B (privileged,
 * capabilities, mounts, devices, namespaces), R-K (security options, user), R-D and R-G6 (resources),
 * R-S (environment), R-M/R-A (network), R-P (image).
 */
import type { SourceFile, SourceRange } from '../../model/source.js';
import { apiSocketMount, type ContainerSpec, type Mount, type NamespaceMode, type Origin, type Sourced } from '../../model/types.js';
import { normalizeCapability } from '../../model/capabilities.js';
import { interpolate } from '../compose/interpolate.js';
import { CMD_VARIABLE } from './word.js';
import {
  ValueError, cpusToNano, isDeviceMode, isHostPathSource, parseInteger, parsePortSpec, ramInBytes, splitCsv,
  splitParts, splitVolumeSpec, PODMAN_VOLUME_MODES, VOLUME_MODES,
} from './values.js';

/** What a flag handler gets: the container being built and the flag's value with positions. */
export interface FlagUse {
  c: ContainerSpec;
  file: SourceFile;
  /** Value text (`'true'` for a boolean flag written without `=`). */
  value: string;
  /** The value depends on an unresolved shell expansion. */
  unresolved: boolean;
  /** From the flag token through the end of its value. */
  origin: Origin;
  /** Source range of `value.slice(i, j)`. */
  range(i: number, j: number): SourceRange;
  /** Wraps a value at `origin` (or a narrower origin) as explicit, or unresolved when the value is. */
  sourced<T>(v: T, at?: Origin): Sourced<T>;
  /** Records a `usage` InputError at value index `i`. */
  error(message: string, i?: number): void;
  /** The program is `podman`, whose `-v` accepts more options ({@link PODMAN_VOLUME_MODES}). */
  podman?: boolean;
}

/** One flag of the table. */
export interface FlagDef {
  /** Long name without dashes (`cap-add`). */
  long: string;
  /** Short name (`v` for `-v`). */
  short?: string;
  /** Whether it takes a value (`--flag v`); boolean flags accept only `--flag` or `--flag=bool`. */
  value: boolean;
  /** Maps the value into the model; flags without it are kept in `extra` under their long name. */
  apply?: (u: FlagUse) => void;
}

const fo = (r: SourceRange): Origin => ({ kind: 'file', ...r });

/** Converts a value, turning a {@link ValueError} into a `usage` error; `undefined` when it failed. */
function conv<T>(u: FlagUse, f: () => T): T | undefined {
  if (u.unresolved) return undefined;
  try {
    return f();
  } catch (e) {
    if (e instanceof ValueError) {
      u.error(e.message);
      return undefined;
    }
    throw e;
  }
}

function boolFlag(set: (c: ContainerSpec, v: Sourced<boolean>) => void) {
  return (u: FlagUse) => {
    const v = u.value === 'true';
    set(u.c, u.sourced(v));
  };
}

function bytesFlag(key: 'memory' | 'memorySwap' | 'memoryReservation') {
  return (u: FlagUse) => {
    if (u.unresolved) {
      u.c.resources[key] = { value: Number.NaN, origin: u.origin, how: 'unresolved', raw: u.value };
      return;
    }
    const n = conv(u, () => ramInBytes(u.value));
    if (n !== undefined) u.c.resources[key] = u.sourced(n);
  };
}

function intFlag(key: 'cpuShares' | 'cpuQuota' | 'cpuPeriod' | 'pidsLimit' | 'blkioWeight' | 'oomScoreAdj', flag: string) {
  return (u: FlagUse) => {
    if (u.unresolved) {
      u.c.resources[key] = { value: Number.NaN, origin: u.origin, how: 'unresolved', raw: u.value };
      return;
    }
    const n = conv(u, () => parseInteger(u.value, flag));
    if (n !== undefined) u.c.resources[key] = u.sourced(n);
  };
}

/** Parses a namespace mode value of `--pid/--ipc/--uts/--userns/--cgroupns/--network`. */
export function namespaceMode(v: string, kind: 'network' | 'pid' | 'ipc' | 'uts' | 'userns' | 'cgroupns'): NamespaceMode {
  if (v === 'host') return { mode: 'host' };
  if (v.startsWith('container:')) return { mode: 'container', ref: v.slice('container:'.length) };
  if (v === 'none' && (kind === 'network' || kind === 'ipc')) return { mode: 'none' };
  if (v === 'shareable' && kind === 'ipc') return { mode: 'shareable' };
  if (kind === 'network') return { mode: 'network', ref: v === 'default' ? 'bridge' : v };
  return { mode: 'private' };
}

function nsFlag(kind: 'pid' | 'ipc' | 'uts' | 'userns' | 'cgroupns') {
  return (u: FlagUse) => {
    u.c.namespaces[kind] = u.sourced(namespaceMode(u.value, kind));
    // podman's own user-namespace modes (podman-run(1) --userns: `keep-id[:uid=…]`, `auto[:…]`, `nomap`,
    // `ns:<path>`) are private namespaces with a meaning of their own: kept as `extra.podmanUserns` (the mode word).
    if (kind === 'userns' && u.podman && /^(?:keep-id|auto|nomap|ns:)/.test(u.value)) u.c.extra.podmanUserns = u.sourced(u.value.split(/[:=]/)[0]);
  };
}

function capFlag(list: 'capAdd' | 'capDrop') {
  return (u: FlagUse) => {
    // docker/cli keeps each --cap-add value whole (a ListOpts); the daemon then rejects
    // `NET_ADMIN,SYS_TIME`. bulwark splits on commas anyway so no capability is missed.
    const parts = splitParts(u.value, ',').filter((p) => p.text.trim() !== '');
    for (const p of parts) {
      const at = parts.length === 1 ? u.origin : fo(u.range(p.start, p.end));
      u.c[list].push(u.sourced(normalizeCapability(p.text), at));
    }
  };
}

/** Reads `key=value` (value may be empty) or `key` alone. */
function kv(s: string): { key: string; value?: string; eq: number } {
  const eq = s.indexOf('=');
  return eq === -1 ? { key: s, eq } : { key: s.slice(0, eq), value: s.slice(eq + 1), eq };
}

function applyEnv(u: FlagUse): void {
  const { key, value, eq } = kv(u.value);
  if (key === '') {
    u.error(`invalid environment variable: ${u.value}`);
    return;
  }
  if (value === undefined) {
    u.c.env.push({ name: key, kind: 'passthrough', origin: u.origin });
    return;
  }
  const valueOrigin = fo(u.range(eq + 1, u.value.length));
  // A `$` expansion, or cmd.exe's `%NAME%` (the run ingester marks the word unresolved only in a cmd block).
  let interpolated = u.unresolved && (value.includes('$') || CMD_VARIABLE.test(value));
  let effective = interpolated ? undefined : value;
  // Parameter expansions with defaults are read as Compose reads them (interpolate.ts), so a run line and a
  // Compose file agree: `-e DB_PASSWORD="${DB_PASSWORD:-changeme}"` with DB_PASSWORD not set by the script is
  // the literal default written in the file (`defaultsOnly`, R-S); `${TOKEN:-}` is, like `${TOKEN}`, the
  // deployment's value, unknown here (`emptyUnset`). Not for command substitutions: their output is unknown.
  if (interpolated && value.includes('$') && !/\$\(|`/.test(value)) {
    const r = interpolate(value, {});
    if (!r.unresolved && r.errors.length === 0) {
      interpolated = !r.defaultsOnly;
      effective = r.emptyUnset ? undefined : r.value;
    }
  }
  u.c.env.push({
    name: key,
    value: effective,
    raw: value,
    kind: interpolated ? 'interpolated' : 'literal',
    origin: u.origin,
    valueOrigin,
  });
}

function applyVolume(u: FlagUse): void {
  let spec;
  try {
    spec = splitVolumeSpec(u.value, u.podman ? PODMAN_VOLUME_MODES : VOLUME_MODES);
  } catch (e) {
    if (!(e instanceof ValueError)) throw e;
    if (!u.unresolved) u.error(e.message);
    return;
  }
  const modes = spec.modes.map((m) => m.text);
  const src = spec.source?.text;
  // A Windows named pipe (`-v \\.\pipe\docker_engine:\\.\pipe\docker_engine`) is mounted as type npipe (moby windows_parser.go).
  const pipe = src !== undefined && /^[\\/]{2}\.[\\/]pipe[\\/]/i.test(src);
  const bind = src !== undefined && isHostPathSource(src);
  const m: Mount = {
    type: pipe ? 'npipe' : bind ? 'bind' : 'volume',
    target: spec.target.text,
    readOnly: modes.includes('ro'),
    options: modes.filter((x) => !['ro', 'rw', 'z', 'Z'].includes(x) && !PROPAGATION.has(x)),
    origin: u.origin,
    syntax: 'volume-flag',
  };
  if (src !== undefined) {
    m.source = src;
    m.sourceRaw = src;
    m.sourceOrigin = fo(u.range(spec.source!.start, spec.source!.end));
  }
  const prop = modes.find((x) => PROPAGATION.has(x));
  if (prop) m.propagation = prop;
  if (modes.includes('Z')) m.selinuxRelabel = 'Z';
  else if (modes.includes('z')) m.selinuxRelabel = 'z';
  if (u.unresolved) m.unresolved = true;
  u.c.mounts.push(m);
}

const PROPAGATION = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);

function applyMount(u: FlagUse): void {
  const fields = splitCsv(u.value);
  let type: Mount['type'] = 'volume';
  let source: { text: string; start: number; end: number } | undefined;
  let target: string | undefined;
  let readOnly = false;
  let propagation: string | undefined;
  const options: string[] = [];
  for (const f of fields) {
    if (f.text === '') continue;
    const { key, value } = kv(f.text);
    const k = key.toLowerCase();
    switch (k) {
      case 'type':
        if (['bind', 'volume', 'tmpfs', 'npipe', 'image', 'cluster'].includes(value ?? '')) type = value as Mount['type'];
        else u.error(`invalid mount type: ${value ?? ''}`, f.start);
        break;
      case 'source':
      case 'src': {
        const vs = f.start + f.text.indexOf('=') + 1;
        const raw = u.value.slice(f.start, f.end);
        const quoted = raw.startsWith('"');
        source = { text: value ?? '', start: quoted ? f.start + 1 + key.length + 1 : vs, end: quoted ? f.end - 1 : f.end };
        break;
      }
      case 'target':
      case 'dst':
      case 'destination':
        target = value ?? '';
        break;
      case 'readonly':
      case 'ro':
        readOnly = value === undefined || ['1', 'true'].includes(value.toLowerCase());
        if (value !== undefined && !['0', '1', 'true', 'false'].includes(value.toLowerCase())) u.error(`invalid value for ${key}: ${value}`, f.start);
        break;
      case 'bind-propagation':
        propagation = value;
        break;
      default:
        options.push(f.text);
    }
  }
  if (target === undefined) {
    if (!u.unresolved) u.error('target is required');
    return;
  }
  // A volume the local driver binds from the host (`volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc`;
  // docker run reference "--mount", the local driver hands the options to mount(8)) is that host path: a bind.
  if (type === 'volume') {
    const vopt = new Map<string, { value: string; start: number; end: number }>();
    let driver: string | undefined;
    for (const f of fields) {
      const { key, value } = kv(f.text);
      if (key.toLowerCase() === 'volume-driver') driver = value;
      if (key.toLowerCase() !== 'volume-opt' || value === undefined) continue;
      const eq = value.indexOf('=');
      if (eq < 0) continue;
      const at = f.start + f.text.indexOf('=') + 1 + eq + 1;
      vopt.set(value.slice(0, eq).toLowerCase(), { value: value.slice(eq + 1), start: at, end: at + value.length - eq - 1 });
    }
    const o = (vopt.get('o')?.value ?? '').split(/[,\s]+/);
    const device = vopt.get('device');
    if ((driver === undefined || driver === 'local') && (o.includes('bind') || o.includes('rbind')) && device?.value) {
      type = 'bind';
      source = { text: device.value, start: device.start, end: device.end };
      if (o.includes('ro')) readOnly = true;
    }
  }
  const m: Mount = { type, target, readOnly, options, origin: u.origin, syntax: 'mount-flag' };
  if (source) {
    m.source = source.text;
    m.sourceRaw = source.text;
    m.sourceOrigin = fo(u.range(source.start, source.end));
  }
  if (propagation) m.propagation = propagation;
  if (u.unresolved) m.unresolved = true;
  u.c.mounts.push(m);
}

function applyTmpfs(u: FlagUse): void {
  const c = u.value.indexOf(':');
  const target = c === -1 ? u.value : u.value.slice(0, c);
  const options = c === -1 ? [] : u.value.slice(c + 1).split(',').filter((x) => x !== '');
  u.c.mounts.push({
    type: 'tmpfs',
    target,
    readOnly: options.includes('ro'),
    options: options.filter((x) => x !== 'ro' && x !== 'rw'),
    origin: u.origin,
    syntax: 'tmpfs',
    ...(u.unresolved ? { unresolved: true } : {}),
  });
}

function applyDevice(u: FlagUse): void {
  // docker/cli parseDevice: src[:dst][:perms]; CDI names (vendor.com/class=name) stay whole.
  if (!u.value.startsWith('/') && u.value.includes('=')) {
    u.c.devices.push({ hostPath: u.value, containerPath: u.value, permissions: 'rwm', permissionsExplicit: false, origin: u.origin });
    return;
  }
  const a = u.value.split(':');
  let [src, dst, perms] = [a[0], a[0], ''];
  if (a.length === 3) [src, dst, perms] = a;
  else if (a.length === 2) {
    if (isDeviceMode(a[1])) perms = a[1];
    else dst = a[1];
  } else if (a.length > 3) {
    u.error(`invalid device specification: ${u.value}`);
    return;
  }
  if (perms !== '' && !isDeviceMode(perms)) {
    u.error(`invalid device mode: ${perms}`);
    return;
  }
  u.c.devices.push({ hostPath: src, containerPath: dst, permissions: perms || 'rwm', permissionsExplicit: perms !== '', origin: u.origin });
}

function applySecurityOpt(u: FlagUse): void {
  // docker/cli parseSecurityOpts: `key=value`, legacy `key:value`, bare `no-new-privileges`.
  let key: string;
  let value: string;
  const eq = u.value.indexOf('=');
  const colon = u.value.indexOf(':');
  if (eq !== -1) [key, value] = [u.value.slice(0, eq), u.value.slice(eq + 1)];
  else if (colon !== -1) [key, value] = [u.value.slice(0, colon), u.value.slice(colon + 1)];
  else if (u.value === 'no-new-privileges') [key, value] = [u.value, 'true'];
  else {
    if (!u.unresolved) u.error(`invalid --security-opt: "${u.value}"`);
    [key, value] = [u.value, ''];
  }
  u.c.securityOpt.push({ key: key.toLowerCase(), value, raw: u.value, origin: u.origin, how: u.unresolved ? 'unresolved' : 'explicit' });
}

function applyNetwork(u: FlagUse): void {
  // docker/cli parseNetworkOpts: the first --network is the mode; more named networks may follow.
  const mode = namespaceMode(u.value.split(',')[0].replace(/^name=/, ''), 'network');
  if (!u.c.namespaces.network) u.c.namespaces.network = u.sourced(mode);
  if (mode.mode === 'network' && mode.ref) u.c.networks.push(u.sourced(mode.ref));
}

function applyPublish(u: FlagUse): void {
  const p = conv(u, () => parsePortSpec(u.value));
  if (p) {
    u.c.ports.push({ ...p, origin: u.origin });
    return;
  }
  if (u.unresolved) {
    // `-p "$PORT":80`, `-p ${HTTP_PORT}:8080/tcp`: the host port is unknown, but with no host IP written the port
    // listens on every interface whatever it is (`host:container` has one colon outside `${…}`). With an IP or
    // the whole value a variable, where it listens is not known.
    const parts = u.value.split(/:(?![^{]*\})/);
    const m = parts.length === 2 ? /^([^/]+)(?:\/(tcp|udp|sctp))?$/i.exec(parts[1]) : null;
    if (m && parts[0] !== '' && !/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(u.value)) {
      u.c.ports.push({ hostPort: parts[0], containerPort: m[1], protocol: (m[2]?.toLowerCase() ?? 'tcp') as 'tcp' | 'udp' | 'sctp', origin: u.origin });
    } else u.c.extra.unresolvedPublish = u.sourced(u.value);
  }
}

function applyUlimit(u: FlagUse): void {
  const { key, value } = kv(u.value);
  const m = value === undefined ? null : /^(-?\d+)(?::(-?\d+))?$/.exec(value);
  if (!m) {
    if (!u.unresolved) u.error(`invalid ulimit argument: ${u.value}`);
    return;
  }
  const soft = Number(m[1]);
  u.c.resources.ulimits.push({ name: key, soft, hard: m[2] === undefined ? soft : Number(m[2]), origin: u.origin });
}

function applyRestart(u: FlagUse): void {
  const [name, max] = u.value.split(':');
  if (!['no', 'always', 'unless-stopped', 'on-failure'].includes(name) && !u.unresolved) {
    u.error(`invalid restart policy: ${u.value}`);
    return;
  }
  const maxRetries = max === undefined ? undefined : conv(u, () => parseInteger(max, 'restart'));
  u.c.restart = u.sourced(maxRetries === undefined ? { name } : { name, maxRetries });
}

function applyStorageOpt(u: FlagUse): void {
  const { key, value } = kv(u.value);
  if (key === 'size' && value !== undefined) {
    const n = conv(u, () => ramInBytes(value));
    if (n !== undefined) u.c.resources.storageSize = u.sourced(n);
  } else u.c.extra[`storage-opt:${key}`] = u.sourced(value ?? '');
}

function applyLabel(u: FlagUse): void {
  const { key, value } = kv(u.value);
  u.c.labels[key] = u.sourced(value ?? '');
}

function applySysctl(u: FlagUse): void {
  const { key, value } = kv(u.value);
  if (value === undefined) {
    u.error(`invalid sysctl value: ${u.value}`);
    return;
  }
  u.c.sysctls.push({ name: key, value, origin: u.origin });
}

function applyLogOpt(u: FlagUse): void {
  const { key, value } = kv(u.value);
  u.c.logging ??= { options: {} };
  u.c.logging.options[key] = u.sourced(value ?? '');
}

const list = (k: 'deviceCgroupRules' | 'envFiles' | 'expose' | 'links' | 'volumesFrom' | 'groupAdd') => (u: FlagUse) => {
  u.c[k].push(u.sourced(u.value));
};

/** A flag that takes a value (`S`) and a boolean flag (`B`). */
const S = (long: string, short?: string, apply?: FlagDef['apply']): FlagDef => ({ long, short, value: true, apply });
const B = (long: string, short?: string, apply?: FlagDef['apply']): FlagDef => ({ long, short, value: false, apply });

/**
 * The flag table. Flags without `apply` are kept in `ContainerSpec.extra` under their long name
 * (repeated ones as arrays). Source: `docker run --help` and `docker create --help` of Docker 28.2.
 */
export const FLAGS: readonly FlagDef[] = [
  S('add-host'), S('annotation'), S('attach', 'a'), S('blkio-weight', undefined, intFlag('blkioWeight', '--blkio-weight')),
  S('blkio-weight-device'), S('cap-add', undefined, capFlag('capAdd')), S('cap-drop', undefined, capFlag('capDrop')),
  S('cgroup-parent'), S('cgroupns', undefined, nsFlag('cgroupns')), S('cidfile'), S('cpu-count'), S('cpu-percent'),
  S('cpu-period', undefined, intFlag('cpuPeriod', '--cpu-period')), S('cpu-quota', undefined, intFlag('cpuQuota', '--cpu-quota')),
  S('cpu-rt-period'), S('cpu-rt-runtime'), S('cpu-shares', 'c', intFlag('cpuShares', '--cpu-shares')),
  S('cpus', undefined, (u) => {
    if (u.unresolved) u.c.resources.nanoCpus = { value: Number.NaN, origin: u.origin, how: 'unresolved', raw: u.value };
    else {
      const n = conv(u, () => cpusToNano(u.value));
      if (n !== undefined) u.c.resources.nanoCpus = u.sourced(n);
    }
  }),
  S('cpuset-cpus', undefined, (u) => (u.c.resources.cpusetCpus = u.sourced(u.value))),
  S('cpuset-mems', undefined, (u) => (u.c.resources.cpusetMems = u.sourced(u.value))),
  B('detach', 'd'), S('detach-keys'), S('device', undefined, applyDevice), S('device-cgroup-rule', undefined, list('deviceCgroupRules')),
  S('device-read-bps'), S('device-read-iops'), S('device-write-bps'), S('device-write-iops'), B('disable-content-trust'),
  S('dns'), S('dns-option'), S('dns-opt'), S('dns-search'), S('domainname'),
  S('entrypoint', undefined, (u) => (u.c.entrypoint = u.sourced(u.value === '' ? [] : [u.value]))),
  S('env', 'e', applyEnv), S('env-file', undefined, list('envFiles')), S('expose', undefined, list('expose')), S('gpus'),
  S('group-add', undefined, list('groupAdd')),
  S('health-cmd', undefined, (u) => {
    if (u.c.healthcheck?.value.disabled !== true) u.c.healthcheck = u.sourced({ disabled: false, test: u.value });
  }),
  S('health-interval'), S('health-retries'), S('health-start-interval'), S('health-start-period'), S('health-timeout'),
  B('help'), S('hostname', 'h'), B('init', undefined, boolFlag((c, v) => (c.init = v))), B('interactive', 'i'),
  S('io-maxbandwidth'), S('io-maxiops'), S('ip'), S('ip6'), S('ipc', undefined, nsFlag('ipc')), S('isolation'),
  S('kernel-memory'), S('label', 'l', applyLabel), S('label-file'), S('link', undefined, list('links')), S('link-local-ip'),
  S('log-driver', undefined, (u) => {
    u.c.logging ??= { options: {} };
    u.c.logging.driver = u.sourced(u.value);
  }),
  S('log-opt', undefined, applyLogOpt), S('mac-address'), S('memory', 'm', bytesFlag('memory')),
  S('memory-reservation', undefined, bytesFlag('memoryReservation')), S('memory-swap', undefined, bytesFlag('memorySwap')),
  S('memory-swappiness'), S('mount', undefined, applyMount),
  S('name', undefined, (u) => {
    if (!u.unresolved || u.value !== '') u.c.target.name = u.value;
  }),
  S('network', undefined, applyNetwork), S('net', undefined, applyNetwork), S('network-alias'), S('net-alias'),
  B('no-healthcheck', undefined, (u) => {
    if (u.value === 'true') u.c.healthcheck = u.sourced({ disabled: true });
  }),
  B('oom-kill-disable', undefined, boolFlag((c, v) => (c.resources.oomKillDisable = v))), S('oom-score-adj', undefined, intFlag('oomScoreAdj', '--oom-score-adj')), S('pid', undefined, nsFlag('pid')),
  S('pids-limit', undefined, intFlag('pidsLimit', '--pids-limit')), S('platform'),
  B('privileged', undefined, boolFlag((c, v) => (c.privileged = v))), S('publish', 'p', applyPublish), B('publish-all', 'P'),
  S('pull'), B('quiet', 'q'), B('read-only', undefined, boolFlag((c, v) => (c.readOnlyRootfs = v))),
  S('restart', undefined, applyRestart), B('rm', undefined, boolFlag((c, v) => (c.autoRemove = v))),
  S('runtime', undefined, (u) => (u.c.runtime = u.sourced(u.value))), S('security-opt', undefined, applySecurityOpt),
  S('shm-size'), B('sig-proxy'), S('stop-signal'), S('stop-timeout'), S('storage-opt', undefined, applyStorageOpt),
  S('sysctl', undefined, applySysctl), S('tmpfs', undefined, applyTmpfs), B('tty', 't'), S('ulimit', undefined, applyUlimit),
  B('use-api-socket', undefined, (u) => {
    // Docker CLI 28.1+: bind-mounts the engine's API socket (and the user's registry credentials) into the container.
    if (u.value === 'true') u.c.mounts.push(apiSocketMount(u.origin));
  }),
  S('user', 'u', (u) => (u.c.user = u.sourced(u.value))), S('userns', undefined, nsFlag('userns')),
  S('uts', undefined, nsFlag('uts')), S('volume', 'v', applyVolume), S('volume-driver'),
  S('volumes-from', undefined, list('volumesFrom')), S('workdir', 'w'),
];

/**
 * The flags `podman run` / `podman create` has and `docker run` has not (podman-run(1), Podman 5.x), so a
 * Podman line in a README is read as Podman reads it: `--pod mypod` takes a value (without this table the
 * pod name became the image) and `--replace` is a boolean, not a usage error. Only for a `podman` program
 * word; they are kept in `extra`, and `--pod NAME` also makes the container join the pod's network namespace
 * (podman-run(1) "--pod": the pod's infra container holds it; the network is chosen at `podman pod create`), so
 * the container is not on a default bridge.
 */
const PODMAN_ONLY: FlagDef[] = [
  'arch', 'authfile', 'cgroup-conf', 'cgroups', 'chrootdirs', 'conmon-pidfile', 'creds', 'decryption-key', 'env-merge',
  'gidmap', 'group-entry', 'health-log-destination', 'health-max-log-count', 'health-max-log-size', 'health-on-failure',
  'health-startup-cmd', 'health-startup-interval', 'health-startup-retries', 'health-startup-success', 'health-startup-timeout',
  'hosts-file', 'hostuser', 'image-volume', 'init-path', 'os', 'passwd-entry', 'personality', 'pidfile', 'pod', 'pod-id-file',
  'preserve-fd', 'preserve-fds', 'requires', 'retry', 'retry-delay', 'sdnotify', 'seccomp-policy', 'secret', 'shm-size-systemd',
  'subgidname', 'subuidname', 'systemd', 'timeout', 'tz', 'uidmap', 'umask', 'unsetenv', 'variant',
].map((long) =>
  long === 'pod'
    ? S(long, undefined, (u) => {
        u.c.extra.pod = u.sourced(u.value);
        if (!u.c.namespaces.network && !/^new:/.test(u.value)) u.c.namespaces.network = u.sourced<NamespaceMode>({ mode: 'container', ref: `pod:${u.value}` });
      })
    : S(long),
);
PODMAN_ONLY.push(...['env-host', 'http-proxy', 'no-hosts', 'passwd', 'read-only-tmpfs', 'replace', 'rmi', 'rootfs', 'tls-verify', 'unsetenv-all'].map((long) => B(long)));

/** Flags by long name. */
export const BY_LONG: ReadonlyMap<string, FlagDef> = new Map(FLAGS.map((f) => [f.long, f]));
/** Flags of `podman run` by long name: {@link BY_LONG} and the Podman-only flags. */
export const PODMAN_BY_LONG: ReadonlyMap<string, FlagDef> = new Map([...FLAGS, ...PODMAN_ONLY].map((f) => [f.long, f]));
/**
 * The flags `nerdctl run` / `nerdctl create` (containerd's Docker-compatible CLI, nerdctl 2.x `nerdctl run --help`)
 * has and `docker run` has not: image verification (`--verify cosign`, `--cosign-key`, …), `--unpack`,
 * `--snapshotter`, `--pidfile`, `--rootfs`, `--insecure-registry`, `--ipfs-address`, `--systemd`. None changes the
 * model (kept in `extra`); everything else reads as for docker.
 */
const NERDCTL_ONLY: FlagDef[] = [
  'verify', 'cosign-key', 'cosign-certificate-identity', 'cosign-certificate-identity-regexp', 'cosign-certificate-oidc-issuer',
  'cosign-certificate-oidc-issuer-regexp', 'unpack', 'snapshotter', 'pidfile', 'ipfs-address', 'systemd', 'umask', 'cgroup-conf',
].map((long) => S(long));
NERDCTL_ONLY.push(...['rootfs', 'insecure-registry'].map((long) => B(long)));
/** Flags of `nerdctl run` by long name: {@link BY_LONG} and the nerdctl-only flags. */
export const NERDCTL_BY_LONG: ReadonlyMap<string, FlagDef> = new Map([...FLAGS, ...NERDCTL_ONLY].map((f) => [f.long, f]));
/**
 * The flags of `docker compose run` / `docker-compose run` (docker/compose `cmd/compose/run.go`, Compose v2 to v5:
 * `docker compose run --help`; docker-compose 1.x has a subset of them), for the one-off container of a Compose
 * service. Those that are also `docker run` flags mean the same there and are read the same way (`--cap-add`,
 * `--cap-drop`, `-e`, `-l`, `--name`, `-p`, `-u`, `-v`, `-w`, `-d`, `-i`, `-t`, `--rm`, `--pull`, `-q`); Compose
 * adds `--env-from-file` (a file of `NAME=value` lines, as `--env-file`), `--entrypoint` split into words
 * (go-shellwords: here at blanks), `-P`/`--service-ports` (the service's own ports: not on the line) and flags that
 * change nothing in the container (`-T`, `--no-deps`, `--build`, …). There is no `--privileged`, `--network`,
 * `--security-opt` or resource flag: they are unknown flags there, as the CLI says.
 */
const COMPOSE_RUN: FlagDef[] = [
  ...['cap-add', 'cap-drop', 'env', 'label', 'name', 'publish', 'user', 'volume', 'workdir', 'pull', 'detach', 'interactive', 'tty', 'rm', 'quiet'].map((l) => FLAGS.find((f) => f.long === l)!),
  S('entrypoint', undefined, (u) => (u.c.entrypoint = u.sourced(u.value.split(/[ \t\n]+/).filter((w) => w !== '')))),
  S('env-from-file', undefined, list('envFiles')),
  B('no-TTY', 'T'), B('service-ports', 'P'), B('no-deps'), B('use-aliases'), B('quiet-build'), B('quiet-pull'), B('build'), B('no-build'),
  B('remove-orphans'), B('dry-run'),
];
/** Flags of `docker compose run` by long name ({@link COMPOSE_RUN}), with Compose's other spellings `--volumes` and `--labels`. */
export const COMPOSE_RUN_BY_LONG: ReadonlyMap<string, FlagDef> = new Map([
  ...COMPOSE_RUN.map((f) => [f.long, f] as const),
  ['volumes', COMPOSE_RUN.find((f) => f.long === 'volume')!],
  ['labels', COMPOSE_RUN.find((f) => f.long === 'label')!],
]);
/** Flags of `docker compose run` by short name. */
export const COMPOSE_RUN_BY_SHORT: ReadonlyMap<string, FlagDef> = new Map(COMPOSE_RUN.filter((f) => f.short).map((f) => [f.short!, f]));
/** Flags by short name. */
export const BY_SHORT: ReadonlyMap<string, FlagDef> = new Map(FLAGS.filter((f) => f.short).map((f) => [f.short!, f]));
/**
 * The flags of `docker compose exec` / `docker-compose exec` (docker/compose `cmd/compose/exec.go`, Compose docs
 * "docker compose exec": `-d`, `-e`, `--index`, `-i`, `--privileged`, `-T`/`--no-tty` (docker-compose 1.x: `-T`),
 * `-t`, `-u`, `-w`, `--dry-run`), for a process started in a Compose service's container. Those that are also
 * `docker exec` flags mean the same and are read the same way (`--privileged`, `-u`, `-e`).
 */
const COMPOSE_EXEC: FlagDef[] = [
  ...['detach', 'env', 'interactive', 'privileged', 'tty', 'user', 'workdir'].map((l) => FLAGS.find((f) => f.long === l)!),
  S('index'), B('no-tty', 'T'), B('dry-run'),
];
/** Flags of `docker compose exec` by long name ({@link COMPOSE_EXEC}), with Compose v2's other spelling `--no-TTY`. */
export const COMPOSE_EXEC_BY_LONG: ReadonlyMap<string, FlagDef> = new Map([...COMPOSE_EXEC.map((f) => [f.long, f] as const), ['no-TTY', COMPOSE_EXEC.find((f) => f.long === 'no-tty')!]]);
/** Flags of `docker compose exec` by short name. */
export const COMPOSE_EXEC_BY_SHORT: ReadonlyMap<string, FlagDef> = new Map(COMPOSE_EXEC.filter((f) => f.short).map((f) => [f.short!, f]));
