/**
 * BW-0042 k8s-deprecated-api: a Kubernetes manifest uses an `apiVersion` the API server no longer serves
 * (extensions/v1beta1 and apps/v1beta1/v1beta2 workloads, rbac.authorization.k8s.io/v1beta1, batch/v1beta1
 * CronJob, policy/v1beta1 PodSecurityPolicy…; Kubernetes "Deprecated API Migration Guide"). Informational:
 * not a container setting, but such a manifest is often stale, and a PodSecurityPolicy in it no longer
 * protects anything (R-G1: configuration that no longer applies). File-level: every document and `List`
 * item is checked, workloads or not; the finding points at the `apiVersion:` entry.
 */
import { removedApi } from '../ingest/kubernetes/apis.js';
import { recordedResources } from '../ingest/kubernetes/resources.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'BW-0042',
    slug: 'k8s-deprecated-api',
    title: 'Kubernetes manifest uses a removed API version',
    severity: 'info',
    attackClasses: [],
    requirements: ['R-G1'],
    cis: {},
    paper: '§V.2.1',
    inputs: ['kubernetes'],
    description:
      'The API server of current Kubernetes releases refuses these apiVersions, so the manifest cannot be applied as written; it is likely stale, and what it shows may not be what runs. A PodSecurityPolicy (policy/v1beta1, extensions/v1beta1) was removed in Kubernetes 1.25 and enforces nothing: use Pod Security Admission labels instead.',
    remediation: { kubernetes: 'apiVersion: apps/v1   # the replacement named in the finding; kubectl convert can rewrite old manifests' },
    breaks: 'Nothing at runtime; newer apiVersions may require fields the old ones defaulted (apps/v1 needs spec.selector).',
    fix: 'manual',
  },
  checkFile(f, ctx) {
    if (f.kind !== 'kubernetes') return;
    // The ingester recorded the file's objects (every document, workload or not) when it read it.
    for (const r of recordedResources(f.source) ?? []) {
      const gone = removedApi(r.apiVersion, r.kind);
      if (!gone) continue;
      const what = `${r.kind || 'object'}${r.name ? ` ${r.name}` : ''}`;
      ctx.report({
        message: `${what} uses apiVersion ${r.apiVersion}, removed in Kubernetes ${gone.removedIn}: use ${gone.replacement}`,
        at: r.origin,
        data: { apiVersion: r.apiVersion, kind: r.kind, removedIn: gone.removedIn },
        fix: gone.replacement.startsWith('none') ? 'remove the PodSecurityPolicy; label namespaces with pod-security.kubernetes.io/enforce: restricted' : `apiVersion: ${gone.replacement}`,
      });
    }
  },
});
