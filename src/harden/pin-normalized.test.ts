/**
 * `--pin-from` / profile `pins` keys matched as Docker normalizes image references (QA d12): a key written
 * `docker.io/library/redis:7.2.4` pins `image: redis:7.2.4`, a key `nginx:1.25` pins `docker.io/nginx:1.25`; the
 * default tag `latest` only when neither side writes a tag. An image the pins do not cover gets a not-fixed note.
 */
import { describe, expect, it } from 'vitest';
import { hardenText } from './index.js';
import { pinFor } from './fixes/pin.js';

const D3 = 'sha256:' + '3'.repeat(64);
const D2 = 'sha256:' + '2'.repeat(64);
const D4 = 'sha256:' + '4'.repeat(64);
const D5 = 'sha256:' + '5'.repeat(64);

describe('pins matched by normalized reference', () => {
  it('QA d12: docker.io/library/ keys pin short names in a Compose file', async () => {
    const text = 'services:\n  cache:\n    image: redis:7.2.4\n  web:\n    image: nginx:1.25\n';
    const r = await hardenText({ path: 'compose.yml', text }, { only: ['BW-0027'], profile: { pins: { 'docker.io/library/redis:7.2.4': D3, 'docker.io/library/nginx:1.25': D2 } } });
    expect(r.output).toBe(`services:\n  cache:\n    image: redis:7.2.4@${D3}\n  web:\n    image: nginx:1.25@${D2}\n`);
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.target} ${c.ruleId}`)).toEqual(['3:12 cache BW-0027', '5:12 web BW-0027']);
    expect(r.notes).toEqual([]);
  });

  it('a short key pins docker.io/nginx:1.25 on a run line; tags must match; uncovered images are named in a note', async () => {
    const text = 'docker run -d docker.io/nginx:1.25\ndocker run -d postgres:16\ndocker run -d nginx\n';
    const r = await hardenText({ path: 'run.sh', text }, { only: ['BW-0027'], profile: { pins: { 'nginx:1.25': D2, 'nginx:latest': D4 } } });
    expect(r.output).toBe(`docker run -d docker.io/nginx:1.25@${D2}\ndocker run -d postgres:16\ndocker run -d nginx\n`);
    expect(r.notes).toEqual([
      'postgres:16: BW-0027: run.sh:2:15: not pinned: the pins given (--pin-from, profile pins) have no digest for postgres:16 (matched as docker.io/library/postgres:16); add it, or run bulwark pin',
      'nginx: BW-0027: run.sh:3:15: not pinned: the pins given (--pin-from, profile pins) have no digest for nginx (matched as docker.io/library/nginx); add it, or run bulwark pin',
    ]);
  });

  it('Dockerfile FROM (BW-0107) with a docker.io/library/ key', async () => {
    const text = 'FROM node:20-slim\nUSER node\n';
    const r = await hardenText({ path: 'Dockerfile', text }, { only: ['BW-0107'], profile: { pins: { 'docker.io/library/node:20-slim': D5 } } });
    expect(r.output).toBe(`FROM node:20-slim@${D5}\nUSER node\n`);
  });

  it('no pins given: no note', async () => {
    const r = await hardenText({ path: 'compose.yml', text: 'services:\n  a:\n    image: redis:7.2.4\n' }, { only: ['BW-0027'] });
    expect([r.changes.length, r.notes]).toEqual([0, []]);
  });

  it('pinFor: normalization rules', () => {
    const pins = { 'docker.io/library/redis:7.2.4': D3, 'index.docker.io/acme/web:1': D4, 'ghcr.io/o/app:2': D5, 'registry:5000/x': D2 };
    expect(pinFor(pins, 'redis:7.2.4')).toBe(D3);
    expect(pinFor(pins, 'docker.io/redis:7.2.4')).toBe(D3);
    expect(pinFor(pins, 'redis:7.2')).toBeUndefined();
    expect(pinFor(pins, 'redis')).toBeUndefined();
    expect(pinFor(pins, 'acme/web:1')).toBe(D4);
    expect(pinFor(pins, 'ghcr.io/o/app:2')).toBe(D5);
    expect(pinFor(pins, 'o/app:2')).toBeUndefined();
    expect(pinFor(pins, 'registry:5000/x')).toBe(D2);
    expect(pinFor(pins, 'registry:5000/x:latest')).toBeUndefined();
    expect(pinFor({ 'nginx:latest': D4 }, 'nginx')).toBeUndefined();
    expect(pinFor({ nginx: D4 }, 'docker.io/library/nginx')).toBe(D4);
  });
});
