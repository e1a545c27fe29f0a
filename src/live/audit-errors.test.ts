/**
 * The live audit keeps going when the engine cannot describe one object (R-G14: an audit reports what it
 * could read and says what it could not), and words an engine's refusal apart from "cannot reach".
 */
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { auditLive } from './audit.js';

const J = 'application/json';

async function fakeEngine(routes: Record<string, [number, string, string]>) {
  const server = createServer((req, res) => {
    const [status, type, body] = routes[(req.url ?? '').split('?')[0]] ?? [404, J, '{"message":"page not found"}'];
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `tcp://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { host, close: () => new Promise((r) => server.close(r)) };
}

const CONTAINER = {
  Id: 'c1c1c1c1c1c1c1',
  Name: '/web',
  Image: 'sha256:aaaaaaaaaaaaaaaa',
  Config: { Image: 'web:1', User: '', Env: [] },
  HostConfig: { Privileged: true, CapAdd: null, CapDrop: null, SecurityOpt: null, ReadonlyRootfs: false, Memory: 0, NanoCpus: 0, PidsLimit: null },
  Mounts: [],
};

describe('auditLive against a failing engine', () => {
  it('turns one image the engine cannot describe into an input error and audits the rest', async () => {
    const f = await fakeEngine({
      '/_ping': [200, 'text/plain', 'OK'],
      '/version': [200, J, '{"Version":"28.0.0","ApiVersion":"1.48"}'],
      '/info': [200, J, '{"ID":"x","Name":"h","SecurityOptions":[],"Swarm":{"LocalNodeState":"inactive"}}'],
      '/networks': [200, J, '[]'],
      '/containers/json': [200, J, JSON.stringify([{ Id: CONTAINER.Id, Image: CONTAINER.Image }])],
      [`/containers/${CONTAINER.Id}/json`]: [200, J, JSON.stringify(CONTAINER)],
      '/images/sha256:aaaaaaaaaaaaaaaa/json': [200, J, '{"Id":"sha256:aaaaaaaaaaaaaaaa","Config":{"User":""}}'],
      '/images/sha256:aaaaaaaaaaaaaaaa/history': [500, J, '{"message":"boom"}'],
    });
    try {
      const r = await auditLive({ host: f.host, env: {}, hostFacts: false, unitRoot: false, config: {} });
      expect(r.errors.map((e) => [e.code, e.message])).toEqual([['engine', 'could not read images/aaaaaaaaaaaa/history: the engine answered HTTP 500: boom']]);
      expect(r.findings.some((f2) => f2.slug === 'privileged-container' && f2.target.name === 'web')).toBe(true);
    } finally {
      await f.close();
    }
  });

  it('says the engine answered, not that it cannot be reached, when it refuses a request', async () => {
    const f = await fakeEngine({ '/_ping': [200, 'text/plain', 'OK'], '/version': [400, J, '{"message":"Invalid filter \'bogus\'"}'] });
    try {
      await expect(auditLive({ host: f.host, env: {}, hostFacts: false, unitRoot: false, config: {} })).rejects.toThrow(
        `the Docker engine at ${f.host}: the engine answered HTTP 400: Invalid filter 'bogus'`,
      );
    } finally {
      await f.close();
    }
  });
});

// QA (live): dockerd --no-new-privileges / daemon.json "no-new-privileges": true applies to every container without
// its own setting (moby daemon_unix.go parseSecurityOpt), but a container's inspect answer does not show it.
describe("auditLive: the daemon's no-new-privileges default", () => {
  async function nnpFindings(daemonJson: string, securityOpt: string[] | null): Promise<string[]> {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'bw-nnp-')), 'daemon.json');
    writeFileSync(file, daemonJson);
    const c = { ...CONTAINER, HostConfig: { ...CONTAINER.HostConfig, Privileged: false, SecurityOpt: securityOpt } };
    const f = await fakeEngine({
      '/_ping': [200, 'text/plain', 'OK'],
      '/version': [200, J, '{"Version":"28.0.0","ApiVersion":"1.48"}'],
      '/info': [200, J, '{"ID":"x","Name":"h","SecurityOptions":[],"Swarm":{"LocalNodeState":"inactive"}}'],
      '/networks': [200, J, '[]'],
      '/containers/json': [200, J, JSON.stringify([{ Id: c.Id, Image: c.Image }])],
      [`/containers/${c.Id}/json`]: [200, J, JSON.stringify(c)],
      '/images/sha256:aaaaaaaaaaaaaaaa/json': [200, J, '{"Id":"sha256:aaaaaaaaaaaaaaaa","Config":{"User":""}}'],
      '/images/sha256:aaaaaaaaaaaaaaaa/history': [200, J, '[]'],
    });
    try {
      const r = await auditLive({ host: f.host, env: {}, hostFacts: false, unitRoot: false, config: {}, configFile: file, proc: join(file, 'no-proc') });
      return r.findings.filter((x) => x.ruleId === 'BW-0007' || x.ruleId === 'BW-0204').map((x) => `${x.ruleId} ${x.target.name} ${x.location.file.replace(file, 'daemon.json')}:${x.location.startLine}:${x.location.startColumn}`);
    } finally {
      await f.close();
    }
  }

  it('an invalid daemon.json of a running engine: it "will refuse to start at its next restart", not "refuses to start"', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'bw-dj-')), 'daemon.json');
    writeFileSync(file, '{\n  "live_restore": true,\n  "icc": "false"\n}\n');
    const f = await fakeEngine({
      '/_ping': [200, 'text/plain', 'OK'],
      '/version': [200, J, '{"Version":"28.0.0","ApiVersion":"1.48"}'],
      '/info': [200, J, '{"ID":"x","Name":"h","SecurityOptions":[],"Swarm":{"LocalNodeState":"inactive"}}'],
      '/networks': [200, J, '[]'],
      '/containers/json': [200, J, '[]'],
    });
    try {
      const r = await auditLive({ host: f.host, env: {}, hostFacts: false, unitRoot: false, config: {}, configFile: file, proc: join(file, 'no-proc') });
      expect(r.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
        '2:3 "live_restore" is not a dockerd option (did you mean "live-restore"?); dockerd will refuse to start with this file at its next restart (the running one read an earlier version)',
        '3:10 "icc" must be the JSON boolean false without quotes, not the string "false"; dockerd will refuse to start with this file at its next restart (the running one read an earlier version)',
      ]);
    } finally {
      await f.close();
    }
  });
  it('a daemon with no-new-privileges: no BW-0007 for a container that does not turn it off', async () => {
    expect(await nnpFindings('{"no-new-privileges": true}', null)).toEqual([]);
  });
  it('a container that turns it off is still reported', async () => {
    expect((await nnpFindings('{"no-new-privileges": true}', ['no-new-privileges=false'])).map((s) => s.replace(/127\.0\.0\.1:\d+/, 'engine'))).toEqual(['BW-0007 web docker://engine/containers/web:15:7']);
  });
  it('a daemon without it: BW-0204 on the daemon and BW-0007 on the container', async () => {
    expect((await nnpFindings('{"live-restore": true}', null)).map((s) => s.replace(/127\.0\.0\.1:\d+/, 'engine').split(' ').slice(0, 2).join(' '))).toEqual(['BW-0204 tcp://engine', 'BW-0007 web']);
  });
});

// QA (live): `--live --compliance` listed the engine's daemon with source `daemon`, so the swarm rules (inputs
// `engine`) read "not applicable" for CIS 5.1 and 7.x on a swarm manager where they report.
describe('auditLive --compliance on a swarm manager', () => {
  it('lists the daemon as an engine target, so 5.1 and 7.5 are judged', async () => {
    const { recorded } = await import('./engine-testkit.js');
    const { complianceView } = await import('../compliance/index.js');
    const { allRules } = await import('../rules/index.js');
    const f = await fakeEngine({
      '/_ping': [200, 'text/plain', 'OK'],
      '/version': [200, J, '{"Version":"20.10.24","ApiVersion":"1.41"}'],
      '/info': [200, J, JSON.stringify(recorded('swarm-info'))],
      '/networks': [200, J, '[]'],
      '/containers/json': [200, J, '[]'],
      '/services': [200, J, '[]'],
    });
    try {
      const r = await auditLive({ host: f.host, env: {}, hostFacts: false, unitRoot: false, config: {}, proc: '/nonexistent-proc' });
      const targets = (r as typeof r & { targets: import('../compliance/index.js').ComplianceTarget[] }).targets;
      const d = complianceView(r, allRules, targets).find((t) => t.kind === 'daemon')!;
      expect([d.source, ...['5.1', '7.5'].map((id) => `${id} ${d.results.find((x) => x.id === id)!.status}`)]).toEqual(['engine', '5.1 fail', '7.5 fail']);
    } finally {
      await f.close();
    }
  });
});
