import { ruleTester } from './tester.js';
import rule from './host-network.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'run', code: 'docker run nginx' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    network_mode: bridge\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    network_mode: none\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    network_mode: service:db\n' },
    { kind: 'run', code: 'docker run --network bridge nginx' },
    { kind: 'run', code: 'docker run --network=mynet nginx' },
    { kind: 'compose', name: 'commented out', code: 'services:\n  web:\n    image: nginx\n    # network_mode: host\n' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    network_mode: host\n', errors: [{ line: 4, column: 19, endLine: 4, endColumn: 23, target: 'web', severity: 'high', certainty: 'definite', data: { mode: 'host' } }] },
    { kind: 'compose', name: 'quoted', code: 'services:\n  web:\n    image: nginx\n    network_mode: "host"\n', errors: [{ line: 4, column: 19, endColumn: 25, severity: 'high', data: { mode: 'host' } }] },
    { kind: 'compose', name: 'unresolved is unknown', code: 'services:\n  web:\n    image: nginx\n    network_mode: ${NS}\n', errors: [{ line: 4, column: 19, endColumn: 24, certainty: 'unknown', message: 'unset variable' }] },
    { kind: 'run', code: 'docker run --network host --name app nginx', errors: [{ line: 1, column: 12, endLine: 1, endColumn: 26, target: 'app', severity: 'high', data: { mode: 'host' } }] },
    { kind: 'run', code: 'docker run --net="host" --name app nginx', errors: [{ line: 1, column: 12, endLine: 1, endColumn: 24, target: 'app', severity: 'high', data: { mode: 'host' } }] },
    {
      kind: 'markdown',
      name: 'node-exporter README: quoted --net="host" in a fenced block',
      code: '## Docker\n\n```bash\ndocker run -d \\\n  --net="host" \\\n  --pid="host" \\\n  quay.io/prometheus/node-exporter:latest\n```\n',
      errors: [{ line: 5, column: 3, endLine: 5, endColumn: 15, target: 'quay.io/prometheus/node-exporter:latest', severity: 'high', data: { mode: 'host' } }],
    },
  ],
});
