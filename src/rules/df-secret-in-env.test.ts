import { ruleTester } from './tester.js';
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { render } from '../report/index.js';
import rule, { secretFileKind } from './df-secret-in-env.js';

// R-S, CIS 1.6.0 4.10; corpus dockerfile/s3-namegrabber-arg-to-env-aws-keys.Dockerfile.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine\nENV TZ=UTC PATH=/usr/local/bin:$PATH\n' },
    { kind: 'dockerfile', code: 'FROM alpine\nENV DB_PASSWORD=\nENV API_TOKEN=""\n', name: 'empty values' },
    { kind: 'dockerfile', code: 'FROM alpine\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db_pw\nENV POSTGRES_USER=app\n', name: '*_FILE and user' },
    { kind: 'dockerfile', code: 'FROM alpine\n# ENV DB_PASSWORD=hunter2\n', name: 'comment' },
    { kind: 'dockerfile', code: 'FROM alpine\nARG TOKEN\nRUN --mount=type=secret,id=t ./build.sh\n', name: 'ARG without default, not copied' },
    { kind: 'dockerfile', code: 'FROM golang AS build\nARG GITHUB_TOKEN\nENV GITHUB_TOKEN=$GITHUB_TOKEN\nRUN go build\nFROM alpine\nCOPY --from=build /app /app\n', name: 'build-arg in a stage that is not shipped' },
    { kind: 'dockerfile', code: 'FROM alpine\nARG VERSION=1.2\nENV VERSION=$VERSION\n', name: 'non-secret build arg' },
    // QA (2026-12-03, d3.Dockerfile): a count of model tokens was a high "literal secret".
    { kind: 'dockerfile', code: 'FROM python:3.12-slim\nENV MAX_TOKENS=4096 TOKENS_PER_MINUTE=10000\nENV CONTEXT_TOKENS=8192\nUSER 1000\n', name: 'QA: counts of model tokens' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      name: 'QA: a token, and a list of tokens with a token-like value, stay secrets next to token counts',
      code: 'FROM python:3.12-slim\nENV MAX_TOKENS=4096\nENV GITHUB_TOKEN=ghp_abcdefghij0123456789 API_TOKENS=Zt7pQ2vX9mK4wR8s,Yq3nB6cW1jL5hT0d\nUSER 1000\n',
      errors: [
        { line: 3, column: 5, severity: 'high', data: { name: 'GITHUB_TOKEN', kind: 'literal' } },
        { line: 3, column: 43, severity: 'high', data: { name: 'API_TOKENS', kind: 'literal' } },
      ],
    },
    {
      kind: 'dockerfile',
      name: 'credentials in LABEL pairs and in credential flags of CMD / ENTRYPOINT / HEALTHCHECK, exec and shell form (QA)',
      code: 'FROM python:3.12-slim\nLABEL db.password="labelpw1234" maintainer="a@b.c" org.opencontainers.image.version=1.2\nCMD ["app", "--password", "cmdpassword77"]\nENTRYPOINT ["app", "--token=entrytoken12345", "--ssl-key", "/etc/k.pem", "--api-key", "$API_KEY"]\nHEALTHCHECK CMD redis-cli --pass s3cretpw ping\nUSER 1000\n',
      errors: [
        { line: 2, column: 20, endColumn: 31, severity: 'high', data: { name: 'password', kind: 'literal' }, message: 'LABEL holds a literal credential (password): it is in the Dockerfile and the image config (docker inspect)' },
        { line: 3, column: 28, endColumn: 41, data: { name: 'password', kind: 'literal' } },
        { line: 4, column: 29, endColumn: 44, data: { name: 'token', kind: 'literal' } },
        { line: 5, column: 34, endColumn: 42, data: { name: 'password', kind: 'literal' } },
      ],
    },
    {
      kind: 'dockerfile',
      name: 'ONBUILD ENV / ARG triggers with literal secrets: stored in Config.OnBuild, set in every child image (QA)',
      code: 'FROM python:3.12-slim\nONBUILD ENV PIP_INDEX_URL=https://deploy:gldt-AbCdEf123456@gitlab.example.com/simple\nONBUILD ARG GITHUB_TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a\nONBUILD ENV A=1 DB_PASSWORD=hunter22 HOME=$HOME\nUSER 1000\n',
      errors: [
        { line: 2, column: 13, severity: 'high', data: { name: 'PIP_INDEX_URL', kind: 'literal' }, message: 'ONBUILD ENV PIP_INDEX_URL stores a literal secret in the image config (Config.OnBuild) and in every image built FROM it' },
        { line: 3, column: 13, endColumn: 66, severity: 'high', data: { name: 'GITHUB_TOKEN', kind: 'literal' } },
        { line: 4, column: 17, endColumn: 37, severity: 'high', data: { name: 'DB_PASSWORD', kind: 'literal' } },
      ],
    },
    {
      kind: 'dockerfile',
      name: 'placeholders for a secret (ENV <your-password>, ARG default your_api_key_here) at info; a weak real value stays high',
      code: 'FROM alpine:3.20\nENV DB_PASSWORD=<your-password>\nARG API_KEY=your_api_key_here\nENV ADMIN_PASSWORD=admin\n',
      errors: [
        { line: 2, column: 5, endColumn: 32, severity: 'info', data: { name: 'DB_PASSWORD', kind: 'literal' }, message: 'ENV DB_PASSWORD holds a placeholder for a secret: whoever fills it in stores the secret in the image config' },
        { line: 3, column: 5, endColumn: 30, severity: 'info', data: { name: 'API_KEY', kind: 'literal' } },
        { line: 4, column: 5, severity: 'high', data: { name: 'ADMIN_PASSWORD', kind: 'literal' }, message: 'ENV ADMIN_PASSWORD stores a literal secret in the image config' },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM python:3.6-stretch\nARG AWS_ACCESS_KEY_ID\nARG AWS_SECRET_ACCESS_KEY\nENV AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID\nENV AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}\n',
      errors: [
        { line: 4, column: 5, endLine: 4, endColumn: 41, severity: 'medium', data: { name: 'AWS_ACCESS_KEY_ID', kind: 'build-arg' } },
        { line: 5, column: 5, endColumn: 51, severity: 'medium', data: { name: 'AWS_SECRET_ACCESS_KEY', kind: 'build-arg' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nENV DB_HOST=db DB_PASSWORD="s3cr3t pw" \\\n    API_KEY=abc\n',
      errors: [
        { line: 2, column: 16, endColumn: 39, severity: 'high', data: { name: 'DB_PASSWORD', kind: 'literal' } },
        { line: 3, column: 5, endColumn: 16, severity: 'high', data: { name: 'API_KEY', kind: 'literal' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nenv MYSQL_ROOT_PASSWORD changeme\n',
      name: 'legacy ENV syntax, lower-case keyword',
      errors: [{ line: 2, column: 5, endColumn: 33, data: { name: 'MYSQL_ROOT_PASSWORD', kind: 'literal' } }],
    },
    {
      kind: 'dockerfile',
      code: 'ARG NPM_TOKEN=npm_abcdef\nFROM node:20\nARG ADMIN_PASSWORD=admin\nENV GREETING=AKIAIOSFODNN7EXAMPLE\n',
      errors: [
        { line: 1, column: 5, endColumn: 25, severity: 'high', data: { name: 'NPM_TOKEN', kind: 'literal' } },
        { line: 3, column: 5, endColumn: 25, data: { name: 'ADMIN_PASSWORD', kind: 'literal' } },
        { line: 4, column: 5, data: { name: 'GREETING', kind: 'literal' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine AS base\nENV SECRET_KEY=abc\nFROM base\nENV OTHER=1\n',
      name: 'inherited ENV reported once',
      errors: [{ line: 2, column: 5, data: { name: 'SECRET_KEY', kind: 'literal' } }],
    },
  ],
});

// QA (real-world Dockerfiles): the .npmrc pattern. `ARG NPM_TOKEN` used by a RUN of the shipped stage puts the
// --build-arg value into the RUN's history entry (`RUN |1 NPM_TOKEN=… /bin/sh -c …`).
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM node:20 AS build\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\nFROM nginx\nCOPY --from=build /app /usr/share/nginx/html\n', name: 'ARG used in a builder stage that is not shipped' },
    { kind: 'dockerfile', code: 'FROM alpine\nARG GIT_SHA\nRUN echo $GIT_SHA > /version\n', name: 'non-secret ARG used by RUN' },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN echo $NPM_TOKEN\nARG NPM_TOKEN\n', name: 'RUN before the ARG does not see it' },
    { kind: 'dockerfile', code: 'FROM alpine\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN_FILE\n', name: 'another variable with the ARG name as prefix' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM node:20-alpine\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc && npm ci && rm ~/.npmrc\nARG GITHUB_TOKEN\nRUN curl -H "Authorization: token $GITHUB_TOKEN" -o /tmp/x https://api.github.com/x\nUSER node\n',
      errors: [
        { line: 2, column: 5, endLine: 2, endColumn: 14, severity: 'medium', data: { name: 'NPM_TOKEN', kind: 'build-arg' } },
        { line: 4, column: 5, endLine: 4, endColumn: 17, severity: 'medium', data: { name: 'GITHUB_TOKEN', kind: 'build-arg' } },
      ],
    },
  ],
});

// QA round 5 (real-world Dockerfiles): secrets baked into the image outside ENV/ARG: a private key in a
// `COPY <<EOF` heredoc, literal credentials written by a RUN (.npmrc, pip.conf, .netrc), and `COPY id_rsa`.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM node:20\nARG NPM_TOKEN\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\nUSER node\n', name: 'secret mount' },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN git clone https://x-access-token:${GH_TOKEN}@github.com/a/b.git /src\n', name: 'URL password from a variable' },
    { kind: 'dockerfile', code: 'FROM golang AS build\nCOPY id_rsa /root/.ssh/id_rsa\nRUN go build -o /app\nFROM alpine\nCOPY --from=build /app /app\nCOPY .env.example /app/\n', name: 'key in a builder stage only, .env.example' },
    { kind: 'dockerfile', code: 'FROM nginx\nCOPY --from=certs /etc/ssl/server.key /etc/ssl/\nCOPY nginx.conf /etc/nginx/\n', name: 'COPY --from a stage' },
    { kind: 'dockerfile', code: 'FROM debian\nCOPY nginx_signing.key Release.key /tmp/\n', name: 'public repository signing keys' },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN echo "machine example.com login bot password $NETRC_PW" > ~/.netrc\n', name: 'netrc password from a variable' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nCOPY <<EOF /root/.ssh/id_ed25519\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\nEOF\nUSER nobody\n',
      name: 'private key in a COPY heredoc',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 36, severity: 'high', data: { name: 'OPENSSH PRIVATE KEY', kind: 'private-key' } }],
    },
    {
      kind: 'dockerfile',
      code:
        'FROM python:3.12-slim\n' +
        "RUN printf '[global]\\nindex-url = https://__token__:pypiAgEIcHlwaS5vcmc@pypi.example.com/simple\\n' > /etc/pip.conf\n" +
        'RUN echo "//registry.npmjs.org/:_authToken=npm_abcdefgh12345678" > /root/.npmrc\n' +
        'RUN echo "machine github.com login bot password hunter22" > /root/.netrc\n' +
        'USER 1000\n',
      name: 'literal credentials written by RUN',
      errors: [
        { line: 2, column: 35, endColumn: 98, severity: 'high', data: { name: 'url-credentials', kind: 'literal' } },
        { line: 3, column: 44, endColumn: 64, data: { name: 'npm-token', kind: 'literal' } },
        { line: 4, column: 49, endColumn: 57, data: { name: 'netrc', kind: 'literal' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM node:18\nCOPY id_rsa /root/.ssh/id_rsa\nCOPY .npmrc package.json ./\nADD "deploy/.aws/credentials" /root/.aws/\nRUN rm /root/.ssh/id_rsa\nUSER node\nCOPY server.key /etc/ssl/private/\n',
      name: 'secret files copied into the shipped stage',
      errors: [
        { line: 2, column: 6, endColumn: 12, severity: 'high', data: { name: 'id_rsa', kind: 'file' } },
        { line: 3, column: 6, endColumn: 12, severity: 'medium', certainty: 'unknown', data: { name: '.npmrc', kind: 'file' } },
        { line: 4, column: 5, endColumn: 30, severity: 'high', data: { name: 'deploy/.aws/credentials', kind: 'file' } },
        { line: 7, column: 6, endColumn: 16, severity: 'medium', certainty: 'unknown', data: { name: 'server.key', kind: 'file' } },
      ],
    },
  ],
});

