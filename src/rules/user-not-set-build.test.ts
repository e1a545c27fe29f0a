/**
 * BW-0004 for a Compose service built from a Dockerfile (QA r09): with no `user:`, the container runs as the image's
 * `Config.User`, which the build takes from the USER of the Dockerfile's final stage (or of `build.target`'s stage).
 * The Dockerfile is found as docker compose finds it (compose-spec build.md: `context`, default the Compose file's
 * directory; `dockerfile`, default `Dockerfile`, relative to the context; or `dockerfile_inline`) and read beside the
 * Compose file: a non-root USER means no finding, root a definite one; no USER, or no Dockerfile to read, stays as
 * without a build (unknown: the base image decides).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';

async function bw0004(files: Record<string, string>) {
  const r = await auditSources(Object.entries(files).map(([path, text]) => ({ path, text })), { env: {} });
  return r.findings.filter((f) => f.ruleId === 'BW-0004').map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.certainty} ${f.target.name} ${f.message}`);
}

const R09_DOCKERFILE = 'FROM node:20-slim\nWORKDIR /app\nUSER node\nHEALTHCHECK CMD node -e "process.exit(0)"\nCMD ["node","index.js"]\n';
const UNKNOWN = "no user set: the container runs as the image's default user, usually root";

describe('BW-0004 reads the USER of the Dockerfile a service is built from (QA r09)', () => {
  it('build: ./app whose Dockerfile ends as USER node: no finding', async () => {
    expect(await bw0004({ 'compose.yaml': 'services:\n  web:\n    build: ./app\n    read_only: true\n', 'app/Dockerfile': R09_DOCKERFILE })).toEqual([]);
  });

  it('a Dockerfile that ends as root: definite, naming the Dockerfile', async () => {
    const df = 'FROM node:20-slim\nUSER node\nRUN npm ci\nUSER root\nCMD ["node","index.js"]\n';
    expect(await bw0004({ 'compose.yaml': 'services:\n  web:\n    build: ./app\n', 'app/Dockerfile': df })).toEqual([
      'compose.yaml:2:3 medium definite web no user set: the image is built from app/Dockerfile, whose final stage runs as USER root',
    ]);
  });

  it('context and dockerfile keys; a final stage that inherits its USER from an earlier stage', async () => {
    const df = 'FROM python:3.12-slim AS base\nRUN useradd -u 10001 app\nUSER app\nFROM base\nCOPY . /app\n';
    const compose = 'services:\n  api:\n    build:\n      context: ./svc\n      dockerfile: docker/Prod.Dockerfile\n';
    expect(await bw0004({ 'compose.yaml': compose, 'svc/docker/Prod.Dockerfile': df })).toEqual([]);
    // The default Dockerfile name is not what this build uses.
    expect(await bw0004({ 'compose.yaml': compose, 'svc/Dockerfile': df })).toEqual([`compose.yaml:2:3 medium unknown api ${UNKNOWN}`]);
  });

  it('build.target: the USER of that stage, not of the last one', async () => {
    const df = 'FROM golang:1.22 AS dev\nUSER 0\nFROM gcr.io/distroless/static:nonroot\nUSER 65532\n';
    const compose = 'services:\n  api:\n    build:\n      context: .\n      target: dev\n';
    expect(await bw0004({ 'compose.yaml': compose, Dockerfile: df })).toEqual([
      'compose.yaml:2:3 medium definite api no user set: the image is built from Dockerfile, whose stage dev runs as USER 0',
    ]);
  });

  it('dockerfile_inline: its USER decides', async () => {
    expect(await bw0004({ 'compose.yaml': 'services:\n  tool:\n    build:\n      dockerfile_inline: |\n        FROM alpine:3.19\n        USER 1000\n' })).toEqual([]);
    expect(await bw0004({ 'compose.yaml': 'services:\n  tool:\n    build:\n      dockerfile_inline: |\n        FROM alpine:3.19\n        USER root\n' })).toEqual([
      'compose.yaml:2:3 medium definite tool no user set: the image is built from its dockerfile_inline, whose final stage runs as USER root',
    ]);
  });

  it('unknown as before: no USER in the Dockerfile, no Dockerfile to read, a remote context, a USER from a build argument', async () => {
    expect(await bw0004({ 'compose.yaml': 'services:\n  web:\n    build: ./app\n', 'app/Dockerfile': 'FROM node:20-slim\nCMD ["node"]\n' })).toEqual([`compose.yaml:2:3 medium unknown web ${UNKNOWN}`]);
    expect(await bw0004({ 'compose.yaml': 'services:\n  web:\n    build: ./app\n' })).toEqual([`compose.yaml:2:3 medium unknown web ${UNKNOWN}`]);
    expect(await bw0004({ 'compose.yaml': 'services:\n  web:\n    build: https://github.com/acme/web.git#main\n', Dockerfile: 'FROM alpine\nUSER 1000\n' })).toEqual([`compose.yaml:2:3 medium unknown web ${UNKNOWN}`]);
    expect(await bw0004({ 'compose.yaml': 'services:\n  web:\n    build: .\n', Dockerfile: 'FROM alpine\nARG UID\nUSER ${UID}\n' })).toEqual([`compose.yaml:2:3 medium unknown web ${UNKNOWN}`]);
  });

  describe('build.args set the ARGs a USER takes (compose-spec build.md "args": each is a --build-arg; QA)', () => {
    const df = (uid: string) => `FROM alpine:3.20\nARG APP_UID=${uid}\nUSER \${APP_UID}\nHEALTHCHECK CMD true\n`;
    const compose = (args: string) => `services:\n  app:\n    build:\n      context: .\n      args:\n${args}`;

    it('args APP_UID "0" over ARG APP_UID=10001: the image runs as uid 0, definite', async () => {
      expect(await bw0004({ 'compose.yaml': compose('        APP_UID: "0"\n'), Dockerfile: df('10001') })).toEqual([
        'compose.yaml:2:3 medium definite app no user set: the image is built from Dockerfile, whose final stage runs as USER 0 (set by build.args APP_UID)',
      ]);
      // The list form and a global ARG redeclared in the stage without a default take it the same way.
      const global = 'ARG APP_UID=10001\nFROM alpine:3.20\nARG APP_UID\nUSER ${APP_UID}:${APP_UID}\n';
      expect(await bw0004({ 'compose.yaml': compose('        - APP_UID=0\n'), Dockerfile: global })).toEqual([
        'compose.yaml:2:3 medium definite app no user set: the image is built from Dockerfile, whose final stage runs as USER 0:0 (set by build.args APP_UID)',
      ]);
    });

    it('args APP_UID "10001" over ARG APP_UID=0: not root, no finding; an argument the USER does not take changes nothing', async () => {
      expect(await bw0004({ 'compose.yaml': compose('        APP_UID: "10001"\n'), Dockerfile: df('0') })).toEqual([]);
      expect(await bw0004({ 'compose.yaml': compose('        OTHER: "10001"\n'), Dockerfile: df('0') })).toEqual([
        'compose.yaml:2:3 medium definite app no user set: the image is built from Dockerfile, whose final stage runs as USER 0',
      ]);
    });

    it('an argument from an unset variable or without a value: the user is unknown', async () => {
      expect(await bw0004({ 'compose.yaml': compose('        - APP_UID=${HOST_UID}\n'), Dockerfile: df('10001') })).toEqual([`compose.yaml:2:3 medium unknown app ${UNKNOWN}`]);
      expect(await bw0004({ 'compose.yaml': compose('        - APP_UID\n'), Dockerfile: df('10001') })).toEqual([`compose.yaml:2:3 medium unknown app ${UNKNOWN}`]);
      // A variable the environment sets is known.
      const r = await auditSources([{ path: 'compose.yaml', text: compose('        - APP_UID=${HOST_UID}\n') }, { path: 'Dockerfile', text: df('10001') }], { env: { HOST_UID: '0' } });
      expect(r.findings.filter((f) => f.ruleId === 'BW-0004').map((f) => `${f.certainty} ${f.message}`)).toEqual([
        'definite no user set: the image is built from Dockerfile, whose final stage runs as USER 0 (set by build.args APP_UID)',
      ]);
    });

    it('dockerfile_inline takes the args too', async () => {
      const inline = 'services:\n  tool:\n    build:\n      args:\n        UID: "0"\n      dockerfile_inline: |\n        FROM alpine:3.19\n        ARG UID=1000\n        USER $UID\n';
      expect(await bw0004({ 'compose.yaml': inline })).toEqual([
        'compose.yaml:2:3 medium definite tool no user set: the image is built from its dockerfile_inline, whose final stage runs as USER 0 (set by build.args UID)',
      ]);
    });
  });
});
