import { ruleTester } from './tester.js';
import rule from './sysctl-set.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'run', code: 'docker run nginx' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    sysctls:\n      net.ipv4.ip_forward: 1\n      kernel.panic: 10\n',
      errors: [
        { line: 5, column: 7, endLine: 5, endColumn: 29, target: 'web', severity: 'info', data: { name: 'net.ipv4.ip_forward' }, message: 'namespaced' },
        { line: 6, column: 7, severity: 'info', data: { name: 'kernel.panic' }, message: 'not namespaced' },
      ],
    },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    sysctls:\n      - net.core.somaxconn=1024\n', errors: [{ line: 5, column: 9, endColumn: 32, severity: 'info', data: { name: 'net.core.somaxconn' } }] },
    { kind: 'run', code: 'docker run --sysctl net.ipv4.ping_group_range="0 1000" nginx', errors: [{ line: 1, column: 12, target: 'nginx', severity: 'info', data: { name: 'net.ipv4.ping_group_range' } }] },
  ],
});
