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

/** Traefik basic-auth labels (htpasswd hashes, `$` written `$$` as Compose needs): an Apache MD5 and two bcrypt users. */
const APR1 = '$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/';
const BCRYPT = '$$2y$$05$$Kd4e2Dj5EH4nU5R3wSkP3uI6p3KQw6oyQbC3sA4t8oYb3cB0QK9Ka';
const BCRYPT2 = '$$2y$$05$$Lq4e2Dj5EH4nU5R3wSkP3uI6p3KQw6oyQbC3sA4t8oYb3cB0QK9Kb';
const TRAEFIK = `services:
  proxy:
    image: traefik:v3.1
    labels:
      - "traefik.http.middlewares.auth.basicauth.users=admin:${APR1}"
      - "traefik.http.middlewares.auth.basicauth.realm=ops"
  api:
    image: traefik:v3.1
    labels:
      traefik.http.middlewares.b.basicauth.users: "bob:${BCRYPT},al:${BCRYPT2}"
      traefik.http.middlewares.b.basicauth.usersfile: /run/secrets/htpasswd
`;
const TRAEFIK_LINES = TRAEFIK.split('\n');

/** A Deployment and a Secret with secrets in annotations, a kubectl apply copy among them, and annotations that are no secret. */
const K8S = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    db-password: S3cr3tValue
    checksum/config: 5f3c2a1b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a
    checksum/secret: sha256:5f3c2a1b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a
    secret.reloader.stakater.com/reload: db-creds
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27","env":[{"name":"DB_PASSWORD","value":"Hunter2Hunter2!"},{"name":"LOG_LEVEL","value":"debug"}]}]}}}}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
      annotations:
        api-token: ${GHP}
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1","data":{"password":"aHVudGVyMmh1bnRlcjI="},"kind":"Secret","metadata":{"annotations":{},"name":"creds"},"type":"Opaque"}'
data:
  password: aHVudGVyMmh1bnRlcjI=
