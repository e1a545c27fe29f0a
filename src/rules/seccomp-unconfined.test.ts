import { ruleTester } from './tester.js';
import rule from './seccomp-unconfined.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', name: 'no security_opt is the default profile, not unconfined', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - seccomp=./profile.json\n      - no-new-privileges:true\n' },
    { kind: 'compose', name: 'commented out', code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      # - seccomp:unconfined\n      - no-new-privileges\n' },
    { kind: 'run', code: 'docker run --security-opt seccomp=/etc/docker/seccomp.json nginx' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'mysql: colon form, list item at the same indentation as its key',
      code: 'services:\n  db:\n    image: mysql:8\n    security_opt:\n    - seccomp:unconfined\n',
      errors: [{ line: 5, column: 7, endLine: 5, endColumn: 25, target: 'db', severity: 'high', data: { option: 'seccomp:unconfined' } }],
    },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    security_opt: ["seccomp=unconfined"]\n',
      errors: [{ line: 4, column: 20, endColumn: 40, severity: 'high', data: { option: 'seccomp=unconfined' } }],
    },
    {
      kind: 'compose',
      name: 'unresolved profile is unknown',
      code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - seccomp=${PROFILE}\n',
      errors: [{ line: 5, column: 9, certainty: 'unknown', message: 'unset variable' }],
    },
    {
      kind: 'run',
      code: 'docker run --security-opt seccomp=unconfined nginx',
      errors: [{ line: 1, column: 12, endLine: 1, endColumn: 45, target: 'nginx', severity: 'high', data: { option: 'seccomp=unconfined' } }],
    },
    {
      kind: 'run',
      code: 'docker run --security-opt=seccomp:unconfined --name db mysql',
      errors: [{ line: 1, column: 12, endColumn: 45, target: 'db', data: { option: 'seccomp:unconfined' } }],
    },
  ],
});
