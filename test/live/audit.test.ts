/**
 * `auditLive` against a private Docker Engine (issue 3 "Tests on a real engine"): containers with known
 * risky and hardened settings from an imported busybox image, exact rule ids per container, JSON pointers
 * and lines into the pretty-printed inspect source, image history findings, filters, the daemon, and a
 * recording proxy proving the audit sends GET requests only.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditLive } from '../../src/live/audit.js';
import { auditTargets } from '../../src/compliance/index.js';
import { renderCompliance } from '../../src/report/compliance.js';
import type { AuditResult, Finding } from '../../src/engine/types.js';
import { describeEngine, useEngine } from '../support/engine.js';

/** Slugs per target name, sorted. */
function byTarget(r: AuditResult, kind: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of r.findings) if (f.target.kind === kind) (out[f.target.name] ??= []).push(f.slug);
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

function one(r: AuditResult, target: string, slug: string): Finding {
  const fs = r.findings.filter((f) => f.target.name === target && f.slug === slug);
  expect(fs, `${target} ${slug}`).toHaveLength(1);
  return fs[0];
}

/** The text of the line a finding points at. */
function lineOf(r: AuditResult, f: Finding): string {
  return r.sources.get(f.location.file)!.lineText(f.location.startLine);
}

describeEngine('audit --live against a private engine', () => {
  const eng = useEngine();
  let result: AuditResult;
  let env: { cgroupHost: boolean; apparmorEmpty: boolean };
  const requests: string[] = [];
  let proxy: Server;
  let proxySock: string;

  beforeAll(async () => {
    const e = eng();
    const img = await e.importBusybox();
    const n = ['--network', 'none'];
    const ctx = mkdtempSync(join(e.dir, 'ctx-'));
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${img}\nARG NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789\nRUN echo building >/tmp/x\nRUN apt-get update || true\nUSER 1000\n`);
    const steps: string[][] = [
      ['create', '--name', 'priv', '--privileged', ...n, img, 'sleep', '1000'],
      ['run', '-d', '--name', 'sysadmin', '--cap-add', 'SYS_ADMIN', ...n, img, 'sleep', '1000'],
      ['create', '--name', 'hostroot', '-v', '/:/host', ...n, img, 'true'],
      ['create', '--name', 'sock', '-v', `${e.socket}:/var/run/docker.sock`, ...n, img, 'true'],
      // A named volume the local driver binds from the host's /etc: a bind mount that inspect shows as a volume.
      ['volume', 'create', '--opt', 'type=none', '--opt', 'o=bind', '--opt', 'device=/etc', 'hostetc'],
      ['create', '--name', 'volbind', '-v', 'hostetc:/host-etc', ...n, img, 'true'],
      ['create', '--name', 'hostpid', '--pid', 'host', ...n, img, 'true'],
      ['create', '--name', 'hostnet', '--network', 'host', img, 'true'],
      ['run', '-d', '--name', 'hardened', '--cap-drop', 'ALL', '--read-only', '--user', '1000', '--security-opt', 'no-new-privileges', '--memory', '64m', '--cpus', '0.5', '--pids-limit', '50', '--label', 'tier=db', ...n, img, 'sleep', '1000'],
      ['build', '--network', 'none', '-q', '-t', 'bw/history:test', ctx],
      ['create', '--name', 'hist', '--cap-drop', 'ALL', '--read-only', '--security-opt', 'no-new-privileges', '--memory', '64m', '--cpus', '0.5', '--pids-limit', '50', ...n, 'bw/history:test', 'true'],
      // CIS 5.23/5.24: a container running as a user, with an exec as root still running (and a privileged one below).
      ['run', '-d', '--name', 'execs', '--user', '1000', ...n, img, 'sleep', '1000'],
      ['exec', '-d', '--user', 'root', 'execs', 'sleep', '998'],
    ];
    for (const s of steps) {
      const r = await e.docker(s, { env: { DOCKER_BUILDKIT: '0' } });
      expect(r.code, `docker ${s.join(' ')}: ${r.stderr}`).toBe(0);
    }
    // A privileged exec cannot start on this VM (dockerd lacks CAP_SYS_RESOURCE: "unable to apply caps"), so it is
    // created through the API (POST /containers/{id}/exec) and left unstarted: the engine lists it all the same.
    const created = await new Promise<{ status: number; body: string }>((ok, fail) => {
      const req = request({ socketPath: e.socket, method: 'POST', path: '/containers/execs/exec', headers: { 'content-type': 'application/json' } }, (r) => {
        let body = '';
        r.on('data', (c) => (body += c));
        r.on('end', () => ok({ status: r.statusCode ?? 0, body }));
      });
      req.on('error', fail);
      req.end(JSON.stringify({ Cmd: ['sleep', '999'], Privileged: true }));
    });
    expect(created.status, created.body).toBe(201);
    const hard = JSON.parse((await e.docker(['inspect', 'hardened'])).stdout)[0];
    env = { cgroupHost: hard.HostConfig.CgroupnsMode === 'host', apparmorEmpty: hard.AppArmorProfile === '' };

    // A recording proxy in front of the engine's socket: every method and path that reaches it.
    proxySock = join(e.dir, 'proxy.sock');
    proxy = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      const up = request({ socketPath: e.socket, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    await new Promise<void>((res) => proxy.listen(proxySock, res));
    result = await auditLive({ host: `unix://${proxySock}` });
  }, 180_000);

  afterAll(async () => {
    await new Promise((res) => proxy?.close(res));
  });

  it('sends GET requests only, and these', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => !r.startsWith('GET '))).toEqual([]);
    const shapes = [...new Set(requests.map((r) => r.replace(/[0-9a-f]{64}/g, '<id>').replace(/\?.*$/, '?…')))].sort();
    expect(shapes).toEqual([
      'GET /_ping',
      'GET /containers/<id>/json',
      'GET /containers/json?…',
      'GET /exec/<id>/json',
      'GET /images/sha256:<id>/history',
      'GET /images/sha256:<id>/json',
      'GET /info',
      'GET /networks',
      'GET /version',
      'GET /volumes/hostetc',
    ]);
    expect(requests.filter((r) => /^GET \/containers\/[0-9a-f]{64}\/json$/.test(r))).toHaveLength(10);
    expect(requests.filter((r) => /^GET \/exec\/[0-9a-f]{64}\/json$/.test(r))).toHaveLength(2);
    expect(requests.find((r) => r.startsWith('GET /containers/json'))).toMatch(/all=(1|true)/);
    // Two images in use: busybox and the built one.
    expect(requests.filter((r) => r.endsWith('/history'))).toHaveLength(2);
  });

  it('reports exactly the expected rules per container', () => {
    // Present on every container on this host: no ulimits (info), image tag not pinned (info); the host
    // has no AppArmor (empty AppArmorProfile, info) and cgroup v1 makes "host" dockerd's default cgroupns.
    const hostDefaults = [...(env.apparmorEmpty ? ['apparmor-profile-empty'] : []), ...(env.cgroupHost ? ['host-cgroupns'] : []), 'image-not-pinned', 'ulimits-missing'];
    const unhardened = ['capabilities-not-dropped', 'cpu-limit-missing', 'memory-limit-missing', 'no-new-privileges-missing', 'pids-limit-missing', 'root-filesystem-writable', 'user-not-set'];
    const sorted = (xs: string[]) => [...xs].sort();
    expect(byTarget(result, 'container')).toEqual({
      // Privileged: AppArmor is "unconfined" rather than empty; the label=disable Docker adds itself is not
      // reported again (selinux-disabled skips it for privileged / host PID / host IPC inspect sources).
      priv: sorted([...hostDefaults.filter((s) => s !== 'apparmor-profile-empty'), ...unhardened, 'privileged-container']),
      sysadmin: sorted([...hostDefaults, ...unhardened, 'dangerous-capability-added']),
      // A bind of / is recursive: the engine's socket is under it too (BW-0013).
      hostroot: sorted([...hostDefaults, ...unhardened, 'sensitive-host-mount', 'docker-socket-mounted']),
      sock: sorted([...hostDefaults, ...unhardened, 'docker-socket-mounted']),
      volbind: sorted([...hostDefaults, ...unhardened, 'sensitive-host-mount']),
      // --pid host: Docker adds label=disable to SecurityOpt itself; only host-pid is reported.
      hostpid: sorted([...hostDefaults, ...unhardened, 'host-pid']),
      hostnet: sorted([...hostDefaults, ...unhardened, 'host-network']),
      hardened: sorted(hostDefaults),
      // Hardened except the user: the image's USER 1000 counts; ENV-free image, so only host defaults.
      hist: sorted(hostDefaults),
      execs: sorted([...hostDefaults, ...unhardened.filter((s) => s !== 'user-not-set'), 'exec-as-root', 'exec-privileged']),
    });
  });

  it('reports the privileged exec and the exec as root at their ProcessConfig fields (CIS 5.23, 5.24)', () => {
    const p = one(result, 'execs', 'exec-privileged');
    expect(p).toMatchObject({ severity: 'high', pointer: '/ProcessConfig/privileged', cis: { '1.6.0': ['5.23'] } });
    expect(p.message).toBe(`exec instance "sleep 999" runs with every capability (docker exec --privileged), CAP_SYS_ADMIN included, whatever the container's cap_drop says`);
    expect(p.location.file).toMatch(/^docker:\/\/localhost\/containers\/execs\/exec\/[0-9a-f]{12}$/);
    expect(lineOf(result, p)).toBe('    "privileged": true,');
    const r = one(result, 'execs', 'exec-as-root');
    expect(r).toMatchObject({ severity: 'low', pointer: '/ProcessConfig/user', data: { hook: 'exec', user: 'root' }, cis: { '1.6.0': ['5.24'] } });
    expect(r.message).toBe('exec instance "sleep 998" runs as root (user root) in a container set to run as 1000');
    expect(lineOf(result, r)).toBe('    "user": "root"');
  });

  it('the hardened container has nothing above info; the cgroup v1 default cgroupns is info', () => {
    const above = result.findings.filter((f) => f.target.name === 'hardened' && f.severity !== 'info').map((f) => `${f.slug} ${f.severity}`);
    expect(above).toEqual([]);
    const cg = result.findings.filter((f) => f.target.name === 'hardened' && f.slug === 'host-cgroupns');
    expect(cg.map((f) => `${f.severity} ${f.pointer}`)).toEqual(env.cgroupHost ? ['info /HostConfig/CgroupnsMode'] : []);
    if (env.cgroupHost) expect(cg[0].message).toMatch(/default on cgroup v1 hosts/);
  });

  it('points at the inspect field with a JSON pointer and its line', () => {
    const p = one(result, 'priv', 'privileged-container');
    expect(p).toMatchObject({ severity: 'critical', pointer: '/HostConfig/Privileged', target: { kind: 'container', name: 'priv' } });
    expect(p.location.file).toBe('docker://localhost/containers/priv');
    expect(lineOf(result, p)).toBe('    "Privileged": true,');
    expect(p.location.startColumn).toBe(19);
    expect(p.location.endColumn).toBe(23);

    const cap = one(result, 'sysadmin', 'dangerous-capability-added');
    expect(cap).toMatchObject({ pointer: '/HostConfig/CapAdd/0', data: { capability: 'SYS_ADMIN' }, severity: 'critical' });
    // The docker CLI (28) sends the capability with its CAP_ prefix.
    expect(lineOf(result, cap)).toBe('      "CAP_SYS_ADMIN"');

    const root = one(result, 'hostroot', 'sensitive-host-mount');
    expect(root).toMatchObject({ pointer: '/HostConfig/Binds/0', data: { path: '/', mode: 'rw', target: '/host' }, severity: 'critical' });
    expect(lineOf(result, root)).toBe('      "/:/host"');

    // The volume is the host's /etc: reported at the container's mount, its source at the volume's `device` option.
    const vol = one(result, 'volbind', 'sensitive-host-mount');
    expect(vol).toMatchObject({ pointer: '/HostConfig/Binds/0', data: { path: '/etc', mode: 'rw', target: '/host-etc' }, severity: 'high' });
    expect(lineOf(result, vol)).toBe('      "hostetc:/host-etc"');
    expect(result.sources.get('docker://localhost/volumes/hostetc')?.text).toContain('"device": "/etc"');

    const sock = one(result, 'sock', 'docker-socket-mounted');
    expect(sock).toMatchObject({ pointer: '/HostConfig/Binds/0', data: { path: eng().socket, mode: 'rw' } });

    expect(one(result, 'hostpid', 'host-pid')).toMatchObject({ pointer: '/HostConfig/PidMode', data: { mode: 'host' } });
    expect(one(result, 'hostnet', 'host-network')).toMatchObject({ pointer: '/HostConfig/NetworkMode', data: { mode: 'host' } });
    const user = one(result, 'sysadmin', 'user-not-set');
    expect(user).toMatchObject({ pointer: '/Config/User', certainty: 'definite', data: { user: 'root' } });
    expect(lineOf(result, user)).toBe('    "User": "",');
  });

  it('judges image history: build-arg secret and apt-get update without install, secret masked', () => {
    const hist = result.findings.filter((f) => f.target.kind === 'image');
    expect(hist.map((f) => `${f.target.name} ${f.slug} ${f.location.startLine}`)).toEqual([
      'bw/history:test df-secret-in-env 3',
      'bw/history:test df-update-without-install 5',
    ]);
    expect(hist[0].data).toMatchObject({ name: 'NPM_TOKEN', kind: 'literal' });
    const src = result.sources.get(hist[0].location.file)!;
    expect(hist[0].location.file).toBe('docker://localhost/images/bw/history:test/history');
    expect(src.lineText(3)).toBe(`ARG NPM_TOKEN=${'*'.repeat(40)}`);
    expect(src.text).not.toContain('npm_abcdef');
  });

  it('audits the daemon from /info and the dockerd command line', () => {
    const d = result.findings.filter((f) => f.target.kind === 'daemon');
    expect(new Set(d.map((f) => f.target.name))).toEqual(new Set([`unix://${proxySock}`]));
    const ipt = one(result, `unix://${proxySock}`, 'daemon-iptables-disabled');
    expect(ipt.location.file).toMatch(/^\/proc\/\d+\/cmdline$/);
    const line = result.sources.get(ipt.location.file)!.lineText(1);
    expect(line.slice(ipt.location.startColumn - 1, ipt.location.endColumn - 1)).toBe('--iptables=false');
    expect(byTarget(result, 'daemon')[`unix://${proxySock}`]).toEqual(
      expect.arrayContaining(['daemon-live-restore-missing', 'daemon-no-new-privileges-missing', 'daemon-userns-remap-missing']),
    );
    // The private engine runs with --bridge=none: no default bridge, so icc has nothing to apply to.
    expect(byTarget(result, 'daemon')[`unix://${proxySock}`]).not.toContain('daemon-icc-enabled');
    expect(byTarget(result, 'daemon')[`unix://${proxySock}`]).not.toContain('daemon-tcp-without-tls');
    expect(result.files.map((f) => f.path)).toContain('docker://localhost/info');
  });

  it('one engine is ONE daemon target: /info merged with the command line, each finding once (compliance too)', () => {
    const name = `unix://${proxySock}`;
    const daemons = auditTargets(result).filter((t) => t.kind === 'daemon');
    // Source `engine`: the rules for a live engine's daemon (swarm rules included) decide what the compliance view judges.
    expect(daemons).toEqual([{ kind: 'daemon', name, file: 'docker://localhost/info', source: 'engine' }]);
    const d = result.findings.filter((f) => f.target.kind === 'daemon');
    expect(d.filter((f) => f.slug === 'daemon-iptables-disabled')).toHaveLength(1);
    expect(d.filter((f) => f.slug === 'daemon-userns-remap-missing')).toHaveLength(1);
    expect(d.find((f) => f.slug === 'daemon-userns-remap-missing')!.location.file).toBe('docker://localhost/info');
    const text = renderCompliance(result, 'text');
    expect(text.split('\n').filter((l) => l.startsWith('daemon '))).toEqual([`daemon ${name}  (docker://localhost/info)`]);
    const row = (JSON.parse(renderCompliance(result, 'json')) as { targets: { kind: string; results: { id: string; status: string }[] }[] }).targets
      .find((t) => t.kind === 'daemon')!.results.find((r) => r.id === '2.4')!;
    expect(row.status).toBe('fail');
  });

  it('filters by name and by label, as docker ps --filter', async () => {
    const byName = await auditLive({ host: eng().host, filters: ['name=hostpid'], hostFacts: false });
    expect(Object.keys(byTarget(byName, 'container'))).toEqual(['hostpid']);
    const byLabel = await auditLive({ host: eng().host, filters: ['label=tier=db'], hostFacts: false });
    expect(Object.keys(byTarget(byLabel, 'container'))).toEqual(['hardened']);
  });

  it('a bound of 1 gives the same findings as the default', async () => {
    const a = await auditLive({ host: eng().host, concurrency: 1, hostFacts: false });
    const b = await auditLive({ host: eng().host, hostFacts: false });
    expect(a.findings).toEqual(b.findings);
    expect(a.summary.targets).toBe(b.summary.targets);
  });
});
