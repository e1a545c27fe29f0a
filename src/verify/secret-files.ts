/**
 * Secrets in files of an image layer (issue 7 "Scan"; R-S, paper §IV.5; CIS Docker Benchmark 1.6.0 4.10):
 * private keys, cloud credentials (AWS, Google service-account and OAuth JSON, Terraform Cloud), `.env` files, registry
 * auth in `.docker/config.json`, `.npmrc` tokens, `.netrc`, `.git-credentials` and `.pgpass` passwords, kubeconfig
 * and GitHub CLI tokens, a Vault token, secrets typed into shell and client histories. Only files whose name makes them candidates are read
 * ({@link isSecretCandidate}), at most {@link MAX_SECRET_FILE} bytes each. Returns kinds and line numbers, never
 * a value (values are masked by never being copied).
 */
import { isSecretEnv, looksLikeSecretValue } from '../rules/util/secrets.js';
import type { SecretHit } from './types.js';

/** Files larger than this are not read for secrets, bytes. */
export const MAX_SECRET_FILE = 1024 * 1024;

const base = (p: string) => p.slice(p.replace(/\/+$/, '').lastIndexOf('/') + 1);

/** Shell and client histories: what was typed, `export AWS_SECRET_ACCESS_KEY=…` and `mysql -p…` included. */
const HISTORY = /^\.(?:bash|zsh|ash|sh|ksh|fish|mysql|psql|python|node_repl|rediscli|sqlite)_history$|^\.histfile$/;

/**
 * A JSON file named as a cloud credential: a Google service-account key or OAuth client (`credentials.json`,
 * `application_default_credentials.json`, `service-account*.json`, `*-key.json`, `client_secret*.json`), a
 * Terraform Cloud token file (`credentials.tfrc.json`); read for a PEM private key or a token.
 */
const CREDENTIAL_JSON = /^(?:(?:application_default_)?credentials|credentials\.tfrc|client_secret[\w.-]*|(?:[\w.-]*[-_.])?service[-_]?account(?:[-_.][\w.-]*)?|[\w.-]*[-_]key|key)\.json$/i;

/**
 * True when the file name makes the file worth reading: SSH private keys (`id_rsa`, `id_ed25519`, …),
 * `*.pem`, `*.key`, `.env` / `.env.*`, `.aws/credentials`, `.docker/config.json`, `.dockercfg`, `.npmrc`,
 * `.pypirc`, `.netrc`, `.git-credentials`, `.pgpass`, a kubeconfig (`.kube/config`, `kubeconfig`,
 * `*.kubeconfig`), GitHub CLI's `.config/gh/hosts.yml`, `.vault-token`, shell and client histories
 * ({@link HISTORY}) and cloud credential JSON ({@link CREDENTIAL_JSON}; not `*.pub*` keys).
 */
export function isSecretCandidate(path: string): boolean {
  const p = path.replace(/^\.?\//, '');
  const b = base(p);
  return (
    /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(b) ||
    b === '.pgpass' ||
    b === '.vault-token' ||
    /(^|\/)\.kube\/config$/.test(p) ||
    /^(?:kubeconfig|[\w.-]+\.kubeconfig)$/i.test(b) ||
    /(^|\/)\.config\/gh\/hosts\.ya?ml$/.test(p) ||
    HISTORY.test(b) ||
    (CREDENTIAL_JSON.test(b) && !/pub/i.test(b)) ||
    /\.(pem|key)$/.test(b) ||
    b === '.env' ||
    /^\.env\.[A-Za-z0-9_.-]+$/.test(b) ||
    /(^|\/)\.aws\/credentials$/.test(p) ||
    /(^|\/)\.docker\/config\.json$/.test(p) ||
    b === '.dockercfg' ||
    b === '.npmrc' ||
    b === '.pypirc' ||
    b === '.netrc' ||
    b === '.git-credentials'
  );
}

/**
 * Whether a line of `.git-credentials` holds a credential. git-credential-store(1) writes one URL per line,
 * `https://user:password@host[/path]` with user and password percent-encoded; the password is usually a token
 * (`ghp_…`, `ghs_…` for `x-access-token`, `glpat-…` for `oauth2`), which is why the value is not judged by its
 * looks: any written password counts (not a `${VAR}` reference). A URL with a user name alone counts when the name
 * is itself a token (`https://ghp_…@github.com`).
 */
export function isGitCredentialLine(line: string): boolean {
  // The user information runs to the last `@` before the host (a literal `@` in it is written %40).
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/\s]*)@[^/@\s]*/.exec(line);
  if (!m) return false;
  const colon = m[1].indexOf(':');
  if (colon >= 0) {
    const password = m[1].slice(colon + 1);
    return password !== '' && !/^\$\{?[A-Za-z_]/.test(password);
  }
  let user = m[1];
  try {
    user = decodeURIComponent(user);
  } catch {
    /* not percent-encoded: as written */
  }
  return user !== '' && looksLikeSecretValue(user) !== undefined;
}

