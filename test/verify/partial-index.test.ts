/**
 * Archives whose index names blobs they do not hold, as `docker save` writes them from Docker's containerd image
 * store (Docker 25+ with the containerd snapshotter): the image's whole index — every platform, buildx attestation
 * manifests — but only the content present locally, usually the host platform's (moby
 * `daemon/containerd/image_exporter.go`, containerd `archive.WithSkipMissing`; moby#49473, kind#3795). The OCI image
 * layout allows it ("The blobs directory MAY be missing referenced blobs", image-spec `image-layout.md`).
 *
 * What is in the archive is digest-checked; what is not is named as not verified; an image being verified must be
 * whole. Before this, such an archive failed (every absent blob was a `missing-blob` problem, QA vp 6 follow-up).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../src/verify/cli.js';
import { verifyImage } from '../../src/verify/verify.js';
import { craftImage, fileOf, hex, sha256, tarOf, type Crafted, type TarEntry } from './craft.js';

const dir = mkdtempSync(join(tmpdir(), 'bw-partial-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const AMD = { os: 'linux', architecture: 'amd64' };
const ARM = { os: 'linux', architecture: 'arm64', variant: 'v8' };

/** A buildx attestation manifest about `subject` (platform unknown/unknown, one in-toto layer): its blobs and descriptor. */
function attestation(subject: string) {
  const statement = Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', predicateType: 'https://slsa.dev/provenance/v0.2', subject: [{ name: 'pkg:docker/bw/app@1', digest: { sha256: hex(subject) } }], predicate: {} }));
  const cfg = Buffer.from(JSON.stringify({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [sha256(statement)] } }));
  const man = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(cfg), size: cfg.length }, layers: [{ mediaType: 'application/vnd.in-toto+json', digest: sha256(statement), size: statement.length }] }));
  return {
    digest: sha256(man),
    blobs: [man, cfg, statement].map((b) => ({ name: `blobs/sha256/${hex(sha256(b))}`, content: b })),
    descriptor: { mediaType: MANIFEST, digest: sha256(man), size: man.length, platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': subject } },
  };
}

/** The blob entries of a crafted image (manifest, config, layers). */
const blobsOf = (c: Crafted) => c.files.filter((f) => f.name.startsWith('blobs/sha256/') && f.type !== 'directory');
const manifestBytes = (c: Crafted) => fileOf(c, `blobs/sha256/${hex(c.manifestDigest)}`).content as Buffer;

/**
 * A containerd-store `docker save bw/app:1` of a two-platform image with attestations, on an amd64 host: index.json
 * names the image index; it lists amd64, arm64 and an attestation of each; manifest.json names amd64 (containerd
 * writes one platform there). `keep` says which of the other blobs the archive holds.
 */
async function containerdSave(keep: { armManifest?: boolean; armAll?: boolean; amdAttestation?: boolean } = {}) {
  const amd = await craftImage({ layers: [{ entries: [{ name: 'app/amd', content: 'x86' }] }], platform: AMD, config: { config: { User: '1000' } } });
  const arm = await craftImage({ layers: [{ entries: [{ name: 'app/arm', content: 'aarch64' }] }], platform: ARM, config: { config: { User: '1000' } } });
  const attAmd = attestation(amd.manifestDigest);
  const attArm = attestation(arm.manifestDigest);
  const desc = (c: Crafted, platform: object) => ({ mediaType: MANIFEST, digest: c.manifestDigest, size: manifestBytes(c).length, platform });
  const nested = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [desc(amd, AMD), desc(arm, ARM), attAmd.descriptor, attArm.descriptor] }));
  const files: TarEntry[] = [
    { name: 'blobs/', type: 'directory' },
    { name: 'blobs/sha256/', type: 'directory' },
    ...blobsOf(amd),
    ...(keep.amdAttestation === false ? [] : attAmd.blobs),
    ...(keep.armAll ? blobsOf(arm) : keep.armManifest ? [{ name: `blobs/sha256/${hex(arm.manifestDigest)}`, content: manifestBytes(arm) }] : []),
    { name: `blobs/sha256/${hex(sha256(nested))}`, content: nested },
    { name: 'index.json', content: JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: sha256(nested), size: nested.length, annotations: { 'io.containerd.image.name': 'docker.io/bw/app:1', 'org.opencontainers.image.ref.name': '1' } }] }) },
    { name: 'manifest.json', content: JSON.stringify([{ Config: `blobs/sha256/${hex(amd.configDigest)}`, RepoTags: ['bw/app:1'], Layers: amd.layerDigests.map((d) => `blobs/sha256/${hex(d)}`) }]) },
    { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
  ];
  const path = join(dir, `a${n++}.tar`);
  const write = async () => writeFileSync(path, await tarOf(files));
  await write();
  return { path, files, write, amd, arm, attAmd, attArm, nested: `blobs/sha256/${hex(sha256(nested))}` };
}

