import { ruleTester } from './tester.js';
import rule from './port-published-all-interfaces.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    ports:\n      - "127.0.0.1:8080:80"\n    expose:\n      - "80"\n' },
    { kind: 'compose', name: 'commented-out port (frigate 5000)', code: 'services:\n  web:\n    image: nginx\n    ports:\n      # - "5000:5000" # Internal unauthenticated access.\n      - "127.0.0.1:8971:8971"\n' },
    { kind: 'run', code: 'docker run -p 127.0.0.1:80:80 -p [::1]:443:443 nginx' },
    // qa5: Docker discards published ports in host network mode; host-network reports the exposure.
    { kind: 'run', name: '--network host discards -p', code: 'docker run -d --name web --network host -p 8080:80 nginx:1.27' },
    { kind: 'compose', name: 'network_mode: host discards ports', code: 'services:\n  web:\n    image: nginx\n    network_mode: host\n    ports:\n      - "8080:80"\n' },
  ],
  invalid: [
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
