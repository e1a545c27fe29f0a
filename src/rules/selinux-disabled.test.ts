import { ruleTester } from './tester.js';
import rule from './selinux-disabled.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'compose', name: 'a custom type is honoured', code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - label=type:my_container_t\n      - label:level:s0:c100,c200\n' },
    { kind: 'run', name: ':Z relabel is not a downgrade', code: 'docker run -v /srv/gitlab-runner/config:/etc/gitlab-runner:Z gitlab/gitlab-runner:latest' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - label:disable\n      - label=type:spc_t\n',
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 22, target: 'web', severity: 'high', data: { option: 'label:disable' } },
        { line: 6, column: 9, endColumn: 25, severity: 'high', data: { option: 'label=type:spc_t' }, message: 'super-privileged' },
      ],
    },
    {
      kind: 'run',
      code: 'docker run --security-opt label=disable fedora',
      errors: [{ line: 1, column: 12, endColumn: 40, target: 'fedora', severity: 'high', data: { option: 'label=disable' } }],
    },
  ],
});
