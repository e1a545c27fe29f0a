import { describe, expect, it } from 'vitest';
import { auditRecordedEngine, recorded } from '../live/engine-testkit.js';
import rule from './network-icc-enabled.js';

describe('BW-0223 network-icc-enabled (R-G15)', () => {
  it('recorded /networks: only yesicc; noicc and docker_gwbridge have enable_icc=false, overlays and host are not bridges', async () => {
    const r = await auditRecordedEngine([rule], recorded('swarm-info'), recorded('swarm-networks'));
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.location.startLine, f.location.startColumn, f.location.endColumn, f.pointer, f.data, f.message])).toEqual([
      [
        'BW-0223', 'info', 202, 13, 21, '/7/Name', { network: 'yesicc' },
        'containers on bridge network "yesicc" can reach each other (com.docker.network.bridge.enable_icc is not false); normal for one application\'s own network',
      ],
    ]);
  });
  it('the default bridge is left to daemon-icc-enabled; enable_icc is read as Go ParseBool; an explicit true points at the option', async () => {
    const icc = 'com.docker.network.bridge.enable_icc';
    const nets = [
      { Name: 'bridge', Driver: 'bridge', Options: { [icc]: 'true' } },
      { Name: 'zero', Driver: 'bridge', Options: { [icc]: '0' } },
      { Name: 'upper', Driver: 'bridge', Options: { [icc]: 'FALSE' } },
      { Name: 'on', Driver: 'bridge', Options: { [icc]: 'true' } },
    ];
    const r = await auditRecordedEngine([rule], { Name: 'vm' }, nets);
    expect(r.findings.map((f) => [f.data.network, f.pointer, f.location.startLine, f.location.startColumn])).toEqual([['on', '/3/Options/com.docker.network.bridge.enable_icc', 27, 47]]);
  });
  it('no CIS id: CIS 2.2 is about the default bridge only', () => {
    expect(rule.meta.cis).toEqual({});
    expect(rule.meta.inputs).toEqual(['engine']);
  });
});
