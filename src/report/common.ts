/**
 * Helpers shared by the reporters: grouping findings by file and target, code frames cut from the
 * masked sources, severity mappings, paths and the summary sentence.
 *
 * Reporters read source text only from `AuditResult.sources` (already masked by the engine, R-S:
 * "secrets printed in bulwark's own output (never: mask them)"); nothing here reads files.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { AuditResult, Finding } from '../engine/types.js';
import type { Location, SourceFile } from '../model/source.js';
import { SEVERITIES, type RemediationKind, type RuleMeta } from '../rules/types.js';

/** Findings of one target of one file, in result order. */
export interface TargetGroup {
  /** `service web`, `run nginx`, `stage final`, `container db`, or `file`. */
  label: string;
  findings: Finding[];
}

/** Findings of one file, by target in order of first appearance. */
export interface FileGroup {
  file: string;
  targets: TargetGroup[];
}

/** How a target is named in reports: `service web`, `run nginx`, `stage final`, `file`. */
export function targetLabel(t: { kind: string; name: string; id?: string; workload?: { kind: string; name?: string; namespace?: string; part?: string } }): string {
  if (t.kind === 'file' || t.name === '') return t.kind;
  // A Kubernetes container with its object, `namespace/name` as kubectl writes it: `container app in Deployment shop/web`;
  // in a custom resource with pod templates elsewhere, where: `container pytorch in PyTorchJob train (pytorchReplicaSpecs.Master)`.
  if (t.workload) {
    const w = t.workload;
    const of = w.name !== undefined ? ` ${w.namespace !== undefined ? `${w.namespace}/` : ''}${w.name}` : '';
    return `${t.kind} ${t.name} in ${w.kind || 'object'}${of}${w.part !== undefined ? ` (${w.part})` : ''}`;
  }
  // A container from inspect output or a live engine: its name and short id, as `docker ps` shows them.
  return t.id && !t.id.startsWith(t.name) ? `${t.kind} ${t.name} (${t.id.slice(0, 12)})` : `${t.kind} ${t.name}`;
}

/**
 * Groups findings by `location.file`, then by target, keeping the result's order (the engine sorts
 * findings by file, line, column, rule id) and the order in which files and targets first appear.
 */
export function groupFindings(findings: readonly Finding[]): FileGroup[] {
  const files = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    let targets = files.get(f.location.file);
    if (!targets) files.set(f.location.file, (targets = new Map()));
    const label = targetLabel(f.target);
    let list = targets.get(label);
    if (!list) targets.set(label, (list = []));
    list.push(f);
  }
  return [...files].map(([file, targets]) => ({
    file,
    targets: [...targets].map(([label, list]) => ({ label, findings: list })),
  }));
}

/** One line of a code frame. */
export interface FrameLine {
  /** 1-based line number. */
  line: number;
  /** The (masked) text of the line, without its line break. */
  text: string;
  /** True for the line the finding starts on. */
  marked: boolean;
  /**
   * For the marked line: the 0-based UTF-16 index into `text` where the underline starts and its
   * length (at least 1). A range spanning several lines is underlined on its first line only.
   */
  underline?: { start: number; length: number };
}

/** Lines of context shown before and after the marked line. */
export const FRAME_CONTEXT = 1;

/**
 * The code frame of a location: up to {@link FRAME_CONTEXT} lines before and after the first line of
 * the range, from `source` (which must be the masked source of `result.sources`). Returns `[]` when
 * the line does not exist in the source.
 */
