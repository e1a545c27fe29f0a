/**
 * Builds image archives in code for the verify tests (issue 7): layer tars with tar-stream, compressed with
 * zlib (gzip) or the zstd CLI, wrapped as an OCI image layout (index.json, oci-layout, blobs/sha256/…),
 * a legacy `docker save` (manifest.json + `<id>/layer.tar` + `<hex>.json`), or both side by side (Docker 25+).
 * Every file list can be edited before {@link tarOf} packs it, to make the crafted defects.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';

/** One entry of a layer or of an archive. */
export interface TarEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo';
  mode?: number;
  content?: Buffer | string;
  linkname?: string;
  uid?: number;
}

/** Packs entries into a tar (in memory: test fixtures are small). */
export async function tarOf(entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((ok, fail) => {
    pack.on('data', (c: unknown) => {
      chunks.push(c as Buffer);
    });
    pack.on('end', () => ok());
    pack.on('error', fail);
  });
  for (const e of entries) {
    const type = e.type ?? 'file';
    const body = type === 'file' ? Buffer.from(e.content ?? '') : undefined;
    await new Promise<void>((ok, fail) => {
      const mode = e.mode ?? (type === 'directory' ? 0o755 : 0o644);
      const header = { name: e.name, type, mode, linkname: e.linkname, uid: e.uid ?? 0, gid: 0, mtime: new Date(0), size: body?.length ?? 0 };
      if (body) pack.entry(header, body, (err) => (err ? fail(err) : ok()));
      else pack.entry(header, (err) => (err ? fail(err) : ok())).end(undefined as never);
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
export const hex = (d: string) => d.slice('sha256:'.length);

/** Compresses with the zstd CLI (installed by CI for these tests). */
export function zstd(b: Buffer): Buffer {
  const r = spawnSync('zstd', ['-q', '-c', '-3'], { input: b, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`zstd failed: ${r.stderr}`);
  return r.stdout;
}

/** A layer to build. */
export interface LayerSpec {
  entries: TarEntry[];
  compression?: 'gzip' | 'zstd' | 'none';
}

/** An image built in memory: its files (archive paths → bytes) and the digests involved. */
export interface Crafted {
  files: TarEntry[];
  manifestDigest: string;
  configDigest: string;
  layerDigests: string[];
  diffIds: string[];
  config: Record<string, unknown>;
  manifest: Record<string, unknown>;
}

const MEDIA = { gzip: 'application/vnd.oci.image.layer.v1.tar+gzip', zstd: 'application/vnd.oci.image.layer.v1.tar+zstd', none: 'application/vnd.oci.image.layer.v1.tar' };

/**
 * Builds an image. `format`: `oci` (OCI layout), `docker` (legacy docker save), `both` (Docker 25+ save:
 * OCI layout plus a manifest.json naming blobs/sha256 paths).
 */
export async function craftImage(opts: {
  layers: LayerSpec[];
  config?: Record<string, unknown>;
  format?: 'oci' | 'docker' | 'both';
  tag?: string;
  platform?: { os: string; architecture: string; variant?: string };
  /** Edits the config object before it is serialized (a wrong diff_id). */
  mutateConfig?: (c: { rootfs: { diff_ids: string[] } } & Record<string, unknown>) => void;
  /** Edits the manifest object before it is serialized (a wrong size, a wrong digest, a media type). */
  mutateManifest?: (m: { layers: { mediaType: string; digest: string; size: number }[]; config: { digest: string; size: number } }) => void;
}): Promise<Crafted> {
  const format = opts.format ?? 'oci';
  const tag = opts.tag ?? 'bw/crafted:1';
  const layerBlobs: Buffer[] = [];
  const diffIds: string[] = [];
  for (const l of opts.layers) {
    const raw = await tarOf(l.entries);
    diffIds.push(sha256(raw));
    const c = l.compression ?? 'gzip';
    layerBlobs.push(format === 'docker' ? raw : c === 'gzip' ? gzipSync(raw) : c === 'zstd' ? zstd(raw) : raw);
  }
  const platform = opts.platform ?? { os: 'linux', architecture: 'amd64' };
  const config = { ...platform, config: { User: '', Env: ['PATH=/usr/bin:/bin'] }, rootfs: { type: 'layers', diff_ids: diffIds }, history: [], ...opts.config };
  opts.mutateConfig?.(config as never);
  const configBuf = Buffer.from(JSON.stringify(config));
  const configDigest = sha256(configBuf);
  const layerDigests = layerBlobs.map(sha256);
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: configBuf.length },
    layers: layerBlobs.map((b, i) => ({ mediaType: format === 'docker' ? MEDIA.none : MEDIA[opts.layers[i].compression ?? 'gzip'], digest: layerDigests[i], size: b.length })),
  };
  opts.mutateManifest?.(manifest);
  const manifestBuf = Buffer.from(JSON.stringify(manifest));
  const manifestDigest = sha256(manifestBuf);
  const files: TarEntry[] = [];
  if (format === 'docker') {
    files.push({ name: `${hex(configDigest)}.json`, content: configBuf });
    // Two identical layers are one blob, stored once (as docker save and an OCI layout store them).
    const written = new Set<string>();
    layerBlobs.forEach((b, i) => {
      if (written.has(diffIds[i])) return;
      written.add(diffIds[i]);
      files.push({ name: `${hex(diffIds[i])}/`, type: 'directory' });
      files.push({ name: `${hex(diffIds[i])}/VERSION`, content: '1.0' });
      files.push({ name: `${hex(diffIds[i])}/layer.tar`, content: b });
    });
    files.push({ name: 'manifest.json', content: JSON.stringify([{ Config: `${hex(configDigest)}.json`, RepoTags: [tag], Layers: diffIds.map((d) => `${hex(d)}/layer.tar`) }]) });
  } else {
    files.push({ name: 'blobs/', type: 'directory' }, { name: 'blobs/sha256/', type: 'directory' });
    new Map(layerBlobs.map((b, i) => [layerDigests[i], b])).forEach((b, d) => files.push({ name: `blobs/sha256/${hex(d)}`, content: b }));
    files.push({ name: `blobs/sha256/${hex(configDigest)}`, content: configBuf });
    files.push({ name: `blobs/sha256/${hex(manifestDigest)}`, content: manifestBuf });
    files.push({ name: 'oci-layout', content: JSON.stringify({ imageLayoutVersion: '1.0.0' }) });
    files.push({
      name: 'index.json',
      content: JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [{ mediaType: manifest.mediaType, digest: manifestDigest, size: manifestBuf.length, platform, annotations: { 'io.containerd.image.name': `docker.io/${tag}`, 'org.opencontainers.image.ref.name': tag.split(':')[1] } }],
      }),
    });
    if (format === 'both') files.push({ name: 'manifest.json', content: JSON.stringify([{ Config: `blobs/sha256/${hex(configDigest)}`, RepoTags: [tag], Layers: layerDigests.map((d) => `blobs/sha256/${hex(d)}`) }]) });
  }
  return { files, manifestDigest, configDigest, layerDigests, diffIds, config, manifest };
}

/** The entry of `files` named `name` (throws when absent). */
export function fileOf(c: Crafted, name: string): TarEntry {
  const f = c.files.find((e) => e.name === name);
  if (!f) throw new Error(`no ${name}`);
  return f;
}