`;
const K8S_LINES = K8S.split('\n');
/** 1-based column of `s` on 1-based line `line` of the manifest. */
const k8sCol = (line: number, s: string) => K8S_LINES[line - 1].indexOf(s) + 1;

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
    {
      kind: 'kubernetes',
      name: 'Kubernetes annotations that are no secret: Helm checksums, digests, a Secret name, a Vault path, JSON state, a last-applied copy without secrets',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, pod-template-hash: 7d9f8c6b5d}
  annotations:
    deployment.kubernetes.io/revision: "3"
    checksum/secret: 5f3c2a1b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a
    image.digest: sha256:5f3c2a1b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a
    secret.reloader.stakater.com/reload: db-creds
    field.cattle.io/publicEndpoints: '[{"addresses":["10.0.0.1"],"port":80,"protocol":"TCP","serviceName":"default:web","allNodes":true}]'
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27","env":[{"name":"LOG_LEVEL","value":"debug"},{"name":"DB_PASSWORD_FILE","value":"/run/secrets/db"}]}]}}}}
spec:
  template:
    metadata:
      annotations:
        vault.hashicorp.com/agent-inject-secret-db: database/creds/db-app
        kubectl.kubernetes.io/restartedAt: "2026-11-02T10:00:00Z"
    spec:
      containers:
      - name: web
        image: nginx:1.27
`,
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
      name: 'Traefik basic-auth users: a credential hash, at the hashes as written ($$), the message saying a hash is weaker',
      code: TRAEFIK,
      errors: [
        {
          line: 5,
          column: TRAEFIK_LINES[4].indexOf(APR1) + 1,
          endLine: 5,
          endColumn: TRAEFIK_LINES[4].indexOf(APR1) + 1 + APR1.length,
          target: 'proxy',
          severity: 'high',
          data: { in: 'label', name: 'traefik.http.middlewares.auth.basicauth.users', kind: 'password-hash' },
          message:
            "credential hash in label traefik.http.middlewares.auth.basicauth.users (password-hash, written in the file): weaker than a plain password (it allows an offline guessing attack, not a login), but inspect, ps and events show labels to every user of the engine's API",
          remediation:
            '# replace the label traefik.http.middlewares.auth.basicauth.users with traefik.http.middlewares.auth.basicauth.usersfile=/run/secrets/htpasswd and give the htpasswd file as a secret (mounted at /run/secrets/htpasswd)',
        },
        {
          line: 10,
          column: TRAEFIK_LINES[9].indexOf(BCRYPT) + 1,
          endLine: 10,
          endColumn: TRAEFIK_LINES[9].indexOf(BCRYPT2) + 1 + BCRYPT2.length,
          target: 'api',
          severity: 'high',
          data: { in: 'label', name: 'traefik.http.middlewares.b.basicauth.users', kind: 'password-hash' },
          message: 'credential hash in label traefik.http.middlewares.b.basicauth.users (password-hash, written in the file): weaker than a plain password',
        },
      ],
    },
    {
      kind: 'compose',
      name: 'Traefik digest-auth users (htdigest user:realm:md5): at the hashes, the realm and a non-hash value left alone',
      code: 'services:\n  proxy:\n    image: traefik:v3.1\n    labels:\n      - "traefik.http.middlewares.d.digestauth.users=test:traefik:a2688e031edb4be6a3797f3882655c05,ops:traefik:9f2b4a6c1d3e5f708192a3b4c5d6e7f8"\n      - "traefik.http.middlewares.e.digestauth.users=${DIGEST_USERS}"\n      - "traefik.http.middlewares.d.digestauth.realm=traefik"\n',
      errors: [
        {
          line: 5,
          column: 67,
          endColumn: 144,
          target: 'proxy',
          severity: 'high',
          data: { in: 'label', name: 'traefik.http.middlewares.d.digestauth.users', kind: 'password-hash' },
          remediation:
            '# replace the label traefik.http.middlewares.d.digestauth.users with traefik.http.middlewares.d.digestauth.usersfile=/run/secrets/htdigest and give the htdigest file as a secret (mounted at /run/secrets/htdigest)',
        },
      ],
    },
    {
      kind: 'run',
      name: 'a docker run --label with a bcrypt basic-auth user, single-quoted: at the hash',
      code: "docker run -d --label 'traefik.http.middlewares.a.basicauth.users=u:$2y$05$Kd4e2Dj5EH4nU5R3wSkP3uI6p3KQw6oyQbC3sA4t8oYb3cB0QK9Ka' traefik:v3.1\n",
      errors: [{ line: 1, column: 69, endColumn: 129, severity: 'high', data: { in: 'label', kind: 'password-hash' }, message: 'credential hash in label traefik.http.middlewares.a.basicauth.users' }],
    },
    {
      kind: 'kubernetes',
      name: 'Kubernetes annotations: a literal password, a token in the pod template, a last-applied copy of an env secret and of a Secret\'s data',
      code: K8S,
      errors: [
        {
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 29,
          severity: 'high',
          data: { in: 'annotation', name: 'db-password', kind: 'password', path: 'metadata.annotations' },
          message: "secret in annotation db-password of Deployment web (password, written in the file): kubectl get and describe show annotations to everyone who may read the object, unlike a Secret's data",
          remediation: '# remove the annotation db-password from metadata.annotations; keep the value in a Secret and give it to the pod as a file (secret volume) or through env valueFrom.secretKeyRef',
        },
        {
          line: 11,
          column: k8sCol(11, 'Hunter2Hunter2!'),
          endLine: 11,
          endColumn: k8sCol(11, 'Hunter2Hunter2!') + 15,
          severity: 'high',
          data: { in: 'annotation', name: 'kubectl.kubernetes.io/last-applied-configuration', kind: 'password' },
          message: 'secret in annotation kubectl.kubernetes.io/last-applied-configuration of Deployment web (env DB_PASSWORD, password, written in the file)',
        },
        { line: 19, column: 20, endLine: 19, endColumn: 60, severity: 'high', data: { in: 'annotation', name: 'api-token', kind: 'github-token', path: 'spec.template.metadata.annotations' } },
        {
          line: 30,
          column: k8sCol(30, 'aHVudGVy'),
          endLine: 30,
          endColumn: k8sCol(30, 'aHVudGVy') + 20,
          severity: 'high',
          data: { in: 'annotation', kind: 'secret-data' },
          message: 'secret in annotation kubectl.kubernetes.io/last-applied-configuration of Secret creds (Secret data.password, secret-data, written in the file)',
          remediation:
            '# apply Secrets with kubectl apply --server-side (no kubectl.kubernetes.io/last-applied-configuration annotation) or remove the annotation (kubectl annotate secret creds kubectl.kubernetes.io/last-applied-configuration-); keep secret values in a Secret and rotate this one',
        },
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

  it.each(['text', 'json', 'sarif', 'html'] as const)('%s: Traefik basic-auth hashes', async (format) => {
    const res = await auditSources([{ path: 'compose.yaml', text: TRAEFIK, kind: 'compose' }], { env: {}, rules: [rule] });
    expect(res.findings.map((f) => `${f.ruleId} ${f.location.startLine}`)).toEqual(['BW-0046 5', 'BW-0046 10']);
    const out = render(res, format, { color: false });
    for (const s of ['H6uskkkW', 'IgXLP6ewTrSuBkTrqE8wj', 'Kd4e2Dj5EH4nU5R3wSkP3uI6p3KQw6oyQbC3sA4t8oYb3cB0QK9Ka', 'Lq4e2Dj5EH4nU5R3wSkP3uI6p3KQw6oyQbC3sA4t8oYb3cB0QK9Kb']) expect(out.includes(s), s).toBe(false);
  });

  it.each(['text', 'json', 'sarif', 'html'] as const)('%s: Kubernetes labels and annotations, with every rule', async (format) => {
    const res = await auditSources([{ path: 'k8s.yaml', text: K8S, kind: 'kubernetes' }], { env: {} });
    expect(res.findings.filter((f) => f.ruleId === 'BW-0046').map((f) => `${f.location.startLine}:${f.location.startColumn}`)).toEqual([
      '6:18',
      `11:${k8sCol(11, 'Hunter2Hunter2!')}`,
      '19:20',
      `30:${k8sCol(30, 'aHVudGVy')}`,
    ]);
    const out = render(res, format, { color: false });
    for (const s of ['S3cr3tValue', 'Hunter2Hunter2!', GHP, 'aHVudGVyMmh1bnRlcjI']) expect(out.includes(s), s).toBe(false);
  });

  it.each(['text', 'json', 'sarif', 'html'] as const)('%s: inspect output', async (format) => {
    const res = await audit(['-'], { kind: 'inspect', stdin: INSPECT, env: {}, config: {}, rules: [rule] });
    expect(res.findings.map((f) => f.ruleId)).toEqual(['BW-0046', 'BW-0046']);
    const out = render(res, format, { color: false });
    for (const s of [TOKEN, 'Sup3rS3cretDbPw!']) expect(out.includes(s), s).toBe(false);
  });
});
