/**
 * BW-0203 daemon-userns-remap-missing: user namespace remapping is not enabled (`userns-remap`), and the
 * daemon is not rootless (CIS Docker Benchmark 1.6.0 2.9, 1.8.0 2.10; paper §V.2.11; R-K, R-G11).
 */
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS, notSet, showsOptions, unsetCertainty } from './daemon-common.js';

export default defineRule({
  meta: {
    id: 'BW-0203',
    slug: 'daemon-userns-remap-missing',
    title: 'User namespace remapping is not enabled',
    severity: 'medium',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G11'],
    cis: { '1.6.0': ['2.9'], '1.8.0': ['2.10'] },
    paper: '§V.2.11',
    inputs: DAEMON_INPUTS,
    description:
      'Without userns-remap, uid 0 in a container is uid 0 on the host: a process that escapes the container (a kernel bug, a mounted host path, the docker socket) is root on the host. With remapping, container root is an unprivileged subordinate uid. Rootless mode gives the same protection and counts as remapped. The paper called user namespaces "not directly supported"; they are today.',
    remediation: daemonFix('"userns-remap": "default"', '--userns-remap=default'),
    breaks: 'Existing images and volumes are stored per remapped root (a fresh data root); bind mounts need ownership for the subordinate uids; --privileged, --pid=host and --network=host need --userns=host per container.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    if (!showsOptions(d)) return; // a socket unit shows no dockerd option
    if (d.rootless?.value === true) return;
    const u = d.usernsRemap;
    if (u === undefined) {
      ctx.report({ message: `${notSet(d, 'userns-remap')}: root in a container is root on the host`, certainty: unsetCertainty(d), data: { setting: 'userns-remap' } });
      return;
    }
    if (u.value.trim() !== '') return;
    ctx.report({ message: 'userns-remap is empty: root in a container is root on the host', at: u, certainty: certaintyOf(u), data: { setting: 'userns-remap' } });
  },
});
