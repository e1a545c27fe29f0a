/**
 * harden on a run line of a Windows container (QA): the default (safe) harden added `--pids-limit 256`, which Docker
 * on Windows refuses ("invalid option: Windows does not support PidsLimit", moby daemon/daemon_windows.go
 * verifyContainerResources), and `--cap-drop` / `--security-opt no-new-privileges`, which do not exist there. Now it
 * adds nothing; with unsafe fixes only what Windows has (memory, CPU, network) and the user ContainerUser.
 */
import { describe, expect, it } from 'vitest';
import { hardenText } from './index.js';

const IIS = '```powershell\ndocker run -d --name iis --isolation=process -p 8080:80 `\n  -v C:\\inetpub\\wwwroot:C:\\inetpub\\wwwroot `\n  mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022\n```\n';

describe('harden: Windows containers', () => {
  it('safe fixes: nothing to add', async () => {
    const r = await hardenText({ path: 'WINC.md', text: IIS });
    expect(r.output).toBe(IIS);
    expect(r.changes).toEqual([]);
  });

  it('unsafe fixes: memory, CPU, network and ContainerUser; no pids limit, capability, no-new-privileges or read-only', async () => {
    const r = await hardenText({ path: 'WINC.md', text: IIS }, { unsafe: true });
    expect(r.notes).toEqual([]);
    expect(r.changes.map((c) => c.ruleId)).toEqual(['BW-0004', 'BW-0008', 'BW-0009', 'BW-0038']);
    expect(r.output).toBe(
      '```powershell\n' +
        'docker network inspect bulwark *> $null; if ($LASTEXITCODE -ne 0) { docker network create bulwark }   # bulwark: user-defined network (R-G15)\n' +
        '# bulwark: --user ContainerUser, --memory 512m, --cpus 1.0, --network bulwark set by bulwark harden (profile values: adjust to the service)\n' +
        'docker run -d --name iis --isolation=process -p 8080:80 `\n  --user ContainerUser `\n  --memory 512m `\n  --cpus 1.0 `\n  --network bulwark `\n' +
        '  -v C:\\inetpub\\wwwroot:C:\\inetpub\\wwwroot `\n  mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022\n```\n',
    );
  });
});
