/**
 * BW-0224 daemon-socket-unit-perms: the systemd socket unit that makes dockerd's unix socket (`docker.socket`,
 * systemd.socket(5)) leaves it more open than `root:docker` 0660 (CIS Docker Benchmark 1.6.0 3.15, 3.16): a
 * `SocketMode=` with bits beyond 0660 (world-writable: critical), no `SocketMode=` at all in a complete unit that
 * makes a unix socket (systemd's default is 0666), or a `SocketGroup=` other than `docker` (or root). Whoever can
 * write to the socket controls the engine and so is root on the host (R-B, paper §IV.3). A drop-in
 * (`docker.socket.d/*.conf`) inherits what it does not write. On a live host BW-0305 checks the socket file itself.
 */
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'BW-0224',
    slug: 'daemon-socket-unit-perms',
    title: "The socket unit leaves dockerd's socket open to more than root:docker 0660",
    severity: 'high',
    attackClasses: ['R-B'],
    requirements: ['R-B', 'R-G13'],
    cis: { '1.6.0': ['3.15', '3.16'] },
    paper: '§IV.3',
    inputs: ['daemon'],
    description:
      "With a socket unit (docker.socket) systemd, not dockerd, creates the Docker API's unix socket, with the unit's SocketMode= (default 0666: writable by every local user) and SocketGroup= (default root). Whoever can write to the socket can start a privileged container that mounts / and so is root on the host. Docker's own docker.socket writes SocketMode=0660, SocketUser=root and SocketGroup=docker; members of the docker group are root-equivalent and should be few (CIS 3.15, 3.16).",
    remediation: { daemon: '[Socket]\nListenStream=/run/docker.sock\nSocketMode=0660\nSocketUser=root\nSocketGroup=docker' },
    breaks: 'Users who are not in the docker group lose access to the engine (which is the point).',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    if (!d.socketUnit) return;
    const unix = d.hosts.find((h) => h.value.startsWith('unix://'));
    const dropIn = /\.socket\.d[\\/][^\\/]+$/.test(d.file);
    const mode = d.socketUnit?.mode;
    if (mode) {
      const m = /^[0-7]{3,4}$/.test(mode.value) ? Number.parseInt(mode.value, 8) : undefined;
      if (m !== undefined && (m & ~0o660 & 0o777) !== 0) {
        const world = (m & 0o002) !== 0;
        ctx.report({
          message: `the socket unit sets SocketMode=${mode.value}, more permissive than 0660${world ? ': every local user can write to the Docker socket and control the engine' : ''} (CIS 3.16)`,
          at: mode,
          severity: world ? 'critical' : undefined,
          data: { mode: mode.value, expected: '0660', cis: '3.16' },
        });
      }
    } else if (unix && !dropIn) {
      ctx.report({
        message: `the socket unit makes ${unix.value.slice(7)} without SocketMode=: systemd creates it with mode 0666, writable by every local user, who then controls the engine (CIS 3.16)`,
        at: unix,
        severity: 'critical',
        data: { mode: '0666', expected: '0660', cis: '3.16' },
      });
    }
    const group = d.socketUnit?.group;
    if (group && group.value !== 'docker' && group.value !== 'root' && group.value !== '0')
      ctx.report({
        message: `the socket unit sets SocketGroup=${group.value}: every member of ${group.value} can use the Docker socket, and so is root on the host; expected docker (CIS 3.15)`,
        at: group,
        data: { group: group.value, expected: 'docker', cis: '3.15' },
      });
  },
});
