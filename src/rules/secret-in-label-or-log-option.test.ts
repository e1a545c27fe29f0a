/**
 * BW-0046: secrets in container labels and logging options, which the ingesters masked but no rule reported,
 * reported at the secret's characters and masked in every format (R-S).
 */
import { describe, expect, it } from 'vitest';
import { audit, auditSources } from '../engine/audit.js';
import { render } from '../report/index.js';
import rule from './secret-in-label-or-log-option.js';
import { ruleTester } from './tester.js';

const TOKEN = '176FCEBF-4CF5-4EDF-91BC-703796522D20';
const GHP = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

const COMPOSE = `services:
  web:
    image: nginx:1.27
    labels:
      com.example.db_password: "S3cr3tPassw0rd!"
      com.example.team: web
      traefik.enable: "true"
    logging:
      driver: splunk
      options:
        splunk-token: "${TOKEN}"
        splunk-url: https://splunk.example.com:8088
  loki:
    image: grafana/x:1.0
    labels:
      - "api_token=${GHP}"
    logging:
      driver: loki
      options:
        loki-url: "https://user:Passw0rd123@logs.example.com/loki/api/v1/push"
        loki-retries: "5"
`;

const INSPECT = `[{"Id":"4696b3474ac5","Name":"/web","State":{"Status":"running"},"Config":{"Image":"nginx:1.27","User":"101","Labels":{"com.example.db_password":"Sup3rS3cretDbPw!","com.example.team":"payments"}},"HostConfig":{"LogConfig":{"Type":"splunk","Config":{"splunk-token":"${TOKEN}","splunk-url":"https://splunk.example.com:8088"}},"Memory":0}}]
`;

