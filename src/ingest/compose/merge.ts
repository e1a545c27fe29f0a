/**
 * Merging of service models: `extends` and multi-file overrides (`docker compose -f a.yml -f b.yml`).
 *
 * Source: compose-spec "Merge and override" (https://github.com/compose-spec/compose-spec/blob/main/13-merge.md)
 * and "extends" (14-extends.md): mappings merge key by key; scalars override; `cap_add`, `cap_drop`,
 * `expose`, `ports`, `security_opt`, `links`, `group_add`, `env_file`, … append without duplicates;
 * `volumes`/`tmpfs` merge by container target, `devices` by container path, `environment`, `labels`,
 * `sysctls`, `ulimits`, `logging.options` by name; `command`, `entrypoint`, `healthcheck` are overridden.
 * Origins are kept, so each value points into the file that wrote the winning value.
 */
import type { BuildSpec, ContainerSpec, Sourced } from '../../model/types.js';

/**
 * Service keys of one file's service tagged `!reset` (drop the base value: the default applies) or
 * `!override` (replace the base value instead of merging), compose-spec 13-merge.md "Reset value" and
 * "Replace value". Kept beside the spec built from that file, read by {@link mergeSpecs}.
 */
export interface MergeTags {
  reset: string[];
  override: string[];
  /**
   * Entries of a by-name mapping tagged `!reset` (`environment: {FOO: !reset null}`, compose-spec 13-merge.md
   * "Reset value"), by service key (`environment`, `labels`, `sysctls`, `ulimits`): the base's entry is removed.
   */
  resetEntries?: Record<string, string[]>;
}

const TAGS = new WeakMap<ContainerSpec, MergeTags>();

/** Records the merge tags of a service as written in one file. */
export function setMergeTags(spec: ContainerSpec, tags: MergeTags): void {
  if (tags.reset.length > 0 || tags.override.length > 0 || Object.keys(tags.resetEntries ?? {}).length > 0) TAGS.set(spec, tags);
}

type Mutable = Record<string, unknown>;

/** Model fields each compose service key fills (service.ts); a `!reset`/`!override` clears them in the base. */
const SCALAR_FIELDS: Record<string, string> = {
  image: 'image', user: 'user', runtime: 'runtime', privileged: 'privileged', read_only: 'readOnlyRootfs', init: 'init',
  restart: 'restart', healthcheck: 'healthcheck', command: 'command', entrypoint: 'entrypoint',
};
const LIST_FIELDS: Record<string, string> = {
  cap_add: 'capAdd', cap_drop: 'capDrop', security_opt: 'securityOpt', devices: 'devices', device_cgroup_rules: 'deviceCgroupRules',
  networks: 'networks', environment: 'env', env_file: 'envFiles', secrets: 'secrets', ports: 'ports', expose: 'expose',
  sysctls: 'sysctls', links: 'links', external_links: 'links', volumes_from: 'volumesFrom', group_add: 'groupAdd',
};
const NAMESPACE_FIELDS: Record<string, string> = { network_mode: 'network', pid: 'pid', ipc: 'ipc', uts: 'uts', userns_mode: 'userns', cgroup: 'cgroupns' };
const RESOURCE_FIELDS: Record<string, string> = {
  mem_limit: 'memory', memswap_limit: 'memorySwap', mem_reservation: 'memoryReservation', cpus: 'nanoCpus', cpu_shares: 'cpuShares',
  cpu_quota: 'cpuQuota', cpu_period: 'cpuPeriod', cpuset: 'cpusetCpus', pids_limit: 'pidsLimit', storage_opt: 'storageSize', blkio_config: 'blkioWeight',
  oom_kill_disable: 'oomKillDisable', oom_score_adj: 'oomScoreAdj',
};

/**
 * Values the service's `deploy` key set (`deploy.resources.limits.*`, `reservations.memory`, `restart_policy`),
 * so that `deploy: !reset` removes only those and `mem_limit: !reset` falls back to deploy's (compose-spec
 * 13-merge.md "Reset value": only the tagged attribute goes). Shared objects survive the merges' shallow copies.
 */
export const DEPLOY_VALUES = new WeakSet<object>();

