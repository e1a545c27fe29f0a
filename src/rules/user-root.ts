/**
 * BW-0005 user-root: the container is explicitly root (`user: root`, `--user 0`, `0:0`, `root:…`)
 * (CIS 4.1, R-K, R-G5).
 * Kubernetes: with `spec.hostUsers: false` the pod has its own user namespace and uid 0 in it maps to an
 * unprivileged host uid (Kubernetes docs, "User Namespaces"): medium, the message says so. `runAsUser: 0` under
 * `runAsNonRoot: true` (pod or container level) is refused by the kubelet ("container's runAsUser breaks non-root
 * policy"; Kubernetes API, SecurityContext.runAsNonRoot): the container never starts, reported low as such.
 */
import { defineRule } from './types.js';
import { isRootUser } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0005',
    slug: 'user-root',
    title: 'Container runs as root',
    severity: 'high',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G5'],
    cis: { '1.6.0': ['4.1'] },
    paper: '§IV.1, §V.2.5',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      'The container is set to run as root (uid 0). Unless the daemon remaps user namespaces, that is root on the host kernel: every kernel bug and every writable host mount is a path to the host.',
    remediation: { kubernetes: 'securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001\n  runAsGroup: 10001', compose: 'user: "10001:10001"', run: '--user 10001:10001', service: '--user 10001:10001' },
    breaks: 'Software that writes to root-owned paths or binds ports below 1024 needs those paths chowned or NET_BIND_SERVICE added.',
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    const u = c.user;
    if (!u || u.how === 'unresolved' || !isRootUser(u.value)) return;
    if (c.source === 'kubernetes' && c.extra.runAsNonRoot?.value === true && /^0+(?::|$)/.test(u.value)) {
      ctx.report({
        message: `runAsUser ${u.value.split(':')[0]} with runAsNonRoot: true: the kubelet refuses to start the container (its runAsUser breaks the non-root policy)`,
        at: u,
        severity: 'low',
        data: { user: u.value },
      });
      return;
    }
    if (c.source === 'kubernetes' && c.namespaces.userns?.value.mode === 'private') {
      ctx.report({
        message: `container runs as root (user ${u.value}) in the pod's own user namespace (hostUsers: false): uid 0 is remapped to an unprivileged host uid`,
        at: u,
        severity: 'medium',
        data: { user: u.value },
      });
      return;
    }
    ctx.report({ message: `container runs as root (user ${u.value})`, at: u, data: { user: u.value } });
  },
});
