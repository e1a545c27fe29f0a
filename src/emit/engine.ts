/**
 * Model → engine: turns a {@link ContainerSpec} (from a Compose service, a `docker run` line, `docker inspect`
 * output or a live engine) back into what creates that container: the Docker Engine API
 * `POST /containers/create` body, and the equivalent `docker create`/`docker run` flags.
 *
 * Used wherever bulwark starts a container that must carry a target's own security configuration: the
 * probes (issue 5), the proof that a hardened configuration still starts (issue 4), and hardened run lines
 * for a running container (`harden --from-container`).
 *
 * What cannot be carried to a throw-away container on this engine is listed in {@link EngineConfig.dropped}
 * with the reason, never silently changed: unresolved `${VAR}` values, relative or unresolved host paths,
 * named networks and published ports (every container bulwark creates has `NetworkMode: none` unless the
 * caller keeps the host network namespace), links, `volumes_from`, restart policies.
 *
 * Sources: Docker Engine API v1.43+ `ContainerCreateRequest` / `HostConfig`
 * (https://docs.docker.com/reference/api/engine/), `docker run` reference, compose-spec.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ContainerSpec, Mount, NamespaceMode, Sourced } from '../model/types.js';
import { isSecretEnv, labelSecret } from '../rules/util/secrets.js';
import { logOptionSecret } from '../ingest/daemon/secrets.js';
import { secretWordRanges } from '../rules/util/command-secrets.js';

/** A mount bulwark adds on top of the target's own, e.g. the probe binary. */
export interface ExtraMount {
  type: 'bind' | 'tmpfs';
  /** Absolute host path (bind). */
  source?: string;
  target: string;
  readOnly?: boolean;
}

/** Options of {@link toEngineConfig}. */
export interface EmitOptions {
  /** Image to use instead of the spec's (e.g. a locally imported one with the same entrypoint shape). */
  image?: string;
  /** Container name. */
  name?: string;
  /** Labels added to the spec's labels (bulwark's own, e.g. `io.bulwark.probe`). */
  labels?: Record<string, string>;
  /** Entrypoint to use instead of the spec's; `[]` resets it to the image's. */
  entrypoint?: string[];
  /** Command to use instead of the spec's. */
  cmd?: string[];
  /**
   * `none` (default): every container gets `NetworkMode: none`; a host network namespace and named networks
   * are listed in `dropped`. `keep-host`: a host network namespace is kept (no traffic is sent by creating
   * it), named networks still become `none`.
   */
  network?: 'none' | 'keep-host';
  /** Mounts added after the spec's. */
  extraMounts?: ExtraMount[];
  /**
   * Named volumes: `anonymous` (default) mounts an anonymous volume at the same target, so a throw-away
   * container creates no named volume on the engine; `keep` uses the name.
   */
  namedVolumes?: 'anonymous' | 'keep';
  /**
   * Reads a seccomp profile named by `security_opt: [seccomp=FILE]` (the Engine API takes the JSON itself,
   * the CLI reads the file). Default: read the file, relative paths against the spec's file's directory.
   * Returns undefined when it cannot be read (the option is then dropped, with the reason).
   */
  readSeccompProfile?: (path: string) => string | undefined;
}

/** A setting that could not be carried into the container, and why. */
export interface Dropped {
  /** The setting as the user knows it: `ports 8080:80`, `network_mode host`, `env DB_URL`. */
  setting: string;
  reason: string;
}

/** Engine API `HostConfig` (the subset bulwark sets; field names as in the API). */
export interface HostConfigBody {
  Privileged?: boolean;
  CapAdd?: string[];
  CapDrop?: string[];
  SecurityOpt?: string[];
  ReadonlyRootfs?: boolean;
  Mounts?: { Type: 'bind' | 'volume'; Source?: string; Target: string; ReadOnly?: boolean; BindOptions?: { Propagation?: string } }[];
  Tmpfs?: Record<string, string>;
  Devices?: { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }[];
  DeviceCgroupRules?: string[];
  NetworkMode?: string;
  PidMode?: string;
  IpcMode?: string;
  UTSMode?: string;
  UsernsMode?: string;
  CgroupnsMode?: string;
  /** Bytes. */
  Memory?: number;
  /** Bytes (memory + swap); -1 unlimited. */
  MemorySwap?: number;
  /** Bytes. */
  MemoryReservation?: number;
  /** nanoCPUs: 1e9 = one CPU. */
  NanoCpus?: number;
  CpuShares?: number;
  /** Microseconds. */
  CpuQuota?: number;
  /** Microseconds. */
  CpuPeriod?: number;
  CpusetCpus?: string;
  CpusetMems?: string;
  /** Count; 0 or -1 unlimited. */
  PidsLimit?: number;
  Ulimits?: { Name: string; Soft: number; Hard: number }[];
  BlkioWeight?: number;
  Sysctls?: Record<string, string>;
  GroupAdd?: string[];
  Init?: boolean;
  Runtime?: string;
  LogConfig?: { Type: string; Config: Record<string, string> };
}

