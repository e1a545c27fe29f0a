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

// QA (real-world Dockerfiles): sshd started through the init tools in a shell-form CMD.
ruleTester(rule, {
  valid: [{ kind: 'dockerfile', code: 'FROM ubuntu\nCMD service nginx start && tail -f /dev/null\n', name: 'another service' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM ubuntu\nCMD service ssh start && tail -f /dev/null\n',
      errors: [{ line: 2, column: 5, endColumn: 22, severity: 'medium', data: { command: 'sshd' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nENTRYPOINT ["/bin/sh", "-c", "rc-service sshd start && exec crond -f"]\n',
      errors: [{ line: 2, column: 42, endColumn: 46, data: { command: 'sshd' } }],
    },
  ],
});
