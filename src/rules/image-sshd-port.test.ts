import { describe, expect, it } from 'vitest';
import { imageFacts, runCheck } from '../verify/fixture.js';
import { check, rule } from './image-sshd-port.js';

// BW-0403, CIS 1.6.0 5.7.
describe(rule.meta.slug, () => {
  it('22/tcp is reported', () => {
    expect(runCheck(check, imageFacts([], { ExposedPorts: { '80/tcp': {}, '22/tcp': {} } }))).toEqual([{ at: {}, pointer: '/config/ExposedPorts/22~1tcp', message: 'image exposes 22/tcp (SSH)', data: { port: '22/tcp' } }]);
  });
  it('2222/tcp and 22/udp are not', () => {
    expect(runCheck(check, imageFacts([], { ExposedPorts: { '2222/tcp': {}, '22/udp': {} } }))).toEqual([]);
  });
});
