/**
 * `bulwark audit --compliance`: the CIS Docker Benchmark 1.6.0 view of an audit (sections 1–5 and 7), per
 * target, as text or JSON. The statuses and how they are derived: src/compliance/index.ts. R-G14.
 */
import { complianceView, auditTargets, STATUSES, type ComplianceTarget, type TargetCompliance } from '../compliance/index.js';
import type { AuditResult } from '../engine/types.js';
import { allRules } from '../rules/index.js';
import type { Rule } from '../rules/types.js';
import { targetLabel } from './common.js';

/** The JSON document of `--compliance --format json`. */
export interface ComplianceReport {
  benchmark: 'CIS Docker Benchmark';
  version: '1.6.0';
  sections: string[];
  targets: TargetCompliance[];
}

/**
 * Renders the compliance view. The string ends with a newline.
 * @param opts.targets the audited targets (from `targetRecorder()`); default {@link auditTargets}'s fallback
 * @param opts.rules rule objects to read checks from (default `allRules`)
 */
export function renderCompliance(result: AuditResult, format: 'text' | 'json', opts: { targets?: ComplianceTarget[]; rules?: readonly Rule[] } = {}): string {
  const targets = complianceView(result, opts.rules ?? allRules, auditTargets(result, opts.targets));
  if (format === 'json') {
    const report: ComplianceReport = { benchmark: 'CIS Docker Benchmark', version: '1.6.0', sections: ['1', '2', '3', '4', '5', '7'], targets };
    return JSON.stringify(report, null, 2) + '\n';
  }
  const out = ['CIS Docker Benchmark 1.6.0 compliance (sections 1-5 and 7)'];
  if (!targets.length) out.push('', 'no targets audited');
  for (const t of targets) {
    out.push('', `${t.workload ? targetLabel(t) : `${t.kind} ${t.name}`}  (${t.file})`, `  ${STATUSES.map((s) => `${s} ${t.summary[s]}`).join(', ')}`);
    for (const r of t.results) {
      const rules = r.rules.length && r.status !== 'not applicable' ? `  [${r.rules.join(', ')}]` : '';
      // Why an item is not applicable here (a host without AppArmor: "AppArmor is not active on this host…").
      const why = r.reason ? ` (${r.reason})` : '';
      out.push(`  ${r.status.padEnd(14)} ${r.id.padEnd(6)} ${r.title}${rules}${why}`);
    }
  }
  return out.join('\n') + '\n';
}
