/**
 * A stand-in Docker Engine for tests of the live audit: an HTTP server on 127.0.0.1 (a free port) answering
 * `GET /_ping` with `OK` and each path of `routes` (query string ignored) with its JSON body, any other path
 * with the Engine API's 404 `{"message":"page not found"}`. Only loopback: no traffic leaves the machine.
 */
import { createServer } from 'node:http';

/** A running stand-in engine: `host` for `auditLive({ host })` (`tcp://127.0.0.1:<port>`) and `close()`. */
export interface StandInEngine {
  host: string;
  close(): Promise<void>;
}

/** Starts a stand-in engine serving `routes` (Engine API path → JSON text). */
export async function standInEngine(routes: Record<string, string>): Promise<StandInEngine> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/_ping') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    const body = routes[path];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' }).end(body ?? '{"message":"page not found"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    host: `tcp://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
