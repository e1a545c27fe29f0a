/**
 * CI steps run by cmd.exe (a GitHub Actions `shell: cmd` step, a Jenkins `bat` step) read as cmd.exe runs them
 * (QA): `$` is an ordinary character there, `%NAME%` a variable; `pwsh` keeps `$NAME` a variable. Failed before the
 * fix (medium "filled in from a variable" for the literal password, high "written in the file" for `%SA_PASSWORD%`).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

const RUN = 'docker run -d --name sql -e MSSQL_SA_PASSWORD=Str0ng$Passw0rd! -e OTHER_PASSWORD=%SA_PASSWORD% mcr.microsoft.com/mssql/server:2022-latest';

async function secrets(path: string, text: string): Promise<string[]> {
  const r = await auditSources([{ path, text }], { env: {} });
  expect(r.sources.get(path)!.text).not.toContain('Str0ng$Passw0rd!');
  return r.findings.filter((f) => f.ruleId === 'BW-0026').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.data.name} ${f.data.kind}`);
}

describe('cmd.exe steps: $ is literal, %NAME% is a variable', () => {
  it('GitHub Actions shell: cmd (and a Windows job whose default is cmd); shell: pwsh keeps $NAME', async () => {
    const wf = [
      'name: ci',
      'on: push',
      'jobs:',
      '  t:',
      '    runs-on: windows-latest',
      '    steps:',
      '      - shell: cmd',
      `        run: ${RUN}`,
      '      - shell: pwsh',
      `        run: ${RUN}`,
      '  u:',
      '    runs-on: windows-latest',
      '    defaults:',
      '      run:',
      '        shell: cmd',
      '    steps:',
      `      - run: ${RUN}`,
      '',
    ].join('\n');
    expect(await secrets('.github/workflows/ci.yml', wf)).toEqual([
      '8:39 high MSSQL_SA_PASSWORD literal',
      '8:77 medium OTHER_PASSWORD interpolated',
      '10:39 medium MSSQL_SA_PASSWORD interpolated',
      '10:77 high OTHER_PASSWORD literal',
      '17:39 high MSSQL_SA_PASSWORD literal',
      '17:77 medium OTHER_PASSWORD interpolated',
    ]);
  });

  it("Jenkins bat step", async () => {
    const jf = `pipeline {\n  agent any\n  stages {\n    stage('db') {\n      steps {\n        bat '${RUN}'\n      }\n    }\n  }\n}\n`;
    expect(await secrets('Jenkinsfile', jf)).toEqual(['6:39 high MSSQL_SA_PASSWORD literal', '6:77 medium OTHER_PASSWORD interpolated']);
  });
});
