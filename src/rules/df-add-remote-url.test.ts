import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { ruleTester } from './tester.js';
import rule from './df-add-remote-url.js';

// R-P, R-G1, CIS 1.6.0 4.9.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tgz /a\n' },
    { kind: 'dockerfile', code: 'FROM alpine\nADD app.tar.gz /app\nCOPY https.txt /x\n' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nADD https://example.com/tool.tgz /opt/\n',
      errors: [{ line: 2, column: 5, endColumn: 33, severity: 'info', data: { url: 'https://example.com/tool.tgz' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine AS b\nadd --chown=1:1 git@github.com:moby/buildkit.git /src\nFROM alpine\n',
      errors: [{ line: 2, column: 17, data: { url: 'git@github.com:moby/buildkit.git' } }],
    },
  ],
});

// QA round 5: exec (JSON) form: the URL is the array element, not the quoted text with its comma.
ruleTester(rule, {
  valid: [{ kind: 'dockerfile', code: 'FROM alpine\nADD ["local.tgz", "/https://x"]\n', name: 'JSON form, destination is never a source' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nADD ["https://example.com/a b.txt", "https://example.com/c.tgz", "/x/"]\nADD "https://example.com/q.tgz" /y\n',
      errors: [
        { line: 2, column: 7, endColumn: 34, data: { url: 'https://example.com/a b.txt' } },
        { line: 2, column: 38, endColumn: 63, data: { url: 'https://example.com/c.tgz' } },
        { line: 3, column: 6, endColumn: 31, data: { url: 'https://example.com/q.tgz' } },
      ],
    },
  ],
});

// QA round 9 (real-world Dockerfiles): ADD of a git repository is pinned by a commit, not by --checksum.
ruleTester(rule, {
  valid: [
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nADD https://github.com/moby/buildkit.git#7bd6d3e2b3a3f1b8a47b2e1c0f3d8e9a1b2c3d4e:frontend /src\nADD https://github.com/moby/moby.git?tag=v27.0.1&checksum=ff1e2c0d /moby\n',
      name: 'git source pinned to a commit (fragment, checksum query)',
    },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.10.1 /buildkit\nADD git@github.com:user/repo.git /src/repo\n',
      errors: [
        { line: 2, column: 25, endColumn: 69, severity: 'info', message: 'ADD clones git repository https://github.com/moby/buildkit.git#v0.10.1 at ref v0.10.1, not pinned to a commit' },
        { line: 3, column: 5, endColumn: 33, message: 'at its default branch, not pinned to a commit', data: { url: 'git@github.com:user/repo.git' } },
      ],
    },
  ],
});

// QA: an `ONBUILD ADD <url>` trigger downloads in every image built FROM this one; it was not reported.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine:3.20\nONBUILD ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/x.tgz /x.tgz\nONBUILD ADD ./local /x\nUSER 1000\n', name: 'ONBUILD ADD with --checksum, local ADD' },
    { kind: 'dockerfile', code: 'FROM alpine:3.20 AS b\nONBUILD ADD https://example.com/x.tgz /x.tgz\nFROM alpine:3.20\nUSER 1000\n', name: 'trigger of an earlier stage' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.20\nONBUILD RUN curl -sSL https://install.example.com | sh\nONBUILD RUN chmod u+s /usr/bin/find\nONBUILD ADD https://example.com/x.tgz /x.tgz\nUSER 1000\n',
      errors: [{ line: 4, column: 13, endLine: 4, endColumn: 38, severity: 'info', data: { url: 'https://example.com/x.tgz' } }],
    },
  ],
});

describe('ONBUILD ADD triggers (QA)', () => {
  it('are reported at the URL, worded as what images built FROM this one do', async () => {
    const text = [
      'FROM alpine:3.20',
      'ONBUILD ADD https://example.com/x.tgz /x.tgz',
      'onbuild add --chown=1:1 https://github.com/o/r.git#v1.2 /src',
      'ONBUILD ADD ["https://user:s3cretpass@example.com/a b.txt", "/dst/"]',
      'ONBUILD ADD https://github.com/o/r.git#0c9e1119231a0efd485e3d25a20dd584074ff51f /pinned',
      'USER 1000',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'Dockerfile', text }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0105').map((f) => `${f.location.startLine}:${f.location.startColumn}-${f.location.endColumn} ${f.severity} ${f.message}`)).toEqual([
      '2:13-38 info ONBUILD trigger ADD https://example.com/x.tgz: images built FROM this one download it without --checksum',
      '3:25-56 info ONBUILD trigger ADD https://github.com/o/r.git#v1.2: images built FROM this one clone the git repository at ref v1.2, not pinned to a commit',
      '4:15-58 info ONBUILD trigger ADD https://user:****@example.com/a b.txt: images built FROM this one download it without --checksum',
    ]);
  });
});