export function codeFrame(source: SourceFile, loc: Location, context = FRAME_CONTEXT): FrameLine[] {
  const lineCount = source.lines.length;
  if (loc.startLine < 1 || loc.startLine > lineCount) return [];
  // The empty "line" after a final line break is shown only when the finding is on it.
  const lastContext = source.text.endsWith('\n') && loc.startLine < lineCount ? lineCount - 1 : lineCount;
  const out: FrameLine[] = [];
  const first = Math.max(1, loc.startLine - context);
  const last = Math.min(lastContext, loc.startLine + context);
  for (let n = first; n <= last; n++) {
    const text = source.lineText(n);
    if (n !== loc.startLine) {
      out.push({ line: n, text, marked: false });
      continue;
    }
    const start = Math.min(Math.max(0, loc.startColumn - 1), text.length);
    const end = loc.endLine === loc.startLine ? Math.min(loc.endColumn - 1, text.length) : text.length;
    out.push({ line: n, text, marked: true, underline: { start, length: Math.max(1, end - start) } });
  }
  return out;
}

/** Code units shown before the marker when a long line is cut (see {@link frameWindow}). */
const FRAME_LEAD = 40;

/** `i` moved back off the low half of a surrogate pair, so a cut never splits a character. */
function charStart(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return i > 0 && c >= 0xdc00 && c <= 0xdfff ? i - 1 : i;
}

/**
 * The window `[start, end)` (UTF-16 code units) of a frame's lines shown for a marked line of `length` code units
 * whose underline is at `u`: the first `width` units when the marked line fits in them (a longer line beside it, a
 * minified JSON annotation or a long `command:`, is cut there), else `width` units that begin {@link FRAME_LEAD}
 * units before the underline: a minified JSON line or a one-line script of thousands of `docker run`s would
 * otherwise be printed whole for every finding on it (text: the terminal; HTML: memory, since every frame is kept).
 */
export function frameWindow(length: number, u: { start: number; length: number } | undefined, width: number): { start: number; end: number } {
  if (length <= width) return { start: 0, end: width };
  const start = Math.max(0, Math.min((u?.start ?? 0) - FRAME_LEAD, length - width));
  return { start, end: start + width };
}

/**
 * `text` cut to `win` (from {@link frameWindow}), with `…` where something was cut; `shift` is what to subtract
 * from an index into `text` to get the index into the cut text.
 */
export function cut(text: string, win: { start: number; end: number }): { text: string; shift: number } {
  if (win.start === 0 && text.length <= win.end) return { text, shift: 0 };
  const start = charStart(text, Math.min(win.start, text.length));
  const end = charStart(text, Math.min(win.end, text.length));
  const head = start > 0 ? '…' : '';
  return { text: head + text.slice(start, end) + (end < text.length ? '…' : ''), shift: start - head.length };
}

/**
 * The masked characters of a location (SARIF `region.snippet`), or `undefined` when the file has no
 * source text or the range is empty.
 */
export function snippetOf(source: SourceFile | undefined, loc: Location): string | undefined {
  if (!source) return undefined;
  const s = source.offset(loc.startLine, loc.startColumn);
  const e = source.offset(loc.endLine, loc.endColumn);
  return e > s ? source.text.slice(s, e) : undefined;
}

/** CIS ids of a finding or rule as one phrase: `CIS 1.6.0 5.4, 5.5; 1.8.0 5.5`; `''` when none. */
export function cisPhrase(cis: Partial<Record<string, string[]>>): string {
  const parts = Object.entries(cis)
    .filter((e): e is [string, string[]] => Array.isArray(e[1]) && e[1].length > 0)
    .map(([v, ids]) => `${v} ${ids.join(', ')}`);
  return parts.length ? `CIS ${parts.join('; ')}` : '';
}

/**
 * A path as reports show it: relative to `cwd` (with `/` separators) when the path is absolute and
 * inside `cwd`; otherwise as given.
 */
