/**
 * The default, human report (ESLint "stylish" / Ruff style): findings grouped by file, then by target,
 * each as `line:col  severity  message  ruleId slug`, followed by a code frame cut from the masked
 * source, the first line of the fix and the CIS ids. Input errors and suppression problems are listed
 * apart, and a summary line ends the report. Requirement R-G14 (regular audits, CI-friendly output);
 * R-S (code frames come only from the masked `result.sources`).
 *
 * Colour (picocolors): critical bold red, high red, medium yellow, low cyan, info dim. Without colour
 * the report reads the same; nothing is conveyed by colour alone.
 */
import pc from 'picocolors';
import type { AuditResult, Finding } from '../engine/types.js';
import type { Severity } from '../rules/types.js';
import { cisPhrase, codeFrame, displayPath, groupFindings, summaryLine, suppressionProblems } from './common.js';

type Colors = ReturnType<typeof pc.createColors>;

/** Options of {@link renderText}. */
export interface TextOptions {
  /** Use ANSI colours; default picocolors' detection (NO_COLOR, FORCE_COLOR, TTY). */
  color?: boolean;
  /** Absolute paths inside `cwd` are shown relative to it. */
  cwd?: string;
}

function paintSeverity(c: Colors, s: Severity): (t: string) => string {
  switch (s) {
    case 'critical':
      return (t) => c.bold(c.red(t));
    case 'high':
      return c.red;
    case 'medium':
      return c.yellow;
    case 'low':
      return c.cyan;
    default:
      return c.dim;
  }
}

function severityLabel(f: Finding): string {
  return f.certainty === 'unknown' ? `${f.severity} (unknown)` : f.severity;
}

/** Replaces every character but tabs by a space, so a marker lines up under tab-indented text. */
function sameRange(a: Finding, b: Finding): boolean {
  const x = a.location;
  const y = b.location;
  return x.file === y.file && x.startLine === y.startLine && x.startColumn === y.startColumn && x.endLine === y.endLine && x.endColumn === y.endColumn;
}

/** Longest fix shown on the finding's line; the whole snippet is in the docs and the other formats. */
const FIX_WIDTH = 110;

/**
 * A multi-line remediation snippet on one line: lines trimmed and joined (`security_opt: -
 * no-new-privileges:true`), cut at {@link FIX_WIDTH} characters with ` …`.
 */
function condense(remediation: string): { text: string; more: string } {
  const joined = remediation
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  if (joined.length <= FIX_WIDTH) return { text: joined, more: '' };
  const cut = joined.lastIndexOf(' ', FIX_WIDTH);
  return { text: joined.slice(0, cut > 40 ? cut : FIX_WIDTH), more: ' …' };
}

/**
 * Makes text safe for a terminal: C0 and C1 control characters (but tab) become their visible Control
 * Pictures (`ESC` → `␛`, one column wide, so code-frame carets stay aligned) or `�`. Everything printed
 * that comes from an input — paths, names, messages, source lines — goes through it, so a hostile file
 * name, environment variable or container label cannot move the cursor, retitle the window or clear the
 * screen of the person reading the report.
 */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : '\ufffd';
  });
}

function blankOut(s: string): string {
  return s.replace(/[^\t]/g, ' ');
}

/**
 * Renders `result` as text in pieces, one per file (then errors, suppressions and the summary), so a
 * large report is written as it is made. Every line ends with `\n`. Code frames use only `result.sources`.
 */
export function* renderTextChunks(result: AuditResult, opts: TextOptions = {}): Generator<string> {
  const c = pc.createColors(opts.color ?? pc.isColorSupported);
  const out: string[] = [];

  for (const group of groupFindings(result.findings)) {
    if (out.length) yield out.splice(0).join('\n') + '\n';
    const all = group.targets.flatMap((t) => t.findings);
    const posWidth = Math.max(...all.map((f) => `${f.location.startLine}:${f.location.startColumn}`.length));
    const sevWidth = Math.max(...all.map((f) => severityLabel(f).length));
    const source = result.sources?.get(group.file);
    out.push(c.underline(printable(displayPath(group.file, opts.cwd))));
    for (const target of group.targets) {
      out.push(`  ${c.bold(printable(target.label))}`);
      const fs = target.findings;
      fs.forEach((f, i) => {
        const pos = `${f.location.startLine}:${f.location.startColumn}`.padEnd(posWidth);
        const paint = paintSeverity(c, f.severity);
        const sev = paint(f.severity) + (f.certainty === 'unknown' ? c.dim(' (unknown)') : '');
        const pad = ' '.repeat(sevWidth - severityLabel(f).length);
        out.push(`    ${c.dim(pos)}  ${sev}${pad}  ${printable(f.message)}  ${c.dim(`${f.ruleId} ${f.slug}`)}`);
        const { text: fixText, more } = condense(f.remediation);
        const fix = printable(fixText);
        const cis = cisPhrase(f.cis);
        const tail = [fix ? `${c.green('fix:')} ${fix}${more}` : '', cis ? c.dim(cis) : ''].filter(Boolean).join(c.dim('  · '));
        if (tail) out.push(`      ${tail}`);
        // Findings at the same place share one code frame, printed after the last of them.
        const next = fs[i + 1];
        if (next && sameRange(next, f)) return;
        const frame = source ? codeFrame(source, f.location) : [];
        const numWidth = frame.length ? String(frame[frame.length - 1].line).length : 0;
        for (const l of frame) {
          const num = String(l.line).padStart(numWidth);
          const text = l.text.length ? ` ${printable(l.text)}` : '';
          out.push(l.marked ? `      ${c.red(c.bold('>'))} ${num} |${text}` : `        ${c.dim(`${num} |`)}${text}`);
          if (l.underline) {
            const lead = blankOut(l.text.slice(0, l.underline.start));
            out.push(`        ${' '.repeat(numWidth)} | ${lead}${paint('^'.repeat(l.underline.length))}`);
          }
        }
        out.push('');
      });
    }
  }

  if (result.errors.length) {
    out.push(c.bold('input errors'));
    for (const e of result.errors) {
      const where = displayPath(e.file, opts.cwd) + (e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : '');
      out.push(`  ${printable(where)}  ${c.red('error')}  ${printable(e.message)}  ${c.dim(e.code)}`);
    }
    out.push('');
  }

  const problems = suppressionProblems(result);
  if (problems.length) {
    out.push(c.bold('suppressions'));
    for (const { s, problem } of problems) {
      const names = s.rules.length ? s.rules.join(', ') : 'all rules';
      const reason = s.reason ? `  ${c.dim(printable(s.reason))}` : '';
      out.push(`  ${printable(displayPath(s.file, opts.cwd))}:${s.line}  ${c.yellow(problem)}  ${printable(names)}${reason}`);
    }
    out.push('');
  }

  const summary = summaryLine(result);
  out.push(result.summary.findings ? c.bold(c.red(summary)) : c.green(summary));
  yield out.join('\n') + '\n';
}

/** Renders `result` as text. Every line ends with `\n`. Code frames use only `result.sources`. */
export function renderText(result: AuditResult, opts: TextOptions = {}): string {
  return [...renderTextChunks(result, opts)].join('');
}
