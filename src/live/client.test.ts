import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, describeError, LiveError, resolveEndpoint } from './client.js';

/** A fake ~/.docker with contexts. */
function dockerConfig(current: string | undefined, contexts: Record<string, { host: string; tls?: boolean; skip?: boolean }>): string {
  const d = mkdtempSync(join(tmpdir(), 'bw-dockercfg-'));
  writeFileSync(join(d, 'config.json'), JSON.stringify(current ? { currentContext: current } : {}));
  for (const [name, c] of Object.entries(contexts)) {
    const sha = createHash('sha256').update(name).digest('hex');
    mkdirSync(join(d, 'contexts', 'meta', sha), { recursive: true });
    writeFileSync(join(d, 'contexts', 'meta', sha, 'meta.json'), JSON.stringify({ Name: name, Endpoints: { docker: { Host: c.host, SkipTLSVerify: !!c.skip } } }));
    if (c.tls) {
      const t = join(d, 'contexts', 'tls', sha, 'docker');
      mkdirSync(t, { recursive: true });
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(t, f), `${name}-${f}`);
    }
  }
  return d;
}

describe('resolveEndpoint', () => {
  const cfg = dockerConfig('remote', { remote: { host: 'tcp://203.0.113.7:2376', tls: true }, plain: { host: 'unix:///run/user/1000/docker.sock' } });

  it('--host wins over DOCKER_HOST, which wins over the context', () => {
    expect(resolveEndpoint({ host: 'unix:///a.sock', env: { DOCKER_HOST: 'unix:///b.sock', DOCKER_CONFIG: cfg } })).toMatchObject({ host: 'unix:///a.sock', from: 'flag', socketPath: '/a.sock', local: true });
    expect(resolveEndpoint({ env: { DOCKER_HOST: 'unix:///b.sock', DOCKER_CONFIG: cfg } })).toMatchObject({ from: 'env', socketPath: '/b.sock' });
  });

  it('reads the current context from config.json, or DOCKER_CONTEXT, with its TLS files', () => {
    const ep = resolveEndpoint({ env: { DOCKER_CONFIG: cfg } });
    expect(ep).toMatchObject({ host: 'tcp://203.0.113.7:2376', from: 'context', context: 'remote', hostname: '203.0.113.7', port: 2376, protocol: 'https', verify: true, local: false });
    expect(String(ep.ca)).toBe('remote-ca.pem');
    expect(String(ep.key)).toBe('remote-key.pem');
    expect(resolveEndpoint({ env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'plain' } })).toMatchObject({ from: 'context', context: 'plain', socketPath: '/run/user/1000/docker.sock' });
    expect(resolveEndpoint({ env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'default' } })).toMatchObject({ from: 'default', host: 'unix:///var/run/docker.sock' });
  });

  it('an unknown context or scheme is a LiveError', () => {
    expect(() => resolveEndpoint({ env: { DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'nope' } })).toThrow(/Docker context "nope" not found/);
    expect(() => resolveEndpoint({ host: 'ssh://me@box', env: {} })).toThrow(LiveError);
  });

  it('TLS from DOCKER_TLS_VERIFY + DOCKER_CERT_PATH, or from the flags', () => {
    const certs = mkdtempSync(join(tmpdir(), 'bw-certs-'));
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(certs, f), f);
    const env = { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs };
    const ep = resolveEndpoint({ env });
    expect(ep).toMatchObject({ protocol: 'https', port: 2376, local: true, verify: true });
    expect(String(ep.cert)).toBe('cert.pem');
    const byFlag = resolveEndpoint({ host: 'tcp://localhost:9000', tlsCaCert: join(certs, 'ca.pem'), env: {} });
    expect(byFlag).toMatchObject({ protocol: 'https', port: 9000, local: true });
    expect(String(byFlag.ca)).toBe('ca.pem');
    expect(resolveEndpoint({ host: 'tcp://127.0.0.1', env: {} })).toMatchObject({ protocol: 'http', port: 2375 });
    expect(() => resolveEndpoint({ host: 'tcp://127.0.0.1:1', tlsCert: join(certs, 'missing.pem'), env: {} })).toThrow(/cannot read the TLS client certificate .*missing\.pem: ENOENT/);
  });
});

describe('connect', () => {
  it('unreachable: one line naming the address', async () => {
    await expect(connect({ host: 'unix:///nonexistent/docker.sock', env: {} })).rejects.toThrow(/^cannot reach the Docker engine at unix:\/\/\/nonexistent\/docker\.sock: connect ENOENT \/nonexistent\/docker\.sock$/);
  });

  it('a server that never answers times out after --timeout ms', async () => {
    const sock = join(mkdtempSync(join(tmpdir(), 'bw-silent-')), 's.sock');
    const server = createServer(() => {});
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      await expect(connect({ host: `unix://${sock}`, timeoutMs: 300, env: {} })).rejects.toThrow(`cannot reach the Docker engine at unix://${sock}: no answer within 300 ms`);
    } finally {
      server.close();
    }
  });

  it('an engine answering with an error: the status and its message', async () => {
    const sock = join(mkdtempSync(join(tmpdir(), 'bw-err-')), 's.sock');
    const { createServer: http } = await import('node:http');
    const server = http((_, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"boom"}');
    });
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      await expect(connect({ host: `unix://${sock}`, env: {} })).rejects.toThrow(/^cannot reach the Docker engine at unix:\/\/.*: the engine answered HTTP 500: boom$/);
    } finally {
      server.close();
    }
  });
});

