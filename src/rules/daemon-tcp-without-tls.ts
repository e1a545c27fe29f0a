/**
 * BW-0201 daemon-tcp-without-tls: dockerd listens on TCP without TLS client verification (CIS Docker
 * Benchmark 1.6.0 2.7, 1.8.0 2.8; paper §V.2.2; R-M, R-G2). Anyone who reaches the port controls the
 * engine, which is root on the host. `unix://`, `fd://` (systemd socket activation) and `npipe://` are
 * local; `tcp://` and a bare `host:port` are network listeners. Any other scheme (`http://`, `TCP://`: dockerd
 * compares it as written) is an address dockerd refuses, an input error of the ingesters (src/ingest/daemon/flags.ts
 * `refusedHost`), never a listener.
 */
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS, withoutUserinfo } from './daemon-common.js';

/**
 * Whether a `-H` / `hosts` value is a TCP listener: scheme `tcp` as written, or none (moby opts/hosts.go
 * parseDaemonHost splits at the first `://` and compares the scheme case-sensitively; no `://` means tcp). An empty
 * value (dockerd's default socket) and a bare path are not.
 */
export function isTcpHost(h: string): boolean {
  const v = h.trim();
  if (v === '' || v.startsWith('/')) return false;
  const sep = v.indexOf('://');
  return sep === -1 || v.slice(0, sep) === 'tcp';
}

/**
 * Whether a TCP `-H` value binds the loopback interface only (`127.0.0.0/8`, `localhost`, `[::1]`). An empty
 * host (`:2375`, `tcp://:2375`, `tcp://`) is loopback too: dockerd's ParseTCPAddr fills in DefaultHTTPHost
 * `localhost` (moby opts/hosts.go; dockerd 20.10 `-H :23750` logs "API listen on 127.0.0.1:23750").
 */
