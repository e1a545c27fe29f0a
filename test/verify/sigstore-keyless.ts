/**
 * Test helper: a keyless-style Sigstore bundle made here, offline — a Fulcio-like CA certificate, a leaf
 * certificate for any identity (SAN e-mail or URI) and OIDC issuer (Fulcio's v1 issuer extension
 * 1.3.6.1.4.1.57264.1.1) with an embedded SCT from a CT log key, a Rekor-like transparency log entry with its
 * signed entry timestamp, and the trusted root (`trusted_root.json` shape) holding the CA, CT log and Rekor keys.
 * The bundle is a message signature over the given bytes (what `cosign sign --bundle` records for a manifest).
 * Ported from the QA reproduction /tmp/qa-vp/sig/craft.mjs (QA vp 2): @sigstore/verify 3.1.1 accepts these.
 *
 * Sources: RFC 5280 (certificate, extensions), RFC 6962 §3.2 (SCT over the precertificate TBS), Sigstore
 * protobuf-specs Bundle v0.1 / TrustedRoot v0.1, Rekor hashedrekord v0.0.1 and its SET (canonical JSON).
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

const sha = (b: Buffer) => createHash('sha256').update(b).digest();
const len = (n: number) => (n < 128 ? Buffer.from([n]) : n < 256 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 255]));
const tlv = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag]), len(body.length), body]);
const seq = (...xs: Buffer[]) => tlv(0x30, Buffer.concat(xs));
const set = (...xs: Buffer[]) => tlv(0x31, Buffer.concat(xs));
const int = (n: number) => {
  let h = n.toString(16);
  if (h.length % 2) h = '0' + h;
  let b = Buffer.from(h, 'hex');
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
};
const oid = (s: string) => {
  const p = s.split('.').map(Number);
  const out = [40 * p[0] + p[1]];
  for (const v of p.slice(2)) {
    const st: number[] = [];
    let x = v;
    st.unshift(x & 127);
    x >>= 7;
    while (x) {
      st.unshift((x & 127) | 128);
      x >>= 7;
    }
    out.push(...st);
  }
  return tlv(0x06, Buffer.from(out));
};
const octet = (b: Buffer) => tlv(0x04, b);
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s));
const utc = (d: Date) => tlv(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z'));
const bits = (b: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
const ctx = (n: number, body: Buffer) => tlv(0xa0 + n, body);
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const name = (cn: string) => seq(set(seq(oid('2.5.4.10'), utf8('bw-test-sigstore'))), set(seq(oid('2.5.4.3'), utf8(cn))));
const ext = (o: string, critical: boolean, value: Buffer) => seq(oid(o), ...(critical ? [bool(true)] : []), octet(value));
const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
const u24 = (n: number) => Buffer.from([n >> 16, (n >> 8) & 255, n & 255]);
const u16 = (n: number) => Buffer.from([n >> 8, n & 255]);
const ec = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });

/** The keys of one test "Sigstore instance": certificate authority, CT log, transparency log. */
export interface SigstoreKeys {
  ca: { publicKey: KeyObject; privateKey: KeyObject };
  ct: { publicKey: KeyObject; privateKey: KeyObject };
  rekor: { publicKey: KeyObject; privateKey: KeyObject };
}

/** New keys for a test instance. */
export function sigstoreKeys(): SigstoreKeys {
  return { ca: ec(), ct: ec(), rekor: ec() };
}

/** The trusted root (`trusted_root.json`) of `k`. */
export function trustedRoot(k: SigstoreKeys): unknown {
  const caName = name('bw-test-fulcio');
  const caTbs = seq(ctx(0, int(2)), int(1), ECDSA_SHA256, caName, seq(utc(new Date('2020-01-01')), utc(new Date('2040-01-01'))), caName, spki(k.ca.publicKey), ctx(3, seq(ext('2.5.29.19', true, seq(bool(true))), ext('2.5.29.15', true, bits(Buffer.from([0x06]))))));
  const caCert = seq(caTbs, ECDSA_SHA256, bits(sign('sha256', caTbs, k.ca.privateKey)));
  const tl = (key: KeyObject, url: string) => ({ baseUrl: url, hashAlgorithm: 'SHA2_256', publicKey: { rawBytes: spki(key).toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start: '2020-01-01T00:00:00Z' } }, logId: { keyId: sha(spki(key)).toString('base64') } });
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [tl(k.rekor.publicKey, 'https://rekor.example')],
    certificateAuthorities: [{ subject: { organization: 'bw-test-sigstore', commonName: 'bw-test-fulcio' }, uri: 'https://fulcio.example', certChain: { certificates: [{ rawBytes: caCert.toString('base64') }] }, validFor: { start: '2020-01-01T00:00:00Z' } }],
    ctlogs: [tl(k.ct.publicKey, 'https://ctfe.example')],
    timestampAuthorities: [],
  };
}

