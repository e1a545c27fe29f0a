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
import type { ContainerSpec, Sourced } from '../../model/types.js';

function byKey<T>(base: T[], over: T[], key: (x: T) => string): T[] {
  const keys = new Set(over.map(key));
  return [...base.filter((x) => !keys.has(key(x))), ...over];
}

function unique(base: Sourced<string>[], over: Sourced<string>[]): Sourced<string>[] {
  return byKey(base, over, (x) => x.value);
}

/**
 * Merges `over` on top of `base`. The result keeps `target` and `file` of `keep` (the extending service
 * for `extends`, the base file's service for overrides).
 */
export function mergeSpecs(base: ContainerSpec, over: ContainerSpec, keep: ContainerSpec): ContainerSpec {
  const r: ContainerSpec = {
    ...base,
    target: keep.target,
    file: keep.file,
    capAdd: unique(base.capAdd, over.capAdd),
    capDrop: unique(base.capDrop, over.capDrop),
    securityOpt: byKey(base.securityOpt, over.securityOpt, (o) => `${o.key}\0${o.value}`),
    mounts: byKey(base.mounts, over.mounts, (m) => m.target),
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
  for (const k of ['image', 'user', 'privileged', 'readOnlyRootfs', 'restart', 'runtime', 'healthcheck', 'init', 'command', 'entrypoint', 'autoRemove'] as const) {
    if (over[k] !== undefined) (r as unknown as Record<string, unknown>)[k] = over[k];
  }
  if (base.logging || over.logging) {
    r.logging = {
      driver: over.logging?.driver ?? base.logging?.driver,
      options: { ...base.logging?.options, ...over.logging?.options },
    };
  }
  return r;
}
