import { describe, expect, it } from 'vitest';
import { imageFacts, runCheck } from '../verify/fixture.js';
import { check, rule } from './image-secret-file.js';

// BW-0407, R-S: a secret deleted by a later layer is still reported, and says so.
describe(rule.meta.slug, () => {
  it('reports each hit with layer and line; private keys are critical', () => {
    const f = imageFacts([
      { entries: [{ name: 'root/.ssh/id_rsa', size: 10 }, { name: 'app/.npmrc', size: 10 }], secrets: [{ path: 'root/.ssh/id_rsa', kind: 'private-key', line: 1 }, { path: 'app/.npmrc', kind: 'npm-token', line: 2 }] },
      { entries: [{ name: 'root/.ssh/.wh.id_rsa', size: 0 }] },
    ]);
    expect(runCheck(check, f)).toEqual([
      { at: { layer: 0, path: 'root/.ssh/id_rsa', line: 1 }, message: 'root/.ssh/id_rsa:1 holds a secret (private-key) in layer 1, deleted by a later layer but still in the archive; value masked', data: { path: 'root/.ssh/id_rsa', layer: 1, kind: 'private-key' }, severity: 'critical' },
      { at: { layer: 0, path: 'app/.npmrc', line: 2 }, message: 'app/.npmrc:2 holds a secret (npm-token) in layer 1; value masked', data: { path: 'app/.npmrc', layer: 1, kind: 'npm-token' }, severity: undefined },
    ]);
  });
});
