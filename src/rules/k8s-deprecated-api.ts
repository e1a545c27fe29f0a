/**
 * BW-0042 k8s-deprecated-api: a Kubernetes manifest uses an `apiVersion` the API server no longer serves
 * (extensions/v1beta1 and apps/v1beta1/v1beta2 workloads, rbac.authorization.k8s.io/v1beta1, batch/v1beta1
 * CronJob, policy/v1beta1 PodSecurityPolicy…; Kubernetes "Deprecated API Migration Guide"). Informational:
 * not a container setting, but such a manifest is often stale, and a PodSecurityPolicy in it no longer
 * protects anything (R-G1: configuration that no longer applies). File-level: every document and `List`
 * item is checked, workloads or not, in manifest files and in the manifests a script applies from a heredoc or a
 * Markdown file shows in a fence (the regions the Kubernetes ingester reads); the finding points at the
 * `apiVersion:` entry. A workload moved to apps/v1
 * without `spec.selector` gets the selector in its fix ({@link selectorFix}), copied from the template labels.
 */
import { removedApi } from '../ingest/kubernetes/apis.js';
import { recordedResources } from '../ingest/kubernetes/resources.js';
import { defineRule } from './types.js';

/** A YAML plain scalar when it can be one, else a JSON (double-quoted YAML) string. */
const yamlScalar = (v: string) => (/^[A-Za-z0-9][\w./-]*$/.test(v) && !/^(?:true|false|yes|no|on|off|null|~|[\d.]+)$/i.test(v) ? v : JSON.stringify(v));

/**
 * The lines a Deployment / DaemonSet / ReplicaSet / StatefulSet moved to apps/v1 needs when it has no `spec.selector`:
 * apps/v1 requires it (extensions/v1beta1 defaulted it from the pod template's labels; Kubernetes "Deprecated API
 * Migration Guide", v1.16), and it must match the template's labels: they are copied, or an `app` label is added to both.
 */
export function selectorFix(labels: Record<string, string>): string {
  const pairs = Object.entries(labels);
  const written = pairs.length ? `{${pairs.map(([k, v]) => `${yamlScalar(k)}: ${yamlScalar(v)}`).join(', ')}}` : '{app: <name>}';
  const note = pairs.length ? 'the template labels' : 'add the same labels to spec.template.metadata.labels';
  return `\nspec:\n  selector:   # required by apps/v1; ${note}\n    matchLabels: ${written}`;
}

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
    // The ingester recorded the file's objects (every document, workload or not) when it read it: a manifest file,
    // or the manifests embedded in a script's heredocs (`kubectl apply -f - <<EOF`) and a Markdown file's fences.
    // Other files have none.
    for (const r of recordedResources(f.source) ?? []) {
      const gone = removedApi(r.apiVersion, r.kind);
      if (!gone) continue;
      const what = `${r.kind || 'object'}${r.name ? ` ${r.name}` : ''}`;
      ctx.report({
        message: `${what} uses apiVersion ${r.apiVersion}, removed in Kubernetes ${gone.removedIn}: use ${gone.replacement}`,
        at: r.origin,
        data: { apiVersion: r.apiVersion, kind: r.kind, removedIn: gone.removedIn },
        fix: gone.replacement.startsWith('none')
          ? 'remove the PodSecurityPolicy; label namespaces with pod-security.kubernetes.io/enforce: restricted'
          : `apiVersion: ${gone.replacement}${r.selectorMissing && gone.replacement.startsWith('apps/') ? selectorFix(r.templateLabels ?? {}) : ''}`,
      });
    }
  },
});
