/**
 * `docker service inspect` of real Swarm services (a one-node swarm on loopback of a private engine; services
 * with `--replicas 0`, so no task container starts): the service's task settings are audited through the one
 * model, findings pointing at the service's own fields (`/Spec/TaskTemplate/ContainerSpec/…`,
 * `/Spec/TaskTemplate/Resources/Limits/…`, `/Spec/EndpointSpec/Ports/N`). CIS Docker Benchmark 1.6.0 section 5
 * for the containers of services; R-G5, R-G6, R-G9, R-S.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditSources } from '../../src/engine/audit.js';
import { auditLive } from '../../src/live/audit.js';
import type { AuditResult } from '../../src/engine/types.js';
import { describeEngine, freePort, startEngine, type Engine } from '../support/engine.js';

describeEngine('docker service inspect', () => {
  let e: Engine;
  const inspect: Record<string, string> = {};
  beforeAll(async () => {
    e = await startEngine();
    const port = await freePort();
    const init = await e.docker(['swarm', 'init', '--advertise-addr', '127.0.0.1', '--listen-addr', `127.0.0.1:${port}`]);
    if (init.code !== 0) throw new Error(`docker swarm init failed: ${init.stderr.trim()}`);
    const image = await e.importBusybox();
    const services: Record<string, string[]> = {
      mon: [
        '--cap-add', 'CAP_SYS_ADMIN', '--mount', 'type=bind,source=/,target=/host,readonly', '--mount', 'type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock',
        '-e', 'API_TOKEN=abcdef0123456789abcdef', '--publish', 'published=9100,target=9100,mode=host', '--restart-condition', 'any',
      ],
      hard: [
        '--cap-drop', 'ALL', '--cap-add', 'CAP_NET_BIND_SERVICE', '--user', '1000:1000', '--read-only', '--limit-memory', '256m', '--limit-cpu', '0.5',
        '--limit-pids', '100', '--ulimit', 'nofile=1024:2048', '--restart-condition', 'on-failure', '--restart-max-attempts', '5',
      ],
    };
    for (const [name, flags] of Object.entries(services)) {
      const c = await e.docker(['service', 'create', '--detach', '--no-resolve-image', '--replicas', '0', '--name', name, ...flags, image, 'sleep', '1']);
      if (c.code !== 0) throw new Error(`docker service create ${name} failed: ${c.stderr.trim()}`);
      inspect[name] = (await e.docker(['service', 'inspect', name])).stdout;
    }
  }, 180_000);
  afterAll(async () => {
    if (e) await e.docker(['swarm', 'leave', '--force'], { timeoutMs: 30_000 });
    await e?.stop();
  }, 90_000);

  const audit = (name: string): Promise<AuditResult> => auditSources([{ path: `${name}.json`, text: inspect[name] }], { env: {} });
  const rows = (r: AuditResult) => r.findings.map((f) => `${f.ruleId} ${f.severity}${f.certainty === 'unknown' ? '?' : ''} ${f.location.startLine}:${f.location.startColumn} ${f.pointer ?? ''}`);

  it('a service with SYS_ADMIN, the host root and the Docker socket, a token in Env, a host-mode port and restart any', async () => {
    const r = await audit('mon');
    expect(r.errors).toEqual([]);
    expect(r.findings.every((f) => f.target.kind === 'service' && f.target.name === 'mon')).toBe(true);
    expect(rows(r)).toEqual([
      'BW-0003 medium 10:21 ',
      'BW-0004 medium? 10:21 ',
      'BW-0006 low 10:21 ',
      'BW-0007 medium? 10:21 ',
      'BW-0008 medium 10:21 ',
      'BW-0009 low 10:21 ',
      'BW-0010 medium 10:21 ',
      'BW-0031 info 10:21 ',
      'BW-0027 info 14:30 /Spec/TaskTemplate/ContainerSpec/Image',
      'BW-0026 high 20:25 /Spec/TaskTemplate/ContainerSpec/Env/0',
      'BW-0011 high 24:25 /Spec/TaskTemplate/ContainerSpec/Mounts/0',
      'BW-0013 critical 30:25 /Spec/TaskTemplate/ContainerSpec/Mounts/1',
      'BW-0002 critical 40:25 /Spec/TaskTemplate/ContainerSpec/CapabilityAdd/0',
      'BW-0030 low 48:34 /Spec/TaskTemplate/RestartPolicy/Condition',
      'BW-0028 info 78:21 /Spec/EndpointSpec/Ports/0',
    ]);
    // The token is masked in the report's copy of the source.
    expect(r.sources.get('mon.json')!.text).not.toContain('abcdef0123456789abcdef');
  });

  it('a hardened service: only what Swarm cannot set here (no-new-privileges) and the tag remain', async () => {
    const h = await audit('hard');
    expect(h.errors).toEqual([]);
    expect(rows(h)).toEqual(['BW-0007 medium? 10:21 ', 'BW-0027 info 14:30 /Spec/TaskTemplate/ContainerSpec/Image', 'BW-0002 info 26:25 /Spec/TaskTemplate/ContainerSpec/CapabilityAdd/0']);
  });

  it('--live on the manager audits the services (GET /services) as docker service inspect shows them', async () => {
    const live = await auditLive({ host: e.host, hostFacts: false });
    expect(live.errors).toEqual([]);
    const ofService = (r: AuditResult, name: string) =>
      r.findings.filter((f) => f.target.kind === 'service' && f.target.name === name).map((f) => `${f.ruleId} ${f.severity}${f.certainty === 'unknown' ? '?' : ''} ${f.pointer ?? ''}`);
    for (const name of ['mon', 'hard']) {
      // The same findings as the `docker service inspect` file, with the same pointers (lines differ: 2-space JSON).
      expect(ofService(live, name)).toEqual(ofService(await audit(name), name));
      expect(live.findings.filter((f) => f.target.name === name).every((f) => f.location.file === `docker://localhost/services/${name}`)).toBe(true);
    }
    expect(ofService(live, 'mon')).toHaveLength(15);
    expect(live.sources.get('docker://localhost/services/mon')!.text).not.toContain('abcdef0123456789abcdef');
    // `--filter name=…` selects services too (docker service ls semantics); a container-only filter selects none.
    const byName = await auditLive({ host: e.host, hostFacts: false, filters: ['name=hard'] });
    expect([...new Set(byName.findings.filter((f) => f.target.kind === 'service').map((f) => f.target.name))]).toEqual(['hard']);
    const byStatus = await auditLive({ host: e.host, hostFacts: false, filters: ['status=running'] });
    expect(byStatus.findings.filter((f) => f.target.kind === 'service')).toEqual([]);
  });
});
