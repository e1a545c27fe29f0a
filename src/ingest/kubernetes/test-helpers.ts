/**
 * Test helpers for the Kubernetes ingester and the rules that read it: ingest a text, locate origins as
 * `line:column`, and a RuleTester-style runner over the real engine (`audit` with stdin and `--kind
 * kubernetes`, the path a user's `bulwark audit --kind kubernetes -` takes).
 */
import { describe, expect, it } from 'vitest';
import { audit } from '../../engine/audit.js';
import type { Finding } from '../../engine/types.js';
import { SourceFile } from '../../model/source.js';
import type { IngestResult, Origin } from '../../model/types.js';
import type { Rule } from '../../rules/types.js';
import { ingestKubernetes } from './index.js';

/** Ingests `text` as `path`; returns the result and a locator of origins (`"12:5-12:20"`). */
export async function ingestText(text: string, path = 'pod.yaml'): Promise<{ r: IngestResult; at: (o: Origin | undefined) => string; file: SourceFile }> {
  const file = new SourceFile(path, text);
  const r = await ingestKubernetes(file, { readFile: async () => undefined, env: {} });
  const at = (o: Origin | undefined) => {
    if (!o || o.kind !== 'file') return String(o);
    const a = file.position(o.start);
    const b = file.position(o.end);
    return `${a.line}:${a.column}-${b.line}:${b.column}`;
  };
  return { r, at, file };
}

/** Audits `text` as a Kubernetes manifest read from stdin, with only `rules` (default: all). */
export async function auditManifest(text: string, rules?: Rule[]): Promise<{ findings: Finding[]; errors: { message: string; line?: number }[] }> {
  const res = await audit(['-'], { kind: 'kubernetes', stdin: text, env: {}, config: {}, ...(rules ? { rules } : {}) });
  return { findings: res.findings, errors: res.errors };
}

/** An expected finding of a {@link k8sRuleTester} case. */
export interface K8sExpected {
  line: number;
  column: number;
  target?: string;
  severity?: string;
  data?: Record<string, string | number | boolean>;
  message?: string;
}

/**
 * ESLint-RuleTester-style cases for one rule over Kubernetes manifests: `valid` cases produce no finding of
 * the rule; `invalid` cases produce exactly the listed findings (count, line, column and the fields given).
 * Input errors fail a case unless `inputErrors` says how many.
 */
export function k8sRuleTester(rule: Rule, cases: { valid: { code: string; name?: string }[]; invalid: { code: string; name?: string; errors: K8sExpected[]; inputErrors?: number }[] }): void {
  const label = (c: { code: string; name?: string }) => c.name ?? c.code.split('\n').slice(0, 2).join(' ');
  describe(`${rule.meta.id} ${rule.meta.slug} (kubernetes)`, () => {
    for (const c of cases.valid)
      it(`valid: ${label(c)}`, async () => {
        const { findings, errors } = await auditManifest(c.code, [rule]);
        expect(errors).toEqual([]);
        expect(findings.filter((f) => f.ruleId === rule.meta.id).map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.message}`)).toEqual([]);
      });
    for (const c of cases.invalid)
      it(`invalid: ${label(c)}`, async () => {
        const { findings, errors } = await auditManifest(c.code, [rule]);
        expect(errors.length).toBe(c.inputErrors ?? 0);
        const mine = findings.filter((f) => f.ruleId === rule.meta.id);
        const got = mine.map((f, i) => {
          const e = c.errors[i] ?? { line: 0, column: 0 };
          const o: K8sExpected = { line: f.location.startLine, column: f.location.startColumn };
          if (e.target !== undefined) o.target = f.target.name;
          if (e.severity !== undefined) o.severity = f.severity;
          if (e.data !== undefined) o.data = Object.fromEntries(Object.keys(e.data).map((k) => [k, f.data[k]]));
          if (e.message !== undefined) o.message = f.message.includes(e.message) ? e.message : f.message;
          return o;
        });
        expect(got).toEqual(c.errors);
      });
  });
}