describe('QA round 5: secrets written in RUN and heredocs are masked in the text report', () => {
  it('masks the key body and the token', async () => {
    const code =
      'FROM alpine\nCOPY <<EOF /root/.ssh/id_rsa\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAzZpQ1\n-----END RSA PRIVATE KEY-----\nEOF\nRUN echo "//registry.npmjs.org/:_authToken=npm_abcdefgh12345678" > .npmrc\nUSER 1\n';
    const result = await auditSources([{ path: 'Dockerfile', text: code, kind: 'dockerfile' }]);
    const ids = result.findings.filter((f) => f.ruleId === 'BW-0103').map((f) => `${f.location.startLine}:${(f.data as { kind: string }).kind}`);
    expect(ids).toEqual(['3:private-key', '7:literal']);
    const text = render(result, 'text', { color: false });
    expect(text).not.toContain('MIIEowIBAAKCAQEAzZpQ1');
    expect(text).not.toContain('npm_abcdefgh12345678');
    const json = render(result, 'json');
    expect(json).not.toContain('MIIEowIBAAKCAQEAzZpQ1');
    expect(json).not.toContain('npm_abcdefgh12345678');
  });
});

// QA round 5: a secret default in an ENV expansion of an undeclared variable, and curl/wget passwords in a RUN.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine\nENV PATH=${PATH:-/usr/bin}:/opt/bin LOG_LEVEL=${LOG_LEVEL:-info}\n', name: 'non-secret defaults' },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN curl -u "$NEXUS_USER:$NEXUS_PASS" -o /x https://nexus/x && curl -u admin: https://h\n', name: 'curl credentials from variables, empty password' },
    { kind: 'dockerfile', code: 'FROM docker:24\nRUN docker run --rm -u 1000:1000 alpine id && echo $TOKEN | docker login -u bot --password-stdin\n', name: 'uid:gid, --password-stdin' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM python:3.12\nENV JWT_SECRET_KEY=${JWT_SECRET_KEY:-dev-secret}\nRUN curl -u admin:admin123 -o /tmp/x https://nexus.example.com/x && wget --http-password=hunter22 https://h/y\n',
      errors: [
        { line: 2, column: 5, endColumn: 49, severity: 'high', data: { name: 'JWT_SECRET_KEY', kind: 'literal' } },
        { line: 3, column: 19, endColumn: 27, severity: 'high', data: { name: 'password', kind: 'literal' } },
        { line: 3, column: 90, endColumn: 98, data: { name: 'password', kind: 'literal' } },
      ],
    },
  ],
});

