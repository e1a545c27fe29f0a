/**
 * BW-0219 swarm-overlay-unencrypted: an overlay network without the `encrypted` option (CIS Docker Benchmark
 * 1.6.0 7.3 "Ensure that all Docker swarm overlay networks are encrypted"; R-M; docker network create(1)
 * `--opt encrypted`: IPsec between the nodes). Every overlay network counts, as in the benchmark, including
 * `ingress`, the routing-mesh network `docker swarm init` creates. A Compose / stack file's own overlay networks
 * (top-level `networks` with `driver: overlay`, created by `docker stack deploy`) are checked too: `driver_opts:
 * {encrypted: ""}` is the file's spelling of `--opt encrypted`.
 */
import { defineRule } from './types.js';
import { SWARM_INPUTS } from './swarm-common.js';

export default defineRule({
  meta: {
    id: 'BW-0219',
    slug: 'swarm-overlay-unencrypted',
    title: 'Swarm overlay network is not encrypted',
    severity: 'medium',
    attackClasses: ['R-M'],
    requirements: ['R-M'],
    cis: { '1.6.0': ['7.3'] },
    paper: '§IV.6',
    inputs: [...SWARM_INPUTS, 'compose'],
    description:
      'Traffic between containers on an overlay network travels between the swarm nodes in VXLAN packets. Without the `encrypted` option those are plain text on the wire, so anyone on the path between nodes can read and alter it. With `--opt encrypted` dockerd sets up IPsec tunnels between the nodes of the network (the management plane is always TLS; this is the data plane).',
    remediation: {
      compose: 'networks:\n  backend:\n    driver: overlay\n    driver_opts:\n      encrypted: ""',
      engine: 'an existing network cannot be changed: create a new one with docker network create -d overlay --opt encrypted <name>, move the services to it, remove the old one (for ingress: docker network rm ingress; docker network create -d overlay --ingress --opt encrypted ingress)',
    },
    breaks: 'Encryption costs CPU and throughput between nodes; IPsec (ESP, IP protocol 50) must pass between them. Recreating a network detaches its services for the move.',
    fix: 'manual',
  },
  checkFile(f, ctx) {
    for (const n of f.networks ?? []) {
      if (n.encrypted) continue;
      ctx.report({
        message: `overlay network "${n.name}" is not encrypted (no driver_opts encrypted): its traffic between swarm nodes travels in clear`,
        at: n.origin,
        data: { network: n.name },
      });
    }
  },
  checkDaemon(d, ctx) {
    for (const n of d.networks) {
      if (n.driver !== 'overlay' || n.encrypted !== false) continue;
      const what = n.name === 'ingress' ? ' (the routing-mesh network swarm creates for published ports)' : '';
      ctx.report({ message: `overlay network "${n.name}"${what} is not encrypted: its traffic between swarm nodes travels in clear`, at: n.origin, data: { network: n.name } });
    }
  },
});
