import { ruleTester } from './tester.js';
import rule from './selinux-disabled.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'compose', name: 'a custom type is honoured', code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - label=type:my_container_t\n      - label:level:s0:c100,c200\n' },
    { kind: 'run', name: ':Z relabel is not a downgrade', code: 'docker run -v /srv/gitlab-runner/config:/etc/gitlab-runner:Z gitlab/gitlab-runner:latest' },
    {
      kind: 'inspect',
      name: 'inspect: privileged, Docker added label=disable itself (reported by privileged)',
      code: JSON.stringify([{ Id: 'a1', Name: '/web', Config: { Image: 'nginx' }, HostConfig: { Privileged: true, SecurityOpt: ['label=disable'] } }], null, 2),
    },
    {
      kind: 'inspect',
      name: 'inspect: host PID and host IPC, Docker added label=disable itself',
      code: JSON.stringify([
        { Id: 'a2', Name: '/pid', Config: { Image: 'nginx' }, HostConfig: { PidMode: 'host', SecurityOpt: ['label=disable'] } },
        { Id: 'a3', Name: '/ipc', Config: { Image: 'nginx' }, HostConfig: { IpcMode: 'host', SecurityOpt: ['label=disable'] } },
      ], null, 2),
    },
  ],
  invalid: [
    {
      kind: 'inspect',
      name: 'inspect: label=disable on an ordinary container is reported',
      code: '[\n  {\n    "Id": "a4",\n    "Name": "/web",\n    "Config": { "Image": "nginx" },\n    "HostConfig": { "PidMode": "", "SecurityOpt": ["label=disable"] }\n  }\n]\n',
      errors: [{ line: 6, column: 52, endColumn: 67, target: 'web', severity: 'high', data: { option: 'label=disable' } }],
    },
    {
      kind: 'inspect',
      name: 'inspect: privileged with type:spc_t is still reported',
      code: '[\n  {\n    "Id": "a5",\n    "Name": "/web",\n    "Config": { "Image": "nginx" },\n    "HostConfig": { "Privileged": true, "SecurityOpt": ["label=disable", "label=type:spc_t"] }\n  }\n]\n',
      errors: [{ line: 6, column: 74, endColumn: 92, target: 'web', message: 'super-privileged', data: { option: 'label=type:spc_t' } }],
    },
    {
      kind: 'compose',
      name: 'compose: privileged with a hand-written label=disable is still reported',
      code: 'services:\n  web:\n    image: nginx\n    privileged: true\n    security_opt:\n      - label=disable\n',
      errors: [{ line: 6, column: 9, endColumn: 22, data: { option: 'label=disable' } }],
    },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - label:disable\n      - label=type:spc_t\n',
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 22, target: 'web', severity: 'high', data: { option: 'label:disable' } },
        { line: 6, column: 9, endColumn: 25, severity: 'high', data: { option: 'label=type:spc_t' }, message: 'super-privileged' },
      ],
    },
    {
      // qa3: the runtime's own domain and unconfined_t confine nothing either; container_t and MCS levels do.
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - label=type:container_runtime_t\n      - "label:type:unconfined_t"\n  ok:\n    image: nginx\n    security_opt: [label=type:container_t, "label=level:s0:c100,c200"]\n',
      errors: [
        { line: 5, column: 9, endColumn: 39, target: 'web', severity: 'high', data: { option: 'label=type:container_runtime_t' }, message: 'unconfined domain' },
        { line: 6, column: 9, endColumn: 34, target: 'web', severity: 'high', data: { option: 'label:type:unconfined_t' }, message: 'unconfined domain' },
      ],
    },
    {
      kind: 'run',
      code: 'docker run --security-opt label=disable fedora',
      errors: [{ line: 1, column: 12, endColumn: 40, target: 'fedora', severity: 'high', data: { option: 'label=disable' } }],
    },
  ],
});
