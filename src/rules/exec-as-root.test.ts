import { describe, expect, it } from 'vitest';
import { ruleTester } from './tester.js';
import rule from './exec-as-root.js';
import { maskCommandSecrets } from './util/container.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', name: 'service runs as root anyway', code: 'services:\n  app:\n    image: app:1\n    user: root\n    post_start:\n      - command: ./init.sh\n        user: root\n' },
    { kind: 'compose', name: 'service user not set (the image decides)', code: 'services:\n  app:\n    image: app:1\n    post_start:\n      - command: ./init.sh\n        user: "0"\n' },
    { kind: 'compose', name: 'hook as the service user', code: 'services:\n  app:\n    image: app:1\n    user: "1000:1000"\n    post_start:\n      - command: ./init.sh\n        user: "1000"\n' },
    { kind: 'compose', name: 'hook without user', code: 'services:\n  app:\n    image: app:1\n    user: app\n    pre_stop:\n      - command: ./flush.sh\n' },
    { kind: 'run', name: 'docker exec -u root into a container of unknown user (not started here), or one that runs as root', code: 'docker exec -u root db psql\ndocker run -d --name r app:1\ndocker exec -u 0 r sh\n' },
  ],
  invalid: [
    {
      // QA (live): the message quoted the exec's command, password included.
      kind: 'run',
      name: 'a password in the exec command is masked in the message',
      code: "docker run -d --name db --user 999 mysql:8.4\ndocker exec -u root db mysql -uroot -pS3cretPw1 -e 'select 1'\n",
      errors: [{ line: 2, column: 13, target: 'db', message: 'docker exec "mysql -uroot -p********* -e select 1" runs as root (user root) in a container set to run as 999' }],
    },
    {
      kind: 'run',
      name: 'docker exec -u root (grouped -itu 0 too) into a container the script runs as a user',
      code: 'docker run -d --name web --user 1000:1000 nginx:1.27\ndocker exec -u root web chown -R www /data\ndocker exec -itu 0 web sh\n',
      errors: [
        { line: 2, column: 13, endColumn: 20, target: 'web', severity: 'low', data: { hook: 'docker-exec', user: 'root' }, message: 'docker exec "chown -R www /data" runs as root (user root) in a container set to run as 1000:1000' },
        { line: 3, column: 13, target: 'web', data: { hook: 'docker-exec', user: '0' }, message: 'docker exec "sh" runs as root (user 0)' },
      ],
    },
    {
      kind: 'markdown',
      name: 'a README: the container started in one block, the root exec in a later one',
      code: '```sh\ndocker run -d --name app --user 10001 app:1\n```\n\n```console\n$ docker exec -it -u root app sh\n```\n',
      errors: [{ line: 6, column: 19, target: 'app', data: { hook: 'docker-exec', user: 'root' }, message: 'docker exec "sh" runs as root (user root) in a container set to run as 10001' }],
    },
    {
      kind: 'compose',
      name: 'post_start as root in a service that runs as node',
      code: 'services:\n  web:\n    image: node:22\n    user: node\n    post_start:\n      - command: chown -R node /data\n        user: root\n',
      errors: [{ line: 7, column: 15, endLine: 7, endColumn: 19, target: 'web', severity: 'low', data: { hook: 'post_start', user: 'root' }, message: 'post_start hook runs as root (user root) in a service set to run as node' }],
    },
    {
      kind: 'compose',
      name: 'uid 0:0 in pre_stop',
      code: 'services:\n  web:\n    image: nginx:1.27\n    user: "101:101"\n    pre_stop:\n      - command: ["nginx", "-s", "quit"]\n        user: "0:0"\n',
      errors: [{ line: 7, column: 15, endColumn: 20, target: 'web', data: { hook: 'pre_stop', user: '0:0' } }],
    },
  ],
});

// QA (live): a live engine's exec instance (`docker exec -d -u root web sh -c "…"`) is named by its command in BW-0043 /
// BW-0044 messages, and the command was printed with the secrets in it.
describe('maskCommandSecrets', () => {
  it.each([
    ['sh -c sleep 999; echo --password=ExecS3cretPw --token ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'sh -c sleep 999; echo --password=************ --token ****************************************'],
    ['redis-cli -u redis://:s3cr3tRedisPW@redis:6379/0 ping', 'redis-cli -u redis://:*************@redis:6379/0 ping'],
    ['mysqldump -uroot -pHunter2pw app', 'mysqldump -uroot -p********* app'],
    ['psql --db-password= -h db', 'psql --db-password= -h db'],
    ['sleep 999', 'sleep 999'],
    ['ssh -p2222 host', 'ssh -p2222 host'],
  ])('%s', (cmd, shown) => {
    expect(maskCommandSecrets(cmd)).toBe(shown);
  });
});
