import { describe, expect, it } from 'vitest';
import { ruleTester } from './tester.js';
import rule from './df-base-image-unpinned.js';

// R-P, R-G1, CIS 1.6.0 4.2; corpus kubebuilder line 28 (IMAGE_UNPINNED, info only).
const DIGEST = 'sha256:' + 'a'.repeat(64);
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: `FROM alpine:3.20@${DIGEST}\n` },
    { kind: 'dockerfile', code: 'FROM scratch\nCOPY x /x\n' },
    { kind: 'dockerfile', code: `FROM golang@${DIGEST} AS build\nFROM build\nFROM BUILD AS again\n`, name: 'stage references (case-insensitive)' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      name: 'QA: COPY --from an external image by tag; stage names, indices and digests are fine',
      code: 'FROM golang:1.22@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa AS build\nFROM alpine:3.20@sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\nCOPY --from=build /app /app\nCOPY --from=0 /app /app2\nCOPY --from=docker.io/library/busybox:latest /bin/busybox /bb\nCOPY --from=ghcr.io/org/tools /t /t\nUSER 1000\n',
      errors: [
        {
          line: 5,
          column: 13,
          endColumn: 45,
          severity: 'info',
          data: { image: 'docker.io/library/busybox:latest' },
          message: 'COPY --from image docker.io/library/busybox:latest uses :latest and is not pinned by digest',
          // QA (cli): the hint was a trailing `# …` after the instruction, which a Dockerfile reads as arguments.
          remediation: '# digest: docker buildx imagetools inspect docker.io/library/busybox:latest\nCOPY --from=docker.io/library/busybox:latest@sha256:<digest> …',
        },
        { line: 6, column: 13, data: { image: 'ghcr.io/org/tools' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM golang:1.23 AS builder\nRUN go build\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=builder /m /m\n',
      errors: [
        // Each finding names the stage whose FROM it is (the builder by its AS name, the final stage by its base image).
        {
          line: 1,
          column: 6,
          endColumn: 17,
          target: 'builder',
          severity: 'info',
          data: { image: 'golang:1.23' },
          // QA (cli): the suggested line `FROM golang:1.23@sha256:<digest> AS builder   # docker buildx …` is no valid
          // FROM (after an instruction `#` is an argument): the hint goes on a comment line above.
          remediation: '# digest: docker buildx imagetools inspect golang:1.23; verify with cosign verify\nFROM golang:1.23@sha256:<digest> AS builder',
        },
        { line: 3, column: 6, endColumn: 38, target: 'gcr.io/distroless/static:nonroot', severity: 'info', data: { image: 'gcr.io/distroless/static:nonroot' } },
      ],
    },
    { kind: 'dockerfile', code: 'from --platform=$BUILDPLATFORM localhost:5000/app\n', errors: [{ line: 1, column: 32, message: 'has no tag', data: { image: 'localhost:5000/app' } }] },
    { kind: 'dockerfile', code: 'ARG BASE\nFROM ${BASE}\n', errors: [{ line: 2, column: 6, certainty: 'unknown', data: { image: '${BASE}' } }] },
    { kind: 'dockerfile', code: 'ARG TAG=3.20\nFROM alpine:${TAG}\n', errors: [{ line: 2, column: 6, certainty: 'definite', message: 'uses tag :3.20', data: { image: 'alpine:${TAG}' } }] },
  ],
});

// QA (cli): the fix text put `# docker buildx imagetools inspect …` after the FROM, where a Dockerfile reads it as
// arguments ("FROM takes an image and an optional AS <name>"): every suggested fix, its digest filled in, is a valid
// Dockerfile that the rule accepts, also the rule's documented remediation.
describe('BW-0107 fixes are valid Dockerfile lines', () => {
  it('each fix, with a digest, parses without errors and pins the image', async () => {
    const { auditSources } = await import('../engine/audit.js');
    const src = 'FROM golang:1.23 AS builder\nRUN go build\nFROM alpine:3.20\nCOPY --from=busybox:1.36 /bin/busybox /bb\nUSER 1000\n';
    const r = await auditSources([{ path: 'Dockerfile', text: src }], { env: {} });
    const fixes = r.findings.filter((f) => f.ruleId === 'BW-0107').map((f) => f.remediation);
    expect(fixes).toHaveLength(3);
    for (const fix of [...fixes, rule.meta.remediation.dockerfile!]) {
      const text = fix.replaceAll('<digest>', 'a'.repeat(64)).replace(' …', ' /bin/busybox /bb') + '\nUSER 1000\n';
      const t = await auditSources([{ path: 'Dockerfile', text: /^FROM /m.test(text) ? text : `FROM alpine:3.20@${DIGEST}\n${text}` }], { env: {} });
      expect([fix, t.errors]).toEqual([fix, []]);
      expect(t.findings.filter((f) => f.ruleId === 'BW-0107')).toEqual([]);
    }
  });
});
