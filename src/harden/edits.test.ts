import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, chooseGroups, overlaps } from './edits.js';

describe('edits', () => {
  it('applies replacements and insertions against the original offsets', () => {
    expect(applyEdits('abcdef', [{ start: 4, end: 6, text: 'XY' }, { start: 0, end: 0, text: '>' }, { start: 2, end: 3, text: '' }])).toBe('>abdXY');
  });

  it('keeps the given order of insertions at one offset', () => {
    expect(applyEdits('ab', [{ start: 1, end: 1, text: '1' }, { start: 1, end: 1, text: '2' }])).toBe('a12b');
  });

  it('throws on overlapping edits', () => {
    expect(() => applyEdits('abcdef', [{ start: 1, end: 4, text: '' }, { start: 3, end: 5, text: '' }])).toThrow('overlapping edits at offset 3');
  });

  it('treats an insertion at the edge of a replaced range as not overlapping, inside it as overlapping', () => {
    expect(overlaps({ start: 3, end: 3, text: 'x' }, { start: 1, end: 3, text: '' })).toBe(false);
    expect(overlaps({ start: 1, end: 1, text: 'x' }, { start: 1, end: 3, text: '' })).toBe(false);
    expect(overlaps({ start: 2, end: 2, text: 'x' }, { start: 1, end: 3, text: '' })).toBe(true);
  });

  it('defers a whole group when one of its edits overlaps an earlier group', () => {
    const groups = [[{ start: 0, end: 2, text: '' }], [{ start: 5, end: 5, text: 'a' }, { start: 1, end: 3, text: '' }], [{ start: 4, end: 6, text: 'z' }]];
    expect(chooseGroups(groups)).toEqual([0, 2]);
  });

  it('chooses what a pass over every taken edit chooses (property; the taken edits are searched, not scanned)', () => {
    // The reference: the first version of chooseGroups, quadratic, kept here as the oracle.
    const reference = (groups: { start: number; end: number; text: string }[][]) => {
      const taken: { start: number; end: number; text: string }[] = [];
      const keys = new Set<string>();
      const key = (e: { start: number; end: number; text: string }) => `${e.start}\0${e.end}\0${e.text}`;
      const out: number[] = [];
      groups.forEach((g, i) => {
        if (g.length > 0 && g.every((e) => keys.has(key(e)))) return void out.push(i);
        if (g.some((e) => !keys.has(key(e)) && taken.some((t) => overlaps(e, t)))) return;
        if (g.some((e, j) => g.some((f, k) => k !== j && overlaps(e, f)))) return;
        taken.push(...g);
        for (const e of g) keys.add(key(e));
        out.push(i);
      });
      return out;
    };
    const edit = fc.tuple(fc.nat(30), fc.nat(4), fc.constantFrom('', 'a', 'b')).map(([s, l, t]) => ({ start: s, end: s + l, text: t }));
    fc.assert(
      fc.property(fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { maxLength: 25 }), (groups) => {
        expect(chooseGroups(groups)).toEqual(reference(groups));
      }),
      { numRuns: 2000 },
    );
  });

  it('never produces overlapping choices (property)', () => {
    const edit = fc.tuple(fc.nat(20), fc.nat(5), fc.string({ maxLength: 3 })).map(([s, l, t]) => ({ start: s, end: s + l, text: t }));
    fc.assert(
      fc.property(fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { maxLength: 8 }), (groups) => {
        const chosen = chooseGroups(groups).flatMap((i) => groups[i]);
        expect(() => applyEdits('x'.repeat(30), chosen)).not.toThrow();
      }),
    );
  });
});

describe('edit rank', () => {
  it('puts lower ranks first among insertions at one offset', () => {
    expect(applyEdits('a\n', [{ start: 2, end: 2, text: 'outer\n', rank: -8 }, { start: 2, end: 2, text: 'inner\n', rank: -13 }])).toBe('a\ninner\nouter\n');
  });
});

describe('a docker run line in a for loop (several targets, one line; QA)', () => {
  it('gets each fix once: no repeated flags, no repeated comment lines', async () => {
    const { hardenText } = await import('./index.js');
    const text = '#!/bin/sh\nfor i in 1 2 3; do docker run -d --name "w$i" --privileged myorg/worker; done\n';
    const r = await hardenText({ path: 'loop.sh', text }, { only: ['BW-0001', 'BW-0007', 'BW-0010'], unsafe: true });
    expect(r.output).toBe(
      '#!/bin/sh\n# bulwark: --pids-limit 256 set by bulwark harden (profile values: adjust to the service)\nfor i in 1 2 3; do docker run --security-opt no-new-privileges:true --pids-limit 256 -d --name "w$i" myorg/worker; done\n',
    );
  });
});
