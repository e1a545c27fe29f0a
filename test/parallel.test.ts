/**
 * `bulwark audit --jobs N` (worker threads, src/engine/parallel.ts) gives exactly the report of one
 * thread: same findings in the same order, same masked code frames, same summary, same exit code. Runs the
 * built bundle (the worker script exists only in dist/) over generated files plus the real-world corpus, in
 * every report format.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR } from './support/corpus.js';

const CLI = resolve(process.env.BULWARK_TEST_CLI ?? 'dist/cli.js');
const work = mkdtempSync(join(tmpdir(), 'bulwark-jobs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function audit(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'audit', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' }, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('audit --jobs', () => {
  // 60 generated Compose files + 40 Dockerfiles, the corpus, a secret that must stay masked, an extends
  // file shared by files that land in different chunks, and one unreadable file.
  const gen = spawnSync(process.execPath, ['bench/generate.mjs', '--out', join(work, 'gen'), '--seed', '7', '--compose', '60', '--dockerfile', '40'], { encoding: 'utf8' });
  const tree = join(work, 'tree');
  mkdirSync(tree);
  cpSync(join(work, 'gen'), join(tree, 'gen'), { recursive: true });
  cpSync(CORPUS_DIR, join(tree, 'corpus'), { recursive: true });
  mkdirSync(join(tree, 'ext'));
  writeFileSync(join(tree, 'ext', 'common.yaml'), 'services:\n  base:\n    image: busybox\n    privileged: true\n    environment:\n      DB_PASSWORD: "Tr0ub4dor-and-3-more"\n');
  for (const n of ['a', 'z']) writeFileSync(join(tree, 'ext', `compose.${n}.yaml`), `services:\n  app:\n    extends:\n      file: common.yaml\n      service: base\n`);
  writeFileSync(join(tree, 'compose.broken.yaml'), 'services:\n  web:\n    image: [unclosed\n');

  it('the generator made the files', () => expect(gen.status).toBe(0));

  for (const [format, workers] of [['json', ['2', '3']], ['text', ['2']], ['sarif', ['2']]] as const) {
    it(`gives the one-thread ${format} report with ${workers.join(' and ')} workers`, { timeout: 120_000 }, () => {
      const one = audit([tree, '--format', format, '--jobs', '1']);
      expect(one.code).toBe(2); // compose.broken.yaml is an input error; everything else is still audited
      expect(one.stdout.length).toBeGreaterThan(10_000);
      for (const jobs of workers) {
        const many = audit([tree, '--format', format, '--jobs', jobs]);
        expect(many.code).toBe(one.code);
        expect(many.stderr).toBe(one.stderr);
        expect(many.stdout).toBe(one.stdout);
      }
      expect(one.stdout).not.toContain('Tr0ub4dor-and-3-more');
    });
  }

  it('sees a daemon.json and the unit that reads it together, whichever chunks they are listed in', { timeout: 120_000 }, () => {
    // host/a-config/daemon.json first, 100 generated files between, the unit last: without keeping daemon files in one
    // worker, the daemon.json and the unit that passes -H land in different workers and the conflict goes unseen.
    const host = join(work, 'host');
    mkdirSync(join(host, 'a-config'), { recursive: true });
    writeFileSync(join(host, 'a-config', 'daemon.json'), '{\n  "hosts": ["unix:///var/run/docker.sock"],\n  "icc": false\n}\n');
    cpSync(join(work, 'gen'), join(host, 'm'), { recursive: true }); // 100 files: above MIN_PARALLEL_FILES
    mkdirSync(join(host, 'usr', 'lib', 'systemd', 'system'), { recursive: true });
    writeFileSync(join(host, 'usr', 'lib', 'systemd', 'system', 'docker.service'), '[Service]\nExecStart=/usr/bin/dockerd -H fd:// --config-file /a-config/daemon.json\n');
    const one = audit([host, '--format', 'json', '--jobs', '1']);
    const two = audit([host, '--format', 'json', '--jobs', '2']);
    const conflict = (r: { stdout: string }) => (JSON.parse(r.stdout) as { errors: { file: string; line?: number; message: string }[] }).errors.filter((e) => e.file.endsWith('daemon.json')).map((e) => `${e.line} ${e.message.slice(0, 47)}`);
    expect(conflict(one)).toEqual(['2 "hosts" is set here and dockerd also gets it as']);
    expect(two.code).toBe(2);
    expect(two.stdout).toBe(one.stdout);
  });

  it('rejects a --jobs that is not a whole number of at least 1', () => {
    const r = audit([tree, '--jobs', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('bulwark: --jobs must be a whole number of at least 1, got "0"\n');
  });
});