describe('an index naming blobs the archive does not hold (docker save from the containerd image store)', () => {
  it('only amd64 saved: exit 0, linux/amd64 verified, the arm64 manifest and its attestation named as not in the archive, in every format', async () => {
    const s = await containerdSave();
    const r = await verifyImage(s.path);
    expect([r.verified, r.problems, r.images.map((i) => [i.platform, i.manifestDigest])]).toEqual([true, [], [['linux/amd64', s.amd.manifestDigest]]]);
    expect(r.absent).toEqual([
      { role: 'manifest', digest: s.arm.manifestDigest, mediaType: MANIFEST, platform: 'linux/arm64/v8', from: s.nested, path: `blobs/sha256/${hex(s.arm.manifestDigest)}` },
      { role: 'attestation manifest', digest: s.attArm.digest, mediaType: MANIFEST, platform: 'linux/arm64/v8', from: s.nested, path: `blobs/sha256/${hex(s.attArm.digest)}` },
    ]);
    const notes = [
      `not in the archive, not verified: linux/arm64/v8 manifest ${s.arm.manifestDigest} (named in ${s.nested})`,
      `not in the archive, not verified: linux/arm64/v8 attestation manifest ${s.attArm.digest} (named in ${s.nested})`,
    ];
    expect(r.result.notes).toEqual(notes.map((message) => ({ file: s.path, message, code: 'verify-not-in-archive' })));
    expect(r.result.errors).toEqual([]);

    // text: the verdict says which platforms were verified and which the index lists without their content.
    const out = join(dir, `r${n++}`);
    expect(await runVerify(s.path, { format: 'text', output: `${out}.txt` })).toBe(0);
    const text = readFileSync(`${out}.txt`, 'utf8').split('\n');
    expect(text.filter((l) => /platforms|not in the archive/.test(l))).toEqual([
      '  platforms verified: linux/amd64; listed but not in the archive, not verified: linux/arm64/v8',
      ...notes.map((m) => `  ${m}`),
    ]);
    // json: `absent` beside `unreferenced`, and the notes in the embedded report.
    expect(await runVerify(s.path, { format: 'json', output: `${out}.json` })).toBe(0);
    const doc = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as { verified: boolean; absent: unknown; images: { platform: string }[]; report: { notes: { message: string }[]; errors: unknown[] } };
    expect([doc.verified, doc.images.map((i) => i.platform), doc.absent, doc.report.notes.map((x) => x.message), doc.report.errors]).toEqual([true, ['linux/amd64'], r.absent, notes, []]);
    // sarif: tool execution notifications of level warning; the run still succeeded.
    expect(await runVerify(s.path, { format: 'sarif', output: `${out}.sarif` })).toBe(0);
    const inv = (JSON.parse(readFileSync(`${out}.sarif`, 'utf8')) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string }; descriptor: { id: string } }[] }[] }[] }).runs[0].invocations[0];
    expect([inv.executionSuccessful, inv.toolExecutionNotifications.map((x) => [x.level, x.descriptor.id, x.message.text])]).toEqual([true, notes.map((m) => ['warning', 'verify-not-in-archive', m])]);
    // html: a notes section.
    expect(await runVerify(s.path, { format: 'html', output: `${out}.html` })).toBe(0);
    const html = readFileSync(`${out}.html`, 'utf8');
    expect(html).toContain('<h2>Notes</h2>');
    expect(html).toContain(`linux/arm64/v8 manifest ${s.arm.manifestDigest}`);
    expect(html).not.toContain('Input errors');
  });

  it('the arm64 manifest saved without its config and layers (WithSkipMissing keeps a manifest whose children are missing): checked, its config and layer named', async () => {
    const s = await containerdSave({ armManifest: true });
    const r = await verifyImage(s.path);
    const from = `blobs/sha256/${hex(s.arm.manifestDigest)}`;
    expect([r.verified, r.images.map((i) => i.platform), r.absent.map((a) => [a.role, a.digest, a.platform, a.from])]).toEqual([
      true,
      ['linux/amd64'],
      [
        ['config', s.arm.configDigest, 'linux/arm64/v8', from],
        ['layer 1', s.arm.layerDigests[0], 'linux/arm64/v8', from],
        ['attestation manifest', s.attArm.digest, 'linux/arm64/v8', s.nested],
      ],
    ]);
  });

  it('a present arm64 manifest edited after the save fails, with or without --platform linux/amd64', async () => {
    const s = await containerdSave({ armManifest: true });
    const f = fileOf({ files: s.files } as Crafted, `blobs/sha256/${hex(s.arm.manifestDigest)}`);
    const original = f.content as Buffer;
    const edited = Buffer.from(original.toString().replace('"size":', '"size": '));
    f.content = edited;
    await s.write();
    const expected = [
      { code: 'digest-mismatch', path: `blobs/sha256/${hex(s.arm.manifestDigest)}`, message: `blobs/sha256/${hex(s.arm.manifestDigest)}: manifest digest mismatch: descriptor in ${s.nested} says ${s.arm.manifestDigest}, content is ${sha256(edited)}` },
      { code: 'size-mismatch', path: `blobs/sha256/${hex(s.arm.manifestDigest)}`, message: `blobs/sha256/${hex(s.arm.manifestDigest)}: manifest size mismatch: descriptor in ${s.nested} says ${original.length} bytes, content is ${edited.length} bytes` },
    ];
    expect(await verifyImage(s.path).then((r) => [r.verified, r.problems])).toEqual([false, expected]);
    expect(await verifyImage(s.path, { platform: 'linux/amd64' }).then((r) => [r.verified, r.problems])).toEqual([false, expected]);
  });

  it('a present attestation of the amd64 image with an edited in-toto statement fails', async () => {
    const s = await containerdSave();
    const st = s.files.find((e) => e.name === s.attAmd.blobs[2].name)!;
    const statement = st.content as Buffer;
    const edited = Buffer.from(statement.toString().replace('provenance', 'pr0venance'));
    st.content = edited;
    await s.write();
    const r = await verifyImage(s.path);
    expect([r.verified, r.problems.map((p) => p.message)]).toEqual([false, [`${st.name}: attestation manifest layer 1 digest mismatch: descriptor in blobs/sha256/${hex(s.attAmd.digest)} says ${sha256(statement)}, content is ${sha256(edited)}`]]);
  });

  it('the amd64 layer missing fails: the image verified must be whole', async () => {
    const s = await containerdSave();
    const layer = `blobs/sha256/${hex(s.amd.layerDigests[0])}`;
    s.files.splice(s.files.findIndex((e) => e.name === layer), 1);
    await s.write();
    const r = await verifyImage(s.path);
    expect([r.verified, r.problems.map((p) => [p.code, p.message])]).toEqual([
      false,
      [
        ['missing-blob', `layer 1 ${s.amd.layerDigests[0]} (named in blobs/sha256/${hex(s.amd.manifestDigest)}) is missing: no ${layer} in the archive`],
        ['missing-blob', `layer ${layer} (named in manifest.json[0]) is missing from the archive`],
      ],
    ]);
    expect(await runVerify(s.path, { format: 'json', output: join(dir, `r${n++}.json`) })).toBe(1);
  });

  it('--platform linux/arm64 on the amd64-only save fails: the platform asked for is not in the archive', async () => {
    const s = await containerdSave();
    const r = await verifyImage(s.path, { platform: 'linux/arm64' });
    expect([r.verified, r.images, r.problems.map((p) => [p.code, p.message])]).toEqual([
      false,
      [],
      [['missing-blob', `manifest ${s.arm.manifestDigest} (named in ${s.nested}) is missing: no blobs/sha256/${hex(s.arm.manifestDigest)} in the archive`]],
    ]);
    // linux/amd64 is there: verified, arm64 named as absent.
    const a = await verifyImage(s.path, { platform: 'linux/amd64' });
    expect([a.verified, a.images.map((i) => i.platform), a.absent.map((x) => [x.role, x.platform])]).toEqual([true, ['linux/amd64'], [['manifest', 'linux/arm64/v8'], ['attestation manifest', 'linux/arm64/v8']]]);
  });

  it('no image manifest in the archive at all fails, naming what is missing', async () => {
    const s = await containerdSave({ amdAttestation: false });
    const gone = new Set(blobsOf(s.amd).map((b) => b.name));
    const files = s.files.filter((e) => !gone.has(e.name) && e.name !== 'manifest.json');
    const path = join(dir, `a${n++}.tar`);
    writeFileSync(path, await tarOf(files));
    const r = await verifyImage(path);
    expect([r.verified, r.problems.map((p) => [p.code, p.message]), r.absent.map((a) => a.role)]).toEqual([
      false,
      [
        ['missing-blob', `manifest ${s.amd.manifestDigest} (named in ${s.nested}) is missing: no blobs/sha256/${hex(s.amd.manifestDigest)} in the archive`],
        ['missing-blob', `manifest ${s.arm.manifestDigest} (named in ${s.nested}) is missing: no blobs/sha256/${hex(s.arm.manifestDigest)} in the archive`],
      ],
      ['attestation manifest', 'attestation manifest'],
    ]);
  });

  it('a platform whose manifest and config are in the archive is verified, so its missing layer fails', async () => {
    const s = await containerdSave({ armAll: true });
    const layer = `blobs/sha256/${hex(s.arm.layerDigests[0])}`;
    s.files.splice(s.files.findIndex((e) => e.name === layer), 1);
    await s.write();
    const r = await verifyImage(s.path);
    expect([r.verified, r.problems.map((p) => [p.code, p.message])]).toEqual([false, [['missing-blob', `layer 1 ${s.arm.layerDigests[0]} (named in blobs/sha256/${hex(s.arm.manifestDigest)}) is missing: no ${layer} in the archive`]]]);
  });

  it('what index.json lists by itself must be whole: an image without platform, an index', async () => {
    const whole = await craftImage({ layers: [{ entries: [{ name: 'a', content: 'a' }] }] });
    const other = await craftImage({ layers: [{ entries: [{ name: 'b', content: 'b' }] }], tag: 'bw/other:1' });
    const index = (c: Crafted) => (JSON.parse(fileOf(c, 'index.json').content as string) as { manifests: Record<string, unknown>[] }).manifests[0];
    const bare = (d: Record<string, unknown>) => {
      delete d.platform;
      return d;
    };
    const noIndex = `sha256:${'e'.repeat(64)}`;
    const files: TarEntry[] = [
      ...blobsOf(whole),
      ...blobsOf(other).filter((b) => b.name !== `blobs/sha256/${hex(other.configDigest)}`),
      { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
      { name: 'index.json', content: JSON.stringify({ schemaVersion: 2, manifests: [bare(index(whole)), bare(index(other)), { mediaType: 'application/vnd.oci.image.index.v1+json', digest: noIndex, size: 300 }] }) },
    ];
    const path = join(dir, `a${n++}.tar`);
    writeFileSync(path, await tarOf(files));
    const r = await verifyImage(path);
    expect([r.verified, r.problems.map((p) => p.message), r.absent]).toEqual([
      false,
      [
        `config ${other.configDigest} (named in blobs/sha256/${hex(other.manifestDigest)}) is missing: no blobs/sha256/${hex(other.configDigest)} in the archive`,
        `index ${noIndex} (named in index.json) is missing: no blobs/sha256/${'e'.repeat(64)} in the archive`,
      ],
      [],
    ]);
  });

  it('both platforms saved: manifest.json names one (containerd writes one platform of an index there), both verify', async () => {
    const s = await containerdSave({ armAll: true });
    const r = await verifyImage(s.path);
    expect([r.verified, r.problems, r.images.map((i) => [i.platform, i.names]), r.absent.map((a) => [a.role, a.platform])]).toEqual([
      true,
      [],
      [
        ['linux/amd64', ['bw/app:1', 'docker.io/bw/app:1']],
        ['linux/arm64/v8', ['docker.io/bw/app:1']],
      ],
      [['attestation manifest', 'linux/arm64/v8']],
    ]);
    // An image index.json lists by itself must still be in manifest.json (a legacy docker load would not load it).
    const single = await craftImage({ layers: [{ entries: [{ name: 'a', content: 'a' }] }], format: 'both' });
    fileOf(single, 'manifest.json').content = '[]';
    const path = join(dir, `a${n++}.tar`);
    writeFileSync(path, await tarOf(single.files));
    expect((await verifyImage(path)).problems).toEqual([{ code: 'disagree', path: 'index.json', message: `index.json names manifest ${single.manifestDigest}, which manifest.json does not list` }]);
  });
});
