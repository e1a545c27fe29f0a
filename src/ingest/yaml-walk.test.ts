import { describe, expect, it } from 'vitest';
import { isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Node } from 'yaml';
import { walkNodes } from './yaml-walk.js';

/** A node as a short label: `S:value`, `A:*name`, `M@offset`, `Q@offset`. */
const label = (n: Node): string =>
  isScalar(n) ? `S:${String(n.value)}` : isAlias(n) ? `A:*${n.source}` : isMap(n) ? `M@${n.range?.[0]}` : isSeq(n) ? `Q@${n.range?.[0]}` : '?';

const TEXT = [
  'x-base: &base',
  '  cap_add: [NET_ADMIN, { a: 1 }]',
  'services:',
  '  web:',
  '    <<: *base',
  '    ports:',
  '      - "80:80"',
  '      - ? complex',
  '        : key',
  '    empty:',
  '',
].join('\n');

describe('walkNodes', () => {
  it('reports the nodes yaml.visit reports, in the same order', () => {
    const doc = parseDocument(TEXT, { merge: true });
    const mine: string[] = [];
    walkNodes(doc, (n) => void mine.push(label(n)));
    const theirs: string[] = [];
    visit(doc, { Node: (_k, n) => void theirs.push(label(n)) });
    expect(mine).toEqual(theirs);
    expect(mine).toEqual([
      'M@0', 'S:x-base', 'M@16', 'S:cap_add', 'Q@25', 'S:NET_ADMIN', 'M@37', 'S:a', 'S:1',
      'S:services', 'M@59', 'S:web', 'M@68', 'S:Symbol(<<)', 'A:*base', 'S:ports', 'Q@95',
      'S:80:80', 'M@113', 'S:complex', 'S:key', 'S:empty', 'S:null',
    ]);
  });

  it('stops when the callback returns true and says so', () => {
    const doc = parseDocument(TEXT);
    const seen: string[] = [];
    expect(walkNodes(doc, (n) => (seen.push(label(n)), isAlias(n)))).toBe(true);
    expect(seen.at(-1)).toBe('A:*base');
    expect(seen).toHaveLength(15);
    expect(walkNodes(doc, () => false)).toBe(false);
  });

  it('walks a sub-tree and an empty document', () => {
    const doc = parseDocument(TEXT);
    const services = doc.get('services', true) as Node;
    const seen: string[] = [];
    walkNodes(services, (n) => void seen.push(label(n)));
    expect(seen[0]).toBe('M@59');
    expect(seen).toHaveLength(13);
    expect(walkNodes(parseDocument(''), () => true)).toBe(false);
  });
});
