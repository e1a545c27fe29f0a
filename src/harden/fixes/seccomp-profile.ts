/**
 * BW-0041 seccomp-profile-missing (Kubernetes only; paper §V.2.12, R-G12, R-K; Pod Security Standards
 * "restricted"): `securityContext.seccompProfile: {type: RuntimeDefault}`, so the container runtime's default
 * seccomp profile filters the container's syscalls (Kubernetes runs containers Unconfined unless the kubelet's
 * SeccompDefault is on). Written on the container, or on the pod when the finding is the pod's (`data.scope`
 * `pod`: several containers, none sets a profile; one pod-level entry covers all of them) or when the pod's
 * legacy annotation (`seccomp.security.alpha.kubernetes.io/pod`, ignored by kubelets since 1.27) set it.
 * Safe, as the rule's `fix` says: RuntimeDefault is what Docker applies to every container by default.
 */
import type { KubernetesEditor } from '../kubernetes.js';
import type { Fix } from '../types.js';

/** The fix. */
export const seccompRuntimeDefault: Fix = {
  ruleId: 'BW-0041',
  slug: 'seccomp-profile-missing',
  applicability: 'safe',
  title: "set seccompProfile type RuntimeDefault: the runtime's default seccomp profile filters syscalls",
  attack: 'kernel exploits through rarely used syscalls (keyctl, userfaultfd, unshare of new user namespaces) from an Unconfined container — R-K, R-B',
  breaks: "software that needs a syscall the runtime's default profile blocks (some debuggers, nested containers) fails with EPERM until a Localhost profile allows it",
  applies: (f, c) => f.certainty === 'definite' && c?.source === 'kubernetes',
  container(_c, f, ed) {
    if (ed.kind !== 'kubernetes') return false;
    const pod = f.data.scope === 'pod' || /\/pod$/.test(String(f.data.annotation ?? '').split(':')[0]);
    return (ed as unknown as KubernetesEditor).setSeccompDefault(pod);
  },
};
