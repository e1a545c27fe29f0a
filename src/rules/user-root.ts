/**
 * BW-0005 user-root: the container is explicitly root (`user: root`, `--user 0`, `0:0`, `root:…`)
 * (CIS 4.1, R-K, R-G5).
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
    remediation: { kubernetes: 'securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001\n  runAsGroup: 10001', compose: 'user: "10001:10001"', run: '--user 10001:10001' },
    breaks: 'Software that writes to root-owned paths or binds ports below 1024 needs those paths chowned or NET_BIND_SERVICE added.',
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    const u = c.user;
    if (!u || u.how === 'unresolved' || !isRootUser(u.value)) return;
    ctx.report({ message: `container runs as root (user ${u.value})`, at: u, data: { user: u.value } });
  },
});
