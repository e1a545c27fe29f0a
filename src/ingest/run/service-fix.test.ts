/**
 * The fix of a finding on a `docker service create` line is that command's own flags (README: "the fix for this input
 * kind"; Docker CLI reference "docker service create": `--limit-memory`, `--limit-cpu`, `--limit-pids`, `--cap-drop`,
 * `--read-only`, `--user`, `--restart-condition`/`--restart-max-attempts`, `--ulimit`, `--secret`, `--mount`), not
 * Compose keys (QA: `cap_drop: [ALL]`, `mem_limit: 512m`, `ports: - "127.0.0.1:8080:80"`). Where Swarm has no such
 * option (no-new-privileges per service; a published port bound to one address) the fix says so.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

async function fixes(text: string) {
  const r = await auditSources([{ path: 'svc.sh', text }], { env: {} });
  return r.findings.map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.target.kind}:${f.target.name} | ${f.remediation}`);
}

describe('docker service create: fixes in its own flags', () => {
  it('the QA line', async () => {
    expect(await fixes('#!/bin/sh\ndocker service create --name api --env DB_PASSWORD=swarmpass123456 --publish 8080:80 acme/api:1.2\n')).toEqual([
      '2:1 BW-0003 service:api | --cap-drop ALL --cap-add CHOWN   # only if needed; or at least --cap-drop NET_RAW',
      '2:1 BW-0004 service:api | --user 10001:10001',
      '2:1 BW-0006 service:api | --read-only --mount type=tmpfs,target=/tmp --mount type=tmpfs,target=/run   # docker service create has no --tmpfs',
      `2:1 BW-0007 service:api | # docker service create has no no-new-privileges option (no --security-opt): set it on every node's daemon,\n# /etc/docker/daemon.json: {"no-new-privileges": true}   (dockerd --no-new-privileges)`,
      '2:1 BW-0008 service:api | --limit-memory 512M',
      '2:1 BW-0009 service:api | --limit-cpu 1',
      '2:1 BW-0010 service:api | --limit-pids 200',
      '2:1 BW-0030 service:api | --restart-condition on-failure --restart-max-attempts 5',
      '2:1 BW-0031 service:api | --ulimit nofile=1024:4096 --ulimit nproc=512',
      `2:40 BW-0026 service:api | printf '%s' "$DB_PASSWORD" | docker secret create db_password -\ndocker service create --secret db_password --env DB_PASSWORD_FILE=/run/secrets/db_password …   # the application reads the file`,
      '2:68 BW-0028 service:api | # docker service create cannot bind a published port to 127.0.0.1: --publish takes no address (ingress, or mode=host:\n' +
        '# --publish published=8080,target=80,mode=host listens on every interface of the node). Publish only what must be\n' +
        '# reachable, reach the rest over an overlay network (--network app-net), and filter the port in the DOCKER-USER iptables chain',
      '2:86 BW-0027 service:api | acme/api:1.2@sha256:<digest>   # docker buildx imagetools inspect acme/api:1.2 prints the digest; verify with cosign or notation',
    ]);
  });

  it('mounts, host network, capabilities, logging, health check, sysctls: no Compose key in any fix', async () => {
    const text = [
      'docker service create --name bad --cap-add SYS_ADMIN --user root --network host --log-driver none --no-healthcheck \\',
      '  --mount type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock \\',
      '  --mount type=bind,source=/etc,target=/host-etc --mount type=bind,source=/srv/data,target=/data,bind-propagation=rshared \\',
      '  --mount type=bind,source=/dev/sda,target=/dev/sda --publish 22:22 --sysctl net.ipv4.ip_forward=1 \\',
      '  --limit-memory 256M --limit-cpu 1 --limit-pids 100 --cap-drop NET_RAW --read-only --restart-condition on-failure --restart-max-attempts 3 \\',
      '  --ulimit nofile=1024:4096 --ulimit nproc=512 redis:7.2@sha256:' + 'a'.repeat(64),
      '',
    ].join('\n');
    const rows = (await fixes(text)).filter((r) => !r.includes('BW-0007'));
    expect(rows).toEqual([
      '1:34 BW-0002 service:bad | --cap-drop ALL --cap-add NET_BIND_SERVICE   # only what the software needs',
      '1:54 BW-0005 service:bad | --user 10001:10001',
      '1:66 BW-0015 service:bad | remove --network host; attach an overlay network and publish the ports needed: --network app-net --publish 8080:80',
      '1:81 BW-0033 service:bad | --log-driver local --log-opt max-size=10m',
      '1:99 BW-0034 service:bad | --health-cmd "wget -qO- http://localhost:8080/health" --health-interval 30s   # instead of --no-healthcheck',
      '2:3 BW-0013 service:bad | # remove --mount …,source=/var/run/docker.sock,…; if the API is needed, use a filtering proxy: --env DOCKER_HOST=tcp://socket-proxy:2375',
      '3:3 BW-0011 service:bad | --mount type=bind,source=/etc/myapp,target=/etc/myapp,readonly   # mount only the file or directory needed, read-only',
      '3:50 BW-0012 service:bad | --mount type=bind,source=/srv/app/config,target=/config,readonly   # or a named volume: --mount type=volume,source=appdata,target=/config',
      '3:50 BW-0014 service:bad | --mount type=bind,source=/data,target=/data,bind-propagation=rslave   # or remove the option (rprivate)',
      '4:3 BW-0025 service:bad | # docker service create has no --device option: do not bind-mount device nodes into a service; run what needs the device with docker run --device /dev/ttyUSB0:/dev/ttyUSB0:rw',
      '4:53 BW-0029 service:bad | remove --publish …:22; use: docker exec -it <task container> sh on the node that runs it',
      '4:69 BW-0037 service:bad | --sysctl net.core.somaxconn=1024   # keep only what the software needs',
      '5:54 BW-0003 service:bad | --cap-drop ALL --cap-add CHOWN   # only if needed; or at least --cap-drop NET_RAW',
    ]);
  });
});
