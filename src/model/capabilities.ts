/**
 * Linux capabilities as Docker grants them, and what adding one re-opens in Docker's default seccomp
 * profile. Names follow capabilities(7) without the `CAP_` prefix, as Docker's CLI and Compose accept
 * them (`NET_RAW` == `CAP_NET_RAW`, any case).
 *
 * Sources: requirements.md "Facts from today's engines"; moby `oci/caps/defaults.go` (default set);
 * moby `profiles/seccomp/default.json` (syscalls gated by `includes.caps`).
 */

/** Docker's default capability set (14), granted to every non-privileged container unless dropped. */
export const DOCKER_DEFAULT_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'NET_RAW',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

/** Every capability of capabilities(7) as of Linux 6.x. */
export const ALL_CAPABILITIES: readonly string[] = [
  'AUDIT_CONTROL', 'AUDIT_READ', 'AUDIT_WRITE', 'BLOCK_SUSPEND', 'BPF', 'CHECKPOINT_RESTORE', 'CHOWN',
  'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'IPC_LOCK', 'IPC_OWNER', 'KILL', 'LEASE',
  'LINUX_IMMUTABLE', 'MAC_ADMIN', 'MAC_OVERRIDE', 'MKNOD', 'NET_ADMIN', 'NET_BIND_SERVICE', 'NET_BROADCAST',
  'NET_RAW', 'PERFMON', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYSLOG', 'SYS_ADMIN', 'SYS_BOOT',
  'SYS_CHROOT', 'SYS_MODULE', 'SYS_NICE', 'SYS_PACCT', 'SYS_PTRACE', 'SYS_RAWIO', 'SYS_RESOURCE', 'SYS_TIME',
  'SYS_TTY_CONFIG', 'WAKE_ALARM',
];

/**
 * Normalizes a capability as written (`cap_net_raw`, `CAP_NET_RAW`, ` net_raw `, `all`) to the
 * Docker spelling (`NET_RAW`, `ALL`). Unknown names are returned upper-cased so rules can still see them.
 */
export function normalizeCapability(name: string): string {
  let n = name.trim().toUpperCase();
  if (n.startsWith('CAP_')) n = n.slice(4);
  return n;
}

/**
 * The capabilities a container holds, as moby's `oci/caps.TweakCapabilities` computes them: a privileged container
 * holds every one; `ALL` in cap_add gives every capability but those in cap_drop; `ALL` in cap_drop (without `ALL`
 * added) leaves only cap_add; otherwise the defaults minus cap_drop, plus cap_add. Names are normalized
 * ({@link normalizeCapability}); names Linux does not know are left out. Sorted.
 * @param defaults the engine's default set (default {@link DOCKER_DEFAULT_CAPABILITIES})
 */
export function effectiveCapabilities(add: Iterable<string>, drop: Iterable<string>, opts: { privileged?: boolean; defaults?: readonly string[] } = {}): string[] {
  const adds = new Set([...add].map(normalizeCapability));
  const drops = new Set([...drop].map(normalizeCapability));
  let held: Set<string>;
  if (opts.privileged) held = new Set(ALL_CAPABILITIES);
  else if (adds.has('ALL')) held = new Set(ALL_CAPABILITIES.filter((c) => !drops.has(c)));
  else if (drops.has('ALL')) held = adds;
  else held = new Set([...(opts.defaults ?? DOCKER_DEFAULT_CAPABILITIES).filter((c) => !drops.has(c)), ...adds]);
  return [...held].filter((c) => ALL_CAPABILITIES.includes(c)).sort();
}

/** Whether `name` (normalized) is a capability Linux knows, or `ALL`. */
export function isKnownCapability(name: string): boolean {
  return name === 'ALL' || ALL_CAPABILITIES.includes(name);
}

/** Risk of an added capability: how far it takes a container toward the host (R-B, R-K, R-A, R-M). */
export interface CapabilityRisk {
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  /** What a process holding it can do to the host or its neighbours. */
  why: string;
  /** Syscalls Docker's default seccomp profile re-opens when the capability is added (`includes.caps`). */
  seccompReopens: string[];
  /** Attack classes of requirements.md it serves. */
  attackClasses: string[];
}

