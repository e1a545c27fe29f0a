/**
 * Private Docker Engine for tests (R-… live audit, issue 3).
 *
 * `startEngine()` starts a dockerd of its own — data root, exec root, pidfile and unix socket all in a
 * fresh temp dir `/tmp/bwe-XXXXXX` (short on purpose: containerd's sockets live under the exec root and
 * unix socket paths are limited to 108 bytes) — with `--bridge=none --iptables=false --ip-masq=false`,
 * waits for `GET /_ping` (up to 30 s), and stops it by its pid (SIGTERM, wait, SIGKILL). It never
 * touches /var/run/docker.sock or a system dockerd. There is no registry: `importBusybox()` builds a
 * rootfs from /bin/busybox and `docker import`s it. Run containers with `--network none`.
 *
 * Vitest use (one engine per test file):
 * ```ts
 * import { describeEngine, useEngine } from '../support/engine.js';
 * describeEngine('live audit', () => {
 *   const eng = useEngine();                 // beforeAll start / afterAll stop
 *   it('…', async () => { await eng().docker(['create', '--network', 'none', await eng().importBusybox()]); });
 * });
 * ```
 * In CI (`process.env.CI` set) a missing dockerd makes `describeEngine` THROW (the file fails); locally it
 * skips with the reason in the suite name.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, closeSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';

/** TLS material for a TCP listener: PEM file paths. */
export interface TlsFiles { ca: string; cert: string; key: string }

/** Options of {@link startEngine}. */
export interface EngineOptions {
  /** Also listen on tcp://127.0.0.1:port; with `tls`, `--tlsverify` with these server files. */
  tcp?: { port: number; tls?: TlsFiles };
  /** Extra dockerd flags, e.g. `['--icc=false', '--live-restore']`. */
  flags?: string[];
  /**
   * Run dockerd in a network namespace of its own (`unshare --net`), with iptables on: needed for flags
   * that require iptables (`--icc=false`), whose rules then never touch the host's firewall. A `tcp`
   * listener is not reachable from the tests in this mode (only the unix socket is).
   */
  netns?: boolean;
}

/** Result of a docker CLI run; `code` is the exit status (null if killed). */
export interface CmdResult { code: number | null; stdout: string; stderr: string }

/** A running private engine. */
export interface Engine {
  /** Absolute path of the unix socket. */
  socket: string;
  /** `unix://<socket>` */
  host: string;
  /** `tcp://127.0.0.1:<port>` when started with `tcp`. */
  tcpHost?: string;
  /** dockerd's pid. */
  pid: number;
  /** The engine's temp dir (data root `data/`, exec root `x/`, log `dockerd.log`). */
  dir: string;
  /** Runs the docker CLI against this engine (via the unix socket); never throws on a non-zero exit. */
  docker(args: string[], opts?: { input?: string; timeoutMs?: number; env?: Record<string, string>; cwd?: string }): Promise<CmdResult>;
  /** Imports a busybox rootfs image (once per tag), returns the tag (default `bw/busybox:test`). */
  importBusybox(tag?: string): Promise<string>;
  /** Last `lines` lines of the dockerd log. */
  logTail(lines?: number): string;
  /** Kills running containers, stops dockerd (SIGTERM, 20 s, SIGKILL) and removes the temp dir. */
  stop(): Promise<void>;
}

const SBIN = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'];

function which(cmd: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), ...SBIN];
  for (const d of dirs) {
    const p = join(d, cmd);
    try { accessSync(p, constants.X_OK); return p; } catch { /* next */ }
  }
  return undefined;
}

/** Why an engine cannot be started here, or undefined when it can (dockerd + docker CLI present, root). */
export function engineUnavailableReason(): string | undefined {
  if (!which('dockerd')) return 'dockerd is not installed (apt-get install docker.io)';
  if (!which('docker')) return 'the docker CLI is not installed';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'dockerd needs root';
  return undefined;
}

/** True when dockerd and the docker CLI are installed and we are root. */
export function hasDockerd(): boolean {
  return engineUnavailableReason() === undefined;
}

/**
 * Guard for engine tests. Returns true when engine tests should run. In CI (`CI` set and not 'false')
 * a missing engine THROWS so the suite fails instead of skipping silently; locally returns false.
 */
export function requireEngine(): boolean {
  const why = engineUnavailableReason();
  if (!why) return true;
  if (process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0') {
    throw new Error(`engine tests need a Docker Engine in CI: ${why}`);
  }
  return false;
}

/** `describe` that runs when an engine is available, skips locally (reason in the name), throws in CI. */
export function describeEngine(name: string, fn: () => void): void {
  if (requireEngine()) describe(name, fn);
  else describe.skip(`${name} (skipped: ${engineUnavailableReason()})`, fn);
}

