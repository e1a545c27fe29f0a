/**
 * The structure check of `bulwark verify` (issue 7; paper §IV.4; R-P): from what the streaming pass
 * learned ({@link Listing}), follows the chain index → manifest → config → layers and compares every
 * descriptor's digest and size with the bytes read (every descriptor an index lists whose blob the archive holds,
 * attestation, artifact and other platforms' manifests and their blobs included; a descriptor without `mediaType`
 * is a problem too), every layer's uncompressed digest with the config's
 * `rootfs.diff_ids`, and — for `docker save` archives — the legacy `manifest.json` with the OCI layout
 * written beside it (Docker 25+). Every disagreement becomes a {@link Problem} naming the blob and both
 * digests.
 *
 * Blobs the archive does not hold: an image being verified must be whole (its manifest, config and every layer;
 * otherwise a `missing-blob` problem), and so must every index and every image `index.json` lists by itself. Which
 * platforms of a multi-platform image are verified: with `--platform`, that platform's; without, every one whose
 * manifest and config the archive holds. A blob of anything else that is not there — another platform's manifest or
 * its config and layers, an attestation, an artifact — is an {@link AbsentBlob}, named as not verified:
 * `docker save` from Docker's containerd image store writes the whole index but only what it holds locally (moby
 * `daemon/containerd/image_exporter.go`, containerd `archive.WithSkipMissing`: a manifest whose config or a layer is
 * missing is written without them), and `image-layout.md` allows it ("The blobs directory MAY be missing referenced
 * blobs"). An archive that holds no image at all fails, its absent manifests named as missing.
 *
 * Sources: OCI image spec v1.1 `image-layout.md` (`oci-layout`, `index.json`, `blobs/<alg>/<encoded>`),
 * `image-index.md`, `manifest.md`, `config.md` (`rootfs.diff_ids`), `descriptor.md` (digest, size,
 * mediaType, platform); Docker image spec v1.2 (`manifest.json`: `Config`, `RepoTags`, `Layers`).
 */
import { InputProblem } from './reader.js';
import type { AbsentBlob, BlobInfo, ImageConfigJson, Listing, Problem, ResolvedImage, ResolvedLayer } from './types.js';

