import { describe, expect, it } from 'vitest';
import { auditRecordedEngine, recorded } from '../live/engine-testkit.js';
import rule, { DEFAULT_NODE_CERT_EXPIRY_NS } from './swarm-node-cert-expiry.js';

type Info = { Swarm: { ControlAvailable: boolean; Cluster: { Spec: { CAConfig: { NodeCertExpiry: number } } } } };
const withExpiry = (ns: number) => {
  const i = recorded<Info>('swarm-info');
  i.Swarm.Cluster.Spec.CAConfig.NodeCertExpiry = ns;
  return i;
};

describe('BW-0222 swarm-node-cert-expiry (CIS 1.6.0 7.7, manual)', () => {
  it('the default 2160h (recorded): info at NodeCertExpiry', async () => {
    expect(DEFAULT_NODE_CERT_EXPIRY_NS).toBe(7776000000000000);
    const r = await auditRecordedEngine([rule], recorded('swarm-info'));
    expect(r.findings.map((f) => [f.severity, f.location.startLine, f.location.startColumn, f.location.endColumn, f.pointer, f.data, f.message])).toEqual([
      [
        'info', 157, 29, 45, '/Swarm/Cluster/Spec/CAConfig/NodeCertExpiry', { certExpiry: '2160h' },
        'swarm node certificates are valid for 2160h (90 days, the default): check this against your rotation policy (CIS 7.7 is manual)',
      ],
    ]);
  });
  it('longer than the default is reported with its value; shorter is not', async () => {
    const long = await auditRecordedEngine([rule], withExpiry(365 * 24 * 3.6e12));
    expect(long.findings.map((f) => f.message)).toEqual(['swarm node certificates are valid for 8760h (365 days): check this against your rotation policy (CIS 7.7 is manual)']);
    expect((await auditRecordedEngine([rule], withExpiry(720 * 3.6e12))).findings).toEqual([]);
  });
  it('nothing on a worker', async () => {
    const w = recorded<Info>('swarm-info');
    w.Swarm.ControlAvailable = false;
    expect((await auditRecordedEngine([rule], w)).findings).toEqual([]);
  });
});
