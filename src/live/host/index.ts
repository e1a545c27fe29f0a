/**
 * Host facts for a live audit of a local engine: kernel, runc, containerd and dockerd versions, active
 * Linux security modules, owner and mode of Docker's files (CIS Docker Benchmark 1.6.0 section 3), audit
 * rules for Docker's files (CIS 1.1.3–1.1.18), and whether the data root has its own partition (CIS 1.1.1).
 * Requirements R-K, R-B, R-G3, R-G4, R-G10; paper §V.2.3, §V.2.4, §V.2.10.
 *
 * `gatherHost` only reads (files under `root`, `--version` of the binaries, `auditctl -l`); anything it
 * cannot read goes to `HostSpec.unknown` with a one-line reason and is never treated as a pass.
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
import { readdir, readFile, stat } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { join, posix } from 'node:path';
import type { FileFacts, HostFileRole, HostSpec } from '../../model/host.js';
import type { Origin } from '../../model/types.js';

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

/** Default {@link HostExec}: `execFile` with a 5 s timeout; never throws. */
export const defaultExec: HostExec = (cmd, args) =>
  new Promise((resolve) => {
    execFile(cmd, args, { timeout: 5000, maxBuffer: 4 << 20, encoding: 'utf8' }, (err, stdout) => {
      if (!err) return resolve({ code: 0, stdout });
      const e = err as NodeJS.ErrnoException & { code?: number | string };
      resolve({ code: e.code === 'ENOENT' ? 127 : typeof e.code === 'number' ? e.code : 1, stdout: stdout ?? '' });
    });
  });

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
  ['1.1.8', '/run/containerd/containerd.sock'],
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

