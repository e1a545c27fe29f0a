/**
 * Shapes shared by the image verifier (`bulwark verify`, issue 7): what one streaming pass over an image
 * archive learns about each blob, and what the structure check and the layer analysis conclude.
 *
 * Sources: paper §IV.4 (the `[decompress] -> [tarsum] -> [unpack]` pipeline processes unauthenticated
 * input; check before unpack), requirements R-P (poisoned images), R-G1 (pin by digest), R-S (secrets);
 * OCI image spec v1.1 (image layout, index, manifest, config `rootfs.diff_ids`, descriptors, layer
 * whiteouts); Docker's `docker save` format (legacy `manifest.json` + `<id>/layer.tar`, and the OCI
 * layout Docker 25+ writes beside it).
 */

/** How a blob's bytes look when its first 512 bytes are sniffed. */
export type BlobKind = 'json' | 'gzip' | 'zstd' | 'tar' | 'other';

/** Type of an entry inside a layer tar (tar-stream's names). */
export type EntryType = 'file' | 'link' | 'symlink' | 'directory' | 'character-device' | 'block-device' | 'fifo' | 'other';

/** One entry of a layer tar, as recorded by the scan (no content). */
export interface LayerEntry {
  /** Name as written in the tar (not normalised). */
  name: string;
  type: EntryType;
  /** Permission bits and setuid/setgid/sticky (`mode & 0o7777`). */
  mode: number;
  /** Content size in bytes (regular files). */
  size: number;
  /** Symlink target or hardlink target as written. */
  linkname?: string;
  uid: number;
  gid: number;
}

/** A secret found in a file of a layer; the value itself is never kept. */
export interface SecretHit {
  /** Entry name in the layer. */
  path: string;
  /** `private-key`, `aws-credentials`, `registry-auth`, `npm-token`, `env-file`, `netrc`, `git-credentials`, or a value kind of `looksLikeSecretValue`. */
  kind: string;
  /** 1-based line of the secret in the file, when line-oriented. */
  line?: number;
}

/** What the scan recorded for one layer tar. */
export interface LayerScan {
  entries: LayerEntry[];
  secrets: SecretHit[];
}

/** What the streaming pass learned about one regular file of the archive (or of an OCI layout directory). */
export interface BlobInfo {
  /** Path inside the archive / directory, POSIX, without a leading `./`. */
  path: string;
  /** `sha256:<hex>` of the bytes as stored. */
  digest: string;
  /** `sha512:<hex>` of the bytes as stored, computed only for files under `blobs/sha512/` (OCI's other registered algorithm). */
  sha512?: string;
  /** Size in bytes as stored. */
  size: number;
  kind: BlobKind;
  /** Why a JSON blob's content was not kept: larger than {@link MAX_JSON_BYTES}, or past {@link MAX_JSON_TOTAL}. */
  jsonSkipped?: string;
  /** Content of small JSON blobs (≤ {@link MAX_JSON_BYTES}), kept to resolve index / manifest / config. */
  json?: Buffer;
  /** `sha256:<hex>` of the uncompressed tar (the diff_id), for layer-like blobs (tar, gzip, zstd). */
  diffId?: string;
  /** Uncompressed size in bytes (what decompression produced, up to where it stopped). */
  uncompressedSize?: number;
  /** Why the blob could not be decompressed or parsed as a tar (only matters when it is a layer). */
  decodeError?: string;
  /** True when decompression was stopped by the expansion limits (a decompression bomb). */
  bomb?: boolean;
  /** The layer scan (entries, secrets), for layer-like blobs. Only used once the digest is known good. */
  scan?: LayerScan;
  /** Position of the entry in the archive, 0-based. */
  index: number;
  /** Byte offset of the content in the (uncompressed) archive tar, for re-reading it (unpack). */
  offset?: number;
}

/** A link entry of the archive itself (legacy `docker save` links shared `layer.tar` files). */
export interface ArchiveLink {
  type: 'symlink' | 'link';
  target: string;
}

/** The result of one streaming pass. */
export interface Listing {
  /** Regular files by path. */
  blobs: Map<string, BlobInfo>;
  links: Map<string, ArchiveLink>;
  /** Paths that occur more than once, with their count. */
  duplicates: Map<string, number>;
  /**
   * Entries an extraction would not write where their name says: through a symbolic link of the archive
   * (`x -> .` then `x/manifest.json`: `docker load` extracts the tar and writes through the link), or above its
   * root (`x/../../manifest.json`). Path → the link it goes through, or `..`.
   */
  strayPaths?: Map<string, string>;
  /** Number of entries read. */
  entries: number;
  /** Total bytes of regular files read. */
  bytes: number;
}

/** Largest JSON blob kept in memory (index, manifest, config), bytes. */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;

/**
 * Largest total of the JSON blobs kept by one pass, bytes: without it, 1000 blobs of 8 MiB (a gzip-compressed
 * archive of under 10 MB) would be held in memory. Real archives hold kilobytes of index, manifests and configs.
 */
export const MAX_JSON_TOTAL = 64 * 1024 * 1024;

/** Limits of the streaming pass. */
export interface PassLimits {
  /** Largest uncompressed size of one layer, and of the whole image, bytes. */
  maxSize: number;
  /** Largest ratio uncompressed : compressed, applied once a layer expanded past {@link RATIO_FLOOR} bytes. */
  maxRatio: number;
  /**
   * Largest number of tar entries in all the layers of the input together: each is kept (name, type, mode)
   * for the analysis, about 0.5 KiB of memory apiece, so this bounds memory where --max-size cannot (a layer
   * of empty files compresses about 60:1, under any ratio limit). Default {@link DEFAULT_LIMITS}.
   */
  maxEntries?: number;
}

