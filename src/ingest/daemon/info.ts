/**
 * A live engine's `GET /info` and `GET /version` (Docker Engine API, "System" endpoints) → DaemonSpec.
 *
 * What `/info` shows and what it does not: storage and log drivers, debug, live restore, experimental,
 * registries (insecure ones as `IndexConfigs.*.Secure: false` and `InsecureRegistryCIDRs` beyond the
 * built-in `127.0.0.0/8` and `::1/128`), authorization plugins, `SecurityOptions` (`name=userns`,
 * `name=rootless`, `name=selinux`, `name=seccomp,profile=…`), swarm state, and `Warnings`: dockerd
 * (daemon/info.go, fillAPIInfo) warns "API is accessible on http://ADDR without encryption" for a TCP
 * listener without TLS and "on https://ADDR without TLS client verification" with TLS but no verify,
 * which bulwark turns into `hosts` and `tls`/`tlsVerify`. icc, iptables, userland proxy,
 * no-new-privileges, log level, default ulimits and cgroup parent are NOT in `/info`: the live audit
 * fills them from the dockerd command line and daemon.json ({@link mergeDaemonSpecs}).
 */
import { emptyDaemon, type DaemonSpec } from '../../model/daemon.js';
import type { SourceRange } from '../../model/source.js';
import type { Origin, Sourced } from '../../model/types.js';
import { parseGoBool } from './flags.js';

const DEFAULT_INSECURE_CIDRS = new Set(['127.0.0.0/8', '::1/128']);

