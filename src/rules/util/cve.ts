/**
 * The check shared by the runtime-component CVE rules (BW-0302 runc, BW-0303 containerd): compare the
 * host's version of the component with the cited table in src/live/host/cves.ts. R-B, R-K, R-G10
 * (paper §IV.3, §V.2.10).
 */
import type { HostSpec } from '../../model/host.js';
import { matchCves } from '../../live/host/cves.js';
import type { RuleContext } from '../types.js';

/**
 * Reports every known container-escape CVE of `component` that the host's version is affected by, or one
 * info finding of certainty unknown when the version could not be read. Distribution builds are reported
 * with certainty unknown ("by upstream version; distro backports may have fixed it").
 */
export function reportComponentCves(h: HostSpec, ctx: RuleContext, component: 'runc' | 'containerd'): void {
  const v = h[component];
  if (!v) {
    const u = h.unknown.find((x) => x.what === component);
    ctx.report({ message: `${component} version unknown, not checked against known escapes: ${u?.why ?? 'not read'}`, at: u?.origin, certainty: 'unknown', severity: 'info', data: {} });
    return;
  }
  for (const m of matchCves(component, v.version, v.upstream)) {
    const c = m.cve;
    const how = m.certainty === 'unknown' ? `by upstream version ${m.upstream}; distro backports may have fixed it` : `${component} ${m.upstream}`;
    ctx.report({
      message: `${c.id}${c.name ? ` (${c.name})` : ''}: ${c.description}; fixed in ${c.fixedIn} (${how})`,
      at: v.origin,
      certainty: m.certainty,
      data: { cve: c.id, component, version: v.version, upstream: m.upstream, reference: c.reference },
    });
  }
}
