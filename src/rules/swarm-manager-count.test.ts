import { describe, expect, it } from 'vitest';
import { auditRecordedEngine, recorded } from '../live/engine-testkit.js';
import rule from './swarm-manager-count.js';

type Info = { Swarm: { Managers: number; Nodes: number; ControlAvailable: boolean } };
const withManagers = (managers: number, nodes: number, control = true) => {
  const i = recorded<Info>('swarm-info');
  Object.assign(i.Swarm, { Managers: managers, Nodes: nodes, ControlAvailable: control });
  return i;
};

describe('BW-0220 swarm-manager-count (CIS 1.6.0 7.1)', () => {
  it('one manager (recorded swarm init): nothing', async () => {
    expect((await auditRecordedEngine([rule], recorded('swarm-info'))).findings).toEqual([]);
  });
  it('three managers: info with the count, at Swarm.Managers', async () => {
    const r = await auditRecordedEngine([rule], withManagers(3, 7));
    expect(r.findings.map((f) => [f.severity, f.location.startLine, f.location.startColumn, f.location.endColumn, f.pointer, f.data, f.message])).toEqual([
      ['info', 132, 17, 18, '/Swarm/Managers', { managers: 3, tolerates: 1 }, 'the swarm has 3 manager nodes of 7 nodes, tolerating 1 failed manager; keep no more than the cluster needs'],
    ]);
  });
  it('an even count adds no fault tolerance: low', async () => {
    const r = await auditRecordedEngine([rule], withManagers(4, 4));
    expect(r.findings.map((f) => [f.severity, f.data, f.message])).toEqual([
      ['low', { managers: 4, tolerates: 1 }, 'the swarm has 4 manager nodes of 4 nodes: an even number tolerates no more manager failures (1) than 3; demote one'],
    ]);
  });
  it('only a manager knows the count: nothing on a worker', async () => {
    expect((await auditRecordedEngine([rule], withManagers(3, 5, false))).findings).toEqual([]);
  });
});
