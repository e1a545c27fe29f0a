/**
 * BW-0221 swarm-autolock-disabled: a swarm manager without autolock (CIS Docker Benchmark 1.6.0 7.5 "Ensure
 * that swarm manager is run in auto-lock mode"; R-M). Read from a manager's `/info`
 * `Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers`; a node in state `locked` has autolock on.
 */
import { defineRule } from './types.js';
import { isActiveManager, SWARM_INPUTS, swarmAt } from './swarm-common.js';

export default defineRule({
  meta: {
    id: 'BW-0221',
    slug: 'swarm-autolock-disabled',
    title: 'Swarm manager autolock is disabled',
    severity: 'low',
    attackClasses: ['R-M', 'R-S'],
    requirements: ['R-M', 'R-S'],
    cis: { '1.6.0': ['7.5'] },
    paper: '§IV.6',
    inputs: SWARM_INPUTS,
    description:
      'A manager keeps the key that encrypts its Raft logs (with the swarm\'s secrets) and its mutual-TLS key on disk. Without autolock anyone who gets a copy of the manager\'s disk or /var/lib/docker/swarm gets the cluster\'s secrets and can impersonate the manager. With autolock the keys are encrypted with an unlock key that an operator must give after each restart of dockerd (docker swarm unlock).',
    remediation: { engine: 'docker swarm update --autolock=true   # store the printed unlock key in a password manager' },
    breaks: 'After every dockerd restart the manager stays locked until someone runs docker swarm unlock with the key; losing the key means rebuilding the manager.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    if (!isActiveManager(d) || d.swarm?.autolockEnabled !== false) return;
    ctx.report({
      message: 'swarm autolock is off: the Raft encryption key and the TLS key of this manager are stored unencrypted on disk',
      at: swarmAt(d, 'autolock'),
      data: { setting: 'autolock' },
    });
  },
});