function esc(k: string): string {
  return k.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The file range an origin resolves to, if any (for the target). */
function rangeOf(o: Origin): SourceRange {
  if (o.kind === 'file') return { file: o.file, start: o.start, end: o.end };
  return { file: o.file ?? '', start: o.start ?? 0, end: o.end ?? o.start ?? 0 };
}

/**
 * Keys of {@link DaemonSpec.extra} under which {@link daemonFromInfo} keeps swarm values of `/info` with
 * their own origins (`Swarm.Managers`; `Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers`;
 * `Swarm.Cluster.Spec.CAConfig.NodeCertExpiry`, a number of NANOSECONDS; `Swarm.ControlAvailable`, true on
 * a manager). `Managers`, `Nodes` and `Cluster` are only filled on a manager (Docker Engine API, SystemInfo
 * `Swarm`, ClusterInfo). Read by the swarm rules (CIS Docker Benchmark 1.6.0 section 7).
 */
export const SWARM_EXTRA = {
  managers: 'swarm.managers',
  autolock: 'swarm.autolockManagers',
  nodeCertExpiry: 'swarm.nodeCertExpiryNs',
  controlAvailable: 'swarm.controlAvailable',
} as const;

/** One network of `GET /networks` as far as bulwark reads it (Docker Engine API, NetworkList). */
export interface EngineNetwork {
  Name: string;
  Driver: string;
  Options?: Record<string, string> | null;
}

/** The bridge driver option that turns inter-container communication on a bridge network on or off. */
export const BRIDGE_ICC_OPTION = 'com.docker.network.bridge.enable_icc';

/**
 * `GET /networks` → {@link DaemonSpec.networks}: bridge networks with `icc` (option
 * `com.docker.network.bridge.enable_icc`, read with Go's strconv.ParseBool as libnetwork does, default true), overlay networks with `encrypted` (the option
 * `encrypted` present, whatever its value, as libnetwork's overlay driver reads it; `docker network create
 * --opt encrypted`). Origins: the option's value when set (`/3/Options/encrypted`), else the network's `Name`.
 * Entries that are not objects with string `Name` and `Driver` are skipped; never throws.
 * @param locate maps a JSON pointer into the `/networks` answer (an array) to an origin
 */
export function daemonNetworks(networks: unknown, locate: (pointer: string) => Origin): DaemonSpec['networks'] {
  if (!Array.isArray(networks)) return [];
  const out: DaemonSpec['networks'] = [];
  networks.forEach((n: Partial<EngineNetwork> | null, i) => {
    if (!n || typeof n.Name !== 'string' || typeof n.Driver !== 'string') return;
    const o = n.Options && typeof n.Options === 'object' ? n.Options : {};
    const has = (k: string) => Object.prototype.hasOwnProperty.call(o, k);
    const iccSet = n.Driver === 'bridge' && has(BRIDGE_ICC_OPTION);
    const encSet = n.Driver === 'overlay' && has('encrypted');
    out.push({
      name: n.Name,
      driver: n.Driver,
      ...(n.Driver === 'bridge' ? { icc: iccSet ? parseGoBool(String(o[BRIDGE_ICC_OPTION])) ?? true : true } : {}),
      ...(n.Driver === 'overlay' ? { encrypted: encSet } : {}),
      origin: locate(iccSet ? `/${i}/Options/${esc(BRIDGE_ICC_OPTION)}` : encSet ? `/${i}/Options/encrypted` : `/${i}/Name`),
    });
  });
  return out;
}

/**
 * Builds a DaemonSpec (`source: 'engine'`, `completeness: 'complete'`) from `/info` and `/version`.
 * Unknown shapes are ignored field by field; never throws.
 * @param locate maps a JSON pointer into `/info` (`/LiveRestoreEnabled`, `/Warnings/0`) to an origin; the
 *   pointer `''` locates the whole object (the target)
 * @param name target name (the engine address); defaults to the engine's `Name`
 */
export function daemonFromInfo(info: unknown, version: unknown, locate: (pointer: string) => Origin, name?: string): DaemonSpec {
  const i = (info && typeof info === 'object' ? info : {}) as Record<string, unknown>;
  const v = (version && typeof version === 'object' ? version : {}) as Record<string, unknown>;
  const tName = name ?? (typeof i.Name === 'string' ? i.Name : 'engine');
  const d = emptyDaemon({ kind: 'daemon', name: tName, range: rangeOf(locate('')) }, 'engine', rangeOf(locate('')).file, 'complete');
  const at = <T>(value: T, pointer: string): Sourced<T> => ({ value, origin: locate(pointer), how: 'explicit' });
  const bool = (k: string) => (typeof i[k] === 'boolean' ? at(i[k] as boolean, `/${k}`) : undefined);
  const str = (k: string) => (typeof i[k] === 'string' && i[k] !== '' ? at(i[k] as string, `/${k}`) : undefined);

  const set = <K extends keyof DaemonSpec>(k: K, val: DaemonSpec[K] | undefined) => {
    if (val !== undefined) d[k] = val;
  };
  set('debug', bool('Debug'));
  set('liveRestore', bool('LiveRestoreEnabled'));
  set('experimental', bool('ExperimentalBuild'));
  set('storageDriver', str('Driver'));
  set('logDriver', str('LoggingDriver'));
  set('defaultRuntime', str('DefaultRuntime'));
  set('dataRoot', str('DockerRootDir'));
  if (typeof i.CgroupDriver === 'string') d.extra.cgroupDriver = at(i.CgroupDriver, '/CgroupDriver');

  if (Array.isArray(i.SecurityOptions)) {
    const opts = i.SecurityOptions as unknown[];
    let selinux = false;
    opts.forEach((o, n) => {
      if (typeof o !== 'string') return;
      const fields = Object.fromEntries(o.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
      const p = `/SecurityOptions/${n}`;
      if (fields.name === 'userns') d.usernsRemap = at('(remapped)', p);
      if (fields.name === 'rootless') d.rootless = at(true, p);
      if (fields.name === 'selinux') selinux = true;
      if (fields.name === 'seccomp' && fields.profile) d.seccompProfile = at(fields.profile, p);
    });
    d.selinuxEnabled = at(selinux, '/SecurityOptions');
  }

  const reg = i.RegistryConfig as { IndexConfigs?: Record<string, { Secure?: boolean }>; InsecureRegistryCIDRs?: unknown[]; Mirrors?: unknown[] } | undefined;
  if (reg && typeof reg === 'object') {
    (reg.InsecureRegistryCIDRs ?? []).forEach((c, n) => {
      if (typeof c === 'string' && !DEFAULT_INSECURE_CIDRS.has(c)) d.insecureRegistries.push(at(c, `/RegistryConfig/InsecureRegistryCIDRs/${n}`));
    });
    for (const [k, ic] of Object.entries(reg.IndexConfigs ?? {})) {
      if (ic && ic.Secure === false) d.insecureRegistries.push(at(k, `/RegistryConfig/IndexConfigs/${esc(k)}/Secure`));
    }
    (reg.Mirrors ?? []).forEach((m, n) => {
      if (typeof m === 'string') d.registryMirrors.push(at(m, `/RegistryConfig/Mirrors/${n}`));
    });
  }

  const plugins = i.Plugins as { Authorization?: unknown[] | null } | undefined;
  (plugins?.Authorization ?? []).forEach((p, n) => {
    if (typeof p === 'string') d.authorizationPlugins.push(at(p, `/Plugins/Authorization/${n}`));
  });

  if (Array.isArray(i.Warnings)) {
    (i.Warnings as unknown[]).forEach((w, n) => {
      if (typeof w !== 'string') return;
      const m = /API is accessible on (https?):\/\/(\S+?) without (encryption|TLS client verification)/.exec(w);
      if (!m) return;
      const p = `/Warnings/${n}`;
      d.hosts.push(at(`tcp://${m[2]}`, p));
      if (m[1] === 'http') d.tls = at(false, p);
      else {
        d.tls ??= at(true, p);
        d.tlsVerify = at(false, p);
      }
    });
  }

  const sw = i.Swarm as
    | { LocalNodeState?: string; Managers?: number; Nodes?: number; ControlAvailable?: boolean; Cluster?: { Spec?: { EncryptionConfig?: { AutoLockManagers?: boolean }; CAConfig?: { NodeCertExpiry?: number } } } }
    | undefined;
  if (sw && typeof sw === 'object' && typeof sw.LocalNodeState === 'string') {
    const auto = sw.Cluster?.Spec?.EncryptionConfig?.AutoLockManagers;
    const expiry = sw.Cluster?.Spec?.CAConfig?.NodeCertExpiry;
    // Where each swarm value is written in /info (the model's `swarm` has one origin): the swarm rules point here.
    if (typeof sw.Managers === 'number') d.extra[SWARM_EXTRA.managers] = at(sw.Managers, '/Swarm/Managers');
    if (typeof auto === 'boolean') d.extra[SWARM_EXTRA.autolock] = at(auto, '/Swarm/Cluster/Spec/EncryptionConfig/AutoLockManagers');
    if (typeof expiry === 'number') d.extra[SWARM_EXTRA.nodeCertExpiry] = at(expiry, '/Swarm/Cluster/Spec/CAConfig/NodeCertExpiry');
    if (typeof sw.ControlAvailable === 'boolean') d.extra[SWARM_EXTRA.controlAvailable] = at(sw.ControlAvailable, '/Swarm/ControlAvailable');
    d.swarm = {
      state: sw.LocalNodeState,
      ...(typeof sw.Managers === 'number' ? { managers: sw.Managers } : {}),
      ...(typeof sw.Nodes === 'number' ? { nodes: sw.Nodes } : {}),
      ...(typeof auto === 'boolean' ? { autolockEnabled: auto } : {}),
      origin: locate('/Swarm/LocalNodeState'),
    };
  }
  if (typeof v.Version === 'string') d.extra.engineVersion = { value: v.Version, origin: locate(''), how: 'explicit' };
  if (Array.isArray(v.Components)) {
    for (const c of v.Components as { Name?: unknown; Version?: unknown }[]) {
      if (typeof c?.Name === 'string' && typeof c.Version === 'string') d.extra[`version:${c.Name}`] = { value: c.Version, origin: locate(''), how: 'explicit' };
    }
  }
  return d;
}

/**
 * The value a list entry is compared by when specs are merged: dockerd normalizes what daemon.json and the
 * flags say before /info shows it, so the same entry must not count twice. A registry mirror is shown as
 * `scheme://host/` (moby registry `ValidateMirror` appends the `/`); an insecure registry loses a leading
 * `http://` or `https://` (moby registry `loadInsecureRegistries` strips it, with a warning). Other lists: as written.
 */
function listKey(list: string, value: string): string {
  if (list === 'registryMirrors') return value.replace(/\/+$/, '').toLowerCase();
  if (list === 'insecureRegistries') return value.replace(/^https?:\/\//i, '');
  return value;
}

/**
 * Merges daemon descriptions of one engine, later ones winning field by field (lists are concatenated
 * without duplicate values), e.g. `[fromInfo, fromDaemonJson, fromCmdline]`: what dockerd runs with.
 * `target`, `source`, `file` and `completeness` come from the first spec.
 */
export function mergeDaemonSpecs(specs: DaemonSpec[]): DaemonSpec {
  const [first, ...rest] = specs;
  const out: DaemonSpec = { ...first, hosts: [...first.hosts], logOpts: { ...first.logOpts }, insecureRegistries: [...first.insecureRegistries], registryMirrors: [...first.registryMirrors], storageOpts: [...first.storageOpts], defaultUlimits: [...first.defaultUlimits], authorizationPlugins: [...first.authorizationPlugins], networks: [...first.networks], extra: { ...first.extra } };
  const lists = ['hosts', 'insecureRegistries', 'registryMirrors', 'storageOpts', 'authorizationPlugins'] as const;
  for (const s of rest) {
    for (const [k, val] of Object.entries(s) as [keyof DaemonSpec, unknown][]) {
      if (['target', 'source', 'file', 'completeness'].includes(k) || val === undefined) continue;
      if ((lists as readonly string[]).includes(k)) {
        const have = out[k as (typeof lists)[number]];
        const same = (a: string) => listKey(k, a);
        for (const item of val as Sourced<string>[]) if (!have.some((h) => same(h.value) === same(item.value))) have.push(item);
      } else if (k === 'defaultUlimits') {
        for (const u of val as DaemonSpec['defaultUlimits']) {
          out.defaultUlimits = out.defaultUlimits.filter((x) => x.name !== u.name);
          out.defaultUlimits.push(u);
        }
      } else if (k === 'networks') out.networks.push(...(val as DaemonSpec['networks']));
      else if (k === 'logOpts' || k === 'extra' || k === 'unitLimits') Object.assign((out[k] ??= {}) as object, val);
      else if (k === 'execOpts') out.execOpts = [...(out.execOpts ?? []), ...(val as Sourced<string>[])];
      else (out as unknown as Record<string, unknown>)[k] = val;
    }
  }
  return out;
}
