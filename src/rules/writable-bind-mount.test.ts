import { ruleTester } from './tester.js';
import rule from './writable-bind-mount.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - ./conf:/conf:ro\n      - data:/data\n' },
    { kind: 'compose', name: 'sensitive paths and sockets belong to other rules', code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - /etc:/etc\n      - /var/run/docker.sock:/var/run/docker.sock\n' },
    { kind: 'compose', name: 'tmpfs', code: 'services:\n  web:\n    image: nginx\n    tmpfs: [/data]\n' },
    { kind: 'run', code: 'docker run -v gitlab-runner-config:/etc/gitlab-runner gitlab/gitlab-runner:latest' },
    { kind: 'run', code: 'docker run -v /srv/config:/config:ro nginx' },
    // QA round C: a runtime's named pipe as a hostPath is BW-0013's (critical), not also a writable host path here.
    { kind: 'kubernetes', name: 'hostPath of the docker_engine pipe', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: win}\nspec:\n  nodeSelector: {kubernetes.io/os: windows}\n  containers:\n  - name: c\n    image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n    volumeMounts:\n    - {name: pipe, mountPath: \\\\.\\pipe\\docker_engine}\n  volumes:\n  - name: pipe\n    hostPath:\n      path: \\\\.\\pipe\\docker_engine\n' },
    { kind: 'kubernetes', name: "hostPath of containerd's Windows pipe", code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: win}\nspec:\n  nodeSelector: {kubernetes.io/os: windows}\n  containers:\n  - name: c\n    image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n    volumeMounts:\n    - {name: pipe, mountPath: \\\\.\\pipe\\containerd-containerd}\n  volumes:\n  - name: pipe\n    hostPath:\n      path: \\\\.\\pipe\\containerd-containerd\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'frigate placeholders and a ${VAR:-default} path (traefik)',
      code: 'services:\n  frigate:\n    image: x\n    volumes:\n      - /path/to/your/config:/config\n      - ${DATA_DIR:-/mnt/data}/traefik/acme.json:/acme/acme.json\n',
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 37, target: 'frigate', severity: 'info', data: { path: '/path/to/your/config', mode: 'rw', target: '/config' } },
        { line: 6, column: 9, severity: 'info', data: { mode: 'rw', target: '/acme/acme.json' } },
      ],
    },
    {
      kind: 'run',
      name: 'run: $PWD and $(pwd) are the working directory, a plain writable bind like ./x (not an unknown path)',
      code: 'docker run -v "$PWD":/src -v $(pwd)/out:/out golang:1.22',
      errors: [
        { line: 1, column: 12, endColumn: 26, target: 'golang:1.22', severity: 'info', certainty: 'definite', data: { path: '$PWD', mode: 'rw', target: '/src' } },
        { line: 1, column: 27, endColumn: 45, severity: 'info', certainty: 'definite', data: { path: '$(pwd)/out', mode: 'rw', target: '/out' } },
      ],
    },
    {
      kind: 'compose',
      name: 'relative path',
      code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - ./data:/data\n',
      errors: [{ line: 5, column: 9, endColumn: 21, severity: 'info', data: { path: './data', mode: 'rw', target: '/data' } }],
    },
    {
      kind: 'run',
      name: 'gitlab-runner: /srv config dir rw with :Z relabel',
      code: 'docker run -d --name gitlab-runner --restart always \\\n  -v /srv/gitlab-runner/config:/etc/gitlab-runner:Z \\\n  gitlab/gitlab-runner:latest\n',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 52, target: 'gitlab-runner', severity: 'info', data: { path: '/srv/gitlab-runner/config', mode: 'rw', target: '/etc/gitlab-runner' } }],
    },
  ],
});