// QA round 9 (real-world Dockerfiles): a credential written next to a variable (`postgres://app:pw@${DB_HOST}`) is a
// literal secret; a password that is itself a variable (`redis://:${REDIS_PASSWORD}@redis`) is not.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine\nARG DB_HOST=db\nENV REDIS_URL="redis://:${REDIS_PASSWORD}@redis:6379/0" DSN=postgres://${DB_USER}:${DB_PASS}@${DB_HOST}/app\n', name: 'URL passwords from variables' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM php:8.3-fpm-alpine\nARG DB_HOST=db\nENV DATABASE_URL=postgres://app:Sup3rS3cretPw@${DB_HOST}:5432/app\nENV HOOK="https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX?env=${APP_ENV}"\nUSER 82\n',
      errors: [
        { line: 3, column: 5, endColumn: 66, severity: 'high', data: { name: 'DATABASE_URL', kind: 'literal' } },
        { line: 4, column: 5, severity: 'high', data: { name: 'HOOK', kind: 'literal' } },
      ],
    },
  ],
});

describe('QA round 9: a URL password next to a variable is masked', () => {
  it('does not print the password', async () => {
    const result = await auditSources([{ path: 'Dockerfile', text: 'FROM alpine\nENV DATABASE_URL=postgres://app:Sup3rS3cretPw@${DB_HOST}:5432/app\nUSER 1\n', kind: 'dockerfile' }]);
    expect(result.findings.filter((f) => f.ruleId === 'BW-0103').map((f) => `${f.location.startLine}:${f.location.startColumn}`)).toEqual(['2:5']);
    expect(render(result, 'text', { color: false })).not.toContain('Sup3rS3cretPw');
    expect(render(result, 'json')).not.toContain('Sup3rS3cretPw');
  });
});

