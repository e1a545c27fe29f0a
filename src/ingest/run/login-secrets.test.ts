/**
 * Registry passwords on `docker login` lines are masked in scripts and Markdown as in CI files (R-S): such a line
 * beside a `docker run` is in that finding's code frame (qa13: shown unmasked in text and HTML before).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { renderText } from '../../report/text.js';
import { render } from '../../report/index.js';

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

  it('a password piped into --password-stdin (echo, printf, here-string) is masked in text, json, sarif and html; a variable is not', async () => {
    const script = [
      '#!/bin/sh',
      'echo "Rg7pQ2vLx9TsK4mW" | docker login -u deploy --password-stdin registry.example.com',
      "printf '%s' Pf8sLw2QxZ4n | podman login -u deploy --password-stdin r2",
      'docker login -u deploy --password-stdin r3 <<< "Hs5tRing9Pw"',
      'echo "$REG_PW" | docker login -u deploy --password-stdin r4',
      'docker run -d --name web --privileged registry.example.com/web:1.4',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'deploy.sh', text: script }], { env: {} });
    const lines = r.sources.get('deploy.sh')!.text.split('\n');
    expect(lines.slice(1, 5)).toEqual([
      'echo "****************" | docker login -u deploy --password-stdin registry.example.com',
      "printf '%s' ************ | podman login -u deploy --password-stdin r2",
      'docker login -u deploy --password-stdin r3 <<< "***********"',
      'echo "$REG_PW" | docker login -u deploy --password-stdin r4',
    ]);
    expect(r.findings.map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn}`)).toContain('BW-0001 6:26');
    for (const format of ['text', 'json', 'sarif', 'html'] as const) {
      const out = render(r, format, { color: false });
      for (const secret of ['Rg7pQ2vLx9TsK4mW', 'Pf8sLw2QxZ4n', 'Hs5tRing9Pw']) expect(out, `${format}: ${secret}`).not.toContain(secret);
    }
  });

  it('a Markdown block: a password piped into --password-stdin is masked too', async () => {
    const md = '# Deploy\n\n```sh\necho "Rg7pQ2vLx9TsK4mW" | docker login -u deploy --password-stdin registry.example.com\ndocker run --privileged alpine:3.19\n```\n';
    const r = await auditSources([{ path: 'README.md', text: md, kind: 'markdown' }], { env: {} });
    expect(r.sources.get('README.md')!.text.split('\n')[3]).toBe('echo "****************" | docker login -u deploy --password-stdin registry.example.com');
  });
});
