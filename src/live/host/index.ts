/**
 * Host facts for a live audit of a local engine: kernel, runc, containerd and dockerd versions, active
 * Linux security modules, owner and mode of Docker's files (CIS Docker Benchmark 1.6.0 section 3), audit
 * rules for Docker's files (CIS 1.1.3–1.1.18), and whether the data root has its own partition (CIS 1.1.1).
 * Requirements R-K, R-B, R-G3, R-G4, R-G10; paper §V.2.3, §V.2.4, §V.2.10.
 *
 * `gatherHost` only reads (files under `root`, `--version` of the binaries, `auditctl -l`); anything it
 * cannot read goes to `HostSpec.unknown` with a one-line reason and is never treated as a pass.
 *
 * Speed (issue 3 "Done when": the live audit within 2x of `docker inspect`): the commands are started
 * together, first, and the small files are read synchronously while they run (cheaper in CPU than
 * promise-based reads); the document is written in its fixed order from the answers, so the facts (and
 * their lines and columns) do not depend on which answer came first. Versions the engine already reports
 * (`GET /version` `Components`: dockerd, containerd, runc) are taken from there when the caller passes them
 * ({@link GatherHostOptions}); only the rest is spawned (`containerd --version` alone costs about 70 ms of
 * CPU and 110 ms of wall time on the bench machine), and a command not on `PATH` is not spawned at all.
 *
 * The facts are also written as a small YAML-like document ({@link hostFactsText}), one fact a line:
 * ```
 * host: vm
 * kernel: 6.1.0-26-amd64
 * runc: 1.1.5+ds1
 * lsm: capability,yama
 * file /var/run/docker.sock: root:docker 0660 socket
 * ```
 * Every origin in the HostSpec points at the value on its line, so a finding shows `host://vm:3:7`. The live
 * audit registers the document as the in-memory source named {@link hostSourceName}(hostname).
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join, posix } from 'node:path';
import { CONFIG_CLOCK_SLACK_MS, type FileFacts, type HostFileRole, type HostSpec } from '../../model/host.js';
import type { Origin } from '../../model/types.js';
import { changelogFixes, type ComponentVersionFacts } from './cves.js';
import { sameDataRoot } from '../local.js';

/** Runs a command and returns its exit code and stdout; code 127 when the command does not exist. */
export type HostExec = (cmd: string, args: string[]) => Promise<{ code: number; stdout: string }>;

/** Options of {@link gatherHost}. */
export interface GatherHostOptions {
  /** Docker's data root; default: `--data-root` of the running dockerd, `data-root` in daemon.json, `/var/lib/docker`. */
  dataRoot?: string;
  /** Pid of the running dockerd: its `/proc/<pid>/cmdline` gives `--config-file`, `--data-root`, `-H` and TLS files. */
  dockerdPid?: number;
  /** The engine's unix socket; default: the `unix://` host of dockerd, else `/var/run/docker.sock`. */
  socketPath?: string;
  /** daemon.json; default: dockerd's `--config-file`, else `/etc/docker/daemon.json`. */
  configFile?: string;
  /** dockerd's version when already known (from the Engine API `/version`); default `dockerd --version`. */
  dockerdVersion?: string;
  /**
   * containerd's version when the engine reports it (`GET /version` `Components[Name=containerd].Version`,
   * e.g. `1.6.20~ds1`): dockerd asks containerd's version service, which answers the same version string
   * `containerd --version` prints as its third word; default `containerd --version`.
   */
  containerdVersion?: string;
  /**
   * runc's version when the engine reports it (`GET /version` `Components[Name=runc].Version`, e.g.
   * `1.1.5+ds1`): dockerd runs its default runtime with `--version` and takes the word after `runc version`,
   * as {@link gatherHost} does, and it names the runtime the engine really starts containers with;
   * default `runc --version`.
   */
  runcVersion?: string;
  /** Filesystem root every path is read under; default `/` (tests pass a fake tree). */
  root?: string;
  /** Runs `runc --version`, `containerd --version`, `dockerd --version`, `auditctl -l`; injectable for tests. */
  exec?: HostExec;
}

