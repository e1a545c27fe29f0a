#!/usr/bin/env node
// Regenerates docs/rules/ (one <slug>.md per rule and README.md) from the rules' metadata:
// `npm run docs`. src/report/rule-docs.test.ts fails when the files are stale.
//
// The renderers live in TypeScript (src/report/rule-docs.ts). This script bundles them together with
// src/rules/index.ts with esbuild (tsup's bundler, already installed) so the docs always follow the
// sources, never a stale dist/. Files in docs/rules/ that belong to no rule are deleted.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'docs', 'rules');
const cacheDir = join(root, 'node_modules', '.cache', 'bulwark');
const entry = join(cacheDir, 'rule-docs.mjs');

mkdirSync(cacheDir, { recursive: true });
await build({
  stdin: {
    contents: [
      "export { allRules } from './src/rules/index.ts';",
      "export { renderRuleDoc, renderRuleIndex, ruleDocFile, RULE_INDEX_FILE, renderCisCoverage, CIS_COVERAGE_FILE } from './src/report/rule-docs.ts';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: entry,
  logLevel: 'warning',
});
const { allRules, renderRuleDoc, renderRuleIndex, ruleDocFile, RULE_INDEX_FILE, renderCisCoverage, CIS_COVERAGE_FILE } = await import(
  `${pathToFileURL(entry).href}?t=${Date.now()}`
);

mkdirSync(outDir, { recursive: true });
const metas = allRules.map((r) => r.meta);
const wanted = new Map(metas.map((m) => [ruleDocFile(m.slug), renderRuleDoc(m)]));
wanted.set(RULE_INDEX_FILE, renderRuleIndex(metas));
wanted.set(CIS_COVERAGE_FILE, renderCisCoverage(metas));
for (const f of readdirSync(outDir)) {
  if (f.endsWith('.md') && !wanted.has(f)) {
    rmSync(join(outDir, f));
    console.log(`docs/rules/${f}: removed (no rule)`);
  }
}
for (const [f, text] of wanted) writeFileSync(join(outDir, f), text);
console.log(`docs/rules/: ${metas.length} rules`);
