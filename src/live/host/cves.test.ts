import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { changelogFixes, compareVersions, ESCAPE_CVES, matchCves, parseVersion } from './cves.js';

const ids = (component: 'kernel' | 'runc' | 'containerd', v: string, up?: string) =>
  matchCves(component, v, up).map((m) => `${m.cve.id}:${m.certainty}`);

describe('parseVersion', () => {
  it('splits upstream version, rc and distro suffix', () => {
    expect(parseVersion('5.10.0-26-amd64')).toEqual({ parts: [5, 10, 0], rc: undefined, suffix: '-26-amd64' });
    expect(parseVersion('1.1.5+ds1')).toEqual({ parts: [1, 1, 5], rc: undefined, suffix: '+ds1' });
    expect(parseVersion('1.0.0-rc6')).toEqual({ parts: [1, 0, 0], rc: 6, suffix: '' });
    expect(parseVersion('1.0.0~rc6+dfsg1')).toEqual({ parts: [1, 0, 0], rc: 6, suffix: '+dfsg1' });
    expect(parseVersion('v1.1.12')).toEqual({ parts: [1, 1, 12], rc: undefined, suffix: '' });
    expect(parseVersion('1.6.20~ds1')).toEqual({ parts: [1, 6, 20], rc: undefined, suffix: '~ds1' });
    expect(parseVersion('unknown')).toBeUndefined();
  });
  it('orders release candidates before the release and pads missing parts', () => {
    const c = (a: string, b: string) => Math.sign(compareVersions(parseVersion(a)!, parseVersion(b)!));
    expect(c('1.0.0-rc6', '1.0.0-rc7')).toBe(-1);
    expect(c('1.0.0-rc93', '1.0.0')).toBe(-1);
    expect(c('1.0.0', '1.0.0-rc93')).toBe(1);
    expect(c('5.17', '5.17.0')).toBe(0);
    expect(c('5.10.102', '5.10.99')).toBe(1);
  });
  it('never throws and is antisymmetric', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const pa = parseVersion(a);
        const pb = parseVersion(b);
        if (pa && pb) expect(Math.sign(compareVersions(pa, pb)) + Math.sign(compareVersions(pb, pa))).toBe(0);
      }),
    );
  });
});

