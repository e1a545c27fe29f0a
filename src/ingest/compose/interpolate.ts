/**
 * Compose variable interpolation and `.env` parsing.
 *
 * Source: compose-spec "Interpolation" (https://github.com/compose-spec/compose-spec/blob/main/12-interpolation.md)
 * and Docker docs "Set environment variables" / ".env file syntax". Supports `$VAR`, `${VAR}`,
 * `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`,
 * nested expressions in the default/alternative, and the `$$` escape.
 *
 * Model rule (requirements.md, "Facts from today's engines"): a variable with no value and no default is
 * *unresolved*: the result keeps the expression as written and `unresolved` is true, so callers mark the
 * field `how: 'unresolved'` instead of guessing.
 */

/** Variables visible to interpolation; `undefined` means unset. */
export type Vars = Record<string, string | undefined>;

/**
 * For a project's {@link Vars}: the names whose value came from a `.env` (or an `include` entry's `env_file`), by
 * that file's path, and not from the environment bulwark runs in. docker compose also resolves an `environment`
 * entry written without a value (`- DB_PASSWORD`, `DB_PASSWORD:`) from them (Docker docs "Set environment
 * variables within your container's environment": "from the shell … or from the environment files"), so such a
 * value is known and sits in that file.
 */
const dotEnvNames = new WeakMap<Vars, Map<string, string>>();

/** Records that `vars[name]` of each name in `names` was read from the env file `file` (see {@link dotEnvFileOf}). */
export function noteDotEnv(vars: Vars, file: string, names: Iterable<string>): void {
  let m = dotEnvNames.get(vars);
  if (!m) dotEnvNames.set(vars, (m = new Map()));
  for (const n of names) m.set(n, file);
}

/** The env file the value of `name` in `vars` came from, or undefined (unset, or set by the environment bulwark runs in). */
export function dotEnvFileOf(vars: Vars, name: string): string | undefined {
  return dotEnvNames.get(vars)?.get(name);
}

