/**
 * BW-0045 docker-api-published: a container that serves the Docker Engine API over TCP without TLS, reachable from
 * the network — the container counterpart of the daemon's `-H tcp://` without `--tlsverify` (BW-0201, CIS Docker
 * Benchmark 1.6.0 2.7; paper §IV.6 man-in-the-middle and §V.2.2 "daemon over TCP only with TLS"; R-M, R-B, R-G2).
 *
 * Two kinds of container serve the API:
 *  - a Docker-in-Docker daemon (`docker:dind` images, or `dockerd` in the command) whose TLS is off: the image's
 *    entrypoint listens on `tcp://0.0.0.0:2376` with TLS and client certificates unless `DOCKER_TLS_CERTDIR` is set
 *    empty, in which case it listens on `tcp://0.0.0.0:2375` in plain HTTP (docker-library/docker
 *    `dockerd-entrypoint.sh`); `--tls=false` or `-H tcp://…` without `--tlsverify` in the command do the same;
 *  - a proxy of the runtime socket it mounts (tecnativa/docker-socket-proxy, `socat TCP-LISTEN:2375 …`), which speaks
 *    plain HTTP on port 2375.
 *
 * Published on every host interface (or in the host's network namespace): critical, anyone who reaches the host runs
 * privileged containers on it. Published on loopback: high, every local user and process does. A Docker-in-Docker
 * daemon without TLS that is not published: medium, every container on its networks (every pod of the cluster,
 * without a NetworkPolicy) does. A socket proxy that is not published is the recommended pattern: not reported.
 * A published proxy whose configuration bulwark can read (tecnativa/docker-socket-proxy, linuxserver/socket-proxy,
 * wollomatic/socket-proxy: util/socket-proxy.ts) is reported by what it lets through: critical only when it can
 * create containers (or hand out swarm join tokens), down to low for the default read-only tecnativa proxy
 * (`/events`, `/_ping`, `/version`) and info when the published port reaches no API ({@link PROXY_SEVERITY}).
 */
import type { ContainerSpec, Port } from '../model/types.js';
import { isAllInterfaces } from './port-published-all-interfaces.js';
import { defineRule, type Severity } from './types.js';
import { bindKind, isDindImage } from './util/container.js';
import { socketProxyAccess, type ProxyLevel } from './util/socket-proxy.js';

/** The Engine API's ports: 2375 plain HTTP, 2376 TLS (IANA "docker" and "docker-s"). */
const API_PORTS = new Set(['2375', '2376']);

/**
 * True if a published port's host IP is a loopback address (`127.0.0.0/8`, `::1`, `localhost`). Not BW-0201's
 * `isLoopbackHost`: for dockerd an empty `-H` host means localhost, for a published port it means every interface.
 */
function isLoopback(hostIp: string | undefined): boolean {
  const ip = (hostIp ?? '').trim().replace(/^\[|\]$/g, '');
  return /^127\./.test(ip) || ip === '::1' || ip === 'localhost';
}

/**
 * The TCP port of a dockerd `-H` address (`tcp://0.0.0.0:2376` → `2376`, `tcp://[::]:2376`); `2375`, dockerd's port
 * for plain HTTP, when the address names none (dockerd reference, "Daemon socket option": "-H tcp://0.0.0.0:2375").
 */
function tcpPort(host: string): string {
  return /^tcp:\/\/(?:\[[^\]]*\]|[^/:]*)(?::(\d+))?/.exec(host)?.[1] ?? '2375';
}

/**
 * Why a Docker-in-Docker container serves the API without TLS, with where it is written and the ports it listens on
 * in plain HTTP: those of the command line's `-H tcp://…` addresses, and 2375 when the image's entrypoint adds its
 * own listener (docker-library/docker `dockerd-entrypoint.sh`: `--host=tcp://0.0.0.0:2375` when `DOCKER_TLS_CERTDIR`
 * is empty and the command is empty or only options); 2375 when none is known. Undefined when TLS is on.
 */
