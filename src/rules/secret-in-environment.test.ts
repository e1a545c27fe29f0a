import { describe, expect, it } from 'vitest';
import { emptyContainer, fileOrigin } from '../model/types.js';
import type { ReportDescriptor } from './types.js';
import { ruleTester, runCase } from './tester.js';
import rule from './secret-in-environment.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', name: 'QA: $$VAR is the text $VAR after interpolation, a variable name, not a secret', code: 'services:\n  app:\n    image: example/app:1\n    environment:\n      API_KEY: "$$NOT_INTERPOLATED"\n      TOKEN: $${TOKEN_FROM_APP}\n' },
    {
      kind: 'compose',
      name: 'env_file with required: false that is missing: skipped by Compose, nothing to report',
      code: 'services:\n  api:\n    image: org/api:1.0\n    env_file:\n      - path: ./local.env\n        required: false\n',
    },
    { kind: 'compose', name: 'env_file that is there and holds no secret', code: 'services:\n  api:\n    image: org/api:1.0\n    env_file: app.env\n', files: { 'app.env': 'LOG_LEVEL=debug\n' } },
    {
      kind: 'compose',
      name: "a public key looks random but is public (minio's minisign key)",
      code: 'services:\n  minio:\n    image: minio/minio:RELEASE.2025-04-22T22-12-26Z\n    environment:\n      MINIO_UPDATE_MINISIGN_PUBKEY: "RWTx5Zr1tiHQLwG9keckT0c45M3AGeHD6IvimQHpyRywVWGbP1aVSGav"\n      SIGNING_KEY_FINGERPRINT: 3AA5C34371567BD2F2AC6E6D9F2B19E8C7A1E0F4\n',
    },
    { kind: 'compose', name: 'variables that hold no secret in a URL', code: 'services:\n  app:\n    image: app:1.2\n    environment:\n      DATABASE_URL: "postgres://${DB_USER}@${DB_HOST}:${DB_PORT}/app"\n      PGPASSFILE: ${HOME}/.pgpass\n' },
    { kind: 'compose', name: 'secret files, usernames, e-mails, hosts', code: 'services:\n  db:\n    image: postgres\n    environment:\n      - POSTGRES_PASSWORD_FILE=/run/secrets/db_pw\n      - POSTGRES_USER=admin\n      - PGADMIN_DEFAULT_EMAIL=admin@example.com\n      - DB_HOST=db\n      - DB_PORT=5432\n' },
    { kind: 'compose', name: 'empty values hold nothing', code: 'services:\n  vpn:\n    image: x\n    environment:\n      OPENVPN_PASSWORD: ""\n      DOCKER_TLS_VERIFY: ""\n' },
    { kind: 'compose', name: 'pihole non-secrets with # in a value', code: 'services:\n  pihole:\n    image: pihole/pihole\n    environment:\n      - TZ=${TIMEZONE}\n      - PIHOLE_DNS_=172.20.0.2#5054;1.1.1.1 # referencing by name\n      - REV_SERVER=true\n      - ServerIP=${PIHOLE_HOST_IP}\n' },
    { kind: 'compose', name: 'commented out', code: 'services:\n  web:\n    image: nginx\n    environment:\n      # - DB_PASSWORD=hunter2\n      - A=1\n' },
    { kind: 'run', name: 'falco: empty value', code: 'docker run -e FALCO_BPF_PROBE="" falcosecurity/falco:latest' },
    {
      kind: 'kubernetes',
      name: "qa13: $(POSTGRES_PASSWORD) names the container's own variable, whose secretKeyRef is the recommended way",
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\nspec:\n  containers:\n    - name: psql\n      image: postgres:16\n      env:\n        - name: POSTGRES_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n        - name: PGPASSWORD\n          value: $(POSTGRES_PASSWORD)\n        - name: DATABASE_URL\n          value: postgres://app:$(POSTGRES_PASSWORD)@db/app\n',
    },
    { kind: 'run', code: 'docker run -e DB_PASSWORD_FILE=/run/secrets/db -e DB_USER=app nginx' },
    {
      kind: 'compose',
      // QA (2026-12-03, d3-llm.yml): Text Generation Inference's token counts and Django's password settings were high.
      name: 'QA: counts of model tokens and settings about passwords (hashers, validators) hold no secret',
      code: 'services:\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:2.0.4\n    command: --model-id mistralai/Mistral-7B-Instruct-v0.2 --max-input-tokens 3000\n    environment:\n      MAX_INPUT_TOKENS: 3000\n      MAX_TOTAL_TOKENS: 4096\n      TOKENS_PER_MINUTE: 10000\n      MAX_BATCH_PREFILL_TOKENS: 4096\n  django:\n    image: acme/django:1.0\n    environment:\n      PASSWORD_HASHERS: django.contrib.auth.hashers.Argon2PasswordHasher\n      AUTH_PASSWORD_VALIDATORS: default\n',
    },
    { kind: 'run', name: 'QA: a passed-through token count', code: 'docker run --name tgi -e MAX_INPUT_TOKENS -e NUM_TOKENS=512 ghcr.io/huggingface/text-generation-inference:2.0.4\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'QA: tokens, a list of tokens and passwords stay secrets beside token counts and password settings',
      code: 'services:\n  app:\n    image: acme/app:1.0\n    environment:\n      MAX_TOKENS: 4096\n      GITHUB_TOKEN: ghp_abcdefghij0123456789\n      API_TOKENS: Zt7pQ2vX9mK4wR8s,Yq3nB6cW1jL5hT0d\n      DB_PASSWORD: hunter2hunter2\n      PASSWORD: s3cr3t-pw\n      PASSWORD_HASHERS: argon2\n',
      errors: [
        { line: 6, column: 7, target: 'app', severity: 'high', data: { name: 'GITHUB_TOKEN', kind: 'literal' } },
        { line: 7, column: 7, target: 'app', severity: 'high', data: { name: 'API_TOKENS', kind: 'literal' } },
        { line: 8, column: 7, target: 'app', severity: 'high', data: { name: 'DB_PASSWORD', kind: 'literal' } },
        { line: 9, column: 7, target: 'app', severity: 'high', data: { name: 'PASSWORD', kind: 'literal' } },
      ],
    },
    {
      // QA (2026-12-02): `export POSTGRES_PASSWORD='…'` then `-e POSTGRES_PASSWORD` was low "passed through" and passed --fail-on medium.
      kind: 'run',
      name: 'a passthrough -e NAME of a variable the script exports with a literal is written in the file; one it does not export stays passthrough',
      code: "export POSTGRES_PASSWORD='Pg-Pr0d-Secr3t!'\ndocker run -d --name db -e POSTGRES_PASSWORD postgres:16\nAPI_TOKEN=abcd1234efgh\ndocker run -d --name api -e API_TOKEN api:1\n",
      errors: [
        { line: 2, column: 25, target: 'db', severity: 'high', data: { name: 'POSTGRES_PASSWORD', kind: 'literal' }, message: 'secret in environment variable POSTGRES_PASSWORD (password, written in the file)' },
        { line: 4, column: 26, target: 'api', severity: 'low', data: { name: 'API_TOKEN', kind: 'passthrough' }, message: "(token, passed through from the caller's environment)" },
      ],
    },
    {
      kind: 'run',
      name: 'documentation placeholders (<password>, your_token_here, xxxx) are reported at info; weak real values stay high',
      code: 'docker run --name db -e MYSQL_ROOT_PASSWORD=<password> -e API_TOKEN=your_token_here -e REDIS_PASSWORD=xxxxxx -e ADMIN_PASSWORD=changeme mysql:8\n',
      errors: [
        { line: 1, column: 22, target: 'db', severity: 'info', data: { name: 'MYSQL_ROOT_PASSWORD', kind: 'literal' }, message: 'placeholder for a secret in environment variable MYSQL_ROOT_PASSWORD (password, written in the file)' },
        { line: 1, column: 56, target: 'db', severity: 'info', data: { name: 'API_TOKEN', kind: 'literal' } },
        { line: 1, column: 85, target: 'db', severity: 'info', data: { name: 'REDIS_PASSWORD', kind: 'literal' } },
        { line: 1, column: 110, target: 'db', severity: 'high', data: { name: 'ADMIN_PASSWORD', kind: 'literal' }, message: 'secret in environment variable ADMIN_PASSWORD (password, written in the file)' },
      ],
    },
    {
      kind: 'compose',
      name: 'QA: an env file that is not there (kept out of the repository) is unknown, at info',
      code: 'services:\n  api:\n    image: org/api:1.0\n    env_file: [./api.env, "${ENV_FILE}"]\n',
      errors: [
        { line: 4, column: 16, endColumn: 25, target: 'api', severity: 'info', certainty: 'unknown', data: { envFile: './api.env' }, message: 'env file ./api.env could not be read (not found or not readable here): the variables it sets, and any secret among them, are not known' },
        { line: 4, column: 27, target: 'api', severity: 'info', certainty: 'unknown', message: 'could not be read (its path depends on an unset variable)' },
      ],
    },
    {
      kind: 'run',
      name: 'QA: docker run --env-file of a file that is not there',
      code: 'docker run --name ef --env-file ./missing.env img:1\n',
      errors: [{ line: 1, column: 22, target: 'ef', severity: 'info', certainty: 'unknown', data: { envFile: './missing.env' } }],
    },
    {
      kind: 'compose',
      name: 'the password a secret variable inside a URL: it reaches the environment, filled in (medium)',
      // `$(…)` is not Compose interpolation (it is Kubernetes'): DB_URI holds that literal text, no secret.
      code: 'services:\n  app:\n    image: app:1.2\n    environment:\n      DATABASE_URL: "postgres://admin:${DB_PASSWORD}@${DB_HOST}/app"\n      MM_SQLSETTINGS_DATASOURCE: postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@postgres:5432/mattermost\n      DB_URI: $(DB_PASSWORD)\n',
      errors: [
        { line: 5, column: 7, target: 'app', severity: 'medium', data: { name: 'DATABASE_URL', kind: 'interpolated' }, message: 'secret in environment variable DATABASE_URL (password, filled in from a variable)' },
        { line: 6, column: 7, target: 'app', severity: 'medium', data: { name: 'MM_SQLSETTINGS_DATASOURCE', kind: 'interpolated' }, message: 'secret in environment variable MM_SQLSETTINGS_DATASOURCE (password, filled in from a variable)' },
      ],
    },
    {
      kind: 'compose',
      name: 'a password written in a URL beside an unset variable is written in the file',
      code: 'services:\n  app:\n    image: app:1.2\n    environment:\n      DATABASE_URL: "postgres://admin:S3cretPw99@${DB_HOST}/app"\n',
      errors: [{ line: 5, column: 7, target: 'app', severity: 'high', data: { name: 'DATABASE_URL', kind: 'interpolated' }, message: 'secret in environment variable DATABASE_URL (url-credentials, written in the file)' }],
    },
    {
      kind: 'compose',
      name: "a lifecycle hook's own environment (compose-spec post_start)",
      code: 'services:\n  app:\n    image: app:1.2\n    post_start:\n      - command: ./migrate.sh\n        environment:\n          - DB_PASSWORD=Sup3rS3cretPassw0rd\n',
      errors: [{ line: 7, column: 13, target: 'app', severity: 'high', data: { name: 'DB_PASSWORD', kind: 'literal' }, message: 'secret in environment variable DB_PASSWORD of a lifecycle hook (password, written in the file)' }],
    },
    {
      kind: 'compose',
      name: 'wg-easy: a bcrypt PASSWORD_HASH ($$ escaped) is a password hash, low, and still masked',
      code: "services:\n  wg-easy:\n    image: ghcr.io/wg-easy/wg-easy:14\n    environment:\n      - PASSWORD_HASH=$$2y$$10$$hBCoykrB95WSzuV4fafBzOHWKu9sbyVa34GJr8VV5R/pIelfEMYyG\n      - ADMIN_PASSWORD=hunter2hunter2\n",
      errors: [
        { line: 5, column: 9, target: 'wg-easy', severity: 'low', data: { name: 'PASSWORD_HASH', kind: 'literal' }, message: 'PASSWORD_HASH (password-hash, written in the file)' },
        { line: 6, column: 9, target: 'wg-easy', severity: 'high', data: { name: 'ADMIN_PASSWORD', kind: 'literal' } },
      ],
    },
    {
      kind: 'run',
      name: 'vaultwarden: an argon2id ADMIN_TOKEN is low',
      code: "docker run -e ADMIN_TOKEN='$argon2id$v=19$m=65540,t=3,p=4$bXBGMENBZUVzT3VUSFErTzQzK2xEVzJtZ3N5VzJ4N2dmZkEvUGhoVDJyWT0$6tC4FTTG2OwXEnS4vFJN4ZrMNRnhXs5J8X8kv+9wY3M' vaultwarden/server",
      errors: [{ line: 1, column: 12, severity: 'low', data: { name: 'ADMIN_TOKEN' } }],
    },
    {
      kind: 'compose',
      name: 'pihole: WEBPASSWORD from ${PIHOLE_PW} is interpolated (medium)',
      code: 'services:\n  pihole:\n    image: pihole/pihole\n    environment:\n      - TZ=${TIMEZONE}\n      - WEBPASSWORD=${PIHOLE_PW}\n',
      errors: [{ line: 6, column: 9, endLine: 6, endColumn: 33, target: 'pihole', severity: 'medium', data: { name: 'WEBPASSWORD', kind: 'interpolated' } }],
    },
    {
      kind: 'compose',
      name: 'frigate: mapping form, literal (high), value never in the message',
      code: 'services:\n  frigate:\n    image: x\n    environment:\n      FRIGATE_RTSP_PASSWORD: "s3cr3t-Value"\n',
      errors: [{ line: 5, column: 7, endLine: 5, endColumn: 44, target: 'frigate', severity: 'high', data: { name: 'FRIGATE_RTSP_PASSWORD', kind: 'literal' }, message: 'FRIGATE_RTSP_PASSWORD (password, written in the file)' }],
    },
    {
      kind: 'compose',
      name: 'mysql root password literal; MYSQL_ROOT_HOST is not a secret',
      code: 'services:\n  db:\n    image: mysql\n    environment:\n      MYSQL_ROOT_HOST: "%"\n      MYSQL_ROOT_PASSWORD: test\n',
      errors: [{ line: 6, column: 7, endColumn: 32, target: 'db', severity: 'high', data: { name: 'MYSQL_ROOT_PASSWORD', kind: 'literal' } }],
    },
    {
      kind: 'compose',
      name: 'secret by value: a GitHub token under a neutral name',
      code: 'services:\n  ci:\n    image: x\n    environment:\n      - GH=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n',
      errors: [{ line: 5, column: 9, severity: 'high', data: { name: 'GH', kind: 'literal' } }],
    },
    {
      kind: 'run',
      code: 'docker run -e MYSQL_ROOT_PASSWORD=test -e API_TOKEN -e "DB_PASS=$PW" mysql',
      errors: [
        { line: 1, column: 12, endColumn: 39, target: 'mysql', severity: 'high', data: { name: 'MYSQL_ROOT_PASSWORD', kind: 'literal' } },
        { line: 1, column: 40, endColumn: 52, severity: 'low', data: { name: 'API_TOKEN', kind: 'passthrough' } },
        { line: 1, column: 53, severity: 'medium', data: { name: 'DB_PASS', kind: 'interpolated' } },
      ],
    },
  ],
});