/** An OCI / Docker content descriptor. */
export interface Descriptor {
  mediaType?: string;
  digest?: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

/** Media types of an image config (OCI, Docker schema 2): a manifest whose config has another type is an artifact. */
const IMAGE_CONFIG_TYPES = new Set(['application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json']);

/** Length of the hex encoding per registered digest algorithm (OCI image-spec descriptor.md). */
const DIGEST_HEX: Record<string, number> = { sha256: 64, sha512: 128 };

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
const MANIFEST_TYPES = new Set(['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json']);

/** Compression a layer media type announces, or undefined for an unknown type. */
export function layerCompression(mediaType: string | undefined): 'gzip' | 'zstd' | 'none' | undefined {
  if (!mediaType) return undefined;
  if (/tar\+gzip$|\.tar\.gzip$|rootfs\.diff\.tar\.gzip$/.test(mediaType)) return 'gzip';
  if (/tar\+zstd$|\.tar\.zstd$/.test(mediaType)) return 'zstd';
  if (/\.tar$|image\.rootfs\.diff\.tar$/.test(mediaType)) return 'none';
  return undefined;
}

const SHORT = (d: string) => d;

/** `os/arch[/variant]` of a platform object. */
export function platformString(p: { os?: string; architecture?: string; variant?: string } | undefined): string | undefined {
  if (!p?.os || !p.architecture) return undefined;
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** True when `have` (`linux/arm64/v8`) satisfies `want` (`linux/arm64` or `linux/arm64/v8`). */
export function platformMatches(have: string | undefined, want: string): boolean {
  if (!have) return false;
  const [ho, ha, hv] = have.split('/');
  const [wo, wa, wv] = want.split('/');
  return ho === wo && ha === wa && (wv === undefined || hv === wv);
}

/** Options of {@link resolveImages}. */
export interface ResolveOptions {
  /** `os/arch[/variant]`: only manifests for this platform. */
  platform?: string;
  /** Largest total uncompressed size of one image, bytes. */
  maxSize: number;
}

/** What the structure check found. */
export interface Resolution {
  /** `docker-save` (manifest.json, maybe with an OCI layout beside it) or `oci` (index.json only). */
  format: 'docker-save' | 'oci';
  images: ResolvedImage[];
  problems: Problem[];
  /** Blobs no descriptor or manifest.json refers to (paths). */
  unreferenced: string[];
  /** Blobs named by what is not verified (other platforms, attestations, artifacts) that the archive lacks, in walk order. */
  absent: AbsentBlob[];
}

/**
 * Resolves the images of a listing and checks the chain.
 * @throws InputProblem (exit 2) when the input holds neither `index.json` nor `manifest.json`, or when
 *   `--platform` matches no manifest.
 */
export function resolveImages(listing: Listing, opts: ResolveOptions): Resolution {
  const problems: Problem[] = [];
  const referenced = new Set<string>();
  /** The messages of `problems`: one problem per message, the first added kept, in the order added (O(1) per add). */
  const said = new Set<string>();
  const add = (p: Problem) => {
    if (said.has(p.message)) return;
    said.add(p.message);
    problems.push(p);
  };

  for (const [path, n] of listing.duplicates) add({ code: 'duplicate-entry', path, message: `${path}: ${n} entries with this name: the archive is ambiguous (which one a loader uses is not defined)` });
  for (const [path, via] of listing.strayPaths ?? [])
    add({
      code: 'stray-entry',
      path,
      message: via === '..' ? `${path}: the entry's name climbs above the archive's root` : `${path}: written through the symbolic link ${via} of the archive, so an extraction (docker load) puts it elsewhere than its name says`,
    });

  /** Follows archive links (legacy docker save shares layer.tar files by symlink). */
  const resolvePath = (p: string): string | undefined => {
    let cur = p.replace(/^\.\//, '');
    for (let i = 0; i < 8; i++) {
      if (listing.blobs.has(cur)) return cur;
      const l = listing.links.get(cur);
      if (!l) return undefined;
      const parts = l.type === 'symlink' ? [...cur.split('/').slice(0, -1), ...l.target.split('/')] : l.target.split('/');
      const out: string[] = [];
      for (const s of parts) {
        if (s === '' || s === '.') continue;
        if (s === '..') {
          if (!out.length) return undefined;
          out.pop();
        } else out.push(s);
      }
      referenced.add(cur);
      cur = out.join('/');
    }
    return undefined;
  };

  const json = <T>(b: BlobInfo, what: string): T | undefined => {
    if (!b.json) {
      add({ code: 'bad-json', path: b.path, message: b.jsonSkipped ? `${b.path}: ${what} was not read: ${b.jsonSkipped}` : `${b.path}: ${what} is not JSON` });
      return undefined;
    }
    try {
      return JSON.parse(b.json.toString('utf8')) as T;
    } catch (e) {
      add({ code: 'bad-json', path: b.path, message: `${b.path}: ${what} is not valid JSON: ${(e as Error).message}` });
      return undefined;
    }
  };

  /**
   * Blobs absent from the archive, of what is not verified (once each: `absentKeys`). `candidate`: of a platform's
   * image that could have been one verified; when the archive holds no image at all, these are `missing-blob` problems.
   */
  const absent: (AbsentBlob & { candidate: boolean })[] = [];
  const absentKeys = new Set<string>();
  /** Number of images to verify whose manifest and config the archive holds. */
  let imagesInArchive = 0;

  /** The archive path a descriptor's digest names, or undefined for a digest {@link blobOf} refuses. */
  const pathOf = (d: Descriptor): string | undefined => {
    const m = /^(sha256|sha512):([a-f0-9]+)$/.exec(typeof d.digest === 'string' ? d.digest : '');
    return m && m[2].length === DIGEST_HEX[m[1]] ? `blobs/${m[1]}/${m[2]}` : undefined;
  };
  /** True when the archive holds the blob of a descriptor (whatever its content). */
  const inArchive = (d: Descriptor): boolean => {
    const p = pathOf(d);
    return p !== undefined && resolvePath(p) !== undefined;
  };

  /**
   * Finds and checks the blob of a descriptor; returns it when digest and size match. sha256 and sha512 (the
   * algorithms OCI registers) are checked, at `blobs/<alg>/<hex>`; a digest that is not lowercase hex of the
   * algorithm's length is invalid (it never becomes a path: no `blobs/sha256/../..`); another algorithm is a
   * `digest-algorithm` problem (it cannot be checked, so it fails closed). A blob the archive lacks is a
   * `missing-blob` problem, or — with `notVerified` (what it belongs to is not an image being verified) — an
   * {@link AbsentBlob} of that platform.
   */
  const blobOf = (d: Descriptor, role: string, from: string, notVerified?: { platform?: string; candidate?: boolean }): BlobInfo | undefined => {
    const m = /^(sha256|sha512):([a-f0-9]+)$/.exec(d.digest ?? '');
    if (!m || m[2].length !== DIGEST_HEX[m[1]]) {
      const other = typeof d.digest === 'string' && /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(d.digest) && !/^sha(256|512):/.test(d.digest);
      if (other)
        add({ code: 'digest-algorithm', path: from, message: `${from}: ${role} ${d.digest}: digest algorithm ${d.digest!.split(':')[0]} is not supported (sha256, sha512): the blob cannot be checked` });
      else
        add({ code: 'bad-layout', path: from, message: `${from}: ${role} descriptor has an invalid digest ${JSON.stringify(d.digest ?? null)} (expected sha256:<64 lowercase hex> or sha512:<128 lowercase hex>)` });
      return undefined;
    }
    const path = `blobs/${m[1]}/${m[2]}`;
    const real = resolvePath(path);
    referenced.add(path);
    if (!real) {
      if (!notVerified) add({ code: 'missing-blob', path, message: `${role} ${d.digest} (named in ${from}) is missing: no ${path} in the archive` });
      else if (!absentKeys.has(`${d.digest}\0${role}\0${notVerified.platform ?? ''}`)) {
        absentKeys.add(`${d.digest}\0${role}\0${notVerified.platform ?? ''}`);
        absent.push({
          role,
          digest: d.digest!,
          ...(typeof d.mediaType === 'string' && d.mediaType ? { mediaType: d.mediaType } : {}),
          ...(notVerified.platform ? { platform: notVerified.platform } : {}),
          from,
          path,
          candidate: notVerified.candidate === true,
        });
      }
      return undefined;
    }
    referenced.add(real);
    const b = listing.blobs.get(real)!;
    const actual = m[1] === 'sha256' ? b.digest : (b.sha512 ?? '(not hashed with sha512: stored outside blobs/sha512/)');
    let ok = true;
    if (actual !== d.digest) {
      add({ code: 'digest-mismatch', path, message: `${path}: ${role} digest mismatch: descriptor in ${from} says ${SHORT(d.digest!)}, content is ${SHORT(actual)}` });
      ok = false;
    }
    if (typeof d.size !== 'number' || d.size !== b.size) {
      add({ code: 'size-mismatch', path, message: `${path}: ${role} size mismatch: descriptor in ${from} says ${d.size ?? 'nothing'} bytes, content is ${b.size} bytes` });
      ok = false;
    }
    return ok ? b : undefined;
  };

  /** Checks layers against the diff_ids of a config; returns the resolved layers or undefined. */
  const checkLayers = (config: ImageConfigJson, configPath: string, layers: { blob: BlobInfo | undefined; desc?: Descriptor; ref: string }[]): ResolvedLayer[] | undefined => {
    const diffIds = config.rootfs?.diff_ids;
    if (!Array.isArray(diffIds) || config.rootfs?.type !== 'layers') {
      add({ code: 'bad-json', path: configPath, message: `${configPath}: config has no rootfs.diff_ids of type "layers"` });
      return undefined;
    }
    if (diffIds.length !== layers.length) {
      add({ code: 'diff-id-mismatch', path: configPath, message: `${configPath}: config lists ${diffIds.length} diff_ids but the manifest ${layers.length} layers` });
      return undefined;
    }
    const out: ResolvedLayer[] = [];
    let total = 0;
    let ok = true;
    layers.forEach(({ blob, desc, ref }, i) => {
      if (!blob) {
        ok = false;
        return;
      }
      if (blob.decodeError) {
        add({ code: blob.bomb ? 'bomb' : 'layer-undecodable', path: blob.path, message: `${blob.path}: layer ${i + 1} ${blob.bomb ? `is a decompression bomb: it ${blob.decodeError}; stopped` : `cannot be read as a layer: ${blob.decodeError}`}` });
        ok = false;
        return;
      }
      if (!blob.diffId || blob.kind === 'json' || blob.kind === 'other') {
        add({ code: 'layer-undecodable', path: blob.path, message: `${blob.path}: layer ${i + 1} (${ref}) is not a tar, gzip or zstd stream` });
        ok = false;
        return;
      }
      const compression = blob.kind === 'gzip' ? 'gzip' : blob.kind === 'zstd' ? 'zstd' : 'none';
      const announced = layerCompression(desc?.mediaType);
      if (desc?.mediaType && announced !== undefined && announced !== compression) {
        add({ code: 'media-type', path: blob.path, message: `${blob.path}: layer ${i + 1} media type ${desc.mediaType} announces ${announced}, content is ${compression === 'none' ? 'an uncompressed tar' : compression}` });
        ok = false;
      }
      if (blob.diffId !== diffIds[i]) {
        add({ code: 'diff-id-mismatch', path: blob.path, message: `${blob.path}: layer ${i + 1} diff_id mismatch: config ${configPath} says ${diffIds[i]}, uncompressed content is ${blob.diffId}` });
        ok = false;
        return;
      }
      total += blob.uncompressedSize ?? 0;
      out.push({ path: blob.path, digest: desc?.digest ?? blob.digest, diffId: blob.diffId, size: blob.size, compression, mediaType: desc?.mediaType });
    });
    if (ok && total > opts.maxSize) {
      add({ code: 'bomb', path: configPath, message: `${configPath}: image expands to ${total} bytes, beyond --max-size ${opts.maxSize}` });
      return undefined;
    }
    return ok ? out : undefined;
  };

  /**
   * Checks a descriptor of something not verified as an image (an artifact, an attestation, another platform's
   * manifest): its blob's digest and size, and — when the blob is a manifest (JSON with `config`, `layers` or `blobs`
   * descriptors) — every blob it lists; blobs the archive lacks are {@link AbsentBlob}s of `platform`. Nothing of it
   * is used. `prefix` starts the role of the blobs it lists (`attestation manifest ` → `attestation manifest layer 1`).
   */
  const checkArtifact = (d: Descriptor, role: string, from: string, platform?: string, prefix = `${role} `): void => {
    const notVerified = { platform };
    const b = blobOf(d, role, from, notVerified);
    if (!b?.json) return;
    let man: { config?: Descriptor; layers?: Descriptor[]; blobs?: Descriptor[]; subject?: Descriptor };
    try {
      man = JSON.parse(b.json.toString('utf8'));
    } catch {
      return;
    }
    if (!man || typeof man !== 'object') return;
    if (man.config && typeof man.config === 'object') blobOf(man.config, `${prefix}config`, b.path, notVerified);
    for (const [list, what] of [[man.layers, 'layer'], [man.blobs, 'blob']] as const) {
      if (Array.isArray(list)) list.forEach((ld, i) => (ld && typeof ld === 'object' ? blobOf(ld, `${prefix}${what} ${i + 1}`, b.path, notVerified) : undefined));
    }
  };
  /** Attestation manifests found in indexes, checked once every index is walked (they name the platform they are about by digest). */
  const attestations: { d: Descriptor; from: string }[] = [];
  /** Platform of each image manifest digest the indexes list. */
  const platformOf = new Map<string, string>();

  // --- OCI layout: index.json → (index →)* manifest → config, layers ---
  const ociImages: ResolvedImage[] = [];
  const indexBlob = listing.blobs.get('index.json');
  const manifestJson = listing.blobs.get('manifest.json');
  if (!indexBlob && !manifestJson) {
    const what = listing.blobs.size ? `holds ${listing.blobs.size} file${listing.blobs.size === 1 ? '' : 's'} but` : 'has';
    throw new InputProblem(`not an image archive: it ${what} no index.json (OCI layout) and no manifest.json (docker save)`);
  }
  const platforms: string[] = [];
  if (indexBlob) {
    referenced.add('index.json');
    const layoutFile = listing.blobs.get('oci-layout');
    if (layoutFile) {
      referenced.add('oci-layout');
      const l = json<{ imageLayoutVersion?: string }>(layoutFile, 'oci-layout');
      if (l && l.imageLayoutVersion !== '1.0.0') add({ code: 'bad-layout', path: 'oci-layout', message: `oci-layout: imageLayoutVersion ${JSON.stringify(l.imageLayoutVersion ?? null)}, expected "1.0.0"` });
    } else if (!manifestJson) add({ code: 'bad-layout', path: 'oci-layout', message: 'index.json without an oci-layout file: not an OCI image layout' });
    const walkIndex = (idx: { manifests?: Descriptor[] } | undefined, from: string, names: [string, string][], depth: number, via: string[]) => {
      if (!idx) return;
      if (!Array.isArray(idx.manifests)) {
        add({ code: 'bad-json', path: from, message: `${from}: index has no manifests array` });
        return;
      }
      for (const d of idx.manifests) {
        const here = [...names];
        const a = d.annotations ?? {};
        const named = a['io.containerd.image.name'] ?? a['org.opencontainers.image.ref.name'];
        if (named && typeof d.digest === 'string') here.push([named, d.digest]);
        if (INDEX_TYPES.has(d.mediaType ?? '')) {
          if (depth > 3) {
            add({ code: 'bad-layout', path: from, message: `${from}: indexes nested more than 4 deep` });
            continue;
          }
          const b = blobOf(d, 'index', from);
          if (b) walkIndex(json(b, 'index'), b.path, here, depth + 1, [...via, d.digest!]);
          continue;
        }
        if (typeof d.mediaType !== 'string' || d.mediaType === '') {
          // OCI descriptor.md: mediaType is REQUIRED. Its blob is checked all the same: nothing the index names
          // goes unchecked.
          add({ code: 'bad-layout', path: from, message: `${from}: descriptor ${typeof d.digest === 'string' ? d.digest : JSON.stringify(d.digest ?? null)} has no mediaType: what it points to is unknown` });
          checkArtifact(d, 'blob', from, platformString(d.platform));
          continue;
        }
        if (!MANIFEST_TYPES.has(d.mediaType)) {
          // Another kind of manifest (an OCI artifact manifest, …): its blob and those it lists are checked.
          checkArtifact(d, `${d.mediaType} blob`, from, platformString(d.platform));
          continue;
        }
        const plat = platformString(d.platform);
        // Attestation manifests (buildx: platform unknown/unknown, vnd.docker.reference.type attestation-manifest)
        // are no images: checked as artifacts, the manifest, its config and every layer (the in-toto statements).
        if (d.platform?.os === 'unknown' || a['vnd.docker.reference.type']) {
          attestations.push({ d, from });
          continue;
        }
        if (plat) {
          platforms.push(plat);
          if (typeof d.digest === 'string') platformOf.set(d.digest, plat);
        }
        if (opts.platform && plat && !platformMatches(plat, opts.platform)) {
          // Another platform's manifest: not verified as an image, but what the archive holds of it is digest-checked.
          checkArtifact(d, 'manifest', from, plat, '');
          continue;
        }
        // One platform of a multi-platform image (a descriptor with a platform, or in a nested index): with --platform,
        // the platform it names must be whole; without (or when the descriptor names no platform), it is verified when
        // the archive holds its manifest and config — containerd's docker save writes the whole index, and the manifest
        // of a platform it lacks without config and layers (WithSkipMissing). An image index.json lists by itself
        // (no platform) must be whole.
        const onePlatform = plat !== undefined || via.length > 0;
        const strict = !onePlatform || (opts.platform !== undefined && plat !== undefined);
        const notVerified = strict ? undefined : { platform: plat, candidate: true };
        const mb = blobOf(d, 'manifest', from, notVerified);
        if (!mb) continue;
        const man = json<{ config?: Descriptor; layers?: Descriptor[] }>(mb, 'manifest');
        if (!man) continue;
        if (!man.config || typeof man.config !== 'object' || !Array.isArray(man.layers)) {
          add({ code: 'bad-json', path: mb.path, message: `${mb.path}: manifest has no config or layers` });
          continue;
        }
        if (typeof man.config.mediaType === 'string' && !IMAGE_CONFIG_TYPES.has(man.config.mediaType)) {
          // An artifact (a cosign signature or attestation, an SBOM…): its blobs are checked, it is no image.
          blobOf(man.config, 'artifact config', mb.path, { platform: plat });
          man.layers.forEach((ld, i) => blobOf(ld, `artifact layer ${i + 1}`, mb.path, { platform: plat }));
          continue;
        }
        if (notVerified && !inArchive(man.config)) {
          // Only the manifest is here: the image is not verified; what the archive holds of its layers is checked.
          blobOf(man.config, 'config', mb.path, notVerified);
          man.layers.forEach((ld, i) => blobOf(ld, `layer ${i + 1}`, mb.path, notVerified));
          continue;
        }
        const cb = blobOf(man.config, 'config', mb.path);
        const config = cb ? json<ImageConfigJson>(cb, 'config') : undefined;
        const cplat = plat ?? (config ? platformString(config) : undefined);
        if (config && opts.platform && !plat && !platformMatches(cplat, opts.platform)) {
          // The config says another platform than --platform's.
          man.layers.forEach((ld, i) => blobOf(ld, `layer ${i + 1}`, mb.path, { platform: cplat }));
          continue;
        }
        imagesInArchive++;
        if (!plat && cplat && typeof d.digest === 'string') platformOf.set(d.digest, cplat);
        const layerBlobs = man.layers.map((ld, i) => ({ blob: blobOf(ld, `layer ${i + 1}`, mb.path), desc: ld, ref: ld.digest ?? '?' }));
        if (!cb || !config) continue;
        const layers = checkLayers(config, cb.path, layerBlobs);
        if (!layers) continue;
        // The same manifest listed twice (under two names, or twice under one): one image with both names.
        const same = ociImages.find((i) => i.manifestDigest === d.digest);
        if (same) {
          same.names = [...new Set([...same.names, ...here.map(([n]) => n)])];
          same.nameDigests = { ...Object.fromEntries(here), ...same.nameDigests };
          same.indexDigests = [...new Set([...(same.indexDigests ?? []), ...via])];
          continue;
        }
        ociImages.push({ names: [...new Set(here.map(([n]) => n))], nameDigests: Object.fromEntries(here), manifestDigest: d.digest, ...(via.length ? { indexDigests: via } : {}), configDigest: man.config.digest ?? cb.digest, platform: cplat, config, layers });
      }
    };
    walkIndex(json(indexBlob, 'index.json'), 'index.json', [], 0, []);
    // Attestations are never verified as images: what the archive holds of them is digest-checked, whatever the
    // platform; one it lacks is named with the platform of the manifest it is about.
    for (const { d, from } of attestations) {
      const about = d.annotations?.['vnd.docker.reference.digest'];
      const type = d.annotations?.['vnd.docker.reference.type'];
      checkArtifact(d, type === undefined ? 'manifest (platform unknown)' : `${type.replace(/-manifest$/, '')} manifest`, from, typeof about === 'string' ? platformOf.get(about) : undefined);
    }
  }
  // An archive that holds no image at all: what could have been one is missing.
  for (const a of absent) if (a.candidate && imagesInArchive === 0) add({ code: 'missing-blob', path: a.path, message: `${a.role} ${a.digest} (named in ${a.from}) is missing: no ${a.path} in the archive` });

  // --- docker save: manifest.json → Config, Layers (paths) ---
  const dockerImages: ResolvedImage[] = [];
  if (manifestJson) {
    referenced.add('manifest.json');
    for (const legacy of ['repositories']) if (listing.blobs.has(legacy)) referenced.add(legacy);
    const entries = json<{ Config?: string; RepoTags?: string[] | null; Layers?: string[] }[]>(manifestJson, 'manifest.json');
    if (entries && !Array.isArray(entries)) add({ code: 'bad-json', path: 'manifest.json', message: 'manifest.json: not an array of images' });
    for (const [n, e] of (Array.isArray(entries) ? entries : []).entries()) {
      const where = `manifest.json[${n}]`;
      if (typeof e?.Config !== 'string' || !Array.isArray(e.Layers)) {
        add({ code: 'bad-json', path: 'manifest.json', message: `${where}: no Config or Layers` });
        continue;
      }
      const cpath = resolvePath(e.Config);
      if (!cpath) {
        add({ code: 'missing-blob', path: e.Config, message: `config ${e.Config} (named in ${where}) is missing from the archive` });
        continue;
      }
      referenced.add(cpath);
      const cb = listing.blobs.get(cpath)!;
      // The config's name carries its digest: blobs/sha256/<hex> (Docker 25+) or <hex>.json (older).
      const named = /(?:^|\/)(?:blobs\/sha256\/)?([a-f0-9]{64})(?:\.json)?$/.exec(e.Config);
      if (named && `sha256:${named[1]}` !== cb.digest) {
        add({ code: 'digest-mismatch', path: e.Config, message: `${e.Config}: config digest mismatch: its name says sha256:${named[1]}, content is ${cb.digest}` });
        continue;
      }
      const config = json<ImageConfigJson>(cb, 'config');
      if (!config) continue;
      const layerBlobs = e.Layers.map((lp) => {
        const real = typeof lp === 'string' ? resolvePath(lp) : undefined;
        if (!real) add({ code: 'missing-blob', path: String(lp), message: `layer ${String(lp)} (named in ${where}) is missing from the archive` });
        else referenced.add(real);
        const blob = real ? listing.blobs.get(real) : undefined;
        const m = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(String(lp));
        if (blob && m && `sha256:${m[1]}` !== blob.digest) {
          add({ code: 'digest-mismatch', path: String(lp), message: `${lp}: layer digest mismatch: its name says sha256:${m[1]}, content is ${blob.digest}` });
          return { blob: undefined, ref: String(lp) };
        }
        return { blob, ref: String(lp) };
      });
      const layers = checkLayers(config, cpath, layerBlobs);
      if (!layers) continue;
      const plat = platformString(config);
      if (opts.platform && !platformMatches(plat, opts.platform)) {
        if (plat) platforms.push(plat);
        continue;
      }
      dockerImages.push({ names: e.RepoTags ?? [], configDigest: cb.digest, platform: plat, config, layers });
    }
  }

  // --- both: they must agree ---
  let images: ResolvedImage[];
  if (indexBlob && manifestJson) {
    for (const d of dockerImages) {
      const o = ociImages.find((i) => i.configDigest === d.configDigest);
      if (!o) {
        add({ code: 'disagree', path: 'manifest.json', message: `manifest.json names config ${d.configDigest}, which no manifest of index.json uses` });
        continue;
      }
      const dl = d.layers.map((l) => l.digest).join(',');
      const ol = o.layers.map((l) => l.digest).join(',');
      if (dl !== ol) add({ code: 'disagree', path: 'manifest.json', message: `manifest.json and index.json disagree on the layers of ${d.configDigest}` });
      o.names = [...new Set([...d.names, ...o.names])];
    }
    // containerd writes one platform of a multi-platform index into manifest.json (moby image_exporter.go: the
    // daemon's): an image reached through a nested index may be left out of it.
    for (const o of ociImages)
      if (!o.indexDigests?.length && !dockerImages.some((d) => d.configDigest === o.configDigest) && !problems.length)
        add({ code: 'disagree', path: 'index.json', message: `index.json names manifest ${o.manifestDigest}, which manifest.json does not list` });
    images = ociImages;
  } else images = indexBlob ? ociImages : dockerImages;

  if (opts.platform && images.length === 0 && problems.length === 0) {
    throw new InputProblem(`no image for platform ${opts.platform} in the archive (it has: ${[...new Set(platforms)].join(', ') || 'none'})`);
  }
  if (images.length === 0 && problems.length === 0) add({ code: 'bad-layout', message: 'the archive names no image' });
  const unreferenced = [...listing.blobs.keys()].filter((p) => !referenced.has(p) && !/(^|\/)(VERSION|json)$/.test(p)).sort();
  const notes = absent.filter((a) => !(a.candidate && imagesInArchive === 0)).map(({ candidate: _c, ...a }) => a);
  return { format: manifestJson ? 'docker-save' : 'oci', images, problems, unreferenced, absent: notes };
}
