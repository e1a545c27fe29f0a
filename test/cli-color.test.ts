/**
 * Colour of the text reports of the built CLI (`dist/cli.js`): `--color` / `--no-color`, then `NO_COLOR` /
 * `FORCE_COLOR`, then whether stdout is a terminal. `CI` plays no part: picocolors' detection coloured every report
 * written to a pipe or a file on a CI runner (QA: `CI=true bulwark audit cond.sh > out.txt` held 35 escape codes).
 * spawnSync gives the child a pipe for stdout, as `> out.txt` or `| tee` do.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { craftImage, tarOf } from './verify/craft.js';

const CLI = resolve(process.env.BULWARK_CLI ?? 'dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'bw-color-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SCRIPT = join(dir, 'cond.sh');
writeFileSync(SCRIPT, '#!/bin/bash\ndocker run --rm --name o3 ${CI:+--network host} acme/tool:1.0 scan\n');

/** Runs the CLI with only the colour variables given set (none of the test runner's own). */
function run(args: string[], env: Record<string, string>): string {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['CI', 'NO_COLOR', 'FORCE_COLOR', 'GITHUB_ACTIONS', 'TERM'].includes(k)));
  const r = spawnSync(process.execPath, [CLI, ...args], { input: '', encoding: 'utf8', env: { ...base, ...env }, maxBuffer: 1 << 26 });
  return r.stdout;
}

/** The number of ANSI escape sequences in `s`. */
const escapes = (s: string) => (s.match(/\x1b\[/g) ?? []).length;

describe('colour of the text report written to a pipe', () => {
  it('audit: none with CI set (35 before), GITHUB_ACTIONS set or nothing set', () => {
    expect(escapes(run(['audit', SCRIPT], { CI: 'true' }))).toBe(0);
    expect(escapes(run(['audit', SCRIPT], { CI: '1', GITHUB_ACTIONS: 'true' }))).toBe(0);
    expect(escapes(run(['audit', SCRIPT], {}))).toBe(0);
  });

  it('audit: FORCE_COLOR and --color still colour it; NO_COLOR and --no-color win over CI', () => {
    const plain = run(['audit', SCRIPT], {});
    expect(escapes(run(['audit', SCRIPT], { FORCE_COLOR: '1' }))).toBeGreaterThan(0);
    expect(escapes(run(['audit', '--color', SCRIPT], { CI: 'true' }))).toBeGreaterThan(0);
    expect(run(['audit', SCRIPT], { CI: 'true', NO_COLOR: '1' })).toBe(plain);
    expect(run(['audit', '--no-color', SCRIPT], { CI: 'true', FORCE_COLOR: '1' })).toBe(plain);
    expect(run(['audit', SCRIPT], { CI: 'true', FORCE_COLOR: '0' })).toBe(plain);
  });

  it('verify: none with CI set either', async () => {
    const c = await craftImage({ layers: [{ entries: [{ name: 'app/.env', content: 'DB_PASSWORD=hunter2hunter2\n' }] }], format: 'docker', tag: 'bw/color:1', config: { config: { User: '10001' } } });
    const p = join(dir, 'img.tar');
    writeFileSync(p, await tarOf(c.files));
    const out = run(['verify', p], { CI: 'true' });
    expect(out).toContain('BW-0407 image-secret-file');
    expect(escapes(out)).toBe(0);
    expect(escapes(run(['verify', p], { FORCE_COLOR: '1' }))).toBeGreaterThan(0);
  });
});
