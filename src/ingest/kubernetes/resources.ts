/**
 * The objects of each Kubernetes manifest the ingester read (`apiVersion`, `kind`, `metadata.name`), kept
 * by source file for file-level rules such as the removed-API rule (BW-0042). Apart from the ingester so a
 * rule can read them without loading the YAML parser.
 */
import type { SourceFile } from '../../model/source.js';
import type { Origin } from '../../model/types.js';

/** One Kubernetes object of a manifest: its `apiVersion` and `kind` as written. */
export interface ManifestResource {
  apiVersion: string;
  kind: string;
  name?: string;
  /** The `apiVersion: …` entry. */
  origin: Origin;
  /**
   * For a Deployment / DaemonSet / ReplicaSet / StatefulSet: true when `spec.selector` is absent (apps/v1 requires
   * it; extensions/v1beta1 and apps/v1beta1 defaulted it from the pod template's labels).
   */
  selectorMissing?: boolean;
  /** The pod template's `metadata.labels` with scalar values, as written (for the selector the fix adds). */
  templateLabels?: Record<string, string>;
}

/** Resources of the manifests ingested (or scanned) so far, by source file. */
const resourcesByFile = new WeakMap<SourceFile, ManifestResource[]>();

/** Records the objects of `file` (done by the ingester). */
export function recordResources(file: SourceFile, resources: ManifestResource[]): void {
  resourcesByFile.set(file, resources);
}

/** The objects the ingester recorded for `file`, or `undefined` if it never read that `SourceFile`. */
export function recordedResources(file: SourceFile): ManifestResource[] | undefined {
  return resourcesByFile.get(file);
}