/**
 * Risk table for capabilities not in Docker's default set, plus the default ones whose explicit
 * add-back matters. Capabilities not listed here are `medium` when added.
 */
export const CAPABILITY_RISK: Record<string, CapabilityRisk> = {
  ALL: {
    severity: 'critical',
    why: 'every capability: equivalent to --privileged without the device access',
    seccompReopens: ['mount', 'umount2', 'unshare', 'setns', 'bpf', 'ptrace', 'process_vm_readv', 'process_vm_writev', 'init_module', 'finit_module', 'delete_module', 'reboot', 'open_by_handle_at', 'clock_settime', 'kexec_load'],
    attackClasses: ['R-B', 'R-K'],
  },
  SYS_ADMIN: {
    severity: 'critical',
    why: 'mount filesystems, create namespaces, bpf, many kernel interfaces: the usual breakout path (cgroup release_agent, CVE-2022-0492)',
    seccompReopens: ['mount', 'umount2', 'unshare', 'setns', 'bpf', 'clone (namespace flags)', 'name_to_handle_at', 'pivot_root', 'syslog', 'quotactl', 'lookup_dcookie', 'perf_event_open', 'fanotify_init', 'sethostname', 'setdomainname', 'vm86', 'iopl', 'ioperm'],
    attackClasses: ['R-B', 'R-K'],
  },
  DAC_READ_SEARCH: {
    severity: 'critical',
    why: 'open_by_handle_at(2) reads any file of the host filesystem by inode: the "shocker" breakout of the paper (§IV.3)',
    seccompReopens: ['open_by_handle_at'],
    attackClasses: ['R-B'],
  },
  SYS_MODULE: {
    severity: 'critical',
    why: 'load kernel modules into the shared host kernel',
    seccompReopens: ['init_module', 'finit_module', 'delete_module'],
    attackClasses: ['R-B', 'R-K'],
  },
  SYS_RAWIO: {
    severity: 'critical',
    why: 'raw I/O ports and /dev/mem-style access to host hardware',
    seccompReopens: ['iopl', 'ioperm'],
    attackClasses: ['R-B', 'R-K'],
  },
  SYS_PTRACE: {
    severity: 'high',
    why: 'trace and inject into processes it can see (all host processes with --pid=host); read their memory and environment',
    seccompReopens: ['ptrace', 'process_vm_readv', 'process_vm_writev', 'kcmp'],
    attackClasses: ['R-B', 'R-S'],
  },
  SYS_BOOT: {
    severity: 'high',
    why: 'reboot the host and load a new kernel (kexec)',
    seccompReopens: ['reboot', 'kexec_load', 'kexec_file_load'],
    attackClasses: ['R-B', 'R-D'],
  },
  MAC_ADMIN: {
    severity: 'high',
    why: 'change the MAC (AppArmor/SELinux/Smack) policy that confines containers',
    seccompReopens: [],
    attackClasses: ['R-B', 'R-K'],
  },
  MAC_OVERRIDE: {
    severity: 'high',
    why: 'override mandatory access control',
    seccompReopens: [],
    attackClasses: ['R-B', 'R-K'],
  },
  BPF: {
    severity: 'high',
    why: 'load BPF programs into the host kernel',
    seccompReopens: ['bpf'],
    attackClasses: ['R-B', 'R-K'],
  },
  PERFMON: {
    severity: 'high',
    why: 'perf_event_open on the host kernel: a large attack surface and a side channel',
    seccompReopens: ['perf_event_open', 'bpf'],
    attackClasses: ['R-K'],
  },
  NET_ADMIN: {
    severity: 'high',
    why: 'reconfigure interfaces, routes and firewall rules of its network namespace (all of the host with network_mode: host); ARP/route hijacking',
    seccompReopens: [],
    attackClasses: ['R-M', 'R-A', 'R-B'],
  },
  SYSLOG: {
    severity: 'medium',
    why: 'read and clear the kernel log, which leaks kernel addresses (KASLR bypass)',
    seccompReopens: ['syslog'],
    attackClasses: ['R-K'],
  },
  SYS_TIME: {
    severity: 'medium',
    why: 'set the host clock: time is not namespaced',
    seccompReopens: ['settimeofday', 'stime', 'clock_settime', 'clock_adjtime', 'adjtimex'],
    attackClasses: ['R-B', 'R-D'],
  },
  SYS_RESOURCE: {
    severity: 'medium',
    why: 'override resource limits and quotas, defeating DoS controls',
    seccompReopens: [],
    attackClasses: ['R-D'],
  },
  SYS_NICE: {
    severity: 'low',
    why: 'raise scheduling priority and set real-time scheduling, starving neighbours',
    seccompReopens: ['get_mempolicy', 'mbind', 'set_mempolicy', 'move_pages'],
    attackClasses: ['R-D'],
  },
  IPC_LOCK: {
    severity: 'low',
    why: 'lock memory, defeating memory pressure handling',
    seccompReopens: [],
    attackClasses: ['R-D'],
  },
  LINUX_IMMUTABLE: { severity: 'low', why: 'set immutable and append-only file flags', seccompReopens: [], attackClasses: ['R-K'] },
  SYS_PACCT: { severity: 'low', why: 'switch process accounting on the host', seccompReopens: ['acct'], attackClasses: ['R-K'] },
  SYS_TTY_CONFIG: { severity: 'low', why: 'vhangup and tty configuration', seccompReopens: ['vhangup'], attackClasses: ['R-K'] },
  AUDIT_CONTROL: { severity: 'medium', why: 'change the host audit rules (hide activity, CIS 1.1)', seccompReopens: [], attackClasses: ['R-K'] },
  AUDIT_READ: { severity: 'low', why: 'read the audit log via netlink', seccompReopens: [], attackClasses: ['R-S'] },
  BLOCK_SUSPEND: { severity: 'low', why: 'block system suspend', seccompReopens: [], attackClasses: ['R-D'] },
  WAKE_ALARM: { severity: 'low', why: 'trigger system wake-up', seccompReopens: [], attackClasses: ['R-D'] },
  LEASE: { severity: 'low', why: 'file leases on files it does not own', seccompReopens: [], attackClasses: ['R-D'] },
  IPC_OWNER: { severity: 'low', why: 'bypass IPC permission checks', seccompReopens: [], attackClasses: ['R-K'] },
  NET_BROADCAST: { severity: 'low', why: 'broadcast and multicast', seccompReopens: [], attackClasses: ['R-M'] },
  CHECKPOINT_RESTORE: { severity: 'medium', why: 'checkpoint/restore of processes (set PIDs, read /proc/pid/map_files)', seccompReopens: [], attackClasses: ['R-B'] },
  // Default-set capabilities: adding them back after `cap_drop: [ALL]` is the recommended pattern.
  NET_BIND_SERVICE: { severity: 'info', why: 'bind ports below 1024', seccompReopens: [], attackClasses: [] },
  CHOWN: { severity: 'info', why: 'change file ownership', seccompReopens: [], attackClasses: [] },
  SETUID: { severity: 'low', why: 'switch user IDs; setuid binaries work (R-G7)', seccompReopens: [], attackClasses: ['R-K'] },
  SETGID: { severity: 'low', why: 'switch group IDs; setgid binaries work (R-G7)', seccompReopens: [], attackClasses: ['R-K'] },
  NET_RAW: { severity: 'low', why: 'raw and packet sockets: ARP spoofing (paper §IV.7)', seccompReopens: [], attackClasses: ['R-A'] },
  DAC_OVERRIDE: { severity: 'low', why: 'bypass file permission checks', seccompReopens: [], attackClasses: ['R-B'] },
};

/** Risk of adding capability `name` (normalized); unknown and unlisted capabilities are `medium`. */
export function capabilityRisk(name: string): CapabilityRisk {
  return (
    CAPABILITY_RISK[name] ?? {
      severity: DOCKER_DEFAULT_CAPABILITIES.includes(name) ? 'info' : 'medium',
      why: isKnownCapability(name) ? 'extends the default capability set' : 'not a capability Linux knows: Docker will refuse to start the container',
      seccompReopens: [],
      attackClasses: ['R-B'],
    }
  );
}
