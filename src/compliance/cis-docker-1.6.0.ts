/**
 * The recommendations of the CIS Docker Benchmark v1.6.0 (2023-06-14), sections 1–5 and 7: id, title,
 * assessment status (Automated / Manual, called Scored / Not Scored before v1.3) and profile level.
 * Section 6 (Docker Security Operations: image and container sprawl) is operational and out of scope.
 *
 * Titles and assessment status follow the benchmark's table of contents as docker-bench-security v1.6.0
 * prints it (`docker-bench-security.sh` JSON output, ids 1.1.1–7.9); levels are the benchmark's profile
 * applicability (Level 1 / Level 2 - Docker - Linux) — the benchmark PDF is authoritative where they differ.
 *
 * This file is data only. Which bulwark rules check a recommendation is derived from the rules' own
 * metadata (`meta.cis['1.6.0']`), see src/compliance/index.ts.
 */

/** One recommendation. */
export interface CisRecommendation {
  /** `5.5`, `1.1.3`. */
  id: string;
  title: string;
  /** Automated (scored) or Manual (not scored). */
  assessment: 'automated' | 'manual';
  level: 1 | 2;
  /** Section number (`1`…`7`). */
  section: string;
}

/** Section titles. */
export const CIS_1_6_0_SECTIONS: Record<string, string> = {
  '1': 'Host Configuration',
  '2': 'Docker daemon configuration',
  '3': 'Docker daemon configuration files',
  '4': 'Container Images and Build File Configuration',
  '5': 'Container Runtime Configuration',
  '7': 'Docker Swarm Configuration',
};

type Row = [id: string, assessment: 'A' | 'M', level: 1 | 2, title: string];

const AUDIT = 'Ensure auditing is configured for Docker files and directories - ';

