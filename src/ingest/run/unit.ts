/**
 * systemd units that start containers (`ExecStart=/usr/bin/docker run …`): where a text holds a unit (a whole unit
 * file, or the body of a heredoc a script writes one with), the unit's `Environment=` variables, and its command
 * lines split and expanded as systemd does. Sources: systemd.syntax(7) "Quoting", systemd.exec(5) "Environment=",
 * systemd.service(5) "Command lines" (`${FOO}` inside a word, `$FOO` as a word of its own, `$$` a literal `$`;
 * src/basic/env-util.c `replace_env_argv`: a `$` followed by anything else is literal).
 *
 * Word positions: every character of a word knows where it is written (`Word.offsets`, on the command line, so that
 * ranges of flags and values stay on it) and, apart, the span of the unit's text it comes from ({@link UnitWords}
 * `spans`): for a character filled in from `Environment=`, the character of that setting's value. Masking a secret
 * environment value uses the spans (the value where the unit writes it), never the `${FOO}` reference.
 */
import type { Word } from './word.js';

/** A span of a text: UTF-16 offsets, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/**
 * A part of a text that systemd reads as a unit: a whole unit file, or the body of a heredoc a script writes a unit
 * with (`cat > /etc/systemd/system/app.service <<'UNIT'`). `systemd`: whether systemd reads the text as written (a
 * unit file; a heredoc whose delimiter is quoted); false when a shell expands `$`, `` ` `` and `\` in it first (an
 * unquoted delimiter, bash(1) "Here Documents"), so what a `$` stands for is not known from the unit.
 */
export interface UnitSegment extends Span {
  systemd: boolean;
}

