import { describe, expect, it } from 'vitest';
import { imageFacts, runCheck } from '../verify/fixture.js';
import { check, rule } from './image-user-root.js';

// BW-0401, CIS 1.6.0 4.1, R-G5.
describe(rule.meta.slug, () => {
  it.each([
    ['', 'image config sets no User: containers run as root'],
    ['root', 'image config sets User root: containers run as root'],
    ['0:0', 'image config sets User 0:0: containers run as root'],
  ])('User %j is reported', (user, message) => {
    expect(runCheck(check, imageFacts([], { User: user }))).toEqual([{ at: {}, pointer: '/config/User', message, data: { user } }]);
  });
  it('a missing User is root', () => {
    expect(runCheck(check, imageFacts([], {}))).toHaveLength(1);
  });
  it.each(['10001', 'app', '10001:10001', 'rootless'])('User %j is fine', (user) => {
    expect(runCheck(check, imageFacts([], { User: user }))).toEqual([]);
  });
});
