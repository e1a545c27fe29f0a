import { ruleTester } from './tester.js';
import rule from './privileged-container.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    privileged: false\n' },
    { kind: 'compose', name: 'commented out', code: 'services:\n  web:\n    image: nginx\n    # privileged: true\n' },
    { kind: 'run', code: 'docker run nginx' },
    { kind: 'run', code: 'docker run --privileged=false nginx' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    privileged: true\n',
      errors: [{ line: 4, column: 17, endLine: 4, endColumn: 21, target: 'web', data: {}, severity: 'critical', certainty: 'definite' }],
    },
    {
      kind: 'compose',
      name: 'frigate: trailing comment (corpus line 4)',
      code: 'services:\n  frigate:\n    container_name: frigate\n    privileged: true # this may not be necessary for all setups\n    image: ghcr.io/blakeblackshear/frigate:stable\n',
      errors: [{ line: 4, column: 17, endLine: 4, endColumn: 21, target: 'frigate', severity: 'critical', message: 'seccomp and AppArmor/SELinux confinement disabled' }],
    },
    {
      kind: 'compose',
      name: 'Docker-in-Docker mentions a sandboxed runtime (R-G13)',
      code: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n',
      errors: [{ line: 4, column: 17, endColumn: 21, target: 'dind', message: 'Docker-in-Docker' }],
    },
    {
      kind: 'compose',
      name: 'unresolved variable is unknown',
      code: 'services:\n  web:\n    image: nginx\n    privileged: ${PRIV}\n',
      errors: [{ line: 4, column: 17, target: 'web', certainty: 'unknown', message: 'unset variable' }],
    },
    {
      kind: 'run',
      code: 'docker run --privileged nginx',
      errors: [{ line: 1, column: 12, endLine: 1, endColumn: 24, target: 'nginx', data: {}, severity: 'critical' }],
    },
    {
      kind: 'run',
      name: 'falco: continuation lines, --name absent, image as target',
      code: 'docker run --rm -i -t \\\n    --privileged \\\n    falcosecurity/falco:latest\n',
      errors: [{ line: 2, column: 5, endLine: 2, endColumn: 17, target: 'falcosecurity/falco:latest', severity: 'critical' }],
    },
    {
      kind: 'shell',
      name: 'only the launch line, not the comment',
      code: '#!/bin/sh\n# docker run --privileged old\ndocker run --privileged --name dind docker:dind\n',
      errors: [{ line: 3, column: 12, endColumn: 24, target: 'dind', message: 'Docker-in-Docker' }],
    },
  ],
});
