import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { hardenText } from '../index.js';
import { secretName, sourceVariable } from './secret-files.js';

const only = ['BW-0026'];
const envNote = (n: string, s: string) => `# bulwark: ${n} moved to the Compose secret ${s}, read from the file /run/secrets/${s} (R-S)`;
const topNote = (v: string) => `# bulwark: the value comes from ${v} where docker compose up runs`;

/** BW-0026 findings of an audit of `text` (the audit after harden must have none). */
async function secretFindings(path: string, text: string, env: Record<string, string> = {}): Promise<string[]> {
  const r = await auditSources([{ path, text }], { env });
  return r.findings.filter((f) => f.ruleId === 'BW-0026').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.message}`);
}

describe('BW-0026 fix: the secret moves to a file under /run/secrets (unsafe, R-S, CIS 4.10)', () => {
  it('names the secret after the variable, in lower-case snake case', () => {
    expect(['POSTGRES_PASSWORD', 'dbPassword', 'API_TOKEN', 'X'].map(secretName)).toEqual(['postgres_password', 'db_password', 'api_token', 'x']);
    const e = (raw: string) => sourceVariable({ name: 'DB_PASS', raw, kind: 'interpolated', origin: { kind: 'file', file: 'f', start: 0, end: 0 } });
    expect([e('${DB_PASSWORD}'), e('$PW'), e('${PW:-x}'), e('${PW:?set it}'), e('postgres://u:${PW}@db/x'), e('s3cr3t'), e('')]).toEqual(['DB_PASSWORD', 'PW', 'PW', 'PW', 'DB_PASS', 'DB_PASS', 'DB_PASS']);
  });

  it('Compose map form: the entry becomes NAME_FILE, the service is granted the secret, the top level defines it', async () => {
    // DB_PASSWORD set (as examples/shop/.env does): the composite DATABASE_URL then holds a password (url-credentials).
    const env = { DB_PASSWORD: 'postgres-dev-only' };
    const text =
      'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: shop\n      POSTGRES_PASSWORD: "s3cr3t-Passw0rd"   # rotate\n  web:\n    image: shop/web\n    environment:\n      DATABASE_URL: postgres://shop:${DB_PASSWORD}@db:5432/shop\n      SESSION_KEY: ${SESSION_SECRET:-change-me}\n\nvolumes:\n  data:\n';
    expect((await hardenText({ path: 'compose.yaml', text }, { only, env })).output).toBe(text);
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true, env });
    expect(r.output).toBe(
      'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: shop\n' +
        `      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password  ${envNote('POSTGRES_PASSWORD', 'postgres_password')}   # rotate\n` +
        '    secrets:\n      - postgres_password  # bulwark: mounted at /run/secrets/postgres_password\n' +
        '  web:\n    image: shop/web\n    environment:\n' +
        `      DATABASE_URL_FILE: /run/secrets/database_url  ${envNote('DATABASE_URL', 'database_url')}\n` +
        `      SESSION_KEY_FILE: /run/secrets/session_secret  ${envNote('SESSION_KEY', 'session_secret')}\n` +
        '    secrets:\n      - database_url  # bulwark: mounted at /run/secrets/database_url\n      - session_secret  # bulwark: mounted at /run/secrets/session_secret\n' +
        '\nvolumes:\n  data:\n' +
        `secrets:\n  postgres_password:\n    environment: POSTGRES_PASSWORD  ${topNote('POSTGRES_PASSWORD')}\n` +
        `  database_url:\n    environment: DATABASE_URL  ${topNote('DATABASE_URL')}\n` +
        `  session_secret:\n    environment: SESSION_SECRET  ${topNote('SESSION_SECRET')}\n`,
    );
    expect(r.changes.map((c) => [c.ruleId, c.target, c.line, c.column, c.applicability])).toEqual([
      ['BW-0026', 'db', 6, 7, 'unsafe'],
      // Later rounds (after db's fix created the top-level secrets key), at their lines in the input.
      ['BW-0026', 'web', 10, 7, 'unsafe'],
      ['BW-0026', 'web', 11, 7, 'unsafe'],
    ]);
    expect(r.output).not.toContain('s3cr3t');
    expect(r.output).not.toContain('change-me');
    expect(await secretFindings('compose.yaml', text, env)).toEqual([
      '6:7 secret in environment variable POSTGRES_PASSWORD (password, written in the file): readable through docker inspect and /proc/1/environ',
      '10:7 secret in environment variable DATABASE_URL (url-credentials, filled in from a variable): readable through docker inspect and /proc/1/environ',
      '11:7 secret in environment variable SESSION_KEY (key, written in the file): readable through docker inspect and /proc/1/environ',
    ]);
    expect(await secretFindings('compose.yaml', r.output, env)).toEqual([]);
    const again = await hardenText({ path: 'compose.yaml', text: r.output }, { only, unsafe: true, env });
    expect(again.changes).toEqual([]);
    expect(again.output).toBe(r.output);
  });

  it('Compose list and flow forms keep their syntax; a passthrough entry moves too', async () => {
    const text =
      'services:\n  a:\n    image: x\n    environment:\n      - MODE=fast\n      - API_TOKEN=ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n      - DB_PASSWORD\n  b:\n    image: y\n    environment: {SECRET_KEY: abcdefgh12345678}\n    secrets: [other]\nsecrets:\n  other:\n    file: ./other.txt\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe(
      'services:\n  a:\n    image: x\n    environment:\n      - MODE=fast\n' +
        `      - API_TOKEN_FILE=/run/secrets/api_token  ${envNote('API_TOKEN', 'api_token')}\n` +
        `      - DB_PASSWORD_FILE=/run/secrets/db_password  ${envNote('DB_PASSWORD', 'db_password')}\n` +
        '    secrets:\n      - api_token  # bulwark: mounted at /run/secrets/api_token\n      - db_password  # bulwark: mounted at /run/secrets/db_password\n' +
        '  b:\n    image: y\n    environment: {SECRET_KEY_FILE: /run/secrets/secret_key}\n    secrets: [other, secret_key]\n' +
        'secrets:\n  other:\n    file: ./other.txt\n' +
        `  api_token:\n    environment: API_TOKEN  ${topNote('API_TOKEN')}\n` +
        `  secret_key:\n    environment: SECRET_KEY  ${topNote('SECRET_KEY')}\n` +
        `  db_password:\n    environment: DB_PASSWORD  ${topNote('DB_PASSWORD')}\n`,
    );
    expect(await secretFindings('compose.yaml', r.output)).toEqual([]);
    expect((await hardenText({ path: 'compose.yaml', text: r.output }, { only, unsafe: true })).changes).toEqual([]);
  });

  it('appends to a long-syntax secrets list, reuses a definition of the same variable, and renames on a clash', async () => {
    const text =
      'services:\n  a:\n    image: x\n    environment:\n      API_TOKEN: ${API_TOKEN}\n      DB_PASSWORD: ${DB_PASSWORD}\n    secrets:\n      - source: tls_key\n        mode: 0400\nsecrets:\n  api_token:\n    environment: API_TOKEN\n  db_password:\n    file: ./db_password.txt\n  tls_key:\n    file: ./tls.key\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe(
      'services:\n  a:\n    image: x\n    environment:\n' +
        `      API_TOKEN_FILE: /run/secrets/api_token  ${envNote('API_TOKEN', 'api_token')}\n` +
        `      DB_PASSWORD_FILE: /run/secrets/db_password_2  ${envNote('DB_PASSWORD', 'db_password_2')}\n` +
        '    secrets:\n      - source: tls_key\n        mode: 0400\n      - source: api_token  # bulwark: mounted at /run/secrets/api_token\n      - source: db_password_2  # bulwark: mounted at /run/secrets/db_password_2\n' +
        'secrets:\n  api_token:\n    environment: API_TOKEN\n  db_password:\n    file: ./db_password.txt\n  tls_key:\n    file: ./tls.key\n' +
        `  db_password_2:\n    environment: DB_PASSWORD  ${topNote('DB_PASSWORD')}\n`,
    );
    expect(await secretFindings('compose.yaml', r.output)).toEqual([]);
  });

  it('Compose in a Markdown block whose last top-level key is services: the secrets go at the end of that block', async () => {
    const md = '# Deploy\n\n```yaml\nservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-Passw0rd\n```\n\nDone.\n';
    const r = await hardenText({ path: 'README.md', text: md }, { only, unsafe: true });
    expect(r.output).toBe(
      '# Deploy\n\n```yaml\nservices:\n  db:\n    image: postgres:16\n    environment:\n' +
        `      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password  ${envNote('POSTGRES_PASSWORD', 'postgres_password')}\n` +
        '    secrets:\n      - postgres_password  # bulwark: mounted at /run/secrets/postgres_password\n' +
        `secrets:\n  postgres_password:\n    environment: POSTGRES_PASSWORD  ${topNote('POSTGRES_PASSWORD')}\n` +
        '```\n\nDone.\n',
    );
    expect(await secretFindings('README.md', r.output)).toEqual([]);
    expect((await hardenText({ path: 'README.md', text: r.output }, { only, unsafe: true })).changes).toEqual([]);
  });

  it('leaves a variable that already has a NAME_FILE beside it to the fallback fix (the literal leaves the file)', async () => {
    const text = 'services:\n  a:\n    image: x\n    environment:\n      DB_PASSWORD: hunter2-Secret\n      DB_PASSWORD_FILE: /run/secrets/db\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}  # bulwark: the value of DB_PASSWORD was removed from this file: set DB_PASSWORD in the environment (or use a secret file)\n      DB_PASSWORD_FILE: /run/secrets/db\n');
    expect(r.changes.map((c) => c.title)).toEqual(["take the secret's value out of the file: it comes from the caller's environment"]);
  });

  it('leaves an environment shared through an anchor with a note', async () => {
    const text = 'x-env: &env\n  API_TOKEN: ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nservices:\n  a:\n    image: x\n    environment: *env\n  b:\n    image: y\n    environment: *env\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe(text);
    expect(r.notes).toEqual([
      'a: BW-0026: the environment of this service is the anchor &env, which a and b share; move API_TOKEN to a secret there by hand',
      'b: BW-0026: the environment of this service is the anchor &env, which a and b share; move API_TOKEN to a secret there by hand',
    ]);
  });

  it('grants a secret two entries share once, in a flow list that already names another secret', async () => {
    const text = 'services:\n  db:\n    image: postgres:16\n    secrets: [db_password]\n    environment:\n      DB_PASSWORD: literal-pw-12345\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\nsecrets:\n  db_password:\n    file: ./db_password.txt\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true, env: { DB_PASSWORD: 'x' } });
    expect(r.output.split('\n')[3]).toBe('    secrets: [db_password, db_password_2]');
    expect(r.output).toContain('  db_password_2:\n    environment: DB_PASSWORD');
    expect((await hardenText({ path: 'compose.yaml', text: r.output }, { only, unsafe: true, env: { DB_PASSWORD: 'x' } })).output).toBe(r.output);
  });

  it('leaves an environment written in one service and aliased by another (&envs / *envs) with a note', async () => {
    const text = 'services:\n  other:\n    image: o:1\n    environment: &envs\n      REDIS_PASSWORD: redispw12345\n  third:\n    image: t:1\n    environment: *envs\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe(text);
    expect(r.notes).toEqual([
      'other: BW-0026: the environment of this service is the anchor &envs, which other and third share; move REDIS_PASSWORD to a secret there by hand',
      'third: BW-0026: the environment of this service is the anchor &envs, which other and third share; move REDIS_PASSWORD to a secret there by hand',
    ]);
  });

  it('leaves an entry that shadows the same variable of an env_file (removing it would hand the container the file value)', async () => {
    const text = 'services:\n  api:\n    image: api:1.0\n    env_file: api.env\n    environment:\n      API_KEY: ${API_KEY}\n';
    const readFile = async (p: string) => (p === 'api.env' ? 'API_KEY=dev-key-from-file-123456\n' : undefined);
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true, readFile, env: { API_KEY: 'x' } });
    expect(r.output).toBe(text);
    expect(r.notes).toEqual(['api: BW-0026: API_KEY is also set in the env_file api.env, whose value would take its place; move both to a secret by hand']);
  });

  it('run line: -e NAME=value, -e NAME and --env=NAME=value become a read-only bind mount of $NAME_FILE and NAME_FILE', async () => {
    const run = '#!/bin/sh\nset -eu\ndocker run -d \\\n  -e DB_PASSWORD=hunter2-Secret \\\n  --env="API_TOKEN=ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \\\n  -e MODE=fast \\\n  --network none \\\n  busybox\n';
    const r = await hardenText({ path: 'x.sh', text: run }, { only, unsafe: true });
    expect(r.output).toBe(
      '#!/bin/sh\nset -eu\n' +
        '# bulwark: DB_PASSWORD, API_TOKEN are now read from files: set DB_PASSWORD_FILE, API_TOKEN_FILE to the files holding them (mounted read-only under /run/secrets; the application reads the *_FILE variables)\n' +
        'docker run -d \\\n' +
        '  --mount type=bind,source="${DB_PASSWORD_FILE:?set DB_PASSWORD_FILE to the file holding DB_PASSWORD}",target=/run/secrets/db_password,readonly \\\n' +
        '  -e DB_PASSWORD_FILE=/run/secrets/db_password \\\n' +
        '  --mount type=bind,source="${API_TOKEN_FILE:?set API_TOKEN_FILE to the file holding API_TOKEN}",target=/run/secrets/api_token,readonly \\\n' +
        '  -e API_TOKEN_FILE=/run/secrets/api_token \\\n' +
        '  -e MODE=fast \\\n  --network none \\\n  busybox\n',
    );
    expect(r.output).not.toContain('hunter2');
    expect(r.masked.output).toBe(r.output);
    expect(await secretFindings('x.sh', r.output)).toEqual([]);
    expect((await hardenText({ path: 'x.sh', text: r.output }, { only, unsafe: true })).changes).toEqual([]);

    const one = await hardenText({ path: 'x.sh', text: 'docker run -e GITHUB_TOKEN --network none busybox\n' }, { only, unsafe: true });
    expect(one.output).toBe(
      '# bulwark: GITHUB_TOKEN is now read from a file: set GITHUB_TOKEN_FILE to the file holding it (mounted read-only under /run/secrets; the application reads GITHUB_TOKEN_FILE)\n' +
        'docker run --mount type=bind,source="${GITHUB_TOKEN_FILE:?set GITHUB_TOKEN_FILE to the file holding GITHUB_TOKEN}",target=/run/secrets/github_token,readonly -e GITHUB_TOKEN_FILE=/run/secrets/github_token --network none busybox\n',
    );
    expect(await secretFindings('x.sh', one.output)).toEqual([]);
  });

  it('explains what it stops and what it may break', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run -e GITHUB_TOKEN --network none busybox\n' }, { only, unsafe: true });
    expect(r.changes[0].title).toBe('move the secret out of the environment into a file under /run/secrets, named by NAME_FILE');
    expect(r.changes[0].attack).toContain('/proc/1/environ');
    expect(r.changes[0].breaks).toContain('the application must read NAME_FILE');
    expect(r.changes[0].breaks).toContain('export the whole value as the entry\'s own name');
    expect(r.changes[0].breaks).toContain('--env-file variables are not moved');
  });
});

