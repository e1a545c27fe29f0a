/**
 * The secret classifier shared by the environment rules (Compose / `docker run` `secret-in-environment`,
 * Dockerfile `df-secret-in-env`, later inspect `Env`): does a variable hold a secret, judged by its name
 * and, when known, by its value?
 *
 * Sources: requirements.md R-S ("secrets in environment … by name and by value: tokens, keys, high
 * entropy"); paper §IV.5 (compromised secrets); CIS Docker Benchmark 1.6.0 4.10 ("Ensure secrets are not
 * stored in Dockerfiles"); corpus EXPECTED.md "Secret files and empty values are not secrets" (`*_FILE`
 * pointing at /run/secrets, empty values, usernames and e-mail addresses are not secrets). Token formats
 * follow the published prefixes of their issuers (AWS IAM key ids, GitHub `ghp_`/`github_pat_`, GitLab
 * `glpat-`, Slack `xox?-`, Stripe `sk_live_`, Google `AIza`, PEM private-key headers, JWT `eyJ…`).
 *
 * Nothing here returns or logs a value: callers get a verdict only and must mask values (`secretRanges`).
 */

/** Why a variable counts as a secret. */
export interface SecretVerdict {
  /** `name`: the variable's name says so (`DB_PASSWORD`); `value`: the value has a token format or high entropy. */
  by: 'name' | 'value';
  /**
   * What kind of secret. By name: `password`, `secret`, `token`, `api-key`, `access-key`, `private-key`,
   * `credentials`, `auth`, `key`. By value: see {@link looksLikeSecretValue}.
   */
  kind: string;
  /**
   * The value is a documentation placeholder, not a credential (`<your-password>`, `your_password_here`, `xxxx`;
   * {@link isPlaceholderValue}): the rules report it at info, since whoever fills it in will put the real secret in
   * the same place. Only set when the name says secret.
   */
  placeholder?: boolean;
}

/**
 * True if a value is a documentation placeholder that stands for the secret a reader fills in: an angle-bracket
 * form (`<password>`, `<YOUR_API_TOKEN>`), a bracketed or braced name (`[YOUR_TOKEN]`, `{API_KEY}`, a template's
 * `{{token}}` / `{{ .Values.token }}`), a phrase (`your_password_here`, `YOUR-GITHUB-TOKEN`, `enter-secret`,
 * `replace_me`), an ellipsis (`...`, `…`) or a run of `x` or `*` (`xxxxxx`, `******`: the masked form of docs), and
 * such an ellipsis or run after a provider's token prefix (`sk-...`, `sk-proj-...`, `sk-ant-...`, `hf_...`,
 * `ghp_xxxxxxxx…`, `sk-xxxxxxxx…`, `glpat-********`, `AKIAXXXXXXXXXXXXXXXX`; a run of `0` counts here too:
 * `sk_live_00000000`): the shape of a token with nothing of one in it ({@link PLACEHOLDER_TOKEN}).
 * Weak but real values (`changeme`, `password`, `test`, `my-secret-pw`) are not placeholders: a container started
 * from that text gets exactly them (corpus EXPECTED.md reports `changeme` and `password` as literal secrets); nor is
 * a token that merely has some `x`s in it (`sk-proj-Ab3xxxxK9…`), nor a bracketed list of values (`["k1","k2"]`).
 */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v.length > 200) return false;
  return (
    (v.length <= 84 && /^(?:<[^<>\n]{1,80}>|\{\{[^{}\n]{1,80}\}\}|\[[A-Za-z]+(?:[-_ .][A-Za-z]+){0,6}\]|\{[A-Za-z]+(?:[-_ .][A-Za-z]+){0,6}\})$/.test(v)) ||
    /^(?:x{4,}|X{4,}|\*{3,}|\.{3,}|…)$/.test(v) ||
    PLACEHOLDER_TOKEN.test(v) ||
    /^(?:your|enter|insert)[-_ .]?(?:[a-z0-9]+[-_ .]){0,3}(?:password|passwd|secret|token|key|pass|pw)(?:[-_ .]?here)?$/i.test(v) ||
    /^(?:replace|fill)[-_ .]?(?:me|this|in)$/i.test(v)
  );
}

/**
 * A token prefix followed by nothing but a placeholder (see {@link isPlaceholderValue}): one to three words of letters
 * and digits each ending in `-` or `_` (`sk-`, `sk-proj-`, `sk-ant-api03-`, `ghp_`, `github_pat_`, `glpat-`,
 * `xoxb-`, `hf_`, `sk_live_`), or an AWS key id's or Google API key's letters (`AKIA`, `ASIA`, `AIza`), then an
 * ellipsis (`...`, `…`) or a run of one character: `x`, `X` (4 or more), `*` (3 or more), `0` (8 or more), and more
 * such runs after `-` or `_` (`xoxb-0000000000-xxxxxxxxxxxx`).
 */
const PLACEHOLDER_TOKEN = /^(?:(?:[A-Za-z][A-Za-z0-9]{0,11}[-_]){1,3}|AKIA|ASIA|AIza)(?:\.{3,}|…|x{4,}|X{4,}|\*{3,}|0{8,})(?:[-_](?:x{4,}|X{4,}|\*{3,}|0{8,}))*$/;

/** Splits `WEBPASSWORD`, `db_password`, `apiKey`, `aws.secret-key` into upper-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w.length > 0)
    // A counter stuck to a word names another of the same (`DB_PASSWORD2`, `PASSWORD1`, `DB_HOST2`).
    .map((w) => (/^[A-Z]{3,}\d{1,2}$/.test(w) ? w.replace(/\d+$/, '') : w))
    // A version as the last word names the same secret in a rotation (Appwrite's `_APP_OPENSSL_KEY_V1`).
    .filter((w, i, all) => !(i === all.length - 1 && i > 0 && /^V\d{1,3}$/.test(w)));
}

/**
 * Words that make what follows a switch about a secret, not the secret: `ENABLE_AUTH`, `DISABLE_PASSWORD_AUTH`,
 * MariaDB's `MARIADB_ALLOW_EMPTY_ROOT_PASSWORD` and bitnami's `ALLOW_EMPTY_PASSWORD` (yes/no flags), `SKIP_AUTH`.
 */
const SWITCH_WORDS = new Set(['ENABLE', 'ENABLED', 'DISABLE', 'DISABLED', 'ALLOW', 'REQUIRE', 'REQUIRED', 'SKIP', 'FORCE', 'USE', 'NO']);

/** Words that are a password abbreviated to `PW` (OpenLDAP's `LDAP_BINDPW`, slapd's `ROOTPW`): `PW` alone needs a qualifier (`DB_PW`). */
const PW_WORD = /^(?:BIND|ROOT|ADMIN|DB|USER|MASTER|LDAP|SMTP|MAIL|RPC|SA)PW$/;

