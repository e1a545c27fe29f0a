/**
 * Connecting to a Docker Engine for `bulwark audit --live` (issue 3 "Connect"; R-M).
 *
 * The endpoint is chosen as the docker CLI chooses it (docs.docker.com/engine/reference/commandline/cli/
 * "Environment variables", "docker context"): `--host` first, then `DOCKER_HOST`, then the context named by
 * `DOCKER_CONTEXT` or by `currentContext` in `$DOCKER_CONFIG/config.json` (default `~/.docker`), whose
 * `contexts/meta/<sha256(name)>/meta.json` holds `Endpoints.docker.Host` and whose TLS material lives in
 * `contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem`; finally `unix:///var/run/docker.sock`.
 * TLS for `tcp://`: `--tlscacert/--tlscert/--tlskey`, or `DOCKER_TLS_VERIFY` with `DOCKER_CERT_PATH`
 * (default `~/.docker`) holding `ca.pem`, `cert.pem`, `key.pem`, or the context's TLS files.
 *
 * The client (./api.ts, on dockerode, loaded only here) sends GET requests only.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { openEngine, type EngineApi } from './api.js';

/** Default request timeout in ms (`--timeout`). */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** The engine address used when nothing else names one. */
export const DEFAULT_HOST = 'unix:///var/run/docker.sock';

