import { ruleTester } from './tester.js';
import rule from './host-cgroupns.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'run', code: 'docker run nginx' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    cgroup: private\n' },
    { kind: 'run', code: 'docker run --cgroupns private nginx' },
    { kind: 'inspect', name: 'inspect: CgroupnsMode private', code: JSON.stringify([{ Id: 'b2', Name: '/app', Config: { Image: 'nginx' }, HostConfig: { CgroupnsMode: 'private' } }]) },
    { kind: 'compose', name: 'commented out', code: 'services:\n  web:\n    image: nginx\n    # cgroup: host\n' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    cgroup: host\n', errors: [{ line: 4, column: 13, endLine: 4, endColumn: 17, target: 'web', severity: 'low', certainty: 'definite', data: { mode: 'host' } }] },
    { kind: 'compose', name: 'quoted', code: 'services:\n  web:\n    image: nginx\n    cgroup: "host"\n', errors: [{ line: 4, column: 13, endColumn: 19, severity: 'low', data: { mode: 'host' } }] },
    { kind: 'compose', name: 'unresolved is unknown', code: 'services:\n  web:\n    image: nginx\n    cgroup: ${NS}\n', errors: [{ line: 4, column: 13, endColumn: 18, certainty: 'unknown', message: 'unset variable' }] },
    { kind: 'run', code: 'docker run --cgroupns host --name app nginx', errors: [{ line: 1, column: 12, endLine: 1, endColumn: 27, target: 'app', severity: 'low', data: { mode: 'host' } }] },
    {
      kind: 'inspect',
      name: 'inspect: CgroupnsMode host is the cgroup v1 default: info',
      code: '[\n  {\n    "Id": "b1",\n    "Name": "/app",\n    "Config": { "Image": "nginx" },\n    "HostConfig": { "CgroupnsMode": "host" }\n  }\n]\n',
      errors: [{ line: 6, column: 37, endLine: 6, endColumn: 43, target: 'app', severity: 'info', certainty: 'definite', message: "CgroupnsMode host is dockerd's default on cgroup v1 hosts", data: { mode: 'host' } }],
    },
    { kind: 'run', code: 'docker run --cgroupns=host --name app nginx', errors: [{ line: 1, column: 12, endLine: 1, endColumn: 27, target: 'app', severity: 'low', data: { mode: 'host' } }] },
  ],
});
