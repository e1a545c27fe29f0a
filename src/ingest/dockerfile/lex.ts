/**
 * Fast path for the shell commands of a Dockerfile `RUN` instruction: a small, exact lexer for the common
 * case, producing the same {@link ShellCall}s as the mvdan-sh path of {@link runCalls} (which it replaces
 * when it can: crossing into the GopherJS build of mvdan-sh costs ~2 ms per RUN, this costs microseconds).
 *
 * Handled (POSIX shell grammar, "Token Recognition" and "Quoting", IEEE Std 1003.1-2017 §2.2–2.3, plus the
 * bash redirections `&>`, `&>>`): simple commands joined by `&&`, `||`, `;`, `|`, `&` and newlines; leading
 * `NAME=value` assignments (not words); redirections `<`, `>`, `>>`, `>|`, `<>`, `>&`, `<&`, `&>`, `&>>` with
 * an optional fd number; words with single quotes, double quotes (where `\` escapes only `` $ ` " \ `` and
 * newline), backslash escapes and `\`-newline continuations; `#` comments at the start of a word; `$NAME`,
 * `$1`, `$@` … and `${…}` without nested quotes/expansions, kept in the word as written (not followed by a
 * line continuation).
 *
 * Everything else returns `undefined` so the caller falls back to mvdan-sh: heredocs and here-strings (`<<`),
 * reserved words (`if`, `for`, `case`, `while`, `until`, `!`, `[[`, `time`, …) and bash declarations
 * (`export`, `local`, `declare`, `readonly`, `typeset`, `let`), `(`/`)` (subshells, functions, arrays,
 * extglobs, process substitution), `{`/`}` groups, `$(…)`, `$((…))`, backquotes, `$'…'`, `$"…"`, `|&`,
 * `;;`, unbalanced quotes and anything mvdan-sh would reject (an operator without a command before or after).
 */
import type { SourceFile, SourceRange } from '../../model/source.js';
import type { ShellCall } from './shell.js';

/** First words that make the statement something other than a simple command (or a syntax error). */
const RESERVED = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for', 'in', 'function',
  'select', '{', '}', '!', '[[', ']]', 'time', 'coproc', 'export', 'local', 'declare', 'readonly', 'typeset',
  'nameref', 'let',
]);

const SPECIAL_PARAM = '@*#?$!-0123456789';
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const WORD_END = ' \t\n;&|<>()';
/** Characters that end a run of ordinary word characters, by UTF-16 code unit: {@link WORD_END}, quotes, backslash, `$` and backquote. */
const SPECIAL = new Uint8Array(65536);
for (const ch of WORD_END + '\\\'"$`') SPECIAL[ch.charCodeAt(0)] = 1;

interface Tok {
  value: string;
  start: number;
  end: number;
}

/** Signals a construct outside the supported subset. */
class Unsupported extends Error {}

/**
 * The simple commands of `src` (the RUN text prepared as for mvdan-sh: same length as the source it was cut
 * from, starting at file offset `base`), or `undefined` when the text needs the full shell parser.
 * Word ranges are `base + index` (UTF-16). Expansions are copied from `file.text` as written.
 */
