/**
 * Which fix `bulwark harden` uses for a finding, and the fix label the audit gives each finding (`Finding.fix`):
 * one source for both, so the audit never calls a finding's fix `safe` where harden makes an unsafe change for it
 * or none (BW-0011: a bind of `/var/lib/docker` or one with `rshared` propagation is made read-only only as an
 * unsafe fix; a read-only bind is removed only as one; a harmless `/etc/localtime` is not changed).
 *
 * Kept apart from `index.ts` (which runs audits) so the audit engine can load it without a cycle. Ruff's fix
 * applicability: `safe` fixes are applied by default, `unsafe` ones with `--unsafe-fixes`.
 */
import type { Finding } from '../engine/types.js';
import type { Document } from 'yaml';
import type { ContainerSpec, InputKind } from '../model/types.js';
import { ComposeDocument, ComposeEditor } from './compose.js';
import { DOCKERFILE_FIXES } from './dockerfile.js';
import { CONTAINER_FIXES, fixesByRule } from './fixes/index.js';
import type { Located } from './fixes/util.js';
import { DEFAULT_PROFILE } from './profile.js';
import type { Applicability, Fix, HardenProfile } from './types.js';

export { HARDENABLE, hardenRewrites } from './kinds.js';

/** Every fix harden knows, by rule id. */
export const FIXES_BY_RULE: Map<string, Fix[]> = fixesByRule([...CONTAINER_FIXES, ...DOCKERFILE_FIXES]);

/** The applicability of `fix` for finding `f`. */
export function applicabilityOf(fix: Fix, f: Finding, c: ContainerSpec | undefined): Applicability {
  return typeof fix.applicability === 'function' ? fix.applicability(f, c) : fix.applicability;
}

/** Whether `fix` resolves finding `f` (its `applies`, default: a definite finding). */
export function fixApplies(fix: Fix, f: Finding, c: ContainerSpec | undefined, text = '', profile: HardenProfile = DEFAULT_PROFILE): boolean {
  return fix.applies ? fix.applies(f, c, text, profile) : f.certainty === 'definite';
}

/** The fix harden uses for finding `f` at the given level, if any. */
export function fixFor(f: Finding, c: ContainerSpec | undefined, unsafe: boolean, text = '', byRule = FIXES_BY_RULE, profile: HardenProfile = DEFAULT_PROFILE): Fix | undefined {
  for (const fix of byRule.get(f.ruleId) ?? []) {
    if (!unsafe && applicabilityOf(fix, f, c) === 'unsafe') continue;
    if (fixApplies(fix, f, c, text, profile)) return fix;
  }
  return undefined;
}

/** What {@link fixLabel} is told about the file of a finding. */
export interface LabelPlace {
  /** The kind of the file (a Compose block of a Markdown file is not tried on an editor). */
  kind?: InputKind;
  /** For a Compose service, where its lines end: the next service's key, or the end of the text. */
  serviceEnd?: number;
  /** The file's YAML documents as the Compose ingester parsed them (not parsed again). */
  parsed?: () => Document[] | undefined;
}

/**
 * The fix label of one finding as `bulwark harden` (default profile: no pinned digests) treats it: the
 * applicability of the fix it uses with `--unsafe-fixes` (the fix that resolves the finding), or `manual` when it
 * has none for this finding. `safe`: harden fixes it by default; `unsafe`: only with `--unsafe-fixes` (by default
 * it may make a safe partial change: BW-0003 drops NET_RAW, the finding stays); `manual`: harden leaves it.
 * Findings of inputs harden does not rewrite (`hardenRewrites`: inspect output, daemon configuration, a live
 * engine) and of `docker service create` lines (audited, not rewritten) are `manual`. In a Compose file that
 * shares settings through anchors (`&common`, `<<: *common`) the fix is tried on a throw-away editor: a setting
 * harden leaves with a note (an anchor other services get it from too) is `manual`.
 * @param f the finding with the UTF-16 offsets of its start and end in `text` (fixes find the value written there)
 * @param c the container the finding is about (undefined for a Dockerfile or a file-level finding)
 * @param text the whole text of the file holding the finding
 * @param where what is known of the file: see {@link LabelPlace}
 */
export function fixLabel(f: Located, c: ContainerSpec | undefined, text: string, where: LabelPlace = {}): 'safe' | 'unsafe' | 'manual' {
  return labelOf(f, c, text, where);
}

/**
 * {@link fixLabel} of `f` at offsets `offset`–`endOffset` of `text`, without a new object per finding (an audit labels
 * every finding: a copy of each, 100,000 of them for 2,000 Compose files, cost more than the labels): the fixes read
 * a scratch copy that is overwritten by the next call and never kept.
 */
