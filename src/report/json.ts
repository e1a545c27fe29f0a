/**
 * The JSON report: the enumerable fields of an {@link AuditResult}, pretty-printed, as described by
 * `schema/audit-result.schema.json` (`schemaVersion` 1.0.0). The masked source texts
 * (`result.sources`) are not part of it. Requirement R-G14 (machine-readable audit output).
 */
import type { AuditResult } from '../engine/types.js';

/** Renders `result` as JSON (2-space indent, trailing newline); `sources` is left out even if enumerable. */
export function renderJson(result: AuditResult): string {
  const { sources: _sources, ...rest } = result;
  return JSON.stringify(rest, null, 2) + '\n';
}
