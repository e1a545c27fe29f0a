/**
 * `bulwark audit --live`: audits a running Docker Engine with the same model, rules and reports as the
 * static audit (issue 3; requirements "Facts from today's engines", R-M, R-G2, CIS Docker Benchmark 1.6.0
 * sections 2, 4, 5 and 7).
 *
 * What it reads, with GET requests only (./api.ts, on dockerode: `GET /_ping`, `/version`, `/info`, `/containers/json?all=1`,
 * `/containers/{id}/json`, `/exec/{id}/json`, `/volumes/{name}`, `/images/{id}/json`, `/images/{id}/history`, `/networks`, `/services`):
 *  - every container, running or stopped (`filters` as `docker ps --filter`), and the exec instances it lists
 *    (`ExecIDs`, `GET /exec/{id}/json`, each the source `…/containers/<name>/exec/<id>`); each inspect answer
 *    pretty-printed (2-space JSON) as the in-memory source `docker://<engine>/containers/<name>` and read by
 *    the inspect ingester (`containerFromInspect`), so findings carry lines, columns and JSON pointers; the
 *    daemon's `no-new-privileges` default is added to each container that does not set its own (inspect does
 *    not show it), pointing at the daemon setting; a container joining another's namespace (`"PidMode":
 *    "container:<id>"`) gets that container's host PID/IPC/network namespace or its lack of network, when that
 *    container is among those listed (`applySharedHostNamespaces`, as for an inspect file);
 *  - the named volumes they mount (`GET /volumes/{name}`, anonymous ones left out): a volume the local driver binds
 *    from the host (`Options` `o: bind`, `device: PATH`) is modelled as a bind mount of PATH, its source pointing at
 *    `docker://<engine>/volumes/<name>` `/Options/device`;
 *  - the images those containers use: `Config` as ImageFacts (an image whose user is root makes "no user"
 *    definite), and the build history rebuilt as a Dockerfile (`docker://<engine>/images/<ref>/history`,
 *    see ./history.ts) for the rules in {@link HISTORY_RULES};
 *  - the daemon: `/info` + `/version` (`daemonFromInfo`, source `docker://<engine>/info`), then daemon.json
 *    (`configFile`, else for a local engine dockerd's `--config-file` or /etc/docker/daemon.json), then the
 *    running dockerd's flags from `/proc/<pid>/cmdline` (local engine), later ones winning
 *    (`mergeDaemonSpecs`); when the command line cannot be read, dockerd's systemd unit and drop-ins in its
 *    place if they serve this engine (./units.ts); networks (`/networks`: bridge `com.docker.network.bridge.enable_icc`, overlay
 *    `encrypted`) and swarm state. The spec is `complete` when the command line was read, else `partial`;
 *  - on a swarm manager, every service (`GET /services`, as `docker service inspect` prints it), the source
 *    `docker://<engine>/services/<name>`, read by the service ingester (`containerFromService`): the settings of
 *    the service's task containers, on whichever node they run (CIS 1.6.0 section 5 for the containers of services);
 *  - the host, for a local engine, through `gatherHost` (src/live/host/).
 *
 * Containers and images are inspected concurrently, at most `concurrency` requests at a time.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IngestedInput } from '../engine/audit.js';
import type { ComplianceTarget } from '../compliance/index.js';
import type { AuditOptions, AuditResult } from '../engine/types.js';
import { emptyDaemon, type DaemonSpec } from '../model/daemon.js';
import { SourceFile } from '../model/source.js';
import type { ContainerSpec, EngineFacts, ExecSpec, InputError, Sourced } from '../model/types.js';
import type { EngineApi } from './api.js';
import { connect, describeError, LiveError, withTimeout, type ConnectOptions, type Endpoint } from './client.js';
import { HISTORY_RULES, historyToDockerfile, type HistoryEntry } from './history.js';
import { locator, stringifyPositioned, type Locate } from './json.js';
import { findDockerdPid, flagValues, readCmdline } from './local.js';

/** Default number of concurrent inspect requests (`--concurrency`). */
export const DEFAULT_CONCURRENCY = 8;

