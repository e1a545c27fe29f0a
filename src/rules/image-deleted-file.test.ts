import { describe, expect, it } from 'vitest';
import { imageFacts, runCheck } from '../verify/fixture.js';
import { check, rule } from './image-deleted-file.js';

// BW-0408: whiteouts and opaque directories hide files whose bytes still ship.
describe(rule.meta.slug, () => {
  it('reports files removed by a whiteout and by an opaque directory, not empty files or same-layer entries', () => {
    const f = imageFacts([
      { entries: [{ name: 'build/', type: 'directory' }, { name: 'build/key', size: 100 }, { name: 'build/empty', size: 0 }, { name: 'cache/', type: 'directory' }, { name: 'cache/a', size: 7 }] },
      { entries: [{ name: 'build/.wh.key' }, { name: 'cache/.wh..wh..opq' }, { name: 'cache/b', size: 3 }] },
    ]);
    expect(runCheck(check, f).map((d) => d.message)).toEqual(['build/key (100 bytes) from layer 1 is deleted in layer 2 but still in the archive', 'cache/a (7 bytes) from layer 1 is deleted in layer 2 but still in the archive']);
    expect([...f.tree.nodes.keys()].sort()).toEqual(['build', 'build/empty', 'cache', 'cache/b']);
  });
});
