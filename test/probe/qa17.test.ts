/**
 * Second QA round of `bulwark probe` (issue 5) on a private engine: cases where the first version gave a wrong
 * or dishonest answer, each with the exact answer a security engineer should get (R-B, R-S, R-K, R-G7, R-G8).
 *
 * - a directory holding docker.sock (`-v /var/run:/host-run:ro`) or a socket under another name reaches the
 *   engine: docker-socket `allowed` (was "not-applicable: no Docker socket is mounted");
 * - `--pid host`, or the host's /proc mounted (`-v /proc:/host/proc:ro`): processes outside the container are
 *   visible, signallable, their environments open with SYS_PTRACE (no record before);
 * - `-v /proc:/host/proc` read-write: the host's core_pattern opens for writing through it (was core-pattern
 *   "blocked" and bind-write "blocked ENOENT"); `-v /sys:/host/sys`: a host sysfs control file opens (was
 *   "blocked EACCES", from trying to create a file in sysfs);
 * - `--device <host disk>` on a host that refuses the disk even to its own root: `not-testable`, never
 *   "blocked" (was "blocked … (device cgroup)" and "no block device in /dev can be opened");
 * - `--read-only` with a device cgroup rule for the disk: the node is made in /dev (a tmpfs), so the read-only
 *   root filesystem does not decide the verdict (was "blocked EROFS");
 * - `--user 1000` on a root filesystem with a world-writable /tmp: rootfs-write `allowed` (was "blocked EACCES");
 * - `--container NAME` of a container binding a directory that holds the engine's data root: Docker computed
 *   `rslave` for it, the probe asked for it explicitly and the engine refused (was "engine refused …");
 * - `--user nginx` in the substitute image: the refusal says the substitute image lacks the user (was "engine
 *   refused to start this configuration");
 * - `-e DB_PASSWORD=…`: the value is masked in the report's subject and in the progress line (was printed);
 * - SIGINT mid-run: one line saying so, exit 130, nothing left (was an HTTP 409 error line).
 */
import { spawn } from 'node:child_process';
import { existsSync, linkSync, mkdtempSync, openSync, closeSync, constants, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probe, PROBE_LABEL, type ProbeRecord, type ProbeRun } from '../../src/probe/index.js';
import { render } from '../../src/probe/render.js';
import { describeEngine, useEngine } from '../support/engine.js';

/** The built CLI; BULWARK_TEST_CLI points at a private build while other builds replace dist/ (local runs). */
const CLI = resolve(process.env.BULWARK_TEST_CLI ?? 'dist/cli.js');

function rec(run: ProbeRun, id: string): Pick<ProbeRecord, 'result' | 'errno' | 'evidence'> {
  const r = run.records.find((x) => x.id === id);
  if (!r) throw new Error(`no record ${id}; have ${run.records.map((x) => x.id).join(' ')}`);
  return { result: r.result, errno: r.errno, evidence: r.evidence };
}

