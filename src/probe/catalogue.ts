/**
 * The attack catalogue of `bulwark probe` (issue 5): every step the C probe (probe/bulwark-probe.c) attempts,
 * with its attack class and requirement ids (/work/shared/spec/requirements.md; paper §IV "threats", §V.2
 * "secure deployment guidelines"), the control that blocks it, and how its outcome counts in the paper's
 * Table 1 (§VI: "Threat Present" / "Partial Threats" / "No Threats"):
 *
 * - `breach`: the step itself is the harm, or its direct precondition — the host's root inode opened by handle
 *   (shocker), a mount that leads to cgroup `release_agent`, the Docker socket answering, a host path written,
 *   a host device opened, a kernel module loaded, ARP frames forgeable (AF_PACKET), a setuid helper raising a
 *   non-root uid to root, processes outside the container visible and signallable (`--pid host`), secrets readable in PID 1's environment, a neighbour losing more than 20 % of its
 *   work rate, a fork bomb or memory hog no limit stopped. Any breach allowed → **threat present**.
 * - `surface`: a door left open that no measured attack walked through — kernel attack surface a known exploit
 *   class needs (user namespaces by `unshare`, syscalls Docker's default profile is meant to block), a raw ICMP
 *   socket, a writable root filesystem (persistence inside the container). Only surface allowed → **partial
 *   threats**.
 * - `information`: a fact about the configuration, not an attack. Its consequences are measured by the
 *   breach / surface records, so counting the fact too would count one weakness twice, or count harmless
 *   behaviour as an attack: the seccomp mode (the reachable syscalls are the `syscall-*` records), the
 *   capabilities held (their uses are `shocker`, `mount-*`, `af-packet`, `setuid-exec`, `host-device`…), the
 *   uid map (root in the container being root on the host matters only after a breach), no_new_privs (its
 *   consequence is `setuid-exec`), SELinux / AppArmor confinement (not enforceable on this host), and `ptrace`
 *   of the probe's own child: Docker's default seccomp profile allows ptrace on kernels ≥ 4.8, and tracing a
 *   process of one's own uid in one's own pid namespace crosses no boundary (tracing other containers or the
 *   host needs CAP_SYS_PTRACE plus a shared pid namespace, reported as `cap:SYS_PTRACE`). Information records
 *   keep their measured result and are shown in every output, but never make a threat.
 *
 * Nothing allowed but information → **no threats**. A container the engine refused to start has no verdict.
 */

/** Attack classes of the paper §IV as requirements.md names them, plus R-G7 (setuid escalation). */
export type AttackClass = 'R-B' | 'R-A' | 'R-G7' | 'R-K' | 'R-S' | 'R-D';

/** How an allowed step counts in Table 1 (see the module comment). */
export type AttackKind = 'breach' | 'surface' | 'information';

/** One catalogued attack step. */
export interface Attack {
  /** The probe's record id (`bind-write` stands for every `bind-write:<path>` record). */
  id: string;
  class: AttackClass;
  /** Requirement ids this step tests. */
  requirements: string[];
  /** Short human title. */
  title: string;
  /** `breach` → threat present; `surface` → partial threats; `information` → a fact, never a threat. */
  kind: AttackKind;
  /** The control that blocks it (what `harden` sets). */
  control: string;
}

