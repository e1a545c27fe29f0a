import { describe, expect, it } from 'vitest';
import { ruleTester } from './tester.js';
import rule, { enablesContentTrust } from './content-trust-not-enabled.js';

ruleTester(rule, {
  valid: [
    { kind: 'shell', code: '#!/bin/sh\nexport DOCKER_CONTENT_TRUST=1\ndocker run nginx\n' },
    { kind: 'shell', code: 'DOCKER_CONTENT_TRUST=1 docker run nginx\n' },
    { kind: 'shell', name: 'no container started', code: '#!/bin/sh\n docker pull falcosecurity/falco:latest\n' },
    { kind: 'compose', name: 'Compose files are not scripts', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'ci', name: 'workflow env: sets it for every step', code: 'on: push\nenv:\n  DOCKER_CONTENT_TRUST: 1\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: docker run nginx\n' },
    { kind: 'ci', name: 'GitLab variables:', code: 'variables:\n  DOCKER_CONTENT_TRUST: "1"\ntest:\n  script:\n    - docker run nginx\n' },
  ],
  invalid: [
    {
      kind: 'run',
      name: 'podman reads /etc/containers/policy.json, not DOCKER_CONTENT_TRUST',
      filename: 'run.sh',
      code: '#!/bin/sh\npodman run -d --name web nginx:1.25\n',
      errors: [{ line: 1, column: 1, severity: 'info', message: 'containers are started by podman, which verifies image signatures only where /etc/containers/policy.json requires them', data: { client: 'podman' } }],
    },
    {
      kind: 'shell',
      name: 'falco script: first line is a pull, not a launch',
      code: ' docker pull falcosecurity/falco:latest\ndocker run --rm -i -t \\\n    --privileged \\\n    falcosecurity/falco:latest\n',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 40, target: 'script.sh', severity: 'info', data: {}, message: 'cosign' }],
    },
    {
      kind: 'shell',
      name: 'disabled or commented-out content trust does not count',
      code: '# export DOCKER_CONTENT_TRUST=1\nexport DOCKER_CONTENT_TRUST=0\ndocker run nginx\n',
      errors: [{ line: 1, column: 1, endColumn: 32, severity: 'info' }],
    },
    {
      kind: 'markdown',
      code: '## Run\n\n```bash\ndocker run -d gitlab/gitlab-runner:latest\n```\n',
      errors: [{ line: 1, column: 1, endColumn: 7, target: 'README.md', severity: 'info' }],
    },
    { kind: 'run', code: 'docker run nginx', errors: [{ line: 1, column: 1, endColumn: 17, target: 'run.sh', severity: 'info' }] },
    {
      kind: 'ci',
      name: 'a workflow with content trust set to 0',
      code: 'on: push\nenv:\n  DOCKER_CONTENT_TRUST: 0\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: docker run nginx\n',
      errors: [{ line: 1, column: 1, endColumn: 9, target: '.github/workflows/ci.yml', severity: 'info' }],
    },
  ],
});

describe('enablesContentTrust', () => {
  it('reads the forms the Docker CLI accepts', () => {
    expect(enablesContentTrust('export DOCKER_CONTENT_TRUST=1')).toBe(true);
    expect(enablesContentTrust('DOCKER_CONTENT_TRUST="1" docker pull x')).toBe(true);
    expect(enablesContentTrust('DOCKER_CONTENT_TRUST=true')).toBe(true);
    expect(enablesContentTrust('DOCKER_CONTENT_TRUST=false')).toBe(false);
    expect(enablesContentTrust('DOCKER_CONTENT_TRUST=')).toBe(false);
    expect(enablesContentTrust('  # DOCKER_CONTENT_TRUST=1')).toBe(false);
    expect(enablesContentTrust('  DOCKER_CONTENT_TRUST: 1')).toBe(false);
    expect(enablesContentTrust('  DOCKER_CONTENT_TRUST: 1', true)).toBe(true);
    expect(enablesContentTrust("  'DOCKER_CONTENT_TRUST': 'true' # on", true)).toBe(true);
    expect(enablesContentTrust('  DOCKER_CONTENT_TRUST: false', true)).toBe(false);
  });
});
