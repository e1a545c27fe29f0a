import { ruleTester } from './tester.js';
import rule from './df-remote-script-pipe.js';

// R-P, R-G1; corpus jenkins-agent line 4 (REMOTE_FETCH(curl | bash -), info only).
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine\nRUN curl -fsSLo /tmp/x https://example.com/x && sha256sum -c x.sha256\n' },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN curl -fsSL https://example.com/key | gpg --dearmor -o /usr/share/keyrings/x.gpg\n' },
    { kind: 'dockerfile', code: 'FROM alpine\n# RUN curl https://x | sh\nRUN cat a | sh\n' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM ubi8\nRUN curl --silent --location https://rpm.nodesource.com/setup_current.x | bash -\n',
      errors: [{ line: 2, column: 5, endColumn: 81, severity: 'info', data: { command: 'curl | bash -' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian\nRUN set -eux; \\\n    wget -qO- https://x/key.asc | apt-key add - && \\\n    wget -O - https://get.example.sh | sudo sh\n',
      errors: [
        { line: 3, column: 5, endColumn: 48, data: { command: 'wget | apt-key add -' } },
        { line: 4, column: 5, endColumn: 47, data: { command: 'wget | sh' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian\nRUN <<EOF\ncurl -s https://x | python3\nEOF\n',
      errors: [{ line: 3, column: 1, endColumn: 28, data: { command: 'curl | python3' } }],
    },
  ],
});
