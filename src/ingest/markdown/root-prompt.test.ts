/**
 * `# ` is the root prompt of a console transcript (`# docker run …` in a ```console block): the command is read,
 * as after `$ ` or `root@host:~# `. In a script block (```bash) `#` starts a comment and stays one. QA.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

describe('root prompt in console blocks', () => {
  it('reads `# docker run` in a console block, not in a bash block', async () => {
    const md = ['```console', '# docker run -d --name agent --privileged portainer/agent:2.19.4', '# this is output, not a command', '```', '', '```bash', '# docker run --privileged old:1', '```', ''].join('\n');
    const r = await auditSources([{ path: 'README.md', text: md }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0001').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.target.name}`)).toEqual(['2:30 agent']);
  });
});
