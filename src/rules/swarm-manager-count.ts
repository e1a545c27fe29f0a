/**
 * BW-0220 swarm-manager-count: the swarm has more than one manager (CIS Docker Benchmark 1.6.0 7.1 "Ensure
 * that the minimum number of manager nodes have been created in a swarm"; R-M). Every manager holds the
 * whole Raft store (secrets, keys), so each one more is one more node whose compromise gives the cluster.
 * Docker's admin guide: Raft needs a majority, so N managers tolerate (N-1)/2 failures; an even count adds no
 * fault tolerance over one less (2 tolerate none, like 1) and is reported `low`, an odd count > 1 `info` with
 * the count (bulwark cannot know how much fault tolerance the cluster needs). Read on a manager only: only
 * its `/info` gives `Swarm.Managers`.
 */
import { defineRule } from './types.js';
import { isActiveManager, SWARM_INPUTS, swarmAt } from './swarm-common.js';

export default defineRule({
  meta: {
    id: 'BW-0220',
    slug: 'swarm-manager-count',
    title: 'Swarm has more manager nodes than the minimum',
    severity: 'info',
    attackClasses: ['R-M'],
    requirements: ['R-M'],
    cis: { '1.6.0': ['7.1'] },
    paper: '§IV.6',
    inputs: SWARM_INPUTS,
    description:
      'Each manager node keeps the full Raft store of the swarm, with its secrets and the keys that sign node certificates, so each manager is a way into the whole cluster. CIS 7.1 asks for no more managers than the fault tolerance the cluster needs: N managers tolerate (N-1)/2 failed managers (3 tolerate one, 5 two). An even number tolerates no more failures than one manager less and is reported low; an odd number above one is informational.',
    remediation: { engine: 'docker node demote <node>   # for each manager beyond the number you need (keep an odd number)' },
    breaks: 'Fewer managers tolerate fewer manager failures before the swarm loses quorum.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    const n = d.swarm?.managers;
    if (!isActiveManager(d) || n === undefined || n <= 1) return;
    const nodes = d.swarm?.nodes !== undefined ? ` of ${d.swarm.nodes} nodes` : '';
    const tolerates = Math.floor((n - 1) / 2);
    if (n % 2 === 0) {
      ctx.report({
        message: `the swarm has ${n} manager nodes${nodes}: an even number tolerates no more manager failures (${tolerates}) than ${n - 1}; demote one`,
        at: swarmAt(d, 'managers'),
        severity: 'low',
        data: { managers: n, tolerates },
      });
      return;
    }
    ctx.report({
      message: `the swarm has ${n} manager nodes${nodes}, tolerating ${tolerates} failed manager${tolerates === 1 ? '' : 's'}; keep no more than the cluster needs`,
      at: swarmAt(d, 'managers'),
      data: { managers: n, tolerates },
    });
  },
});