// QA round 9 (real-world Dockerfiles, minio/minio): a public key looks random by design; its name says so.
ruleTester(rule, {
  valid: [
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nENV MINIO_UPDATE_MINISIGN_PUBKEY="RWTx5Zr1tiHQLwG9keckT0c45M3AGeHD6IvimQHpyRywVWGbP1aVSGav" \\\n    JWT_PUBLIC_KEY=MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEq1w2e3R4t5Y6u7I8o9P0\nUSER 1\n',
      name: 'public keys',
    },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nENV APP_SIGNING_SEED=RWTx5Zr1tiHQLwG9keckT0c45M3AGeHD6IvimQHpyRywVWGbP1aVSGav\nENV PUBLIC_KEY="-----BEGIN OPENSSH PRIVATE KEY-----"\nUSER 1\n',
      name: 'random value under another name; a private key under a public name',
      errors: [
        { line: 2, column: 5, severity: 'high', data: { name: 'APP_SIGNING_SEED', kind: 'literal' } },
        { line: 3, column: 5, severity: 'high', data: { name: 'PUBLIC_KEY', kind: 'literal' } },
      ],
    },
  ],
});

// QA round 9 (real-world Dockerfiles): a Django SECRET_KEY holds `$`, which the builder expands: the written rest is
// still the secret. A value that is only references, or a short prefix, is not a literal.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM python:3.12\nENV DB_PASSWORD=${DB_PASSWORD} AUTH_TOKEN="Bearer $TOKEN" API_KEY=$A:$B\nUSER 1\n', name: 'references, short prefix' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM python:3.12\nENV DJANGO_SECRET_KEY=django-insecure-5y#x@2k!q7m^0b8v$w3e9r1t6u4i0o2p\nUSER 1\n',
      errors: [{ line: 2, column: 5, endColumn: 71, severity: 'high', data: { name: 'DJANGO_SECRET_KEY', kind: 'literal' } }],
    },
  ],
});

