/**
 * `verifyImage`: the library API of `bulwark verify` (issue 7; paper §IV.4 "download, check, and only then
 * load"; R-P, R-G1, R-S). One streaming pass over a `docker save` archive, an `oci-archive` tar (either
 * possibly gzip / zstd compressed as a whole) or an OCI image layout directory ({@link listArchive},
 * {@link listDirectory}); then the structure check ({@link resolveImages}); then, for each image whose
 * whole chain verified, the layer analysis ({@link analyzeImage}) and the image rules BW-0401…BW-0410
 * (`src/rules/image-*.ts`). Findings have the shape of audit findings (`Finding`) and come in an
 * `AuditResult`, so the text / json / sarif reporters print them.
 *
 * A layer's scan comes from the same pass as its digest (see reader.ts) and is used only when the
 * image's every digest, size and diff_id matched: an image with any problem yields no findings.
 */
import { stat } from 'node:fs/promises';
import { VERSION } from '../version.js';
import type { AuditResult, Finding } from '../engine/types.js';
import { SEVERITIES, type RuleMeta, type Severity } from '../rules/types.js';
import * as userRoot from '../rules/image-user-root.js';
import * as secretInConfig from '../rules/image-secret-in-config.js';
import * as sshdPort from '../rules/image-sshd-port.js';
import * as healthcheck from '../rules/image-healthcheck-missing.js';
import * as setuidFile from '../rules/image-setuid-file.js';
import * as worldWritable from '../rules/image-world-writable.js';
import * as secretFile from '../rules/image-secret-file.js';
import * as deletedFile from '../rules/image-deleted-file.js';
import * as packageManager from '../rules/image-package-manager.js';
import * as unsafeEntry from '../rules/image-unsafe-entry.js';
import { analyzeImage, imageLocation, type ImageCheck, type ImageFacts } from './facts.js';
import { resolveImages } from './layout.js';
import { InputProblem, listArchive, listDirectory } from './reader.js';
import { absentText, DEFAULT_LIMITS, type AbsentBlob, type Listing, type Problem, type ResolvedImage } from './types.js';

/** How a note about an {@link AbsentBlob} begins, in every format. */
export const NOT_IN_ARCHIVE = 'not in the archive, not verified';

/** The image rules with their checks, in id order. */
export const IMAGE_RULES: { meta: RuleMeta; check: ImageCheck }[] = [userRoot, secretInConfig, sshdPort, healthcheck, setuidFile, worldWritable, secretFile, deletedFile, packageManager, unsafeEntry].map(
  (m) => ({ meta: m.rule.meta, check: m.check }),
);

/** Options of {@link verifyImage}. */
export interface VerifyOptions {
  /** `os/arch[/variant]`: verify only this platform's manifest of a multi-platform index. */
  platform?: string;
  /** Largest uncompressed size of a layer and of an image, bytes (default 8 GiB). */
  maxSize?: number;
  /** Largest expansion ratio of a layer once past 64 MiB (default 1000). */
  maxRatio?: number;
  /** Largest number of tar entries in all layers together (default 1,000,000): bounds memory. */
  maxEntries?: number;
  /** Do not list device nodes and fifos as unsafe entries. */
  allowDevices?: boolean;
  /** Progress: archive bytes read so far. */
  onBytes?: (n: number) => void;
  /** How the input is named in findings (default: the path given). */
  displayName?: string;
}

/** What {@link verifyImage} returns. */
export interface VerifyReport {
  /** The input path. */
  input: string;
  /** True when no problem was found: every digest, size and diff_id matched and the chain is complete. */
  verified: boolean;
  format: 'docker-save' | 'oci';
  /** Images whose chain verified. */
  images: ResolvedImage[];
  problems: Problem[];
  /** Archive files nothing refers to. */
  unreferenced: string[];
  /**
   * Blobs the archive lacks of what is not verified — other platforms' manifests, configs and layers, attestations,
   * artifacts — as `docker save` from Docker's containerd image store leaves them out (see {@link AbsentBlob}). Never
   * counted as verified; each is also a note of {@link result} (`notes`, code `verify-not-in-archive`).
   */
  absent: AbsentBlob[];
  /** Entries and bytes read. */
  entries: number;
  bytes: number;
  /** Findings of the image rules (empty when not verified), as an audit result; problems are its `errors`, absent blobs its `notes`. */
  result: AuditResult;
  /** Per verified image: the analysis (unpack uses it). */
  facts: ImageFacts[];
  /** The listing of the pass (unpack re-reads blobs by it). */
  listing: Listing;
}