describe('matchCves', () => {
  it('has the seven escapes the issue names and the November 2025 runc ones, each with an NVD reference', () => {
    expect(ESCAPE_CVES.map((c) => c.id).sort()).toEqual([
      'CVE-2016-5195', 'CVE-2019-5736', 'CVE-2020-15257', 'CVE-2022-0185', 'CVE-2022-0492', 'CVE-2022-0847', 'CVE-2024-21626', 'CVE-2025-31133', 'CVE-2025-52565', 'CVE-2025-52881',
    ]);
    for (const c of ESCAPE_CVES) expect(c.reference).toBe(`https://nvd.nist.gov/vuln/detail/${c.id}`);
  });
  it('kernel: plain upstream versions are definite', () => {
    expect(ids('kernel', '4.8.2')).toEqual(['CVE-2016-5195:definite', 'CVE-2022-0492:definite']);
    expect(ids('kernel', '4.8.3')).toEqual(['CVE-2022-0492:definite']);
    expect(ids('kernel', '5.10.92')).toEqual(['CVE-2022-0185:definite', 'CVE-2022-0492:definite', 'CVE-2022-0847:definite']);
    expect(ids('kernel', '5.10.102')).toEqual([]);
    expect(ids('kernel', '5.16.10')).toEqual(['CVE-2022-0847:definite']);
    expect(ids('kernel', '5.7.19')).toEqual(['CVE-2022-0185:definite', 'CVE-2022-0492:definite']);
    expect(ids('kernel', '5.17.0-rc2')).toEqual(['CVE-2022-0492:definite']);
    expect(ids('kernel', '6.1.0')).toEqual([]);
  });
  it('kernel: distro releases are unknown, and /proc/version upstream is used when known', () => {
    expect(ids('kernel', '5.10.0-26-amd64')).toEqual(['CVE-2022-0185:unknown', 'CVE-2022-0492:unknown', 'CVE-2022-0847:unknown']);
    expect(matchCves('kernel', '5.10.0-26-amd64')[0].upstream).toBe('5.10.0');
    expect(ids('kernel', '5.10.0-26-amd64', '5.10.197')).toEqual([]);
    expect(ids('kernel', '6.18.44-fc-v782')).toEqual([]);
  });
  it('runc and containerd', () => {
    const nov2025 = (c: string) => ['CVE-2025-31133', 'CVE-2025-52565', 'CVE-2025-52881'].map((id) => `${id}:${c}`);
    expect(ids('runc', '1.0.0-rc2')).toEqual(['CVE-2019-5736:definite', 'CVE-2025-31133:definite', 'CVE-2025-52881:definite']);
    expect(ids('runc', '1.0.0-rc6')).toEqual(['CVE-2019-5736:definite', ...nov2025('definite')]);
    expect(ids('runc', '1.0.0-rc7')).toEqual(nov2025('definite'));
    expect(ids('runc', '1.0.0-rc93')).toEqual(['CVE-2024-21626:definite', ...nov2025('definite')]);
    expect(ids('runc', '1.1.11')).toEqual(['CVE-2024-21626:definite', ...nov2025('definite')]);
    expect(ids('runc', '1.1.12')).toEqual(nov2025('definite'));
    expect(ids('runc', '1.1.5+ds1')).toEqual(['CVE-2024-21626:unknown', ...nov2025('unknown')]);
    // November 2025 (GHSA-9493-h29p-rfm2, GHSA-qw9x-cqr3-wc7r, GHSA-cgrx-mc8f-2prm): fixed in 1.2.8, 1.3.3, 1.4.0-rc.3.
    expect(ids('runc', '1.1.5')).toEqual(['CVE-2024-21626:definite', ...nov2025('definite')]);
    expect(ids('runc', '1.2.7')).toEqual(nov2025('definite'));
    expect(ids('runc', '1.2.8')).toEqual([]);
    expect(ids('runc', '1.3.0-rc.1')).toEqual(nov2025('definite'));
    expect(ids('runc', '1.3.2')).toEqual(nov2025('definite'));
    expect(ids('runc', '1.3.3')).toEqual([]);
    expect(ids('runc', '1.4.0-rc.2')).toEqual(nov2025('definite'));
    expect(ids('runc', '1.4.0-rc.3')).toEqual([]);
    expect(ids('runc', '1.4.0')).toEqual([]);
    expect(ESCAPE_CVES.find((c) => c.id === 'CVE-2025-52881')!.fixedIn).toBe('runc 1.2.8 / 1.3.3 / 1.4.0-rc.3');
    expect(ids('containerd', '1.3.8')).toEqual(['CVE-2020-15257:definite']);
    expect(ids('containerd', '1.4.2')).toEqual(['CVE-2020-15257:definite']);
    expect(ids('containerd', '1.4.3')).toEqual([]);
    expect(ids('containerd', '1.6.20~ds1')).toEqual([]);
    expect(ids('containerd', 'garbage')).toEqual([]);
  });
});

describe('changelogFixes (Debian changelog.Debian.gz of the running build)', () => {
  const log = (v: string, body: string) => `runc (${v}) bookworm-security; urgency=high\n\n${body}\n`;
  it('the escape CVEs of the table the changelog names, for the running version (with an epoch too)', () => {
    expect(changelogFixes('runc', log('1.1.5+ds1-1+deb12u1', '  * CVE-2024-21626: leaked fds\n  * CVE-2023-25809: rootless'), '1.1.5+ds1')).toEqual({ package: 'runc 1.1.5+ds1-1+deb12u1', cves: ['CVE-2024-21626'] });
    expect(changelogFixes('runc', log('1:1.1.5+ds1-1', '  * CVE-2019-5736 CVE-2024-21626'), 'v1.1.5+ds1')).toEqual({ package: 'runc 1:1.1.5+ds1-1', cves: ['CVE-2019-5736', 'CVE-2024-21626'] });
  });
  it('undefined for another build, or text that is not a changelog; a containerd CVE is not a runc fix', () => {
    expect(changelogFixes('runc', log('1.1.5+ds1-1', '  * CVE-2024-21626'), '1.1.12')).toBeUndefined();
    expect(changelogFixes('runc', 'garbage', '1.1.5')).toBeUndefined();
    expect(changelogFixes('runc', log('1.1.5+ds1-1', '  * CVE-2020-15257'), '1.1.5+ds1')).toEqual({ package: 'runc 1.1.5+ds1-1', cves: [] });
  });
});
