/**
 * The default, human report (ESLint "stylish" / Ruff style): findings grouped by file, then by target,
 * each as `line:col  severity  message  ruleId slug`, followed by a code frame cut from the masked
 * source, the first line of the fix and the CIS ids. Input errors, notes (`result.notes`: what a reader left
 * unchecked) and suppression problems are listed apart, and a summary line ends the report. Requirement R-G14 (regular audits, CI-friendly output);
 * R-S (code frames come only from the masked `result.sources`).
 *
 * Colour (picocolors): critical bold red, high red, medium yellow, low cyan, info dim. Without colour
 * the report reads the same; nothing is conveyed by colour alone.
 */
import pc from 'picocolors';
import type { AuditResult, Finding } from '../engine/types.js';
import type { Severity } from '../rules/types.js';
import { cisPhrase, codeFrame, cut, displayPath, frameWindow, groupFindings, summaryLine, suppressionProblems } from './common.js';

type Colors = ReturnType<typeof pc.createColors>;

/** Options of {@link renderText}. */
export interface TextOptions {
  /** Use ANSI colours; default {@link colorDefault}. */
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
 * A multi-line remediation snippet on one line: lines trimmed and joined by `; ` (`read_only: true; tmpfs:
 * [/tmp, /run]`), by a space after a line ending in `:` (`security_opt: - no-new-privileges:true`), cut at
 * {@link FIX_WIDTH} characters with ` …`. Comment lines that open a snippet (`# digest: docker buildx imagetools
 * inspect …` above a Dockerfile's `FROM`, where a comment cannot follow the instruction) come after its code, so
 * that the code is what a cut keeps.
 */
export function condense(remediation: string): { text: string; more: string } {
  // One line per fix: the snippet's lines joined by `; ` (two commands, two YAML entries), or by a space after a
  // YAML key that opens a block (`secrets: db_password: …`), so two commands never read as one.
  const written = remediation
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const lead = written.findIndex((l) => !l.startsWith('#'));
  const lines = lead > 0 ? [...written.slice(lead), ...written.slice(0, lead)] : written;
  const joined = lines.reduce((acc, l, i) => (i === 0 ? l : acc + (/:$/.test(lines[i - 1]) ? ' ' : '; ') + l), '');
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

/**
 * Whether a stream shows colours when nothing asks for them or against them: it is a terminal (`isTTY`) and `TERM`
 * is not `dumb`. A pipe or a file never is, in CI too: picocolors' own detection (`isColorSupported`) also says yes
 * whenever `CI` is set, which wrote escape codes into redirected reports (`CI=true bulwark audit … > out.txt`, QA).
 * @param stream the stream the output goes to (stdout for reports; stderr for what is written there)
 */
export function streamColor(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * Whether a report is coloured when neither `--color` nor `--no-color` is given:
 *  - `NO_COLOR` set to a non-empty value: no (https://no-color.org);
 *  - `FORCE_COLOR` `0` or `false`: no; any other value (`1`, `2`, `3`, `true`, empty): yes — as Node.js
 *    reads it (nodejs.org/api/cli.html#force_color1-2-3) and ESLint, Trivy and chalk do;
 *  - otherwise `detected`: by default whether stdout is a terminal ({@link streamColor}); `CI` plays no part.
 */
export function colorDefault(env: NodeJS.ProcessEnv = process.env, detected: boolean = streamColor(process.stdout, env)): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return !/^(0|false)$/i.test(env.FORCE_COLOR.trim());
  return detected;
}

/** Zero-width code points: combining marks, zero-width space/joiners, variation selectors, word joiner. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200B-\u200F\u2060\uFE00-\uFE0F]$/u;
/** Emoji shown as pictures (two columns). */
const EMOJI = /^\p{Emoji_Presentation}$/u;

/**
 * Terminal columns of one code point: 0 for combining and zero-width ones, 2 for East Asian Wide and
 * Fullwidth (Unicode UAX #11: Hangul Jamo, CJK, Hiragana/Katakana, Hangul syllables, fullwidth forms,
 * planes 2–3) and emoji presentation, else 1 (wcwidth's rules).
 */
export function codePointWidth(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (ZERO_WIDTH.test(ch)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd) ||
    EMOJI.test(ch)
  ) {
    return 2;
  }
  return 1;
}

/** Terminal columns of `s` (tabs count 1; they are kept as tabs in markers so they expand alike). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += codePointWidth(ch.codePointAt(0)!);
  return w;
}

/** Replaces every character but tabs by as many spaces as it takes columns, so a marker lines up under the text. */
function blankOut(s: string): string {
  let out = '';
  for (const ch of s) out += ch === '\t' ? '\t' : ' '.repeat(codePointWidth(ch.codePointAt(0)!));
  return out;
}

/** Widest part of a source line shown in a code frame (UTF-16 code units); longer lines are cut around the marker. */
export const FRAME_WIDTH = 160;

/**
 * Renders `result` as text in pieces, one per file (then errors, suppressions and the summary), so a
 * large report is written as it is made. Every line ends with `\n`. Code frames use only `result.sources`.
 */
export function* renderTextChunks(result: AuditResult, opts: TextOptions = {}): Generator<string> {
  const c = pc.createColors(opts.color ?? colorDefault());
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
        const marked = frame.find((l) => l.marked);
        // Every line of the frame is cut to the marked line's window, so the columns stay aligned.
        const win = frameWindow(marked?.text.length ?? 0, marked?.underline, FRAME_WIDTH);
        for (const l of frame) {
          const num = String(l.line).padStart(numWidth);
          const shown = cut(l.text, win);
          const text = shown.text.length ? ` ${printable(shown.text)}` : '';
          out.push(l.marked ? `      ${c.red(c.bold('>'))} ${num} |${text}` : `        ${c.dim(`${num} |`)}${text}`);
          if (l.underline) {
            // Carets under the characters as the terminal shows them: wide (CJK, emoji) characters take two columns.
            const start = Math.max(0, l.underline.start - shown.shift);
            const end = Math.min(shown.text.length, l.underline.start + l.underline.length - shown.shift);
            const lead = blankOut(printable(shown.text.slice(0, start)));
            const carets = Math.max(1, displayWidth(printable(shown.text.slice(start, end))));
            out.push(`        ${' '.repeat(numWidth)} | ${lead}${paint('^'.repeat(carets))}`);
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

  if (result.notes?.length) {
    out.push(c.bold('notes'));
    for (const e of result.notes) {
      const where = displayPath(e.file, opts.cwd) + (e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : '');
      out.push(`  ${printable(where)}  ${c.yellow('note')}  ${printable(e.message)}  ${c.dim(e.code)}`);
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
