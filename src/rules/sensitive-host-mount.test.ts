import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { ruleTester } from './tester.js';
import rule from './sensitive-host-mount.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', name: 'named volume portainer_data', code: 'services:\n  portainer:\n    image: portainer/portainer-ce\n    volumes:\n      - portainer_data:/data\nvolumes:\n  portainer_data:\n' },
    { kind: 'compose', name: 'tmpfs at /var/run is not a host mount', code: 'services:\n  web:\n    image: nginx\n    tmpfs:\n      - /var/run\n      - /tmp\n' },
    { kind: 'compose', name: 'long-syntax tmpfs (frigate)', code: 'services:\n  frigate:\n    image: x\n    volumes:\n      - type: tmpfs # 1GB In-memory filesystem\n        target: /tmp/cache\n        tmpfs:\n          size: 1000000000\n' },
    { kind: 'compose', name: 'docker.sock is BW-0013, not a sensitive mount', code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n' },
    { kind: 'compose', name: 'project directory', code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - ./data:/data\n      - /srv/app:/app:ro\n' },
    // qa16: a project kept in root's home (`/root/app/compose.yml`, common on a VPS): `./data` is the project's files, not "a home directory".
    { kind: 'compose', filename: '/root/app/compose.yml', name: 'project directory under /root', code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - ./data:/data\n      - .:/app:ro\n' },
    { kind: 'compose', name: 'commented-out mount', code: 'services:\n  web:\n    image: nginx\n    volumes:\n      # - /etc:/host/etc\n      - data:/data\n' },
    { kind: 'run', code: 'docker run -v netdatalib:/var/lib/netdata -v netdatacache:/var/cache/netdata netdata/netdata' },
    { kind: 'run', code: 'docker run --tmpfs /run --mount type=volume,source=v,target=/etc nginx' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'QA: a mount shared through volumes_from, read-only when the item says :ro',
      code: 'services:\n  proxy:\n    image: nginx:1.27\n    volumes:\n      - /etc/nginx/certs:/etc/nginx/certs\n  acme:\n    image: acme:1\n    volumes_from: [proxy, "proxy:ro"]\n',
      errors: [
        { line: 5, column: 9, target: 'proxy', severity: 'high', data: { mode: 'rw' } },
        { line: 8, column: 20, endColumn: 25, target: 'acme', severity: 'high', data: { mode: 'rw' }, message: "host path /etc/nginx/certs (proxy's mount, through volumes_from) mounted writable at /etc/nginx/certs" },
        { line: 8, column: 27, endColumn: 37, target: 'acme', severity: 'medium', data: { mode: 'ro' } },
      ],
    },
    {
      kind: 'compose',
      name: 'qa16: a path from a variable names its value in the message',
      env: { HOSTDIR: '/etc' },
      code: 'services:\n  worker:\n    image: alpine\n    volumes:\n      - ${HOSTDIR}:/host\n',
      errors: [{ line: 5, column: 9, target: 'worker', severity: 'high', data: { path: '${HOSTDIR}', mode: 'rw', target: '/host' }, message: 'host path ${HOSTDIR} (= /etc) mounted writable at /host' }],
    },
    {
      kind: 'compose',
      filename: '/root/app/compose.yml',
      name: 'qa16: `..` out of a project under /root reaches root\'s home and its .ssh',
      code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - ../.ssh:/keys:ro\n      - ..:/home-root\n',
      errors: [
        { line: 5, column: 9, endColumn: 25, target: 'web', severity: 'high', data: { path: '../.ssh', mode: 'ro', target: '/keys' } },
        { line: 6, column: 9, endColumn: 22, target: 'web', severity: 'high', data: { path: '..', mode: 'rw', target: '/home-root' } },
      ],
    },
    {
      // qa11: Windows paths (Docker Desktop, WSL) were never sensitive.
      kind: 'run',
      name: 'Windows homes, system and engine directories; WSL and Git Bash drive paths',
      code: [
        "docker run --name w1 -v 'C:\\Users\\me\\.ssh:/root/.ssh:ro' alpine:3.19",
        "docker run --name w2 -v c:/ProgramData/docker/config:/cfg:ro -v 'C:\\Windows\\System32:/sys32' alpine:3.19",
        'docker run --name w3 -v /mnt/c/Users/me/.aws:/root/.aws:ro -v /c/Users/me:/h alpine:3.19',
        "docker run --name w4 -v 'C:\\:/host' -v 'D:\\data:/data' -v /mnt/c:/c -v /c/work:/w alpine:3.19",
      ].join('\n'),
      errors: [
        { line: 1, column: 22, target: 'w1', severity: 'high', data: { path: 'C:\\Users\\me\\.ssh', mode: 'ro' } },
        { line: 2, column: 22, target: 'w2', severity: 'high', data: { path: 'c:/ProgramData/docker/config', mode: 'ro' } },
        { line: 2, column: 62, target: 'w2', severity: 'high', data: { path: 'C:\\Windows\\System32', mode: 'rw' } },
        { line: 3, column: 22, target: 'w3', severity: 'high', data: { path: '/mnt/c/Users/me/.aws', mode: 'ro' } },
        { line: 3, column: 60, target: 'w3', severity: 'high', data: { path: '/c/Users/me', mode: 'rw' } },
        { line: 4, column: 22, target: 'w4', severity: 'critical', data: { path: 'C:\\', mode: 'rw' } },
      ],
    },
    {
      // QA round C: the kubelet's and containerd's directories of a Windows node were a plain writable host path (BW-0012 info).
      kind: 'kubernetes',
      name: 'Windows node: C:\\var\\lib\\kubelet and C:\\ProgramData\\containerd as hostPaths',
      code: "apiVersion: v1\nkind: Pod\nmetadata: {name: win}\nspec:\n  nodeSelector: {kubernetes.io/os: windows}\n  containers:\n  - name: c\n    image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n    volumeMounts:\n    - {name: kubelet, mountPath: 'C:\\var\\lib\\kubelet'}\n    - {name: ctrd, mountPath: 'C:\\ctrd', readOnly: true}\n  volumes:\n  - {name: kubelet, hostPath: {path: 'C:\\var\\lib\\kubelet'}}\n  - {name: ctrd, hostPath: {path: 'C:\\ProgramData\\containerd\\root'}}\n",
      errors: [
        { line: 13, column: 32, target: 'c', severity: 'high', data: { path: 'C:\\var\\lib\\kubelet', mode: 'rw' }, message: "host path C:\\var\\lib\\kubelet mounted writable at C:\\var\\lib\\kubelet: the kubelet's state: every pod's volumes, including Secrets and service-account tokens" },
        { line: 14, column: 29, target: 'c', severity: 'high', data: { path: 'C:\\ProgramData\\containerd\\root', mode: 'ro' }, message: "the container runtime's state" },
      ],
    },
    {
      kind: 'kubernetes',
      name: "etcd's data directory as a writable hostPath: every cluster Secret",
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: backup\nspec:\n  containers:\n    - name: backup\n      image: bitnami/etcd:3.5\n      volumeMounts:\n        - name: etcd-data\n          mountPath: /data\n  volumes:\n    - name: etcd-data\n      hostPath:\n        path: /var/lib/etcd\n',
      errors: [{ line: 15, column: 9, target: 'backup', severity: 'high', data: { path: '/var/lib/etcd', mode: 'rw' }, message: "etcd's data" }],
    },
    {
      // qa3: /etc/hosts read-only was medium "host system configuration"; the D-Bus and libvirt sockets were
      // described as "host logs, spools or runtime state" and rated medium read-only.
      kind: 'compose',
      name: 'host service sockets are high even read-only; /etc/hosts and CA bundles are harmless read-only',
      code: 'services:\n  agent:\n    image: x:1\n    volumes:\n      - /etc/hosts:/etc/hosts:ro\n      - /etc/pki/ca-trust:/etc/pki/ca-trust:ro\n      - /run/dbus/system_bus_socket:/run/dbus/system_bus_socket:ro\n      - /var/run/libvirt/libvirt-sock:/var/run/libvirt/libvirt-sock\n      - /run/udev:/run/udev:ro\n',
      errors: [
        { line: 5, column: 9, endColumn: 33, severity: 'info', data: { path: '/etc/hosts', mode: 'ro' }, message: 'nothing secret to read' },
        { line: 6, column: 9, endColumn: 47, severity: 'info', data: { path: '/etc/pki/ca-trust', mode: 'ro' } },
        { line: 7, column: 9, endColumn: 67, severity: 'high', data: { path: '/run/dbus/system_bus_socket', mode: 'ro' }, message: 'control socket' },
        { line: 8, column: 9, endColumn: 68, severity: 'high', data: { path: '/var/run/libvirt/libvirt-sock', mode: 'rw' }, message: 'control socket' },
        { line: 9, column: 9, endColumn: 31, severity: 'medium', data: { path: '/run/udev', mode: 'ro' }, message: 'runtime state' },
      ],
    },
    {
      // QA: a writable host CA store or resolver file let container root redirect the host's TLS and lookups (R-M, R-P).
      kind: 'run',
      name: 'writable CA store, /etc/hosts and resolv.conf are high; X11 socket, macOS ~/.aws and ~/.git-credentials are high read-only',
      code: 'docker run -v /etc/ssl/certs:/etc/ssl/certs -v /etc/resolv.conf:/etc/resolv.conf -v /etc/localtime:/etc/localtime -v /tmp/.X11-unix:/tmp/.X11-unix:ro -v /Users/alice/.aws:/root/.aws:ro -v ~/.git-credentials:/g:ro x:1\n',
      errors: [
        { line: 1, column: 12, endColumn: 44, severity: 'high', data: { path: '/etc/ssl/certs', mode: 'rw' }, message: "written, they let the container intercept the host's TLS connections" },
        { line: 1, column: 45, endColumn: 81, severity: 'high', data: { path: '/etc/resolv.conf', mode: 'rw' } },
        { line: 1, column: 82, endColumn: 114, severity: 'low', data: { path: '/etc/localtime', mode: 'rw' }, message: 'a harmless host file' },
        { line: 1, column: 115, endColumn: 150, severity: 'high', data: { path: '/tmp/.X11-unix', mode: 'ro' }, message: 'X server socket' },
        { line: 1, column: 151, endColumn: 185, severity: 'high', data: { path: '/Users/alice/.aws', mode: 'ro' } },
        { line: 1, column: 186, endColumn: 213, severity: 'high', data: { path: '~/.git-credentials', mode: 'ro' } },
      ],
    },
    {
      kind: 'kubernetes',
      name: 'flannel install-cni-plugin: writable /opt/cni/bin is high, read-only low',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: flannel\nspec:\n  initContainers:\n    - name: install-cni-plugin\n      image: flannel-cni-plugin:v1\n      volumeMounts:\n        - name: cni-plugin\n          mountPath: /opt/cni/bin\n  containers:\n    - name: kube-flannel\n      image: flannel:v0.25\n      volumeMounts:\n        - name: cni-plugin\n          mountPath: /host/opt/cni/bin\n          readOnly: true\n  volumes:\n    - name: cni-plugin\n      hostPath:\n        path: /opt/cni/bin\n',
      errors: [
        { line: 22, column: 9, target: 'install-cni-plugin', severity: 'high', data: { path: '/opt/cni/bin', mode: 'rw' } },
        { line: 22, column: 9, target: 'kube-flannel', severity: 'low', data: { path: '/opt/cni/bin', mode: 'ro' } },
      ],
    },
    {
      kind: 'compose',
      name: 'pihole: /etc subtrees writable (quoted, no mode)',
      code: 'services:\n  pihole:\n    image: pihole/pihole:latest\n    volumes: # store your data\n      - "/etc/pihole/:/etc/pihole/"\n      - "/etc/dnsmasq.d/:/etc/dnsmasq.d/"\n',
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 36, target: 'pihole', severity: 'high', data: { path: '/etc/pihole/', mode: 'rw', target: '/etc/pihole/' } },
        { line: 6, column: 9, endLine: 6, endColumn: 42, target: 'pihole', severity: 'high', data: { path: '/etc/dnsmasq.d/', mode: 'rw', target: '/etc/dnsmasq.d/' } },
      ],
    },
    {
      kind: 'compose',
      name: 'netdata compose block: ro /etc/passwd, /proc, /sys, harmless os-release',
      code: 'services:\n  netdata:\n    image: netdata/netdata\n    volumes:\n      - netdatalib:/var/lib/netdata\n      - /etc/passwd:/host/etc/passwd:ro\n      - /proc:/host/proc:ro\n      - /sys:/host/sys:ro\n      - /etc/os-release:/host/etc/os-release:ro\n',
      errors: [
        { line: 6, column: 9, endColumn: 40, severity: 'low', data: { path: '/etc/passwd', mode: 'ro', target: '/host/etc/passwd' } },
        { line: 7, column: 9, endColumn: 28, severity: 'medium', data: { path: '/proc', mode: 'ro', target: '/host/proc' } },
        { line: 8, column: 9, endColumn: 26, severity: 'medium', data: { path: '/sys', mode: 'ro' } },
        { line: 9, column: 9, endColumn: 48, severity: 'info', data: { path: '/etc/os-release', mode: 'ro' } },
      ],
    },
    {
      // QA d4: a parent of a sensitive directory was rated lower than the directory it holds (`/var/lib:ro` medium,
      // `/var/lib/docker:ro` high); /etc/letsencrypt (every site's privkey.pem), /etc/pki, /etc/wireguard were
      // "host system configuration" medium read-only.
      kind: 'compose',
      name: 'a parent of a sensitive directory is as severe as what it holds; TLS and WireGuard key directories are credentials',
      code: 'services:\n  backup:\n    image: restic/restic:0.16.4\n    volumes:\n      - /var/lib:/source/var-lib:ro\n      - /var/lib/docker:/source/docker:ro\n      - /etc/ssl:/source/ssl:ro\n      - /etc/ssl/private:/source/ssl-private:ro\n      - /etc/letsencrypt:/source/letsencrypt:ro\n      - /etc/pki:/source/pki:ro\n      - /etc/wireguard:/source/wg:ro\n      - /etc/pki/ca-trust:/source/ca:ro\n      - /opt:/source/opt:ro\n      - /var/log:/source/log:ro\n',
      errors: [
        { line: 5, column: 9, endColumn: 36, severity: 'high', data: { path: '/var/lib', mode: 'ro' }, message: "host path /var/lib mounted read-only at /source/var-lib: it holds /var/lib/docker, /var/lib/containerd, /var/lib/containers, /var/lib/kubelet and 1 more; /var/lib/docker: the container runtime's state" },
        { line: 6, column: 9, severity: 'high', data: { path: '/var/lib/docker', mode: 'ro' }, message: "host path /var/lib/docker mounted read-only at /source/docker: the container runtime's state" },
        { line: 7, column: 9, severity: 'high', data: { path: '/etc/ssl', mode: 'ro' }, message: 'host path /etc/ssl mounted read-only at /source/ssl: it holds /etc/ssl/private: host credentials and system configuration (/etc/shadow, SSH, TLS and daemon keys)' },
        { line: 8, column: 9, severity: 'high', data: { path: '/etc/ssl/private', mode: 'ro' } },
        { line: 9, column: 9, severity: 'high', data: { path: '/etc/letsencrypt', mode: 'ro' }, message: 'host credentials' },
        { line: 10, column: 9, severity: 'high', data: { path: '/etc/pki', mode: 'ro' }, message: 'host credentials' },
        { line: 11, column: 9, severity: 'high', data: { path: '/etc/wireguard', mode: 'ro' }, message: 'host credentials' },
        { line: 12, column: 9, severity: 'info', data: { path: '/etc/pki/ca-trust', mode: 'ro' } },
        { line: 13, column: 9, severity: 'low', data: { path: '/opt', mode: 'ro' }, message: 'it holds /opt/cni: plugin binaries' },
        { line: 14, column: 9, severity: 'medium', data: { path: '/var/log', mode: 'ro' }, message: 'host logs, spools' },
      ],
    },
    {
      kind: 'compose',
      name: '/etc/localtime ro is info',
      code: 'services:\n  frigate:\n    image: x\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - /path/to/your/config:/config\n',
      errors: [{ line: 5, column: 9, endColumn: 41, target: 'frigate', severity: 'info', data: { path: '/etc/localtime', mode: 'ro' } }],
    },
    {
      kind: 'compose',
      name: 'long syntax host root, read-only: still high',
      code: 'services:\n  node_exporter:\n    image: quay.io/prometheus/node-exporter:latest\n    volumes:\n      - type: bind\n        source: /\n        target: /host\n        read_only: true\n        bind:\n          propagation: rslave\n',
      errors: [{ line: 5, column: 9, endLine: 10, endColumn: 30, target: 'node_exporter', severity: 'high', data: { path: '/', mode: 'ro', target: '/host' } }],
    },
    {
      kind: 'compose',
      name: 'long syntax without read_only is rw; / rw is critical',
      code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - type: bind\n        source: /\n        target: /host\n',
      errors: [{ line: 5, column: 9, endLine: 7, endColumn: 22, severity: 'critical', data: { path: '/', mode: 'rw' } }],
    },
    {
      kind: 'compose',
      name: 'home directories and credentials, /var/spool, /var/lib/docker',
      code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - /home:/home:ro\n      - ~/.ssh:/root/.ssh:ro\n      - /var/spool:/var/spool\n      - /var/lib/docker/containers:/var/lib/docker/containers:ro\n',
      errors: [
        { line: 5, column: 9, severity: 'high', data: { path: '/home', mode: 'ro' } },
        { line: 6, column: 9, severity: 'high', data: { path: '~/.ssh', mode: 'ro', target: '/root/.ssh' } },
        { line: 7, column: 9, severity: 'high', data: { path: '/var/spool', mode: 'rw' } },
        { line: 8, column: 9, severity: 'high', data: { path: '/var/lib/docker/containers', mode: 'ro' } },
      ],
    },
    {
      kind: 'compose',
      name: 'unresolved host path is unknown, info',
      code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - ${DATA}/conf:/conf\n',
      errors: [{ line: 5, column: 9, endColumn: 27, severity: 'info', certainty: 'unknown', data: { path: '${DATA}/conf', mode: 'rw' }, message: 'unset variable' }],
    },
    {
      kind: 'run',
      name: 'falco: /dev without mode is rw; ro system paths',
      code: 'docker run --rm -i -t \\\n    --privileged \\\n    -v /dev:/host/dev \\\n    -v /proc:/host/proc:ro \\\n    -v /boot:/host/boot:ro \\\n    -v /lib/modules:/host/lib/modules:ro \\\n    -v /usr:/host/usr:ro \\\n    -v /etc:/host/etc:ro \\\n    -v /home/exampleuser/detector/falco_docker/falco:/etc/falco \\\n    falcosecurity/falco:latest\n',
      errors: [
        { line: 3, column: 5, endLine: 3, endColumn: 22, target: 'falcosecurity/falco:latest', severity: 'high', data: { path: '/dev', mode: 'rw', target: '/host/dev' } },
        { line: 4, column: 5, endColumn: 27, severity: 'medium', data: { path: '/proc', mode: 'ro' } },
        { line: 5, column: 5, severity: 'medium', data: { path: '/boot', mode: 'ro' } },
        { line: 6, column: 5, severity: 'medium', data: { path: '/lib/modules', mode: 'ro' } },
        { line: 7, column: 5, severity: 'medium', data: { path: '/usr', mode: 'ro' } },
        { line: 8, column: 5, endColumn: 25, severity: 'high', data: { path: '/etc', mode: 'ro', target: '/host/etc' } },
      ],
    },
    {
      kind: 'run',
      name: 'run: ~/.ssh, $HOME/.aws and ${HOME}/.kube are the caller\'s credentials, not an unknown path; ~/projects is no sensitive path',
      code: 'docker run -v ~/.ssh:/root/.ssh:ro -v $HOME/.aws:/root/.aws -v "${HOME}/.kube/config:/k" -v ~/projects:/w alpine',
      errors: [
        { line: 1, column: 12, endColumn: 35, target: 'alpine', severity: 'high', certainty: 'definite', data: { path: '~/.ssh', mode: 'ro', target: '/root/.ssh' } },
        { line: 1, column: 36, endColumn: 60, severity: 'high', certainty: 'definite', data: { path: '$HOME/.aws', mode: 'rw', target: '/root/.aws' } },
        { line: 1, column: 61, endColumn: 89, severity: 'high', certainty: 'definite', data: { path: '${HOME}/.kube/config', mode: 'rw', target: '/k' } },
      ],
    },
    {
      kind: 'run',
      name: 'run: an unknown mode keeps ~/.ssh unknown',
      code: 'docker run -v ~/.ssh:/root/.ssh:$MODE alpine',
      errors: [{ line: 1, column: 12, severity: 'info', certainty: 'unknown', data: { path: '~/.ssh' } }],
    },
    {
      kind: 'run',
      code: 'docker run --mount type=bind,source=/,target=/rootfs,readonly,bind-propagation=rslave nginx',
      errors: [{ line: 1, column: 12, endColumn: 86, target: 'nginx', severity: 'high', data: { path: '/', mode: 'ro', target: '/rootfs' } }],
    },
  ],
});

// QA round 16: a Compose file given by a relative path; its relative bind climbs out to the host's /etc.
describe('relative Compose path', () => {
  it('../…/etc from inc/compose.yaml is /etc, whatever the working directory (was: not classified)', async () => {
    const text = 'services:\n  app:\n    image: alpine:3.20\n    volumes:\n      - ../../../../../../../../../../etc:/hostetc:ro\n';
    const r = await auditSources([{ path: 'inc/compose.yaml', text, kind: 'compose' }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0011').map((f) => `${f.severity} ${f.location.startLine}:${f.location.startColumn}`)).toEqual(['high 5:9']);
  });
});
