/**
 * What a Docker socket proxy lets its clients do, read from its configuration (BW-0045). Three proxies are known:
 *
 *  - tecnativa/docker-socket-proxy and its fork linuxserver/socket-proxy: HAProxy in front of the socket, configured
 *    by environment variables named after the API's sections (`CONTAINERS`, `IMAGES`, `EXEC`, …; `0` revokes, `1`
 *    grants), `POST` for every method but GET and HEAD, and `ALLOW_START`, `ALLOW_STOP`, `ALLOW_RESTARTS`,
 *    `ALLOW_PAUSE`, `ALLOW_UNPAUSE` for those container actions alone. Granted by default: `EVENTS`, `PING`,
 *    `VERSION`; everything else is revoked, so the default proxy is read-only and answers only `/events`, `/_ping`
 *    and `/version` (Tecnativa/docker-socket-proxy README and haproxy.cfg: `http-request deny unless METH_GET ||
 *    { env(POST) -m bool }`). Tecnativa checks the method before the `ALLOW_*` rules (they need `POST=1`);
 *    linuxserver's haproxy.cfg allows them first (they work with `POST=0`).
 *  - wollomatic/socket-proxy: a Go proxy configured by command-line flags or `SP_*` variables, secure by default
 *    (wollomatic/socket-proxy README): it listens on 127.0.0.1 unless `-listenip` says otherwise (a published port
 *    then reaches nothing), accepts clients from `-allowfrom` (default `127.0.0.1/32`; hostnames name containers), and
 *    allows a method only for paths matching its `-allow<METHOD>=<regexp>` (`SP_ALLOW_<METHOD>`); none means no
 *    request. `-proxysocketendpoint` serves a unix socket instead of TCP.
 *
 * Levels, from worst: `root` (can create and start containers, or take over a swarm: host root), `write` (changes the
 * engine's state without creating containers), `read` (reads what the engine holds: container configurations and
 * their environment variables, swarm configs…), `minimal` (version, ping and events only), `closed` (the published
 * port reaches no API). A value bulwark cannot read (an unset variable, an env file not read) counts as granted,
 * with certainty unknown.
 */
import type { ContainerSpec } from '../../model/types.js';

/** What one proxy allows, worst first (see the module comment). */
export type ProxyLevel = 'root' | 'write' | 'read' | 'minimal' | 'closed';

/** A proxy's access: its level, a phrase saying what the configuration allows and why, and whether it is certain. */
export interface ProxyAccess {
  /** The proxy, as its image names it (`tecnativa/docker-socket-proxy`). */
  proxy: string;
  level: ProxyLevel;
  /** What it allows, as a phrase: `read-only (POST=0), answering only /events, /_ping and /version`. */
  allows: string;
  /** `unknown` when a value it depends on is not known (see the module comment). */
  certainty?: 'unknown';
}

/** The proxies known, by image repository (any registry, any tag). */
function proxyOf(image: string | undefined): 'tecnativa' | 'linuxserver' | 'wollomatic' | undefined {
  const repo = (image ?? '').replace(/@.*$/, '').replace(/:[^/:]*$/, '').toLowerCase();
  if (/(^|\/)tecnativa\/docker-socket-proxy$/.test(repo)) return 'tecnativa';
  if (/(^|\/)linuxserver\/socket-proxy$/.test(repo)) return 'linuxserver';
  if (/(^|\/)wollomatic\/socket-proxy$/.test(repo)) return 'wollomatic';
  return undefined;
}

/** Sections that give host root with `POST`: create and start containers, swarm services, privileged plugins, joining or running a swarm. */
const ROOT_SECTIONS = ['CONTAINERS', 'SERVICES', 'PLUGINS', 'SWARM'];
/** The other sections of the API (Tecnativa's list), by what they hold. */
const OTHER_SECTIONS = ['AUTH', 'BUILD', 'COMMIT', 'CONFIGS', 'DISTRIBUTION', 'EXEC', 'GRPC', 'IMAGES', 'INFO', 'NETWORKS', 'NODES', 'SECRETS', 'SESSION', 'SYSTEM', 'TASKS', 'VOLUMES'];
/** Granted by default in both HAProxy proxies. */
const DEFAULT_ON = new Set(['EVENTS', 'PING', 'VERSION']);
/** Container actions allowed alone, with what they do. */
const ACTIONS: Record<string, string> = { ALLOW_START: 'start', ALLOW_STOP: 'stop', ALLOW_RESTARTS: 'stop, restart and kill', ALLOW_PAUSE: 'pause', ALLOW_UNPAUSE: 'unpause' };

