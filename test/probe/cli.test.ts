/**
 * `bulwark probe` as users run it: the built bundle (`dist/cli.js`, `npx tsup`) against a private engine
 * (issue 5 "CLI", "Tests on a real engine": exit codes, the targets --run / --compose / --container, --matrix,
 * cleanup on SIGTERM and after a SIGKILLed run). R-A, R-B, R-D, R-G7.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/probe/render.js';
import type { ProbeReport } from '../../src/probe/types.js';
import { describeEngine, useEngine } from '../support/engine.js';

/** The built CLI; BULWARK_TEST_CLI points at a private build while other builds replace dist/ (local runs). */
const CLI = resolve(process.env.BULWARK_TEST_CLI ?? 'dist/cli.js');
const LABEL = 'io.bulwark.probe';

function cli(args: string[], env: Record<string, string> = {}, cwd?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 600_000, env: { ...process.env, ...env }, cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bulwark probe: usage and input errors (exit 2, one line)', () => {
  it('needs exactly one target', () => {
    expect(cli(['probe'])).toEqual({ code: 2, stdout: '', stderr: 'bulwark: probe needs exactly one of --run "docker run …", --compose FILE --service NAME, --container NAME\n' });
    expect(cli(['probe', '--run', 'docker run x', '--container', 'c']).code).toBe(2);
  });
  it('--compose needs --service; --format is checked; a line without docker run is refused before any engine is asked', () => {
    expect(cli(['probe', '--compose', 'compose.yaml'])).toEqual({ code: 2, stdout: '', stderr: 'bulwark: --compose needs --service NAME\n' });
    expect(cli(['probe', '--run', 'docker run x', '--format', 'sarif'])).toEqual({ code: 2, stdout: '', stderr: 'bulwark: --format must be text, json or markdown, got "sarif"\n' });
    expect(cli(['probe', '--run', 'echo hi', '-H', 'unix:///nonexistent.sock'])).toEqual({ code: 2, stdout: '', stderr: 'bulwark: <--run>: expected one "docker run …" command, found 0\n' });
    expect(cli(['probe', '--compose', '/nonexistent/compose.yaml', '--service', 'web'])).toEqual({ code: 2, stdout: '', stderr: 'bulwark: /nonexistent/compose.yaml: cannot read: ENOENT\n' });
  });
  it('a run line without an image, or with a broken quote, is one line with its column', () => {
    expect(cli(['probe', '--run', 'docker run --rm -it', '-H', 'unix:///nonexistent.sock'])).toEqual({ code: 2, stdout: '', stderr: 'bulwark: <--run>:1:1: "docker run" requires at least 1 argument: the image\n' });
    expect(cli(['probe', '--run', 'docker run "x', '-H', 'unix:///nonexistent.sock'])).toEqual({ code: 2, stdout: '', stderr: 'bulwark: <--run>:1:12: reached EOF without closing quote "\n' });
  });

  it('an unreachable engine is one line', () => {
    const r = cli(['probe', '--run', 'docker run x', '-H', 'unix:///nonexistent.sock']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('bulwark: cannot reach the Docker engine at unix:///nonexistent.sock: connect ENOENT /nonexistent.sock\n');
    expect(cli(['probe', '--run', 'docker run x', '-H', 'tcp://127.0.0.1:1'])).toEqual({ code: 2, stdout: '', stderr: 'bulwark: cannot reach the Docker engine at tcp://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1\n' });
  });
});