/** A section header line of a unit (`[Service]`; systemd.syntax(7)). */
const SECTION = /^[ \t]*\[[A-Za-z][\w.@-]*\][ \t]*\r?$/;
/** A line a unit may hold besides section headers: blank, a comment (`#` or `;` first), or a `Key=value` setting. */
const UNIT_LINE = /^[ \t]*(?:\r?$|[#;]|[A-Za-z][\w.@-]*[ \t]*=)/;

/**
 * The units written in a script (or any text that is not itself a unit): each run of lines that starts with a section
 * header and goes on with unit lines (headers, settings, comments, blanks, `\`-continued lines), ended by the first
 * other line (a heredoc's delimiter). Its {@link UnitSegment.systemd} is true when the line that opens it, before any
 * comments, writes a heredoc with a quoted delimiter (`<<'UNIT'`, `<<"UNIT"`, `<<\UNIT`).
 */
export function unitSegments(text: string): UnitSegment[] {
  const out: UnitSegment[] = [];
  const lines: Span[] = [];
  for (let s = 0; s <= text.length; ) {
    const nl = text.indexOf('\n', s);
    const e = nl === -1 ? text.length : nl;
    lines.push({ start: s, end: e });
    s = e + 1;
  }
  const at = (i: number) => text.slice(lines[i].start, lines[i].end);
  for (let i = 0; i < lines.length; i++) {
    if (!SECTION.test(at(i))) continue;
    let j = i + 1;
    while (j < lines.length && (UNIT_LINE.test(at(j)) || SECTION.test(at(j)) || /\\\r?$/.test(at(j - 1)))) j++;
    // The line that opens the heredoc: the one before the header and the comments above it.
    let k = i - 1;
    while (k >= 0 && /^[ \t]*(?:\r?$|[#;])/.test(at(k))) k--;
    const opener = k >= 0 ? at(k) : '';
    const systemd = /<<-?[ \t]*(?:'[^'\n]*'|"[^"\n]*"|\\\S)/.test(opener);
    out.push({ start: lines[i].start, end: lines[j - 1].end, systemd });
    i = j - 1;
  }
  return out;
}

/**
 * One `NAME=value` assignment of an `Environment=` setting: the value after systemd's unquoting, where it is written
 * (`start`..`end`, and the span of each character), and whether it is `known`: systemd reads it as written (a shell
 * that writes the unit with an unquoted heredoc expands any `$`, `` ` `` or `\` in it first).
 */
export interface UnitVar {
  name: string;
  value: string;
  spans: Span[];
  start: number;
  end: number;
  known: boolean;
}

/** The words of a unit setting or command line, with the span of the unit's text each character of each word comes from. */
export interface UnitWords {
  words: Word[];
  spans: Map<Word, Span[]>;
}

/** C-style escapes systemd reads in quoted and unquoted words (systemd.syntax(7) "Quoting", src/basic/escape.c). */
const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', s: ' ', '\\': '\\', '"': '"', "'": "'" };

/**
 * Splits `text[start, end)` into words as systemd splits a setting's value (systemd.syntax(7) "Quoting"): words
 * separated by blanks and by `\` + line break (a continued line); `"…"` and `'…'` group (the quotes are removed);
 * C-style escapes (`\n`, `\s`, `\\`, `\"`…; any other `\x` stands for `x`). `#` and `|`, `&`, `<`, `>` are ordinary
 * characters (no shell reads the line). A word that is only `;` ends the command line. Characters keep their offsets
 * (`offsets`: where each is written) and spans (the escape's two characters for an escaped one).
 */
export function unitWords(text: string, start: number, end: number): UnitWords {
  const words: Word[] = [];
  const spans = new Map<Word, Span[]>();
  const continued = (k: number) => text[k] === '\\' && (text[k + 1] === '\n' || (text[k + 1] === '\r' && text[k + 2] === '\n'));
  let k = start;
  for (;;) {
    while (k < end && (text[k] === ' ' || text[k] === '\t' || text[k] === '\r' || text[k] === '\n' || continued(k))) k += continued(k) ? (text[k + 1] === '\r' ? 3 : 2) : 1;
    if (k >= end) break;
    const ws = k;
    let value = '';
    const offsets: number[] = [];
    const sp: Span[] = [];
    let quoted = false;
    const push = (ch: string, s: number, e: number) => {
      value += ch;
      offsets.push(s);
      sp.push({ start: s, end: e });
    };
    /** Reads one character at `k` (an escape takes two) and returns where the next one starts. */
    const one = (k: number): number => {
      if (text[k] === '\\' && k + 1 < end && !continued(k)) {
        push(ESCAPES[text[k + 1]] ?? text[k + 1], k, k + 2);
        return k + 2;
      }
      push(text[k], k, k + 1);
      return k + 1;
    };
    while (k < end && text[k] !== ' ' && text[k] !== '\t' && text[k] !== '\r' && text[k] !== '\n' && !continued(k)) {
      const q = text[k];
      if (q === '"' || q === "'") {
        quoted = true;
        k++;
        while (k < end && text[k] !== q) k = one(k);
        k++;
      } else k = one(k);
    }
    const we = Math.min(k, end);
    if (value === ';' && !quoted && text.slice(ws, we) === ';') break;
    const w: Word = { value, start: ws, end: we, raw: text.slice(ws, we), offsets };
    if (quoted) w.quoted = true;
    words.push(w);
    spans.set(w, sp);
  }
  return { words, spans };
}

/** A variable name (systemd env_name_is_valid: the characters of a shell variable name). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Every `NAME=value` assignment of the `Environment=` settings of `seg`, in order (systemd.exec(5) "Environment=":
 * space-separated assignments, each possibly quoted, `Environment="IMAGE=nginx:1.27" "OPTS=--privileged"`; `\`
 * continues the setting on the next line). An empty `Environment=` is returned as `undefined` (it clears the list).
 */
export function unitAssignments(text: string, seg: Span): (UnitVar | undefined)[] {
  const out: (UnitVar | undefined)[] = [];
  const body = text.slice(seg.start, seg.end);
  for (const m of body.matchAll(/^[ \t]*Environment[ \t]*=/gm)) {
    const k = seg.start + m.index! + m[0].length;
    let e = text.indexOf('\n', k);
    if (e === -1 || e > seg.end) e = seg.end;
    while (e < seg.end && /\\\r?$/.test(text.slice(k, e))) {
      const n = text.indexOf('\n', e + 1);
      e = n === -1 || n > seg.end ? seg.end : n;
    }
    const { words, spans } = unitWords(text, k, e);
    if (words.length === 0) out.push(undefined);
    for (const w of words) {
      const eq = w.value.indexOf('=');
      if (eq <= 0 || !NAME.test(w.value.slice(0, eq))) continue;
      const sp = spans.get(w)!.slice(eq + 1);
      const value = w.value.slice(eq + 1);
      const at = spans.get(w)![eq].end;
      out.push({ name: w.value.slice(0, eq), value, spans: sp, start: sp[0]?.start ?? at, end: sp.length ? sp[sp.length - 1].end : at, known: !/[$`\\]/.test(text.slice(sp[0]?.start ?? at, sp.length ? sp[sp.length - 1].end : at)) });
    }
  }
  return out;
}

/**
 * The variables the `Environment=` settings of `seg` give the unit's commands: the last assignment of each name, after
 * the last empty `Environment=` (which clears what came before). Values from `EnvironmentFile=` are not read:
 * variables only set there stay unresolved (one that a file also sets would override the unit's value; the unit's own
 * value is the best the unit shows). In a unit a shell writes with an unquoted heredoc, a value with `$`, `` ` `` or
 * `\` is the shell's, not known ({@link UnitVar.known}: false).
 */
export function unitVariables(text: string, seg: UnitSegment): Map<string, UnitVar> {
  const env = new Map<string, UnitVar>();
  for (const a of unitAssignments(text, seg)) {
    if (a === undefined) env.clear();
    else env.set(a.name, seg.systemd ? { ...a, known: true } : a);
  }
  return env;
}

/**
 * A unit's command line words with its `Environment=` variables filled in as systemd does (systemd.service(5),
 * "Command lines"; env-util.c `replace_env_argv`), when `systemd` reads the line as written:
 *  - a word that is `$FOO` (a `$` not followed by `{` or `$`) is replaced by FOO's value split at blanks, zero or more
 *    words, each written at the whole `$FOO`;
 *  - in any other word `${FOO}` is replaced by the value, always inside that one word, and `$$` by a literal `$`;
 *    any other `$` is a literal character.
 * Filled-in characters are written at the reference (the first at its `$`, the last at its end, as for script
 * variables); their spans are those of the value in `Environment=`. A variable the unit does not set (or sets with
 * a value the unit does not show) stays as written and makes the word unresolved (it may come from an
 * `EnvironmentFile=`). Without `systemd` (a unit a shell writes with an unquoted heredoc) a word with `$` or `` ` ``
 * is the shell's expansion: unresolved, as written.
 */
export function expandUnitWords(input: UnitWords, env: Map<string, UnitVar>, systemd: boolean): UnitWords {
  const words: Word[] = [];
  const spans = new Map<Word, Span[]>();
  const add = (w: Word, sp: Span[]) => {
    words.push(w);
    spans.set(w, sp);
  };
  for (const w of input.words) {
    const sp = input.spans.get(w) ?? [];
    if (!systemd) {
      add(/[$`]/.test(w.value) ? { ...w, unresolved: true } : w, sp);
      continue;
    }
    if (!w.value.includes('$')) {
      add(w, sp);
      continue;
    }
    const whole = /^\$([^{$].*)$/.exec(w.value);
    if (whole) {
      const v = NAME.test(whole[1]) ? env.get(whole[1]) : undefined;
      if (!v?.known) {
        add({ ...w, unresolved: true }, sp);
        continue;
      }
      for (const m of v.value.matchAll(/[^ \t\n]+/g)) {
        const piece = m[0];
        add({ value: piece, start: w.start, end: w.end, raw: w.raw, offsets: Array.from(piece, (_c, k) => (k === piece.length - 1 ? w.end - 1 : w.start)) }, v.spans.slice(m.index!, m.index! + piece.length));
      }
      continue;
    }
    let value = '';
    const offsets: number[] = [];
    const out: Span[] = [];
    let unresolved = false;
    const at = (i: number) => (w.offsets && w.offsets.length === w.value.length ? w.offsets[i] : w.start);
    for (let i = 0; i < w.value.length; ) {
      if (w.value.startsWith('$$', i)) {
        value += '$';
        offsets.push(at(i));
        out.push({ start: sp[i]?.start ?? at(i), end: sp[i + 1]?.end ?? at(i) + 2 });
        i += 2;
        continue;
      }
      const m = w.value[i] === '$' ? /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(w.value.slice(i)) : null;
      if (m) {
        const v = env.get(m[1]);
        if (v?.known) {
          const last = at(i + m[0].length - 1);
          for (let k = 0; k < v.value.length; k++) {
            value += v.value[k];
            offsets.push(k === v.value.length - 1 ? last : at(i));
            out.push(v.spans[k]);
          }
        } else {
          unresolved = true;
          for (let k = i; k < i + m[0].length; k++) {
            value += w.value[k];
            offsets.push(at(k));
            out.push(sp[k] ?? { start: at(k), end: at(k) + 1 });
          }
        }
        i += m[0].length;
        continue;
      }
      value += w.value[i];
      offsets.push(at(i));
      out.push(sp[i] ?? { start: at(i), end: at(i) + 1 });
      i++;
    }
    const x: Word = { value, start: w.start, end: w.end, raw: w.raw, offsets };
    if (unresolved) x.unresolved = true;
    if (w.quoted) x.quoted = true;
    add(x, out);
  }
  return { words, spans };
}

/**
 * The spans of characters (in order) as few ranges as they make: consecutive spans join when only quotes of
 * `text` lie between them (`"PGPASSWORD=pw"` is one range). Characters from another place (a value filled in from
 * `Environment=`) start a range of their own, so a range never covers a `${FOO}` reference.
 */
export function joinSpans(text: string, spans: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start >= last.end && /^["']*$/.test(text.slice(last.end, s.start))) last.end = Math.max(last.end, s.end);
    else if (!(last && s.start >= last.start && s.end <= last.end)) out.push({ start: s.start, end: s.end });
  }
  return out;
}
