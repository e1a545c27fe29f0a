/**
 * BW-0103 df-secret-in-env (DF_SECRET_ENV): a Dockerfile bakes a secret into the image config or history.
 *  - `ENV NAME=value` with a literal secret (by name or value, src/rules/util/secrets.ts): kind `literal`, high;
 *  - `ARG NAME` then `ENV NAME=$NAME` (or `${NAME}`) in a stage that is shipped: kind `build-arg`, medium —
 *    the `--build-arg` value ends up in the image config and `docker history`;
 *  - `ENV NAME=…${VAR}…` whose written part is a credential by its format (a URL with a written password
 *    next to an interpolated host, `postgres://app:pw@${DB_HOST}/app`; a provider token): kind `literal`, high;
 *  - `ENV NAME=…$X…` with a secret name whose written characters are a credential-sized literal and no build
 *    argument is referenced (`SECRET_KEY=django-insecure-…$w3e…`: a Django key holding `$`): kind `literal`, high;
 *  - `ENV NAME=${NAME:-default}` whose variable is no build argument: the written default is the value, a
 *    literal (high);
 *  - `ARG NAME=default` with a literal secret default: kind `literal`, high (the default is in the file and
 *    in the build history);
 *  - `ARG NAME` (secret name, no literal default, not copied into ENV) in a shipped stage and referenced by a
 *    later RUN of that stage (`RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc`): kind
 *    `build-arg`, medium — builders record the stage's build arguments with their values in the history of
 *    each RUN (Dockerfile reference, "ARG": "not recommended to use build arguments to pass secrets … visible
 *    in the docker history"; BuildKit check SecretsUsedInArgOrEnv).
 *  - a secret written into the Dockerfile's own text outside ENV/ARG (any stage: the secret is in the
 *    source repository and, for a RUN, in the build history): a PEM private key block in a RUN or in a
 *    `COPY <<EOF` heredoc (kind `private-key`, high); a `COPY <<EOF` heredoc written to a credentials file
 *    (`/root/.pgpass`, `.netrc`, `.git-credentials`…) with literal content (kind `file`, high, body masked); a credential with a known token format (GitHub,
 *    GitLab, AWS key id, Slack, Stripe, JWT…), a URL with a written password
 *    (`https://__token__:pypi-…@host`), an npm `_authToken=<literal>`, a `.netrc` `password <literal>`, curl's
 *    `-u user:password` or wget's `--password=<literal>`, the MySQL/MariaDB clients' `-p<literal>`, `sshpass -p`,
 *    a secret-named `NAME=<literal>` (`DB_PASSWORD=pw python manage.py migrate`), `docker login -p <literal>`
 *    (or `echo <literal> | docker login --password-stdin`),
 *    `aws configure set aws_secret_access_key <literal>`, `htpasswd -b … <literal>`, `npm config set …:_authToken <literal>`,
 *    `redis-cli -a <literal>`, `mc alias set ALIAS URL ACCESSKEY <literal>`, `mysqladmin … password <literal>`,
 *    `rabbitmqctl add_user USER <literal>` ({@link commandLineCredentials}), the credential of an HTTP header given to curl
 *    or wget (`curl -H "Authorization: Bearer …"`, `wget --header="X-Api-Key: …"`, also inside `sh -c "…"`; kind
 *    `http-header`, util/command-secrets.ts `headerCredentials`), `PGPASSWORD=` / `MYSQL_PWD=` / `REDISCLI_AUTH=` <literal> in
 *    a RUN (`echo "//registry.npmjs.org/:_authToken=npm_…" > .npmrc`; kind `literal`, high). `${VAR}`
 *    references are not literals. The same credentials in CMD, ENTRYPOINT, HEALTHCHECK or LABEL, which are
 *    stored in the image config (`CMD ["app", "--api-key=sk_live_…"]`, `HEALTHCHECK CMD curl -u admin:pw …`;
 *    kind `literal`, high);
 *  - `COPY` / `ADD` (not `--from` a stage) of a secret file from the build context into a shipped stage:
 *    an SSH private key (`id_rsa`, `id_ed25519`…; kind `file`, high), a credentials file (`.netrc`,
 *    `.git-credentials`, `.pypirc`, `.pgpass`, `.aws/credentials`, `.docker/config.json`, a GCP key or OAuth client
 *    `credentials.json` / `service-account.json` / `*-key.json`, a `kubeconfig` or `.kube/config`, a `*.p12` /
 *    `*.pfx` / `*.jks` / `*.keystore` key store; high; also a destination such as `/root/.kube/config`), or a `*.key` (usually a TLS
 *    private key; repository signing keys such as `nginx_signing.key` are public and skipped), `.npmrc` or `.env`
 *    that may hold one (medium, certainty unknown: the content is not in the Dockerfile).
 *    The file stays in its layer even when a later RUN deletes it.
 *  - a build secret mounted into a RUN of a shipped stage (`--mount=type=secret`) and written into the layer by that
 *    RUN (`cp /run/secrets/dotenv /app/.env`, `cat … > file`, `echo "$TOKEN" > file` for an `env=` mount) and not
 *    removed in the same RUN ({@link secretCopies}): kind `secret-mount-copy`, high.
 *  - a Compose service's `build.args` entry with a literal secret value (map `NPM_TOKEN: npm_…` or list
 *    `- NPM_TOKEN=npm_…`): `docker build --build-arg`, kind `build-arg-literal`, high (info for a placeholder), at the
 *    value — it is in the Compose file and in the history of each RUN that sees the argument; likewise a script's
 *    `docker build --build-arg NAME=<literal secret>` (src/ingest/run/host-secrets.ts), at the value.
 *  - a Compose service's `build.labels` entry (map or list form) with a literal credential (by its format, or under a
 *    key that names a secret: `labelSecret`, as for LABEL): `docker build --label`, in the config of the image built;
 *    kind `build-label-literal`, high, at the secret's characters.
 * CIS Docker Benchmark 1.6.0 4.10 ("Ensure secrets are not stored in Dockerfiles"), R-S, paper §IV.5.
 * Values are never printed; their ranges are passed as `secretRanges`.
 */
import { defineRule } from './types.js';
import { classifySecretName, isSecretEnv, labelSecret, looksLikeSecretValue, secretFormatOf } from './util/secrets.js';
import { writtenPartRange } from '../ingest/run/log-secrets.js';
import { callsMatching, commandOf, shippedStages } from '../ingest/dockerfile/facts.js';
import type { ShellCall } from '../ingest/dockerfile/shell.js';
import { stdinLoginPasswords } from '../ingest/run/login-secrets.js';
import { headerCredentials, positionalSecrets } from './util/command-secrets.js';
import type { DockerfileArg, DockerfileEnvVar, DockerfileImage } from '../ingest/dockerfile/index.js';
import type { Origin } from '../model/types.js';
import type { SourceRange } from '../model/source.js';

