import { ruleTester } from './tester.js';
import rule from './docker-api-published.js';

// R-M, R-B, R-G2; the container counterpart of CIS 1.6.0 2.7 (BW-0201).
ruleTester(rule, {
  valid: [
    { kind: 'compose', name: "dind with the image's TLS, 2376 published", code: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    ports:\n      - "2376:2376"\n' },
    { kind: 'compose', name: 'socket proxy on an internal network, nothing published', code: 'services:\n  proxy:\n    image: tecnativa/docker-socket-proxy:0.3\n    environment:\n      CONTAINERS: 1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n    networks: [internal]\n' },
    { kind: 'compose', name: 'portainer publishes its UI, not the API', code: 'services:\n  portainer:\n    image: portainer/portainer-ce:2.21.0\n    ports:\n      - "9443:9443"\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n' },
    { kind: 'compose', name: 'options only: the entrypoint adds --tlsverify', code: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    command: ["--host=tcp://0.0.0.0:2375", "--mtu=1400"]\n' },
    { kind: 'compose', name: 'not Docker: port 2375 of something else', code: 'services:\n  app:\n    image: nginx:1.27\n    ports:\n      - "2375:2375"\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'dind with DOCKER_TLS_CERTDIR empty and 2375 published',
      code: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n    ports:\n      - "2375:2375"\n',
      errors: [
        {
          line: 8, column: 9, endColumn: 20, target: 'dind', severity: 'critical', data: { exposure: 'all-interfaces', port: '2375' },
          message: 'Docker-in-Docker daemon without TLS (DOCKER_TLS_CERTDIR is empty) published on all host interfaces (port 2375->2375/tcp): anyone who reaches the host can run privileged containers on it',
        },
      ],
    },
    {
      kind: 'compose',
      name: 'a socket proxy bulwark cannot read the configuration of, published on loopback',
      code: 'services:\n  proxy:\n    image: alpine/socat:1.8.0.0\n    ports:\n      - "127.0.0.1:2375:2375"\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n',
      errors: [{ line: 5, column: 9, target: 'proxy', severity: 'high', data: { exposure: 'loopback', port: '2375' }, message: 'proxy of the mounted Docker socket (plain HTTP) published on loopback (port 2375->2375/tcp)' }],
    },
    {
      kind: 'compose',
      name: 'dind without TLS, not published: reachable from its networks',
      code: 'services:\n  docker:\n    image: docker:dind\n    privileged: true\n    environment:\n      - DOCKER_TLS_CERTDIR=\n',
      errors: [{ line: 6, column: 9, target: 'docker', severity: 'medium', data: { exposure: 'network' }, message: 'every container on its networks can reach port 2375' }],
    },
    {
      kind: 'compose',
      name: 'dockerd started by the command with a TCP host and no --tlsverify',
      code: 'services:\n  engine:\n    image: docker:27-dind\n    privileged: true\n    command: dockerd --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:2375\n    ports: ["2375:2375"]\n',
      errors: [{ line: 6, column: 13, target: 'engine', severity: 'critical', message: 'Docker-in-Docker daemon without TLS (tcp://0.0.0.0:2375 without --tlsverify) published on all host interfaces' }],
    },
    {
      kind: 'run',
      name: 'run line: dind with TLS off in the host network',
      code: 'docker run -d --privileged --network host -e DOCKER_TLS_CERTDIR= --name dind docker:27-dind\n',
      errors: [{ line: 1, column: 28, target: 'dind', severity: 'critical', data: { exposure: 'host-network' }, message: "in the host's network namespace" }],
    },
    {
      kind: 'run',
      name: 'run line: socat forwarding the socket, published',
      code: 'docker run -d -v /var/run/docker.sock:/var/run/docker.sock -p 2375:2375 alpine/socat tcp-listen:2375,fork,reuseaddr unix-connect:/var/run/docker.sock\n',
      errors: [{ line: 1, column: 60, target: 'alpine/socat', severity: 'critical', data: { exposure: 'all-interfaces', port: '2375' } }],
    },
    {
      kind: 'kubernetes',
      name: 'GitLab-runner style dind sidecar with TLS off: every pod of the cluster',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: build\nspec:\n  containers:\n    - name: dind\n      image: docker:27-dind\n      securityContext:\n        privileged: true\n      env:\n        - name: DOCKER_TLS_CERTDIR\n          value: ""\n',
      errors: [{ line: 12, column: 11, target: 'dind', severity: 'medium', message: 'every pod of the cluster, without a NetworkPolicy' }],
    },
  ],
});
