import { ruleTester } from './tester.js';
import rule from './apparmor-unconfined.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', name: 'QA: a later apparmor option replaces an earlier unconfined one', code: 'services:\n  app:\n    image: example/app:1\n    security_opt: [apparmor:unconfined, apparmor:docker-default]\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - apparmor=docker-default\n' },
    { kind: 'run', code: 'docker run --security-opt apparmor=my-profile nginx' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'netdata compose block: colon form',
      code: 'services:\n  netdata:\n    image: netdata/netdata\n    security_opt:\n      - apparmor:unconfined\n',
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 28, target: 'netdata', severity: 'high', data: { option: 'apparmor:unconfined' }, message: 'changes nothing' }],
    },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - apparmor=${AA}\n',
      errors: [{ line: 5, column: 9, certainty: 'unknown' }],
    },
    {
      kind: 'markdown',
      name: 'netdata README: = form in a run block',
      code: '```bash\ndocker run -d --name=netdata \\\n  --cap-add SYS_PTRACE \\\n  --security-opt apparmor=unconfined \\\n  netdata/netdata\n```\n',
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 37, target: 'netdata', severity: 'high', data: { option: 'apparmor=unconfined' } }],
    },
  ],
});
