/**
 * qa17 (R-G14): HackMD / CodiMD notes number a fence's lines with `=` after the language (```` ```bash= ````,
 * ```` ```sh=101 ````, ```` ```yaml=+ ````). The block's language is still bash / sh / yaml: its `docker run`
 * lines and its Compose file are audited (they were skipped as an unknown language).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

describe('HackMD line-number fences (qa17)', () => {
  it('```bash=, ```sh=101 and ```yaml=+ keep their language', async () => {
    const text = [
      '```bash=',
      'docker run -d --name a --privileged alpine:3.20',
      '```',
      '',
      '```sh=101',
      'docker run -d --name b --privileged alpine:3.20',
      '```',
      '',
      '```yaml=+',
      'services:',
      '  c:',
      '    image: alpine:3.20',
      '    privileged: true',
      '```',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'notes.md', text }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0001').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.target.name}`)).toEqual([
      '2:24 a',
      '6:24 b',
      '13:17 c',
    ]);
    expect(r.errors).toEqual([]);
  });
});
