import { describe, expect, it } from 'vitest';
import { ruleTester } from './tester.js';
import rule from './image-not-pinned.js';

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: `services:\n  web:\n    image: nginx:1.27@${DIGEST}\n` },
    { kind: 'compose', name: 'build only, no image', code: 'services:\n  web:\n    build: .\n' },
    { kind: 'run', code: `docker run nginx@${DIGEST}` },
    // qa11 (inspect): an image ID cannot move.
    { kind: 'run', name: 'an image ID, with or without sha256:', code: 'docker run -d --name by-id sha256:19d07168491a3f9e2798a9bed96544e34d57ddc4757a4ac5bb199dea896c87fd\ndocker run 19d07168491a3f9e2798a9bed96544e34d57ddc4757a4ac5bb199dea896c87fd' },
  ],
  invalid: [
    {
      kind: 'run',
      name: 'a short image ID could be a repository name: reported as a name',
      code: 'docker run 19d07168491a',
      errors: [{ line: 1, column: 12, target: '19d07168491a', data: { image: '19d07168491a' }, message: 'untagged (means :latest)' }],
    },
    {
      kind: 'compose',
      code: 'services:\n  pihole:\n    image: pihole/pihole:latest\n',
      errors: [{ line: 3, column: 12, endLine: 3, endColumn: 32, target: 'pihole', severity: 'info', data: { image: 'pihole/pihole:latest' }, message: ':latest' }],
    },
    {
      kind: 'compose',
      name: 'registry with a port, untagged',
      code: 'services:\n  web:\n    image: localhost:5000/app\n',
      errors: [{ line: 3, column: 12, endColumn: 30, severity: 'info', data: { image: 'localhost:5000/app' }, message: 'untagged' }],
    },
    {
      kind: 'compose',
      name: 'floating tag',
      code: 'services:\n  traefik:\n    image: traefik:v3.3.5\n',
      errors: [{ line: 3, column: 12, severity: 'info', data: { image: 'traefik:v3.3.5' } }],
    },
    {
      kind: 'compose',
      name: 'unresolved tag is unknown',
      code: 'services:\n  web:\n    image: nginx:${TAG}\n',
      errors: [{ line: 3, column: 12, severity: 'info', certainty: 'unknown' }],
    },
    {
      kind: 'run',
      code: 'docker run -d --name gitlab-runner gitlab/gitlab-runner:latest',
      errors: [{ line: 1, column: 36, endColumn: 63, target: 'gitlab-runner', severity: 'info', data: { image: 'gitlab/gitlab-runner:latest' } }],
    },
  ],
});

describe('image-not-pinned fix text', () => {
  it('names the image of the finding, per input kind', async () => {
    const { runCase } = await import('./tester.js');
    const compose = await runCase(rule, { kind: 'compose', code: 'services:\n  db:\n    image: postgres:16\n' });
    expect(compose.findings.map((f) => f.remediation)).toEqual([
      'image: postgres:16@sha256:<digest>   # docker buildx imagetools inspect postgres:16 prints the digest; verify with cosign or notation',
    ]);
    const run = await runCase(rule, { kind: 'run', code: 'docker run alpine:3.20\n' });
    expect(run.findings.map((f) => f.remediation)).toEqual([
      'alpine:3.20@sha256:<digest>   # docker buildx imagetools inspect alpine:3.20 prints the digest; verify with cosign or notation',
    ]);
  });
});
