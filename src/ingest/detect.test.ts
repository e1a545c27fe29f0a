/**
 * Kind detection by name and content (src/ingest/detect.ts): the daemon files of issue 3 ("daemon.json files,
 * dockerd command lines and systemd unit files are also accepted as static inputs") in the forms real hosts
 * have, and Dockerfile names.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { detectKind } from './detect.js';

const LEGACY_UNIT = `[Unit]
Description=Docker Application Container Engine

[Service]
ExecStart=-/usr/bin/docker daemon -H tcp://0.0.0.0:2375 -H unix:///var/run/docker.sock
`;
const OLDER_UNIT = `[Service]
ExecStart=/usr/bin/docker -d -H fd://
`;
const RHEL_UNIT = `[Service]
ExecStart=/usr/bin/dockerd-current --add-runtime docker-runc=/usr/libexec/docker/docker-runc-current
`;
const SOCKET = `[Unit]
Description=Docker Socket for the API

[Socket]
ListenStream=/var/run/docker.sock
ListenStream=0.0.0.0:2375
SocketMode=0660

[Install]
WantedBy=sockets.target
`;
const DEFAULT_DOCKER = `# Docker Upstart and SysVinit configuration file
DOCKER_OPTS="-H tcp://0.0.0.0:2375 -H unix:///var/run/docker.sock"
`;
const SYSCONFIG_DOCKER = `# /etc/sysconfig/docker
OPTIONS='--selinux-enabled --log-driver=journald'
INSECURE_REGISTRY='--insecure-registry registry.local:5000'
`;

describe('detectKind', () => {
  it.each([
    ['docker.service', LEGACY_UNIT, 'daemon'],
    ['docker.service', OLDER_UNIT, 'daemon'],
    ['docker.service', RHEL_UNIT, 'daemon'],
    ['docker.socket', SOCKET, 'daemon'],
    ['etc/systemd/system/docker.socket.d/10-tcp.conf', '[Socket]\nListenStream=0.0.0.0:2375\n', 'daemon'],
    ['etc/default/docker', DEFAULT_DOCKER, 'daemon'],
    ['/etc/sysconfig/docker', SYSCONFIG_DOCKER, 'daemon'],
    ['/etc/sysconfig/docker-storage', 'DOCKER_STORAGE_OPTIONS="--storage-driver overlay2"\n', 'daemon'],
    ['Dockerfile_prod', 'FROM alpine:3.20\n', 'dockerfile'],
    ['Dockerfile.prod', 'FROM alpine:3.20\n', 'dockerfile'],
    ['jenkins.service', '[Service]\nExecStartPre=-/usr/bin/docker rm -f jenkins\nExecStart=/usr/bin/docker run --name jenkins -v /var/run/docker.sock:/var/run/docker.sock jenkins/jenkins:lts\n', 'shell'],
    ['docker-compose.json', '{\n\t"services": {\n\t\t"web": {"image": "nginx", "dns": ["1.1.1.1"]}\n\t}\n}\n', 'compose'],
    ['daemon-like.json', '{"dns": ["1.1.1.1"], "icc": false}', 'daemon'],
    // Any drop-in of Docker's units; a socket drop-in that only sets the socket's mode (BW-0224).
    ['etc/systemd/system/docker.service.d/after.conf', '[Unit]\nAfter=network-online.target\n', 'daemon'],
    ['etc/systemd/system/docker.socket.d/mode.conf', '[Socket]\nSocketMode=0666\n', 'daemon'],
    ['etc/systemd/system/other.service.d/after.conf', '[Unit]\nAfter=network-online.target\n', undefined],
    // A Compose file written as one flow mapping under any .yml name (qa11); a JSON-flavoured manifest is not Compose.
    ['stacks/20-quoted.yml', '{"services": {"app": {"image": "example/app:1.0",\n  "privileged": "true"}},\n "x-note": "json-flavoured compose"}\n', 'compose'],
    ['stack.yaml', "{x-common: {restart: always}, services: {web: {image: 'nginx:1.27'}}}\n", 'compose'],
    ['pod.yaml', '{"apiVersion": "v1", "kind": "Pod", "spec": {"services": {"a": 1}}}\n', 'kubernetes'],
    // `kubectl get deploy,ingress -o json`: an Ingress's spec.tls[].hosts is not daemon.json's `hosts` (qa-a 1).
    ['app.json', '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","spec":{"tls":[{"hosts":["a.example.com"]}]}}]}\n', 'kubernetes'],
    ['daemon.json', '{"hosts": ["unix:///var/run/docker.sock"], "icc": false}\n', 'daemon'],
    ['etc/systemd/system/docker.service.d/http-proxy.conf', '[Service]\nEnvironment="HTTP_PROXY=http://proxy.example.com:3128"\n', 'daemon'],
    ['backup/override.conf', '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375\n', 'daemon'],
    ['.github/workflows/ci.yml', 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n', 'ci'],
    ['workflows/release.yaml', 'on:\n  push:\njobs:\n  build:\n    steps:\n      - run: make\n', 'ci'],
    ['.gitlab-ci.yml', 'test:\n  script:\n    - make\n', 'ci'],
    // A composite action's metadata is read for its run: steps (qa8a); a Docker or JavaScript action's is not.
    ['.github/actions/smoke/action.yml', "name: smoke\nruns:\n  using: 'composite'\n  steps:\n    - run: make\n      shell: bash\n", 'ci'],
    ['action.yaml', 'name: js\nruns:\n  using: node20\n  main: dist/index.js\n', undefined],
    ['ci/deploy.gitlab-ci.yml', 'deploy:\n  script: make deploy\n', 'ci'],
    ['azure-pipelines.yml', 'steps:\n  - script: make\n', 'ci'],
    ['.azure-pipelines/release.yaml', 'steps:\n  - bash: make\n', 'ci'],
    // QA: templates in a subfolder (`.azure-pipelines/templates/…`) are pipeline files too.
    ['.azure-pipelines/templates/steps/docker.yml', 'parameters:\n- name: image\nsteps:\n  - bash: make\n', 'ci'],
    ['.circleci/config.yml', 'version: 2.1\njobs: {}\n', 'ci'],
    ['bitbucket-pipelines.yml', 'pipelines: {}\n', 'ci'],
    ['.travis.yml', 'language: node_js\n', 'ci'],
    ['.drone.yml', 'kind: pipeline\nsteps: []\n', 'ci'],
    ['.woodpecker/test.yml', 'steps: []\n', 'ci'],
    ['.buildkite/pipeline.yml', 'steps: []\n', 'ci'],
    ['pipeline.yml', 'stages: [test]\ntest:\n  stage: test\n  script:\n    - make\n', 'ci'],
    ['pipeline-bom.yml', '\uFEFFstages: [test]\r\ntest:\r\n  script:\r\n    - make\r\n', 'ci'],
    ['templates/dind.yml', 'spec:\n  inputs:\n    stage:\n      default: test\n---\ndind:\n  stage: $[[ inputs.stage ]]\n  script:\n    - docker info\n', 'ci'],
    [
      'tekton/task.yaml',
      'apiVersion: tekton.dev/v1alpha1\nkind: Task\nmetadata:\n  name: t\nspec:\n  inputs:\n    params: []\n  steps:\n    - name: s\n      script: |\n        make\n---\napiVersion: v1\nkind: ConfigMap\n',
      'kubernetes',
    ],
    ['.github/dependabot.yml', 'version: 2\nupdates:\n  - package-ecosystem: docker\n    directory: /\n', undefined],
    // A composite action's run: steps start containers on the caller's runner: read (qa8a; was undefined).
    ['action.yml', "name: x\nruns:\n  using: composite\n  steps:\n    - run: docker run --rm alpine\n      shell: bash\n", 'ci'],
    ['azure-pipelines.yml', 'trigger:\n- main\nstages:\n- stage: Build\n  jobs:\n  - job: Build\n    steps:\n    - script: docker run --rm alpine true\n', 'ci'],
    ['.circleci/config.yml', 'version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n    steps:\n      - run: docker run --rm alpine true\n', 'ci'],
    [
      'alertmanager.yaml',
      'apiVersion: v1\nkind: ConfigMap\ndata:\n  alertmanager.yml: |\n    receivers:\n      - title: \'{{ template "slack.default.title" . }}\'\n',
      'kubernetes',
    ],
  ])('%s → %s', (path, text, kind) => {
    expect(detectKind(path, text)).toBe(kind);
  });

  it.each([
    ['nginx.service', '[Service]\nExecStart=/usr/sbin/nginx -g "daemon off;"\n'],
    ['sshd.socket', '[Socket]\nListenStream=22\nAccept=yes\n'],
    ['etc/default/grub', 'GRUB_CMDLINE_LINUX="quiet"\n'],
    ['etc/default/docker', '# nothing set\n'],
    ['notes/docker', 'OPTIONS=1\n'],
    ['etc/systemd/system/nginx.service.d/override.conf', '[Service]\nExecStart=\nExecStart=/usr/sbin/nginx\n'],
    ['etc/modprobe.d/dockerd.conf', 'options overlay metacopy=off\n'],
    ['templates/deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\n'],
    ['templates/service.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ template "app.fullname" . }}\n'],
    ['.github/workflows/labels.yml', '- name: bug\n  color: d73a4a\n'],
    ['.github/dependabot.yml', 'version: 2\nupdates:\n  - package-ecosystem: npm\n'],
  ])('%s is not read (not a daemon file, or a Helm chart template)', (path, text) => {
    expect(detectKind(path, text)).toBeUndefined();
  });
});

describe('daemon files found by content are audited', () => {
  it('an override.conf outside docker.service.d that starts dockerd on TCP is audited; a proxy drop-in gives nothing', async () => {
    const r = await auditSources([
      { path: 'backup/override.conf', text: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375\n' },
      { path: 'etc/systemd/system/docker.service.d/http-proxy.conf', text: '[Service]\nEnvironment="HTTP_PROXY=http://user:s3cretpw@proxy.example.com:3128"\n' },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.slug === 'daemon-tcp-without-tls').map((f) => [f.location.file, f.location.startLine, f.location.startColumn, f.severity])).toEqual([['backup/override.conf', 3, 37, 'critical']]);
    expect(r.findings.filter((f) => f.location.file.endsWith('http-proxy.conf'))).toEqual([]);
  });

  it('a drop-in of docker.service that changes nothing bulwark checks is valid: no daemon, no error (qa12)', async () => {
    const r = await auditSources([{ path: 'etc/systemd/system/docker.service.d/after.conf', text: '[Unit]\nAfter=network-online.target\nWants=network-online.target\n' }]);
    expect([r.findings.length, r.errors, r.summary.files, r.summary.targets]).toEqual([0, [], 1, 0]);
  });

  it('a unit that runs a container is read as its command lines', async () => {
    const unit = '[Unit]\nDescription=Jenkins\n\n[Service]\nExecStartPre=-/usr/bin/docker rm -f jenkins\nExecStart=/usr/bin/docker run --name jenkins \\\n  -v /var/run/docker.sock:/var/run/docker.sock jenkins/jenkins:lts\n';
    const r = await auditSources([{ path: 'etc/systemd/system/jenkins.service', text: unit }]);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.slug === 'docker-socket-mounted').map((f) => [f.target.name, f.location.startLine, f.location.startColumn])).toEqual([['jenkins', 7, 3]]);
  });

  it('a legacy `docker daemon` unit, a socket unit and /etc/default/docker each report the plain TCP listener', async () => {
    const r = await auditSources([
      { path: 'a/docker.service', text: LEGACY_UNIT },
      { path: 'b/docker.socket', text: SOCKET },
      { path: 'c/etc/default/docker', text: DEFAULT_DOCKER },
    ]);
    expect(r.errors).toEqual([]);
    const tcp = r.findings.filter((f) => f.slug === 'daemon-tcp-without-tls');
    expect(tcp.map((f) => [f.location.file, f.location.startLine, f.severity])).toEqual([
      ['a/docker.service', 5, 'critical'],
      ['b/docker.socket', 6, 'critical'],
      ['c/etc/default/docker', 2, 'critical'],
    ]);
  });
});

describe('Dockerfile names', () => {
  it('the Compose files repositories ship to be copied (docker-compose.yml.example, .dist, .sample) are Compose files', () => {
    expect(['docker-compose.yml.example', 'compose.yaml.dist', 'docker-compose.prod.yml.sample', 'my app.compose.yaml', 'docker-compose.yml.default', 'docker-compose.yml.bak'].map((n) => detectKind(n, ''))).toEqual([
      'compose',
      'compose',
      'compose',
      'compose',
      'compose',
      undefined,
    ]);
  });
  // QA (cli): `bulwark audit .` over bulwark's own checkout read src/harden/dockerfile.ts and 18 more TypeScript files
  // as Dockerfiles (631 input errors), as it would `dockerfile_gen.go`, `Dockerfile.md` or `jenkinsfile.ts`.
  it('a name whose extension says source code, a document or data is no Dockerfile or Jenkinsfile; build-file variants still are', () => {
    const names = ['dockerfile.ts', 'dockerfile_gen.go', 'Dockerfile.md', 'dockerfile-sshd.test.ts', 'Dockerfile.txt', 'dockerfile.test.ts.snap', 'Dockerfile.json', 'Dockerfile.sh', 'Dockerfile.groovy', 'jenkinsfile.ts', 'Jenkinsfile.py', 'jenkinsfile.test.js'];
    expect(names.map((n) => detectKind(n, 'FROM alpine:3.20\n'))).toEqual([undefined, undefined, 'markdown', undefined, undefined, undefined, 'json', 'shell', undefined, undefined, undefined, undefined]);
    const kept = ['Dockerfile', 'Dockerfile.prod', 'Dockerfile.dev', 'prod.Dockerfile', 'Dockerfile-alpine', 'Containerfile.fedora', 'Dockerfile.j2', 'Dockerfile2', 'Containerfile3', 'Dockerfile.py3', 'app.containerfile'];
    expect(kept.map((n) => detectKind(n, 'FROM alpine:3.20\n'))).toEqual(kept.map(() => 'dockerfile'));
    expect(['Jenkinsfile', 'Jenkinsfile.prod', 'Jenkinsfile.groovy', 'deploy.jenkinsfile'].map((n) => detectKind(n, 'pipeline {}\n'))).toEqual(['ci', 'ci', 'ci', 'ci']);
  });
  it("BuildKit's Dockerfile.dockerignore is an ignore file, not a Dockerfile; Dockerfile.dev and app.dockerfile are Dockerfiles", () => {
    expect([detectKind('Dockerfile.dockerignore', 'node_modules\n'), detectKind('app.Dockerfile.dockerignore', '*.log\n'), detectKind('Dockerfile.dev', 'FROM x\n'), detectKind('app.dockerfile', 'FROM x\n')]).toEqual([
      undefined,
      undefined,
      'dockerfile',
      'dockerfile',
    ]);
  });
});

// QA (2026-12-02): a GitLab CI include file was read as a broken Compose file (its `docker run` lines never audited),
// and a Helm values file with `services:` was audited as Compose services.
describe('services: that is not Compose', () => {
  it('a services: list with jobs is GitLab CI (also any YAML under .gitlab/ with a script:)', () => {
    const gitlab = 'services:\n  - docker:24.0-dind\ntest:\n  script:\n    - docker run --rm --privileged alpine:3.19 true\n';
    expect(detectKind('.gitlab/ci/docker.yml', gitlab)).toBe('ci');
    expect(detectKind('ci/docker.yml', gitlab)).toBe('ci');
    expect(detectKind('.gitlab/ci/build.yml', 'build:\n  script:\n    - make\n')).toBe('ci');
  });
  it('a Helm values file whose services: mapping has no Compose service key is not Compose; an override fragment is', () => {
    expect(detectKind('values.yaml', 'image: {repository: ghcr.io/example/api, tag: "1.4.2"}\nservices:\n  api:\n    type: ClusterIP\n    port: 8080\n')).toBeUndefined();
    expect(detectKind('override.yml', 'services:\n  app:\n    cap_drop: [ALL]\n')).toBe('compose');
    expect(detectKind('stack.yml', 'services:\n\n  web:\n    image: nginx:1.27\n')).toBe('compose');
  });
});
