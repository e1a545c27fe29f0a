import { ruleTester } from './tester.js';
import rule from './default-bridge-network.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', name: 'Compose services get a project network', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    networks: [backend]\nnetworks:\n  backend:\n' },
    { kind: 'run', code: 'docker run --network app-net nginx' },
    { kind: 'run', name: 'host network is host-network, not the bridge', code: 'docker run --net=host nginx' },
    { kind: 'run', code: 'docker run --network none nginx' },
  ],
  invalid: [
    { kind: 'run', code: 'docker run --name web nginx', errors: [{ line: 1, column: 1, endLine: 1, endColumn: 7, target: 'web', severity: 'low', data: { network: 'bridge' } }] },
    { kind: 'run', code: 'docker run --network bridge nginx', errors: [{ line: 1, column: 12, endColumn: 28, target: 'nginx', severity: 'low', data: { network: 'bridge' } }] },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    network_mode: bridge\n', errors: [{ line: 4, column: 19, endColumn: 25, target: 'web', severity: 'low', data: { network: 'bridge' } }] },
  ],
});
