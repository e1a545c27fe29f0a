import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../engine/types.js';
import { SourceFile } from '../model/source.js';
import { fixtureResult } from './fixture.js';
import { condense, printable, renderText } from './text.js';

const EXPECTED = `compose.yaml
  service web
    3:12  medium (unknown)  image nginx:latest is not pinned by digest  BW-0004 image-not-pinned
      fix: image: nginx@sha256:…
        2 |   web:
      > 3 |     image: nginx:latest
          |            ^^^^^^^^^^^^
        4 |     privileged: true

    4:5   critical          container runs privileged  BW-0001 privileged-container
      fix: privileged: false  # or remove the key  · CIS 1.6.0 5.4; 1.8.0 5.5
        3 |     image: nginx:latest
      > 4 |     privileged: true
          |     ^^^^^^^^^^^^^^^^
        5 |     environment:

    6:7   high              secret DB_PASSWORD is written in the environment  BW-0003 secret-in-environment
      fix: secrets: - db_password  · CIS 1.6.0 4.10
        5 |     environment:
      > 6 |       DB_PASSWORD: ********
          |       ^^^^^^^^^^^^^^^^^^^^^
        7 |   db:

  service db
    8:12  low               image postgres:16 is not pinned by digest  BW-0004 image-not-pinned
      fix: image: nginx@sha256:…
        7 |   db:
      > 8 |     image: postgres:16
          |            ^^^^^^^^^^^

deploy.sh
  run nginx
    3:23  high  capability SYS_ADMIN added  BW-0002 dangerous-capability
      fix: --cap-drop ALL  · CIS 1.6.0 5.3
        2 | set -e
      > 3 | \tdocker run --cap-add SYS_ADMIN nginx
          | \t                     ^^^^^^^^^

input errors
  broken.yaml:2:3  error  bad indentation of a mapping entry  parse

suppressions
  deploy.sh:2  unused suppression  BW-0001  CI runner needs it

✖ 5 findings (1 critical, 2 high, 1 medium, 1 low) in 3 files, 3 targets · 1 input error · 1 suppressed
`;

function emptyResult(files: number): AuditResult {
  const r = {
    schemaVersion: '1.0.0',
    tool: { name: 'bulwark' as const, version: '0.1.0' },
    findings: [],
    errors: [],
    files: [],
    suppressions: [],
    rules: [],
    summary: { files, targets: 0, findings: 0, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, suppressed: 0 },
  } as Omit<AuditResult, 'sources'> as AuditResult;
  Object.defineProperty(r, 'sources', { value: new Map(), enumerable: false });
  return r;
}