/** The `extra` key where the service keeps the `deploy.resources` value behind each resource field (see service.ts). */
const DEPLOY_EXTRA: Record<string, string> = { memory: 'deploy.resources.limits.memory', nanoCpus: 'deploy.resources.limits.cpus', pidsLimit: 'deploy.resources.limits.pids', memoryReservation: 'deploy.resources.reservations.memory' };

/**
 * A copy of `spec` without what service key `key` contributed. Known limit: `links` and `external_links` share
 * one list.
 */
function withoutKey(spec: ContainerSpec, key: string): ContainerSpec {
  const r = { ...spec, namespaces: { ...spec.namespaces }, resources: { ...spec.resources }, extra: { ...spec.extra } } as ContainerSpec;
  const m = r as unknown as Mutable;
  if (key in SCALAR_FIELDS && key !== 'restart') m[SCALAR_FIELDS[key]] = undefined;
  else if (key in LIST_FIELDS) m[LIST_FIELDS[key]] = [];
  else if (key in NAMESPACE_FIELDS) delete (r.namespaces as Mutable)[NAMESPACE_FIELDS[key]];
  else if (key === 'restart') {
    // `restart: !reset` leaves deploy's restart_policy, which wins anyway.
    if (r.restart && !DEPLOY_VALUES.has(r.restart)) r.restart = undefined;
    delete r.extra['restart.written'];
  } else if (key in RESOURCE_FIELDS) {
    const field = RESOURCE_FIELDS[key];
    const res = r.resources as unknown as Mutable;
    const cur = res[field] as object | undefined;
    // `mem_limit: !reset` with `deploy.resources.limits.memory` written too: deploy's limit remains.
    if (cur && !DEPLOY_VALUES.has(cur)) {
      const alt = DEPLOY_EXTRA[field] ? r.extra[DEPLOY_EXTRA[field]] : undefined;
      if (alt) res[field] = alt;
      else delete res[field];
    }
  }
  else if (key === 'volumes') r.mounts = r.mounts.filter((x) => x.syntax === 'tmpfs' || x.syntax === 'api-socket');
  else if (key === 'post_start' || key === 'pre_stop') r.execs = (r.execs ?? []).filter((x) => x.kind !== key);
  else if (key === 'use_api_socket') {
    r.mounts = r.mounts.filter((x) => x.syntax !== 'api-socket');
    delete r.extra[key];
  }
  else if (key === 'tmpfs') r.mounts = r.mounts.filter((x) => x.syntax !== 'tmpfs');
  else if (key === 'build') {
    r.build = undefined;
    delete r.extra.build;
  }
  else if (key === 'ulimits') r.resources.ulimits = [];
  else if (key === 'labels') r.labels = {};
  else if (key === 'logging') r.logging = undefined;
  else if (key === 'deploy') {
    // Only what deploy set: `mem_limit`, `cpus`, `pids_limit` and `restart` written beside it stay.
    for (const k of ['memory', 'nanoCpus', 'pidsLimit', 'memoryReservation'] as const) {
      const v = r.resources[k];
      if (v && DEPLOY_VALUES.has(v)) delete r.resources[k];
    }
    for (const k of [...Object.values(DEPLOY_EXTRA), 'deploy.resources.reservations.cpus']) delete r.extra[k];
    if (r.restart && DEPLOY_VALUES.has(r.restart)) r.restart = r.extra['restart.written'] as ContainerSpec['restart'];
    delete r.extra['restart.written'];
  } else delete r.extra[key];
  return r;
}

/** A copy of `spec` without the named entries of `environment`, `labels`, `sysctls` and `ulimits` (see {@link MergeTags.resetEntries}). */
function withoutEntries(spec: ContainerSpec, entries: Record<string, string[]>): ContainerSpec {
  const drop = (k: string) => new Set(entries[k] ?? []);
  const env = drop('environment');
  const sysctls = drop('sysctls');
  const ulimits = drop('ulimits');
  const labels = drop('labels');
  return {
    ...spec,
    env: spec.env.filter((e) => !env.has(e.name)),
    sysctls: spec.sysctls.filter((x) => !sysctls.has(x.name)),
    resources: { ...spec.resources, ulimits: spec.resources.ulimits.filter((u) => !ulimits.has(u.name)) },
    labels: Object.fromEntries(Object.entries(spec.labels).filter(([k]) => !labels.has(k))),
  };
}