/** Options of {@link auditLive}: connection, selection, and the usual audit options (rules, config). */
export interface LiveAuditOptions extends ConnectOptions, Pick<AuditOptions, 'rules' | 'config'> {
  /** `--filter k=v`, as `docker ps --filter` (`name=web`, `label=tier=db`, `status=exited`). */
  filters?: string[];
  /** Concurrent inspect requests; default {@link DEFAULT_CONCURRENCY}. */
  concurrency?: number;
  /** daemon.json to read (`--config-file`); default for a local engine: dockerd's `--config-file`, else /etc/docker/daemon.json. */
  configFile?: string;
  /** Gather host facts for a local engine (default true). */
  hostFacts?: boolean;
  /** Called as containers are inspected: `done` of `total`. */
  onProgress?: (done: number, total: number) => void;
  /** Where /proc is (tests); default `/proc`. */
  proc?: string;
  /**
   * Filesystem root under which dockerd's systemd unit and drop-ins are read for a local engine whose dockerd
   * command line could not be read (./units.ts); default `/`. `false`: do not read units.
   */
  unitRoot?: string | false;
}

/** `k=v` filters → the Engine API's `filters` object (`{"name": ["web"], "label": ["a=b"]}`). */
export function parseFilters(filters: string[] = []): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of filters) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new LiveError(`bad --filter "${f}": expected key=value, e.g. name=web or label=tier=db`);
    (out[f.slice(0, eq)] ??= []).push(f.slice(eq + 1));
  }
  return out;
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** The engine's name in source names: `localhost` for a unix socket, else `host:port`. */
export function engineLabel(ep: Endpoint): string {
  return ep.socketPath ? 'localhost' : `${ep.hostname?.includes(':') ? `[${ep.hostname}]` : ep.hostname}:${ep.port}`;
}

/**
 * The version of one engine component as `GET /version` reports it (`Components: [{Name: "containerd",
 * Version: "1.6.20~ds1"}, {Name: "runc", Version: "1.1.5+ds1"}, …]`, Engine API 1.35+), or undefined when the
 * engine does not list it (older engines, other runtimes): the host facts then ask the binary (`--version`).
 */
export function componentVersion(version: Record<string, unknown>, name: 'containerd' | 'runc'): string | undefined {
  const comps = version.Components;
  if (!Array.isArray(comps)) return undefined;
  const c = comps.find((x): x is { Name: string; Version?: unknown } => !!x && typeof x === 'object' && (x as { Name?: unknown }).Name === name);
  return typeof c?.Version === 'string' && c.Version !== '' ? c.Version : undefined;
}

const notFound = (e: unknown) => (e as { statusCode?: number })?.statusCode === 404;

/**
 * Audits a running engine. Never writes to it.
 * @throws LiveError (one line: `cannot reach the Docker engine at <host>: <why>`) when the engine is
 *   unreachable, answers a request with an error (other than 404 for a container or image removed
 *   meanwhile), or a request takes longer than `timeoutMs`; also for a bad filter
 */
export async function auditLive(opts: LiveAuditOptions = {}): Promise<AuditResult> {
  const filters = parseFilters(opts.filters);
  const limit = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
  const { api, endpoint, timeoutMs } = await connect({ ...opts, maxSockets: limit });
  try {
    return await run(api, endpoint, timeoutMs, limit, filters, opts);
  } finally {
    api.close();
  }
}

