/**
 * The live audit's read-only view of the Docker Engine API, on dockerode (github.com/apocas/dockerode, over
 * docker-modem). Every call is a GET (Docker Engine API reference: `/_ping`, `/version`, `/info`,
 * `/containers/json`, `/containers/{id}/json`, `/exec/{id}/json`, `/images/{name}/json`, `/images/{name}/history`, `/networks`,
 * `/services`).
 * The API version is not pinned in the path, so the engine answers with its own (current) API version.
 *
 * dockerode is loaded lazily (dynamic `import` in {@link openEngine}): it pulls in docker-modem, ssh2,
 * @grpc/grpc-js and protobufjs, which cost several hundred ms of CPU to load, so static audits never load it.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { inspect } from 'node:util';
import type Dockerode from 'dockerode';
import type { Endpoint } from './client.js';

/**
 * An error answer from the engine as docker-modem builds it: HTTP status, modem's `reason`
 * (e.g. `no such container`), and the body (parsed JSON `{message}`, or a Buffer when it was not JSON).
 */
export interface ApiError extends Error {
  statusCode: number;
  reason?: string;
  json: { message?: string } | Buffer | null;
}

/** The read-only Engine API the live audit uses; every method is one GET request. */
export interface EngineApi {
  /** `GET /_ping`; resolves when the engine answers 200. */
  ping(): Promise<void>;
  /** `GET /version`. */
  version(): Promise<Record<string, unknown>>;
  /** `GET /info`. */
  info(): Promise<Record<string, unknown>>;
  /** `GET /containers/json?all=true[&filters=…]`: every container, running or not; `filters` as `docker ps --filter`. */
  listContainers(filters: Record<string, string[]>): Promise<{ Id: string }[]>;
  /** `GET /containers/{id}/json`. */
  inspectContainer(id: string): Promise<Record<string, unknown>>;
  /** `GET /exec/{id}/json`: one exec instance of a container (`ExecIDs` of its inspect answer). */
  inspectExec(id: string): Promise<Record<string, unknown>>;
  /** `GET /images/{id}/json`. */
  inspectImage(id: string): Promise<Record<string, unknown>>;
  /** `GET /images/{id}/history`. */
  imageHistory(id: string): Promise<unknown[]>;
  /** `GET /volumes/{name}`: a named volume (`Driver`, `Options`: what `docker volume create --opt` gave it). */
  inspectVolume(name: string): Promise<Record<string, unknown>>;
  /** `GET /networks`. */
  listNetworks(): Promise<{ Name: string; Driver: string; Options?: Record<string, string> | null }[]>;
  /**
   * `GET /services[?filters=…]`: every Swarm service, each the object `docker service inspect` prints; `filters` as
   * `docker service ls --filter` (`id`, `label`, `mode`, `name`). Only a swarm manager answers; another engine
   * answers 503 ("This node is not a swarm manager").
   */
  listServices(filters: Record<string, string[]>): Promise<Record<string, unknown>[]>;
  /** Closes the keep-alive connections (in flight or idle). */
  close(): void;
}

/**
 * Rejects unless `v` is a JSON object or array: docker-modem hands back the raw Buffer when a body is not JSON.
 * @throws Error `the engine sent invalid JSON for GET <path>`
 */
function json<T>(v: unknown, path: string): T {
  if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) throw new Error(`the engine sent invalid JSON for GET ${path}`);
  return v as T;
}

/**
 * Opens a dockerode client for `ep` (loading dockerode on first use). Connections are keep-alive, at most
 * `maxSockets` at a time (the audit's concurrency); TLS uses the endpoint's PEM `ca`/`cert`/`key` and verifies
 * the server unless `ep.verify === false`. docker-modem destroys a request idle for longer than `timeoutMs` ms
 * (plus a grace of 250 ms, so the caller's own hard bound, `withTimeout`, reports it first).
 * @throws Error (a rejection) when dockerode cannot be loaded or the client cannot be built: docker-modem
 *   also reads `DOCKER_HOST` / `DOCKER_CERT_PATH` from the process environment and throws on a malformed value
 */
export async function openEngine(ep: Endpoint, timeoutMs: number, maxSockets = 8): Promise<EngineApi> {
  const Docker = await (await import('./dockerode.js')).loadDockerode();
  const https = ep.protocol === 'https';
  const agent = https
    ? new HttpsAgent({ keepAlive: true, maxSockets, ca: ep.ca, cert: ep.cert, key: ep.key, rejectUnauthorized: ep.verify !== false })
    : // `servername` only matters for TLS (SNI). Given as '' here, Node's Agent#addRequest skips working it out
      // from the Host header, which runs net.isIP, whose first call compiles the IPv6 regular expression
      // (node:internal/net): 5-15 ms of CPU per process on the bench machine, for a name plain HTTP never sends.
      new HttpAgent({ keepAlive: true, maxSockets, servername: '' } as ConstructorParameters<typeof HttpAgent>[0]);
  // docker-modem 5 formats every request's options with `util.inspect(…, {showHidden: true, depth: null})` for
  // its debug log even when debugging is off; the agent (all its sockets) made that ~10 ms per request.
  Object.defineProperty(agent, inspect.custom, { value: () => `[${https ? 'https' : 'http'}.Agent]` });
  // Every key is given, so nothing of docker-modem's own DOCKER_* environment defaults survives.
  const docker: Dockerode = new Docker({
    socketPath: ep.socketPath,
    host: ep.socketPath ? undefined : ep.hostname,
    port: ep.socketPath ? undefined : ep.port,
    protocol: ep.socketPath ? 'http' : https ? 'https' : 'http',
    ca: ep.ca,
    cert: ep.cert,
    key: ep.key,
    timeout: timeoutMs + 250,
    version: undefined,
    pathPrefix: '/',
    agent,
  } as Dockerode.DockerOptions & { pathPrefix: string });
  return {
    async ping() {
      await docker.ping();
    },
    async version() {
      return json(await docker.version(), '/version');
    },
    async info() {
      return json(await docker.info(), '/info');
    },
    async listContainers(filters) {
      const opts = Object.keys(filters).length ? { all: true, filters } : { all: true };
      return json(await docker.listContainers(opts), '/containers/json');
    },
    async inspectContainer(id) {
      return json(await docker.getContainer(id).inspect(), `/containers/${id}/json`);
    },
    async inspectExec(id) {
      return json(await docker.getExec(id).inspect(), `/exec/${id}/json`);
    },
    async inspectImage(id) {
      return json(await docker.getImage(id).inspect(), `/images/${id}/json`);
    },
    async imageHistory(id) {
      return json(await docker.getImage(id).history(), `/images/${id}/history`);
    },
    async inspectVolume(name) {
      return json(await docker.getVolume(name).inspect(), `/volumes/${name}`);
    },
    async listNetworks() {
      return json(await docker.listNetworks(), '/networks');
    },
    async listServices(filters) {
      return json(await docker.listServices(Object.keys(filters).length ? { filters } : {}), '/services');
    },
    close() {
      agent.destroy();
    },
  };
}