/** Engine API `POST /containers/create` body; usable as is with dockerode's `createContainer`. */
export interface CreateBody {
  Image?: string;
  name?: string;
  User?: string;
  Env?: string[];
  Labels?: Record<string, string>;
  Entrypoint?: string[];
  Cmd?: string[];
  Healthcheck?: { Test: string[] };
  HostConfig: HostConfigBody;
}

/** Result of {@link toEngineConfig}. */
export interface EngineConfig {
  /** The create body (Engine API). */
  body: CreateBody;
  /**
   * The same configuration as `docker create`/`docker run` flags, without the image and the command.
   * Secret-looking environment values are written as `-e NAME` (taken from the caller's environment),
   * never as values; the secret of a label, a logging option or the health check command is masked (`*`,
   * {@link maskedLabelValue}, {@link maskedCommand}) and listed in `rewritten`. `body` keeps every value.
   */
  args: string[];
  /** The image (as in `body.Image`), or undefined when neither the spec nor the options name one. */
  image?: string;
  /** What follows the image on a `docker run` line: the rest of a multi-word entrypoint, then the command. */
  command: string[];
  /** Settings left out, with the reason. */
  dropped: Dropped[];
  /** Settings `body` carries as they are but `args` (docker run flags) can only write in another form, and why. */
  rewritten: Dropped[];
}

function isSet<T>(s: Sourced<T> | undefined): s is Sourced<T> {
  return !!s && s.how === 'explicit';
}

function unresolved(s: { how: string } | undefined): boolean {
  return !!s && s.how === 'unresolved';
}

function nsMode(ns: NamespaceMode): string | undefined {
  switch (ns.mode) {
    case 'host':
    case 'private':
    case 'shareable':
    case 'none':
      return ns.mode;
    default:
      return undefined; // container:<ref>, service:<ref>, a named network: not in a throw-away container
  }
}

/**
 * Converts a container description into an Engine API create body and `docker run` flags.
 *
 * @param spec the container as modelled by an ingester.
 * @param options overrides and bulwark's own additions; see {@link EmitOptions}.
 * @returns body, args, command and the settings that could not be carried ({@link EngineConfig}).
 * Never throws for a valid spec; an unreadable seccomp profile becomes a `dropped` entry.
 */