describeEngine('bulwark probe CLI on a private engine', () => {
  const eng = useEngine();
  let image = '';
  let dir = '';
  beforeAll(async () => {
    image = await eng().importBusybox();
    dir = mkdtempSync(join(tmpdir(), 'bw-probe-cli-'));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const labelled = async () => (await eng().docker(['ps', '-a', '-q', '--filter', `label=${LABEL}`])).stdout.split('\n').filter(Boolean);

  /** Starts the CLI, resolves once a labelled container exists. */
  const startAndWait = async (args: string[]) => {
    const child = spawn(process.execPath, [CLI, 'probe', '-H', eng().host, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.on('close', (code, signal) => ok({ code, signal })));
    for (let i = 0; i < 600 && !(await labelled()).length; i++) await new Promise((ok) => setTimeout(ok, 100));
    return { child, exited };
  };

  it('SIGTERM mid-run removes its containers and exits 143', async () => {
    const { child, exited } = await startAndWait(['--run', `docker run ${image}`, '-q']);
    expect((await labelled()).length).toBeGreaterThanOrEqual(1);
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 143, signal: null });
    expect(await labelled()).toEqual([]);
  }, 300_000);

  it('a SIGKILLed run leaves containers that the next run removes; the next run probes --run and prints JSON', async () => {
    const { child, exited } = await startAndWait(['--run', `docker run ${image}`, '-q']);
    child.kill('SIGKILL');
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
    const left = await labelled();
    expect(left.length).toBeGreaterThanOrEqual(1);
    const r = cli(['probe', '-H', eng().host, '--run', `docker run --cap-drop ALL ${image}`, '--no-dos', '--format', 'json', '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // Docker 20.10's default seccomp profile allows io_uring_setup; the root filesystem is writable
    const report = JSON.parse(r.stdout) as ProbeReport & { schemaVersion: number };
    expect(report.schemaVersion).toBe(1);
    const run = report.runs![0];
    expect(run.records.find((x) => x.id === 'af-packet')).toMatchObject({ result: 'blocked', errno: 'EPERM' });
    // ptrace of its own child is allowed by Docker's default profile but crosses no boundary: a fact, not an attack
    expect(run.records.find((x) => x.id === 'ptrace')).toMatchObject({ result: 'allowed', kind: 'information' });
    expect(run.succeeded).toEqual(['syscall-io_uring_setup', 'rootfs-write']);
    expect(run.facts).toEqual(['ptrace', 'no-new-privs', 'userns-root']);
    expect(run.threat).toBe('partial');
    expect(await labelled()).toEqual([]);
  }, 300_000);

  it('--compose FILE --service NAME and --container NAME probe those configurations (text output)', async () => {
    const compose = join(dir, 'compose.yaml');
    writeFileSync(compose, `services:\n  web:\n    image: ${image}\n    cap_drop: [NET_RAW]\n    environment:\n      DB_PASSWORD: hunter2\n`);
    const r = cli(['probe', '-H', eng().host, '--compose', compose, '--service', 'web', '--no-dos', '-q']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}R-A {2}af-packet +blocked +EPERM +breach +raw link-layer socket refused \(no CAP_NET_RAW\)$/m);
    expect(r.stdout).toMatch(/^ {2}R-S {2}pid1-environ +allowed +breach +PID 1 \(the probe\) holds 1 secret-named variable\(s\) of \d+: DB_PASSWORD$/m);
    expect(r.stdout).toMatch(/^ {2}R-B {2}ptrace +allowed +information +attached to pid \d+ \(detached at once\)$/m);
    expect(r.stdout).toContain('\n  facts (information, not attacks): ptrace, no-new-privs, capabilities, cap:SETUID, cap:SETGID, cap:MKNOD, cap:DAC_OVERRIDE, userns-root\n');
    expect(r.stdout).not.toContain('hunter2');
    expect(cli(['probe', '-H', eng().host, '--compose', compose, '--service', 'db', '-q'])).toMatchObject({ code: 2, stderr: `bulwark: ${compose}: no service "db" (services: web)\n` });

    const created = await eng().docker(['create', '--name', 'victim', '--network', 'none', '--cap-drop', 'SETUID', '--cap-drop', 'SETGID', image, 'sleep', '1']);
    expect(created.code).toBe(0);
    const c = cli(['probe', '-H', eng().host, '--container', 'victim', '--no-dos', '--format', 'json', '-q']);
    expect(c.code).toBe(1);
    const run = (JSON.parse(c.stdout) as ProbeReport).runs![0];
    expect(run.records.find((x) => x.id === 'cap:SETUID')).toMatchObject({ result: 'blocked' });
    expect(run.records.find((x) => x.id === 'cap:NET_RAW')).toMatchObject({ result: 'allowed' });
    expect(run.records.find((x) => x.id === 'setuid-exec')).toMatchObject({ result: 'not-applicable', evidence: 'the container runs as uid 0 and cannot switch to a non-root uid to test (no CAP_SETUID)' });
    expect(cli(['probe', '-H', eng().host, '--run', `docker run ${image}`, '--image', 'nosuch:1', '-q'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `bulwark: image "nosuch:1" is not present on the engine at ${eng().host} (bulwark never pulls)\n`,
    });
    expect(cli(['probe', '-H', eng().host, '--container', 'nosuch', '-q'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^bulwark: cannot inspect container "nosuch": the engine answered HTTP 404: No such container: nosuch\n$/) });
    expect(await labelled()).toEqual([]);
  }, 300_000);

  it('a relative Compose path: a bind whose host path is missing is not carried (nothing created on the host), a volume leaves nothing behind', async () => {
    const sub = join(dir, 'shop');
    mkdirSync(sub);
    writeFileSync(join(sub, 'compose.yaml'), `services:\n  web:\n    image: ${image}\n    volumes:\n      - ./uploads:/app/uploads\n      - ./conf:/conf:ro\n      - dbdata:/var/lib/data\nvolumes:\n  dbdata:\n`);
    mkdirSync(join(sub, 'conf'));
    const r = cli(['probe', '-H', eng().host, '--compose', 'shop/compose.yaml', '--service', 'web', '--no-dos', '-q'], {}, dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`\n  not carried: volume ./uploads:/app/uploads (the host path ${join(sub, 'uploads')} does not exist on the engine's host (bulwark never creates host paths))\n`);
    expect(r.stdout).toMatch(/^ {2}R-B {2}bind-write:\/conf +blocked +EROFS +breach +\/conf is mounted read-only$/m);
    expect(r.stdout).toContain(`target: docker run --mount type=bind,source=${join(sub, 'conf')},target=/conf,readonly --mount type=volume,target=/var/lib/data --network none ${image}\n`);
    expect(readdirSync(sub).sort()).toEqual(['compose.yaml', 'conf']);
    expect(await labelled()).toEqual([]);
    expect((await eng().docker(['volume', 'ls', '-q'])).stdout).toBe('');
  }, 300_000);

  it('--privileged, which this engine refuses to start: the report says so for every attack and the exit code is 1 (no verdict is not a pass)', async () => {
    const r = cli(['probe', '-H', eng().host, '--run', `docker run --privileged ${image}`, '--no-dos', '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    if (r.stdout.includes('engine refused to start this configuration')) {
      expect(r.stdout).toMatch(/\n {2}engine refused to start this configuration: .+\n {2}\(\d+ attacks not run: no verdict\)\n$/);
      expect(r.stdout).not.toContain('No threats');
    } else expect(r.stdout).toMatch(/\n {2}Threat present: /);
    expect(await labelled()).toEqual([]);
  }, 300_000);

  it('--matrix: Table 1 measured, source (attacker) × target (victim), base = Docker defaults, hardened = the given configuration', async () => {
    const hardened = `docker run --cap-drop ALL --security-opt no-new-privileges --read-only --pids-limit 64 -m 64m --user 1000 --cpus 0.1 --cpu-shares 64 ${image}`;
    const out = join(dir, 'matrix.json');
    const r = cli(['probe', '-H', eng().host, '--matrix', '--hardened', 'own', '--run', hardened, '--format', 'json', '-o', out, '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ProbeReport;
    const cell = (s: string, t: string) => report.matrix!.cells.find((c) => c.source === s && c.target === t)!.run;
    const result = (s: string, t: string, id: string) => cell(s, t).records.find((x) => x.id === id)!.result;
    for (const t of ['base', 'hardened']) {
      // the attacker's own configuration decides these, whatever the victim
      expect([result('base', t, 'af-packet'), result('hardened', t, 'af-packet')]).toEqual(['allowed', 'blocked']);
      expect([result('base', t, 'setuid-exec'), result('hardened', t, 'setuid-exec')]).toEqual(['allowed', 'blocked']);
      expect([result('base', t, 'fork-bomb'), result('hardened', t, 'fork-bomb')]).toEqual(['allowed', 'blocked']);
      expect(cell('base', t).threat).toBe('present');
    }
    // a limited attacker (--cpus 0.1 --cpu-shares 64) leaves a Docker-defaults neighbour ≥ 80 % of its work rate
    expect(cell('hardened', 'base').neighbour!.phases.find((p) => p.phase === 'cpu-hog')!.ratio).toBeGreaterThanOrEqual(0.8);
    expect(result('hardened', 'base', 'cpu-hog')).toBe('blocked');
    // an unlimited one: how much it takes depends on the host's other load (cgroup CPU fairness shares an idle host
    // evenly, a saturated one hands the containers one slice to split), so only the verdict's consistency is fixed
    const base = cell('base', 'base').neighbour!.phases.find((p) => p.phase === 'cpu-hog')!.ratio;
    expect(result('base', 'base', 'cpu-hog')).toBe(base >= 0.8 ? 'blocked' : 'allowed');
    expect(cell('base', 'base').neighbour!.hostCpus).toBe(cpus().length);
    expect(report.matrix!.hardenedFrom).toBe(`the target's own configuration (--run "${hardened}")`);
    const md = renderMarkdown(report);
    expect(md).toContain('| | Target base | Target hardened |\n|---|---|---|\n| **Source base** | Threat present (');
    expect(md).toMatch(/\nSELinux \/ AppArmor: not enforceable on this host: the engine enforces no SELinux or AppArmor/);
    expect(await labelled()).toEqual([]);
  }, 600_000);
});