/** The in-memory source name of a host's facts document: `host://<hostname>`. */
export function hostSourceName(hostname: string): string {
  return `host://${hostname}`;
}

/** The host facts document a HostSpec's origins point into (empty for a HostSpec not built by {@link gatherHost}). */
export function hostFactsText(h: HostSpec): string {
  return h.text ?? '';
}

/**
 * Whether `cmd` names an executable file: a path, or a name found in one of the `PATH` directories, as
 * execvp(3) searches them (empty entries mean the working directory).
 */
function onPath(cmd: string): boolean {
  const isExe = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (cmd.includes('/')) return isExe(cmd);
  return (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':').some((dir) => isExe(join(dir || '.', cmd)));
}

/**
 * Default {@link HostExec}: `execFile` with a 5 s timeout; never throws. A command that is not on `PATH`
 * answers 127 without a process being spawned (forking the audit's process costs several ms of CPU each time).
 */
export const defaultExec: HostExec = async (cmd, args) => {
  if (!onPath(cmd)) return { code: 127, stdout: '' };
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 5000, maxBuffer: 4 << 20, encoding: 'utf8' }, (err, stdout) => {
      if (!err) return resolve({ code: 0, stdout });
      const e = err as NodeJS.ErrnoException & { code?: number | string };
      resolve({ code: e.code === 'ENOENT' ? 127 : typeof e.code === 'number' ? e.code : 1, stdout: stdout ?? '' });
    });
  });
};

/** The facts document being written: each `add` appends one line and returns the origin of its value. */
class FactsDoc {
  text = '';
  constructor(readonly file: string) {}
  add(key: string, value: string): Origin {
    const line = `${key}: ${value.replace(/[\r\n]+/g, ' ')}`;
    const start = this.text.length + key.length + 2;
    this.text += line + '\n';
    return { kind: 'file', file: this.file, start, end: start + value.replace(/[\r\n]+/g, ' ').length };
  }
}

function errWhy(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err?.code ? `${err.code}` : String((err as Error)?.message ?? e).split('\n')[0];
}

/** Files and directories CIS 1.6.0 1.1.3–1.1.18 want audited (binaries resolved by where they are installed). */
const AUDIT_TARGETS: [cis: string, path: string][] = [
  ['1.1.3', 'bin:dockerd'],
  ['1.1.4', '/run/containerd'],
  ['1.1.5', 'data-root'],
  ['1.1.6', '/etc/docker'],
  ['1.1.7', 'unit:docker.service'],
  ['1.1.8', 'containerd.sock'],
  ['1.1.9', 'unit:docker.socket'],
  ['1.1.10', '/etc/default/docker'],
  ['1.1.11', 'daemon.json'],
  ['1.1.12', '/etc/containerd/config.toml'],
  ['1.1.13', '/etc/sysconfig/docker'],
  ['1.1.14', 'bin:containerd'],
  ['1.1.15', 'bin:containerd-shim'],
  ['1.1.16', 'bin:containerd-shim-runc-v1'],
  ['1.1.17', 'bin:containerd-shim-runc-v2'],
  ['1.1.18', 'bin:runc'],
];

const BIN_DIRS = ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin', '/bin', '/sbin'];
const UNIT_DIRS = ['/etc/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system'];

/** containerd's socket when nothing else names one (containerd.io and Debian's containerd package). */
const SYSTEM_CONTAINERD_SOCK = '/run/containerd/containerd.sock';

/**
 * The containerd socket the engine uses (CIS 1.6.0 1.1.8, 3.23, 3.24), as dockerd chooses it (moby
 * cmd/dockerd/daemon.go `initContainerD`): `--containerd` (or daemon.json `containerd`); else the system
 * containerd at /run/containerd/containerd.sock when it runs; else the containerd dockerd supervises itself,
 * whose socket is `<exec-root>/containerd/containerd.sock` (`--exec-root` / daemon.json `exec-root`, default
 * /var/run/docker). When neither socket exists, /run/containerd/containerd.sock (reported as not found).
 * `exists` must be false for a directory: `docker run -v /run/containerd/containerd.sock:…` on a host without a
 * system containerd makes dockerd create a directory there (a missing bind source becomes a directory), and no
 * containerd listens on it.
 */
