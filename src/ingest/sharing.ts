/**
 * How one container takes what another of the same file has: `volumes_from` / `--volumes-from` (its mounts) and
 * `service:NAME` / `container:NAME` namespaces (the host's, when NAME runs on them). Shared by the Compose ingester
 * (services of a project) and the shell and Markdown ingesters (containers a script or document starts by
 * `--name`): in a `docker run` line the item is `NAME[:ro|rw]` and the namespace `container:NAME`.
 */
import type { ContainerSpec, Mount } from '../model/types.js';

/**
 * Compose `volumes_from` (compose-spec: `service`, `service:ro`, `container:name`, `container:name:rw`): the
 * container gets every mount of the other service of this project (or of the service whose `container_name` it
 * names), transitively, each read-only when the item says `:ro` or the mount already is (moby
 * daemon/volumes.go: `RW: m.RW && mode allows writing`). The copies are `syntax: 'volumes-from'` mounts at the
 * `volumes_from` item, so a docker socket or `/etc` shared with a proxy's companion is reported on the
 * companion too (the nginx-proxy + acme-companion pattern). Named volumes and tmpfs come along as well. A
 * container outside the project, or an unresolved item, adds nothing.
 */
export function applyVolumesFrom(containers: ContainerSpec[], via: 'volumes_from' | '--volumes-from' = 'volumes_from'): void {
  if (!containers.some((c) => c.volumesFrom.length)) return;
  const byService = new Map<string, ContainerSpec>();
  const byContainer = new Map<string, ContainerSpec>();
  for (const c of containers) {
    byService.set(c.target.name, c);
    const cn = c.extra.container_name?.value;
    if (typeof cn === 'string') byContainer.set(cn, c);
  }
  const own = new Map(containers.map((c) => [c, c.mounts.slice()]));
  const resolved = new Map<ContainerSpec, Mount[]>();
  const mountsOf = (c: ContainerSpec, seen: Set<ContainerSpec>): Mount[] => {
    const done = resolved.get(c);
    if (done) return done;
    const out = own.get(c)!.slice();
    for (const vf of c.volumesFrom) {
      if (vf.how === 'unresolved' || vf.origin.kind !== 'file') continue;
      const parts = vf.value.split(':');
      const container = parts[0] === 'container';
      const name = container ? parts[1] : parts[0];
      const mode = parts[container ? 2 : 1];
      const other = name ? (container ? byContainer.get(name) : byService.get(name)) : undefined;
      if (!other || other === c || seen.has(other)) continue;
      for (const m of mountsOf(other, new Set([...seen, other]))) {
        out.push({ ...m, readOnly: m.readOnly || mode === 'ro', origin: vf.origin, sourceOrigin: undefined, propagationOrigin: undefined, syntax: 'volumes-from', inheritedFrom: m.inheritedFrom ?? name, inheritedVia: m.inheritedVia ?? via });
      }
    }
    resolved.set(c, out);
    return out;
  };
  for (const c of containers) if (c.volumesFrom.length) c.mounts = mountsOf(c, new Set([c]));
}

/**
 * A service that joins another service's namespace (`network_mode: service:vpn`, `pid: service:agent`,
 * `ipc: service:agent`; compose-spec "network_mode", "pid", "ipc"; `container:NAME` when NAME is a service of
 * the project or its `container_name`) shares whatever namespace that service has: the host's when it runs
 * with `network_mode: host`, `pid: host` or `ipc: host`, also through a chain of services. Such a service gets
 * the host namespace in the model, at its own `service:` value (where the finding is about it), so host-network,
 * host-pid and host-ipc report it (R-M, R-B; CIS 5.10, 5.16, 5.17). A network namespace joined from a container
 * with `network_mode: none` (`--network none`) has only a loopback interface, so the joiner gets `none` the same
 * way (NET_RAW then reaches no neighbour, BW-0003). `raw` keeps the join as written. A cycle or an unknown service
 * changes nothing.
 *
 * Containers of `docker inspect` output and of a live engine (those with a `target.id`) are found as dockerd
 * resolves the `container:` reference of `HostConfig.NetworkMode` / `PidMode` / `IpcMode` (moby daemon
 * `GetContainer`: the full id, then the name, `/` prefix or not, then a unique id prefix); dockerd stores the
 * joined container's full id there (`"PidMode": "container:08dbba…"`).
 */
