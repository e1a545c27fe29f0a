import rule from './secret-in-command.js';
import { ruleTester } from './tester.js';

const HOST = 'every user of the host sees it through ps and /proc/<pid>/cmdline, as does docker inspect';

ruleTester(rule, {
  valid: [
    { kind: 'compose', name: 'the password read from a secret file at start', code: 'services:\n  redis:\n    image: redis:7.2\n    secrets: [redis_pw]\n    command: ["sh", "-c", "exec redis-server --requirepass \\"$$(cat /run/secrets/redis_pw)\\""]\nsecrets:\n  redis_pw:\n    file: ./pw.txt\n' },
    { kind: 'run', name: 'options that hold no secret', code: 'docker run --name web nginx:1.27 nginx -g "daemon off;" --user-agent curl --password-file /run/secrets/pw\n' },
    {
      kind: 'run',
      name: 'files, references and prompts: no secret written',
      code: 'docker run --name a img:1 --token-file /run/secrets/t --password-file=/run/secrets/p --secret-key-ref=db-secret --secret-name mysecret\ndocker run --name b mysql:8 mysql -uroot -p -h db\n',
    },
    {
      kind: 'compose',
      name: 'QA: counts, modes, names in a store and model ids are no secrets (TGI/vLLM, etcd, secret managers)',
      code: 'services:\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:2.0\n    command: --model-id mistralai/Mistral-7B-Instruct-v0.2 --max-input-tokens 1024 --max-total-tokens=4096\n  etcd:\n    image: quay.io/coreos/etcd:v3.5.13\n    command: etcd --auth-token=simple --secret mysecretname --signing-key vault:transit/keys/app --api-key=env:API_KEY --password=file:/run/secrets/pw\n  jwt:\n    image: quay.io/coreos/etcd:v3.5.13\n    command: etcd --auth-token=jwt,pub-key=/k/pub.pem,priv-key=/k/priv.pem,sign-method=RS256\n',
    },
    {
      kind: 'run',
      name: 'headers that hold no secret, a file of headers',
      code: 'docker run --name h alpine:3.20 curl -H "Accept: application/json" -H @/run/secrets/headers https://x.example.com/\ndocker run --name w alpine:3.20 wget --header="Content-Type: application/json" https://x.example.com/\n',
    },
    {
      kind: 'run',
      name: 'a single-tool image running another program, and an image that is no curl: its options are not curl\'s',
      code: 'docker run --rm --name sh1 curlimages/curl:8.8.0 sh -c "echo -u admin:notacurlpw"\ndocker run --rm --name other alpine:3.20 -u admin:Nexus-Admin-2027\n',
    },
    { kind: 'kubernetes', name: 'a $(VAR) reference of a secretKeyRef variable', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: r\nspec:\n  containers:\n    - name: redis\n      image: redis:7.2\n      args: ["--requirepass", "$(REDIS_PASSWORD)"]\n' },
  ],
  invalid: [
    // Filled in from a variable before the program starts (Compose interpolation, the host shell): the arguments hold it.
    {
      kind: 'compose',
      name: 'a variable Compose fills in',
      code: 'services:\n  redis:\n    image: redis:7.2\n    command: redis-server --requirepass ${REDIS_PASSWORD}\n',
      errors: [{ line: 4, column: 41, endColumn: 58, target: 'redis', severity: 'medium', data: { in: 'command', variable: 'REDIS_PASSWORD', kind: 'interpolated' }, message: `secret in the command, filled in from variable REDIS_PASSWORD (by Compose): ${HOST}` }],
    },
    {
      kind: 'run',
      name: 'variables the shell fills in: an option value and a header',
      code: 'docker run --name d img:1 server --token "$TOKEN" --password=${PW}\ndocker run --name h alpine:3.20 curl --header="Authorization: Bearer $TOKEN" https://x.example.com/\ndocker run --name w alpine:3.20 wget --header "PRIVATE-TOKEN: ${GITLAB_TOKEN}" https://x.example.com/\n',
      errors: [
        { line: 1, column: 43, endColumn: 49, target: 'd', severity: 'medium', data: { variable: 'TOKEN', tool: 'option' } },
        { line: 1, column: 62, endColumn: 67, target: 'd', severity: 'medium', data: { variable: 'PW', tool: 'option' } },
        { line: 2, column: 70, endColumn: 76, target: 'h', severity: 'medium', data: { variable: 'TOKEN', tool: 'token' } },
        { line: 3, column: 63, endColumn: 78, target: 'w', severity: 'medium', data: { variable: 'GITLAB_TOKEN', tool: 'token' } },
      ],
    },
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
      kind: 'compose',
      name: 'QA: a sh -c script in a block scalar or with escaped quotes; openssl pass:, curl -u',
      code: 'services:\n  redis:\n    image: redis:7\n    command:\n      - sh\n      - -c\n      - |\n        redis-server --requirepass Hk29fLq8Xw3mZp7T\n  r2:\n    image: redis:7\n    command: ["sh", "-c", "redis-server --requirepass \\"Qw8eR7tY6uI5oP4a\\""]\n  tools:\n    image: alpine/openssl\n    command: pkcs12 -export -in c.pem -passout pass:P12Secr3tValue\n    healthcheck:\n      test: curl -fsS -u admin:AdminPass42 http://localhost/health\n',
      errors: [
        { line: 8, column: 36, endColumn: 52, target: 'redis', severity: 'high', data: { in: 'command' } },
        { line: 11, column: 57, endColumn: 73, target: 'r2', severity: 'high', data: { in: 'command' } },
        { line: 14, column: 53, endColumn: 67, target: 'tools', severity: 'high', data: { in: 'command' } },
        { line: 16, column: 32, endColumn: 43, target: 'tools', severity: 'high', data: { in: 'health check command' } },
      ],
    },
    {
      kind: 'run',
      name: 'QA: a header with a token in every form of wget --header and curl -H / --header: the header value, whatever the form',
      code:
        'docker run --rm --name fetch alpine:3.20 wget --header="PRIVATE-TOKEN: glpat-Zq8Xv2Lm4Nt7Rp1Ks9Wd" https://gitlab.example.com/api/v4/projects\n' +
        'docker run --rm --name fetch2 alpine:3.20 wget --header "PRIVATE-TOKEN: glpat-Zq8Xv2Lm4Nt7Rp1Ks9Wd" https://gitlab.example.com/api/v4/projects\n' +
        'docker run --rm --name c1 alpine:3.20 curl -H "X-Api-Key: Zq8Xv2Lm4Nt7Rp1Ks9WdAb12" --header="X-Api-Key: Zq8Xv2Lm4Nt7Rp1Ks9WdAb13" https://x.example.com/\n' +
        'docker run --rm --name c2 alpine:3.20 curl "-HPRIVATE-TOKEN: glpat-Zq8Xv2Lm4Nt7Rp1Ks9Wd" -H"Authorization: Bearer Zq8Xv2Lm4Nt7Rp1Ks9WdAb14" https://x.example.com/\n',
      errors: [
        { line: 1, column: 72, endColumn: 98, target: 'fetch', severity: 'high', data: { in: 'command' }, message: `secret in the command (written in the file): ${HOST}` },
        { line: 2, column: 73, endColumn: 99, target: 'fetch2', severity: 'high', data: { in: 'command' } },
        { line: 3, column: 59, endColumn: 83, target: 'c1', severity: 'high', data: { in: 'command' } },
        { line: 3, column: 106, endColumn: 130, target: 'c1', severity: 'high', data: { in: 'command' } },
        { line: 4, column: 62, endColumn: 88, target: 'c2', severity: 'high', data: { in: 'command' } },
        { line: 4, column: 115, endColumn: 139, target: 'c2', severity: 'high', data: { in: 'command' } },
      ],
    },
    {
      kind: 'run',
      name: 'QA: the command of a single-tool image (curlimages/curl, appropriate/curl, arey/mysql-client) or of --entrypoint curl is that program\'s arguments',
      code:
        'docker run --rm --name upload curlimages/curl:8.8.0 -u admin:Nexus-Admin-2024 -T f https://nexus.example.com/repository/raw/\n' +
        'docker run --rm --name up2 docker.io/appropriate/curl -uadmin:Nexus-Admin-2025 https://nexus.example.com/\n' +
        'docker run --rm --name up3 --entrypoint curl alpine:3.20 --user="admin:Nexus-Admin-2026" https://nexus.example.com/\n' +
        'docker run --rm --name db arey/mysql-client:latest -h db -uroot -pMyR00tPw2024 app\n',
      errors: [
        { line: 1, column: 62, endColumn: 78, target: 'upload', severity: 'high', data: { in: 'command' }, message: `secret in the command (written in the file): ${HOST}` },
        { line: 2, column: 63, endColumn: 79, target: 'up2', severity: 'high', data: { in: 'command' } },
        { line: 3, column: 72, endColumn: 88, target: 'up3', severity: 'high', data: { in: 'command' } },
        { line: 4, column: 67, endColumn: 79, target: 'db', severity: 'high', data: { in: 'command' } },
      ],
    },
    {
      kind: 'compose',
      name: 'QA: a Compose command for curlimages/curl',
      code: 'services:\n  upload:\n    image: curlimages/curl:8.8.0\n    command: ["-u", "admin:Nexus-Admin-2030", "https://nexus.example.com/"]\n',
      errors: [{ line: 4, column: 28, endColumn: 44, target: 'upload', severity: 'high', data: { in: 'command' } }],
    },
    {
      kind: 'kubernetes',
      name: 'QA: Kubernetes args of curlimages/curl: a header and -u',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: up\nspec:\n  containers:\n    - name: up\n      image: curlimages/curl:8.8.0\n      args: ["-H", "PRIVATE-TOKEN: glpat-Zq8Xv2Lm4Nt7Rp1Ks9Wd", "-u", "admin:Nexus-Admin-2031", "https://x.example.com/"]\n',
      errors: [
        { line: 9, column: 36, endColumn: 62, target: 'up', severity: 'high', data: { in: 'command' } },
        { line: 9, column: 78, endColumn: 94, target: 'up', severity: 'high', data: { in: 'command' } },
      ],
    },
    {
      kind: 'kubernetes',
      name: 'Kubernetes args with a literal token',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  containers:\n    - name: agent\n      image: example/agent:1.0\n      args: ["--token", "ghp_0123456789abcdefghijABCDEFGHIJ012345"]\n',
      errors: [{ line: 9, column: 26, endColumn: 66, target: 'agent', severity: 'high', message: 'secret in the command (written in the file): every user of the host sees it through ps and /proc/<pid>/cmdline, as does kubectl get pod -o yaml' }],
    },
    {
      kind: 'kubernetes',
      name: 'QA: Kubernetes probe and lifecycle exec commands',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: r\nspec:\n  containers:\n    - name: redis\n      image: redis:7.2\n      livenessProbe:\n        exec:\n          command: ["redis-cli", "-a", "Zq8vN3kLm2Pw9xT4", "ping"]\n      lifecycle:\n        preStop:\n          exec:\n            command: ["sh", "-c", "redis-cli -a Hk29fLq8Xw3mZp7T shutdown"]\n',
      errors: [
        { line: 11, column: 41, endColumn: 57, target: 'redis', severity: 'high', data: { in: 'probe command' } },
        { line: 15, column: 49, endColumn: 65, target: 'redis', severity: 'high', data: { in: 'lifecycle hook command' } },
      ],
    },
  ],
});