/** The block device (major, minor, /dev name) holding `path`, from its st_dev (Linux dev_t encoding). */
function blockDeviceOf(path: string): { major: number; minor: number; name?: string } {
  const d = BigInt(statSync(path).dev);
  const major = Number(((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn));
  const minor = Number((d & 0xffn) | ((d >> 12n) & ~0xffn));
  let name: string | undefined;
  try {
    name = /^DEVNAME=(.+)$/m.exec(readFileSync(`/sys/dev/block/${major}:${minor}/uevent`, 'utf8'))?.[1];
  } catch { /* not a block device (overlay, tmpfs) */ }
  return { major, minor, name };
}

/** Whether this host's own root can open `dev` read-only (the engine's host is this host). */
function hostCanOpen(dev: string): boolean {
  try {
    closeSync(openSync(dev, constants.O_RDONLY | constants.O_NONBLOCK));
    return true;
  } catch {
    return false;
  }
}

describeEngine('bulwark probe, second QA round, on a private engine', () => {
  const eng = useEngine();
  let image = '';
  let dir = '';
  beforeAll(async () => {
    image = await eng().importBusybox();
    dir = mkdtempSync(join(tmpdir(), 'bw-probe-qa17-'));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (line: string): Promise<ProbeRun> => {
    const report = await probe({ run: line }, { host: eng().host, dos: false });
    return report.runs![0];
  };

  it('a directory holding docker.sock, mounted read-only, reaches the engine; so does a socket under another name', async () => {
    const sockDir = dirname(eng().socket);
    const r = await run(`docker run -v ${sockDir}:/host-run:ro ${image}`);
    expect(rec(r, 'docker-socket')).toEqual({
      result: 'allowed',
      errno: null,
      evidence: '/host-run/docker.sock answered "HTTP/1.0 200 OK": the engine (and so the host) is controllable from the container',
    });
    expect(rec(r, 'bind-write:/host-run')).toEqual({ result: 'blocked', errno: 'EROFS', evidence: '/host-run is mounted read-only' });
    expect(r.succeeded.slice(0, 1)).toEqual(['docker-socket']);
    expect(r.threat).toBe('present');

    const link = join(dir, 'engine-api');
    linkSync(eng().socket, link); // the same socket under a name that says nothing about Docker
    try {
      const s = await run(`docker run -v ${link}:/engine-api ${image}`);
      expect(rec(s, 'docker-socket')).toEqual({
        result: 'allowed',
        errno: null,
        evidence: '/engine-api answered "HTTP/1.0 200 OK": the engine (and so the host) is controllable from the container',
      });
      expect(rec(s, 'bind-write:/engine-api')).toEqual({ result: 'not-applicable', errno: null, evidence: '/engine-api is a socket: see docker-socket' });
    } finally {
      rmSync(link, { force: true });
    }
  }, 180_000);

  it('--container NAME of a container with --pid host and the engine\'s own directory mounted: its configuration is probed (was refused: Docker\'s computed rslave asked for explicitly)', async () => {
    const sockDir = dirname(eng().socket);
    const name = 'qa17-agent';
    const c = await eng().docker(['create', '--name', name, '--network', 'none', '--pid', 'host', '-v', `${sockDir}:/host-run:ro`, image, 'sleep', '100']);
    expect(c.code).toBe(0);
    try {
      const report = await probe({ container: name }, { host: eng().host, dos: false });
      const r = report.runs![0];
      expect(report.subject).toBe(`container ${name}`);
      expect(r.refused).toBeUndefined();
      expect(r.args).toContain(`type=bind,source=${sockDir},target=/host-run,readonly`);
      expect(rec(r, 'docker-socket').result).toBe('allowed');
      expect(rec(r, 'host-pid').result).toBe('allowed');
      expect(r.threat).toBe('present');
    } finally {
      await eng().docker(['rm', '-f', name]);
    }
  }, 180_000);

  it('-v /proc:/host/proc and -v /sys:/host/sys read-write: the host\'s core_pattern and sysfs control files open for writing (breaches); read-only, they do not', async () => {
    const r = await run(`docker run -v /proc:/host/proc -v /sys:/host/sys ${image}`);
    expect(rec(r, 'core-pattern')).toEqual({
      result: 'allowed',
      errno: null,
      evidence: '/host/proc/sys/kernel/core_pattern is writable through the host proc filesystem mounted at /host/proc: the host kernel could be driven from the container (nothing written)',
    });
    expect(rec(r, 'bind-write:/host/proc')).toEqual({
      result: 'not-applicable',
      errno: null,
      evidence: '/host/proc is a proc filesystem (no file can be created in it): its writable files are tried by core-pattern and sysrq-trigger',
    });
    expect(rec(r, 'bind-write:/host/sys')).toEqual({
      result: 'allowed',
      errno: null,
      evidence: expect.stringMatching(/^the host sysfs file \/host\/sys\/(kernel\/uevent_helper|power\/state|kernel\/mm\/transparent_hugepage\/enabled|kernel\/profiling) is writable from the container \(nothing written\)$/),
    });
    expect(r.succeeded).toEqual(expect.arrayContaining(['core-pattern', 'bind-write:/host/sys']));
    const ro = await run(`docker run -v /proc:/host/proc:ro -v /sys:/host/sys:ro ${image}`);
    expect(rec(ro, 'core-pattern')).toEqual({ result: 'blocked', errno: 'EROFS', evidence: '/proc/sys/kernel/core_pattern is not writable' });
    expect(rec(ro, 'bind-write:/host/proc')).toEqual({ result: 'blocked', errno: 'EROFS', evidence: '/host/proc is mounted read-only' });
    expect(rec(ro, 'bind-write:/host/sys')).toEqual({ result: 'blocked', errno: 'EROFS', evidence: '/host/sys is mounted read-only' });
  }, 180_000);

  it('--pid host: processes outside the container are visible and signallable (a breach); its own pid namespace sees none', async () => {
    const r = await run(`docker run --pid host -e API_KEY=k-123 ${image}`);
    const hp = rec(r, 'host-pid');
    expect(hp.result).toBe('allowed');
    expect(hp.evidence).toMatch(/^the probe is pid \d+, not PID 1: it shares a pid namespace and sees \d+ other process\(es\) \(PID 1 is "[^"]+"\); \d+ accept signals from the container \(nothing was sent\)$/);
    // the container's environment is the probe's own: PID 1 is the host's init here
    expect(rec(r, 'pid1-environ')).toEqual({
      result: 'allowed',
      errno: null,
      evidence: expect.stringMatching(/^the container's entrypoint \(the probe; PID 1 is outside the container\) holds 1 secret-named variable\(s\) of \d+: API_KEY$/),
    });
    expect(r.succeeded).toContain('host-pid');
    // a host proc filesystem mounted read-only (monitoring agents): the host's processes are listed whatever the pid
    // namespace, and with SYS_PTRACE their environments open (never read)
    const agent = await run(`docker run -v /proc:/host/proc:ro --cap-add SYS_PTRACE ${image}`);
    expect(rec(agent, 'host-pid')).toEqual({
      result: 'allowed',
      errno: null,
      evidence: expect.stringMatching(/^the probe has a pid namespace of its own, but \d+ other process\(es\) of the host are listed in the proc filesystem mounted at \/host\/proc, the environment of [1-9]\d* of them opens \(nothing read\)$/),
    });
    const own = await run(`docker run ${image}`);
    expect(rec(own, 'host-pid')).toEqual({ result: 'blocked', errno: null, evidence: 'the probe is PID 1 of its own pid namespace: no process outside the container is visible' });
    expect(own.succeeded).not.toContain('host-pid');
  }, 180_000);

  it('--device <host disk>: allowed where the host lets its root open the disk, not-testable (never blocked) where the host refuses it', async () => {
    const dev = blockDeviceOf(eng().dir);
    if (!dev.name || !existsSync(`/dev/${dev.name}`)) {
      // the data root is not on a block device with a node (overlay, tmpfs): host-device has nothing to try
      const r = await run(`docker run ${image}`);
      expect(rec(r, 'host-device').result).toBe('not-applicable');
      return;
    }
    const path = `/dev/${dev.name}`;
    const r = await run(`docker run --device ${path} ${image}`);
    const rdr = await run(`docker run --read-only --device-cgroup-rule 'b ${dev.major}:* rmw' ${image}`);
    if (hostCanOpen(path)) {
      expect(rec(r, 'dev-block')).toEqual({ result: 'allowed', errno: null, evidence: `1 block device(s) open: ${path} ` });
      expect(rec(r, 'host-device').result).toBe('allowed');
      expect(rec(rdr, 'host-device')).toEqual({
        result: 'allowed',
        errno: null,
        evidence: `opened the host disk ${dev.major}:${dev.minor} (holds the filesystem behind /etc/hosts) through a node made in /dev; nothing read`,
      });
    } else {
      expect(rec(r, 'dev-block')).toEqual({
        result: 'not-testable',
        errno: 'EPERM',
        evidence: `cannot be tried on this host: the container's device cgroup allows ${path} (the configuration passes the device in), but this host refuses the open whatever the configuration`,
      });
      const untestable = {
        result: 'not-testable',
        errno: 'EPERM',
        evidence: `cannot be tried on this host: the container's device cgroup allows block device ${dev.major}:${dev.minor} (the configuration lets it open the host disk), but this host refuses the open whatever the configuration`,
      };
      expect(rec(r, 'host-device')).toEqual(untestable);
      // the read-only root filesystem does not decide it: the node is made in /dev
      expect(rec(rdr, 'host-device')).toEqual(untestable);
      expect(r.succeeded).not.toContain('dev-block');
      expect(r.succeeded).not.toContain('host-device');
    }
    // Docker's default device cgroup refuses the disk: blocked by the configuration
    const def = await run(`docker run ${image}`);
    expect(rec(def, 'host-device')).toEqual({ result: 'blocked', errno: 'EPERM', evidence: `block device ${dev.major}:${dev.minor} cannot be opened (device cgroup)` });
    expect(rec(def, 'dev-block')).toEqual({ result: 'blocked', errno: null, evidence: 'no block device in /dev' });
    // without CAP_MKNOD the node cannot be made anywhere
    const drop = await run(`docker run --cap-drop ALL ${image}`);
    expect(rec(drop, 'host-device')).toEqual({ result: 'blocked', errno: 'EPERM', evidence: `mknod of block device ${dev.major}:${dev.minor} refused (/dev EPERM, /tmp EPERM, / EPERM)` });
  }, 240_000);

  it('/proc/sysrq-trigger: read-only (blocked) where the kernel has it, not-testable where it does not', async () => {
    const r = await run(`docker run ${image}`);
    if (existsSync('/proc/sysrq-trigger')) expect(rec(r, 'sysrq-trigger')).toMatchObject({ result: 'blocked', errno: 'EROFS' });
    else {
      expect(rec(r, 'sysrq-trigger')).toEqual({ result: 'not-testable', errno: 'ENOENT', evidence: "cannot be tried on this host: /proc/sysrq-trigger does not exist in this host's kernel" });
      expect(r.succeeded).not.toContain('sysrq-trigger');
    }
  }, 120_000);

  it('--user 1000: a world-writable /tmp on the root filesystem is a writable root filesystem; --read-only stops it; no such directory: blocked', async () => {
    // bulwark's minimal image (the target's image is not on the engine) has /tmp mode 1777
    const r = await run('docker run --user 1000 nosuch/image:1');
    expect(r.image).toBe('bulwark/probe-minimal:1');
    expect(rec(r, 'rootfs-write')).toEqual({
      result: 'allowed',
      errno: null,
      evidence: 'the root filesystem is mounted read-write: uid 1000 cannot create files in / (EACCES) but created and removed one in /tmp',
    });
    expect(r.succeeded).toContain('rootfs-write');
    const ro = await run('docker run --user 1000 --read-only nosuch/image:1');
    expect(rec(ro, 'rootfs-write')).toEqual({ result: 'blocked', errno: 'EROFS', evidence: 'cannot create /.bulwark-probe-1' });
    // a tmpfs over /tmp is not the root filesystem
    const t = await run('docker run --user 1000 --tmpfs /tmp nosuch/image:1');
    expect(rec(t, 'rootfs-write')).toEqual({
      result: 'blocked',
      errno: 'EACCES',
      evidence: 'cannot create /.bulwark-probe-1; the root filesystem is mounted read-write, but uid 1000 can create files in none of its directories tried',
    });
  }, 180_000);

  it('--user nginx in the substitute image: the refusal names the substitute image, not the configuration', async () => {
    const r = await run('docker run --user nginx nosuch/image:1');
    const msg =
      'not run: the user "nginx" is looked up in the image, and the probe ran in bulwark\'s minimal image bulwark/probe-minimal:1 (the target\'s image "nosuch/image:1" is not on the engine, and bulwark never pulls), which does not define it; load the target\'s image into the engine, pass --image with an image that defines it, or give the user as a number (engine: unable to find user nginx: no matching entries in passwd file)';
    expect(r.refused).toBe(msg);
    expect(r.threat).toBe('unknown');
    expect(new Set(r.records.map((x) => x.evidence))).toEqual(new Set([msg]));
    // in the target's own image the engine's refusal is the configuration's
    const own = await run(`docker run --user nginx ${image}`);
    expect(own.refused).toBe('engine refused to start this configuration: unable to find user nginx: no matching entries in passwd file');
  }, 120_000);

  it('--cap-add ALL, which this engine\'s runtime cannot grant: the refusal says it is the host\'s doing and nothing was measured', async () => {
    const r = await run(`docker run --cap-add ALL ${image}`);
    if (r.refused) {
      expect(r.refused).toMatch(/^engine refused to start this configuration: .*unable to apply caps: operation not permitted.* \(the engine's runtime lacks a capability this configuration grants, e\.g\. a dockerd without CAP_SYS_RESOURCE cannot start --privileged or --cap-add ALL: this host cannot run the configuration, so nothing was measured\)$/);
      expect(r.threat).toBe('unknown');
      expect(new Set(r.records.map((x) => x.result))).toEqual(new Set(['not-run']));
    } else {
      // an engine that can grant every capability: SYS_ADMIN mounts, DAC_READ_SEARCH opens by handle
      expect(rec(r, 'mount-proc').result).toBe('allowed');
      expect(rec(r, 'cap:SYS_ADMIN').result).toBe('allowed');
    }
  }, 120_000);

  it('a secret value on the probed line is masked in the subject of every format and in the progress line (R-S)', async () => {
    const lines: string[] = [];
    const report = await probe({ run: `docker run -e DB_PASSWORD=hunter2 ${image}` }, { host: eng().host, dos: false, progress: (l) => lines.push(l) });
    expect(report.subject).toBe(`--run "docker run -e DB_PASSWORD=******* ${image}"`);
    expect(lines).toEqual([`probing --run "docker run -e DB_PASSWORD=******* ${image}"`]);
    for (const f of ['text', 'json', 'markdown'] as const) expect(render(report, f)).not.toContain('hunter2');
    expect(rec(report.runs![0], 'pid1-environ').evidence).toMatch(/^PID 1 \(the probe\) holds 1 secret-named variable\(s\) of \d+: DB_PASSWORD$/);
  }, 120_000);

  it('QA round D: a label secret is masked in the header, the target line and every format', async () => {
    const report = await probe({ run: `docker run --label db.url=postgres://u:ProbeLblPw@db/x ${image}` }, { host: eng().host, dos: false });
    expect(report.subject).toBe(`--run "docker run --label db.url=postgres://u:**********@db/x ${image}"`);
    expect(render(report, 'text').split('\n')).toContain(`target: docker run --network none --label db.url=postgres://u:**********@db/x ${image}`);
    for (const f of ['text', 'json', 'markdown'] as const) expect(render(report, f)).not.toContain('ProbeLblPw');
  }, 120_000);

  it('SIGINT mid-run: one line saying so, exit 130, no container left', async () => {
    const labelled = async () => (await eng().docker(['ps', '-a', '-q', '--filter', `label=${PROBE_LABEL}`])).stdout.split('\n').filter(Boolean);
    const child = spawn(process.execPath, [CLI, 'probe', '-H', eng().host, '--run', `docker run --pids-limit 50 --cpus 0.2 ${image}`, '--hog-ms', '1000', '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (c) => { stderr += c; });
    child.stdout.on('data', (c) => { stdout += c; });
    // 'close', not 'exit': 'exit' may come before the last bytes of stderr have been read from the pipe.
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.on('close', (code, signal) => ok({ code, signal })));
    // wait until the attacker runs (two labelled containers: the neighbour and the attacker)
    for (let i = 0; i < 600 && (await labelled()).length < 2; i++) await new Promise((ok) => setTimeout(ok, 100));
    expect((await labelled()).length).toBe(2);
    child.kill('SIGINT');
    expect(await exited).toEqual({ code: 130, signal: null });
    expect(stderr).toBe("bulwark: interrupted by SIGINT: this run's containers are removed, nothing was measured\n");
    expect(stdout).toBe('');
    expect(await labelled()).toEqual([]);
  }, 300_000);
});

describeEngine('bulwark probe, second QA round, on a private engine with userns-remap', () => {
  const eng = useEngine({ flags: ['--userns-remap=default'] });
  let image = '';
  beforeAll(async () => {
    image = await eng().importBusybox();
  }, 120_000);

  it('the setuid step cannot be tried in a remapped user namespace and says why (was "not setuid-root here"); --userns host brings it back', async () => {
    const r = (await probe({ run: `docker run --user 1000 ${image}` }, { host: eng().host, dos: false })).runs![0];
    expect(r.refused).toBeUndefined();
    expect(rec(r, 'userns-root')).toEqual({ result: 'blocked', errno: null, evidence: expect.stringMatching(/^euid 1000 in the container is uid \d+ on the host \(uid_map: 0 [1-9]\d* \d+\)$/) });
    expect(rec(r, 'setuid-exec')).toEqual({
      result: 'not-testable',
      errno: null,
      evidence: expect.stringMatching(
        /^cannot be tried with this engine: the container runs in a user namespace \(uid_map 0 [1-9]\d* \d+\) where bulwark's setuid-root helper, owned by the host's root, shows as uid 65534; a setuid binary of the image \(owned by the container's root\) would still raise a non-root user to the container's root unless no-new-privileges is set$/,
      ),
    });
    expect(r.succeeded).not.toContain('setuid-exec');
    const host = (await probe({ run: `docker run --userns host ${image}` }, { host: eng().host, dos: false })).runs![0];
    expect(rec(host, 'userns-root')).toEqual({ result: 'allowed', errno: null, evidence: 'euid 0 in the container is uid 0 on the host (uid_map: 0 0 4294967295)' });
    expect(rec(host, 'setuid-exec')).toEqual({ result: 'allowed', errno: null, evidence: 'uid 65534 ran /.bulwark-setuid and got euid 0' });
  }, 180_000);
});