/** Last words that make a name a setting *about* a secret, not the secret (`AUTH_METHOD`, `PASSWORD_FILE`). */
const NOT_SECRET_LAST = new Set([
  'USER', 'USERNAME', 'USERS', 'LOGIN', 'EMAIL', 'MAIL', 'HOST', 'HOSTNAME', 'PORT', 'FILE', 'SECRETFILE', 'FILES',
  'PATH', 'DIR', 'DIRECTORY', 'TYPE', 'NAME', 'ENABLED', 'ENABLE', 'DISABLED', 'DISABLE', 'REQUIRED', 'VERIFY',
  'METHOD', 'MODE', 'PROVIDER', 'POLICY', 'LENGTH', 'LEN', 'SIZE', 'TTL', 'TIMEOUT', 'EXPIRY', 'EXPIRES', 'EXPIRATION',
  'LIFETIME', 'HEADER', 'ALGORITHM', 'ALG', 'URL', 'URI', 'ENDPOINT', 'SERVER', 'REGION', 'SCHEME', 'VERSION',
  'PREFIX', 'FORMAT', 'ROTATION', 'LOCATION', 'ID', 'IDS', 'VAULT', 'ARN', 'NAMESPACE', 'SOCK', 'SOCKET',
  // Quantities and tuning of a secret (`TOKEN_EXPIRY_SECONDS`, `PASSWORD_HASH_ALGO`, `BCRYPT_ROUNDS`).
  'SECONDS', 'SECS', 'MS', 'MILLIS', 'MINUTES', 'MINS', 'HOURS', 'DAYS', 'INTERVAL', 'DURATION', 'ALGO', 'COUNT',
  'MIN', 'MAX', 'LIMIT', 'RETRIES', 'ATTEMPTS', 'ROUNDS', 'COST', 'ITERATIONS', 'STRENGTH', 'COMPLEXITY',
  // Where a credential is valid, not the credential (`REGISTRY_AUTH_HTPASSWD_REALM`, `TOKEN_AUDIENCE`, `JWT_ISSUER`).
  'REALM', 'AUDIENCE', 'ISSUER',
  // Where secrets are kept, not a secret (`SECRET_STORE=vault`, `SECRETS_BACKEND=aws`, `KEY_MANAGER=kms`).
  'STORE', 'BACKEND', 'BACKENDS', 'MANAGER', 'ENGINE',
  // A command that prints the secret, not the secret (restic's `RESTIC_PASSWORD_COMMAND`, the way its docs keep the
  // password out of the environment), and more tuning (`ACCESS_TOKEN_MAX_AGE`, `REFRESH_TOKEN_VALIDITY`,
  // `TOKEN_REFRESH_THRESHOLD`, `PASSWORD_CHARSET`, Postgres `POSTGRES_HOST_AUTH_METHOD`'s kin `PASSWORD_ENCRYPTION`).
  'COMMAND', 'CMD', 'AGE', 'VALIDITY', 'THRESHOLD', 'CHARSET', 'CHARS', 'ENCRYPTION', 'PERIOD', 'PATTERN', 'REGEX',
  // A reference to a secret kept elsewhere (`--secret-key-ref=db-secret`, `JWT_SECRET_REF`, `TOKEN_SECRET_NAME`'s kin).
  'REF', 'REFS', 'REFERENCE',
  // Settings of how a password is checked or stored, not a password (Django's `PASSWORD_HASHERS`,
  // `AUTH_PASSWORD_VALIDATORS`; `PASSWORD_POLICIES`, `PASSWORD_RULES`).
  'HASHER', 'HASHERS', 'VALIDATOR', 'VALIDATORS', 'POLICIES', 'RULES',
]);

/**
 * Words that make a name with the plural `TOKENS` a count of language-model tokens, not a list of secrets, wherever
 * they stand (Text Generation Inference's `MAX_INPUT_TOKENS`, `MAX_TOTAL_TOKENS`, `MAX_BATCH_PREFILL_TOKENS`;
 * `TOKENS_PER_MINUTE`, `NUM_TOKENS`, `TOKENS_LIMIT`): the option classifier likewise takes `--max-input-tokens 1024`
 * for a number ({@link https://huggingface.co/docs/text-generation-inference/reference/launcher}).
 */
const TOKEN_COUNT_WORDS = new Set([
  'MAX', 'MIN', 'MAXIMUM', 'MINIMUM', 'NUM', 'NUMBER', 'N', 'PER', 'LIMIT', 'LIMITS', 'COUNT', 'TOTAL', 'BUDGET', 'QUOTA',
  'RATE', 'CONTEXT', 'BATCH', 'PREFILL', 'INPUT', 'OUTPUT', 'COMPLETION', 'PROMPT', 'WINDOW',
]);

/**
 * Whether a name's secret word is the plural `TOKENS` (`API_TOKENS`, `MAX_TOKENS`, `TOKENS_PER_MINUTE`), whose
 * value is a count when it is a number (see {@link decideSecretEnv}).
 */
function tokensName(w: string[]): boolean {
  return w.some((x) => x.endsWith('TOKENS'));
}

/** Words that end a secret word, so `WEBPASSWORD`, `CLIENTSECRET`, `GITHUBTOKEN` match. `[suffix, kind]`. */
const SECRET_WORD_ENDINGS: [string, string][] = [
  ['PASSWORD', 'password'], ['PASSWD', 'password'], ['PASSPHRASE', 'password'], ['SECRET', 'secret'],
  // Plurals hold lists of secrets (bitnami/kafka `KAFKA_CLIENT_PASSWORDS=pw1,pw2`, `API_TOKENS`).
  ['PASSWORDS', 'password'], ['PASSPHRASES', 'password'], ['TOKENS', 'token'], ['APIKEYS', 'api-key'],
  ['SECRETS', 'secret'], ['TOKEN', 'token'], ['APIKEY', 'api-key'], ['SECRETKEY', 'secret'],
  ['ACCESSKEY', 'access-key'], ['PRIVATEKEY', 'private-key'], ['AUTHKEY', 'key'], ['CREDENTIAL', 'credentials'],
  ['CREDENTIALS', 'credentials'],
  // Key words glued together (Kibana's `XPACK_ENCRYPTEDSAVEDOBJECTS_ENCRYPTIONKEY`, `JWT_SIGNINGKEY`, `MEILI_MASTERKEY`).
  ['ENCRYPTIONKEY', 'key'], ['SIGNINGKEY', 'key'], ['MASTERKEY', 'key'], ['SESSIONKEY', 'key'], ['HMACKEY', 'key'],
];

/** One word that glues a service to `PASS` (`DBPASS`, `SMTPPASS`); see {@link classifyName}. */
const PASS_COMPOUND = /^(?:DB|SQL|MYSQL|PG|REDIS|LDAP|SMTP|MAIL|IMAP|FTP|RPC|VNC|WEB|ADMIN|ROOT|USER|PROXY)(?:PASS|PWD)$/;

