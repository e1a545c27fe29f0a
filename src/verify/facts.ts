/**
 * What the image rules (`src/rules/image-*.ts`, BW-0401…) read: one verified image of an archive, its
 * config, its layers' scans, the entries an unpack would refuse, files deleted by later layers, and the
 * final tree (layers applied with whiteouts). Built by {@link analyzeImage} only from layers whose digest
 * and diff_id matched (issue 7: nothing of a blob is used before its digest is known good).
 *
 * Sources: OCI image spec v1.1 config.md and layer.md; paper §IV.4, §V.2.7; R-P, R-S, R-G7.
 */
import { components, LayerTree, type Node, type Refusal } from './tree.js';
import type { LayerEntry, LayerScan, Listing, ResolvedImage } from './types.js';

/** One layer of the image with its scan. */
export interface LayerFacts {
  /** 0-based position in the image. */
  index: number;
  /** `sha256:` digest of the stored blob. */
  digest: string;
  scan: LayerScan;
}

/** An entry an unpack would refuse. */
export interface RefusedEntry {
  layer: number;
  path: string;
  reason: Refusal;
  message: string;
}

/** A file written by one layer and removed by a whiteout of a later one: its bytes still ship. */
export interface DeletedFile {
  /** Layer that holds the bytes. */
  layer: number;
  path: string;
  size: number;
  /** Layer whose whiteout removed it. */
  deletedIn: number;
}

/** Facts about one verified image. */
export interface ImageFacts {
  /** How the archive is named in locations (as given by the user). */
  archive: string;
  image: ResolvedImage;
  layers: LayerFacts[];
  refused: RefusedEntry[];
  deleted: DeletedFile[];
  /** Layers applied in order; refused entries left out. */
  tree: LayerTree;
}

/** Where an image finding points: the config, or a path in a layer (1-based line for secrets in files). */
export interface ImageAt {
  layer?: number;
  path?: string;
  line?: number;
}

/** What an image rule reports (the image counterpart of `ReportDescriptor`). */
export interface ImageReportDescriptor {
  at: ImageAt;
  /**
   * The config field the finding is about, as a JSON pointer into the image config (OCI image-spec config.md:
   * `/config/User`, `/config/Env/2`, `/config/ExposedPorts/22~1tcp`): where an audit of `docker image inspect`
   * output points (the same field of the inspect object). Config findings only.
   */
  pointer?: string;
  /** The string at {@link pointer} is itself the secret (a label's value): an audit masks it in every report (R-S). */
  secret?: boolean;
  /** One sentence with the concrete value; never a secret value. */
  message: string;
  data?: Record<string, string | number | boolean>;
  severity?: import('../rules/types.js').Severity;
  /** The fix for this very finding (`RUN --mount=type=secret,id=netrc,target=/root/.netrc …`); default the rule's `dockerfile` remediation. */
  fix?: string;
}

/** The check function every image rule exports. */
export type ImageCheck = (f: ImageFacts, report: (d: ImageReportDescriptor) => void) => void;

/**
 * True when entry `e` of layer `layer` is what the container sees: the final tree (all layers applied) holds
 * its path as last written by that layer, with the same mode. False when a later layer removed it (whiteout,
 * opaque directory) or replaced it (`RUN chmod a-s …` copies the file up without the bit) — its bytes still
 * ship (BW-0408 reports deleted files) but no process in the container can use it.
 */
export function inFinalTree(f: ImageFacts, layer: number, e: LayerEntry): boolean {
  return finalTreeNode(f, layer, e) !== undefined;
}

/** The node of the final tree that entry `e` of layer `layer` became, when the container sees it ({@link inFinalTree}). */
export function finalTreeNode(f: ImageFacts, layer: number, e: LayerEntry): Node | undefined {
  const c = components(e.name);
  if ('reason' in c) return undefined;
  const n = f.tree.nodes.get(c.parts.join('/'));
  return n !== undefined && n.layer === layer && n.mode === e.mode ? n : undefined;
}

/**
 * Location string of an image finding: `archive.tar!layer sha256:<hex>:path` for a file of a layer,
 * `archive.tar!config sha256:<hex>` for the image config.
 */
export function imageLocation(f: ImageFacts, at: ImageAt): string {
  if (at.layer === undefined) return `${f.archive}!config ${f.image.configDigest}`;
  return `${f.archive}!layer ${f.image.layers[at.layer].digest}:${at.path ?? ''}`;
}

/**
 * Applies the verified layers of `image` in order and collects the facts the rules read.
 * `listing` must be the one the image was resolved from (its blobs carry the scans).
 */
export function analyzeImage(archive: string, image: ResolvedImage, listing: Listing, opts: { allowDevices?: boolean } = {}): ImageFacts {
  const tree = new LayerTree({ allowDevices: opts.allowDevices });
  const layers: LayerFacts[] = [];
  const refused: RefusedEntry[] = [];
  const deleted: DeletedFile[] = [];
  image.layers.forEach((l, index) => {
    const scan = listing.blobs.get(l.path)?.scan ?? { entries: [], secrets: [] };
    layers.push({ index, digest: l.digest, scan });
    for (const e of scan.entries) {
      const plan = tree.apply(e, index);
      if (plan.op === 'refuse') {
        refused.push({ layer: index, path: e.name, reason: plan.reason, message: plan.message });
        continue;
      }
      if (plan.op === 'whiteout' || plan.op === 'opaque')
        for (const { path, node } of plan.removed) if (node.type === 'file' && node.layer < index && node.size > 0) deleted.push({ layer: node.layer, path, size: node.size, deletedIn: index });
    }
  });
  // Symbolic links of the final tree that climb out through other links (each alone stayed inside).
  for (const [path, node] of tree.nodes) {
    if (node.type !== 'symlink') continue;
    const esc = tree.escapeOf(path);
    if (esc)
      refused.push({ layer: node.layer, path, reason: 'symlink-escape', message: `symbolic link ${path} -> ${node.linkname} leads outside the root through the symbolic link ${esc.via} -> ${esc.target}` });
  }
  return { archive, image, layers, refused, deleted, tree };
}