export function containerdSocket(flags: Record<string, string[]>, config: Record<string, unknown>, exists: (p: string) => boolean): string {
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const named = flags.containerd?.at(-1) ?? str(config.containerd);
  if (named) return named.replace(/^unix:\/\//, '');
  if (exists(SYSTEM_CONTAINERD_SOCK)) return SYSTEM_CONTAINERD_SOCK;
  const supervised = posix.join(flags['exec-root']?.at(-1) ?? str(config['exec-root']) ?? '/var/run/docker', 'containerd', 'containerd.sock');
  return exists(supervised) ? supervised : SYSTEM_CONTAINERD_SOCK;
}

/** Parses the dockerd flags bulwark needs from a command line (`--flag=v` and `--flag v`). */
function dockerdFlags(words: string[]): Record<string, string[]> {
  const wanted: Record<string, string> = {
    '--data-root': 'data-root', '-g': 'data-root', '--graph': 'data-root', '--config-file': 'config-file',
    '-H': 'hosts', '--host': 'hosts', '--tlscacert': 'tlscacert', '--tlscert': 'tlscert', '--tlskey': 'tlskey',
    '--containerd': 'containerd', '--exec-root': 'exec-root',
  };
  const out: Record<string, string[]> = {};
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const eq = w.indexOf('=');
    const name = eq > 0 ? w.slice(0, eq) : w;
    const key = wanted[name];
    if (!key) continue;
    const value = eq > 0 ? w.slice(eq + 1) : words[++i];
    if (value !== undefined) (out[key] ??= []).push(value);
  }
  return out;
}

/**
 * Gathers the facts of the host a local engine runs on. Never throws for an unreadable fact: it goes to
 * `unknown` with the reason.
 * @returns a HostSpec whose `target` is `{kind: 'host', name: <hostname>}` and whose origins point into `text`
 */
