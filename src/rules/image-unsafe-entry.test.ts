import { describe, expect, it } from 'vitest';
import { imageFacts, runCheck } from '../verify/fixture.js';
import { check, rule } from './image-unsafe-entry.js';

// BW-0410: entries an unpacker must refuse (src/verify/tree.ts).
describe(rule.meta.slug, () => {
  it('reports each refused entry with reason and layer; devices at medium', () => {
    const f = imageFacts([
      { entries: [{ name: '/abs', size: 1 }, { name: 'a/../../b' }, { name: 'up', type: 'symlink', linkname: '../x' }, { name: 'ok', type: 'symlink', linkname: '/etc/passwd' }, { name: 'dev/null', type: 'character-device' }] },
      { entries: [{ name: 'ok/evil' }, { name: 'h', type: 'link', linkname: 'nothing' }] },
    ]);
    expect(runCheck(check, f).map((d) => [d.message, d.severity])).toEqual([
      ['layer 1: absolute path /abs (absolute)', undefined],
      ['layer 1: path traversal (..) in a/../../b (traversal)', undefined],
      ['layer 1: symbolic link up -> ../x leads outside the root (symlink-escape)', undefined],
      ['layer 1: character device dev/null (device)', 'medium'],
      ['layer 2: ok/evil goes through the symbolic link ok -> /etc/passwd (layer 1) (through-symlink)', undefined],
      ['layer 2: hard link h -> nothing: target is not in the image (hardlink-escape)', undefined],
    ]);
  });
  it('--allow-devices: devices are not refused', () => {
    expect(runCheck(check, imageFacts([{ entries: [{ name: 'dev/null', type: 'character-device' }] }], {}, { allowDevices: true }))).toEqual([]);
  });
});
