import { ruleTester } from './tester.js';
import rule from './port-published-all-interfaces.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    ports:\n      - "127.0.0.1:8080:80"\n    expose:\n      - "80"\n' },
    { kind: 'compose', name: 'commented-out port (frigate 5000)', code: 'services:\n  web:\n    image: nginx\n    ports:\n      # - "5000:5000" # Internal unauthenticated access.\n      - "127.0.0.1:8971:8971"\n' },
    { kind: 'run', name: 'unprivileged host ports bound to one address', code: 'docker run -p 127.0.0.1:8080:80 -p [::1]:8443:443 -p 10.0.0.5:1024:53/udp nginx' },
    { kind: 'kubernetes', name: 'hostIP with an unprivileged hostPort', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: dns\n    image: coredns/coredns:1.11.3\n    ports:\n    - {containerPort: 53, hostPort: 1053, protocol: UDP, hostIP: 169.254.20.10}\n' },
    // qa5: Docker discards published ports in host network mode; host-network reports the exposure.
    { kind: 'run', name: '--network host discards -p', code: 'docker run -d --name web --network host -p 8080:80 nginx:1.27' },
    { kind: 'compose', name: 'network_mode: host discards ports', code: 'services:\n  web:\n    image: nginx\n    network_mode: host\n    ports:\n      - "8080:80"\n' },
  ],
  invalid: [
    {
      kind: 'run',
      name: 'QA round C: a privileged host port bound to one address still fails CIS 5.8 (docker-bench check_5_8 ignores the address)',
      code: 'docker run -p 127.0.0.1:80:80 -p [::1]:443:443 -p 127.0.0.1:8080:8080 nginx',
      errors: [
        { line: 1, column: 12, endColumn: 30, severity: 'info', certainty: 'definite', data: { port: '80', containerPort: '80', hostIp: '127.0.0.1', cis: '5.8' }, message: 'port 80->80/tcp published on 127.0.0.1: privileged host port below 1024 (CIS 5.8)' },
        { line: 1, column: 31, endColumn: 47, severity: 'info', data: { port: '443', containerPort: '443', cis: '5.8' }, message: 'port 443->443/tcp published on ::1: privileged host port below 1024 (CIS 5.8)' },
      ],
    },
    {
      kind: 'kubernetes',
      name: 'QA round C: node-local-dns hostPort 53 on hostIP 169.254.20.10',
      code: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: node-dns}\nspec:\n  selector: {matchLabels: {app: node-dns}}\n  template:\n    metadata: {labels: {app: node-dns}}\n    spec:\n      containers:\n      - name: dns\n        image: registry.k8s.io/dns/k8s-dns-node-cache:1.23.1\n        ports:\n        - {containerPort: 53, hostPort: 53, protocol: UDP, hostIP: 169.254.20.10}\n',
      errors: [{ line: 13, column: 31, severity: 'info', data: { port: '53', containerPort: '53', hostIp: '169.254.20.10', cis: '5.8' }, message: 'port 53->53/udp published on 169.254.20.10: privileged host port below 1024 (CIS 5.8)' }],
    },
    {
      kind: 'run',
      name: 'qa11: a host port from a variable still listens on every interface; an IP from a variable is unknown (no finding)',
      code: 'docker run -d --name web -p "$PORT":80 -p ${HTTPS_PORT}:443/tcp -p "$BIND:8443:8443" nginx:1.27',
      errors: [
        { line: 1, column: 26, endColumn: 39, target: 'web', severity: 'info', data: { port: '$PORT', containerPort: '80' }, message: 'port $PORT->80/tcp published on all host interfaces' },
        { line: 1, column: 40, target: 'web', data: { port: '${HTTPS_PORT}', containerPort: '443' }, message: 'port ${HTTPS_PORT}->443/tcp published on all host interfaces' },
      ],
    },
    {
      kind: 'run',
      name: 'qa5: a network whose value is unknown does not discard the port',
      code: 'docker run -d --name web --network "$NET" -p 8080:80 nginx:1.27',
      errors: [{ line: 1, column: 43, target: 'web', severity: 'info', data: { port: '8080', containerPort: '80' } }],
    },
    {
      kind: 'run',
      name: '-P publishes every exposed port: unknown which',
      code: 'docker run -d -P --name web nginx:1.27',
      errors: [{ line: 1, column: 15, endColumn: 17, target: 'web', severity: 'info', certainty: 'unknown', data: { port: '', containerPort: '*' }, message: '-P, --publish-all' }],
    },
    {
      kind: 'run',
      name: '--publish-all beside a loopback port',
      code: 'docker run --publish-all -p 127.0.0.1:8080:80 nginx:1.27',
      errors: [{ line: 1, column: 12, endColumn: 25, certainty: 'unknown', data: { containerPort: '*' } }],
    },
    {
      kind: 'compose',
      name: 'pihole: udp and tcp, privileged ports mention CIS 5.8',
      code: 'services:\n  pihole:\n    image: pihole/pihole\n    ports:\n      - "53:53/udp"\n      - "8080:80/tcp"\n',
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 20, target: 'pihole', severity: 'info', data: { port: '53', containerPort: '53' }, message: 'CIS 5.8' },
        { line: 6, column: 9, endColumn: 22, severity: 'info', data: { port: '8080', containerPort: '80' } },
      ],
    },
    {
      kind: 'compose',
      name: '0.0.0.0 and port 22 (R-G9)',
      code: 'services:\n  web:\n    image: nginx\n    ports:\n      - 0.0.0.0:2222:22\n',
      errors: [{ line: 5, column: 9, endColumn: 24, severity: 'info', data: { port: '2222', containerPort: '22' }, message: 'R-G9' }],
    },
    {
      kind: 'run',
      code: 'docker run -d --name=netdata -p 19999:19999 netdata/netdata',
      errors: [{ line: 1, column: 30, endColumn: 44, target: 'netdata', severity: 'info', data: { port: '19999', containerPort: '19999' } }],
    },
  ],
});