describe('renderText', () => {
  it('groups by file and target, with code frames, errors, suppressions and the summary (no colour)', () => {
    expect(renderText(fixtureResult(), { color: false })).toBe(EXPECTED);
  });

  it('colours by severity and keeps the same text once ANSI codes are stripped', () => {
    const out = renderText(fixtureResult(), { color: true });
    // critical: bold red; high: red; medium: yellow; low: cyan.
    expect(out).toContain('\x1b[1m\x1b[31mcritical\x1b[39m\x1b[22m');
    expect(out).toContain('\x1b[31mhigh\x1b[39m');
    expect(out).toContain('\x1b[33mmedium\x1b[39m\x1b[2m (unknown)\x1b[22m');
    expect(out).toContain('\x1b[36mlow\x1b[39m');
    expect(out.replace(/\x1b\[[0-9;]*m/g, '')).toBe(EXPECTED);
  });

  it('says so when there is nothing to report', () => {
    expect(renderText(emptyResult(1), { color: false })).toBe('✔ no findings in 1 file\n');
    expect(renderText(emptyResult(4), { color: false })).toBe('✔ no findings in 4 files\n');
  });

  it('marks the first line of a multi-line range to its end, and a zero-width range with one caret', () => {
    const r = fixtureResult();
    const f = r.findings[1];
    f.location = { file: 'compose.yaml', startLine: 4, startColumn: 17, endLine: 6, endColumn: 3 };
    r.findings = [f];
    expect(renderText(r, { color: false })).toContain('      > 4 |     privileged: true\n          |                 ^^^^\n');
    f.location = { file: 'compose.yaml', startLine: 2, startColumn: 3, endLine: 2, endColumn: 3 };
    expect(renderText(r, { color: false })).toContain('      > 2 |   web:\n          |   ^\n');
  });

  it('prints no frame for a file without source text, and shows absolute paths relative to cwd', () => {
    const r = fixtureResult();
    const f = r.findings[4];
    f.location = { ...f.location, file: '/srv/app/other.sh' };
    r.findings = [f];
    r.errors = [{ file: '/srv/app/x.yaml', message: 'cannot read', code: 'read' }];
    r.suppressions = [];
    const out = renderText(r, { color: false, cwd: '/srv/app' });
    expect(out.split('\n').slice(0, 5)).toEqual([
      'other.sh',
      '  run nginx',
      '    3:23  high  capability SYS_ADMIN added  BW-0002 dangerous-capability',
      '      fix: --cap-drop ALL  · CIS 1.6.0 5.3',
      '',
    ]);
    expect(out).toContain('\ninput errors\n  x.yaml  error  cannot read  read\n');
    r.notes = [{ file: '/srv/app/image.tar', message: 'not in the archive, not verified: linux/arm64 manifest sha256:ab\u001b[2J', code: 'verify-not-in-archive' }];
    expect(renderText(r, { color: false, cwd: '/srv/app' })).toContain('\ninput errors\n  x.yaml  error  cannot read  read\n\nnotes\n  image.tar  note  not in the archive, not verified: linux/arm64 manifest sha256:ab\u241b[2J  verify-not-in-archive\n');
  });

  it('lists unused suppressions unless a suppression-directive finding already reports them', () => {
    const r = fixtureResult();
    r.suppressions = [
      { file: 'compose.yaml', line: 3, rules: [], reason: '', used: false },
      { file: 'compose.yaml', line: 5, rules: ['user-not-set'], reason: '', used: false },
      { file: 'compose.yaml', line: 7, rules: ['user-not-set'], reason: 'reported', used: false },
      { file: 'compose.yaml', line: 8, rules: ['user-not-set'], reason: 'used', used: true },
    ];
    r.findings.push({
      ...r.findings[0],
      ruleId: 'BW-0000',
      slug: 'suppression-directive',
      target: { kind: 'file', name: 'compose.yaml' },
      location: { file: 'compose.yaml', startLine: 7, startColumn: 3, endLine: 7, endColumn: 6 },
    });
    expect(renderText(r, { color: false })).toContain(
      '\nsuppressions\n  compose.yaml:3  suppression names no rule  all rules\n' +
        '  compose.yaml:5  suppression without a reason  user-not-set\n\n✖',
    );
  });

  it('does not call a directive for rules that did not run unused (was: "unused suppression" after --ignore host-pid)', () => {
    const r = fixtureResult();
    r.suppressions = [
      { file: 'compose.yaml', line: 3, rules: ['host-pid'], reason: 'turned off with --ignore', used: false },
      { file: 'compose.yaml', line: 5, rules: ['host-pid', 'privileged-container'], reason: 'one of them ran', used: false },
    ];
    expect(renderText(r, { color: false })).toContain('\nsuppressions\n  compose.yaml:5  unused suppression  host-pid, privileged-container  one of them ran\n\n✖');
  });

  it('frames lines with CRLF endings without the carriage return', () => {
    const r = fixtureResult();
    const src = new SourceFile('crlf.yaml', 'services:\r\n  web:\r\n    privileged: true\r\n');
    (r.sources as Map<string, SourceFile>).set('crlf.yaml', src);
    const f = { ...r.findings[1], location: src.location({ start: src.text.indexOf('privileged'), end: src.text.indexOf('true') + 4 }) };
    f.location.file = 'crlf.yaml';
    r.findings = [f];
    const out = renderText(r, { color: false });
    expect(out).toContain('      > 3 |     privileged: true\n          |     ^^^^^^^^^^^^^^^^\n');
    expect(out).not.toContain('\r');
  });

  it('cuts a long line beside a short marked line at FRAME_WIDTH (was: the 300-character command printed whole)', () => {
    const r = fixtureResult();
    const cmd = `    command: ["sh", "-c", "${'x'.repeat(300)}"]`;
    const src = new SourceFile('long.yaml', `services:\n  web:\n${cmd}\n    privileged: true\n`);
    (r.sources as Map<string, SourceFile>).set('long.yaml', src);
    const f = { ...r.findings[1], location: src.location({ start: src.text.indexOf('true'), end: src.text.indexOf('true') + 4 }) };
    f.location.file = 'long.yaml';
    r.findings = [f];
    expect(renderText(r, { color: false })).toContain(`        3 | ${cmd.slice(0, 160)}…\n      > 4 |     privileged: true\n          |                 ^^^^\n`);
  });
});

describe('terminal safety', () => {
  it('shows control characters from inputs as visible pictures, never as escape sequences', () => {
    const r = fixtureResult();
    r.findings[0].message = 'secret in DB_PASSWORD\x1b]0;pwned\x07\x1b[2J here';
    r.findings[0].target = { kind: 'service', name: 'web\x1b[31m' };
    const out = renderText(r, { color: false });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain('secret in DB_PASSWORD␛]0;pwned␇␛[2J here');
    expect(printable('a\tb\x7f\x9b')).toBe('a\tb\u2421\ufffd');
  });
});

// QA (cli): BW-0107's fix is a comment line above the FROM (a Dockerfile has no trailing comments); on the finding's
// line the FROM comes first, so that the cut at FIX_WIDTH keeps the code.
describe('condense', () => {
  it('puts comment lines that open a snippet after its code; a comment-only snippet stays as it is', () => {
    expect(condense('# digest: docker buildx imagetools inspect gcr.io/distroless/static:nonroot; verify with cosign verify\nFROM gcr.io/distroless/static:nonroot@sha256:<digest> AS final')).toEqual({
      text: 'FROM gcr.io/distroless/static:nonroot@sha256:<digest> AS final; # digest: docker buildx imagetools inspect',
      more: ' …',
    });
    expect(condense('# remove EXPOSE 22 and the SSH server; use docker exec for access')).toEqual({ text: '# remove EXPOSE 22 and the SSH server; use docker exec for access', more: '' });
    expect(condense('RUN a\n# then b\nRUN b')).toEqual({ text: 'RUN a; # then b; RUN b', more: '' });
  });
});