export function applySharedHostNamespaces(containers: ContainerSpec[]): void {
  const byName = new Map<string, ContainerSpec>();
  for (const c of containers) byName.set(c.target.name, c);
  for (const c of containers) {
    const cn = c.extra.container_name?.value;
    if (typeof cn === 'string' && !byName.has(cn)) byName.set(cn, c);
  }
  const ids = containers.filter((c) => c.target.id);
  const find = (ref: string): ContainerSpec | undefined => {
    if (!ids.length) return byName.get(ref);
    const r = ref.replace(/^\//, '');
    const lower = r.toLowerCase();
    const exact = ids.find((c) => c.target.id!.toLowerCase() === lower) ?? byName.get(r);
    if (exact || !/^[0-9a-f]+$/i.test(r)) return exact;
    const prefixed = ids.filter((c) => c.target.id!.toLowerCase().startsWith(lower));
    return prefixed.length === 1 ? prefixed[0] : undefined;
  };
  for (const key of ['network', 'pid', 'ipc'] as const) {
    // The mode (`host`, or `none` for a network) the namespace a container is in ends in, through its joins.
    const endOf = (c: ContainerSpec, seen: Set<ContainerSpec>): 'host' | 'none' | undefined => {
      const ns = c.namespaces[key];
      if (!ns || ns.how === 'unresolved') return undefined;
      if (ns.value.mode === 'host') return 'host';
      if (ns.value.mode === 'none') return key === 'network' ? 'none' : undefined;
      if ((ns.value.mode !== 'service' && ns.value.mode !== 'container') || !ns.value.ref) return undefined;
      const other = find(ns.value.ref);
      if (!other || seen.has(other)) return undefined;
      seen.add(other);
      return endOf(other, seen);
    };
    const shared = containers.flatMap((c) => {
      const m = c.namespaces[key]?.value.mode;
      const end = m === 'service' || m === 'container' ? endOf(c, new Set([c])) : undefined;
      return end ? [{ c, end }] : [];
    });
    for (const { c, end } of shared) {
      const ns = c.namespaces[key]!;
      c.namespaces[key] = { value: { mode: end }, origin: ns.origin, how: ns.how, raw: ns.raw ?? `${ns.value.mode}:${ns.value.ref}` };
    }
  }
}

/**
 * Turns a mount of a named volume that the local driver binds from the host (`o=bind`, `device=PATH`: Compose
 * `driver_opts`, `docker volume create --opt`, `--mount volume-opt=…`) into the bind mount it is: type `bind`, source
 * the device path (its origin where `device` is written), read-only when the volume's `o` says `ro`. The mount's
 * own origin stays where the container names the volume, where findings point.
 */
export function asBindMount(m: Mount, d: { device: string; deviceRaw?: string; origin: Mount['sourceOrigin']; readOnly: boolean; unresolved?: boolean }): void {
  m.type = 'bind';
  m.source = d.device;
  m.sourceRaw = d.deviceRaw ?? d.device;
  m.sourceOrigin = d.origin;
  if (d.readOnly) m.readOnly = true;
  if (d.unresolved) m.unresolved = true;
}

/**
 * The host path a volume of driver `driver` with options `opts` binds (the `local` driver hands `type`, `o` and
 * `device` to mount(8): `o` holding `bind` or `rbind` and a `device` path make the volume that host path;
 * `docker volume create --opt type=none --opt o=bind --opt device=PATH`, Compose `driver_opts`, Engine API
 * `GET /volumes/{name}` `Options`, `HostConfig.Mounts[].VolumeOptions.DriverConfig`), and whether `o` says `ro`;
 * undefined for any other volume.
 */
export function localBindDevice(driver: unknown, opts: unknown): { device: string; readOnly: boolean } | undefined {
  if (driver !== undefined && driver !== null && driver !== '' && driver !== 'local') return undefined;
  if (typeof opts !== 'object' || opts === null) return undefined;
  const o = (opts as Record<string, unknown>).o;
  const device = (opts as Record<string, unknown>).device;
  if (typeof o !== 'string' || typeof device !== 'string' || device === '') return undefined;
  const flags = o.split(/[,\s]+/);
  if (!flags.includes('bind') && !flags.includes('rbind')) return undefined;
  return { device, readOnly: flags.includes('ro') };
}