const ROWS: Row[] = [
  ['1.1.1', 'A', 1, 'Ensure a separate partition for containers has been created'],
  ['1.1.2', 'A', 1, 'Ensure only trusted users are allowed to control Docker daemon'],
  ['1.1.3', 'A', 1, 'Ensure auditing is configured for the Docker daemon'],
  ['1.1.4', 'A', 1, AUDIT + '/run/containerd'],
  ['1.1.5', 'A', 1, AUDIT + '/var/lib/docker'],
  ['1.1.6', 'A', 1, AUDIT + '/etc/docker'],
  ['1.1.7', 'A', 2, AUDIT + 'docker.service'],
  ['1.1.8', 'A', 2, AUDIT + 'containerd.sock'],
  ['1.1.9', 'A', 2, AUDIT + 'docker.socket'],
  ['1.1.10', 'A', 2, AUDIT + '/etc/default/docker'],
  ['1.1.11', 'A', 2, AUDIT + '/etc/docker/daemon.json'],
  ['1.1.12', 'A', 2, AUDIT + '/etc/containerd/config.toml'],
  ['1.1.13', 'A', 2, AUDIT + '/etc/sysconfig/docker'],
  ['1.1.14', 'A', 2, AUDIT + '/usr/bin/containerd'],
  ['1.1.15', 'A', 2, AUDIT + '/usr/bin/containerd-shim'],
  ['1.1.16', 'A', 2, AUDIT + '/usr/bin/containerd-shim-runc-v1'],
  ['1.1.17', 'A', 2, AUDIT + '/usr/bin/containerd-shim-runc-v2'],
  ['1.1.18', 'A', 2, AUDIT + '/usr/bin/runc'],
  ['1.2.1', 'M', 1, 'Ensure the container host has been Hardened'],
  ['1.2.2', 'M', 1, 'Ensure that the version of Docker is up to date'],

  ['2.1', 'M', 1, 'Run the Docker daemon as a non-root user, if possible'],
  ['2.2', 'A', 1, 'Ensure network traffic is restricted between containers on the default bridge'],
  ['2.3', 'A', 1, "Ensure the logging level is set to 'info'"],
  ['2.4', 'A', 1, 'Ensure Docker is allowed to make changes to iptables'],
  ['2.5', 'A', 1, 'Ensure insecure registries are not used'],
  ['2.6', 'A', 1, 'Ensure aufs storage driver is not used'],
  ['2.7', 'A', 1, 'Ensure TLS authentication for Docker daemon is configured'],
  ['2.8', 'M', 1, 'Ensure the default ulimit is configured appropriately'],
  ['2.9', 'A', 2, 'Enable user namespace support'],
  ['2.10', 'A', 2, 'Ensure the default cgroup usage has been confirmed'],
  ['2.11', 'A', 2, 'Ensure base device size is not changed until needed'],
  ['2.12', 'A', 2, 'Ensure that authorization for Docker client commands is enabled'],
  ['2.13', 'A', 2, 'Ensure centralized and remote logging is configured'],
  ['2.14', 'A', 1, 'Ensure containers are restricted from acquiring new privileges'],
  ['2.15', 'A', 1, 'Ensure live restore is enabled'],
  ['2.16', 'A', 1, 'Ensure Userland Proxy is Disabled'],
  ['2.17', 'M', 2, 'Ensure that a daemon-wide custom seccomp profile is applied if appropriate'],
  ['2.18', 'A', 1, 'Ensure that experimental features are not implemented in production'],

  ['3.1', 'A', 1, 'Ensure that the docker.service file ownership is set to root:root'],
  ['3.2', 'A', 1, 'Ensure that docker.service file permissions are appropriately set'],
  ['3.3', 'A', 1, 'Ensure that docker.socket file ownership is set to root:root'],
  ['3.4', 'A', 1, 'Ensure that docker.socket file permissions are set to 644 or more restrictive'],
  ['3.5', 'A', 1, 'Ensure that the /etc/docker directory ownership is set to root:root'],
  ['3.6', 'A', 1, 'Ensure that /etc/docker directory permissions are set to 755 or more restrictively'],
  ['3.7', 'A', 1, 'Ensure that registry certificate file ownership is set to root:root'],
  ['3.8', 'A', 1, 'Ensure that registry certificate file permissions are set to 444 or more restrictively'],
  ['3.9', 'A', 1, 'Ensure that TLS CA certificate file ownership is set to root:root'],
  ['3.10', 'A', 1, 'Ensure that TLS CA certificate file permissions are set to 444 or more restrictively'],
  ['3.11', 'A', 1, 'Ensure that Docker server certificate file ownership is set to root:root'],
  ['3.12', 'A', 1, 'Ensure that the Docker server certificate file permissions are set to 444 or more restrictively'],
  ['3.13', 'A', 1, 'Ensure that the Docker server certificate key file ownership is set to root:root'],
  ['3.14', 'A', 1, 'Ensure that the Docker server certificate key file permissions are set to 400'],
  ['3.15', 'A', 1, 'Ensure that the Docker socket file ownership is set to root:docker'],
  ['3.16', 'A', 1, 'Ensure that the Docker socket file permissions are set to 660 or more restrictively'],
  ['3.17', 'A', 1, 'Ensure that the daemon.json file ownership is set to root:root'],
  ['3.18', 'A', 1, 'Ensure that daemon.json file permissions are set to 644 or more restrictive'],
  ['3.19', 'A', 1, 'Ensure that the /etc/default/docker file ownership is set to root:root'],
  ['3.20', 'A', 1, 'Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively'],
  ['3.21', 'A', 1, 'Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively'],
  ['3.22', 'A', 1, 'Ensure that the /etc/sysconfig/docker file ownership is set to root:root'],
  ['3.23', 'A', 1, 'Ensure that the Containerd socket file ownership is set to root:root'],
  ['3.24', 'A', 1, 'Ensure that the Containerd socket file permissions are set to 660 or more restrictively'],

  ['4.1', 'A', 1, 'Ensure that a user for the container has been created'],
  ['4.2', 'M', 1, 'Ensure that containers use only trusted base images'],
  ['4.3', 'M', 1, 'Ensure that unnecessary packages are not installed in the container'],
  ['4.4', 'M', 1, 'Ensure images are scanned and rebuilt to include security patches'],
  ['4.5', 'A', 2, 'Ensure Content trust for Docker is Enabled'],
  ['4.6', 'A', 1, 'Ensure that HEALTHCHECK instructions have been added to container images'],
  ['4.7', 'M', 1, 'Ensure update instructions are not used alone in Dockerfiles'],
  ['4.8', 'M', 2, 'Ensure setuid and setgid permissions are removed'],
  ['4.9', 'M', 1, 'Ensure that COPY is used instead of ADD in Dockerfiles'],
  ['4.10', 'M', 1, 'Ensure secrets are not stored in Dockerfiles'],
  ['4.11', 'M', 2, 'Ensure only verified packages are installed'],
  ['4.12', 'M', 2, 'Ensure all signed artifacts are validated'],

  ['5.1', 'A', 1, 'Ensure swarm mode is not Enabled, if not needed'],
  ['5.2', 'A', 1, 'Ensure that, if applicable, an AppArmor Profile is enabled'],
  ['5.3', 'A', 2, 'Ensure that, if applicable, SELinux security options are set'],
  ['5.4', 'A', 1, 'Ensure that Linux kernel capabilities are restricted within containers'],
  ['5.5', 'A', 1, 'Ensure that privileged containers are not used'],
  ['5.6', 'A', 1, 'Ensure sensitive host system directories are not mounted on containers'],
  ['5.7', 'A', 1, 'Ensure sshd is not run within containers'],
  ['5.8', 'A', 1, 'Ensure privileged ports are not mapped within containers'],
  ['5.9', 'M', 1, 'Ensure that only needed ports are open on the container'],
  ['5.10', 'A', 1, "Ensure that the host's network namespace is not shared"],
  ['5.11', 'A', 1, 'Ensure that the memory usage for containers is limited'],
  ['5.12', 'A', 1, 'Ensure that CPU priority is set appropriately on containers'],
  ['5.13', 'A', 1, "Ensure that the container's root filesystem is mounted as read only"],
  ['5.14', 'A', 1, 'Ensure that incoming container traffic is bound to a specific host interface'],
  ['5.15', 'A', 1, "Ensure that the 'on-failure' container restart policy is set to '5'"],
  ['5.16', 'A', 1, "Ensure that the host's process namespace is not shared"],
  ['5.17', 'A', 1, "Ensure that the host's IPC namespace is not shared"],
  ['5.18', 'M', 1, 'Ensure that host devices are not directly exposed to containers'],
  ['5.19', 'M', 1, 'Ensure that the default ulimit is overwritten at runtime if needed'],
  ['5.20', 'A', 1, 'Ensure mount propagation mode is not set to shared'],
  ['5.21', 'A', 1, "Ensure that the host's UTS namespace is not shared"],
  ['5.22', 'A', 1, 'Ensure the default seccomp profile is not Disabled'],
  ['5.23', 'A', 2, 'Ensure that docker exec commands are not used with the privileged option'],
  ['5.24', 'M', 2, 'Ensure that docker exec commands are not used with the user=root option'],
  ['5.25', 'A', 1, 'Ensure that cgroup usage is confirmed'],
  ['5.26', 'A', 1, 'Ensure that the container is restricted from acquiring additional privileges'],
  ['5.27', 'A', 1, 'Ensure that container health is checked at runtime'],
  ['5.28', 'M', 1, 'Ensure that Docker commands always make use of the latest version of their image'],
  ['5.29', 'A', 1, 'Ensure that the PIDs cgroup limit is used'],
  ['5.30', 'M', 2, "Ensure that Docker's default bridge 'docker0' is not used"],
  ['5.31', 'A', 1, "Ensure that the host's user namespaces are not shared"],
  ['5.32', 'A', 1, 'Ensure that the Docker socket is not mounted inside any containers'],

  ['7.1', 'A', 1, 'Ensure that the minimum number of manager nodes have been created in a swarm'],
  ['7.2', 'A', 1, 'Ensure that swarm services are bound to a specific host interface'],
  ['7.3', 'A', 1, 'Ensure that all Docker swarm overlay networks are encrypted'],
  ['7.4', 'M', 2, "Ensure that Docker's secret management commands are used for managing secrets in a swarm cluster"],
  ['7.5', 'A', 1, 'Ensure that swarm manager is run in auto-lock mode'],
  ['7.6', 'M', 1, 'Ensure that the swarm manager auto-lock key is rotated periodically'],
  ['7.7', 'M', 1, 'Ensure that node certificates are rotated as appropriate'],
  ['7.8', 'M', 1, 'Ensure that CA certificates are rotated as appropriate'],
  ['7.9', 'M', 2, 'Ensure that management plane traffic is separated from data plane traffic'],
];

/** Every recommendation of sections 1–5 and 7, in benchmark order. */
export const CIS_DOCKER_1_6_0: readonly CisRecommendation[] = ROWS.map(([id, a, level, title]) => ({
  id,
  title,
  assessment: a === 'A' ? 'automated' : 'manual',
  level,
  section: id.split('.')[0],
}));
