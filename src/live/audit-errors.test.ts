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
