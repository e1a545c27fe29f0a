/**
 * Host namespaces removed (unsafe): `network_mode: host` / `--network host` (BW-0015, CIS 5.10, R-M, R-A),
 * `pid: host` / `--pid host` (BW-0016, CIS 5.16, R-B, R-S), `ipc: host` / `--ipc host` (BW-0017, CIS 5.17),
 * `uts: host` / `--uts host` (BW-0018, CIS 5.21), `userns_mode: host` / `--userns host` (BW-0019, CIS 5.31)
 * and `cgroup: host` / `--cgroupns host` (BW-0020). Paper §IV.3, §IV.5–§IV.7, §V.2.2. Without the key a
 * Compose service joins the project's network and gets its own namespaces; a run line without
 * `--network` joins the default bridge (BW-0038 then reports it: join a user-defined network).
 * Compose keys: compose-spec 05-services.md.
 */
import type { ContainerSpec } from '../../model/types.js';
import type { Fix } from '../types.js';
import { removal } from './util.js';

type Ns = keyof ContainerSpec['namespaces'];

function hostNamespace(ruleId: string, slug: string, ns: Ns, key: string, label: string, attack: string, breaks: string, kubernetes?: { key: string; breaks?: string }): Fix {
  return {
    ruleId,
    slug,
    applicability: 'unsafe',
    title: `remove ${key}: host (the container gets its own ${label} namespace)`,
    attack,
    breaks,
    // A pod's host namespaces are pod spec keys (core/v1 PodSpec hostNetwork / hostPID / hostIPC): every container of the pod changes.
    kubernetes: kubernetes && { title: `remove ${kubernetes.key}: true (the pod gets its own ${label} namespace)`, breaks: kubernetes.breaks ?? breaks },
    applies: (f, c) => f.certainty === 'definite' && f.data.mode === 'host' && c?.namespaces[ns]?.origin.kind === 'file',
    container: (c, _f, ed) => !!removal(ed)?.removeKey(key, c.namespaces[ns]!.origin, `${key}: host`),
  };
}

/** BW-0015: remove the host network. */
export const removeHostNetwork = hostNamespace(
  'BW-0015',
  'host-network',
  'network',
  'network_mode',
  'network',
  "sniffing and spoofing host traffic, reaching services bound to the host's localhost (the Docker API, databases) — R-M, R-A",
  'ports the service listens on are no longer on the host: publish them (ports: ["127.0.0.1:8080:80"]); DHCP, mDNS and network monitors that need the host network stop working; a run line then joins the default bridge',
  {
    key: 'hostNetwork',
    breaks:
      "the pod's ports are no longer on the node's addresses: reach them through a Service (or a hostPort); node agents that manage or watch the node's network (CNI plugins, kube-proxy, network monitors, DHCP, mDNS) stop working; with dnsPolicy ClusterFirst (the default) the pod now resolves through the cluster DNS, not the node's resolv.conf",
  },
);

/** BW-0016: remove the host PID namespace. */
export const removeHostPid = hostNamespace(
  'BW-0016',
  'host-pid',
  'pid',
  'pid',
  'PID',
  'reading and signalling every host process: command lines, environments and memory of other containers — R-B, R-S',
  'monitoring agents that read host processes (node-exporter, cadvisor, falco) lose that view',
  { key: 'hostPID' },
);

/** BW-0017: remove the host IPC namespace. */
export const removeHostIpc = hostNamespace(
  'BW-0017',
  'host-ipc',
  'ipc',
  'ipc',
  'IPC',
  "reading and corrupting the host's shared memory and message queues — R-B, R-S",
  'software sharing memory with host processes (some databases, X11 clients) stops working',
  { key: 'hostIPC' },
);

/** BW-0018: remove the host UTS namespace. */
export const removeHostUts = hostNamespace(
  'BW-0018',
  'host-uts',
  'uts',
  'uts',
  'UTS',
  "changing the host's hostname and domain name — R-B",
  "software that reports the host's hostname sees the container's instead",
);

/** BW-0019: remove `userns_mode: host`, so the daemon's user namespace remapping applies. */
export const removeHostUserns = hostNamespace(
  'BW-0019',
  'host-userns',
  'userns',
  'userns_mode',
  'user',
  'root in the container being root on the host after a breakout, where the daemon remaps users — R-B, R-K',
  'bind mounts written as host uids are seen with the remapped owners; software that needs host uids fails',
);

/** BW-0020: remove the host cgroup namespace. */
export const removeHostCgroupns = hostNamespace(
  'BW-0020',
  'host-cgroupns',
  'cgroupns',
  'cgroup',
  'cgroup',
  "seeing and, with write access, changing the host's cgroup tree — R-B, R-D",
  'agents that read host cgroups (cadvisor, systemd in a container) lose that view',
);
