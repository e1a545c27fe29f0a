import { ruleTester } from './tester.js';
import rule from './docker-socket-mounted.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - data:/var/run\n' },
    { kind: 'compose', name: 'tmpfs /var/run', code: 'services:\n  web:\n    image: nginx\n    tmpfs:\n      - /var/run\n' },
    {
      kind: 'compose',
      name: 'portainer command -H unix:// is an argument, not a mount',
      code: 'services:\n  portainer:\n    image: portainer/portainer-ce:latest\n    command: -H unix:///var/run/docker.sock\n',
    },
    { kind: 'compose', name: 'commented socket', code: 'services:\n  web:\n    image: nginx\n    volumes:\n      # - /var/run/docker.sock:/var/run/docker.sock\n      - data:/data\n' },
    { kind: 'run', code: 'docker run -e DOCKER_HOST=tcp://proxy:2375 nginx' },
    { kind: 'compose', name: 'use_api_socket: false', code: 'services:\n  gw:\n    image: docker/mcp-gateway:v2\n    use_api_socket: false\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'QA: a bind of the host root is recursive: the engine socket is reachable under it, read-only or not; /var is not (its run is a symlink)',
      code: 'services:\n  cadvisor:\n    image: gcr.io/cadvisor/cadvisor:v0.49.1\n    volumes:\n      - /:/rootfs:ro\n      - /var:/hostvar:ro\n',
      errors: [{ line: 5, column: 9, severity: 'critical', data: { path: '/', mode: 'ro' }, message: "container runtime API socket reachable through /: the bind is recursive, so the engine's socket is at /rootfs/run/docker.sock inside the container" }],
    },
    {
      kind: 'compose',
      name: 'QA: volumes_from shares the socket with the companion (nginx-proxy + acme-companion), transitively, :ro or not',
      code:
        'services:\n  proxy:\n    image: nginxproxy/nginx-proxy:1.6\n    volumes:\n      - /var/run/docker.sock:/tmp/docker.sock:ro\n' +
        '  acme:\n    image: nginxproxy/acme-companion:2.4\n    volumes_from:\n      - proxy:rw\n' +
        '  gen:\n    image: nginxproxy/docker-gen:0.14\n    volumes_from: ["acme:ro"]\n  other:\n    image: nginx:1.27\n    volumes_from: [container:elsewhere]\n',
      errors: [
        { line: 5, column: 9, endColumn: 49, target: 'proxy', severity: 'critical', data: { path: '/var/run/docker.sock', mode: 'ro' } },
        {
          line: 9, column: 9, endColumn: 17, target: 'acme', severity: 'critical', data: { path: '/var/run/docker.sock', mode: 'ro' },
          message: "container runtime API socket reachable through /var/run/docker.sock (proxy's mount, through volumes_from): root-equivalent on the host",
        },
        { line: 12, column: 20, endColumn: 29, target: 'gen', severity: 'critical', data: { path: '/var/run/docker.sock', mode: 'ro' }, message: "(proxy's mount, through volumes_from)" },
      ],
    },
    {
      kind: 'compose',
      name: 'qa16: a socket path from a variable names its value in the message',
      env: { SOCK: '/var/run/docker.sock' },
      code: 'services:\n  agent:\n    image: alpine\n    volumes:\n      - ${SOCK}:/sock\n',
      errors: [{ line: 5, column: 9, target: 'agent', severity: 'critical', data: { path: '${SOCK}', mode: 'rw' }, message: 'reachable through ${SOCK} (= /var/run/docker.sock): root-equivalent' }],
    },
    {
      kind: 'compose',
      name: 'use_api_socket: true (Compose 2.33+, docker/cli create.go): the engine socket and the registry credentials',
      code: 'services:\n  mcp-gateway:\n    image: docker/mcp-gateway:v2\n    use_api_socket: true\n    command: ["--transport=sse"]\n',
      errors: [
        {
          line: 4, column: 5, endLine: 4, endColumn: 25, target: 'mcp-gateway', severity: 'critical',
          message: "use_api_socket gives the container the engine's API socket at /var/run/docker.sock (root-equivalent on the host) and the user's registry credentials in /run/secrets/docker/config.json",
          data: { path: '/var/run/docker.sock', mode: 'rw', apiSocket: true },
        },
      ],
    },
    {
      kind: 'run',
      name: 'docker run --use-api-socket (Docker CLI 28.1+)',
      code: 'docker run -d --use-api-socket --name gw docker/mcp-gateway:v2\n',
      errors: [
        {
          line: 1, column: 15, endColumn: 31, target: 'gw', severity: 'critical', data: { path: '/var/run/docker.sock', mode: 'rw', apiSocket: true },
          message: "--use-api-socket gives the container the engine's API socket at /var/run/docker.sock (root-equivalent on the host) and the user's registry credentials in /run/secrets/docker/config.json",
        },
      ],
    },
    {
      kind: 'compose',
      name: 'use_api_socket from an unset variable: unknown',
      code: 'services:\n  agent:\n    image: agent:1.2\n    use_api_socket: ${AGENT_DOCKER}\n',
      errors: [{ line: 4, column: 5, endLine: 4, endColumn: 36, target: 'agent', severity: 'critical', certainty: 'unknown', data: { apiSocket: true } }],
    },
    {
      kind: 'compose',
      name: 'Portainer on Windows: the docker_engine named pipe, long and short syntax',
      code: 'services:\n  portainer:\n    image: portainer/portainer-ce:2.21.0\n    volumes:\n      - source: \\\\.\\pipe\\docker_engine\n        target: \\\\.\\pipe\\docker_engine\n        type: npipe\n      - \\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine\n',
      errors: [
        { line: 5, column: 9, endLine: 7, target: 'portainer', severity: 'critical', data: { path: '\\\\.\\pipe\\docker_engine', mode: 'rw' } },
        { line: 8, column: 9, endLine: 8, endColumn: 54, target: 'portainer', severity: 'critical', data: { path: '\\\\.\\pipe\\docker_engine', mode: 'rw' } },
      ],
    },
    {
      kind: 'kubernetes',
      name: "QA round C: containerd's Windows pipe (the CRI endpoint of Windows nodes) as a hostPath",
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: win}\nspec:\n  nodeSelector: {kubernetes.io/os: windows}\n  containers:\n  - name: c\n    image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n    volumeMounts:\n    - {name: pipe, mountPath: \\\\.\\pipe\\containerd-containerd}\n  volumes:\n  - name: pipe\n    hostPath:\n      path: \\\\.\\pipe\\containerd-containerd\n      type: null\n',
      errors: [{ line: 14, column: 7, target: 'c', severity: 'critical', data: { path: '\\\\.\\pipe\\containerd-containerd', mode: 'rw' }, message: 'container runtime API named pipe \\\\.\\pipe\\containerd-containerd mounted: root-equivalent on the host' }],
    },
    {
      kind: 'compose',
      name: "QA round C: containerd's Windows pipe as type: npipe",
      code: 'services:\n  a:\n    image: x:1\n    volumes:\n      - type: npipe\n        source: \\\\.\\pipe\\containerd-containerd\n        target: \\\\.\\pipe\\containerd-containerd\n',
      errors: [{ line: 5, column: 9, endLine: 7, target: 'a', severity: 'critical', data: { path: '\\\\.\\pipe\\containerd-containerd', mode: 'rw' } }],
    },
    {
      kind: 'run',
      name: 'run line: --mount type=npipe of the docker_engine pipe',
      code: "docker run -d --mount 'type=npipe,source=\\\\.\\pipe\\docker_engine,target=\\\\.\\pipe\\docker_engine' --name w2 portainer/agent:2.21.0\n",
      errors: [{ line: 1, column: 15, target: 'w2', severity: 'critical', data: { path: '\\\\.\\pipe\\docker_engine', mode: 'rw' } }],
    },
    {
      kind: 'compose',
      name: 'supabase vector: an unset variable mounted at /var/run/docker.sock is an unknown socket mount',
      code: 'services:\n  vector:\n    image: timberio/vector:0.28.1-alpine\n    volumes:\n      - ./vector.yml:/etc/vector/vector.yml:ro,z\n      - ${DOCKER_SOCKET_LOCATION}:/var/run/docker.sock:ro,z\n      - ${DATA_DIR}:/data\n',
      errors: [{ line: 6, column: 9, endLine: 6, endColumn: 60, target: 'vector', severity: 'critical', certainty: 'unknown', data: { path: '${DOCKER_SOCKET_LOCATION}', mode: 'ro' } }],
    },
    {
      kind: 'run',
      name: 'run line: -v $SOCK:/var/run/docker.sock',
      code: 'docker run -v $SOCK:/var/run/docker.sock -v $VOL:/data alpine:3.20\n',
      errors: [{ line: 1, column: 12, endLine: 1, endColumn: 41, severity: 'critical', certainty: 'unknown', data: { path: '$SOCK', mode: 'rw' } }],
    },
    {
      kind: 'run',
      name: 'a socket under another name, mounted where docker.sock is expected',
      code: 'docker run -v /srv/docker-api.sock:/var/run/docker.sock:ro alpine:3.20\n',
      errors: [{ line: 1, column: 12, endLine: 1, endColumn: 59, severity: 'critical', data: { mode: 'ro' } }],
    },
    {
      kind: 'compose',
      name: 'portainer: rw socket (corpus line 9)',
      code: 'services:\n  portainer:\n    image: portainer/portainer-ce:latest\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n      - portainer_data:/data\n',
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 50, target: 'portainer', severity: 'critical', data: { path: '/var/run/docker.sock', mode: 'rw' } }],
    },
    {
      kind: 'compose',
      name: 'traefik: :ro socket is still critical',
      code: 'services:\n  traefik:\n    image: traefik:v3.3.5\n    volumes:\n      # Compensation: mounted read-only\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n',
      errors: [{ line: 6, column: 9, endLine: 6, endColumn: 53, target: 'traefik', severity: 'critical', data: { path: '/var/run/docker.sock', mode: 'ro' }, message: 'read-only does not help' }],
    },
    {
      kind: 'compose',
      name: 'parent directory, containerd and podman sockets',
      code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - /var/run:/host/run:ro\n      - /run/containerd/containerd.sock:/c.sock\n      - /run/user/1000/podman/podman.sock:/p.sock\n      - type: bind\n        source: /run\n        target: /hostrun\n',
      errors: [
        { line: 5, column: 9, severity: 'critical', data: { path: '/var/run', mode: 'ro' } },
        { line: 6, column: 9, severity: 'critical', data: { path: '/run/containerd/containerd.sock', mode: 'rw' } },
        // Rootless Podman's socket: the daemon runs as user 1000 (high, not root-equivalent).
        { line: 7, column: 9, severity: 'high', data: { path: '/run/user/1000/podman/podman.sock', mode: 'rw', rootless: true, uid: '1000' } },
        { line: 8, column: 9, endLine: 10, severity: 'critical', data: { path: '/run', mode: 'rw' } },
      ],
    },
    {
      kind: 'run',
      code: 'docker run -v /var/run/docker.sock:/var/run/docker.sock --name gitlab-runner gitlab/gitlab-runner:latest',
      errors: [{ line: 1, column: 12, endLine: 1, endColumn: 56, target: 'gitlab-runner', severity: 'critical', data: { path: '/var/run/docker.sock', mode: 'rw' } }],
    },
    {
      kind: 'run',
      code: 'docker run --mount type=bind,src=/run/docker.sock,dst=/var/run/docker.sock,readonly nginx',
      errors: [{ line: 1, column: 12, target: 'nginx', severity: 'critical', data: { path: '/run/docker.sock', mode: 'ro' } }],
    },
  ],
});