function plainDind(c: ContainerSpec): { why: string; at: unknown; ports: string[] } | undefined {
  const words = [...(c.entrypoint?.value ?? []), ...(c.command?.value ?? [])];
  const ownDockerd = /(^|\/)dockerd$/.test(words[0] ?? '');
  const hosts: string[] = [];
  words.forEach((w, i) => {
    const m = /^(?:-H|--host)(?:=(.*))?$/.exec(w);
    if (m) hosts.push(m[1] ?? words[i + 1] ?? '');
  });
  const tcpHosts = hosts.filter((h) => h.startsWith('tcp://'));
  const listens = (extra: string[]) => {
    const ports = [...new Set([...extra, ...tcpHosts.map(tcpPort)])];
    return ports.length ? ports : ['2375'];
  };
  const certdir = c.env.find((e) => e.name === 'DOCKER_TLS_CERTDIR');
  if (certdir && certdir.kind === 'literal' && (certdir.value ?? '') === '') return { why: 'DOCKER_TLS_CERTDIR is empty', at: certdir.origin, ports: listens(ownDockerd ? [] : ['2375']) };
  const src = c.command ?? c.entrypoint;
  if (words.some((w) => /^--tls=(false|0)$/i.test(w))) return { why: '--tls=false', at: src, ports: listens([]) };
  // Only a command line that starts dockerd itself: options alone go through the image's entrypoint, which adds
  // `--tlsverify` (applied to every TCP listener) while DOCKER_TLS_CERTDIR is set.
  if (!ownDockerd) return undefined;
  const tcp = tcpHosts[0];
  if (tcp && !words.some((w) => /^--tlsverify(=true)?$/.test(w))) return { why: `${tcp} without --tlsverify`, at: src, ports: listens([]) };
  return undefined;
}

/**
 * Severity of a published socket proxy by what it allows ({@link ProxyLevel}): `[on an interface, on loopback]`. Host
 * root stays critical (high on loopback) as for the whole API; a proxy that cannot create containers is less.
 */
const PROXY_SEVERITY: Record<ProxyLevel, [Severity, Severity]> = {
  root: ['critical', 'high'],
  write: ['high', 'medium'],
  read: ['medium', 'low'],
  minimal: ['low', 'info'],
  closed: ['info', 'info'],
};

/** What whoever reaches a published proxy can do, by level; nothing to add for `closed`. */
const PROXY_CAN: Record<ProxyLevel, string | undefined> = {
  root: 'can run privileged containers on it',
  write: 'can do so, not run containers',
  read: 'can read them, not run containers',
  minimal: 'can read them, not run containers',
  closed: undefined,
};

