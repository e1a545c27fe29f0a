/**
 * BW-0026 secret-in-environment on Kubernetes (unsafe; requirements.md R-S "move to Docker secrets / mounted
 * files"; CIS Docker Benchmark 1.6.0 4.10; paper §IV.5): a literal `value:` of a container's `env` entry becomes
 * `valueFrom.secretKeyRef` (key `<NAME>` of the Secret `<workload>-secrets`; core/v1 EnvVarSource, Kubernetes docs
 * "Distribute Credentials Securely Using Secrets"). The value leaves the manifest (and its version history from
 * now on); it is written nowhere by bulwark. A `# bulwark:` comment gives the `kubectl create secret` line to run.
 * Unsafe: the pod does not start (CreateContainerConfigError) until that Secret exists in its namespace.
 */
import type { KubernetesEditor } from '../kubernetes.js';
import type { Fix } from '../types.js';
import { writtenAt } from './util.js';

/** The fix. Applies to literal values (`data.kind` `literal`) of Kubernetes env entries. */
export const secretToSecretRef: Fix = {
  ruleId: 'BW-0026',
  slug: 'secret-in-environment',
  applicability: 'unsafe',
  title: 'take the secret out of the manifest: the env entry reads it from a Secret (valueFrom.secretKeyRef)',
  attack: 'the secret read from the manifest, its copies and its version history by anyone who can read them — R-S',
  breaks:
    'the pod stays in CreateContainerConfigError until the Secret exists in its namespace (kubectl create secret generic <workload>-secrets --from-literal=NAME=…); the value is still in the container environment (kubectl exec, /proc/1/environ): mount the Secret as a file where the application can read one',
  applies: (f, c) => f.certainty === 'definite' && f.data.kind === 'literal' && c?.source === 'kubernetes' && !!writtenAt(c.env, f),
  container(c, f, ed) {
    if (ed.kind !== 'kubernetes') return false;
    return (ed as unknown as KubernetesEditor).envToSecretRef(writtenAt(c.env, f)!);
  },
};