export function fixLabelAt(f: Finding, offset: number, endOffset: number, c: ContainerSpec | undefined, text: string, where: LabelPlace = {}): 'safe' | 'unsafe' | 'manual' {
  const at = Object.assign(SCRATCH, f);
  at.pointer = f.pointer;
  at.offset = offset;
  at.endOffset = endOffset;
  return labelOf(at, c, text, where);
}

/** The object {@link fixLabelAt} fills for each finding. */
const SCRATCH = {} as Located;

function labelOf(f: Located, c: ContainerSpec | undefined, text: string, where: LabelPlace): 'safe' | 'unsafe' | 'manual' {
  const { kind, serviceEnd } = where;
  if (c?.extra.serviceCreate) return 'manual';
  const fix = fixFor(f, c, true, text);
  // A fix made after another rule's (BW-0003's drop once BW-0001's fix removed privileged mode): harden --unsafe-fixes
  // makes it in a later round.
  const after = fix ? undefined : FIXES_BY_RULE.get(f.ruleId)?.find((x) => x.after?.(f, c));
  if (after) return applicabilityOf(after, f, c);
  if (!fix) return 'manual';
  // A value written outside the service's own lines (in an anchor before `services:`, or in another service's mapping
  // it merges), or in a service that merges one (`<<:`: its own key may hide a merged one), can be one the editor
  // refuses to change: those findings are tried on an editor. A finding at the service's key is about a setting
  // missing, which the editor adds (on the service, over a merged one) in any case.
  const start = c?.target.range.start;
  if (kind === 'compose' && c?.source === 'compose' && f.offset !== start && f.location.file === c.file && fix.container && hasAnchor(text)) {
    const outside = f.offset < start! || (serviceEnd !== undefined && f.offset >= serviceEnd);
    if ((outside || (mergesInto(c, text, serviceEnd) && composeDoc(c, text, where.parsed).hidesMerged(c.target.name, f.offset))) && !composeEditable(fix, f, c, text, where.parsed)) return 'manual';
  }
  return applicabilityOf(fix, f, c);
}

/** An anchor (`&name`) in a YAML text: a quick look before trying fixes on an editor. */
const ANCHOR = /(?:^|[\s:[{,-])&[^\s,[\]{}]/m;

/** {@link ANCHOR} of the last text looked at (the findings of one file come together: one scan per file, not per finding). */
let lastAnchor: { text: string; has: boolean } | undefined;

function hasAnchor(text: string): boolean {
  if (lastAnchor?.text !== text) lastAnchor = { text, has: ANCHOR.test(text) };
  return lastAnchor.has;
}

/** Whether the service's own lines (its key to `serviceEnd`) hold a `<<` merge key; once per service. */
const MERGES = new WeakMap<ContainerSpec, boolean>();

function mergesInto(c: ContainerSpec, text: string, serviceEnd: number | undefined): boolean {
  let m = MERGES.get(c);
  if (m === undefined) MERGES.set(c, (m = text.slice(c.target.range.start, serviceEnd === undefined || serviceEnd === Infinity ? text.length : serviceEnd).includes('<<')));
  return m;
}

/** The last Compose text parsed for {@link composeEditable}, with its document (the findings of one file come together). */
let lastCompose: { text: string; path: string; doc: ComposeDocument } | undefined;

/** The Compose document of `text` (the service's file), parsed once for the findings of that file. */
function composeDoc(c: ContainerSpec, text: string, parsed?: () => Document[] | undefined): ComposeDocument {
  if (!lastCompose || lastCompose.text !== text || lastCompose.path !== c.file) lastCompose = { text, path: c.file, doc: new ComposeDocument(text, undefined, c.file, parsed?.()) };
  return lastCompose.doc;
}

/**
 * Whether harden's Compose editor makes `fix`'s change for finding `f` of service `c` (edits, no refusal): the fix run
 * on a new editor of the file's document, whose edits are thrown away.
 */
function composeEditable(fix: Fix, f: Located, c: ContainerSpec, text: string, parsed?: () => Document[] | undefined): boolean {
  const doc = composeDoc(c, text, parsed);
  // Per-round state of the document: each try is a round of its own.
  doc.pendingSecrets.clear();
  doc.creatingSecretsKey = false;
  const ed = ComposeEditor.forService(doc, c.target.name, c);
  if (!ed) return false;
  try {
    return fix.container!(c, f, ed, DEFAULT_PROFILE) && ed.edits.length > 0;
  } catch {
    return false;
  }
}
