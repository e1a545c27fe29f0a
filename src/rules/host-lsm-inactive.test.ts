import { describe, expect, it } from 'vitest';
import { checkFakeHost } from '../live/host/testkit.js';
import rule from './host-lsm-inactive.js';

describe('BW-0304 host-lsm-inactive', () => {
  it('says honestly that a host without AppArmor and SELinux does not enforce apparmor/label options', async () => {
    const { findings } = await checkFakeHost(rule, { '/sys/kernel/security/lsm': 'lockdown,capability,landlock,yama,bpf' });
    expect(findings.map((f) => [f.lineText, f.column, f.message, f.certainty, f.severity])).toEqual([
      [
        'mac: apparmor=disabled selinux=disabled (from /sys/kernel/security/lsm)',
        6,
        'this host has no AppArmor or SELinux; --security-opt apparmor/label settings are not enforced here',
        'definite',
        'info',
      ],
    ]);
  });
  it('nothing when AppArmor or SELinux is active', async () => {
    expect((await checkFakeHost(rule, { '/sys/kernel/security/lsm': 'capability,yama,apparmor' })).findings).toEqual([]);
    expect((await checkFakeHost(rule, { '/sys/kernel/security/lsm': 'capability,selinux', '/sys/fs/selinux/enforce': '1' })).findings).toEqual([]);
  });
  it('SELinux permissive logs but does not enforce', async () => {
    const { findings } = await checkFakeHost(rule, { '/sys/kernel/security/lsm': 'capability,selinux', '/sys/fs/selinux/enforce': '0' });
    expect(findings.map((f) => f.message)).toEqual(['SELinux is permissive: label=… settings are logged, not enforced']);
  });
  it('without securityfs, falls back to /sys/module and /sys/fs; unknown when those are missing too', async () => {
    const off = await checkFakeHost(rule, { '/sys/module/apparmor/parameters/enabled': 'N', '/sys/fs': { dir: true } });
    expect(off.findings.map((f) => [f.certainty, f.data])).toEqual([['definite', { apparmor: 'disabled', selinux: 'disabled' }]]);
    const unknown = await checkFakeHost(rule, {});
    expect(unknown.findings.map((f) => [f.certainty, f.message])).toEqual([
      ['unknown', 'could not tell whether AppArmor or SELinux is active (apparmor=unknown, selinux=unknown); --security-opt apparmor/label settings may not be enforced here'],
    ]);
  });
});
