/**
 * Long runs of whole-line comments (a licence header, a commented-out block): mvdan-sh's lexer reads each comment line
 * with one more JavaScript frame, and ~3,000 in a row overflowed the stack ("Maximum call stack size exceeded" as a
 * parse error, exit 2; QA). The runs are blanked for the parser and their comments kept, so suppression directives in
 * them still work and every position stays exact (also after multi-byte characters).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

describe('shell scripts with thousands of comment lines in a row', () => {
  it('parse without error; findings keep their lines and columns', async () => {
    const text = '#!/bin/sh\n' + '# licence é 🚀\n'.repeat(3000) + 'docker run --privileged --name web nginx:1.27\n';
    const r = await auditSources([{ path: 'big.sh', text }]);
    expect(r.errors).toEqual([]);
    const f = r.findings.find((x) => x.ruleId === 'BW-0001')!;
    expect([f.location.startLine, f.location.startColumn, f.location.endColumn, f.target.name]).toEqual([3002, 12, 24, 'web']);
  });

  it('a directive inside a long comment run still applies to the line below it', async () => {
    const text = '#!/bin/sh\n' + '# note\n'.repeat(400) + '# bulwark-ignore privileged-container -- lab machine\ndocker run --privileged --name lab busybox:1.36\n';
    const r = await auditSources([{ path: 'lab.sh', text }]);
    expect(r.findings.filter((x) => x.ruleId === 'BW-0001')).toEqual([]);
    expect(r.suppressions.map((s) => `${s.rules.join(',')} ${s.line} ${s.used} ${s.reason}`)).toEqual(['privileged-container 402 true lab machine']);
  });
});
