/**
 * BW-0101's USER fix on Windows base images (issue 4; CIS 4.1, paper §V.2.2, R-K). QA round 2 (qa17):
 * a Windows Server Core Dockerfile (`# escape=\``) got `USER 65532:65532`, a uid that a Windows container
 * does not have, so `docker run` of the hardened image fails. Windows images get `USER ContainerUser`, the
 * built-in non-administrator account of Server Core and Nano Server images.
 */
import { describe, expect, it } from 'vitest';
import { hardenText } from './index.js';

const WIN = [
  '# escape=`',
  'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
  'RUN powershell -Command `',
  '    Invoke-WebRequest https://example.com/tool.zip -OutFile C:\\tool.zip',
  'COPY app C:\\app',
  'CMD ["C:\\\\app\\\\run.exe"]',
  '',
].join('\n');

describe('Dockerfile USER fix on Windows base images', () => {
  it('Server Core: USER ContainerUser before the trailing CMD, escape directive and continuation kept', async () => {
    const r = await hardenText({ path: 'Dockerfile', text: WIN }, { unsafe: true, only: ['BW-0101'] });
    expect(r.output).toBe(
      WIN.replace(
        'CMD [',
        '# bulwark: the non-administrator account of Windows base images; files the app writes must be writable by ContainerUser\nUSER ContainerUser\nCMD [',
      ),
    );
    expect(r.changes.map((c) => [c.ruleId, c.target, c.line])).toEqual([['BW-0101', 'mcr.microsoft.com/windows/servercore:ltsc2022', 2]]);
    // The hardened file audits without BW-0101, and hardening it again changes nothing.
    const again = await hardenText({ path: 'Dockerfile', text: r.output }, { unsafe: true, only: ['BW-0101'] });
    expect(again.output).toBe(r.output);
    expect(again.changes).toEqual([]);
  });

  it('a .NET Framework image on Server Core is Windows too; Nano Server (ContainerUser already) is left as it is', async () => {
    const from = 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022';
    const text = `FROM ${from}\nCOPY app C:/app\nENTRYPOINT ["C:/app/app.exe"]\n`;
    const r = await hardenText({ path: 'Dockerfile', text }, { unsafe: true, only: ['BW-0101'] });
    expect(r.output).toBe(`FROM ${from}\nCOPY app C:/app\n# bulwark: the non-administrator account of Windows base images; files the app writes must be writable by ContainerUser\nUSER ContainerUser\nENTRYPOINT ["C:/app/app.exe"]\n`);
    const nano = text.replace(from, 'mcr.microsoft.com/windows/nanoserver:ltsc2022');
    const n = await hardenText({ path: 'Dockerfile', text: nano }, { unsafe: true, only: ['BW-0101'] });
    expect(n.output).toBe(nano);
    expect(n.changes).toEqual([]);
  });

  it('a user named in the profile is written as given, and a Linux image keeps the numeric default', async () => {
    const r = await hardenText({ path: 'Dockerfile', text: WIN }, { unsafe: true, only: ['BW-0101'], profile: { user: 'app' } });
    expect(r.output).toContain('\nUSER app\nCMD [');
    const lin = await hardenText({ path: 'Dockerfile', text: 'FROM debian:12-slim\nCOPY app /app\nCMD ["/app"]\n' }, { unsafe: true, only: ['BW-0101'] });
    expect(lin.output).toBe('FROM debian:12-slim\nCOPY app /app\n# bulwark: non-root uid:gid from the harden profile; no user is created, so files the app writes must be writable by 65532:65532\nUSER 65532:65532\nCMD ["/app"]\n');
  });
});
