/**
 * `bulwark policy collect`: the SELinux modules of an image and of all its parent images (R-PM3, paper §V.1:
 * "When a Docker container holds different images, all the policy modules for the images that comprise the
 * container will be installed"), from a Docker Engine or a `docker save` archive; each is validated
 * (./check.ts + secilc) and the whole fails closed when any is invalid.
 *
 * Where modules are: each image adds its module under its own label key (`io.bulwark.selinux.module.<name>`,
 * ./embed.ts). Labels are inherited, so the image's `Config.Labels` hold the keys of every parent. Which image a
 * key comes from (and so the install order, parents first) is found from the parents themselves:
 *  - engine: `GET /images/{name}/history` lists the image and the parent images known locally (entries whose
 *    `Id` is not `<missing>`), newest first; each tagged one is inspected (untagged ones are the intermediate
 *    images of a build), and a key belongs to the oldest of them that has it. A key whose value differs between a parent and a later image was overwritten: the parent's module was
 *    replaced by a child, which fails closed;
 *  - archive: `manifest.json` names each image's config blob; an image is a parent of another when its config
 *    `history` is a strict prefix of the other's. Without the parent in the archive, the order comes from the
 *    config history (the `LABEL` step that added each key).
 * Nothing is pulled and nothing is installed.
 *
 * Source: Docker Engine API (`/images/{name}/json`, `/images/{name}/history`); "docker image save" archive layout
 * (manifest.json + config blobs; OCI image-layout `blobs/sha256/…` since Docker 25); OCI image spec "config"
 * (`config.Labels`, `history`); R-PM3.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { BaseModel } from './base.js';
import { checkModule, type ModuleCheck } from './check.js';
import { decodeModule, LABEL_PREFIX } from './embed.js';
import { isImageReference } from './plan.js';

/** Largest manifest / config file read from a `docker save` archive (bytes); layers are never read. */
export const MAX_ARCHIVE_JSON = 4 << 20;

/** One module found on an image. */
export interface CollectedModule {
  /** The label key. */
  key: string;
  /** The name after the prefix. */
  name: string;
  /** The image that added it (a tag, or the short id). */
  image: string;
  /** 0 for the oldest parent; the image itself has the highest. */
  depth: number;
  /** The CIL text, when the label decoded. */
  text?: string;
  /** Why the label could not be decoded or was overwritten (then the module is invalid). */
  error?: string;
  check?: ModuleCheck;
  valid: boolean;
}

/** The modules of an image, parents first. */
export interface Collection {
  /** The image as named by the user and its id. */
  image: string;
  id: string;
  /** Parent images found (oldest first), the image last. */
  chain: string[];
  modules: CollectedModule[];
  /** True when every module is valid (and there is at least one). */
  valid: boolean;
}

/** An unusable source (no such image, unreadable archive): exit 2 at the CLI. */
export class CollectError extends Error {
  override name = 'CollectError';
}

interface ImageLabels {
  /** A tag, or the short id. */
  name: string;
  labels: Record<string, string>;
}

/**
 * Assigns each module key to the oldest image of `chain` (oldest first; the last is the image) that has it, and
 * validates each module.
 */
export async function resolveModules(image: string, id: string, chain: ImageLabels[], base: BaseModel, historyOrder?: Map<string, number>): Promise<Collection> {
  const self = chain[chain.length - 1];
  const keys = Object.keys(self.labels).filter((k) => k.startsWith(LABEL_PREFIX));
  const modules: CollectedModule[] = [];
  for (const key of keys) {
    const value = self.labels[key];
    const firstIdx = chain.findIndex((c) => key in c.labels);
    const first = chain[firstIdx];
    const m: CollectedModule = { key, name: key.slice(LABEL_PREFIX.length), image: first.name, depth: firstIdx, valid: false };
    const changed = chain.slice(firstIdx).find((c) => key in c.labels && c.labels[key] !== first.labels[key]);
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(m.name)) {
      // The name becomes a file (collect --output-dir) and a module name (semodule): nothing but a block name.
      m.error = `the label key ${JSON.stringify(key)} does not name a module: ${LABEL_PREFIX} must be followed by the module's block name (letters, digits, _, starting with a letter)`;
    } else if (changed) {
      m.error = `the module of ${first.name} under ${key} was overwritten by ${changed.name}: a child image may add its own module, never replace a parent's`;
    } else {
      try {
        m.text = decodeModule(value);
      } catch (e) {
        m.error = (e as Error).message;
      }
    }
    if (m.text !== undefined) {
      m.check = await checkModule(m.text, `${key}.cil`, { base });
      if (m.check.module !== undefined && m.check.module !== m.name) {
        m.error = `the label key names module ${m.name} but the module's block is ${m.check.module}: each image ships its module under its own name`;
      }
      m.valid = m.check.valid && !m.error;
    }
    modules.push(m);
  }
  const order = (m: CollectedModule) => m.depth * 1e6 + (historyOrder?.get(m.key) ?? 0);
  modules.sort((a, b) => order(a) - order(b) || a.key.localeCompare(b.key));
  return { image, id, chain: chain.map((c) => c.name), modules, valid: modules.length > 0 && modules.every((m) => m.valid) };
}

