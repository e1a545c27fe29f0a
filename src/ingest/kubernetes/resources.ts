/**
 * The objects of each Kubernetes manifest the ingester read (`apiVersion`, `kind`, `metadata.name`), kept
 * by source file for file-level rules such as the removed-API rule (BW-0042). Apart from the ingester so a
 * rule can read them without loading the YAML parser.
 */
import type { SourceFile, SourceRange } from '../../model/source.js';
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
  /**
   * Secrets written in the object's labels and annotations, and in its pod template's (`spec.template.metadata`,
   * a CronJob's `spec.jobTemplate.spec.template.metadata`), judged by `metadataSecrets` (rules/util/metadata-secrets.ts);
   * the ingester masks them, BW-0046 reports them.
   */
  metadataSecrets?: MetadataSecretAt[];
}

/** A secret in a label or annotation value of a manifest, where it is written. */
export interface MetadataSecretAt {
  /** The mapping it is in: `metadata.annotations`, `spec.template.metadata.labels`… */
  path: string;
  /** The label or annotation key. */
  key: string;
  /** Its kind (`password`, `token`, `secret-data`…). */
  kind: string;
  /** Inside a `last-applied-configuration` annotation: what it is (`Secret data.password`, `env DB_PASSWORD`). */
  what?: string;
  /** The secret's characters in the file; the whole value when they cannot be told apart (a value written with escapes). */
  range: SourceRange;
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
