/**
 * Suppressions in Markdown (issue 2 "inline suppressions … on or above the line"): outside code blocks `#` is a
 * heading, so the directive is an HTML comment alone on its line, `<!-- bulwark-ignore <rule> -- <reason> -->`,
 * and it covers the whole fenced block that follows (every line of a multi-line `docker run`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../model/source.js';
import { auditSources } from './audit.js';
import { parseDirectives } from './suppress.js';

const path = 'test/fixtures/markdown-suppressions.md';
const text = readFileSync(path, 'utf8');

describe('Markdown <!-- bulwark-ignore --> directives', () => {
  it('are found outside code blocks only, each covering the block after it', () => {
    expect(parseDirectives(new SourceFile('README.md', text)).map((d) => [d.line, d.column, d.appliesTo, d.appliesToEnd, d.rules, d.reason])).toEqual([
      [3, 1, 5, 8, ['privileged-container', 'docker-socket-mounted'], 'the agent needs the engine, reviewed 2026-11'],
      [11, 1, 13, 13, ['host-network'], 'documented trade-off'],
      [16, 1, 18, 18, ['BW-0001'], ''],
    ]);
  });

  it('suppress findings on any line of the block; unused and reason-less ones are reported at their line', async () => {
    const r = await auditSources([{ path: 'README.md', text }], { env: {} });
    expect(r.summary.suppressed).toBe(2);
    expect(r.findings.filter((f) => f.target.name === 'agent' && ['BW-0001', 'BW-0013'].includes(f.ruleId))).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0000').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.message}`)).toEqual([
      '11:1 bulwark-ignore directive suppresses nothing: no host-network finding on line 13',
      '16:1 bulwark-ignore directive has no reason; write "<!-- bulwark-ignore <rule> -- <why> -->"',
    ]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0001').map((f) => `${f.target.name} ${f.location.startLine}`)).toEqual(['x 18']);
  });

  it.each([['-'], ['INSTALL.txt']])('hold for Markdown read as %s with --kind markdown (was: ignored, the findings reported)', async (p) => {
    const r = await auditSources([{ path: p, text, kind: 'markdown' }], { env: {} });
    expect(r.summary.suppressed).toBe(2);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0000').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.message}`)).toEqual([
      '11:1 bulwark-ignore directive suppresses nothing: no host-network finding on line 13',
      '16:1 bulwark-ignore directive has no reason; write "<!-- bulwark-ignore <rule> -- <why> -->"',
    ]);
  });

  it('an HTML comment in a YAML or shell file is not a directive form there', () => {
    expect(parseDirectives(new SourceFile('compose.yaml', '<!-- bulwark-ignore BW-0001 -- x -->\nservices: {}\n'))).toEqual([]);
  });
});