async function run(api: EngineApi, endpoint: Endpoint, timeoutMs: number, limit: number, filters: Record<string, string[]>, opts: LiveAuditOptions): Promise<AuditResult> {
  const label = engineLabel(endpoint);
  const ask = async <T>(p: () => Promise<T>): Promise<T> => {
    try {
      return await withTimeout(p(), timeoutMs);
    } catch (e) {
      // An HTTP answer means the engine was reached and refused; anything else means it was not.
      const answered = typeof (e as { statusCode?: unknown } | undefined)?.statusCode === 'number';
      throw new LiveError(`${answered ? 'the Docker engine at' : 'cannot reach the Docker engine at'} ${endpoint.host}: ${describeError(e, timeoutMs)}`);
    }
  };
  // Per-object failures (one container or image the engine cannot describe) do not stop the audit:
  // they become input errors of that object, and everything else is still audited (exit code 2).
  const objectErrors: InputError[] = [];
  const askOrGone = async <T>(p: () => Promise<T>, what: string): Promise<T | undefined> => {
    try {
      return await withTimeout(p(), timeoutMs);
    } catch (e) {
      if (notFound(e)) return undefined;
      objectErrors.push({ file: `docker://${label}/${what}`, code: 'engine', message: `could not read ${what}: ${describeError(e, timeoutMs)}` });
      return undefined;
    }
  };

  // Modules the audit needs later load while the engine answers (the CPU is otherwise idle then); the
  // rules and the reports are imported again by auditIngested and the CLI, from the module cache. The
  // ingesters' own modules are imported, not their index modules: those also load the file parsers
  // (src/ingest/run for command lines, daemon.json and systemd units), which a live audit needs only for a
  // daemon.json (loaded below when there is one) or a unit (./units.ts).
  const modules = Promise.all([import('../ingest/inspect/container.js'), import('../ingest/daemon/info.js'), import('../ingest/daemon/flags.js'), import('../ingest/daemon/secrets.js')]);
  const engine = import('../engine/audit.js');
  engine.catch(() => undefined);
  import('../rules/index.js').catch(() => undefined);
  // The containers are listed and inspected while the engine also answers /version and /info (which
  // take it longest: it asks runc and containerd for theirs).
  let done = 0;
  const versionP = ask(() => api.version());
  const infoP = ask(() => api.info());
  const listed = ask(() => api.listContainers(filters));
  const inspecting = listed.then((list) => {
    opts.onProgress?.(0, list.length);
    return mapLimit(list, limit, async (c) => {
      const r = await askOrGone(() => api.inspectContainer(c.Id), `containers/${String(c.Id).slice(0, 12)}`);
      opts.onProgress?.(++done, list.length);
      return r as Record<string, unknown> | undefined;
    });
  });
  // Awaited below; a rejection before then must not go unhandled.
  inspecting.catch(() => undefined);
  // Swarm services, from a manager (each `GET /services` object is what `docker service inspect` prints): their
  // task settings go through the same model (src/ingest/inspect/service.ts), whichever node runs the tasks.
  const servicesP = infoP.then((i) => (isSwarmManager(i) ? serviceFilters(filters) : undefined)).then((f) => (f ? askOrGone(() => api.listServices(f), 'services') : undefined));
  servicesP.catch(() => undefined);
  const [version, info, list, networks] = await Promise.all([versionP, infoP, listed, ask(() => api.listNetworks())]);

  // The dockerd process and the host (local engine): gathered while the containers are inspected.
  const dataRoot = typeof info.DockerRootDir === 'string' ? info.DockerRootDir : undefined;
  const pid = findDockerdPid(endpoint, dataRoot, opts.proc);
  const words = pid !== undefined ? readCmdline(pid, opts.proc) : undefined;
  let configFile = opts.configFile;
  if (!configFile && endpoint.local) {
    configFile = (words && flagValues(words, 'config-file').pop()) ?? '/etc/docker/daemon.json';
    if (!existsSync(configFile)) configFile = undefined;
  }
  const hostFacts =
    endpoint.local && opts.hostFacts !== false
      ? import('../live/host/index.js').then(async (mod) => {
          const h = await mod.gatherHost({
            dataRoot,
            dockerdPid: pid,
            socketPath: endpoint.socketPath,
            configFile,
            dockerdVersion: typeof version.Version === 'string' ? version.Version : undefined,
            containerdVersion: componentVersion(version, 'containerd'),
            runcVersion: componentVersion(version, 'runc'),
          });
          return { h, text: mod.hostFactsText(h) };
        })
      : undefined;
  // An unhandled rejection must not escape if the engine fails first; it is awaited below.
  hostFacts?.catch(() => undefined);

  const [{ containerFromInspect, imageFactsFromInspect, inspectConfigSecretRanges }, { daemonFromInfo, mergeDaemonSpecs, daemonNetworks }, { applyDockerdFlags }, { daemonSecretRanges }] = await modules;

  // Containers: inspected with a bound, in list order (started above).
  const inspected = await inspecting;
  const containers = inspected.filter((c): c is Record<string, unknown> => !!c);

  // Exec instances the engine still lists for a container (`ExecIDs`: `docker exec` processes, Compose hooks),
  // each `GET /exec/{id}/json`, for CIS 5.23/5.24 (privileged exec, exec as root).
  const execIds = containers.flatMap((c) => (Array.isArray(c.ExecIDs) ? c.ExecIDs.filter((x): x is string => typeof x === 'string' && x !== '') : []));
  const execs = new Map<string, Record<string, unknown>>();
  if (execIds.length) {
    const got = await mapLimit(execIds, limit, (id) => askOrGone(() => api.inspectExec(id), `exec/${id.slice(0, 12)}`));
    execIds.forEach((id, i) => got[i] && execs.set(id, got[i]!));
  }

  // Named volumes the containers mount (not anonymous ones: 64 hex digits), once per name: one the local driver binds
  // from the host (`docker volume create --opt type=none --opt o=bind --opt device=/var/run`, Compose `driver_opts`)
  // is that host path, a bind mount in disguise that inspect shows as a volume under the data root.
  const volumeNames = [...new Set(containers.flatMap(namedVolumes))];
  const volumes = new Map<string, Record<string, unknown>>();
  if (volumeNames.length) {
    const got = await mapLimit(volumeNames, limit, (n) => askOrGone(() => api.inspectVolume(n), `volumes/${n}`));
    volumeNames.forEach((n, i) => got[i] && volumes.set(n, got[i]!));
  }

  // Images in use: config and history, once per image id.
  const imageIds = [...new Set(containers.map((c) => c.Image).filter((x): x is string => typeof x === 'string' && x !== ''))];
  const images = new Map<string, { facts: ReturnType<typeof imageFactsFromInspect>; history?: HistoryEntry[]; ref: string }>();
  await mapLimit(imageIds, limit, async (id) => {
    const short = id.replace(/^sha256:/, '').slice(0, 12);
    const [obj, history] = await Promise.all([
      askOrGone(() => api.inspectImage(id), `images/${short}`),
      askOrGone(() => api.imageHistory(id) as Promise<HistoryEntry[]>, `images/${short}/history`),
    ]);
    if (!obj) return;
    const tags = (obj as { RepoTags?: unknown }).RepoTags;
    const ref = Array.isArray(tags) && typeof tags[0] === 'string' ? tags[0] : id.replace(/^sha256:/, '').slice(0, 12);
    images.set(id, { facts: imageFactsFromInspect(obj), history: Array.isArray(history) ? history : undefined, ref });
  });

  const items: IngestedInput[] = [];
  const errors: InputError[] = [...objectErrors];
  const empty = () => ({ containers: [] as ContainerSpec[], images: [], errors: [] as InputError[] });

  // Sources that other items point into must come first (the engine registers sources in order).
  // 1. daemon.json, 2. dockerd command line, 3. networks, then the daemon (/info), containers, images, host.
  const specs: DaemonSpec[] = [];
  let jsonSpec: DaemonSpec | undefined;
  if (configFile) {
    let text: string | undefined;
    try {
      text = await readFile(configFile, 'utf8');
    } catch (e) {
      errors.push({ file: configFile, message: `cannot read daemon.json: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, code: 'read' });
    }
    if (text !== undefined) {
      const { daemonFromJson } = await import('../ingest/daemon/json.js');
      const r = daemonFromJson(new SourceFile(configFile, text));
      jsonSpec = r.daemon;
      items.push({ path: configFile, kind: 'daemon', text, result: { ...empty(), errors: r.errors.map(whileRunning), secretRanges: r.daemon ? daemonSecretRanges(r.daemon, text) : [] } });
    }
  }

  let flagSpec: DaemonSpec | undefined;
  if (words && pid !== undefined) {
    const path = `/proc/${pid}/cmdline`;
    let text = '';
    const fw = words.map((w, i) => {
      if (i) text += ' ';
      const start = text.length;
      text += w;
      return { value: w, start, end: text.length };
    });
    const src = new SourceFile(path, text);
    flagSpec = emptyDaemon({ kind: 'daemon', name: endpoint.host, range: src.range(0, fw[0]?.end ?? 0) }, 'dockerd-flags', path, 'partial');
    const errs = applyDockerdFlags(flagSpec, fw, path, src);
    items.push({ path, kind: 'daemon', text, result: { ...empty(), errors: errs, secretRanges: daemonSecretRanges(flagSpec, text) } });
  }

  // No command line (another user's dockerd, a container's /proc): the systemd unit shows the flags dockerd
  // was started with, if it serves this endpoint. The real command line wins when it was read.
  let unitSpec: DaemonSpec | undefined;
  if (!flagSpec && endpoint.local && opts.unitRoot !== false) {
    const { dockerdFromUnits } = await import('./units.js');
    const u = await dockerdFromUnits({ endpoint, dataRoot, root: opts.unitRoot });
    items.push(...u.items);
    unitSpec = u.spec;
  }

  const netPath = `docker://${label}/networks`;
  const netDoc = stringifyPositioned(networks);
  const netAt = locator(netPath, netDoc);
  items.push({ path: netPath, kind: 'inspect', text: netDoc.text, result: empty() });
  const nets = daemonNetworks(networks, netAt);

  const infoPath = `docker://${label}/info`;
  const infoDoc = stringifyPositioned(info);
  const infoAt = locator(infoPath, infoDoc);
  const fromInfo = daemonFromInfo(info, version, infoAt, endpoint.host);
  const nameAt = infoAt('/Name');
  if (nameAt.kind === 'file') fromInfo.target = { ...fromInfo.target, range: { file: infoPath, start: nameAt.start, end: nameAt.end } };
  specs.push(fromInfo);
  if (jsonSpec) specs.push(jsonSpec);
  if (unitSpec) specs.push(unitSpec);
  if (flagSpec) specs.push(flagSpec);
  const daemon = mergeDaemonSpecs(specs);
  if (jsonSpec) preferRunning(daemon, fromInfo, jsonSpec, info);
  // /info only shows TCP listeners through its warnings: point at the -H flag or daemon.json entry instead.
  daemon.hosts = daemon.hosts.map((h) => [flagSpec, unitSpec, jsonSpec].flatMap((s) => s?.hosts ?? []).find((x) => x.value === h.value) ?? h);
  daemon.networks = nets;
  daemon.completeness = flagSpec ? 'complete' : 'partial';
  // No dockerd provably serves this endpoint (./local.ts `findDockerdPid`), and no unit either: what only its command
  // line shows is unknown, not "not set" (src/rules/daemon-common.ts `unsetCertainty`).
  if (!flagSpec && !unitSpec) daemon.extra = { ...daemon.extra, commandLineUnread: { value: true, origin: { kind: 'file', file: infoPath, start: 0, end: 0 }, how: 'default' } };
  // The daemon-wide seccomp profile file (`--seccomp-profile`, daemon.json "seccomp-profile"; /info shows its path):
  // on a local engine the file is this host's, and what it allows is what every container without its own gets.
  const profilePath = daemon.seccompProfile?.value;
  if (endpoint.local && profilePath?.startsWith('/')) {
    try {
      daemon.seccompProfileText = { file: profilePath, text: await readFile(profilePath, 'utf8') };
    } catch {
      // Unreadable (another user's file): the profile is not judged.
    }
  }
  items.push({ path: infoPath, kind: 'daemon', text: infoDoc.text, result: { ...empty(), daemons: [daemon] } });

  // What container rules judge host paths against: this engine's own sockets and data root (wherever they are).
  const engineFacts = liveEngineFacts(endpoint, daemon, dataRoot);
  engineFacts.defaultBridge = daemon.bridge?.value !== 'none' && nets.some((n) => n.name === 'bridge' && n.driver === 'bridge');

  // Volumes bound from the host: each answer a source of its own, where the bind's source (`/Options/device`) points.
  const { applySharedHostNamespaces, asBindMount, localBindDevice } = await import('../ingest/sharing.js');
  const boundVolumes = new Map<string, Parameters<typeof asBindMount>[1]>();
  for (const [name, v] of volumes) {
    const bound = localBindDevice(v.Driver, v.Options);
    if (!bound) continue;
    const vPath = `docker://${label}/volumes/${name}`;
    const vDoc = stringifyPositioned(v);
    boundVolumes.set(name, { ...bound, origin: locator(vPath, vDoc)('/Options/device') });
    items.push({ path: vPath, kind: 'inspect', text: vDoc.text, result: empty() });
  }

  // Containers.
  const used = new Map<string, number>();
  const containerSpecs: ContainerSpec[] = [];
  for (const obj of containers) {
    const name = String(obj.Name ?? obj.Id ?? 'container').replace(/^\//, '');
    const n = (used.get(name) ?? 0) + 1;
    used.set(name, n);
    const path = `docker://${label}/containers/${name}${n > 1 ? `~${n}` : ''}`;
    const doc = stringifyPositioned(obj);
    const image = typeof obj.Image === 'string' ? images.get(obj.Image)?.facts : undefined;
    const spec = containerFromInspect(obj, locator(path, doc), 'engine', path, image);
    containerSpecs.push(spec);
    spec.engine = engineFacts;
    for (const m of boundVolumes.size ? spec.mounts : []) {
      const bv = m.type === 'volume' && m.source !== undefined ? boundVolumes.get(m.source) : undefined;
      if (bv) asBindMount(m, bv);
    }
    // dockerd's `--no-new-privileges` / daemon.json "no-new-privileges": true is every container's default (moby
    // daemon/daemon_unix.go `parseSecurityOpt` starts from the daemon's setting; a container's own
    // `no-new-privileges=false` overrides it); the container's inspect answer does not show it.
    const nnp = daemon.noNewPrivileges;
    if (nnp?.value === true && !spec.securityOpt.some((s) => s.key === 'no-new-privileges')) {
      spec.securityOpt.push({ key: 'no-new-privileges', value: 'true', raw: 'no-new-privileges', origin: nnp.origin, how: 'default' });
    }
    // Its exec instances: each answer is a source of its own (registered before the container that points into it).
    // In id order: the engine lists `ExecIDs` from a Go map, in an order that changes between two inspects, and the
    // report's order of sources must not.
    for (const id of Array.isArray(obj.ExecIDs) ? [...obj.ExecIDs].sort() : []) {
      const e = typeof id === 'string' ? execs.get(id) : undefined;
      if (!e) continue;
      const ePath = `${path}/exec/${String(id).slice(0, 12)}`;
      const eDoc = stringifyPositioned(e);
      (spec.execs ??= []).push(execFromInspect(e, locator(ePath, eDoc)));
      items.push({ path: ePath, kind: 'inspect', text: eDoc.text, result: empty() });
    }
    // Secret logging options (`splunk-token`) and labels, masked as the inspect ingester masks them in a file (R-S).
    const masks = inspectConfigSecretRanges(spec, path, doc.text);
    items.push({ path, kind: 'inspect', text: doc.text, result: { ...empty(), containers: [spec], ...(masks.length ? { secretRanges: masks } : {}) } });
  }
  // `--pid container:X` / `--ipc container:X` / `--network container:X` (dockerd stores X's full id): the container
  // has what X has, the host's namespace or no network, as in an inspect file (src/ingest/sharing.ts).
  applySharedHostNamespaces(containerSpecs);

  // Swarm services (a manager only), each the source `docker://<engine>/services/<name>`.
  const services = (await servicesP) ?? [];
  if (services.length) {
    const { containerFromService } = await import('../ingest/inspect/service.js');
    for (const obj of services) {
      const spec = isObj(obj.Spec) ? obj.Spec : {};
      const name = String(spec.Name ?? obj.ID ?? 'service');
      const path = `docker://${label}/services/${name}`;
      const doc = stringifyPositioned(obj);
      const svc = containerFromService(obj, locator(path, doc), path);
      const masks = inspectConfigSecretRanges(svc, path, doc.text);
      items.push({ path, kind: 'inspect', text: doc.text, result: { ...empty(), containers: [svc], ...(masks.length ? { secretRanges: masks } : {}) } });
    }
  }

  // Image histories, as Dockerfiles.
  const historyPaths = new Set<string>();
  const rebuilt = [...images.values()].map(({ history, ref }) => ({ ref, text: history && historyToDockerfile(history, ref) }));
  if (rebuilt.some((r) => r.text)) {
    // Loaded only when needed: the Dockerfile ingester pulls in the shell parser (mvdan-sh, ~0.5 s to load).
    const { ingestDockerfile } = await import('../ingest/dockerfile/index.js');
    for (const { ref, text } of rebuilt) {
      if (!text) continue;
      const path = `docker://${label}/images/${ref}/history`;
      const result = await ingestDockerfile(new SourceFile(path, text), { readFile: async () => undefined, env: {} });
      for (const img of result.images) img.target = { ...img.target, kind: 'image', name: ref };
      historyPaths.add(path);
      items.push({ path, kind: 'dockerfile', text, result: { ...result, errors: [] } });
    }
  }

  // The host, when local.
  if (hostFacts) {
    const { h, text } = await hostFacts;
    // Every container of the engine shares `engineFacts`: they now know whether this host enforces AppArmor / SELinux.
    if (h.mac) engineFacts.mac = { apparmor: h.mac.apparmor, selinux: h.mac.selinux };
    items.push({ path: h.target.range.file, kind: 'daemon', text, result: { ...empty(), hosts: [h] } });
  }

  const { auditIngested } = await engine;
  const result = keepHistoryRules(await auditIngested(items, { rules: opts.rules, config: opts.config }, errors), historyPaths);
  const compliance = await import('../compliance/index.js');
  Object.defineProperty(result, 'targets', { value: liveTargets(items, result, compliance), enumerable: false });
  return result;
}

/**
 * The {@link EngineFacts} of the audited engine: the unix socket the audit connected through (`unix://` endpoint),
 * the daemon's `unix://` listeners (`-H`, daemon.json `hosts`: dockerd(8) `--host`) and `/info` `DockerRootDir`.
 */
export function liveEngineFacts(endpoint: Pick<Endpoint, 'socketPath'>, daemon: Pick<DaemonSpec, 'hosts'>, dataRoot: string | undefined): EngineFacts {
  const sockets = new Set<string>();
  if (endpoint.socketPath) sockets.add(endpoint.socketPath);
  for (const h of daemon.hosts) if (h.how !== 'unresolved' && h.value.startsWith('unix://') && h.value.length > 7) sockets.add(h.value.slice(7));
  return dataRoot ? { sockets: [...sockets], dataRoot } : { sockets: [...sockets] };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The named volumes a container's inspect answer mounts (`Mounts[]` of `Type` `volume`), anonymous ones (64 hex digits) left out. */
export function namedVolumes(c: Record<string, unknown>): string[] {
  const mounts = Array.isArray(c.Mounts) ? c.Mounts : [];
  return mounts.flatMap((m) => (isObj(m) && m.Type === 'volume' && typeof m.Name === 'string' && m.Name !== '' && !/^[0-9a-f]{64}$/.test(m.Name) ? [m.Name] : []));
}

/** Whether `/info` shows a swarm manager (`Swarm.LocalNodeState` `active` and `Swarm.ControlAvailable`): only a manager lists services. */
export function isSwarmManager(info: Record<string, unknown>): boolean {
  const sw = info.Swarm;
  return isObj(sw) && sw.LocalNodeState === 'active' && sw.ControlAvailable === true;
}

/**
 * The `--filter`s of a live audit as `GET /services` filters, or undefined when one selects by what only a
 * container has (`status`, `ancestor`, `exited`, `network`, `volume`, …): then no service is selected. `name`,
 * `label` and `id` carry over (`docker service ls --filter` knows them; a service name filter matches by prefix).
 */
export function serviceFilters(filters: Record<string, string[]>): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(filters)) {
    if (k !== 'name' && k !== 'label' && k !== 'id') return undefined;
    out[k] = v;
  }
  return out;
}

/** Settings `/info` reports as the running engine has them (`LiveRestoreEnabled`, `Debug`, `Driver`, …). */
const RUNNING_SETTINGS = ['liveRestore', 'debug', 'experimental', 'storageDriver', 'logDriver', 'seccompProfile'] as const;

/**
 * daemon.json is read now, but dockerd read it when it started (or at its last SIGHUP reload): a file edited
 * since then says what the engine WILL run with, not what it runs with. For the settings `/info` shows, the
 * running engine's value wins over daemon.json's (the command line, also what runs, still wins over both):
 *  - {@link RUNNING_SETTINGS}: `/info`'s value when daemon.json's differs;
 *  - `userns-remap`: when `/info` lists its `SecurityOptions` without `name=userns`, no remapping is in effect
 *    whatever daemon.json says (dockerd adds `name=userns` when it remaps; Engine API `SystemInfo`);
 *  - `authorization-plugins`: when `/info` lists `Plugins`, only plugins it lists under `Authorization` run.
 * Mutates `daemon` (the merge of /info, daemon.json, unit and command line, in that order).
 */
export function preferRunning(daemon: DaemonSpec, fromInfo: DaemonSpec, json: DaemonSpec, info: Record<string, unknown>): void {
  const d = daemon as unknown as Record<string, Sourced<unknown> | undefined>;
  const running = fromInfo as unknown as Record<string, Sourced<unknown> | undefined>;
  const file = json as unknown as Record<string, Sourced<unknown> | undefined>;
  for (const k of RUNNING_SETTINGS) {
    const r = running[k];
    if (r && d[k] && d[k] === file[k] && d[k]!.value !== r.value) d[k] = r;
  }
  if (Array.isArray(info.SecurityOptions) && !fromInfo.usernsRemap && daemon.usernsRemap && daemon.usernsRemap === json.usernsRemap) delete daemon.usernsRemap;
  const plugins = info.Plugins && typeof info.Plugins === 'object' ? (info.Plugins as Record<string, unknown>) : undefined;
  if (plugins) {
    const active = new Set(fromInfo.authorizationPlugins.map((p) => p.value));
    daemon.authorizationPlugins = daemon.authorizationPlugins.filter((p) => active.has(p.value) || !json.authorizationPlugins.includes(p));
  }
}

/**
 * An exec instance (`GET /exec/{id}/json`: `ProcessConfig {privileged, user, entrypoint, arguments}`) as the
 * model's {@link ExecSpec} (kind `exec`), with origins at its JSON pointers. An empty `user` means the
 * container's user (left unset).
 */
export function execFromInspect(e: Record<string, unknown>, at: Locate): ExecSpec {
  const pc = (e.ProcessConfig && typeof e.ProcessConfig === 'object' ? e.ProcessConfig : {}) as Record<string, unknown>;
  const x: ExecSpec = { kind: 'exec', origin: at('') };
  if (typeof pc.privileged === 'boolean') x.privileged = { value: pc.privileged, origin: at('/ProcessConfig/privileged'), how: 'explicit' };
  if (typeof pc.user === 'string' && pc.user !== '') x.user = { value: pc.user, origin: at('/ProcessConfig/user'), how: 'explicit' };
  const words = [pc.entrypoint, ...(Array.isArray(pc.arguments) ? pc.arguments : [])].filter((w): w is string => typeof w === 'string');
  if (words.length) x.command = { value: words, origin: at('/ProcessConfig'), how: 'explicit' };
  return x;
}

/**
 * An error in the daemon.json of an engine that is running: the static wording "dockerd refuses to start" is
 * not what the operator sees (the running dockerd read the file before it was changed, or reads another one);
 * it will refuse at its next start, which is when the edit bites.
 */
function whileRunning(e: InputError): InputError {
  return { ...e, message: e.message.replace(/dockerd refuses to start( with this file)?/, 'dockerd will refuse to start$1 at its next restart (the running one read an earlier version)') };
}

/**
 * The audited targets of a live audit, for the compliance view (`auditTargets` reads `result.targets`):
 * each container, the ONE daemon (its findings point into /info, the dockerd command line,
 * daemon.json or the unit, whichever shows the value) and the host, then one `file` target per source.
 * Without this list the compliance view would derive targets from findings, one per file they point into.
 * Rebuilt image histories are not listed: only {@link HISTORY_RULES} are kept for them, so the other image
 * rules would read as "pass".
 * The host target carries `notApplicable` (`hostNotApplicable`: section 3 files and 1.1.x audit paths that do
 * not exist here, e.g. TLS files when no TLS is configured, as docker-bench-security reports them), and when the
 * host's MAC is known to be off, each container carries 5.2 / 5.3 as not applicable with the reason
 * (`macNotApplicable`): a host that cannot enforce AppArmor or SELinux never "passes" them; on an engine without a
 * default bridge network (`--bridge=none`), 5.30 likewise.
 */
function liveTargets(items: IngestedInput[], result: AuditResult, c: Pick<typeof import('../compliance/index.js'), 'hostNotApplicable' | 'macNotApplicable' | 'containerNoFinding'>): ComplianceTarget[] {
  const out: ComplianceTarget[] = [];
  const host = items.flatMap((i) => i.result.hosts ?? [])[0];
  const mac = host ? c.macNotApplicable(host) : { ids: [], reasons: {} };
  const macNa = mac.ids.length ? { notApplicable: mac.ids, notApplicableReasons: mac.reasons } : {};
  // An engine without a default bridge (`--bridge=none`): CIS 5.30 (docker0 not used) does not apply to its containers.
  const noBridge = 'the engine has no default bridge network (dockerd --bridge=none): no container here can use docker0';
  const naOf = (x: ContainerSpec) =>
    x.engine?.defaultBridge === false ? { notApplicable: [...mac.ids, '5.30'], notApplicableReasons: { ...mac.reasons, '5.30': noBridge } } : macNa;
  for (const { result: r } of items) {
    for (const x of r.containers) out.push({ kind: x.target.kind, name: x.target.name, file: x.file, source: x.source, ...naOf(x), ...c.containerNoFinding(x) });
    for (const d of r.daemons ?? []) out.push({ kind: d.target.kind, name: d.target.name, file: d.file, source: d.source === 'engine' ? 'engine' : 'daemon' });
    for (const h of r.hosts ?? []) out.push({ kind: h.target.kind, name: h.target.name, file: h.target.range.file, source: 'host', notApplicable: c.hostNotApplicable(h) });
  }
  for (const f of result.files) out.push({ kind: 'file', name: f.path, file: f.path, source: f.kind });
  return out;
}

/** Drops findings on rebuilt histories from rules other than {@link HISTORY_RULES}, and recounts. */
function keepHistoryRules(result: AuditResult, historyPaths: Set<string>): AuditResult {
  if (!historyPaths.size) return result;
  const findings = result.findings.filter((f) => !historyPaths.has(f.location.file) || HISTORY_RULES.has(f.slug));
  if (findings.length === result.findings.length) return result;
  const bySeverity = Object.fromEntries(Object.keys(result.summary.bySeverity).map((s) => [s, 0])) as AuditResult['summary']['bySeverity'];
  for (const f of findings) bySeverity[f.severity]++;
  const out = { ...result, findings, summary: { ...result.summary, findings: findings.length, bySeverity } };
  Object.defineProperty(out, 'sources', { value: result.sources, enumerable: false });
  return out as AuditResult;
}