/** A PEM private key block (RFC 7468 labels; OpenSSH, RSA, EC, PKCS#8, PGP). */
const PEM_KEY = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----([\s\S]*?)(?:-----END \1-----|$)/g;
/** Token kinds of {@link looksLikeSecretValue} that identify a credential by its format alone. */
const RUN_TOKEN_KINDS = new Set([
  'aws-access-key-id', 'github-token', 'gitlab-token', 'slack-token', 'stripe-key', 'google-api-key', 'api-key', 'jwt',
  'slack-webhook', 'discord-webhook', 'telegram-bot-token', 'url-credentials',
]);

/**
 * Base name (or trailing path) of a build-context file that is a secret: `high` for private keys and
 * credential stores, `maybe` for `.npmrc` / `.env` (they often only reference `${NPM_TOKEN}` or hold settings).
 */
export function secretFileKind(path: string): 'high' | 'maybe' | undefined {
  const p = path.replace(/\/+$/, '');
  const b = p.slice(p.lastIndexOf('/') + 1);
  // `*.key` is usually a TLS private key, but repository signing keys are public (`nginx_signing.key`, `Release.key`).
  if (/\.key$/.test(b)) return /sign|release|gpg|pgp|pub|apt|repo|archive/i.test(b) ? undefined : 'maybe';
  if (/^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$/.test(b) || b === '.netrc' || b === '.pgpass' || b === '.git-credentials' || b === '.pypirc' || b === '.dockercfg') return 'high';
  if (/(?:^|\/)\.aws\/credentials$/.test(p) || /(?:^|\/)\.docker\/config\.json$/.test(p)) return 'high';
  // Cloud and cluster credentials: a Google OAuth client or service-account key (`credentials.json`,
  // `service-account.json`, `gcp-key.json`: a JSON holding `private_key`), a kubeconfig (`kubeconfig`,
  // `*.kubeconfig`, `~/.kube/config`), and PKCS#12 / Java key stores holding private keys (`*.p12`, `*.pfx`,
  // `*.jks`, `*.keystore`; a `truststore.jks` holds only public certificates).
  if (/^(?:credentials|(?:[\w.-]*[-_.])?service[-_]?account(?:[-_.][\w.-]*)?)\.json$/i.test(b) || (/[-_]key\.json$/i.test(b) && !/pub/i.test(b))) return 'high';
  if (/^(?:kubeconfig|[\w.-]+\.kubeconfig)$/i.test(b) || /(?:^|\/)\.kube\/config$/.test(p)) return 'high';
  if (/\.(?:p12|pfx|jks|keystore)$/i.test(b) && !/trust|cacerts/i.test(b)) return 'high';
  if (b === '.npmrc' || b === '.env' || /^\.env\.(?!example$|sample$|template$|dist$)[A-Za-z0-9_.-]+$/.test(b)) return 'maybe';
  return undefined;
}

/**
 * The secret mounts of a RUN's flags (`--mount=type=secret,id=npmrc,target=/root/.npmrc`; Dockerfile reference,
 * "RUN --mount=type=secret"): the file's path (`target`/`dst`/`destination`, else `/run/secrets/<id>`) and the
 * environment variable it is exposed as (`env=`, dockerfile 1.10), if any. `flagsText` is the text from the
 * keyword to the arguments.
 */
export function secretMounts(flagsText: string): { id: string; path?: string; env?: string }[] {
  const out: { id: string; path?: string; env?: string }[] = [];
  for (const m of flagsText.matchAll(/--mount=("?)([^\s"]+)\1/g)) {
    const kv = new Map(m[2].split(',').map((f) => [f.slice(0, f.indexOf('=') < 0 ? f.length : f.indexOf('=')).toLowerCase(), f.includes('=') ? f.slice(f.indexOf('=') + 1) : 'true']));
    if (kv.get('type') !== 'secret') continue;
    const target = kv.get('target') ?? kv.get('dst') ?? kv.get('destination');
    const id = kv.get('id') ?? (target ? target.slice(target.lastIndexOf('/') + 1) : '');
    const env = kv.get('env');
    if (!id) continue;
    out.push({ id, ...(env && !target ? { env } : { path: target ?? `/run/secrets/${id}` }), ...(env && target ? { env } : {}) });
  }
  return out;
}

/**
 * Commands of one RUN that write a build secret into a file of the layer (R-S: "secrets baked into image layers";
 * a secret mount exists only while its RUN runs, a copy stays): `cp` / `install` of the mounted file, `cat` of it
 * redirected (`>`, `>>`) or piped into `tee`, or an `echo` / `printf` of its `env=` variable or of a command substitution
 * reading the mounted file (`echo "…_authToken=$(cat /run/secrets/npm_token)" > .npmrc`) redirected into a file.
 * A copy removed again later in the same RUN (`rm -f ~/.npmrc`) never reaches the layer and is not returned; nor is
 * a write to `/dev/…` or into `/run/secrets`.
 */
export function secretCopies(calls: ShellCall[], mounts: { id: string; path?: string; env?: string }[]): { call: ShellCall; id: string; dest: string }[] {
  const out: { call: ShellCall; id: string; dest: string }[] = [];
  const mountOf = (w: string) => mounts.find((m) => m.path !== undefined && (w === m.path || w.startsWith(`${m.path.replace(/\/+$/, '')}/`)));
  const envOf = (w: string) => mounts.find((m) => m.env !== undefined && new RegExp(`\\$(?:\\{${m.env}\\}|${m.env}(?![A-Za-z0-9_]))`).test(w));
  // `$(cat /run/secrets/npm_token)`, `$(< /run/secrets/x)` or `` `cat /run/secrets/x` `` inside an echo/printf argument.
  const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const substOf = (w: string) =>
    mounts.find((m) => m.path !== undefined && new RegExp(`(?:\\$\\(\\s*(?:cat\\s+|<\\s*)|\`\\s*cat\\s+)["']?${esc(m.path)}["']?\\s*[)\`]`).test(w));
  const kept = (dest: string) => !/^\/dev\/|^\/run\/secrets(?:\/|$)/.test(dest);
  calls.forEach((c, i) => {
    const cmd = commandOf(c);
    if (!cmd) return;
    const args = c.words.slice(cmd.at + 1);
    const operands = args.filter((w) => !w.startsWith('-'));
    const redirect = c.redirects.find((r) => r.op === '>' || r.op === '>>' || r.op === '>|')?.target;
    let hit: { id: string; dest: string } | undefined;
    if ((cmd.name === 'cp' || cmd.name === 'install') && operands.length >= 2) {
      const m = operands.slice(0, -1).map(mountOf).find((x) => x);
      if (m) hit = { id: m.id, dest: operands[operands.length - 1] };
    } else if (cmd.name === 'cat' && operands.some((w) => mountOf(w))) {
      const m = operands.map(mountOf).find((x) => x)!;
      const tee = c.pipeline?.slice(c.pipeline.indexOf(c) + 1).find((x) => commandOf(x)?.name === 'tee');
      const dest = redirect ?? tee?.words.slice(commandOf(tee)!.at + 1).find((w) => !w.startsWith('-'));
      if (dest) hit = { id: m.id, dest };
    } else if ((cmd.name === 'echo' || cmd.name === 'printf') && redirect) {
      const m = args.map((w) => envOf(w) ?? substOf(w)).find((x) => x);
      if (m) hit = { id: m.id, dest: redirect };
    }
    if (!hit || !kept(hit.dest)) return;
    const removed = calls.slice(i + 1).some((r) => {
      const rc = commandOf(r);
      return rc?.name === 'rm' && r.words.slice(rc.at + 1).includes(hit!.dest);
    });
    if (!removed) out.push({ call: c, ...hit });
  });
  return out;
}

