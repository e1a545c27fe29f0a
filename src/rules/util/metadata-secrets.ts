/**
 * Secrets in Kubernetes object metadata: `metadata.labels` and `metadata.annotations` values (of the object and of
 * its pod template), which `kubectl get`/`describe` show to everyone who may read the object, unlike a Secret's data.
 * Judged like container labels ({@link labelSecret}, BW-0046), with what annotations usually hold kept out:
 *  - `kubectl.kubernetes.io/last-applied-configuration` (written by `kubectl apply`, Kubernetes docs "Declarative
 *    Management of Kubernetes Objects Using Configuration Files") is the JSON of the object as applied: the secrets
 *    it embeds are reported one by one ({@link lastAppliedSecrets}): a Secret's `data` / `stringData` values, an `env`
 *    entry's literal secret value ({@link isSecretEnv}), and the secret labels and annotations of nested metadata;
 *  - Helm's `checksum/…` annotations (the Helm docs' "Automatically Roll Deployments" tip) and digests
 *    (`sha256:<hex>`) are hashes of configuration, not secrets;
 *  - a JSON value (`{…}`, `[…]`: sidecar status, operator state) is structured data, not judged by its entropy;
 *  - a value that is a Kubernetes object name or a path of them under a key that only says `secret`
 *    (`secret.reloader.stakater.com/reload: db-creds`, `vault.hashicorp.com/agent-inject-secret-db:
 *    database/creds/db-app`) names a Secret or a Vault path: not a secret.
 */
import { isPlaceholderValue, isSecretEnv, labelSecret } from './secrets.js';

/** One secret of a label or annotation value: its kind, `[start, end)` offsets in the value, and what it is inside a JSON value. */
export interface MetadataSecret {
  /** The secret's kind (`password`, `token`, `secret-data`, …; see {@link labelSecret}). */
  kind: string;
  start: number;
  end: number;
  /** Inside `last-applied-configuration`: what the secret is (`Secret data.password`, `env DB_PASSWORD`). */
  what?: string;
}

/** The annotation `kubectl apply` writes with the applied object's JSON. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A digest of content (`sha256:…`, `sha1-…`), as `checksum/*` annotations and image references hold. */
const DIGEST = /^(?:sha(?:1|224|256|384|512)|md5)[:=-][0-9a-f]{32,128}$/i;
/** A Kubernetes object name (DNS-1123 subdomain) or a `/`-separated path of such names. */
const K8S_NAME_PATH = /^[a-z0-9](?:[-a-z0-9._]*[a-z0-9])?(?:\/[a-z0-9](?:[-a-z0-9._]*[a-z0-9])?)*$/;

/**
 * The secrets of one label or annotation value (see the module comment for what is kept out).
 * @param key the label or annotation key as written (`db-password`, `kubectl.kubernetes.io/last-applied-configuration`)
 * @param value its value as the YAML parser read it
 * @returns the secrets, in the order they are found; empty when there is none. Never throws (invalid JSON: none).
 */
export function metadataSecrets(key: string, value: string): MetadataSecret[] {
  if (key === LAST_APPLIED) return lastAppliedSecrets(value);
  const v = value.trim();
  if (v === '' || key.toLowerCase().startsWith('checksum/') || DIGEST.test(v) || /^[[{]/.test(v)) return [];
  const s = labelSecret(key, value);
  if (!s) return [];
  if (s.kind === 'secret' && K8S_NAME_PATH.test(v)) return [];
  return [{ kind: s.kind, start: s.start, end: s.end }];
}

/**
 * The secrets a `last-applied-configuration` JSON embeds: the `data` / `stringData` values of a Secret (of a `List`'s
 * items too), every `env` entry `{name, value}` whose literal value is a secret ({@link isSecretEnv}, placeholders
 * excepted), and the secrets of nested `metadata.labels` / `metadata.annotations` ({@link metadataSecrets}). Each is
 * located at its JSON string in `json` (`"…"` with JSON escapes), a value found twice at its next occurrence.
 */
export function lastAppliedSecrets(json: string): MetadataSecret[] {
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch {
    return [];
  }
  const found: { kind: string; value: string; what: string; part?: { start: number; end: number } }[] = [];
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  const walk = (x: unknown, depth: number): void => {
    if (depth > 64) return;
    if (Array.isArray(x)) {
      for (const y of x) walk(y, depth + 1);
      return;
    }
    if (!isObj(x)) return;
    if (x.kind === 'Secret')
      for (const field of ['data', 'stringData'])
        if (isObj(x[field])) for (const [k, v] of Object.entries(x[field])) if (typeof v === 'string' && v !== '') found.push({ kind: 'secret-data', value: v, what: `Secret ${field}.${k}` });
    if (Array.isArray(x.env))
      for (const e of x.env) {
        if (!isObj(e) || typeof e.name !== 'string' || typeof e.value !== 'string' || e.value === '') continue;
        const verdict = isSecretEnv(e.name, e.value);
        if (verdict && !verdict.placeholder && !isPlaceholderValue(e.value)) found.push({ kind: verdict.kind, value: e.value, what: `env ${e.name}` });
      }
    if (isObj(x.metadata))
      for (const field of ['labels', 'annotations'] as const) {
        const m = x.metadata[field];
        if (!isObj(m)) continue;
        for (const [k, v] of Object.entries(m)) {
          if (typeof v !== 'string' || k === LAST_APPLIED) continue;
          for (const s of metadataSecrets(k, v)) found.push({ kind: s.kind, value: v, what: `${field.slice(0, -1)} ${k}`, part: { start: s.start, end: s.end } });
        }
      }
    for (const [k, v] of Object.entries(x)) if (k !== 'metadata' && (isObj(v) || Array.isArray(v))) walk(v, depth + 1);
  };
  walk(root, 0);
  const out: MetadataSecret[] = [];
  const used = new Set<number>();
  for (const f of found) {
    const quoted = JSON.stringify(f.value);
    let at = json.indexOf(quoted);
    while (at >= 0 && used.has(at)) at = json.indexOf(quoted, at + 1);
    if (at < 0) continue;
    used.add(at);
    // Offsets of the value's characters inside its JSON string: exact when it needs no escape.
    const plain = quoted.length === f.value.length + 2;
    const part = f.part && plain ? f.part : { start: 0, end: f.value.length };
    out.push({ kind: f.kind, start: at + 1 + (plain ? part.start : 0), end: at + 1 + (plain ? part.end : quoted.length - 2), what: f.what });
  }
  return out;
}
