import { ruleTester } from './tester.js';
import rule from './df-user-root.js';

// R-K, R-G5, CIS 1.6.0 4.1; corpus jenkins-agent (USER root then USER 1001: nothing).
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM ubi8\nUSER root\nRUN yum -y install x\nUSER 1001\n' },
    { kind: 'dockerfile', code: 'FROM alpine\n' },
    { kind: 'dockerfile', code: 'FROM alpine AS b\nUSER root\nFROM alpine\nUSER 10\n', name: 'root only in an unshipped stage' },
    { kind: 'dockerfile', code: 'FROM alpine\nUSER rootless\n' },
  ],
  invalid: [
    { kind: 'dockerfile', code: 'FROM alpine\nUSER root\n', errors: [{ line: 2, column: 6, endColumn: 10, severity: 'high', data: { user: 'root' } }] },
    { kind: 'dockerfile', code: 'FROM alpine\nUSER 0:0\n', errors: [{ line: 2, column: 6, endColumn: 9, data: { user: '0:0' } }] },
    { kind: 'dockerfile', name: 'QA: +0 is uid 0 to runc (strconv.Atoi takes a sign)', code: 'FROM alpine:3.20\nUSER +0\n', errors: [{ line: 2, column: 6, endColumn: 8, severity: 'high', data: { user: '+0' } }] },
    { kind: 'dockerfile', code: 'FROM alpine AS base\nuser root:root\nFROM base\nRUN id\n', name: 'inherited root', errors: [{ line: 2, column: 6, data: { user: 'root:root' } }] },
    { kind: 'dockerfile', code: 'FROM alpine\nARG U=0\nUSER $U\n', name: 'USER from ARG default', errors: [{ line: 3, column: 6, data: { user: '0' } }] },
  ],
});

// QA (real-world Dockerfiles): .NET 8 template `USER $APP_UID` (set by the base image) and Windows containers.
ruleTester(rule, {
  valid: [{ kind: 'dockerfile', code: 'FROM alpine\nARG UID=10001\nUSER ${UID}\n', name: 'USER from a resolved ARG' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0 AS base\r\nWORKDIR /app\r\n\r\nFROM base AS final\r\nUSER $APP_UID\r\nENTRYPOINT ["dotnet", "WebApp.dll"]\r\n',
      name: 'USER from a variable the base image sets: unknown, info',
      errors: [{ line: 5, column: 6, endColumn: 14, severity: 'info', certainty: 'unknown', data: { user: '$APP_UID' } }],
    },
    {
      kind: 'dockerfile',
      code: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerAdministrator\n',
      errors: [{ line: 3, column: 6, endColumn: 28, severity: 'high', data: { user: 'ContainerAdministrator' } }],
    },
  ],
});

// QA round 2: ONBUILD USER root switches images built FROM this one to root: info.
ruleTester(rule, {
  valid: [{ kind: 'dockerfile', code: 'FROM node:20-alpine\nONBUILD USER node\nUSER node\n', name: 'ONBUILD USER node' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM node:20-alpine\nONBUILD USER root\nUSER node\n',
      errors: [{ line: 2, column: 14, endColumn: 18, severity: 'info', data: { user: 'root' } }],
    },
  ],
});

// QA round 16: a USER root the final stage inherits belongs to the final stage, not to the stage that wrote it.
ruleTester(rule, {
  valid: [],
  invalid: [
    {
      kind: 'dockerfile',
      name: 'FROM base AS prod after USER root in base: target prod, at the USER in base',
      code: 'FROM node:20-slim AS base\nUSER root\nRUN npm ci\n\nFROM base AS prod\nCMD ["node", "server.js"]\n',
      errors: [{ line: 2, column: 6, target: 'prod', message: 'final stage runs as root (USER root, inherited from stage base)', data: { user: 'root' } }],
    },
  ],
});

// QA (report d6): an ARG without a default feeding USER is empty in a plain build: Config.User "" (root).
ruleTester(rule, {
  valid: [{ kind: 'dockerfile', code: 'FROM debian:12-slim\nARG RUN_AS=app\nUSER ${RUN_AS}\n', name: 'ARG with a default: resolved, not root' }],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM debian:12-slim\nARG RUN_AS\nUSER ${RUN_AS}\nCMD ["/app/run"]\n',
      name: 'QA d6: ARG RUN_AS without a default, USER ${RUN_AS}',
      errors: [
        {
          line: 3,
          column: 6,
          endColumn: 15,
          severity: 'medium',
          certainty: 'unknown',
          data: { user: '${RUN_AS}' },
          message: 'final stage runs as USER ${RUN_AS}, and ARG RUN_AS has no default: a build without --build-arg RUN_AS=… runs as root',
        },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian:12-slim\nARG UID\nUSER $UID:1000\n',
      name: 'ARG without a default as the user part of user:group',
      errors: [{ line: 3, column: 6, endColumn: 15, severity: 'medium', certainty: 'unknown', data: { user: '$UID:1000' } }],
    },
  ],
});

// QA (report d3): a USER naming an account the Dockerfile gives uid 0 runs as root.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM debian:12-slim\nRUN useradd --uid 10001 -M admin\nUSER admin\n', name: 'useradd with a non-zero uid' },
    { kind: 'dockerfile', code: 'FROM debian:12-slim AS b\nRUN useradd -o -u 0 admin\nFROM debian:12-slim\nRUN useradd -u 1000 admin\nUSER admin\n', name: 'uid 0 only in a stage not shipped' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM debian:12-slim\nRUN useradd --non-unique --uid 0 --gid 0 -M admin\nUSER admin\nCMD ["/app/run"]\n',
      name: 'QA d3: useradd --non-unique --uid 0',
      errors: [{ line: 3, column: 6, endColumn: 11, severity: 'high', data: { user: 'admin' }, message: 'final stage runs as root: USER admin names a user this Dockerfile makes uid 0 (useradd -u 0 admin)' }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian:12-slim\nRUN echo "admin:x:0:0::/:/bin/sh" >> /etc/passwd\nRUN useradd app && usermod -o -u0 app\nUSER admin\n',
      name: 'a passwd line with uid 0; usermod -u0',
      errors: [{ line: 4, column: 6, endColumn: 11, severity: 'high', data: { user: 'admin' }, message: 'final stage runs as root: USER admin names a user this Dockerfile makes uid 0 (admin:x:0 in /etc/passwd)' }],
    },
    {
      kind: 'dockerfile',
      code: 'FROM debian:12-slim\nRUN useradd app && usermod -o -u 0 app\nUSER app:app\n',
      name: 'usermod -o -u 0, USER user:group',
      errors: [{ line: 3, column: 6, endColumn: 13, severity: 'high', data: { user: 'app:app' }, message: '(usermod -u 0 app)' }],
    },
  ],
});
