/**
 * qa17 (R-B, R-S; CIS 5.6): a README's PowerShell or cmd block binds the user's home the Windows way
 * (`-v ${env:USERPROFILE}\.ssh:/root/.ssh:ro`, `-v %USERPROFILE%\.aws:/root/.aws`). That is the caller's SSH keys or
 * cloud credentials, as `~/.ssh` is in a POSIX shell: BW-0011 at high severity, not an info "unknown path" note.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';

async function mounts(path: string, text: string) {
  const r = await auditSources([{ path, text }], { env: {} });
  return r.findings
    .filter((f) => f.ruleId === 'BW-0011' || f.ruleId === 'BW-0012')
    .map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity} ${f.target.name} ${f.certainty}`);
}

describe('Windows home directory binds (qa17)', () => {
  it('PowerShell $env:USERPROFILE / ${env:USERPROFILE} and cmd %USERPROFILE% are the home directory', async () => {
    const text = [
      '```powershell',
      'docker run -d --name ps1 `',
      '  -v ${env:USERPROFILE}\\.ssh:/root/.ssh:ro `',
      '  -v $env:UserProfile\\.kube:/root/.kube `',
      '  alpine:3.20 top',
      '```',
      '',
      '```bat',
      'docker run -d --name cmd1 -v %USERPROFILE%\\.aws:/root/.aws -v %cd%:/src alpine:3.20 top',
      '```',
      '',
    ].join('\n');
    expect(await mounts('README.md', text)).toEqual([
      '3:3 BW-0011 high ps1 definite',
      '4:3 BW-0011 high ps1 definite',
      '9:27 BW-0011 high cmd1 definite',
      '9:60 BW-0012 info cmd1 definite',
    ]);
  });
});
