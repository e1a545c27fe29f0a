/**
 * What only a live audit knows about its engine (`ContainerSpec.engine`, src/live/audit.ts `liveEngineFacts`): the
 * engine's own unix socket and data root, wherever they are (QA, live audit of an engine at /tmp/qa-c/d.sock).
 */
import { mkdtempSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditTargets, complianceView } from '../compliance/index.js';
import type { AuditResult } from '../engine/types.js';
import { allRules } from '../rules/index.js';
import { auditLive } from './audit.js';
import { auditEngineContainer } from './engine-testkit.js';

const J = 'application/json';

/** A container's inspect answer with the given binds (`Mounts`) and HostConfig additions. */
function container(name: string, mounts: { Source: string; Destination: string; RW: boolean }[], host: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) {
  return {
    Id: `${name}0000000000000000`,
    Name: `/${name}`,
    Image: 'sha256:aaaaaaaaaaaaaaaa',
    Config: { Image: 'app:1', User: '1000', Env: [] },
    HostConfig: { Privileged: false, CapAdd: null, CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'], ReadonlyRootfs: true, Memory: 67108864, NanoCpus: 500000000, PidsLimit: 50, ...host },
    Mounts: mounts.map((m) => ({ Type: 'bind', Mode: m.RW ? '' : 'ro', Propagation: 'rprivate', ...m })),
    ...rest,
  };
}

/** `ruleId severity certainty line:column message` of each finding of `ids`. */
function lines(r: AuditResult, ids: string[]): string[] {
  return r.findings.filter((f) => ids.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.severity} ${f.certainty} ${f.location.startLine}:${f.location.startColumn} ${f.message}`);
}

const rules = allRules.filter((r) => ['BW-0011', 'BW-0012', 'BW-0013'].includes(r.meta.id));

describe("a bind of the audited engine's own socket or data root", () => {
  it("the socket's parent directory is BW-0013 critical, not BW-0012", async () => {
    const r = await auditEngineContainer(rules, container('c', [{ Source: '/tmp/qa-c', Destination: '/qa', RW: true }]), { sockets: ['/tmp/qa-c/d.sock'] });
    expect(lines(r, ['BW-0011', 'BW-0012', 'BW-0013'])).toEqual(['BW-0013 critical definite 25:5 container runtime API socket reachable through /tmp/qa-c: root-equivalent on the host']);
  });
  it('the socket itself, read-only, is BW-0013', async () => {
    const r = await auditEngineContainer(rules, container('c', [{ Source: '/srv/e/api.sock', Destination: '/api.sock', RW: false }]), { sockets: ['/srv/e/api.sock'] });
    expect(lines(r, ['BW-0011', 'BW-0012', 'BW-0013'])).toEqual([
      'BW-0013 critical definite 25:5 container runtime API socket reachable through /srv/e/api.sock: root-equivalent on the host (read-only does not help: connect() works on a read-only bind)',
    ]);
  });
  it('a sibling directory of the socket stays BW-0012 info', async () => {
    const r = await auditEngineContainer(rules, container('c', [{ Source: '/tmp/qa-c/appdata', Destination: '/data', RW: true }]), { sockets: ['/tmp/qa-c/d.sock'] });
    expect(lines(r, ['BW-0011', 'BW-0012', 'BW-0013']).map((l) => l.split(' ').slice(0, 4).join(' '))).toEqual(['BW-0012 info definite 25:5']);
  });
  it('the DockerRootDir, read-only, is BW-0011 high as /var/lib/docker is', async () => {
    const r = await auditEngineContainer(rules, container('c', [{ Source: '/tmp/qa-c/data', Destination: '/x', RW: false }]), { sockets: [], dataRoot: '/tmp/qa-c/data' });
    expect(lines(r, ['BW-0011', 'BW-0012', 'BW-0013'])).toEqual([
      "BW-0011 high definite 25:5 host path /tmp/qa-c/data mounted read-only at /x: the engine's data root /tmp/qa-c/data (DockerRootDir): every container's layers, configuration and environment",
    ]);
  });
  it('without engine facts (a file) the same binds keep their static verdicts', async () => {
    const r = await auditEngineContainer(rules, container('c', [{ Source: '/tmp/qa-c', Destination: '/qa', RW: false }]), { sockets: [] });
    expect(lines(r, ['BW-0011', 'BW-0012', 'BW-0013'])).toEqual([]);
  });
});

describe('auditLive through a unix socket', () => {
  it("a container binding the socket's directory: BW-0013 and CIS 5.32 fail", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-sock-'));
    mkdirSync(join(dir, 'appdata'));
    const sock = join(dir, 'd.sock');
    const c = container('qa', [{ Source: dir, Destination: '/qa', RW: true }]);
    const routes: Record<string, string> = {
      '/_ping': 'OK',
      '/version': '{"Version":"28.0.0","ApiVersion":"1.48"}',
      '/info': JSON.stringify({ ID: 'x', Name: 'h', SecurityOptions: [], DockerRootDir: join(dir, 'data'), Swarm: { LocalNodeState: 'inactive' } }),
      '/networks': '[]',
      '/containers/json': JSON.stringify([{ Id: c.Id, Image: c.Image }]),
      [`/containers/${c.Id}/json`]: JSON.stringify(c),
      '/images/sha256:aaaaaaaaaaaaaaaa/json': '{"Id":"sha256:aaaaaaaaaaaaaaaa","Config":{"User":"1000"}}',
      '/images/sha256:aaaaaaaaaaaaaaaa/history': '[]',
    };
    const server = createServer((req, res) => {
      const body = routes[(req.url ?? '').replace(/^\/v[\d.]+/, '').split('?')[0]];
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': J });
      res.end(body ?? '{"message":"page not found"}');
    });
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      const r = await auditLive({ host: `unix://${sock}`, env: {}, hostFacts: false, unitRoot: false, config: {}, proc: join(dir, 'no-proc') });
      expect(lines(r, ['BW-0011', 'BW-0012', 'BW-0013']).map((l) => l.replace(dir, '<dir>'))).toEqual(['BW-0013 critical definite 25:5 container runtime API socket reachable through <dir>: root-equivalent on the host']);
      const view = complianceView(r, allRules, auditTargets(r)).find((t) => t.name === 'qa')!;
      expect(view.results.find((x) => x.id === '5.32')!.status).toBe('fail');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

// QA (live, a host without AppArmor/SELinux): apparmor=unconfined / label=disable were high and failed 5.2/5.3, while
// the host's other containers showed 5.2/5.3 as not applicable.
describe('apparmor=unconfined and label=disable on a host without that LSM', () => {
  const lsmRules = allRules.filter((r) => ['BW-0022', 'BW-0023'].includes(r.meta.id));
  const c = container('c', [], { SecurityOpt: ['no-new-privileges', 'apparmor=unconfined', 'label=disable'] });
  const rows = (r: AuditResult) => {
    const t = complianceView(r, allRules, [{ kind: 'container', name: 'c', file: 'docker://localhost/containers/c', source: 'engine' }])[0];
    return ['5.2', '5.3'].map((id) => { const x = t.results.find((y) => y.id === id)!; return `${id} ${x.status}${x.reason ? `: ${x.reason}` : ''}`; });
  };
  it('the live host has neither: info notes saying the option changes nothing, 5.2 and 5.3 not applicable', async () => {
    const r = await auditEngineContainer(lsmRules, c, { sockets: [], mac: { apparmor: 'disabled', selinux: 'disabled' } });
    expect(lines(r, ['BW-0022', 'BW-0023'])).toEqual([
      'BW-0022 info definite 18:7 apparmor=unconfined changes nothing on this host: it has no AppArmor, so no container here is confined by it',
      'BW-0023 info definite 19:7 label=disable changes nothing on this host: it has no SELinux, so no container here is confined by it',
    ]);
    expect(rows(r)).toEqual([
      '5.2 not applicable: apparmor=unconfined changes nothing on this host: it has no AppArmor, so no container here is confined by it',
      '5.3 not applicable: label=disable changes nothing on this host: it has no SELinux, so no container here is confined by it',
    ]);
  });
  it('a host with AppArmor and SELinux enforcing, or no host known: high, 5.2 and 5.3 fail', async () => {
    for (const mac of [{ apparmor: 'enabled', selinux: 'enforcing' } as const, undefined]) {
      const r = await auditEngineContainer(lsmRules, c, mac ? { sockets: [], mac } : { sockets: [] });
      expect(lines(r, ['BW-0022', 'BW-0023']).map((l) => l.split(' ').slice(0, 4).join(' '))).toEqual(['BW-0022 high definite 18:7', 'BW-0023 high definite 19:7']);
      expect(rows(r)).toEqual(['5.2 fail', '5.3 fail']);
    }
  });
});

// QA (live, dockerd --bridge=none): the container had only `lo`, yet BW-0038 said it joined the default bridge.
describe('an engine without a default bridge network', () => {
  async function audit(networks: unknown[]): Promise<{ r: AuditResult; row: string }> {
    const c = container('nb', [], { NetworkMode: 'bridge' });
    const routes: Record<string, string> = {
      '/_ping': 'OK',
      '/version': '{"Version":"28.0.0","ApiVersion":"1.48"}',
      '/info': JSON.stringify({ ID: 'x', Name: 'h', SecurityOptions: [], Swarm: { LocalNodeState: 'inactive' } }),
      '/networks': JSON.stringify(networks),
      '/containers/json': JSON.stringify([{ Id: c.Id, Image: c.Image }]),
      [`/containers/${c.Id}/json`]: JSON.stringify(c),
      '/images/sha256:aaaaaaaaaaaaaaaa/json': '{"Id":"sha256:aaaaaaaaaaaaaaaa","Config":{"User":"1000"}}',
      '/images/sha256:aaaaaaaaaaaaaaaa/history': '[]',
    };
    const server = createServer((req, res) => {
      const body = routes[(req.url ?? '').replace(/^\/v[\d.]+/, '').split('?')[0]];
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': J });
      res.end(body ?? '{"message":"page not found"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const host = `tcp://127.0.0.1:${(server.address() as { port: number }).port}`;
      const r = await auditLive({ host, env: {}, hostFacts: false, unitRoot: false, config: {}, proc: '/nonexistent-proc' });
      const x = complianceView(r, allRules, auditTargets(r)).find((t) => t.name === 'nb')!.results.find((y) => y.id === '5.30')!;
      return { r, row: `${x.status}${x.reason ? `: ${x.reason}` : ''}` };
    } finally {
      await new Promise((r) => server.close(r));
    }
  }
  it('no BW-0038, and CIS 5.30 not applicable with the reason', async () => {
    const { r, row } = await audit([{ Name: 'host', Driver: 'host', Options: {} }, { Name: 'none', Driver: 'null', Options: {} }]);
    expect(lines(r, ['BW-0038'])).toEqual([]);
    expect(row).toBe('not applicable: the engine has no default bridge network (dockerd --bridge=none): no container here can use docker0');
  });
  // QA (live, a remote engine through a TCP tunnel): no local dockerd provably serves it (./local.ts findDockerdPid),
  // so what only its command line shows is unknown, not "not set".
  it("no dockerd command line attributed to the engine: flag-only settings are unknown (BW-0204, BW-0207, BW-0211)", async () => {
    const { r } = await audit([]);
    expect(r.findings.filter((f) => ['BW-0204', 'BW-0207', 'BW-0211'].includes(f.ruleId)).map((f) => `${f.ruleId} ${f.certainty} ${f.message}`)).toEqual([
      "BW-0204 unknown no-new-privileges is not set in /info or daemon.json, and dockerd's command line could not be attributed to this engine (it may set it): setuid binaries in containers can raise privileges",
      "BW-0207 unknown userland-proxy is not set in /info or daemon.json, and dockerd's command line could not be attributed to this engine (it may set it): docker-proxy runs for every published port (dockerd's default)",
      "BW-0211 unknown default-ulimits is not set in /info or daemon.json, and dockerd's command line could not be attributed to this engine (it may set it): containers without their own ulimits inherit dockerd's",
    ]);
  });
  it('with the default bridge: BW-0038 and 5.30 fail', async () => {
    const { r, row } = await audit([{ Name: 'bridge', Driver: 'bridge', Options: {} }]);
    expect(lines(r, ['BW-0038']).map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual(['BW-0038 low definite']);
    expect(row).toBe('fail');
  });
});
