/**
 * Settings found missing on a `docker run` line that also holds words bulwark cannot read as options
 * (`$EXTRA_OPTS`, `"$@"` in a wrapper function, `"${ARGS[@]}"`) are reported with certainty `unknown`
 * and name those words: the words may set the option (requirements.md, "Facts from today's engines": a
 * value a rule cannot know is reported as unknown, never as definitely unsafe). Rules: BW-0003, BW-0006,
 * BW-0007, BW-0008, BW-0009, BW-0010, BW-0031, BW-0038 (and BW-0004, unknown already).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';

const MISSING = ['BW-0003', 'BW-0004', 'BW-0006', 'BW-0007', 'BW-0008', 'BW-0009', 'BW-0010', 'BW-0031', 'BW-0038'];
const SCRIPT = '#!/bin/bash\nrun() {\n  docker run --rm -i "$@"\n}\ndocker run $EXTRA_OPTS --name x1 alpine:3.19\ndocker run --name x2 alpine:3.19\n';

describe('missing settings next to unreadable options', () => {
  it('are unknown, naming the words, on x1 and the wrapper; definite on a plain line', async () => {
    const r = await auditSources([{ path: 'run.sh', text: SCRIPT, kind: 'shell' }]);
    const rows = r.findings.filter((f) => MISSING.includes(f.ruleId)).map((f) => [f.target.name, f.ruleId, f.location.startLine, f.certainty]);
    const want = (name: string, line: number, certainty: string) => MISSING.map((id) => [name, id, line, id === 'BW-0004' ? 'unknown' : certainty]);
    expect(rows.sort()).toEqual([...want('$@', 3, 'unknown'), ...want('x1', 5, 'unknown'), ...want('x2', 6, 'definite')].sort());
    const mem = r.findings.filter((f) => f.ruleId === 'BW-0008').map((f) => [f.target.name, f.message]);
    expect(mem).toEqual([
      ['$@', 'no memory limit: the container may use all host memory (unless "$@" sets it)'],
      ['x1', 'no memory limit: the container may use all host memory (unless $EXTRA_OPTS sets it)'],
      ['x2', 'no memory limit: the container may use all host memory'],
    ]);
  });
});
