/**
 * BW-0209 daemon-iptables-disabled: dockerd may not change iptables (`iptables: false`) (CIS Docker
 * Benchmark 1.6.0 and 1.8.0 2.4; paper §V.2.2; R-G2, R-M).
 */
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS } from './daemon-common.js';

export default defineRule({
  meta: {
    id: 'BW-0209',
    slug: 'daemon-iptables-disabled',
    title: 'Docker may not manage iptables',
    severity: 'medium',
    attackClasses: ['R-M'],
    requirements: ['R-G2', 'R-M'],
    cis: { '1.6.0': ['2.4'], '1.8.0': ['2.4'] },
    paper: '§V.2.2',
    inputs: DAEMON_INPUTS,
    description:
      'With iptables off, dockerd no longer writes the NAT and filter rules that isolate its networks and implement icc=false and published-port bindings; hand-written rules easily expose containers or leave them reachable across networks.',
    remediation: daemonFix('"iptables": true  (or remove the key)', 'remove --iptables=false'),
    breaks: 'Hosts whose firewall is managed by another tool need its rules to coexist with Docker\'s (use the DOCKER-USER chain).',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    const t = d.iptables;
    if (t === undefined || t.value) return;
    ctx.report({ message: 'iptables is false: Docker does not write the firewall rules that isolate its networks', at: t, certainty: certaintyOf(t), data: { setting: 'iptables' } });
  },
});
