import { ruleTester } from './tester.js';
import rule from './sshd-port-published.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    ports:\n      - "2222:2222"\n      - "22:80"\n' },
    { kind: 'run', code: 'docker run -p 8022:8080 nginx' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'services:\n  box:\n    image: x\n    ports:\n      - "2222:22"\n    expose:\n      - "22"\n',
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 18, target: 'box', severity: 'medium', data: { port: '2222', containerPort: '22' } },
        { line: 7, column: 9, endColumn: 13, severity: 'medium', data: { containerPort: '22' } },
      ],
    },
    {
      kind: 'run',
      code: 'docker run -p 22:22 --expose 20-25 box',
      errors: [
        { line: 1, column: 12, endColumn: 20, target: 'box', severity: 'medium', data: { port: '22', containerPort: '22' } },
        { line: 1, column: 21, severity: 'medium', data: { containerPort: '20-25' } },
      ],
    },
  ],
});
