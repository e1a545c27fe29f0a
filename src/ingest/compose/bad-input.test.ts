/** Bad input never throws out of the Compose ingester (ingester contract, src/ingest/types.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../model/source.js';
import { ingestCompose, looksLikeCompose } from './index.js';
import { fakeCtx, ingestText } from './test-helpers.js';

describe('bad input', () => {
  it('malformed YAML: first error with line, column and a one-line message', async () => {
    const { r } = await ingestText('services:\n  a:\n    image: [x\n  b: 1\n');
    expect(r.containers).toEqual([]);
    expect(r.errors).toEqual([
      { file: 'compose.yml', line: 4, column: 3, message: 'Flow sequence in block collection must be sufficiently indented and end with a ]', code: 'parse' },
    ]);
  });
  it('an alias with no anchor before it is a parse error at the alias, as docker compose refuses the file (QA)', async () => {
    const { r } = await ingestText('x-base: &base {restart: always}\nservices:\n  web:\n    <<: *base\n    image: *undefined\n  db:\n    image: *later\n  late:\n    image: &later postgres:16\n');
    expect(r.errors).toEqual([{ file: 'compose.yml', line: 5, column: 12, message: 'unknown alias *undefined: no anchor &undefined before it', code: 'parse' }]);
    expect(r.containers).toEqual([]);
  });
  it('billion laughs: alias-bomb error, no blow-up', async () => {
    const lines = ['a: &a [x,x,x,x,x,x,x,x,x]'];
    for (let i = 1; i < 9; i++) lines.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill('*' + 'abcdefghi'[i - 1]).join(',')}]`);
    lines.push('services:\n  s:\n    labels: *i');
    const { r } = await ingestText(lines.join('\n') + '\n');
    expect(r.errors.map((e) => e.code)).toEqual(['alias-bomb']);
    expect(r.containers).toEqual([]);
  });
  it('100000 nested [ is too-deep, not a stack overflow', async () => {
    const { r } = await ingestText('services: ' + '['.repeat(100000));
    expect(r.errors).toEqual([{ file: 'compose.yml', line: 1, column: 211, message: 'YAML nesting deeper than 200 levels', code: 'too-deep' }]);
  });
  it('services not a mapping; a service not a mapping; others still modelled', async () => {
    const a = await ingestText('services: [a, b]\n');
    expect(a.r.errors).toEqual([{ file: 'compose.yml', line: 1, column: 11, message: '`services` must be a mapping of service names to service definitions', code: 'parse' }]);
    const b = await ingestText('services:\n  bad: 42\n  good:\n    privileged: true\n');
    expect(b.r.errors).toEqual([{ file: 'compose.yml', line: 2, column: 8, message: 'service "bad" must be a mapping', code: 'parse' }]);
    expect(b.r.containers.map((c) => c.target.name)).toEqual(['good']);
  });
  it('an empty file is an error, as compose-go\'s "empty compose file"; a file without services gives nothing and no error', async () => {
    expect((await ingestText('')).r).toEqual({
      containers: [],
      images: [],
      errors: [{ file: 'compose.yml', line: 1, column: 1, code: 'parse', message: 'empty Compose file: no services; docker compose refuses it ("empty compose file")' }],
      comments: [],
    });
    expect((await ingestText('networks: {x: {}}\n')).r).toEqual({ containers: [], images: [], errors: [], comments: [] });
    expect(await ingestCompose([], fakeCtx())).toEqual({ containers: [], images: [], errors: [] });
  });
  it('property: ingestCompose never throws on arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (s) => {
        const r = await ingestCompose([new SourceFile('x.yml', s)], fakeCtx());
        expect(Array.isArray(r.errors)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('property: never throws on service-shaped YAML with arbitrary keys and values', async () => {
    const keys = ['image', 'user', 'privileged', 'volumes', 'ports', 'devices', 'environment', 'cap_add', 'security_opt', 'ulimits', 'deploy', 'extends', 'healthcheck', 'labels', 'tmpfs', 'networks', 'mem_limit', 'cpus', 'env_file', 'secrets'];
    const value = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.integer()), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...keys), value), async (svc) => {
        const text = JSON.stringify({ services: { s: svc } });
        const r = await ingestCompose([new SourceFile('x.yml', text)], fakeCtx());
        expect(r.containers.length + r.errors.length).toBeGreaterThan(0);
        expect(r.errors.every((e) => !e.message.includes('internal error'))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('looksLikeCompose', () => {
  it('accepts services mappings, rejects Kubernetes manifests and other YAML', () => {
    expect(looksLikeCompose('version: "3"\nservices:\n  a: {}\n')).toBe(true);
    expect(looksLikeCompose('apiVersion: v1\nkind: Service\nspec:\n  ports: []\nservices:\n')).toBe(false);
    expect(looksLikeCompose('name: ci\non: push\njobs: {}\n')).toBe(false);
    expect(looksLikeCompose('# services: commented\nfoo: 1\n')).toBe(false);
  });
});