describe('QA round 9: a secret around a $ expansion is masked in context lines too', () => {
  it('does not print it', async () => {
    const text = 'FROM python:3.12\nENV DJANGO_SECRET_KEY=django-insecure-5y#x@2k!q7m^0b8v$w3e9r1t6u4i0o2p\nENV OPENAI_API_KEY=sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd\nUSER 1\n';
    const result = await auditSources([{ path: 'Dockerfile', text, kind: 'dockerfile' }]);
    const out = render(result, 'text', { color: false }) + render(result, 'json');
    expect(out).not.toContain('django-insecure');
    expect(out).not.toContain('sk-proj-AbCd');
  });
});

// QA (report d7): cloud/cluster credential files and key stores copied from the build context.
describe('secretFileKind: credential files (QA d7)', () => {
  it.each(['credentials.json', 'service-account.json', 'deploy/gcp-key.json', 'my-service-account.json', 'kubeconfig', 'prod.kubeconfig', '/root/.kube/config', 'keystore.p12', 'cert.pfx', 'app.jks', 'release.keystore'])('%s is high', (p) =>
    expect(secretFileKind(p)).toBe('high'));
  it.each(['package.json', 'public-key.json', 'truststore.jks', 'config', 'tsconfig.json'])('%s is not a secret file', (p) => expect(secretFileKind(p)).toBeUndefined());
});