function labelsOf(config: unknown): Record<string, string> {
  const c = config as { Config?: { Labels?: Record<string, string> | null }; config?: { Labels?: Record<string, string> | null } };
  return { ...(c?.Config?.Labels ?? c?.config?.Labels ?? {}) };
}

/** The history step (index) that adds each module label, from an image config's `history` (`LABEL key=…`). */
function labelSteps(history: { created_by?: string; CreatedBy?: string }[], keys: string[]): Map<string, number> {
  const out = new Map<string, number>();
  history.forEach((h, i) => {
    const by = h.created_by ?? h.CreatedBy ?? '';
    for (const k of keys) if (!out.has(k) && by.includes(k)) out.set(k, i);
  });
  return out;
}

/**
 * Collects from a Docker Engine (`-H` / DOCKER_HOST like `audit --live`).
 * @throws CollectError when the engine cannot be reached or the image does not exist
 */
export async function collectFromEngine(image: string, base: BaseModel, conn: { host?: string; tlsCaCert?: string; tlsCert?: string; tlsKey?: string; timeoutMs?: number } = {}): Promise<Collection> {
  const { connect, LiveError } = await import('../live/client.js');
  let api;
  try {
    ({ api } = await connect(conn));
  } catch (e) {
    if (e instanceof LiveError) throw new CollectError(e.message);
    throw e;
  }
  try {
    let top: Record<string, unknown>;
    let history: { Id?: string; Tags?: string[] | null; CreatedBy?: string }[];
    try {
      top = await api.inspectImage(image);
      history = (await api.imageHistory(image)) as typeof history;
    } catch (e) {
      throw new CollectError(`image ${image}: ${(e as { statusCode?: number }).statusCode === 404 ? 'no such image' : (e as Error).message.split('\n')[0]}`);
    }
    const id = String(top.Id ?? '');
    // Newest first; the image itself is the first entry. Parents known locally carry their image id.
    const chain: ImageLabels[] = [];
    const seen = new Set<string>();
    for (const h of [...history].reverse()) {
      if (!h.Id || h.Id === '<missing>' || seen.has(h.Id) || h.Id === id) continue;
      seen.add(h.Id);
      let p: Record<string, unknown>;
      try {
        p = await api.inspectImage(h.Id);
      } catch {
        // A parent removed meanwhile: its keys are then attributed to the next image that has them.
        continue;
      }
      // Engines before API 1.44 list an untagged image as `<none>:<none>`.
      const tags = ((p.RepoTags as string[] | null) ?? []).filter((t) => t !== '<none>:<none>');
      const bad = tags.find((t) => typeof t !== 'string' || !isImageReference(t));
      if (bad !== undefined) throw new CollectError(`image ${h.Id}: the engine tags it ${JSON.stringify(bad)}, which is not an image reference: refused`);
      // Untagged entries are the intermediate images of a build (one per LABEL step with the classic
      // builder): their keys belong to the tagged image they lead to.
      if (tags.length) chain.push({ name: tags[0], labels: labelsOf(p) });
    }
    chain.push({ name: image, labels: labelsOf(top) });
    const keys = Object.keys(chain[chain.length - 1].labels).filter((k) => k.startsWith(LABEL_PREFIX));
    const steps = labelSteps([...history].reverse(), keys);
    return resolveModules(image, id, chain, base, steps);
  } finally {
    api.close();
  }
}

/** The small JSON files of a `docker save` archive (manifest.json, index.json, config blobs), by path. */
async function readArchive(file: string): Promise<{ files: Map<string, Buffer>; skipped: Map<string, number> }> {
  const tar = await import('tar-stream');
  const files = new Map<string, Buffer>();
  /** Files not read because they exceed MAX: path → size in bytes. */
  const skipped = new Map<string, number>();
  const MAX = MAX_ARCHIVE_JSON;
  await new Promise<void>((ok, fail) => {
    const ex = tar.extract();
    ex.on('entry', (header, stream, next) => {
      const name = header.name.replace(/^\.\//, '');
      if (header.type === 'file' && (header.size ?? 0) <= MAX && !/layer\.tar$/.test(name)) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: unknown) => { chunks.push(c as Buffer); });
        stream.on('end', () => {
          files.set(name, Buffer.concat(chunks));
          next();
        });
      } else {
        if (header.type === 'file') skipped.set(name, header.size ?? 0);
        stream.on('end', () => next());
        stream.resume();
      }
    });
    ex.on('finish', () => ok());
    ex.on('error', (e: Error) => fail(new CollectError(`${file}: not a docker save archive (${e.message})`)));
    const src = createReadStream(file);
    src.on('error', (e: NodeJS.ErrnoException) => fail(new CollectError(`cannot read ${file}: ${e.code ?? e.message}`)));
    // `docker save | gzip` archives are accepted too.
    src.once('readable', () => {
      const head = src.read(2) as Buffer | null;
      if (head) src.unshift(head);
      if (head && head[0] === 0x1f && head[1] === 0x8b) src.pipe(createGunzip()).on('error', (e) => fail(new CollectError(`${file}: ${e.message}`))).pipe(ex);
      else src.pipe(ex);
    });
  });
  return { files, skipped };
}

