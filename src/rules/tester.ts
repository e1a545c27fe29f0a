/**
 * RuleTester: ESLint-style declarative tests for one rule, run through the real ingesters and engine.
 *
 * ```ts
 * ruleTester(rule, {
 *   valid: [{ kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' }],
 *   invalid: [{ kind: 'run', code: 'docker run --privileged nginx', errors: [{ line: 1, column: 12, target: 'nginx' }] }],
 * });
 * ```
 * Strict on purpose: an invalid case must list every finding of the rule (count checked), each field
 * given must match exactly (`data` as a subset), a valid case must produce no finding of the rule, and
 * any input error fails the case unless `inputErrors` says how many are expected.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import type { Finding } from '../engine/types.js';
import type { InputKind } from '../model/types.js';
import type { Rule, Severity } from './types.js';

/** An expected finding. Line and column are 1-based; end column exclusive. */
export interface ExpectedFinding {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Target name (service, `--name` or image, stage). */
  target?: string;
  severity?: Severity;
  certainty?: 'definite' | 'unknown';
  /** Compared as a subset of the finding's data. */
  data?: Record<string, string | number | boolean>;
  /** A substring the message must contain. */
  message?: string;
  /** The finding's remediation (the fix shown to the user), compared exactly. */
  remediation?: string;
}

/** One test case. */
export interface TestCase {
  kind: InputKind;
  code: string;
  /** Label shown by vitest; defaults to the first line of `code`. */
  name?: string;
  /** File name of the input; defaults per kind (`compose.yaml`, `run.sh`, `script.sh`, `README.md`, `Dockerfile`). */
  filename?: string;
  /** Other files beside it (`.env`, an `extends` file), by name. */
  files?: Record<string, string>;
  /** Variables for Compose interpolation (default none). */
  env?: Record<string, string>;
  /** Expected findings of this rule (invalid cases only). */
  errors?: ExpectedFinding[];
  /** Number of input errors expected (default 0). */
  inputErrors?: number;
}

const DEFAULT_NAMES: Record<InputKind, string> = {
  compose: 'compose.yaml',
  run: 'run.sh',
  shell: 'script.sh',
  markdown: 'README.md',
  asciidoc: 'README.adoc',
  rst: 'README.rst',
  ci: '.github/workflows/ci.yml',
  dockerfile: 'Dockerfile',
  inspect: 'inspect.json',
  daemon: 'daemon.json',
  kubernetes: 'pod.yaml',
};

/** Runs one case and returns the rule's findings (exported for golden tests). */
export async function runCase(rule: Rule, c: TestCase): Promise<{ findings: Finding[]; errors: { message: string }[] }> {
  const path = c.filename ?? DEFAULT_NAMES[c.kind];
  const extra = Object.entries(c.files ?? {}).map(([p, text]) => ({ path: p, text }));
  const result = await auditSources([{ path, text: c.code, kind: c.kind }, ...extra], { rules: [rule], env: c.env ?? {} });
  return { findings: result.findings.filter((f) => f.ruleId === rule.meta.id), errors: result.errors };
}

function label(c: TestCase): string {
  return c.name ?? `${c.kind}: ${c.code.split('\n').find((l) => l.trim() && !l.trim().startsWith('#'))?.trim() ?? c.code.slice(0, 40)}`;
}

function pick(f: Finding, e: ExpectedFinding): ExpectedFinding {
  const out: ExpectedFinding = { line: f.location.startLine, column: f.location.startColumn };
  if (e.endLine !== undefined) out.endLine = f.location.endLine;
  if (e.endColumn !== undefined) out.endColumn = f.location.endColumn;
  if (e.target !== undefined) out.target = f.target.name;
  if (e.severity !== undefined) out.severity = f.severity;
  if (e.certainty !== undefined) out.certainty = f.certainty;
  if (e.data !== undefined) out.data = Object.fromEntries(Object.keys(e.data).map((k) => [k, f.data[k]]));
  if (e.message !== undefined) out.message = f.message.includes(e.message) ? e.message : f.message;
  if (e.remediation !== undefined) out.remediation = f.remediation;
  return out;
}

/**
 * Declares a vitest suite for `rule`.
 * @throws (at definition time) when a valid case lists errors or an invalid case lists none
 */
export function ruleTester(rule: Rule, cases: { valid: TestCase[]; invalid: TestCase[] }): void {
  const seen = new Set<string>();
  for (const c of [...cases.valid, ...cases.invalid]) {
    const k = `${c.kind}\0${c.code}\0${JSON.stringify(c.files ?? {})}\0${JSON.stringify(c.env ?? {})}`;
    if (seen.has(k)) throw new Error(`${rule.meta.slug}: duplicate test case: ${label(c)}`);
    seen.add(k);
  }
  describe(`${rule.meta.id} ${rule.meta.slug}`, () => {
    // An empty group is left out: vitest fails a describe with no test in it.
    if (cases.valid.length) describe('valid', () => {
      for (const c of cases.valid) {
        if (c.errors) throw new Error(`${rule.meta.slug}: a valid case must not have errors: ${label(c)}`);
        it(label(c), async () => {
          const { findings, errors } = await runCase(rule, c);
          expect(errors.length, `input errors: ${errors.map((e) => e.message).join('; ')}`).toBe(c.inputErrors ?? 0);
          expect(findings.map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.message}`)).toEqual([]);
        });
      }
    });
    if (cases.invalid.length) describe('invalid', () => {
      for (const c of cases.invalid) {
        if (!c.errors?.length) throw new Error(`${rule.meta.slug}: an invalid case needs errors: ${label(c)}`);
        it(label(c), async () => {
          const { findings, errors } = await runCase(rule, c);
          expect(errors.length, `input errors: ${errors.map((e) => e.message).join('; ')}`).toBe(c.inputErrors ?? 0);
          const want = c.errors!;
          expect(
            findings.length,
            `expected ${want.length} finding(s), got ${findings.length}: ${findings.map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.message}`).join(' | ')}`,
          ).toBe(want.length);
          findings.forEach((f, i) => expect(pick(f, want[i])).toEqual(want[i]));
        });
      }
    });
  });
}
