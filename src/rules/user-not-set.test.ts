import { ruleTester } from './tester.js';
import rule from './user-not-set.js';

/** `docker inspect` output of one container (User "") and, when `imageUser` is given, its image. */
function inspect(imageUser?: string, containerUser = ''): string {
  const container = { Id: 'c1', Name: '/web', Image: 'sha256:aa', HostConfig: {}, Config: { User: containerUser, Image: 'nginx' } };
  const image = { Id: 'sha256:aa', RepoTags: ['nginx:latest'], Config: { User: imageUser }, RootFS: { Type: 'layers' } };
  return JSON.stringify(imageUser === undefined ? [container] : [container, image], null, 4) + '\n';
}

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    user: "10001:10001"\n' },
    { kind: 'compose', name: 'root is user-root, not user-not-set', code: 'services:\n  web:\n    image: nginx\n    user: root\n' },
    { kind: 'compose', name: 'resolved from env', code: 'services:\n  web:\n    image: nginx\n    user: ${UID}\n', env: { UID: '1000' } },
    { kind: 'run', code: 'docker run -u 1000 nginx' },
    { kind: 'run', code: 'docker run --user=nobody nginx' },
    { kind: 'inspect', name: "inspect: the image's default user is not root", code: inspect('nginx') },
    { kind: 'inspect', name: 'inspect: the image sets uid 101', code: inspect('101:101') },
    { kind: 'inspect', name: 'inspect: a user is set on the container', code: inspect(undefined, '1000') },
  ],
  invalid: [
    {
      kind: 'run',
      name: 'podman --userns=keep-id without a user: runs as whoever runs podman (info, unknown)',
      code: 'podman run --rm --userns=keep-id -v $HOME/src:/src:Z node:20 npm test',
      errors: [{ line: 1, column: 1, severity: 'info', certainty: 'unknown', message: 'podman --userns=keep-id runs the container as the user who runs podman', data: { userns: 'keep-id' } }],
    },
    {
      kind: 'run',
      name: 'docker has no keep-id: --userns=keep-id is not podman\'s there',
      code: 'docker run --userns=keep-id node:20',
      errors: [{ line: 1, column: 1, severity: 'medium', certainty: 'unknown', message: 'usually root' }],
    },
    {
      kind: 'run',
      name: 'a command substitution is named as such, not as an unset variable',
      code: 'docker run --user "$(id -u):$(id -g)" -v "$PWD":/src alpine:3.20 true\n',
      errors: [{ line: 1, column: 12, severity: 'low', certainty: 'unknown', message: "user $(id -u):$(id -g): the value is a command's output when the script runs, so bulwark cannot tell whether it is root" }],
    },
    {
      kind: 'compose',
      code: 'services:\n  portainer:\n    image: portainer/portainer-ce:latest\n',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 12, target: 'portainer', severity: 'medium', certainty: 'unknown', data: {} }],
    },
    {
      kind: 'compose',
      name: 'DOCKER_USR=root is an application variable, still no user',
      code: 'services:\n  netdata:\n    image: netdata/netdata\n    environment:\n      - DOCKER_USR=root\n',
      errors: [{ line: 2, column: 3, target: 'netdata', certainty: 'unknown' }],
    },
    {
      kind: 'compose',
      name: 'unresolved user is unknown and low',
      code: 'services:\n  web:\n    image: nginx\n    user: ${UID}\n',
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 17, severity: 'low', certainty: 'unknown', data: { user: '${UID}' }, message: 'unset variable' }],
    },
    {
      kind: 'run',
      code: 'docker run -d --name=netdata netdata/netdata',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 7, target: 'netdata', severity: 'medium', certainty: 'unknown' }],
    },
    {
      kind: 'run',
      code: 'docker run --user "$UID" nginx',
      errors: [{ line: 1, column: 12, endColumn: 25, target: 'nginx', severity: 'low', certainty: 'unknown' }],
    },
    {
      kind: 'inspect',
      // dockerd copies the image's User into an empty Config.User at create time: still "" means root (qa-a 6).
      name: 'inspect without the image: "User": "" is what dockerd merged from the image, definite root',
      code: inspect(),
      errors: [{ line: 8, column: 21, endLine: 8, endColumn: 23, target: 'web', severity: 'medium', certainty: 'definite', data: { user: 'root' }, message: "the image's default user is root" }],
    },
    {
      kind: 'inspect',
      name: 'inspect with an image whose user is empty: definite root',
      code: inspect(''),
      errors: [{ line: 8, column: 21, endColumn: 23, target: 'web', certainty: 'definite', data: { user: 'root' }, message: "the image's default user is root" }],
    },
    {
      kind: 'inspect',
      name: 'inspect with an image whose user is root: definite',
      code: inspect('root'),
      errors: [{ line: 8, column: 21, certainty: 'definite', data: { user: 'root' } }],
    },
    {
      kind: 'compose',
      name: 'an explicitly empty user is still unknown without the image',
      code: 'services:\n  web:\n    image: nginx\n    user: ""\n',
      errors: [{ line: 4, column: 11, endColumn: 13, certainty: 'unknown', data: { user: '' } }],
    },
  ],
});

// QA (report d9, aligned with BW-0101): distroless `:nonroot` and Chainguard images default to uid 65532.
ruleTester(rule, {
  valid: [],
  invalid: [
    {
      kind: 'kubernetes',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: gcr.io/distroless/static:nonroot\n    - name: b\n      image: cgr.dev/chainguard/nginx:latest\n    - name: c\n      image: gcr.io/distroless/static\n',
      name: 'distroless :nonroot and Chainguard: info; plain distroless: medium',
      errors: [
        { line: 6, column: 7, severity: 'info', certainty: 'unknown', data: { image: 'gcr.io/distroless/static:nonroot' }, message: 'no user set; image gcr.io/distroless/static:nonroot defaults to a non-root user (65532)' },
        { line: 8, column: 7, severity: 'info', certainty: 'unknown', data: { image: 'cgr.dev/chainguard/nginx:latest' } },
        { line: 10, column: 7, severity: 'medium', certainty: 'unknown', message: "no user set: the container runs as the image's default user, usually root" },
      ],
    },
  ],
});
