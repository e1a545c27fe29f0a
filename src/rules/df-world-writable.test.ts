import { describe, expect, it } from 'vitest';
import { ruleTester } from './tester.js';
import rule, { othersWrite } from './df-world-writable.js';

// R-P (world-writable files in layers), R-G7; CIS 1.6.0 4.8 (nearest).
describe('othersWrite', () => {
  it.each([
    ['777', 'set'],
    ['0666', 'set'],
    ['1777', 'cleared'],
    ['755', 'cleared'],
    ['o+w', 'set'],
    ['a+rwx', 'set'],
    ['u+w', undefined],
    ['go-w', 'cleared'],
    ['o=rx', 'cleared'],
    ['a+wt', 'cleared'],
    ['+w', undefined],
  ])('%s → %s', (mode, want) => expect(othersWrite(mode)).toBe(want));
});

ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', name: 'sticky shared directory', code: 'FROM alpine\nRUN mkdir -p /data/tmp && chmod 1777 /data/tmp\nUSER 1000\n' },
    { kind: 'dockerfile', name: 'owner write only', code: 'FROM alpine\nRUN chmod 755 /entrypoint.sh && chmod u+w /app\n' },
    { kind: 'dockerfile', name: 'builder stage not shipped', code: 'FROM golang:1.22 AS build\nRUN chmod -R 777 /src\nFROM alpine\nCOPY --from=build /out /out\n' },
    { kind: 'dockerfile', name: 'opened then closed again', code: 'FROM alpine\nRUN chmod -R 777 /app\nRUN chmod -R o-w /app\n' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM ubuntu:24.04\nRUN mkdir /app && chmod 777 /app\nUSER 1000\n',
      errors: [{ line: 2, column: 19, endColumn: 33, severity: 'low', data: { mode: '777', path: '/app' }, message: 'mode 777 makes /app world-writable: any user in the container can change it' }],
    },
    {
      kind: 'dockerfile',
      name: 'recursive, symbolic, install -m and COPY --chmod',
      code: 'FROM alpine\nRUN chmod -R a+rwX /srv/www\nRUN install -m 0666 app.conf /etc/app.conf\nCOPY --chmod=777 run.sh /run.sh\n',
      errors: [
        { line: 2, column: 5, data: { mode: 'a+rwX', path: '/srv/www' }, message: '(recursively)' },
        { line: 3, column: 5, data: { mode: '0666', path: '/etc/app.conf' } },
        { line: 4, column: 6, endColumn: 17, data: { mode: '777', path: '/run.sh' } },
      ],
    },
  ],
});
