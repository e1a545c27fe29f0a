import { describe, expect, it } from 'vitest';
import { imageFacts, runCheck } from '../verify/fixture.js';
import { check, rule } from './image-package-manager.js';

// BW-0409: only package managers in the FINAL tree count.
describe(rule.meta.slug, () => {
  it('reports apt-get left in the final image, not apk removed by a later layer', () => {
    const f = imageFacts([{ entries: [{ name: 'usr/bin/apt-get' }, { name: 'sbin/apk' }] }, { entries: [{ name: 'sbin/.wh.apk' }] }]);
    expect(runCheck(check, f)).toEqual([{ at: { layer: 0, path: 'usr/bin/apt-get' }, message: 'package manager /usr/bin/apt-get is in the final image (layer 1)', data: { path: 'usr/bin/apt-get', layer: 1 } }]);
  });
});