/** Finds secrets in the text of a candidate file `path`. One hit per secret line (private keys: one per key). */
export function findSecretsInFile(path: string, content: Buffer): SecretHit[] {
  const text = content.toString('utf8');
  const b = base(path);
  const hits: SecretHit[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const at = { path, line: i + 1 };
    if (/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/.test(line)) {
      hits.push({ ...at, kind: 'private-key' });
      return;
    }
    if (/(^|\/)\.aws\/credentials$/.test(path)) {
      const m = /^\s*(aws_secret_access_key|aws_session_token)\s*=\s*(\S+)/i.exec(line);
      if (m) hits.push({ ...at, kind: 'aws-credentials' });
      return;
    }
    if (b === '.npmrc') {
      const m = /(?:_authToken|_auth|_password)\s*=\s*(\S+)/.exec(line);
      if (m && !/^\$\{/.test(m[1])) hits.push({ ...at, kind: 'npm-token' });
      return;
    }
    if (b === '.pypirc') {
      const m = /^\s*password\s*[=:]\s*(\S+)/i.exec(line);
      if (m) hits.push({ ...at, kind: 'pypi-password' });
      return;
    }
    if (b === '.netrc') {
      if (/\bpassword\s+\S+/.test(line)) hits.push({ ...at, kind: 'netrc' });
      return;
    }
    if (b === '.git-credentials') {
      if (isGitCredentialLine(line.trim())) hits.push({ ...at, kind: 'git-credentials' });
      return;
    }
    if (b === '.pgpass') {
      // PostgreSQL's password file (libpq "The Password File"): hostname:port:database:username:password.
      if (!line.trimStart().startsWith('#') && /^(?:[^:\\]|\\.)*:(?:[^:\\]|\\.)*:(?:[^:\\]|\\.)*:(?:[^:\\]|\\.)*:.+/.test(line)) hits.push({ ...at, kind: 'pgpass' });
      return;
    }
    if (b === '.vault-token') {
      if (line.trim() !== '') hits.push({ ...at, kind: 'vault-token' });
      return;
    }
    if (/(^|\/)\.kube\/config$/.test(path) || /^(?:kubeconfig|[\w.-]+\.kubeconfig)$/i.test(b)) {
      // A user's credentials (kubectl config: users[].user.token, client-key-data, password); not a certificate.
      if (/^\s*(?:token|client-key-data|password)\s*:\s*["']?[^\s"'${]/.test(line)) hits.push({ ...at, kind: 'kubeconfig' });
      return;
    }
    if (/(^|\/)\.config\/gh\/hosts\.ya?ml$/.test(path)) {
      if (/^\s*oauth_token\s*:\s*["']?\S/.test(line)) hits.push({ ...at, kind: 'gh-token' });
      return;
    }
    if (HISTORY.test(b)) {
      // An assignment of a secret (`export AWS_SECRET_ACCESS_KEY=…`) or a word in a known token format.
      const assign = /(?:^|[\s;&|])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|]+)/g;
      let found = false;
      for (const m of line.matchAll(assign)) if (isSecretEnv(m[1], m[2].replace(/^(["'])(.*)\1$/, '$2'))) found = true;
      if (!found) for (const w of line.split(/[\s'"=]+/)) if (w.length >= 16 && looksLikeSecretValue(w)) found = true;
      if (found) hits.push({ ...at, kind: 'shell-history' });
      return;
    }
    if (CREDENTIAL_JSON.test(b)) {
      // A PEM private key is found above; here the tokens of a credential JSON (`"refresh_token"`, Terraform's `"token"`).
      if (/"(?:refresh_token|client_secret|token|private_key_id)"\s*:\s*"[^"$]{8,}"/.test(line)) hits.push({ ...at, kind: 'cloud-credentials' });
      return;
    }
    if (b === '.env' || b.startsWith('.env.')) {
      const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
      if (m && isSecretEnv(m[1], m[2])) hits.push({ ...at, kind: 'env-file' });
      return;
    }
  });
  if (/(^|\/)\.docker\/config\.json$/.test(path) || b === '.dockercfg') {
    try {
      type Auth = { auth?: string; identitytoken?: string; password?: string };
      const j = JSON.parse(text) as Record<string, unknown>;
      const auths = (j.auths ?? (b === '.dockercfg' ? j : {})) as Record<string, Auth>;
      for (const [registry, a] of Object.entries(auths ?? {})) {
        if (a && typeof a === 'object' && (a.auth || a.identitytoken || a.password)) {
          const idx = text.indexOf(JSON.stringify(registry));
          hits.push({ path, kind: 'registry-auth', line: idx >= 0 ? text.slice(0, idx).split('\n').length : undefined });
        }
      }
    } catch {
      /* not JSON: nothing to say */
    }
  }
  return hits;
}
