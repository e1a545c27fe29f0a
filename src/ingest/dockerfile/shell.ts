/**
 * The shell commands of a Dockerfile `RUN` instruction, for the Dockerfile rules (`df-*`): every simple
 * command with its words (quotes removed) and their source ranges, and the pipeline it belongs to.
 *
 * Parsed with mvdan-sh (POSIX/bash grammar), from the `RUN` text as written: line continuations are shell
 * line continuations, comment lines inside a continuation (which Docker removes) are blanked, a `# escape=`
 * backtick continuation is read as a backslash one. Shell-form heredoc scripts (`RUN <<EOF`, `RUN <<EOF bash`)
 * are parsed too, with offsets into the body. Exec form (`RUN ["chmod", "4755", "x"]`) gives one command
 * whose words all point at the JSON text. The script of `sh -c '…'` / `bash -lc "…"` / `su -c '…'` (shell or exec
 * form) is parsed too, when written as one plain quoted string. Source: Dockerfile reference, "RUN" and
 * "Here-Documents"; bash(1) `-c`.
 */
import type { SourceFile, SourceRange } from '../../model/source.js';
import type { Instruction } from '../../model/types.js';

import { offsetConverter, shSyntax, type ShNode, type ShPos } from '../sh.js';
import { lexCalls } from './lex.js';

