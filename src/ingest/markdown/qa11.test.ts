/**
 * QA round 11 (READMEs of self-hosted apps): indented code blocks that show a prompted `docker run`, as
 * older READMEs (nginx-proxy, Dozzle) wrote them. Exact rule ids, targets, lines and columns through
 * `auditSources` (R-B, R-G14: a command a README tells its users to run is audited; prose and output are not).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

async function findings(path: string, text: string, ids: string[]) {
  const res = await auditSources([{ path, text }], { env: {} });
  return {
    errors: res.errors.map((e) => `${e.line}:${e.column} ${e.message}`),
    findings: res.findings.filter((f) => ids.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.target?.name} ${f.location.startLine}:${f.location.startColumn}`),
  };
}

describe('indented code blocks', () => {
  it('a prompted `docker run` in a 4-space block is read as a transcript; unprompted lines and output are not', async () => {
    const text = [
      '# nginx-proxy',
      '',
      'To run it:',
      '',
      '    $ docker run -d -p 80:80 \\',
      '        -v /var/run/docker.sock:/tmp/docker.sock:ro jwilder/nginx-proxy:1.5',
      '    Unable to find image locally',
      '',
      'Output of `docker inspect`:',
      '',
      '    docker run --privileged --name printed alpine:3.19',
      '',
      '1. In a list:',
      '',
      '    ```bash',
      '    docker run -d --name fenced --pid=host alpine:3.19',
      '    ```',
      '',
    ].join('\n');
    expect(await findings('README.md', text, ['BW-0001', 'BW-0013', 'BW-0016', 'BW-0027'])).toEqual({
      errors: [],
      findings: ['BW-0013 jwilder/nginx-proxy:1.5 6:9', 'BW-0027 jwilder/nginx-proxy:1.5 6:53', 'BW-0016 fenced 16:33', 'BW-0027 fenced 16:44'],
    });
  });
});

describe('indented code blocks in list items (QA B 04)', () => {
  const IDS = ['BW-0001', 'BW-0013', 'BW-0016', 'BW-0027'];

  it('a block indented 4 columns beyond the item content is the step command: read without a prompt, exact columns', async () => {
    const text = [
      '## Quick start',
      '',
      '1. Start the agent:',
      '',
      '       docker run -d --name agent --privileged -v /var/run/docker.sock:/var/run/docker.sock example/agent:1.0',
      '',
      '2. Open http://localhost:9000',
      '',
    ].join('\n');
    expect(await findings('README.md', text, IDS)).toEqual({
      errors: [],
      findings: ['BW-0001 agent 5:35', 'BW-0013 agent 5:48', 'BW-0027 agent 5:93'],
    });
  });

  it('bullets, nested items, tabs and continuation lines; a prompt is blanked as in a transcript', async () => {
    const text = [
      '- Run it:', // 1: content column 2
      '',
      '      docker run -d --name bullet \\', // 3: 2 + 4
      '        --pid=host alpine:3.19',
      '',
      '1. Step', // 6
      '   - nested:', // 7: content column 5
      '',
      '         $ docker run --name nested --privileged alpine:3.19', // 9: 5 + 4
      '         Unable to find image locally',
      '',
      '2. Tabs:', // 12: content column 3
      '',
      '\t\tdocker run --name tabbed --privileged alpine:3.19', // 14: column 8
      '',
    ].join('\n');
    expect(await findings('README.md', text, IDS)).toEqual({
      errors: [],
      findings: ['BW-0016 bullet 4:9', 'BW-0027 bullet 4:20', 'BW-0001 nested 9:37', 'BW-0027 nested 9:50', 'BW-0001 tabbed 14:28', 'BW-0027 tabbed 14:41'],
    });
  });

  it('indented less than 4 beyond the content column it is a paragraph of the item: unprompted, not read', async () => {
    const text = ['1. Example output:', '', '    docker run --privileged --name para alpine:3.19', '', 'Outside the list:', '', '       docker run --privileged --name top alpine:3.19', ''].join('\n');
    expect(await findings('README.md', text, IDS)).toEqual({ errors: [], findings: [] });
  });
});