export default defineRule({
  meta: {
    id: 'BW-0045',
    slug: 'docker-api-published',
    title: 'Docker Engine API served without TLS from a container',
    severity: 'critical',
    attackClasses: ['R-M', 'R-B'],
    requirements: ['R-M', 'R-B', 'R-G2'],
    cis: {},
    paper: '§IV.6, §V.2.2',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "Whoever can send HTTP to a Docker API can start a privileged container that mounts the host's root. A Docker-in-Docker container with TLS turned off (DOCKER_TLS_CERTDIR empty, --tls=false) or a proxy of the mounted docker.sock serves that API in plain HTTP on port 2375: published on the host's interfaces it is remote root for anyone who reaches the host, and unpublished it is root for every container on its networks. The container counterpart of CIS 2.7 (TLS for the daemon): keep TLS on (the dind image's default: port 2376 with client certificates), publish nothing, and put socket proxies on an internal network with only the endpoints needed. A published tecnativa, linuxserver or wollomatic socket proxy is graded by what its configuration lets through: critical only when it can create containers.",
    remediation: {
      compose: '# docker:dind: keep its TLS (remove DOCKER_TLS_CERTDIR: ""), share the client certificates with the clients:\nenvironment:\n  DOCKER_TLS_CERTDIR: /certs\nvolumes:\n  - dind-certs-client:/certs/client\n# and do not publish 2375/2376; a socket proxy: no ports, an internal network only',
      run: '# keep the image TLS (no -e DOCKER_TLS_CERTDIR=), do not publish 2375: docker run --privileged --network ci -v dind-certs:/certs docker:27-dind',
      kubernetes: '# dind sidecar: keep TLS (DOCKER_TLS_CERTDIR=/certs) and share /certs/client with the build container through an emptyDir;\n# a NetworkPolicy that allows no ingress to the pod',
      service: '# keep the image TLS (no --env DOCKER_TLS_CERTDIR=), do not --publish 2375; give clients the certificates (--secret) and reach the daemon over an overlay network',
    },
    breaks: 'Clients must use the TLS client certificates (DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH) or sit on the same internal network as the proxy.',
    fix: 'manual',
  },
  checkContainer(c, ctx) {
    const dind = isDindImage(c.image?.value) || [...(c.entrypoint?.value ?? []), ...(c.command?.value ?? [])].some((w) => /(^|\/)dockerd$/.test(w));
    const plain = dind ? plainDind(c) : undefined;
    const proxy = !dind && c.mounts.some((m) => bindKind(m, c.engine) === 'socket' || m.syntax === 'api-socket');
    if (!plain && !proxy) return;
    const what = plain ? `Docker-in-Docker daemon without TLS (${plain.why})` : 'proxy of the mounted Docker socket (plain HTTP)';
    const net = c.namespaces.network;
    if (plain && net?.how === 'explicit' && net.value.mode === 'host') {
      ctx.report({ message: `${what} in the host's network namespace: the API listens on every host interface, and anyone who reaches the host can run privileged containers on it`, at: net, data: { exposure: 'host-network' } });
      return;
    }
    // The API's ports, and for a daemon without TLS the ports its `-H tcp://…` addresses name (`tcp://0.0.0.0:8080`).
    const published = c.ports.filter((p: Port) => {
      const port = p.containerPort.split('-')[0];
      return plain ? API_PORTS.has(port) || plain.ports.includes(port) : port === '2375';
    });
    // A known socket proxy: what its configuration lets through, not the whole API.
    const access = proxy ? socketProxyAccess(c) : undefined;
    for (const p of published) {
      const port = `port ${p.hostPort ?? '(ephemeral)'}->${p.containerPort}/${p.protocol}`;
      if (access) {
        const exposure = isLoopback(p.hostIp) ? 'loopback' : isAllInterfaces(p.hostIp) ? 'all-interfaces' : 'interface';
        const where = exposure === 'loopback' ? 'on loopback' : exposure === 'all-interfaces' ? 'on all host interfaces' : `on ${p.hostIp}`;
        const who = exposure === 'loopback' ? 'every local user and process' : exposure === 'all-interfaces' ? 'anyone who reaches the host' : 'anyone who reaches that address';
        const can = PROXY_CAN[access.level];
        ctx.report({
          message: `proxy of the mounted Docker socket (${access.proxy}, plain HTTP) published ${where} (${port}): ${access.allows}${can ? `; ${who} ${can}` : ''}`,
          at: p.origin,
          severity: PROXY_SEVERITY[access.level][exposure === 'loopback' ? 1 : 0],
          ...(access.certainty ? { certainty: access.certainty } : {}),
          data: { exposure, port: p.containerPort, proxy: access.proxy, access: access.level },
        });
        continue;
      }
      if (isLoopback(p.hostIp)) {
        ctx.report({ message: `${what} published on loopback (${port}): every local user and process can run privileged containers on it`, at: p.origin, severity: 'high', data: { exposure: 'loopback', port: p.containerPort } });
      } else if (isAllInterfaces(p.hostIp)) {
        ctx.report({ message: `${what} published on all host interfaces (${port}): anyone who reaches the host can run privileged containers on it`, at: p.origin, data: { exposure: 'all-interfaces', port: p.containerPort } });
      } else {
        ctx.report({ message: `${what} published on ${p.hostIp} (${port}): anyone who reaches that address can run privileged containers on it`, at: p.origin, data: { exposure: 'interface', port: p.containerPort } });
      }
    }
    if (!published.length && plain) {
      ctx.report({
        message: `${what}: every container on its networks${c.source === 'kubernetes' ? ' (every pod of the cluster, without a NetworkPolicy)' : ''} can reach port${plain.ports.length > 1 ? 's' : ''} ${plain.ports.join(', ')} and run privileged containers on it`,
        at: plain.at as Parameters<typeof ctx.report>[0]['at'],
        severity: 'medium',
        data: { exposure: 'network' },
      });
    }
  },
});