/** Connection options, as the CLI flags and the library API give them. */
export interface ConnectOptions {
  /** `--host`: `unix:///path`, `tcp://host:port`, `https://…`, `http://…`. */
  host?: string;
  /** `--tlscacert`, `--tlscert`, `--tlskey`: PEM file paths. */
  tlsCaCert?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** Request timeout in ms; default {@link DEFAULT_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Environment (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, DOCKER_CONFIG, HOME); default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Where and how to connect. */
export interface Endpoint {
  /** The address as the user knows it: `unix:///var/run/docker.sock`, `tcp://127.0.0.1:2376`. */
  host: string;
  /** Where the address came from. */
  from: 'flag' | 'env' | 'context' | 'default';
  /** Context name when `from` is `context`. */
  context?: string;
  socketPath?: string;
  hostname?: string;
  port?: number;
  /** `https` when TLS is used. */
  protocol?: 'http' | 'https';
  /** PEM contents. */
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** Whether the server certificate is verified (false only for a context with SkipTLSVerify). */
  verify?: boolean;
  /** True when the engine runs on this machine (unix socket, or TCP on a loopback address). */
  local: boolean;
}

/** A failure to reach or read the engine; the CLI prints `bulwark: <message>` and exits 2. */
export class LiveError extends Error {
  override name = 'LiveError';
}

function docs(env: Record<string, string | undefined>): string {
  return env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
}

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new LiveError(`cannot read the TLS ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function tryPem(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** The docker CLI's current context name: DOCKER_CONTEXT, else config.json `currentContext`, else `default`. */
export function currentContext(env: Record<string, string | undefined>): string {
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT;
  try {
    const cfg = JSON.parse(readFileSync(join(docs(env), 'config.json'), 'utf8')) as { currentContext?: unknown };
    if (typeof cfg.currentContext === 'string' && cfg.currentContext) return cfg.currentContext;
  } catch {
    /* no config: the default context */
  }
  return 'default';
}

/**
 * Resolves the engine endpoint without connecting.
 * @throws LiveError for an unsupported address, a context that does not exist, or unreadable TLS files
 */
export function resolveEndpoint(opts: ConnectOptions = {}): Endpoint {
  const env = opts.env ?? process.env;
  let host: string;
  let from: Endpoint['from'];
  let context: string | undefined;
  let ctxTls: { ca?: Buffer; cert?: Buffer; key?: Buffer; skipVerify?: boolean } | undefined;
  if (opts.host) [host, from] = [opts.host, 'flag'];
  else if (env.DOCKER_HOST) [host, from] = [env.DOCKER_HOST, 'env'];
  else {
    const name = currentContext(env);
    if (name !== 'default') {
      const sha = createHash('sha256').update(name).digest('hex');
      let meta: { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } };
      try {
        meta = JSON.parse(readFileSync(join(docs(env), 'contexts', 'meta', sha, 'meta.json'), 'utf8'));
      } catch {
        throw new LiveError(`Docker context "${name}" not found (no ${join(docs(env), 'contexts', 'meta', sha, 'meta.json')})`);
      }
      const ep = meta.Endpoints?.docker;
      if (!ep?.Host) throw new LiveError(`Docker context "${name}" has no docker endpoint`);
      [host, from, context] = [ep.Host, 'context', name];
      const tlsDir = join(docs(env), 'contexts', 'tls', sha, 'docker');
      ctxTls = { ca: tryPem(join(tlsDir, 'ca.pem')), cert: tryPem(join(tlsDir, 'cert.pem')), key: tryPem(join(tlsDir, 'key.pem')), skipVerify: ep.SkipTLSVerify === true };
    } else [host, from] = [DEFAULT_HOST, 'default'];
  }

  const m = /^([a-z]+):\/\/(.*)$/i.exec(host);
  if (!m) throw new LiveError(`unsupported Docker host "${host}": expected unix://, tcp://, http:// or https://`);
  const scheme = m[1].toLowerCase();
  if (scheme === 'unix') {
    if (!m[2]) throw new LiveError(`unsupported Docker host "${host}": no socket path`);
    return { host, from, context, socketPath: m[2], local: true };
  }
  if (scheme !== 'tcp' && scheme !== 'http' && scheme !== 'https') {
    throw new LiveError(`unsupported Docker host "${host}": only unix://, tcp://, http:// and https:// are supported`);
  }
  let url: URL;
  try {
    url = new URL(`http://${m[2]}`);
  } catch {
    throw new LiveError(`unsupported Docker host "${host}": not host:port`);
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const flagTls = opts.tlsCaCert || opts.tlsCert || opts.tlsKey;
  const envTls = !!env.DOCKER_TLS_VERIFY && from !== 'context';
  const useTls = scheme === 'https' || !!flagTls || envTls || !!(ctxTls && (ctxTls.ca || ctxTls.cert));
  const ep: Endpoint = {
    host,
    from,
    context,
    hostname,
    port: url.port ? Number(url.port) : useTls ? 2376 : 2375,
    protocol: useTls ? 'https' : 'http',
    local: ['127.0.0.1', 'localhost', '::1'].includes(hostname),
  };
  if (flagTls) {
    if (opts.tlsCaCert) ep.ca = readPem(opts.tlsCaCert, 'CA certificate');
    if (opts.tlsCert) ep.cert = readPem(opts.tlsCert, 'client certificate');
    if (opts.tlsKey) ep.key = readPem(opts.tlsKey, 'client key');
    ep.verify = true;
  } else if (envTls) {
    const dir = env.DOCKER_CERT_PATH || docs(env);
    ep.ca = readPem(join(dir, 'ca.pem'), 'CA certificate');
    ep.cert = readPem(join(dir, 'cert.pem'), 'client certificate');
    ep.key = readPem(join(dir, 'key.pem'), 'client key');
    ep.verify = true;
  } else if (ctxTls && useTls) {
    Object.assign(ep, { ca: ctxTls.ca, cert: ctxTls.cert, key: ctxTls.key, verify: !ctxTls.skipVerify });
  }
  return ep;
}

/**
 * One line saying why a request to the engine failed (no stack, no response body beyond its first line).
 * Handles docker-modem's HTTP errors (`statusCode`, `json.message` or a non-JSON Buffer body, `reason`),
 * Node socket errors (`code`: `ECONNREFUSED`, `ENOENT`, …), TLS handshake failures (`EPROTO`: OpenSSL's reason
 * only) and timeouts (`ETIMEDOUT`, `ESOCKETTIMEDOUT`).
 */
export function describeError(e: unknown, timeoutMs: number): string {
  const err = e as { code?: string; statusCode?: number; json?: unknown; reason?: string; message?: string };
  const firstLine = (v: unknown) => String(v).trim().split('\n')[0];
  if (err?.statusCode) {
    const body = err.json;
    const msg = Buffer.isBuffer(body)
      ? body.toString('utf8')
      : body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string'
        ? (body as { message: string }).message
        : typeof body === 'string' ? body : (err.reason ?? '');
    // A TLS port spoken to in plain HTTP (Go's net/http answers 400 "Client sent an HTTP request to an HTTPS server.").
    const tlsHint = /HTTP request to an HTTPS server/i.test(String(msg)) ? '; this engine speaks TLS: give --tlscacert, --tlscert and --tlskey (or DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH)' : '';
    return `the engine answered HTTP ${err.statusCode}${firstLine(msg) ? `: ${firstLine(msg)}` : ''}${tlsHint}`;
  }
  const text = firstLine(err?.message ?? e);
  // Certificate problems (Node's tls codes): say which option fixes them.
  const code = err?.code ?? '';
  if (['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT'].includes(code)) {
    return `the engine's TLS certificate is not signed by a CA bulwark trusts (${text}): give its CA with --tlscacert (or DOCKER_CERT_PATH holding ca.pem)`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `the engine's TLS certificate does not name this address (${text})`;
  if (code === 'CERT_HAS_EXPIRED') return `the engine's TLS certificate has expired (${text})`;
  const alert = /SSL routines:[^:]*:([^:]+)/.exec(text)?.[1];
  if (alert && /alert (?:bad certificate|certificate required|unknown ca|handshake failure)/.test(alert)) {
    return `TLS handshake refused by the engine (${alert}): it requires a client certificate signed by its CA: give --tlscert and --tlskey (or DOCKER_CERT_PATH holding cert.pem and key.pem)`;
  }
  if (err?.code === 'ETIMEDOUT' || err?.code === 'ESOCKETTIMEDOUT' || /timed? ?out/i.test(text)) return `no answer within ${timeoutMs} ms`;
  if (err?.code === 'EPROTO') {
    // OpenSSL's text (`write EPROTO 80…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/…`):
    // keep only its reason. "wrong version number" is a plain-HTTP port answering a TLS client.
    const why = /SSL routines:[^:]*:([^:]+)/.exec(text)?.[1];
    if (why === 'wrong version number') return 'TLS handshake failed (wrong version number): the engine does not speak TLS on this port (use tcp:// or http:// without TLS options)';
    return `TLS handshake failed${why ? ` (${why})` : ''}`;
  }
  return text;
}

/**
 * Resolves the endpoint, connects and checks that the engine answers `GET /_ping`.
 * @throws LiveError `cannot reach the Docker engine at <host>: <why>` when it is unreachable, answers
 *   with an error, or does not answer within `timeoutMs`
 */
export async function connect(opts: ConnectOptions & { maxSockets?: number } = {}): Promise<{ api: EngineApi; endpoint: Endpoint; timeoutMs: number }> {
  const endpoint = resolveEndpoint(opts);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let api: EngineApi | undefined;
  try {
    api = await openEngine(endpoint, timeoutMs, opts.maxSockets);
    await withTimeout(api.ping(), timeoutMs);
  } catch (e) {
    api?.close();
    throw new LiveError(`cannot reach the Docker engine at ${endpoint.host}: ${describeError(e, timeoutMs)}`);
  }
  return { api, endpoint, timeoutMs };
}

/** Rejects with an ETIMEDOUT error when `p` takes longer than `ms` (a hard bound over docker-modem's socket timeout). */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, rej) => {
    timer = setTimeout(() => rej(Object.assign(new Error(`timed out after ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
