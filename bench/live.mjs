#!/usr/bin/env node
/**
 * The live-audit benchmark (issue 3 "Done when"): a private dockerd (own data root, exec root and socket in
 * /tmp/bwe-*, `--bridge=none --iptables=false`; never the system engine) with 50 containers made from an
 * imported busybox image (a mix of risky and hardened settings, some running), then, in one run:
 *   floor    sh -c 'docker -H unix://… inspect $(docker -H unix://… ps -aq) >/dev/null'   (whole process)
 *   bulwark  node dist/cli.js audit --live --host unix://… --format json >/dev/null     (whole process,
 *            host facts included)
 *   reference node bench/live-min.mjs unix://…   (Node + the installed dockerode listing and inspecting the same
 *            containers and nothing else: what any Node client of the Engine API pays before it checks anything)
 *   bundled  node bench/live-min.mjs unix://… --bundled <dist>   (the same with dockerode as bulwark ships it:
 *            the gap to bulwark is bulwark's own work)
 * each N times (median, after one warm-up of each), and prints bulwark/floor (target: ≤ 2×). Every run is
 * timed by GNU time (`/usr/bin/time -f '%e %U %S'`): wall seconds, and the CPU seconds (user + system) of the
 * process and the children it waited for (for the floor: sh and both docker CLIs; dockerd's own work is in
 * neither). The machine is shared, so both are reported, with the load average before and after. Then 150
 * more containers and one 200-container audit under GNU time (`%e %M`: elapsed s, peak RSS KiB). Results go
 * to bench/out/live.json. Needs root, dockerd, the docker CLI, /bin/busybox and a built dist/
 * (`npm run build`; `--dist <dir>` measures another build directory, e.g. one made with
 * `npx tsup --out-dir .dist-x`).
 *
 * Usage: node bench/live.mjs [--runs 5] [--count 50] [--big 200] [--dist dist]
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('runs', 5);
const COUNT = arg('count', 50);
const BIG = arg('big', 200);
/** `--hold S`: keep the engine with its containers up for S seconds before measuring (to profile by hand). */
const HOLD = arg('hold', 0);
const distArg = process.argv.indexOf('--dist');
const DIST = distArg > 0 ? resolve(process.argv[distArg + 1]) : join(ROOT, 'dist');
const CLI = join(DIST, 'cli.js');
if (!existsSync(CLI)) {
  console.error(`bench/live.mjs: ${CLI} missing: run npm run build first`);
  process.exit(2);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ping = (socket) =>
  new Promise((res) => {
    const req = request({ socketPath: socket, path: '/_ping', timeout: 2000 }, (r) => {
      r.resume();
      r.on('end', () => res(r.statusCode === 200));
    });
    req.on('error', () => res(false));
    req.on('timeout', () => (req.destroy(), res(false)));
    req.end();
  });

// --- private engine ------------------------------------------------------------------------------
const dir = mkdtempSync('/tmp/bwe-');
chmodSync(dir, 0o711);
const socket = join(dir, 'docker.sock');
const host = `unix://${socket}`;
const log = openSync(join(dir, 'dockerd.log'), 'a');
const env = { ...process.env };
for (const k of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) delete env[k];
const dockerd = spawn('dockerd', ['--data-root', join(dir, 'data'), '--exec-root', join(dir, 'x'), '--pidfile', join(dir, 'dockerd.pid'), '-H', host, '--bridge=none', '--iptables=false', '--ip-masq=false'], { stdio: ['ignore', log, log], env });
closeSync(log);
let dead = false;
dockerd.on('exit', () => (dead = true));

async function stop() {
  const ids = docker(['ps', '-q']).stdout.split('\n').filter(Boolean);
  if (ids.length) docker(['kill', ...ids]);
  if (!dead) dockerd.kill('SIGTERM');
  for (let i = 0; i < 200 && !dead; i++) await sleep(100);
  if (!dead) dockerd.kill('SIGKILL');
  // containerd and shims started by this dockerd carry the temp dir in their command line.
  for (const p of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'latin1').includes(dir)) process.kill(Number(p), 'SIGKILL');
    } catch {}
  }
  for (const m of readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1]).filter((m) => m?.startsWith(dir + '/')).reverse()) spawnSync('umount', ['-l', m]);
  rmSync(dir, { recursive: true, force: true });
}