export function lexCalls(file: SourceFile, src: string, base: number, inHeredoc: boolean): ShellCall[] | undefined {
  try {
    return lex(file, src, base, inHeredoc);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

function lex(file: SourceFile, src: string, base: number, inHeredoc: boolean): ShellCall[] {
  const n = src.length;
  const fail = (): never => {
    throw new Unsupported();
  };
  const calls: ShellCall[] = [];
  let i = 0;
  let words: Tok[] = [];
  let redirects: { op: string; target: string }[] = [];
  let stmtHasTokens = false;
  /** After `&&`, `||`, `|`: a command must follow (newlines may come first). */
  let needCmd = false;
  /** Members of the current pipeline (ShellCall, or null for a statement that is not a call). */
  let pipe: (ShellCall | null)[] = [];

  const endStmt = (): ShellCall | null => {
    let call: ShellCall | null = null;
    if (words.length > 0) {
      const wordRanges: SourceRange[] = words.map((w) => file.range(base + w.start, base + w.end));
      call = {
        words: words.map((w) => w.value),
        wordRanges,
        range: file.range(wordRanges[0].start, wordRanges[wordRanges.length - 1].end),
        redirects,
        inHeredoc,
      };
      calls.push(call);
    }
    words = [];
    redirects = [];
    stmtHasTokens = false;
    return call;
  };
  const closePipe = () => {
    if (pipe.length >= 2) {
      const pipeline = pipe.filter((c): c is ShellCall => c !== null);
      for (const c of pipeline) c.pipeline = pipeline;
    }
    pipe = [];
  };

  /** Lexes the word starting at `i`; returns it and whether it is a plain unquoted literal (for fd numbers, assignments, reserved words). */
  const word = (): Tok & { plain: boolean } => {
    const start = i;
    let value = '';
    let plain = true;
    const expansion = () => {
      // src[i] === '$'
      const s = i;
      const c = src[i + 1];
      if (c === '{') {
        let k = i + 2;
        while (k < n && src[k] !== '}') {
          if ('"\'\\$`{\n'.includes(src[k])) fail();
          k++;
        }
        if (k >= n || k === i + 2) fail();
        i = k + 1;
      } else if (c !== undefined && NAME_START.test(c)) {
        let k = i + 2;
        while (k < n && NAME_CHAR.test(src[k])) k++;
        i = k;
      } else if (c !== undefined && SPECIAL_PARAM.includes(c)) i += 2;
      else fail();
      // mvdan-sh's extent of an expansion followed by a line continuation is irregular: leave it to mvdan-sh.
      if (src[i] === '\\' && src[i + 1] === '\n') fail();
      value += file.text.slice(base + s, base + i);
      plain = false;
    };
    while (i < n) {
      const ch = src[i];
      if (WORD_END.includes(ch)) {
        if (ch === '(' || ch === ')') fail();
        break;
      }
      if (ch === '\\') {
        if (i + 1 >= n) fail();
        if (src[i + 1] !== '\n') value += src[i + 1];
        plain = false;
        i += 2;
      } else if (ch === "'") {
        const close = src.indexOf("'", i + 1);
        if (close < 0) fail();
        value += src.slice(i + 1, close);
        plain = false;
        i = close + 1;
      } else if (ch === '"') {
        plain = false;
        i++;
        for (;;) {
          if (i >= n) fail();
          const q = src[i];
          if (q === '"') {
            i++;
            break;
          }
          if (q === '\\' && i + 1 < n && '$`"\\\n'.includes(src[i + 1])) {
            if (src[i + 1] !== '\n') value += src[i + 1];
            i += 2;
          } else if (q === '$') expansion();
          else if (q === '`') fail();
          else {
            value += q;
            i++;
          }
        }
      } else if (ch === '$') expansion();
      else if (ch === '`') fail();
      else {
        // A run of ordinary characters is appended in one piece (most words are nothing else).
        let k = i + 1;
        while (k < n && !SPECIAL[src.charCodeAt(k)]) k++;
        value += k === i + 1 ? ch : src.slice(i, k);
        i = k;
      }
    }
    return { value, start, end: i, plain };
  };

  const skipBlanks = () => {
    while (i < n) {
      const c = src[i];
      if (c === ' ' || c === '\t') i++;
      else if (c === '\\' && src[i + 1] === '\n') i += 2;
      else break;
    }
  };

  while (true) {
    skipBlanks();
    if (i >= n) break;
    const c = src[i];
    if (c === '#') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      i++;
      if (needCmd) continue;
      if (stmtHasTokens) {
        pipe.push(endStmt());
        closePipe();
      }
      continue;
    }
    if (c === ';' || c === '&' || c === '|') {
      const two = src.slice(i, i + 2);
      if (c === '&' && src[i + 1] === '>') {
        redirect();
        continue;
      }
      if (!stmtHasTokens || two === ';;' || two === '|&' || two === ';&') fail();
      pipe.push(endStmt());
      if (two === '&&' || two === '||') {
        closePipe();
        needCmd = true;
        i += 2;
      } else if (c === '|') {
        needCmd = true;
        i++;
      } else {
        closePipe();
        i++;
      }
      continue;
    }
    if (c === '<' || c === '>') {
      redirect();
      continue;
    }
    if (c === '(' || c === ')') fail();
    const w = word();
    if (w.plain && /^[0-9]+$/.test(w.value) && (src[i] === '<' || src[i] === '>')) {
      redirect();
      continue;
    }
    needCmd = false;
    stmtHasTokens = true;
    if (words.length === 0) {
      const raw = src.slice(w.start, w.end);
      if (/^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(raw)) continue; // an assignment, not a word
      if (/^[A-Za-z_][A-Za-z0-9_]*\[/.test(raw) || RESERVED.has(raw)) fail();
    }
    words.push(w);
  }
  if (needCmd) fail();
  if (stmtHasTokens) pipe.push(endStmt());
  closePipe();
  return calls;

  /** A redirection at `i` (after any fd number): operator and target word. */
  function redirect(): void {
    const m = /^(?:&>>|&>|>>|>\||>&|<&|<>|<<|>|<)/.exec(src.slice(i, i + 3));
    if (!m || m[0] === '<<') fail();
    const op = m![0];
    i += op.length;
    if (src[i] === '(') fail();
    skipBlanks();
    if (i >= n || WORD_END.includes(src[i]) || src[i] === '#') fail();
    const t = word();
    redirects.push({ op, target: t.value });
    needCmd = false;
    stmtHasTokens = true;
  }
}
