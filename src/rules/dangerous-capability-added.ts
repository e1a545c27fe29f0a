/**
 * BW-0002 dangerous-capability-added: each `cap_add` / `--cap-add` entry, rated by what it gives a
 * container and what Docker's default seccomp profile re-opens for it (CIS 5.4, R-B, requirements.md
 * "seccomp coupling"). Severity per capability from {@link capabilityRisk}.
 */
import { capabilityRisk, isKnownCapability } from '../model/capabilities.js';
import { defineRule } from './types.js';
import { dropsAll, UNRESOLVED_NOTE } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0002',
    slug: 'dangerous-capability-added',
    title: 'Capability added to the container',
    severity: 'high',
    attackClasses: ['R-B', 'R-K'],
    requirements: ['R-B', 'R-K', 'R-G7'],
    cis: { '1.6.0': ['5.4'] },
    paper: '§IV.1, §IV.3, §V.2.12',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "Adding a capability widens what root in the container may do to the shared kernel, and Docker's default seccomp profile re-opens the syscalls gated on it (SYS_ADMIN: mount, unshare, setns, bpf; DAC_READ_SEARCH: open_by_handle_at, the shocker breakout; SYS_MODULE: module loading; SYS_PTRACE: ptrace, process_vm_*). Add back only what the software needs, after dropping ALL.",
    remediation: {
      kubernetes: 'securityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]   # only what the software needs',
      compose: 'cap_drop: [ALL]\ncap_add: [NET_BIND_SERVICE]   # only what the software needs',
      run: '--cap-drop ALL --cap-add NET_BIND_SERVICE   # only what the software needs',
      service: '--cap-drop ALL --cap-add NET_BIND_SERVICE   # only what the software needs',
    },
    breaks: 'Features that need the removed capability (network configuration for NET_ADMIN, tracing for SYS_PTRACE) fail with EPERM.',
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    const afterDropAll = dropsAll(c);
    for (const cap of c.capAdd) {
      if (cap.how === 'unresolved') {
        ctx.report({ message: `capability ${cap.value} added: ${UNRESOLVED_NOTE} which capability it is`, at: cap, certainty: 'unknown', severity: 'medium', data: { capability: cap.value } });
        continue;
      }
      const name = cap.value;
      const risk = capabilityRisk(name);
      let message: string;
      if (!isKnownCapability(name)) {
        message = `capability ${name} added: not a capability Linux knows, Docker refuses to start the container`;
      } else {
        const k8s = c.source === 'kubernetes';
        // Kubernetes runs containers Unconfined unless the pod or the kubelet asks for RuntimeDefault, the runtime's
        // copy of Docker's profile (containerd, CRI-O), and names the host namespaces differently.
        const seccomp =
          risk.seccompReopens.length > 0
            ? k8s
              ? `; the RuntimeDefault seccomp profile re-opens ${risk.seccompReopens.join(', ')} for it`
              : `; Docker's default seccomp profile re-opens ${risk.seccompReopens.join(', ')}`
            : '';
        const benign = risk.severity === 'info' ? (afterDropAll ? ` (a narrow add-back after ${k8s ? 'drop: [ALL]' : 'cap_drop ALL'})` : ` (already in ${k8s ? "the runtime's" : "Docker's"} default set)`) : '';
        const why = k8s ? risk.why.replace('--pid=host', 'hostPID: true').replace('network_mode: host', 'hostNetwork: true').replace('--privileged', 'privileged: true') : risk.why;
        message = `capability ${name} added: ${why}${seccomp}${benign}`;
      }
      ctx.report({ message, at: cap, severity: risk.severity, data: { capability: name } });
    }
  },
});
