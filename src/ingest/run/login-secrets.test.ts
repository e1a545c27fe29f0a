/**
 * Registry passwords on `docker login` lines are masked in scripts and Markdown as in CI files (R-S): such a line
 * beside a `docker run` is in that finding's code frame (qa13: shown unmasked in text and HTML before).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { renderText } from '../../report/text.js';

const SCRIPT = 'docker login -u bot -p S3condLiteralPw registry.example.com\ndocker login --password="$REG_PW" -u bot r2\ndocker run --rm --privileged alpine:3.19 true\n';

describe('docker login passwords', () => {
  it('a shell script: the written password is masked in the source and the text report; a variable stays readable', async () => {
    const r = await auditSources([{ path: 'deploy.sh', text: SCRIPT, kind: 'shell' }], { env: {} });
    const src = r.sources.get('deploy.sh')!.text;
    expect(src.split('\n')[0]).toBe('docker login -u bot -p *************** registry.example.com');
    expect(src.split('\n')[1]).toBe('docker login --password="$REG_PW" -u bot r2');
    const text = renderText(r, { color: false });
    expect(text).not.toContain('S3condLiteralPw');
    expect(r.findings.map((f) => `${f.ruleId} ${f.location.startLine}`)).toContain('BW-0001 3');
  });

  it('a Markdown block: masked too', async () => {
    const md = '# Deploy\n\n```sh\n' + SCRIPT + '```\n';
    const r = await auditSources([{ path: 'README.md', text: md, kind: 'markdown' }], { env: {} });
    expect(r.sources.get('README.md')!.text.split('\n')[3]).toBe('docker login -u bot -p *************** registry.example.com');
  });
});
