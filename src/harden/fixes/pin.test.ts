import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

const D = 'sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const pins = { 'nginx:1.27': D, 'postgres:16': D, 'node:20-slim': D };

describe('digest pinning from known digests (safe)', () => {
  it('BW-0027: pins Compose images, quoted or not, and run-line images; leaves unknown images alone', async () => {
    const text = 'services:\n  a:\n    image: nginx:1.27\n  b:\n    image: "postgres:16"\n  c:\n    image: redis:7\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0027'], profile: { pins } });
    expect(r.output).toBe(`services:\n  a:\n    image: nginx:1.27@${D}\n  b:\n    image: "postgres:16@${D}"\n  c:\n    image: redis:7\n`);
    const run = await hardenText({ path: 'x.sh', text: 'docker run --rm nginx:1.27 true\n' }, { only: ['BW-0027'], profile: { pins } });
    expect(run.output).toBe(`docker run --rm nginx:1.27@${D} true\n`);
  });

  it('BW-0107: pins a Dockerfile base image, keeping AS', async () => {
    const r = await hardenText({ path: 'Dockerfile', text: 'FROM node:20-slim AS app\nCOPY . /app\n' }, { only: ['BW-0107'], profile: { pins } });
    expect(r.output).toBe(`FROM node:20-slim@${D} AS app\nCOPY . /app\n`);
  });

  it('does nothing without a known digest', async () => {
    const text = 'FROM node:20-slim\n';
    expect((await hardenText({ path: 'Dockerfile', text }, { only: ['BW-0107'] })).output).toBe(text);
  });
});
