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
      name: 'QA: an EXPOSE range that holds 22 and the PAM build of the Alpine SSH server; 8000-8080 is not SSH',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache openssh-server-pam\nEXPOSE 20-25 8000-8080/tcp\n',
      errors: [
        { line: 2, column: 24, severity: 'medium', data: { package: 'openssh-server-pam' } },
        { line: 3, column: 8, endColumn: 13, severity: 'medium', data: { port: '22' }, message: 'EXPOSE 20-25: the range holds port 22, the image offers SSH' },
      ],
    },
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

// QA round 2 (real-world sshd images): PermitRootLogin yes written by sed, echo >> or a COPY heredoc.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: "FROM alpine\nRUN sed -i 's/^#\\?PermitRootLogin.*/PermitRootLogin no/' /etc/ssh/sshd_config\nRUN echo 'PermitRootLogin prohibit-password' >> /etc/ssh/sshd_config\n", name: 'no / prohibit-password' },
    { kind: 'dockerfile', code: "FROM alpine\nRUN sed -i 's/PermitRootLogin yes/#PermitRootLogin yes/' /etc/ssh/sshd_config\n", name: 'sed pattern side and a commented replacement' },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN true \\\n#  && echo "PermitRootLogin yes" >> /etc/ssh/sshd_config \\\n && true\n', name: 'comment line inside a continuation' },
    { kind: 'dockerfile', code: "FROM alpine AS dev\nRUN echo 'PermitRootLogin yes' >> /etc/ssh/sshd_config\nFROM alpine\nCOPY --from=dev /x /x\n", name: 'stage not shipped' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: "FROM ubuntu:22.04\nRUN sed -i 's/#PermitRootLogin prohibit-password/PermitRootLogin yes/' /etc/ssh/sshd_config\n",
      errors: [{ line: 2, column: 50, endColumn: 69, severity: 'medium', data: { setting: 'PermitRootLogin yes' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian\r\nRUN apt-get update && \\\r\n    echo "PermitRootLogin yes" >> /etc/ssh/sshd_config\r\n',
      errors: [{ line: 3, column: 11, endColumn: 30, data: { setting: 'PermitRootLogin yes' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM ubuntu\nCOPY <<EOF /etc/ssh/sshd_config.d/root.conf\npermitrootlogin=yes\nEOF\n',
      errors: [{ line: 3, column: 1, endColumn: 20, data: { setting: 'PermitRootLogin yes' } }],
    },
  ],
});

// QA round 2: EXPOSE substitutes ARG/ENV values.
ruleTester(rule, {
  valid: [{ kind: 'dockerfile', code: 'FROM alpine\nARG PORT=2222\nEXPOSE ${PORT}\nEXPOSE $UNSET\n', name: 'another port; an unknown value' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'ARG SSH_PORT=22\nFROM ubuntu AS base\nARG SSH_PORT\nEXPOSE 80 ${SSH_PORT}/tcp\nFROM base\nUSER app\n',
      errors: [{ line: 4, column: 11, endColumn: 26, severity: 'medium', data: { port: '22' } }],
    },
  ],
});

// QA round 5: `EXPOSE 22/udp` is not SSH (sshd listens on TCP); `22/tcp` and plain `22` are.
ruleTester(rule, {
  valid: [{ kind: 'dockerfile', code: 'FROM alpine\nEXPOSE 2222 8022/tcp 22/udp 22222\n', name: '22/udp and other ports' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nEXPOSE 22/udp 22/tcp\n',
      errors: [{ line: 2, column: 15, endColumn: 21, data: { port: '22' } }],
    },
  ],
});
