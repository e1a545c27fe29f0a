/**
 * Kubernetes API versions that the API server no longer serves, from the Kubernetes "Deprecated API
 * Migration Guide" (kubernetes.io/docs/reference/using-api/deprecation-guide/). A manifest using one is
 * refused by `kubectl apply` on a cluster at or after the release named here.
 */

/** A removed API version: the release that stopped serving it and what to use instead. */
export interface RemovedApi {
  /** `group/version` as written in `apiVersion`. */
  apiVersion: string;
  /** Kubernetes release that removed it (`1.16`). */
  removedIn: string;
  /** The replacement `apiVersion` per kind; `*` for any other kind. */
  replacement: Record<string, string>;
}

const WORKLOADS = { Deployment: 'apps/v1', DaemonSet: 'apps/v1', StatefulSet: 'apps/v1', ReplicaSet: 'apps/v1' };

/** Removed API versions by `apiVersion`; when a kind is listed under several releases, the last removal is given. */
export const REMOVED_APIS: ReadonlyMap<string, RemovedApi> = new Map(
  (
    [
      ['extensions/v1beta1', '1.22', { ...WORKLOADS, NetworkPolicy: 'networking.k8s.io/v1', Ingress: 'networking.k8s.io/v1', PodSecurityPolicy: 'none (Pod Security Admission)', '*': 'apps/v1' }],
      ['apps/v1beta1', '1.16', { ...WORKLOADS, '*': 'apps/v1' }],
      ['apps/v1beta2', '1.16', { ...WORKLOADS, '*': 'apps/v1' }],
      ['networking.k8s.io/v1beta1', '1.22', { '*': 'networking.k8s.io/v1' }],
      ['rbac.authorization.k8s.io/v1alpha1', '1.22', { '*': 'rbac.authorization.k8s.io/v1' }],
      ['rbac.authorization.k8s.io/v1beta1', '1.22', { '*': 'rbac.authorization.k8s.io/v1' }],
      ['admissionregistration.k8s.io/v1beta1', '1.22', { '*': 'admissionregistration.k8s.io/v1' }],
      ['apiextensions.k8s.io/v1beta1', '1.22', { '*': 'apiextensions.k8s.io/v1' }],
      ['apiregistration.k8s.io/v1beta1', '1.22', { '*': 'apiregistration.k8s.io/v1' }],
      ['authentication.k8s.io/v1beta1', '1.22', { '*': 'authentication.k8s.io/v1' }],
      ['authorization.k8s.io/v1beta1', '1.22', { '*': 'authorization.k8s.io/v1' }],
      ['certificates.k8s.io/v1beta1', '1.22', { '*': 'certificates.k8s.io/v1' }],
      ['coordination.k8s.io/v1beta1', '1.22', { '*': 'coordination.k8s.io/v1' }],
      ['scheduling.k8s.io/v1beta1', '1.22', { '*': 'scheduling.k8s.io/v1' }],
      ['storage.k8s.io/v1beta1', '1.27', { '*': 'storage.k8s.io/v1' }],
      ['batch/v1beta1', '1.25', { '*': 'batch/v1' }],
      ['batch/v2alpha1', '1.21', { '*': 'batch/v1' }],
      ['discovery.k8s.io/v1beta1', '1.25', { '*': 'discovery.k8s.io/v1' }],
      ['events.k8s.io/v1beta1', '1.25', { '*': 'events.k8s.io/v1' }],
      ['policy/v1beta1', '1.25', { PodDisruptionBudget: 'policy/v1', PodSecurityPolicy: 'none (Pod Security Admission)', '*': 'policy/v1' }],
      ['node.k8s.io/v1beta1', '1.25', { '*': 'node.k8s.io/v1' }],
      ['autoscaling/v2beta1', '1.25', { '*': 'autoscaling/v2' }],
      ['autoscaling/v2beta2', '1.26', { '*': 'autoscaling/v2' }],
      ['flowcontrol.apiserver.k8s.io/v1beta1', '1.26', { '*': 'flowcontrol.apiserver.k8s.io/v1' }],
      ['flowcontrol.apiserver.k8s.io/v1beta2', '1.29', { '*': 'flowcontrol.apiserver.k8s.io/v1' }],
      ['flowcontrol.apiserver.k8s.io/v1beta3', '1.32', { '*': 'flowcontrol.apiserver.k8s.io/v1' }],
    ] as const
  ).map(([apiVersion, removedIn, replacement]) => [apiVersion, { apiVersion, removedIn, replacement }]),
);

/**
 * Kinds added to a group-version after its other kinds were removed, and still served under it: the removal
 * of the others does not apply to them (Kubernetes API reference; feature stages by release).
 *  - admissionregistration.k8s.io/v1beta1: ValidatingAdmissionPolicy(Binding) (beta 1.28), MutatingAdmissionPolicy(Binding) (beta 1.34);
 *  - networking.k8s.io/v1beta1: ServiceCIDR, IPAddress (beta 1.31);
 *  - storage.k8s.io/v1beta1: VolumeAttributesClass (beta 1.31);
 *  - certificates.k8s.io/v1beta1: ClusterTrustBundle (beta 1.33); coordination.k8s.io/v1beta1: LeaseCandidate (beta 1.33).
 */
export const SERVED_AGAIN: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['admissionregistration.k8s.io/v1beta1', new Set(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'])],
  ['networking.k8s.io/v1beta1', new Set(['ServiceCIDR', 'IPAddress'])],
  ['storage.k8s.io/v1beta1', new Set(['VolumeAttributesClass'])],
  ['certificates.k8s.io/v1beta1', new Set(['ClusterTrustBundle'])],
  ['coordination.k8s.io/v1beta1', new Set(['LeaseCandidate'])],
]);

/** The removal of `apiVersion` for `kind`, or `undefined` when the version is still served (for that kind: {@link SERVED_AGAIN}). */
export function removedApi(apiVersion: string, kind: string): { removedIn: string; replacement: string } | undefined {
  const r = REMOVED_APIS.get(apiVersion.trim());
  if (!r) return undefined;
  if (SERVED_AGAIN.get(apiVersion.trim())?.has(kind)) return undefined;
  // Some kinds of a version went earlier than the rest: extensions/v1beta1 served only Ingress after 1.16
  // (PodSecurityPolicy went with policy/v1beta1 in 1.25 and with extensions/v1beta1 in 1.16), and
  // storage.k8s.io/v1beta1 only CSIStorageCapacity after 1.22 (CSIDriver, CSINode, StorageClass, VolumeAttachment).
  const v = apiVersion.trim();
  const removedIn = v === 'extensions/v1beta1' && kind !== 'Ingress' ? '1.16' : v === 'storage.k8s.io/v1beta1' && kind !== 'CSIStorageCapacity' ? '1.22' : r.removedIn;
  return { removedIn, replacement: r.replacement[kind] ?? r.replacement['*'] };
}
