/**
 * CIL reader: text → {@link CilModule} with the position (offset, 1-based line and column) of every node.
 *
 * Lexical rules follow libsepol's CIL lexer (cil_lexer.l): `(` and `)`; `;` starts a comment to the end of the
 * line; `"…"` is a quoted string (no escapes, no line break inside); any other run of characters up to
 * whitespace, a parenthesis, `;` or `"` is a symbol. The reader never throws: unbalanced parentheses, an
 * unterminated string, a NUL byte, a leading byte order mark or nesting deeper than {@link MAX_DEPTH} become
 * {@link CilParseError}s
 * (the first one stops reading). Columns count UTF-16 code units, as in the rest of bulwark (src/model/source.ts).
 *
 * Source: SELinux CIL reference guide "CIL Syntax" (secilc/docs/cil_introduction.md), R-PM2.
 */
import { SourceFile } from '../../model/source.js';
import type { CilAtom, CilComment, CilList, CilModule, CilNode, CilParseError } from './ast.js';

/** Deepest list nesting accepted (libsepol's own limit is similar: CIL_PARSER_MAX_EXPR_DEPTH is 255 for expressions). */
export const MAX_DEPTH = 256;

const WS = new Set([' ', '\t', '\n', '\r', '\f', '\v']);

/** Parses CIL text. `file` names the module in errors and positions. Never throws. */
export function parseCil(text: string, file = '<module>'): CilModule {
  const src = new SourceFile(file, text);
  const t = src.text;
  const statements: CilNode[] = [];
  const comments: CilComment[] = [];
  const errors: CilParseError[] = [];
  const stack: CilList[] = [];
  const pos = (start: number, end: number) => ({ start, end, ...src.position(start) });
  const err = (offset: number, message: string) => {
    const p = src.position(offset);
    errors.push({ offset, line: p.line, column: p.column, message });
  };
  const push = (n: CilNode) => {
    if (stack.length) stack[stack.length - 1].items.push(n);
    else statements.push(n);
  };
  // SourceFile drops a leading byte order mark; secilc does not ("Invalid token"), so a module with one would
  // pass here and fail on the host.
  if (text.charCodeAt(0) === 0xfeff) errors.push({ offset: 0, line: 1, column: 1, message: 'the file starts with a byte order mark (U+FEFF), which secilc rejects; save it as UTF-8 without BOM' });
  let i = 0;
  while (i < t.length && !errors.length) {
    const c = t[i];
    if (WS.has(c)) {
      i++;
    } else if (c === ';') {
      let j = t.indexOf('\n', i);
      if (j === -1) j = t.length;
      comments.push({ kind: 'comment', text: t.slice(i + 1, j).replace(/\r$/, ''), pos: pos(i, j) });
      i = j;
    } else if (c === '(') {
      if (stack.length >= MAX_DEPTH) {
        err(i, `lists nested deeper than ${MAX_DEPTH}`);
        break;
      }
      const l: CilList = { kind: 'list', items: [], pos: pos(i, i + 1) };
      push(l);
      stack.push(l);
      i++;
    } else if (c === ')') {
      const l = stack.pop();
      if (!l) {
        err(i, 'closing parenthesis without a matching open parenthesis');
        break;
      }
      l.pos = { ...l.pos!, end: i + 1 };
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < t.length && t[j] !== '"' && t[j] !== '\n') j++;
      if (j >= t.length || t[j] !== '"') {
        err(i, 'unterminated quoted string');
        break;
      }
      const a: CilAtom = { kind: 'atom', value: t.slice(i + 1, j), quoted: true, pos: pos(i, j + 1) };
      push(a);
      i = j + 1;
    } else if (c === '\0') {
      err(i, 'NUL byte in the module (is it a binary policy package? check reads CIL text)');
      break;
    } else {
      let j = i;
      while (j < t.length && !WS.has(t[j]) && t[j] !== '(' && t[j] !== ')' && t[j] !== ';' && t[j] !== '"' && t[j] !== '\0') j++;
      const a: CilAtom = { kind: 'atom', value: t.slice(i, j), quoted: false, pos: pos(i, j) };
      push(a);
      i = j;
    }
  }
  if (!errors.length && stack.length) {
    const open = stack[stack.length - 1];
    err(open.pos!.start, 'open parenthesis without a matching close parenthesis');
  }
  return { file, text: t, statements, comments, errors };
}

/** All lists of a tree, depth first (for tests and the checker's name scans). */
export function* walk(n: CilNode): Generator<CilNode> {
  yield n;
  if (n.kind === 'list') for (const c of n.items) yield* walk(c);
}
