/**
 * Signature checks of the manifest digest, offline (issue 7; R-P; CIS 1.6.0 4.5): cosign simple-signing
 * with a P-256 key pair made here, and Sigstore bundles (DSSE in-toto statement, key-signed) through
 * @sigstore/verify 3.1.1 with an empty trusted root and the public key for the bundle's hint.
 */
import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyFingerprint, verifyCosignSignature, verifySigstoreBundle } from '../../src/verify/signature.js';
import { craftImage, tarOf } from './craft.js';
import { keylessBundle, sigstoreKeys, trustedRoot } from './sigstore-keyless.js';

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
    expect(verifyCosignSignature(publicKey, p, sign('sha256', p, privateKey).toString('base64'), DIGEST)).toEqual({ ok: true, method: 'cosign', reason: `cosign signature over ${DIGEST} verified with the given key; signed with the key ${keyFingerprint(publicKey)}`, signer: { key: keyFingerprint(publicKey) } });
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
    expect(await verifySigstoreBundle(bundle(statement(DIGEST)), ROOT, DIGEST, undefined, { key: publicKey })).toEqual({ ok: true, method: 'sigstore-bundle', reason: `Sigstore bundle over ${DIGEST} verified offline; signed with the key ${keyFingerprint(publicKey)}`, signer: { key: keyFingerprint(publicKey) } });
  });
  it('a statement about another digest is rejected', async () => {
    const b = `sha256:${'b'.repeat(64)}`;
    expect(await verifySigstoreBundle(bundle(statement(DIGEST)), ROOT, b, undefined, { key: publicKey })).toEqual({ ok: false, method: 'sigstore-bundle', reason: `Sigstore bundle verifies but its statement's subjects do not include ${b}` });
  });
  it('a tampered payload is rejected', async () => {
    const signed = statement(`sha256:${'c'.repeat(64)}`);
    expect(await verifySigstoreBundle(bundle(statement(DIGEST), signed), ROOT, DIGEST, undefined, { key: publicKey })).toEqual({ ok: false, method: 'sigstore-bundle', reason: 'Sigstore bundle does not verify: signature verification failed' });
  });
  it('another key is rejected', async () => {
    expect((await verifySigstoreBundle(bundle(statement(DIGEST)), ROOT, DIGEST, undefined, { key: other.publicKey })).reason).toBe('Sigstore bundle does not verify: signature verification failed');
  });
  it('a simple-signing DSSE payload is checked for the digest too', async () => {
    const t = 'application/vnd.dev.cosign.simplesigning.v1+json';
    expect((await verifySigstoreBundle(bundle(simpleSigning(DIGEST), undefined, t), ROOT, DIGEST, undefined, { key: publicKey })).ok).toBe(true);
    expect((await verifySigstoreBundle(bundle(simpleSigning(DIGEST), undefined, t), ROOT, `sha256:${'d'.repeat(64)}`, undefined, { key: publicKey })).reason).toBe(`Sigstore bundle verifies but payload signs ${DIGEST}, the image's manifest is sha256:${'d'.repeat(64)}`);
  });
  it('not a bundle', async () => {
    expect((await verifySigstoreBundle({ hello: 1 }, ROOT, DIGEST, undefined, { key: publicKey })).reason).toMatch(/^not a Sigstore bundle: /);
  });
});

