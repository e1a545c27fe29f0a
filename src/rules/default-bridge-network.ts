/**
 * BW-0038 default-bridge-network: a `docker run` container without `--network` joins Docker's default
 * bridge (docker0), shared by every such container with inter-container communication on
 * (R-M, R-G15, CIS 5.30). A Compose service without `networks` joins the project's own network, which
 * is not the default bridge: Docker's default depends on the launcher, so the check reads `c.source`.
 */
import { defineRule } from './types.js';
import { isWindowsPod, unknownOptions } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0038',
    slug: 'default-bridge-network',
    title: 'Container on the default bridge',
    severity: 'low',
    attackClasses: ['R-M', 'R-A'],
    requirements: ['R-M', 'R-A', 'R-G15'],
    cis: { '1.6.0': ['5.30'] },
    paper: '§IV.6, §IV.7, §V.2.15',
    inputs: ['compose', 'run', 'inspect', 'engine'],
    description:
      'Containers started without --network share the default bridge docker0 with every other such container; with the daemon default icc=true they can all reach each other on every port, and with NET_RAW they can ARP-spoof each other. A user-defined network per application separates them.',
    remediation: { run: 'docker network create app-net\ndocker run --network app-net …', compose: '# Compose services already get a per-project network; do not use network_mode: bridge' },
    breaks: 'Containers that reach others by IP on docker0 must join the same user-defined network and use names.',
    // `bulwark harden --unsafe-fixes` adds `--network <profile network>` and the line creating it (src/harden/fixes/network.ts).
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    // A live engine without a default bridge network (dockerd --bridge=none, `EngineFacts.defaultBridge`): there is no
    // docker0 to share; a container asking for `bridge` gets only `lo` (dockerd(8) `--bridge`).
    if (c.engine?.defaultBridge === false) return;
    const n = c.namespaces.network;
    if (n?.how === 'unresolved') return;
    const explicitBridge = n !== undefined && n.value.mode === 'network' && (n.value.ref === 'bridge' || n.value.ref === 'default');
    if (explicitBridge) {
      ctx.report({ message: `container joins the default bridge (${n.value.ref}) shared with every container started without a network`, at: n, data: { network: n.value.ref ?? 'bridge' } });
      return;
    }
    if (c.source !== 'run' || n !== undefined || c.networks.length > 0) return;
    // `podman run` (rootful) puts it on podman's default network, the `podman` bridge (podman-network(1)).
    const podman = c.extra.client?.value === 'podman';
    // A Windows container joins Docker on Windows' default network `nat` instead (Microsoft "Windows container
    // networking"), shared the same way.
    const bridge = podman ? "podman's default network (the podman bridge)" : isWindowsPod(c) ? 'the default nat network of Docker on Windows' : 'the default bridge docker0';
    ctx.report({ message: `no --network: the container joins ${bridge}, shared with every container started without a network${unknownOptions(c)?.note ?? ''}`, certainty: unknownOptions(c)?.certainty, data: { network: podman ? 'podman' : 'bridge' } });
  },
});