export function toEngineConfig(spec: ContainerSpec, options: EmitOptions = {}): EngineConfig {
  const hc: HostConfigBody = {};
  const body: CreateBody = { HostConfig: hc };
  const args: string[] = [];
  const dropped: Dropped[] = [];
  const rewritten: Dropped[] = [];
  const drop = (setting: string, reason: string) => dropped.push({ setting, reason });
  const UNRES = 'depends on a variable with no value';

  const image = options.image ?? (isSet(spec.image) ? spec.image.value : undefined);
  if (!options.image && unresolved(spec.image)) drop(`image ${spec.image!.raw ?? spec.image!.value}`, UNRES);
  if (image) body.Image = image;
  if (options.name) {
    body.name = options.name;
    args.push('--name', options.name);
  }

  if (isSet(spec.user)) {
    body.User = spec.user.value;
    args.push('--user', spec.user.value);
  } else if (unresolved(spec.user)) drop(`user ${spec.user!.raw ?? spec.user!.value}`, UNRES);

  if (isSet(spec.privileged) && spec.privileged.value) {
    hc.Privileged = true;
    args.push('--privileged');
  }
  const caps = (list: Sourced<string>[], flag: string, key: 'CapAdd' | 'CapDrop') => {
    for (const c of list) {
      if (unresolved(c)) {
        drop(`${flag} ${c.raw ?? c.value}`, UNRES);
        continue;
      }
      (hc[key] ??= []).push(c.value);
      args.push(flag, c.value);
    }
  };
  caps(spec.capAdd, '--cap-add', 'CapAdd');
  caps(spec.capDrop, '--cap-drop', 'CapDrop');

  for (const o of spec.securityOpt) {
    if (o.how === 'unresolved') {
      drop(`security_opt ${o.raw}`, UNRES);
      continue;
    }
    if (o.how !== 'explicit') continue;
    const flagValue = o.key === 'no-new-privileges' ? (o.value === 'true' ? 'no-new-privileges' : `no-new-privileges=${o.value}`) : `${o.key}=${o.value}`;
    if (o.key === 'seccomp' && o.value !== 'unconfined' && o.value !== 'builtin') {
      const path = isAbsolute(o.value) ? o.value : resolve(dirname(spec.file === '-' ? '.' : spec.file), o.value);
      const read = options.readSeccompProfile ?? ((p: string) => {
        try {
          return readFileSync(p, 'utf8');
        } catch {
          return undefined;
        }
      });
      const json = read(path);
      if (json === undefined) {
        drop(`security_opt ${o.raw}`, `the seccomp profile ${path} cannot be read`);
        continue;
      }
      (hc.SecurityOpt ??= []).push(`seccomp=${json}`);
      args.push('--security-opt', `seccomp=${path}`);
      continue;
    }
    (hc.SecurityOpt ??= []).push(flagValue);
    args.push('--security-opt', flagValue);
  }

  if (isSet(spec.readOnlyRootfs) && spec.readOnlyRootfs.value) {
    hc.ReadonlyRootfs = true;
    args.push('--read-only');
  }

  const addMount = (mount: Pick<Mount, 'type' | 'source' | 'target' | 'readOnly' | 'propagation' | 'propagationEffective' | 'options'>, label: string) => {
    // The engine's own propagation (shown by docker inspect, never written) is left for the engine to choose again.
    const m = mount.propagationEffective ? { ...mount, propagation: undefined } : mount;
    if (m.type === 'tmpfs') {
      const opts = m.options.filter((x) => x !== 'rw' && x !== 'ro').concat(m.readOnly ? ['ro'] : []).join(',');
      (hc.Tmpfs ??= {})[m.target] = opts;
      args.push('--tmpfs', opts ? `${m.target}:${opts}` : m.target);
      return;
    }
    if (m.type === 'bind') {
      if (!m.source || !isAbsolute(m.source)) {
        drop(label, `the host path ${m.source ?? '(none)'} is not absolute`);
        return;
      }
      (hc.Mounts ??= []).push({
        Type: 'bind',
        Source: m.source,
        Target: m.target,
        ...(m.readOnly ? { ReadOnly: true } : {}),
        ...(m.propagation ? { BindOptions: { Propagation: m.propagation } } : {}),
      });
      args.push('--mount', [`type=bind`, `source=${m.source}`, `target=${m.target}`, ...(m.readOnly ? ['readonly'] : []), ...(m.propagation ? [`bind-propagation=${m.propagation}`] : [])].join(','));
      return;
    }
    if (m.type === 'volume') {
      const named = !!m.source && options.namedVolumes === 'keep';
      (hc.Mounts ??= []).push({ Type: 'volume', ...(named ? { Source: m.source } : {}), Target: m.target, ...(m.readOnly ? { ReadOnly: true } : {}) });
      args.push('--mount', [`type=volume`, ...(named ? [`source=${m.source}`] : []), `target=${m.target}`, ...(m.readOnly ? ['readonly'] : [])].join(','));
      return;
    }
    drop(label, `${m.type} mounts are not supported on this engine`);
  };
  for (const m of spec.mounts) {
    // Another service's mounts through volumes_from: dropped with the volumes_from item (below).
    if (m.syntax === 'volumes-from') continue;
    const label = `volume ${m.sourceRaw ?? m.source ?? ''}${m.source || m.sourceRaw ? ':' : ''}${m.target}`;
    if (m.unresolved) {
      drop(label, UNRES);
      continue;
    }
    addMount(m, label);
  }
  for (const m of options.extraMounts ?? []) addMount({ ...m, readOnly: !!m.readOnly, options: [] }, `mount ${m.target}`);

  for (const d of spec.devices) {
    (hc.Devices ??= []).push({ PathOnHost: d.hostPath, PathInContainer: d.containerPath, CgroupPermissions: d.permissions });
    args.push('--device', `${d.hostPath}:${d.containerPath}${d.permissionsExplicit ? `:${d.permissions}` : ''}`);
  }
  for (const r of spec.deviceCgroupRules) {
    if (unresolved(r)) drop(`device_cgroup_rules ${r.raw ?? r.value}`, UNRES);
    else {
      (hc.DeviceCgroupRules ??= []).push(r.value);
      args.push('--device-cgroup-rule', r.value);
    }
  }

  // Namespaces. The network is `none` unless the caller keeps a host network namespace.
  const net = spec.namespaces.network;
  let network = 'none';
  if (net && unresolved(net)) drop(`network_mode ${net.raw ?? ''}`, UNRES);
  else if (isSet(net) && net.value.mode === 'host' && options.network === 'keep-host') network = 'host';
  else if (isSet(net) && net.value.mode !== 'none') drop(`network_mode ${net.raw ?? net.value.mode}`, 'every container bulwark creates has no network (NetworkMode none)');
  for (const n of spec.networks) if (n.value !== 'none') drop(`networks ${n.value}`, 'every container bulwark creates has no network (NetworkMode none)');
  hc.NetworkMode = network;
  args.push('--network', network);
  const ns: [keyof ContainerSpec['namespaces'], keyof HostConfigBody, string, string][] = [
    ['pid', 'PidMode', '--pid', 'pid'],
    ['ipc', 'IpcMode', '--ipc', 'ipc'],
    ['uts', 'UTSMode', '--uts', 'uts'],
    ['userns', 'UsernsMode', '--userns', 'userns_mode'],
    ['cgroupns', 'CgroupnsMode', '--cgroupns', 'cgroup'],
  ];
  for (const [key, field, flag, composeKey] of ns) {
    const v = spec.namespaces[key];
    if (!v) continue;
    if (unresolved(v)) {
      drop(`${composeKey} ${v.raw ?? ''}`, UNRES);
      continue;
    }
    if (!isSet(v)) continue;
    const mode = nsMode(v.value);
    if (!mode) {
      drop(`${composeKey} ${v.value.mode}${v.value.ref ? `:${v.value.ref}` : ''}`, 'joins another container or service, which a throw-away container cannot');
      continue;
    }
    if (key === 'cgroupns' && mode !== 'host' && mode !== 'private') continue;
    (hc as Record<string, unknown>)[field] = mode;
    args.push(flag, mode);
  }

  // Resources (units: bytes, nanoCPUs, microseconds, counts).
  const r = spec.resources;
  const num = (s: Sourced<number> | undefined, field: keyof HostConfigBody, flag: string, composeKey: string, show: (n: number) => string = String) => {
    if (!s) return;
    if (unresolved(s)) return drop(`${composeKey} ${s.raw ?? ''}`, UNRES);
    if (!isSet(s)) return;
    (hc as Record<string, unknown>)[field] = s.value;
    args.push(flag, show(s.value));
  };
  num(r.memory, 'Memory', '--memory', 'mem_limit');
  num(r.memorySwap, 'MemorySwap', '--memory-swap', 'memswap_limit');
  num(r.memoryReservation, 'MemoryReservation', '--memory-reservation', 'mem_reservation');
  num(r.nanoCpus, 'NanoCpus', '--cpus', 'cpus', (n) => String(n / 1e9));
  num(r.cpuShares, 'CpuShares', '--cpu-shares', 'cpu_shares');
  num(r.cpuQuota, 'CpuQuota', '--cpu-quota', 'cpu_quota');
  num(r.cpuPeriod, 'CpuPeriod', '--cpu-period', 'cpu_period');
  num(r.pidsLimit, 'PidsLimit', '--pids-limit', 'pids_limit');
  num(r.blkioWeight, 'BlkioWeight', '--blkio-weight', 'blkio_config.weight');
  for (const [s, field, flag, composeKey] of [
    [r.cpusetCpus, 'CpusetCpus', '--cpuset-cpus', 'cpuset'],
    [r.cpusetMems, 'CpusetMems', '--cpuset-mems', 'cpuset_mems'],
  ] as const) {
    if (!s) continue;
    if (unresolved(s)) drop(`${composeKey} ${s.raw ?? ''}`, UNRES);
    else if (isSet(s)) {
      hc[field] = s.value;
      args.push(flag, s.value);
    }
  }
  if (r.storageSize && isSet(r.storageSize)) drop(`storage_opt size=${r.storageSize.value}`, 'needs overlay2 on xfs with pquota, which a throw-away container does not assume');
  for (const u of r.ulimits) {
    const soft = u.soft ?? u.hard;
    const hard = u.hard ?? u.soft;
    if (soft === undefined || hard === undefined) {
      drop(`ulimits ${u.name}`, 'has no value');
      continue;
    }
    (hc.Ulimits ??= []).push({ Name: u.name, Soft: soft, Hard: hard });
    args.push('--ulimit', `${u.name}=${soft}:${hard}`);
  }

  if (spec.restart && isSet(spec.restart)) drop(`restart ${spec.restart.value.name}`, 'a throw-away container is never restarted');
  if (spec.runtime) {
    if (unresolved(spec.runtime)) drop(`runtime ${spec.runtime.raw ?? ''}`, UNRES);
    else if (isSet(spec.runtime)) {
      hc.Runtime = spec.runtime.value;
      args.push('--runtime', spec.runtime.value);
    }
  }

  // Environment: values go to the engine (the container needs them); the printed flags never hold a secret.
  for (const e of spec.env) {
    if (e.value === undefined) {
      drop(`environment ${e.name}`, e.kind === 'passthrough' ? 'taken from the environment of the caller' : UNRES);
      continue;
    }
    (body.Env ??= []).push(`${e.name}=${e.value}`);
    args.push('-e', isSecretEnv(e.name, e.value) ? e.name : `${e.name}=${e.value}`);
  }
  for (const f of spec.envFiles) drop(`env_file ${f.value}`, 'env files are not read');
  for (const p of spec.ports) drop(`ports ${p.hostPort ? `${p.hostPort}:` : ''}${p.containerPort}`, 'no ports are published from a container without a network');
  for (const l of spec.links) drop(`links ${l.value}`, 'a throw-away container has no other containers to link to');
  for (const v of spec.volumesFrom) drop(`volumes_from ${v.value}`, 'a throw-away container has no other containers to share volumes with');

  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.labels)) if (v.how === 'explicit') labels[k] = v.value;
  Object.assign(labels, options.labels ?? {});
  if (Object.keys(labels).length) body.Labels = labels;
  for (const [k, v] of Object.entries(labels)) {
    const shown = maskedLabelValue(k, v);
    args.push('--label', `${k}=${shown}`);
    if (shown !== v) rewritten.push({ setting: `label ${k}`, reason: `its secret (${labelSecret(k, v)!.kind}) is masked in the printed flags: labels are readable by anyone who can run docker inspect, so keep the secret out of them (BW-0046)` });
  }

  if (spec.healthcheck && isSet(spec.healthcheck)) {
    if (spec.healthcheck.value.disabled) {
      body.Healthcheck = { Test: ['NONE'] };
      args.push('--no-healthcheck');
    } else if (spec.healthcheck.value.test) {
      // The engine's Test: `['CMD-SHELL', cmd]` (what --health-cmd and a Compose string give) or the exec form
      // `['CMD', prog, …args]` (Compose list form only: docker run has no flag for it).
      const given = spec.healthcheck.value.testArgs;
      const test = given && (given[0] === 'CMD' || given[0] === 'CMD-SHELL') ? given : ['CMD-SHELL', spec.healthcheck.value.test];
      const shell = test[0] === 'CMD-SHELL' ? test.slice(1).join(' ') : test.slice(1).map(shellQuote).join(' ');
      body.Healthcheck = { Test: test[0] === 'CMD-SHELL' ? ['CMD-SHELL', shell] : test };
      // Printed without the secrets BW-0035 reads in a health check (`redis-cli -a <pw>`, a header): masked.
      const shown = maskedCommand(shell);
      args.push('--health-cmd', shown);
      if (shown !== shell) rewritten.push({ setting: 'healthcheck test', reason: 'its secret is masked in the printed flags: docker inspect shows the health check command to anyone who may inspect (BW-0035)' });
      if (test[0] === 'CMD') {
        rewritten.push({
          setting: `healthcheck test ${JSON.stringify(test)}`,
          reason: 'docker run has no flag for an exec-form health check: --health-cmd runs the same words through /bin/sh -c, which the image must have',
        });
      }
    }
  }
  if (spec.logging?.driver && isSet(spec.logging.driver)) {
    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries(spec.logging.options)) if (v.how === 'explicit') config[k] = v.value;
    hc.LogConfig = { Type: spec.logging.driver.value, Config: config };
    args.push('--log-driver', spec.logging.driver.value, ...Object.entries(config).flatMap(([k, v]) => ['--log-opt', `${k}=${maskedPart(v, logOptionSecret(k, v))}`]));
    for (const [k, v] of Object.entries(config)) if (logOptionSecret(k, v)) rewritten.push({ setting: `log-opt ${k}`, reason: 'its secret is masked in the printed flags (BW-0046)' });
  }
  for (const s of spec.sysctls) {
    (hc.Sysctls ??= {})[s.name] = s.value;
    args.push('--sysctl', `${s.name}=${s.value}`);
  }
  for (const g of spec.groupAdd) {
    if (unresolved(g)) drop(`group_add ${g.raw ?? ''}`, UNRES);
    else if (isSet(g)) {
      (hc.GroupAdd ??= []).push(g.value);
      args.push('--group-add', g.value);
    }
  }
  if (spec.init && isSet(spec.init) && spec.init.value) {
    hc.Init = true;
    args.push('--init');
  }

  // Entrypoint and command. `docker run --entrypoint` takes one word; the rest goes after the image.
  const entrypoint = options.entrypoint ?? (isSet(spec.entrypoint) ? spec.entrypoint.value : undefined);
  const cmd = options.cmd ?? (isSet(spec.command) ? spec.command.value : undefined);
  if (!options.entrypoint && unresolved(spec.entrypoint)) drop('entrypoint', UNRES);
  if (!options.cmd && unresolved(spec.command)) drop('command', UNRES);
  const command: string[] = [];
  if (entrypoint) {
    body.Entrypoint = entrypoint;
    args.push('--entrypoint', entrypoint[0] ?? '');
    command.push(...entrypoint.slice(1));
  }
  if (cmd) {
    body.Cmd = cmd;
    command.push(...cmd);
  }
  return { body, args, image, command, dropped, rewritten };
}

