/**
 * A capability written twice in one service (`cap_add: [NET_RAW, NET_RAW, CAP_NET_RAW]`) is one capability
 * to the engine: one `dangerous-capability-added` finding at its first occurrence, not one per spelling
 * (R-B, R-K, CIS 5.4). `cap_drop` likewise keeps one entry per capability.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { ingestText } from './test-helpers.js';

const Y = `services:
  m:
    image: alpine:3.20
    cap_drop: [ALL, all]
    cap_add: [NET_RAW, NET_RAW, CAP_NET_RAW, sys_admin, SYS_ADMIN]
`;

describe('a capability written twice', () => {
  it('model: one entry per capability, at its first occurrence', async () => {
    const { r } = await ingestText(Y);
    const m = r.containers[0];
    expect(m.capAdd.map((c) => c.value)).toEqual(['NET_RAW', 'SYS_ADMIN']);
    expect(m.capDrop.map((c) => c.value)).toEqual(['ALL']);
  });

  it('audit: one finding per capability', async () => {
    const r = await auditSources([{ path: 'compose.yml', text: Y }]);
    const got = r.findings.filter((f) => f.ruleId === 'BW-0002').map((f) => [f.target.name, f.location.startLine, f.location.startColumn, (f.data as { capability: string }).capability]);
    expect(got).toEqual([
      ['m', 5, 15, 'NET_RAW'],
      ['m', 5, 46, 'SYS_ADMIN'],
    ]);
  });
});
