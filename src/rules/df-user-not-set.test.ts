import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { ruleTester } from './tester.js';
import rule from './df-user-not-set.js';

// R-K, R-G5, CIS 1.6.0 4.1; corpus s3-namegrabber (line 1), heredoc-copy-script-no-user (line 2), kubebuilder.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine\nUSER 10001\n' },
    { kind: 'dockerfile', code: 'FROM golang:1.23 AS builder\nRUN go build\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=builder /m .\nUSER 65532:65532\n', name: 'builder root irrelevant' },
    { kind: 'dockerfile', code: 'FROM alpine AS base\nUSER app\nFROM base\nRUN true\n', name: 'USER inherited from stage' },
    { kind: 'dockerfile', code: 'FROM alpine\nuser root\n', name: 'root is df-user-root, not this rule' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM python:3.6-stretch\nWORKDIR /usr/src/app\n',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 24, target: 'python:3.6-stretch', severity: 'medium', certainty: 'unknown', data: { image: 'python:3.6-stretch' } }],
    },
    {
      kind: 'dockerfile',
      code: '# syntax=docker/dockerfile:1.4\nFROM ubuntu:20.04\nCOPY <<EOF /bin/ping.sh\nUSER 1000\nEOF\n',
      name: 'USER in a heredoc body is file content',
      errors: [{ line: 2, column: 1, endColumn: 18, data: { image: 'ubuntu:20.04' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine AS build\nUSER app\nFROM scratch AS final\nCOPY --from=build /x /x\n',
      name: 'scratch final stage, USER in unrelated stage',
      errors: [{ line: 3, column: 1, target: 'final', certainty: 'definite', severity: 'medium', data: { image: 'scratch' } }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM gcr.io/distroless/static:nonroot\nCOPY m /m\n',
      name: 'distroless nonroot: info',
      errors: [{ line: 1, column: 1, severity: 'info' }],
    },
    {
      kind: 'dockerfile',
      code: 'ARG BASE\nFROM $BASE\n',
      errors: [{ line: 2, column: 1, certainty: 'unknown', data: { image: '$BASE' } }],
    },
  ],
});

// QA round 9 (real-world Dockerfiles): Windows Nano Server images run as ContainerUser; Server Core ones as ContainerAdministrator.
ruleTester(rule, {
  valid: [{ kind: 'dockerfile', code: 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n', name: 'nanoserver with USER ContainerUser' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: '# escape=`\nFROM mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022\nCOPY app C:\\app\n',
      name: 'nanoserver: info',
      errors: [{ line: 2, column: 1, severity: 'info', certainty: 'unknown', message: 'defaults to ContainerUser' }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022 AS n\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY --from=n C:\\x C:\\x\n',
      name: 'servercore final stage: administrator',
      errors: [{ line: 2, column: 1, severity: 'medium', certainty: 'unknown', data: { image: 'mcr.microsoft.com/windows/servercore:ltsc2022' } }],
    },
  ],
});

// QA: the fix of an Alpine or BusyBox base uses BusyBox's addgroup/adduser (groupadd/useradd do not exist there).
describe('df-user-not-set remediation by base image', () => {
  it.each([
    ['alpine:3.19', 'RUN addgroup -S -g 10001 app && adduser -S -G app -u 10001 app\nUSER 10001:10001'],
    ['node:20-alpine', 'RUN addgroup -S -g 10001 app && adduser -S -G app -u 10001 app\nUSER 10001:10001'],
    ['python:3.12-alpine3.20', 'RUN addgroup -S -g 10001 app && adduser -S -G app -u 10001 app\nUSER 10001:10001'],
    ['docker.io/library/busybox:1.36', 'RUN addgroup -S -g 10001 app && adduser -S -G app -u 10001 app\nUSER 10001:10001'],
    ['debian:12', 'RUN groupadd -r app && useradd -r -g app -u 10001 app\nUSER 10001:10001'],
    ['alpinelinux-lookalike/app:1', 'RUN groupadd -r app && useradd -r -g app -u 10001 app\nUSER 10001:10001'],
  ])('FROM %s', async (image, fix) => {
    const r = await auditSources([{ path: 'Dockerfile', text: `FROM ${image}\nRUN true\n` }], { rules: [rule], env: {} });
    expect(r.findings.map((f) => f.remediation)).toEqual([fix]);
  });
});

// QA (report d9): distroless / Chainguard final stages have no shell: the fix is a numeric USER, not useradd.
ruleTester(rule, {
  valid: [],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/base-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
      name: 'QA d9: distroless base, no USER: numeric fix',
      errors: [
        {
          line: 4,
          column: 1,
          severity: 'medium',
          certainty: 'unknown',
          data: { image: 'gcr.io/distroless/base-debian12' },
          remediation: 'USER 65532:65532   # distroless and Chainguard images have no shell to run useradd: 65532 is their built-in nonroot user',
        },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM cgr.dev/chainguard/static:latest\nCOPY m /m\n',
      name: 'Chainguard (non-root by default): info, numeric fix',
      errors: [{ line: 1, column: 1, severity: 'info', remediation: 'USER 65532:65532   # distroless and Chainguard images have no shell to run useradd: 65532 is their built-in nonroot user' }],
    },
  ],
});
