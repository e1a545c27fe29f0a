import { describe, expect, it } from 'vitest';
import { auditRecordedEngine, recorded } from '../live/engine-testkit.js';
import rule from './swarm-mode-enabled.js';

const where = (r: Awaited<ReturnType<typeof auditRecordedEngine>>) =>
  r.findings.map((f) => [f.ruleId, f.severity, f.location.file, f.location.startLine, f.location.startColumn, f.location.endColumn, f.pointer, f.data, f.message]);

describe('BW-0218 swarm-mode-enabled (CIS 1.6.0 5.1)', () => {
  it('an active swarm (recorded /info after docker swarm init) is reported as info at Swarm.LocalNodeState', async () => {
    const r = await auditRecordedEngine([rule], recorded('swarm-info'));
    expect(where(r)).toEqual([
      [
        'BW-0218', 'info', 'docker://localhost/info', 122, 23, 31, '/Swarm/LocalNodeState', { state: 'active' },
        'swarm mode is active on this engine; bulwark cannot tell whether the swarm is needed: if not, leave it (docker swarm leave)',
      ],
    ]);
  });
  it('a locked or pending node is in a swarm too', async () => {
    for (const state of ['locked', 'pending']) {
      const info = recorded('swarm-info');
      (info.Swarm as { LocalNodeState: string }).LocalNodeState = state;
      const r = await auditRecordedEngine([rule], info);
      expect(r.findings.map((f) => f.data)).toEqual([{ state }]);
    }
  });
  it('nothing for an engine outside a swarm, or without Swarm in /info', async () => {
    expect((await auditRecordedEngine([rule], { Name: 'vm', Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null } })).findings).toEqual([]);
    expect((await auditRecordedEngine([rule], { Name: 'vm' })).findings).toEqual([]);
  });
  it('runs for live engines only (a daemon.json cannot show swarm state)', () => {
    expect(rule.meta.inputs).toEqual(['engine']);
    expect(rule.meta.cis).toEqual({ '1.6.0': ['5.1'] });
  });
});
