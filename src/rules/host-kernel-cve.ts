/**
 * BW-0301 host-kernel-cve: the host kernel's version is affected by a known container-escape CVE
 * (Dirty COW, CVE-2022-0185, CVE-2022-0492, Dirty Pipe). Live audit of a local engine only.
 * R-K, R-G10 (paper §IV.1, §V.2.10). Table and sources: src/live/host/cves.ts.
 */
import { matchCves } from '../live/host/cves.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'BW-0301',
    slug: 'host-kernel-cve',
    title: 'Host kernel has a known container-escape vulnerability',
    severity: 'high',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G10'],
    cis: {},
    paper: '§IV.1, §V.2.10',
    inputs: ['host'],
    description:
      'Containers share the host kernel, so a kernel bug reachable from a container is a way out of every container on the host. bulwark compares the running kernel (`/proc/sys/kernel/osrelease`, and the upstream version Debian and Ubuntu name in `/proc/version`) with a small cited table of container-escape CVEs (Dirty COW CVE-2016-5195, CVE-2022-0185, CVE-2022-0492, Dirty Pipe CVE-2022-0847). Distribution kernels carry backported fixes their version number does not show: such matches are reported with certainty unknown ("by upstream version; distro backports may have fixed it"); check the distribution\'s security tracker. A clean result does not mean the kernel is patched against everything.',
    remediation: { host: 'apt-get update && apt-get install --only-upgrade linux-image-amd64   # or your distribution\'s kernel package; then reboot' },
    breaks: 'A kernel upgrade needs a reboot; containers stop unless the engine runs with live-restore and the host is drained first.',
    fix: 'manual',
  },
  checkHost(h, ctx) {
    if (!h.kernel) {
      const u = h.unknown.find((x) => x.what === 'kernel');
      ctx.report({ message: `kernel version unknown, not checked against known escapes: ${u?.why ?? 'not read'}`, at: u?.origin, certainty: 'unknown', severity: 'info', data: {} });
      return;
    }
    for (const m of matchCves('kernel', h.kernel.release, h.kernel.upstream)) {
      const c = m.cve;
      const how = m.certainty === 'unknown' ? `by upstream version ${m.upstream}; distro backports may have fixed it` : `kernel ${m.upstream}`;
      ctx.report({
        message: `${c.id}${c.name ? ` (${c.name})` : ''}: ${c.description}; fixed in ${c.fixedIn} (${how})`,
        at: h.kernel.origin,
        certainty: m.certainty,
        data: { cve: c.id, component: 'kernel', version: h.kernel.release, upstream: m.upstream, reference: c.reference },
      });
    }
  },
});
