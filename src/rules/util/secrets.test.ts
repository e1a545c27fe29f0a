import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifySecretName, FORMAT_CUE, isPasswordHash, isPlaceholderValue, isSecretEnv, looksLikeSecretValue, secretFormatOf, secretNameKind, secretsInText, shannonEntropy, TOKEN_FORMATS } from './secrets.js';

// R-S, CIS 1.6.0 4.10; corpus EXPECTED.md "Secret files and empty values are not secrets".
describe('classifySecretName', () => {
  it.each([
    ['WEBPASSWORD', 'password'],
    ['MYSQL_ROOT_PASSWORD', 'password'],
    ['FRIGATE_RTSP_PASSWORD', 'password'],
    ['FLUENT_ELASTICSEARCH_PASSWORD', 'password'],
    ['OPENVPN_PASSWORD', 'password'],
    ['db_passwd', 'password'],
    ['DB_PASS', 'password'],
    ['MYSQL_PWD', 'password'],
    ['GPG_PASSPHRASE', 'password'],
    ['AWS_SECRET_ACCESS_KEY', 'secret'],
    ['AWS_ACCESS_KEY_ID', 'access-key'],
    ['XPACK_ENCRYPTEDSAVEDOBJECTS_ENCRYPTIONKEY', 'key'],
    ['ENCRYPTIONKEY', 'key'],
    ['JWT_SIGNINGKEY', 'key'],
    ['MEILI_MASTERKEY', 'key'],
    ['SECRET_KEY_BASE', 'secret'],
    ['clientSecret', 'secret'],
    ['GITHUB_TOKEN', 'token'],
    ['GITHUBTOKEN', 'token'],
    ['API_KEY', 'api-key'],
    ['STRIPE_APIKEY', 'api-key'],
    ['apiKey', 'api-key'],
    ['SSH_PRIVATE_KEY', 'private-key'],
    ['GOOGLE_CREDENTIALS', 'credentials'],
    ['BASIC_AUTH', 'auth'],
    ['ENCRYPTION_KEY', 'key'],
    ['SIGNING_KEY_ID', 'key'],
    ['REDIS_AUTH', 'auth'],
    ['PAPERLESS_DBPASS', 'password'],
    ['SMTPPASS', 'password'],
    ['VAULT_DEV_ROOT_TOKEN_ID', 'token'],
    ['RABBITMQ_ERLANG_COOKIE', 'secret'],
    // qa11 (Compose round 6): OpenLDAP / Jitsi bind passwords, Appwrite's versioned key.
    ['LDAP_BINDPW', 'password'],
    ['SLAPD_ROOTPW', 'password'],
    ['DB_PW', 'password'],
    ['_APP_OPENSSL_KEY_V1', 'key'],
    ['JWT_SECRET_V2', 'secret'],
  ])('%s is a secret name (%s)', (name, kind) => {
    expect(secretNameKind(name)).toBe(kind);
    expect(classifySecretName(name)).toBe(true);
  });

  it.each([
    'PWD', 'OLDPWD', 'TZ', 'REV_SERVER', 'REV_SERVER_TARGET', 'REV_SERVER_DOMAIN', 'REV_SERVER_CIDR', 'ServerIP',
    'ServerIPv6', 'POSTGRES_USER', 'GF_SECURITY_ADMIN_USER', 'PGADMIN_DEFAULT_EMAIL', 'DB_USER', 'ACME_EMAIL',
    'FLUENT_ELASTICSEARCH_USER', 'FLUENT_ELASTICSEARCH_HOST', 'FLUENT_ELASTICSEARCH_PORT',
    'FLUENT_ELASTICSEARCH_SCHEME', 'MYSQL_ROOT_HOST', 'MYSQL_DATABASE', 'DOCKER_TLS_VERIFY', 'DOCKER_HOST',
    'POSTGRES_PASSWORD_FILE', 'MYSQL_ROOT_PASSWORD__FILE', 'DB_PASSWORD_SECRETFILE', 'KEYBOARD_LAYOUT', 'KEY',
    'SORT_KEY', 'PUBLIC_KEY', 'GPG_KEY', 'CLIENT_ID', 'AUTH_METHOD', 'PASSWORD_MIN_LENGTH', 'TOKENIZERS_PARALLELISM',
    'SSH_AUTH_SOCK', 'AUTHOR', 'PASSENGER_APP_ENV', 'FALCO_BPF_PROBE', 'DEBIAN_FRONTEND', 'CGO_ENABLED', '', '___',
    'GF_AUTH_ANONYMOUS_ORG_ROLE', 'GF_AUTH_GOOGLE_ALLOW_SIGN_UP', 'GF_AUTH_GENERIC_OAUTH_SCOPES', 'AUTH_STRATEGY',
    'PROXY_BYPASS', 'COMPASS_URL', 'X264_FIRSTPASS', 'REGISTRY_AUTH_HTPASSWD_REALM', 'TOKEN_AUDIENCE', 'JWT_ISSUER',
    'STRIPE_PUBLISHABLE_KEY', 'RECAPTCHA_SITE_KEY', 'SESSION_COOKIE', 'CLIENT_TOKEN_ID',
    'TOKEN_EXPIRY_SECONDS', 'PASS_LEN', 'PASSWORD_LEN', 'PASSWORD_HASH_ALGO', 'BCRYPT_ROUNDS', 'JWT_TOKEN_TTL_MS', 'PASSWORD_MAX_ATTEMPTS', 'API_KEY_LIMIT',
    // qa11: switches about a secret, not the secret.
    'ENABLE_AUTH', 'DISABLE_AUTH', 'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD', 'ALLOW_EMPTY_PASSWORD', 'SKIP_AUTH',
    'DISABLE_PASSWORD_AUTH', 'FORCE_PASSWORD_CHANGE', 'PW', 'KEY_V1', 'PWA_ENABLED', 'HELPW',
  ])('%s is not a secret name', (name) => {
    expect(classifySecretName(name)).toBe(false);
  });
});

