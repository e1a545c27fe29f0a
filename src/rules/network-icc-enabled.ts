/**
 * BW-0223 network-icc-enabled: a user-defined bridge network lets its containers reach each other (bridge
 * driver option `com.docker.network.bridge.enable_icc` not false; paper §V.2.15 "reducing the
 * inter-container communications"; R-G15, R-M, R-A). Informational: per-application networks are what R-G15
 * recommends, and containers of one application talking on their own network is normal. The default
 * `bridge` network is not reported here: dockerd's `icc` setting governs it (CIS 2.2, `daemon-icc-enabled`).
 */
import { BRIDGE_ICC_OPTION } from '../ingest/daemon/info.js';
import { defineRule } from './types.js';
import { SWARM_INPUTS } from './swarm-common.js';

export default defineRule({
  meta: {
    id: 'BW-0223',
    slug: 'network-icc-enabled',
    title: 'Inter-container communication on a user-defined bridge network is enabled',
    severity: 'info',
    attackClasses: ['R-M', 'R-A'],
    requirements: ['R-G15', 'R-M', 'R-A'],
    cis: {},
    paper: '§IV.7, §V.2.15',
    inputs: SWARM_INPUTS,
    description:
      `Containers on the same bridge network can reach every port of each other, and (with NET_RAW) spoof ARP on it. That is the point of a per-application network, which is what the paper's multi-tenancy guideline and R-G15 recommend over the shared default bridge, so this is informational: it lists the bridge networks where it holds. For a network whose containers need not talk to each other (only to the outside, through published ports), create it with --opt ${BRIDGE_ICC_OPTION}=false. The default bridge is governed by dockerd's icc (daemon-icc-enabled, CIS 2.2).`,
    remediation: { engine: `docker network create -d bridge --opt ${BRIDGE_ICC_OPTION}=false <name>   # a network's options cannot be changed: recreate it and reconnect its containers` },
    breaks: 'Containers on that network can no longer reach each other directly.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    for (const n of d.networks) {
      if (n.driver !== 'bridge' || n.name === 'bridge' || n.icc === false) continue;
      ctx.report({ message: `containers on bridge network "${n.name}" can reach each other (${BRIDGE_ICC_OPTION} is not false); normal for one application's own network`, at: n.origin, data: { network: n.name } });
    }
  },
});