ruleTester(rule, {
  valid: [{ kind: 'dockerfile', code: 'FROM python:3.12-slim\nCOPY config.yaml /app/config.yaml\nCOPY truststore.jks /app/\nUSER 1000\n', name: 'settings file and a truststore' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM python:3.12-slim\nCOPY credentials.json /app/credentials.json\nCOPY kubeconfig /root/.kube/config\nCOPY keystore.p12 /app/keystore.p12\nCOPY id_rsa /root/.ssh/id_rsa\nUSER 1000\n',
      name: 'QA d7: credentials.json, kubeconfig, keystore.p12, id_rsa',
      errors: [
        { line: 2, column: 6, endColumn: 22, severity: 'high', data: { name: 'credentials.json', kind: 'file' }, message: 'COPY credentials.json puts a private key or credentials file into an image layer (deleting it later does not remove it)' },
        { line: 3, column: 6, endColumn: 16, severity: 'high', data: { name: 'kubeconfig', kind: 'file' } },
        { line: 4, column: 6, endColumn: 18, severity: 'high', data: { name: 'keystore.p12', kind: 'file' } },
        { line: 5, column: 6, endColumn: 12, severity: 'high', data: { name: 'id_rsa', kind: 'file' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nCOPY deploy/admin.conf /root/.kube/config\nADD sa-key.json /secrets/\nUSER 1000\n',
      name: 'a kubeconfig by its destination; a GCP *-key.json',
      errors: [
        { line: 2, column: 24, endColumn: 42, severity: 'high', data: { name: '/root/.kube/config', kind: 'file' }, message: 'COPY writes the credentials file /root/.kube/config into an image layer (deleting it later does not remove it)' },
        { line: 3, column: 5, endColumn: 16, severity: 'high', data: { name: 'sa-key.json', kind: 'file' } },
      ],
    },
  ],
});

// QA (report d1): credentials on RUN command lines are stored in the image history (docker history).
ruleTester(rule, {
  valid: [
    {
      kind: 'dockerfile',
      code: 'FROM python:3.12-slim\nRUN DB_PASSWORD=$DB_PW python manage.py migrate && docker login -u bot -p "${REG_PW}" r.example.com\nRUN --mount=type=secret,id=aws aws configure set aws_secret_access_key "$(cat /run/secrets/aws)"\nRUN htpasswd -bc /etc/nginx/htpasswd admin "$ADMIN_PW" && npm config set //registry.npmjs.org/:_authToken ${NPM_TOKEN}\nRUN DB_HOST=db LOG_LEVEL=debug ./run\n',
      name: 'variable references and non-secret names',
    },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM python:3.12-slim\nRUN DB_PASSWORD=Migr4teS3cret! python manage.py migrate\nRUN aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nRUN docker login -u bot -p hunter2hunter registry.example.com\nRUN npm config set //registry.npmjs.org/:_authToken npm_abcdefABCDEF0123456789abcdefABCDEF01\nRUN htpasswd -bc /etc/nginx/htpasswd admin \'S3cr3tAdm1n\'\nUSER 1000\n',
      name: 'QA d1: NAME=literal prefix, aws configure set, docker login -p, npm config set _authToken, htpasswd -b',
      errors: [
        { line: 2, column: 17, endColumn: 31, severity: 'high', data: { kind: 'literal' }, message: 'RUN writes a literal credential (password): it is in the Dockerfile and the build history (docker history)' },
        { line: 3, column: 45, endColumn: 85, severity: 'high', data: { name: 'aws-secret-key', kind: 'literal' } },
        { line: 4, column: 28, endColumn: 41, severity: 'high', data: { name: 'password', kind: 'literal' } },
        { line: 5, column: 53, endColumn: 93, severity: 'high', data: { name: 'npm-token', kind: 'literal' } },
        { line: 6, column: 45, endColumn: 56, severity: 'high', data: { name: 'password', kind: 'literal' } },
      ],
    },
  ],
});

// QA B 05: a literal piped into `docker login --password-stdin` is the same password as `docker login -p`.
ruleTester(rule, {
  valid: [{ kind: 'dockerfile', code: 'FROM docker:24\nRUN echo "$REG_PW" | docker login -u bot --password-stdin r.example.com\nUSER 1000\n', name: 'a variable piped in' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM docker:24\nRUN echo "Rg7pQ2vLx9TsK4mW" | docker login -u deploy --password-stdin registry.example.com\nRUN docker login -u x --password-stdin r <<< \'hunter2hunter\'\nUSER 1000\n',
      name: 'echo "pw" | docker login --password-stdin, and a here-string',
      errors: [
        { line: 2, column: 11, endColumn: 27, severity: 'high', data: { name: 'password', kind: 'literal' } },
        { line: 3, column: 47, endColumn: 60, severity: 'high', data: { name: 'password', kind: 'literal' } },
      ],
    },
  ],
});

describe('RUN command-line credentials are masked (QA d1)', () => {
  it('no format shows the values', async () => {
    const code = 'FROM python:3.12-slim\nRUN DB_PASSWORD=Migr4teS3cret! python manage.py migrate\nRUN docker login -u bot -p hunter2hunter registry.example.com\nRUN htpasswd -nb admin S3cr3tAdm1n\n';
    const result = await auditSources([{ path: 'Dockerfile', text: code, kind: 'dockerfile' }]);
    expect(result.findings.filter((f) => f.ruleId === 'BW-0103')).toHaveLength(3);
    for (const format of ['text', 'json', 'sarif', 'html'] as const) {
      const out = render(result, format, { color: false });
      for (const secret of ['Migr4teS3cret!', 'hunter2hunter', 'S3cr3tAdm1n']) expect(out, `${format}: ${secret}`).not.toContain(secret);
    }
  });
});

// QA (report d2): a build secret read by $(cat /run/secrets/…) and written to a file by redirection stays in the layer.
ruleTester(rule, {
  valid: [
    {
      kind: 'dockerfile',
      code: '# syntax=docker/dockerfile:1\nFROM node:20-alpine\nRUN --mount=type=secret,id=npm_token echo "//registry.npmjs.org/:_authToken=$(cat /run/secrets/npm_token)" > .npmrc && npm ci && rm .npmrc\nUSER node\n',
      name: 'removed in the same RUN',
    },
    {
      kind: 'dockerfile',
      code: '# syntax=docker/dockerfile:1\nFROM node:20-alpine\nRUN --mount=type=secret,id=npm_token echo "$(cat /run/secrets/other)" > .npmrc\nUSER node\n',
      name: 'a file that is not the mounted secret',
    },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: '# syntax=docker/dockerfile:1\nFROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN --mount=type=secret,id=npm_token echo "//registry.npmjs.org/:_authToken=$(cat /run/secrets/npm_token)" > .npmrc && npm ci\nUSER node\n',
      name: 'QA d2: echo "…$(cat /run/secrets/npm_token)" > .npmrc',
      errors: [
        {
          line: 5,
          column: 38,
          endColumn: 107,
          severity: 'high',
          data: { name: 'npm_token', kind: 'secret-mount-copy' },
          message: 'RUN writes build secret npm_token into .npmrc: the file stays in the image layer (a secret mount exists only while its RUN runs)',
        },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nRUN --mount=type=secret,id=pw,target=/run/secrets/pw printf \'%s\' `cat /run/secrets/pw` >> /etc/app.pw\n',
      name: 'backquoted cat of a target= mount, printf >>',
      errors: [{ line: 2, column: 54, severity: 'high', data: { name: 'pw', kind: 'secret-mount-copy' } }],
    },
  ],
});
