import { ruleTester } from './tester.js';
import rule from './no-new-privileges-missing.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', name: 'traefik: no-new-privileges:true', code: 'services:\n  traefik:\n    image: traefik\n    security_opt:\n      - no-new-privileges:true           # CIS 5.25\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    security_opt: [no-new-privileges]\n' },
    { kind: 'run', code: 'docker run --security-opt no-new-privileges nginx' },
    { kind: 'run', code: 'docker run --security-opt=no-new-privileges=true nginx' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n', errors: [{ line: 2, column: 3, endColumn: 6, target: 'web', severity: 'medium', data: {} }] },
    {
      kind: 'compose',
      name: 'other security options do not count',
      code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - seccomp:unconfined\n',
      errors: [{ line: 2, column: 3, target: 'web' }],
    },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - no-new-privileges:false\n',
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 32, severity: 'medium', data: { option: 'no-new-privileges:false' } }],
    },
    // QA: docker inspect output does not show dockerd's --no-new-privileges default, so "not set" is unknown there.
    {
      kind: 'inspect',
      code: '[{"Id": "c1c1", "Name": "/web", "Config": {"Image": "nginx"}, "HostConfig": {"SecurityOpt": null}}]\n',
      errors: [{ line: 1, column: 93, target: 'web', severity: 'medium', certainty: 'unknown', message: "no-new-privileges is not set on the container, and the daemon's default (dockerd --no-new-privileges) is not known from this file" }],
    },
    {
      kind: 'inspect',
      name: 'inspect: a container that turns it off is definite',
      code: '[{"Id": "c1c1", "Name": "/web", "Config": {"Image": "nginx"}, "HostConfig": {"SecurityOpt": ["no-new-privileges=false"]}}]\n',
      errors: [{ line: 1, column: 94, target: 'web', severity: 'medium', certainty: 'definite', data: { option: 'no-new-privileges=false' } }],
    },
    { kind: 'run', code: 'docker run nginx', errors: [{ line: 1, column: 1, endColumn: 7, target: 'nginx', severity: 'medium' }] },
    {
      kind: 'run',
      code: 'docker run --security-opt no-new-privileges=false nginx',
      errors: [{ line: 1, column: 12, endColumn: 50, target: 'nginx', data: { option: 'no-new-privileges=false' } }],
    },
  ],
});
