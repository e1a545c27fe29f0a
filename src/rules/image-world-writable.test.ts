import { describe, expect, it } from 'vitest';
import { imageFacts, runCheck } from '../verify/fixture.js';
import { check, rule } from './image-world-writable.js';

// BW-0406: world-writable files, and world-writable directories without the sticky bit.
describe(rule.meta.slug, () => {
  it('reports 0666 files and 0777 directories, not 1777 directories or symlinks', () => {
    const f = imageFacts([{ entries: [{ name: 'tmp/', type: 'directory', mode: 0o1777 }, { name: 'data/', type: 'directory', mode: 0o777 }, { name: 'data/f', mode: 0o666 }, { name: 'l', type: 'symlink', mode: 0o777, linkname: 'data/f' }] }]);
    expect(runCheck(check, f).map((d) => d.message)).toEqual(['directory data/ is world-writable (mode 0777) in layer 1', 'file data/f is world-writable (mode 0666) in layer 1']);
  });

  it('a path a later layer fixed (chmod o-w copies it up) or removed is not reported', () => {
    const f = imageFacts([
      { entries: [{ name: 'data/', type: 'directory', mode: 0o777 }, { name: 'data/f', mode: 0o666 }, { name: 'data/g', mode: 0o666 }, { name: 'data/h', mode: 0o666 }] },
      { entries: [{ name: 'data/', type: 'directory', mode: 0o755 }, { name: 'data/f', mode: 0o644 }, { name: 'data/.wh.g' }] },
    ]);
    expect(runCheck(check, f).map((d) => d.message)).toEqual(['file data/h is world-writable (mode 0666) in layer 1']);
  });
});