/** Builds an `AuditResult` from image findings (no source files; locations name archive paths); `notes` only when there are some. */
export function imageAuditResult(findings: Finding[], rules: RuleMeta[], files: { path: string; bytes: number; images: number }[], errors: AuditResult['errors'] = [], notes: AuditResult['errors'] = []): AuditResult {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  const result = {
    schemaVersion: '1.0.0',
    tool: { name: 'bulwark' as const, version: VERSION },
    findings,
    errors,
    ...(notes.length ? { notes } : {}),
    // `image` is not an InputKind yet (needs a shared-model change); the closest existing kind is used.
    files: files.map((f) => ({ path: f.path, kind: 'inspect' as const, bytes: f.bytes, containers: 0, images: f.images })),
    suppressions: [],
    rules,
    summary: { files: files.length, targets: files.reduce((n, f) => n + f.images, 0), findings: findings.length, bySeverity, suppressed: 0 },
  } as Omit<AuditResult, 'sources'>;
  Object.defineProperty(result, 'sources', { value: new Map(), enumerable: false });
  return result as AuditResult;
}

/** Runs the image rules over the facts of one image. */
export function imageFindings(f: ImageFacts): Finding[] {
  const out: Finding[] = [];
  const name = f.image.names[0] ?? f.image.configDigest;
  for (const r of IMAGE_RULES) {
    r.check(f, (d) => {
      const m = r.meta;
      const line = d.at.line ?? 1;
      out.push({
        ruleId: m.id,
        slug: m.slug,
        title: m.title,
        severity: d.severity ?? m.severity,
        message: d.message,
        attackClasses: m.attackClasses,
        requirements: m.requirements,
        cis: m.cis,
        target: { kind: 'image', name },
        location: { file: imageLocation(f, d.at), startLine: line, startColumn: 1, endLine: line, endColumn: 1 },
        certainty: 'definite',
        data: d.data ?? {},
        remediation: d.fix ?? m.remediation.dockerfile ?? '',
        fix: m.fix,
        helpUri: `docs/rules/${m.slug}.md`,
      });
    });
  }
  return out.sort((a, b) => a.location.file.localeCompare(b.location.file) || a.location.startLine - b.location.startLine || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
}

/**
 * Verifies an image archive or OCI layout directory.
 * @throws InputProblem (exit 2): unreadable, not an archive, truncated, empty, no image metadata, or no
 *   image for `--platform`.
 */
export async function verifyImage(input: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const limits = { maxSize: opts.maxSize ?? DEFAULT_LIMITS.maxSize, maxRatio: opts.maxRatio ?? DEFAULT_LIMITS.maxRatio, maxEntries: opts.maxEntries ?? DEFAULT_LIMITS.maxEntries };
  const st = await stat(input).catch((e: NodeJS.ErrnoException) => {
    throw new InputProblem(`${input}: cannot read: ${e.code === 'ENOENT' ? 'no such file or directory' : (e.code ?? e.message)}`);
  });
  const listing = st.isDirectory() ? await listDirectory(input, { limits, onBytes: opts.onBytes }) : await listArchive(input, { limits, onBytes: opts.onBytes });
  let res;
  try {
    res = resolveImages(listing, { platform: opts.platform, maxSize: limits.maxSize });
  } catch (e) {
    if (e instanceof InputProblem) throw new InputProblem(`${input}: ${e.message}`);
    throw e;
  }
  const verified = res.problems.length === 0;
  const display = opts.displayName ?? input;
  const facts = verified ? res.images.map((img) => analyzeImage(display, img, listing, { allowDevices: opts.allowDevices })) : [];
  const findings = facts.flatMap(imageFindings);
  const errors = res.problems.map((p) => ({ file: display, message: p.message, code: `verify-${p.code}` }));
  const notes = res.absent.map((a) => ({ file: display, message: `${NOT_IN_ARCHIVE}: ${absentText(a)}`, code: 'verify-not-in-archive' }));
  const result = imageAuditResult(findings, IMAGE_RULES.map((r) => r.meta), [{ path: display, bytes: listing.bytes, images: res.images.length }], errors, notes);
  return { input, verified, format: res.format, images: res.images, problems: res.problems, unreferenced: res.unreferenced, absent: res.absent, entries: listing.entries, bytes: listing.bytes, result, facts, listing };
}