/** What one pass has used of its bounds (shared by its blobs): tar entries ({@link PassLimits.maxEntries}) and JSON bytes kept ({@link MAX_JSON_TOTAL}). */
export interface EntryBudget {
  used: number;
  json: number;
}

/** Expansion below this many bytes is never judged by ratio (small, very compressible layers are normal). */
export const RATIO_FLOOR = 64 * 1024 * 1024;

/** Defaults of `--max-size` (8 GiB), `--max-ratio` (1000) and `--max-entries` (1,000,000: large real images hold a few hundred thousand files). */
export const DEFAULT_LIMITS: Required<PassLimits> = { maxSize: 8 * 1024 * 1024 * 1024, maxRatio: 1000, maxEntries: 1_000_000 };

/** Kinds of structural problem: each fails verification (exit 1). */
export type ProblemCode =
  | 'digest-mismatch'
  | 'size-mismatch'
  | 'diff-id-mismatch'
  | 'missing-blob'
  | 'duplicate-entry'
  | 'stray-entry'
  | 'bad-json'
  | 'bad-layout'
  | 'layer-undecodable'
  | 'bomb'
  | 'media-type'
  | 'disagree'
  | 'platform'
  | 'signature'
  | 'digest-algorithm';

/** One reason verification failed. */
export interface Problem {
  code: ProblemCode;
  /** One line naming the blob and, for mismatches, both digests. */
  message: string;
  /** The archive path of the blob concerned. */
  path?: string;
}

/**
 * A blob an index or manifest names that the archive does not hold, of something that is not verified: another
 * platform's manifest (or its config and layers), an attestation, an artifact. The OCI image layout allows it
 * ("The blobs directory MAY be missing referenced blobs", image-spec `image-layout.md`), and `docker save` from
 * Docker's containerd image store writes the image's whole index but only the content it holds — usually the host
 * platform's (moby `daemon/containerd/image_exporter.go`: containerd `archive.WithSkipMissing`, which also writes a
 * manifest without its config and layers when one of them is missing). Reported as a note, never as verified; a blob
 * missing from an image being verified is a `missing-blob` {@link Problem} instead.
 */
export interface AbsentBlob {
  /** What the blob is: `manifest`, `config`, `layer 2`, `index`, `attestation manifest`, `attestation manifest layer 1`, `<mediaType> blob`… */
  role: string;
  /** Its digest, as the descriptor gives it (`sha256:<hex>` or `sha512:<hex>`). */
  digest: string;
  /** The descriptor's `mediaType`, when it has one. */
  mediaType?: string;
  /** `os/arch[/variant]` of the image it belongs to (an attestation: of the manifest it is about), when known. */
  platform?: string;
  /** Archive path of the index or manifest that names it (`index.json`, `blobs/sha256/<hex>`). */
  from: string;
  /** The path it would have in the archive (`blobs/<alg>/<hex>`). */
  path: string;
}

/** One line for an {@link AbsentBlob}: `linux/arm64 manifest sha256:… (named in blobs/sha256/…)`. */
export function absentText(a: AbsentBlob): string {
  return `${a.platform ? `${a.platform} ` : ''}${a.role} ${a.digest} (named in ${a.from})`;
}

/** A layer of a resolved image, in order. */
export interface ResolvedLayer {
  /** Archive path of the layer blob (links resolved). */
  path: string;
  /** `sha256:` digest of the stored blob. */
  digest: string;
  /** diff_id from the config. */
  diffId: string;
  size: number;
  compression: 'gzip' | 'zstd' | 'none';
  mediaType?: string;
}

/** An image found in the archive, with its chain verified. */
export interface ResolvedImage {
  /** Names it carries: `RepoTags`, `io.containerd.image.name`, `org.opencontainers.image.ref.name`. */
  names: string[];
  /**
   * For each annotated name, the digest of the descriptor that carries it: the image's manifest, or the
   * image index above it for a multi-platform image (what `name@digest` must pin, so that every platform
   * still resolves). A `RepoTags` name of a Docker 25+ save takes the digest of the same name in index.json.
   */
  nameDigests?: Record<string, string>;
  /** `sha256:` digest of the OCI / Docker manifest, when the archive has one (Docker 25+, OCI layouts). */
  manifestDigest?: string;
  /**
   * Digests of the image indexes the manifest was reached through (outermost first; `index.json` itself has
   * none), each digest-checked: a signature over one of them (cosign signs a multi-platform image by its index
   * digest) covers this manifest, which that index names by digest.
   */
  indexDigests?: string[];
  /** `sha256:` digest of the config: the image ID. */
  configDigest: string;
  /** `os/arch[/variant]` from the index descriptor or the config. */
  platform?: string;
  /** The parsed image config (OCI image config / Docker image JSON). */
  config: ImageConfigJson;
  layers: ResolvedLayer[];
}

/** The parts of an image config the verifier reads (OCI image-spec config.md). */
export interface ImageConfigJson {
  architecture?: string;
  os?: string;
  variant?: string;
  config?: {
    User?: string;
    Env?: string[] | null;
    ExposedPorts?: Record<string, unknown> | null;
    Healthcheck?: { Test?: string[] } | null;
    Labels?: Record<string, string> | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
  };
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: { created_by?: string; empty_layer?: boolean }[];
}
