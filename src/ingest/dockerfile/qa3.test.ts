/**
 * QA round 3 (real-world Dockerfiles): input errors say what is wrong once. A lone `FROM` with no image is
 * one error at its line, not also "no FROM instruction" (which contradicts the file).
 */
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../model/source.js';
import { ingestDockerfile } from './index.js';

async function errorsOf(text: string) {
  const r = await ingestDockerfile(new SourceFile('Dockerfile', text), { env: {}, readFile: async () => undefined });
  return r.errors.map((e) => `${e.line}:${e.column} ${e.message}`);
}

describe('FROM without an image', () => {
  it('is one input error at the FROM', async () => {
    expect(await errorsOf('# base image to be filled in\nFROM\nRUN true\n')).toEqual(['2:1 FROM without an image']);
  });
  it('a file with no FROM at all still says so once', async () => {
    expect(await errorsOf('RUN true\n')).toEqual(['1:1 no FROM instruction: not a buildable Dockerfile (a fragment or template?)']);
  });
});

describe('an empty Dockerfile (QA)', () => {
  it('is an input error, not a clean image: docker build refuses it', async () => {
    expect(await errorsOf('')).toEqual(['1:1 empty Dockerfile: no instructions; docker build refuses it']);
    expect(await errorsOf('\n\n')).toEqual(['1:1 empty Dockerfile: no instructions; docker build refuses it']);
  });
});
