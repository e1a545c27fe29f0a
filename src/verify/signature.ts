/**
 * Offline signature checks of an image's manifest digest for `bulwark verify` (issue 7; paper §IV.4 and
 * §V.1 "content trust"; R-P, R-G1; CIS Docker Benchmark 1.6.0 4.5):
 *  - {@link verifyCosignSignature}: a cosign "simple signing" payload (`critical.image.docker-manifest-digest`,
 *    `critical.type` = `cosign container image signature`) and its base64 signature, checked with a
 *    PEM public key (ECDSA P-256 / SHA-256 as `cosign generate-key-pair` makes, or any key node:crypto
 *    reads) — what `cosign download signature` / `cosign verify --output-file` give offline;
 *  - {@link verifySigstoreBundle}: a Sigstore bundle (`--bundle`) through @sigstore/verify 3.1.1 with a
 *    trusted root file (`--trusted-root`, the `trusted_root.json` of sigstore's TUF repository or one of
 *    your own) and, for key-signed bundles, `--key` for the bundle's public-key hint. The signed content
 *    must name the manifest digest: a DSSE in-toto statement whose subject has it, a DSSE simple-signing
 *    payload, or a message signature over the manifest bytes.
 * Results are verdicts with a one-line reason; nothing here reaches the network.
 */
import { createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';

/** The outcome of a signature check. */
export interface SignatureVerdict {
  ok: boolean;
  /** One line: what was checked, or why it failed. */
  reason: string;
  /** `cosign` or `sigstore-bundle`. */
  method: 'cosign' | 'sigstore-bundle';
}

/** Reads a PEM public key. @throws Error with a one-line message when it is not one. */
export function readPublicKey(pem: string, file: string): KeyObject {
  try {
    return createPublicKey(pem);
  } catch (e) {
    throw new Error(`${file}: not a PEM public key (${(e as Error).message.split('\n')[0]})`);
  }
}

/** Checks that a cosign simple-signing payload names `manifestDigest`; returns why not, or undefined. */
export function simpleSigningMismatch(payload: Buffer, manifestDigest: string): string | undefined {
  let j: { critical?: { type?: string; image?: { 'docker-manifest-digest'?: string } } };
  try {
    j = JSON.parse(payload.toString('utf8'));
  } catch {
    return 'payload is not JSON';
  }
  if (j.critical?.type !== 'cosign container image signature') return `payload type is ${JSON.stringify(j.critical?.type ?? null)}, not "cosign container image signature"`;
  const d = j.critical?.image?.['docker-manifest-digest'];
  if (d !== manifestDigest) return `payload signs ${d ?? 'no digest'}, the image's manifest is ${manifestDigest}`;
  return undefined;
}

/**
 * Verifies a cosign signature (base64 of an ASN.1 DER ECDSA signature, or of a raw signature for Ed25519)
 * over `payload` with `key`, and that the payload names `manifestDigest`.
 */
export function verifyCosignSignature(key: KeyObject, payload: Buffer, signatureB64: string, manifestDigest: string): SignatureVerdict {
  const sig = Buffer.from(signatureB64.trim(), 'base64');
  let good = false;
  try {
    good = cryptoVerify(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', payload, key, sig);
  } catch {
    good = false;
  }
  if (!good) return { ok: false, method: 'cosign', reason: 'cosign signature does not verify with the given key (payload or signature altered, or another key)' };
  const bad = simpleSigningMismatch(payload, manifestDigest);
  if (bad) return { ok: false, method: 'cosign', reason: `cosign signature verifies but ${bad}` };
  return { ok: true, method: 'cosign', reason: `cosign signature over ${manifestDigest} verified with the given key` };
}

/**
 * Verifies a Sigstore bundle offline with @sigstore/verify: the bundle's signature (key from the trusted
 * root's certificate authorities, or `key` for a public-key hint), with the transparency-log and timestamp
 * thresholds the trusted root can satisfy (`tlogThreshold` default 0 for key-signed bundles, 1 otherwise),
 * and that the signed content names `manifestDigest` (see the module comment).
 */
export async function verifySigstoreBundle(bundleJson: unknown, trustedRootJson: unknown, manifestDigest: string, manifestBytes: Buffer | undefined, key?: KeyObject): Promise<SignatureVerdict> {
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
  const hint = bundle.verificationMaterial.content.$case === 'publicKey' ? bundle.verificationMaterial.content.publicKey.hint : undefined;
  const keys = key
    ? () => ({ publicKey: key, validFor: () => true })
    : undefined;
  const material = toTrustMaterial(root, keys);
  const keySigned = hint !== undefined;
  const verifier = new Verifier(material, { tlogThreshold: keySigned ? 0 : 1, ctlogThreshold: keySigned ? 0 : 1, timestampThreshold: keySigned ? 0 : 1 });
  const content = bundle.content;
  let artifact: Buffer | undefined;
  if (content.$case === 'messageSignature') {
    if (!manifestBytes) return fail('a message-signature bundle signs the manifest bytes, and this archive has no manifest');
    artifact = manifestBytes;
  }
  try {
    verifier.verify(toSignedEntity(bundle, artifact));
  } catch (e) {
    return fail(`Sigstore bundle does not verify: ${(e as Error).message.split('\n')[0]}`);
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
      const [alg, want] = manifestDigest.split(':');
      if (!st.subject?.some((s) => s.digest?.[alg] === want)) return fail(`Sigstore bundle verifies but its statement's subjects do not include ${manifestDigest}`);
    } else {
      const bad = simpleSigningMismatch(payload, manifestDigest);
      if (bad) return fail(`Sigstore bundle verifies but ${bad}`);
    }
  }
  return { ok: true, method: 'sigstore-bundle', reason: `Sigstore bundle over ${manifestDigest} verified offline` };
}
