import { ruleTester } from './tester.js';
import rule from './exec-privileged.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', name: 'hook without privileged', code: 'services:\n  app:\n    image: app:1\n    post_start:\n      - command: ./init.sh\n        user: root\n' },
    { kind: 'compose', name: 'privileged: false', code: 'services:\n  app:\n    image: app:1\n    pre_stop:\n      - command: ./flush.sh\n        privileged: false\n' },
    { kind: 'compose', name: 'the container is privileged anyway (BW-0001)', code: 'services:\n  app:\n    image: app:1\n    privileged: true\n    post_start:\n      - command: ./init.sh\n        privileged: true\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'compose-spec example: post_start with user root and privileged',
      code: 'services:\n  test:\n    image: app:1\n    cap_drop: [ALL]\n    post_start:\n      - command: ./do_something_on_startup.sh\n        user: root\n        privileged: true\n        environment:\n          - FOO=BAR\n',
      errors: [
        {
          line: 8, column: 21, endLine: 8, endColumn: 25, target: 'test', severity: 'high', data: { hook: 'post_start' },
          message: 'post_start hook "./do_something_on_startup.sh" runs with every capability (docker exec --privileged), CAP_SYS_ADMIN included',
        },
      ],
    },
    {
      kind: 'compose',
      name: 'pre_stop, string command, flow mapping',
      code: 'services:\n  db:\n    image: postgres:16\n    pre_stop:\n      - { command: "pg_ctl stop -m fast", privileged: true }\n',
      errors: [{ line: 5, column: 55, endColumn: 59, target: 'db', message: 'pre_stop hook "pg_ctl stop -m fast" runs with every capability' }],
    },
    {
      kind: 'compose',
      name: 'an unset variable is unknown',
      code: 'services:\n  app:\n    image: app:1\n    post_start:\n      - command: ["sh", "-c", "sysctl -w net.core.somaxconn=1024"]\n        privileged: ${HOOK_PRIV}\n',
      errors: [{ line: 6, column: 21, target: 'app', certainty: 'unknown', message: 'post_start hook "sh -c sysctl -w net.core.somaxconn=1024" may run privileged' }],
    },
  ],
});