// The fix of each finding names the program the secret is given to, and how that program reads it from a file
// (before, every finding showed the rule's Redis example whatever the program).
const M = (f: string) => `(${f}: a secret mounted read-only at /run/secrets/${f})`;
ruleTester(rule, {
  valid: [],
  invalid: [
    {
      kind: 'run',
      name: 'the fix follows the program: curl -u, mysqldump -p, redis-cli -a, htpasswd, docker login, mc, rabbitmqctl, an --api-key option, redis-server',
      code: [
        'docker run --rm --name a alpine:3.20 curl -u admin:Curl-Pw-98765 https://x.example.com/',
        'docker run --rm --name b mysql:8.4 mysqldump -h db -uroot -pDump-Pw-98765 app',
        'docker run --rm --name c redis:7.2 redis-cli -h cache -a Redis-Pw-98765 ping',
        'docker run --rm --name d httpd:2.4 htpasswd -Bbn admin Htp-Pw-98765',
        'docker run --rm --name e docker:27-cli docker login -u bot -p Reg-Pw-98765 registry.example.com',
        'docker run --rm --name f minio/mc:RELEASE.2024-06-12T14-34-03Z alias set m http://minio:9000 admin Mc-Key-98765',
        'docker run --rm --name g rabbitmq:3.13 rabbitmqctl add_user admin Rmq-Pw-98765',
        'docker run --rm --name h example/agent:1.0 agent --api-key=Api-Key-98765',
        'docker run --rm --name i redis:7.2 redis-server --requirepass Srv-Pw-98765',
        '',
      ].join('\n'),
      errors: [
        { line: 1, column: 52, endColumn: 65, target: 'a', data: { tool: 'curl-user' }, remediation: `curl --netrc-file /run/secrets/netrc https://…   # netrc: machine <host> login <user> password <secret> ${M('netrc')}` },
        { line: 2, column: 61, endColumn: 74, target: 'b', data: { tool: 'mysql' }, remediation: `mysqldump --defaults-extra-file=/run/secrets/my.cnf …   # first option; my.cnf: [client] password=<secret> ${M('my.cnf')}` },
        { line: 3, column: 58, endColumn: 72, target: 'c', data: { tool: 'redis-cli' }, remediation: `sh -c 'REDISCLI_AUTH="$(cat /run/secrets/redis_password)" exec redis-cli …'   # redis-cli reads the password from REDISCLI_AUTH, not -a ${M('redis_password')}` },
        { line: 4, column: 56, endColumn: 68, target: 'd', data: { tool: 'htpasswd' }, remediation: `htpasswd -iB /etc/nginx/.htpasswd <user> < /run/secrets/htpasswd_password   # -i reads the password from standard input (with -n: htpasswd -inB <user>) ${M('htpasswd_password')}` },
        { line: 5, column: 63, endColumn: 75, target: 'e', data: { tool: 'docker-login' }, remediation: `docker login -u <user> --password-stdin <registry> < /run/secrets/registry_password ${M('registry_password')}` },
        { line: 6, column: 100, endColumn: 112, target: 'f', data: { tool: 'mc' }, remediation: `sh -c 'MC_HOST_<alias>="$(cat /run/secrets/mc_host)" exec mc …'   # mc_host: https://<access-key>:<secret-key>@<host>:9000, instead of mc alias set ${M('mc_host')}` },
        { line: 7, column: 67, endColumn: 79, target: 'g', data: { tool: 'rabbitmqctl' }, remediation: `rabbitmqctl add_user <user> < /run/secrets/rabbitmq_password   # without the password operand rabbitmqctl reads it from standard input (change_password too) ${M('rabbitmq_password')}` },
        { line: 8, column: 60, endColumn: 73, target: 'h', data: { tool: 'option' }, remediation: `--api-key-file /run/secrets/api-key   # if the program has a file form of --api-key; else sh -c '… --api-key "$(cat /run/secrets/api-key)"' ${M('api-key')}` },
        { line: 9, column: 63, endColumn: 75, target: 'i', data: { tool: 'redis-server' }, remediation: `sh -c 'exec redis-server --requirepass "$(cat /run/secrets/redis_password)"'   # or the directive in a redis.conf read from /run/secrets ${M('redis_password')}` },
      ],
    },
  ],
});
