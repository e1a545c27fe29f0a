import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './diff.js';

/** Applies a unified diff made by unifiedDiff (test helper: hunks in order, exact context). */
function applyDiff(before: string, diff: string): string {
  if (diff === '') return before;
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  let ai = 0;
  const lines = diff.split('\n');
  lines.pop();
  for (let i = 2; i < lines.length; i++) {
    const h = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/.exec(lines[i]);
    if (h) {
      const start = Number(h[1]) - (h[2] === '0' ? 0 : 1);
      while (ai < start) out.push(a[ai++]);
      continue;
    }
    const l = lines[i];
    if (l.startsWith('\\')) continue;
    if (l[0] === ' ') {
      expect(a[ai]).toBe(l.slice(1));
      out.push(a[ai++]);
    } else if (l[0] === '-') {
      expect(a[ai]).toBe(l.slice(1));
      ai++;
    } else if (l[0] === '+') out.push(l.slice(1));
  }
  while (ai < a.length) out.push(a[ai++]);
  return out.length ? out.join('\n') + '\n' : '';
}

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('x', 'a\nb\n', 'a\nb\n')).toBe('');
  });

  it('writes GNU diff -u hunks with 3 lines of context', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n') + '\n';
    const after = before.replace('5\n', '5\nnew\n');
    expect(unifiedDiff('f.yml', before, after)).toBe('--- a/f.yml\n+++ b/f.yml\n@@ -3,6 +3,7 @@\n 3\n 4\n 5\n+new\n 6\n 7\n 8\n');
  });

  it('a change in each of 2,000 services: every hunk at its place, the diff applies back (patience anchors, then Myers)', () => {
    const env = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((k) => `      ${k}: x\n`).join('');
    const svc = (i: number, extra: string) => `  svc${i}:\n    image: nginx:1.27\n${extra}    environment:\n${env}`;
    const before = 'services:\n' + Array.from({ length: 2000 }, (_, i) => svc(i, '')).join('');
    const after = 'services:\n' + Array.from({ length: 2000 }, (_, i) => svc(i, '    read_only: true\n')).join('');
    const diff = unifiedDiff('compose.yaml', before, after);
    expect(applyDiff(before, diff)).toBe(after);
    const hunks = diff.split('\n').filter((l) => l.startsWith('@@'));
    expect(hunks.length).toBe(2000);
    expect(hunks.slice(0, 2)).toEqual(['@@ -1,6 +1,7 @@', '@@ -11,6 +12,7 @@']);
    expect(diff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'))).toHaveLength(2000);
  });

  it('is accepted by git apply', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-diff-'));
    const before = 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n';
    const after = 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n    pids_limit: 256\n';
    writeFileSync(join(dir, 'compose.yaml'), before);
    writeFileSync(join(dir, 'fix.patch'), unifiedDiff('compose.yaml', before, after));
    execFileSync('git', ['apply', '-p1', 'fix.patch'], { cwd: dir });
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).toBe(after);
  });

  it('reconstructs the new text from the old one (property)', () => {
    const line = fc.constantFrom('a', 'b', 'c', 'd', '', '  - x');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(line, { maxLength: 30 }), (x, y) => {
        const before = x.length ? x.join('\n') + '\n' : '';
        const after = y.length ? y.join('\n') + '\n' : '';
        expect(applyDiff(before, unifiedDiff('f', before, after))).toBe(after);
      }),
      { numRuns: 300 },
    );
  });
});