/**
 * A keyless bundle over `artifact` (message signature), its leaf certificate naming `identity` (an e-mail
 * address, or a URI when it holds `://`) and `issuer`. Returns the bundle JSON and the leaf's key pair.
 */
export function keylessBundle(k: SigstoreKeys, artifact: Buffer, identity: string, issuer: string): { bundle: unknown; leaf: { publicKey: KeyObject; privateKey: KeyObject } } {
  const caName = name('bw-test-fulcio');
  const nb = new Date(Date.now() - 3600e3);
  const na = new Date(Date.now() + 3600e3 * 24 * 365);
  const leaf = ec();
  const san = identity.includes('://') ? tlv(0x86, Buffer.from(identity)) : tlv(0x81, Buffer.from(identity));
  const leafExts = [
    ext('2.5.29.15', true, bits(Buffer.from([0x80]))),
    ext('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.3'))),
    ext('2.5.29.17', true, seq(san)),
    ext('1.3.6.1.4.1.57264.1.1', false, Buffer.from(issuer)),
  ];
  const mkTbs = (exts: Buffer[]) => seq(ctx(0, int(2)), int(424242), ECDSA_SHA256, caName, seq(utc(nb), utc(na)), seq(), spki(leaf.publicKey), ctx(3, seq(...exts)));
  // RFC 6962: the SCT signs the precertificate TBS (without the SCT extension) and the issuer key's hash.
  const ts = Buffer.alloc(8);
  ts.writeBigInt64BE(BigInt(Date.now()));
  const pre = mkTbs(leafExts);
  const signed = Buffer.concat([Buffer.from([0, 0]), ts, u16(1), sha(spki(k.ca.publicKey)), u24(pre.length), pre, u16(0)]);
  const sctSig = sign('sha256', signed, k.ct.privateKey);
  const sct = Buffer.concat([Buffer.from([0]), sha(spki(k.ct.publicKey)), ts, u16(0), Buffer.from([4, 3]), u16(sctSig.length), sctSig]);
  const list = Buffer.concat([u16(sct.length + 2), u16(sct.length), sct]);
  const tbs = mkTbs([...leafExts, ext('1.3.6.1.4.1.11129.2.4.2', false, octet(list))]);
  const leafCert = seq(tbs, ECDSA_SHA256, bits(sign('sha256', tbs, k.ca.privateKey)));
  const msgSig = sign('sha256', artifact, leaf.privateKey);
  const certPem = `-----BEGIN CERTIFICATE-----\n${leafCert.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  const body = JSON.stringify({ apiVersion: '0.0.1', kind: 'hashedrekord', spec: { data: { hash: { algorithm: 'sha256', value: sha(artifact).toString('hex') } }, signature: { content: msgSig.toString('base64'), publicKey: { content: Buffer.from(certPem).toString('base64') } } } });
  const integratedTime = Math.floor(Date.now() / 1000);
  const rekorId = sha(spki(k.rekor.publicKey));
  const canon = (o: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.keys(o).sort().map((key) => [key, o[key]])));
  const setPayload = canon({ body: Buffer.from(body).toString('base64'), integratedTime, logIndex: 7, logID: rekorId.toString('hex') });
  const SET = sign('sha256', Buffer.from(setPayload), k.rekor.privateKey);
  const bundle = {
    mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    verificationMaterial: {
      x509CertificateChain: { certificates: [{ rawBytes: leafCert.toString('base64') }] },
      tlogEntries: [{ logIndex: '7', logId: { keyId: rekorId.toString('base64') }, kindVersion: { kind: 'hashedrekord', version: '0.0.1' }, integratedTime: String(integratedTime), inclusionPromise: { signedEntryTimestamp: SET.toString('base64') }, canonicalizedBody: Buffer.from(body).toString('base64') }],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: sha(artifact).toString('base64') }, signature: msgSig.toString('base64') },
  };
  return { bundle, leaf };
}
