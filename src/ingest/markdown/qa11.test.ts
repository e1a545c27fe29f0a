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