export function isLoopbackHost(h: string): boolean {
  const host = h.trim().replace(/^tcp:\/\//, '');
  return /^(?:127(?:\.\d{1,3}){3}|localhost|\[::1\])?(?::\d*)?(?:\/.*)?$/i.test(host);
}

export default defineRule({
  meta: {
    id: 'BW-0201',
    slug: 'daemon-tcp-without-tls',
    title: 'Docker daemon listens on TCP without TLS client verification',
    severity: 'critical',
    attackClasses: ['R-M', 'R-B'],
    requirements: ['R-M', 'R-G2'],
    cis: { '1.6.0': ['2.7'], '1.8.0': ['2.8'] },
    paper: '§V.2.2',
    inputs: DAEMON_INPUTS,
    description:
      'The Docker API on a TCP port without `tlsverify` accepts commands from anyone who can reach it, and the API is root on the host (start a privileged container that mounts /). With `tlsverify` false, as a flag or in daemon.json (written at all, it turns TLS on), the traffic is encrypted but any client is accepted: as critical as plain HTTP; with `tls` and no `tlsverify`, Docker Engine 20.10 and later verify clients but earlier engines do not (medium); `tlscert` and `tlskey` alone do not turn TLS on. Docker 27 and later refuse to start on TCP without TLS unless `--tls=false` is written explicitly.',
    remediation: daemonFix(
      '"tlsverify": true, "tlscacert": "/etc/docker/ca.pem", "tlscert": "/etc/docker/server-cert.pem", "tlskey": "/etc/docker/server-key.pem"',
      '--tlsverify --tlscacert=/etc/docker/ca.pem --tlscert=/etc/docker/server-cert.pem --tlskey=/etc/docker/server-key.pem -H tcp://0.0.0.0:2376',
    ),
    breaks: 'Clients must present a certificate signed by the CA (DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH); the unix socket is unaffected. Or listen on the unix socket only and reach it over SSH (DOCKER_HOST=ssh://…).',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    if (d.tlsVerify?.value === true) return;
    // How dockerd decides (moby cmd/dockerd loadDaemonCliConfig and newAPIServerConfig, Docker 1.x to 27):
    // tlsverify written at all, true or false, as a flag (`flags.Changed(FlagTLSVerify)`) or as a daemon.json key
    // (`conf.IsValueSet(FlagTLSVerify)`: getConflictFreeConfiguration records every key of the file in ValuesSet),
    // turns TLS on; TLS is otherwise on only with tls: true (tlscert and tlskey alone do not turn it on: dockerd then
    // serves plain HTTP); since 20.10, tls: true without tlsverify also verifies clients (TLSVerify defaults to
    // TLS), while earlier engines accept any client. TLS without client verification authenticates nobody: as
    // critical as plain HTTP (qa-a 4).
    const verifyOff = d.tlsVerify !== undefined && d.tlsVerify.value === false;
    const tlsOnly = !verifyOff && d.tls?.value === true;
    for (const h of d.hosts) {
      if (!isTcpHost(h.value)) continue;
      // Shown without a `user:password@` part (dockerd ignores it: Go's url.Parse keeps it out of the host it binds),
      // in messages and data alike (R-S).
      const shown = withoutUserinfo(h.value);
      if (verifyOff) {
        ctx.report({
          message: `dockerd listens on ${shown} with TLS but with client verification off (tlsverify false): TLS encrypts the traffic but authenticates no client, so ${isLoopbackHost(shown) ? 'every local user and process that reaches the port has root on the host' : 'anyone who reaches the port has root on the host'}`,
          at: h,
          certainty: certaintyOf(h),
          data: { host: shown, tls: true },
        });
      } else if (tlsOnly) {
        ctx.report({
          message: `dockerd listens on ${shown} with tls but without tlsverify: Docker Engine 20.10 and later then verify client certificates, earlier engines accept any client; write tlsverify: true (CIS 2.7)`,
          at: h,
          severity: 'medium',
          certainty: certaintyOf(h),
          data: { host: shown, tls: true },
        });
      } else {
        const certsOnly = d.tlsCert !== undefined || d.tlsKey !== undefined ? ' (tlscert/tlskey alone do not turn TLS on: dockerd serves plain HTTP)' : '';
        const ci = d.extra.ciService?.value;
        const ciWhy = String(d.extra.ciWhy?.value ?? 'DOCKER_TLS_CERTDIR is empty');
        const ciOld = d.extra.ciWhy !== undefined && !ciWhy.startsWith('DOCKER_TLS_CERTDIR');
        // docker:*-dind-rootless runs dockerd as an unprivileged user (rootlesskit's user namespace) inside its
        // privileged container: who controls it is root in that namespace, not on the runner (Docker docs,
        // "Rootless mode"; docker-library/docker `dind-rootless`). Still no TLS: high, not critical.
        const rootless = ci !== undefined && /dind-rootless/.test(String(ci));
        // A socket unit (`ListenStream=0.0.0.0:2376` of docker.socket) cannot write TLS settings: dockerd applies its own
        // to the sockets it is passed (-H fd://). Without dockerd's command line among the inputs (extra.tlsFrom, set by
        // src/engine/daemon-pairs.ts) the listener may well have TLS: possible, not certain.
        const socketOnly = d.socketUnit !== undefined && d.extra.tlsFrom === undefined;
        ctx.report({
          ...(rootless ? { severity: 'high' as const } : {}),
          ...(ci && ciOld ? { fix: 'services:\n  - docker:27-dind   # 19.03 and later serve TLS on 2376 with client verification (DOCKER_TLS_CERTDIR defaults to /certs)\nvariables:\n  DOCKER_HOST: tcp://docker:2376\n  DOCKER_TLS_VERIFY: "1"\n  DOCKER_CERT_PATH: "/certs/client"' } : {}),
          ...(ci && !ciOld ? { fix: 'variables:\n  DOCKER_TLS_CERTDIR: "/certs"   # the dind image then serves TLS on 2376 with client verification\n  DOCKER_HOST: tcp://docker:2376\n  DOCKER_TLS_VERIFY: "1"\n  DOCKER_CERT_PATH: "/certs/client"' } : {}),
          message: ci
            ? `the dind service ${String(ci)} listens on ${shown} without TLS (${ciWhy}): whoever reaches the service (the job, its other services, and other jobs' containers on a runner without a network per build) controls ${rootless ? "a rootless daemon: its builds, images and the job's credentials, and root in its user namespace inside a privileged container" : 'a privileged daemon, which is root on the runner'}`
            : isLoopbackHost(shown)
            ? `dockerd listens on ${shown} without TLS${certsOnly}: every local user and process can reach the port (a container on the host network, a web page through DNS rebinding) and has root on the host`
            : `dockerd listens on ${shown} without TLS${certsOnly}${socketOnly ? " as far as this socket unit shows (dockerd applies the TLS settings of its unit's flags or daemon.json to the sockets it is passed; neither is among the inputs)" : ''}: anyone who reaches the port has root on the host`,
          at: h,
          certainty: socketOnly ? 'unknown' : certaintyOf(h),
          data: { host: shown, tls: false },
        });
      }
    }
  },
});
