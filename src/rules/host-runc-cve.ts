/**
 * BW-0302 host-runc-cve: the host's runc (`runc --version`) is affected by a known container-escape CVE
 * (CVE-2019-5736, CVE-2024-21626, the November 2025 CVE-2025-31133, CVE-2025-52565, CVE-2025-52881). Live audit of a local engine only. R-B, R-K (paper §IV.3, §V.2.10).
 * Table and sources: src/live/host/cves.ts.
 */
import { withoutDistroFixed } from '../live/host/cves.js';
import { reportComponentCves } from './util/cve.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'BW-0302',
    slug: 'host-runc-cve',
    title: 'runc has a known container-escape vulnerability',
    severity: 'critical',
    attackClasses: ['R-B'],
    requirements: ['R-B', 'R-K', 'R-G10'],
    cis: {},
    paper: '§IV.3, §V.2.10',
    inputs: ['host'],
    description:
      'Every container of the engine is started by runc; a bug in it that a container can trigger (CVE-2019-5736, CVE-2024-21626, CVE-2025-31133, CVE-2025-52565, CVE-2025-52881) gives root on the host. bulwark compares `runc --version` with a small cited table of container-escape CVEs. Distribution packages (`+ds1`, `~ds1` versions) often carry backported fixes: such matches are reported with certainty unknown ("by upstream version; distro backports may have fixed it"); check the distribution\'s security tracker.',
    remediation: { host: 'apt-get install --only-upgrade runc   # or docker-ce / containerd.io packages that bundle runc ≥ 1.2.8 (1.3.x: ≥ 1.3.3)' },
    breaks: 'Upgrading runc is transparent to running containers only with live-restore; otherwise restart the engine in a maintenance window.',
    fix: 'manual',
  },
  checkHost(h, ctx) {
    reportComponentCves(h, withoutDistroFixed(h, 'runc', ctx), 'runc');
  },
});
