/**
 * qa17 (R-B; compose-spec "cgroup": `host` or `private`): the Compose fix for BW-0020 must name the key Compose
 * reads, `cgroup`; it said `cgroupns: host`, a key docker compose rejects as unknown.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';

describe('host-cgroupns remediation (qa17)', () => {
  it('names the compose-spec key cgroup', async () => {
    const r = await auditSources([{ path: 'compose.yaml', text: 'services:\n  agent:\n    image: datadog/agent:7\n    cgroup: host\n' }], { env: {} });
    const f = r.findings.filter((x) => x.ruleId === 'BW-0020');
    expect(f.map((x) => [x.location.startLine, x.location.startColumn, x.remediation])).toEqual([[4, 13, 'cgroup: host   # remove, or cgroup: private (compose-spec `cgroup`)']]);
  });
});
