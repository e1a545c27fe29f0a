import { describe, expect, it } from 'vitest';
import { checkFakeHost } from '../live/host/testkit.js';
import rule from './host-docker-socket-perms.js';

const rows = (fs: { lineText: string; column: number; severity: string; certainty: string; data: Record<string, unknown> }[]) =>
  fs.map((f) => [f.lineText, f.column, f.severity, f.certainty, f.data]);

describe('BW-0305 host-docker-socket-perms', () => {
  it('passes root:docker 0660 (CIS 3.15, 3.16) and a root:root 0660 containerd socket is checked separately', async () => {
    const ok = await checkFakeHost(rule, { '/var/run/docker.sock': { mode: 0o660 } }, undefined, { group: 'docker' });
    expect(ok.findings).toEqual([]);
    const stricter = await checkFakeHost(rule, { '/var/run/docker.sock': { mode: 0o600 } }, undefined, { group: 'docker' });
    expect(stricter.findings).toEqual([]);
  });
  it('flags a world-writable socket as critical and a wrong group', async () => {
    const { findings } = await checkFakeHost(rule, { '/var/run/docker.sock': { mode: 0o666 } }, undefined, { group: 'staff' });
    expect(rows(findings)).toEqual([
      ['file /var/run/docker.sock: root:staff 0666 file', 28, 'high', 'definite', { path: '/var/run/docker.sock', owner: 'root:staff', expected: 'root:docker', cis: '3.15' }],
      ['file /var/run/docker.sock: root:staff 0666 file', 28, 'critical', 'definite', { path: '/var/run/docker.sock', mode: '0666', expected: '0660', cis: '3.16' }],
    ]);
    expect(findings[1].message).toBe('Docker socket /var/run/docker.sock has mode 0666, more permissive than 0660: any local user can control the engine (CIS 3.16)');
    expect(findings.map((f) => f.fix)).toEqual([
      'chown root:docker /var/run/docker.sock   # and SocketMode=0660, SocketGroup=docker in docker.socket (systemd re-creates it)',
      'chmod 0660 /var/run/docker.sock   # and SocketMode=0660, SocketGroup=docker in docker.socket (systemd re-creates it)',
    ]);
  });
  it('root:root is stricter than root:docker: still CIS 3.15, but low (QA)', async () => {
    const { findings } = await checkFakeHost(rule, { '/var/run/docker.sock': { mode: 0o660 } }, undefined, { group: 'root' });
    expect(rows(findings)).toEqual([['file /var/run/docker.sock: root:root 0660 file', 28, 'low', 'definite', { path: '/var/run/docker.sock', owner: 'root:root', expected: 'root:docker', cis: '3.15' }]]);
    expect(findings[0].message).toBe('Docker socket /var/run/docker.sock is owned by root:root, not root:docker (CIS 3.15): stricter than the benchmark asks (only root can use the engine)');
  });
  it('the fix names the socket the engine serves, not the default path', async () => {
    const { findings } = await checkFakeHost(rule, { '/run/bw/d.sock': { mode: 0o666 } }, undefined, { group: 'docker', socketPath: '/run/bw/d.sock' });
    expect(findings.map((f) => [f.data.cis, f.fix])).toEqual([['3.16', 'chmod 0660 /run/bw/d.sock   # and SocketMode=0660, SocketGroup=docker in docker.socket (systemd re-creates it)']]);
  });
  it('containerd socket must be root:root 0660 (CIS 3.23, 3.24)', async () => {
    const { findings } = await checkFakeHost(rule, { '/var/run/docker.sock': { mode: 0o660 }, '/run/containerd/containerd.sock': { mode: 0o664 } }, undefined, { group: 'docker' });
    expect(findings.map((f) => f.data.cis)).toEqual(['3.23', '3.24']);
    // The fix is for the containerd socket (root:root), not the Docker socket's root:docker.
    expect(findings.map((f) => f.fix)).toEqual(['chown root:root /run/containerd/containerd.sock', 'chmod 0660 /run/containerd/containerd.sock']);
  });
  it('a missing Docker socket is unknown, not a pass', async () => {
    const { findings } = await checkFakeHost(rule, {}, undefined, { socketPath: '/run/bw/d.sock' });
    expect(rows(findings)).toEqual([['file /run/bw/d.sock: not found', 22, 'info', 'unknown', { path: '/run/bw/d.sock', cis: '3.15,3.16' }]]);
  });
});
