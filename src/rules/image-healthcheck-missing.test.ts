import { describe, expect, it } from 'vitest';
import { imageFacts, runCheck } from '../verify/fixture.js';
import { check, rule } from './image-healthcheck-missing.js';

// BW-0404, CIS 1.6.0 4.6.
describe(rule.meta.slug, () => {
  it('missing and NONE are reported', () => {
    expect(runCheck(check, imageFacts([], {}))).toEqual([{ at: {}, pointer: '/config', message: 'image config has no Healthcheck', data: { healthcheck: 'none' } }]);
    expect(runCheck(check, imageFacts([], { Healthcheck: { Test: ['NONE'] } }))).toEqual([{ at: {}, pointer: '/config/Healthcheck/Test/0', message: 'image config disables the health check (NONE)', data: { healthcheck: 'NONE' } }]);
  });
  it('a CMD check is fine', () => {
    expect(runCheck(check, imageFacts([], { Healthcheck: { Test: ['CMD', '/bin/true'] } }))).toEqual([]);
  });
});
