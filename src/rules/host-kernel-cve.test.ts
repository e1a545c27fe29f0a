import { describe, expect, it } from 'vitest';
import { checkFakeHost } from '../live/host/testkit.js';
import rule from './host-kernel-cve.js';

const pick = (f: { line: number; column: number; endColumn: number; certainty: string; severity: string; data: Record<string, unknown> }) => ({
  at: `${f.line}:${f.column}-${f.endColumn}`, cve: f.data.cve, certainty: f.certainty, severity: f.severity,
});

describe('BW-0301 host-kernel-cve', () => {
  it('reports each escape an upstream kernel is affected by, definitely, at the kernel line', async () => {
    const { findings } = await checkFakeHost(rule, { '/proc/sys/kernel/osrelease': '5.16.10\n' });
    expect(findings.map(pick)).toEqual([{ at: '2:9-16', cve: 'CVE-2022-0847', certainty: 'definite', severity: 'high' }]);
    expect(findings[0].lineText).toBe('kernel: 5.16.10');
    expect(findings[0].message).toBe(
      'CVE-2022-0847 (Dirty Pipe): uninitialised pipe buffer flags let a process overwrite read-only files in the page cache, including host binaries shared with containers; fixed in Linux 5.16.11 (stable 5.15.25, 5.10.102) (kernel 5.16.10)',
    );
  });
  it('reports a distro kernel by upstream version with certainty unknown', async () => {
    const { findings } = await checkFakeHost(rule, { '/proc/sys/kernel/osrelease': '5.4.0-42-generic\n' });
    expect(findings.map(pick)).toEqual([
      { at: '2:9-25', cve: 'CVE-2022-0185', certainty: 'unknown', severity: 'high' },
      { at: '2:9-25', cve: 'CVE-2022-0492', certainty: 'unknown', severity: 'high' },
    ]);
    expect(findings[0].message).toContain('(by upstream version 5.4.0; distro backports may have fixed it)');
    expect(findings[0].data).toMatchObject({ component: 'kernel', version: '5.4.0-42-generic', upstream: '5.4.0' });
  });
  it('uses the upstream version Debian names in /proc/version', async () => {
    const { findings } = await checkFakeHost(rule, {
      '/proc/sys/kernel/osrelease': '5.10.0-26-amd64\n',
      '/proc/version': 'Linux version 5.10.0-26-amd64 (debian-kernel@lists.debian.org) (gcc-10) #1 SMP Debian 5.10.197-1 (2023-09-29)\n',
    });
    expect(findings).toEqual([]);
  });
  it('finds nothing for a current kernel', async () => {
    const { findings } = await checkFakeHost(rule, { '/proc/sys/kernel/osrelease': '6.1.0-26-amd64\n' });
    expect(findings).toEqual([]);
  });
  it('reports an unreadable kernel version as unknown, never as a pass', async () => {
    const { findings } = await checkFakeHost(rule, {});
    expect(findings.map((f) => [f.lineText, f.certainty, f.severity, f.message])).toEqual([
      ['unknown kernel: /proc/sys/kernel/osrelease: ENOENT', 'unknown', 'info', 'kernel version unknown, not checked against known escapes: /proc/sys/kernel/osrelease: ENOENT'],
    ]);
  });
});
