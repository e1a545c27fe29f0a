/**
 * The bundle's patch of `yaml` (tsup.config.ts, plugin `yaml-env-once`; issue 2, speed of the Compose audit):
 * yaml 2.9 reads `process.env.LOG_TOKENS` once per token and `process.env.LOG_STREAM` once per top-level token;
 * the built CLI reads each once. The test counts the reads through a `process.env` that records them, and checks
 * that the debug log still works when the variable is set before bulwark starts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

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

describe('the bundled yaml (dist/)', () => {
  it('reads LOG_TOKENS and LOG_STREAM once each, not per token', () => {
    const r = runCli({}, COUNTING);
    expect(r.status).toBe(1);
    expect(r.counts).toEqual({ LOG_TOKENS: 1, LOG_STREAM: 1 });
    expect((JSON.parse(r.stdout) as { summary: { targets: number } }).summary.targets).toBe(2);
  });

  it('still logs the tokens when LOG_TOKENS is set at start-up', () => {
    const r = runCli({ LOG_TOKENS: '1' });
    expect(r.status).toBe(1);
    // yaml logs each token as `| <token>` to stdout, before the report: the same lines as the installed yaml prints.
    const tokens = (s: string) => s.split('\n').filter((l) => l.startsWith('| '));
    const library = spawnSync(process.execPath, ['-e', `require('yaml').parseDocument(${JSON.stringify(COMPOSE)})`], { encoding: 'utf8', env: { ...process.env, LOG_TOKENS: '1' } });
    expect(tokens(library.stdout)).toHaveLength(40);
    expect(tokens(r.stdout)).toEqual(tokens(library.stdout));
  });
});
