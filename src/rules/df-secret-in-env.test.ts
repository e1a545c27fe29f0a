import { ruleTester } from './tester.js';
import rule from './df-secret-in-env.js';

// R-S, CIS 1.6.0 4.10; corpus dockerfile/s3-namegrabber-arg-to-env-aws-keys.Dockerfile.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine\nENV TZ=UTC PATH=/usr/local/bin:$PATH\n' },
    { kind: 'dockerfile', code: 'FROM alpine\nENV DB_PASSWORD=\nENV API_TOKEN=""\n', name: 'empty values' },
    { kind: 'dockerfile', code: 'FROM alpine\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db_pw\nENV POSTGRES_USER=app\n', name: '*_FILE and user' },
    { kind: 'dockerfile', code: 'FROM alpine\n# ENV DB_PASSWORD=hunter2\n', name: 'comment' },
    { kind: 'dockerfile', code: 'FROM alpine\nARG TOKEN\nRUN --mount=type=secret,id=t ./build.sh\n', name: 'ARG without default, not copied' },
    { kind: 'dockerfile', code: 'FROM golang AS build\nARG GITHUB_TOKEN\nENV GITHUB_TOKEN=$GITHUB_TOKEN\nRUN go build\nFROM alpine\nCOPY --from=build /app /app\n', name: 'build-arg in a stage that is not shipped' },
    { kind: 'dockerfile', code: 'FROM alpine\nARG VERSION=1.2\nENV VERSION=$VERSION\n', name: 'non-secret build arg' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM python:3.6-stretch\nARG AWS_ACCESS_KEY_ID\nARG AWS_SECRET_ACCESS_KEY\nENV AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID\nENV AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}\n',
      errors: [
        { line: 4, column: 5, endLine: 4, endColumn: 41, severity: 'medium', data: { name: 'AWS_ACCESS_KEY_ID', kind: 'build-arg' } },
        { line: 5, column: 5, endColumn: 51, severity: 'medium', data: { name: 'AWS_SECRET_ACCESS_KEY', kind: 'build-arg' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nENV DB_HOST=db DB_PASSWORD="s3cr3t pw" \\\n    API_KEY=abc\n',
      errors: [
        { line: 2, column: 16, endColumn: 39, severity: 'high', data: { name: 'DB_PASSWORD', kind: 'literal' } },
        { line: 3, column: 5, endColumn: 16, severity: 'high', data: { name: 'API_KEY', kind: 'literal' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine\nenv MYSQL_ROOT_PASSWORD changeme\n',
      name: 'legacy ENV syntax, lower-case keyword',
      errors: [{ line: 2, column: 5, endColumn: 33, data: { name: 'MYSQL_ROOT_PASSWORD', kind: 'literal' } }],
    },
    {
      kind: 'dockerfile',
      code: 'ARG NPM_TOKEN=npm_abcdef\nFROM node:20\nARG ADMIN_PASSWORD=admin\nENV GREETING=AKIAIOSFODNN7EXAMPLE\n',
      errors: [
        { line: 1, column: 5, endColumn: 25, severity: 'high', data: { name: 'NPM_TOKEN', kind: 'literal' } },
        { line: 3, column: 5, endColumn: 25, data: { name: 'ADMIN_PASSWORD', kind: 'literal' } },
        { line: 4, column: 5, data: { name: 'GREETING', kind: 'literal' } },
      ],
    },
    {
      kind: 'dockerfile',
      code: 'FROM alpine AS base\nENV SECRET_KEY=abc\nFROM base\nENV OTHER=1\n',
      name: 'inherited ENV reported once',
      errors: [{ line: 2, column: 5, data: { name: 'SECRET_KEY', kind: 'literal' } }],
    },
  ],
});

// QA (real-world Dockerfiles): the .npmrc pattern. `ARG NPM_TOKEN` used by a RUN of the shipped stage puts the
// --build-arg value into the RUN's history entry (`RUN |1 NPM_TOKEN=… /bin/sh -c …`).
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM node:20 AS build\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\nFROM nginx\nCOPY --from=build /app /usr/share/nginx/html\n', name: 'ARG used in a builder stage that is not shipped' },
    { kind: 'dockerfile', code: 'FROM alpine\nARG GIT_SHA\nRUN echo $GIT_SHA > /version\n', name: 'non-secret ARG used by RUN' },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN echo $NPM_TOKEN\nARG NPM_TOKEN\n', name: 'RUN before the ARG does not see it' },
    { kind: 'dockerfile', code: 'FROM alpine\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN_FILE\n', name: 'another variable with the ARG name as prefix' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'FROM node:20-alpine\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc && npm ci && rm ~/.npmrc\nARG GITHUB_TOKEN\nRUN curl -H "Authorization: token $GITHUB_TOKEN" -o /tmp/x https://api.github.com/x\nUSER node\n',
      errors: [
        { line: 2, column: 5, endLine: 2, endColumn: 14, severity: 'medium', data: { name: 'NPM_TOKEN', kind: 'build-arg' } },
        { line: 4, column: 5, endLine: 4, endColumn: 17, severity: 'medium', data: { name: 'GITHUB_TOKEN', kind: 'build-arg' } },
      ],
    },
  ],
});
