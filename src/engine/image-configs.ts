/**
 * `docker image inspect` output audited as `bulwark verify` audits an archive's config: the image rules whose
 * `meta.inputs` include `inspect` (BW-0401 user, BW-0402 secrets in Env and labels, BW-0403 SSH port, BW-0404 health
 * check; CIS Docker Benchmark 1.6.0 4.1, 4.6, 4.10; paper §IV.4) run on an {@link ImageConfigSpec}, and each finding
 * points at the inspect field its rule names (`ImageReportDescriptor.pointer`, OCI `/config/User` → `/Config/User`).
 * The rules that read layers (setuid files, secrets in files …) need the image's bytes: `bulwark verify`.
 */
import type { ImageConfigSpec } from '../model/types.js';
import type { ReportDescriptor, Rule } from '../rules/types.js';
import type { ImageCheck, ImageFacts } from '../verify/facts.js';
import { LayerTree } from '../verify/tree.js';
import { IMAGE_RULES } from '../verify/verify.js';

/** The selected rules that check an image config from inspect output, with their checks, in rule order. */
export function imageConfigChecks(selected: readonly Rule[]): { rule: Rule; check: ImageCheck }[] {
  const checks = new Map(IMAGE_RULES.map((r) => [r.meta.id, r.check]));
  return selected.filter((r) => r.meta.inputs.includes('inspect') && checks.has(r.meta.id)).map((rule) => ({ rule, check: checks.get(rule.meta.id)! }));
}

/**
 * Runs `checks` on one image config; `report` gets each finding as a {@link ReportDescriptor} at the field's origin
 * in the inspect file (the object itself when a rule names no field).
 */
export function checkImageConfig(spec: ImageConfigSpec, checks: { rule: Rule; check: ImageCheck }[], report: (rule: Rule, d: ReportDescriptor) => void): void {
  const facts: ImageFacts = {
    archive: spec.file,
    image: { names: [spec.target.name], configDigest: '', config: spec.config, layers: [] },
    layers: [],
    refused: [],
    deleted: [],
    tree: new LayerTree(),
  };
  for (const { rule, check } of checks)
    check(facts, (d) => {
      const at = spec.locate(d.pointer ?? '');
      // A secret value (a label's) is masked without its quotes: the string's characters in the file.
      const secret = d.secret && at.kind === 'file' && at.pointer === d.pointer?.replace(/^\/config\b/, '/Config') ? [{ file: at.file, start: at.start + 1, end: at.end - 1 }] : undefined;
      report(rule, { at, message: d.message, ...(d.data ? { data: d.data } : {}), ...(d.severity ? { severity: d.severity } : {}), ...(d.fix ? { fix: d.fix } : {}), ...(secret ? { secretRanges: secret } : {}) });
    });
}
