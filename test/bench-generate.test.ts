/**
 * The benchmark corpus generator (bench/generate.mjs) is deterministic and produces the corpus the
 * benchmark describes: 2,000 Compose files and 2,000 Dockerfiles, named so that bulwark (and dclint)
 * pick them up from a directory, valid YAML / parseable Dockerfiles with the varied constructs listed in
 * bench/README.md, including `HEALTHCHECK CMD` without options. No timing assertions here.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseDocument, isMap } from 'yaml';
import { DockerfileParser } from 'dockerfile-ast';
import { DEFAULT_COUNT, DEFAULT_SEED, generateCompose, generateCorpus, generateDockerfile, mulberry32 } from '../bench/generate.mjs';
import { detectKind } from '../src/ingest/detect.js';

const SMALL = 150;
/** dclint 3.1.0's file-name filter for directory scans. */
const DCLINT_NAME = /^(?:docker-)?compose.*\.ya?ml$/u;

afterEach(() => vi.restoreAllMocks());

describe('bench/generate.mjs determinism', () => {
  it('yields identical output for the same seed, without Math.random or the clock', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now used');
    });
    const a = generateCorpus({ seed: 7, compose: 40, dockerfile: 40 });
    const b = generateCorpus({ seed: 7, compose: 40, dockerfile: 40 });
    expect(b).toEqual(a);
    expect(a.seed).toBe(7);
  });

  it('gives different files for a different seed', () => {
    const a = generateCorpus({ seed: 1, compose: 10, dockerfile: 10 });
    const b = generateCorpus({ seed: 2, compose: 10, dockerfile: 10 });
    expect(b.compose.filter((f, i) => f.text === a.compose[i].text)).toHaveLength(0);
    expect(b.dockerfile.filter((f, i) => f.text === a.dockerfile[i].text)).toHaveLength(0);
  });

  it('makes file N independent of the count (a small corpus is a prefix of the full one)', () => {
    const c = generateCorpus({ compose: 12, dockerfile: 12 });
    expect(generateCompose(DEFAULT_SEED, 11)).toEqual(c.compose[11]);
    expect(generateDockerfile(DEFAULT_SEED, 11)).toEqual(c.dockerfile[11]);
  });

  it('mulberry32 is a seeded uniform [0,1) stream', () => {
    const r1 = mulberry32(42);
    const r2 = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => r1());
    expect(Array.from({ length: 1000 }, () => r2())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(1000);
  });
});

describe('bench/generate.mjs corpus shape', () => {
  it('produces 2,000 + 2,000 files by default, with unique names that bulwark detects', () => {
    expect(DEFAULT_COUNT).toBe(2000);
    const c = generateCorpus();
    expect(c.compose).toHaveLength(2000);
    expect(c.dockerfile).toHaveLength(2000);
    expect(new Set(c.compose.map((f) => f.name)).size).toBe(2000);
    expect(new Set(c.dockerfile.map((f) => f.name)).size).toBe(2000);
    expect(c.compose.filter((f) => detectKind(f.name, '') !== 'compose')).toEqual([]);
    expect(c.compose.filter((f) => !DCLINT_NAME.test(f.name))).toEqual([]);
    expect(c.dockerfile.filter((f) => detectKind(f.name, '') !== 'dockerfile')).toEqual([]);
    expect(c.compose[0].name).toBe('docker-compose.0000.yml');
    expect(c.compose[1].name).toBe('compose.0001.yaml');
    expect(c.dockerfile[0].name).toBe('Dockerfile.0000');
    expect(c.dockerfile[3].name).toBe('svc0003.Dockerfile');
  });

  const small = generateCorpus({ compose: SMALL, dockerfile: SMALL });
  const count = (files: { features: string[] }[], feat: string) => files.filter((f) => f.features.includes(feat)).length;

  it('Compose files are valid YAML with 1–8 services, 0.2–8 KB', () => {
    for (const f of small.compose) {
      const doc = parseDocument(f.text, { merge: true });
      expect(doc.errors, f.name).toEqual([]);
      const services = doc.get('services');
      expect(isMap(services), f.name).toBe(true);
      expect(isMap(services) ? services.items.length : -1, f.name).toBe(f.services);
      expect(f.services).toBeGreaterThanOrEqual(1);
      expect(f.services).toBeLessThanOrEqual(8);
      const bytes = Buffer.byteLength(f.text);
      expect(bytes, f.name).toBeGreaterThan(200);
      expect(bytes, f.name).toBeLessThan(8192);
    }
    const sizes = small.compose.map((f) => Buffer.byteLength(f.text)).sort((a, b) => a - b);
    const median = sizes[sizes.length >> 1];
    expect(median).toBeGreaterThan(1024);
    expect(median).toBeLessThan(6144);
  });

  it('Compose files vary: anchors and merge keys, short and long syntax, env list and map, CRLF', () => {
    const files = generateCorpus({ compose: 400, dockerfile: 0 }).compose;
    for (const feat of ['anchor', 'merge-key', 'ports-short', 'ports-long', 'volume-bind-short', 'volume-bind-long', 'volume-named', 'volume-tmpfs', 'env-list', 'env-map', 'deploy-resources', 'cap-add', 'cap-drop', 'healthcheck', 'privileged', 'literal-secret', 'empty-env', 'non-ascii', 'crlf']) {
      expect(count(files, feat), feat).toBeGreaterThan(0);
    }
    const merge = files.find((f) => f.features.includes('merge-key'))!;
    expect(merge.text).toContain('<<: *common');
    expect(files.find((f) => f.features.includes('crlf'))!.text).toContain('\r\n');
  });

  it('Dockerfiles have 20–120 lines, start with FROM/ARG or a comment, and parse', () => {
    for (const f of small.dockerfile) {
      const lines = f.text.split('\n').length - 1;
      expect(lines, f.name).toBeGreaterThanOrEqual(20);
      expect(lines, f.name).toBeLessThanOrEqual(120);
      const froms = DockerfileParser.parse(f.text).getFROMs();
      expect(froms.length, f.name).toBe(f.stages);
      expect(f.text.split('\n').find((l) => l !== '' && !l.startsWith('#')), f.name).toMatch(/^(FROM|ARG) /);
    }
  });

  it('Dockerfiles vary and include HEALTHCHECK CMD without options (the dockerfilelint crash)', () => {
    for (const feat of ['multi-stage', 'heredoc', 'env-equals', 'env-legacy', 'arg-before-from', 'run-continuation', 'user', 'user-root', 'no-user', 'healthcheck-no-options', 'healthcheck-options', 'healthcheck-none', 'directive', 'literal-secret']) {
      expect(count(small.dockerfile, feat), feat).toBeGreaterThan(0);
    }
    for (const f of small.dockerfile) {
      expect(f.features.includes('healthcheck-no-options'), f.name).toBe(/^HEALTHCHECK CMD /m.test(f.text));
      expect(f.features.includes('no-user'), f.name).toBe(!/^USER /m.test(f.text.slice(Math.max(0, f.text.lastIndexOf('\nFROM ')))));
    }
  });
});
