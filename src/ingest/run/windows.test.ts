/**
 * `docker run` lines that start Windows containers (QA: a ```powershell block with `--isolation=process`, a `C:\`
 * mount target and mcr.microsoft.com/windows/servercore/iis): Linux-only controls do not exist there (moby
 * daemon/daemon_windows.go verifyContainerResources: "Windows does not support PidsLimit"; no capabilities,
 * no-new-privileges, seccomp, AppArmor, ulimits; --read-only refused), so BW-0003, BW-0006, BW-0007, BW-0010 and
 * BW-0031 are not reported; memory and CPU limits, mounts, ports and the image still are. The user is ContainerUser.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

async function rows(path: string, text: string) {
  const r = await auditSources([{ path, text }], { env: {} });
  return r.findings.map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.target.name} ${f.certainty}`);
}

const IIS = [
  '# IIS on Windows Server containers',
  '',
  '```powershell',
  'docker run -d --name iis --isolation=process -p 8080:80 `',
  '  -v C:\\inetpub\\wwwroot:C:\\inetpub\\wwwroot `',
  '  mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022',
  '```',
  '',
].join('\n');

describe('Windows containers on run lines', () => {
  it('the QA block: only what applies on Windows, with Windows wording and fixes', async () => {
    const r = await auditSources([{ path: 'WINC.md', text: IIS }], { env: {} });
    expect(r.findings.map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.target.name} ${f.certainty}`)).toEqual([
      '1:1 BW-0036 WINC.md definite',
      '4:1 BW-0004 iis unknown',
      '4:1 BW-0008 iis definite',
      '4:1 BW-0009 iis definite',
      '4:1 BW-0038 iis definite',
      '4:46 BW-0028 iis definite',
      '5:3 BW-0012 iis definite',
      '6:3 BW-0027 iis definite',
    ]);
    const user = r.findings.find((f) => f.ruleId === 'BW-0004')!;
    expect([user.message, user.remediation]).toEqual(["no user set: the container runs as the image's default user, ContainerAdministrator in Windows Server Core images", '--user ContainerUser']);
    expect(r.findings.find((f) => f.ruleId === 'BW-0038')!.message).toBe('no --network: the container joins the default nat network of Docker on Windows, shared with every container started without a network');
  });

  it('each unambiguous sign alone: --isolation hyperv, --platform windows/amd64, a C:\\ container path, a Nano Server image', async () => {
    const lines = [
      'docker run -d --name a --isolation hyperv example/app:1',
      'docker run -d --name b --platform windows/amd64 example/app:1',
      'docker run -d --name c -v data:C:\\data example/app:1',
      'docker run -d --name d mcr.microsoft.com/windows/nanoserver:ltsc2022',
      'docker run -d --name e --isolation default example/app:1',
      '',
    ];
    const linuxOnly = (await rows('README.md', '```powershell\n' + lines.join('\n') + '```\n')).filter((r) => /BW-00(03|06|07|10|31) /.test(r));
    expect(linuxOnly).toEqual(['6:1 BW-0003 e definite', '6:1 BW-0006 e definite', '6:1 BW-0007 e definite', '6:1 BW-0010 e definite', '6:1 BW-0031 e definite']);
  });
});
