/**
 * `docker save` archives from a private engine (issue 7 "Tests"): a valid archive verifies, its scan finds
 * what the container changed, and `--unpack` gives the same tree as `docker export` of a container from the
 * image (paths, types, modes, sizes, link targets), minus what the engine adds to every container
 * (`/.dockerenv`, `/dev`, `/proc`, `/sys`, `/etc/hosts`, `/etc/hostname`, `/etc/resolv.conf`, `/etc/mtab`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeEngine, useEngine } from '../support/engine.js';
import { unpackImage } from '../../src/verify/unpack.js';
import { verifyImage } from '../../src/verify/verify.js';
import { listTree, treeLines } from './tree-listing.js';

const ADDED_BY_ENGINE = /^(\.dockerenv|dev|dev\/.*|proc|sys|etc\/hosts|etc\/hostname|etc\/resolv\.conf|etc\/mtab)$/;

describeEngine('verify docker save archives from a private engine', () => {
  const eng = useEngine();
  const work = mkdtempSync(join(tmpdir(), 'bw-verify-engine-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  async function ok(args: string[]): Promise<string> {
    const r = await eng().docker(args, { timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  }

  it('verifies, scans, and unpacks to the tree docker export shows', async () => {
    const base = await eng().importBusybox();
    const script = [
      'rm /etc/group',
      'mkdir -p /data/sub /root/.aws',
      'echo hello > /data/sub/f',
      'chmod 0666 /data/sub/f',
      'ln -s /data/sub/f /data/link',
      'printf "[default]\\naws_access_key_id = AKIAABCDEFGHIJKLMNOP\\naws_secret_access_key = abcdEFGHijklMNOPqrstUVWXyz0123456789abcd\\n" > /root/.aws/credentials',
    ].join(' && ');
    await ok(['run', '--network', 'none', '--name', 'mod', base, 'sh', '-c', script]);
    await ok(['commit', 'mod', 'bw/verify:1']);
    const archive = join(work, 'img.tar');
    await ok(['save', '-o', archive, 'bw/verify:1']);

    const report = await verifyImage(archive);
    expect(report.problems).toEqual([]);
    expect(report.verified).toBe(true);
    expect(report.format).toBe('docker-save');
    expect(report.unreferenced).toEqual([]);
    expect(report.images).toHaveLength(1);
    const img = report.images[0];
    expect(img.names).toEqual(['bw/verify:1']);
    const inspect = JSON.parse(await ok(['image', 'inspect', 'bw/verify:1'])) as { Id: string; RootFS: { Layers: string[] } }[];
    expect(img.configDigest).toBe(inspect[0].Id);
    expect(img.layers.map((l) => l.diffId)).toEqual(inspect[0].RootFS.Layers);
    const got = report.result.findings.map((f) => `${f.ruleId} ${f.data.path ?? ''} ${f.data.layer ?? ''}`).sort();
    expect(got).toEqual([
      'BW-0401  ',
      // docker commit keeps the container's command as the image's Cmd: the printf of the AWS keys is in the config too.
      'BW-0402  ',
      'BW-0404  ',
      'BW-0406 data/sub/f 2',
      'BW-0407 root/.aws/credentials 2',
      'BW-0408 etc/group 1',
    ]);
    const secret = report.result.findings.find((f) => f.ruleId === 'BW-0407')!;
    expect(secret.message).toBe('root/.aws/credentials:3 holds a secret (aws-credentials) in layer 2; value masked');
    expect(JSON.stringify(report.result)).not.toContain('abcdEFGHijklMNOP');

    const dest = join(work, 'rootfs');
    await unpackImage(report, dest, { keepSetuid: true });
    await ok(['create', '--network', 'none', '--name', 'exp', 'bw/verify:1']);
    const exported = join(work, 'export.tar');
    await ok(['export', '-o', exported, 'exp']);
    const exDir = join(work, 'export');
    mkdirSync(exDir);
    const t = spawnSync('tar', ['-C', exDir, '-xpf', exported], { encoding: 'utf8' });
    expect(t.stderr).toBe('');
    const fromExport = listTree(exDir).filter((e) => !ADDED_BY_ENGINE.test(e.path));
    const fromUnpack = listTree(dest);
    expect(treeLines(fromUnpack)).toEqual(treeLines(fromExport));
    expect(fromUnpack.length).toBeGreaterThan(10);
    expect(treeLines(fromUnpack)).toContain('data/link symlink 0777 0 -> /data/sub/f');
    expect(fromUnpack.find((e) => e.path === 'etc/group')).toBeUndefined();
    expect(readdirSync(work).sort()).toEqual(['export', 'export.tar', 'img.tar', 'rootfs']);
    expect(readdirSync(dirname(dest)).filter((n) => n.startsWith('.rootfs.bulwark-'))).toEqual([]);
  }, 120_000);

  it('pin takes the digest from the engine: the image ID when the image has no RepoDigest (imported), and says so', async () => {
    const base = await eng().importBusybox();
    const id = (JSON.parse(await ok(['image', 'inspect', base])) as { Id: string; RepoDigests: string[] }[])[0];
    expect(id.RepoDigests).toEqual([]);
    const df = join(work, 'Dockerfile');
    writeFileSync(df, `FROM ${base}\nFROM bw/not-there:1\n`);
    const r = spawnSync(process.execPath, [resolve('dist/cli.js'), 'pin', df, '-H', eng().host], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout).toBe([`--- ${df}`, `+++ ${df}`, '@@ -1,2 +1,2 @@', `-FROM ${base}`, `+FROM ${base}@${id.Id}`, ' FROM bw/not-there:1', ''].join('\n'));
    expect(r.stderr).toBe(`bulwark: ${df}:1:6: ${base}: pinned to the local image ID (the image has no RepoDigest): only an engine holding this image resolves it\nbulwark: ${df}:2:6: bw/not-there:1: not pinned: image not found\n`);
    expect(r.status).toBe(1);
  });
});
