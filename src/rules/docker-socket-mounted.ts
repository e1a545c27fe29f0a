/**
 * BW-0013 docker-socket-mounted: the Docker (or containerd, podman, CRI-O) API socket, or a directory
 * holding it (`/var/run`, `/run`, `/run/containerd`), is bind-mounted. Read-only does not help:
 * connect(2) works on a read-only bind. Root-equivalent on the host. CIS 5.32, R-B.
 *
 * A source that is only an unset variable (`${DOCKER_SOCKET_LOCATION}:/var/run/docker.sock`, Supabase's
 * compose file; `-v $SOCK:/var/run/docker.sock`) is modelled as a named volume, since the variable may hold
 * a name; mounted where a runtime socket is expected it is almost surely the socket's host path, so it is
 * reported with certainty `unknown` (requirements: an unknown value is never silently safe).
 *
 * `use_api_socket: true` (compose-spec, Compose 2.33+) and `docker run --use-api-socket` (Docker CLI 28.1+) are the
 * same mount made by the CLI (the model's `api-socket` mount), plus the user's registry credentials written into the
 * container: reported at the setting.
 *
 * A rootless daemon's socket (`/run/user/1000/docker.sock`, `$XDG_RUNTIME_DIR/docker.sock`: Docker docs "Rootless
 * mode") is reported as high, not critical: the daemon runs as that user, so its API gives the user's containers and
 * files, not host root ({@link rootlessOwner}). `/run/user/0/` is root's.
 *
 * Docker on Windows serves its API on the named pipe `\\.\pipe\docker_engine` (Docker Desktop also
 * `dockerDesktopLinuxEngine`, podman machine `podman-machine-default`), containerd on `\\.\pipe\containerd-containerd`:
 * mounting one (`type: npipe`, Portainer's Windows instructions, a Kubernetes `hostPath`) hands the container the
 * engine just the same.
 */
import { defineRule } from './types.js';
import { bindKind, classifiedHostPath, isRuntimePipePath, isRuntimeSocketPath, mountMode, mountPathAsWritten, mountPathForMessage, UNRESOLVED_NOTE } from './util/container.js';


/**
 * The owner of a rootless engine's socket path: `/run/user/<uid>/…` (`/var/run/user/<uid>/…`), a user's runtime
 * directory (XDG Base Directory spec `$XDG_RUNTIME_DIR`, systemd-logind's `/run/user/$UID`), or `$XDG_RUNTIME_DIR/…` /
 * `${XDG_RUNTIME_DIR}/…` as written (`uid` unknown). Docker's rootless mode serves its API there
 * (`unix://$XDG_RUNTIME_DIR/docker.sock`, Docker docs "Rootless mode"), as rootless Podman does
 * (`$XDG_RUNTIME_DIR/podman/podman.sock`): that daemon runs as the user, so its socket gives what the user has, not
 * host root. `/run/user/0/…` is root's (a rootful daemon may listen there) and gives `undefined`, as does any other path.
 */
