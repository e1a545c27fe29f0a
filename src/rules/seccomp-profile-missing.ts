/**
 * BW-0041 seccomp-profile-missing (Kubernetes only): no `seccompProfile` on the container nor on its pod, so
 * the container runs Unconfined unless the kubelet's `SeccompDefault` (default off before it is configured)
 * applies the runtime's default profile (R-G12, R-K; Pod Security Standards "restricted": seccompProfile
 * must be RuntimeDefault or Localhost). Docker always applies its default profile, which is why this
 * finding exists only for Kubernetes. The legacy annotations (`seccomp.security.alpha.kubernetes.io/pod`,
 * `container.seccomp.security.alpha.kubernetes.io/<name>`) are ignored by kubelets since Kubernetes 1.27:
 * a profile set only that way is reported at low severity. `Unconfined` itself is BW-0021's finding.
 *
 * A container without `image` (a Kustomize patch: `extra.unresolvedOptions`) is reported with certainty `unknown`.
 *
 * Location: the container's `name:` entry; when the pod has several containers and none of them (nor the
 * pod) sets a profile, the pod's `spec:` key, where one pod-level `securityContext.seccompProfile` fixes all.
 */
import type { PodFacts } from '../ingest/kubernetes/index.js';
import type { Sourced } from '../model/types.js';
import { defineRule } from './types.js';
import { isWindowsPod, securityOpts, unknownOptions } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0041',
    slug: 'seccomp-profile-missing',
    title: 'Kubernetes container without a seccomp profile',
    severity: 'medium',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G12'],
    cis: {},
    paper: '§V.2.12',
    inputs: ['kubernetes'],
    description:
      'Kubernetes runs containers Unconfined (no seccomp filter) unless the pod or container sets securityContext.seccompProfile, or the kubelet runs with SeccompDefault. Without the filter every syscall reaches the host kernel, including the rarely used ones most kernel exploits go through (keyctl, userfaultfd, unshare of new user namespaces). Pod Security Standards "restricted" requires RuntimeDefault or Localhost.',
    remediation: { kubernetes: 'securityContext:\n  seccompProfile:\n    type: RuntimeDefault' },
    breaks: "Software that needs a syscall the runtime's default profile blocks (some debuggers, nested containers) fails until a Localhost profile allows it.",
    fix: 'safe',
  },
  checkContainer(c, ctx) {
    if (isWindowsPod(c)) return;
    const opts = securityOpts(c, 'seccomp');
    const current = opts.filter((o) => !/security\.alpha\.kubernetes\.io/.test(o.raw));
    if (current.length > 0) return;
    const pod = c.extra['kubernetes.pod'] as Sourced<PodFacts> | undefined;
    const atPod = pod !== undefined && pod.value.containers > 1 && !pod.value.seccompAnywhere;
    const at = atPod ? pod.origin : undefined;
    if (opts.length > 0) {
      ctx.report({
        message: `seccomp profile set only by the legacy annotation (${opts[opts.length - 1].raw}), which kubelets ignore since Kubernetes 1.27: set securityContext.seccompProfile`,
        at: opts[opts.length - 1].origin,
        severity: 'low',
        data: { annotation: opts[opts.length - 1].raw },
      });
      return;
    }
    const where = atPod ? `no container of ${pod.value.kind} ${pod.value.name ?? ''} sets one`.replace('  ', ' ') : 'neither the container nor its pod sets one';
    // A container without `image` is a patch (Kustomize): its base may set the profile.
    const unknown = unknownOptions(c);
    ctx.report({ message: `no seccompProfile (${where}): the container runs Unconfined unless the kubelet's SeccompDefault is on${unknown?.note ?? ''}`, at, certainty: unknown?.certainty, data: { scope: atPod ? 'pod' : 'container' } });
  },
});