/** Parses the dockerd flags bulwark needs from a command line (`--flag=v` and `--flag v`). */
function dockerdFlags(words: string[]): Record<string, string[]> {
  const wanted: Record<string, string> = {
    '--data-root': 'data-root', '-g': 'data-root', '--graph': 'data-root', '--config-file': 'config-file',
    '-H': 'hosts', '--host': 'hosts', '--tlscacert': 'tlscacert', '--tlscert': 'tlscert', '--tlskey': 'tlskey',
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
  const readText = async (p: string): Promise<{ text?: string; why?: string }> => {
    try {
      return { text: await readFile(at(p), 'utf8') };
    } catch (e) {
      return { why: `${p}: ${errWhy(e)}` };
    }
  };
  const exists = async (p: string) => stat(at(p)).then(() => true, () => false);

  const hostname =
    (await readText('/proc/sys/kernel/hostname')).text?.trim() || (await readText('/etc/hostname')).text?.trim() || (root === '/' ? osHostname() : 'localhost');
  const doc = new FactsDoc(hostSourceName(hostname));
  const targetOrigin = doc.add('host', hostname) as Origin & { start: number; end: number };
  const h: HostSpec = {
    target: { kind: 'host', name: hostname, range: { file: doc.file, start: targetOrigin.start, end: targetOrigin.end } },
    files: [],
    unknown: [],
  };
  const unknown = (what: string, why: string) => h.unknown.push({ what, why, origin: doc.add(`unknown ${what}`, why) });

  // Kernel (R-K, R-G10). Debian and Ubuntu name the upstream version of the running build in /proc.
  const rel = await readText('/proc/sys/kernel/osrelease');
  if (rel.text?.trim()) {
    const release = rel.text.trim();
    const deb = /\bDebian (\d+\.\d+(?:\.\d+)?)/.exec((await readText('/proc/version')).text ?? '');
    const ubu = /(\d+\.\d+\.\d+)\s*$/.exec((await readText('/proc/version_signature')).text?.trim() ?? '');
    const upstream = deb?.[1] ?? ubu?.[1];
    h.kernel = { release, ...(upstream ? { upstream } : {}), origin: doc.add('kernel', release + (upstream ? ` (upstream ${upstream})` : '')) };
  } else unknown('kernel', rel.why ?? '/proc/sys/kernel/osrelease is empty');

  // runc, containerd, dockerd versions.
  const version = async (what: 'runc' | 'containerd' | 'dockerd', parse: (out: string) => string | undefined) => {
    const r = await exec(what, ['--version']).catch(() => ({ code: 1, stdout: '' }));
    const v = r.code === 0 ? parse(r.stdout) : undefined;
    if (v) h[what] = { version: v, origin: doc.add(what, v) };
    else unknown(what, r.code === 127 ? `${what} not found on PATH` : `${what} --version ${r.code === 0 ? 'printed no version' : `exited with ${r.code}`}`);
  };
  await version('runc', (o) => /runc version (\S+)/.exec(o)?.[1]);
  await version('containerd', (o) => /^containerd\s+\S+\s+(v?\d\S*)/m.exec(o)?.[1]);
  if (opts.dockerdVersion) h.dockerd = { version: opts.dockerdVersion, origin: doc.add('dockerd', opts.dockerdVersion) };
  else await version('dockerd', (o) => /version ([^,\s]+)/.exec(o)?.[1]);

  // Linux security modules (R-G4).
  const lsm = await readText('/sys/kernel/security/lsm');
  let apparmor: 'enabled' | 'disabled' | 'unknown' = 'unknown';
  let selinux: 'enforcing' | 'permissive' | 'disabled' | 'unknown' = 'unknown';
  const enforce = (await readText('/sys/fs/selinux/enforce')).text?.trim();
  if (lsm.text !== undefined) {
    const names = lsm.text.trim().split(',').filter(Boolean);
    h.lsms = { names, origin: doc.add('lsm', names.join(',') || '(none)') };
    apparmor = names.includes('apparmor') ? 'enabled' : 'disabled';
    selinux = names.includes('selinux') ? (enforce === '0' ? 'permissive' : 'enforcing') : 'disabled';
  } else {
    unknown('lsm', `${lsm.why} (securityfs not mounted?)`);
    const aa = (await readText('/sys/module/apparmor/parameters/enabled')).text?.trim();
    if (aa !== undefined) apparmor = aa === 'Y' ? 'enabled' : 'disabled';
    else if (await exists('/sys/module')) apparmor = 'disabled';
    if (enforce !== undefined) selinux = enforce === '0' ? 'permissive' : 'enforcing';
    else if (await exists('/sys/fs')) selinux = 'disabled';
  }
  const how = lsm.text !== undefined ? 'from /sys/kernel/security/lsm' : 'from /sys/module/apparmor and /sys/fs/selinux';
  h.mac = { apparmor, selinux, origin: doc.add('mac', `apparmor=${apparmor} selinux=${selinux} (${how})`) };

  // The daemon's configuration: command line, then daemon.json.
  let flags: Record<string, string[]> = {};
  if (opts.dockerdPid !== undefined) {
    const cmd = await readText(`/proc/${opts.dockerdPid}/cmdline`);
    if (cmd.text !== undefined) flags = dockerdFlags(cmd.text.split('\0').filter(Boolean));
    else unknown('dockerd-cmdline', cmd.why!);
  }
  const configFile = opts.configFile ?? flags['config-file']?.at(-1) ?? '/etc/docker/daemon.json';
  let config: Record<string, unknown> = {};
  const cfg = await readText(configFile);
  if (cfg.text !== undefined) {
    try {
      const parsed = JSON.parse(cfg.text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) config = parsed as Record<string, unknown>;
    } catch (e) {
      unknown('daemon.json', `${configFile}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
    }
  }
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const dataRoot = opts.dataRoot ?? flags['data-root']?.at(-1) ?? str(config['data-root']) ?? str(config.graph) ?? '/var/lib/docker';
  const hosts = [...(flags.hosts ?? []), ...(Array.isArray(config.hosts) ? config.hosts.filter((x): x is string => typeof x === 'string') : [])];
  const unixHost = hosts.find((x) => x.startsWith('unix://'))?.slice('unix://'.length);
  const socketPath = opts.socketPath ?? unixHost ?? '/var/run/docker.sock';

  // Owner and mode of Docker's files (CIS section 3).
  const names = async (file: string) => {
    const map = new Map<number, string>();
    for (const line of ((await readText(file)).text ?? '').split('\n')) {
      const f = line.split(':');
      if (f.length >= 3 && /^\d+$/.test(f[2])) map.set(Number(f[2]), f[0]);
    }
    return map;
  };
  const users = await names('/etc/passwd');
  const groups = await names('/etc/group');
  const firstExisting = async (dirs: string[], name: string) => {
    for (const d of dirs) if (await exists(posix.join(d, name))) return posix.join(d, name);
    return undefined;
  };
  const addFile = async (role: HostFileRole, path: string, label = path) => {
    try {
      const s = await stat(at(path));
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
  const serviceUnit = await firstExisting(UNIT_DIRS, 'docker.service');
  const socketUnit = await firstExisting(UNIT_DIRS, 'docker.socket');
  if (serviceUnit) await addFile('docker.service', serviceUnit);
  if (socketUnit) await addFile('docker.socket', socketUnit);
  await addFile('etc-docker', '/etc/docker');
  try {
    for (const reg of (await readdir(at('/etc/docker/certs.d'))).sort().slice(0, 50)) {
      const dir = posix.join('/etc/docker/certs.d', reg);
      const entries = await readdir(at(dir)).catch(() => [] as string[]);
      for (const f of entries.sort().slice(0, 20)) await addFile('registry-certs', posix.join(dir, f));
    }
  } catch {
    // No registry certificates: nothing to check for CIS 3.7/3.8.
  }
  const tls: [HostFileRole, string | undefined][] = [
    ['tls-ca', flags.tlscacert?.at(-1) ?? str(config.tlscacert)],
    ['tls-cert', flags.tlscert?.at(-1) ?? str(config.tlscert)],
    ['tls-key', flags.tlskey?.at(-1) ?? str(config.tlskey)],
  ];
  for (const [role, p] of tls) if (p) await addFile(role, p);
  await addFile('docker.sock', socketPath);
  await addFile('daemon.json', configFile);
  await addFile('etc-default-docker', '/etc/default/docker');
  await addFile('etc-sysconfig-docker', '/etc/sysconfig/docker');
  await addFile('containerd.sock', '/run/containerd/containerd.sock');

  // Audit rules (CIS 1.1.3–1.1.18, R-G3).
  const auditctl = await exec('auditctl', ['-l']).catch(() => ({ code: 1, stdout: '' }));
  const ruleLines = (t: string) => t.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !/^No rules/i.test(l));
  let rules: string[] | undefined;
  let source = '';
  if (auditctl.code === 0) {
    rules = ruleLines(auditctl.stdout);
    source = 'auditctl -l';
  } else {
    const files: string[] = [];
    const ruleFiles = await readdir(at('/etc/audit/rules.d')).then((l) => l.filter((f) => f.endsWith('.rules')).sort().map((f) => `/etc/audit/rules.d/${f}`), () => [] as string[]);
    const collected: string[] = [];
    for (const f of [...ruleFiles, '/etc/audit/audit.rules']) {
      const t = await readText(f);
      if (t.text === undefined) continue;
      files.push(f);
      collected.push(...ruleLines(t.text));
    }
    if (files.length) {
      rules = [...new Set(collected)];
      source = files.join(', ');
    } else if (auditctl.code === 127 && !(await exists('/etc/audit'))) {
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
    if (spec.startsWith('bin:')) path = (await firstExisting(BIN_DIRS, spec.slice(4))) ?? `/usr/bin/${spec.slice(4)}`;
    else if (spec === 'unit:docker.service') path = serviceUnit ?? '/lib/systemd/system/docker.service';
    else if (spec === 'unit:docker.socket') path = socketUnit ?? '/lib/systemd/system/docker.socket';
    else if (spec === 'data-root') path = dataRoot;
    else if (spec === 'daemon.json') path = configFile;
    auditPaths.push({ cis, path, exists: await exists(path) });
  }
  h.auditPaths = auditPaths;

  // A separate partition for the data root (CIS 1.1.1). The mount covering the data root is the one with the
  // longest mount point that is the data root or a parent of it (the last listed when mounts are stacked).
  // It counts as a separate partition only when its device (major:minor) differs from that of `/`: dockerd
  // bind-mounts its data root onto itself (root field ≠ `/`, same device), which is no partition at all.
  const mi = await readText('/proc/self/mountinfo');
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

  h.text = doc.text;
  return h;
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
