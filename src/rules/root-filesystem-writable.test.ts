import { ruleTester } from './tester.js';
import rule from './root-filesystem-writable.js';

/** `docker inspect` output of one container with `ReadonlyRootfs` as given (line 7 of the text). */
const inspect = (readOnly: boolean) =>
  JSON.stringify([{ Id: 'c1', Name: '/web', Image: 'sha256:aa', HostConfig: { ReadonlyRootfs: readOnly }, Config: { Image: 'nginx' } }], null, 4) + '\n';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  traefik:\n    image: traefik:v3.3.5\n    read_only: true\n    tmpfs:\n      - /tmp\n' },
    { kind: 'run', code: 'docker run --read-only --tmpfs /tmp nginx' },
    { kind: 'run', code: 'docker run --read-only=true nginx' },
    { kind: 'inspect', code: inspect(true) },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n', errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, target: 'web', severity: 'low', data: {}, message: 'read_only is not set' }] },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    read_only: false\n',
      errors: [{ line: 4, column: 16, endLine: 4, endColumn: 21, target: 'web', severity: 'low', certainty: 'definite' }],
    },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    read_only: ${RO}\n',
      errors: [{ line: 4, column: 16, certainty: 'unknown', message: 'unset variable' }],
    },
    { kind: 'run', code: 'docker run nginx', errors: [{ line: 1, column: 1, endColumn: 7, target: 'nginx', severity: 'low', message: '--read-only is not set' }] },
    { kind: 'inspect', name: 'inspect: in the Engine API terms, at the field', code: inspect(false), errors: [{ line: 7, column: 31, endColumn: 36, target: 'web', message: 'ReadonlyRootfs is false' }] },
    { kind: 'run', code: 'docker run --read-only=false nginx', errors: [{ line: 1, column: 12, endColumn: 29, target: 'nginx' }] },
  ],
});
