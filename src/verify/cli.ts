/**
 * The implementation of `bulwark verify` (registered in src/cli/verify.ts): verify, optional signature,
 * optional unpack, report. Issue 7, paper §IV.4, R-P, R-S, R-G1.
 */
import { createWriteStream, realpathSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { statOrUndefined, UsageError, writeAtomic, writeChunks } from '../cli/common.js';
import { printable } from '../report/text.js';
import { severityRank, type Severity } from '../rules/types.js';
import { InputProblem } from './reader.js';
import { bundleSignerKind, completeIdentityPolicy, readPublicKey, verifyCosignSignature, verifySigstoreBundle, type CertificateIdentityPolicy, type SignatureVerdict } from './signature.js';
import { removeTempDirsSync, unpackImage, UnpackRefused, type UnpackStats } from './unpack.js';
import { absentText } from './types.js';
import { NOT_IN_ARCHIVE, verifyImage, type VerifyReport } from './verify.js';

/** Flags of `bulwark verify` (see src/cli/verify.ts). */
export interface VerifyFlags {
  platform?: string;
  unpack?: string;
  keepSetuid?: boolean;
  allowDevices?: boolean;
  maxSize?: string;
  maxRatio?: string;
  maxEntries?: string;
  key?: string;
  signature?: string;
  payload?: string;
  bundle?: string;
  trustedRoot?: string;
  /** cosign's `--certificate-identity`: the keyless bundle's certificate must name exactly this signer. */
  certificateIdentity?: string;
  /** `--certificate-identity-regexp`: … or one matching this regular expression. */
  certificateIdentityRegexp?: string;
  /** `--certificate-oidc-issuer`: the certificate's OIDC issuer, exactly. */
  certificateOidcIssuer?: string;
  /** `--certificate-oidc-issuer-regexp`: … or one matching this regular expression. */
  certificateOidcIssuerRegexp?: string;
  requireSignature?: boolean;
  format: 'text' | 'json' | 'sarif' | 'html';
  output?: string;
  failOn?: Severity;
  color?: boolean;
}

/** Parses `123`, `64K`, `512M`, `8G` (binary units) into bytes. @throws UsageError */
export function parseBytes(v: string, flag: string): number {
  const m = /^(\d+)([KMGT]i?B?)?$/i.exec(v.trim());
  if (!m) throw new UsageError(`${flag} must be a number of bytes (suffixes K, M, G, T), got "${v}"`);
  const mult = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[(m[2] ?? '').charAt(0).toUpperCase() as '' | 'K' | 'M' | 'G' | 'T'];
  const n = Number(m[1]) * mult;
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive number of bytes, got "${v}"`);
  return n;
}

async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`${what} ${path}: cannot read: ${err.code === 'ENOENT' ? 'no such file' : (err.code ?? err.message)}`);
  }
}

function parseJsonFile(buf: Buffer, path: string): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (e) {
    throw new UsageError(`${path}: not JSON: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** The certificate identity policy the flags give, or undefined when they give none. */
function identityPolicy(flags: VerifyFlags): CertificateIdentityPolicy | undefined {
  const p: CertificateIdentityPolicy = { identity: flags.certificateIdentity, identityRegexp: flags.certificateIdentityRegexp, issuer: flags.certificateOidcIssuer, issuerRegexp: flags.certificateOidcIssuerRegexp };
  return Object.values(p).some((v) => v !== undefined) ? p : undefined;
}

/**
 * Checks the signer flags before anything is read (exit 2): identity flags only with `--bundle`, exact or regexp
 * (not both), regular expressions that compile; and, reading the bundle, that it says who must have signed it —
 * a keyless (certificate) bundle needs an identity and an issuer, or `--key`; a key-signed one needs `--key`
 * (as `cosign verify` refuses to run without them). Returns the parsed bundle.
 */
async function checkSignerFlags(flags: VerifyFlags): Promise<unknown> {
  const policy = identityPolicy(flags);
  if (policy && !flags.bundle) throw new UsageError('--certificate-identity, --certificate-oidc-issuer and their -regexp forms apply only with --bundle (a keyless Sigstore bundle)');
  if (flags.certificateIdentity !== undefined && flags.certificateIdentityRegexp !== undefined) throw new UsageError('give --certificate-identity or --certificate-identity-regexp, not both');
  if (flags.certificateOidcIssuer !== undefined && flags.certificateOidcIssuerRegexp !== undefined) throw new UsageError('give --certificate-oidc-issuer or --certificate-oidc-issuer-regexp, not both');
  for (const [flag, re] of [['--certificate-identity-regexp', flags.certificateIdentityRegexp], ['--certificate-oidc-issuer-regexp', flags.certificateOidcIssuerRegexp]] as const) {
    if (re === undefined) continue;
    try {
      new RegExp(re);
    } catch (e) {
      throw new UsageError(`${flag} ${JSON.stringify(re)}: not a regular expression (${(e as Error).message})`);
    }
  }
  if (!flags.bundle) return undefined;
  const bundle = parseJsonFile(await readInput(flags.bundle, '--bundle'), flags.bundle);
  const kind = bundleSignerKind(bundle);
  if (kind === 'certificate' && !flags.key && !completeIdentityPolicy(policy)) {
    throw new UsageError(`${flags.bundle} is a keyless (certificate) bundle: say who must have signed it with --certificate-identity (or --certificate-identity-regexp) and --certificate-oidc-issuer (or --certificate-oidc-issuer-regexp), or give the signer's public key with --key; without them any certificate the trusted root's CA issued would pass`);
  }
  if (kind === 'key' && !flags.key) throw new UsageError(`${flags.bundle} is signed with a key (public-key hint): give its public key with --key`);
  if (kind === 'key' && policy) throw new UsageError(`${flags.bundle} is signed with a key, not a certificate: --certificate-identity / --certificate-oidc-issuer cannot apply; check it with --key`);
  return bundle;
}

/** Checks the signature options against the verified image. */
async function checkSignature(report: VerifyReport, flags: VerifyFlags, bundleJson: unknown): Promise<SignatureVerdict | undefined> {
  const wantsCosign = flags.signature !== undefined || flags.payload !== undefined;
  if (!wantsCosign && !flags.bundle) {
    if (flags.key) throw new UsageError('--key needs --signature and --payload (cosign) or --bundle');
    return undefined;
  }
  if (wantsCosign && (!flags.signature || !flags.payload || !flags.key)) throw new UsageError('a cosign signature check needs --key, --signature and --payload');
  if (flags.bundle && !flags.trustedRoot) throw new UsageError('--bundle needs --trusted-root (offline verification)');
  if (report.images.length !== 1) return { ok: false, method: wantsCosign ? 'cosign' : 'sigstore-bundle', reason: `the archive holds ${report.images.length} verified images; choose one with --platform` };
  const img = report.images[0];
  if (!img.manifestDigest) return { ok: false, method: wantsCosign ? 'cosign' : 'sigstore-bundle', reason: 'the archive has no OCI manifest (legacy docker save): there is no manifest digest to check a signature against' };
  let key;
  if (flags.key) {
    try {
      key = readPublicKey((await readInput(flags.key, '--key')).toString('utf8'), flags.key);
    } catch (e) {
      throw e instanceof UsageError ? e : new UsageError((e as Error).message);
    }
  }
  if (wantsCosign) {
    const payload = await readInput(flags.payload!, '--payload');
    const sig = (await readInput(flags.signature!, '--signature')).toString('utf8');
    return verifyCosignSignature(key!, payload, sig, img.manifestDigest, img.indexDigests);
  }
  const bundle = bundleJson;
  const root = parseJsonFile(await readInput(flags.trustedRoot!, '--trusted-root'), flags.trustedRoot!);
  const [alg, hex] = img.manifestDigest.split(':');
  const manifestPath = `blobs/${alg}/${hex}`;
  const indexes = (img.indexDigests ?? []).map((digest) => ({ digest, bytes: report.listing.blobs.get(`blobs/${digest.replace(':', '/')}`)?.json }));
  return verifySigstoreBundle(bundle, root, img.manifestDigest, report.listing.blobs.get(manifestPath)?.json, { key, certificate: identityPolicy(flags) }, indexes);
}

/** Text lines of the verification verdict (before the findings). */
function verdictLines(report: VerifyReport, sig: SignatureVerdict | undefined, unpacked: { dir: string; stats: UnpackStats } | undefined, unpackError: string | undefined): string[] {
  const out: string[] = [];
  const p = printable;
  if (report.verified) {
    out.push(`verified ${p(report.input)}: ${report.format}, ${report.entries} entries, ${report.bytes} bytes`);
    for (const img of report.images) {
      out.push(`  image ${p(img.names.join(', ') || '(no name)')}${img.platform ? `  ${img.platform}` : ''}`);
      if (img.manifestDigest) out.push(`    manifest ${img.manifestDigest}`);
      out.push(`    config   ${img.configDigest}`);
      img.layers.forEach((l, i) => out.push(`    layer ${i + 1}  ${l.digest}  ${l.compression}  ${l.size} bytes  diff_id ${l.diffId}`));
    }
    if (report.unreferenced.length) out.push(`  not referenced by any manifest: ${report.unreferenced.map(p).join(', ')}`);
    if (report.absent.length) {
      // Which platforms this verdict covers, and which the index lists without their content (never claimed).
      const verified = [...new Set(report.images.map((i) => i.platform ?? '(no platform)'))];
      const lacking = [...new Set(report.absent.filter((a) => a.platform && /^(manifest|config|layer \d+)$/.test(a.role)).map((a) => a.platform!))].filter((x) => !verified.includes(x));
      out.push(`  platforms verified: ${p(verified.join(', '))}${lacking.length ? `; listed but not in the archive, not verified: ${p(lacking.join(', '))}` : ''}`);
    }
  } else {
    out.push(`FAILED ${p(report.input)}: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`);
    for (const pr of report.problems) out.push(`  ${pr.code}: ${p(pr.message)}`);
  }
  for (const a of report.absent) out.push(`  ${NOT_IN_ARCHIVE}: ${p(absentText(a))}`);
  if (sig) out.push(`${sig.ok ? 'signature ok' : 'signature FAILED'}: ${p(sig.reason)}`);
  if (unpacked) {
    const s = unpacked.stats;
    out.push(`unpacked into ${p(unpacked.dir)}: ${s.files} files, ${s.directories} directories, ${s.symlinks} symlinks, ${s.hardlinks} hard links, ${s.bytes} bytes, ${s.whiteouts} whiteouts, setuid/setgid stripped from ${s.strippedSetid} files`);
  }
  if (unpackError) out.push(`not unpacked: ${p(unpackError)}`);
  return out;
}

/** Spools stdin to a temporary file (so that --unpack can read it twice); returns its path and a cleanup. */
async function spoolStdin(created: (dir: string) => void): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'bulwark-stdin-'));
  created(dir);
  const path = join(dir, 'stdin.tar');
  await pipeline(process.stdin, createWriteStream(path, { mode: 0o600 }));
  return { path, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Refuses (exit 2) a report path that is the archive being verified, a file inside the OCI layout directory being
 * verified, or one of the signature inputs: `-o image.tar` used to replace the archive with its report (qa-b 3).
 * Compared by device and inode (through links) where the report exists, by resolved path inside a layout.
 */
function refuseOverwrite(output: string, input: string, others: (string | undefined)[]): void {
  const target = statOrUndefined(output);
  const inputStat = input === '-' ? undefined : statOrUndefined(input);
  if (inputStat?.isDirectory()) {
    // Real paths: a link to the layout, a link inside it, or the report named through a linked directory (qa-c 2).
    const real = (p: string) => {
      try {
        return realpathSync(p);
      } catch {
        return undefined;
      }
    };
    const parent = real(dirname(resolve(output)));
    const out = real(output) ?? (parent ? join(parent, basename(output)) : resolve(output));
    const rel = relative(real(input) ?? resolve(input), out);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) throw new UsageError(`refusing to write the report into the image layout being verified: ${output}`);
  }
  if (!target) return;
  for (const p of [input, ...others]) {
    if (p === undefined || p === '-') continue;
    const st = statOrUndefined(p);
    if (st && st.ino === target.ino && st.dev === target.dev) throw new UsageError(`refusing to write the report over ${p === input ? 'the archive being verified' : 'an input of the check'}: ${output}`);
  }
}