export function rootlessOwner(path: string): { uid?: string } | undefined {
  const m = /^(?:\/var)?\/run\/user\/(\d+)\//.exec(path);
  if (m) return /^0+$/.test(m[1]) ? undefined : { uid: m[1] };
  return /^\$(?:XDG_RUNTIME_DIR|\{XDG_RUNTIME_DIR\})\//.test(path) ? {} : undefined;
}

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
      "Whoever can talk to the Docker API can start a privileged container that mounts the host's root: the socket is root on the host. Mounting it read-only changes nothing, because connect(2) on a socket is not a write. A rootless daemon's socket (/run/user/<uid>/docker.sock, $XDG_RUNTIME_DIR/docker.sock) is reported as high: that daemon runs as the user, so its API gives the user's containers and files, not host root. Use a filtering socket proxy with only the endpoints needed, or the rootless API.",
    remediation: {
      kubernetes: '# remove the hostPath volume of the runtime socket and its volumeMount;\n# talk to the Kubernetes API with a narrowly bound ServiceAccount instead',
      compose: '# remove - /var/run/docker.sock:/var/run/docker.sock (or use_api_socket: true); if the API is needed, use a filtering proxy:\nenvironment:\n  - DOCKER_HOST=tcp://socket-proxy:2375',
      run: '# remove -v /var/run/docker.sock:/var/run/docker.sock (or --use-api-socket); use a filtering proxy: -e DOCKER_HOST=tcp://socket-proxy:2375',
      service: '# remove --mount …,source=/var/run/docker.sock,…; if the API is needed, use a filtering proxy: --env DOCKER_HOST=tcp://socket-proxy:2375',
    },
    breaks: 'Tools that manage containers (Portainer, Traefik discovery, CI runners, Watchtower) lose access to the API until given a proxy.',
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    for (const m of c.mounts) {
      // The source is a variable with no value (a named volume's name, or a host path of unknown value such as
      // `${DOCKER_SOCKET_LOCATION}`): what is mounted at the socket path is not known.
      const unknownSource = m.unresolved && m.source !== undefined && (m.type === 'volume' || (m.type === 'bind' && /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(m.source.trim())));
      if (unknownSource && m.target.endsWith('.sock') && isRuntimeSocketPath(m.target)) {
        const path = mountPathAsWritten(m);
        const mode = mountMode(m);
        ctx.report({ message: `container runtime API socket probably reachable: ${path} is mounted at ${m.target}, and ${UNRESOLVED_NOTE} which host path it is`, at: m.origin, certainty: 'unknown', data: { path, mode } });
        continue;
      }
      if (isRuntimePipePath(m.source ?? m.sourceRaw ?? '')) {
        const path = mountPathAsWritten(m);
        ctx.report({ message: `container runtime API named pipe ${path} mounted: root-equivalent on the host`, at: m.origin, data: { path, mode: mountMode(m) } });
        continue;
      }
      if (m.syntax === 'api-socket') {
        // `use_api_socket: true` / `--use-api-socket`: the CLI mounts the engine's socket and also copies the
        // user's registry credentials into the container (docker/cli create.go).
        const what = c.source === 'compose' ? 'use_api_socket' : '--use-api-socket';
        const gives = `the engine's API socket at ${m.target} (root-equivalent on the host) and the user's registry credentials in /run/secrets/docker/config.json`;
        const data = { path: m.target, mode: 'rw', apiSocket: true };
        if (m.unresolved) ctx.report({ message: `${what} may give the container ${gives}: ${UNRESOLVED_NOTE} whether it is on`, at: m.origin, certainty: 'unknown', data });
        else ctx.report({ message: `${what} gives the container ${gives}`, at: m.origin, data });
        continue;
      }
      // The host's root (`/:/rootfs:ro`, cadvisor and node-exporter): Docker binds are recursive (rbind), so the
      // host's /run, and `/rootfs/run/docker.sock` in it, is there too, and :ro does not stop connect(). (A bind of
      // /var is not: /var/run is a symlink to /run, which resolves inside the container.)
      // (Not when another bind of the container is the socket or its directory: that one is reported.)
      if (m.type === 'bind' && !m.unresolved && classifiedHostPath(m) === '/' && !c.mounts.some((o) => o !== m && bindKind(o, c.engine) === 'socket')) {
        const path = mountPathAsWritten(m);
        const under = `${m.target.replace(/\/+$/, '')}/run/docker.sock`;
        ctx.report({ message: `container runtime API socket reachable through ${mountPathForMessage(m)}: the bind is recursive, so the engine's socket is at ${under} inside the container (root-equivalent on the host${mountMode(m) === 'ro' ? '; read-only does not help' : ''})`, at: m.origin, data: { path, mode: mountMode(m) } });
        continue;
      }
      if (bindKind(m, c.engine) !== 'socket') continue;
      const path = mountPathAsWritten(m);
      const mode = mountMode(m);
      const ro = mode === 'ro' ? ' (read-only does not help: connect() works on a read-only bind)' : '';
      const rootless = rootlessOwner(m.source ?? m.sourceRaw ?? '');
      if (rootless) {
        const who = rootless.uid !== undefined ? `user ${rootless.uid}` : 'the user whose $XDG_RUNTIME_DIR it is';
        ctx.report({
          message: `container runtime API socket reachable through ${mountPathForMessage(m)}: a rootless daemon's socket (under ${rootless.uid !== undefined ? `/run/user/${rootless.uid}` : '$XDG_RUNTIME_DIR'}): control of every container of ${who} and of that user's files, not host root${ro}`,
          at: m.origin,
          severity: 'high',
          data: { path, mode, rootless: true, ...(rootless.uid !== undefined ? { uid: rootless.uid } : {}) },
        });
        continue;
      }
      ctx.report({ message: `container runtime API socket reachable through ${mountPathForMessage(m)}: root-equivalent on the host${ro}`, at: m.origin, data: { path, mode } });
    }
  },
});
