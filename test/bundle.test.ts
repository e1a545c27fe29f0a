/**
 * The bundle's copy of `yaml` (tsup.config.ts `esbuildOptions`; issue 2, speed of the Compose audit) is yaml's
 * ES-module build, not the CommonJS one that Node's `require('yaml')` loads. The CommonJS build reads
 * `process.env.LOG_TOKENS` once per token and `process.env.LOG_STREAM` once per top-level token (~3 million reads
 * into Node's environment for the bench corpus); the ES-module build has no such debug logs. These tests check
 * that the built CLI never reads them, and that the two builds give the same documents, errors and node ranges
 * for every YAML file of the test fixtures and the shared corpus, so the swap changes no finding.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCompose } from '../bench/generate.mjs';
import { CORPUS_DIR } from './support/corpus.js';

const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n  db:\n    image: postgres:16\n';

function runCli(env: Record<string, string>, preloadSource?: string): { status: number | null; stdout: string; counts?: Record<string, number> } {
  const dir = mkdtempSync(join(tmpdir(), 'bw-bundle-'));
  const file = join(dir, 'compose.yaml');
  writeFileSync(file, COMPOSE);
  const args = [resolve('dist/cli.js'), 'audit', file, '--format', 'json'];
  const out = join(dir, 'counts.json');
  if (preloadSource) {
    const preload = join(dir, 'preload.cjs');
    writeFileSync(preload, preloadSource.replace('__OUT__', JSON.stringify(out)));
    args.unshift('-r', preload);
  }
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: r.status, stdout: r.stdout, counts: preloadSource ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, number>) : undefined };
}

// Replaces process.env by a proxy that counts reads of the two variables, and writes the counts at exit.
const COUNTING = `const counts = { LOG_TOKENS: 0, LOG_STREAM: 0 };
const real = process.env;
process.env = new Proxy(real, { get(t, k) { if (k in counts) counts[k]++; return t[k]; } });
process.on('exit', () => require('fs').writeFileSync(__OUT__, JSON.stringify(counts)));
`;

/** Every `.yml`/`.yaml` file under `dir` (recursively; node_modules skipped). */
function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/i.test(name)) out.push(p);
  }
  return out.sort();
}

type YamlModule = typeof import('yaml');

/** What a parse gives that bulwark reads: the documents' data, their errors and warnings, and every node's range. */
function summary(yaml: YamlModule, text: string): unknown {
  return yaml.parseAllDocuments(text, { merge: true, uniqueKeys: false, prettyErrors: false }).map((doc) => {
    if (!('contents' in doc)) return { empty: true };
    const ranges: unknown[] = [];
    yaml.visit(doc, { Node: (_k, n) => void ranges.push(n.range) });
    return {
      data: doc.toJS({ maxAliasCount: -1 }),
      errors: doc.errors.map((e) => [e.code, e.pos]),
      warnings: doc.warnings.map((e) => [e.code, e.pos]),
      ranges,
    };
  });
}

describe('the bundled yaml (dist/)', () => {
  it('never reads LOG_TOKENS or LOG_STREAM (the ES-module build has no per-token debug log)', () => {
    const r = runCli({}, COUNTING);
    expect(r.status).toBe(1);
    expect(r.counts).toEqual({ LOG_TOKENS: 0, LOG_STREAM: 0 });
    expect((JSON.parse(r.stdout) as { summary: { targets: number } }).summary.targets).toBe(2);
  });

  it('is the ES-module build: the CLI chunks hold yaml/browser/dist and no CommonJS wrapper of yaml', () => {
    const chunks = readdirSync('dist').filter((f) => f.endsWith('.js')).map((f) => readFileSync(join('dist', f), 'utf8'));
    expect(chunks.some((c) => c.includes('// node_modules/yaml/browser/dist/compose/composer.js'))).toBe(true);
    expect(chunks.some((c) => c.includes('// node_modules/yaml/dist/compose/composer.js'))).toBe(false);
  });

  it('parses every YAML fixture as the CommonJS build does (data, errors, warnings, ranges)', async () => {
    const cjs = createRequire(import.meta.url)('yaml') as YamlModule;
    const esm = (await import(resolve('node_modules/yaml/browser/index.js'))) as YamlModule;
    expect(esm.parseDocument).not.toBe(cjs.parseDocument);
    const texts = [...yamlFiles('test/fixtures'), ...yamlFiles('examples'), ...yamlFiles(CORPUS_DIR)].map((f) => [f, readFileSync(f, 'utf8')]);
    // And 300 generated Compose files (anchors, merge keys, flow and block styles, CRLF, comments).
    for (let i = 0; i < 300; i++) texts.push([`generated ${i}`, generateCompose(7, i).text]);
    expect(texts.length).toBeGreaterThanOrEqual(314);
    for (const [name, text] of texts) expect(summary(esm, text), name).toEqual(summary(cjs, text));
  });
});
