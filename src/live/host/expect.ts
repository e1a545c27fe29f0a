/**
 * What CIS Docker Benchmark 1.6.0 section 3 expects of each Docker file: owner, group and the most
 * permissive mode ("or more restrictive"), with the recommendation ids. Read by the host rules
 * (src/rules/host-docker-socket-perms.ts, src/rules/host-file-perms.ts).
 */
import type { FileFacts, HostFileRole } from '../../model/host.js';

/** The expectation for one kind of file. */
export interface FileExpectation {
  /** Expected owner and group names. */
  owner: string;
  group: string;
  /** Most permissive allowed mode; any extra bit fails (`0o644`). */
  mode: number;
  /** CIS 1.6.0 ids of the ownership and of the permission recommendation. */
  cisOwner: string;
  cisMode: string;
  /** Human name (`the Docker socket`). */
  name: string;
}

/** CIS 1.6.0 3.1–3.24, by file role. */
export const FILE_EXPECTATIONS: Record<HostFileRole, FileExpectation> = {
  'docker.service': { owner: 'root', group: 'root', mode: 0o644, cisOwner: '3.1', cisMode: '3.2', name: 'docker.service unit' },
  'docker.socket': { owner: 'root', group: 'root', mode: 0o644, cisOwner: '3.3', cisMode: '3.4', name: 'docker.socket unit' },
  'etc-docker': { owner: 'root', group: 'root', mode: 0o755, cisOwner: '3.5', cisMode: '3.6', name: '/etc/docker directory' },
  'registry-certs': { owner: 'root', group: 'root', mode: 0o444, cisOwner: '3.7', cisMode: '3.8', name: 'registry certificate' },
  'tls-ca': { owner: 'root', group: 'root', mode: 0o444, cisOwner: '3.9', cisMode: '3.10', name: 'TLS CA certificate' },
  'tls-cert': { owner: 'root', group: 'root', mode: 0o444, cisOwner: '3.11', cisMode: '3.12', name: 'Docker server certificate' },
  'tls-key': { owner: 'root', group: 'root', mode: 0o400, cisOwner: '3.13', cisMode: '3.14', name: 'Docker server certificate key' },
  'docker.sock': { owner: 'root', group: 'docker', mode: 0o660, cisOwner: '3.15', cisMode: '3.16', name: 'Docker socket' },
  'daemon.json': { owner: 'root', group: 'root', mode: 0o644, cisOwner: '3.17', cisMode: '3.18', name: 'daemon.json' },
  'etc-default-docker': { owner: 'root', group: 'root', mode: 0o644, cisOwner: '3.19', cisMode: '3.20', name: '/etc/default/docker' },
  'etc-sysconfig-docker': { owner: 'root', group: 'root', mode: 0o644, cisOwner: '3.22', cisMode: '3.21', name: '/etc/sysconfig/docker' },
  'containerd.sock': { owner: 'root', group: 'root', mode: 0o660, cisOwner: '3.23', cisMode: '3.24', name: 'containerd socket' },
};

/** `0660` — a mode as `stat -c %a` prints it, four digits. */
export function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

/** Whether `mode` has a bit `max` does not allow (so it is not "`max` or more restrictive"). */
export function tooPermissive(mode: number, max: number): boolean {
  return (mode & 0o7777 & ~max) !== 0;
}

/** `owner:group` of a file by name, falling back to the numeric id when the name is unknown. */
export function ownership(f: FileFacts): string {
  return `${f.owner ?? f.uid}:${f.group ?? f.gid}`;
}

/**
 * Ownership and mode problems of one existing file against its expectation: `[]` when it complies.
 * Ownership compares names (uid 0 counts as `root` when no name is known).
 */
export function fileProblems(f: FileFacts, e: FileExpectation): { kind: 'owner' | 'mode'; cis: string; actual: string; expected: string }[] {
  const out: { kind: 'owner' | 'mode'; cis: string; actual: string; expected: string }[] = [];
  const owner = f.owner ?? (f.uid === 0 ? 'root' : undefined);
  const group = f.group ?? (f.gid === 0 ? 'root' : undefined);
  if (owner !== e.owner || group !== e.group) out.push({ kind: 'owner', cis: e.cisOwner, actual: ownership(f), expected: `${e.owner}:${e.group}` });
  if (f.mode !== undefined && tooPermissive(f.mode, e.mode)) out.push({ kind: 'mode', cis: e.cisMode, actual: octal(f.mode), expected: octal(e.mode) });
  return out;
}

/**
 * The command that fixes one problem of {@link fileProblems} for the file at its real path (the socket dockerd
 * was told to use, the TLS files named by `--tlscacert`…), with the owner, group or mode its expectation
 * wants: `chown root:docker /run/user/docker.sock`, `chmod 0400 /etc/docker/key.pem`. A socket's mode and
 * group come back when dockerd or systemd re-creates it, so for the Docker socket the unit settings follow.
 */
export function fileFix(f: FileFacts, e: FileExpectation, kind: 'owner' | 'mode'): string {
  const cmd = kind === 'owner' ? `chown ${e.owner}:${e.group} ${f.path}` : `chmod ${octal(e.mode)} ${f.path}`;
  return f.role === 'docker.sock' ? `${cmd}   # and SocketMode=0660, SocketGroup=docker in docker.socket (systemd re-creates it)` : cmd;
}
