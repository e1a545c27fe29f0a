/**
 * Over every Compose file, run-line script / Markdown and Dockerfile of the shared corpus and examples/: the
 * audit's fix label of each finding is what `bulwark harden --unsafe-fixes` does at that finding's place — the
 * applicability of its change there, or `manual` when it makes none (src/harden/label.ts).
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../src/engine/audit.js';
import { hardenText } from '../../src/harden/index.js';
import { HARDEN_INPUTS } from './inputs.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('fix labels agree with harden over the corpus and examples', () => {
  it.each(HARDEN_INPUTS.map((f) => [relative(ROOT, f), f]))('%s', async (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const audit = await auditSources([{ path: file, text }], { env: {} });
    const r = await hardenText({ path: file, text }, { unsafe: true });
    const here = audit.findings.filter((f) => f.location.file === file);
    const got = here.map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.fix}`);
    const want = here.map((f) => {
      const at = (c: { line: number; column: number }) => c.line === f.location.startLine && c.column === f.location.startColumn;
      const c = r.changes.find((x) => x.ruleId === f.ruleId && at(x));
      // A change of another rule at the same place resolved it first (BW-0013 through a `/` bind that BW-0011's fix removes).
      const other = !c && f.fix !== 'manual' && r.changes.some((x) => at(x) && x.applicability === f.fix);
      return `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${c?.applicability ?? (other ? f.fix : 'manual')}`;
    });
    expect(got).toEqual(want);
  });
});