describe('secret-in-environment masking (R-S)', () => {
  it('never puts the value in the message', async () => {
    const { findings } = await runCase(rule, { kind: 'compose', code: 'services:\n  db:\n    image: mysql\n    environment:\n      - DB_PASSWORD=hunter2-Xy\n' });
    expect(findings).toHaveLength(1);
    expect(findings[0].message).not.toContain('hunter2');
  });
  it('passes the value range as a secret range', () => {
    const c = emptyContainer({ kind: 'service', name: 'db', range: { file: 'c.yaml', start: 0, end: 2 } }, 'compose', 'c.yaml');
    c.env.push({ name: 'DB_PASSWORD', value: 'hunter2', raw: 'hunter2', kind: 'literal', origin: fileOrigin('c.yaml', 10, 29), valueOrigin: fileOrigin('c.yaml', 22, 29) });
    const got: ReportDescriptor[] = [];
    rule.checkContainer!(c, { report: (d) => got.push(d) });
    expect(got.map((d) => d.secretRanges)).toEqual([[{ file: 'c.yaml', start: 22, end: 29 }]]);
  });
});

describe('secret-in-environment: containers read from inspect output (message wording)', () => {
  const inspect = (extra: Record<string, unknown>) =>
    JSON.stringify([{ Id: 'a1', Name: '/web', Config: { Image: 'nginx', Env: ['MYSQL_ROOT_PASSWORD=podmansecret42'] }, HostConfig: {}, State: { Status: 'running' }, ...extra }], null, 2);
  const messages = async (text: string) => {
    const { auditSources } = await import('../engine/audit.js');
    const r = await auditSources([{ path: 'c.json', text, kind: 'inspect' }], { rules: [rule] });
    return r.findings.map((f) => f.message);
  };
  it('docker inspect: "set in the container\'s configuration", readable through docker inspect', async () => {
    expect(await messages(inspect({}))).toEqual([
      "secret in environment variable MYSQL_ROOT_PASSWORD (password, set in the container's configuration): readable through docker inspect and /proc/1/environ",
    ]);
  });
  it('podman inspect (OCIRuntime, EffectiveCaps): readable through podman inspect', async () => {
    expect(await messages(inspect({ OCIRuntime: 'crun', EffectiveCaps: ['CAP_CHOWN'] }))).toEqual([
      "secret in environment variable MYSQL_ROOT_PASSWORD (password, set in the container's configuration): readable through podman inspect and /proc/1/environ",
    ]);
  });
});