interface SavedImage {
  tags: string[];
  configPath: string;
  /** sha256 of the config's bytes. */
  digest: string;
  config: { config?: { Labels?: Record<string, string> | null }; history?: { created_by?: string; created?: string }[] };
}

/**
 * Collects from a `docker save` archive (plain or gzip), for `image` (a tag in the archive) or its only image.
 * @throws CollectError unreadable archive, no manifest.json, a config missing or larger than {@link MAX_ARCHIVE_JSON},
 *   no such image, several images and none chosen
 */
export async function collectFromArchive(file: string, base: BaseModel, image?: string): Promise<Collection> {
  const { files, skipped } = await readArchive(file);
  const manifestBuf = files.get('manifest.json');
  if (!manifestBuf) throw new CollectError(`${file}: no manifest.json: not a docker save archive`);
  let manifest: { Config: string; RepoTags?: string[] | null }[];
  try {
    manifest = JSON.parse(manifestBuf.toString('utf8'));
    if (!Array.isArray(manifest)) throw new Error('not an array');
  } catch (e) {
    throw new CollectError(`${file}: manifest.json is not valid: ${(e as Error).message}`);
  }
  const images: SavedImage[] = [];
  for (const [n, m] of manifest.entries()) {
    // Tags name the images in the report and the install plan (a root shell script): only image references
    // pass, never a name with a newline or a control character that would start a line of its own.
    for (const t of m?.RepoTags ?? []) {
      if (typeof t !== 'string' || !isImageReference(t)) throw new CollectError(`${file}: manifest.json[${n}] tags the image ${JSON.stringify(t)}, which is not an image reference: refused (a tag is name[:tag] in the grammar of distribution/reference)`);
    }
    const buf = files.get(String(m.Config));
    const size = skipped.get(String(m.Config));
    if (!buf && size !== undefined) throw new CollectError(`${file}: the config ${m.Config} is ${size} bytes, larger than the ${MAX_ARCHIVE_JSON} bytes read from an archive: refused (no image config holds modules that large)`);
    if (!buf) throw new CollectError(`${file}: manifest.json names the config ${m.Config}, which is not in the archive`);
    try {
      images.push({ tags: m.RepoTags ?? [], configPath: m.Config, config: JSON.parse(buf.toString('utf8')), digest: 'sha256:' + createHash('sha256').update(buf).digest('hex') });
    } catch (e) {
      throw new CollectError(`${file}: the config ${m.Config} is not JSON: ${(e as Error).message}`);
    }
  }
  if (!images.length) throw new CollectError(`${file}: the archive holds no image`);
  let target: SavedImage | undefined;
  if (image) {
    target = images.find((i) => i.tags.includes(image) || i.tags.includes(`${image}:latest`) || i.configPath.includes(image.replace(/^sha256:/, '')));
    if (!target) throw new CollectError(`${file}: no image ${image} in the archive (found: ${images.flatMap((i) => i.tags).join(', ') || 'untagged images'})`);
  } else {
    // The image whose history every other one is a prefix of; otherwise the choice is the user's.
    const longest = [...images].sort((a, b) => (b.config.history?.length ?? 0) - (a.config.history?.length ?? 0))[0];
    if (images.every((i) => i === longest || isPrefix(i.config.history ?? [], longest.config.history ?? []))) target = longest;
    else throw new CollectError(`${file} holds ${images.length} unrelated images: name one (${images.flatMap((i) => i.tags).join(', ')})`);
  }
  const nameOf = (i: SavedImage) => i.tags[0] ?? idOf(i).slice(7, 19);
  const parents = images
    .filter((i) => i !== target && isPrefix(i.config.history ?? [], target!.config.history ?? []) && (i.config.history?.length ?? 0) < (target!.config.history?.length ?? 0))
    .sort((a, b) => (a.config.history?.length ?? 0) - (b.config.history?.length ?? 0));
  const chain: ImageLabels[] = [...parents, target].map((i) => ({ name: nameOf(i), labels: labelsOf(i.config) }));
  const keys = Object.keys(chain[chain.length - 1].labels).filter((k) => k.startsWith(LABEL_PREFIX));
  const id = idOf(target);
  return resolveModules(image ?? nameOf(target), id, chain, base, labelSteps(target.config.history ?? [], keys));
}

/**
 * The image id: the config's name when it is one (`blobs/sha256/<hex>` since Docker 25, `<hex>.json` before),
 * otherwise the sha256 of the config's bytes (what the id is). Never free text from the archive.
 */
function idOf(i: SavedImage): string {
  const named = /^(?:.*\/)?([a-f0-9]{64})(?:\.json)?$/.exec(i.configPath);
  return named ? `sha256:${named[1]}` : i.digest;
}

function isPrefix(a: { created_by?: string; created?: string }[], b: { created_by?: string; created?: string }[]): boolean {
  return a.length <= b.length && a.every((h, i) => h.created === b[i].created && h.created_by === b[i].created_by);
}