/** First words of a `*_KEY` name that is not a secret (`SORT_KEY`, `PARTITION_KEY`). */
const NON_SECRET_KEY_QUALIFIERS = new Set(['SORT', 'PARTITION', 'PRIMARY', 'FOREIGN', 'CACHE', 'HOT', 'SHORTCUT', 'ROUTING', 'LOOKUP', 'IDEMPOTENCY', 'PUBLIC', 'PUB', 'GPG', 'PGP', 'AUTHORIZED', 'PUBLISHABLE', 'SITE']);

/**
 * Classifies a variable name. Returns the kind of secret the name announces, or `undefined`.
 *
 * Matches: words ending in PASSWORD/PASSWD/PASSPHRASE/SECRET/TOKEN/APIKEY/CREDENTIAL(S) (`WEBPASSWORD`,
 * `GITHUB_TOKEN`); `PASS`, `PWD`, `AUTH` as words of a longer name (`DB_PASS`, `MYSQL_PWD`, `BASIC_AUTH`;
 * `PWD` and `OLDPWD` alone are the working directory); `API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`; names
 * ending in `_KEY` or `_KEY_ID` (`ENCRYPTION_KEY`, `AWS_ACCESS_KEY_ID`) but not `KEYBOARD`, `SORT_KEY`,
 * `PUBLIC_KEY`, `GPG_KEY` (a fingerprint, as in the official python images); a password abbreviated `PW`
 * (`LDAP_BINDPW`, `DB_PW`); a trailing version word is ignored (`_APP_OPENSSL_KEY_V1`). Excluded: switches
 * (`ENABLE_AUTH`, `ALLOW_EMPTY_PASSWORD`: {@link SWITCH_WORDS} before the secret word) and names whose last word makes them a setting about a secret (`*_USER`, `*_EMAIL`,
 * `*_HOST`, `*_PORT`, `*_FILE`, `*__FILE`, `*_SECRETFILE`, `*_PATH`, `*_URL`, `*_METHOD`, `*_TTL`, `*_HASHERS`,
 * `*_VALIDATORS`, …), and counts of model tokens (`MAX_INPUT_TOKENS`, `TOKENS_PER_MINUTE`: {@link TOKEN_COUNT_WORDS}).
 * A URL or DSN with a password is caught by value ({@link looksLikeSecretValue}).
 */
export function secretNameKind(name: string): string | undefined {
  // Variable names repeat across thousands of files (POSTGRES_PASSWORD, NODE_ENV): classify each once.
  let k = nameKinds.get(name);
  if (k === undefined) {
    if (nameKinds.size >= NAME_CACHE_MAX) nameKinds.clear();
    nameKinds.set(name, (k = classifyName(name) ?? null));
  }
  return k ?? undefined;
}

/** Names classified so far (bounded: cleared when full). */
const nameKinds = new Map<string, string | null>();
const NAME_CACHE_MAX = 10_000;

function classifyName(name: string): string | undefined {
  const w = words(name);
  if (w.length === 0) return undefined;
  const last = w[w.length - 1];
  const keyId = w.length >= 3 && last === 'ID' && w[w.length - 2] === 'KEY';
  // HashiCorp Vault's `VAULT_DEV_ROOT_TOKEN_ID` is the root token itself, not an identifier of one.
  if (w.length >= 3 && last === 'ID' && w[w.length - 2] === 'TOKEN' && w[w.length - 3] === 'ROOT') return 'token';
  if (NOT_SECRET_LAST.has(last) && !keyId) return undefined;
  // The Erlang distribution cookie (`RABBITMQ_ERLANG_COOKIE`) is the shared secret that lets a node join a cluster.
  if (last === 'COOKIE' && w[w.length - 2] === 'ERLANG') return 'secret';
  // `MAX_INPUT_TOKENS`, `TOKENS_PER_MINUTE`: a count of model tokens, not a list of secrets.
  if (tokensName(w) && w.some((x) => TOKEN_COUNT_WORDS.has(x))) return undefined;
  for (let i = 0; i < w.length; i++) {
    const word = w[i];
    // `ENABLE_AUTH`, `X_ALLOW_EMPTY_ROOT_PASSWORD`: a switch about what follows.
    if (SWITCH_WORDS.has(word)) return undefined;
    for (const [suffix, kind] of SECRET_WORD_ENDINGS) if (word.endsWith(suffix)) return kind;
    if ((w.length > 1 && word === 'PW') || PW_WORD.test(word)) return 'password';
    if (w.length > 1 && (word === 'PASS' || word === 'PWD')) return 'password';
    // `AUTH` names a credential only as the last word (`BASIC_AUTH`, `REDIS_AUTH`): as a leading or middle word it
    // opens a family of settings (Grafana's `GF_AUTH_ANONYMOUS_ORG_ROLE`, `GF_AUTH_GOOGLE_ALLOW_SIGN_UP`,
    // `AUTH_STRATEGY`), which hold no secret.
    if (w.length > 1 && word === 'AUTH' && i === w.length - 1) return 'auth';
    // A `PASS` glued to what it opens (Paperless-ngx `PAPERLESS_DBPASS`, `SMTPPASS`), not `BYPASS` or `COMPASS`.
    if (PASS_COMPOUND.test(word)) return 'password';
    const next = w[i + 1];
    if (word === 'API' && next === 'KEY') return 'api-key';
    if (word === 'ACCESS' && next === 'KEY') return 'access-key';
    if (word === 'PRIVATE' && next === 'KEY') return 'private-key';
  }
  const keyAt = keyId ? w.length - 2 : last === 'KEY' || last === 'KEYS' ? w.length - 1 : -1;
  if (keyAt > 0 && !NON_SECRET_KEY_QUALIFIERS.has(w[keyAt - 1])) return 'key';
  return undefined;
}

/** True if the variable name announces a secret (see {@link secretNameKind} for what matches). */
export function classifySecretName(name: string): boolean {
  return secretNameKind(name) !== undefined;
}

