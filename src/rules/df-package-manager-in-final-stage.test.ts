import { ruleTester } from './tester.js';
import rule from './df-package-manager-in-final-stage.js';

// R-K; corpus jenkins-agent (yum install && yum clean all: nothing).
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM ubi8\nRUN yum --disableplugin=subscription-manager -y install nodejs && yum clean all -y\n' },
    { kind: 'dockerfile', code: 'FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN apk add --no-cache curl\n' },
    { kind: 'dockerfile', code: 'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl\n' },
    { kind: 'dockerfile', code: 'FROM golang AS build\nRUN apk add git\nFROM scratch\n', name: 'builder stage' },
  ],
  invalid: [
    { kind: 'dockerfile', code: 'FROM alpine\nRUN apk add curl\n', errors: [{ line: 2, column: 5, endColumn: 12, severity: 'info', data: { manager: 'apk' }, remediation: 'RUN apk add --no-cache <packages>' }] },
    {
      kind: 'dockerfile',
      name: 'QA: each package manager gets its own fix',
      code: 'FROM fedora:40\nRUN dnf install -y curl\nRUN zypper install -y git\n',
      errors: [
        { line: 2, column: 5, data: { manager: 'dnf' }, remediation: 'RUN dnf install -y <packages> && dnf clean all' },
        { line: 3, column: 5, data: { manager: 'zypper' }, remediation: 'RUN zypper --non-interactive install <packages> && zypper clean --all' },
      ],
    },
    { kind: 'dockerfile', code: 'FROM ubuntu\nRUN apt-get update && apt-get install -y x && apt-get clean\n', errors: [{ line: 2, column: 23, data: { manager: 'apt' } }] },
  ],
});

// QA round 9 (real-world Dockerfiles): the Docker docs' apt cache pattern has several --mount flags; the cache one need not be last.
ruleTester(rule, {
  valid: [
    {
      kind: 'dockerfile',
      code: 'FROM debian:bookworm\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    --mount=type=bind,source=packages.txt,target=/tmp/packages.txt \\\n    apt-get update && apt-get --no-install-recommends install -y gcc\n',
      name: 'cache mount before a bind mount',
    },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM debian:bookworm\nRUN --mount=type=bind,source=a,target=/a --mount=type=secret,id=x apt-get update && apt-get install -y gcc\n',
      name: 'mounts, none a cache',
      errors: [{ line: 2, column: 85, endColumn: 100, data: { manager: 'apt' } }],
    },
  ],
});
