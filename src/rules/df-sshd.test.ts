import { ruleTester } from './tester.js';
import rule from './df-sshd.js';

// R-G9, CIS 1.6.0 5.6.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine\nEXPOSE 8022 2222 80\nRUN apk add --no-cache openssh-client\n' },
    { kind: 'dockerfile', code: 'FROM alpine\n# EXPOSE 22\nCMD ["sshd-wrapper"]\n' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM ubuntu\nRUN apt-get install -y --no-install-recommends openssh-server\nEXPOSE 80 22/tcp\nCMD ["/usr/sbin/sshd", "-D"]\n',
      errors: [
        { line: 2, column: 48, endColumn: 62, severity: 'medium', data: { package: 'openssh-server' } },
        { line: 3, column: 11, endColumn: 17, data: { port: '22' } },
        { line: 4, column: 17, endColumn: 21, data: { command: 'sshd' } },
      ],
    },
  ],
});
