/**
 * The attack catalogue of `bulwark probe` (issue 5): every step the C probe (probe/bulwark-probe.c) attempts,
 * with its attack class and requirement ids (/work/shared/spec/requirements.md; paper §IV "threats", §V.2
 * "secure deployment guidelines"), the control that blocks it, and whether its success is a breach (the step
 * itself does the harm, or is the direct precondition of it) or attack surface (a door left open).
 */

/** Attack classes of the paper §IV as requirements.md names them, plus R-G7 (setuid escalation). */
export type AttackClass = 'R-B' | 'R-A' | 'R-G7' | 'R-K' | 'R-S' | 'R-D';

/** One catalogued attack step. */
export interface Attack {
  /** The probe's record id (`bind-write` stands for every `bind-write:<path>` record). */
  id: string;
  class: AttackClass;
  /** Requirement ids this step tests. */
  requirements: string[];
  /** Short human title. */
  title: string;
  /** `breach`: success is the harm (or its direct precondition); `surface`: success leaves a door open. */
  kind: 'breach' | 'surface';
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
  { id: 'ptrace', class: 'R-K', requirements: ['R-B', 'R-K'], title: 'ptrace a child process', kind: 'surface', control: 'seccomp profile without ptrace' },
  { id: 'af-packet', class: 'R-A', requirements: ['R-A'], title: 'socket(AF_PACKET, SOCK_RAW): forge ARP', kind: 'breach', control: 'cap_drop NET_RAW' },
  { id: 'raw-icmp', class: 'R-A', requirements: ['R-A'], title: 'raw ICMP socket', kind: 'surface', control: 'cap_drop NET_RAW' },
  { id: 'no-new-privs', class: 'R-G7', requirements: ['R-G7'], title: 'no_new_privs unset', kind: 'surface', control: 'security_opt no-new-privileges' },
  { id: 'setuid-exec', class: 'R-G7', requirements: ['R-G7'], title: 'setuid-root helper run by a non-root user', kind: 'breach', control: 'no-new-privileges; cap_drop SETUID SETGID' },
  { id: 'seccomp', class: 'R-K', requirements: ['R-K', 'R-G12'], title: 'seccomp filter off', kind: 'surface', control: 'seccomp profile (never unconfined)' },
  { id: 'syscall-keyctl', class: 'R-K', requirements: ['R-K', 'R-G12'], title: 'keyctl reachable', kind: 'surface', control: 'seccomp' },
  { id: 'syscall-bpf', class: 'R-K', requirements: ['R-K', 'R-G12'], title: 'bpf reachable', kind: 'surface', control: 'seccomp' },
  { id: 'syscall-userfaultfd', class: 'R-K', requirements: ['R-K', 'R-G12'], title: 'userfaultfd reachable', kind: 'surface', control: 'seccomp' },
  { id: 'syscall-perf_event_open', class: 'R-K', requirements: ['R-K', 'R-G12'], title: 'perf_event_open reachable', kind: 'surface', control: 'seccomp' },
  { id: 'syscall-io_uring_setup', class: 'R-K', requirements: ['R-K', 'R-G12'], title: 'io_uring_setup reachable', kind: 'surface', control: 'seccomp' },
  { id: 'capabilities', class: 'R-K', requirements: ['R-K', 'R-B', 'R-G5'], title: 'effective capabilities', kind: 'surface', control: 'cap_drop ALL' },
  { id: 'cap:NET_RAW', class: 'R-A', requirements: ['R-A'], title: 'holds CAP_NET_RAW', kind: 'surface', control: 'cap_drop NET_RAW' },
  { id: 'cap:SETUID', class: 'R-G7', requirements: ['R-G7'], title: 'holds CAP_SETUID', kind: 'surface', control: 'cap_drop SETUID' },
  { id: 'cap:SETGID', class: 'R-G7', requirements: ['R-G7'], title: 'holds CAP_SETGID', kind: 'surface', control: 'cap_drop SETGID' },
  { id: 'cap:SYS_ADMIN', class: 'R-B', requirements: ['R-B', 'R-G5'], title: 'holds CAP_SYS_ADMIN', kind: 'surface', control: 'no cap_add SYS_ADMIN' },
  { id: 'cap:DAC_READ_SEARCH', class: 'R-B', requirements: ['R-B'], title: 'holds CAP_DAC_READ_SEARCH', kind: 'surface', control: 'no cap_add DAC_READ_SEARCH' },
  { id: 'cap:SYS_MODULE', class: 'R-B', requirements: ['R-B', 'R-K'], title: 'holds CAP_SYS_MODULE', kind: 'surface', control: 'no cap_add SYS_MODULE' },
  { id: 'cap:SYS_PTRACE', class: 'R-B', requirements: ['R-B'], title: 'holds CAP_SYS_PTRACE', kind: 'surface', control: 'no cap_add SYS_PTRACE' },
  { id: 'cap:NET_ADMIN', class: 'R-A', requirements: ['R-A', 'R-M'], title: 'holds CAP_NET_ADMIN', kind: 'surface', control: 'no cap_add NET_ADMIN' },
  { id: 'cap:MKNOD', class: 'R-B', requirements: ['R-B', 'R-G8'], title: 'holds CAP_MKNOD', kind: 'surface', control: 'cap_drop MKNOD' },
  { id: 'cap:DAC_OVERRIDE', class: 'R-B', requirements: ['R-B'], title: 'holds CAP_DAC_OVERRIDE', kind: 'surface', control: 'cap_drop DAC_OVERRIDE' },
  { id: 'userns-root', class: 'R-K', requirements: ['R-K', 'R-G11'], title: 'root in the container is root on the host', kind: 'surface', control: 'user (non-root) or userns-remap' },
  { id: 'rootfs-write', class: 'R-K', requirements: ['R-K'], title: 'writable root filesystem', kind: 'surface', control: 'read_only' },
  { id: 'pid1-environ', class: 'R-S', requirements: ['R-S'], title: 'secrets in PID 1 environment', kind: 'breach', control: 'secrets as files, not environment' },
  { id: 'mac-confinement', class: 'R-K', requirements: ['R-K', 'R-G4'], title: 'SELinux / AppArmor confinement', kind: 'surface', control: 'security_opt label / apparmor' },
  { id: 'cpu-hog', class: 'R-D', requirements: ['R-D', 'R-G6'], title: 'CPU hog against a neighbour', kind: 'breach', control: 'cpus / cpu_shares / cpuset' },
  { id: 'fork-bomb', class: 'R-D', requirements: ['R-D', 'R-G6'], title: 'fork bomb', kind: 'breach', control: 'pids_limit' },
  { id: 'memory-hog', class: 'R-D', requirements: ['R-D', 'R-G6'], title: 'memory hog', kind: 'breach', control: 'mem_limit' },
];

/** The catalogue entry of a record id (`bind-write:/data` → `bind-write`), or undefined for an unknown id. */
export function attackOf(id: string): Attack | undefined {
  const base = id.startsWith('bind-write:') ? 'bind-write' : id;
  return ATTACKS.find((a) => a.id === base);
}
