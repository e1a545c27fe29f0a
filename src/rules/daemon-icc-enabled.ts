/**
 * BW-0202 daemon-icc-enabled: inter-container communication on the default bridge is not turned off
 * (`icc` not `false`) (CIS Docker Benchmark 1.6.0 and 1.8.0 2.2; paper §V.2.15; R-M, R-G15).
 *
 * No finding when the daemon has no default bridge: `--bridge=none` / `-b none` / `"bridge": "none"`, or a
 * live engine whose `/networks` lists no network named `bridge` (icc applies to the default bridge only).
 */
import type { DaemonSpec } from '../model/daemon.js';
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS, notSet, showsOptions, unsetCertainty } from './daemon-common.js';

/**
 * Whether dockerd has the default `bridge` network: not with `bridge` set to `none`; for a live engine
 * (source `engine`, networks listed from `/networks`) only when a network named `bridge` with driver `bridge` exists.
 */
function hasDefaultBridge(d: DaemonSpec): boolean {
  if (d.bridge && d.bridge.how !== 'unresolved' && d.bridge.value.trim().toLowerCase() === 'none') return false;
  if (d.source === 'engine' && d.networks.length > 0) return d.networks.some((n) => n.name === 'bridge' && n.driver === 'bridge');
  return true;
}

export default defineRule({
  meta: {
    id: 'BW-0202',
    slug: 'daemon-icc-enabled',
    title: 'Inter-container communication on the default bridge is enabled',
    severity: 'medium',
    attackClasses: ['R-M', 'R-A'],
    requirements: ['R-M', 'R-G15'],
    cis: { '1.6.0': ['2.2'], '1.8.0': ['2.2'] },
    paper: '§V.2.15',
    inputs: DAEMON_INPUTS,
    description:
      'With icc on (dockerd\'s default) every container on the default bridge can reach every port of every other one, so one compromised container can attack, sniff or spoof its neighbours. Turning icc off makes containers on the default bridge talk only through published ports or explicit links; user-defined networks per application are the modern way to group containers that must talk.',
    remediation: daemonFix('"icc": false', '--icc=false'),
    breaks: 'Containers on the default bridge that talk to each other directly stop reaching each other; put them on a user-defined network instead.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    if (!showsOptions(d)) return; // a socket unit shows no dockerd option
    if (!hasDefaultBridge(d)) return;
    if (d.icc === undefined) {
      const bridge = d.networks.find((n) => n.name === 'bridge' && n.icc === false);
      if (bridge) return;
      ctx.report({ message: `${notSet(d, 'icc')}: containers on the default bridge can reach each other (dockerd's default is icc=true)`, certainty: unsetCertainty(d), data: { setting: 'icc' } });
      return;
    }
    if (d.icc.value === false) return;
    ctx.report({ message: 'icc is true: containers on the default bridge can reach each other', at: d.icc, certainty: certaintyOf(d.icc), data: { setting: 'icc' } });
  },
});
