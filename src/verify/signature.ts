/**
 * Offline signature checks of an image's manifest digest for `bulwark verify` (issue 7; paper §IV.4 and
 * §V.1 "content trust"; R-P, R-G1; CIS Docker Benchmark 1.6.0 4.5):
 *  - {@link verifyCosignSignature}: a cosign "simple signing" payload (`critical.image.docker-manifest-digest`,
 *    `critical.type` = `cosign container image signature`) and its base64 signature, checked with a
 *    PEM public key (ECDSA P-256 / SHA-256 as `cosign generate-key-pair` makes, or any key node:crypto
 *    reads) — what `cosign download signature` / `cosign verify --output-file` give offline;
 *  - {@link verifySigstoreBundle}: a Sigstore bundle (`--bundle`) through @sigstore/verify 3.1.1 with a
 *    trusted root file (`--trusted-root`, the `trusted_root.json` of sigstore's TUF repository or one of
 *    your own). Who may have signed is always stated, as `cosign verify` requires: a keyless (certificate)
 *    bundle passes only for the certificate identity and OIDC issuer given ({@link CertificateIdentityPolicy},
 *    `--certificate-identity[-regexp]`, `--certificate-oidc-issuer[-regexp]`), handed to the verifier as its
 *    policy — without one, any certificate the trusted root's CA issued to anybody would pass —, or for the
 *    public key given (`--key`: the certificate's key must be that key); a key-signed bundle (public-key hint)
 *    passes only with `--key`. The signed content must name the manifest digest: a DSSE in-toto statement
 *    whose subject has it, a DSSE simple-signing payload, or a message signature over the manifest bytes.
 * Every verdict that passes names the signer (identity and issuer, or the key's fingerprint).
 * Results are verdicts with a one-line reason; nothing here reaches the network.
 */
import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';

/** The outcome of a signature check. */
export interface SignatureVerdict {
  ok: boolean;
  /** One line: what was checked, or why it failed. */
  reason: string;
  /** `cosign` or `sigstore-bundle`. */
  method: 'cosign' | 'sigstore-bundle';
  /**
   * Who signed, once the signature verified: the certificate's subject alternative name and OIDC issuer (keyless
   * bundles), or the fingerprint of the key ({@link keyFingerprint}) that verified it.
   */
  signer?: { identity?: string; issuer?: string; key?: string };
}

/**
 * Who must have signed a keyless (certificate) bundle, as cosign's `verify` flags say it: the certificate's
 * subject alternative name (an e-mail address, or a URI such as a CI workflow's) exactly (`identity`) or matching
 * a regular expression (`identityRegexp`), and its OIDC issuer (Fulcio's issuer extension, OID
 * 1.3.6.1.4.1.57264.1.8 or .1.1) exactly (`issuer`) or matching (`issuerRegexp`). Regular expressions are
 * JavaScript's, matched anywhere in the value (as cosign matches Go's): anchor them with `^…$`.
 * Source: cosign verify `--certificate-identity[-regexp]`, `--certificate-oidc-issuer[-regexp]`; Fulcio
 * certificate specification (OIDs).
 */
export interface CertificateIdentityPolicy {
  identity?: string;
  identityRegexp?: string;
  issuer?: string;
  issuerRegexp?: string;
}

/** What {@link verifySigstoreBundle} accepts as the signer. */
export interface SigstoreSigner {
  /** The public key that must have signed (a key-signed bundle's key, or a certificate's key). */
  key?: KeyObject;
  /** Who must have signed a certificate bundle; needed (identity and issuer) when no `key` is given. */
  certificate?: CertificateIdentityPolicy;
}

