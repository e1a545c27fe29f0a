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
  ],
});