export function displayPath(file: string, cwd?: string): string {
  if (!cwd || !isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  // `..cache/x` is inside cwd; `..` and `../x` are not.
  if (rel === '' || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) return file;
  return rel.split(sep).join('/');
}

/** `1 finding`, `2 findings`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Slug of the rule under which the engine reports problems with `# bulwark-ignore` directives (BW-0000). */
export const SUPPRESSION_RULE_SLUG = 'suppression-directive';

/**
 * Suppressions a report lists apart: those that silenced nothing (`used: false`), unless a
 * `suppression-directive` finding on the same file and line already reports them (the engine does so
 * while that rule is enabled), or a directive with a reason whose rules all did not run (turned off in
 * the config or with `--ignore`: they found nothing because they did not look, as the engine judges too).
 * `problem`: `suppression names no rule`, `suppression without a reason` (such a directive silences
 * nothing) or `unused suppression`.
 */
export function suppressionProblems(result: AuditResult): { s: AuditResult['suppressions'][number]; problem: string }[] {
  const reported = new Set(
    result.findings.filter((f) => f.slug === SUPPRESSION_RULE_SLUG).map((f) => `${f.location.file}\0${f.location.startLine}`),
  );
  const ran = new Set(result.rules.flatMap((r) => [r.id.toLowerCase(), r.slug]));
  return result.suppressions
    .filter((s) => !s.used && !reported.has(`${s.file}\0${s.line}`))
    .filter((s) => !s.rules.length || !s.reason || s.rules.some((r) => ran.has(r.toLowerCase())))
    .map((s) => ({
      s,
      problem: !s.rules.length ? 'suppression names no rule' : !s.reason ? 'suppression without a reason' : 'unused suppression',
    }));
}

/**
 * The summary sentence (without colour): `✖ 23 findings (2 critical, 5 high) in 4 files, 7 targets ·
 * 1 input error · 2 suppressed`, or `✔ no findings in 4 files`. Severities with no finding are left out.
 */
export function summaryLine(result: AuditResult): string {
  const { summary } = result;
  const tail: string[] = [];
  if (result.errors.length) tail.push(plural(result.errors.length, 'input error'));
  if (summary.suppressed) tail.push(`${summary.suppressed} suppressed`);
  const extra = tail.map((t) => ` · ${t}`).join('');
  if (summary.findings === 0 && summary.files === 0 && !result.errors.length) {
    return '✔ nothing to audit: no Compose file, Dockerfile, script, Markdown, Kubernetes manifest, CI pipeline, inspect output or daemon configuration found';
  }
  if (summary.findings === 0) {
    return `${result.errors.length ? '✖' : '✔'} no findings in ${plural(summary.files, 'file')}${extra}`;
  }
  const counts = SEVERITIES.filter((s) => (summary.bySeverity[s] ?? 0) > 0).map((s) => `${summary.bySeverity[s]} ${s}`);
  return (
    `✖ ${plural(summary.findings, 'finding')} (${counts.join(', ')}) in ${plural(summary.files, 'file')}, ` +
    `${plural(summary.targets, 'target')}${extra}`
  );
}

/** Fenced-code language of a remediation snippet per source kind (and `service`, a `docker service create` line). */
export const SNIPPET_LANGUAGE: Record<RemediationKind, string> = {
  compose: 'yaml',
  run: 'sh',
  service: 'sh',
  dockerfile: 'dockerfile',
  kubernetes: 'yaml',
  inspect: 'json',
  engine: 'text',
  daemon: 'text',
  host: 'text',
  image: 'dockerfile',
};

/** A Markdown fenced block whose fence is longer than any backtick run inside `code`. */
export function fenced(code: string, lang: string): string {
  const longest = Math.max(2, ...(code.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${code.replace(/\n+$/, '')}\n${fence}`;
}

/** The remediation snippets of a rule as `[kind, snippet]`, in the order of `meta.inputs`, then any others. */
export function remediations(meta: RuleMeta): [RemediationKind, string][] {
  const kinds: RemediationKind[] = [...meta.inputs, ...(Object.keys(meta.remediation) as RemediationKind[])];
  return [...new Set(kinds)]
    .filter((k) => typeof meta.remediation[k] === 'string' && meta.remediation[k] !== '')
    .map((k) => [k, meta.remediation[k] as string]);
}