/** Token formats recognised by value, `[pattern, kind]`; patterns match anywhere in the value. */
export const TOKEN_FORMATS: readonly (readonly [RegExp, string])[] = [
  [/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/, 'private-key'],
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/, 'aws-access-key-id'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'github-token'],
  [/\bgithub_pat_[A-Za-z0-9_]{22,}/, 'github-token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, 'gitlab-token'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'slack-token'],
  [/\b[sr]k_live_[A-Za-z0-9]{20,}/, 'stripe-key'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'google-api-key'],
  [/\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{32,}/, 'api-key'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, 'jwt'],
  // Incoming-webhook URLs carry their credential in the path: whoever has the URL can post (Slack
  // "Sending messages using incoming webhooks"; Discord "Execute Webhook"); a Telegram bot token is
  // `<bot id>:AA…` (Telegram Bot API "Authorizing your bot").
  [/\bhooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,}/, 'slack-webhook'],
  [/\bdiscord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{20,}/, 'discord-webhook'],
  [/\b\d{8,10}:AA[A-Za-z0-9_-]{30,}/, 'telegram-bot-token'],
  // A Shoutrrr notification URL (Watchtower's `WATCHTOWER_NOTIFICATION_URL`, containrrr/shoutrrr "Services"):
  // the service's token is the URL's user part (`discord://token@webhookid`, `telegram://token@telegram`,
  // `pushover://shoutrrr:apiToken@userKey`, `gotify://host/token`), written without a password separator.
  [/^(?:discord|telegram|slack|teams|pushover|pushbullet|rocketchat|zulip|matrix|ntfy|opsgenie|googlechat|bark|join|ifttt):\/\/[^@\s/$]{8,}@/i, 'notification-url'],
  [/^gotify:\/\/[^\s/$]+\/[A-Za-z0-9._-]{12,}/i, 'notification-url'],
  // A password assigned inside a configuration value: `gitlab_rails['initial_root_password'] = 'pw'` in
  // GITLAB_OMNIBUS_CONFIG, `-Dspring.datasource.password=pw` in JAVA_OPTS, `"password": "pw"` in JSON.
  [/(?:password|passwd)['"\]]*\s*(?:=>?|:)\s*(?:'[^'\s$]{4,}'|"[^"\s$]{4,}"|(?!true\b|false\b|null\b)[\w!@#%^*+=./-]{4,}(?=$|[\s&;,]))/i, 'embedded-password'],
  // A credential in a URL's query string (`?access_token=…`, `&api_key=…`), written, not a `${VAR}`.
  [/[?&](?:access_token|token|api_key|apikey|api-key|client_secret|secret|password|passwd|pwd|pass)=[^&\s#$]{8,}/i, 'url-credentials'],
  // A DSN with user and password as `u=`/`p=` query parameters (NocoDB's `NC_DB=pg://host:5432?u=postgres&p=pw&d=db`).
  [/[?&]u=[^&\s#]+&p=[^&\s#$]{4,}/, 'url-credentials'],
];

/** `scheme://user:password@host`, password written (not empty, not a `${VAR}` reference). */
const URL_CREDENTIALS = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\s:@]*:([^@\s/]+)@/;

/**
 * The length of the shortest value any of {@link TOKEN_FORMATS} or {@link URL_CREDENTIALS} matches: `a://:b@` (7).
 * The others need more: `passwd:abcd` (11), `?u=x&p=abcd` (11), `join://abcdefgh@` (16), `xoxb-` and 10 (15), …
 */
const MIN_FORMAT_LENGTH = 7;

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * A piece of text every one of {@link TOKEN_FORMATS} and {@link URL_CREDENTIALS} contains (case-insensitive: a
 * superset): one test that rules most words out before the twenty format tests (a 2,000-Dockerfile audit tests
 * every word of every RUN line). A new format must add its own cue here; `secrets.test.ts` checks each format's
 * examples pass this test.
 */
export const FORMAT_CUE = /PRIVATE KEY|A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA|Iza)|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|k_live_|sk-|eyJ|hooks\.slack\.com|discord|:AA|:\/\/|passw|[?&]/i;

/** A token format or credentials in a URL (see {@link looksLikeSecretValue}), on an unquoted value. */
function knownFormat(v: string): { kind: string } | undefined {
  // Every format needs at least MIN_FORMAT_LENGTH characters; most words of a command line are shorter.
  if (v.length < MIN_FORMAT_LENGTH || !FORMAT_CUE.test(v)) return undefined;
  // A token's shape with nothing of a token in it (`ghp_xxxx…`, `sk-xxxx…`): the placeholder of docs, not a credential.
  if (PLACEHOLDER_TOKEN.test(v)) return undefined;
  for (const [re, kind] of TOKEN_FORMATS) if (re.test(v)) return { kind };
  const m = URL_CREDENTIALS.exec(v);
  if (m && !/^\$\{?[A-Za-z_]/.test(m[1])) return { kind: 'url-credentials' };
  return undefined;
}

/**
 * The part of {@link looksLikeSecretValue} that recognises a value by its format alone (a provider's token
 * format, a JWT, credentials in a URL), without the entropy test: for scanning every word of a text, where only
 * such certain matches count (Dockerfile RUN lines, BW-0103).
 */
export function secretFormatOf(value: string): { kind: string } | undefined {
  const v = unquote(value);
  return v === '' ? undefined : knownFormat(v);
}

/**
 * Recognises a secret by its value alone. Returns `{kind}` or `undefined`.
 *
 * Kinds: `private-key` (PEM header), `aws-access-key-id` (`AKIA…`, 20 characters), `github-token`,
 * `gitlab-token`, `slack-token`, `stripe-key`, `google-api-key`, `api-key` (`sk-…`), `jwt`,
 * `slack-webhook` / `discord-webhook` (incoming-webhook URLs: the path is the credential),
 * `telegram-bot-token`, `embedded-password` (a literal assigned to a `password` key inside a configuration
 * value: `gitlab_rails['initial_root_password'] = 'pw'`, `-Dx.password=pw`, `"password": "pw"`),
 * `authorization` (an HTTP Authorization value: `Bearer eyJ…`, `Basic dXNlcjpwdw==`),
 * `url-credentials` (`postgres://u:p@h`, a DSN with a written password, or a URL
 * with `?access_token=` / `api_key=` / `password=`… written in its query), and `high-entropy`: one word of
 * at least 20 characters, with upper case, lower case and digits, ≥ 4.0 bits of Shannon entropy per
 * character, not a path, URL or dotted class name (`django.contrib.auth.hashers.Argon2PasswordHasher`). Hex strings (digests, commit ids) never reach 4.0 bits and do not count.
 */
export function looksLikeSecretValue(value: string): { kind: string } | undefined {
  const v = unquote(value);
  if (v === '') return undefined;
  const known = knownFormat(v);
  if (known) return known;
  // An HTTP Authorization value (RFC 9110 §11.6.2; RFC 6750 Bearer, RFC 7617 Basic): the credential after the scheme.
  const auth = AUTHORIZATION_VALUE.exec(v);
  // A word of prose after it (`Token economics`) is no credential: 16 characters or more, or digits or base64 padding.
  if (auth && !auth[1].startsWith('$') && (auth[1].length >= 16 || /[0-9=+/]/.test(auth[1]))) return { kind: 'authorization' };
  // Program options in one value (`JAVA_OPTS: "-XX:MaxRAMPercentage=75.0 -Dapi.key=<token>"`, `--token <token>`).
  if (/\s/.test(v) && v.startsWith('-')) {
    const inOptions = optionListSecret(v);
    if (inOptions) return inOptions;
  }
  if (
    v.length >= 20 &&
    !/[\s$]/.test(v) &&
    !v.startsWith('/') &&
    !v.includes('://') &&
    /[A-Z]/.test(v) &&
    /[a-z]/.test(v) &&
    /[0-9]/.test(v) &&
    shannonEntropy(v) >= 4.0 &&
    !base64OfPlainJson(v) &&
    !settingsSyntax(v) &&
    // `/` with `-` or `.`: neither base64 alphabet has both (standard: `+/`, URL-safe: `-_`), so this is a name with
    // segments, such as a model id (`mistralai/Mistral-7B-Instruct-v0.2`; QA), not an encoded token.
    !(v.includes('/') && /[-.]/.test(v)) &&
    // A dotted name of a class in lower-case packages (Django's `django.contrib.auth.hashers.Argon2PasswordHasher`,
    // Java's `org.apache.kafka.common.security.plain.PlainLoginModule`; QA): a setting that names code, not a token.
    !/^(?:[a-z_][a-z0-9_]*\.){2,}[A-Za-z_][A-Za-z0-9_]*$/.test(v)
  )
    return { kind: 'high-entropy' };
  return undefined;
}

/**
 * The kind of a secret given to an option inside a list of options (one value holding a program's command-line
 * options: `JAVA_OPTS`, `JAVA_TOOL_OPTIONS`, `NODE_OPTIONS`, `*_ARGS`): `-Dapi.key=<v>`, `--token=<v>`, `--token <v>`
 * where the option's name says secret and the value has a digit and 8 characters or more (a mode such as
 * `--auth=none` does not), or any option value or word that is itself a token by {@link looksLikeSecretValue}.
 * QA: a token beside a JVM tuning option was missed once such options stopped counting as high-entropy words.
 */
function optionListSecret(v: string): { kind: string } | undefined {
  const words = v.split(/\s+/).filter((w) => w !== '');
  const secretValue = (name: string, value: string) =>
    secretNameKind(name.replace(/[.-]/g, '_').toUpperCase()) !== undefined && value.length >= 8 && /[0-9]/.test(value) && !/^[/$~.]/.test(value) && !/^(?:file|env):/.test(value);
  for (let i = 0; i < words.length; i++) {
    const m = /^--?(?:D|XX:)?([A-Za-z][\w.-]*)=(.+)$/.exec(words[i]);
    if (m) {
      if (secretValue(m[1], m[2])) return { kind: 'embedded-password' };
      const inner = m[2].length >= 20 ? looksLikeSecretValue(m[2]) : undefined;
      if (inner) return inner;
      continue;
    }
    const opt = /^--?([A-Za-z][\w.-]*)$/.exec(words[i]);
    const next = words[i + 1];
    if (opt && next !== undefined && !next.startsWith('-') && secretValue(opt[1], next)) return { kind: 'embedded-password' };
    if (!words[i].startsWith('-') && words[i].length >= 20) {
      const inner = looksLikeSecretValue(words[i]);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * Whether `v` is settings written as options or `key=value` pairs whose values are no secrets, rather than one
 * random word: a JVM or program option (`-XX:MaxRAMPercentage=75.0`, `-Dfile.encoding=UTF8`, `--max-old-space-size=4096`;
 * QA: `JAVA_TOOL_OPTIONS` of Spring Boot images were high-entropy "secrets"), or a list of pairs
 * (`service.name=api,deployment.environment=Prod2` in `OTEL_RESOURCE_ATTRIBUTES`). Mixed case, digits and
 * punctuation give such text the entropy of a token; the characters that make it settings are the option dashes
 * and the `=` between a name and a value. A pair whose value is itself a token (`key=<random>`) or whose name says
 * secret still counts (the named kinds, `embedded-password`, are found before this is asked).
 */
function settingsSyntax(v: string): boolean {
  const option = /^--?(?:XX:[+-]?|D)?([A-Za-z][\w.-]*)(?:=(.*))?$/.exec(v);
  const pairs = option ? [[option[1], option[2] ?? '']] : v.split(/[,;&]/).map((p) => p.split('='));
  if (!option && (pairs.length < 1 || pairs.some((p) => p.length !== 2 || !/^[A-Za-z_][\w.-]*$/.test(p[0]) || p[1] === ''))) return false;
  return pairs.every(([k, val]) => secretNameKind(k.replace(/[.-]/g, '_')) === undefined && (val.length < 20 || looksLikeSecretValue(val) === undefined));
}

/**
 * Whether `v` is base64 of a JSON document that holds no credential: configuration passed encoded (HashiCorp
 * Vault agent's `VAULT_CONFIG` = base64 of `{"auto_auth":{"method":{"type":"kubernetes"}}}`) looks random but is
 * not a secret. A JSON object with a credential in it (a Docker `config.json` with `"auth": "…"`, a service-account
 * key with `"private_key"`) still counts: any string value under a key naming a credential, or a secret by
 * {@link isSecretEnv}, makes it one.
 */
function base64OfPlainJson(v: string): boolean {
  if (v.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(v) || !v.startsWith('ey') && !v.startsWith('W')) return false;
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(v, 'base64').toString('utf8'));
  } catch {
    return false;
  }
  if (typeof doc !== 'object' || doc === null) return false;
  const holdsSecret = (x: unknown, depth: number): boolean => {
    if (depth > 32 || typeof x !== 'object' || x === null) return false;
    for (const [k, val] of Object.entries(x)) {
      if (typeof val === 'string' && (/auth|pass|secret|token|key|cred/i.test(k) || isSecretEnv(k, val) !== undefined)) return true;
      if (holdsSecret(val, depth + 1)) return true;
    }
    return false;
  };
  return !holdsSecret(doc, 0);
}

/** `Bearer <token>`, `Basic <base64>`, `Token <t>`, `Bot <t>` with a credential of 8 characters or more. */
const AUTHORIZATION_VALUE = /^(?:Bearer|Basic|Token|Bot)\s+([A-Za-z0-9._~+/=$-]{8,})$/i;

/** Removes one pair of matching surrounding quotes and surrounding blanks. */
function unquote(value: string): string {
  const t = value.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1).trim();
  return t;
}

/** Values that switch something rather than hold a secret (`DISABLE_AUTH=true`). */
const NON_SECRET_VALUES = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'none', 'null', 'nil', 'enabled', 'disabled', '0', '1']);

/**
 * Values of an `*_AUTH` variable that name an authentication mechanism, not a credential (`SMTP_AUTH=login`,
 * `MAIL_AUTH=plain`, `PROXY_AUTH=basic`, `REGISTRY_AUTH=htpasswd`): RFC 4954 SASL mechanism names, HTTP
 * authentication schemes, PostgreSQL pg_hba methods and the Docker registry's auth backends.
 */
const AUTH_MECHANISMS = new Set([
  'plain', 'login', 'cram-md5', 'digest-md5', 'xoauth2', 'oauthbearer', 'gssapi', 'basic', 'bearer', 'digest', 'ntlm',
  'negotiate', 'oauth', 'oauth2', 'oidc', 'openid', 'saml', 'ldap', 'kerberos', 'md5', 'scram-sha-256', 'trust',
  // The Docker registry's `REGISTRY_AUTH` backends (distribution "Configuration": auth).
  'htpasswd', 'token', 'silly',
]);

/**
 * A relative path to a file: `./key.pem`, `../certs/x`, or directories then a file name with a lower-case
 * extension (`certs/es01/es01.key`, `config/sa.json`). A base64 secret may hold `/` but does not end in
 * `.ext` after word-only segments.
 */
const RELATIVE_FILE = /^(?:\.{1,2}\/[^\s:]+|[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*\/[A-Za-z0-9_-]+\.[a-z][a-z0-9]{0,4})$/;

/**
 * Whether a value is a salted password hash in crypt(3) / PHC form: bcrypt (`$2a$`, `$2b$`, `$2y$`), argon2
 * (`$argon2id$v=19$…`), scrypt, yescrypt (`$y$`), sha512-crypt / sha256-crypt (`$6$`, `$5$`), and htpasswd's Apache
 * MD5 (`$apr1$`) and `{SHA}` forms (Traefik's basic-auth `users`, nginx `auth_basic_user_file`); `$$` is read as `$`
 * (Compose's escape). Apps take such hashes precisely so that the password itself is not stored (wg-easy's
 * `PASSWORD_HASH`, Vaultwarden's `ADMIN_TOKEN`): leaking one allows an offline guessing attack, not a login.
 */
export function isPasswordHash(value: string): boolean {
  const v = value.replace(/\$\$/g, '$');
  if (/^\$apr1\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22}$/.test(v) || /^\{SHA\}[A-Za-z0-9+/]{27}=$/.test(v)) return true;
  return /^\$(?:2[abxy]\$\d\d\$[./A-Za-z0-9]{53}|argon2(?:id|i|d)\$(?:v=\d+\$)?m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+|scrypt\$\S+|y\$[./A-Za-z0-9]+\$[./A-Za-z0-9]+\$[./A-Za-z0-9]+|[56]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43,86})$/.test(v);
}

/**
 * Decides whether an environment variable holds a secret.
 *
 * `value` is the value after interpolation, or `undefined` when it is not known (passthrough `-e NAME`,
 * an unresolved `${VAR}`, `ENV X=$ARG`): then the name alone decides.
 * When the value is known it is not a secret if it is empty (after removing quotes and blanks), a
 * boolean word (`true`, `off`, …), or a path to a file (`/run/secrets/db_pw`: the recommended
 * secret-file pattern; `GOOGLE_APPLICATION_CREDENTIALS=/app/key.json` and Elasticsearch's
 * `xpack.security.http.ssl.key=certs/es01/es01.key` name a file, not its content).
 * Otherwise a secret name decides (`by: 'name'`), and failing that the value's format
 * (`by: 'value'`, {@link looksLikeSecretValue}).
 * Examples: `isSecretEnv('WEBPASSWORD', 'x')` → `{by:'name', kind:'password'}`;
 * `isSecretEnv('POSTGRES_USER', 'admin')` → `undefined`; `isSecretEnv('OPENVPN_PASSWORD', '')` → `undefined`;
 * `isSecretEnv('DB_PASSWORD_FILE', '/run/secrets/db')` → `undefined`;
 * `isSecretEnv('DATABASE_URL', 'postgres://app:pw@db/app')` → `{by:'value', kind:'url-credentials'}`;
 * `isSecretEnv('PASSWORD_HASH', '$2y$10$…')` → `{by:'value', kind:'password-hash'}` ({@link isPasswordHash}).
 * A number under a plural `TOKENS` name is a count (`isSecretEnv('CONTEXT_TOKENS', '4096')` → `undefined`).
 * OpenPGP fingerprints are public: a `*_KEY` / `*_KEYS` name and value decide together. Rule of thumb: a name that
 * only says whose key it is (`GOSU_KEY`, `TINI_KEY`, `SOLR_KEYS`) with a value of one or more 40-hex fingerprints
 * or 16-hex key ids ({@link isKeyFingerprintList}) is not a secret (`isSecretEnv('GOSU_KEY', 'B42F…57DD4')` →
 * `undefined`); a name that says what the key does (`API_KEY`, `ACCESS_KEY`, `ENCRYPTION_KEY`, `APP_KEY`, `HMAC_KEY`:
 * {@link KEY_PURPOSE_WORDS}) stays a secret with the same value, since 40 hex digits are also how 160-bit secrets
 * are written.
 */
export function isSecretEnv(name: string, value?: string): SecretVerdict | undefined {
  // The ingesters decide each variable to mask it, and the secret rules decide it again: remember the verdicts
  // (a pure function of name and value; the verdict objects are frozen, so sharing them is safe).
  const key = value === undefined ? name : name + '\u0000' + value;
  const memo = value === undefined ? nameVerdicts : valueVerdicts;
  let v = memo.get(key);
  if (v === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    const verdict = decideSecretEnv(name, value);
    memo.set(key, (v = verdict ? Object.freeze(verdict) : null));
  }
  return v ?? undefined;
}

/** {@link isSecretEnv}'s remembered verdicts (`null`: not a secret), by name and by name NUL value; at most {@link MEMO_LIMIT} each. */
const nameVerdicts = new Map<string, SecretVerdict | null>();
const valueVerdicts = new Map<string, SecretVerdict | null>();
const MEMO_LIMIT = 20_000;

/** {@link isSecretEnv} without the memo. */
function decideSecretEnv(name: string, value?: string): SecretVerdict | undefined {
  const nameKind = secretNameKind(name);
  if (value === undefined) return nameKind ? { by: 'name', kind: nameKind } : undefined;
  const v = unquote(value);
  if (v === '' || NON_SECRET_VALUES.has(v.toLowerCase())) return undefined;
  if (nameKind === 'auth' && AUTH_MECHANISMS.has(v.toLowerCase())) return undefined;
  // A number under a `TOKENS` name (`CONTEXT_TOKENS=4096`) counts tokens: a list of tokens is no bare number.
  if (nameKind === 'token' && /^\d{1,12}$/.test(v) && tokensName(words(name))) return undefined;
  if (nameKind && isPasswordHash(v)) return { by: 'value', kind: 'password-hash' };
  if (nameKind && isPlaceholderValue(v)) return { by: 'name', kind: nameKind, placeholder: true };
  if (nameKind === 'key' && keyFingerprintName(name) && isKeyFingerprintList(v)) return undefined;
  const byValue = looksLikeSecretValue(v);
  if ((/^\/[^\s:]*$/.test(v) || RELATIVE_FILE.test(v)) && !byValue) return undefined;
  if (nameKind) return { by: 'name', kind: nameKind };
  // A public key or a fingerprint looks random by design: under a name that says so, entropy alone is not a secret
  // (`MINIO_UPDATE_MINISIGN_PUBKEY`, `JWT_PUBLIC_KEY`, `SIGNING_KEY_FINGERPRINT`); token formats still count.
  if (byValue?.kind === 'high-entropy' && PUBLIC_NAME.test(name)) return undefined;
  return byValue ? { by: 'value', kind: byValue.kind } : undefined;
}

/**
 * Words of a `*_KEY` name that say what the key is for, making it a secret whatever its value looks like: the key
 * authenticates (`API`, `AUTH`, `ACCESS`, `CLIENT`, `SERVICE`, `ADMIN`, `ROOT`, `WEBHOOK`, `LICENSE`) or encrypts or
 * signs (`SECRET`, `PRIVATE`, `ENCRYPTION`, `CIPHER`, `AES`, `HMAC`, `SIGNING`, `SESSION`, `MASTER`, `JWT`, `SALT`,
 * `COOKIE`, `SHARED`, `SSH`, `TLS`, `SSL`, `RSA`, `APP` as Laravel's `APP_KEY`).
 */
const KEY_PURPOSE_WORDS = new Set([
  'API', 'AUTH', 'ACCESS', 'CLIENT', 'SERVICE', 'ADMIN', 'ROOT', 'WEBHOOK', 'LICENSE', 'LICENCE', 'SECRET', 'PRIVATE',
  'ENCRYPTION', 'ENCRYPT', 'CRYPT', 'CRYPTO', 'CIPHER', 'AES', 'HMAC', 'SIGNING', 'SIGN', 'SESSION', 'MASTER', 'JWT',
  'SALT', 'COOKIE', 'SHARED', 'SSH', 'TLS', 'SSL', 'RSA', 'APP', 'DB', 'ENC', 'DECRYPTION', 'VERIFICATION', 'PASS',
]);

/**
 * Whether a `*_KEY` / `*_KEYS` / `*_KEY_ID` name may hold OpenPGP key fingerprints (the official images' `GOSU_KEY`,
 * `TINI_KEY`, Solr's `SOLR_KEYS`, beside the `GPG_KEY(S)` already excluded by name): the words before `KEY` name a
 * program, not a use of the key ({@link KEY_PURPOSE_WORDS}), and `KEY` is a word of its own (not `ENCRYPTIONKEY`).
 */
function keyFingerprintName(name: string): boolean {
  const w = words(name);
  const at = w[w.length - 1] === 'ID' ? w.length - 2 : w.length - 1;
  if (at < 1 || (w[at] !== 'KEY' && w[at] !== 'KEYS')) return false;
  return w.slice(0, at).every((x) => !KEY_PURPOSE_WORDS.has(x) && !x.endsWith('KEY'));
}

/**
 * Whether a value is one or more OpenPGP key fingerprints or key ids separated by blanks, as `gpg --recv-keys` takes
 * them (RFC 4880 §12.2, gpg(1) "How to specify a user ID"): 40 hex digits (a v4 fingerprint), 16 (a long key id), or
 * either, or 8 (a short id), after `0x`; one case throughout each; also a fingerprint printed in groups of four
 * (`2085 660D 9C1F …`, ten groups). Public by design: they name the keys that verify a download.
 */
export function isKeyFingerprintList(value: string): boolean {
  const parts = value.trim().split(/\s+/);
  if (parts.length === 0 || parts.length > 64 || parts[0] === '') return false;
  if (parts.length % 10 === 0 && parts.every((p) => /^(?:[0-9A-F]{4}|[0-9a-f]{4})$/.test(p))) return true;
  return parts.every((p) => /^(?:0x)?(?:[0-9A-F]{40}|[0-9a-f]{40}|[0-9A-F]{16}|[0-9a-f]{16})$|^0x(?:[0-9A-F]{8}|[0-9a-f]{8})$/.test(p));
}

/** Names of public values: `…_PUB`, `…PUBKEY`, `…_PUBLIC_KEY`, `…FINGERPRINT`, Stripe's `…_PUBLISHABLE_KEY` (public by design). */
const PUBLIC_NAME = /(?:^|[_.-])(?:PUB|PUBLIC|PUBLISHABLE)(?:[_.-]|KEY|$)|PUBKEYS?$|PUBLIC_?KEYS?$|FINGERPRINTS?$/i;

/**
 * Where a password is written literally in a URL's userinfo (`scheme://user:PASSWORD@host…`, RFC 3986 §3.2.1) inside a
 * value that also references variables (`postgres://admin:S3cret@${DB_HOST}/app`, Kubernetes `$(NODE_IP)`): the
 * `[start, end)` offsets of the password in `raw`, or `undefined` when there is none or it is itself a reference.
 * The rest of the value is unknown, the password is not: it is in the file (R-S).
 */
export function writtenUrlPassword(raw: string): { start: number; end: number } | undefined {
  const m = /^(\s*[a-z][a-z0-9+.-]*:\/\/[^:@/\s$]*:)([^@/\s]+)@/i.exec(raw);
  if (!m || m[2].includes('$') || m[2].length < 3) return undefined;
  return { start: m[1].length, end: m[1].length + m[2].length };
}

/**
 * The file range of a password written inside a value ({@link writtenUrlPassword}): exact when the value's characters
 * in the file are `raw` itself (a plain or simply quoted scalar), else `undefined` (the whole value is masked).
 */
export function passwordRange(valueOrigin: { file: string; start: number; end: number }, raw: string | undefined, pw: { start: number; end: number } | undefined) {
  if (!pw || raw === undefined || valueOrigin.end - valueOrigin.start !== raw.length) return undefined;
  return { file: valueOrigin.file, start: valueOrigin.start + pw.start, end: valueOrigin.start + pw.end };
}

/**
 * Token formats of {@link TOKEN_FORMATS} that may stand anywhere in a text (not anchored to a whole value), as global
 * patterns for {@link secretsInText}. The PEM header stands for its whole block (up to the matching END line).
 */
const TEXT_TOKEN_FORMATS: RegExp[] = TOKEN_FORMATS.map(([re]) => re)
  .filter((re) => !re.source.startsWith('^') && !re.source.startsWith('-----BEGIN') && !/password\|passwd/.test(re.source))
  .map((re) => new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'));

/** A PEM private key block, header to footer (RFC 7468). */
const PEM_BLOCK = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----[^]*?(?:-----END \1-----|$)/g;

/**
 * `NAME=value`, `NAME: value`, `"NAME": "value"`, `--NAME value`-free forms: a name (letters, digits, `_`, `-`, `.`),
 * optionally quoted, `=` or `:`, then a quoted or bare value on the same line.
 */
const NAME_VALUE = /(?<![\w.-])["']?([A-Za-z_][A-Za-z0-9_.-]{1,80})["']?[ \t]*(?:=|:(?=[ \t]))[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s"'#,;{}[\]()]+)/g;

/** Cheap test for {@link NAME_VALUE}: a text with none of these word parts holds no secret-named assignment. */
const SECRET_NAME_HINT = /pass|pwd|secret|token|key|auth|cred|cookie|_pw\b|pw=/i;

/**
 * Ranges of `text` that hold a secret wherever it stands: in comments, labels, `RUN` lines, anything an ingester
 * does not model as a value. R-S: bulwark never prints a secret, and a report's code frames show the lines around a
 * finding, whatever they hold. Two kinds: a provider's token format, a JWT, credentials in a URL or a PEM private key
 * block ({@link TOKEN_FORMATS}: certain by format alone); and the literal value of a `NAME=value` / `NAME: value`
 * pair whose name says secret, judged by {@link isSecretEnv} (so `PASSWORD_FILE=/run/secrets/x`, `${VAR}`
 * references and `true`/`false` are left alone). Offsets are UTF-16 indexes, `end` exclusive; ranges may overlap.
 */
export function secretsInText(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  if (text.length < MIN_FORMAT_LENGTH) return out;
  for (const re of TEXT_TOKEN_FORMATS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  }
  if (text.includes('PRIVATE KEY')) {
    // The key between its header and footer lines (the lines themselves say only what it is).
    PEM_BLOCK.lastIndex = 0;
    for (let m = PEM_BLOCK.exec(text); m; m = PEM_BLOCK.exec(text)) {
      const start = m.index + m[0].indexOf('-----', 5) + 5;
      const footer = m[0].lastIndexOf('-----END');
      const end = footer > 0 ? m.index + footer : m.index + m[0].length;
      if (end > start) out.push({ start, end });
    }
  }
  if (text.includes('://')) {
    // `scheme://user:password@host`: the password.
    const url = /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\s:@'"]*:([^@\s/'"]+)@/g;
    for (let m = url.exec(text); m; m = url.exec(text)) {
      if (/^\$\{?[A-Za-z_]/.test(m[1])) continue;
      const start = m.index + m[0].length - 1 - m[1].length;
      out.push({ start, end: start + m[1].length });
    }
  }
  // Only the lines that hold a word of a secret's name can hold a secret-named pair: read just those.
  const hint = new RegExp(SECRET_NAME_HINT.source, 'gi');
  for (let h = hint.exec(text); h; h = hint.exec(text)) {
    const lineStart = text.lastIndexOf('\n', h.index) + 1;
    let lineEnd = text.indexOf('\n', h.index);
    if (lineEnd === -1) lineEnd = text.length;
    hint.lastIndex = lineEnd;
    const line = text.slice(lineStart, lineEnd);
    NAME_VALUE.lastIndex = 0;
    for (let m = NAME_VALUE.exec(line); m; m = NAME_VALUE.exec(line)) {
      const [, name, raw] = m;
      if (!secretNameKind(name)) continue;
      const quoted = raw[0] === '"' || raw[0] === "'";
      const value = quoted ? raw.slice(1, -1) : raw;
      if (value === '' || value.includes('$') || !isSecretEnv(name, value)) continue;
      const start = lineStart + m.index + m[0].length - raw.length + (quoted ? 1 : 0);
      out.push({ start, end: start + value.length });
    }
  }
  return out;
}

/** Keys of Traefik's basic-auth middleware users (`traefik.http.middlewares.<name>.basicauth.users`, Traefik docs "BasicAuth"). */
const BASIC_AUTH_USERS = /(?:^|\.)basicauth\.users$/i;
/**
 * Keys of Traefik's digest-auth middleware users (`traefik.http.middlewares.<name>.digestauth.users`, Traefik docs
 * "DigestAuth": `user:realm:hash` pairs as htdigest(1) writes them, the hash MD5(user:realm:password) in hex).
 */
const DIGEST_AUTH_USERS = /(?:^|\.)digestauth\.users$/i;

/**
 * The password hashes of a label value: under a basic-auth users key (Traefik's `…basicauth.users`: comma-separated
 * `user:hash` pairs, htpasswd hashes: `$apr1$` Apache MD5, `$2y$` bcrypt, `{SHA}`), each pair whose part after the
 * first `:` is a hash ({@link isPasswordHash}); under a digest-auth users key (`…digestauth.users`: `user:realm:hash`
 * pairs), each pair whose part after the last `:` is 32 hex digits (htdigest's MD5); under any key, a value that is a hash as a whole. Returns the
 * `[start, end)` offsets in `value` from the first hash to the end of the last (the user names between two hashes
 * are inside), or `undefined` when there is none.
 */
export function basicAuthHashes(key: string, value: string): { start: number; end: number } | undefined {
  if (isPasswordHash(value.trim())) {
    const start = value.length - value.trimStart().length;
    return { start, end: start + value.trim().length };
  }
  const digest = DIGEST_AUTH_USERS.test(key);
  if (!digest && !BASIC_AUTH_USERS.test(key)) return undefined;
  let first: number | undefined;
  let last = 0;
  let at = 0;
  for (const pair of value.split(',')) {
    // htpasswd `user:hash`; htdigest `user:realm:hash` (the realm is not secret, the hash after the last `:` is).
    const colon = digest ? pair.lastIndexOf(':') : pair.indexOf(':');
    const hash = colon < 0 ? '' : pair.slice(colon + 1).trim();
    if (hash && (digest ? /^[0-9a-f]{32}$/i.test(hash) : isPasswordHash(hash))) {
      const start = at + pair.indexOf(hash, colon + 1);
      first ??= start;
      last = start + hash.length;
    }
    at += pair.length + 1;
  }
  return first === undefined ? undefined : { start: first, end: last };
}

/**
 * The secret a container label holds (`com.example.db_password=pw`, a token in any label), with where it stands in
 * the value: a value that looks like a secret whatever its key ({@link looksLikeSecretValue}: token formats, private
 * keys, URL credentials, high entropy), or a literal value (no `$`) under a key that names one ({@link isSecretEnv}:
 * `db.password`; files, booleans and placeholders are not secrets). For credentials in a URL the range is the
 * password ({@link writtenUrlPassword}), otherwise the whole value. The verdict BW-0402 gives image labels.
 * A basic-auth label (Traefik's `traefik.http.middlewares.<name>.basicauth.users=admin:$apr1$…,bob:$2y$…`) holds
 * password hashes ({@link basicAuthHashes}): kind `password-hash`, the range from the first hash to the end of the
 * last; so does a value that is a password hash as a whole ({@link isPasswordHash}) under any key.
 * @param key the label key as written (`com.example.db_password`)
 * @param value the label value (after interpolation: Compose's `$$` is one `$`)
 * @returns the secret's kind and `[start, end)` offsets in `value`, or `undefined`
 */
export function labelSecret(key: string, value: string): { kind: string; start: number; end: number } | undefined {
  const hashes = basicAuthHashes(key, value);
  if (hashes) return { kind: 'password-hash', start: hashes.start, end: hashes.end };
  const byName = value !== '' && !value.includes('$') ? isSecretEnv(key, value) : undefined;
  const v = looksLikeSecretValue(value) ?? (byName && !byName.placeholder ? byName : undefined);
  if (!v) return undefined;
  const pw = v.kind === 'url-credentials' ? writtenUrlPassword(value) : undefined;
  return { kind: v.kind, start: pw?.start ?? 0, end: pw?.end ?? value.length };
}
