/**
 * Shared predicates for the container rules (BW-0001 … BW-0099). They read only {@link ContainerSpec}
 * so every input kind (Compose, `docker run`, later Kubernetes / inspect / a live engine) gets the same
 * answers. Unresolved values (`how: 'unresolved'`) are never treated as safe or unsafe: predicates
 * return `'unknown'` for them (requirements.md, "Facts from today's engines").
 */
import { posix } from 'node:path';
import { DOCKER_DEFAULT_CAPABILITIES } from '../../model/capabilities.js';
import type { ContainerSpec, EngineFacts, ExecSpec, Mount, NamespaceMode, Sourced } from '../../model/types.js';
import type { RuleContext, Severity } from '../types.js';
import { classifySecretName, looksLikeSecretValue, writtenUrlPassword } from './secrets.js';
import type { PodFacts } from '../../ingest/kubernetes/pod.js';

/** Sentence appended to messages about values that depend on an unset variable. */
export const UNRESOLVED_NOTE = 'the value depends on an unset variable, so bulwark cannot tell';

/**
 * {@link UNRESOLVED_NOTE} for a value as written: a command substitution (`$(id -u)`, `` `id -u` ``) is a command's
 * output when the script runs, not a variable.
 */
export function unresolvedNote(written: string): string {
  return /\$\(|`/.test(written) ? "the value is a command's output when the script runs, so bulwark cannot tell" : UNRESOLVED_NOTE;
}

/**
 * For a setting found missing on a `docker run` line that also holds words bulwark cannot read and that may
 * be options (`$DOCKER_OPTS`, `"$@"`, `"${ARGS[@]}"`: `extra.unresolvedOptions`, set by the run ingester):
 * certainty `unknown` and the words to name in the message, as a value a rule cannot know is reported as
 * unknown, never as definitely unsafe (requirements.md, "Facts from today's engines"). `undefined` otherwise.
 */
export function unknownOptions(c: ContainerSpec): { certainty: 'unknown'; note: string } | undefined {
  const u = c.extra.unresolvedOptions;
  if (!u || !Array.isArray(u.value) || u.value.length === 0) return undefined;
  return { certainty: 'unknown', note: ` (unless ${(u.value as string[]).join(' ')} sets it)` };
}

/**
 * The `$NAME` a `docker run` setting comes from when NAME is assigned under a condition (`if …; then
 * O="--privileged"; fi` then `docker run $O …`: `extra.conditionalOptions`, set by the run ingester): the script
 * may or may not pass it, so what follows from it is unknown. The engine marks findings located at those words;
 * a rule that concludes something elsewhere on the line from such a setting asks here. `undefined` otherwise.
 */
export function conditionalSource(c: ContainerSpec, s: { origin: { start?: number; end?: number } } | undefined): string | undefined {
  const spans = c.extra.conditionalOptions?.value as { start: number; end: number; raw: string }[] | undefined;
  const start = s?.origin.start;
  const end = s?.origin.end;
  if (!spans?.length || start === undefined || end === undefined) return undefined;
  return spans.find((w) => start >= w.start && end <= w.end)?.raw;
}

/** True when a sourced value depends on an unresolved variable. */
export function isUnresolved(s: { how: string } | undefined): boolean {
  return s?.how === 'unresolved';
}

/**
 * State of a namespace setting: `'host'` when explicitly the host's namespace, `'unknown'` when it
 * depends on an unset variable, `'other'` otherwise (`private`, `shareable`, `container:x`, not set).
 * Source: Docker CLI `--pid/--ipc/--uts/--network/--userns/--cgroupns`; CIS 5.9, 5.15, 5.16, 5.20, 5.30.
 */
export function namespaceState(ns: Sourced<NamespaceMode> | undefined): 'host' | 'unknown' | 'other' {
  if (!ns) return 'other';
  if (ns.how === 'unresolved') return 'unknown';
  return ns.value.mode === 'host' ? 'host' : 'other';
}

/** Shorthand for `namespaceState(ns) === 'host'`. */
export function isHostMode(ns: Sourced<NamespaceMode> | undefined): boolean {
  return namespaceState(ns) === 'host';
}

/**
 * State of a numeric limit: `missing` (not set: Docker's default, unlimited), `unlimited` (set to a
 * value `isLimit` rejects, e.g. `0` or `-1`), `unknown` (unset variable) or `set`.
 */
export type LimitState = 'missing' | 'unlimited' | 'unknown' | 'set';

/** Classifies one sourced limit with the predicate `isLimit` (e.g. `n > 0`). */
export function limitState<T>(s: Sourced<T> | undefined, isLimit: (v: T) => boolean): LimitState {
  if (!s) return 'missing';
  if (s.how === 'unresolved') return 'unknown';
  return isLimit(s.value) ? 'set' : 'unlimited';
}

/**
 * Memory limit of a container in bytes (`mem_limit`, `deploy.resources.limits.memory`, `-m`), as a
 * {@link LimitState}; `0` means unlimited (Docker Engine API `HostConfig.Memory`). CIS 5.10, R-G6.
 */
export function memoryLimit(c: ContainerSpec): LimitState {
  return limitState(c.resources.memory, (n) => n > 0);
}

/** Pids limit (`pids_limit`, `--pids-limit`): `≤ 0` means unlimited. CIS 5.28. */
export function pidsLimit(c: ContainerSpec): LimitState {
  return limitState(c.resources.pidsLimit, (n) => n > 0);
}

/**
 * CPU limit: any of `cpus` (nanoCPUs > 0), `cpu_quota` > 0, `cpu_shares` other than 0 and the
 * default 1024, or a non-empty `cpuset`. Returns the state and the value that decided it. CIS 5.11, R-G6.
 */
export function cpuLimit(c: ContainerSpec): { state: LimitState; at?: Sourced<unknown> } {
  const r = c.resources;
  const candidates: [Sourced<unknown> | undefined, LimitState][] = [
    [r.nanoCpus, limitState(r.nanoCpus, (n) => n > 0)],
    [r.cpuQuota, limitState(r.cpuQuota, (n) => n > 0)],
    [r.cpuShares, limitState(r.cpuShares, (n) => n > 0 && n !== 1024)],
    [r.cpusetCpus, limitState(r.cpusetCpus, (s) => s.trim() !== '')],
  ];
  for (const [s, st] of candidates) if (st === 'set') return { state: 'set', at: s };
  for (const [s, st] of candidates) if (st === 'unknown') return { state: 'unknown', at: s };
  for (const [s, st] of candidates) if (st === 'unlimited') return { state: 'unlimited', at: s };
  return { state: 'missing' };
}

/** The host path of a bind as written (`sourceRaw`), falling back to the resolved `source`. */
export function mountPathAsWritten(m: Mount): string {
  return m.sourceRaw ?? m.source ?? '';
}

/**
 * The host path of a bind for messages: as written, followed by the value a variable gave it when that differs
 * (`${HOSTDIR} (= /etc)`), so a reader sees why an innocent-looking `${VAR}` is judged sensitive, and by what it
 * comes through when the container does not write it ({@link Mount.through}: a PersistentVolume; `volumes_from`).
 */
export function mountPathForMessage(m: Mount): string {
  const written = mountPathAsWritten(m);
  const path = !m.unresolved && /\$/.test(written) && m.source !== undefined && m.source !== written ? `${written} (= ${m.source})` : written;
  if (m.through) return `${path} (${m.through})`;
  return m.inheritedFrom ? `${path} (${m.inheritedFrom}'s mount, through ${m.inheritedVia ?? 'volumes_from'})` : path;
}

/** `'ro'` or `'rw'` for a mount: a bind without a mode is read-write. */
export function mountMode(m: Mount): 'ro' | 'rw' {
  return m.readOnly ? 'ro' : 'rw';
}

/**
 * The host path bulwark classifies: an absolute path as written, `~…` as written, or the resolved
 * source of a relative path when the ingester resolved it to an absolute one. Trailing slashes and
 * repeated slashes removed, `.` segments dropped, `..` applied.
 */
export function classifiedHostPath(m: Mount): string {
  // `$HOME/x` and `${HOME}/x` are the caller's home directory, as `~/x` is (bash(1) "Tilde Expansion");
  // `$PWD`, `${PWD}`, `$(pwd)` and `` `pwd` `` are the working directory, as `.` is. The Windows shells' forms
  // (PowerShell `${env:USERPROFILE}\.ssh`, `$env:HOME`, `$HOME`; cmd `%USERPROFILE%`, `%cd%`) are the same
  // directories, their `\` separators read as `/`.
  const written = mountPathAsWritten(m);
  const win = WINDOWS_HOME_OR_CWD.exec(written);
  const raw = win
    ? (/^%cd%$/i.test(win[0]) ? '.' : '~') + written.slice(win[0].length).replace(/\\/g, '/')
    : written.replace(/^\$(?:HOME|\{HOME\})(?=\/|$)/, '~').replace(/^(?:\$PWD|\$\{PWD\}|\$\(pwd\)|`pwd`)(?=\/|$)/, '.');
  // A relative bind the ingester resolved against a Compose file given by a relative path (`inc/compose.yaml`
  // with `../../etc:/x`; `compose.yaml` with `../..`, whose source reads as written) is resolved against the working
  // directory, as that file's path is.
  const relResolved = m.source && !m.source.startsWith('/') && (m.source !== raw || m.sourceResolved) && !raw.startsWith('/') && !raw.startsWith('~') && !/[$`]/.test(m.source) ? posix.resolve(process.cwd(), m.source) : undefined;
  const p = raw.startsWith('/') || raw.startsWith('~') ? raw : m.source && m.source.startsWith('/') ? m.source : relResolved ?? raw;
  const n = normalizePath(p);
  // A relative bind that stays inside the Compose file's directory (`./config`, `.`) is the project's own files.
  // root's home holds projects as any home does (`/root/app/compose.yml`): classify it as `~/…`, so `./data`
  // there is not "a home directory", while `./.ssh` beside `/root/compose.yml` (or `..` out of `/root/app`) still is.
  const inside = !raw.startsWith('/') && !raw.startsWith('~') && !/^[A-Za-z]:|^\\/.test(raw) && !normalizePath(raw).startsWith('..');
  if (inside && (n === '/root' || n.startsWith('/root/'))) return '~' + n.slice('/root'.length);
  return n;
}

/**
 * True for a path whose only unknown part is the caller's home or working directory (`~/.ssh`,
 * `$HOME/.aws`, `$PWD/src`, `$(pwd)`): whoever runs it, what lies there is known (HOME_SECRETS; a project
 * directory like `./src`), so it is classified, not unknown. `p` is {@link classifiedHostPath}'s result.
 */
function isKnownShapePath(m: Mount, p: string): boolean {
  const written = mountPathAsWritten(m);
  const fromSource = /^(?:~|\$HOME|\$\{HOME\}|\$PWD|\$\{PWD\}|\$\(pwd\)|`pwd`)(?=\/|$)/.test(written) || WINDOWS_HOME_OR_CWD.test(written);
  // The mode or target may be what is unknown (`-v ~/x:/y:$MODE`): then the mount stays unknown.
  return fromSource && !/[$`]/.test(p) && ![m.target, ...m.options].some((x) => /[$`]/.test(x));
}

/**
 * A Windows shell's home or working directory at the start of a bind source, followed by `\` or `/` or the end:
 * PowerShell `$env:USERPROFILE`, `${env:USERPROFILE}`, `$env:HOME`, `$HOME` (about_Automatic_Variables; names are
 * case-insensitive there), cmd `%USERPROFILE%` and `%cd%` (the working directory).
 */
const WINDOWS_HOME_OR_CWD = /^(?:\$env:(?:USERPROFILE|HOME)|\$\{env:(?:USERPROFILE|HOME)\}|%USERPROFILE%|%cd%)(?=[\\/]|$)/i;

/** Normalizes a POSIX path: collapses `//`, drops `.` segments and trailing `/`, applies `..`. */
export function normalizePath(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (seg === '..' && abs) continue;
    else out.push(seg);
  }
  const joined = out.join('/');
  return abs ? '/' + joined : joined;
}

/** True if `p` equals `dir` or lies below it (both normalized). */
export function isUnder(p: string, dir: string): boolean {
  if (dir === '/') return p.startsWith('/');
  // No `dir + '/'`: this runs tens of times per bind mount, and the concatenation allocates.
  return p.startsWith(dir) && (p.length === dir.length || p.charCodeAt(dir.length) === 47);
}

const SOCKET_FILE = /(^|\/)(docker|containerd|podman|crio|cri-dockerd|dockershim)\.sock$/;
const SOCKET_DIRS = [
  '/run',
  '/var/run',
  '/run/containerd',
  '/var/run/containerd',
  '/run/podman',
  '/var/run/podman',
  '/run/crio',
  '/var/run/crio',
  '/run/docker',
  '/var/run/docker',
  // Kubernetes distributions that run their own containerd: k3s and RKE2 (/run/k3s/containerd/containerd.sock),
  // k0s (/run/k0s/containerd.sock), MicroK8s (/var/snap/microk8s/common/run/containerd.sock).
  '/run/k3s',
  '/var/run/k3s',
  '/run/k3s/containerd',
  '/var/run/k3s/containerd',
  '/run/k0s',
  '/var/run/k0s',
  '/var/snap/microk8s/common/run',
];

/**
 * True if binding host path `p` (normalized) puts a container runtime's API socket inside the
 * container: the socket itself (`docker.sock`, `containerd.sock`, `podman.sock`, `crio.sock` anywhere)
 * or a directory that holds one (`/var/run`, `/run`, `/run/containerd`, `/run/user/<uid>` for rootless
 * Docker, `/run/k3s/containerd` for k3s/RKE2, `/run/k0s`, MicroK8s' `/var/snap/microk8s/common/run`).
 * CIS 5.31; paper §IV.3 (R-B).
 */
export function isRuntimeSocketPath(p: string): boolean {
  if (SOCKET_FILE.test(p)) return true;
  if (SOCKET_DIRS.includes(p)) return true;
  return /^\/(var\/)?run\/user\/\d+(\/(docker|podman))?$/.test(p);
}

/**
 * The Windows named pipes of a container engine's API (`\\.\pipe\docker_engine`, either slash), containerd's
 * included: `\\.\pipe\containerd-containerd` is its default address on Windows (containerd defaults_windows.go
 * `DefaultAddress`), the CRI endpoint of Windows Kubernetes nodes (kubelet `--container-runtime-endpoint
 * npipe:////./pipe/containerd-containerd`): whoever talks to it runs and controls the node's containers.
 */
const RUNTIME_PIPE = /^[\\/]{2}\.[\\/]pipe[\\/](?:docker_engine\w*|dockerDesktop\w*Engine|podman-machine-\w[\w-]*|containerd-containerd)$/i;

/** True for a Windows named pipe of a container engine's API ({@link RUNTIME_PIPE}), as a mount's source writes it. CIS 5.32, R-B. */
export function isRuntimePipePath(p: string): boolean {
  return RUNTIME_PIPE.test(p);
}

/** True for a bind of a device node below `/dev` (not `/dev` itself, nor `/dev/shm`, `/dev/mqueue`, `/dev/pts`). R-G8. */
export function isDeviceNodePath(p: string): boolean {
  if (!p.startsWith('/dev/')) return false;
  return !['/dev/shm', '/dev/mqueue', '/dev/pts'].some((d) => isUnder(p, d));
}

/** How sensitive a host path is when bind-mounted, by mode. */
export interface HostPathRisk {
  rw: Severity;
  ro: Severity;
  /** What the container gains, one phrase. */
  why: string;
}

const HARMLESS = [
  '/etc/localtime',
  '/etc/timezone',
  '/etc/os-release',
  '/usr/lib/os-release',
  '/etc/hostname',
  '/etc/machine-id',
  '/usr/share/zoneinfo',
];

/**
 * What the host trusts and resolves names with: public CA bundles and the resolver files. Nothing secret, so
 * harmless read-only; written by root in the container they redirect the host: a CA planted in the host's trust
 * store or a changed `/etc/hosts` / `/etc/resolv.conf` turns every TLS connection and name lookup of the host into
 * a man-in-the-middle target, image pulls included (R-M, R-P; R-B: "any writable bind mount").
 */
const TRUST_AND_RESOLUTION = [
  '/etc/resolv.conf',
  '/etc/hosts',
  '/etc/ssl/certs',
  '/etc/ca-certificates',
  '/usr/share/ca-certificates',
  '/usr/local/share/ca-certificates',
  '/etc/pki/ca-trust',
  '/etc/pki/tls/certs',
];

/**
 * Control sockets of host services other than container runtimes: the D-Bus system bus (systemd, NetworkManager,
 * udisks, polkit answer on it), systemd's private socket, libvirt and snapd. connect() works on a read-only bind,
 * and a client that is root in the container is root to the service (systemd starts any unit it is asked to).
 */
const HOST_SERVICE_SOCKETS = [
  '/run/dbus', '/var/run/dbus', '/run/systemd/private', '/run/systemd/system', '/var/run/systemd',
  '/run/libvirt', '/var/run/libvirt', '/run/snapd.socket', '/run/snapd-snap.socket',
];

const HOME_SECRETS = ['.ssh', '.docker', '.aws', '.kube', '.gnupg', '.config', '.azure', '.gcloud', '.netrc', '.bash_history', '.git-credentials', '.npmrc', '.pypirc', '.vault-token', '.terraform.d'];

/**
 * Classifies a normalized host path for bind mounts (CIS 5.5, R-B, paper §IV.3). Returns `undefined`
 * when the path is not sensitive. Harmless files (`/etc/localtime`, zoneinfo, `os-release`) are
 * `info` read-only and `low` writable. Runtime sockets are not classified here (see
 * {@link isRuntimeSocketPath}). A recursive bind of a directory exposes everything below it, so a path that is an
 * ancestor of a listed sensitive directory (`/var/lib` of `/var/lib/docker`, `/etc/ssl` of `/etc/ssl/private`) is
 * rated at least as that directory in each mode, its `why` naming what it holds; `/` and `/etc` keep their own
 * rating (they are already the most severe of what they hold). Windows paths are rated as their Linux equivalent
 * ({@link windowsEquivalent}).
 */
export function hostPathRisk(p: string): HostPathRisk | undefined {
  const win = windowsEquivalent(p);
  if (win !== undefined) return win === null ? undefined : hostPathRisk(win);
  const own = ownHostPathRisk(p);
  // Only absolute paths hold anything (a relative or working-directory path, `''` for `$PWD`, is the project's).
  if (!p.startsWith('/') || p === '/' || p === '/etc') return own;
  const held = heldSensitiveDirs().filter((d) => d.path !== p && isUnder(d.path, p));
  if (held.length === 0) return own;
  const rw = maxSeverity([own?.rw, ...held.map((d) => d.risk.rw)]);
  const ro = maxSeverity([own?.ro, ...held.map((d) => d.risk.ro)]);
  if (own && own.rw === rw && own.ro === ro) return own;
  // Name the most severe directory held (read-only first: what a read-only bind still leaks), then the others as
  // severe, and say what the first one is.
  const top = held.reduce((a, b) => (rank(b.risk.ro) > rank(a.risk.ro) || (rank(b.risk.ro) === rank(a.risk.ro) && rank(b.risk.rw) > rank(a.risk.rw)) ? b : a));
  const same = held.filter((d) => d.risk.ro === top.risk.ro && d.risk.rw === top.risk.rw).map((d) => d.path);
  const names = same.length > 4 ? `${same.slice(0, 4).join(', ')} and ${same.length - 4} more` : same.join(', ');
  return { rw, ro, why: same.length === 1 ? `it holds ${top.path}: ${top.risk.why}` : `it holds ${names}; ${top.path}: ${top.risk.why}` };
}

/** A sensitive directory an ancestor bind exposes, with its own rating. */
interface HeldDir {
  path: string;
  risk: HostPathRisk;
}

/**
 * Host directories whose rating a bind of one of their ancestors inherits: the credential and configuration
 * directories under `/etc`, the runtime's, kubelet's and etcd's state under `/var/lib`, host service sockets, CNI
 * and kubelet plugin binaries, the CA stores. Not the X server socket (`/tmp/.X11-unix` exists on desktops only:
 * a `/tmp` bind on a server holds none) nor the homes (their only ancestor is `/`). Computed once.
 */
let heldDirs: HeldDir[] | undefined;
function heldSensitiveDirs(): HeldDir[] {
  heldDirs ??= [...CREDENTIAL_DIRS, ...RUNTIME_STATE_DIRS, '/var/lib/kubelet', '/var/lib/etcd', ...HOST_SERVICE_SOCKETS, ...PLUGIN_DIRS, ...TRUST_AND_RESOLUTION]
    .map((path) => ({ path, risk: ownHostPathRisk(path)! }));
  return heldDirs;
}

const SEVERITY_ORDER: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
function rank(s: Severity): number {
  return SEVERITY_ORDER.indexOf(s);
}
function maxSeverity(list: (Severity | undefined)[]): Severity {
  return SEVERITY_ORDER[Math.max(...list.map((s) => (s ? rank(s) : 0)))];
}

/**
 * Host credentials and daemon configuration under `/etc`: shadow files, sudoers, SSH host keys, the Docker,
 * containerd and Kubernetes configuration and PKI, TLS private keys (`/etc/ssl/private`; `/etc/letsencrypt` holds
 * every certificate's `privkey.pem`, `/etc/pki` Red Hat's `tls/private` and `CA/private`), WireGuard keys, cron and
 * systemd units (run as root).
 */
const CREDENTIAL_DIRS = ['/etc/shadow', '/etc/gshadow', '/etc/sudoers', '/etc/sudoers.d', '/etc/ssh', '/etc/docker', '/etc/kubernetes', '/etc/ssl/private', '/etc/letsencrypt', '/etc/pki', '/etc/wireguard', '/etc/containerd', '/etc/cron.d', '/etc/crontab', '/etc/systemd'];
/** Container runtimes' state directories (Docker, containerd, Podman/CRI-O). */
const RUNTIME_STATE_DIRS = ['/var/lib/docker', '/var/lib/containerd', '/var/lib/containers'];
/** Plugin binaries the runtime or the kubelet run as root on the host (CNI, FlexVolume). */
const PLUGIN_DIRS = ['/opt/cni', '/usr/libexec/kubernetes/kubelet-plugins'];

/** {@link hostPathRisk} of a Linux path by its own entry, not counting what it holds. */
function ownHostPathRisk(p: string): HostPathRisk | undefined {
  if (HARMLESS.some((h) => isUnder(p, h))) return { rw: 'low', ro: 'info', why: 'a harmless host file' };
  if (TRUST_AND_RESOLUTION.some((h) => isUnder(p, h)))
    return { rw: 'high', ro: 'info', why: "the host's trusted CA certificates or name resolution (nothing secret to read; written, they let the container intercept the host's TLS connections and name lookups, image pulls included)" };
  // The X server's sockets: a client can read every keystroke and inject input into the host desktop; connect()
  // works on a read-only bind.
  if (p === '/tmp/.X11-unix' || isUnder(p, '/tmp/.X11-unix'))
    return { rw: 'high', ro: 'high', why: "the host's X server socket: connect() works on a read-only bind, and a client reads keystrokes and injects input into the desktop" };
  if (p === '/') return { rw: 'critical', ro: 'high', why: "the host's whole filesystem, including /etc/shadow, SSH keys and the Docker socket" };
  if (p === '/etc' || CREDENTIAL_DIRS.some((d) => isUnder(p, d)))
    return { rw: 'high', ro: 'high', why: 'host credentials and system configuration (/etc/shadow, SSH, TLS and daemon keys)' };
  if (p === '/etc/passwd' || p === '/etc/group') return { rw: 'high', ro: 'low', why: 'the host user and group database' };
  if (isUnder(p, '/etc')) return { rw: 'high', ro: 'medium', why: 'host system configuration under /etc' };
  if (isUnder(p, '/var/lib/etcd'))
    return { rw: 'high', ro: 'high', why: "etcd's data: every Kubernetes Secret and the whole cluster state, in clear unless encryption at rest is on" };
  if (isUnder(p, '/var/lib/kubelet'))
    return { rw: 'high', ro: 'high', why: "the kubelet's state: every pod's volumes, including Secrets and service-account tokens" };
  if (RUNTIME_STATE_DIRS.some((d) => isUnder(p, d)))
    return { rw: 'high', ro: 'high', why: "the container runtime's state: every container's layers, configuration and environment" };
  // macOS homes are /Users/<name> (Docker Desktop shares them with its VM by default).
  if (p === '/root' || p === '/home' || p === '/Users' || /^\/(?:home|Users)\/[^/]+$/.test(p) || isUnder(p, '/root'))
    return { rw: 'high', ro: 'high', why: 'home directories with SSH keys and credentials' };
  const homeSub = /^(?:~|\/home\/[^/]+|\/Users\/[^/]+)(?:\/(.*))?$/.exec(p);
  if (homeSub && (homeSub[1] === undefined || HOME_SECRETS.some((d) => homeSub[1] === d || homeSub[1].startsWith(d + '/'))))
    return { rw: 'high', ro: 'high', why: 'a home directory or its credentials (SSH, Docker, cloud, Kubernetes)' };
  if (p === '/proc' || isUnder(p, '/proc')) return { rw: 'high', ro: 'medium', why: 'the host process table and kernel tunables (/proc/sys, other processes\' environ)' };
  if (p === '/sys' || isUnder(p, '/sys')) return { rw: 'high', ro: 'medium', why: 'host kernel and device interfaces (/sys)' };
  if (p === '/dev' || isUnder(p, '/dev/shm')) return { rw: 'high', ro: 'medium', why: 'host devices (/dev)' };
  if (['/boot', '/usr', '/lib', '/lib64', '/lib32', '/bin', '/sbin'].some((d) => isUnder(p, d)))
    return { rw: 'high', ro: 'medium', why: 'host binaries, libraries, kernel images or modules' };
  if (PLUGIN_DIRS.some((d) => isUnder(p, d)))
    return { rw: 'high', ro: 'low', why: 'plugin binaries the container runtime or the kubelet runs as root on the host (CNI, FlexVolume)' };
  if (HOST_SERVICE_SOCKETS.some((d) => isUnder(p, d)) || p === '/run/systemd')
    return { rw: 'high', ro: 'high', why: "a host service's control socket (D-Bus, systemd, libvirt, snapd): connect() works on a read-only bind, and root in the container is root to the service" };
  if (['/var/log', '/var/spool', '/run', '/var/run'].some((d) => isUnder(p, d)) || p === '/var' || p === '/var/lib')
    return { rw: 'high', ro: 'medium', why: 'host logs, spools (cron, mail) or runtime state' };
  return undefined;
}

/**
 * The Linux path whose risk a Windows host path shares, for binds written on Docker Desktop / Docker on Windows
 * (`C:\\Users\\alice\\.ssh`, `c:/Users/alice/.aws`) or through WSL's and Git Bash's drive mounts (`/mnt/c/Users/…`,
 * `/c/Users/…`): a drive's root is the host's whole filesystem, `Users\\<name>` a home directory, `Windows` the
 * system's binaries, `ProgramData\\docker` the engine's state (`config`, `certs.d`: its configuration and keys),
 * `ProgramData\\containerd` containerd's state, `var\\lib\\kubelet` the kubelet's (as `/var/lib/kubelet`).
 * Case-insensitive, as NTFS. `undefined` when `p` is not a Windows path; `null` when it is one of no known risk.
 */
function windowsEquivalent(p: string): string | null | undefined {
  const m = /^(?:([A-Za-z]):(?=[\\/]|$)|\/mnt\/([a-z])(?=\/|$)|\/([a-z])(?=\/|$))(.*)$/.exec(p);
  if (!m) return undefined;
  // `/mnt/c/…` (WSL) and `/c/…` (Git Bash) are a drive only on those systems: only their `Users` tree is
  // classified (a Linux `/mnt/c/users/<name>` is unlikely to be anything else), not the whole `/mnt/c`.
  const gitBash = m[1] === undefined;
  const rest = normalizePath('/' + m[4].replace(/\\/g, '/')).toLowerCase();
  const seg = rest.split('/').filter(Boolean);
  if (seg.length === 0) return gitBash ? null : '/';
  if (seg[0] === 'users') return seg.length === 1 ? '/home' : `/home/${seg.slice(1).join('/')}`;
  if (gitBash) return null;
  if (seg[0] === 'windows') return '/usr';
  if (seg[0] === 'programdata' && seg[1] === 'docker') return seg[2] === 'config' || seg[2] === 'certs.d' ? '/etc/docker' : '/var/lib/docker';
  // containerd's Windows root and state (`%ProgramData%\containerd\root`, `…\state`; containerd defaults_windows.go).
  if (seg[0] === 'programdata' && seg[1] === 'containerd') return ['/var/lib/containerd', ...seg.slice(2)].join('/');
  // The kubelet's root directory on Windows nodes (`--root-dir` default `C:\var\lib\kubelet`, Kubernetes "Windows
  // nodes"): pods' volumes, Secrets and service-account tokens, as /var/lib/kubelet on Linux.
  if (seg[0] === 'var' && seg[1] === 'lib' && seg[2] === 'kubelet') return '/' + seg.join('/');
  return null;
}

/** Capability names (normalized) of `c.capDrop` / `c.capAdd` whose value is known. */
function names(list: Sourced<string>[]): Set<string> {
  return new Set(list.filter((s) => s.how !== 'unresolved').map((s) => s.value));
}

/**
 * Docker default capabilities (DOCKER_DEFAULT_CAPABILITIES) the container still holds after
 * `cap_drop`/`cap_add`: dropped ones are gone unless added back; `ALL` in `cap_drop` drops all,
 * `ALL` in `cap_add` adds all. Sorted. Source: moby `oci/caps`.
 */
export function keptDefaultCapabilities(c: ContainerSpec): string[] {
  const drop = names(c.capDrop);
  const add = names(c.capAdd);
  // moby TweakCapabilities: `ALL` added gives every capability but the dropped ones; otherwise drops apply first
  // (`ALL` dropped: only the added ones), then adds.
  return DOCKER_DEFAULT_CAPABILITIES.filter((cap) => (add.has('ALL') ? !drop.has(cap) : add.has(cap) || (!drop.has('ALL') && !drop.has(cap)))).slice().sort();
}

/** True if `cap_drop` explicitly contains `ALL`. */
export function dropsAll(c: ContainerSpec): boolean {
  return c.capDrop.some((s) => s.how !== 'unresolved' && s.value === 'ALL');
}

/** The security options of `c` with key `key` (lower-case), last one last. */
export function securityOpts(c: ContainerSpec, key: string) {
  return c.securityOpt.filter((o) => o.key === key);
}

/**
 * The `seccomp` / `apparmor` option that takes effect: the last one written (Compose appends `security_opt` of
 * later files, compose-spec 13-merge.md "Sequence"; the engine keeps the last value of each: moby
 * `parseSecurityOpt`, `SeccompProfile = v`, `AppArmorProfile = v`). Kubernetes options (fields, annotations) are
 * already resolved container over pod and are all kept.
 */
export function effectiveSecurityOpts(c: ContainerSpec, key: 'seccomp' | 'apparmor') {
  const all = securityOpts(c, key);
  return c.source === 'kubernetes' ? all : all.slice(-1);
}

/** True when `c.privileged` is explicitly true. */
export function isPrivileged(c: ContainerSpec): boolean {
  return c.privileged?.how !== 'unresolved' && c.privileged?.value === true;
}

/** True if the image reference is Docker-in-Docker (`docker:dind`, `docker:27-dind-rootless`, `…/docker:…dind…`). R-G13. */
export function isDindImage(image: string | undefined): boolean {
  if (!image) return false;
  return /(^|\/)docker:[^@]*dind/.test(image) || /(^|\/)dind(:|$)/.test(image);
}

/**
 * True if a `user` value (`name`, `uid`, `uid:gid`) names uid 0 (`root`, `0`, `00`, `+0`, `0:0`, `root:root`,
 * `0:1000`): runc reads a numeric user with Go's strconv.Atoi, which takes leading zeros and a `+` sign. Windows
 * containers' administrator account `ContainerAdministrator` (any case; Microsoft "Windows container user
 * accounts") counts too. CIS 4.1.
 */
export function isRootUser(user: string): boolean {
  const uid = user.trim().split(':')[0];
  return uid === 'root' || /^\+?0+$/.test(uid) || uid.toLowerCase() === 'containeradministrator';
}

/**
 * Whether a Kubernetes container is an ephemeral (`kubectl debug`) container: the API forbids `resources`,
 * ports and probes there (Kubernetes API, EphemeralContainer), so limit findings do not apply.
 */
export function isEphemeralContainer(c: ContainerSpec): boolean {
  return c.source === 'kubernetes' && (c.extra['kubernetes.list'] as Sourced<string> | undefined)?.value === 'ephemeralContainers';
}

/**
 * Whether a Kubernetes container belongs to a Windows pod (`spec.os.name: windows` or a `kubernetes.io/os`
 * nodeSelector, {@link PodFacts.os}): the API server refuses the Linux-only securityContext fields
 * (capabilities, seccompProfile, allowPrivilegeEscalation, readOnlyRootFilesystem), so rules asking for them
 * do not apply. Also a Windows container in `docker inspect` output or a live engine (`"Platform": "windows"`,
 * `extra.platform`): Windows has no Linux capabilities, seccomp, AppArmor, no-new-privileges, pids limits or
 * ulimits, and dockerd refuses `--read-only` there (moby runconfig/hostconfig_windows.go, daemon/daemon_windows.go).
 * Also a `docker run` line that starts a Windows container (`extra.windows`, set by the run parser where it is
 * unambiguous: `--isolation=process|hyperv`, `--platform windows/…`, a `C:\` container path, a Windows base image;
 * src/model/windows.ts).
 */
export function isWindowsPod(c: ContainerSpec): boolean {
  if ((c.source === 'inspect' || c.source === 'engine') && c.extra.platform?.value === 'windows') return true;
  if (c.source === 'run' && c.extra.windows !== undefined) return true;
  return c.source === 'kubernetes' && (c.extra['kubernetes.pod'] as Sourced<PodFacts> | undefined)?.value?.os === 'windows';
}

/**
 * Which rule owns a bind mount, so each bind is reported once:
 *  - `socket`: a container runtime socket or its directory, or a runtime's Windows named pipe (BW-0013);
 *  - `device`: a device node below /dev (BW-0025, R-G8);
 *  - `unresolved`: the host path depends on an unset variable (BW-0011, certainty unknown);
 *  - `sensitive`: {@link hostPathRisk} knows the path (BW-0011);
 *  - `plain`: any other host path (BW-0012 when writable).
 * Returns `undefined` for mounts that are not binds (named volumes, tmpfs, npipe…): those are never host mounts.
 */
export function bindKind(m: Mount, engine?: EngineFacts): BindKind | undefined {
  if (m.type !== 'bind') return undefined;
  // Several rules ask for every mount of every container: classify each mount object once (the model is not
  // changed after ingestion, and a mount belongs to one container, so to one engine).
  let k = bindKinds.get(m);
  if (k === undefined) bindKinds.set(m, (k = classifyBind(m, engine)));
  return k;
}

/**
 * True when host path `p` (normalized) is one of the audited engine's own unix sockets (`EngineFacts.sockets`: the
 * socket the live audit connected through, the daemon's `-H unix://…` listeners) or a directory above one, `/`
 * excepted (BW-0013 words that case itself): the bind hands the container that engine's API wherever its socket
 * lives (`-H unix:///srv/d.sock` and `-v /srv:/x`), as the standard paths of {@link isRuntimeSocketPath} do. CIS 5.32, R-B.
 */
export function isEngineSocketPath(p: string, engine: EngineFacts | undefined): boolean {
  if (!engine || p === '/') return false;
  return engine.sockets.some((s) => isUnder(normalizePath(s), p));
}

/**
 * The risk of host path `p` (normalized) as the audited engine's data root (`EngineFacts.dataRoot`, `/info`
 * `DockerRootDir`), inside it or a directory above it (`/` excepted), judged as /var/lib/docker is by
 * {@link hostPathRisk}: `--data-root /srv/docker` moves every container's layers, configuration and environment
 * there. `undefined` otherwise. CIS 5.6, R-B.
 */
export function engineDataRootRisk(p: string, engine: EngineFacts | undefined): HostPathRisk | undefined {
  const root = engine?.dataRoot ? normalizePath(engine.dataRoot) : undefined;
  if (!root || root === '/' || p === '/' || !(isUnder(p, root) || isUnder(root, p))) return undefined;
  return { ...hostPathRisk('/var/lib/docker')!, why: `the engine's data root ${root} (DockerRootDir): every container's layers, configuration and environment` };
}

/** The kinds of a bind mount; see {@link bindKind}. */
export type BindKind = 'socket' | 'device' | 'unresolved' | 'sensitive' | 'plain';

const bindKinds = new WeakMap<Mount, BindKind>();

function classifyBind(m: Mount, engine: EngineFacts | undefined): BindKind {
  // A runtime's named pipe bound as a host path (a Kubernetes `hostPath` of `\\.\pipe\docker_engine`): BW-0013's.
  if (isRuntimePipePath(m.source ?? m.sourceRaw ?? '')) return 'socket';
  const p = classifiedHostPath(m);
  // A runtime socket by its host path, or any host file mounted where a runtime's socket is expected
  // inside the container (`/srv/api.sock:/var/run/docker.sock`): that is what clients there will use.
  if (isRuntimeSocketPath(p) || SOCKET_FILE.test(m.target.replace(/\/+$/, ''))) return 'socket';
  if (m.unresolved && !isKnownShapePath(m, p)) return 'unresolved';
  if (isEngineSocketPath(p, engine)) return 'socket';
  if (isDeviceNodePath(p)) return 'device';
  return hostPathRisk(p) || engineDataRootRisk(p, engine) ? 'sensitive' : 'plain';
}

/**
 * Builds the check of a host-namespace rule (BW-0015 … BW-0020): reports `namespaces[key]` when it is
 * `host` (data `{mode: 'host'}`), or with certainty `unknown` when it depends on an unset variable.
 * `why` says what sharing the namespace gives the container.
 */
export function hostNamespaceCheck(key: keyof ContainerSpec['namespaces'], label: string, why: string) {
  return (c: ContainerSpec, ctx: RuleContext): void => {
    const ns = c.namespaces[key];
    const st = namespaceState(ns);
    if (st === 'host') ctx.report({ message: `${label} namespace shared with the host: ${why}`, at: ns, data: { mode: 'host' } });
    else if (st === 'unknown') ctx.report({ message: `${label} namespace: ${UNRESOLVED_NOTE} whether it is the host's`, at: ns, certainty: 'unknown', data: { mode: String(ns!.raw ?? ns!.value.mode) } });
  };
}

/**
 * A command line as a message shows it, with what looks like a secret masked by `*`: the value of a flag whose name
 * announces one (`--password=…`, `--token …`, {@link classifySecretName}), a URL password (`redis://:pw@h`), a token
 * by its format or entropy ({@link looksLikeSecretValue}), and MySQL's `-p<password>`. Messages never carry a secret
 * value (R-S), and a live engine's exec instance shows its arguments nowhere else (`sh -c "mysql -pS3cret …"`).
 */
export function maskCommandSecrets(command: string): string {
  const stars = (v: string) => '*'.repeat(v.length);
  const mysql = /(?:^|[\s/])(?:mysql|mariadb|mysqldump|mysqladmin)(?:\s|$)/.test(command);
  let maskNext = false;
  return command
    .split(/(\s+)/)
    .map((t) => {
      if (t === '' || /^\s+$/.test(t)) return t;
      if (maskNext) {
        maskNext = false;
        return stars(t);
      }
      const flag = /^(--?[A-Za-z][\w.-]*)(=(.*))?$/.exec(t);
      if (flag && classifySecretName(flag[1].replace(/^-+/, '').replace(/[.-]/g, '_'))) {
        if (flag[2] === undefined) maskNext = true;
        return flag[2] === undefined || flag[3] === '' ? t : `${flag[1]}=${stars(flag[3])}`;
      }
      if (mysql && /^-p\S+$/.test(t)) return `-p${stars(t.slice(2))}`;
      const pw = writtenUrlPassword(t);
      if (pw) return t.slice(0, pw.start) + stars(t.slice(pw.start, pw.end)) + t.slice(pw.end);
      return looksLikeSecretValue(t) ? stars(t) : t;
    })
    .join('');
}

/**
 * How a process started in a container is named in messages (BW-0043, BW-0044): `exec instance "cmd"` (live
 * engine), `docker exec "cmd"` (a script's line), `post_start hook "cmd"` (Compose lifecycle hook); secrets in the
 * command masked ({@link maskCommandSecrets}).
 */
export function execLabel(x: ExecSpec): string {
  const cmd = x.command?.value.length ? ` "${maskCommandSecrets(x.command.value.join(' '))}"` : '';
  return x.kind === 'exec' ? `exec instance${cmd}` : x.kind === 'docker-exec' ? `docker exec${cmd}` : x.kind === 'compose-exec' ? `docker compose exec${cmd}` : x.kind === 'probe' ? `probe${cmd}` : `${x.kind} hook${cmd}`;
}

/**
 * Whether a container's settings are read from an engine's configuration (`docker inspect` output, a live engine),
 * where every setting is written, as opposed to a file a person wrote (Compose, a run line, a `docker service create`
 * line, which the service-inspect ingester reads too: `extra.serviceCreate`). Messages say "set in the container's
 * configuration" / "is false" for the first, "written in the file" / "is not set" for the second.
 */
export function fromEngineConfig(c: ContainerSpec): boolean {
  return (c.source === 'inspect' || c.source === 'engine') && !c.extra.serviceCreate;
}
