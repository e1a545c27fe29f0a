/**
 * Inline suppressions: `# bulwark-ignore <id|slug>[, <id|slug>…] -- <reason>`.
 *
 * A directive alone on its line applies to the next line that is not blank and not a comment; a
 * directive after code applies to its own line. The reason is mandatory: a directive without one
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
  /** 1-based line the directive applies to. */
  appliesTo: number;
  rules: string[];
  /** Empty when missing. */
  reason: string;
  used: boolean;
}

const DIRECTIVE = /(^|\s)#\s*bulwark-ignore\b([^\n]*)$/;

/**
 * Finds every directive of a file.
 * @param comments the file's comment ranges from its parser; when given, a directive outside them (inside
 *   a quoted string, say) is not a directive. Without them every `#` preceded by a blank starts one.
 */
export function parseDirectives(src: SourceFile, comments?: { start: number; end: number }[]): Directive[] {
  if (!src.text.includes('bulwark-ignore')) return [];
  const out: Directive[] = [];
  const n = src.lines.length;
  for (let line = 1; line <= n; line++) {
    const text = src.lineText(line);
    const m = DIRECTIVE.exec(text);
    if (!m) continue;
    const hash = m.index + m[1].length;
    if (comments) {
      const at = src.offset(line, hash + 1);
      if (!comments.some((c) => c.start <= at && at < c.end)) continue;
    }
    const body = m[2];
    const sep = body.indexOf('--');
    const list = (sep === -1 ? body : body.slice(0, sep)).trim();
    const reason = sep === -1 ? '' : body.slice(sep + 2).trim();
    const rules = list.split(/[\s,]+/).filter(Boolean);
    const alone = text.slice(0, hash).trim() === '';
    let appliesTo = line;
    if (alone) {
      appliesTo = line + 1;
      while (appliesTo <= n) {
        const t = src.lineText(appliesTo).trim();
        if (t !== '' && !t.startsWith('#')) break;
        appliesTo++;
      }
    }
    out.push({ file: src.path, line, column: hash + 1, appliesTo, rules, reason, used: false });
  }
  return out;
}
