import { ruleTester } from './tester.js';
import rule from './sshd-port-published.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    ports:\n      - "2222:2222"\n      - "22:80"\n' },
    { kind: 'run', code: 'docker run -p 8022:8080 nginx' },
    { kind: 'run', name: 'an SSH client is not a server', code: 'docker run alpine ssh -p 22 host' },
    { kind: 'run', name: 'sshd as an argument, not the program', code: 'docker run alpine echo sshd' },
    { kind: 'compose', name: 'a script that does not start sshd', code: 'services:\n  box:\n    image: x\n    command: ["sh", "-c", "echo sshd_config"]\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'services:\n  box:\n    image: x\n    ports:\n      - "2222:22"\n    expose:\n      - "22"\n',
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 18, target: 'box', severity: 'medium', data: { port: '2222', containerPort: '22' } },
        { line: 7, column: 9, endColumn: 13, severity: 'medium', data: { containerPort: '22' } },
      ],
    },
    {
      kind: 'run',
      code: 'docker run -p 22:22 --expose 20-25 box',
      errors: [
        { line: 1, column: 12, endColumn: 20, target: 'box', severity: 'medium', data: { port: '22', containerPort: '22' } },
        { line: 1, column: 21, severity: 'medium', data: { containerPort: '20-25' } },
      ],
    },
    // QA (live): CIS 5.7 passed for a container whose command was /usr/sbin/sshd.
    { kind: 'run', code: 'docker run box /usr/sbin/sshd -D', errors: [{ line: 1, column: 16, endColumn: 33, target: 'box', severity: 'medium', message: "the container's command runs an SSH daemon (/usr/sbin/sshd)", data: { program: '/usr/sbin/sshd' } }] },
    { kind: 'compose', code: 'services:\n  box:\n    image: x\n    entrypoint: ["/sbin/tini", "--", "dropbear", "-F"]\n', errors: [{ line: 4, column: 17, endColumn: 55, target: 'box', severity: 'medium', data: { program: 'dropbear' } }] },
    { kind: 'compose', code: 'services:\n  box:\n    image: x\n    command: ["bash", "-c", "ssh-keygen -A && exec /usr/sbin/sshd -D"]\n', errors: [{ line: 4, column: 14, endColumn: 71, target: 'box', severity: 'medium', data: { program: '/usr/sbin/sshd' } }] },
    {
      kind: 'inspect',
      code: '[{"Id": "c1c1", "Name": "/ssh", "Path": "/usr/sbin/sshd", "Args": ["-D"], "Config": {"Image": "x", "Cmd": ["/usr/sbin/sshd", "-D"]}, "HostConfig": {}}]\n',
      errors: [{ line: 1, column: 107, target: 'ssh', severity: 'medium', data: { program: '/usr/sbin/sshd' } }],
    },
  ],
});
