/**
 * CIL reader and printer (issue 6 "Parts": a reader with positions, a deterministic printer; R-PM1, R-PM2).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atom, comment, list, statementKind, stripPositions, type CilNode } from './ast.js';
import { parseCil, MAX_DEPTH } from './parse.js';
import { printCil } from './print.js';

const strip = (ns: CilNode[]) => ns.map(stripPositions);

describe('parseCil', () => {
  it('gives line and column of every node, keeps comments apart', () => {
    const m = parseCil('; header\n(block web\n  (type process) ; the domain\n  (filecon "/x y" file ())\n)\n', 'm.cil');
    expect(m.errors).toEqual([]);
    expect(m.comments.map((c) => [c.text, c.pos!.line, c.pos!.column])).toEqual([[' header', 1, 1], [' the domain', 3, 18]]);
    const block = m.statements[0];
    expect(block.kind).toBe('list');
    if (block.kind !== 'list') return;
    expect(block.pos).toMatchObject({ line: 2, column: 1, start: 9 });
    expect(block.pos!.end).toBe(m.text.length - 1);
    const type = block.items[2];
    expect(type.pos).toMatchObject({ line: 3, column: 3 });
    const filecon = block.items[3];
    if (filecon.kind !== 'list') throw new Error('list expected');
    expect(filecon.items[1]).toMatchObject({ kind: 'atom', value: '/x y', quoted: true, pos: { line: 4, column: 12 } });
    expect(filecon.items[3]).toMatchObject({ kind: 'list', items: [], pos: { line: 4, column: 24 } });
  });

  it('reports unbalanced parentheses and unterminated strings with line and column', () => {
    expect(parseCil('(block web\n  (type process)\n', 'm.cil').errors).toEqual([{ offset: 0, line: 1, column: 1, message: 'open parenthesis without a matching close parenthesis' }]);
    expect(parseCil('(type a))', 'm.cil').errors).toEqual([{ offset: 8, line: 1, column: 9, message: 'closing parenthesis without a matching open parenthesis' }]);
    expect(parseCil('(filecon "/etc\n)', 'm.cil').errors).toEqual([{ offset: 9, line: 1, column: 10, message: 'unterminated quoted string' }]);
    expect(parseCil('a\0b').errors[0]).toMatchObject({ line: 1, column: 2 });
    expect(parseCil('('.repeat(MAX_DEPTH + 1)).errors[0]).toMatchObject({ line: 1, column: MAX_DEPTH + 1, message: `lists nested deeper than ${MAX_DEPTH}` });
  });

  it('counts columns in UTF-16 code units', () => {
    const m = parseCil('(filecon "/é😀" file ())\n(type b)');
    expect(m.statements[1].pos).toMatchObject({ line: 2, column: 1 });
    const f = m.statements[0];
    if (f.kind !== 'list') throw new Error('list expected');
    expect(f.items[2].pos).toMatchObject({ line: 1, column: 17 });
  });

  it('never throws, on any text', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('(', ')', '"', ';', '\n', ' ', 'a', '.', '\0', 'é') }), (s) => {
      const m = parseCil(s);
      expect(m.errors.length).toBeLessThanOrEqual(1);
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => { parseCil(s); }), { numRuns: 500 });
  });
});

describe('statement kinds', () => {
  it('knows every statement kind issue 6 lists; unknown lists are kept as generic statements', () => {
    const issue = ['block', 'blockinherit', 'in', 'type', 'typealias', 'typeattribute', 'typeattributeset', 'typebounds', 'typetransition', 'typechange',
      'typemember', 'allow', 'auditallow', 'dontaudit', 'neverallow', 'allowx', 'role', 'roletype', 'user', 'userrole', 'sensitivity', 'category',
      'boolean', 'tunable', 'booleanif', 'tunableif', 'macro', 'call', 'filecon', 'portcon', 'genfscon', 'nodecon', 'netifcon', 'context',
      'classpermission', 'optional'];
    for (const kw of issue) expect([kw, statementKind(parseCil(`(${kw} x)`).statements[0]).kind]).toEqual([kw, 'known']);
    const m = parseCil('(frobnicate a (b))\nname\n((x))');
    expect(m.errors).toEqual([]);
    expect(m.statements.map((s) => statementKind(s))).toEqual([{ kind: 'generic', keyword: 'frobnicate' }, { kind: 'not-a-statement' }, { kind: 'not-a-statement' }]);
  });
});

describe('printCil', () => {
  it('prints bodies of container statements indented, other lists flat', () => {
    const tree = [
      comment('generated'),
      list('block', 'web', comment('domain'), list('type', 'process'), list('allow', 'process', 'self', list('capability', list('chown', 'kill'))),
        list('filecon', atom('/srv/data(/.*)?', true), 'any', list()), list('optional', 'o', list('type', 'x'))),
    ];
    expect(printCil(tree)).toBe([
      '; generated',
      '(block web',
      '  ; domain',
      '  (type process)',
      '  (allow process self (capability (chown kill)))',
      '  (filecon "/srv/data(/.*)?" any ())',
      '  (optional o',
      '    (type x)',
      '  )',
      ')',
      '',
    ].join('\n'));
  });

  it('quotes atoms that would not read back as one symbol, refuses what CIL cannot carry', () => {
    expect(printCil([list('x', atom('a b'), atom(''), atom('c;d'))])).toBe('(x "a b" "" "c;d")\n');
    expect(() => printCil([list('x', atom('a"b'))])).toThrow('CIL cannot represent the string "a\\"b"');
  });

  const sym = fc.stringMatching(/^[a-z_.][a-z0-9_.*/-]{0,8}$/);
  const str = fc.stringMatching(/^[a-z /()[\].*?;-]{0,10}$/);
  const leaf: fc.Arbitrary<CilNode> = fc.oneof(sym.map((s) => atom(s)), str.map((s) => atom(s, true)));
  const { tree } = fc.letrec<{ tree: CilNode; node: CilNode }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('tree')),
    tree: fc.oneof(
      fc.array(tie('node'), { maxLength: 5 }).map((items) => list(...items)),
      fc.tuple(fc.constantFrom('block', 'in', 'optional', 'macro', 'booleanif', 'true'), sym, fc.array(tie('node'), { maxLength: 4 }))
        .map(([kw, name, body]) => list(kw, name, ...body)),
    ),
  }));

  it('round-trips: parse(print(tree)) is the tree, and printing is a fixed point', () => {
    fc.assert(fc.property(fc.array(tree, { maxLength: 4 }), (ts) => {
      const text = printCil(ts);
      const back = parseCil(text);
      expect(back.errors).toEqual([]);
      expect(strip(back.statements)).toEqual(strip(ts));
      expect(printCil(back.statements)).toBe(text);
    }), { numRuns: 1000 });
  });

  it('round-trips any text the reader accepts', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('(', ')', '"', ';', '\n', ' ', 'a', 'b', 'block', 'in ', '\t') }), (s) => {
      const m = parseCil(s);
      if (m.errors.length) return;
      const again = parseCil(printCil(m.statements));
      expect(again.errors).toEqual([]);
      expect(strip(again.statements)).toEqual(strip(m.statements));
    }), { numRuns: 2000 });
  });
});
