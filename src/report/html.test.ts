import { describe, expect, it } from 'vitest';
import { SourceFile } from '../model/source.js';
import { fixtureResult } from './fixture.js';
import { escapeHtml, HTML_FRAME_WIDTH, renderHtml, renderHtmlChunks } from './html.js';

describe('renderHtml', () => {
  const html = renderHtml(fixtureResult());

  it('is one self-contained page: inline CSS, no script, nothing loaded from elsewhere', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|@import|url\(/i);
    expect(html.endsWith('</body>\n</html>\n')).toBe(true);
  });

  it('shows the summary, the severity counts and the files, targets and findings in order', () => {
    expect(html).toContain(
      '<p class="summary">✖ 5 findings (1 critical, 2 high, 1 medium, 1 low) in 3 files, 3 targets · 1 input error · 1 suppressed</p>',
    );
    expect(html).toContain(
      '<p><span class="badge critical">critical 1</span> <span class="badge high">high 2</span> ' +
        '<span class="badge medium">medium 1</span> <span class="badge low">low 1</span> <span class="badge info">info 0</span></p>',
    );
    const headings = [...html.matchAll(/<h[23]>([^<]*)<\/h[23]>/g)].map((m) => m[1]);
    expect(headings).toEqual(['Overview', 'compose.yaml', 'service web', 'service db', 'deploy.sh', 'run nginx', 'Input errors', 'Suppressions']);
    expect([...html.matchAll(/<td class="loc">([^<]*)<\/td>/g)].map((m) => m[1])).toEqual(['3:12', '4:5', '6:7', '8:12', '3:23']);
  });

  it('renders a finding row with badge, code frame, fix, CIS ids and rule link', () => {
    expect(html).toContain(
      '<tr><td class="loc">4:5</td><td><span class="badge critical">critical</span></td>' +
        '<td>container runs privileged<pre class="frame">' +
        '<span class="ln">  3 | </span>    image: nginx:latest\n' +
        '<span class="ln">&gt; 4 | </span>    <mark>privileged: true</mark>\n' +
        '<span class="ln">  5 | </span>    environment:</pre>' +
        '<p class="fix">fix: <code>privileged: false  # or remove the key</code></p><p class="cis">CIS 1.6.0 5.4; 1.8.0 5.5</p></td>' +
        '<td><a href="https://github.com/bulwark-sec/bulwark/blob/main/docs/rules/privileged-container.md">BW-0001</a><br>privileged-container</td></tr>',
    );
    expect(html).toContain('<span class="badge medium">medium</span> <span class="unknown">(unknown)</span>');
  });

  it('lists input errors and suppression problems', () => {
    expect(html).toContain('<tr><td>broken.yaml:2:3</td><td>bad indentation of a mapping entry</td><td>parse</td></tr>');
    expect(html).toContain('<tr><td>deploy.sh:2</td><td>unused suppression</td><td>BW-0001</td><td>CI runner needs it</td></tr>');
  });

  it('escapes hostile file names, messages, targets, sources and errors', () => {
    const r = fixtureResult();
    const evil = '<script>alert(1)</script>';
    const file = `"><img src=x onerror=alert(1)>.yaml`;
    const src = new SourceFile(file, `services:\n  x:\n    image: ${evil}\n`);
    r.sources.set(file, src);
    const f = r.findings[0];
    r.findings = [
      {
        ...f,
        message: `image ${evil} & co`,
        target: { kind: 'service', name: `x'"<b>` },
        slug: `<i>slug</i>`,
        remediation: `</code>${evil}`,
        helpUri: `javascript:alert(1)"onmouseover="x`,
        location: { ...src.location({ start: src.text.indexOf('<script>'), end: src.text.length - 1 }), file },
      },
    ];
    r.errors = [{ file, message: evil, code: '<b>' }];
    r.notes = [{ file, message: `not in the archive, not verified: ${evil}`, code: '<i>' }];
    const out = renderHtml(r);
    expect(out).toContain('<h2>Notes</h2>');
    expect(out).not.toMatch(/<script|<img|<b>|<i>|"onmouseover|href="javascript/);
    expect(out).toContain('<h2>&#34;&#62;&#60;img src=x onerror=alert(1)&#62;.yaml</h2>');
    expect(out).toContain('<h3>service x&#39;&#34;&#60;b&#62;</h3>');
    expect(out).toContain('<td>image &#60;script&#62;alert(1)&#60;/script&#62; &#38; co<pre class="frame">');
    expect(out).toContain('<mark>&#60;script&#62;alert(1)&#60;/script&#62;</mark>');
  });

  it('cuts a line longer than HTML_FRAME_WIDTH around the marker (a one-line script of 3,000 docker runs ran out of memory)', () => {
    const r = fixtureResult();
    const line = Array.from({ length: 40 }, (_, i) => `docker run --name c${i} alpine true`).join('; ');
    const file = 'long.sh';
    const src = new SourceFile(file, `#!/bin/sh\n${line}\n`);
    r.sources.set(file, src);
    const at = src.text.indexOf('--name c12');
    r.findings = [{ ...r.findings[0], location: { ...src.location({ start: at, end: at + 10 }), file } }];
    const frame = /<pre class="frame">([^]*?)<\/pre>/.exec(renderHtml(r))![1].split('\n');
    const col = at - src.text.indexOf('docker');
    // Every line of the frame shows the same columns (as in text): the short line before is cut away whole.
    expect(frame[0]).toBe('<span class="ln">  1 | </span>…');
    expect(frame[1]).toBe(`<span class="ln">&gt; 2 | </span>…${line.slice(col - 40, col)}<mark>--name c12</mark>${line.slice(col + 10, col - 40 + HTML_FRAME_WIDTH)}…`);
    expect(frame).toHaveLength(2);
  });

  it('shows absolute paths inside cwd relative to it', () => {
    const r = fixtureResult();
    r.findings = [{ ...r.findings[4], location: { ...r.findings[4].location, file: '/srv/app/deploy.sh' } }];
    expect(renderHtml(r, { cwd: '/srv/app' })).toContain('<h2>deploy.sh</h2>');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });
});

describe('renderHtmlChunks', () => {
  it('hands a page of many files over in pieces that end in a newline and join into the whole page', () => {
    const r = fixtureResult();
    const findings = Array.from({ length: 300 }, (_, i) => ({ ...r.findings[0], location: { ...r.findings[0].location, file: `f${String(i).padStart(3, '0')}.yaml` } }));
    const many = { ...r, findings, summary: { ...r.summary, findings: 300 } };
    const chunks = [...renderHtmlChunks(many)];
    expect(chunks.length).toBe(10);
    for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
    const page = chunks.join('');
    expect(page).toBe(renderHtml(many));
    expect([...page.matchAll(/<section id="file-(\d+)">/g)].map((m) => Number(m[1]))).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(page.endsWith('</body>\n</html>\n')).toBe(true);
    expect([...renderHtmlChunks(r)]).toHaveLength(1);
  });
});
