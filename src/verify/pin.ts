/**
 * `bulwark pin FILE…` (issue 7; R-G1 "pin images by digest"; paper §IV.4; CIS Docker Benchmark 1.6.0 4.2 /
 * 5.27 neighbourhood): rewrites image references in Compose files, Dockerfiles (`FROM`) and `docker run`
 * lines (scripts, Markdown) to `name:tag@sha256:<digest>`.
 *
 * References are found by bulwark's own ingesters (the same origins findings use), and each one is
 * replaced in place in the original text — only the characters of the reference change, so comments,
 * quoting and layout are kept byte for byte (for Compose this is finer than a YAML CST round trip).
 * Skipped: references already pinned (`@sha256:`; noted when the archive or the registry's RepoDigest has
 * another digest for the name), unresolved variables (`${IMAGE}`), `scratch`, and Dockerfile stages built
 * `FROM` an earlier stage.
 *
 * Digests come from:
 *  - `--archive FILE` (repeatable): image archives verified with {@link verifyImage}; for each name
 *    (`RepoTags`, `io.containerd.image.name`) the digest of the descriptor that carries it — the image
 *    index of a multi-platform image, else the image's OCI manifest. A name on several different
 *    manifests is not pinned (the note says which). A legacy docker save (no manifest) has no pullable
 *    digest and pins nothing;
 *  - otherwise the Docker Engine (`-H` like `audit --live`): `GET /images/{name}/json`, the `RepoDigests`
 *    entry of the same repository (`source: 'repo-digest'`), or — when the image has none (built, loaded or
 *    imported locally) — its image ID (`source: 'image-id'`), which only that engine can resolve; the
 *    result says which.
 */
import { unifiedDiff as textDiff } from '../harden/diff.js';
import { readFile } from 'node:fs/promises';
import type { InputKind } from '../model/types.js';

/** A reference split into registry/repository and tag, Docker's way (`nginx` → `docker.io/library/nginx`, `latest`). */
export function normalizeRef(ref: string): { repo: string; tag: string; digest?: string } {
  let r = ref.trim();
  let digest: string | undefined;
  const at = r.indexOf('@');
  if (at >= 0) {
    digest = r.slice(at + 1);
    r = r.slice(0, at);
  }
  const slash = r.lastIndexOf('/');
  const colon = r.lastIndexOf(':');
  let tag = 'latest';
  if (colon > slash) {
    tag = r.slice(colon + 1);
    r = r.slice(0, colon);
  }
  const first = r.split('/')[0];
  const hasRegistry = r.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repo = hasRegistry ? r : `docker.io/${r}`;
  if (!hasRegistry && !r.includes('/')) repo = `docker.io/library/${r}`;
  if (repo.startsWith('index.docker.io/')) repo = `docker.io/${repo.slice('index.docker.io/'.length)}`;
  // An official image named with the registry but not `library/` (`docker.io/nginx`) is `docker.io/library/nginx`
  // (docker/distribution reference.ParseNormalizedNamed).
  if (/^docker\.io\/[^/]+$/i.test(repo)) repo = `docker.io/library/${repo.slice('docker.io/'.length)}`;
  return { repo: repo.toLowerCase(), tag, digest };
}

/** `repo:tag` of a reference, normalised Docker's way: the key names are matched by. */
function refKey(ref: string): string {
  const n = normalizeRef(ref);
  return `${n.repo}:${n.tag}`;
}

/** Where a digest came from. */
export type DigestSource = 'archive' | 'repo-digest' | 'image-id';

/** A digest found for a reference. */
export interface Resolved {
  digest: string;
  source: DigestSource;
  /** The archive or engine it came from. */
  from: string;
}

/** Looks up the digest of a reference; `undefined` when unknown, a string for a reason it cannot be pinned. */
export type Resolver = (ref: string) => Promise<Resolved | string | undefined>;

/** Builds a resolver from image archives (verified first). @throws Error (one line) when an archive does not verify. */
export async function archiveResolver(archives: string[]): Promise<Resolver> {
  const { verifyImage } = await import('./verify.js');
  const byName = new Map<string, Resolved | string>();
  for (const a of archives) {
    const r = await verifyImage(a);
    if (!r.verified) throw new Error(`${a} does not verify (${r.problems[0]?.message ?? 'problem'}); not using its digests`);
    for (const img of r.images) {
      // The digest of the descriptor that carries each name: for a multi-platform image the index above the
      // platform manifests (pinning one platform's manifest would break the others).
      const carried = new Map(Object.entries(img.nameDigests ?? {}).map(([n, d]) => [refKey(n), d]));
      for (const name of img.names) {
        if (!/[:/]/.test(name) && !name.includes('.')) continue; // a bare OCI ref.name (`1.0`), not an image name
        const key = refKey(name);
        const digest = carried.get(key) ?? img.manifestDigest;
        const value: Resolved | string = digest ? { digest, source: 'archive', from: a } : `${a} is a legacy docker save archive: it has no manifest digest to pin to (image ID ${img.configDigest})`;
        const prev = byName.get(key);
        if (prev !== undefined && typeof prev !== 'string' && typeof value !== 'string' && prev.digest !== value.digest)
          byName.set(key, `${name} names several manifests (${prev.digest} in ${prev.from}, ${value.digest} in ${a}): not pinned, choose one by hand`);
        else if (prev === undefined || typeof prev === 'string') byName.set(key, value);
      }
    }
  }
  return async (ref) => {
    const n = normalizeRef(ref);
    return byName.get(`${n.repo}:${n.tag}`);
  };
}

