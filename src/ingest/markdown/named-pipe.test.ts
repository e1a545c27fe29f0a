/**
 * QA B 03: Portainer's documented Windows line (`-v \\.\pipe\docker_engine:\\.\pipe\docker_engine`) copied into an
 * untagged or `bash` block, or a script: bash would read the unquoted pipe as `\.pipedocker_engine`; it is read as the
 * named pipe, as in a `powershell` block (BW-0013, R-B), and the mangled path is never printed. An untagged block
 * writing Windows drive paths (`-v portainer_data:C:\data`) is read as a Windows shell's command.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { renderText } from '../../report/text.js';

const LINE = 'docker run -d --name portainer -v \\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine -v portainer_data:C:\\data portainer/portainer-ce:2.21.0';

async function run(path: string, text: string) {
  const r = await auditSources([{ path, text }], { env: {} });
  return {
    rows: r.findings.filter((f) => ['BW-0012', 'BW-0013'].includes(f.ruleId)).map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity} ${f.certainty} ${f.message}`),
    errors: r.errors.map((e) => `${e.line}:${e.column} ${e.message}`),
    text: renderText(r, { color: false }),
  };
}

const PIPE = '4:32 BW-0013 critical definite container runtime API named pipe \\\\.\\pipe\\docker_engine mounted: root-equivalent on the host';

describe('a Windows named pipe outside a PowerShell block', () => {
  for (const lang of ['', 'bash', 'powershell']) {
    it(`a \`\`\`${lang || '(untagged)'} fence: BW-0013 critical on the named pipe`, async () => {
      const r = await run('README.md', `# Windows\n\n\`\`\`${lang}\n${LINE}\n\`\`\`\n`);
      expect(r.rows).toEqual([PIPE]);
      expect(r.text).not.toContain('pipedocker_engine');
      // In the untagged and PowerShell blocks `C:\data` is a Windows path (a volume mounted there); bash reads it `C:data` (a mode).
      expect(r.errors).toEqual(lang === 'bash' ? ['4:84 invalid mode: data'] : []);
    });
  }

  it('a shell script: the unquoted pipe is the named pipe', async () => {
    const r = await run('deploy.sh', `#!/bin/sh\n\n\n${LINE.replace(' -v portainer_data:C:\\data', '')}\n`);
    expect(r.rows).toEqual([PIPE]);
    expect(r.text).not.toContain('pipedocker_engine');
  });
});