/** Result of interpolating one string. */
export interface Interpolation {
  /** The text after substitution; unresolved expressions are kept as written. */
  value: string;
  /** True if the text contains at least one variable reference (`$$` does not count). */
  hasVars: boolean;
  /** True if some variable had no value and no default. */
  unresolved: boolean;
  /** Messages of `${VAR:?err}` / `${VAR?err}` expressions whose variable is missing (docker compose refuses them). */
  errors: string[];
  /**
   * True when the text has variables but every one took the default written after `:-` / `-` (its variable
   * has no value) and no default used was empty: the value is then text of the file itself
   * (`${DB_PASSWORD:-changeme}` with `DB_PASSWORD` unset is the literal `changeme`, R-S).
   */
  defaultsOnly: boolean;
  /**
   * True when some variable that has no value at all (not even an empty one) took an empty default
   * (`${TOKEN:-}`, `${TOKEN-}`): like `${TOKEN}`, its value is the deployment's, not known here.
   */
  emptyUnset?: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Index of the `}` closing the `${` that starts at `open` (the `$`), honouring nested `${…}`; -1 if none. */
function closingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '{') {
      depth++;
      i++;
    } else if (s[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * The value of variable `name`, or `undefined`: only a string counts, so `${constructor}` or `${toString}` is not
 * an object's inherited method (`process.env` has `Object.prototype`; it printed `function Object() { [native code] }`).
 */
function varValue(vars: Vars, name: string): string | undefined {
  const v = vars[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Interpolates `text` with `vars`. Never throws; a malformed `${` is kept literally.
 * A variable is "set" when `vars[name] !== undefined`, "empty" when it is `''`.
 */
export function interpolate(text: string, vars: Vars): Interpolation {
  if (!text.includes('$')) return { value: text, hasVars: false, unresolved: false, errors: [], defaultsOnly: false };
  const out: Interpolation = { value: '', hasVars: false, unresolved: false, errors: [], defaultsOnly: false };
  // Whether some substituted text came from a variable's value (or depends on it, `:+`), or a used default was empty.
  let fromVars = false;
  let emptyDefault = false;
  let i = 0;
  const s = text;
  while (i < s.length) {
    const c = s[i];
    if (c !== '$') {
      out.value += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      out.value += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = closingBrace(s, i);
      if (close < 0) {
        out.value += s.slice(i);
        break;
      }
      const expr = s.slice(i + 2, close);
      const written = s.slice(i, close + 1);
      const m = NAME.exec(expr);
      if (!m) {
        out.value += written;
        i = close + 1;
        continue;
      }
      out.hasVars = true;
      const name = m[0];
      const rest = expr.slice(name.length);
      const v = varValue(vars, name);
      const set = v !== undefined;
      const nonEmpty = set && v !== '';
      const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[0];
      const arg = op ? rest.slice(op.length) : '';
      const sub = (t: string) => {
        const r = interpolate(t, vars);
        out.unresolved ||= r.unresolved;
        out.errors.push(...r.errors);
        if (r.hasVars && !r.defaultsOnly) fromVars = true;
        return r.value;
      };
      const fallback = (t: string) => {
        const d = sub(t);
        if (d === '') {
          emptyDefault = true;
          if (!set) out.emptyUnset = true;
        }
        return d;
      };
      if (op === undefined) {
        fromVars = true;
        if (rest !== '') out.value += written;
        else if (set) out.value += v;
        else {
          out.unresolved = true;
          out.value += written;
        }
      } else if (op === ':-' || op === '-') {
        const useVar = op === ':-' ? nonEmpty : set;
        if (useVar) fromVars = true;
        out.value += useVar ? v : fallback(arg);
      } else if (op === ':?' || op === '?') {
        fromVars = true;
        if (op === ':?' ? nonEmpty : set) out.value += v;
        else {
          out.unresolved = true;
          out.errors.push(`required variable ${name} is missing a value${arg ? `: ${arg}` : ''}`);
          out.value += written;
        }
      } else {
        fromVars = true;
        out.value += (op === ':+' ? nonEmpty : set) ? sub(arg) : '';
      }
      i = close + 1;
      continue;
    }
    const m = NAME.exec(s.slice(i + 1));
    if (m) {
      out.hasVars = true;
      fromVars = true;
      const v = varValue(vars, m[0]);
      if (v !== undefined) out.value += v;
      else {
        out.unresolved = true;
        out.value += '$' + m[0];
      }
      i += 1 + m[0].length;
      continue;
    }
    out.value += '$';
    i++;
  }
  out.defaultsOnly = out.hasVars && !out.unresolved && !fromVars && !emptyDefault;
  return out;
}

/** One `KEY=VAL` (or `KEY: VAL`) line of a `.env` / `env_file` file, with UTF-16 offsets into the file's text. */
export interface DotEnvEntry {
  name: string;
  /** The value after quote removal, escapes and interpolation. */
  value: string;
  /** Offsets of the whole entry (`KEY=VAL` or `KEY: VAL`, without `export ` and an inline comment). */
  start: number;
  end: number;
  /** Offsets of the value as written (quotes included; a double-quoted value may span lines). */
  valueStart: number;
  valueEnd: number;
  /** The value refers to variables (`${VAR}`, `$VAR`; not in single quotes). */
  interpolated: boolean;
}

/**
 * Parses a `.env` file as docker compose does: `KEY=VAL` lines (or the YAML-style `KEY: VAL`), optional `export ` prefix, `#` comment
 * lines, ` #` inline comments after unquoted values, single quotes (literal), double quotes (escapes
 * `\n`, `\t`, `\\`, `\"`, and interpolation), unquoted values trimmed and interpolated. Variables already
 * defined (earlier lines, then `outer`) are visible to later lines. Malformed lines are skipped. A key
 * written twice gives two entries (the last one wins).
 */
export function dotEnvEntries(text: string, outer: Vars = {}): DotEnvEntry[] {
  const result: Record<string, string> = {};
  const out: DotEnvEntry[] = [];
  const lookup = new Proxy({} as Vars, {
    get: (_t, k: string) => (k in result ? result[k] : outer[k]),
  });
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const rawLine = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const base = lineStart;
    lineStart = lineEnd + 1;
    const lead = rawLine.length - rawLine.trimStart().length;
    let line = rawLine.trim();
    let at = base + lead;
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('export ')) {
      const rest = line.slice(7);
      at += 7 + (rest.length - rest.trimStart().length);
      line = rest.trimStart();
    }
    // The key ends at the first `=` or `:`: compose-go's dotenv parser also reads the YAML-style `KEY: value`
    // (dotenv/parser.go, locateKeyName: "library also supports yaml-style value declaration"), so `KEY:a=b` is
    // KEY = `a=b` and `KEY=a:b` is KEY = `a:b`.
    const eq = line.search(/[=:]/);
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) continue;
    const afterEq = line.slice(eq + 1);
    let val = afterEq.trimStart();
    const valueStart = at + eq + 1 + (afterEq.length - val.length);
    let valueEnd: number;
    let hadVars = false;
    if (val.startsWith("'")) {
      const end = val.indexOf("'", 1);
      valueEnd = valueStart + (end > 0 ? end + 1 : val.length);
      val = end > 0 ? val.slice(1, end) : val.slice(1);
    } else if (val.startsWith('"')) {
      // A double-quoted value may span lines (docker compose reads `KEY="line 1\nline 2"` written over two
      // lines, as a PEM key often is): read on from the value's start in the whole text to the closing quote.
      let s = '';
      let j = valueStart + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length) {
          j++;
          s += ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[text[j]] ?? text[j];
        } else s += text[j];
      }
      valueEnd = Math.min(j + 1, text.length);
      if (valueEnd > lineEnd) {
        // The next line to read is the one after the closing quote.
        const nl = text.indexOf('\n', valueEnd);
        lineStart = nl < 0 ? text.length + 1 : nl + 1;
      }
      hadVars = /\$(\{|[A-Za-z_])/.test(s);
      val = interpolate(s, lookup).value;
    } else {
      const hash = val.search(/\s#/);
      if (hash >= 0) val = val.slice(0, hash);
      const trimmed = val.trim();
      valueEnd = valueStart + trimmed.length;
      hadVars = /\$(\{|[A-Za-z_])/.test(trimmed);
      val = interpolate(trimmed, lookup).value;
    }
    result[key] = val;
    out.push({ name: key, value: val, start: at, end: Math.max(valueEnd, at + eq + 1), valueStart, valueEnd, interpolated: hadVars });
  }
  return out;
}

/** The variables of a `.env` file (see {@link dotEnvEntries}): the last value of each key. */
export function parseDotEnv(text: string, outer: Vars = {}): Record<string, string> {
  const result: Record<string, string> = {};
  for (const e of dotEnvEntries(text, outer)) result[e.name] = e.value;
  return result;
}
