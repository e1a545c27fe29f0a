import { describe, expect, it } from 'vitest';
import { checkFakeHost } from '../live/host/testkit.js';
import rule from './host-file-perms.js';

describe('BW-0306 host-file-perms', () => {
  it('passes files at or below the CIS modes, owned by root:root', async () => {
    const { findings } = await checkFakeHost(rule, {
      '/etc/docker': { dir: true, mode: 0o755 },
      '/etc/docker/daemon.json': { text: '{"tlscacert":"/etc/docker/ca.pem","tlskey":"/etc/docker/key.pem"}', mode: 0o600 },
      '/etc/docker/ca.pem': { mode: 0o444 },
      '/etc/docker/key.pem': { mode: 0o400 },
      '/lib/systemd/system/docker.service': { mode: 0o644 },
      '/etc/default/docker': { mode: 0o644 },
    });
    expect(findings).toEqual([]);
  });
  it('reports each file and CIS id with the exact mode', async () => {
    const { findings } = await checkFakeHost(rule, {
      '/etc/docker': { dir: true, mode: 0o775 },
      '/etc/docker/daemon.json': { text: '{"tlscert":"/etc/docker/cert.pem","tlskey":"/etc/docker/key.pem"}', mode: 0o664 },
      '/etc/docker/cert.pem': { mode: 0o644 },
      '/etc/docker/key.pem': { mode: 0o640 },
      '/etc/docker/certs.d/registry.local:5000/ca.crt': { mode: 0o644 },
      '/etc/systemd/system/docker.socket': { mode: 0o664 },
      '/etc/sysconfig/docker': { mode: 0o666 },
    });
    expect(findings.map((f) => [f.line, f.data.path, f.data.mode, f.data.expected, f.data.cis, f.severity])).toEqual([
      [8, '/etc/systemd/system/docker.socket', '0664', '0644', '3.4', 'medium'],
      [9, '/etc/docker', '0775', '0755', '3.6', 'medium'],
      [10, '/etc/docker/certs.d/registry.local:5000/ca.crt', '0644', '0444', '3.8', 'medium'],
      [11, '/etc/docker/cert.pem', '0644', '0444', '3.12', 'medium'],
      [12, '/etc/docker/key.pem', '0640', '0400', '3.14', 'high'],
      [14, '/etc/docker/daemon.json', '0664', '0644', '3.18', 'medium'],
      [16, '/etc/sysconfig/docker', '0666', '0644', '3.21', 'medium'],
    ]);
    expect(findings[4].message).toBe('Docker server certificate key /etc/docker/key.pem has mode 0640, more permissive than 0400 (CIS 3.14)');
    // Each fix names the file found and the mode its recommendation wants.
    expect(findings.map((f) => f.fix)).toEqual([
      'chmod 0644 /etc/systemd/system/docker.socket',
      'chmod 0755 /etc/docker',
      'chmod 0444 /etc/docker/certs.d/registry.local:5000/ca.crt',
      'chmod 0444 /etc/docker/cert.pem',
      'chmod 0400 /etc/docker/key.pem',
      'chmod 0644 /etc/docker/daemon.json',
      'chmod 0644 /etc/sysconfig/docker',
    ]);
  });
  it('reports ownership other than root:root', async () => {
    const { findings } = await checkFakeHost(rule, { '/etc/docker/daemon.json': '{}' }, undefined, { owner: 'alice', group: 'alice' });
    expect(findings.map((f) => [f.data.path, f.data.owner, f.data.cis])).toEqual([
      ['/etc/docker', 'alice:alice', '3.5'],
      ['/etc/docker/daemon.json', 'alice:alice', '3.17'],
    ]);
    expect(findings.map((f) => f.fix)).toEqual(['chown root:root /etc/docker', 'chown root:root /etc/docker/daemon.json']);
  });
});
