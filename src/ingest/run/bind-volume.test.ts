/**
 * Named volumes of the local driver that bind a host path (`type=none`, `o=bind`, `device=/etc`) are that host
 * path: in a `--mount type=volume,…,volume-opt=…` flag and through `docker volume create --opt …` earlier in the
 * script (docker run "--mount" and docker volume create references; as Compose `driver_opts`). QA: /etc and the
 * docker socket mounted this way got no finding in run lines, while the Compose form was caught.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

const SCRIPT = [
  'docker run -d --name m2 --mount type=volume,src=hostetc,dst=/host/etc,volume-driver=local,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc alpine:3.20',
  'docker volume create --driver local --opt type=none --opt o=bind --opt device=/var/run/docker.sock dsock',
  'docker run -d --name v -v dsock:/var/run/docker.sock alpine:3.20',
  'docker volume create plain',
  'docker run -d --name p -v plain:/data --mount type=volume,src=nfs,dst=/n,volume-opt=type=nfs,volume-opt=device=:/export alpine:3.20',
  '',
].join('\n');

describe('local-driver bind volumes in run lines', () => {
  it('are reported as the host path they bind; other volumes are not', async () => {
    const r = await auditSources([{ path: 'up.sh', text: SCRIPT }], { env: {} });
    expect(r.findings.filter((f) => ['BW-0011', 'BW-0013', 'BW-0012'].includes(f.ruleId)).map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.target.name}`)).toEqual([
      '1:25 BW-0011 m2',
      '3:24 BW-0013 v',
    ]);
    const m2 = r.findings.find((f) => f.ruleId === 'BW-0011')!;
    expect(m2.message).toBe('host path /etc mounted writable at /host/etc: host credentials and system configuration (/etc/shadow, SSH, TLS and daemon keys)');
  });
});
