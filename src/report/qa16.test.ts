/**
 * QA round 16 of the reporters, as a CI user sees them (R-G14: CI-friendly output and SARIF; R-S: secrets
 * masked in every format). Each test failed before its fix:
 *  - SARIF: a rule's `security-severity` / level follow the effective severity of its findings (a
 *    `.bulwark.yaml` override), since GitHub code scanning reads severity from the rule only;
 *    artifact URIs are relative to the repository root, not to the directory the audit ran in; a
 *    directory named `..cache` is inside the source root;
 *  - text: carets under wide characters (CJK, emoji) span their two columns; a very long line is cut
 *    around the finding; `FORCE_COLOR=0` means no colour;
 *  - HTML: hostile names, values and labels stay text.
 * Results come from the real engine (`auditSources`) over real ingesters.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { parseConfig } from '../engine/config.js';
import { SourceFile } from '../model/source.js';
import { fixtureResult } from './fixture.js';
import { displayPath } from './common.js';
import { escapeHtml, OPEN_LIMIT, renderHtml } from './html.js';
import { artifactLocation, renderSarif, repositoryRoot } from './sarif.js';
import { codePointWidth, colorDefault, displayWidth, FRAME_WIDTH, renderText, streamColor } from './text.js';

const COMPOSE = ['services:', '  web:', '    image: nginx:1.27', '    privileged: true', ''].join('\n');

describe('SARIF for GitHub code scanning', () => {
  it('shows a finding at the severity a .bulwark.yaml override gives it, through a descriptor of that severity', async () => {
    const config = parseConfig('rules:\n  BW-0009: critical\n  image-not-pinned: { severity: high }\n', '/p/.bulwark.yaml');
    const r = await auditSources([{ path: 'compose.yaml', text: COMPOSE }], { env: {}, config });
    const run = JSON.parse(renderSarif(r, { cwd: '/p', srcRoot: '/p' })).runs[0];
    const rule = (id: string) => run.tool.driver.rules.find((x: { id: string }) => x.id === id);
    expect(rule('BW-0009/critical').properties['security-severity']).toBe('9.5');
    expect(rule('BW-0009/critical').defaultConfiguration).toEqual({ level: 'error' });
    expect(rule('BW-0027/high').properties['security-severity']).toBe('8.0');
    expect(rule('BW-0027/high').defaultConfiguration).toEqual({ level: 'error' });
    // The rule at its default stays described (BW-0009 cpu-limit-missing: low).
    expect(rule('BW-0009').properties['security-severity']).toBe('3.0');
    // A rule without an override keeps its default (BW-0006 root-filesystem-writable: low).
    expect(rule('BW-0006').properties['security-severity']).toBe('3.0');
    expect(rule('BW-0006').defaultConfiguration).toEqual({ level: 'note' });
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'BW-0009/critical');
    expect(result.level).toBe('error');
    expect(result.properties.severity).toBe('critical');
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('BW-0009/critical');
  });

  it('makes artifact URIs relative to the repository root when the audit runs in a subdirectory', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'bulwark-qa16-'));
    mkdirSync(join(repo, '.git'));
    mkdirSync(join(repo, 'deploy', 'prod'), { recursive: true });
    const cwd = join(repo, 'deploy');
    expect(repositoryRoot(join(repo, 'deploy', 'prod'))).toBe(repo);
    const r = await auditSources([{ path: 'prod/compose.yaml', text: COMPOSE }], { env: {} });
    const run = JSON.parse(renderSarif(r, { cwd })).runs[0];
    expect(run.results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'deploy/prod/compose.yaml', uriBaseId: 'SRCROOT' });
    expect(run.originalUriBaseIds).toEqual({ SRCROOT: { uri: `file://${repo}/` } });
    // Outside any repository the working directory is the root.
    const lone = mkdtempSync(join(tmpdir(), 'bulwark-qa16-'));
    expect(repositoryRoot(lone)).toBe(lone);
  });

  it('treats a directory named ..cache as inside the source root', () => {
    expect(artifactLocation('..cache/compose.yaml', '/p')).toEqual({ uri: '..cache/compose.yaml', uriBaseId: 'SRCROOT' });
    expect(artifactLocation('../compose.yaml', '/p/q')).toEqual({ uri: 'file:///p/compose.yaml' });
    expect(displayPath('/p/..cache/compose.yaml', '/p')).toBe('..cache/compose.yaml');
    expect(displayPath('/compose.yaml', '/p')).toBe('/compose.yaml');
  });
});

describe('text report', () => {
  it('puts carets under wide characters as the terminal shows them', async () => {
    const text = ['services:', '  "网站😀":', '    image: "中文😀:1"', '    privileged: true'].join('\n');
    const r = await auditSources([{ path: 'wide.yaml', text }], { env: {} });
    const out = renderText(r, { color: false });
    // The image: `"中文😀:1"` is 8 UTF-16 units and 10 columns wide.
    expect(out).toContain('      > 3 |     image: "中文😀:1"\n          |            ^^^^^^^^^^\n');
    // The service key `"网站😀"` (a finding on the last line has no line break after it: frame ends there).
    expect(out).toContain('      > 2 |   "网站😀":\n          |   ^^^^^^^^\n');
    expect(out).toContain('      > 4 |     privileged: true\n          |                 ^^^^\n\n');
  });

  it('lines carets up after wide characters and tabs before the finding', async () => {
    const text = '#!/bin/sh\n\tdocker run --name 中文名 -v /:/host alpine:3 sh';
    const r = await auditSources([{ path: 'tabs.sh', text }], { env: {} });
    const out = renderText(r, { color: false });
    // BW-0011 underlines `-v /:/host`, which starts after `docker run --name 中文名 ` (18 + 6 + 1 columns).
    expect(out).toContain(`      > 2 | \tdocker run --name 中文名 -v /:/host alpine:3 sh\n          | \t${' '.repeat(25)}${'^'.repeat(10)}\n`);
  });

  it('cuts a very long line around the finding', async () => {
    const line = 'docker run ' + '-e A=b '.repeat(400) + '--privileged alpine:3';
    const r = await auditSources([{ path: 'long.sh', text: line + '\n' }], { env: {} });
    const out = renderText(r, { color: false });
    const frames = out.split('\n').filter((l) => l.startsWith('      > 1 | '));
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) expect(f.length).toBeLessThanOrEqual('      > 1 | '.length + 162);
    const at = out.indexOf('BW-0001 privileged-container');
    const frame = out.slice(at).split('\n').slice(2, 4);
    expect(frame[0]).toBe(`      > 1 | …${line.slice(line.length - 160)}`);
    // The underline sits under `--privileged`: one column for `…`, then the cut text.
    const caretAt = frame[1].indexOf('^');
    expect(frame[0].slice(caretAt, caretAt + 12)).toBe('--privileged');
    expect(frame[1].slice(caretAt)).toBe('^'.repeat(12));
  });

  it('measures display width', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('中文')).toBe(4);
    expect(displayWidth('😀')).toBe(2);
    expect(displayWidth('é')).toBe(1); // e + combining acute
    expect(codePointWidth(0x200b)).toBe(0);
    expect(codePointWidth(0xff21)).toBe(2); // fullwidth A
  });

  it('honours NO_COLOR and FORCE_COLOR (0 and false mean no colour)', () => {
    expect(colorDefault({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorDefault({ FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(colorDefault({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorDefault({ FORCE_COLOR: '' }, false)).toBe(true);
    expect(colorDefault({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
    expect(colorDefault({ NO_COLOR: '' }, true)).toBe(true);
    expect(colorDefault({}, false)).toBe(false);
    expect(colorDefault({}, true)).toBe(true);
  });

  it('detects colour from the stream only: a terminal whose TERM is not dumb; CI plays no part', () => {
    expect(streamColor({ isTTY: true }, {})).toBe(true);
    expect(streamColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(streamColor({ isTTY: false }, { CI: 'true' })).toBe(false);
    expect(streamColor({}, { CI: 'true', GITHUB_ACTIONS: 'true' })).toBe(false);
    expect(colorDefault({ CI: 'true' }, streamColor({}, { CI: 'true' }))).toBe(false);
  });
});

describe('HTML report', () => {
  it('escapes file content, names, values and labels everywhere', async () => {
    const text = [
      'services:',
      '  "<script>alert(1)</script>":',
      '    image: "evil</style><script>alert(2)</script>:1"',
      '    privileged: true',
      '    environment:',
      '      API_TOKEN: "</style><script>alert(3)</script>"',
      '      NOTE: "\\"><img onerror=alert(4) src=x>"',
      '    labels:',
      '      x: "<script>alert(5)</script>"',
      '    # bulwark-ignore <script>alert(6)</script> -- <img src=x onerror=alert(7)>',
      '    user: root',
      '',
    ].join('\n');
    const r = await auditSources([{ path: '"><img src=x onerror=alert(8)>/compose.yaml', text }], { env: {} });
    const html = renderHtml(r);
    expect(html.match(/<script/gi)).toBeNull();
    expect(html.match(/<img/gi)).toBeNull();
    expect(html.match(/<\/style>/g)).toEqual(['</style>']);
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('&#34;&#62;&#60;img src=x onerror=alert(8)&#62;/compose.yaml');
    // The token's value is masked; the NOTE value is not a secret and is shown, escaped.
    expect(html).not.toContain('alert(3)');
    expect(html).toContain('&#60;img onerror=alert(4) src=x&#62;');
    // Offline: nothing is loaded from anywhere.
    expect(html).not.toMatch(/<(link|script|img|iframe)\b|src=["']?http|@import|url\(/i);
  });
});

describe('HTML report of thousands of findings', () => {
  it('has an overview of files and rules with counts, and closed file sections past OPEN_LIMIT', async () => {
    const lines = ['services:'];
    for (let i = 0; i < 30; i++) lines.push(`  s${i}:`, `    image: img${i}:1`, '    privileged: true');
    const r = await auditSources([{ path: 'big.yaml', text: lines.join('\n') + '\n' }, { path: 'small.yaml', text: COMPOSE }], { env: {} });
    expect(r.findings.length).toBeGreaterThan(OPEN_LIMIT);
    const html = renderHtml(r);
    const perFile = (f: string) => r.findings.filter((x) => x.location.file === f).length;
    expect(html).toContain(`<tr><td><a href="#file-1">big.yaml</a></td><td class="n">${perFile('big.yaml')}</td>`);
    expect(html).toContain(`<tr><td><a href="#file-2">small.yaml</a></td><td class="n">${perFile('small.yaml')}</td>`);
    // Rules, most severe first: BW-0001 privileged-container, once per service.
    expect(html).toMatch(/<th>Rule<\/th>.*?<\/thead><tbody>\n<tr><td><a href="[^"]+privileged-container\.md">BW-0001<\/a> privileged-container<\/td><td>[^<]+<\/td><td class="n">31<\/td>/s);
    expect(html).toContain('<section id="file-1"><details>\n<summary><h2>big.yaml</h2>');
    expect(html).not.toContain('<details open>');
    const small = renderHtml(await auditSources([{ path: 'small.yaml', text: COMPOSE }], { env: {} }));
    expect(small).toContain('<section id="file-1"><details open>\n<summary><h2>small.yaml</h2>');
  });
});

describe('HTML fix snippets', () => {
  it('keeps the lines and indentation of a multi-line fix (was: collapsed into one line of <code>)', async () => {
    const r = await auditSources([{ path: 'compose.yaml', text: COMPOSE }], { env: {} });
    const html = renderHtml(r);
    const nnp = r.findings.find((f) => f.ruleId === 'BW-0007')!;
    expect(nnp.remediation).toContain('\n');
    expect(html).toContain(`<div class="fix">fix:<pre class="fix"><code>${escapeHtml(nnp.remediation.replace(/\n+$/, ''))}</code></pre></div>`);
    const one = r.findings.find((f) => !f.remediation.includes('\n'))!;
    expect(html).toContain(`<p class="fix">fix: <code>${escapeHtml(one.remediation)}</code></p>`);
  });
});

describe('text carets (property)', () => {
  // Pieces of differing widths: ASCII, CJK (2 columns), emoji (2 columns, a surrogate pair), a combining mark (0).
  const piece = fc.constantFrom('a', 'Z', ' ', '-', '中', '文', '😀', 'e\u0301', 'Ａ');
  const line = fc.array(piece, { minLength: 1, maxLength: 90 }).map((p) => p.join(''));
  it('start under the first underlined character and span its columns, for any line up to 300 columns', () => {
    fc.assert(
      fc.property(line, line, fc.nat(), fc.nat(), (before, marked, a, b) => {
        const text = before + marked;
        const chars = [...text];
        // Start and end on character boundaries inside `marked`.
        const skip = [...before].length;
        const count = [...marked].length;
        const s = skip + (a % count);
        const e = s + 1 + (b % (skip + count - s));
        const start = chars.slice(0, s).join('').length;
        const end = chars.slice(0, e).join('').length;
        const r = fixtureResult();
        const file = 'p.sh';
        r.sources.set(file, new SourceFile(file, `x\n${text}\ny\n`));
        r.findings = [{ ...r.findings[0], location: { file, startLine: 2, startColumn: start + 1, endLine: 2, endColumn: end + 1 } }];
        r.errors = [];
        r.suppressions = [];
        const out = renderText(r, { color: false }).split('\n');
        const i = out.findIndex((l) => l.startsWith('      > 2 | '));
        const shown = out[i].slice('      > 2 | '.length);
        const carets = out[i + 1].slice('          | '.length);
        const lead = carets.indexOf('^');
        const width = carets.length - lead;
        // The shown text is the line, or a window of it that starts with `…` when cut.
        let from = text.length > FRAME_WIDTH ? Math.max(0, Math.min(start - 40, text.length - FRAME_WIDTH)) : 0;
        if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from])) from--;
        expect(shown.startsWith('…')).toBe(from > 0);
        const cutAt = from > 0 ? from - 1 : 0;
        const shownBefore = shown.slice(0, start - cutAt);
        expect(lead).toBe(displayWidth(shownBefore));
        expect(width).toBe(Math.max(1, displayWidth(shown.slice(start - cutAt, end - cutAt).replace(/…$/, ''))));
      }),
      { numRuns: 150 },
    );
  });
});

describe('pointers and compliance reasons (live audit QA round 16)', () => {
  it('SARIF results carry the JSON pointer of an inspect finding in their properties', async () => {
    const text = '[{"Id": "0123456789abcdef0123", "Name": "/web", "HostConfig": {"Privileged": true}, "Config": {"Image": "nginx:1.27"}}]\n';
    const r = await auditSources([{ path: 'inspect.json', text, kind: 'inspect' }], { env: {} });
    const sarif = JSON.parse(renderSarif(r)) as { runs: { results: { ruleId: string; properties: { pointer?: string; target: { id?: string } } }[] }[] };
    const priv = sarif.runs[0].results.find((x) => x.ruleId === 'BW-0001')!;
    expect([priv.properties.pointer, priv.properties.target.id]).toEqual(['/HostConfig/Privileged', '0123456789abcdef0123']);
  });

});
