/**
 * BW-0004 user-not-set: no `user` / `--user`, so the image's default user applies, usually root
 * (CIS 4.1, R-K, R-G5). Reported with certainty `unknown` unless the image was inspected
 * (`imageUser`, from `docker image inspect`, or for a Compose service with `build` the USER of the Dockerfile
 * stage it builds): then definite when the image's user is root or empty, and not reported when it is another user. Kubernetes `runAsNonRoot: true` without `runAsUser` (kept by the
 * ingester as `extra.runAsNonRoot`) is not reported: the kubelet refuses to run such a container as root.
 * An image that defaults to a non-root user (distroless `:nonroot`, Chainguard; {@link defaultsToNonRoot}) is info.
 * A `podman run --userns=keep-id` line without a user runs as the uid of whoever runs podman (podman-run(1)
 * "--userns=keep-id"): info, root only when podman itself runs as root.
 * A Windows container of a run line (src/model/windows.ts) is told to run as `ContainerUser`, Windows images'
 * non-administrator account (no uids there).
 */
import { defineRule } from './types.js';
import { isRootUser, isWindowsPod, unresolvedNote } from './util/container.js';
import { WINDOWS_USER } from '../model/windows.js';
import { defaultsToNonRoot } from './df-user-not-set.js';

export default defineRule({
  meta: {
    id: 'BW-0004',
    slug: 'user-not-set',
    title: 'Container user not set',
    severity: 'medium',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G5'],
    cis: { '1.6.0': ['4.1'] },
    paper: '§IV.1, §V.2.5',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "Without a user the container runs as the image's default user, which is root for most images. Root in a container is root on the host's kernel unless user namespaces remap it: a kernel bug or a mount mistake becomes a host compromise.",
    remediation: { kubernetes: 'securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001\n  runAsGroup: 10001', compose: 'user: "10001:10001"', run: '--user 10001:10001', service: '--user 10001:10001' },
    breaks: 'Images that write to root-owned paths or bind ports below 1024 fail until those paths are chowned or NET_BIND_SERVICE is added.',
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    const u = c.user;
    const img = c.imageUser;
    if ((!u || (u.how === 'explicit' && u.value.trim() === '')) && img && img.how !== 'unresolved') {
      // The image was inspected: its default user decides (`''` means root).
      if (img.value.trim() !== '' && !isRootUser(img.value)) return;
      // A Compose service built from a Dockerfile bulwark read: the USER of the stage it builds.
      const built = c.build?.read;
      const message = built
        ? `no user set: the image is built from ${built.inline ? 'its dockerfile_inline' : built.file}, whose ${built.stage ? `stage ${built.stage}` : 'final stage'} runs as USER ${img.value.trim()}${built.args ? ` (set by build.args ${built.args.join(', ')})` : ''}`
        : "no user set: the container runs as the image's default user, and the image's default user is root";
      ctx.report({ message, at: u ?? c.unsetAt?.user, certainty: 'definite', data: { user: img.value.trim() || 'root' } });
    } else if (!u) {
      // Kubernetes `runAsNonRoot: true`: the kubelet refuses to start the container as uid 0, so it is not root.
      if (c.source === 'kubernetes' && c.extra.runAsNonRoot?.value === true) return;
      // podman --userns=keep-id: the process runs as the uid and gid of whoever runs podman (podman-run(1)).
      if (c.extra.podmanUserns?.value === 'keep-id') {
        ctx.report({
          message: 'no user set, but podman --userns=keep-id runs the container as the user who runs podman: not root unless podman itself runs as root',
          at: c.unsetAt?.user,
          certainty: 'unknown',
          severity: 'info',
          data: { userns: 'keep-id' },
        });
        return;
      }
      // distroless `:nonroot` and Chainguard images default to uid 65532 (as BW-0101 knows for a Dockerfile).
      const image = c.image && c.image.how !== 'unresolved' ? c.image.value : undefined;
      if (image && defaultsToNonRoot(image)) {
        ctx.report({ message: `no user set; image ${image} defaults to a non-root user (65532)`, at: c.unsetAt?.user, certainty: 'unknown', severity: 'info', data: { image } });
        return;
      }
      // A Windows container (`docker run --isolation=process …`): Server Core images run as ContainerAdministrator, and
      // the non-administrator account is ContainerUser (no uids there; src/model/windows.ts).
      if (c.source === 'run' && isWindowsPod(c)) {
        ctx.report({
          message: "no user set: the container runs as the image's default user, ContainerAdministrator in Windows Server Core images",
          at: c.unsetAt?.user,
          certainty: 'unknown',
          data: { windows: true },
          fix: `--user ${WINDOWS_USER}`,
        });
        return;
      }
      ctx.report({ message: "no user set: the container runs as the image's default user, usually root", at: c.unsetAt?.user, certainty: 'unknown', data: {} });
    } else if (u.how === 'unresolved') {
      ctx.report({ message: `user ${u.value}: ${unresolvedNote(u.raw ?? u.value)} whether it is root`, at: u, certainty: 'unknown', severity: 'low', data: { user: u.value } });
    } else if (u.value.trim() === '') {
      ctx.report({ message: "empty user: the container runs as the image's default user, usually root", at: u, certainty: 'unknown', data: { user: '' } });
    }
  },
});