/** Builds a resolver from a Docker Engine (read-only: GET /images/{name}/json). */
export async function engineResolver(opts: { host?: string; tlsCaCert?: string; tlsCert?: string; tlsKey?: string; timeoutMs?: number }): Promise<{ resolve: Resolver; close: () => void; host: string }> {
  const { connect, withTimeout } = await import('../live/client.js');
  const { api, endpoint, timeoutMs } = await connect(opts);
  const resolve: Resolver = async (ref) => {
    let img: Record<string, unknown>;
    try {
      img = await withTimeout(api.inspectImage(ref), timeoutMs);
    } catch (e) {
      const status = (e as { statusCode?: number }).statusCode;
      if (status === 404) return undefined;
      throw e;
    }
    const n = normalizeRef(ref);
    const repoDigests = (img.RepoDigests as string[] | null) ?? [];
    const match = repoDigests.find((d) => normalizeRef(d).repo === n.repo);
    if (match) return { digest: match.slice(match.indexOf('@') + 1), source: 'repo-digest', from: endpoint.host };
    if (typeof img.Id === 'string') return { digest: img.Id, source: 'image-id', from: endpoint.host };
    return undefined;
  };
  return { resolve, close: () => api.close(), host: endpoint.host };
}

/** One reference found in a file. */
export interface PinEdit {
  file: string;
  /** 1-based line and column of the reference. */
  line: number;
  column: number;
  /** The reference as written. */
  ref: string;
  /** The new text, when pinned. */
  pinned?: string;
  source?: DigestSource;
  /** Why it was not pinned. */
  skipped?: string;
}

/** The outcome for one file. */
export interface PinResult {
  file: string;
  kind: InputKind;
  before: string;
  after: string;
  edits: PinEdit[];
}

/** UTF-16 offset → 1-based line and column. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Finds the image references of one file and pins those the resolver knows. `kind` is detected when not given.
 * @throws Error when the file cannot be read or its kind told.
 */
export async function pinFile(file: string, resolve: Resolver, kind?: InputKind): Promise<PinResult> {
  const text = await readFile(file, 'utf8');
  const { ingestSource } = await import('../engine/audit.js');
  // A byte order mark is not part of the document: ingest without it and shift the offsets back (with it,
  // kind detection failed and Dockerfile offsets were one off).
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const res = await ingestSource({ path: file, text: bom ? text.slice(bom) : text, kind });
  if (res.errors.length) throw new Error(`${res.errors[0].file}${res.errors[0].line ? `:${res.errors[0].line}` : ''}: ${res.errors[0].message}`);
  type Ref = { value: string; start: number; end: number; how: string; stage?: boolean };
  const refs: Ref[] = [];
  for (const c of res.containers) {
    const o = c.image?.origin;
    if (c.image && o?.kind === 'file' && o.file === file) refs.push({ value: c.image.value, start: o.start + bom, end: o.end + bom, how: c.image.how });
  }
  for (const img of res.images) {
    for (const st of img.stages) {
      const o = st.from.origin;
      if (o.kind === 'file' && o.file === file) refs.push({ value: st.from.value, start: o.start + bom, end: o.end + bom, how: st.from.how, stage: !!st.parent });
    }
  }
  const seen = new Set<number>();
  const edits: (PinEdit & { start?: number; end?: number })[] = [];
  for (const r of refs.sort((a, b) => a.start - b.start)) {
    if (seen.has(r.start)) continue;
    seen.add(r.start);
    const pos = position(text, r.start);
    if (pos.line === 1) pos.column -= bom; // the BOM is no column an editor shows
    const e: PinEdit & { start?: number; end?: number } = { file, ...pos, ref: r.value };
    edits.push(e);
    if (r.how !== 'explicit' || text.slice(r.start, r.end).includes('$')) e.skipped = 'depends on a variable';
    else if (r.stage) e.skipped = 'an earlier build stage';
    else if (r.value === 'scratch') e.skipped = 'scratch';
    else if (r.value.includes('@')) {
      e.skipped = 'already pinned';
      // Pinned to another digest than the verified archive / the registry's RepoDigest has: say so (a stale
      // or wrong pin). An engine's local image ID is no registry digest: not compared.
      const pinned = r.value.slice(r.value.indexOf('@') + 1);
      const found = await resolve(r.value.slice(0, r.value.indexOf('@')));
      if (found && typeof found !== 'string' && found.source !== 'image-id' && found.digest !== pinned) e.skipped = `already pinned to ${pinned}, but ${found.from} has ${found.digest}`;
    }
    if (e.skipped) continue;
    // The value as written: bare, or inside quotes.
    let start = r.start;
    let end = r.end;
    const written = text.slice(start, end);
    if (written !== r.value) {
      const i = written.indexOf(r.value);
      if (i < 0 || written.length - r.value.length > 2) {
        e.skipped = `written as ${written}, not rewritten`;
        continue;
      }
      start += i;
      end = start + r.value.length;
    }
    const found = await resolve(r.value);
    if (found === undefined) {
      e.skipped = 'image not found';
      continue;
    }
    if (typeof found === 'string') {
      e.skipped = found;
      continue;
    }
    e.pinned = `${r.value}@${found.digest}`;
    e.source = found.source;
    e.start = start;
    e.end = end;
  }
  let after = text;
  for (const e of [...edits].reverse()) if (e.pinned && e.start !== undefined) after = after.slice(0, e.start) + e.pinned + after.slice(e.end);
  return { file, kind: res.kind, before: text, after, edits: edits.map(({ start: _s, end: _e, ...rest }) => rest) };
}

/** A unified diff of one file's change (3 lines of context), as `harden` prints it. */
export function unifiedDiff(r: PinResult): string {
  return textDiff(r.file, r.before, r.after);
}
