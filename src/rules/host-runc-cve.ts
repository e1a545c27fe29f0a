/**
 * BW-0302 host-runc-cve: the host's runc (`runc --version`) is affected by a known container-escape CVE
 * (CVE-2019-5736, CVE-2024-21626). Live audit of a local engine only. R-B, R-K (paper §IV.3, §V.2.10).
 * Table and sources: src/live/host/cves.ts.
 */
import { matchCves } from '../live/host/cves.js';
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
      'Every container of the engine is started by runc; a bug in it that a container can trigger (CVE-2019-5736, CVE-2024-21626) gives root on the host. bulwark compares `runc --version` with a small cited table of container-escape CVEs. Distribution packages (`+ds1`, `~ds1` versions) often carry backported fixes: such matches are reported with certainty unknown ("by upstream version; distro backports may have fixed it"); check the distribution\'s security tracker.',
    remediation: { host: 'apt-get install --only-upgrade runc   # or docker-ce / containerd.io packages that bundle runc ≥ 1.1.12' },
    breaks: 'Upgrading runc is transparent to running containers only with live-restore; otherwise restart the engine in a maintenance window.',
    fix: 'manual',
  },
  checkHost(h, ctx) {
    const v = h.runc;
    if (!v) {
      const u = h.unknown.find((x) => x.what === 'runc');
      ctx.report({ message: `runc version unknown, not checked against known escapes: ${u?.why ?? 'not read'}`, at: u?.origin, certainty: 'unknown', severity: 'info', data: {} });
      return;
    }
    for (const m of matchCves('runc', v.version, v.upstream)) {
      const c = m.cve;
      const how = m.certainty === 'unknown' ? `by upstream version ${m.upstream}; distro backports may have fixed it` : `runc ${m.upstream}`;
      ctx.report({
        message: `${c.id}${c.name ? ` (${c.name})` : ''}: ${c.description}; fixed in ${c.fixedIn} (${how})`,
        at: v.origin,
        certainty: m.certainty,
        data: { cve: c.id, component: 'runc', version: v.version, upstream: m.upstream, reference: c.reference },
      });
    }
  },
});
