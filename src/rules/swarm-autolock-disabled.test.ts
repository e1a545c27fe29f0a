import { describe, expect, it } from 'vitest';
import { auditRecordedEngine, recorded } from '../live/engine-testkit.js';
import rule from './swarm-autolock-disabled.js';

type Info = { Swarm: { LocalNodeState: string; ControlAvailable: boolean; Cluster: { Spec: { EncryptionConfig: { AutoLockManagers: boolean } } } } };

describe('BW-0221 swarm-autolock-disabled (CIS 1.6.0 7.5)', () => {
  it('recorded manager without autolock: low, at AutoLockManagers', async () => {
    const r = await auditRecordedEngine([rule], recorded('swarm-info'));
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.location.startLine, f.location.startColumn, f.location.endColumn, f.pointer, f.message])).toEqual([
      ['BW-0221', 'low', 161, 31, 36, '/Swarm/Cluster/Spec/EncryptionConfig/AutoLockManagers', 'swarm autolock is off: the Raft encryption key and the TLS key of this manager are stored unencrypted on disk'],
    ]);
  });
  it('nothing with autolock on, on a worker (no cluster spec), or outside a swarm', async () => {
    const on = recorded<Info>('swarm-info');
    on.Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers = true;
    expect((await auditRecordedEngine([rule], on)).findings).toEqual([]);
    const worker = recorded<Info>('swarm-info');
    worker.Swarm.ControlAvailable = false;
    expect((await auditRecordedEngine([rule], worker)).findings).toEqual([]);
    const left = recorded<Info>('swarm-info');
    left.Swarm.LocalNodeState = 'inactive';
    expect((await auditRecordedEngine([rule], left)).findings).toEqual([]);
  });
});