function docker(args) {
  const r = spawnSync('docker', ['-H', host, ...args], { encoding: 'utf8', env, maxBuffer: 256 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function must(args) {
  const r = docker(args);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * A whole process under GNU time: `{wall, cpu}` in seconds (wall: hrtime around the spawn; cpu: user + system
 * of the process and its waited-for children, from `/usr/bin/time -f '%e %U %S'`, printed to a file so the
 * command's own stderr stays apart).
 */
function timed(cmd, args) {
  const out = join(dir, 'time.out');
  return new Promise((res, rej) => {
    const t0 = process.hrtime.bigint();
    const p = spawn('/usr/bin/time', ['-o', out, '-f', '%e %U %S', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let err = '';
    p.stderr.on('data', (c) => (err += c));
    p.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0 && code !== 1) return rej(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.trim().split('\n').pop()}`));
      const [, user, sys] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      res({ wall, cpu: user + sys });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);

const VARIANTS = [
  [],
  ['--cap-add', 'SYS_ADMIN'],
  ['-v', '/:/host:ro'],
  ['--pid', 'host'],
  ['--privileged'],
  ['-e', 'DB_PASSWORD=hunter2-very-secret', '-p', '127.0.0.1:8080:80'],
  ['--cap-drop', 'ALL', '--read-only', '--user', '1000', '--security-opt', 'no-new-privileges', '--memory', '64m', '--cpus', '0.5', '--pids-limit', '50'],
  ['-v', `${socket}:/var/run/docker.sock`],
];

function makeContainers(from, to, img) {
  for (let i = from; i < to; i++) {
    const v = VARIANTS[i % VARIANTS.length];
    const running = i % 10 === 0 && !v.includes('--privileged'); // --privileged cannot start on this VM
    must([running ? 'run' : 'create', ...(running ? ['-d'] : []), '--name', `c${i}`, '--label', `bench=${i % 3}`, ...(v.includes('-p') ? [] : ['--network', 'none']), ...v, img, 'sleep', '100000']);
  }
}

try {
  const deadline = Date.now() + 30_000;
  while (!(await ping(socket))) {
    if (dead || Date.now() > deadline) throw new Error(`dockerd did not start:\n${readFileSync(join(dir, 'dockerd.log'), 'utf8').split('\n').slice(-15).join('\n')}`);
    await sleep(150);
  }
  const rootfs = join(dir, 'rootfs');
  mkdirSync(join(rootfs, 'bin'), { recursive: true });
  mkdirSync(join(rootfs, 'etc'));
  copyFileSync('/bin/busybox', join(rootfs, 'bin', 'busybox'));
  for (const c of ['sh', 'ls', 'cat', 'id', 'sleep', 'true']) symlinkSync('busybox', join(rootfs, 'bin', c));
  writeFileSync(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  const img = 'bw/busybox:bench';
  const imp = spawnSync('sh', ['-c', `tar -C "$1" -c . | docker -H "$2" import - "$3"`, 'sh', rootfs, host, img], { encoding: 'utf8', env });
  if (imp.status !== 0) throw new Error(`import: ${imp.stderr}`);

  makeContainers(0, COUNT, img);
  if (HOLD > 0) {
    // For profiling by hand: the engine and its containers stay up for HOLD seconds.
    console.log(`holding ${host} with ${COUNT} containers for ${HOLD} s`);
    await sleep(HOLD * 1000);
  }
  const floorCmd = ['sh', ['-c', `docker -H "$1" inspect $(docker -H "$1" ps -aq) >/dev/null`, 'sh', host]];
  const bwCmd = [process.execPath, [CLI, 'audit', '--live', '--host', host, '--format', 'json']];
  const minCmd = [process.execPath, [join(ROOT, 'bench', 'live-min.mjs'), host]];
  const bundledCmd = [process.execPath, [join(ROOT, 'bench', 'live-min.mjs'), host, '--bundled', DIST]];
  // Warm-up (page cache, dockerd caches), then alternate so drift hits all alike.
  await timed(...floorCmd);
  await timed(...bwCmd);
  await timed(...minCmd);
  await timed(...bundledCmd);
  const loadBefore = loadavg();
  const floor = [];
  const bulwark = [];
  const minimal = [];
  const bundled = [];
  for (let i = 0; i < RUNS; i++) {
    floor.push(await timed(...floorCmd));
    bulwark.push(await timed(...bwCmd));
    minimal.push(await timed(...minCmd));
    bundled.push(await timed(...bundledCmd));
  }
  const loadAfter = loadavg();
  const f = median(floor.map((x) => x.wall));
  const b = median(bulwark.map((x) => x.wall));
  const fc = median(floor.map((x) => x.cpu));
  const bc = median(bulwark.map((x) => x.cpu));
  const m = median(minimal.map((x) => x.wall));
  const mc = median(minimal.map((x) => x.cpu));
  const bm = median(bundled.map((x) => x.wall));
  const bmc = median(bundled.map((x) => x.cpu));
  const findings = JSON.parse(spawnSync(process.execPath, [CLI, 'audit', '--live', '--host', host, '--format', 'json'], { encoding: 'utf8', env, maxBuffer: 256 << 20 }).stdout).summary;

  makeContainers(COUNT, BIG, img);
  const t = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, CLI, 'audit', '--live', '--host', host, '--format', 'json'], { encoding: 'utf8', env, maxBuffer: 256 << 20 });
  const [bigSeconds, bigKiB] = t.stderr.trim().split('\n').pop().split(' ').map(Number);
  const bigSummary = JSON.parse(t.stdout).summary;
  const tf = spawnSync('/usr/bin/time', ['-f', '%e %M', 'sh', '-c', `docker -H "$1" inspect $(docker -H "$1" ps -aq) >/dev/null`, 'sh', host], { encoding: 'utf8', env });
  const [bigFloorSeconds] = tf.stderr.trim().split('\n').pop().split(' ').map(Number);

  const out = {
    date: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version, dockerd: must(['version', '--format', '{{.Server.Version}}']).trim(), loadavgBefore: loadBefore, loadavgAfter: loadAfter },
    runs: RUNS,
    containers: COUNT,
    dist: DIST,
    floor: { command: 'docker inspect $(docker ps -aq)', seconds: floor.map((x) => x.wall), median: f, cpuSeconds: floor.map((x) => x.cpu), cpuMedian: fc },
    bulwark: { command: 'bulwark audit --live --format json', seconds: bulwark.map((x) => x.wall), median: b, cpuSeconds: bulwark.map((x) => x.cpu), cpuMedian: bc, perContainerMs: (b / COUNT) * 1000, summary: findings },
    dockerodeMinimum: { command: 'node bench/live-min.mjs (installed dockerode: list + inspect, nothing else)', seconds: minimal.map((x) => x.wall), median: m, cpuSeconds: minimal.map((x) => x.cpu), cpuMedian: mc, ratioToFloor: m / f },
    bundledDockerodeMinimum: { command: 'node bench/live-min.mjs --bundled (dockerode as bulwark ships it: list + inspect, nothing else)', seconds: bundled.map((x) => x.wall), median: bm, cpuSeconds: bundled.map((x) => x.cpu), cpuMedian: bmc, ratioToFloor: bm / f },
    ratio: b / f,
    cpuRatio: bc / fc,
    target: 2,
    big: { containers: BIG, seconds: bigSeconds, peakRssMiB: bigKiB / 1024, floorSeconds: bigFloorSeconds, summary: bigSummary },
  };
  mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'out', 'live.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(`live audit, ${COUNT} containers, median of ${RUNS} (whole process; wall time, and CPU = user + system):`);
  console.log(`  load average (1/5/15 min) before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')} on ${out.machine.cpus} CPUs`);
  console.log(`  floor   docker inspect $(docker ps -aq)   wall ${f.toFixed(3)} s   cpu ${fc.toFixed(3)} s`);
  console.log(`  bulwark audit --live --format json        wall ${b.toFixed(3)} s   cpu ${bc.toFixed(3)} s   (${((b / COUNT) * 1000).toFixed(1)} ms/container, ${findings.findings} findings)`);
  console.log(`  ratio   wall ${(b / f).toFixed(2)}x (target <= 2x) ${b / f <= 2 ? 'OK' : 'MISSED'}, cpu ${(bc / fc).toFixed(2)}x`);
  console.log(`  reference: node + the installed dockerode listing and inspecting the same containers, nothing else: wall ${m.toFixed(3)} s (${(m / f).toFixed(2)}x the floor), cpu ${mc.toFixed(3)} s`);
  console.log(`  reference: the same with dockerode as bulwark ships it: wall ${bm.toFixed(3)} s (${(bm / f).toFixed(2)}x the floor), cpu ${bmc.toFixed(3)} s; bulwark's own work adds ${(b - bm).toFixed(3)} s`);
  console.log(`  docker-bench-security needs ~2.3 s/container here: ${((2.3 * COUNT) / b).toFixed(0)}x slower than bulwark`);
  console.log(`${BIG} containers: bulwark ${bigSeconds.toFixed(2)} s, peak RSS ${(bigKiB / 1024).toFixed(1)} MiB (floor ${bigFloorSeconds.toFixed(2)} s), ${bigSummary.findings} findings`);
  console.log('written bench/out/live.json');
} finally {
  await stop();
}