export async function gatherHost(opts: GatherHostOptions = {}): Promise<HostSpec> {
  const root = opts.root ?? '/';
  const exec = opts.exec ?? defaultExec;
  const at = (p: string) => join(root, p);
  // The commands are started first and run while the files are read (see "Speed" above). The files are
  // small (/proc, /sys, /etc) and read synchronously, each once: a synchronous read or stat costs a few
  // microseconds, a promise-based one several thread-pool round trips (measured: 25 ms of CPU for the whole
  // gathering with fs/promises, against 10 ms like this, in a fresh process on the loaded bench machine).
  const run = (cmd: string, args: string[]) => exec(cmd, args).catch(() => ({ code: 1, stdout: '' }));
  const versionOut = {
    runc: opts.runcVersion ? undefined : run('runc', ['--version']),
    containerd: opts.containerdVersion ? undefined : run('containerd', ['--version']),
    dockerd: opts.dockerdVersion ? undefined : run('dockerd', ['--version']),
  };
  const auditctlOut = run('auditctl', ['-l']);
  const memo = <T>(fn: (p: string) => T) => {
    const cache = new Map<string, T>();
    return (p: string): T => {
      if (!cache.has(p)) cache.set(p, fn(p));
      return cache.get(p)!;
    };
  };
  const readText = memo((p: string): { text?: string; why?: string } => {
    try {
      return { text: readFileSync(at(p), 'utf8') };
    } catch (e) {
      return { why: `${p}: ${errWhy(e)}` };
    }
  });
  const statOf = memo((p: string): { s: Stats } | { e: NodeJS.ErrnoException } => {
    try {
      return { s: statSync(at(p)) };
    } catch (e) {
      return { e: e as NodeJS.ErrnoException };
    }
  });
  const exists = (p: string) => 's' in statOf(p);
  const readDir = memo((p: string): { l: string[] } | { e: unknown } => {
    try {
      return { l: readdirSync(at(p)) };
    } catch (e) {
      return { e };
    }
  });

  const hostname =
    (readText('/proc/sys/kernel/hostname')).text?.trim() || (readText('/etc/hostname')).text?.trim() || (root === '/' ? osHostname() : 'localhost');
  const doc = new FactsDoc(hostSourceName(hostname));
  const targetOrigin = doc.add('host', hostname) as Origin & { start: number; end: number };
  const h: HostSpec = {
    target: { kind: 'host', name: hostname, range: { file: doc.file, start: targetOrigin.start, end: targetOrigin.end } },
    files: [],
    unknown: [],
  };
  const unknown = (what: string, why: string) => h.unknown.push({ what, why, origin: doc.add(`unknown ${what}`, why) });

  // Kernel (R-K, R-G10). Debian and Ubuntu name the upstream version of the running build in /proc.
  const rel = readText('/proc/sys/kernel/osrelease');
  if (rel.text?.trim()) {
    const release = rel.text.trim();
    const deb = /\bDebian (\d+\.\d+(?:\.\d+)?)/.exec((readText('/proc/version')).text ?? '');
    const ubu = /(\d+\.\d+\.\d+)\s*$/.exec((readText('/proc/version_signature')).text?.trim() ?? '');
    const upstream = deb?.[1] ?? ubu?.[1];
    h.kernel = { release, ...(upstream ? { upstream } : {}), origin: doc.add('kernel', release + (upstream ? ` (upstream ${upstream})` : '')) };
  } else unknown('kernel', rel.why ?? '/proc/sys/kernel/osrelease is empty');

  // runc, containerd, dockerd versions.
  // The engine's own report when given (GatherHostOptions), else the command's `--version`.
  const version = async (what: 'runc' | 'containerd' | 'dockerd', known: string | undefined, parse: (out: string) => string | undefined) => {
    if (known) {
      h[what] = { version: known, origin: doc.add(what, known) };
      return;
    }
    const r = await versionOut[what]!;
    const v = r.code === 0 ? parse(r.stdout) : undefined;
    if (v) h[what] = { version: v, origin: doc.add(what, v) };
    else unknown(what, r.code === 127 ? `${what} not found on PATH` : `${what} --version ${r.code === 0 ? 'printed no version' : `exited with ${r.code}`}`);
  };
  await version('runc', opts.runcVersion, (o) => /runc version (\S+)/.exec(o)?.[1]);
  await version('containerd', opts.containerdVersion, (o) => /^containerd\s+\S+\s+(v?\d\S*)/m.exec(o)?.[1]);
  await version('dockerd', opts.dockerdVersion, (o) => /version ([^,\s]+)/.exec(o)?.[1]);

  // Backported fixes of the distribution's runc and containerd packages (Debian/Ubuntu changelog.Debian.gz):
  // a fact line only when the changelog is of the running build (see changelogFixes).
  for (const what of ['runc', 'containerd'] as const) {
    const v = h[what] as ComponentVersionFacts | undefined;
    if (!v) continue;
    const path = `/usr/share/doc/${what}/changelog.Debian.gz`;
    let text: string;
    try {
      text = gunzipSync(readFileSync(at(path))).toString('utf8');
    } catch {
      continue;
    }
    const f = changelogFixes(what, text, v.version);
    if (f) v.distroFixes = { ...f, source: path, origin: doc.add(`${what}-package`, `${f.package} fixes ${f.cves.join(',') || '(no listed escape)'} (${path})`) };
  }

  // Linux security modules (R-G4).
  const lsm = readText('/sys/kernel/security/lsm');
  let apparmor: 'enabled' | 'disabled' | 'unknown' = 'unknown';
  let selinux: 'enforcing' | 'permissive' | 'disabled' | 'unknown' = 'unknown';
  const enforce = (readText('/sys/fs/selinux/enforce')).text?.trim();
  if (lsm.text !== undefined) {
    const names = lsm.text.trim().split(',').filter(Boolean);
    h.lsms = { names, origin: doc.add('lsm', names.join(',') || '(none)') };
    apparmor = names.includes('apparmor') ? 'enabled' : 'disabled';
    selinux = names.includes('selinux') ? (enforce === '0' ? 'permissive' : 'enforcing') : 'disabled';
  } else {
    unknown('lsm', `${lsm.why} (securityfs not mounted?)`);
    const aa = (readText('/sys/module/apparmor/parameters/enabled')).text?.trim();
    if (aa !== undefined) apparmor = aa === 'Y' ? 'enabled' : 'disabled';
    else if (exists('/sys/module')) apparmor = 'disabled';
    if (enforce !== undefined) selinux = enforce === '0' ? 'permissive' : 'enforcing';
    else if (exists('/sys/fs')) selinux = 'disabled';
  }
  const how = lsm.text !== undefined ? 'from /sys/kernel/security/lsm' : 'from /sys/module/apparmor and /sys/fs/selinux';
  h.mac = { apparmor, selinux, origin: doc.add('mac', `apparmor=${apparmor} selinux=${selinux} (${how})`) };

  // The daemon's configuration: command line, then daemon.json.
  let flags: Record<string, string[]> = {};
  if (opts.dockerdPid !== undefined) {
    const cmd = readText(`/proc/${opts.dockerdPid}/cmdline`);
    if (cmd.text !== undefined) flags = dockerdFlags(cmd.text.split('\0').filter(Boolean));
    else unknown('dockerd-cmdline', cmd.why!);
  }
  const configFile = opts.configFile ?? flags['config-file']?.at(-1) ?? '/etc/docker/daemon.json';
  let config: Record<string, unknown> = {};
  const cfg = readText(configFile);
  if (cfg.text !== undefined) {
    try {
      const parsed = JSON.parse(cfg.text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) config = parsed as Record<string, unknown>;
    } catch (e) {
      unknown('daemon.json', `${configFile}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
    }
  }
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const configuredRoot = flags['data-root']?.at(-1) ?? str(config['data-root']) ?? str(config.graph) ?? '/var/lib/docker';
  const dataRoot = opts.dataRoot ?? configuredRoot;
  // The data root to watch (CIS 1.1.5) is the configured one: with --userns-remap, /info's data root is its
  // `<uid>.<gid>` subdirectory, which a watch on the configured directory already covers.
  const auditedRoot = sameDataRoot(configuredRoot, dataRoot) ? configuredRoot : dataRoot;
  const hosts = [...(flags.hosts ?? []), ...(Array.isArray(config.hosts) ? config.hosts.filter((x): x is string => typeof x === 'string') : [])];
  const unixHost = hosts.find((x) => x.startsWith('unix://'))?.slice('unix://'.length);
  const socketPath = opts.socketPath ?? unixHost ?? '/var/run/docker.sock';

  // Owner and mode of Docker's files (CIS section 3).
  const names = (file: string) => {
    const map = new Map<number, string>();
    for (const line of ((readText(file)).text ?? '').split('\n')) {
      const f = line.split(':');
      if (f.length >= 3 && /^\d+$/.test(f[2])) map.set(Number(f[2]), f[0]);
    }
    return map;
  };
  const users = names('/etc/passwd');
  const groups = names('/etc/group');
  const firstExisting = (dirs: string[], name: string) => {
    for (const d of dirs) if (exists(posix.join(d, name))) return posix.join(d, name);
    return undefined;
  };
  const addFile = (role: HostFileRole, path: string, label = path) => {
    const st = statOf(path);
    try {
      if ('e' in st) throw st.e;
      const s = st.s;
      const type = s.isSocket() ? 'socket' : s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
      const owner = users.get(s.uid);
      const group = groups.get(s.gid);
      const mode = s.mode & 0o7777;
      const who = `${owner ?? s.uid}:${group ?? s.gid}`;
      const f: FileFacts = { path, exists: true, role, type, uid: s.uid, gid: s.gid, mode, origin: doc.add(`file ${label}`, `${who} ${mode.toString(8).padStart(4, '0')} ${type}`) };
      if (owner !== undefined) f.owner = owner;
      if (group !== undefined) f.group = group;
      h.files.push(f);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') h.files.push({ path, exists: false, role, origin: doc.add(`file ${label}`, 'not found') });
      else unknown(`file:${path}`, `${path}: ${errWhy(e)}`);
    }
  };
  const serviceUnit = firstExisting(UNIT_DIRS, 'docker.service');
  const socketUnit = firstExisting(UNIT_DIRS, 'docker.socket');
  if (serviceUnit) addFile('docker.service', serviceUnit);
  if (socketUnit) addFile('docker.socket', socketUnit);
  addFile('etc-docker', '/etc/docker');
  // No registry certificates (no /etc/docker/certs.d): nothing to check for CIS 3.7/3.8.
  const certsD = readDir('/etc/docker/certs.d');
  if ('l' in certsD) {
    const regs = certsD.l.sort().slice(0, 50).map((reg) => posix.join('/etc/docker/certs.d', reg));
    for (const dir of regs) {
      const d = readDir(dir);
      const files = ('l' in d ? d.l : []).sort().slice(0, 20).map((f) => posix.join(dir, f));
      for (const f of files) addFile('registry-certs', f);
    }
  }
  const tls: [HostFileRole, string | undefined][] = [
    ['tls-ca', flags.tlscacert?.at(-1) ?? str(config.tlscacert)],
    ['tls-cert', flags.tlscert?.at(-1) ?? str(config.tlscert)],
    ['tls-key', flags.tlskey?.at(-1) ?? str(config.tlskey)],
  ];
  for (const [role, p] of tls) if (p) addFile(role, p);
  addFile('docker.sock', socketPath);
  addFile('daemon.json', configFile);
  addFile('etc-default-docker', '/etc/default/docker');
  addFile('etc-sysconfig-docker', '/etc/sysconfig/docker');
  const containerdSock = containerdSocket(flags, config, (p) => {
    const st = statOf(p);
    return 's' in st && !st.s.isDirectory();
  });
  addFile('containerd.sock', containerdSock);

  // Audit rules (CIS 1.1.3–1.1.18, R-G3).
  const auditctl = await auditctlOut;
  const ruleLines = (t: string) => t.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !/^No rules/i.test(l));
  let rules: string[] | undefined;
  let source = '';
  if (auditctl.code === 0) {
    rules = ruleLines(auditctl.stdout);
    source = 'auditctl -l';
  } else {
    const files: string[] = [];
    const rd = readDir('/etc/audit/rules.d');
    const ruleFiles = 'l' in rd ? rd.l.filter((f) => f.endsWith('.rules')).sort().map((f) => `/etc/audit/rules.d/${f}`) : [];
    const collected: string[] = [];
    for (const f of [...ruleFiles, '/etc/audit/audit.rules']) {
      const t = readText(f);
      if (t.text === undefined) continue;
      files.push(f);
      collected.push(...ruleLines(t.text));
    }
    if (files.length) {
      rules = [...new Set(collected)];
      source = files.join(', ');
    } else if (auditctl.code === 127 && !(exists('/etc/audit'))) {
      rules = [];
      source = 'none: auditctl is not installed and /etc/audit does not exist';
    } else unknown('audit-rules', `auditctl -l exited with ${auditctl.code} (not root?) and no readable /etc/audit rules files`);
  }
  if (rules) {
    h.auditRules = { rules, source, origin: doc.add('audit-rules', `${rules.length} (${source})`) };
    for (const r of rules) doc.add('audit-rule', r);
  }
  const auditPaths: HostSpec['auditPaths'] = [];
  for (const [cis, spec] of AUDIT_TARGETS) {
    let path = spec;
    if (spec.startsWith('bin:')) path = firstExisting(BIN_DIRS, spec.slice(4)) ?? `/usr/bin/${spec.slice(4)}`;
    else if (spec === 'unit:docker.service') path = serviceUnit ?? '/lib/systemd/system/docker.service';
    else if (spec === 'unit:docker.socket') path = socketUnit ?? '/lib/systemd/system/docker.socket';
    else if (spec === 'data-root') path = auditedRoot;
    else if (spec === 'daemon.json') path = configFile;
    else if (spec === 'containerd.sock') path = containerdSock;
    auditPaths.push({ cis, path, exists: exists(path) });
  }
  h.auditPaths = auditPaths;

  // A separate partition for the data root (CIS 1.1.1). The mount covering the data root is the one with the
  // longest mount point that is the data root or a parent of it (the last listed when mounts are stacked).
  // It counts as a separate partition only when its device (major:minor) differs from that of `/`: dockerd
  // bind-mounts its data root onto itself (root field ≠ `/`, same device), which is no partition at all.
  const mi = readText('/proc/self/mountinfo');
  if (mi.text !== undefined) {
    const mounts = parseMountinfo(mi.text);
    const covers = (p: string) => p === '/' || dataRoot === p || dataRoot.startsWith(p.endsWith('/') ? p : p + '/');
    const coveringOf = (test: (p: string) => boolean) =>
      mounts.reduce<MountEntry | undefined>((best, m) => (test(m.mountPoint) && (!best || m.mountPoint.length >= best.mountPoint.length) ? m : best), undefined);
    const cover = coveringOf(covers);
    const rootMount = coveringOf((p) => p === '/');
    if (cover !== undefined) {
      const sameDevice = rootMount !== undefined && cover !== rootMount && cover.device === rootMount.device;
      const separate = cover.mountPoint !== '/' && !sameDevice;
      const why = separate ? '' : sameDevice ? `, ${cover.root === '/' ? '' : 'bind mount '}on the device of / (${cover.device}), not a separate partition` : ', not a separate partition';
      h.dataRootMount = { dataRoot, separate, mountPoint: cover.mountPoint, origin: doc.add('data-root', `${dataRoot} (mount point ${cover.mountPoint}${why})`) };
    } else unknown('data-root', `no mount in /proc/self/mountinfo covers ${dataRoot}`);
  } else unknown('data-root', mi.why!);

  // daemon.json changed after dockerd started: what it says may not be what runs (dockerd reads it at start).
  if (opts.dockerdPid !== undefined) {
    const cfgStat = statOf(configFile);
    const startedMs = processStartMs(readText(`/proc/${opts.dockerdPid}/stat`).text, readText('/proc/stat').text);
    if ('s' in cfgStat && startedMs !== undefined) {
      const modifiedMs = cfgStat.s.mtimeMs;
      const changedAfterStart = modifiedMs > startedMs + CONFIG_CLOCK_SLACK_MS;
      const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
      h.daemonConfigAge = {
        path: configFile,
        modifiedMs,
        startedMs,
        changedAfterStart,
        origin: doc.add('daemon.json-modified', `${iso(modifiedMs)} (dockerd started ${iso(startedMs)}${changedAfterStart ? ', changed since' : ''})`),
      };
    }
  }

  h.text = doc.text;
  return h;
}

/**
 * When a process started, in ms since the epoch, from its `/proc/<pid>/stat` text (proc(5): field 22 `starttime`,
 * in clock ticks since boot; the fields are counted after the `)` that ends `comm`, which may hold spaces and
 * parentheses) and `/proc/stat`'s `btime` (boot time, seconds since the epoch). Clock ticks are USER_HZ, 100 on
 * Linux. Undefined when either text is missing or malformed.
 */
export function processStartMs(statText: string | undefined, procStatText: string | undefined): number | undefined {
  if (!statText || !procStatText) return undefined;
  const after = statText.slice(statText.lastIndexOf(')') + 1).trim().split(/\s+/);
  // `after[0]` is field 3 (state), so field 22 is after[19].
  const ticks = Number(after[19]);
  const btime = /^btime (\d+)$/m.exec(procStatText);
  if (!Number.isFinite(ticks) || after.length < 20 || !btime) return undefined;
  return (Number(btime[1]) + ticks / 100) * 1000;
}

/** One line of `/proc/<pid>/mountinfo` (proc(5)): the fields bulwark uses, octal escapes decoded. */
export interface MountEntry {
  /** `major:minor` of the filesystem's device (field 3), e.g. `254:0`. */
  device: string;
  /** The directory of the filesystem mounted here (field 4): `/` for a whole filesystem, a path for a bind mount. */
  root: string;
  /** Where it is mounted (field 5), e.g. `/var/lib/docker`. */
  mountPoint: string;
}

/** Parses `/proc/<pid>/mountinfo` text (proc(5)) in mount order; malformed lines are skipped. */
export function parseMountinfo(text: string): MountEntry[] {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length < 5 || !/^\d+:\d+$/.test(f[2])) continue;
    out.push({ device: f[2], root: unescape(f[3]), mountPoint: unescape(f[4]) });
  }
  return out;
}
