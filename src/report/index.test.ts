import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../model/source.js';
import { auditSources } from '../engine/audit.js';
import { fixtureResult } from './fixture.js';
import { FORMATS, render, renderHtml, renderJson, renderSarif, renderText, type Format } from './index.js';

describe('render', () => {
  it('dispatches to each reporter with its options', () => {
    const r = fixtureResult();
    expect(render(r, 'text', { color: false })).toBe(renderText(r, { color: false }));
    expect(render(r, 'text', { color: true })).toBe(renderText(r, { color: true }));
    expect(render(r, 'json')).toBe(renderJson(r));
    expect(render(r, 'sarif', { cwd: '/x' })).toBe(renderSarif(r, { cwd: '/x' }));
    expect(render(r, 'html', { cwd: '/x' })).toBe(renderHtml(r, { cwd: '/x' }));
    expect(FORMATS).toEqual(['text', 'json', 'sarif', 'html']);
  });

  it('throws for an unknown format', () => {
    expect(() => render(fixtureResult(), 'xml' as Format)).toThrow('unknown report format "xml"; expected one of text, json, sarif, html');
  });
});

describe('secrets never reach a report (R-S)', () => {
  const SECRETS = ['hunter2hunter2', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 's3cr3t-Value-123', 'Zx9$Secret'];
  const inputs = [
    {
      path: 'compose.yaml',
      text: [
        'services:',
        '  web:',
        '    image: nginx:latest',
        '    environment:',
        `      DB_PASSWORD: ${SECRETS[0]}`,
        `      GITHUB_TOKEN: ${SECRETS[1]}`,
        '',
      ].join('\n'),
    },
    { path: 'deploy.sh', text: `#!/bin/sh\ndocker run -e API_KEY=${SECRETS[2]} -e 'MYSQL_ROOT_PASSWORD=${SECRETS[3]}' mysql:8\n` },
  ];

  it.each(FORMATS)('%s output holds none of the secret values, but names the variables', async (format) => {
    const r = await auditSources(inputs, { env: {} });
    const secretFindings = r.findings.filter((f) => f.slug === 'secret-in-environment');
    // The engine found them, so the reporters had something to leak.
    expect(secretFindings.map((f) => f.data.name)).toEqual(['DB_PASSWORD', 'GITHUB_TOKEN', 'API_KEY', 'MYSQL_ROOT_PASSWORD']);
    // Code frames show the masked line.
    expect(r.sources.get('compose.yaml')?.lineText(5)).toBe('      DB_PASSWORD: **************');
    const out = render(r, format, { color: false, cwd: '/' });
    for (const s of SECRETS) expect(out).not.toContain(s);
    for (const name of ['DB_PASSWORD', 'GITHUB_TOKEN', 'API_KEY', 'MYSQL_ROOT_PASSWORD']) expect(out).toContain(name);
  });
});

describe('reporters never throw (property)', () => {
  const text = fc.string({ unit: 'binary', maxLength: 60 });
  it('for any message, file name, source text and location, in every format', () => {
    fc.assert(
      fc.property(
        text,
        text,
        text,
        fc.record({
          startLine: fc.integer({ min: 1, max: 9 }),
          startColumn: fc.integer({ min: 1, max: 80 }),
          endLine: fc.integer({ min: 1, max: 9 }),
          endColumn: fc.integer({ min: 1, max: 80 }),
        }),
        (message, file, src, loc) => {
          const r = fixtureResult();
          r.sources.set(file, new SourceFile(file, src));
          r.findings = [{ ...r.findings[0], message, location: { file, ...loc } }];
          r.errors = [{ file, line: loc.startLine, message, code: 'parse' }];
          for (const format of FORMATS) expect(typeof render(r, format, { color: true, cwd: '/w' })).toBe('string');
          const html = render(r, 'html');
          expect(html).not.toMatch(/<(?!\/?(?:!doctype|html|head|meta|title|style|body|h[123]|p|span|section|table|thead|tbody|tr|th|td|pre|mark|code|a|br|footer|details|summary|div)[\s>])/);
        },
      ),
      { numRuns: 200 },
    );
  });
});