/**
 * Registers beforeAll/afterAll that start and stop one engine for the enclosing suite; returns an
 * accessor (throws if called before the engine started).
 */
export function useEngine(opts?: EngineOptions | (() => EngineOptions | Promise<EngineOptions>)): () => Engine {
  let eng: Engine | undefined;
  beforeAll(async () => {
    const o = typeof opts === 'function' ? await opts() : opts;
    eng = await startEngine(o);
  }, 90_000);
  afterAll(async () => { await eng?.stop(); }, 60_000);
  return () => {
    if (!eng) throw new Error('engine not started (use inside it()/beforeAll after useEngine)');
    return eng;
  };
}

/** A free TCP port on 127.0.0.1 (bound then released; tiny race accepted in tests). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

/**
 * Makes a CA, a server certificate for 127.0.0.1/localhost and a client certificate with the openssl
 * CLI in `dir`. Returns paths: server `{ca, cert, key}` and client `{ca, cert, key}`.
 * @throws Error when openssl fails (message carries its stderr).
 */
export function makeCerts(dir: string): { server: TlsFiles; client: TlsFiles } {
  mkdirSync(dir, { recursive: true });
  const ssl = (args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr.trim().split('\n').pop()}`);
  };
  ssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=bulwark-test-ca']);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const who of ['server', 'client']) {
    ssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${who}-key.pem`, '-out', `${who}.csr`, '-subj', `/CN=${who === 'server' ? 'localhost' : 'bulwark-client'}`]);
    ssl(['x509', '-req', '-in', `${who}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', `${who}.pem`, '-days', '2', '-extfile', `${who}.ext`]);
  }
  const ca = join(dir, 'ca.pem');
  return {
    server: { ca, cert: join(dir, 'server.pem'), key: join(dir, 'server-key.pem') },
    client: { ca, cert: join(dir, 'client.pem'), key: join(dir, 'client-key.pem') },
  };
}

/** GET /_ping on a unix socket; resolves true on HTTP 200 "OK". */
function ping(socket: string): Promise<boolean> {
  return new Promise((res) => {
    const req = request({ socketPath: socket, path: '/_ping', method: 'GET', timeout: 2000 }, (r) => {
      let body = '';
      r.on('data', (c) => { body += c; });
      r.on('end', () => res(r.statusCode === 200 && body.trim() === 'OK'));
    });
    req.on('error', () => res(false));
    req.on('timeout', () => { req.destroy(); res(false); });
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Pids of processes whose command line mentions `dir` (dockerd, its containerd, shims). */
function pidsUsing(dir: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${e}/cmdline`, 'latin1').includes(dir)) out.push(Number(e));
    } catch { /* gone */ }
  }
  return out;
}

const live = new Set<{ pid: number; dir: string }>();
let exitHook = false;
function hookExit(): void {
  if (exitHook) return;
  exitHook = true;
  // Last resort if a test process dies without afterAll: never leave a private dockerd behind.
  process.on('exit', () => {
    for (const e of live) {
      for (const p of [e.pid, ...pidsUsing(e.dir)]) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
    }
  });
}

