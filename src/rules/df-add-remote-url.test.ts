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
