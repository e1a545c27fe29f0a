/**
 * Host mounts: BW-0011 sensitive-host-mount made read-only (CIS 5.5/5.6, paper §IV.3, R-B, R-S) and
 * BW-0013 docker-socket-mounted removed (CIS 5.31/5.32, R-B).
 *
 * Read-only is safe where containers only read (host /etc, /proc, /sys, binaries, home directories) and
 * unsafe where software mounting the path usually writes (logs, spools, /run, the runtime's state, /dev).
 */
import type { Finding } from '../../engine/types.js';
import type { ContainerSpec } from '../../model/types.js';
import { classifiedHostPath, isUnder } from '../../rules/util/container.js';
import type { Fix } from '../types.js';
import { mountAt } from './util.js';

/**
 * Host paths where a service mounting them usually writes: read-only there is an unsafe fix. The CNI directories
 * (`/etc/cni/net.d`, `/opt/cni/bin`, `/var/lib/cni`) are written by the CNI installers of Calico, Cilium, Flannel
 * and Multus (their install-cni init containers), `/sys/fs/bpf` by eBPF data planes pinning their maps.
 */
export const WRITTEN_HOST_PATHS = ['/var/log', '/var/spool', '/run', '/var/run', '/var/lib/docker', '/var/lib/containerd', '/var/lib/kubelet', '/var/lib/containers', '/dev', '/tmp', '/etc/cni', '/opt/cni', '/var/lib/cni', '/sys/fs/bpf'];

/**
 * Whether read-only would stop what the mount is for: a host path services write ({@link WRITTEN_HOST_PATHS}), or a
 * bind with shared propagation (Kubernetes `Bidirectional`, Compose `rshared`), through which the container makes
 * mounts the host sees (CSI node plugins, FUSE mounters, Calico's bpffs init container).
 */
function writtenMount(f: Finding, c: ContainerSpec | undefined): boolean {
  const p = String(f.data.path ?? '');
  if (WRITTEN_HOST_PATHS.some((d) => isUnder(p.replace(/\/+$/, '') || '/', d))) return true;
  const m = c ? mountAt(c, f) : undefined;
  return m?.propagation === 'shared' || m?.propagation === 'rshared';
}

/** BW-0011: make a writable sensitive bind read-only. Applies to writable binds only (`data.mode` `rw`). */
export const sensitiveMountReadOnly: Fix = {
  ruleId: 'BW-0011',
  slug: 'sensitive-host-mount',
  applicability: (f, c) => (writtenMount(f, c) ? 'unsafe' : 'safe'),
  title: 'make the sensitive host mount read-only',
  attack: 'writing host files (cron spools, /etc, binaries, kernel tunables) to run code on the host — R-B',
  breaks: 'software that writes to the mount (log shippers that keep positions there, agents that write state) gets EROFS',
  applies: (f, c) => f.certainty === 'definite' && f.data.mode === 'rw' && !!c && !!mountAt(c, f) && classifiedHostPath(mountAt(c, f)!) !== '',
  container(c, f, ed) {
    const m = mountAt(c, f);
    return !!m && ed.mountReadOnly(m);
  },
};

/** BW-0013: remove the bind of a container runtime socket. Unsafe: the service loses the Docker API it was given. */
export const removeDockerSocket: Fix = {
  ruleId: 'BW-0013',
  slug: 'docker-socket-mounted',
  applicability: 'unsafe',
  title: 'remove the container runtime socket mount',
  attack: 'root on the host through the Docker API (docker run --privileged -v /:/host) — R-B',
  breaks: 'tools that need the Docker API (reverse proxies discovering containers, CI runners, monitoring agents) stop working; give them a socket proxy that allows only the calls they need',
  applies: (f, c) => f.certainty === 'definite' && !!c && !!mountAt(c, f),
  container(c, f, ed) {
    const m = mountAt(c, f);
    return !!m && ed.removeMount(m);
  },
};

/**
 * BW-0011: remove a sensitive bind that is already read-only (a read-only bind of `/`, `/sys`,
 * `/var/lib/docker` still leaks host secrets and state). Unsafe: software reading the host through it
 * (monitoring agents, backup jobs) loses that view; mount only the file or directory needed instead.
 * A writable bind is made read-only first ({@link sensitiveMountReadOnly}), then removed in a later round.
 */
export const removeSensitiveMount: Fix = {
  ruleId: 'BW-0011',
  slug: 'sensitive-host-mount',
  applicability: 'unsafe',
  title: 'remove the read-only sensitive host mount',
  attack: 'reading host secrets and state through the mount (/etc/shadow, SSH keys, other containers\' layers and environment) — R-S, R-B',
  breaks: 'software that reads the host through the mount (monitoring agents such as cadvisor, backup jobs, log shippers) loses that view; mount only the file or directory it needs, read-only',
  // An `info` finding is a read-only host file the rule calls harmless (/etc/localtime, /etc/timezone,
  // /etc/ssl/certs: EXPECTED.md "info at most"): removing it breaks the clock or TLS and stops nothing.
  applies: (f, c) => f.certainty === 'definite' && f.data.mode === 'ro' && f.severity !== 'info' && !!c && !!mountAt(c, f),
  container(c, f, ed) {
    const m = mountAt(c, f);
    return !!m && ed.removeMount(m);
  },
};