function byKey<T>(base: T[], over: T[], key: (x: T) => string): T[] {
  const keys = new Set(over.map(key));
  return [...base.filter((x) => !keys.has(key(x))), ...over];
}

function unique(base: Sourced<string>[], over: Sourced<string>[]): Sourced<string>[] {
  return byKey(base, over, (x) => x.value);
}

/**
 * Merges `over` on top of `base`, first dropping from `base` what `over`'s `!reset`/`!override` keys name. The result keeps `target` and `file` of `keep` (the extending service
 * for `extends`, the base file's service for overrides).
 */
export function mergeSpecs(base: ContainerSpec, over: ContainerSpec, keep: ContainerSpec): ContainerSpec {
  const tags = TAGS.get(over);
  if (tags) for (const k of [...tags.reset, ...tags.override]) base = withoutKey(base, k);
  if (tags?.resetEntries) base = withoutEntries(base, tags.resetEntries);
  const r: ContainerSpec = {
    ...base,
    target: keep.target,
    file: keep.file,
    capAdd: unique(base.capAdd, over.capAdd),
    capDrop: unique(base.capDrop, over.capDrop),
    securityOpt: byKey(base.securityOpt, over.securityOpt, (o) => `${o.key}\0${o.value}`),
    // `use_api_socket` written in `over` (true or false) replaces the base's setting: its socket mount goes.
    mounts: byKey(over.extra.use_api_socket ? base.mounts.filter((m) => m.syntax !== 'api-socket') : base.mounts, over.mounts, (m) => m.target),
    devices: byKey(base.devices, over.devices, (d) => d.containerPath),
    deviceCgroupRules: unique(base.deviceCgroupRules, over.deviceCgroupRules),
    namespaces: { ...base.namespaces, ...over.namespaces },
    networks: unique(base.networks, over.networks),
    resources: {
      ...base.resources,
      ...Object.fromEntries(Object.entries(over.resources).filter(([, v]) => v !== undefined)),
      ulimits: byKey(base.resources.ulimits, over.resources.ulimits, (u) => u.name),
    },
    env: byKey(base.env, over.env, (e) => e.name),
    envFiles: unique(base.envFiles, over.envFiles),
    secrets: unique(base.secrets, over.secrets),
    ports: byKey(base.ports, over.ports, (p) => `${p.hostIp ?? ''}|${p.hostPort ?? ''}|${p.containerPort}|${p.protocol}`),
    expose: unique(base.expose, over.expose),
    sysctls: byKey(base.sysctls, over.sysctls, (s) => s.name),
    links: unique(base.links, over.links),
    volumesFrom: unique(base.volumesFrom, over.volumesFrom),
    groupAdd: unique(base.groupAdd, over.groupAdd),
    labels: { ...base.labels, ...over.labels },
    extra: { ...base.extra, ...over.extra },
  };
  // Lifecycle hooks are sequences: the override's are appended (13-merge.md "Sequence").
  if (base.execs?.length || over.execs?.length) r.execs = [...(base.execs ?? []), ...(over.execs ?? [])];
  for (const k of ['image', 'user', 'privileged', 'readOnlyRootfs', 'restart', 'runtime', 'healthcheck', 'init', 'command', 'entrypoint', 'autoRemove'] as const) {
    if (over[k] !== undefined) (r as unknown as Record<string, unknown>)[k] = over[k];
  }
  // `build` is a mapping: keys merge one by one, `args` and `labels` by name (13-merge.md "Mapping"); `build: ./dir` sets the context.
  if (base.build && over.build) {
    const b: BuildSpec = { ...base.build, args: byKey(base.build.args, over.build.args, (a) => a.name), origin: over.build.origin };
    if (over.build.labels) b.labels = { ...base.build.labels, ...over.build.labels };
    for (const k of ['context', 'dockerfile', 'dockerfileInline', 'target'] as const) if (over.build[k] !== undefined) b[k] = over.build[k];
    r.build = b;
  } else if (over.build) r.build = over.build;
  if (base.logging || over.logging) {
    r.logging = {
      driver: over.logging?.driver ?? base.logging?.driver,
      options: { ...base.logging?.options, ...over.logging?.options },
    };
  }
  if (tags) TAGS.set(r, tags);
  return r;
}
