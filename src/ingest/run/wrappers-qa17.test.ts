/**
 * qa17 (R-B): run lines behind wrappers the parser did not skip: `systemd-run --scope -p MemoryMax=1G docker run …`
 * (systemd-run(1)), `runuser -u deploy -- docker run …` (runuser(1)), and `sg docker -c "docker run …"` (sg(1), what
 * install guides tell a user just added to the docker group). Each started a privileged container nobody saw.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

describe('systemd-run, runuser and sg wrappers (qa17)', () => {
  it('finds the launch behind each', async () => {
    const text = [
      '#!/bin/sh',
      'systemd-run --scope -p MemoryMax=1G --unit=web docker run -d --name s1 --privileged alpine:3.20',
      'runuser -u deploy -- docker run -d --name s2 --privileged alpine:3.20',
      'sg docker -c "docker run -d --name s3 --privileged alpine:3.20"',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'setup.sh', text }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0001').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.target.name}`)).toEqual([
      '2:72 s1',
      '3:46 s2',
      '4:39 s3',
    ]);
  });
});
