/**
 * BW-0019 host-userns: User namespace remapping disabled for the container (CIS 5.31, R-K, R-G11):
 * `userns_mode: host`, `--userns=host`, or Kubernetes `hostUsers: true` written in the pod spec.
 */
import { defineRule } from './types.js';
import { hostNamespaceCheck } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0019',
    slug: 'host-userns',
    title: 'User namespace remapping disabled for the container',
    severity: 'medium',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G11'],
    cis: { '1.6.0': ['5.31'] },
    paper: '§V.2.11',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "userns_mode: host opts the container out of the daemon's user namespace remapping (userns-remap), so uid 0 in the container is uid 0 on the host. User namespaces are supported natively today (userns-remap, rootless mode), unlike the paper's 'not directly supported'.",
    remediation: { kubernetes: 'hostUsers: false   # pod spec: a user namespace per pod (Kubernetes 1.30+, needs idmap mounts on the node)', compose: "userns_mode: host   # remove the key", run: "remove --userns host" },
    breaks: "Containers that need real host uids (bind mounts owned by host users, privileged containers) may fail under remapping.",
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    const why =
      c.source === 'kubernetes'
        ? 'hostUsers: true keeps the pod out of a user namespace, so uid 0 in the container is uid 0 on the host'
        : 'container root is root on the host even where the daemon remaps user namespaces';
    hostNamespaceCheck('userns', 'user', why)(c, ctx);
  },
});