function tail(file: string, lines = 25): string {
  try { return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
}

/**
 * Starts a private dockerd (see the module doc). Resolves once `/_ping` answers OK.
 * @throws Error when dockerd exits or does not answer within 30 s; the message ends with the log tail.
 */
export async function startEngine(opts: EngineOptions = {}): Promise<Engine> {
  const why = engineUnavailableReason();
  if (why) throw new Error(`cannot start a private Docker Engine: ${why}`);
  hookExit();
  const dir = mkdtempSync('/tmp/bwe-');
  // o+x: with --userns-remap the remapped root must traverse the path to its data root.
  chmodSync(dir, 0o711);
  const socket = join(dir, 'docker.sock');
  const host = `unix://${socket}`;
  const logFile = join(dir, 'dockerd.log');
  const args = [
    '--data-root', join(dir, 'data'), '--exec-root', join(dir, 'x'), '--pidfile', join(dir, 'dockerd.pid'),
    '-H', host, '--bridge=none', ...(opts.netns ? [] : ['--iptables=false', '--ip-masq=false']),
  ];
  let tcpHost: string | undefined;
  if (opts.tcp) {
    tcpHost = `tcp://127.0.0.1:${opts.tcp.port}`;
    args.push('-H', tcpHost);
    const t = opts.tcp.tls;
    if (t) args.push('--tlsverify', '--tlscacert', t.ca, '--tlscert', t.cert, '--tlskey', t.key);
  }
  args.push(...(opts.flags ?? []));
  const fd = openSync(logFile, 'a');
  const env = { ...process.env };
  delete env.DOCKER_HOST; delete env.DOCKER_CONTEXT; delete env.DOCKER_TLS_VERIFY; delete env.DOCKER_CERT_PATH;
  // `unshare --net` execs dockerd (no fork), so the pid is dockerd's.
  const child: ChildProcess = opts.netns
    ? spawn(which('unshare') ?? 'unshare', ['--net', which('dockerd')!, ...args], { stdio: ['ignore', fd, fd], env })
    : spawn(which('dockerd')!, args, { stdio: ['ignore', fd, fd], env });
  closeSync(fd);
  let exited: string | undefined;
  child.on('exit', (code, sig) => { exited = `dockerd exited (${sig ?? code})`; });
  child.on('error', (e) => { exited = `dockerd failed to start: ${e.message}`; });
  const pid = child.pid ?? -1;
  const rec = { pid, dir };
  live.add(rec);

  const dockerBin = which('docker')!;
  const docker: Engine['docker'] = (cmd, o = {}) =>
    new Promise((res) => {
      const p = execFile(dockerBin, ['-H', host, ...cmd], { env: { ...env, ...o.env }, cwd: o.cwd, timeout: o.timeoutMs ?? 120_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null) : 0;
        res({ code, stdout: String(stdout), stderr: String(stderr) });
      });
      if (o.input !== undefined) p.stdin?.end(o.input); else p.stdin?.end();
    });

  const imported = new Set<string>();
  const importBusybox: Engine['importBusybox'] = async (tag = 'bw/busybox:test') => {
    if (imported.has(tag)) return tag;
    const root = join(dir, 'rootfs');
    if (!existsSync(root)) {
      mkdirSync(join(root, 'bin'), { recursive: true });
      mkdirSync(join(root, 'etc'));
      mkdirSync(join(root, 'tmp'));
      copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'));
      for (const c of ['sh', 'ls', 'cat', 'id', 'sleep', 'true']) symlinkSync('busybox', join(root, 'bin', c));
      writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
      writeFileSync(join(root, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
    }
    await new Promise<void>((res, rej) => {
      const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const imp = spawn(dockerBin, ['-H', host, 'import', '-', tag], { stdio: ['pipe', 'pipe', 'pipe'], env });
      tar.stdout.pipe(imp.stdin);
      let err = '';
      imp.stderr.on('data', (c) => { err += c; });
      imp.on('exit', (code) => (code === 0 ? res() : rej(new Error(`docker import failed (${code}): ${err.trim()}`))));
    });
    imported.add(tag);
    return tag;
  };

  let stopped = false;
  const stop: Engine['stop'] = async () => {
    if (stopped) return;
    stopped = true;
    if (alive(pid) && !exited) {
      // Containers whose PID 1 ignores SIGTERM would hold dockerd's shutdown for their stop timeout.
      const ps = await docker(['ps', '-q'], { timeoutMs: 15_000 });
      const ids = ps.stdout.split('\n').filter(Boolean);
      if (ids.length) await docker(['kill', ...ids], { timeoutMs: 20_000 });
      // User-defined networks keep their bridge interfaces in the host's network namespace after dockerd
      // stops; left behind, they use up the address pools other engines allocate from.
      await docker(['swarm', 'leave', '--force'], { timeoutMs: 20_000 });
      await docker(['container', 'prune', '-f'], { timeoutMs: 20_000 });
      await docker(['network', 'prune', '-f'], { timeoutMs: 20_000 });
      try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
      for (let i = 0; i < 200 && alive(pid) && !exited; i++) await sleep(100);
    }
    for (const p of [pid, ...pidsUsing(dir)]) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
    live.delete(rec);
    if (process.env.BULWARK_KEEP_ENGINE) return;
    // Leftover mounts (after a SIGKILL) would make rm fail with EBUSY.
    const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1]).filter((m) => m?.startsWith(dir + '/'));
    for (const m of mounts.reverse()) spawnSync('umount', ['-l', m]);
    try { rmSync(dir, { recursive: true, force: true, maxRetries: 3 }); } catch { /* best effort */ }
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      const t = tail(logFile);
      await stop();
      throw new Error(`${exited} before answering /_ping on ${host}\n${t}`);
    }
    if (await ping(socket)) break;
    if (Date.now() > deadline) {
      const t = tail(logFile);
      await stop();
      throw new Error(`dockerd did not answer /_ping on ${host} within 30 s\n${t}`);
    }
    await sleep(150);
  }
  return { socket, host, tcpHost, pid, dir, docker, importBusybox, logTail: (n) => tail(logFile, n), stop };
}