ruleTester(rule, {
  valid: [
    {
      kind: 'compose',
      name: 'labels and logging options that hold no secret; a token from the environment; file paths and endpoints',
      code: 'services:\n  web:\n    image: nginx:1.27\n    labels:\n      com.example.team: web\n      org.opencontainers.image.revision: 3f2a9c1d4e5b6a7f8c9d0e1f2a3b4c5d6e7f8a9b\n      com.example.password_file: /run/secrets/db\n    logging:\n      driver: splunk\n      options:\n        splunk-token: ${SPLUNK_TOKEN}\n        splunk-url: https://splunk.example.com:8088\n        tag: "{{.Name}}"\n',
      env: { SPLUNK_TOKEN: TOKEN },
    },
    {
      kind: 'run',
      name: 'syslog-tls-key names a file; awslogs-credentials-endpoint is a URI path; an unset token variable',
      code: 'docker run --log-driver syslog --log-opt syslog-tls-key=/etc/docker/syslog-key.pem --log-opt awslogs-credentials-endpoint=/creds --log-opt splunk-token="$SPLUNK_TOKEN" --label maintainer=ops nginx:1.27\n',
    },
    { kind: 'run', name: 'a documentation placeholder token', code: 'docker run --log-driver splunk --log-opt splunk-token=<your-token> nginx:1.27\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'Compose labels (map and list) and logging options, at the secret characters',
      code: COMPOSE,
      errors: [
        { line: 5, column: 33, endLine: 5, endColumn: 48, target: 'web', severity: 'high', data: { in: 'label', name: 'com.example.db_password', kind: 'password' }, message: 'secret in label com.example.db_password (password, written in the file)' },
        {
          line: 11,
          column: 24,
          endColumn: 60,
          target: 'web',
          severity: 'high',
          data: { in: 'log-opt', name: 'splunk-token', kind: 'token' },
          message: 'secret in logging option splunk-token (token, written in the file)',
          remediation: 'splunk-token: ${SPLUNK_TOKEN}   # from the environment or an untracked .env; or once in /etc/docker/daemon.json "log-opts"',
        },
        { line: 16, column: 20, endColumn: 60, target: 'loki', severity: 'high', data: { in: 'label', name: 'api_token', kind: 'github-token' } },
        { line: 20, column: 33, endColumn: 44, target: 'loki', severity: 'high', data: { in: 'log-opt', name: 'loki-url', kind: 'url-credentials' } },
      ],
    },
    {
      kind: 'compose',
      name: 'a secret label filled in from a variable: medium, at the entry',
      code: 'services:\n  web:\n    image: nginx:1.27\n    labels:\n      com.example.db_password: ${DB_PASSWORD}\n',
      env: { DB_PASSWORD: 'S3cr3tPassw0rd!' },
      errors: [{ line: 5, column: 7, severity: 'medium', data: { in: 'label', kind: 'password' }, message: 'secret in label com.example.db_password (password, filled in from a variable)' }],
    },
    {
      kind: 'run',
      name: 'run line: --label and --log-opt; a token the script assigns is written in the file; an unset label variable is medium',
      code: `docker run -d --name web --label db_password=S3cr3tPassw0rd --log-driver splunk --log-opt splunk-token=${TOKEN} nginx:1.27\nTOKEN=abc123def456ghi789\ndocker run -d --name api --log-opt splunk-token=$TOKEN --log-opt "loki-url=https://u:Passw0rd99@l.example.com/x" --label com.x.db_password=$DBPW nginx:1.27\n`,
      errors: [
        { line: 1, column: 46, endColumn: 60, target: 'web', severity: 'high', data: { in: 'label', name: 'db_password' }, remediation: '# remove --label db_password=…; give the secret as a file: -v "$PWD/db_password.txt":/run/secrets/db_password:ro' },
        { line: 1, column: 104, endColumn: 140, target: 'web', severity: 'high', data: { in: 'log-opt', name: 'splunk-token' }, remediation: '--log-opt splunk-token="$SPLUNK_TOKEN"   # from the environment, not written in the script; or once in /etc/docker/daemon.json "log-opts"' },
        { line: 3, column: 26, endColumn: 55, target: 'api', severity: 'high', data: { in: 'log-opt', name: 'splunk-token', kind: 'token' }, message: '(token, written in the file)' },
        { line: 3, column: 86, endColumn: 96, target: 'api', severity: 'high', data: { in: 'log-opt', name: 'loki-url', kind: 'url-credentials' } },
        { line: 3, column: 114, target: 'api', severity: 'medium', data: { in: 'label', name: 'com.x.db_password' }, message: '(password, filled in from a variable)' },
      ],
    },
    {
      kind: 'inspect',
      name: 'inspect Config.Labels (high) and HostConfig.LogConfig.Config (medium), at the JSON string characters',
      code: INSPECT,
      errors: [
        { line: 1, column: INSPECT.indexOf('Sup3r') + 1, endColumn: INSPECT.indexOf('Sup3r') + 17, severity: 'high', data: { in: 'label', name: 'com.example.db_password' }, message: "(password, set in the container's configuration)" },
        { line: 1, column: INSPECT.indexOf('176FCEBF') + 1, endColumn: INSPECT.indexOf('176FCEBF') + 1 + TOKEN.length, severity: 'medium', data: { in: 'log-opt', name: 'splunk-token' } },
      ],
    },
    {
      kind: 'markdown',
      name: 'a docker run line in a Markdown fence',
      code: `# Run\n\n\`\`\`sh\ndocker run -d --log-driver splunk --log-opt splunk-token=${TOKEN} nginx:1.27\n\`\`\`\n`,
      errors: [{ line: 4, column: 58, endColumn: 94, severity: 'high', data: { in: 'log-opt', name: 'splunk-token' } }],
    },
  ],
});

describe('BW-0046 findings are masked in every format', () => {
  const secrets = [TOKEN, 'S3cr3tPassw0rd!', GHP, 'Passw0rd123'];
  it.each(['text', 'json', 'sarif', 'html'] as const)('%s: Compose, with only this rule selected', async (format) => {
    const res = await auditSources([{ path: 'compose.yaml', text: COMPOSE, kind: 'compose' }], { env: {}, rules: [rule] });
    expect(res.findings.length).toBe(4);
    const out = render(res, format, { color: false });
    for (const s of secrets) expect(out.includes(s), s).toBe(false);
  });

  it.each(['text', 'json', 'sarif', 'html'] as const)('%s: inspect output', async (format) => {
    const res = await audit(['-'], { kind: 'inspect', stdin: INSPECT, env: {}, config: {}, rules: [rule] });
    expect(res.findings.map((f) => f.ruleId)).toEqual(['BW-0046', 'BW-0046']);
    const out = render(res, format, { color: false });
    for (const s of [TOKEN, 'Sup3rS3cretDbPw!']) expect(out.includes(s), s).toBe(false);
  });
});
