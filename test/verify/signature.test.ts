/**
 * Signature checks of the manifest digest, offline (issue 7; R-P; CIS 1.6.0 4.5): cosign simple-signing
 * with a P-256 key pair made here, and Sigstore bundles (DSSE in-toto statement, key-signed) through
 * @sigstore/verify 3.1.1 with an empty trusted root and the public key for the bundle's hint.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyCosignSignature, verifySigstoreBundle } from '../../src/verify/signature.js';
import { craftImage, tarOf } from './craft.js';

const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const DIGEST = `sha256:${'a'.repeat(64)}`;
const ROOT = { mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] };

function statement(digest: string): Buffer {
  return Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', subject: [{ name: 'docker.io/bw/x', digest: { sha256: digest.slice(7) } }], predicateType: 'https://slsa.dev/provenance/v1', predicate: {} }));
}

/** A key-signed DSSE bundle (v0.3) over `payload`; `signed` is what the signature covers (default the payload). */
function bundle(payload: Buffer, signed = payload, type = 'application/vnd.in-toto+json') {
  const pae = Buffer.concat([Buffer.from(`DSSEv1 ${type.length} ${type} ${signed.length} `), signed]);
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint: 'bw-test' }, tlogEntries: [], timestampVerificationData: { rfc3161Timestamps: [] } },
    dsseEnvelope: { payload: payload.toString('base64'), payloadType: type, signatures: [{ sig: sign('sha256', pae, privateKey).toString('base64'), keyid: 'bw-test' }] },
  };
}

const simpleSigning = (digest: string) => Buffer.from(JSON.stringify({ critical: { identity: { 'docker-reference': 'docker.io/bw/x' }, image: { 'docker-manifest-digest': digest }, type: 'cosign container image signature' }, optional: null }));

describe('cosign simple signing', () => {
  it('verifies a signature over the payload naming the digest', () => {
    const p = simpleSigning(DIGEST);
    expect(verifyCosignSignature(publicKey, p, sign('sha256', p, privateKey).toString('base64'), DIGEST)).toEqual({ ok: true, method: 'cosign', reason: `cosign signature over ${DIGEST} verified with the given key` });
  });
  it('rejects another key', () => {
    const p = simpleSigning(DIGEST);
    expect(verifyCosignSignature(other.publicKey, p, sign('sha256', p, privateKey).toString('base64'), DIGEST).ok).toBe(false);
  });
  it('rejects a payload of another type', () => {
    const p = Buffer.from(JSON.stringify({ critical: { image: { 'docker-manifest-digest': DIGEST }, type: 'something else' } }));
    expect(verifyCosignSignature(publicKey, p, sign('sha256', p, privateKey).toString('base64'), DIGEST)).toEqual({ ok: false, method: 'cosign', reason: 'cosign signature verifies but payload type is "something else", not "cosign container image signature"' });
  });
  it('rejects garbage as a signature', () => {
    expect(verifyCosignSignature(publicKey, simpleSigning(DIGEST), 'bm90IGEgc2lnbmF0dXJl', DIGEST).reason).toBe('cosign signature does not verify with the given key (payload or signature altered, or another key)');
  });
});

describe('Sigstore bundle (offline, @sigstore/verify)', () => {
  it('a key-signed DSSE statement naming the manifest digest verifies', async () => {
    expect(await verifySigstoreBundle(bundle(statement(DIGEST)), ROOT, DIGEST, undefined, publicKey)).toEqual({ ok: true, method: 'sigstore-bundle', reason: `Sigstore bundle over ${DIGEST} verified offline` });
  });
  it('a statement about another digest is rejected', async () => {
    const b = `sha256:${'b'.repeat(64)}`;
    expect(await verifySigstoreBundle(bundle(statement(DIGEST)), ROOT, b, undefined, publicKey)).toEqual({ ok: false, method: 'sigstore-bundle', reason: `Sigstore bundle verifies but its statement's subjects do not include ${b}` });
  });
  it('a tampered payload is rejected', async () => {
    const signed = statement(`sha256:${'c'.repeat(64)}`);
    expect(await verifySigstoreBundle(bundle(statement(DIGEST), signed), ROOT, DIGEST, undefined, publicKey)).toEqual({ ok: false, method: 'sigstore-bundle', reason: 'Sigstore bundle does not verify: signature verification failed' });
  });
  it('another key is rejected', async () => {
    expect((await verifySigstoreBundle(bundle(statement(DIGEST)), ROOT, DIGEST, undefined, other.publicKey)).reason).toBe('Sigstore bundle does not verify: signature verification failed');
  });
  it('a simple-signing DSSE payload is checked for the digest too', async () => {
    const t = 'application/vnd.dev.cosign.simplesigning.v1+json';
    expect((await verifySigstoreBundle(bundle(simpleSigning(DIGEST), undefined, t), ROOT, DIGEST, undefined, publicKey)).ok).toBe(true);
    expect((await verifySigstoreBundle(bundle(simpleSigning(DIGEST), undefined, t), ROOT, `sha256:${'d'.repeat(64)}`, undefined, publicKey)).reason).toBe(`Sigstore bundle verifies but payload signs ${DIGEST}, the image's manifest is sha256:${'d'.repeat(64)}`);
  });
  it('not a bundle', async () => {
    expect((await verifySigstoreBundle({ hello: 1 }, ROOT, DIGEST, undefined, publicKey)).reason).toMatch(/^not a Sigstore bundle: /);
  });
});

describe('bulwark verify --bundle --trusted-root --key (built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-verify-sig-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('exit 0 with a good bundle, 1 with a bundle for another image', async () => {
    const c = await craftImage({ layers: [{ entries: [{ name: 'a', content: 'a' }] }] });
    const archive = join(dir, 'img.tar');
    writeFileSync(archive, await tarOf(c.files));
    writeFileSync(join(dir, 'key.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(dir, 'root.json'), JSON.stringify(ROOT));
    writeFileSync(join(dir, 'good.json'), JSON.stringify(bundle(statement(c.manifestDigest))));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bundle(statement(DIGEST))));
    const run = (b: string) => spawnSync(process.execPath, [resolve('dist/cli.js'), 'verify', archive, '--bundle', join(dir, b), '--trusted-root', join(dir, 'root.json'), '--key', join(dir, 'key.pub'), '--require-signature'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const good = run("good.json");
    if (good.status !== 0) console.log(good.stdout, good.stderr);
    expect(good.status).toBe(0);
    expect(good.stdout).toContain(`signature ok: Sigstore bundle over ${c.manifestDigest} verified offline\n`);
    const bad = run('bad.json');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(`signature FAILED: Sigstore bundle verifies but its statement's subjects do not include ${c.manifestDigest}\n`);
  });
});