/** One simple command of a RUN instruction. */
export interface ShellCall {
  /** Words after quote removal; expansions (`$HOME`, `$(…)`) are kept as written. */
  words: string[];
  /** Source range of each word (UTF-16 offsets into the Dockerfile). */
  wordRanges: SourceRange[];
  /** From the first to the last word. */
  range: SourceRange;
  /** The commands of the pipeline this command is part of, in order (`curl … | sh` → [curl, sh]); `undefined` outside a pipeline. */
  pipeline?: ShellCall[];
  /** Redirections of the command, operator as written (`>`, `>>`) and target word. */
  redirects: { op: string; target: string }[];
  /** True for a command from a heredoc script body. */
  inHeredoc: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', '/bin/sh', '/bin/bash', '/bin/ash', '/bin/dash', '/usr/bin/env']);

/**
 * The commands of a RUN instruction (empty for other instructions and for text mvdan-sh cannot parse).
 * @param escape the Dockerfile escape character (`\` or `` ` ``)
 */
export function runCalls(file: SourceFile, instr: Instruction, escape = '\\'): ShellCall[] {
  if (instr.keyword !== 'RUN') return [];
  const { start, end } = instr.argsRange;
  const header = file.text.slice(start, end);
  if (header.trimStart().startsWith('[')) return withNestedScripts(file, execForm(file, instr, header), 2);
  let prepared = continuations(header, escape);
  // Docker removes comment lines inside a continued instruction; blank them (keeping offsets).
  if (prepared.includes('#'))
    prepared = prepared
      .replace(/\n([ \t]*#[^\n]*)(?=\n)/g, (_m, c: string) => '\n' + ' '.repeat(c.length - 1) + '\\')
      .replace(/\n([ \t]*#[^\n]*)$/, (_m, c: string) => '\n' + ' '.repeat(c.length));
  // Heredoc operators belong to Docker, not to the shell here: blank them.
  if (prepared.includes('<<')) prepared = prepared.replace(/<<-?(["']?)[A-Za-z_][A-Za-z0-9_]*\1/g, (m) => ' '.repeat(m.length));
  const calls = parse(file, prepared, start, false);
  if (instr.heredocs.length > 0) {
    const first = calls[0]?.words[0];
    const scriptIsShell = calls.length === 0 || (first !== undefined && SHELLS.has(first) && !calls[0].words.includes('-c'));
    if (scriptIsShell)
      for (const h of instr.heredocs) calls.push(...parse(file, h.body.replace(/\r/g, ' '), h.range.start, true));
  }
  return withNestedScripts(file, calls, 2);
}

/** A line continuation: the escape character, optional blanks, a line break (LF or CRLF). */
const BACKSLASH_CONTINUATION = /\\[ \t]*\r?\n/g;
const BACKTICK_CONTINUATION = /`[ \t]*\r?\n/g;

/**
 * Docker's line continuations as shell continuations, same length: the escape character, optional blanks
 * (BuildKit accepts blanks after it) and a line break, LF or CRLF, become blanks then `\` and the LF;
 * any other CR becomes a blank. Docker removes continuations before the shell runs, so a CRLF Dockerfile
 * (`apt-get install -y \␍␊ curl`) is one command, not two.
 */
export function continuations(text: string, escape = '\\'): string {
  if (!text.includes('\n') && !text.includes('\r')) return text;
  return text.replace(escape === '`' ? BACKTICK_CONTINUATION : BACKSLASH_CONTINUATION, (m) => ' '.repeat(m.length - 2) + '\\\n').replace(/\r/g, ' ');
}


/**
 * The shell comments of a RUN's shell-form arguments (`RUN chmod u+s /x # why`), as `[start, end)` offsets into
 * `text`: a `#` that begins a word (POSIX "Token Recognition": at the start or after a blank or an operator
 * character), outside quotes and not escaped, up to the end of its line. A `#` inside quotes (`echo "a # b"`), in a
 * word (`https://host/#frag`, `$#`, `${#x}`) or after an escape is not one. `escape` is the Dockerfile escape
 * character: its line continuations are read as the shell's; a comment line inside them is the Dockerfile's (Docker
 * removes it) and is skipped, not returned. Exec form (`[…]`) has none. Command substitutions are not entered: a `#`
 * after a blank in `$(…)` counts as a comment too, as it does in the shell.
 */
export function shellComments(text: string, escape = '\\'): { start: number; end: number }[] {
  if (!text.includes('#') || text.trimStart().startsWith('[')) return [];
  const src = continuations(text, escape);
  const out: { start: number; end: number }[] = [];
  let wordStart = true;
  /** Only blanks since the line began: a `#` here starts a comment line, which Docker removes from a continued instruction. */
  let lineStart = false;
  for (let i = 0; i < src.length; ) {
    const c = src[i];
    const atLineStart = lineStart;
    if (c !== ' ' && c !== '\t') lineStart = false;
    if (c === '\\') {
      // A line continuation joins the lines and leaves the word boundary as it was.
      if (src[i + 1] !== '\n') wordStart = false;
      else lineStart = true;
      i += 2;
    } else if (c === "'") {
      const close = src.indexOf("'", i + 1);
      if (close < 0) break;
      i = close + 1;
      wordStart = false;
    } else if (c === '"') {
      let k = i + 1;
      while (k < src.length && src[k] !== '"') k += src[k] === '\\' ? 2 : 1;
      if (k >= src.length) break;
      i = k + 1;
      wordStart = false;
    } else if (c === '#' && (wordStart || atLineStart)) {
      const nl = src.indexOf('\n', i);
      const end = nl < 0 ? src.length : nl;
      // A comment line inside the continuation is the Dockerfile's (Docker removes it), not the shell's.
      if (!atLineStart) out.push({ start: i, end });
      i = end;
    } else {
      wordStart = ' \t\r\n;&|()<>'.includes(c);
      if (c === '\n') lineStart = true;
      i++;
    }
  }
  return out;
}

const WRAPPERS = new Set(['sudo', 'env', 'exec', 'nice', 'nohup', 'time']);

/**
 * Where the script of a `sh -c SCRIPT` / `bash -lc SCRIPT` / `su [-] -c SCRIPT [user]` call is written: the
 * index of the SCRIPT word, or -1. Wrappers (`sudo`, `env X=y`) and their options may come first.
 */
export function nestedScriptIndex(words: string[]): number {
  let i = 0;
  while (i < words.length && (WRAPPERS.has(words[i].slice(words[i].lastIndexOf('/') + 1)) || words[i].startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]))) i++;
  const prog = words[i]?.slice(words[i].lastIndexOf('/') + 1) ?? '';
  if (!SHELLS.has(prog) && prog !== 'su') return -1;
  for (let k = i + 1; k < words.length - 1; k++) {
    const w = words[k];
    if (w === '-c' || w === '--command' || (prog !== 'su' && /^-[A-Za-z]*c[A-Za-z]*$/.test(w))) return k + 1;
    if (prog === 'su' && w.startsWith('--command=')) return -1;
    // `bash -o pipefail -c …`: -o takes a value.
    if (w === '-o' || w === '+o') k++;
    else if (!w.startsWith('-') && !w.startsWith('+') && prog !== 'su') return -1;
  }
  return -1;
}

/**
 * Adds the commands of nested shell scripts (`RUN bash -c "curl … | bash -"`, `RUN ["/bin/sh", "-c",
 * "chmod u+s /x"]`, `su -c '…' root`): the script argument is parsed like a RUN line, with offsets into
 * the Dockerfile. Only scripts written as one plain quoted string are read (single quotes; double quotes or a
 * JSON string without backslash escapes), so every offset is exact; others are left as one word.
 */
function withNestedScripts(file: SourceFile, calls: ShellCall[], depth: number): ShellCall[] {
  if (depth === 0) return calls;
  const out: ShellCall[] = [];
  for (const call of calls) {
    out.push(call);
    const k = nestedScriptIndex(call.words);
    if (k < 0) continue;
    const script = call.words[k];
    const r = call.wordRanges[k];
    let base = -1;
    let src = script;
    const raw = file.text.slice(r.start, r.end);
    const inner = raw.slice(1, -1);
    if (raw === `'${script}'` || (raw === `"${script}"` && !script.includes('\\'))) base = r.start + 1;
    else if (raw.length >= 2 && raw[0] === '"' && raw.endsWith('"') && !/\\[^\r\n]|"/.test(inner)) {
      // A double-quoted script continued over lines (`bash -c "a && \⏎ b"`): the continuations stay in the
      // text, and the nested parse reads them as continuations too.
      base = r.start + 1;
      src = inner;
    } else if (raw !== script) {
      // Exec form: every word points at the JSON array; find this word's string literal in it.
      const lit = JSON.stringify(script);
      const at = lit.includes('\\') ? -1 : raw.indexOf(lit);
      if (at >= 0 && raw.indexOf(lit, at + 1) < 0) base = r.start + at + 1;
    }
    if (base < 0) continue;
    out.push(...withNestedScripts(file, parse(file, continuations(src), base, call.inHeredoc), depth - 1));
  }
  return out;
}

function execForm(file: SourceFile, instr: Instruction, header: string): ShellCall[] {
  try {
    const words = JSON.parse(header) as unknown;
    if (!Array.isArray(words) || !words.every((w) => typeof w === 'string') || words.length === 0) return [];
    const r = instr.argsRange;
    return [{ words: words as string[], wordRanges: words.map(() => r), range: r, redirects: [], inHeredoc: false }];
  } catch {
    return [];
  }
}

function parse(file: SourceFile, src: string, base: number, inHeredoc: boolean): ShellCall[] {
  return lexCalls(file, src, base, inHeredoc) ?? parseWithMvdan(file, src, base, inHeredoc);
}

/** The full parser: mvdan-sh. Exported for the equivalence tests of the fast path (`lex.ts`). */
export function parseWithMvdan(file: SourceFile, src: string, base: number, inHeredoc: boolean): ShellCall[] {
  const syntax = shSyntax();
  let root: ShNode;
  try {
    root = syntax.NewParser().Parse(src, 'RUN');
  } catch {
    return [];
  }
  const toUtf16 = offsetConverter(src);
  const at = (p: ShPos) => base + toUtf16(p.Offset());
  // An expansion as written, without line continuations (which the shell removes before anything else).
  const rawOf = (n: ShNode) => file.text.slice(at(n.Pos()), at(n.End())).replace(/\\([^])/g, (m, c: string) => (c === '\n' ? '' : m));
  // GopherJS wraps nodes anew on each field access: key them by position, not identity.
  const key = (n: ShNode) => `${n.Pos().Offset()}:${n.End().Offset()}`;
  const byNode = new Map<string, ShellCall>();
  const calls: ShellCall[] = [];
  const pipes: ShNode[] = [];
  syntax.Walk(root, (n) => {
    if (!n) return true;
    const t = syntax.NodeType(n);
    if (t === 'Stmt') {
      const cmd = n.Cmd as ShNode | null;
      if (cmd && syntax.NodeType(cmd) === 'CallExpr') {
        const args = (cmd.Args as ShNode[] | null) ?? [];
        if (args.length > 0) {
          const wordRanges = args.map((w) => file.range(at(w.Pos()), at(w.End())));
          const redirs = ((n.Redirs as ShNode[] | null) ?? []).map((r) => {
            const w = r.Word as ShNode | null;
            const opEnd = w ? at(w.Pos()) : at(r.End());
            const op = file.text.slice(at(r.Pos()), opEnd).trim().replace(/^\d+/, '');
            return { op, target: w ? wordValue(w, rawOf) : '' };
          });
          const call: ShellCall = {
            words: args.map((w) => wordValue(w, rawOf)),
            wordRanges,
            range: file.range(wordRanges[0].start, wordRanges[wordRanges.length - 1].end),
            redirects: redirs,
            inHeredoc,
          };
          byNode.set(key(cmd), call);
          calls.push(call);
        }
      }
    } else if (t === 'BinaryCmd') {
      const op = file.text.slice(at((n.OpPos as ShPos)), at(n.OpPos as ShPos) + 2);
      if (op[0] === '|' && op[1] !== '|') pipes.push(n);
    }
    return true;
  });
  const pipeKeys = new Set(pipes.map(key));
  const leaves = (stmt: ShNode | null, out: ShNode[]) => {
    const cmd = stmt?.Cmd as ShNode | null | undefined;
    if (!cmd) return;
    if (pipeKeys.has(key(cmd))) {
      leaves(cmd.X as ShNode, out);
      leaves(cmd.Y as ShNode, out);
    } else out.push(cmd);
  };
  for (const p of pipes) {
    const nodes: ShNode[] = [];
    leaves(p.X as ShNode, nodes);
    leaves(p.Y as ShNode, nodes);
    const pipeline = nodes.map((c) => byNode.get(key(c))).filter((c): c is ShellCall => c !== undefined);
    for (const c of pipeline) if (!c.pipeline || c.pipeline.length < pipeline.length) c.pipeline = pipeline;
  }
  return calls;
}

/** A word's value: literal and quoted parts unquoted, expansions as written. */
function wordValue(w: ShNode, rawOf: (n: ShNode) => string): string {
  const syntax = shSyntax();
  let out = '';
  for (const p of (w.Parts as ShNode[] | null) ?? []) {
    const t = syntax.NodeType(p);
    if (t === 'Lit') out += String(p.Value).replace(/\\([^])/g, (_m, c: string) => (c === '\n' ? '' : c));
    else if (t === 'SglQuoted') out += String(p.Value);
    else if (t === 'DblQuoted') {
      for (const q of (p.Parts as ShNode[] | null) ?? []) out += syntax.NodeType(q) === 'Lit' ? String(q.Value).replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c)) : rawOf(q);
    } else out += rawOf(p);
  }
  return out;
}
