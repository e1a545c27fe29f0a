/**
 * `EnvironmentFile=` of a dockerd unit read from the tree the unit is in (systemd.exec(5); CIS Docker Benchmark
 * 1.6.0 section 2 settings given through `$OPTIONS`): a unit inside a copy of a root filesystem reads that
 * tree's `/etc/sysconfig/docker`, not the auditing machine's.
 */
import { describe, expect, it } from 'vitest';
import { auditSources, ingestSource } from '../../engine/audit.js';
import { environmentFileAt } from './systemd.js';

describe('environmentFileAt', () => {
  it.each([
    ['/etc/systemd/system/docker.service', '/etc/sysconfig/docker'],
    ['/lib/systemd/system/docker.service', '/etc/sysconfig/docker'],
    ['/usr/lib/systemd/system/docker.service.d/override.conf', '/etc/sysconfig/docker'],
    ['etc/systemd/system/docker.service', 'etc/sysconfig/docker'],
    ['usr/lib/systemd/system/docker.service', 'etc/sysconfig/docker'],
    ['rootfs/etc/systemd/system/docker.service.d/x.conf', 'rootfs/etc/sysconfig/docker'],
    ['/srv/img/usr/lib/systemd/system/docker.service', '/srv/img/etc/sysconfig/docker'],
    ['C:\\img\\etc\\systemd\\system\\docker.service', 'C:/img/etc/sysconfig/docker'],
    ['docker.service', '/etc/sysconfig/docker'],
    ['deploy/docker.service', '/etc/sysconfig/docker'],
    ['a/myetc/systemd/system/docker.service', '/etc/sysconfig/docker'],
  ])('%s reads %s', (unit, expected) => {
    expect(environmentFileAt(unit, '/etc/sysconfig/docker')).toBe(expected);
  });

  it('a relative EnvironmentFile= path is left as written', () => {
    expect(environmentFileAt('rootfs/etc/systemd/system/docker.service', 'docker.env')).toBe('docker.env');
  });
});

describe('a unit in a root-filesystem tree (Amazon Linux 2 layout under ami/)', () => {
  const unit = '[Service]\nEnvironmentFile=-/etc/sysconfig/docker\nExecStart=/usr/bin/dockerd -H fd:// $OPTIONS\n';

  it("reads the tree's /etc/sysconfig/docker, never the machine's: its -H tcp:// and --icc=false are read", async () => {
    const asked: string[] = [];
    const files: Record<string, string> = { 'ami/etc/sysconfig/docker': 'OPTIONS="-H tcp://0.0.0.0:2375 --icc=false"\n' };
    const r = await ingestSource({ path: 'ami/usr/lib/systemd/system/docker.service', text: unit, kind: 'daemon' }, { readFile: async (p) => (asked.push(p), files[p]) });
    expect(asked).toEqual(['ami/etc/sysconfig/docker']);
    const d = r.daemons![0];
    expect([d.hosts.map((h) => h.value), d.icc?.value]).toEqual([['fd://', 'tcp://0.0.0.0:2375'], false]);
  });

  it('audited with the tree: BW-0201 for the TCP listener, no "not set" finding for icc, every finding definite', async () => {
    const r = await auditSources(
      [
        { path: 'ami/usr/lib/systemd/system/docker.service', text: unit, kind: 'daemon' },
        { path: 'ami/etc/sysconfig/docker', text: 'OPTIONS="-H tcp://0.0.0.0:2375 --icc=false"\n' },
      ],
      { env: {} },
    );
    const ofUnit = r.findings.filter((f) => f.location.file === 'ami/usr/lib/systemd/system/docker.service');
    expect(ofUnit.map((f) => f.slug).filter((s) => s === 'daemon-tcp-without-tls' || s === 'daemon-icc-enabled')).toEqual(['daemon-tcp-without-tls']);
    expect(ofUnit.every((f) => f.certainty === 'definite')).toBe(true);
  });
});
