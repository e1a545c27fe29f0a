/**
 * BW-0207 daemon-userland-proxy-enabled: the userland proxy is on (`userland-proxy` not `false`), dockerd's
 * default (CIS Docker Benchmark 1.6.0 2.16, 1.8.0 2.17). Informational: the proxy is an extra process per
 * published port that widens the attack surface; hairpin NAT does the same job in the kernel.
 */
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS, notSet, showsOptions, unsetCertainty } from './daemon-common.js';

export default defineRule({
  meta: {
    id: 'BW-0207',
    slug: 'daemon-userland-proxy-enabled',
    title: 'Userland proxy is enabled',
    severity: 'info',
    attackClasses: ['R-M'],
    requirements: ['R-M'],
    cis: { '1.6.0': ['2.16'], '1.8.0': ['2.17'] },
    paper: '§V.2.2',
    inputs: DAEMON_INPUTS,
    description:
      'With the userland proxy on (the default) dockerd starts a docker-proxy process for every published port, in addition to the iptables rules that already forward the traffic. Turning it off removes those processes and lets the kernel do hairpin NAT.',
    remediation: daemonFix('"userland-proxy": false', '--userland-proxy=false'),
    breaks: 'Very old kernels without hairpin NAT, and containers reaching published ports of the host via localhost on IPv6, may need the proxy.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    if (!showsOptions(d)) return; // a socket unit shows no dockerd option
    const u = d.userlandProxy;
    if (u === undefined) {
      ctx.report({ message: `${notSet(d, 'userland-proxy', true)}: docker-proxy runs for every published port (dockerd's default)`, certainty: unsetCertainty(d, true), data: { setting: 'userland-proxy' } });
      return;
    }
    if (!u.value) return;
    ctx.report({ message: 'userland-proxy is true: docker-proxy runs for every published port', at: u, certainty: certaintyOf(u), data: { setting: 'userland-proxy' } });
  },
});