/** `sha256:<hex>` of a public key's SubjectPublicKeyInfo (DER): how a verdict names the key that signed. */
export function keyFingerprint(key: KeyObject): string {
  return 'sha256:' + createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** Whether a policy says both who (identity) and through whom (issuer): what a keyless bundle needs without a key. */
export function completeIdentityPolicy(p: CertificateIdentityPolicy | undefined): boolean {
  return !!p && (p.identity !== undefined || p.identityRegexp !== undefined) && (p.issuer !== undefined || p.issuerRegexp !== undefined);
}

/**
 * How a Sigstore bundle's signer is named in its JSON: `certificate` (a keyless bundle: `x509CertificateChain` in
 * v0.1/v0.2, `certificate` in v0.3), `key` (a public-key hint), or undefined when it is neither.
 */
export function bundleSignerKind(bundleJson: unknown): 'certificate' | 'key' | undefined {
  const vm = (bundleJson as { verificationMaterial?: Record<string, unknown> } | null)?.verificationMaterial;
  if (!vm || typeof vm !== 'object') return undefined;
  if (vm.x509CertificateChain || vm.certificate) return 'certificate';
  if (vm.publicKey) return 'key';
  return undefined;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads a PEM public key. @throws Error with a one-line message when it is not one. */
export function readPublicKey(pem: string, file: string): KeyObject {
  try {
    return createPublicKey(pem);
  } catch (e) {
    throw new Error(`${file}: not a PEM public key (${(e as Error).message.split('\n')[0]})`);
  }
}

/** An image index the verified manifest was reached through (digest-checked), and its bytes when kept. */
export interface SignedIndex {
  digest: string;
  bytes?: Buffer;
}

/**
 * Checks that a cosign simple-signing payload names `manifestDigest`, or the digest of one of the image indexes
 * the manifest was reached through (`indexDigests`: cosign signs a multi-platform image by its index digest);
 * returns why not, or undefined.
 */
export function simpleSigningMismatch(payload: Buffer, manifestDigest: string, indexDigests: readonly string[] = []): string | undefined {
  let j: { critical?: { type?: string; image?: { 'docker-manifest-digest'?: string } } };
  try {
    j = JSON.parse(payload.toString('utf8'));
  } catch {
    return 'payload is not JSON';
  }
  if (j.critical?.type !== 'cosign container image signature') return `payload type is ${JSON.stringify(j.critical?.type ?? null)}, not "cosign container image signature"`;
  const d = j.critical?.image?.['docker-manifest-digest'];
  if (d !== manifestDigest && !(d !== undefined && indexDigests.includes(d))) return `payload signs ${d ?? 'no digest'}, the image's manifest is ${manifestDigest}${indexDigests.length ? ` (reached through the index ${indexDigests.join(', ')})` : ''}`;
  return undefined;
}

/** The digest a simple-signing payload names (undefined when it names none or is not JSON). */
function simpleSigningDigest(payload: Buffer): string | undefined {
  try {
    return (JSON.parse(payload.toString('utf8')) as { critical?: { image?: { 'docker-manifest-digest'?: string } } }).critical?.image?.['docker-manifest-digest'];
  } catch {
    return undefined;
  }
}

/** What a verdict says was signed: the manifest digest, or an index digest and the manifest it covers. */
function signedWhat(signed: string | undefined, manifestDigest: string): string {
  return signed === undefined || signed === manifestDigest ? manifestDigest : `${signed} (the image index the manifest ${manifestDigest} was reached through, digest-checked)`;
}

/**
 * Verifies a cosign signature (base64 of an ASN.1 DER ECDSA signature, or of a raw signature for Ed25519)
 * over `payload` with `key`, and that the payload names `manifestDigest` or one of `indexDigests` (the
 * digest-checked indexes the manifest was reached through).
 */
export function verifyCosignSignature(key: KeyObject, payload: Buffer, signatureB64: string, manifestDigest: string, indexDigests: readonly string[] = []): SignatureVerdict {
  const sig = Buffer.from(signatureB64.trim(), 'base64');
  let good = false;
  try {
    good = cryptoVerify(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', payload, key, sig);
  } catch {
    good = false;
  }
  if (!good) return { ok: false, method: 'cosign', reason: 'cosign signature does not verify with the given key (payload or signature altered, or another key)' };
  const bad = simpleSigningMismatch(payload, manifestDigest, indexDigests);
  if (bad) return { ok: false, method: 'cosign', reason: `cosign signature verifies but ${bad}` };
  const fp = keyFingerprint(key);
  return { ok: true, method: 'cosign', reason: `cosign signature over ${signedWhat(simpleSigningDigest(payload), manifestDigest)} verified with the given key; signed with the key ${fp}`, signer: { key: fp } };
}

/**
 * Verifies a Sigstore bundle offline with @sigstore/verify and names its signer:
 *  - a keyless (certificate) bundle: the certificate must chain to the trusted root's certificate authorities with
 *    an SCT from its CT logs and a transparency-log entry (thresholds 1); then who signed must be who
 *    `signer.certificate` names — given to the verifier as its policy (subject alternative name, issuer
 *    extension; an issuer regular expression is matched on the identity the verifier returns) — and, when
 *    `signer.key` is given, the certificate's key must be that key. With neither a complete identity policy
 *    ({@link completeIdentityPolicy}) nor a key, it fails: any certificate of the CA would pass;
 *  - a key-signed bundle (public-key hint): verified with `signer.key` (thresholds 0); without a key it fails, and
 *    an identity policy cannot apply to it (it fails too, rather than pass unchecked).
 * Then the signed content must name `manifestDigest` (see the module comment), or the digest of one of `indexes`
 * (the digest-checked image indexes the manifest was reached through: a multi-platform image is signed by its
 * index digest); a message signature is checked over the bytes of the manifest or of the index it names.
 */
export async function verifySigstoreBundle(bundleJson: unknown, trustedRootJson: unknown, manifestDigest: string, manifestBytes: Buffer | undefined, signer: SigstoreSigner = {}, indexes: readonly SignedIndex[] = []): Promise<SignatureVerdict> {
  // CommonJS packages: named exports may only be on `default` once bundled.
  const cjs = <T>(m: T & { default?: T }): T => ((m as Record<string, unknown>)['__esModule'] !== undefined || !m.default ? m : m.default);
  const { bundleFromJSON } = cjs(await import('@sigstore/bundle'));
  const { Verifier, toSignedEntity, toTrustMaterial } = cjs(await import('@sigstore/verify'));
  const specs = await import('@sigstore/protobuf-specs');
  const TrustedRoot = specs.TrustedRoot ?? (specs as unknown as { default: typeof specs }).default.TrustedRoot;
  const fail = (reason: string): SignatureVerdict => ({ ok: false, method: 'sigstore-bundle', reason });
  let bundle;
  try {
    bundle = bundleFromJSON(bundleJson);
  } catch (e) {
    return fail(`not a Sigstore bundle: ${(e as Error).message.split('\n')[0]}`);
  }
  let root;
  try {
    root = TrustedRoot.fromJSON(trustedRootJson);
  } catch (e) {
    return fail(`not a Sigstore trusted root: ${(e as Error).message.split('\n')[0]}`);
  }
  const key = signer.key;
  const policy = signer.certificate;
  const hasPolicy = !!policy && Object.values(policy).some((v) => v !== undefined);
  const hint = bundle.verificationMaterial.content.$case === 'publicKey' ? bundle.verificationMaterial.content.publicKey.hint : undefined;
  const keySigned = hint !== undefined;
  if (keySigned) {
    if (!key) return fail('the bundle is signed with a key (public-key hint): give its public key with --key');
    if (hasPolicy) return fail('the bundle is signed with a key, not a certificate: --certificate-identity / --certificate-oidc-issuer cannot be checked against it');
  } else if (!key && !completeIdentityPolicy(policy)) {
    return fail('a keyless (certificate) bundle needs --certificate-identity (or --certificate-identity-regexp) and --certificate-oidc-issuer (or --certificate-oidc-issuer-regexp), or the signer\'s --key: otherwise any certificate the trusted root\'s CA issued would pass');
  }
  const material = toTrustMaterial(root, key ? () => ({ publicKey: key, validFor: () => true }) : undefined);
  const verifier = new Verifier(material, { tlogThreshold: keySigned ? 0 : 1, ctlogThreshold: keySigned ? 0 : 1, timestampThreshold: keySigned ? 0 : 1 });
  const content = bundle.content;
  let artifact: Buffer | undefined;
  /** The digest the bundle turns out to sign (the manifest's, or an index's). */
  let signed: string | undefined;
  const indexDigests = indexes.map((i) => i.digest);
  if (content.$case === 'messageSignature') {
    // The bytes signed: the index whose sha256 the bundle's message digest names, else the manifest.
    const md = content.messageSignature.messageDigest?.digest;
    const idx = md ? indexes.find((i) => i.bytes && i.digest === `sha256:${Buffer.from(md).toString('hex')}`) : undefined;
    if (idx) {
      artifact = idx.bytes;
      signed = idx.digest;
    } else {
      if (!manifestBytes) return fail('a message-signature bundle signs the manifest bytes, and this archive has no manifest');
      artifact = manifestBytes;
      signed = manifestDigest;
    }
  }
  // The verifier's policy: the subject alternative name is a regular expression to it (an exact identity is
  // anchored and escaped), the issuer extension is compared exactly.
  const verifierPolicy = keySigned || !hasPolicy ? undefined : {
    ...(policy!.identity !== undefined ? { subjectAlternativeName: `^${escapeRegExp(policy!.identity)}$` } : policy!.identityRegexp !== undefined ? { subjectAlternativeName: policy!.identityRegexp } : {}),
    ...(policy!.issuer !== undefined ? { extensions: { issuer: policy!.issuer } } : {}),
  };
  let who;
  try {
    who = verifier.verify(toSignedEntity(bundle, artifact), verifierPolicy);
  } catch (e) {
    return fail(`Sigstore bundle does not verify: ${(e as Error).message.split('\n')[0]}`);
  }
  const identity = who.identity?.subjectAlternativeName;
  const issuer = who.identity?.extensions?.issuer;
  if (!keySigned && policy?.issuerRegexp !== undefined && (issuer === undefined || !new RegExp(policy.issuerRegexp).test(issuer))) {
    return fail(`Sigstore bundle verifies but its certificate's OIDC issuer ${issuer === undefined ? '(none)' : JSON.stringify(issuer)} does not match --certificate-oidc-issuer-regexp ${JSON.stringify(policy.issuerRegexp)}`);
  }
  if (!keySigned && key && !who.key.export({ type: 'spki', format: 'der' }).equals(key.export({ type: 'spki', format: 'der' }))) {
    return fail(`Sigstore bundle verifies but its certificate's key ${keyFingerprint(who.key)} (${identity ?? 'no identity'}) is not the --key ${keyFingerprint(key)}`);
  }
  if (content.$case === 'dsseEnvelope') {
    const env = content.dsseEnvelope;
    const payload = Buffer.from(env.payload);
    if (env.payloadType === 'application/vnd.in-toto+json') {
      let st: { subject?: { digest?: Record<string, string> }[] };
      try {
        st = JSON.parse(payload.toString('utf8'));
      } catch {
        return fail('in-toto statement is not JSON');
      }
      const names = (d: string) => {
        const [alg, want] = d.split(':');
        return st.subject?.some((s) => s.digest?.[alg] === want) ?? false;
      };
      signed = [manifestDigest, ...indexDigests].find(names);
      if (!signed) return fail(`Sigstore bundle verifies but its statement's subjects do not include ${manifestDigest}${indexDigests.length ? ` (nor the index ${indexDigests.join(', ')} it was reached through)` : ''}`);
    } else {
      const bad = simpleSigningMismatch(payload, manifestDigest, indexDigests);
      if (bad) return fail(`Sigstore bundle verifies but ${bad}`);
      signed = simpleSigningDigest(payload);
    }
  }
  const signedBy: SignatureVerdict['signer'] = keySigned
    ? { key: keyFingerprint(key!) }
    : { identity: identity ?? '(no identity)', issuer: issuer ?? '(no issuer)', ...(key ? { key: keyFingerprint(key) } : {}) };
  const whoText = keySigned
    ? `signed with the key ${signedBy.key}`
    : `signed by ${signedBy.identity} (OIDC issuer ${signedBy.issuer})${key ? ` with the key ${signedBy.key}` : ''}`;
  return { ok: true, method: 'sigstore-bundle', reason: `Sigstore bundle over ${signedWhat(signed, manifestDigest)} verified offline; ${whoText}`, signer: signedBy };
}
