/**
 * BW-0045: the port a Docker-in-Docker daemon without TLS listens on, named in the message of an unpublished one (QA
 * f1): the port of its `-H tcp://…` address (`tcp://0.0.0.0:2376` → 2376), as for a published one, and 2375 when the
 * image's entrypoint adds its own listener (docker-library/docker `dockerd-entrypoint.sh`). A published port the
 * `-H` address names is the daemon's API too.
 */
import { ruleTester } from './tester.js';
import rule from './docker-api-published.js';

const NET = (why: string, ports: string) => `Docker-in-Docker daemon without TLS (${why}): every container on its networks can reach ${ports} and run privileged containers on it`;

ruleTester(rule, {
  valid: [],
  invalid: [
    {
      kind: 'compose',
      name: 'dockerd -H tcp://0.0.0.0:2376 --tls=false, exposed only: port 2376',
      code: 'services:\n  dind2:\n    image: docker:dind\n    privileged: true\n    command: ["dockerd", "-H", "tcp://0.0.0.0:2376", "--tls=false"]\n    expose: ["2376"]\n',
      errors: [{ line: 5, column: 14, endColumn: 68, target: 'dind2', severity: 'medium', data: { exposure: 'network' }, message: NET('--tls=false', 'port 2376') }],
    },
    {
      kind: 'compose',
      name: 'dockerd with two TCP hosts and no --tlsverify: both ports',
      code: 'services:\n  engine:\n    image: docker:27-dind\n    privileged: true\n    command: dockerd --host=tcp://0.0.0.0:2376 --host=tcp://[::]:12375\n',
      errors: [{ line: 5, column: 14, target: 'engine', severity: 'medium', data: { exposure: 'network' }, message: NET('tcp://0.0.0.0:2376 without --tlsverify', 'ports 2376, 12375') }],
    },
    {
      kind: 'compose',
      name: 'DOCKER_TLS_CERTDIR empty with an extra -H option: the entrypoint listens on 2375, the option adds 2376',
      code: 'services:\n  docker:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n    command: ["--host=tcp://0.0.0.0:2376"]\n',
      errors: [{ line: 6, column: 7, target: 'docker', severity: 'medium', data: { exposure: 'network' }, message: NET('DOCKER_TLS_CERTDIR is empty', 'ports 2375, 2376') }],
    },
    {
      kind: 'compose',
      name: 'dockerd -H tcp://0.0.0.0:8080 published on loopback: the published API, not an unpublished 2375',
      code: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    command: ["dockerd", "-H", "tcp://0.0.0.0:8080"]\n    ports: ["127.0.0.1:8080:8080"]\n',
      errors: [
        {
          line: 6, column: 13, target: 'dind', severity: 'high', data: { exposure: 'loopback', port: '8080' },
          message: 'Docker-in-Docker daemon without TLS (tcp://0.0.0.0:8080 without --tlsverify) published on loopback (port 8080->8080/tcp): every local user and process can run privileged containers on it',
        },
      ],
    },
  ],
});