/** Every attack, in the order the probe runs them. */
export const ATTACKS: readonly Attack[] = [
  { id: 'shocker', class: 'R-B', requirements: ['R-B', 'R-G5'], title: 'open the host root inode by handle (shocker)', kind: 'breach', control: 'no CAP_DAC_READ_SEARCH; seccomp' },
  { id: 'mount-proc', class: 'R-B', requirements: ['R-B', 'R-G5'], title: 'mount proc', kind: 'breach', control: 'no CAP_SYS_ADMIN; seccomp' },
  { id: 'mount-tmpfs', class: 'R-B', requirements: ['R-B', 'R-G5'], title: 'mount tmpfs', kind: 'breach', control: 'no CAP_SYS_ADMIN; seccomp' },
  { id: 'mount-cgroup', class: 'R-B', requirements: ['R-B', 'R-G5'], title: 'mount a cgroup hierarchy (release_agent path)', kind: 'breach', control: 'no CAP_SYS_ADMIN; seccomp' },
  { id: 'docker-socket', class: 'R-B', requirements: ['R-B'], title: 'reach a mounted Docker socket (GET /_ping)', kind: 'breach', control: 'no docker.sock mount' },
  { id: 'bind-write', class: 'R-B', requirements: ['R-B'], title: 'write into a host bind mount', kind: 'breach', control: 'bind mounts :ro' },
  { id: 'host-device', class: 'R-B', requirements: ['R-B', 'R-G8'], title: 'mknod + open the host disk', kind: 'breach', control: 'device cgroup; no CAP_MKNOD; read-only rootfs' },
  { id: 'dev-block', class: 'R-B', requirements: ['R-B', 'R-G8'], title: 'open block devices in /dev', kind: 'breach', control: 'no --privileged; --device least rwm' },
  { id: 'sysrq-trigger', class: 'R-B', requirements: ['R-B', 'R-G5'], title: 'open /proc/sysrq-trigger for write', kind: 'breach', control: 'read-only /proc paths (no --privileged)' },
  { id: 'core-pattern', class: 'R-B', requirements: ['R-B', 'R-G5'], title: 'open /proc/sys/kernel/core_pattern for write', kind: 'breach', control: 'read-only /proc/sys (no --privileged)' },
  { id: 'init-module', class: 'R-B', requirements: ['R-B', 'R-K'], title: 'load a kernel module', kind: 'breach', control: 'no CAP_SYS_MODULE; seccomp' },
  { id: 'unshare', class: 'R-B', requirements: ['R-B', 'R-K', 'R-G11'], title: 'create user + mount namespaces', kind: 'surface', control: 'seccomp; no CAP_SYS_ADMIN' },
  { id: 'ptrace', class: 'R-K', requirements: ['R-B', 'R-K'], title: 'ptrace of the probe\'s own child (a fact: crosses no boundary)', kind: 'information', control: 'none needed (other processes: no CAP_SYS_PTRACE, own pid namespace)' },
  { id: 'host-pid', class: 'R-B', requirements: ['R-B'], title: 'see and signal processes outside the container (shared pid namespace)', kind: 'breach', control: 'no pid: host (own pid namespace)' },
  { id: 'af-packet', class: 'R-A', requirements: ['R-A'], title: 'socket(AF_PACKET, SOCK_RAW): forge ARP', kind: 'breach', control: 'cap_drop NET_RAW' },
  { id: 'raw-icmp', class: 'R-A', requirements: ['R-A'], title: 'raw ICMP socket', kind: 'surface', control: 'cap_drop NET_RAW' },
  { id: 'no-new-privs', class: 'R-G7', requirements: ['R-G7'], title: 'no_new_privs unset', kind: 'information', control: 'security_opt no-new-privileges' },
  { id: 'setuid-exec', class: 'R-G7', requirements: ['R-G7'], title: 'setuid-root helper run by a non-root user', kind: 'breach', control: 'no-new-privileges; cap_drop SETUID SETGID' },
  { id: 'seccomp', class: 'R-K', requirements: ['R-K', 'R-G12'], title: 'seccomp filter off', kind: 'information', control: 'seccomp profile (never unconfined)' },
  { id: 'syscall-keyctl', class: 'R-K', requirements: ['R-K', 'R-G12'], title: 'keyctl reachable', kind: 'surface', control: 'seccomp' },
  { id: 'syscall-bpf', class: 'R-K', requirements: ['R-K', 'R-G12'], title: 'bpf reachable', kind: 'surface', control: 'seccomp' },
  { id: 'syscall-userfaultfd', class: 'R-K', requirements: ['R-K', 'R-G12'], title: 'userfaultfd reachable', kind: 'surface', control: 'seccomp' },
  { id: 'syscall-perf_event_open', class: 'R-K', requirements: ['R-K', 'R-G12'], title: 'perf_event_open reachable', kind: 'surface', control: 'seccomp' },
  { id: 'syscall-io_uring_setup', class: 'R-K', requirements: ['R-K', 'R-G12'], title: 'io_uring_setup reachable', kind: 'surface', control: 'seccomp' },
  { id: 'capabilities', class: 'R-K', requirements: ['R-K', 'R-B', 'R-G5'], title: 'effective capabilities', kind: 'information', control: 'cap_drop ALL' },
  { id: 'cap:NET_RAW', class: 'R-A', requirements: ['R-A'], title: 'holds CAP_NET_RAW', kind: 'information', control: 'cap_drop NET_RAW' },
  { id: 'cap:SETUID', class: 'R-G7', requirements: ['R-G7'], title: 'holds CAP_SETUID', kind: 'information', control: 'cap_drop SETUID' },
  { id: 'cap:SETGID', class: 'R-G7', requirements: ['R-G7'], title: 'holds CAP_SETGID', kind: 'information', control: 'cap_drop SETGID' },
  { id: 'cap:SYS_ADMIN', class: 'R-B', requirements: ['R-B', 'R-G5'], title: 'holds CAP_SYS_ADMIN', kind: 'information', control: 'no cap_add SYS_ADMIN' },
  { id: 'cap:DAC_READ_SEARCH', class: 'R-B', requirements: ['R-B'], title: 'holds CAP_DAC_READ_SEARCH', kind: 'information', control: 'no cap_add DAC_READ_SEARCH' },
  { id: 'cap:SYS_MODULE', class: 'R-B', requirements: ['R-B', 'R-K'], title: 'holds CAP_SYS_MODULE', kind: 'information', control: 'no cap_add SYS_MODULE' },
  { id: 'cap:SYS_PTRACE', class: 'R-B', requirements: ['R-B'], title: 'holds CAP_SYS_PTRACE', kind: 'information', control: 'no cap_add SYS_PTRACE' },
  { id: 'cap:NET_ADMIN', class: 'R-A', requirements: ['R-A', 'R-M'], title: 'holds CAP_NET_ADMIN', kind: 'information', control: 'no cap_add NET_ADMIN' },
  { id: 'cap:MKNOD', class: 'R-B', requirements: ['R-B', 'R-G8'], title: 'holds CAP_MKNOD', kind: 'information', control: 'cap_drop MKNOD' },
  { id: 'cap:DAC_OVERRIDE', class: 'R-B', requirements: ['R-B'], title: 'holds CAP_DAC_OVERRIDE', kind: 'information', control: 'cap_drop DAC_OVERRIDE' },
  { id: 'userns-root', class: 'R-K', requirements: ['R-K', 'R-G11'], title: 'root in the container is root on the host', kind: 'information', control: 'user (non-root) or userns-remap' },
  { id: 'rootfs-write', class: 'R-K', requirements: ['R-K'], title: 'writable root filesystem', kind: 'surface', control: 'read_only' },
  { id: 'pid1-environ', class: 'R-S', requirements: ['R-S'], title: 'secrets in PID 1 environment', kind: 'breach', control: 'secrets as files, not environment' },
  { id: 'mac-confinement', class: 'R-K', requirements: ['R-K', 'R-G4'], title: 'SELinux / AppArmor confinement', kind: 'information', control: 'security_opt label / apparmor' },
  { id: 'cpu-hog', class: 'R-D', requirements: ['R-D', 'R-G6'], title: 'CPU hog against a neighbour', kind: 'breach', control: 'cpus / cpu_shares / cpuset' },
  { id: 'fork-bomb', class: 'R-D', requirements: ['R-D', 'R-G6'], title: 'fork bomb', kind: 'breach', control: 'pids_limit' },
  { id: 'memory-hog', class: 'R-D', requirements: ['R-D', 'R-G6'], title: 'memory hog', kind: 'breach', control: 'mem_limit' },
];

/** How a record id counts in Table 1; an id the catalogue does not know (e.g. `deadline`) is information. */
export function kindOf(id: string): AttackKind {
  return attackOf(id)?.kind ?? 'information';
}

/** The catalogue entry of a record id (`bind-write:/data` → `bind-write`), or undefined for an unknown id. */
export function attackOf(id: string): Attack | undefined {
  const base = id.startsWith('bind-write:') ? 'bind-write' : id;
  return ATTACKS.find((a) => a.id === base);
}
