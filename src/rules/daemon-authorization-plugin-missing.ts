/**
 * BW-0212 daemon-authorization-plugin-missing: no authorization plugin (`authorization-plugins` /
 * `--authorization-plugin`) (CIS Docker Benchmark 1.6.0 2.12, 1.8.0 2.13; paper §V.2.14). Informational:
 * without one every client that can reach the API may do everything.
 */
import { defineRule } from './types.js';
import { daemonFix, DAEMON_INPUTS, notSet, showsOptions, unsetCertainty } from './daemon-common.js';

export default defineRule({
  meta: {
    id: 'BW-0212',
    slug: 'daemon-authorization-plugin-missing',
    title: 'No authorization plugin for Docker client commands',
    severity: 'info',
    attackClasses: ['R-B'],
    requirements: ['R-G14'],
    cis: { '1.6.0': ['2.12'], '1.8.0': ['2.13'] },
    paper: '§V.2.14',
    inputs: DAEMON_INPUTS,
    description:
      'Docker\'s API is all or nothing: whoever can reach it (members of the docker group, holders of a client certificate) can start privileged containers. An authorization plugin (e.g. Open Policy Agent\'s opa-docker-authz) can refuse requests such as --privileged or host mounts per user.',
    remediation: daemonFix('"authorization-plugins": ["opa-docker-authz"]', '--authorization-plugin=opa-docker-authz'),
    breaks: 'Requests the policy refuses fail; a missing plugin stops the daemon from answering.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    if (!showsOptions(d)) return; // a socket unit shows no dockerd option
    if (d.authorizationPlugins.length) return;
    ctx.report({ message: `${notSet(d, 'authorization-plugins')}: every client that reaches the API may do everything`, certainty: unsetCertainty(d), data: { setting: 'authorization-plugins' } });
  },
});
