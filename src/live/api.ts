/**
 * A minimal Docker Engine API client for the live audit: GET requests only, over a unix socket, TCP or
 * TCP with TLS (client certificates), JSON answers, a per-request timeout, keep-alive connections.
 *
 * Why not dockerode: loading dockerode (docker-modem, ssh2, @grpc/grpc-js, protobufjs, tar-fs) takes
 * ~0.9 s of CPU per process on the reference machine — twice the whole `docker inspect $(docker ps -aq)`
 * floor the live audit is measured against (bench/live.mjs). The audit needs eight GET endpoints
 * (Docker Engine API reference: /_ping, /version, /info, /containers/json, /containers/{id}/json,
 * /images/{name}/json, /images/{name}/history, /networks); this module is all of it. The API version is not
 * pinned in the path, so the engine answers with its own (current) API version, as `curl` would.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Endpoint } from './client.js';

/** An error answer from the engine: HTTP status and the engine's `message`. */
export interface ApiError extends Error {
  statusCode: number;
  json: { message?: string } | null;
}

/** The read-only Engine API the live audit uses. */
export interface EngineApi {
  /** GET `path` (with `query`), parsed JSON. `/_ping` gives the text `OK`. Rejects with {@link ApiError} for HTTP ≥ 400, with a Node error (`ECONNREFUSED`, `ENOENT`, `ETIMEDOUT`) otherwise. */
  get<T = unknown>(path: string, query?: Record<string, string>): Promise<T>;
  /** Closes idle keep-alive connections. */
  close(): void;
}

/**
 * A client for `ep`. Every request is a GET; a request with no complete answer after `timeoutMs` ms is
 * aborted with an `ETIMEDOUT` error. `maxSockets` bounds concurrent connections (the audit's concurrency).
 */
export function apiFor(ep: Endpoint, timeoutMs: number, maxSockets = 8): EngineApi {
  const https = ep.protocol === 'https';
  const agent = https
    ? new HttpsAgent({ keepAlive: true, maxSockets, ca: ep.ca, cert: ep.cert, key: ep.key, rejectUnauthorized: ep.verify !== false })
    : new HttpAgent({ keepAlive: true, maxSockets });
  const base: RequestOptions = ep.socketPath ? { socketPath: ep.socketPath } : { host: ep.hostname, port: ep.port };
  return {
    get<T>(path: string, query?: Record<string, string>): Promise<T> {
      const qs = query && Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '';
      return new Promise<T>((resolve, reject) => {
        const opts: RequestOptions = { ...base, agent, method: 'GET', path: path + qs, headers: { Accept: 'application/json', ...(ep.socketPath ? { Host: 'docker' } : {}) } };
        const req = (https ? httpsRequest : httpRequest)(opts, (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            let json: unknown = null;
            const isJson = /json/.test(String(res.headers['content-type'] ?? ''));
            try {
              json = isJson ? JSON.parse(text) : text;
            } catch {
              json = null;
            }
            if (status >= 400) {
              const msg = (json as { message?: string } | null)?.message ?? text.trim().split('\n')[0];
              return reject(Object.assign(new Error(`HTTP ${status}: ${msg}`), { statusCode: status, json: { message: msg } }) as ApiError);
            }
            if (isJson && json === null) return reject(new Error(`the engine sent invalid JSON for GET ${path}`));
            resolve(json as T);
          });
        });
        req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
        req.on('error', reject);
        req.end();
      });
    },
    close() {
      agent.destroy();
    },
  };
}
