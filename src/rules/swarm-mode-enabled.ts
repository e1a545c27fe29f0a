/**
 * BW-0218 swarm-mode-enabled: the engine takes part in a swarm (CIS Docker Benchmark 1.6.0 5.1 "Ensure
 * swarm mode is not Enabled, if not needed"; R-M). Informational: whether the swarm is needed is the
 * operator's call, which bulwark cannot know.
 */
import { defineRule } from './types.js';
import { SWARM_INPUTS } from './swarm-common.js';

export default defineRule({
  meta: {
    id: 'BW-0218',
    slug: 'swarm-mode-enabled',
    title: 'Swarm mode is enabled',
    severity: 'info',
    attackClasses: ['R-M'],
    requirements: ['R-M'],
    cis: { '1.6.0': ['5.1'] },
    paper: '§IV.6',
    inputs: SWARM_INPUTS,
    description:
      'A swarm node listens on the network for the cluster (manager API on TCP 2377, gossip on 7946, VXLAN data on UDP 4789) and, as a manager, keeps the cluster\'s Raft store with its secrets and keys. On an engine that does not need to orchestrate services this is attack surface for nothing. bulwark cannot know whether the swarm is needed, so this is informational: leave the swarm where it is not.',
    remediation: { engine: 'docker swarm leave   # on a manager: docker swarm leave --force, after moving its services' },
    breaks: 'Swarm services, stacks, configs and secrets on this node stop; other nodes lose this one.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    const s = d.swarm;
    if (!s || s.state === '' || s.state === 'inactive') return;
    ctx.report({
      message: `swarm mode is ${s.state} on this engine; bulwark cannot tell whether the swarm is needed: if not, leave it (docker swarm leave)`,
      at: s.origin,
      data: { state: s.state },
    });
  },
});
