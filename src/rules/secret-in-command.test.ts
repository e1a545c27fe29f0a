import rule from './secret-in-command.js';
import { ruleTester } from './tester.js';

const HOST = 'every user of the host sees it through ps and /proc/<pid>/cmdline, as does docker inspect';

ruleTester(rule, {
  valid: [
    { kind: 'compose', name: 'the password read from a secret file at start', code: 'services:\n  redis:\n    image: redis:7.2\n    secrets: [redis_pw]\n    command: ["sh", "-c", "exec redis-server --requirepass \\"$$(cat /run/secrets/redis_pw)\\""]\nsecrets:\n  redis_pw:\n    file: ./pw.txt\n' },
    { kind: 'compose', name: 'a variable, not a value written here', code: 'services:\n  redis:\n    image: redis:7.2\n    command: redis-server --requirepass ${REDIS_PASSWORD}\n' },
    { kind: 'run', name: 'options that hold no secret', code: 'docker run --name web nginx:1.27 nginx -g "daemon off;" --user-agent curl --password-file /run/secrets/pw\n' },
    {
      kind: 'run',
      name: 'files, references, prompts and variables: no secret written',
      code: 'docker run --name a img:1 --token-file /run/secrets/t --password-file=/run/secrets/p --secret-key-ref=db-secret --secret-name mysecret\ndocker run --name b mysql:8 mysql -uroot -p -h db\ndocker run --name d img:1 server --token "$TOKEN" --password=${PW}\n',
    },
    { kind: 'kubernetes', name: 'a $(VAR) reference of a secretKeyRef variable', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: r\nspec:\n  containers:\n    - name: redis\n      image: redis:7.2\n      args: ["--requirepass", "$(REDIS_PASSWORD)"]\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'Redis --requirepass in command and redis-cli -a in the health check (written in the file)',
      code: 'services:\n  redis:\n    image: redis:7.2\n    command: redis-server --requirepass Redis-Pa55-xyz987\n    healthcheck:\n      test: ["CMD-SHELL", "redis-cli -a Redis-Pa55-xyz987 ping"]\n',
      errors: [
        { line: 4, column: 41, endColumn: 58, target: 'redis', severity: 'high', data: { in: 'command' }, message: `secret in the command (written in the file): ${HOST}` },
        { line: 6, column: 41, endColumn: 58, target: 'redis', severity: 'high', data: { in: 'health check command' } },
      ],
    },
    {
      kind: 'run',
      name: 'run line: Java system property, mysql -p and a --health-cmd',
      code: 'docker run --name app --health-cmd "mysqladmin ping -uroot -pS3cretRoot!" app:1 java -Dspring.datasource.password=Spr1ngPw! -jar app.jar\n',
      errors: [
        { line: 1, column: 62, endColumn: 73, target: 'app', severity: 'high', data: { in: 'health check command' } },
        { line: 1, column: 115, endColumn: 124, target: 'app', severity: 'high', data: { in: 'command' } },
      ],
    },
    {
      kind: 'kubernetes',
      name: 'Kubernetes args with a literal token',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  containers:\n    - name: agent\n      image: example/agent:1.0\n      args: ["--token", "ghp_0123456789abcdefghijABCDEFGHIJ012345"]\n',
      errors: [{ line: 9, column: 26, endColumn: 66, target: 'agent', severity: 'high', message: 'secret in the command (written in the file): every user of the host sees it through ps and /proc/<pid>/cmdline, as does kubectl get pod -o yaml' }],
    },
  ],
});
