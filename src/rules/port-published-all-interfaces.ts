/**
 * BW-0028 port-published-all-interfaces: a published port without a host IP (or `0.0.0.0`, `::`)
 * listens on every interface of the host. Informational (corpus: published ports are info at most).
 * Privileged host ports (< 1024) mention CIS 5.8; port 22 mentions R-G9. CIS 5.14.
 *
 * A privileged host port bound to one address (`-p 127.0.0.1:80:8080`, Kubernetes `hostIP: 169.254.20.10` with
 * `hostPort: 53`) is reported too, for CIS 5.8 only (`data.cis: '5.8'`): CIS Docker Benchmark 1.6.0 §5.8 ("Ensure
 * privileged ports are not mapped within containers") fails any mapping to a host port below 1024 whatever the
 * interface (docker-bench-security check_5_8 reads the host port of every `NetworkSettings.Ports` binding, not its
 * `HostIp`). It stays at the rule's severity, info: every finding of this rule is info (a published port is an
 * exposure to review, not a flaw), the lowest level there is, so a loopback or single-address port, which fewer
 * clients reach than one on every interface, cannot be rated lower, and must not be rated higher either. An info
 * finding still fails 5.8 in the compliance view, since BW-0028 is the only rule mapped to it (compliance
 * `failsRow`).
 */
import { defineRule } from './types.js';

/** True if a host IP as written means every interface (`undefined`, empty, `0.0.0.0`, `::`, `[::]`). */
export function isAllInterfaces(hostIp: string | undefined): boolean {
  if (hostIp === undefined) return true;
  const ip = hostIp.trim().replace(/^\[|\]$/g, '');
  return ip === '' || ip === '0.0.0.0' || ip === '::';
}

/** The fix of a privileged host port bound to one address: a host port of 1024 or above on the same address. */
const PRIVILEGED_FIX: Partial<Record<string, string>> = {
  compose: 'ports:\n  - "127.0.0.1:8080:80"   # a host port of 1024 or above; a reverse proxy on the host can serve port 80',
  run: '-p 127.0.0.1:8080:80   # a host port of 1024 or above; a reverse proxy on the host can serve port 80',
  kubernetes: 'ports:\n  - containerPort: 8080   # no hostPort (a Service), or a hostPort of 1024 or above',
  inspect: '# recreate the container with a host port of 1024 or above (-p 127.0.0.1:8080:80)',
  engine: '# recreate the container with a host port of 1024 or above (-p 127.0.0.1:8080:80)',
};

export default defineRule({
  meta: {
    id: 'BW-0028',
    slug: 'port-published-all-interfaces',
    title: 'Port published on all interfaces',
    severity: 'info',
    attackClasses: ['R-M'],
    requirements: ['R-M', 'R-G2', 'R-G9'],
    cis: { '1.6.0': ['5.14', '5.8', '5.9'] },
    paper: '§IV.6, §V.2.2',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "A port published without a host address listens on every interface of the host, and Docker's iptables rules bypass host firewalls such as ufw. Bind it to the interface that should receive the traffic (127.0.0.1 behind a reverse proxy), and publish only the ports needed. A privileged host port (below 1024) is reported on any address, a specific one included (CIS 5.8): ports below 1024 are the host's well-known services, and a container should not take one.",
    remediation: { kubernetes: 'ports:\n  - containerPort: 8080   # no hostPort: expose it through a Service', compose: 'ports:\n  - "127.0.0.1:8080:80"', run: '-p 127.0.0.1:8080:80', service: '# docker service create cannot bind a published port to 127.0.0.1: --publish takes no address (ingress, or mode=host:\n# --publish published=8080,target=80,mode=host listens on every interface of the node). Publish only what must be\n# reachable, reach the rest over an overlay network (--network app-net), and filter the port in the DOCKER-USER iptables chain' },
    breaks: 'Clients on other hosts can no longer reach the port directly; route them through a proxy or bind the specific interface.',
    fix: 'manual',
  },
  checkContainer(c, ctx) {
    // With the host's network namespace Docker discards published ports (docker run prints "Published ports
    // are discarded when using host network mode"; moby daemon/container.go): nothing listens on the host
    // port, the service is on the host's interfaces at its own port, which host-network (BW-0015) reports.
    // Kubernetes differs: a hostPort with hostNetwork must equal the containerPort, and is reported.
    const net = c.namespaces.network;
    if (c.source !== 'kubernetes' && net?.how === 'explicit' && net.value.mode === 'host') return;
    for (const p of c.ports) {
      const host = p.hostPort ?? '(ephemeral)';
      const notes: string[] = [];
      const first = Number.parseInt((p.hostPort ?? '').split('-')[0], 10);
      const privileged = Number.isFinite(first) && first > 0 && first < 1024;
      if (!isAllInterfaces(p.hostIp)) {
        // Bound to one address: only a privileged host port matters here (CIS 5.8, see the file's comment).
        if (!privileged) continue;
        const ip = p.hostIp!.trim();
        ctx.report({
          message: `port ${host}->${p.containerPort}/${p.protocol} published on ${ip}: privileged host port below 1024 (CIS 5.8)`,
          at: p.origin,
          data: { port: p.hostPort ?? '', containerPort: p.containerPort, hostIp: ip, cis: '5.8' },
          fix: PRIVILEGED_FIX[c.source] ?? PRIVILEGED_FIX.run,
        });
        continue;
      }
      if (privileged) notes.push('privileged host port below 1024 (CIS 5.8)');
      if (p.containerPort.split('-')[0] === '22') notes.push('SSH inside a container (R-G9)');
      const extra = notes.length > 0 ? `; ${notes.join('; ')}` : '';
      ctx.report({
        message: `port ${host}->${p.containerPort}/${p.protocol} published on all host interfaces${extra}`,
        at: p.origin,
        // CIS 5.8 (privileged ports) only for a host port below 1024; the compliance view reads `data.cis`.
        data: { port: p.hostPort ?? '', containerPort: p.containerPort, cis: privileged ? '5.14,5.8,5.9' : '5.14,5.9' },
      });
    }
    // `docker run -P` / `--publish-all`: every port the image EXPOSEs, each on a random host port of every
    // interface. Which ports depends on the image, which a run line does not show: unknown. (The inspect
    // ingester lists the ports themselves, from `PublishAllPorts` and the exposed ports, above.)
    const all = c.extra['publish-all'];
    if (all && all.value === true)
      ctx.report({
        message: 'every port the image exposes is published on a random port of all host interfaces (-P, --publish-all)',
        at: all.origin,
        certainty: 'unknown',
        // Random host ports come from the ephemeral range (32768 and up): never privileged ports.
        data: { port: '', containerPort: '*', cis: '5.14,5.9' },
      });
  },
});