/** A fake engine on loopback TCP (R-M: GET only): answers `routes[path]` (status, content type, body), records `METHOD url`. */
async function fakeEngine(routes: Record<string, [number, string, string]>, socket?: string) {
  const { createServer: http } = await import('node:http');
  const seen: string[] = [];
  const server = http((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const [status, type, body] = routes[(req.url ?? '').split('?')[0]] ?? [404, 'text/plain', 'page not found\n'];
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });
  if (socket) await new Promise<void>((r) => server.listen(socket, r));
  else await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = socket ? `unix://${socket}` : `tcp://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { seen, host, close: () => new Promise((r) => server.close(r)) };
}

describe('the dockerode client', () => {
  const J = 'application/json';

  it('sends GETs with docker ps filters as JSON, and maps answers', async () => {
    const f = await fakeEngine({ '/_ping': [200, 'text/plain', 'OK'], '/containers/json': [200, J, '[{"Id":"abc"}]'], '/info': [200, 'text/plain', 'not json'], '/images/sha256:00/json': [404, J, '{"message":"No such image: sha256:00"}'] });
    try {
      const { api, endpoint } = await connect({ host: f.host, env: {} });
      expect(endpoint).toMatchObject({ protocol: 'http', hostname: '127.0.0.1', local: true });
      expect(await api.listContainers({ name: ['web'], label: ['tier=db'] })).toEqual([{ Id: 'abc' }]);
      await expect(api.info()).rejects.toThrow('the engine sent invalid JSON for GET /info');
      const gone = await api.inspectImage('sha256:00').catch((e: unknown) => e);
      expect(describeError(gone, 1000)).toBe('the engine answered HTTP 404: No such image: sha256:00');
      const missing = await api.listNetworks().catch((e: unknown) => e);
      expect(describeError(missing, 1000)).toBe('the engine answered HTTP 404: page not found');
      api.close();
      expect(f.seen).toEqual([
        'GET /_ping',
        `GET /containers/json?all=true&filters=${encodeURIComponent('{"name":["web"],"label":["tier=db"]}')}`,
        'GET /info',
        'GET /images/sha256:00/json',
        'GET /networks',
      ]);
    } finally {
      await f.close();
    }
  });

  it('the resolved endpoint wins over DOCKER_HOST / DOCKER_TLS_VERIFY in the process environment', async () => {
    const f = await fakeEngine({ '/_ping': [200, 'text/plain', 'OK'] }, join(mkdtempSync(join(tmpdir(), 'bw-env-')), 's.sock'));
    const saved = { h: process.env.DOCKER_HOST, t: process.env.DOCKER_TLS_VERIFY };
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:1';
    process.env.DOCKER_TLS_VERIFY = '1';
    try {
      const { api } = await connect({ host: f.host, env: {} });
      api.close();
      expect(f.seen).toEqual(['GET /_ping']);
    } finally {
      for (const [k, v] of [['DOCKER_HOST', saved.h], ['DOCKER_TLS_VERIFY', saved.t]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await f.close();
    }
  });

  it('connection refused on TCP is one line', async () => {
    const f = await fakeEngine({});
    await f.close();
    await expect(connect({ host: f.host, env: {} })).rejects.toThrow(new RegExp(`^cannot reach the Docker engine at ${f.host}: connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+$`));
  });
});

// QA (live): `--host https://…` (or --tlsverify) against a plain-HTTP port printed OpenSSL's internals
// ("write EPROTO 806C…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/…").
describe('connect: TLS to a port that does not speak TLS', () => {
  it('one line with the reason, no OpenSSL internals', async () => {
    const f = await fakeEngine({ '/_ping': [200, 'text/plain', 'OK'] });
    try {
      const host = f.host.replace('tcp://', 'https://');
      await expect(connect({ host, env: {} })).rejects.toThrow(
        new LiveError(`cannot reach the Docker engine at ${host}: TLS handshake failed (wrong version number): the engine does not speak TLS on this port (use tcp:// or http:// without TLS options)`),
      );
    } finally {
      await f.close();
    }
  });
});

describe('describeError: TLS problems say which option fixes them (QA)', () => {
  const err = (code: string | undefined, message: string) => Object.assign(new Error(message), code ? { code } : {});
  it.each([
    [
      err('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', '802CA806EA7F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 42'),
      'TLS handshake refused by the engine (sslv3 alert bad certificate): it requires a client certificate signed by its CA: give --tlscert and --tlskey (or DOCKER_CERT_PATH holding cert.pem and key.pem)',
    ],
    [
      err('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'),
      "the engine's TLS certificate is not signed by a CA bulwark trusts (unable to verify the first certificate): give its CA with --tlscacert (or DOCKER_CERT_PATH holding ca.pem)",
    ],
    [err('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), "the engine's TLS certificate is not signed by a CA bulwark trusts (self-signed certificate): give its CA with --tlscacert (or DOCKER_CERT_PATH holding ca.pem)"],
    [err('CERT_HAS_EXPIRED', 'certificate has expired'), "the engine's TLS certificate has expired (certificate has expired)"],
  ])('%s', (e, want) => {
    expect(describeError(e, 1000)).toBe(want);
  });
  it('plain HTTP to a TLS port: the 400 answer and what to give', () => {
    const e = Object.assign(new Error('(HTTP code 400) unexpected'), { statusCode: 400, json: 'Client sent an HTTP request to an HTTPS server.\n' });
    expect(describeError(e, 1000)).toBe('the engine answered HTTP 400: Client sent an HTTP request to an HTTPS server.; this engine speaks TLS: give --tlscacert, --tlscert and --tlskey (or DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH)');
  });
});