describe('BW-0026 fix: an environment mapping with a << merge key (qa-c 1)', () => {
  it("moves the service's own entry, leaves the merge as written; the audit after has no BW-0026", async () => {
    const text = 'x-env: &env\n  TZ: UTC\nservices:\n  app:\n    image: busybox\n    environment:\n      <<: *env\n      ADMIN_PASSWORD: admin123\n';
    expect(await secretFindings('compose.yaml', text)).toEqual([
      '8:7 secret in environment variable ADMIN_PASSWORD (password, written in the file): readable through docker inspect and /proc/1/environ',
    ]);
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe(
      'x-env: &env\n  TZ: UTC\nservices:\n  app:\n    image: busybox\n    environment:\n      <<: *env\n' +
        `      ADMIN_PASSWORD_FILE: /run/secrets/admin_password  ${envNote('ADMIN_PASSWORD', 'admin_password')}\n` +
        '    secrets:\n      - admin_password  # bulwark: mounted at /run/secrets/admin_password\n' +
        `secrets:\n  admin_password:\n    environment: ADMIN_PASSWORD  ${topNote('ADMIN_PASSWORD')}\n`,
    );
    expect(r.notes).toEqual([]);
    expect(await secretFindings('compose.yaml', r.output)).toEqual([]);
  });

  it('a secret the merged anchor holds: not fixed, and the note says where it comes from', async () => {
    const text = 'x-env: &env\n  TZ: UTC\n  ADMIN_PASSWORD: admin123\nservices:\n  app:\n    image: busybox\n    environment:\n      <<: *env\n      FOO: bar\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe(text);
    expect(r.notes).toEqual([
      "app: BW-0026: ADMIN_PASSWORD comes from the mapping &env merged into this service's environment with <<; bulwark leaves merges as written: change ADMIN_PASSWORD there by hand",
    ]);
  });
});

describe('BW-0026 fix: Gitea reads GITEA__section__KEY__FILE (QA)', () => {
  it('moves GITEA__database__PASSWD to GITEA__database__PASSWD__FILE', async () => {
    const text = 'services:\n  gitea:\n    image: gitea/gitea:1.22\n    environment:\n      - GITEA__database__PASSWD=s3cr3t-Gitea-pw\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0026'], unsafe: true });
    expect(r.output).toContain('GITEA__database__PASSWD__FILE=/run/secrets/');
    expect(r.output).not.toContain('PASSWD_FILE');
    expect(r.output).not.toContain('s3cr3t-Gitea-pw');
  });
});
