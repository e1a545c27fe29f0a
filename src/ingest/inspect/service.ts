/**
 * One `docker service inspect` object (a Swarm service; Engine API `GET /services/{id}`, `Service` with `Spec`:
 * `TaskTemplate.ContainerSpec`, `TaskTemplate.Resources`, `TaskTemplate.RestartPolicy`, `TaskTemplate.LogDriver`,
 * `EndpointSpec.Ports`) → the {@link ContainerSpec} of the containers its tasks run, through the container
 * ingester: the service's settings are laid out as the container inspect object a task's container has
 * (`HostConfig`, `Config`), and every pointer of that object is translated back to where the service writes the
 * setting, so findings point at `/Spec/TaskTemplate/ContainerSpec/CapabilityAdd/0` (CIS Docker Benchmark 1.6.0
 * section 5 applies to the containers of services too; paper §V.2).
 *
 * Mapping (Engine API "ServiceSpec"): `ContainerSpec.User`, `Env`, `Command` / `Args` (as `Entrypoint` / `Cmd`), `ReadOnly`, `Mounts` (same shape as
 * HostConfig.Mounts), `CapabilityAdd`/`CapabilityDrop`, `Ulimits`, `Sysctls`, `Init`, `HealthCheck`;
 * `Privileges.SELinuxContext.Disable` → `label=disable`, `.Type` → `label=type:…`, `Privileges.Seccomp.Mode`
 * `unconfined` → `seccomp=unconfined`, `Privileges.AppArmor.Mode` `disabled` → `apparmor=unconfined`,
 * `Privileges.NoNewPrivileges` → `no-new-privileges`; `Resources.Limits.MemoryBytes`/`NanoCPUs`/`Pids`;
 * `RestartPolicy.Condition` `any`/`on-failure` with `MaxAttempts` → `always`/`on-failure:N`; `LogDriver`;
 * `EndpointSpec.Ports` published (ingress: on every node's every interface) → port bindings on all interfaces;
 * `TaskTemplate.Networks` target `host` → host network. Swarm has no `--privileged`, no host PID/IPC.
 */
import type { ContainerSpec } from '../../model/types.js';
import { containerFromInspect, isObj, objAt, type Obj } from './container.js';
import type { Locate } from './json.js';

const obj = (o: unknown, k: string): Obj | undefined => objAt(isObj(o) ? o : undefined, k);

/** Whether a JSON object is a service from `docker service inspect` (it has `Spec.TaskTemplate.ContainerSpec`). */
export function isServiceObject(v: unknown): boolean {
  return isObj(obj(obj(obj(v, 'Spec'), 'TaskTemplate'), 'ContainerSpec'));
}

const CS = '/Spec/TaskTemplate/ContainerSpec';

/**
 * Builds the ContainerSpec of a service's task containers (see the module comment); target kind `service`, named
 * by `Spec.Name`. Never throws; an unknown shape gives an almost empty spec.
 */
