/**
 * Secrets in files of an image layer (issue 7 "Scan"; R-S, paper §IV.5; CIS Docker Benchmark 1.6.0 4.10):
 * private keys, cloud credentials, `.env` files, registry auth in `.docker/config.json`, `.npmrc` tokens,
 * `.netrc` and `.git-credentials` passwords. Only files whose name makes them candidates are read
 * ({@link isSecretCandidate}), at most {@link MAX_SECRET_FILE} bytes each. Returns kinds and line numbers, never
 * a value (values are masked by never being copied).
 */
import { isSecretEnv, looksLikeSecretValue } from '../rules/util/secrets.js';
import type { SecretHit } from './types.js';

/** Files larger than this are not read for secrets, bytes. */
export const MAX_SECRET_FILE = 1024 * 1024;

const base = (p: string) => p.slice(p.replace(/\/+$/, '').lastIndexOf('/') + 1);

/**
 * True when the file name makes the file worth reading: SSH private keys (`id_rsa`, `id_ed25519`, …),
 * `*.pem`, `*.key`, `.env` / `.env.*`, `.aws/credentials`, `.docker/config.json`, `.dockercfg`, `.npmrc`,
 * `.pypirc`, `.netrc`, `.git-credentials`.
 */
export function isSecretCandidate(path: string): boolean {
  const p = path.replace(/^\.?\//, '');
  const b = base(p);
  return (
    /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(b) ||
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