/** A proxy variable: granted or not, and whether that is known. */
function flag(c: ContainerSpec, name: string): { on: boolean; unknown: boolean } {
  const e = c.env.find((x) => x.name === name);
  if (!e) return { on: DEFAULT_ON.has(name), unknown: (c.envFilesUnread?.length ?? 0) > 0 };
  // HAProxy `env(NAME) -m bool`: 0 (and an empty value) revokes; bulwark counts anything else as granted.
  if (e.value === undefined) return { on: true, unknown: true };
  return { on: !['0', 'false', 'no', 'off', ''].includes(e.value.trim().toLowerCase()), unknown: false };
}

/** `A, B and C`. */
function list(xs: string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** tecnativa/docker-socket-proxy and linuxserver/socket-proxy (see the module comment). */
function haproxyAccess(c: ContainerSpec, kind: 'tecnativa' | 'linuxserver'): ProxyAccess {
  const proxy = kind === 'tecnativa' ? 'tecnativa/docker-socket-proxy' : 'linuxserver/socket-proxy';
  const f = (n: string) => flag(c, n);
  let unknown = false;
  const on = (n: string) => {
    const x = f(n);
    if (x.on && x.unknown) unknown = true;
    return x.on;
  };
  const post = on('POST');
  const sections = [...ROOT_SECTIONS, ...OTHER_SECTIONS, 'EVENTS', 'PING', 'VERSION'].filter(on);
  const actions = Object.keys(ACTIONS).filter((a) => (kind === 'linuxserver' || post) && on(a));
  const done = (level: ProxyLevel, allows: string): ProxyAccess => ({ proxy, level, allows, ...(unknown ? { certainty: 'unknown' as const } : {}) });
  const named = (xs: string[]) => list(xs.map((x) => `${x}=1`));
  const root = sections.filter((s) => ROOT_SECTIONS.includes(s));
  if (post && root.length) return done('root', `POST=1 with ${named(root)}: it can create and start containers`);
  // GET /swarm answers with the join tokens of a manager: whoever reads them can join as a manager.
  if (sections.includes('SWARM')) return done('root', 'SWARM=1: on a swarm manager it answers with the join tokens (GET /swarm), and whoever joins as a manager runs services on every node');
  const writes = sections.filter((s) => OTHER_SECTIONS.includes(s));
  if (post && writes.length) return done('write', `POST=1 with ${named(writes)}${actions.length ? ` and ${named(actions)}` : ''}: it cannot create containers, but it can change what those sections hold`);
  if (actions.length) return done('write', `${named(actions)}: it can ${list(actions.map((a) => ACTIONS[a]))} any container, not create one`);
  const reads = sections.filter((s) => !DEFAULT_ON.has(s));
  const readOnly = post ? 'POST=1 but no section that takes a write' : 'read-only (POST=0)';
  if (reads.length)
    return done('read', `${readOnly}, answering ${named(reads)}: it ${reads.includes('CONTAINERS') ? "shows every container's configuration, environment variables (and the secrets in them) included" : `shows what ${reads.length === 1 ? 'that section holds' : 'those sections hold'}`}`);
  const minimal = sections.map((s) => ({ EVENTS: '/events', PING: '/_ping', VERSION: '/version' })[s]!).filter(Boolean);
  return done('minimal', minimal.length ? `${readOnly}, answering only ${list(minimal)} (the engine's version and its event stream: container and image names, labels)` : `${readOnly}, answering nothing`);
}

/** A wollomatic/socket-proxy flag: `-name=value`, `--name=value`, `-name value` in the command, or `SP_<NAME>`. */
function wollomaticOption(c: ContainerSpec, name: string): { values: string[]; unknown: boolean } {
  const words = [...(c.entrypoint?.value ?? []), ...(c.command?.value ?? [])];
  const values: string[] = [];
  const lower = name.toLowerCase();
  words.forEach((w, i) => {
    const m = /^--?([A-Za-z]+)(?:=(.*))?$/.exec(w);
    if (!m || m[1].toLowerCase() !== lower) return;
    values.push(m[2] ?? words[i + 1] ?? '');
  });
  const env = `SP_${name.toUpperCase()}`;
  let unknown = c.command?.how === 'unresolved' || c.entrypoint?.how === 'unresolved';
  if (!values.length)
    for (const e of c.env) {
      if (e.name !== env && !e.name.startsWith(`${env}_`)) continue;
      if (e.value === undefined) unknown = true;
      values.push(e.value ?? '.*');
    }
  return { values, unknown };
}

/** True if `pattern` (a Go regexp that wollomatic anchors with `^…$`) matches `path`; a pattern JavaScript refuses counts as matching. */
function matches(pattern: string, path: string): boolean {
  try {
    return new RegExp(`^(?:${pattern.replace(/\(\?i\)/g, '')})$`, /\(\?i\)/.test(pattern) ? 'i' : '').test(path);
  } catch {
    return true;
  }
}

/** wollomatic/socket-proxy (see the module comment). */
function wollomaticAccess(c: ContainerSpec): ProxyAccess {
  const proxy = 'wollomatic/socket-proxy';
  let unknown = false;
  const opt = (n: string) => {
    const o = wollomaticOption(c, n);
    if (o.unknown) unknown = true;
    return o.values;
  };
  const done = (level: ProxyLevel, allows: string): ProxyAccess => ({ proxy, level, allows, ...(unknown ? { certainty: 'unknown' as const } : {}) });
  if (opt('proxysocketendpoint').some((v) => v !== '')) return done('closed', 'it serves a unix socket (-proxysocketendpoint), no TCP port');
  const listen = opt('listenip').at(-1) ?? '127.0.0.1';
  if (/^127\.|^::1$|^localhost$/i.test(listen.trim())) return done('closed', `it listens on ${listen} inside its container (-listenip), so the published port reaches no API`);
  const from = (opt('allowfrom').at(-1) ?? '127.0.0.1/32').split(',').map((s) => s.trim()).filter(Boolean);
  // Hostnames are containers on the proxy's networks; loopback is the proxy's own: a client through the published port is neither.
  const outside = from.filter((f) => /^[\d.:a-f]+\/\d+$|^[\d.]+$|^[\da-f:]+$/i.test(f) && !/^127\.|^::1(\/|$)/.test(f));
  const labels = opt('proxycontainername').some((v) => v !== '');
  if (!outside.length && !labels) return done('closed', `it accepts clients only from ${from.join(', ')} (-allowfrom), not through the published port`);
  if (labels) unknown = true;
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'TRACE', 'OPTIONS'];
  const allow = new Map(methods.map((m) => [m, opt(`allow${m}`).filter((v) => v !== '')]));
  const post = allow.get('POST')!;
  if (post.some((p) => matches(p, '/v1.47/containers/create') || matches(p, '/containers/create'))) return done('root', `-allowPOST=${post.join(' ')} matches /containers/create: it can create and start containers`);
  const writers = methods.filter((m) => m !== 'GET' && m !== 'HEAD' && allow.get(m)!.length);
  if (writers.length) return done('write', `it allows ${list(writers)} requests (-allow${writers[0]}=${allow.get(writers[0])![0]}), not /containers/create`);
  const get = allow.get('GET')!;
  if (!get.length && !allow.get('HEAD')!.length) return done('closed', 'it allows no request (no -allow… rule)');
  if (get.some((p) => matches(p, '/v1.47/containers/json') || matches(p, '/v1.47/containers/abc/json')))
    return done('read', `read-only (-allowGET=${get.join(' ')}): it shows every container's configuration, environment variables (and the secrets in them) included`);
  return done('minimal', `read-only (-allowGET=${get.join(' ') || '(none)'}), no container configuration`);
}

/**
 * What the socket proxy `c` runs allows (see the module comment), or `undefined` when its image is none of the known
 * proxies (a socat forwarder, an unknown image: everything the socket allows).
 */
export function socketProxyAccess(c: ContainerSpec): ProxyAccess | undefined {
  const image = c.image && c.image.how !== 'unresolved' ? c.image.value : undefined;
  const kind = proxyOf(image);
  if (!kind) return undefined;
  return kind === 'wollomatic' ? wollomaticAccess(c) : haproxyAccess(c, kind);
}
