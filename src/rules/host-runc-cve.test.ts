import { describe, expect, it } from 'vitest';
import { checkFakeHost, CURRENT_TOOLS } from '../live/host/testkit.js';
import runcRule from './host-runc-cve.js';

/** The November 2025 runc advisories (fixed in 1.2.8, 1.3.3, 1.4.0-rc.3), in table order. */
const NOV_2025 = ['CVE-2025-31133', 'CVE-2025-52565', 'CVE-2025-52881'];
import containerdRule from './host-containerd-cve.js';

const tools = (runc: string, containerd: string) => ({
  ...CURRENT_TOOLS,
  'runc --version': { stdout: `runc version ${runc}\nspec: 1.0.1-dev\n` },
  'containerd --version': { stdout: `containerd github.com/containerd/containerd ${containerd} deadbeef\n` },
});

describe('BW-0302 host-runc-cve', () => {
  it('CVE-2019-5736 for runc before 1.0.0-rc7, definite for an upstream build', async () => {
    const { findings } = await checkFakeHost(runcRule, {}, tools('1.0.0-rc6', '1.4.3'));
    expect(findings.map((f) => [f.line, f.column, f.endColumn, f.data.cve, f.certainty, f.severity])).toEqual(['CVE-2019-5736', ...NOV_2025].map((cve) => [3, 7, 16, cve, 'definite', 'critical']));
    expect(findings[0].message).toContain('fixed in runc 1.0.0-rc7 (Docker 18.09.2) (runc 1.0.0-rc6)');
  });
  it('CVE-2024-21626 for Debian runc 1.1.5+ds1, with certainty unknown (backports)', async () => {
    const { findings } = await checkFakeHost(runcRule, {}, tools('1.1.5+ds1', '1.6.20~ds1'));
    expect(findings.map((f) => [f.lineText, f.data.cve, f.certainty])).toEqual(['CVE-2024-21626', ...NOV_2025].map((cve) => ['runc: 1.1.5+ds1', cve, 'unknown']));
    expect(findings[0].message).toContain('by upstream version 1.1.5; distro backports may have fixed it');
  });
  it("not reported when the package's Debian changelog (of the running build) names the fix; reported when it is of another build", async () => {
    const changelog = (version: string) => ({
      '/usr/share/doc/runc/changelog.Debian.gz': {
        gzip: true,
        text: `runc (${version}) bookworm-security; urgency=high\n\n  * Team upload.\n  * CVE-2024-21626: several container breakouts due to internally leaked fds\n\n -- Shengjing Zhu <zhsj@debian.org>  Fri, 02 Feb 2024 21:53:05 +0800\n\nrunc (1.1.5+ds1-1) unstable; urgency=medium\n\n  * CVE-2023-25809: rootless\n`,
      },
    });
    const fixed = await checkFakeHost(runcRule, changelog('1.1.5+ds1-1+deb12u1'), tools('1.1.5+ds1', '1.6.20~ds1'));
    expect(fixed.findings.map((f) => [f.data.cve, f.certainty])).toEqual(NOV_2025.map((cve) => [cve, 'unknown']));
    const text = fixed.host.text!.split('\n');
    expect(text.filter((l) => l.startsWith('runc'))).toEqual(['runc: 1.1.5+ds1', 'runc-package: runc 1.1.5+ds1-1+deb12u1 fixes CVE-2024-21626 (/usr/share/doc/runc/changelog.Debian.gz)']);
    // A runc installed by hand (1.1.4) over the Debian package: the changelog is not of the running build.
    const other = await checkFakeHost(runcRule, changelog('1.1.5+ds1-1+deb12u1'), tools('1.1.4', '1.6.20~ds1'));
    expect(other.findings.map((f) => [f.data.cve, f.certainty])).toEqual(['CVE-2024-21626', ...NOV_2025].map((cve) => [cve, 'definite']));
    // The package before the security upload does not name the fix.
    const before = await checkFakeHost(runcRule, { '/usr/share/doc/runc/changelog.Debian.gz': { gzip: true, text: 'runc (1.1.5+ds1-1) unstable; urgency=medium\n\n  * CVE-2023-25809: rootless\n' } }, tools('1.1.5+ds1', '1.6.20~ds1'));
    expect(before.findings.map((f) => [f.data.cve, f.certainty])).toEqual(['CVE-2024-21626', ...NOV_2025].map((cve) => [cve, 'unknown']));
    expect(before.host.text!.split('\n').filter((l) => l.startsWith('runc-package'))).toEqual(['runc-package: runc 1.1.5+ds1-1 fixes (no listed escape) (/usr/share/doc/runc/changelog.Debian.gz)']);
  });
  it('runc 1.1.12, 1.2.7 and 1.3.2: the November 2025 escapes, with the fixed versions named', async () => {
    for (const v of ['1.1.12', '1.2.7', '1.3.2']) {
      const { findings } = await checkFakeHost(runcRule, {}, tools(v, '1.6.28'));
      expect(findings.map((f) => [f.data.cve, f.certainty, f.severity])).toEqual(NOV_2025.map((cve) => [cve, 'definite', 'critical']));
      expect(findings[0].message).toContain(`fixed in runc 1.2.8 / 1.3.3 / 1.4.0-rc.3 (runc ${v})`);
    }
  });
  it('nothing for runc 1.2.8, 1.3.3 and 1.4.0', async () => {
    for (const v of ['1.2.8', '1.3.3', '1.4.0']) expect((await checkFakeHost(runcRule, {}, tools(v, '1.6.28'))).findings).toEqual([]);
  });
  it('runc missing is unknown', async () => {
    const { findings } = await checkFakeHost(runcRule, {}, {});
    expect(findings.map((f) => [f.lineText, f.certainty, f.severity])).toEqual([['unknown runc: runc not found on PATH', 'unknown', 'info']]);
  });
});

describe('BW-0303 host-containerd-cve', () => {
  it('CVE-2020-15257 for containerd 1.4.2', async () => {
    const { findings } = await checkFakeHost(containerdRule, {}, tools('1.1.12', '1.4.2'));
    expect(findings.map((f) => [f.lineText, f.data.cve, f.certainty, f.severity])).toEqual([['containerd: 1.4.2', 'CVE-2020-15257', 'definite', 'high']]);
  });
  it('nothing for 1.3.9 and 1.6.20~ds1', async () => {
    expect((await checkFakeHost(containerdRule, {}, tools('1.1.12', '1.3.9'))).findings).toEqual([]);
    expect((await checkFakeHost(containerdRule, {}, tools('1.1.12', '1.6.20~ds1'))).findings).toEqual([]);
  });
});