/** Instructions whose arguments are stored in the image config (Dockerfile reference; OCI image config `config`). */
const CONFIG_KEYWORDS = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'LABEL']);

/**
 * GitHub's token-as-username form, `https://${GITHUB_TOKEN}:x-oauth-basic@github.com/` (GitHub docs, "Git automation
 * with OAuth tokens"): the password is a fixed placeholder and the credential is the variable, so the URL holds
 * no literal secret.
 */
const OAUTH_PLACEHOLDER = /:\/\/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?:x-oauth-basic@/;

/** Characters that end a word of a RUN text: blanks, quotes, backquote and the shell operators `; | & ( ) < >`. */
const WORD_BREAK = new Uint8Array(128);
for (const ch of ' \t\n\r\v\f\'"`;|&()<>') WORD_BREAK[ch.charCodeAt(0)] = 1;
const isWordBreak = (c: number) => c < 128 && WORD_BREAK[c] === 1;

/**
 * Literal credentials in the text of a RUN (header and heredoc bodies): offsets into `text` of each secret
 * value, with its kind. See the module comment for what counts.
 */
export function literalCredentials(text: string): { start: number; end: number; kind: string }[] {
  const out: { start: number; end: number; kind: string }[] = [];
  // The words of the text (runs of characters other than blanks, quotes and shell operators), scanned by hand:
  // only a word that can hold a token is cut out (every format of RUN_TOKEN_KINDS is 18 characters or more;
  // credentials in a URL have `@` or `=`).
  const n = text.length;
  for (let i = 0; i < n; ) {
    while (i < n && isWordBreak(text.charCodeAt(i))) i++;
    const start = i;
    let marked = false;
    for (let c: number; i < n && !isWordBreak((c = text.charCodeAt(i))); i++) if (c === 64 || c === 61) marked = true;
    if (i === start || (i - start < 18 && !marked)) continue;
    const word = text.slice(start, i);
    const v = secretFormatOf(word);
    if (!v || !RUN_TOKEN_KINDS.has(v.kind)) continue;
    if (v.kind === 'url-credentials' && OAUTH_PLACEHOLDER.test(word)) continue;
    out.push({ start, end: i, kind: v.kind });
  }
  // A credential in a URL's query string after another parameter (`?v=2&access_token=…`): the word scan above cuts
  // at the `&` (a shell operator when unquoted), so the parameter is looked for in the text itself.
  // Each pattern below needs a literal that most RUN texts lack: `includes` first, then the regular expression.
  const hasEq = text.includes('=');
  if (hasEq) for (const m of text.matchAll(/[?&](?:access_token|token|api_key|apikey|api-key|client_secret|secret|password|passwd|pwd|pass)=([^&\s#'"`$\\]{8,})/gi)) {
    const s = m.index! + m[0].length - m[1].length;
    if (!out.some((o) => o.start <= s && s < o.end)) out.push({ start: s, end: s + m[1].length, kind: 'url-credentials' });
  }
  if (hasEq && text.includes('_auth')) for (const m of text.matchAll(/_auth(?:Token)?\s*=\s*([^\s'"$\\]+)/g)) {
    const s = m.index! + m[0].length - m[1].length;
    if (!out.some((o) => o.start <= s && s < o.end)) out.push({ start: s, end: s + m[1].length, kind: 'npm-token' });
  }
  // curl(1) `-u user:password` / `--user user:password` (not `-u 1000:1000`, a uid:gid; only where curl is called:
  // `pip install --user git+ssh://git@host/repo.git` is pip's flag followed by a URL); wget(1) `--password=` /
  // `--http-password=`.
  const curl = /\bcurl\b/.test(text);
  if (text.includes('-u') || text.includes('password')) for (const m of text.matchAll(/(?:^|\s)(?:-u|--user)[\s=]+["']?(?!\d+:)[^\s:'"$]+:(?!\/\/)([^\s'"$\\]+)|--(?:http-|ftp-)?password[=\s]+["']?([^\s'"$\\]+)/g)) {
    if (m[1] !== undefined && !curl) continue;
    const v = m[1] ?? m[2];
    const s = m.index! + m[0].length - v.length;
    if (!out.some((o) => o.start <= s && s < o.end)) out.push({ start: s, end: s + v.length, kind: 'password' });
  }
  // The MySQL / MariaDB clients' `-p<password>` (attached: a bare `-p` prompts; MySQL manual "Specifying the
  // password on the command line is insecure"), `sshpass -p <password>`, and the client password variables
  // `PGPASSWORD=`, `MYSQL_PWD=`, `REDISCLI_AUTH=` set for one command (`PGPASSWORD=pw psql …`).
  const pushPw = (s: number, v: string, kind: string) => {
    if (!out.some((o) => o.start <= s && s < o.end)) out.push({ start: s, end: s + v.length, kind });
  };
  if (text.includes('mysql') || text.includes('mariadb')) for (const m of text.matchAll(/\b(?:mysql|mysqladmin|mysqldump|mysqlimport|mariadb|mariadb-admin|mariadb-dump)\b[^\n;|&]*?\s-p([^\s'"$\\;|&]+)/g))
    pushPw(m.index! + m[0].length - m[1].length, m[1], 'password');
  if (text.includes('sshpass')) for (const m of text.matchAll(/\bsshpass\s+-p\s*["']?([^\s'"$\\;|&]+)/g)) pushPw(m.index! + m[0].length - m[1].length, m[1], 'password');
  if (hasEq && (text.includes('PGPASSWORD') || text.includes('MYSQL_PWD') || text.includes('REDISCLI_AUTH'))) for (const m of text.matchAll(/(?:^|[\s;&|(])(?:PGPASSWORD|MYSQL_PWD|REDISCLI_AUTH)=["']?([^\s'"$\\;|&]+)/g))
    pushPw(m.index! + m[0].length - m[1].length, m[1], 'password');
  for (const c of commandLineCredentials(text)) pushPw(c.start, text.slice(c.start, c.end), c.kind);
  // An HTTP header with a credential given to curl or wget (`curl -H "Authorization: Bearer …"`, `wget
  // --header="X-Api-Key: …"`), directly or in a script given to a shell: read as BW-0035 reads a container's command.
  for (const c of headerCredentials(text)) pushPw(c.start, text.slice(c.start, c.end), 'http-header');
  if (/netrc/.test(text))
    for (const m of text.matchAll(/\bpassword\s+([^\s'"$\\]+)/g)) {
      const s = m.index! + m[0].length - m[1].length;
      if (!out.some((o) => o.start <= s && s < o.end)) out.push({ start: s, end: s + m[1].length, kind: 'netrc' });
    }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Credentials given on a command line of a RUN (R-S: RUN command lines are stored in the image history, `docker
 * history`), as offsets into `text`: a secret-named `NAME=literal` assignment (`DB_PASSWORD=pw python manage.py
 * migrate`, `export API_TOKEN=…`; the name decides as for ENV, {@link isSecretEnv}), `docker|podman|buildah|nerdctl
 * login -p <pw>` / `--password <pw>` and a literal written to its `--password-stdin` (`echo pw | docker login …
 * --password-stdin`, {@link stdinLoginPasswords}), `aws configure set aws_secret_access_key|aws_session_token <value>`,
 * `htpasswd -b[c|n…] [file] user <pw>` (htpasswd(1) batch mode), `npm|pnpm|yarn config set …:_authToken|_auth|
 * _password <value>`, `redis-cli -a|--pass <pw>` (redis-cli(1)), and the operand passwords of `mc alias set`, `mc config
 * host add`, `mysqladmin … password` and `rabbitmqctl add_user|change_password` (src/rules/util/command-secrets.ts
 * `positionalSecrets`, shared with the container command lines of BW-0035). Values holding `$` (`$PW`, `${PW}`, `$(cat /run/secrets/x)`) are expansions, not literals.
 */
export function commandLineCredentials(text: string): { start: number; end: number; kind: string }[] {
  const out: { start: number; end: number; kind: string }[] = [];
  const push = (m: RegExpMatchArray, v: string | undefined, kind: string) => {
    if (!v) return;
    const start = m.index! + m[0].length - v.length - (/["']$/.test(m[0]) ? 1 : 0);
    out.push({ start, end: start + v.length, kind });
  };
  // `NAME=value` at the start of a word (a command prefix or an assignment): quoted or bare, no expansion.
  if (text.includes('=')) for (const m of text.matchAll(/(?:^|[\s;&|(])([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"$`\\]*)"|'([^']*)'|([^\s'"$`\\;|&()<>]+)(?=[\s'";|&)<>]|$))/g)) {
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if (value === '') continue;
    const v = isSecretEnv(m[1], value);
    if (!v || v.by !== 'name' || v.placeholder) continue;
    push(m, value, v.kind);
  }
  if (text.includes('login')) for (const m of text.matchAll(/\b(?:docker|podman|buildah|nerdctl|skopeo)\s+login\b[^\n;|&]*?\s(?:-p|--password)(?:=|\s+)["']?([^\s'"$\\;|&]+)(?=[\s'";|&)<>]|$)["']?/g))
    push(m, m[1], 'password');
  // `echo "pw" | docker login --password-stdin`, `docker login --password-stdin <<< "pw"`: the same password.
  for (const p of stdinLoginPasswords(text)) out.push({ ...p, kind: 'password' });
  if (text.includes('aws')) for (const m of text.matchAll(/\baws\s+configure\s+set\s+(?:[\w.-]+\.)?(?:aws_secret_access_key|aws_session_token)\s+["']?([^\s'"$\\;|&]+)(?=[\s'";|&)<>]|$)["']?/g))
    push(m, m[1], 'aws-secret-key');
  if (text.includes('config')) for (const m of text.matchAll(/\b(?:npm|pnpm|yarn)\s+config\s+set\s+["']?\S*(?:_authToken|_auth|_password|npmAuthToken)["']?\s+["']?([^\s'"$\\;|&]+)(?=[\s'";|&)<>]|$)["']?/g))
    push(m, m[1], 'npm-token');
  // `redis-cli -a <pw>` / `--pass <pw>` (redis-cli(1); `REDISCLI_AUTH=` is read above).
  if (text.includes('redis-cli')) for (const m of text.matchAll(/\bredis-cli\b[^\n;|&]*?\s(?:-a|--pass)\s+["']?([^\s'"$\\;|&]+)(?=[\s'";|&)<>]|$)["']?/g))
    push(m, m[1], 'password');
  // Passwords given as operands: `mc alias set ALIAS URL ACCESSKEY SECRETKEY`, `mysqladmin … password NEW`,
  // `rabbitmqctl add_user USER PASSWORD` ({@link positionalSecrets}), one simple command at a time (a `\` line
  // continuation joins lines).
  if (/\b(?:mc|mysqladmin|rabbitmqctl)\b/.test(text))
    for (const m of text.matchAll(/[^;|&\n](?:[^;|&\n]|\\\n)*/g)) {
      if (!/\b(?:mc|mysqladmin|rabbitmqctl)\b/.test(m[0])) continue;
      const words = [...m[0].matchAll(/(["'])(.*?)\1|[^\s"']+/g)]
        .filter((w) => w[0] !== '\\')
        .map((w) => ({ value: w[2] ?? w[0], start: m.index! + w.index! + (w[2] !== undefined ? 1 : 0) }));
      for (const p of positionalSecrets(words.map((w) => w.value))) out.push({ start: words[p.index].start, end: words[p.index].start + p.value.length, kind: 'password' });
    }
  if (text.includes('htpasswd'))
    for (const m of text.matchAll(/\bhtpasswd\b([^\n;|&]*)/g)) {
      // Words after htpasswd: options (`-b`, `-bc`, `-nbB`; `-C`/`-r` take a number), then [file] user password.
      const words = [...m[1].matchAll(/(["'])(.*?)\1|\S+/g)].map((w) => ({ value: w[2] ?? w[0], start: m.index! + 'htpasswd'.length + w.index! + (w[2] !== undefined ? 1 : 0) }));
      let flags = '';
      let i = 0;
      for (; i < words.length && /^-[A-Za-z]+$/.test(words[i].value); i++) {
        flags += words[i].value.slice(1);
        if (/[Cr]$/.test(words[i].value)) i++;
      }
      if (!flags.includes('b')) continue;
      const pw = words[i + (flags.includes('n') ? 1 : 2)];
      if (!pw || pw.value === '' || pw.value.includes('$')) continue;
      out.push({ start: pw.start, end: pw.start + pw.value.length, kind: 'password' });
    }
  return out;
}

/**
 * The words of an instruction's text with their offsets: the strings of a JSON array (exec form, `["app",
 * "--password", "pw"]`, inner offsets) or the blank-separated words of the shell form (quotes stripped).
 */
function configWords(text: string): { value: string; start: number; end: number }[] {
  const out: { value: string; start: number; end: number }[] = [];
  if (text.trimStart().startsWith('[')) {
    for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"/g)) out.push({ value: m[1], start: m.index! + 1, end: m.index! + 1 + m[1].length });
    return out;
  }
  for (const m of text.matchAll(/(["']?)([^\s"']+)\1/g)) out.push({ value: m[2], start: m.index! + m[1].length, end: m.index! + m[1].length + m[2].length });
  return out;
}

/**
 * Credentials given to a program by a flag named for them in CMD / ENTRYPOINT / HEALTHCHECK text, in either form:
 * `--password pw`, `"--token", "t0k3n"`, `--api-key=…`, `--requirepass pw` (redis-server). The flag's name is
 * classified as a variable name is ({@link isSecretEnv}: `--ssl-key /etc/key.pem`, a path, is not a secret); a value
 * with `$` is an expansion, not a literal. Offsets into `text`.
 */
export function flagCredentials(text: string): { start: number; end: number; kind: string }[] {
  const out: { start: number; end: number; kind: string }[] = [];
  const words = configWords(text);
  for (let i = 0; i < words.length; i++) {
    const m = /^--?([A-Za-z][A-Za-z0-9-]*)(?:=(.*))?$/.exec(words[i].value);
    if (!m) continue;
    // redis-server `--requirepass` / `--masterauth`, redis-cli `--pass`, `-p`-less spellings of a password flag.
    const name = /^(?:requirepass|masterauth|pass|pwd|pw)$/i.test(m[1]) ? 'password' : m[1];
    const joined = m[2] !== undefined;
    const value = joined ? m[2] : words[i + 1]?.value;
    if (value === undefined || value === '' || value.includes('$') || (!joined && value.startsWith('-'))) continue;
    const v = isSecretEnv(name.replace(/-/g, '_'), value);
    if (!v || v.by !== 'name' || v.placeholder) continue;
    const start = joined ? words[i].start + words[i].value.length - value.length : words[i + 1].start;
    out.push({ start, end: start + value.length, kind: v.kind });
    if (!joined) i++;
  }
  return out;
}

/**
 * Credentials in LABEL pairs (`LABEL db.password="pw"`, `LABEL api_token=…`): a label whose key names a secret
 * ({@link isSecretEnv} on the key) with a literal value. Labels are in the image config (`Config.Labels`).
 */
export function labelCredentials(text: string): { start: number; end: number; kind: string }[] {
  const out: { start: number; end: number; kind: string }[] = [];
  for (const m of text.matchAll(/(["']?)([^\s="']+)\1=("((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"']+))/g)) {
    const value = m[4] ?? m[5] ?? m[6] ?? '';
    if (value === '' || value.includes('$')) continue;
    const v = isSecretEnv(m[2], value);
    if (!v || v.placeholder) continue;
    const start = m.index! + m[0].length - m[3].length + (m[6] === undefined ? 1 : 0);
    out.push({ start, end: start + value.length, kind: v.kind });
  }
  return out;
}

/** The secret verdict of an ENV/ARG value: {@link isSecretEnv} (public keys and fingerprints are not secrets there). */
export function secretEnv(name: string, value: string): ReturnType<typeof isSecretEnv> {
  return isSecretEnv(name, value);
}

/**
 * The characters of an interpolated ENV value as written, without its `$VAR` / `${…}` references and quotes, when they
 * are a credential-sized literal (8 characters or more, with a run of 4 letters or digits); `undefined` otherwise
 * (`${DB_PASSWORD}`, `Bearer $TOKEN`, `$A:$B`).
 */
export function writtenPart(raw: string): string | undefined {
  const part = raw.replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '').replace(/["']/g, '').trim();
  return part.length >= 8 && /[A-Za-z0-9]{4}/.test(part) ? part : undefined;
}

const rangeOf = (o: Origin | undefined): SourceRange[] => (o && o.kind === 'file' ? [{ file: o.file, start: o.start, end: o.end }] : []);

/**
 * The fix of an ENV or ARG finding, naming its variable (the rule's remediation is an example with AWS keys):
 * a BuildKit secret mount exposes the value to one RUN only, as an environment variable (Dockerfile reference,
 * "RUN --mount=type=secret", `env=`: dockerfile frontend 1.10+), never in the image config or history; a value the
 * container needs at run time is given at run time (a secret file, e.g. Compose `secrets:` under /run/secrets).
 */
export function secretFix(name: string, kind: 'env' | 'arg'): string {
  const id = name.toLowerCase().replace(/[^a-z0-9_.-]/g, '_');
  const run = `RUN --mount=type=secret,id=${id},env=${name} <the command that needs it>`;
  const build = `docker build --secret id=${id},env=${name} .`;
  return kind === 'arg'
    ? `${run}   # instead of ARG ${name}\n# build: ${build}`
    : `# remove ENV ${name}; give it at run time: a secret file (/run/secrets/${id}) or docker run -e ${name}\n# if the build needs it: ${run}   (${build})`;
}

/**
 * The fix of a Compose `build.args` secret (compose-spec build.md "secrets", 09-secrets.md `environment:`): a build
 * secret the Dockerfile mounts into the one RUN that needs it (`RUN --mount=type=secret,…,env=NAME`), never kept in
 * the history.
 */
export function buildArgFix(name: string): string {
  const id = name.toLowerCase().replace(/[^a-z0-9_.-]/g, '_');
  return `build:\n  secrets: [${id}]   # instead of args: ${name}\nsecrets:\n  ${id}:\n    environment: ${name}   # or file: ./${id}.txt\n# Dockerfile: RUN --mount=type=secret,id=${id},env=${name} <the command that needs it>`;
}

/**
 * The fix of a secret in a Compose `build.labels` entry: image labels are metadata every puller reads, never a place
 * for a secret; the container gets it at run time as a file (compose-spec 09-secrets.md, mounted under /run/secrets).
 */
export function buildLabelFix(key: string): string {
  const last = key.split(/[./]/).filter(Boolean).pop() ?? key;
  const id = last.toLowerCase().replace(/[^a-z0-9_.-]/g, '_') || 'secret';
  return `# remove ${key} from build.labels; give the secret to the container at run time as a file: secrets: [${id}] (mounted at /run/secrets/${id})`;
}

/**
 * The fix of a `docker build --build-arg` secret on a command line (docker buildx build reference, `--secret
 * id=…,env=…`): a build secret the Dockerfile mounts into the one RUN that needs it, never kept in the history.
 */
export function buildArgRunFix(name: string): string {
  const id = name.toLowerCase().replace(/[^a-z0-9_.-]/g, '_');
  return `docker build --secret id=${id},env=${name} …   # instead of --build-arg ${name}=…; the value from the CI's secret store\n# Dockerfile: RUN --mount=type=secret,id=${id},env=${name} <the command that needs it>`;
}

export default defineRule({
  meta: {
    id: 'BW-0103',
    slug: 'df-secret-in-env',
    title: 'Secret stored in a Dockerfile (ENV, ARG, RUN or COPY) or in build arguments or labels',
    severity: 'high',
    attackClasses: ['R-S'],
    requirements: ['R-S'],
    cis: { '1.6.0': ['4.10'] },
    paper: '§IV.5',
    inputs: ['dockerfile', 'compose', 'run'],
    description:
      'ENV values are stored in the image config and ARG values used in a build are recorded in the image history: anyone who can pull the image can read them (`docker inspect`, `docker history`). A credential written by a RUN (`.npmrc`, `pip.conf`, `.netrc`, `curl -u user:pw`) or copied in (`COPY id_rsa`, a private key in a `COPY <<EOF` heredoc) is in a layer of the image, even when a later step deletes it. A credential in CMD, ENTRYPOINT, HEALTHCHECK or LABEL is in the image config. A secret written in the Dockerfile is also in its source repository. A Compose `build.args` value is a `--build-arg`: a literal secret there, or on a script\'s `docker build --build-arg` line, is in that file and in the history of the image built with it. A Compose `build.labels` value is a `docker build --label`: a credential there is in the config of the image built, as a LABEL\'s is.',
    remediation: {
      dockerfile:
        'RUN --mount=type=secret,id=aws,env=AWS_SECRET_ACCESS_KEY ./build.sh\n# build: docker build --secret id=aws,env=AWS_SECRET_ACCESS_KEY .\n# run: pass secrets at run time (Docker/Compose secrets mounted under /run/secrets)',
      compose:
        'build:\n  secrets: [npm_token]   # instead of args: NPM_TOKEN\nsecrets:\n  npm_token:\n    environment: NPM_TOKEN\n# Dockerfile: RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci',
    },
    breaks: 'Code that reads the variable at run time must get it from the runtime environment or a secret file instead.',
    fix: 'manual',
  },
  checkContainer(c, ctx) {
    // Compose `build.args` (compose-spec build.md "args"): each is `docker build --build-arg NAME=value`. A literal
    // secret value is in the Compose file, and builders record the build arguments a RUN sees, with their values,
    // in that RUN's history entry (`|1 NPM_TOKEN=… /bin/sh -c …`), as for an ARG default (see checkImage).
    for (const a of c.build?.args ?? []) {
      if (a.kind !== 'literal' || !a.value) continue;
      const verdict = secretEnv(a.name, a.value);
      if (!verdict) continue;
      ctx.report({
        message: verdict.placeholder
          ? `build argument ${a.name} holds a placeholder for a secret: whoever fills it in writes the secret in the Compose file and the image history`
          : `build argument ${a.name} holds a literal secret: it is written in the Compose file and, as a --build-arg, recorded in the image history (docker history) by every RUN of a stage that declares it`,
        at: a.valueOrigin ?? a.origin,
        severity: verdict.placeholder ? 'info' : undefined,
        data: { name: a.name, kind: 'build-arg-literal' },
        fix: buildArgFix(a.name),
        secretRanges: rangeOf(a.valueOrigin ?? a.origin),
      });
    }
    // Compose `build.labels` (compose-spec build.md "labels"): each is `docker build --label`, written into the config
    // of the image built (`Config.Labels`), as a Dockerfile LABEL is. A credential written there (by its format, or a
    // literal under a key that names a secret: util/secrets.ts `labelSecret`, as for LABEL and container labels) is in
    // the Compose file and in every copy of the image; reported at the secret's characters. A value from a variable is
    // not written in the file (as for `build.args`, not reported).
    const src = ctx.source;
    for (const [key, v] of Object.entries(c.build?.labels ?? {})) {
      if (v.how === 'unresolved' || v.raw?.includes('$') || v.origin.kind !== 'file') continue;
      const sec = labelSecret(key, v.value);
      if (!sec) continue;
      const range = src && v.origin.file === src.path ? writtenPartRange(src.text, v.origin, v.value, sec) : undefined;
      ctx.report({
        message: `build label ${key} holds a literal credential (${sec.kind}): it is in the Compose file and the config of the image built (docker inspect)`,
        at: range ?? v.origin,
        data: { name: key, kind: 'build-label-literal' },
        fix: buildLabelFix(key),
        secretRanges: range ? [range] : rangeOf(v.origin),
      });
    }
  },
  // A script's `docker build --build-arg NPM_TOKEN=npm_…` (docker buildx build reference, `--build-arg`): what a
  // Compose `build.args` entry gives the builder, reported the same way, at the value.
  checkFile(f, ctx) {
    for (const h of f.hostSecrets ?? []) {
      if (h.kind !== 'build-arg' || h.valueOrigin.kind !== 'file' || h.valueOrigin.file !== f.source.path) continue;
      const value = f.source.text.slice(h.valueOrigin.start, h.valueOrigin.end);
      const verdict = secretEnv(h.name, value);
      if (!verdict) continue;
      ctx.report({
        message: verdict.placeholder
          ? `build argument ${h.name} holds a placeholder for a secret: whoever fills it in writes the secret in the script and the image history`
          : `build argument ${h.name} holds a literal secret: it is written in the script, shown by ps while docker build runs, and recorded in the image history (docker history) by every RUN of a stage that declares it`,
        at: h.valueOrigin,
        severity: verdict.placeholder ? 'info' : undefined,
        data: { name: h.name, kind: 'build-arg-literal' },
        fix: buildArgRunFix(h.name),
        secretRanges: rangeOf(h.valueOrigin),
      });
    }
  },
  checkImage(img, ctx) {
    const shipped = new Set(shippedStages(img));
    const seen = new Set<number>();
    for (const stage of img.stages) {
      for (const e of stage.env as DockerfileEnvVar[]) {
        if (e.origin.kind !== 'file' || seen.has(e.origin.start)) continue;
        seen.add(e.origin.start);
        if (e.kind === 'literal') {
          const verdict = secretEnv(e.name, e.value ?? '');
          if (!verdict) continue;
          ctx.report({
            message: verdict.placeholder
              ? `ENV ${e.name} holds a placeholder for a secret: whoever fills it in stores the secret in the image config`
              : `ENV ${e.name} stores a literal secret in the image config`,
            at: e.origin,
            severity: verdict.placeholder ? 'info' : undefined,
            data: { name: e.name, kind: 'literal' },
            fix: secretFix(e.name, 'env'),
            secretRanges: rangeOf(e.valueOrigin),
          });
        } else if (e.raw !== undefined && secretFormatOf(e.raw) !== undefined && !OAUTH_PLACEHOLDER.test(e.raw)) {
          // `ENV DATABASE_URL=postgres://app:pw@${DB_HOST}/app`: the variable fills in another part; the credential
          // is written here (secretFormatOf never counts a `${VAR}` as the credential itself).
          ctx.report({
            message: `ENV ${e.name} stores a literal secret in the image config (${secretFormatOf(e.raw)!.kind} written next to a variable)`,
            at: e.origin,
            data: { name: e.name, kind: 'literal' },
            fix: secretFix(e.name, 'env'),
            secretRanges: rangeOf(e.valueOrigin),
          });
        } else if (!e.fromBuildArg && e.value !== undefined && /\$\{[A-Za-z_][A-Za-z0-9_]*:?-/.test(e.raw ?? '') && secretEnv(e.name, e.value)) {
          // `ENV JWT_SECRET=${JWT_SECRET:-dev-secret}` with no ARG of that name: the default written here is the value.
          ctx.report({
            message: `ENV ${e.name} stores a literal secret in the image config (the default of its \${…:-…} expansion)`,
            at: e.origin,
            data: { name: e.name, kind: 'literal' },
            fix: secretFix(e.name, 'env'),
            secretRanges: rangeOf(e.valueOrigin),
          });
        } else if (!e.fromBuildArg && classifySecretName(e.name) && writtenPart(e.raw ?? '') !== undefined && secretEnv(e.name, writtenPart(e.raw ?? '')!)) {
          // `ENV SECRET_KEY=django-insecure-5y#x@2k!q7m^0b8v$w3e9r1t6u4i0o2p`: Django keys hold `$`, which the builder expands
          // (here to nothing), but the written characters are the secret.
          ctx.report({
            message: `ENV ${e.name} stores a literal secret in the image config (written around a $ expansion)`,
            at: e.origin,
            data: { name: e.name, kind: 'literal' },
            fix: secretFix(e.name, 'env'),
            secretRanges: rangeOf(e.valueOrigin),
          });
        } else if (e.fromBuildArg && shipped.has(stage) && (classifySecretName(e.name) || classifySecretName(e.fromBuildArg))) {
          ctx.report({
            message: `ENV ${e.name} copies build argument ${e.fromBuildArg}: the --build-arg value is kept in the image config and history`,
            at: e.origin,
            severity: 'medium',
            data: { name: e.name, kind: 'build-arg' },
            fix: secretFix(e.name, 'env'),
          });
        }
      }
    }
    // `ARG NPM_TOKEN` then `RUN … ${NPM_TOKEN} …` in a shipped stage: BuildKit and the classic builder record
    // the stage's build arguments with their values in the history of every RUN after the declaration
    // (`RUN |1 NPM_TOKEN=… /bin/sh -c …`, visible with `docker history`). An ARG copied into ENV is reported above.
    for (const stage of shipped) {
      const copied = new Set((stage.env as DockerfileEnvVar[]).map((e) => e.fromBuildArg).filter((n) => n !== undefined));
      for (const a of stage.args as DockerfileArg[]) {
        if (a.origin.kind !== 'file' || copied.has(a.value) || !classifySecretName(a.value)) continue;
        if (a.defaultValue !== undefined && a.defaultValue !== '' && !a.defaultValue.includes('$')) continue;
        const argAt = a.origin.start;
        const name = a.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const ref = new RegExp(`\\$(?:\\{${name}(?:[:}+-]|$)|${name}(?![A-Za-z0-9_]))`);
        const run = stage.instructions.find((i) => i.keyword === 'RUN' && i.range.start > argAt && ref.test(ctx.source?.text.slice(i.range.start, i.range.end) ?? ''));
        if (!run) continue;
        ctx.report({
          message: `ARG ${a.value} is used by a RUN: the --build-arg value is recorded in the image history (docker history)`,
          at: a.origin,
          severity: 'medium',
          data: { name: a.value, kind: 'build-arg' },
          fix: secretFix(a.value, 'arg'),
        });
      }
    }
    const args: DockerfileArg[] = [...((img as Partial<DockerfileImage>).globalArgs ?? []), ...img.stages.flatMap((s) => s.args as DockerfileArg[])];
    for (const a of args) {
      if (a.defaultValue === undefined || a.defaultOrigin?.kind !== 'file' || a.origin.kind !== 'file') continue;
      const verdict = a.defaultValue.includes('$') ? undefined : secretEnv(a.value, a.defaultValue);
      if (!verdict) continue;
      ctx.report({
        message: verdict.placeholder
          ? `ARG ${a.value} has a placeholder default for a secret: the value filled in is kept in the Dockerfile and the build history`
          : `ARG ${a.value} has a literal secret default, kept in the Dockerfile and the build history`,
        severity: verdict.placeholder ? 'info' : undefined,
        at: { kind: 'file', file: a.origin.file, start: a.origin.start, end: a.defaultOrigin.end },
        data: { name: a.value, kind: 'literal' },
        fix: secretFix(a.value, 'arg'),
        secretRanges: rangeOf(a.defaultOrigin),
      });
    }
    // `ONBUILD ENV TOKEN=…` / `ONBUILD ARG TOKEN=…`: the trigger is stored word for word in the image config
    // (`Config.OnBuild`, readable with docker inspect) and sets the value in every image built FROM this one.
    for (const v of (img as Partial<DockerfileImage>).onbuildVars ?? []) {
      if (v.kind !== 'literal' || !v.value) continue;
      const verdict = secretEnv(v.name, v.value);
      if (!verdict) continue;
      ctx.report({
        message: `ONBUILD ${v.trigger} ${v.name} stores a ${verdict.placeholder ? 'placeholder for a ' : 'literal '}secret in the image config (Config.OnBuild) and in every image built FROM it`,
        at: v.origin,
        severity: verdict.placeholder ? 'info' : undefined,
        data: { name: v.name, kind: 'literal' },
        fix: secretFix(v.name, v.trigger === 'ARG' ? 'arg' : 'env'),
        secretRanges: rangeOf(v.valueOrigin),
      });
    }
    const file = ctx.source;
    if (!file) return;
    for (const stage of img.stages) {
      for (const instr of stage.instructions) {
        const isCopy = instr.keyword === 'COPY' || instr.keyword === 'ADD';
        if (instr.keyword !== 'RUN' && !(isCopy && instr.heredocs.length > 0)) continue;
        const text = file.text.slice(instr.range.start, instr.range.end);
        const keys: { start: number; end: number }[] = [];
        for (const m of text.matchAll(PEM_KEY)) {
          const start = instr.range.start + m.index!;
          const bodyStart = start + m[0].indexOf('-----', 5) + 5;
          const body = { file: file.path, start: bodyStart, end: start + 16 + m[1].length + m[2].length };
          keys.push({ start, end: start + m[0].length });
          ctx.report({
            message: `${instr.keyword} writes a private key (${m[1]}) into the image: it is in the Dockerfile, the layer and the build history`,
            at: file.range(start, start + 16 + m[1].length),
            data: { name: m[1], kind: 'private-key' },
            secretRanges: [body],
          });
        }
        // `COPY <<EOF /root/.pgpass` (a credentials file, R-S "credentials files" baked into a layer): the whole body
        // is the secret; a body that takes values from `${VAR}` references is left alone (its secret is not in the file).
        const dest = isCopy ? [...instr.args.matchAll(/\S+/g)].pop()?.[0].replace(/^["']|["']$/g, '') : undefined;
        if (isCopy && dest && secretFileKind(dest) === 'high' && keys.length === 0) {
          for (const h of instr.heredocs) {
            if (!/[A-Za-z0-9]/.test(h.body) || /\$\{?[A-Za-z_]/.test(h.body)) continue;
            ctx.report({
              message: `${instr.keyword} <<${h.name} writes the credentials file ${dest} with literal content: it is in the Dockerfile and the image layer`,
              at: file.range(instr.range.start, instr.argsRange.end),
              data: { name: dest, kind: 'file' },
              secretRanges: [h.range],
            });
          }
          continue;
        }
        if (instr.keyword !== 'RUN') continue;
        for (const c of literalCredentials(text)) {
          const start = instr.range.start + c.start;
          if (keys.some((k) => k.start <= start && start < k.end)) continue;
          ctx.report({
            message: `RUN writes a literal credential (${c.kind}): it is in the Dockerfile and the build history (docker history)`,
            at: file.range(start, instr.range.start + c.end),
            data: { name: c.kind, kind: 'literal' },
            secretRanges: [file.range(start, instr.range.start + c.end)],
          });
        }
      }
    }
    // `RUN --mount=type=secret,id=dotenv cp /run/secrets/dotenv /app/.env`: the secret is copied into the layer.
    for (const stage of shipped) {
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'RUN') continue;
        const mounts = secretMounts(file.text.slice(instr.range.start, instr.argsRange.start));
        if (mounts.length === 0) continue;
        for (const c of secretCopies(callsMatching(file, img, instr, /./), mounts)) {
          ctx.report({
            message: `RUN writes build secret ${c.id} into ${c.dest}: the file stays in the image layer (a secret mount exists only while its RUN runs)`,
            at: c.call.range,
            data: { name: c.id, kind: 'secret-mount-copy' },
            fix: `RUN --mount=type=secret,id=${c.id},target=${c.dest} <the command that reads it>   # there only during this RUN; or rm ${c.dest} in the same RUN`,
          });
        }
      }
    }
    // `ADD https://user:password@host/file /dst`: the credential is in the Dockerfile and in the ADD's history entry.
    for (const stage of img.stages) {
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'ADD') continue;
        const text = file.text.slice(instr.argsRange.start, instr.argsRange.end);
        for (const c of literalCredentials(text)) {
          const start = instr.argsRange.start + c.start;
          ctx.report({
            message: `ADD URL holds a literal credential (${c.kind}): it is in the Dockerfile and the build history (docker history)`,
            at: file.range(start, instr.argsRange.start + c.end),
            data: { name: c.kind, kind: 'literal' },
            secretRanges: [file.range(start, instr.argsRange.start + c.end)],
          });
        }
      }
    }
    // Literal credentials in the instructions whose text becomes image config: CMD / ENTRYPOINT (Config.Cmd,
    // Config.Entrypoint), HEALTHCHECK (Config.Healthcheck.Test) and LABEL (Config.Labels), shown by
    // `docker inspect` to anyone who can pull the image (`CMD ["app", "--api-key=sk_live_…"]`,
    // `HEALTHCHECK CMD curl -u admin:pw …`). Any stage: the secret is in the Dockerfile either way.
    for (const stage of img.stages) {
      for (const instr of stage.instructions) {
        if (!CONFIG_KEYWORDS.has(instr.keyword)) continue;
        const text = file.text.slice(instr.argsRange.start, instr.argsRange.end);
        const found = literalCredentials(text);
        for (const c of instr.keyword === 'LABEL' ? labelCredentials(text) : flagCredentials(text)) if (!found.some((o) => o.start <= c.start && c.start < o.end)) found.push(c);
        for (const c of found.sort((a, b) => a.start - b.start)) {
          const start = instr.argsRange.start + c.start;
          ctx.report({
            message: `${instr.keyword} holds a literal credential (${c.kind}): it is in the Dockerfile and the image config (docker inspect)`,
            at: file.range(start, instr.argsRange.start + c.end),
            data: { name: c.kind, kind: 'literal' },
            secretRanges: [file.range(start, instr.argsRange.start + c.end)],
          });
        }
      }
    }
    // Secret files copied from the build context into a shipped stage.
    for (const stage of shipped) {
      for (const instr of stage.instructions) {
        if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.flags.from !== undefined || instr.heredocs.length > 0) continue;
        if (instr.args.trimStart().startsWith('[')) continue;
        const words = [...instr.args.matchAll(/\S+/g)];
        let reported = false;
        for (const w of words.slice(0, -1)) {
          const path = w[0].replace(/^["']|["']$/g, '');
          const kind = secretFileKind(path);
          if (!kind) continue;
          const start = instr.argsRange.start + w.index!;
          ctx.report({
            message:
              kind === 'high'
                ? `${instr.keyword} ${path} puts a private key or credentials file into an image layer (deleting it later does not remove it)`
                : `${instr.keyword} ${path} puts a file that often holds tokens into an image layer: use RUN --mount=type=secret instead`,
            at: file.range(start, start + w[0].length),
            severity: kind === 'high' ? undefined : 'medium',
            certainty: kind === 'high' ? undefined : 'unknown',
            data: { name: path, kind: 'file' },
          });
          reported = true;
        }
        // `COPY config /root/.kube/config`: the destination names a credentials file whatever the source is called.
        const last = words.length > 1 ? words[words.length - 1] : undefined;
        const dest = last?.[0].replace(/^["']|["']$/g, '');
        if (reported || !last || !dest || dest.endsWith('/') || secretFileKind(dest) !== 'high') continue;
        const start = instr.argsRange.start + last.index!;
        ctx.report({
          message: `${instr.keyword} writes the credentials file ${dest} into an image layer (deleting it later does not remove it)`,
          at: file.range(start, start + last[0].length),
          data: { name: dest, kind: 'file' },
        });
      }
    }
  },
});
