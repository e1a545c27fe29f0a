/** effectiveCapabilities: moby oci/caps.TweakCapabilities (QA vp 7: cap_add ALL with a cap_drop). */
import { describe, expect, it } from 'vitest';
import { ALL_CAPABILITIES, DOCKER_DEFAULT_CAPABILITIES, effectiveCapabilities } from './capabilities.js';

describe('effectiveCapabilities', () => {
  it('defaults − cap_drop + cap_add', () => {
    expect(effectiveCapabilities([], [])).toEqual([...DOCKER_DEFAULT_CAPABILITIES].sort());
    expect(effectiveCapabilities(['cap_net_admin'], ['NET_RAW', 'mknod'])).toEqual([...DOCKER_DEFAULT_CAPABILITIES.filter((c) => c !== 'NET_RAW' && c !== 'MKNOD'), 'NET_ADMIN'].sort());
  });
  it('ALL added: every capability but the dropped ones, whatever the order', () => {
    expect(effectiveCapabilities(['ALL'], ['NET_RAW'])).toEqual(ALL_CAPABILITIES.filter((c) => c !== 'NET_RAW').slice().sort());
    expect(effectiveCapabilities(['all'], ['ALL'])).toEqual([...ALL_CAPABILITIES].sort());
  });
  it('ALL dropped: only the added ones; privileged: every one; unknown names left out', () => {
    expect(effectiveCapabilities(['CHOWN', 'NOT_A_CAP'], ['ALL'])).toEqual(['CHOWN']);
    expect(effectiveCapabilities([], ['ALL'], { privileged: true })).toEqual([...ALL_CAPABILITIES].sort());
  });
});
