/**
 * Inline suppressions: `# bulwark-ignore <id|slug>[, <id|slug>…] -- <reason>`.
 *
 * A directive alone on its line applies to the next line that is not blank and not a comment (with the
 * lines it continues with a trailing `\`: a multi-line `docker run` or `RUN` is covered whole); a
 * directive after code applies to its own line. In Markdown, where `#` outside a code block is a heading, the
 * directive is an HTML comment alone on its line, `<!-- bulwark-ignore <id|slug> -- <reason> -->`, outside code
 * blocks: it applies to the whole fenced code block that follows it (every line of a multi-line `docker run`),
 * or to the next line when no fence follows (as eslint-plugin-markdown's `<!-- eslint-disable -->` does). The reason is mandatory: a directive without one
 * suppresses nothing and is reported, as is a directive that suppressed nothing (ESLint's
 * `--report-unused-disable-directives`, made the default).
 */
import type { SourceFile } from '../model/source.js';

/** A parsed directive. */
export interface Directive {
  file: string;
  /** 1-based line of the comment. */
  line: number;
  /** 1-based column of the `#`. */
  column: number;
  /**
   * 1-based line the directive applies to (the first line of the code block, for a Markdown directive before one);
   * 0 when it is alone on its line and no line follows it (only blank lines and comments, or the end of the file).
   */
  appliesTo: number;
  /** Last line it applies to, when it covers a Markdown code block; otherwise it covers `appliesTo` alone. */
  appliesToEnd?: number;
  rules: string[];
  /** Empty when missing. */
  reason: string;
  used: boolean;
}

const DIRECTIVE = /(^|\s)#\s*bulwark-ignore\b([^\n]*)$/g;

/** True for a Markdown file by its name (`.md`, `.markdown`, `.mdx`). */
export function isMarkdownPath(path: string): boolean {
  return /\.(?:md|markdown|mdx)$/i.test(path);
}

/**
 * Finds every directive of a file.
 * @param comments the file's comment ranges from its parser; when given, a directive outside them (inside
 *   a quoted string, say) is not a directive. Without them every `#` preceded by a blank starts one.
 * @param markdown whether the file is Markdown (its `<!-- bulwark-ignore … -->` directives count): default
 *   from its name; the engine passes its kind, so stdin and `--kind markdown` inputs are Markdown too.
 */
export function parseDirectives(src: SourceFile, comments?: { start: number; end: number }[], markdown = isMarkdownPath(src.path)): Directive[] {
  if (!src.text.includes('bulwark-ignore')) return [];
  const out: Directive[] = [];
  const n = src.lines.length;
  for (let line = 1; line <= n; line++) {
    const text = src.lineText(line);
    if (!text.includes('bulwark-ignore')) continue;
    // The first `# bulwark-ignore` of the line that is a comment: one inside a quoted string before a real one
    // (`RUN echo "# bulwark-ignore x" # bulwark-ignore y -- why`) is text.
    let m: RegExpExecArray | null = null;
    let hash = -1;
    DIRECTIVE.lastIndex = 0;
    while ((m = DIRECTIVE.exec(text)) !== null) {
      hash = m.index + m[1].length;
      DIRECTIVE.lastIndex = hash + 1;
      if (!comments) break;
      const at = src.offset(line, hash + 1);
      if (comments.some((c) => c.start <= at && at < c.end)) break;
    }
    if (!m) continue;
    const { rules, reason } = directiveBody(m[2]);
    const alone = text.slice(0, hash).trim() === '';
    let appliesTo = line;
    if (alone) {
      appliesTo = line + 1;
      while (appliesTo <= n) {
        const t = src.lineText(appliesTo).trim();
        if (t !== '' && !t.startsWith('#')) break;
        appliesTo++;
      }
      if (appliesTo > n) appliesTo = 0;
    }
    const d: Directive = { file: src.path, line, column: hash + 1, appliesTo, rules, reason, used: false };
    // A command continued with `\` (a `docker run` in a script, a Dockerfile RUN) is one line to the reader, and
    // no comment can sit inside it: the directive above it covers every line of it, as hadolint's does.
    if (alone && appliesTo) {
      let end = appliesTo;
      while (end < n && /(^|[^\\])(\\\\)*\\[ \t]*$/.test(src.lineText(end))) end++;
      if (end > appliesTo) d.appliesToEnd = end;
    }
    out.push(d);
  }
  if (markdown) out.push(...markdownDirectives(src));
  return out.sort((a, b) => a.line - b.line);
}

/** The rules and the reason of a directive's text after `bulwark-ignore`: `id, slug -- why`. */
function directiveBody(body: string): { rules: string[]; reason: string } {
  const sep = body.indexOf('--');
  const rules = (sep === -1 ? body : body.slice(0, sep)).trim().split(/[\s,]+/).filter(Boolean);
  return { rules, reason: sep === -1 ? '' : body.slice(sep + 2).trim() };
}

const HTML_DIRECTIVE = /^([ \t]*)<!--[ \t]*bulwark-ignore\b(.*?)-->[ \t]*$/;
const FENCE = /^[ \t]*(`{3,}|~{3,})/;

/** The `<!-- bulwark-ignore … -->` directives of a Markdown document, outside its fenced code blocks. */
function markdownDirectives(src: SourceFile): Directive[] {
  const out: Directive[] = [];
  const n = src.lines.length;
  /** Line of the fence that closes the block opened at `line` (fence `f`), or n + 1 when it is never closed. */
  const closing = (line: number, f: string) => {
    for (let k = line + 1; k <= n; k++) {
      const m = /^[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(src.lineText(k));
      if (m && m[1][0] === f[0] && m[1].length >= f.length) return k;
    }
    return n + 1;
  };
  for (let line = 1; line <= n; line++) {
    const text = src.lineText(line);
    const fence = FENCE.exec(text);
    if (fence) {
      line = closing(line, fence[1]);
      continue;
    }
    const m = HTML_DIRECTIVE.exec(text);
    if (!m) continue;
    const { rules, reason } = directiveBody(m[2]);
    let next = line + 1;
    while (next <= n && src.lineText(next).trim() === '') next++;
    const opens = next <= n ? FENCE.exec(src.lineText(next)) : null;
    const d: Directive = { file: src.path, line, column: m[1].length + 1, appliesTo: next > n ? 0 : next, rules, reason, used: false };
    if (opens) {
      const end = closing(next, opens[1]);
      d.appliesTo = next + 1;
      d.appliesToEnd = Math.max(next + 1, end - 1);
    }
    out.push(d);
  }
  return out;
}

/** The lines a directive covers, as words for a message: `line 5`, `lines 5-9`, or `no line` when none follows it. */
export function directiveLines(d: Directive): string {
  if (d.appliesTo === 0) return 'no line';
  return d.appliesToEnd !== undefined && d.appliesToEnd !== d.appliesTo ? `lines ${d.appliesTo}-${d.appliesToEnd}` : `line ${d.appliesTo}`;
}