/** Runs `bulwark verify`; returns the exit code. @throws UsageError for usage and unusable input (exit 2). */
export async function runVerify(input: string, flags: VerifyFlags): Promise<number> {
  const maxSize = flags.maxSize !== undefined ? parseBytes(flags.maxSize, '--max-size') : undefined;
  const maxRatio = flags.maxRatio !== undefined ? Number(flags.maxRatio) : undefined;
  if (maxRatio !== undefined && !(Number.isFinite(maxRatio) && maxRatio >= 1)) throw new UsageError(`--max-ratio must be a number ≥ 1, got "${flags.maxRatio}"`);
  const maxEntries = flags.maxEntries !== undefined ? Number(flags.maxEntries) : undefined;
  if (maxEntries !== undefined && !(Number.isSafeInteger(maxEntries) && maxEntries >= 1 && /^\d+$/.test(flags.maxEntries!.trim()))) throw new UsageError(`--max-entries must be a whole number ≥ 1, got "${flags.maxEntries}"`);
  if (flags.platform && !/^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_]+)?$/i.test(flags.platform)) throw new UsageError(`--platform must be os/arch[/variant], got "${flags.platform}"`);
  if (flags.trustedRoot && !flags.bundle) throw new UsageError('--trusted-root applies only with --bundle');
  if (flags.output) refuseOverwrite(flags.output, input, [flags.key, flags.signature, flags.payload, flags.bundle, flags.trustedRoot]);
  if (flags.bundle && !flags.trustedRoot) throw new UsageError('--bundle needs --trusted-root (offline verification)');
  const bundleJson = await checkSignerFlags(flags);
  // Interrupted (Ctrl-C, kill): remove the unpack's temporary directory and the stdin spool, then exit as
  // the signal would (130 / 143): a failure leaves nothing behind, an interruption neither.
  let spoolDir: string | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    removeTempDirsSync();
    if (spoolDir) rmSync(spoolDir, { recursive: true, force: true });
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const spool = input === '-' ? await spoolStdin((d) => (spoolDir = d)) : undefined;
  try {
    let report: VerifyReport;
    try {
      report = await verifyImage(spool?.path ?? input, { platform: flags.platform, maxSize, maxRatio, maxEntries, allowDevices: flags.allowDevices, displayName: spool ? '-' : input });
    } catch (e) {
      if (e instanceof InputProblem) throw new UsageError(spool ? e.message.split(spool.path).join('-') : e.message);
      throw e;
    }
    if (spool) report.input = '-';
    const sig = report.verified ? await checkSignature(report, flags, bundleJson) : undefined;
    const sigFailed = (sig && !sig.ok) || (flags.requireSignature && !sig?.ok);
    const sigLine: SignatureVerdict | undefined = sig ?? (flags.requireSignature ? { ok: false, method: 'cosign', reason: report.verified ? '--require-signature: no signature given (--key with --signature/--payload, or --bundle)' : 'not checked: the image did not verify' } : undefined);
    let unpacked: { dir: string; stats: UnpackStats } | undefined;
    let unpackError: string | undefined;
    if (flags.unpack) {
      if (!report.verified) unpackError = 'the image did not verify';
      else if (sigFailed) unpackError = 'the signature check failed';
      else {
        try {
          if (spool) report.input = spool.path;
          unpacked = { dir: flags.unpack, stats: await unpackImage(report, flags.unpack, { keepSetuid: flags.keepSetuid, allowDevices: flags.allowDevices, maxSize }) };
        } catch (e) {
          if (e instanceof InputProblem) throw new UsageError(e.message);
          if (e instanceof UnpackRefused) unpackError = e.message;
          else {
            const err = e as NodeJS.ErrnoException;
            const msg = String(err.message).split('\n')[0];
            unpackError = err.code && !msg.startsWith(err.code) ? `${err.code}: ${msg}` : msg;
          }
        } finally {
          if (spool) report.input = '-';
        }
      }
    }
    // A failed signature check or a refused unpack is a failure of the run in every format: SARIF and HTML show it
    // as an error (a pipeline that archives them must not see a clean image), JSON as `passed: false`.
    const failures = [
      ...(sigFailed && sigLine ? [{ file: report.input, code: 'signature', message: `signature FAILED (${sigLine.method}): ${sigLine.reason}` }] : []),
      ...(unpackError ? [{ file: report.input, code: 'unpack', message: `not unpacked: ${unpackError}` }] : []),
    ];
    const result = failures.length ? { ...report.result, errors: [...report.result.errors, ...failures] } : report.result;
    let chunks: Iterable<string>;
    if (flags.format === 'json') {
      const { renderJson } = await import('../report/json.js');
      const doc = {
        // Every check passed: digests and sizes (`verified`), the signature when one was given or required, the unpack.
        passed: report.verified && !sigFailed && !unpackError,
        verified: report.verified,
        input: report.input,
        format: report.format,
        images: report.images.map((i) => ({ names: i.names, platform: i.platform, manifestDigest: i.manifestDigest, configDigest: i.configDigest, layers: i.layers })),
        problems: report.problems,
        unreferenced: report.unreferenced,
        absent: report.absent,
        ...(sigLine ? { signature: sigLine } : {}),
        ...(flags.unpack ? { unpack: unpacked ? { dir: unpacked.dir, ...unpacked.stats } : { error: unpackError } } : {}),
        report: JSON.parse(renderJson(report.result)) as unknown,
      };
      chunks = [JSON.stringify(doc, null, 2) + '\n'];
    } else if (flags.format === 'html') {
      // The audit page: findings (secrets masked), and the verification problems as its errors.
      const { renderHtml } = await import('../report/html.js');
      chunks = [renderHtml(result)];
    } else if (flags.format === 'sarif') {
      const { renderSarif } = await import('../report/sarif.js');
      chunks = [renderSarif(result)];
    } else {
      const { renderTextChunks } = await import('../report/text.js');
      const head = verdictLines(report, sigLine, unpacked, unpackError).join('\n') + '\n';
      // The verdict lines above name the problems and absent blobs: the findings part repeats neither.
      chunks = [head, ...(report.verified ? renderTextChunks({ ...result, errors: [], notes: undefined } as typeof result, { color: flags.output || flags.color === false ? false : undefined }) : [])];
    }
    if (flags.output) {
      try {
        await writeAtomic(flags.output, chunks);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new UsageError(`cannot write ${flags.output}: ${err.code === 'ENOENT' ? 'no such directory' : (err.code ?? err.message)}`);
      }
    } else await writeChunks(process.stdout, chunks);
    if (!report.verified || sigFailed || unpackError) return 1;
    if (flags.failOn && result.findings.some((f) => severityRank(f.severity) >= severityRank(flags.failOn!))) return 1;
    return 0;
  } finally {
    await spool?.cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
