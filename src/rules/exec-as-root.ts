/**
 * BW-0044 exec-as-root: a process started in a container that is set to run as a non-root user is started as root —
 * a Compose lifecycle hook (`post_start` / `pre_stop`, Compose 2.30+) with `user: root` (or uid 0), which Compose runs
 * as `docker exec --user root`, or, on a live engine, an exec instance with `ProcessConfig.user` root, or a
 * `docker exec -u root` line in a script into a container the script starts with `--user`, or a `docker compose exec -u
 * root` line into a Compose service the script or document defines with `user:` (CIS Docker Benchmark
 * 1.6.0 5.24; paper §V.2.5 "run as a user"; R-K, R-G5).
 *
 * Only reported when the service sets a non-root `user` definitely: a container that runs as root anyway gains
 * nothing from a root hook (BW-0005 reports the user), and one whose user is the image's is not known here.
 */
import { defineRule } from './types.js';
import { execLabel, isRootUser } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0044',
    slug: 'exec-as-root',
    title: 'Process started as root in a container that runs as a user',
    severity: 'low',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G5'],
    cis: { '1.6.0': ['5.24'] },
    paper: '§V.2.5',
    inputs: ['compose', 'engine', 'run'],
    description:
      "The service runs as a non-root user, but a lifecycle hook (post_start or pre_stop, run as docker exec --user) runs as root in it: root in the container again, with write access to everything the image owns and Docker's default capabilities. Whatever that process runs (a script from a writable volume, a tool the application can replace) runs as root.",
    remediation: {
      run: 'docker exec -it web sh   # without -u root: the process runs as the container user; do root-only setup in the image build',
      compose: 'post_start:\n  - command: ./init.sh\n    # user: root   <- remove, so the hook runs as the service user; do root-only setup in the image build',
    },
    breaks: 'A hook that chowns files, writes to root-owned paths or binds low ports fails; do that in the image build or an init step.',
    fix: 'manual',
  },
  checkContainer(c, ctx) {
    const cu = c.user;
    if (!cu || cu.how === 'unresolved' || isRootUser(cu.value)) return;
    for (const x of c.execs ?? []) {
      const u = x.user;
      if (!u || u.how === 'unresolved' || !isRootUser(u.value)) continue;
      const hook = x.kind === 'post_start' || x.kind === 'pre_stop';
      const compose = x.kind === 'compose-exec';
      const what = hook ? `${x.kind} hook` : execLabel(x);
      ctx.report({
        message: `${what} runs as root (user ${u.value}) in a ${hook || compose ? 'service' : 'container'} set to run as ${cu.value}`,
        at: u,
        data: { hook: x.kind, user: u.value },
        // A `docker compose exec -u root` line (Compose docs "docker compose exec"): its own command, not a hook's key.
        ...(compose ? { fix: `docker compose exec ${c.target.name} sh   # without -u root: the process runs as the service user; do root-only setup in the image build` } : {}),
      });
    }
  },
});
