/**
 * The JSON report: the enumerable fields of an {@link AuditResult}, as described by
 * `schema/audit-result.schema.json` (`schemaVersion` 1.0.0). The masked source texts
 * (`result.sources`) are not part of it. Requirement R-G14 (machine-readable audit output).
 *
 * Layout: the top level is indented by two spaces; each finding is one compact line (as ESLint's and
 * hadolint's JSON formatters print them), so the report stays greppable and a run with a hundred
 * thousand findings is written quickly and in bounded memory.
 */
import type { AuditResult, Finding } from '../engine/types.js';

/** Stands in for the findings array while the rest is laid out; NUL never occurs in a text input. */
const MARK = '\u0000findings\u0000';
const PLACEHOLDER = JSON.stringify(MARK);

/**
 * Renders `result` as JSON in pieces, findings one at a time, so a report of a hundred thousand
 * findings never exists as one string. The concatenation equals {@link renderJson}.
 */
export function* renderJsonChunks(result: AuditResult): Generator<string> {
  const { sources: _sources, ...rest } = result;
  // Lay out everything but the findings with JSON.stringify, then splice the findings in where the
  // placeholder stands, one per line.
  const skeleton = JSON.stringify({ ...rest, findings: MARK }, null, 2);
  const at = skeleton.indexOf(PLACEHOLDER);
  yield skeleton.slice(0, at);
  const findings = rest.findings;
  if (!findings.length) yield '[]';
  else {
    yield '[\n';
    const staticParts = new Map<string, string>();
    const BATCH = 256;
    for (let i = 0; i < findings.length; i += BATCH) {
      const part = findings
        .slice(i, i + BATCH)
        .map((f) => '    ' + findingJson(f, staticParts))
        .join(',\n');
      yield i + BATCH < findings.length ? part + ',\n' : part + '\n';
    }
    yield '  ]';
  }
  yield skeleton.slice(at + PLACEHOLDER.length) + '\n';
}

const FINDING_KEYS = 'ruleId,slug,title,severity,message,attackClasses,requirements,cis,target,location,certainty,data,remediation,fix,helpUri';

/**
 * One finding as compact JSON, equal to `JSON.stringify(f)`. The rule's own fields (title, attack classes,
 * requirements, CIS ids, remediation, fix, docs) are the same for every finding of a rule and input kind:
 * they are serialized once and reused, which halves the cost of a large report.
 */
function findingJson(f: Finding, cache: Map<string, string>): string {
  const keys = Object.keys(f).join(',');
  if (keys !== FINDING_KEYS && keys !== FINDING_KEYS + ',pointer') return JSON.stringify(f);
  const key = `${f.ruleId}\u0000${f.remediation}`;
  let head = cache.get(key);
  let tail = cache.get(key + '\u0000tail');
  if (head === undefined || tail === undefined) {
    const q = JSON.stringify;
    head = `{"ruleId":${q(f.ruleId)},"slug":${q(f.slug)},"title":${q(f.title)},"severity":`;
    const mid = `,"attackClasses":${q(f.attackClasses)},"requirements":${q(f.requirements)},"cis":${q(f.cis)},"target":`;
    tail = `,"remediation":${q(f.remediation)},"fix":${q(f.fix)},"helpUri":${q(f.helpUri)}`;
    cache.set(key, head);
    cache.set(key + '\u0000mid', mid);
    cache.set(key + '\u0000tail', tail);
  }
  const mid = cache.get(key + '\u0000mid')!;
  return (
    head +
    JSON.stringify(f.severity) +
    ',"message":' +
    JSON.stringify(f.message) +
    mid +
    JSON.stringify(f.target) +
    ',"location":' +
    JSON.stringify(f.location) +
    ',"certainty":' +
    JSON.stringify(f.certainty) +
    ',"data":' +
    JSON.stringify(f.data) +
    tail +
    (f.pointer !== undefined ? ',"pointer":' + JSON.stringify(f.pointer) : '') +
    '}'
  );
}

/** Renders `result` as JSON (trailing newline); `sources` is left out even if enumerable. */
export function renderJson(result: AuditResult): string {
  return [...renderJsonChunks(result)].join('');
}