describe('isPasswordHash', () => {
  it.each([
    '$2y$10$hBCoykrB95WSzuV4fafBzOHWKu9sbyVa34GJr8VV5R/pIelfEMYyG',
    '$$2b$$12$$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW',
    '$argon2id$v=19$m=65540,t=3,p=4$bXBGMENBZUVzT3VUSFErTzQzK2xEVzJtZ3N5VzJ4N2dmZkEvUGhoVDJyWT0$6tC4FTTG2OwXEnS4vFJN4ZrMNRnhXs5J8X8kv+9wY3M',
    '$6$rounds=5000$saltsalt$qDH6bD3CSJ4QDVSFKlz1bU9i7QWb0RYzXoFxFPOe8IGwWrABbfvy3hULvqX3NYBbi3WTDqRN8BvzBbBhHg9J11',
  ])('%s is a password hash', (v) => expect(isPasswordHash(v)).toBe(true));
  it.each(['hunter2hunter2', '$2y$10$short', 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '${DB_PASSWORD}'])('%s is not', (v) =>
    expect(isPasswordHash(v)).toBe(false),
  );
});

describe('looksLikeSecretValue', () => {
  it.each([
    ['AKIAIOSFODNN7EXAMPLE', 'aws-access-key-id'],
    ['ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8', 'github-token'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnop', 'github-token'],
    ['glpat-abcdefghij0123456789', 'gitlab-token'],
    ['xoxb-123456789012-abcdefABCDEF', 'slack-token'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE...', 'private-key'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', 'private-key'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'jwt'],
    ['postgres://app:s3cr3t@db:5432/app', 'url-credentials'],
    ['"mysql://root:pw@localhost/x"', 'url-credentials'],
    ['Zx8Qp2Lm9Rt4Vw7Ky1Nb6Hd3', 'high-entropy'],
    ['https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'slack-webhook'],
    ['https://discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz_ABCDEF-0123', 'discord-webhook'],
    ['telegram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw@telegram?chats=@mychannel', 'telegram-bot-token'],
    ['https://api.example.com/v1/notify?channel=ops&access_token=d41d8cd98f00b204', 'url-credentials'],
    ["external_url 'https://gitlab.example.com'\ngitlab_rails['initial_root_password'] = 'MySuperSecretPassword123'", 'embedded-password'],
    ['-Xmx512m -Dspring.datasource.password=hunter2 -Dfoo=bar', 'embedded-password'],
    ['{"user": "app", "password": "s3cr3t!"}', 'embedded-password'],
    // Settings syntax does not hide a token: a pair's value that is one, or the same word with padding.
    ['session=Zx8Qp2Lm9Rt4Vw7Ky1Nb6Hd3Qa', 'high-entropy'],
    ['Zx8Qp2Lm9Rt4Vw7Ky1Nb6Hd3Qa=', 'high-entropy'],
    // QA: a token among program options in one value.
    ['-XX:MaxRAMPercentage=75.0 -Dapi.key=9fK2xQ7mLp4Zt8RwVb3nHc6YdJ1sEa5G', 'embedded-password'],
    ['-Xmx1g --token 9fK2xQ7mLp4Zt8RwVb3nHc6YdJ1sEa5G', 'embedded-password'],
    ['-Xmx1g --github-token=ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'github-token'],
  ])('%s → %s', (value, kind) => {
    expect(looksLikeSecretValue(value)).toEqual({ kind });
  });

  it.each([
    // QA: JVM and program options, OpenTelemetry attribute lists (settings, not one random word).
    '-XX:MaxRAMPercentage=75.0', '-XX:MaxGCPauseMillis=200', '-XX:ActiveProcessorCount=2', '-XX:+UseContainerSupport', '-Dfile.encoding=UTF8',
    '--max-old-space-size=4096', 'service.name=api,deployment.environment=Prod2',
    'mistralai/Mistral-7B-Instruct-v0.2', 'TheBloke/Mistral-7B-Instruct-v0.2-GGUF',
    '-Xms256m -Xmx2g -XX:+UseContainerSupport -Duser.timezone=UTC -Djava.security.egd=file:/dev/./urandom', '-Xmx1g --auth=none --token-file /run/secrets/t',
    '', '   ', 'changeme', 'password', 'f29container', '192.168.1.1', 'Europe/London',
    '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    'postgres://app@db:5432/app', 'postgres://app:${DB_PW}@db/app', 'https://example.com/a/b?c=d',
    'https://api.example.com/notify?token=${NOTIFY_TOKEN}', 'https://example.com/login?token=short', 'https://hooks.slack.com/',
    "gitlab_rails['initial_root_password'] = ENV['ROOT_PW']", "gitlab_rails['initial_root_password'] = $ROOT_PW", '-Dspring.datasource.password=${DB_PW}',
    'password_file=/run/secrets/pw', 'auth=password', 'require_password=true', '{"password": ""}',
    'A035C8C19219BA821ECEA86B64E628F8D684696D', 'this is a long sentence With Digits 123',
  ])('%j is not a secret value', (value) => {
    expect(looksLikeSecretValue(value)).toBeUndefined();
  });

  it('entropy of a uniform 4-letter string is 2 bits', () => {
    expect(shannonEntropy('abcdabcd')).toBe(2);
    expect(shannonEntropy('aaaa')).toBe(0);
  });
});

describe('isSecretEnv', () => {
  it('decides by name when the value is unknown', () => {
    expect(isSecretEnv('WEBPASSWORD')).toEqual({ by: 'name', kind: 'password' });
    // A counter stuck to the word (qa10): still a password; a second host still not.
    expect(['DB_PASSWORD2', 'PASSWORD1', 'DB_PASSWORD2_LIT', 'DB_HOST2'].map((n) => isSecretEnv(n)?.kind)).toEqual(['password', 'password', 'password', undefined]);
    expect(isSecretEnv('POSTGRES_USER')).toBeUndefined();
  });
  it('where secrets are kept is not a secret (SECRET_STORE=vault), a value that is one still is', () => {
    expect(['SECRET_STORE', 'SECRETS_BACKEND', 'KEY_MANAGER', 'PASSWORD_STORE', 'TOKEN_ENGINE'].map((n) => isSecretEnv(n, 'vault'))).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(isSecretEnv('SECRET_STORE', 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB')?.by).toBe('value');
  });
  it('a command that prints a secret and the tuning of one are not secrets (QA: high findings on restic and token settings)', () => {
    const names = ['RESTIC_PASSWORD_COMMAND', 'ACCESS_TOKEN_MAX_AGE', 'REFRESH_TOKEN_VALIDITY', 'TOKEN_REFRESH_THRESHOLD', 'PASSWORD_CHARSET', 'DB_PASSWORD_ENCRYPTION'];
    const values = ['cat /run/secrets/restic_password', '900', '30d', '300', 'alnum', 'scram-sha-256'];
    expect(names.map((n, i) => isSecretEnv(n, values[i]))).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    // The credential itself still is.
    expect(isSecretEnv('RESTIC_PASSWORD', 'cat /run/secrets/restic_password')?.kind).toBe('password');
  });
  it('secretsInText: tokens, URL passwords, PEM bodies and secret-named literals anywhere in a text, not references or paths', () => {
    const text = [
      '# AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'labels:',
      '  deploy-token: glpat-AbCdEfGhIjKlMnOpQrSt',
      '  db.password: "Sup3rS3cret!"',
      '  password_file: /run/secrets/x',
      '  api_key: ${API_KEY}',
      '  DEBUG: "true"',
      'RUN DB_PASSWORD=Migr4teS3cret! python manage.py migrate # postgres://app:pw0rd@db/app',
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEpAIBAAKCAQEA',
      '-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const out = text.split('');
    for (const r of secretsInText(text)) for (let i = r.start; i < r.end; i++) if (out[i] !== '\n') out[i] = '*';
    expect(out.join('').split('\n')).toEqual([
      '# AWS_SECRET_ACCESS_KEY: ****************************************',
      'labels:',
      '  deploy-token: **************************',
      '  db.password: "************"',
      '  password_file: /run/secrets/x',
      '  api_key: ${API_KEY}',
      '  DEBUG: "true"',
      'RUN DB_PASSWORD=************** python manage.py migrate # postgres://app:*****@db/app',
      '-----BEGIN RSA PRIVATE KEY-----',
      '****************',
      '-----END RSA PRIVATE KEY-----',
    ]);
  });
  it('literal values under secret names are secrets', () => {
    expect(isSecretEnv('FRIGATE_RTSP_PASSWORD', 'password')).toEqual({ by: 'name', kind: 'password' });
    expect(isSecretEnv('MYSQL_ROOT_PASSWORD', '"test"')).toEqual({ by: 'name', kind: 'password' });
  });
  it('empty values, booleans and paths are not secrets', () => {
    expect(isSecretEnv('OPENVPN_PASSWORD', '')).toBeUndefined();
    expect(isSecretEnv('OPENVPN_PASSWORD', '""')).toBeUndefined();
    expect(isSecretEnv('DISABLE_AUTH', 'true')).toBeUndefined();
    expect(isSecretEnv('DISABLE_AUTH', '1')).toBeUndefined();
    expect(isSecretEnv('POSTGRES_PASSWORD_FILE', '/run/secrets/db_pw')).toBeUndefined();
    expect(isSecretEnv('DB_PASSWORD', '/run/secrets/db_pw')).toBeUndefined();
    expect(isSecretEnv('GOOGLE_APPLICATION_CREDENTIALS', '/app/key.json')).toBeUndefined();
  });
  it('an *_AUTH variable naming a mechanism holds no secret; one holding a credential does', () => {
    expect(isSecretEnv('SMTP_AUTH', 'login')).toBeUndefined();
    expect(isSecretEnv('MAIL_AUTH', 'PLAIN')).toBeUndefined();
    expect(isSecretEnv('PROXY_AUTH', 'basic')).toBeUndefined();
    expect(isSecretEnv('REGISTRY_AUTH', 'htpasswd')).toBeUndefined();
    expect(isSecretEnv('REDIS_AUTH', 'foobarbaz')).toEqual({ by: 'name', kind: 'auth' });
    expect(isSecretEnv('BASIC_AUTH', 'user:password')).toEqual({ by: 'name', kind: 'auth' });
  });
  it('relative paths to files are not secrets; a base64 secret holding "/" still is', () => {
    expect(isSecretEnv('xpack.security.http.ssl.key', 'certs/es01/es01.key')).toBeUndefined();
    expect(isSecretEnv('TLS_KEY', './certs/server.key')).toBeUndefined();
    expect(isSecretEnv('SSL_PRIVATE_KEY', '../secrets/tls')).toBeUndefined();
    expect(isSecretEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toEqual({ by: 'name', kind: 'secret' });
    expect(isSecretEnv('API_KEY', 'abc/def.ghi-Jkl')).toEqual({ by: 'name', kind: 'api-key' });
  });
  it('plural names hold lists of secrets (qa4: bitnami/kafka KAFKA_CLIENT_PASSWORDS)', () => {
    expect(isSecretEnv('KAFKA_CLIENT_PASSWORDS', 'bitnami')).toEqual({ by: 'name', kind: 'password' });
    expect(isSecretEnv('API_TOKENS', 'a,b')).toEqual({ by: 'name', kind: 'token' });
    expect(isSecretEnv('KAFKA_CLIENT_USERS', 'user')).toBeUndefined();
  });
  it('QA: counts of model tokens and settings about passwords are no secrets; tokens and passwords are', () => {
    expect(isSecretEnv('MAX_INPUT_TOKENS', '3000')).toBeUndefined();
    expect(isSecretEnv('MAX_TOTAL_TOKENS', '4096')).toBeUndefined();
    expect(isSecretEnv('TOKENS_PER_MINUTE', '10000')).toBeUndefined();
    expect(isSecretEnv('MAX_TOKENS', '4096')).toBeUndefined();
    expect(isSecretEnv('MAX_TOKENS')).toBeUndefined();
    expect(isSecretEnv('CONTEXT_TOKENS', '8192')).toBeUndefined();
    expect(isSecretEnv('PASSWORD_HASHERS', 'django.contrib.auth.hashers.Argon2PasswordHasher')).toBeUndefined();
    expect(isSecretEnv('AUTH_PASSWORD_VALIDATORS', 'default')).toBeUndefined();
    expect(isSecretEnv('LOGIN_MODULE', 'org.apache.kafka.common.security.plain.PlainLoginModule')).toBeUndefined();
    expect(isSecretEnv('SESSION', 'aB3xY9zQ.kL7mN2pR.wT5vU8sD')).toEqual({ by: 'value', kind: 'high-entropy' });
    expect(isSecretEnv('GITHUB_TOKEN', 'ghp_abcdefghij0123456789')).toEqual({ by: 'name', kind: 'token' });
    expect(isSecretEnv('API_TOKENS', 'Zt7pQ2vX9mK4wR8s')).toEqual({ by: 'name', kind: 'token' });
    expect(isSecretEnv('API_TOKENS')).toEqual({ by: 'name', kind: 'token' });
    expect(isSecretEnv('ADMIN_TOKEN', '4096')).toEqual({ by: 'name', kind: 'token' });
    expect(isSecretEnv('DB_PASSWORD', 'hunter2')).toEqual({ by: 'name', kind: 'password' });
    expect(isSecretEnv('PASSWORD', '1234')).toEqual({ by: 'name', kind: 'password' });
  });
  it('finds secrets by value under harmless names', () => {
    // QA: an Authorization value under a bare name.
    expect(isSecretEnv('AUTH', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc')).toEqual({ by: 'value', kind: 'authorization' });
    expect(isSecretEnv('HEADER', 'Basic dXNlcjpwYXNzd29yZA==')).toEqual({ by: 'value', kind: 'authorization' });
    expect(isSecretEnv('HEADER', 'Bearer ${TOKEN}')).toBeUndefined();
    expect(isSecretEnv('MODE', 'Bearer')).toBeUndefined();
    expect(isSecretEnv('TITLE', 'Token economy')).toBeUndefined();
    expect(isSecretEnv('TITLE', 'Token economics')).toBeUndefined();
    expect(isSecretEnv('DATABASE_URL', 'postgres://app:pw@db/app')).toEqual({ by: 'value', kind: 'url-credentials' });
    expect(isSecretEnv('SOMETHING', 'AKIAIOSFODNN7EXAMPLE')).toEqual({ by: 'value', kind: 'aws-access-key-id' });
    expect(isSecretEnv('TZ', 'Europe/Berlin')).toBeUndefined();
    // qa11: NocoDB's DSN with `u=`/`p=` query parameters; a page number `?p=2` is not a password.
    expect(isSecretEnv('NC_DB', 'pg://root_db:5432?u=postgres&p=password&d=root_db')).toEqual({ by: 'value', kind: 'url-credentials' });
    expect(isSecretEnv('LINK', 'https://example.org/?p=2')).toBeUndefined();
    expect(isSecretEnv('LINK', 'https://example.org/?u=me&p=2')).toBeUndefined();
    // qa11 (run lines): Shoutrrr URLs carry the token as the user part.
    expect(isSecretEnv('WATCHTOWER_NOTIFICATION_URL2', 'discord://tokenabcdefghijk@123456789012345678')).toEqual({ by: 'value', kind: 'notification-url' });
    expect(isSecretEnv('WATCHTOWER_NOTIFICATION_URL', 'gotify://gotify.example.com/AbCdEf123456789')).toEqual({ by: 'value', kind: 'notification-url' });
    expect(isSecretEnv('WATCHTOWER_NOTIFICATION_URL', 'discord://${DISCORD_TOKEN}@123456789012345678')).toBeUndefined();
    expect(isSecretEnv('NOTIFY', 'smtp://mail.example.com:25/?from=a@example.com')).toBeUndefined();
    // qa13 (Kubernetes): base64 of JSON configuration is not a secret; base64 of a Docker config.json with auth is.
    expect(isSecretEnv('VAULT_CONFIG', 'eyJhdXRvX2F1dGgiOnsibWV0aG9kIjp7InR5cGUiOiJrdWJlcm5ldGVzIn19fQ==')).toBeUndefined();
    const dockerConfig = Buffer.from('{"auths":{"registry.example.com":{"auth":"dXNlcjpTM2NyZXRQYXNz"}}}').toString('base64');
    expect(isSecretEnv('DOCKER_CONFIG_JSON', dockerConfig)).toEqual({ by: 'value', kind: 'high-entropy' });
    // qa12 (Dockerfiles): a Stripe publishable key is public by design; the secret key is not.
    expect(isSecretEnv('STRIPE_PUBLISHABLE_KEY', 'pk_live_51HqLyjWDarjtT1zdp7dc')).toBeUndefined();
    expect(isSecretEnv('STRIPE_SECRET_KEY', 'sk_live_51HqLyjWDarjtT1zdp7dcXyZ')).toEqual({ by: 'name', kind: 'secret' });
  });
  it('never throws and agrees with classifySecretName when the value is unknown', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string(), { nil: undefined }), (name, value) => {
        const v = isSecretEnv(name, value);
        if (value === undefined) expect(v !== undefined).toBe(classifySecretName(name));
        if (value !== undefined && value.trim() === '') expect(v).toBeUndefined();
      }),
    );
  });
});

describe('isPasswordHash: htpasswd forms (qa13)', () => {
  it('Apache MD5 ($apr1$) and {SHA}, with Compose $$ escapes; not a plain word', () => {
    expect(isPasswordHash('$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/')).toBe(true);
    expect(isPasswordHash('{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=')).toBe(true);
    expect(isPasswordHash('apr1H6uskkkW')).toBe(false);
  });
});

describe('the shortest values of each known format (knownFormat skips anything shorter than 7 characters)', () => {
  it.each([
    ['a://:b@', 'url-credentials'],
    ['passwd:abcd', 'embedded-password'],
    ['?u=x&p=abcd', 'url-credentials'],
    ['?pwd=abcdefgh', 'url-credentials'],
    ['xoxb-abcdefghij', 'slack-token'],
    ['join://abcdefgh@', 'notification-url'],
  ])('%s is %s', (value, kind) => {
    expect(looksLikeSecretValue(value)).toEqual({ kind });
  });
});

describe('isPlaceholderValue', () => {
  it.each(['<password>', '<YOUR_API_TOKEN>', 'your_password_here', 'YOUR-GITHUB-TOKEN', 'yourpassword', 'enter-secret', 'replace_me', 'xxxxxx', 'XXXX', '******', '...', '…'])(
    '%s is a placeholder',
    (v) => expect(isPlaceholderValue(v)).toBe(true),
  );
  it.each(['changeme', 'password', 'test', 'my-secret-pw', 'xxx', 'hunter2', 'your', '<a>b', 'yourcompanyname', 'enter' + 'a'.repeat(200) + 'password'])(
    '%s is not a placeholder',
    (v) => expect(isPlaceholderValue(v)).toBe(false),
  );
});

describe('FORMAT_CUE: the one test before the format tests', () => {
  // One example of every format (TOKEN_FORMATS, URL_CREDENTIALS), upper and lower case where the format allows both.
  const EXAMPLES: [string, string][] = [
    ['-----BEGIN EC PRIVATE KEY-----', 'private-key'],
    ['ASIAIOSFODNN7EXAMPLE', 'aws-access-key-id'],
    ['gho_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8', 'github-token'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnop', 'github-token'],
    ['glpat-abcdefghij0123456789', 'gitlab-token'],
    ['xoxp-123456789012-abcdef', 'slack-token'],
    ['rk_live_abcdefghij0123456789AB', 'stripe-key'],
    ['AIzaSyA-1234567890abcdefghijklmnopqrstu', 'google-api-key'],
    ['sk-ant-abcdefghijklmnopqrstuvwxyz0123456789', 'api-key'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmN', 'jwt'],
    ['https://hooks.slack.com/workflows/T00000000/B00000000/XXXXXXXX', 'slack-webhook'],
    ['https://discordapp.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz', 'discord-webhook'],
    ['TOKEN=123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', 'telegram-bot-token'],
    ['NTFY://abcdefghij@ntfy.sh/topic', 'notification-url'],
    ['gotify://push.example.com/Abcdefghijkl', 'notification-url'],
    ['PASSWORD = "abcdefgh"', 'embedded-password'],
    ['https://x.example/?Client_Secret=abcdefgh12', 'url-credentials'],
    ['pg://db?u=postgres&p=abcd&d=app', 'url-credentials'],
    ['amqp://guest:guestpw@rabbit:5672/', 'url-credentials'],
  ];

  it.each(EXAMPLES)('%s passes the cue and is %s', (value, kind) => {
    expect(FORMAT_CUE.test(value)).toBe(true);
    expect(secretFormatOf(value)).toEqual({ kind });
  });

  it('every kind of TOKEN_FORMATS has an example above', () => {
    const kinds = new Set(TOKEN_FORMATS.map(([, k]) => k));
    expect([...kinds].filter((k) => !EXAMPLES.some(([, e]) => e === k))).toEqual([]);
    expect(kinds.size).toBe(15);
  });

  it('rules out ordinary words of a command line', () => {
    expect(['apt-get', 'install', '--no-install-recommends', 'ca-certificates', '/usr/local/bin', 'DEBIAN_FRONTEND=noninteractive'].filter((w) => FORMAT_CUE.test(w))).toEqual([]);
  });
});
