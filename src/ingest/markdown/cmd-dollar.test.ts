/**
 * A `docker run` in a cmd.exe block reads as cmd.exe runs it (QA): cmd.exe expands only `%NAME%`, so `$` is an
 * ordinary character (`-e MSSQL_SA_PASSWORD=Str0ng$Passw0rd!` is that password, written in the file) and a value with
 * `%NAME%` is filled in from a variable. PowerShell keeps `$NAME` a variable. Failed before the fix (cmd: medium
 * "filled in from a variable" for the literal, high "written in the file" for `%SA_PASSWORD%`).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

const RUN = 'docker run -d --name sql -e MSSQL_SA_PASSWORD=Str0ng$Passw0rd! -e OTHER_PASSWORD=%SA_PASSWORD% mcr.microsoft.com/mssql/server:2022-latest';

async function secrets(text: string): Promise<string[]> {
  const r = await auditSources([{ path: 'README.md', text }], { env: {} });
  return r.findings.filter((f) => f.ruleId === 'BW-0026').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.data.name} ${f.data.kind}`);
}

describe('cmd.exe blocks: $ is literal, %NAME% is a variable', () => {
  for (const lang of ['cmd', 'bat']) {
    it(`\`\`\`${lang}`, async () => {
      expect(await secrets(`# SQL Server\n\n\`\`\`${lang}\n${RUN}\n\`\`\`\n`)).toEqual(['4:26 high MSSQL_SA_PASSWORD literal', '4:64 medium OTHER_PASSWORD interpolated']);
    });
  }

  it('a cmd block continued with ^ and masked whole', async () => {
    const text = '```cmd\ndocker run -d --name sql ^\n  -e MSSQL_SA_PASSWORD=Str0ng$Passw0rd! ^\n  mcr.microsoft.com/mssql/server:2022-latest\n```\n';
    expect(await secrets(text)).toEqual(['3:3 high MSSQL_SA_PASSWORD literal']);
    const r = await auditSources([{ path: 'README.md', text }], { env: {} });
    expect(r.sources.get('README.md')!.text).toBe(text.replace('Str0ng$Passw0rd!', '****************'));
  });

  it('PowerShell and sh keep $NAME a variable', async () => {
    const ps = 'docker run -d --name sql -e MSSQL_SA_PASSWORD=Str0ng$Passw0rd! mcr.microsoft.com/mssql/server:2022-latest';
    expect(await secrets(`\`\`\`powershell\n${ps}\n\`\`\`\n`)).toEqual(['2:26 medium MSSQL_SA_PASSWORD interpolated']);
    expect(await secrets(`\`\`\`sh\n${ps}\n\`\`\`\n`)).toEqual(['2:26 medium MSSQL_SA_PASSWORD interpolated']);
  });
});
