import { ruleTester } from './tester.js';
import rule from './user-not-set.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    user: "10001:10001"\n' },
    { kind: 'compose', name: 'root is user-root, not user-not-set', code: 'services:\n  web:\n    image: nginx\n    user: root\n' },
    { kind: 'compose', name: 'resolved from env', code: 'services:\n  web:\n    image: nginx\n    user: ${UID}\n', env: { UID: '1000' } },
    { kind: 'run', code: 'docker run -u 1000 nginx' },
    { kind: 'run', code: 'docker run --user=nobody nginx' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'services:\n  portainer:\n    image: portainer/portainer-ce:latest\n',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 12, target: 'portainer', severity: 'medium', certainty: 'unknown', data: {} }],
    },
    {
      kind: 'compose',
      name: 'DOCKER_USR=root is an application variable, still no user',
      code: 'services:\n  netdata:\n    image: netdata/netdata\n    environment:\n      - DOCKER_USR=root\n',
      errors: [{ line: 2, column: 3, target: 'netdata', certainty: 'unknown' }],
    },
    {
      kind: 'compose',
      name: 'unresolved user is unknown and low',
      code: 'services:\n  web:\n    image: nginx\n    user: ${UID}\n',
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 17, severity: 'low', certainty: 'unknown', data: { user: '${UID}' }, message: 'unset variable' }],
    },
    {
      kind: 'run',
      code: 'docker run -d --name=netdata netdata/netdata',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 7, target: 'netdata', severity: 'medium', certainty: 'unknown' }],
    },
    {
      kind: 'run',
      code: 'docker run --user "$UID" nginx',
      errors: [{ line: 1, column: 12, endColumn: 25, target: 'nginx', severity: 'low', certainty: 'unknown' }],
    },
  ],
});
