import { describe, expect, it } from 'vitest';
import { auditRecordedEngine, recorded } from '../live/engine-testkit.js';
import rule from './swarm-overlay-unencrypted.js';

describe('BW-0219 swarm-overlay-unencrypted (CIS 1.6.0 7.3)', () => {
  it('recorded /networks: ingress and plain1 are reported, enc1 (--opt encrypted) is not', async () => {
    const r = await auditRecordedEngine([rule], recorded('swarm-info'), recorded('swarm-networks'));
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.location.file, f.location.startLine, f.location.startColumn, f.location.endColumn, f.pointer, f.data, f.message])).toEqual([
      [
        'BW-0219', 'medium', 'docker://localhost/networks', 89, 13, 22, '/3/Name', { network: 'ingress' },
        'overlay network "ingress" (the routing-mesh network swarm creates for published ports) is not encrypted: its traffic between swarm nodes travels in clear',
      ],
      ['BW-0219', 'medium', 'docker://localhost/networks', 172, 13, 21, '/6/Name', { network: 'plain1' }, 'overlay network "plain1" is not encrypted: its traffic between swarm nodes travels in clear'],
    ]);
  });
  it('the encrypted option counts whatever its value (libnetwork checks its presence); bridges are not overlays', async () => {
    const nets = [
      { Name: 'a', Driver: 'overlay', Options: { encrypted: '' } },
      { Name: 'b', Driver: 'overlay', Options: { encrypted: 'true' } },
      { Name: 'c', Driver: 'bridge', Options: {} },
      { Name: 'd', Driver: 'overlay', Options: null },
    ];
    const r = await auditRecordedEngine([rule], { Name: 'vm' }, nets);
    expect(r.findings.map((f) => [f.data.network, f.pointer, f.location.startLine])).toEqual([['d', '/3/Name', 22]]);
  });
  it('nothing without networks', async () => {
    expect((await auditRecordedEngine([rule], recorded('swarm-info'))).findings).toEqual([]);
  });
});
