import { ruleTester } from './tester.js';
import rule from './systempaths-unconfined.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    security_opt: [no-new-privileges]\n' },
    { kind: 'run', code: 'docker run nginx' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - systempaths=unconfined\n',
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 31, target: 'web', severity: 'high', data: { option: 'systempaths=unconfined' } }],
    },
    {
      kind: 'run',
      code: 'docker run --security-opt systempaths=unconfined moby/buildkit',
      errors: [{ line: 1, column: 12, endColumn: 49, target: 'moby/buildkit', severity: 'high', data: { option: 'systempaths=unconfined' } }],
    },
    // qa4 23-podman.sh: Podman's `--security-opt unmask=ALL` exposes every masked path, like systempaths=unconfined.
    {
      kind: 'run',
      code: 'podman run -d --name p1 --security-opt unmask=ALL fedora:40',
      errors: [{ line: 1, column: 25, endColumn: 50, target: 'p1', severity: 'high', data: { option: 'unmask=ALL' } }],
    },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: fedora:40\n    security_opt: ["unmask=/proc/sys:/proc/kcore", "mask=/proc/acpi"]\n',
      errors: [{ line: 4, column: 20, endColumn: 50, target: 'web', severity: 'high', data: { option: 'unmask=/proc/sys:/proc/kcore' } }],
    },
  ],
});
