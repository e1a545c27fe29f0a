import { ruleTester } from './tester.js';
import rule from './exec-privileged.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', name: 'hook without privileged', code: 'services:\n  app:\n    image: app:1\n    post_start:\n      - command: ./init.sh\n        user: root\n' },
    { kind: 'compose', name: 'privileged: false', code: 'services:\n  app:\n    image: app:1\n    pre_stop:\n      - command: ./flush.sh\n        privileged: false\n' },
    { kind: 'compose', name: 'the container is privileged anyway (BW-0001)', code: 'services:\n  app:\n    image: app:1\n    privileged: true\n    post_start:\n      - command: ./init.sh\n        privileged: true\n' },
    { kind: 'run', name: 'docker exec without --privileged; --privileged=false', code: 'docker exec -it web sh\ndocker exec --privileged=false web sh\n' },
    { kind: 'run', name: 'docker exec into a container the script runs privileged (BW-0001)', code: 'docker run -d --name w --privileged app:1\ndocker exec --privileged w sh\n' },
  ],
  invalid: [
    {
      kind: 'run',
      name: 'docker exec --privileged into a container the script starts: the container\'s finding',
      code: "#!/bin/sh\ndocker run -d --name web --cap-drop ALL nginx:1.27\ndocker exec --privileged -it web sh -c 'mount -t tmpfs none /mnt'\n",
      errors: [{ line: 3, column: 13, endColumn: 25, target: 'web', severity: 'high', data: { hook: 'docker-exec' }, message: 'docker exec "sh -c mount -t tmpfs none /mnt" runs with every capability' }],
    },
    {
      kind: 'run',
      name: 'docker exec --privileged into a container the script does not start: the file\'s finding, naming the container',
      code: 'sudo docker container exec --privileged "$CID" ip link set eth0 up\n',
      errors: [{ line: 1, column: 28, endColumn: 40, target: 'run.sh', data: { hook: 'docker-exec', container: '$CID' }, message: 'docker exec "ip link set eth0 up" into container $CID runs with every capability' }],
    },
    {
      kind: 'markdown',
      name: 'a README: docker exec --privileged in a console block',
      code: '# Debug\n\n```console\n$ docker exec --privileged other sh\n```\n',
      errors: [{ line: 4, column: 15, target: 'README.md', data: { hook: 'docker-exec', container: 'other' }, message: 'docker exec "sh" into container other' }],
    },
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