/** `value` with the characters `[part.start, part.end)` replaced by `*` (one per character), or as it is without `part`. */
function maskedPart(value: string, part: { start: number; end: number } | undefined): string {
  return part ? value.slice(0, part.start) + '*'.repeat(part.end - part.start) + value.slice(part.end) : value;
}

/**
 * A shell command (`--health-cmd`) as bulwark prints it: the secrets BW-0035 reads in a command line
 * (src/rules/util/command-secrets.ts: `redis-cli -a <pw>`, `--password=…`, a credential header) replaced by `*`.
 */
export function maskedCommand(script: string): string {
  let out = script;
  for (const r of secretWordRanges('', script, 0, script.length, [script])) out = out.slice(0, r.start) + '*'.repeat(r.end - r.start) + out.slice(r.end);
  return out;
}

/**
 * The value of label `key` as bulwark prints it (R-S: secrets never appear in bulwark's output): the secret a label
 * holds ({@link labelSecret}, as BW-0046 and the audits' masking judge it: a password in a URL, a basic-auth label's
 * password hashes, a token) replaced by `*` of the same length, the rest as it is (`postgres://u:*****@db/x`).
 */
export function maskedLabelValue(key: string, value: string): string {
  return maskedPart(value, labelSecret(key, value));
}

/** Quotes one word for a POSIX shell (single quotes unless the word is plain). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A `docker run` line for the configuration: `docker run <args> <image> <command>`, each word quoted for
 * a POSIX shell. Throws `Error` when there is no image.
 */
export function toRunLine(cfg: EngineConfig, verb: 'run' | 'create' = 'run'): string {
  if (!cfg.image) throw new Error('no image to run');
  return ['docker', verb, ...cfg.args, cfg.image, ...cfg.command].map(shellQuote).join(' ');
}
