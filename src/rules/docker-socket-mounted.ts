/**
 * BW-0013 docker-socket-mounted: the Docker (or containerd, podman, CRI-O) API socket, or a directory
 * holding it (`/var/run`, `/run`, `/run/containerd`), is bind-mounted. Read-only does not help:
 * connect(2) works on a read-only bind. Root-equivalent on the host. CIS 5.32, R-B.
 */
import { defineRule } from './types.js';
import { bindKind, mountMode, mountPathAsWritten } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0013',
    slug: 'docker-socket-mounted',
    title: 'Container runtime socket mounted',
    severity: 'critical',
    attackClasses: ['R-B'],
    requirements: ['R-B', 'R-G5'],
    cis: { '1.6.0': ['5.32'] },
    paper: '§IV.3, §V.2.5',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "Whoever can talk to the Docker API can start a privileged container that mounts the host's root: the socket is root on the host. Mounting it read-only changes nothing, because connect(2) on a socket is not a write. Use a filtering socket proxy with only the endpoints needed, or the rootless API.",
    remediation: {
      kubernetes: '# remove the hostPath volume of the runtime socket and its volumeMount;\n# talk to the Kubernetes API with a narrowly bound ServiceAccount instead',
      compose: '# remove - /var/run/docker.sock:/var/run/docker.sock; if the API is needed, use a filtering proxy:\nenvironment:\n  - DOCKER_HOST=tcp://socket-proxy:2375',
      run: '# remove -v /var/run/docker.sock:/var/run/docker.sock; use a filtering proxy: -e DOCKER_HOST=tcp://socket-proxy:2375',
    },
    breaks: 'Tools that manage containers (Portainer, Traefik discovery, CI runners, Watchtower) lose access to the API until given a proxy.',
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    for (const m of c.mounts) {
      if (bindKind(m) !== 'socket') continue;
      const path = mountPathAsWritten(m);
      const mode = mountMode(m);
      const ro = mode === 'ro' ? ' (read-only does not help: connect() works on a read-only bind)' : '';
      ctx.report({ message: `container runtime API socket reachable through ${path}: root-equivalent on the host${ro}`, at: m.origin, data: { path, mode } });
    }
  },
});
