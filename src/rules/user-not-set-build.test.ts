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
});
