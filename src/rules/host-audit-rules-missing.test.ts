import { describe, expect, it } from 'vitest';
import { checkFakeHost, CURRENT_TOOLS } from '../live/host/testkit.js';
import rule, { watches } from './host-audit-rules-missing.js';

const tree = {
  '/usr/bin/dockerd': { mode: 0o755 },
  '/usr/bin/runc': { mode: 0o755 },
  '/etc/docker': { dir: true },
  '/var/lib/docker': { dir: true },
};

describe('BW-0307 host-audit-rules-missing', () => {
  it('recognises -w, path= and dir= rules', () => {
    expect(watches('-w /usr/bin/dockerd -p rwxa -k docker', '/usr/bin/dockerd')).toBe(true);
    expect(watches('-a always,exit -F path=/usr/bin/runc -F perm=x', '/usr/bin/runc')).toBe(true);
    expect(watches('-a always,exit -F dir=/etc/docker -F perm=wa', '/etc/docker')).toBe(true);
    expect(watches('-w /usr/bin/dockerd-rootless.sh', '/usr/bin/dockerd')).toBe(false);
  });
  it('one finding listing every existing path without a rule, with its CIS ids', async () => {
    const exec = { ...CURRENT_TOOLS, 'auditctl -l': { stdout: '-w /usr/bin/dockerd -p rwxa -k docker\n-w /etc/docker -p wa -k docker\n' } };
    const { findings } = await checkFakeHost(rule, tree, exec);
    expect(findings.map((f) => [f.lineText, f.column, f.severity, f.data])).toEqual([
      ['audit-rules: 2 (auditctl -l)', 14, 'low', { missing: '/var/lib/docker,/usr/bin/runc', cis: '1.1.5,1.1.18' }],
    ]);
    expect(findings[0].message).toBe("2 of Docker's files and directories have no audit rule: /var/lib/docker (1.1.5), /usr/bin/runc (1.1.18)");
  });
  it('the fix watches exactly the missing paths where this host has them (Debian: /usr/sbin/dockerd), and applying it clears the finding', async () => {
    const debian = { '/usr/sbin/dockerd': { mode: 0o755 }, '/usr/sbin/runc': { mode: 0o755 }, '/etc/docker': { dir: true }, '/srv/docker': { dir: true }, '/etc/docker/daemon.json': '{"data-root": "/srv/docker"}' };
    const { findings } = await checkFakeHost(rule, debian);
    expect(findings.map((f) => f.fix)).toEqual([
      'cat >> /etc/audit/rules.d/docker.rules <<EOF\n-w /usr/sbin/dockerd -k docker\n-w /srv/docker -p wa -k docker\n-w /etc/docker -k docker\n-w /etc/docker/daemon.json -k docker\n-w /usr/sbin/runc -k docker\nEOF\naugenrules --load',
    ]);
    const rules = findings[0].fix!.split('\n').filter((l) => l.startsWith('-w '));
    const after = await checkFakeHost(rule, { ...debian, '/etc/audit/rules.d/docker.rules': rules.join('\n') + '\n' });
    expect(after.findings).toEqual([]);
  });
  it('nothing when every existing path is watched (rules files when auditctl is absent)', async () => {
    const { findings } = await checkFakeHost(rule, {
      ...tree,
      '/etc/audit/rules.d/docker.rules': '-w /usr/bin/dockerd -k docker\n-w /usr/bin/runc -k docker\n-w /etc/docker -k docker\n-w /var/lib/docker -k docker\n',
    });
    expect(findings).toEqual([]);
  });
  it('no auditd at all: every path is missing', async () => {
    const { findings } = await checkFakeHost(rule, tree);
    expect(findings.map((f) => f.message)).toEqual(['no audit rules at all: /usr/bin/dockerd (1.1.3), /var/lib/docker (1.1.5), /etc/docker (1.1.6), /usr/bin/runc (1.1.18)']);
  });
  it('unreadable rules are unknown', async () => {
    const { findings } = await checkFakeHost(rule, { ...tree, '/etc/audit': { dir: true } }, { ...CURRENT_TOOLS, 'auditctl -l': { code: 1, stdout: '' } });
    expect(findings.map((f) => [f.certainty, f.severity, f.lineText])).toEqual([
      ['unknown', 'info', 'unknown audit-rules: auditctl -l exited with 1 (not root?) and no readable /etc/audit rules files'],
    ]);
  });
});
