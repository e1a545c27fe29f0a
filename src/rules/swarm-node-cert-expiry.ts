/**
 * BW-0222 swarm-node-cert-expiry: swarm node certificates are valid for the default 90 days or longer
 * (CIS Docker Benchmark 1.6.0 7.7 "Ensure that node certificates are rotated as appropriate", a MANUAL
 * recommendation: "as appropriate" is the operator's policy). Informational: bulwark reports the validity
 * from a manager's `/info` `Swarm.Cluster.Spec.CAConfig.NodeCertExpiry` (nanoseconds; `docker swarm update
 * --cert-expiry`, default 2160h) when it was not shortened from the default; the policy check stays manual.
 */
import { defineRule } from './types.js';
import { formatNs, isActiveManager, SWARM_INPUTS, swarmAt } from './swarm-common.js';
import { SWARM_EXTRA } from '../ingest/daemon/info.js';

/** dockerd's default node certificate validity: 90 days (2160h), in nanoseconds (swarmkit ca.DefaultNodeCertExpiration). */
export const DEFAULT_NODE_CERT_EXPIRY_NS = 90 * 24 * 3.6e12;

export default defineRule({
  meta: {
    id: 'BW-0222',
    slug: 'swarm-node-cert-expiry',
    title: 'Swarm node certificates are valid for 90 days or more',
    severity: 'info',
    attackClasses: ['R-M'],
    requirements: ['R-M'],
    cis: { '1.6.0': ['7.7'] },
    paper: '§IV.6',
    inputs: SWARM_INPUTS,
    description:
      'Swarm nodes authenticate each other with certificates the managers issue and renew automatically before they expire. A stolen node certificate stays usable until it expires, so a shorter validity shortens that window. CIS 7.7 is a manual recommendation ("as appropriate"): bulwark reports the validity when it is still the default 90 days or longer, for the operator to compare with their policy.',
    remediation: { engine: 'docker swarm update --cert-expiry 720h   # or what your policy asks; docker swarm ca --rotate rotates the CA itself (CIS 7.8)' },
    breaks: 'Shorter validities renew certificates more often; a node offline for longer than the validity must rejoin the swarm.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    const ns = d.extra[SWARM_EXTRA.nodeCertExpiry]?.value;
    if (!isActiveManager(d) || typeof ns !== 'number' || ns < DEFAULT_NODE_CERT_EXPIRY_NS) return;
    const days = Math.floor(ns / (24 * 3.6e12));
    const what = ns === DEFAULT_NODE_CERT_EXPIRY_NS ? ', the default' : '';
    ctx.report({
      message: `swarm node certificates are valid for ${formatNs(ns)} (${days} days${what}): check this against your rotation policy (CIS 7.7 is manual)`,
      at: swarmAt(d, 'nodeCertExpiry'),
      data: { certExpiry: formatNs(ns) },
    });
  },
});
