/**
 * toEngineConfig on a real engine: the create body is accepted by dockerd, the container starts, and
 * `docker inspect` shows every security setting the model held (issue 4 proof, issue 5 probes rely on it).
 */
import Docker from 'dockerode';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ingestSource } from '../../src/engine/audit.js';
import { toEngineConfig, toRunLine } from '../../src/emit/engine.js';
import { describeEngine, useEngine } from '../support/engine.js';

describeEngine('toEngineConfig on a private engine', () => {
  const eng = useEngine();
  const dir = mkdtempSync(join(tmpdir(), 'bw-emit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates and starts the container the model describes; inspect shows the settings', async () => {
    const image = await eng().importBusybox();
    const text =
      `docker run --cap-drop ALL --cap-add CHOWN --security-opt no-new-privileges --read-only --user 1000:1000 ` +
      `--pids-limit 64 -m 64m --cpus 0.5 --tmpfs /tmp:size=16m -v ${dir}:/data:ro --ulimit nofile=1024:2048 --sysctl net.ipv4.ip_forward=0 app:1\n`;
    const { containers } = await ingestSource({ path: 'run.sh', text, kind: 'run' });
    const cfg = toEngineConfig(containers[0], { image, name: 'bw-emit-1', labels: { 'io.bulwark.test': '1' }, cmd: ['sh', '-c', 'id -u; cat /proc/self/status | grep -E "^(CapEff|CapBnd|NoNewPrivs)"'] });
    expect(cfg.dropped).toEqual([]);
    const docker = new Docker({ socketPath: eng().socket });
    const c = await docker.createContainer(cfg.body as Docker.ContainerCreateOptions);
    await c.start();
    const { StatusCode } = (await c.wait()) as { StatusCode: number };
    const logs = (await c.logs({ stdout: true, stderr: true })).toString('latin1').replace(/[\x00-\x08]/g, '');
    expect(StatusCode).toBe(0);
    expect(logs).toMatch(/^.*1000\s/m);
    expect(logs).toMatch(/CapEff:\s+0000000000000000/); // a non-root user holds no effective capability
    expect(logs).toMatch(/CapBnd:\s+0000000000000001/); // CHOWN only
    expect(logs).toMatch(/NoNewPrivs:\s+1/);
    const i = await c.inspect();
    expect(i.Config.User).toBe('1000:1000');
    expect(i.Config.Labels).toEqual({ 'io.bulwark.test': '1' });
    expect(i.HostConfig.CapDrop).toEqual(['ALL']);
    expect(i.HostConfig.CapAdd).toEqual(['CHOWN']);
    expect(i.HostConfig.SecurityOpt).toEqual(['no-new-privileges']);
    expect(i.HostConfig.ReadonlyRootfs).toBe(true);
    expect(i.HostConfig.PidsLimit).toBe(64);
    expect(i.HostConfig.Memory).toBe(67108864);
    expect(i.HostConfig.NanoCpus).toBe(500000000);
    expect(i.HostConfig.NetworkMode).toBe('none');
    expect(i.HostConfig.Tmpfs).toEqual({ '/tmp': 'size=16m' });
    expect(i.HostConfig.Sysctls).toEqual({ 'net.ipv4.ip_forward': '0' });
    expect(i.Mounts.map((m) => [m.Type, m.Source, m.Destination, m.RW])).toEqual([['bind', dir, '/data', false]]);
    await c.remove({ force: true });

    // The same configuration as docker CLI flags is accepted by `docker create` and gives the same HostConfig.
    const args = cfg.args.map((a) => (a === 'bw-emit-1' ? 'bw-emit-2' : a));
    expect(toRunLine(cfg, 'create')).toMatch(/^docker create --name bw-emit-1 --user 1000:1000 --cap-add CHOWN --cap-drop ALL /);
    const r = await eng().docker(['create', ...args, image, ...cfg.command]);
    expect(r.stderr).toBe('');
    const i2 = await docker.getContainer('bw-emit-2').inspect();
    // The CLI writes capability names with CAP_ (CAP_CHOWN); the API keeps them as sent.
    expect(i2.HostConfig.CapAdd).toEqual(['CAP_CHOWN']);
    for (const k of ['CapDrop', 'SecurityOpt', 'ReadonlyRootfs', 'PidsLimit', 'Memory', 'NanoCpus', 'NetworkMode', 'Tmpfs', 'Sysctls', 'Ulimits'] as const) expect(i2.HostConfig[k]).toEqual(i.HostConfig[k]);
    await docker.getContainer('bw-emit-2').remove({ force: true });
  });
});
