/**
 * The running dockerd of a local engine: which process serves the socket, and its command line
 * (`/proc/<pid>/cmdline`), so the live audit sees flags that `/info` does not report (`--icc`,
 * `--no-new-privileges`, `-H tcp://…`, `--userland-proxy`; CIS Docker Benchmark 1.6.0 section 2).
 * Only reads /proc; never signals or traces the process.
 */
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { posix } from 'node:path';
import type { Endpoint } from './client.js';

/** dockerd's default socket (`-H` absent, or `fd://` with the packaged docker.socket unit). */
const DEFAULT_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock'];

/** The arguments of a process (NUL-separated `/proc/<pid>/cmdline`), or undefined when unreadable. */
export function readCmdline(pid: number, proc = '/proc'): string[] | undefined {
  try {
    const raw = readFileSync(`${proc}/${pid}/cmdline`, 'utf8');
    const words = raw.split('\0');
    if (words[words.length - 1] === '') words.pop();
    return words.length ? words : undefined;
  } catch {
    return undefined;
  }
}

/** Values of a dockerd flag in all pflag spellings: `--host x`, `--host=x`, `-H x`, `-Hx`, `-H=x`. */
export function flagValues(words: string[], long: string, short?: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === `--${long}` || (short && w === `-${short}`)) {
      if (i + 1 < words.length) out.push(words[++i]);
    } else if (w.startsWith(`--${long}=`)) out.push(w.slice(long.length + 3));
    else if (short && w.startsWith(`-${short}`) && !w.startsWith('--')) out.push(w.slice(2).replace(/^=/, ''));
  }
  return out;
}

/**
 * A socket path as the file it names: symlinks resolved (`/var/run` is a link to `/run` on current
 * distributions), else `.` and `..` removed when the path does not exist here.
 */
function socketFile(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return posix.normalize(p);
  }
}

/**
 * Whether one of dockerd's `-H` values (`unix:///run/x.sock`, `fd://`, `tcp://0.0.0.0:2376`) names the endpoint; no `-H`
 * means the default socket. Socket paths are compared as the files they name (`unix:///run/docker.sock` is the socket
 * of `-H unix:///var/run/docker.sock`; a symlink to the socket is the socket).
 */
export function servesEndpoint(hosts: string[], ep: Endpoint): boolean {
  if (ep.socketPath) {
    const mine = socketFile(ep.socketPath);
    if (hosts.some((h) => h === `unix://${ep.socketPath}` || (h.startsWith('unix://') && h.length > 7 && socketFile(h.slice(7)) === mine))) return true;
    const dflt = DEFAULT_SOCKETS.includes(ep.socketPath) || DEFAULT_SOCKETS.some((d) => socketFile(d) === mine);
    return dflt && (hosts.length === 0 || hosts.some((h) => h === 'fd://' || h.startsWith('fd://') || h === 'unix://'));
  }
  return hosts.some((h) => {
    const m = /^tcp:\/\/([^:]*|\[[^\]]*\]):(\d+)$/.exec(h);
    if (!m || Number(m[2]) !== ep.port) return false;
    const addr = m[1].replace(/^\[|\]$/g, '');
    return addr === '' || addr === '0.0.0.0' || addr === '::' || addr === ep.hostname || (ep.hostname === 'localhost' && addr === '127.0.0.1');
  });
}

/**
 * Whether dockerd's data root (`--data-root`, daemon.json `data-root`) is the one `/info` `DockerRootDir` shows:
 * the same path, or, with `--userns-remap`, its `<uid>.<gid>` subdirectory of the remapped root (moby daemon
 * `setupRemappedRoot`), e.g. /var/lib/docker/100000.100000.
 */
export function sameDataRoot(root: string, infoRoot: string): boolean {
  const r = root.replace(/\/+$/, '');
  return infoRoot === root || infoRoot === r || (infoRoot.startsWith(`${r}/`) && /^\d+\.\d+$/.test(infoRoot.slice(r.length + 1)));
}

/**
 * `hosts` and `data-root` (legacy `graph`) of the daemon.json a dockerd names with `--config-file`, as far as they
 * are readable; `{}` otherwise. dockerd merges the file's `hosts` with `-H` (dockerd(8) "Daemon configuration file").
 */
function configFileSettings(words: string[]): { hosts?: string[]; root?: string } {
  const file = flagValues(words, 'config-file').pop();
  if (!file) return {};
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const hosts = Array.isArray(j.hosts) ? j.hosts.filter((h): h is string => typeof h === 'string') : undefined;
    const root = typeof j['data-root'] === 'string' ? j['data-root'] : typeof j.graph === 'string' ? j.graph : undefined;
    return { hosts, root };
  } catch {
    return {};
  }
}

/**
 * The pid of the dockerd serving a local endpoint: among processes named `dockerd`, the one that provably serves it,
 * its `-H` (or the `hosts` of the daemon.json its `--config-file` names) naming the endpoint's unix socket or, for
 * `tcp://127.0.0.1:PORT`, a TCP listener on that port (no hosts at all: the default socket); when several do, the one
 * whose data root (`--data-root`, the config file's `data-root`, default /var/lib/docker) equals `/info`
 * `DockerRootDir` (or is its parent, the `<uid>.<gid>` directory of `--userns-remap`). For a unix socket that no
 * dockerd names (a proxy in front of the engine's socket), the one dockerd with the engine's data root. Undefined
 * otherwise, or when ambiguous: over TCP a data root alone does not tell (a remote engine reached through a tunnel may
 * use the same path as a local dockerd), and the daemon settings only a command line shows are then unknown.
 */
export function findDockerdPid(ep: Endpoint, dataRoot: string | undefined, proc = '/proc'): number | undefined {
  if (!ep.local) return undefined;
  const cands: { pid: number; words: string[]; config: { hosts?: string[]; root?: string } }[] = [];
  let entries: string[];
  try {
    entries = readdirSync(proc);
  } catch {
    return undefined;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    let comm: string;
    try {
      comm = readFileSync(`${proc}/${e}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (comm !== 'dockerd') continue;
    const words = readCmdline(Number(e), proc);
    if (words) cands.push({ pid: Number(e), words, config: configFileSettings(words) });
  }
  const rootOf = (c: (typeof cands)[number]) => flagValues(c.words, 'data-root').pop() ?? flagValues(c.words, 'graph', 'g').pop() ?? c.config.root ?? '/var/lib/docker';
  const byHost = cands.filter((c) => servesEndpoint([...flagValues(c.words, 'host', 'H'), ...(c.config.hosts ?? [])], ep));
  const byRoot = (list: typeof cands) => (dataRoot ? list.filter((c) => sameDataRoot(rootOf(c), dataRoot)) : list);
  // A unix socket on this host that no dockerd names (a recording proxy, a socket a supervisor hands over): the one
  // dockerd whose data root is the engine's is taken. Not for TCP: `tcp://127.0.0.1:PORT` may be a tunnel to another
  // host's engine whose data root has the same path (QA: the local daemon's flags were blamed on a remote one).
  const viaSocket = ep.socketPath !== undefined && dataRoot !== undefined;
  for (const list of [byRoot(byHost), byHost, ...(viaSocket ? [byRoot(cands)] : [])]) if (list.length === 1) return list[0].pid;
  return undefined;
}