describe('secret-in-environment: docker exec -e lines (as docker run -e)', () => {
  const text = '#!/bin/sh\ndocker exec -e PASSWORD=Hunter2xyz9 db psql\ndocker run -d --name web -e DB_PASSWORD=Sup3rS3cret99 nginx:1.27\ndocker exec -it --env API_TOKEN=tok_8f3a9c2d7e1b5a4f web sh\n';

  it('reported at the -e flag through its value, into a container the file starts or not; masked in every format', async () => {
    const { auditSources } = await import('../engine/audit.js');
    const { render } = await import('../report/index.js');
    const r = await auditSources([{ path: 'ops.sh', text }], { env: {} });
    const f = r.findings.filter((x) => x.ruleId === 'BW-0026');
    expect(f.map((x) => `${x.location.startLine}:${x.location.startColumn}-${x.location.endLine}:${x.location.endColumn} ${x.severity} ${x.certainty} ${x.target.kind}/${x.target.name} ${JSON.stringify(x.data)}`)).toEqual([
      '2:13-2:36 high definite file/ops.sh {"name":"PASSWORD","kind":"literal","container":"db"}',
      '3:26-3:54 high definite run/web {"name":"DB_PASSWORD","kind":"literal"}',
      '4:17-4:53 high definite run/web {"name":"API_TOKEN","kind":"literal"}',
    ]);
    expect(f[0].message).toBe(
      "secret in environment variable PASSWORD of a docker exec into container db (password, written in the file): readable through /proc of the exec's process and, while docker exec runs, its command line on the host (ps)",
    );
    expect(f[2].message).toMatch(/^secret in environment variable API_TOKEN of a docker exec \(token, written in the file\)/);
    for (const fmt of ['text', 'json', 'sarif', 'html'] as const) {
      const out = render(r, fmt, { color: false });
      for (const s of ['Hunter2xyz9', 'Sup3rS3cret99', 'tok_8f3a9c2d7e1b5a4f']) expect(out).not.toContain(s);
    }
  });
});
