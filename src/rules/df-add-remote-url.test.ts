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