describe('keyless (certificate) Sigstore bundles: who signed is checked, as cosign does (QA vp 2)', () => {
  const keys = sigstoreKeys();
  const root = trustedRoot(keys);
  const manifest = Buffer.from('{"schemaVersion":2}');
  const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
  const ME = 'https://github.com/bw/app/.github/workflows/release.yml@refs/heads/main';
  const GH = 'https://token.actions.githubusercontent.com';
  const good = keylessBundle(keys, manifest, ME, GH);
  const evil = keylessBundle(keys, manifest, 'mallory@evil.example', 'https://accounts.evil.example');
  const ok = (identity: string, issuer: string) => ({ ok: true, method: 'sigstore-bundle', reason: `Sigstore bundle over ${digest} verified offline; signed by ${identity} (OIDC issuer ${issuer})`, signer: { identity, issuer } });
  it('without an identity policy or a key, a certificate bundle fails: any certificate of the CA would pass', async () => {
    expect(await verifySigstoreBundle(evil.bundle, root, digest, manifest)).toEqual({ ok: false, method: 'sigstore-bundle', reason: "a keyless (certificate) bundle needs --certificate-identity (or --certificate-identity-regexp) and --certificate-oidc-issuer (or --certificate-oidc-issuer-regexp), or the signer's --key: otherwise any certificate the trusted root's CA issued would pass" });
    expect((await verifySigstoreBundle(evil.bundle, root, digest, manifest, { certificate: { identity: ME } })).ok).toBe(false);
  });
  it('the exact identity and issuer pass the verifier\'s policy; another signer or issuer fails', async () => {
    expect(await verifySigstoreBundle(good.bundle, root, digest, manifest, { certificate: { identity: ME, issuer: GH } })).toEqual(ok(ME, GH));
    expect(await verifySigstoreBundle(evil.bundle, root, digest, manifest, { certificate: { identity: ME, issuer: GH } })).toEqual({ ok: false, method: 'sigstore-bundle', reason: `Sigstore bundle does not verify: certificate identity error - expected ^${ME.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$, got mallory@evil.example` });
    expect((await verifySigstoreBundle(good.bundle, root, digest, manifest, { certificate: { identity: ME, issuer: 'https://accounts.google.com' } })).reason).toBe(`Sigstore bundle does not verify: invalid certificate extension - expected issuer=https://accounts.google.com, got issuer=${GH}`);
    // An exact identity is not a pattern: a longer one that contains it fails.
    const longer = keylessBundle(keys, manifest, `${ME}x`, GH);
    expect((await verifySigstoreBundle(longer.bundle, root, digest, manifest, { certificate: { identity: ME, issuer: GH } })).ok).toBe(false);
  });
  it('regular expressions for the identity and the issuer', async () => {
    expect(await verifySigstoreBundle(good.bundle, root, digest, manifest, { certificate: { identityRegexp: '^https://github\\.com/bw/', issuerRegexp: '^https://token\\.actions\\.' } })).toEqual(ok(ME, GH));
    expect((await verifySigstoreBundle(evil.bundle, root, digest, manifest, { certificate: { identityRegexp: '^https://github\\.com/bw/', issuer: 'https://accounts.evil.example' } })).reason).toBe('Sigstore bundle does not verify: certificate identity error - expected ^https://github\\.com/bw/, got mallory@evil.example');
    expect((await verifySigstoreBundle(evil.bundle, root, digest, manifest, { certificate: { identity: 'mallory@evil.example', issuerRegexp: '^https://token\\.actions\\.' } })).reason).toBe('Sigstore bundle verifies but its certificate\'s OIDC issuer "https://accounts.evil.example" does not match --certificate-oidc-issuer-regexp "^https://token\\\\.actions\\\\."');
  });
  it('a bundle over the bytes of the index the manifest was reached through covers the manifest (QA vp 9b)', async () => {
    const index = Buffer.from('{"schemaVersion":2,"manifests":[]}');
    const idx = `sha256:${createHash('sha256').update(index).digest('hex')}`;
    const overIndex = keylessBundle(keys, index, ME, GH);
    expect(await verifySigstoreBundle(overIndex.bundle, root, digest, manifest, { certificate: { identity: ME, issuer: GH } }, [{ digest: idx, bytes: index }])).toEqual({ ...ok(ME, GH), reason: `Sigstore bundle over ${idx} (the image index the manifest ${digest} was reached through, digest-checked) verified offline; signed by ${ME} (OIDC issuer ${GH})` });
    // Without that index, it is a signature over other bytes.
    expect((await verifySigstoreBundle(overIndex.bundle, root, digest, manifest, { certificate: { identity: ME, issuer: GH } })).ok).toBe(false);
    // A DSSE statement whose subject is the index digest.
    expect((await verifySigstoreBundle(bundle(statement(idx)), ROOT, DIGEST, undefined, { key: publicKey }, [{ digest: idx }])).reason).toBe(`Sigstore bundle over ${idx} (the image index the manifest ${DIGEST} was reached through, digest-checked) verified offline; signed with the key ${keyFingerprint(publicKey)}`);
  });
  it('--key with a certificate bundle: the certificate\'s key must be that key', async () => {
    expect(await verifySigstoreBundle(good.bundle, root, digest, manifest, { key: good.leaf.publicKey })).toEqual({ ok: true, method: 'sigstore-bundle', reason: `Sigstore bundle over ${digest} verified offline; signed by ${ME} (OIDC issuer ${GH}) with the key ${keyFingerprint(good.leaf.publicKey)}`, signer: { identity: ME, issuer: GH, key: keyFingerprint(good.leaf.publicKey) } });
    expect((await verifySigstoreBundle(evil.bundle, root, digest, manifest, { key: good.leaf.publicKey })).reason).toBe(`Sigstore bundle verifies but its certificate's key ${keyFingerprint(evil.leaf.publicKey)} (mallory@evil.example) is not the --key ${keyFingerprint(good.leaf.publicKey)}`);
  });
  it('a key-signed bundle needs --key, and an identity policy cannot apply to it', async () => {
    expect((await verifySigstoreBundle(bundle(statement(DIGEST)), ROOT, DIGEST, undefined)).reason).toBe('the bundle is signed with a key (public-key hint): give its public key with --key');
    expect((await verifySigstoreBundle(bundle(statement(DIGEST)), ROOT, DIGEST, undefined, { key: publicKey, certificate: { identity: ME, issuer: GH } })).reason).toBe('the bundle is signed with a key, not a certificate: --certificate-identity / --certificate-oidc-issuer cannot be checked against it');
  });
});

