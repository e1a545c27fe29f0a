import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LayerTree } from './tree.js';
import type { LayerEntry } from './types.js';

const entry = (e: Partial<LayerEntry> & { name: string }): LayerEntry => ({ type: 'file', mode: 0o644, size: 1, uid: 0, gid: 0, ...e });

describe('LayerTree', () => {
  it('opaque whiteout keeps entries of its own layer', () => {
    const t = new LayerTree();
    t.apply(entry({ name: 'd/', type: 'directory' }), 0);
    t.apply(entry({ name: 'd/old' }), 0);
    t.apply(entry({ name: 'd/new' }), 1);
    const p = t.apply(entry({ name: 'd/.wh..wh..opq' }), 1);
    expect(p).toEqual({ op: 'opaque', dir: 'd', removed: [{ path: 'd/old', node: { type: 'file', mode: 0o644, size: 1, layer: 0, linkname: undefined } }] });
    expect([...t.nodes.keys()].sort()).toEqual(['d', 'd/new']);
  });
  it('a file replacing a directory removes its subtree', () => {
    const t = new LayerTree();
    t.apply(entry({ name: 'x/y/z' }), 0);
    const p = t.apply(entry({ name: 'x' }), 1);
    expect(p.op === 'write' && p.removed.map((r) => r.path)).toEqual(['x/y/z', 'x/y', 'x']);
    expect([...t.nodes.keys()]).toEqual(['x']);
  });
  it('a relative symlink that stays inside is fine, one that climbs out is refused', () => {
    const t = new LayerTree();
    expect(t.apply(entry({ name: 'a/b/l', type: 'symlink', linkname: '../../etc' }), 0).op).toBe('write');
    expect(t.apply(entry({ name: 'a/b/m', type: 'symlink', linkname: '../../../etc' }), 0)).toMatchObject({ op: 'refuse', reason: 'symlink-escape' });
  });

  // Property: whatever names and link targets an archive holds, every write the tree allows is a clean relative
  // path that goes through no symbolic link, and every hard link target is a file already in the tree.
  it('never allows a write outside the root or through a symlink (property)', () => {
    const seg = fc.constantFrom('a', 'b', '..', '.', '', '.wh.a', '.wh..wh..opq', 'c');
    const name = fc.array(seg, { minLength: 1, maxLength: 4 }).chain((parts) => fc.boolean().map((abs) => (abs ? '/' : '') + parts.join('/')));
    const ent = fc.record({ name, type: fc.constantFrom('file', 'directory', 'symlink', 'link', 'fifo'), linkname: name });
    fc.assert(
      fc.property(fc.array(fc.array(ent, { maxLength: 8 }), { minLength: 1, maxLength: 3 }), (layers) => {
        const t = new LayerTree();
        layers.forEach((l, i) => {
          for (const e of l) {
            const before = new Map(t.nodes);
            const p = t.apply(entry({ ...e, type: e.type as LayerEntry['type'] }), i);
            if (p.op !== 'write') continue;
            expect(p.path.startsWith('/')).toBe(false);
            expect(p.path.split('/')).not.toContain('..');
            const parts = p.path.split('/');
            for (let k = 1; k < parts.length; k++) expect(before.get(parts.slice(0, k).join('/'))?.type ?? 'directory').toBe('directory');
            if (e.type === 'link') expect(before.get(p.linkTarget!)?.type).toBe('file');
            if (e.type === 'fifo') throw new Error('a fifo was allowed');
          }
        });
      }),
      { numRuns: 500 },
    );
  });
});