export function containerFromService(service: unknown, locate: Locate, file: string): ContainerSpec {
  const spec = obj(service, 'Spec') ?? {};
  const tt = obj(spec, 'TaskTemplate') ?? {};
  const cs = obj(tt, 'ContainerSpec') ?? {};
  /** Pointers of the container object → pointers of the service object. */
  const map = new Map<string, string>([
    ['/Name', '/Spec/Name'],
    ['/ID', '/ID'],
    ['/Config/Image', `${CS}/Image`],
    ['/Config/User', `${CS}/User`],
    ['/Config/Env', `${CS}/Env`],
    ['/Config/Healthcheck', `${CS}/HealthCheck`],
    ['/Config/Cmd', `${CS}/Args`],
    ['/Config/Entrypoint', `${CS}/Command`],
    ['/HostConfig/ReadonlyRootfs', `${CS}/ReadOnly`],
    ['/HostConfig/Mounts', `${CS}/Mounts`],
    ['/HostConfig/CapAdd', `${CS}/CapabilityAdd`],
    ['/HostConfig/CapDrop', `${CS}/CapabilityDrop`],
    ['/HostConfig/Ulimits', `${CS}/Ulimits`],
    ['/HostConfig/Sysctls', `${CS}/Sysctls`],
    ['/HostConfig/Init', `${CS}/Init`],
    ['/HostConfig/Memory', '/Spec/TaskTemplate/Resources/Limits/MemoryBytes'],
    ['/HostConfig/NanoCpus', '/Spec/TaskTemplate/Resources/Limits/NanoCPUs'],
    ['/HostConfig/PidsLimit', '/Spec/TaskTemplate/Resources/Limits/Pids'],
    ['/HostConfig/RestartPolicy', '/Spec/TaskTemplate/RestartPolicy/Condition'],
    ['/HostConfig/LogConfig/Type', '/Spec/TaskTemplate/LogDriver/Name'],
    ['/HostConfig/LogConfig/Config', '/Spec/TaskTemplate/LogDriver/Options'],
    ['/HostConfig/LogConfig', '/Spec/TaskTemplate/LogDriver'],
    ['/HostConfig/NetworkMode', '/Spec/TaskTemplate/Networks'],
    ['/HostConfig', '/Spec/TaskTemplate'],
    ['/Config', CS],
  ]);

  const hc: Obj = {};
  const cfg: Obj = {};
  const copy = (to: Obj, k: string, v: unknown) => {
    if (v !== undefined && v !== null) to[k] = v;
  };
  copy(cfg, 'Image', cs.Image);
  copy(cfg, 'User', cs.User);
  copy(cfg, 'Env', cs.Env);
  copy(cfg, 'Healthcheck', cs.HealthCheck);
  // The task's program: `Command` replaces the image's ENTRYPOINT, `Args` its CMD (Engine API ContainerSpec).
  copy(cfg, 'Cmd', cs.Args);
  copy(cfg, 'Entrypoint', cs.Command);
  copy(hc, 'ReadonlyRootfs', cs.ReadOnly);
  copy(hc, 'Mounts', cs.Mounts);
  copy(hc, 'CapAdd', cs.CapabilityAdd);
  copy(hc, 'CapDrop', cs.CapabilityDrop);
  copy(hc, 'Ulimits', cs.Ulimits);
  copy(hc, 'Sysctls', cs.Sysctls);
  copy(hc, 'Init', cs.Init);
  const limits = obj(obj(tt, 'Resources'), 'Limits') ?? {};
  copy(hc, 'Memory', limits.MemoryBytes);
  copy(hc, 'NanoCpus', limits.NanoCPUs);
  copy(hc, 'PidsLimit', limits.Pids);

  // Privileges → security options, each pointing at the field that says it.
  const priv = obj(cs, 'Privileges') ?? {};
  const opts: [string, string][] = [];
  const selinux = obj(priv, 'SELinuxContext');
  if (selinux?.Disable === true) opts.push(['label=disable', `${CS}/Privileges/SELinuxContext/Disable`]);
  else if (typeof selinux?.Type === 'string' && selinux.Type) opts.push([`label=type:${selinux.Type}`, `${CS}/Privileges/SELinuxContext/Type`]);
  if (obj(priv, 'Seccomp')?.Mode === 'unconfined') opts.push(['seccomp=unconfined', `${CS}/Privileges/Seccomp/Mode`]);
  if (obj(priv, 'AppArmor')?.Mode === 'disabled') opts.push(['apparmor=unconfined', `${CS}/Privileges/AppArmor/Mode`]);
  if (priv.NoNewPrivileges === true) opts.push(['no-new-privileges', `${CS}/Privileges/NoNewPrivileges`]);
  if (opts.length) hc.SecurityOpt = opts.map(([o]) => o);
  opts.forEach(([, p], i) => map.set(`/HostConfig/SecurityOpt/${i}`, p));

  // Restart: Swarm's `any` restarts without end unless MaxAttempts bounds it (Docker's `always` / `on-failure:N`).
  const rp = obj(tt, 'RestartPolicy');
  if (typeof rp?.Condition === 'string') {
    const max = typeof rp.MaxAttempts === 'number' && rp.MaxAttempts > 0 ? rp.MaxAttempts : undefined;
    const name = rp.Condition === 'none' ? 'no' : max !== undefined || rp.Condition === 'on-failure' ? 'on-failure' : 'always';
    hc.RestartPolicy = { Name: name, ...(max !== undefined ? { MaximumRetryCount: max } : {}) };
    map.set('/HostConfig/RestartPolicy/Name', '/Spec/TaskTemplate/RestartPolicy/Condition');
  }
  const log = obj(tt, 'LogDriver');
  if (log && typeof log.Name === 'string') hc.LogConfig = { Type: log.Name, Config: obj(log, 'Options') ?? {} };

  // Networks: a task on the `host` network shares the node's network namespace.
  const nets = Array.isArray(tt.Networks) ? (tt.Networks as unknown[]) : [];
  const hostNet = nets.findIndex((n) => isObj(n) && n.Target === 'host');
  if (hostNet >= 0) {
    hc.NetworkMode = 'host';
    map.set('/HostConfig/NetworkMode', `/Spec/TaskTemplate/Networks/${hostNet}`);
  }

  // Published ports: ingress mode publishes on every node, on every interface; host mode on the node's interfaces.
  const ports = Array.isArray(obj(spec, 'EndpointSpec')?.Ports) ? (obj(spec, 'EndpointSpec')!.Ports as unknown[]) : [];
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  ports.forEach((p, i) => {
    if (!isObj(p) || typeof p.TargetPort !== 'number' || typeof p.PublishedPort !== 'number' || p.PublishedPort <= 0) return;
    const key = `${p.TargetPort}/${typeof p.Protocol === 'string' ? p.Protocol : 'tcp'}`;
    (bindings[key] ??= []).push({ HostIp: '', HostPort: String(p.PublishedPort) });
    map.set(`/HostConfig/PortBindings/${key.replace(/~/g, '~0').replace(/\//g, '~1')}/${bindings[key].length - 1}`, `/Spec/EndpointSpec/Ports/${i}`);
  });
  if (Object.keys(bindings).length) hc.PortBindings = bindings;
  map.set('/HostConfig/PortBindings', '/Spec/EndpointSpec/Ports');

  const translate = (pointer: string): string => {
    if (map.has(pointer)) return map.get(pointer)!;
    // The longest mapped prefix: `/HostConfig/Mounts/0/Source` → `…/ContainerSpec/Mounts/0/Source`.
    let best = '';
    for (const k of map.keys()) if (pointer.startsWith(k + '/') && k.length > best.length) best = k;
    return best ? map.get(best)! + pointer.slice(best.length) : pointer;
  };
  const container = {
    ID: typeof (service as Obj).ID === 'string' ? (service as Obj).ID : undefined,
    Name: typeof spec.Name === 'string' ? spec.Name : undefined,
    Config: cfg,
    HostConfig: hc,
  };
  const c = containerFromInspect(container, (p) => locate(translate(p)), 'inspect', file);
  c.target.kind = 'service';
  return c;
}