describe('bulwark verify --bundle with a keyless bundle (built CLI, QA vp 2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-verify-keyless-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('exit 2 without an identity policy or --key; the right signer passes and is named; another signer, or another --key, fails', async () => {
    const c = await craftImage({ layers: [{ entries: [{ name: 'a', content: 'a' }] }] });
    const archive = join(dir, 'img.tar');
    writeFileSync(archive, await tarOf(c.files));
    const keys = sigstoreKeys();
    const manifest = c.files.find((f) => f.name === `blobs/sha256/${c.manifestDigest.slice(7)}`)!.content!;
    const ME = 'release@bw.example';
    const ISS = 'https://accounts.google.com';
    const good = keylessBundle(keys, Buffer.from(manifest), ME, ISS);
    const evil = keylessBundle(keys, Buffer.from(manifest), 'mallory@evil.example', 'https://accounts.evil.example');
    writeFileSync(join(dir, 'root.json'), JSON.stringify(trustedRoot(keys)));
    writeFileSync(join(dir, 'good.json'), JSON.stringify(good.bundle));
    writeFileSync(join(dir, 'evil.json'), JSON.stringify(evil.bundle));
    writeFileSync(join(dir, 'good.pub'), good.leaf.publicKey.export({ type: 'spki', format: 'pem' }));
    const run = (...args: string[]) => spawnSync(process.execPath, [resolve('dist/cli.js'), 'verify', archive, '--trusted-root', join(dir, 'root.json'), '--require-signature', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const none = run('--bundle', join(dir, 'evil.json'));
    expect([none.status, none.stdout, none.stderr]).toEqual([2, '', `bulwark: ${join(dir, 'evil.json')} is a keyless (certificate) bundle: say who must have signed it with --certificate-identity (or --certificate-identity-regexp) and --certificate-oidc-issuer (or --certificate-oidc-issuer-regexp), or give the signer's public key with --key; without them any certificate the trusted root's CA issued would pass\n`]);
    const half = run('--bundle', join(dir, 'good.json'), '--certificate-identity', ME);
    expect([half.status, half.stdout]).toEqual([2, '']);
    const both = run('--bundle', join(dir, 'good.json'), '--certificate-identity', ME, '--certificate-identity-regexp', 'x', '--certificate-oidc-issuer', ISS);
    expect([both.status, both.stderr]).toEqual([2, 'bulwark: give --certificate-identity or --certificate-identity-regexp, not both\n']);
    const noBundle = run('--certificate-identity', ME, '--certificate-oidc-issuer', ISS);
    expect([noBundle.status, noBundle.stderr]).toEqual([2, 'bulwark: --trusted-root applies only with --bundle\n']);
    const ok = run('--bundle', join(dir, 'good.json'), '--certificate-identity', ME, '--certificate-oidc-issuer', ISS);
    expect([ok.status, ok.stdout.split('\n').find((l) => l.startsWith('signature'))]).toEqual([0, `signature ok: Sigstore bundle over ${c.manifestDigest} verified offline; signed by ${ME} (OIDC issuer ${ISS})`]);
    const json = run('--bundle', join(dir, 'good.json'), '--certificate-identity', ME, '--certificate-oidc-issuer', ISS, '--format', 'json');
    expect((JSON.parse(json.stdout) as { signature: unknown }).signature).toEqual({ ok: true, method: 'sigstore-bundle', reason: `Sigstore bundle over ${c.manifestDigest} verified offline; signed by ${ME} (OIDC issuer ${ISS})`, signer: { identity: ME, issuer: ISS } });
    const bad = run('--bundle', join(dir, 'evil.json'), '--certificate-identity', ME, '--certificate-oidc-issuer', ISS);
    expect([bad.status, bad.stdout.split('\n').find((l) => l.startsWith('signature'))]).toEqual([1, `signature FAILED: Sigstore bundle does not verify: certificate identity error - expected ^release@bw\\.example$, got mallory@evil.example`]);
    // --key is not ignored for a certificate bundle.
    const otherKey = run('--bundle', join(dir, 'evil.json'), '--key', join(dir, 'good.pub'));
    expect([otherKey.status, otherKey.stdout.split('\n').find((l) => l.startsWith('signature'))]).toEqual([1, `signature FAILED: Sigstore bundle verifies but its certificate's key ${keyFingerprint(evil.leaf.publicKey)} (mallory@evil.example) is not the --key ${keyFingerprint(good.leaf.publicKey)}`]);
    const sameKey = run('--bundle', join(dir, 'good.json'), '--key', join(dir, 'good.pub'));
    expect(sameKey.status).toBe(0);
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
    expect(good.stdout).toContain(`signature ok: Sigstore bundle over ${c.manifestDigest} verified offline; signed with the key ${keyFingerprint(publicKey)}\n`);
    const bad = run('bad.json');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(`signature FAILED: Sigstore bundle verifies but its statement's subjects do not include ${c.manifestDigest}\n`);
  });
});
