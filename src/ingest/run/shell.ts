/**
 * Shell-script ingester: every `docker run|create` command of a script (or a bare command line), and every
 * `docker compose run` / `docker-compose run` (the flags it writes only: src/ingest/run/parse.ts), becomes a
 * {@link ContainerSpec}. The script is parsed with mvdan-sh (bash dialect) and every
 * `CallExpr` is visited, wherever it sits (functions, pipelines, `if`/`for`/`while` bodies, `$(...)`,
 * backquotes, `&&` lists), so `sudo docker run`, `env X=1 docker run`, `exec docker run` are found.
 * Comments and heredoc bodies are never commands, except the `ExecStart=` lines of a systemd unit (see
 * {@link unitExecScan}) and scripts handed to another shell (see {@link nestedScripts}): a heredoc fed to
 * `bash` or `ssh host`, a quoted `sh -c '…'` string, the remote command of `ssh host '…'`; and a shell script the
 * script writes to a file with a heredoc (see {@link writtenScripts}). Unquoted remote
 * commands (`ssh host docker run …`) are not followed.
 *
 * Words: quotes are removed with exact per-character positions; parameter expansions, command
 * substitutions, arithmetic and `~` are kept as written and mark the word `unresolved`.
 * Simple variables assigned earlier in the same script at the top level (`IMAGE=nginx:1` then
 * `docker run "$IMAGE"`) are substituted when the assigned value is a plain literal and the use is a
 * bare `$NAME` / `${NAME}`; anything else stays unresolved. An unquoted word that is only such a variable
 * is split into fields as the shell does (`docker run $OPTS img` with `OPTS="--privileged --net=host"`),
 * and `"${ARGS[@]}"` of an array of literals (`ARGS=(--privileged -v /:/host)`) gives its elements. A value built
 * on one bulwark cannot know (`ARGS="$ARGS --privileged"` with no assignment before: the caller's environment) gives
 * one word kept as written for the unknown part, then its known fields, which the command receives whatever that part holds.
 * A launch inside a function called with literal arguments is one container per distinct call (`$1`…`$9` and
 * `local name=$1` resolved, {@link functionScopes}), inside `for x in a b c` one per literal item; a call
 * through a wrapper function that runs `"$@"` (`run docker run …`) is a launch; `bash <<< "…"` and
 * `eval "…"` strings are scripts (run by the same shell: the script's variables apply inside).
 *
 * Comments (mvdan-sh's, or a quote-aware scan when the parser fails) are returned as `comments`, so a
 * `# bulwark-ignore` inside a quoted string is not a directive.
 *
 * A script mvdan-sh cannot parse yields an InputError (code `parse`, mvdan's message and position) and
 * falls back to a line scan: lines whose first word is `docker` (or `sudo docker`) followed by
 * `run`/`create`, joined across `\` continuations, are split by a small quote-aware tokenizer and parsed
 * the same way, so findings are not lost to an unrelated syntax error (e.g. help output pasted after
 * a command in a Markdown fence).
 */
import type { SourceFile, SourceRange } from '../../model/source.js';
import { byteToUtf16Offset } from '../../model/source.js';
import { offsetConverter, shSyntax, type ShNode } from '../sh.js';
import type { ContainerSpec, ExecLine, HostCommandSecret, IngestResult, InputError, Origin, Sourced } from '../../model/types.js';
import type { IngestContext, Region } from '../types.js';
import { isolateRegion } from '../types.js';
import { findDockerWord, isDockerWord, parseDockerRun, programIndex } from './parse.js';
import { isServiceCreate, parseServiceCreate } from './service.js';
import { attachExecs, execStart, parseDockerExec } from './exec.js';
import { loginPasswordMasks } from './login-secrets.js';
import { hostCommandSecrets } from './host-secrets.js';
import type { Word } from './word.js';
import { charRange, CMD_VARIABLE } from './word.js';
import { emptyDaemon, type DaemonSpec } from '../../model/daemon.js';
import { applyDockerdFlags, isDockerdWord } from '../daemon/flags.js';
import { daemonSecretRanges } from '../daemon/secrets.js';
import { readRunEnvFiles } from './env-file.js';
import { readSeccompProfiles } from '../seccomp-file.js';
import { isSecretEnv, writtenUrlPassword } from '../../rules/util/secrets.js';
import { expandUnitWords, joinSpans, unitAssignments, unitSegments, unitVariables, unitWords, type Span, type UnitSegment, type UnitVar, type UnitWords } from './unit.js';
import { commandSecretRanges } from '../../rules/util/command-secrets.js';
import { labelSecretRanges, loggingSecretRanges } from './log-secrets.js';
import { looksLikeCompose } from '../compose/looks.js';
import { yamlLooksLikeKubernetes } from '../detect.js';
import { applySharedHostNamespaces, applyVolumesFrom, asBindMount } from '../sharing.js';

/** Word builder: accumulates value characters with their source offsets. */
class WordBuilder {
  value = '';
  offsets: number[] = [];
  unresolved = false;
  quoted = false;
  /** Length of `value` after the last expansion kept as written (-1: none), and that expansion's `NAME` when it is a bare `$NAME` ({@link OpaqueEnd}). */
  opaque: OpaqueEnd = { end: -1 };
  /** The first expansion kept as written ({@link OpaqueStart}); undefined while there is none. */
  first?: OpaqueStart;
  push(ch: string, at: number): void {
    this.value += ch;
    this.offsets.push(at);
  }
  /** Copies `text[s, e)` verbatim (an expansion kept as written). */
  raw(text: string, s: number, e: number): void {
    for (let k = s; k < e; k++) this.push(text[k], k);
  }
}

/**
 * Where the last expansion bulwark cannot read ends in a converted word's value (`end`, a length of the value; -1
 * when the word has none), and its variable's name when it is a bare `$NAME`, `${NAME}`, `${NAME:-}`,
 * `${NAME-}` or `${NAME:+$NAME }` (`name`): the text after it is known even when the word is not ({@link valueTail}).
 */
interface OpaqueEnd {
  end: number;
  name?: string;
  /**
   * The text after the expansion starts a field whatever the expansion holds: an alternate value ending in a blank
   * (`${ARGS:+$ARGS }`, bash(1) "Use Alternate Value") at the start of the word or after a blank expands to
   * nothing or to text ending in a blank ({@link alternateValue}).
   */
  boundary?: boolean;
}

/**
 * Where the first expansion bulwark cannot read starts in a converted word's value (`start`, a length of the value),
 * and its variable's name when it is a bare `$NAME`, `${NAME}`, `${NAME:-}`, `${NAME-}` or an alternate value of
 * NAME itself (`name`): the text before it is known even when the word is not ({@link valueHead}). `boundary`: a
 * field ends before it whatever it holds, an alternate value starting with a blank (`${ARGS:+ $ARGS}`, the idiom
 * that prepends an option: nothing, or a blank and the value).
 */
interface OpaqueStart {
  start: number;
  name?: string;
  boundary?: boolean;
}

/**
 * `${NAME:+WORD}` / `${NAME+WORD}` (bash(1) "Parameter Expansion", "Use Alternate Value": WORD when NAME is set,
 * and with `:` not empty; else nothing) whose WORD ends in blanks (`${ARGS:+$ARGS }`, the idiom that appends an
 * option with a separator only when there is something before it) or starts with blanks (`${ARGS:+ $ARGS}`, the
 * idiom that prepends one). `self`: WORD is `$NAME`/`${NAME}` between the blanks, `lead` the blanks before it,
 * `sep` those after it (either may be empty, not both). `undefined` for any other expansion text.
 */
function alternateValue(raw: string): { name: string; colon: boolean; self: boolean; lead: string; sep: string } | undefined {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?)\+([ \t]*)((?:\$\{[A-Za-z_][A-Za-z0-9_]*\}|[^{}`'"\\])*?)([ \t]*)\}$/.exec(raw);
  if (!m || (m[3] === '' && m[5] === '')) return undefined;
  const inner = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})$/.exec(m[4]);
  return { name: m[1], colon: m[2] === ':', self: inner !== null && (inner[1] ?? inner[2]) === m[1], lead: m[3], sep: m[5] };
}

/**
 * Set while a Windows shell's command (a PowerShell or cmd.exe block of a document) is read: there `\` is a
 * path separator, not an escape (`-v C:\data:C:\data`, `\\.\pipe\docker_engine`), and only a `\` ending a line
 * (the block's backtick or caret continuation, rewritten) joins lines. {@link scanShellText} sets it for the
 * duration of one synchronous scan.
 */
let literalBackslash = false;

/**
 * Set while a cmd.exe command (a ```cmd / ```bat block of a document) is read: cmd.exe expands only `%NAME%`
 * (Microsoft, "set" and "Command shell overview": environment variables are written `%NAME%`), so `$` and `` ` ``
 * are ordinary characters (`-e MSSQL_SA_PASSWORD=Str0ng$Passw0rd!` is that literal password), and a word with a
 * `%NAME%` is filled in from a variable ({@link CMD_VARIABLE}). {@link scanShellText} sets it for one scan.
 */
let cmdShell = false;

/**
 * Set while a zsh script (a `.zsh` file, or a `#!…zsh` shebang) is read: there an unquoted `$flags` of an array
 * gives every element, unsplit (zshexpn(1) "Parameter Expansion"; no word splitting unless SH_WORD_SPLIT), where
 * bash gives element 0 (bash(1) "Arrays"). {@link scanShellText} sets it for the duration of one scan.
 */
let zshArrays = false;

/**
 * A Windows named pipe written unquoted in a POSIX shell's block: `\\.\pipe\docker_engine` (Portainer's documented
 * `-v \\.\pipe\docker_engine:\\.\pipe\docker_engine`; Microsoft "Named Pipe Names": `\\.\pipe\name`, also
 * `\\?\pipe\…`). bash reads it as `\.pipedocker_engine`, which nobody means: the line is the Windows engine's,
 * copied into an untagged or `bash` block. Matched at a `\`, on the next 9 characters.
 */
const NAMED_PIPE = /^\\\\[.?]\\pipe\\/i;

/**
 * The end of the named pipe ({@link NAMED_PIPE}) that starts at `text[k]`, read as written: up to `:` (a bind's
 * separator), a blank or `end`; `k` when no pipe starts there.
 */
function namedPipeEnd(text: string, k: number, end: number): number {
  if (!NAMED_PIPE.test(text.slice(k, k + 9))) return k;
  let q = k;
  while (q < end && text[q] !== ':' && !/\s/.test(text[q])) q++;
  return q;
}

/** Appends an unquoted literal `text[s, e)`, removing backslash escapes and line continuations (not in a named pipe, {@link NAMED_PIPE}). */
function unquotedLit(b: WordBuilder, text: string, s: number, e: number): void {
  for (let k = s; k < e; k++) {
    const ch = text[k];
    const pipe = ch === '\\' && !literalBackslash ? namedPipeEnd(text, k, e) : k;
    if (pipe > k) {
      b.raw(text, k, pipe);
      k = pipe - 1;
      continue;
    }
    if (ch === '\\' && k + 1 < e && literalBackslash && text[k + 1] !== '\n' && text[k + 1] !== '\r') {
      b.push(ch, k);
      continue;
    }
    if (ch === '\\' && k + 1 < e) {
      if (text[k + 1] === '\n') {
        k++;
        continue;
      }
      if (text[k + 1] === '\r' && text[k + 2] === '\n') {
        k += 2;
        continue;
      }
      b.push(text[k + 1], k + 1);
      k++;
      continue;
    }
    b.push(ch, k);
  }
}

/** Appends a literal inside double quotes: `\` escapes only `$ \` " \\` and newline. */
function dquotedLit(b: WordBuilder, text: string, s: number, e: number): void {
  for (let k = s; k < e; k++) {
    const ch = text[k];
    if (ch === '\\' && k + 1 < e && (literalBackslash ? '\n' : '$`"\\\n').includes(text[k + 1])) {
      if (text[k + 1] !== '\n') b.push(text[k + 1], k + 1);
      k++;
      continue;
    }
    b.push(ch, k);
  }
}

/**
 * The script's variables: each assignment with its offset (`at`), recorded in text order (a function scope's copy
 * adds its body's assignments after the script's: lookups take the record with the greatest `at` before the use,
 * a later record winning a tie). `value` is the literal value of a top-level assignment (`undefined` when
 * unknown); for an indexed array (`ARGS=(--privileged -v /:/host)`), `words` holds its elements (an element with
 * an expansion, `--name "$NAME"`, is kept `unresolved` with its text as written), `undefined` when not known.
 * When the value is not known, `candidate` (a string) or `candidateWords` (an array) is one value the variable may
 * hold from there on: the literal of an assignment under a condition ({@link markNestedAssignments}), or an
 * append or `"$NAME …"` built on a variable whose value is only a candidate (`OPTS="$OPTS --gpus all"` in an `if`,
 * then `OPTS="$OPTS --privileged"`: `-d --gpus all --privileged`). `nested` marks an assignment under a condition:
 * the value before it may still hold; `possible`/`possibleElems` is what the variable may hold from there on
 * ({@link addRecord}). `tail` is the known end of a value whose beginning is not known, starting at a field
 * boundary: `ARGS="$ARGS -v /var/run/docker.sock:/var/run/docker.sock"` with no assignment of ARGS before (the
 * caller's environment may hold anything) has tail ` -v /var/run/docker.sock:/var/run/docker.sock`
 * ({@link valueTail}); `head` likewise the known beginning of a value whose end is not known, ending at a field
 * boundary: `ARGS="--privileged ${ARGS:+ $ARGS}"` has head `--privileged ` ({@link valueHead}). The lists are never changed in place (each assignment sets a new list), so a scope's copy
 * of the map (`new Map(vars)`) shares them. `path` is the value of a top-level assignment that is one path built on
 * values bulwark cannot read (`SSH_DIR=$HOME/.ssh`, `volume=$PWD/data`), with what is known substituted and the
 * rest as written ({@link pathValue}): a use of the variable reads as that path written in place.
 */
type VarRecord = { value: string | undefined; path?: string; candidate?: string; tail?: string; head?: string; words?: ArrayElem[]; candidateWords?: ArrayElem[]; fields?: Word[]; at: number; nested?: boolean; possible?: Possible<string>; possibleElems?: Possible<ArrayElem> };
type Vars = Map<string, VarRecord[]>;

/** One element of an indexed array: its value after quote removal, or, when `unresolved`, as written (`raw`). */
interface ArrayElem {
  value: string;
  raw: string;
  unresolved?: boolean;
  quoted?: boolean;
}

/** The assignment of `name` in effect at offset `before`: the one with the greatest `at` before it (a later record wins a tie). */
function lastRecord(vars: Vars, name: string, before: number): VarRecord | undefined {
  let found: VarRecord | undefined;
  for (const d of vars.get(name) ?? []) if (d.at < before && (!found || d.at >= found.at)) found = d;
  return found;
}

/** The elements of array `name` as last assigned before offset `before`, when they are known. */
function lookupArray(vars: Vars, name: string, before: number): ArrayElem[] | undefined {
  return lastRecord(vars, name, before)?.words;
}

/**
 * The words of `"$@"` as last set before offset `before` in a called function: the call's literal arguments,
 * positioned where the call writes them, after the body's `shift`s. `undefined` when not known.
 */
function lookupFields(vars: Vars, before: number): Word[] | undefined {
  return lastRecord(vars, '@', before)?.fields;
}

/** Fields of a value split at the default IFS blanks. */
function blankFields(v: string): string[] {
  return v.split(/[ \t\n]+/).filter((x) => x !== '');
}

/**
 * The option lists a variable may hold from one assignment on, together: each list once, in text order, without a
 * list that another holds as a run (`-d` and `-d --gpus all`, as appends make them), so every option any of them
 * sets is read (each is a whole list of options: together they still parse). `last`: the last value, option or not.
 */
interface Possible<T> {
  opts: { list: T[]; joined: string }[];
  last?: T[];
}

/** `p` with `list` added ({@link Possible}). */
function addPossible<T>(p: Possible<T>, list: T[], key: (t: T) => string): Possible<T> {
  if (!(list.length > 0 && key(list[0]).startsWith('-'))) return { opts: p.opts, last: list };
  const joined = `\u0000${list.map(key).join('\u0000')}\u0000`;
  if (p.opts.some((o) => o.joined.includes(joined))) return { opts: p.opts, last: list };
  return { opts: [...p.opts.filter((o) => !joined.includes(o.joined)), { list, joined }], last: list };
}

const elemKey = (e: ArrayElem) => (e.unresolved ? `\u0001${e.raw}` : e.value);

/**
 * Records assignment `r` of `name`, with what the variable may hold from there on: its own value or candidate, and,
 * for an assignment under a condition (`nested`), what it may have held before (the assignment in effect at `r.at`).
 * Computed once per assignment, so a use costs one lookup whatever the number of branches before it.
 */
function addRecord(vars: Vars, name: string, r: VarRecord): void {
  const prev = r.nested ? lastRecord(vars, name, r.at) : undefined;
  const own = r.value ?? r.candidate;
  const before = prev ? possibleValues(prev) : { opts: [] };
  r.possible = own === undefined ? before : addPossible(before, blankFields(own), (f) => f);
  const elems = r.words ?? r.candidateWords;
  const beforeElems = prev ? possibleElems(prev) : { opts: [] };
  r.possibleElems = elems === undefined ? beforeElems : addPossible(beforeElems, elems, elemKey);
  vars.set(name, [...(vars.get(name) ?? []), r]);
}

/** What a variable may hold from assignment `d` on ({@link addRecord}; an assignment recorded otherwise: its own value). */
function possibleValues(d: VarRecord): Possible<string> {
  const own = d.value ?? d.candidate;
  return d.possible ?? (own === undefined ? { opts: [] } : addPossible({ opts: [] }, blankFields(own), (f) => f));
}

/** {@link possibleValues} for arrays. */
function possibleElems(d: VarRecord): Possible<ArrayElem> {
  const own = d.words ?? d.candidateWords;
  return d.possibleElems ?? (own === undefined ? { opts: [] } : addPossible({ opts: [] }, own, elemKey));
}

/**
 * What `name` may hold at offset `before`, as one value: the known value when the assignment in effect is a
 * literal; else the options of the values it may hold from the last top-level assignment on, together
 * ({@link Possible}); else the last of those values. `undefined` when none is known.
 */
function worstValue(vars: Vars, name: string, before: number): string | undefined {
  const d = lastRecord(vars, name, before);
  if (!d || d.value !== undefined) return d?.value;
  const p = possibleValues(d);
  return p.opts.length ? p.opts.flatMap((o) => o.list).join(' ') : p.last?.join(' ');
}

/**
 * The fields of the options `name` may hold at offset `before` when its value is not known ({@link worstValue}).
 * `undefined` when none of its values starts with an option (`-…`).
 */
function conditionalOptions(vars: Vars, name: string, before: number): string[] | undefined {
  const v = worstValue(vars, name, before);
  const fields = v === undefined ? [] : blankFields(v);
  return fields[0]?.startsWith('-') ? fields : undefined;
}

/**
 * The elements array `name` may hold at offset `before`: the known elements when the assignment in effect is
 * known; else the element lists it may hold from the last top-level assignment on that start with an option,
 * together ({@link Possible}); else the last of them. `undefined` when none is known.
 */
function worstArray(vars: Vars, name: string, before: number): ArrayElem[] | undefined {
  const d = lastRecord(vars, name, before);
  if (!d || d.words !== undefined) return d?.words;
  const p = possibleElems(d);
  return p.opts.length ? p.opts.flatMap((o) => o.list) : p.last;
}

/** The value of `name` as last assigned before offset `before`, when that assignment was a literal. */
function lookupVar(vars: Vars, name: string, before: number): string | undefined {
  return lastRecord(vars, name, before)?.value;
}

/**
 * The default of `${NAME:-default}` / `${NAME-default}` (bash(1) "Parameter Expansion") when the script never
 * gives NAME a value: no assignment, no `read`, no `source`/`.` of another file. The shell then expands the
 * default written in the file, as Compose does for the same text (compose/interpolate.ts; a run line and a
 * Compose service must agree: `--privileged=${PRIV:-false}` is not privileged, `--user ${PUID:-0}` is root).
 * Only a non-empty plain default (no quotes, escapes or nested expansions); offsets of the default's
 * characters in `text`, else `undefined`.
 */
function writtenDefault(text: string, s: number, e: number, vars: Vars): { start: number; end: number } | undefined {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)([^$`'"\\{}]+)\}$/.exec(text.slice(s, e));
  if (!m) return undefined;
  const name = m[1];
  if (vars.has(name) || setInScript(text, name)) return undefined;
  const start = s + 2 + name.length + m[2].length;
  return { start, end: start + m[3].length };
}

/**
 * Whether the script gives `name` a value anywhere: an assignment (also with `export`/`local`/`declare`/…, an
 * array element), `read`/`getopts`/`mapfile`/`printf -v`, a `for` loop, or any `source`/`.` of another file. The
 * assignment that starts at offset `except` (`NAME=${NAME:-default}` itself) does not count.
 */
function setInScript(text: string, name: string, except = -1): boolean {
  if (setCache.text !== text) setCache = { text, ...settersOf(text) };
  if (setCache.sources) return true;
  return (setCache.byName.get(name) ?? []).some((at) => at === -1 || at !== except);
}

/**
 * Every place of a script that sets a variable, by name: the offset of the name in an assignment, -1 for a
 * statement that sets it otherwise (`read`, `for`); and whether the script reads another file (`source`, `.`),
 * which may set anything. One pass over the text for all names: a script with thousands of `${NAME:-default}`
 * asks {@link setInScript} about each.
 */
function settersOf(text: string): { byName: Map<string, number[]>; sources: boolean } {
  const byName = new Map<string, number[]>();
  const add = (name: string, at: number) => {
    const list = byName.get(name);
    if (list) list.push(at);
    else byName.set(name, [at]);
  };
  const stmt = `(?:^[ \\t]*|[;&|(][ \\t]*|\\b(?:then|do|else)[ \\t]+)`;
  const assign = new RegExp(`${stmt}(?:(?:export|local|declare|typeset|readonly)[ \\t]+(?:-\\w+[ \\t]+)*)?([A-Za-z_][A-Za-z0-9_]*)(\\+?=|\\[)`, 'gm');
  for (let m = assign.exec(text); m; m = assign.exec(text)) add(m[1], m.index + m[0].length - m[2].length - m[1].length);
  const reads = new RegExp(`${stmt}(?:read|getopts|mapfile|readarray|printf[ \\t]+-v)[ \\t]([^\\n]*)`, 'gm');
  for (let m = reads.exec(text); m; m = reads.exec(text)) for (const w of m[1].matchAll(/\b[A-Za-z_][A-Za-z0-9_]*\b/g)) add(w[0], -1);
  const loops = new RegExp(`${stmt}for[ \\t]+([A-Za-z_][A-Za-z0-9_]*)\\b`, 'gm');
  for (let m = loops.exec(text); m; m = loops.exec(text)) add(m[1], -1);
  return { byName, sources: new RegExp(`${stmt}(?:source|\\.)[ \\t]+\\S`, 'm').test(text) };
}

/** {@link settersOf} for the script {@link setInScript} last read. */
let setCache: { text?: string; byName: Map<string, number[]>; sources: boolean } = { byName: new Map(), sources: false };

/**
 * Converts one mvdan-sh Word node into a {@link Word}. With `candidates`, a bare `$NAME` whose value is not known
 * is replaced by the value it may hold with the most options ({@link worstValue}), to build a candidate value.
 */
function convertWord(node: ShNode, text: string, off: (b: number) => number, vars: Vars, candidates = false, opaque?: OpaqueEnd, first?: { at?: OpaqueStart }): Word {
  const syntax = shSyntax();
  const b = new WordBuilder();
  const start = off(node.Pos().Offset());
  const end = off(node.End().Offset());
  const parts = (node.Parts as ShNode[]) ?? [];
  const expansion = (p: ShNode, s: number, e: number) => {
    const t = syntax.NodeType(p);
    // A bare $NAME / ${NAME} with a known literal value is substituted; so is `${NAME:-}` / `${NAME-}` (an empty
    // default: the value itself when NAME is set, bash(1) "Parameter Expansion").
    const m = /^\$(?:([A-Za-z_][A-Za-z0-9_]*|[1-9])|\{([A-Za-z_][A-Za-z0-9_]*|[1-9])(?::?-)?\})$/.exec(text.slice(s, e));
    const known = t === 'ParamExp' && m ? (candidates ? worstValue : lookupVar)(vars, m[1] ?? m[2], s) : undefined;
    // `${NAME:+$NAME }` of a NAME with a value bulwark knows: the value and the blanks, or nothing when NAME is
    // empty and the `:` form is used ({@link alternateValue}).
    const alt = t === 'ParamExp' && !m ? alternateValue(text.slice(s, e)) : undefined;
    const altKnown = alt?.self ? (candidates ? worstValue : lookupVar)(vars, alt.name, s) : undefined;
    const value = known ?? (altKnown === undefined ? undefined : altKnown === '' && alt!.colon ? '' : alt!.lead + altKnown + alt!.sep);
    // A variable holding a path built on unknown values (`SSH_DIR=$HOME/.ssh`): that path, as written in place
    // (`-v $SSH_DIR:/root/.ssh` reads as `-v $HOME/.ssh:/root/.ssh`), still unresolved.
    const path = value === undefined && t === 'ParamExp' && m ? lastRecord(vars, m[1] ?? m[2], s)?.path : undefined;
    if (path !== undefined) {
      const name = m![1] ?? m![2];
      b.first ??= { start: b.value.length, name };
      b.unresolved = true;
      Array.from(path).forEach((ch, k, all) => b.push(ch, k === all.length - 1 ? e - 1 : s));
      b.opaque = { end: b.value.length, name };
      return;
    }
    if (value !== undefined) {
      // Its characters are written at the expansion: the first at `$`, the last at its end, so the value's range
      // (and a secret's mask) covers all of `$pw`, not only the `$`.
      Array.from(value).forEach((ch, k, all) => b.push(ch, k === all.length - 1 ? e - 1 : s));
      return;
    }
    const d = t === 'ParamExp' ? writtenDefault(text, s, e, vars) : undefined;
    if (d) {
      for (let k = d.start; k < d.end; k++) b.push(text[k], k);
      return;
    }
    // An alternate value ending in blanks starts a field after it when nothing is glued before it.
    const boundary = alt !== undefined && alt.sep !== '' && (b.value === '' || /[ \t\n]$/.test(b.value));
    const name = t === 'ParamExp' && m ? (m[1] ?? m[2]) : alt?.self ? alt.name : undefined;
    // One starting with blanks ends the field before it.
    b.first ??= { start: b.value.length, ...(name !== undefined ? { name } : {}), ...(alt !== undefined && alt.lead !== '' ? { boundary: true } : {}) };
    b.unresolved = true;
    b.raw(text, s, e);
    b.opaque = { end: b.value.length, ...(name !== undefined ? { name } : {}), ...(boundary ? { boundary } : {}) };
  };
  parts.forEach((p, idx) => {
    const t = syntax.NodeType(p);
    const s = off(p.Pos().Offset());
    const e = off(p.End().Offset());
    switch (t) {
      case 'Lit':
        if (idx === 0 && text[s] === '~') b.unresolved = true;
        unquotedLit(b, text, s, e);
        break;
      case 'SglQuoted': {
        b.quoted = true;
        const dollar = p.Dollar === true;
        b.raw(text, s + (dollar ? 2 : 1), e - 1);
        break;
      }
      case 'DblQuoted': {
        b.quoted = true;
        for (const q of (p.Parts as ShNode[]) ?? []) {
          const qs = off(q.Pos().Offset());
          const qe = off(q.End().Offset());
          if (syntax.NodeType(q) === 'Lit') dquotedLit(b, text, qs, qe);
          else expansion(q, qs, qe);
        }
        break;
      }
      default:
        expansion(p, s, e);
    }
  });
  const w: Word = { value: b.value, start, end, raw: text.slice(start, end), offsets: b.offsets };
  if (b.unresolved || (cmdShell && CMD_VARIABLE.test(b.value))) w.unresolved = true;
  if (b.quoted) w.quoted = true;
  if (opaque) Object.assign(opaque, b.opaque);
  if (first) first.at = b.first;
  return w;
}

/**
 * The known end of the value that assignment word `val` (at offset `at`) gives when its beginning is not known
 * ({@link VarRecord} `tail`): the text after its last expansion bulwark cannot read, from the first field boundary
 * on (a field glued to the unknown text is not known). When that expansion is a bare `$NAME` whose value has a
 * tail, the tail goes before it: `ARGS="$ARGS -v /a:/b"` then `ARGS="$ARGS --privileged"` ends with both. With
 * `before` (an append, `NAME+=…`), the tail of the value appended to. `undefined` when no field is known.
 * Whatever the unknown beginning holds (the caller's environment, a command's output), the shell passes these
 * fields: `docker run $ARGS img` is `docker run <unknown words> -v /a:/b --privileged img`.
 */
function valueTail(val: ShNode | null, text: string, off: (b: number) => number, vars: Vars, at: number, before?: string): string | undefined {
  const o: OpaqueEnd = { end: -1 };
  const w = val ? convertWord(val, text, off, vars, false, o) : undefined;
  if (w?.unresolved && o.end < 0) return undefined;
  const rest = o.end < 0 ? (w?.value ?? '') : (o.boundary ? ' ' : '') + w!.value.slice(o.end);
  const known = o.end < 0 ? before : o.name !== undefined ? lastRecord(vars, o.name, at)?.tail : undefined;
  let t: string;
  if (known !== undefined) t = known + rest;
  else {
    const k = rest.search(/[ \t\n]/);
    t = k < 0 ? '' : rest.slice(k);
  }
  return blankFields(t).length > 0 ? t : undefined;
}

/**
 * The known beginning of the value that assignment word `val` (at offset `at`) gives when its end is not known
 * ({@link VarRecord} `head`): the text before its first expansion bulwark cannot read, up to the last field boundary
 * (a field glued to the unknown text is not known), or all of it when that expansion starts with a blank
 * (`ARGS="--privileged${ARGS:+ $ARGS}"`). When that expansion is a bare `$NAME` (or NAME's own alternate value) whose
 * value has a head and nothing is glued before it, that head follows: `ARGS="-d $ARGS"` then
 * `ARGS="--privileged ${ARGS:+ $ARGS}"` starts with both. `undefined` when no field is known. Whatever the unknown
 * end holds, the shell passes these fields first: `docker run $ARGS img` is `docker run --privileged <unknown words> img`.
 */
function valueHead(val: ShNode | null, text: string, off: (b: number) => number, vars: Vars, at: number): string | undefined {
  const first: { at?: OpaqueStart } = {};
  const w = val ? convertWord(val, text, off, vars, false, undefined, first) : undefined;
  if (!w?.unresolved || first.at === undefined) return undefined;
  const before = w.value.slice(0, first.at.start);
  const whole = first.at.boundary === true || before === '' || /[ \t\n]$/.test(before);
  const known = whole ? before : before.slice(0, before.search(/[ \t\n][^ \t\n]*$/) + 1);
  const prev = whole && first.at.name !== undefined ? lastRecord(vars, first.at.name, at)?.head : undefined;
  const h = prev !== undefined ? `${known} ${prev}` : known;
  return blankFields(h).length > 0 ? h : undefined;
}

/**
 * Top-level `NAME=literal` assignments: statements made only of assignments, and the assignments of
 * `export`, `readonly`, `declare` and `typeset` (`export GITLAB_HOME=/srv/gitlab`, as GitLab's install docs
 * write it; bash(1) "SHELL BUILTIN COMMANDS"). A bare `export NAME` keeps the value it had. `declare`/`typeset`
 * with an option other than `-x`, `-r`, `-g` or `-a` (`-i` arithmetic, `-A` associative arrays, `-l`/`-u` case
 * changes) transforms the value, so its names become unknown. `NAME=${NAME:-default}` (a default for a variable
 * the caller may set, as in `DOCKER=${DOCKER:-docker}`) with no earlier assignment of NAME is the default, as
 * {@link writtenDefault} reads a default used in place; so is `: "${NAME:=default}"`.
 *
 * With the script's index `idx`, the assignments below the top level are recorded too, in text order among the
 * top-level ones ({@link markNestedAssignments}), so a top-level `OPTS="$OPTS --privileged"` after an `if` that
 * appends to OPTS builds on the value the `if` may leave. Without it (a function body read for one call), only
 * the statements of `f` itself are read.
 */
function collectVars(f: ShNode, text: string, off: (b: number) => number, base?: Vars, idx?: ShIndex): Vars {
  const vars: Vars = base ?? new Map();
  const top = (f.Stmts as ShNode[]) ?? [];
  if (!idx) {
    for (const stmt of top) topLevelAssignments(stmt, text, off, vars);
    return vars;
  }
  // A statement is the top-level one when it spans the same text (the first command of a top-level `a && b`
  // starts where the list does, and is not top-level: the list is not an assignment).
  const key = (n: ShNode) => `${n.Pos().Offset()}:${n.End().Offset()}`;
  const tops = new Set(top.map(key));
  for (const n of idx.stmts) {
    if (tops.has(key(n))) topLevelAssignments(n, text, off, vars);
    else markNestedAssignments(n, text, off, vars);
  }
  return vars;
}

/** The assignments of one top-level statement ({@link collectVars}). */
function topLevelAssignments(stmt: ShNode, text: string, off: (b: number) => number, vars: Vars): void {
  const syntax = shSyntax();
  const cmd = stmt.Cmd as ShNode | null;
  if (!cmd) return;
  let assigns: ShNode[];
  let transformed = false;
  const type = syntax.NodeType(cmd);
  if (type === 'CallExpr') {
    const cargs = (cmd.Args as ShNode[]) ?? [];
    if (cargs.length > 0) {
      // `: "${NAME:=default}"` (POSIX shell §2.6.2 "Assign Default Values"): NAME takes the default when the
      // caller did not set it, as `NAME=${NAME:-default}` does.
      if (text.slice(off(cargs[0].Pos().Offset()), off(cargs[0].End().Offset())) !== ':') return;
      for (const a of cargs.slice(1)) {
        const at = off(a.Pos().Offset());
        const m = /^("?)\$\{([A-Za-z_][A-Za-z0-9_]*):?=([^$`'"\\{}]+)\}\1$/.exec(text.slice(at, off(a.End().Offset())));
        if (m && !vars.has(m[2]) && !setInScript(text, m[2], at)) vars.set(m[2], [{ value: m[3], at }]);
      }
      return;
    }
    assigns = (cmd.Assigns as ShNode[]) ?? [];
  } else if (type === 'DeclClause') {
    const variant = (cmd.Variant as { Value?: string } | null)?.Value ?? '';
    // `local` only occurs in a function body (see functionScopes).
    if (!['export', 'readonly', 'declare', 'typeset', 'local'].includes(variant)) return;
    const all = (cmd.Args as ShNode[]) ?? [];
    // Options are naked words without a name (`declare -x`); anything but -x/-r/-g changes the value.
    // `-a` (indexed array: `declare -a OPTS=(--restart unless-stopped)`) keeps the elements as written.
    transformed = all.some((a) => !a.Name && a.Value && !/^[-+][xrga]+$/.test(convertWord(a.Value as ShNode, text, off, vars).value));
    assigns = all.filter((a) => a.Name && a.Naked !== true);
  } else return;
  for (const a of assigns) {
    const name = (a.Name as { Value?: string } | null)?.Value;
    const val = a.Value as ShNode | null;
    if (!name) continue;
    const at = off(a.Pos().Offset());
    const add = (r: Omit<VarRecord, 'at'>) => addRecord(vars, name, { ...r, at });
    if (a.Array && !transformed) {
      // `NAME=(w1 w2 …)`: known when no element has an index (`[k]=v`); `NAME+=(w3 …)` appends to a known
      // array (bash(1) "Arrays"). An element with an expansion (`--name "$NAME"`) stays unresolved. Appended to an
      // array that is not known but may hold some elements (`A+=(--gpus all)` in an `if`, or no assignment before:
      // bash exports no array), the elements are a candidate: the unknown array with them appended.
      const elems = arrayElems(a, text, off, vars);
      const prev = a.Append === true ? lookupArray(vars, name, at) : [];
      if (elems && prev !== undefined) add({ value: undefined, words: [...prev, ...elems] });
      else {
        const cand = elems && a.Append === true ? (vars.has(name) ? worstArray(vars, name, at) : []) : undefined;
        add({ value: undefined, ...(elems && cand ? { candidateWords: [...cand, ...elems] } : {}) });
      }
      continue;
    }
    if (transformed) {
      add({ value: undefined });
      continue;
    }
    const w = val ? convertWord(val, text, off, vars) : undefined;
    if (a.Append === true) {
      // `NAME+=…` (bash(1) "PARAMETERS"): the known value with the text appended; built on a value that is only a
      // candidate, a candidate.
      const prev = lookupVar(vars, name, at);
      if (prev !== undefined && (!w || !w.unresolved)) add({ value: prev + (w?.value ?? '') });
      else {
        // Appended to a value not known and with no candidate (`ARGS+=" --privileged"` with no assignment before):
        // the appended fields are still passed, after whatever the value held ({@link valueTail}).
        const cand = candidateAppend(vars, name, at, val, text, off);
        const tail = cand.candidate === undefined ? valueTail(val, text, off, vars, at, lastRecord(vars, name, at)?.tail) : undefined;
        // What it was appended to starts it still ({@link valueHead}).
        const head = cand.candidate === undefined ? lastRecord(vars, name, at)?.head : undefined;
        add({ value: undefined, ...cand, ...(tail !== undefined ? { tail } : {}), ...(head !== undefined ? { head } : {}) });
      }
      continue;
    }
    let value = w?.unresolved ? undefined : (w?.value ?? '');
    if (value === undefined && w && !vars.has(name)) {
      // `NAME=${NAME:-default}` where nothing else sets NAME (no `read NAME` before it, no `source`): the default.
      const self = /^("?)\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^$`'"\\{}]+)\}\1$/.exec(w.raw);
      if (self && self[2] === name && !setInScript(text, name, at)) value = self[3];
    }
    // `OPTS="$OPTS --privileged"` where OPTS is not known but may hold some values: a candidate built on them.
    const cand = value === undefined && val ? convertWord(val, text, off, vars, true) : undefined;
    // `ARGS="$ARGS -v /a:/b"` where ARGS has no value bulwark knows (nothing assigned it before: the caller's
    // environment may): the known fields at its end ({@link valueTail}).
    const tail = value === undefined && !(cand && !cand.unresolved) ? valueTail(val, text, off, vars, at) : undefined;
    // `ARGS="--privileged ${ARGS:+ $ARGS}"`: likewise the known fields at its beginning ({@link valueHead}).
    const head = value === undefined && !(cand && !cand.unresolved) ? valueHead(val, text, off, vars, at) : undefined;
    // `SSH_DIR=$HOME/.ssh`: one path, partly unknown ({@link pathValue}).
    const path = value === undefined && w ? pathValue(w) : undefined;
    add({ value, ...(path !== undefined ? { path } : {}), ...(cand && !cand.unresolved ? { candidate: cand.value } : {}), ...(tail !== undefined ? { tail } : {}), ...(head !== undefined ? { head } : {}) });
  }
}

/**
 * The value of an assignment word `w` that bulwark cannot fully read when it is one path (`$HOME/.ssh`,
 * `${PWD}/data`, `$(pwd)/models`, `$BASE/$APP/conf` with BASE known): its value, known variables substituted and
 * the rest kept as written, when its text outside those expansions holds a `/` and no blank (a value with blanks is
 * a list of options, read by {@link valueTail}/{@link valueHead}; a `/` only inside an expansion, as in
 * `DATA_DIR=${DATA_DIR:-/srv/app}`, is no path of its own). `undefined` otherwise. A bind mount of it is of that
 * partly unknown host path, as the same text written on the run line is (docker run `-v`: a source with a `/` is a
 * host path, not a volume name).
 */
function pathValue(w: Word): string | undefined {
  const v = w.value;
  // The text outside the expansions kept as written: a `/` inside one (`DATA_DIR=${DATA_DIR:-/srv/app}`, a default
  // that applies only when the variable is unset) does not make the value a path.
  const outside = v.replace(/\$\{[^{}]*\}|\$\([^()]*\)|`[^`]*`|\$[A-Za-z_][A-Za-z0-9_]*/g, '');
  return outside.includes('/') && !/[ \t\n]/.test(outside) ? v : undefined;
}

/**
 * The elements of the array assignment `a` (`NAME=(…)`, `NAME+=(…)`), `undefined` when one has an index (`[k]=v`)
 * or is itself an array or `$@` expansion. An element with another expansion is kept `unresolved`, as written.
 */
function arrayElems(a: ShNode, text: string, off: (b: number) => number, vars: Vars): ArrayElem[] | undefined {
  const elems = ((a.Array as ShNode).Elems as ShNode[]) ?? [];
  const ws = elems.map((el) => (el.Index || !el.Value ? undefined : convertWord(el.Value as ShNode, text, off, vars)));
  if (!ws.every((w) => w !== undefined && (!w.unresolved || !/^("?)\$(?:\{[A-Za-z_][A-Za-z0-9_]*\[[@*]\]\}|[@*])\1$/.test(w.raw)))) return undefined;
  return ws.map((w) => (w!.unresolved ? { value: w!.value, raw: w!.raw, unresolved: true, quoted: w!.quoted } : { value: w!.value, raw: w!.raw }));
}

/**
 * The candidate of `NAME+=value` at offset `at` when NAME's value is not known: the value NAME may hold with the
 * most options ({@link worstValue}) with the text appended (its own expansions read likewise). None when NAME has
 * no value or candidate before (it may come from the caller's environment) or the text is not otherwise known.
 */
function candidateAppend(vars: Vars, name: string, at: number, val: ShNode | null, text: string, off: (b: number) => number): { candidate?: string } {
  const prev = worstValue(vars, name, at);
  const w = val ? convertWord(val, text, off, vars, true) : undefined;
  return prev !== undefined && (!w || !w.unresolved) ? { candidate: prev + (w?.value ?? '') } : {};
}

/**
 * The nodes of one parsed script that the scan reads, by type, each list in the order of `syntax.Walk` (the
 * order of the text). Made by one walk: every walk crosses into the GopherJS build of mvdan-sh at each node,
 * which costs about as much as the parse, so the scan walks the tree once, not once per question.
 */
interface ShIndex {
  stmts: ShNode[];
  calls: ShNode[];
  /** Offset (in `text`) where each of `calls` starts. */
  callStarts: number[];
  decls: ShNode[];
  fors: ShNode[];
  assigns: ShNode[];
  comments: ShNode[];
}

function indexScript(f: ShNode, off: (b: number) => number): ShIndex {
  const syntax = shSyntax();
  const idx: ShIndex = { stmts: [], calls: [], callStarts: [], decls: [], fors: [], assigns: [], comments: [] };
  syntax.Walk(f, (n) => {
    if (!n) return true;
    switch (syntax.NodeType(n)) {
      case 'Stmt':
        idx.stmts.push(n);
        break;
      case 'CallExpr':
        idx.calls.push(n);
        idx.callStarts.push(off(n.Pos().Offset()));
        break;
      case 'FuncDecl':
        idx.decls.push(n);
        break;
      case 'ForClause':
        idx.fors.push(n);
        break;
      case 'Assign':
        idx.assigns.push(n);
        break;
      case 'Comment':
        idx.comments.push(n);
        break;
    }
    return true;
  });
  return idx;
}

/**
 * Marks as unknown, from where it stands, a variable assigned below the top level: in an `if`/`case`
 * branch, a loop body, a `&&` list or a function body (`TTY=""` then `if [ -t 1 ]; then TTY="-t"; fi`, or
 * get.docker.com's `sh_c='sh -c'` then `sh_c='sudo -E sh -c'` under a condition). After such an assignment the
 * value depends on a condition the script decides at run time, so the top-level literal no longer holds.
 * `local`/`declare` in a function body and `NAME=value cmd` (the command's environment only) do not change the
 * script's variable and are skipped (bash(1) "SIMPLE COMMAND EXPANSION", "local"). Called by {@link collectVars}
 * for each statement below the top level, in text order.
 */
function markNestedAssignments(n: ShNode, text: string, off: (b: number) => number, vars: Vars): void {
  const syntax = shSyntax();
  const cmd = n.Cmd as ShNode | null;
  if (!cmd) return;
  const type = syntax.NodeType(cmd);
  let assigns: ShNode[] = [];
  if (type === 'CallExpr' && ((cmd.Args as ShNode[]) ?? []).length === 0) assigns = (cmd.Assigns as ShNode[]) ?? [];
  else if (type === 'DeclClause' && ['export', 'readonly'].includes((cmd.Variant as { Value?: string } | null)?.Value ?? '')) {
    assigns = ((cmd.Args as ShNode[]) ?? []).filter((a) => a.Name && a.Naked !== true);
  }
  for (const a of assigns) {
    const name = (a.Name as { Value?: string } | null)?.Value;
    if (!name) continue;
    const at = off(a.Pos().Offset());
    const val = a.Value as ShNode | null;
    // The literal it assigns is one value the variable may take (`SOCK_OPT="-v /var/run/docker.sock:…"` in an
    // `if` branch): kept as a candidate, so a `docker run $SOCK_OPT img` is read with it, as unknown. So is what an
    // append (`OPTS="$OPTS --gpus all"`, `OPTS+=" --gpus all"`, `A+=(--gpus all)`) makes of the value before it, and
    // an array's elements (`A=(--privileged)`).
    let r: Omit<VarRecord, 'at'> = { value: undefined };
    if (a.Array) {
      const elems = arrayElems(a, text, off, vars);
      const prev = a.Append !== true ? [] : vars.has(name) ? worstArray(vars, name, at) : [];
      if (elems && prev) r = { value: undefined, candidateWords: [...prev, ...elems] };
    } else if (a.Append === true) r = { value: undefined, ...candidateAppend(vars, name, at, val, text, off) };
    else {
      const w = val ? convertWord(val, text, off, vars, true) : undefined;
      if (!w || !w.unresolved) r = { value: undefined, candidate: w?.value ?? '' };
    }
    // A value whose beginning is not known (`ARGS="$ARGS --privileged"` in a branch, with no assignment of ARGS
    // before): the known fields at its end are one value it may hold, as a candidate ({@link valueTail}).
    // Likewise its known beginning (`ARGS="--privileged ${ARGS:+ $ARGS}"`, {@link valueHead}), before that end.
    if (!a.Array && r.candidate === undefined) {
      const tail = valueTail(val, text, off, vars, at, a.Append === true ? lastRecord(vars, name, at)?.tail : undefined);
      const head = a.Append === true ? lastRecord(vars, name, at)?.head : valueHead(val, text, off, vars, at);
      const known = [head, tail].filter((x) => x !== undefined);
      if (known.length > 0) r = { value: undefined, candidate: known.join(' ') };
    }
    addRecord(vars, name, { ...r, at, nested: true });
  }
}

/** The body of a shell function and the variables it sees at each distinct call of the script. */
interface FuncScope {
  start: number;
  end: number;
  /** One variable map per distinct argument list: positional `$1`…`$9` plus the body's `local`/plain assignments. */
  variants: Vars[];
  /** The literal arguments of each variant's call (same order as `variants`), for masking secrets passed in. */
  args: Word[][];
}

/**
 * Names of the script's wrapper functions that run their arguments as a command (`run() { echo "+ $*"; "$@"; }`,
 * `retry() { for i in 1 2 3; do "$@" && break; done; }`): `run docker run …` starts a container.
 */
function passthroughFunctions(idx: ShIndex, text: string, off: (b: number) => number): Set<string> {
  const names = new Set<string>();
  for (const n of idx.decls) {
    const name = (n.Name as { Value?: string } | null)?.Value;
    const body = n.Body as ShNode | null;
    if (!name || !body) continue;
    const start = off(body.Pos().Offset());
    const end = off(body.End().Offset());
    for (let k = 0; k < idx.calls.length; k++) {
      if (idx.callStarts[k] < start || idx.callStarts[k] >= end) continue;
      const a0 = ((idx.calls[k].Args as ShNode[]) ?? [])[0];
      if (a0 && /^"?\$(?:@|\{@\}|\*|\{\*\})"?$/.test(text.slice(off(a0.Pos().Offset()), off(a0.End().Offset())))) {
        names.add(name);
        break;
      }
    }
  }
  return names;
}

/**
 * Shell functions called by the script (`start_app() { docker run --name "$1" …; }` then `start_app blue`,
 * `start_app green`): for each function that is called at least once (outside its own body), the variables its
 * body sees per distinct call — the call's literal arguments as `$1`…`$9` (bash(1) "Positional Parameters")
 * and the literal assignments at the top of the body (`local name=$1`, `name=$1`, bash(1) "local"). A launch
 * in such a body is one container per call: install scripts start the same function for several names, and
 * each is a container of its own. An argument that is not a literal leaves its parameter unresolved.
 */
function functionScopes(idx: ShIndex, text: string, off: (b: number) => number, vars: Vars): FuncScope[] {
  const syntax = shSyntax();
  const { decls, calls, callStarts } = idx;
  const scopes: FuncScope[] = [];
  // The first word of each call, converted once and only when some function is declared (it is compared with
  // every function's name).
  const firstWords: (Word | undefined)[] = decls.length ? calls.map((c) => {
    const a0 = ((c.Args as ShNode[]) ?? [])[0];
    return a0 ? convertWord(a0, text, off, vars) : undefined;
  }) : [];
  for (const d of decls) {
    const name = (d.Name as { Value?: string } | null)?.Value;
    const body = d.Body as ShNode | null;
    if (!name || !body) continue;
    const start = off(body.Pos().Offset());
    const end = off(body.End().Offset());
    const cmd = body.Cmd as ShNode | null;
    const block = cmd && ['Block', 'Subshell'].includes(syntax.NodeType(cmd)) ? cmd : undefined;
    const variants: Vars[] = [];
    const argLists: Word[][] = [];
    const keys = new Set<string>();
    for (let ci = 0; ci < calls.length; ci++) {
      const c = calls[ci];
      const w0 = firstWords[ci];
      if (!w0 || w0.unresolved || w0.value !== name) continue;
      const at = callStarts[ci];
      if (at >= start && at < end) continue;
      const args = (c.Args as ShNode[]) ?? [];
      const all = args.slice(1).map((a) => convertWord(a, text, off, vars));
      const params = all.slice(0, 9);
      const key = JSON.stringify(all.map((p) => (p.unresolved ? null : p.value)));
      if (keys.has(key) || keys.size >= MAX_LOOP_ITEMS) continue;
      keys.add(key);
      const local: Vars = new Map(vars);
      const positional = (from: number, at: number) => {
        for (let i = 0; i < 9; i++) {
          const p = all[from + i];
          local.set(String(i + 1), [...(local.get(String(i + 1)) ?? []), { value: p === undefined || p.unresolved ? undefined : p.value, at }]);
        }
        // `"$@"`: the arguments as words (bash(1) "Special Parameters"), known when all are literals. Not for a
        // function that shadows the client (`docker() { command docker "$@"; }`): its calls are the launches.
        const rest = all.slice(from);
        const known = !isDockerWord(name) && !rest.some((w) => w.unresolved);
        local.set('@', [...(local.get('@') ?? []), { value: undefined, fields: known ? rest : undefined, at }]);
      };
      positional(0, start);
      // `shift` / `shift N` at the top of the body (`local svc=$1; shift`) moves the positional parameters.
      let shifted = 0;
      for (const st of block ? ((block.Stmts as ShNode[]) ?? []) : []) {
        const sc = st.Cmd as ShNode | null;
        const sa = sc && syntax.NodeType(sc) === 'CallExpr' ? ((sc.Args as ShNode[]) ?? []).map((a) => convertWord(a, text, off, vars)) : [];
        if (sa[0]?.value !== 'shift' || sa[0].unresolved) continue;
        const n = sa.length === 1 ? 1 : /^\d+$/.test(sa[1].value) ? Number(sa[1].value) : NaN;
        if (Number.isNaN(n)) break;
        shifted += n;
        positional(shifted, off(st.Pos().Offset()));
      }
      if (block) collectVars(block, text, off, local);
      variants.push(local);
      argLists.push(all.filter((p) => !p.unresolved));
    }
    if (variants.length > 0) scopes.push({ start, end, variants, args: argLists });
  }
  // `for name in a b c; do docker run --name "$name" …; done`: one container per literal item (bash(1) "for");
  // globs and brace expansions (`for f in *.env`, `{1..3}`) are not expanded.
  for (const n of idx.fors) {
    const loop = n.Loop as ShNode | null;
    if (!loop || syntax.NodeType(loop) !== 'WordIter') continue;
    const name = (loop.Name as { Value?: string } | null)?.Value;
    const items = ((loop.Items as ShNode[]) ?? []).map((w) => convertWord(w, text, off, vars));
    if (!name || items.length === 0 || items.length > MAX_LOOP_ITEMS || items.some((w) => w.unresolved || (!w.quoted && /[*?[{]/.test(w.value)))) continue;
    const start = off(n.Pos().Offset());
    const end = off(n.End().Offset());
    const values = [...new Set(items.map((w) => w.value))];
    scopes.push({
      start,
      end,
      variants: values.map((v) => {
        const local: Vars = new Map(vars);
        local.set(name, [...(local.get(name) ?? []), { value: v, at: start }]);
        return local;
      }),
      args: values.map(() => []),
    });
  }
  return scopes;
}

/**
 * Most items of a `for` list expanded into one container each (beyond: the loop variable stays unresolved), and
 * most distinct calls of one function followed (beyond: further calls add no container), so a generated
 * script cannot multiply its launches without bound.
 */
const MAX_LOOP_ITEMS = 32;

/** Result of scanning one text for `docker run` commands. */
interface ScanResult {
  containers: ContainerSpec[];
  /** `docker exec` lines (src/ingest/run/exec.ts), in text order; not yet given to their containers. */
  execs?: ExecLine[];
  /** dockerd started by the script (`exec dockerd -H tcp://0.0.0.0:2375 …`): CIS section 2 applies to it. */
  daemons?: DaemonSpec[];
  errors: InputError[];
  /** Ranges of the text's `#` comments (for `# bulwark-ignore` directives). */
  comments: SourceRange[];
  /** Values of shell assignments that hold a secret (`DB_PASSWORD=…`, `export API_TOKEN="…"`), for masking. */
  secretRanges?: SourceRange[];
  /** Literal secrets on `docker build --build-arg` / `docker login -p` lines (src/ingest/run/host-secrets.ts), in text order. */
  hostSecrets?: HostCommandSecret[];
  /** Heredoc bodies that are Compose files (`cat > docker-compose.yml <<EOF`), as offset ranges: {@link yamlHeredocs}. */
  composeRegions?: { start: number; end: number }[];
  /** Heredoc bodies that are Kubernetes manifests (`kubectl apply -f - <<EOF`), as offset ranges: {@link yamlHeredocs}. */
  kubernetesRegions?: { start: number; end: number }[];
}

/**
 * The values of the script's variable assignments that hold a secret by name or by value
 * (`export DB_PASSWORD=hunter2`, `API_TOKEN="tok-…"`, `declare -x KEY=…`), wherever they are: a script that
 * assigns a password and then passes it with `-e DB_PASSWORD` or `-e API_TOKEN="$API_TOKEN"` has it written
 * on the assignment line, which a finding's snippet may show (R-S: never in bulwark's output). Values that
 * depend on an expansion (`$(openssl rand -hex 16)`, `${X}`) are not written and not masked. A variable whose
 * name says nothing (`local pw="S3cure!pass"`) is masked too when its value (4 characters or more) went into
 * one of `secretValues`, the secret environment values of the script's containers (`-e POSTGRES_PASSWORD="$pw"`).
 * In a Windows block, PowerShell's `$env:NAME = "…"` / `$name = "…"` and cmd's `set NAME=…` are assignments too.
 */
function assignmentSecrets(idx: ShIndex, file: SourceFile, text: string, off: (b: number) => number, vars: Vars, secretValues: string[] = []): SourceRange[] {
  const out: SourceRange[] = [];
  /** Masks word `w` (its characters as the shell reads them) when `name` or its value says it is a secret. */
  const maskWord = (name: string, w: Word): void => {
    if (w.unresolved || w.value === '') return;
    if (!isSecretEnv(name, w.value) && !(w.value.length >= 4 && secretValues.some((v) => v.includes(w.value)))) return;
    const o = w.offsets;
    if (o && o.length === w.value.length) out.push(file.range(o[0], o[o.length - 1] + 1));
    else out.push(file.range(w.start, w.end));
  };
  for (const n of literalBackslash ? idx.calls : []) {
    {
      // A Windows block's assignments, which bash reads as commands: PowerShell `$env:DB_PASSWORD = "…"` /
      // `$token = '…'` (about_Environment_Variables, about_Assignment_Operators) and cmd `set DB_PASSWORD=…`.
      const args = (n.Args as ShNode[] | null) ?? [];
      const raw = (a: ShNode) => text.slice(off(a.Pos().Offset()), off(a.End().Offset()));
      const ps = args.length === 3 ? /^\$(?:env:)?([A-Za-z_][A-Za-z0-9_]*)$/i.exec(raw(args[0])) : null;
      if (ps && raw(args[1]) === '=') maskWord(ps[1], convertWord(args[2], text, off, vars));
      if (args.length === 2 && /^set$/i.test(raw(args[0]))) {
        const w = convertWord(args[1], text, off, vars);
        const eq = w.value.indexOf('=');
        const o = w.offsets;
        if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.value.slice(0, eq)) && o && o.length === w.value.length && eq + 1 < o.length) {
          maskWord(w.value.slice(0, eq), { ...w, value: w.value.slice(eq + 1), offsets: o.slice(eq + 1) });
        }
      }
    }
  }
  for (const n of idx.assigns) {
    const name = (n.Name as { Value?: string } | null)?.Value;
    const val = n.Value as ShNode | null;
    if (!name || !val) continue;
    maskWord(name, convertWord(val, text, off, vars));
  }
  return out;
}

/**
 * Secret defaults written in parameter expansions (bash(1) "Parameter Expansion": `${PASSWORD:-Adm1nPassw0rd!}`,
 * `: "${DB_PASSWORD:=…}"`, `export API_TOKEN=${API_TOKEN-…}`): the default is written in the script, and is the
 * value the container gets when the variable is unset, so it is masked like an assignment's value when the
 * parameter's name or the default says it is a secret, or a secret environment value of the script's containers
 * holds it. Defaults with an expansion or a quote in them are left alone.
 */
function parameterDefaultSecrets(file: SourceFile, text: string, secretValues: string[]): SourceRange[] {
  const out: SourceRange[] = [];
  if (!text.includes('${')) return out;
  const re = /\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-=])([^}$`"'\s][^}$`"'\n]*)\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [, name, op, def] = m;
    if (!isSecretEnv(name, def) && !(def.length >= 4 && secretValues.some((v) => v.includes(def)))) continue;
    const start = m.index + 2 + name.length + op.length;
    out.push(file.range(start, start + def.length));
  }
  return out;
}

/**
 * Parses `text` (same length as `file.text`, with anything outside the region blanked) and returns
 * every docker run/create container. Positions refer to `file`. `depth` counts the scripts this one is nested
 * in; `windows` makes `\` literal (a PowerShell/cmd block); `outer` is the enclosing script's variables, for an
 * `eval` string, which the same shell runs.
 */
export function scanShellText(file: SourceFile, original: string, depth = 0, windows: boolean | 'cmd' = false, outer?: Vars): ScanResult {
  const zsh = depth === 0 ? /\.zsh$/i.test(file.path) || /^#![^\n]*\bzsh\b/.test(original) : zshArrays;
  if (zsh !== zshArrays || (windows !== false) !== literalBackslash || (windows === 'cmd') !== cmdShell) {
    // The shell's dialect holds for this scan and the scans it starts: zsh arrays ({@link zshArrays}), a
    // Windows shell's block where `\` is literal ({@link literalBackslash}), cmd.exe's `%NAME%` ({@link cmdShell}).
    const saved = [zshArrays, literalBackslash, cmdShell] as const;
    zshArrays = zsh;
    literalBackslash = windows !== false;
    cmdShell = windows === 'cmd';
    try {
      return scanShellText(file, original, depth, windows, outer);
    } finally {
      [zshArrays, literalBackslash, cmdShell] = saved;
    }
  }
  const syntax = shSyntax();
  // A `\` that starts a word and ends the line but for blanks (`docker run -d \ ` + newline, a copy-paste slip
  // READMEs are full of) is meant as a line continuation; to bash it is an escaped blank, a lone-space argument
  // that ends the command and becomes the image. Read as meant: the blanks move before the `\` (same length).
  const joined = original.replace(/([ \t])\\([ \t]+)(?=\r?\n)/g, (_m, pre: string, blanks: string) => `${pre}${blanks}\\`);
  // CRLF scripts: a same-length rewrite keeps positions exact (backslash-CR-LF becomes space-backslash-LF, CR-LF becomes space-LF).
  const text = joined.includes('\r') ? joined.replace(/\\\r\n/g, ' \\\n').replace(/\r\n/g, ' \n') : joined;
  // A whole systemd unit (`myapp.service` read as a script) is not shell: only its Exec…= command lines are.
  if (depth === 0 && isSystemdUnitText(text)) {
    const units = unitExecScan(file, text, true);
    return { containers: units.containers, daemons: units.daemons, errors: units.errors, comments: unitComments(file, text), secretRanges: units.secretRanges };
  }
  const containers: ContainerSpec[] = [];
  const errors: InputError[] = [];
  let f: ShNode;
  const long = blankCommentRuns(text);
  try {
    // cmd.exe: `$` and `` ` `` are ordinary characters; for the parser they become `_` (same length), so they stay in
    // the words as written (words are built from `text`).
    const parsed = cmdShell ? long.text.replace(/[$`]/g, '_') : long.text;
    f = syntax.NewParser(syntax.KeepComments(true), syntax.Variant(syntax.LangBash)).Parse(maskPlaceholders(parsed), 'x');
  } catch (e) {
    errors.push(parseError(file, text, e));
    const fb = lineScan(file, text);
    const units = unitExecScan(file, text);
    const containers = [...fb.containers, ...units.containers].sort((a, b) => a.target.range.start - b.target.range.start);
    return { containers, daemons: units.daemons, errors: [...errors, ...fb.errors, ...units.errors], comments: scanComments(file, text), secretRanges: units.secretRanges };
  }
  const off = offsetConverter(text);
  // An `eval` string runs in the same shell: the script's variables (copied: the inner scan adds its own) apply.
  const idx = indexScript(f, off);
  const vars = collectVars(f, text, off, outer ? new Map(outer) : undefined, idx);
  const calls = idx.calls;
  const comments: SourceRange[] = idx.comments.map((n) => file.range(off(n.Pos().Offset()), off(n.End().Offset())));
  if (long.comments.length) {
    comments.push(...long.comments.map(([a, b]) => file.range(a, b)));
    comments.sort((a, b) => a.start - b.start);
  }
  /** Script text run by another shell: a heredoc fed to `bash`/`ssh host`, a `sh -c '…'` string. */
  const nested: { start: number; end: number; inherit?: boolean; written?: boolean }[] = [];
  const composeRegions: { start: number; end: number }[] = [];
  const kubernetesRegions: { start: number; end: number }[] = [];
  for (const n of depth < MAX_NESTING ? idx.stmts : []) {
    const inner = nestedScripts(n, text, off, vars);
    nested.push(...inner);
    if (inner.length === 0) {
      for (const h of yamlHeredocs(n, text, off)) (h.kind === 'compose' ? composeRegions : kubernetesRegions).push({ start: h.start, end: h.end });
      nested.push(...writtenScripts(n, text, off, vars));
    }
  }
  const daemons: DaemonSpec[] = [];
  const execs: ExecLine[] = [];
  const hostSecrets: HostCommandSecret[] = [];
  /** Named volumes the script creates as binds of a host path, by name. */
  const bindVolumes = new Map<string, BindVolumeDef>();
  const scopes = functionScopes(idx, text, off, vars);
  const wrappers = passthroughFunctions(idx, text, off);
  /** Literal function arguments that became a secret environment value (`deploy db 'pw'` → `-e DB_PASSWORD="$2"`). */
  const argSecrets: SourceRange[] = [];
  for (const call of calls) {
    const args = (call.Args as ShNode[]) ?? [];
    if (args.length < 1) continue;
    if (!mayRunContainerTool(text.slice(off(args[0].Pos().Offset()), off(args[args.length - 1].End().Offset())))) continue;
    // In a called function: once per distinct call (innermost function wins); elsewhere: the script's variables.
    const at = off(call.Pos().Offset());
    let scope: FuncScope | undefined;
    for (const sc of scopes) if (at >= sc.start && at < sc.end && (!scope || sc.start >= scope.start)) scope = sc;
    const seenWords = new Set<string>();
    const variants = scope?.variants ?? [vars];
    for (let vi = 0; vi < variants.length; vi++) {
      const v = variants[vi];
      let words = args.flatMap((a) => splitFields(a, text, off, v) ?? [convertWord(a, text, off, v)]);
      // `run docker run …` through a wrapper function that runs "$@".
      // (A wrapper named like the program it wraps, `docker() { command docker "$@"; }`, is not stripped.)
      if (words.length > 1 && !words[0].unresolved && wrappers.has(words[0].value) && findDockerWord(words) === -1) words = words.slice(1);
      const key = JSON.stringify(words.map((w) => w.value));
      if (seenWords.has(key)) continue;
      seenWords.add(key);
      const daemon = dockerdCommand(words, file, errors);
      if (daemon) {
        daemons.push(daemon);
        continue;
      }
      if (args.length < 2) continue;
      let r = parseDockerRun(words, file);
      if (!r.container && !r.errors.length && isServiceCreate(words)) r = parseServiceCreate(words, file);
      errors.push(...r.errors);
      if (!r.container) {
        const bv = volumeCreateBind(words, file);
        if (bv) {
          bindVolumes.set(bv.name, bv);
          continue;
        }
        // `docker build --build-arg NPM_TOKEN=…`, `docker login -p …`: secrets on the tool's own command line.
        const hs = hostCommandSecrets(words, file);
        if (hs.length) {
          for (const h of hs) if (!hostSecrets.some((x) => sameOrigin(x.valueOrigin, h.valueOrigin))) hostSecrets.push(h);
          continue;
        }
        const x = parseDockerExec(words, file);
        if (x && !execs.some((e) => execStart(e) === execStart(x))) execs.push(x);
        continue;
      }
      containers.push(r.container);
      // `export DB_PASSWORD='…'` then `-e DB_PASSWORD`: docker reads the value from its own environment, which the
      // script set (bash(1) "export"; also `set -a`): the value is written in the script, as `-e DB_PASSWORD="$DB_PASSWORD"`.
      for (const e of r.container.env) {
        if (e.kind !== 'passthrough' || e.value !== undefined) continue;
        const val = lookupVar(v, e.name, at);
        if (val !== undefined && exportedIn(text, e.name)) Object.assign(e, { value: val, kind: 'literal' });
      }
      for (const e of r.container.env) {
        if (e.value === undefined || e.value === '' || !isSecretEnv(e.name, e.value)) continue;
        for (const p of scope?.args[vi] ?? []) {
          const o = p.offsets;
          if (p.value.length >= 4 && e.value.includes(p.value)) {
            argSecrets.push(o && o.length === p.value.length ? file.range(o[0], o[o.length - 1] + 1) : file.range(p.start, p.end));
          } else if (e.value.length >= 4 && p.value.includes(e.value) && o && o.length === p.value.length) {
            // The whole `-e NAME=value` passed as an argument (`run_service api -e JWT_SECRET=… img` into `"$@"`).
            const k = p.value.lastIndexOf(e.value);
            argSecrets.push(file.range(o[k], o[k + e.value.length - 1] + 1));
          }
        }
      }
    }
  }
  // systemd units written by the script (`cat > /etc/systemd/system/x.service <<EOF`), or a unit read as a script.
  // (`ExecStart=sudo docker run …` at the top level is also a command the parser saw: counted once.)
  const units = depth === 0 ? unitExecScan(file, text) : { containers: [], daemons: [], errors: [], secretRanges: [] };
  const seen = new Set([...containers, ...daemons].map((c) => c.target.range.start));
  containers.push(...units.containers.filter((c) => !seen.has(c.target.range.start)));
  daemons.push(...units.daemons.filter((d) => !seen.has(d.target.range.start)));
  errors.push(...units.errors);
  // Scripts run by another shell are scanned as scripts of their own, in place (positions stay the file's).
  // Their syntax errors are not the file's: that text is only known to be a script by its use.
  const secretValues = containers.flatMap((c) => c.env.filter((e) => e.value !== undefined && e.value !== '' && isSecretEnv(e.name, e.value)).map((e) => e.value as string));
  const secretRanges = [...assignmentSecrets(idx, file, text, off, vars, secretValues), ...parameterDefaultSecrets(file, text, secretValues), ...argSecrets, ...units.secretRanges];
  for (const r of nested) {
    const inner = scanShellText(file, isolateRegion(text, r.start, r.end), depth + 1, windows, r.inherit ? vars : undefined);
    secretRanges.push(...(inner.secretRanges ?? []));
    for (const c of inner.containers) {
      if (seen.has(c.target.range.start)) continue;
      seen.add(c.target.range.start);
      // Run by another shell (`ssh host "docker run …"`, `sh -c '…'`): possibly on another host, where a network
      // this script creates does not exist (harden leaves its network alone). A script written to a file of this
      // host ({@link writtenScripts}) runs here.
      if (!r.written) c.extra.nestedScript ??= { value: true, origin: { kind: 'file', file: file.path, start: r.start, end: r.end }, how: 'explicit' };
      containers.push(c);
    }
    for (const d of inner.daemons ?? []) if (!seen.has(d.target.range.start)) (seen.add(d.target.range.start), daemons.push(d));
    for (const x of inner.execs ?? []) if (!execs.some((e) => execStart(e) === execStart(x))) execs.push(x);
    for (const h of inner.hostSecrets ?? []) if (!hostSecrets.some((x) => sameOrigin(x.valueOrigin, h.valueOrigin))) hostSecrets.push(h);
    errors.push(...inner.errors.filter((e) => e.code !== 'parse'));
    comments.push(...inner.comments);
    composeRegions.push(...(inner.composeRegions ?? []));
    kubernetesRegions.push(...(inner.kubernetesRegions ?? []));
  }
  // `docker volume create --opt o=bind --opt device=/var/run/docker.sock dsock` then `-v dsock:/var/run/docker.sock`.
  if (bindVolumes.size) {
    for (const c of containers) {
      for (const m of c.mounts) {
        const bv = m.type === 'volume' && m.source !== undefined ? bindVolumes.get(m.source) : undefined;
        if (bv) asBindMount(m, bv);
      }
    }
  }
  containers.sort((a, b) => a.target.range.start - b.target.range.start);
  execs.sort((a, b) => execStart(a) - execStart(b));
  hostSecrets.sort((a, b) => originStart(a.valueOrigin) - originStart(b.valueOrigin));
  return { containers, daemons, errors, comments, secretRanges, execs, ...(hostSecrets.length ? { hostSecrets } : {}), ...(composeRegions.length ? { composeRegions } : {}), ...(kubernetesRegions.length ? { kubernetesRegions } : {}) };
}

/** A named volume of the local driver that binds a host path (see {@link volumeCreateBind}). */
interface BindVolumeDef {
  name: string;
  device: string;
  readOnly: boolean;
  /** Where the `device=` value is written. */
  origin: Origin;
}

/**
 * `docker volume create [--driver local] --opt type=none --opt o=bind --opt device=/path NAME` (docker volume
 * create reference: `-d`/`--driver`, `-o`/`--opt`, `--name` or the operand): the volume is the host path, so a
 * container that mounts it by name bind-mounts that path. `undefined` for any other command or volume.
 */
function volumeCreateBind(words: Word[], file: SourceFile): BindVolumeDef | undefined {
  const d = findDockerWord(words);
  if (d === -1 || words[d + 1]?.value !== 'volume' || words[d + 2]?.value !== 'create') return undefined;
  let driver = 'local';
  let name: string | undefined;
  const opts = new Map<string, { value: string; word: Word; at: number }>();
  for (let i = d + 3; i < words.length; i++) {
    const w = words[i];
    const m = /^(--driver|-d|--opt|-o|--name|--label|-l)(?:=(.*))?$/.exec(w.value);
    if (!m) {
      if (!w.value.startsWith('-')) name ??= w.value;
      continue;
    }
    const vw = m[2] !== undefined ? w : words[++i];
    if (!vw) break;
    const value = m[2] ?? vw.value;
    const at = m[2] !== undefined ? w.value.length - value.length : 0;
    if (m[1] === '--driver' || m[1] === '-d') driver = value;
    else if (m[1] === '--name') name = value;
    else if (m[1] === '--opt' || m[1] === '-o') {
      const eq = value.indexOf('=');
      if (eq > 0) opts.set(value.slice(0, eq), { value: value.slice(eq + 1), word: vw, at: at + eq + 1 });
    }
  }
  const o = (opts.get('o')?.value ?? '').split(',');
  const dev = opts.get('device');
  if (!name || driver !== 'local' || !dev?.value || (!o.includes('bind') && !o.includes('rbind'))) return undefined;
  const r = charRange(file, dev.word, dev.at, dev.at + dev.value.length);
  return { name, device: dev.value, readOnly: o.includes('ro'), origin: { kind: 'file', file: file.path, start: r.start, end: r.end } };
}

/**
 * The heredoc bodies of statement `stmt` that are Compose files or Kubernetes manifests, as ranges of `text` (the
 * body without its delimiter line), by kind:
 *  - `compose`: install scripts write their stack with `cat > docker-compose.yml <<EOF`,
 *    `cat <<'EOF' | sudo tee /opt/app/compose.yaml`, or feed it to `docker compose -f - up -d <<EOF`
 *    ({@link looksLikeCompose}: a top-level `services:`);
 *  - `kubernetes`: scripts and docs apply a manifest with `kubectl apply -f - <<EOF`, `kubectl create -f - <<EOF`,
 *    `cat <<EOF | kubectl apply -f -`, or write it with `cat > pod.yaml <<EOF` ({@link yamlLooksLikeKubernetes}:
 *    top-level `apiVersion:` and `kind:`, no Helm template action).
 * The command and the file name do not matter, the body does. A `<<-` body whose lines start with tabs is skipped:
 * the shell strips them, and YAML does not allow tabs as indentation. Heredocs handed to a shell are scripts
 * ({@link nestedScripts}), not data.
 */
function yamlHeredocs(stmt: ShNode, text: string, off: (b: number) => number): { start: number; end: number; kind: 'compose' | 'kubernetes' }[] {
  const out: { start: number; end: number; kind: 'compose' | 'kubernetes' }[] = [];
  for (const r of (stmt.Redirs as ShNode[] | null) ?? []) {
    const h = r.Hdoc as ShNode | null;
    if (!h) continue;
    const s = off(h.Pos().Offset());
    const e = off(h.End().Offset());
    const nl = text.lastIndexOf('\n', e - 1);
    if (nl <= s) continue;
    const body = text.slice(s, nl);
    const kind = looksLikeCompose(body) ? 'compose' : yamlLooksLikeKubernetes(body) ? 'kubernetes' : undefined;
    if (!kind) continue;
    if (/^\t/m.test(body) && /<<-/.test(text.slice(off(r.Pos().Offset()), s))) continue;
    out.push({ start: s, end: nl, kind });
  }
  return out;
}

/** A shebang naming a POSIX-like shell (`#!/bin/sh`, `#!/usr/bin/env bash`, `#!/bin/bash -e`). */
const SHELL_SHEBANG = /^#![ \t]*(?:\S*\/)?(?:env[ \t]+(?:-\S+[ \t]+)*)?(?:sh|bash|zsh|dash|ksh|ash|mksh)(?:[ \t]|$)/;

/**
 * The heredoc bodies that statement `stmt` writes to a file as a shell script, as ranges of `text` (the body without
 * its delimiter line): `cat > /usr/local/bin/start-agent.sh <<'EOF'`, `cat <<EOF >> run.sh`, `tee FILE <<EOF`,
 * `cat <<'EOF' | sudo tee FILE`, when the body starts with a shell's shebang ({@link SHELL_SHEBANG}) or, without a
 * shebang, a file it is written to ends in `.sh` / `.bash`. Install scripts write the start script of their
 * service this way, then run it or hand it to systemd: its `docker run` is the deployment's, as a Compose file or a
 * systemd unit written by a heredoc is ({@link yamlHeredocs}, {@link unitExecScan}). An unquoted delimiter
 * (`<<EOF`) lets the writing shell expand the body: read with the script's variables (`inherit`).
 */
function writtenScripts(stmt: ShNode, text: string, off: (b: number) => number, vars: Vars): { start: number; end: number; inherit?: boolean; written: true }[] {
  const syntax = shSyntax();
  const cmd = stmt.Cmd as ShNode | null;
  if (!cmd) return [];
  let source = stmt;
  let writer = stmt;
  if (syntax.NodeType(cmd) === 'BinaryCmd') {
    // `cat <<'EOF' | sudo tee /usr/local/bin/run.sh >/dev/null`: the left side prints the body, `tee` writes it.
    const opAt = off((cmd.OpPos as { Offset(): number }).Offset());
    if (text[opAt] !== '|' || text[opAt + 1] === '|' || !cmd.X || !cmd.Y) return [];
    source = cmd.X as ShNode;
    writer = cmd.Y as ShNode;
  }
  const program = (st: ShNode): { prog: string; rest: Word[] } | undefined => {
    const c = st.Cmd as ShNode | null;
    if (!c || syntax.NodeType(c) !== 'CallExpr') return undefined;
    const words = ((c.Args as ShNode[] | null) ?? []).map((a) => convertWord(a, text, off, vars));
    const p = programIndex(words);
    return p === -1 ? undefined : { prog: words[p].value.replace(/^.*\//, ''), rest: words.slice(p + 1) };
  };
  const src = program(source);
  const wr = source === writer ? src : program(writer);
  if (src?.prog !== 'cat' && !(source === writer && src?.prog === 'tee')) return [];
  if (source !== writer && wr?.prog !== 'tee') return [];
  // The files written: `> FILE` / `>> FILE` redirections of the writer, and the operands of `tee`.
  const targets: string[] = [];
  for (const r of (writer.Redirs as ShNode[] | null) ?? []) {
    const w = r.Word as ShNode | null;
    if (!w || r.Hdoc) continue;
    if (/^[0-9]?>>?\|?[ \t]*$/.test(text.slice(off(r.Pos().Offset()), off(w.Pos().Offset())))) targets.push(convertWord(w, text, off, vars).value);
  }
  if (wr?.prog === 'tee') targets.push(...wr.rest.filter((w) => !w.value.startsWith('-')).map((w) => w.value));
  if (targets.length === 0) return [];
  const out: { start: number; end: number; inherit?: boolean; written: true }[] = [];
  for (const r of (source.Redirs as ShNode[] | null) ?? []) {
    const h = r.Hdoc as ShNode | null;
    const w = r.Word as ShNode | null;
    if (!h || !w) continue;
    const s = off(h.Pos().Offset());
    const nl = text.lastIndexOf('\n', off(h.End().Offset()) - 1);
    if (nl <= s) continue;
    const first = text.slice(s, nl).split('\n', 1)[0];
    if (!(SHELL_SHEBANG.test(first) || (!first.startsWith('#!') && targets.some((t) => /\.(?:sh|bash)$/.test(t))))) continue;
    const quoted = /['"\\]/.test(text.slice(off(w.Pos().Offset()), off(w.End().Offset())));
    out.push({ start: s, end: nl, ...(quoted ? {} : { inherit: true }), written: true });
  }
  return out;
}

/**
 * Whether `word` is an unquoted `$NAME` / `${NAME}` that the script assigns, somewhere, a shell command string
 * ending in `-c` (`sh_c='sh -c'`, `sh_c='sudo -E sh -c'`, `SH="bash -c"`, `sh_c='su -c'`), as get.docker.com and
 * the install scripts modelled on it do: `$sh_c "…"` then runs its argument as a script. Assignments to other
 * values (`sh_c="echo"` for a dry run) do not stop this: the script is written to run the command.
 */
function runsShellDashC(word: ShNode | undefined, text: string, off: (b: number) => number): boolean {
  if (!word) return false;
  const m = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})$/.exec(text.slice(off(word.Pos().Offset()), off(word.End().Offset())));
  if (!m) return false;
  const name = m[1] ?? m[2];
  const cmd = `(?:sudo(?:[ \\t]+-\\S+)*[ \\t]+)?(?:\\S*/)?(?:${[...SHELLS].join('|')}|su)(?:[ \\t]+-\\S+)*?[ \\t]+-[a-z]*c`;
  return new RegExp(`(?:^|[\\s;&|(])${name}=(?:'${cmd}'|"${cmd}")`, 'm').test(text);
}

/**
 * Characters that make a word's value differ from its text: expansions, command substitution, escapes and quotes.
 * A command written without them has words whose values are their texts, so a test of the text decides what the
 * command runs without converting a word (converting crosses into mvdan-sh at every part: most of a long script's
 * scan is spent on commands such as `mkdir`, `cp` or `cat`).
 */
const WORD_SPECIAL = /[$`\\'"]/;

/** Whether a command written as `raw` may run docker, podman, nerdctl or dockerd (see {@link WORD_SPECIAL}). */
function mayRunContainerTool(raw: string): boolean {
  return WORD_SPECIAL.test(raw) || /docker|podman|nerdctl/.test(raw);
}

/** Whether a command written as `raw` may hand a script to another shell: a shell, `su`, `sg`, `ssh` or `eval` ({@link nestedScripts}). */
function mayRunScript(raw: string): boolean {
  return WORD_SPECIAL.test(raw) || /(?:^|[\s/])(?:sh|bash|zsh|dash|ksh|ash|mksh|su|sg|ssh|eval)(?=$|\s)/.test(raw);
}

/**
 * Whether the script exports variable `name` to the commands it runs: `export NAME[=…]`, `declare -x` / `typeset -x`,
 * or `set -a` / `set -o allexport`, which exports every assignment after it (bash(1) "set", "export").
 */
function exportedIn(text: string, name: string): boolean {
  if (/(?:^|[;&|(\s])set[ \t]+(?:-[a-zA-Z]*a[a-zA-Z]*\b|-o[ \t]+allexport\b)/m.test(text)) return true;
  return new RegExp(`(?:^|[;&|(\\s])(?:export|declare[ \\t]+-[a-zA-Z]*x[a-zA-Z]*|typeset[ \\t]+-[a-zA-Z]*x[a-zA-Z]*)[ \\t]+(?:[^;&|\\n]*[ \\t])?${name}(?:=|[ \\t;&|]|$)`, 'm').test(text);
}

/** How deep scripts inside scripts are followed (`ssh h <<EOF … sh -c '…' … EOF` is depth 2). */
const MAX_NESTING = 3;
/** Shells that run a script given on stdin (a heredoc) or with `-c`. */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh']);
/** ssh(1) options that take a value. */
const SSH_VALUE = new Set(['-B', '-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w']);

/**
 * Script text that statement `stmt` hands to another shell, as ranges of `text` (the inside of the quotes or
 * the heredoc body without its delimiter line):
 *  - a heredoc fed to a shell reading stdin (`bash <<EOF`, `sudo sh -s <<'EOF'`) or to `ssh host` without a
 *    remote command or with a shell as the remote command (`ssh host 'bash -s' <<'EOF'`): deploy scripts
 *    start containers on a remote host this way;
 *  - the command string of `sh -c '…'`, `bash -lc "…"`, `su - user -c '…'`, `sg docker -c '…'`, or the remote command of
 *    `ssh host 'docker run …'`, when it is one single- or double-quoted literal (no expansion inside).
 * A heredoc fed to anything else (`cat <<EOF` printing instructions) is data, not a script.
 */
function nestedScripts(stmt: ShNode, text: string, off: (b: number) => number, vars: Vars, stdinFrom?: ShNode): { start: number; end: number; inherit?: boolean }[] {
  const syntax = shSyntax();
  const cmd = stmt.Cmd as ShNode | null;
  if (cmd && !stdinFrom && syntax.NodeType(cmd) === 'BinaryCmd') {
    // `cat <<'EOF' | sudo sh`, `echo 'docker run …' | bash`: the right side of a pipe reads the left side's output
    // (bash(1) "Pipelines"); a here-document on the right side itself would win, and is read when that side is.
    const opAt = off((cmd.OpPos as { Offset(): number }).Offset());
    const op = text.slice(opAt, opAt + 2);
    const y = cmd.Y as ShNode | null;
    const x = cmd.X as ShNode | null;
    if (op[0] !== '|' || op[1] === '|' || !x || !y || ((y.Redirs as ShNode[] | null) ?? []).length) return [];
    return nestedScripts(y, text, off, vars, x);
  }
  if (!cmd || syntax.NodeType(cmd) !== 'CallExpr') return [];
  const args = (cmd.Args as ShNode[] | null) ?? [];
  if (!args.length || !mayRunScript(text.slice(off(args[0].Pos().Offset()), off(args[args.length - 1].End().Offset())))) return [];
  const words = args.map((a) => convertWord(a, text, off, vars));
  const p = programIndex(words);
  if (p === -1) return [];
  const prog = words[p].value.replace(/^.*\//, '');
  const rest = words.slice(p + 1);
  const out: { start: number; end: number; inherit?: boolean }[] = [];
  /**
   * The inside of a word written as one quoted literal (`'…'`, or `"…"` without expansions). With `params`, a
   * `"…"` may also hold parameter expansions (`"docker run … img:$VERSION"`): read in place they stay
   * unresolved words of the inner script, as the outer shell's values are not known there.
   */
  const quotedBody = (k: number, word?: ShNode, params = false, inherit = false): void => {
    const node = word ?? args[p + 1 + k];
    const parts = (node?.Parts as ShNode[] | null) ?? [];
    if (parts.length !== 1) return;
    const t = syntax.NodeType(parts[0]);
    const inner = t === 'DblQuoted' ? ((parts[0].Parts as ShNode[] | null) ?? []) : [];
    const plain = (x: ShNode) => syntax.NodeType(x) === 'Lit' || (params && syntax.NodeType(x) === 'ParamExp');
    if (t === 'SglQuoted' ? parts[0].Dollar : t !== 'DblQuoted' || !inner.every(plain)) return;
    const s = off(node.Pos().Offset()) + 1;
    const e = off(node.End().Offset()) - 1;
    if (e > s) out.push(inherit ? { start: s, end: e, inherit } : { start: s, end: e });
  };
  let readsStdin = false;
  // `sg docker -c "docker run …"` (sg(1)): run with the docker group, as a user just added to it does.
  if (SHELLS.has(prog) || prog === 'su' || prog === 'sg') {
    // `-c` alone or in a group (`-lc`, `-ec`): the next word is the script; otherwise a shell without a script
    // operand (only options, `-s`, `-`) reads its script from stdin.
    const c = rest.findIndex((w) => /^-[a-z]*c[a-z]*$/.test(w.value) && !w.value.startsWith('--'));
    if (c !== -1) quotedBody(c + 1);
    else if (prog !== 'su' && prog !== 'sg') readsStdin = rest.every((w) => w.value.startsWith('-') || w.value === '-') || rest.some((w) => /^-[a-z]*s[a-z]*$/.test(w.value));
  } else if (prog === 'ssh') {
    let k = 0;
    while (k < rest.length && rest[k].value.startsWith('-')) k += SSH_VALUE.has(rest[k].value) ? 2 : 1;
    const remote = rest.slice(k + 1);
    if (remote.length === 0) readsStdin = true;
    else if (remote.length === 1 && !/^\s*(?:sudo\s+(?:-\S+\s+)*)?(?:\/\S*\/)?(?:sh|bash|zsh|dash|ksh)(?:\s+-\S+)*\s*$/.test(remote[0].value)) quotedBody(k + 1);
    else if (/^\s*(?:sudo\s+(?:-\S+\s+)*)?(?:\/\S*\/)?(?:sh|bash|zsh|dash|ksh)(?:\s+-\S+)*\s*$/.test(remote.map((w) => w.value).join(' '))) readsStdin = true;
    else if (remote.every((w) => !w.unresolved && !w.quoted && w.raw === w.value)) {
      // `ssh host docker run -d …` unquoted: ssh(1) joins the words with spaces into the remote command; with no
      // quotes or expansions that command is the text as written.
      out.push({ start: remote[0].start, end: remote[remote.length - 1].end });
    }
  } else if (prog === 'eval' && rest.length === 1) {
    // `eval "docker run … $OPTS img"`: the string, once expanded, is run as a command by the same shell (bash(1)
    // "eval"), so its parameter expansions take the script's values and unquoted ones split into words.
    quotedBody(0, undefined, true, true);
  } else if (rest.length === 1 && runsShellDashC(args[p], text, off)) {
    // get.docker.com's helper: `sh_c='sh -c'` (or `'sudo -E sh -c'`) then `$sh_c "docker run …"`.
    quotedBody(0, undefined, true);
  }
  if (readsStdin && stdinFrom) {
    // The script is what the left side of the pipe prints: a `cat` of its here-document, or an `echo` / `printf` of
    // one quoted literal.
    const xc = stdinFrom.Cmd as ShNode | null;
    const xargs = xc && syntax.NodeType(xc) === 'CallExpr' ? ((xc.Args as ShNode[] | null) ?? []) : [];
    const xw = xargs.map((a) => convertWord(a, text, off, vars));
    const xp = programIndex(xw);
    const xprog = xp === -1 ? '' : xw[xp].value.replace(/^.*\//, '');
    if (xprog === 'cat' && xw.slice(xp + 1).every((w) => w.value === '-')) {
      for (const r of (stdinFrom.Redirs as ShNode[] | null) ?? []) {
        const h = r.Hdoc as ShNode | null;
        if (!h) continue;
        const s = off(h.Pos().Offset());
        const nl = text.lastIndexOf('\n', off(h.End().Offset()) - 1);
        if (nl > s) out.push({ start: s, end: nl });
      }
    } else if ((xprog === 'echo' || xprog === 'printf') && xw.length === xp + 2) quotedBody(0, xargs[xp + 1], true);
    return out;
  }
  if (readsStdin) {
    for (const r of (stmt.Redirs as ShNode[] | null) ?? []) {
      const h = r.Hdoc as ShNode | null;
      const w = r.Word as ShNode | null;
      // A here-string (`bash <<< "docker run …"`, bash(1) "Here Strings") is the script when it is one quoted literal.
      if (!h && w && text.slice(off(r.Pos().Offset()), off(w.Pos().Offset())).includes('<<<')) quotedBody(0, w);
      if (!h) continue;
      const s = off(h.Pos().Offset());
      const e = off(h.End().Offset());
      // The body runs up to the line break before the delimiter line.
      const nl = text.lastIndexOf('\n', e - 1);
      if (nl > s) out.push({ start: s, end: nl });
    }
  }
  return out;
}

/**
 * Whether a text is a systemd unit file (systemd.syntax(7), "Configuration File Syntax"): its first line that is
 * neither blank nor a comment (`#` or `;` first) is a section header such as `[Unit]` or `[Service]`. A unit is
 * not a script: only its `Exec…=` command lines are commands ({@link unitExecScan}), and other settings are values
 * (`Description=Podman container-web.service`, `Documentation=man:podman-generate-systemd(1)`), never shell syntax.
 * A script that writes a unit with a heredoc starts with a shebang or a command, not a section header.
 */
export function isSystemdUnitText(text: string): boolean {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    return /^\[[A-Za-z][\w.-]*\]$/.test(line);
  }
  return false;
}

/** The comment lines of a systemd unit: `#` or `;` as the line's first non-blank character (systemd.syntax(7)). */
function unitComments(file: SourceFile, text: string): SourceRange[] {
  const out: SourceRange[] = [];
  for (const m of text.matchAll(/^[ \t]*[#;][^\r\n]*/gm)) {
    const k = m.index! + m[0].length - m[0].trimStart().length;
    out.push(file.range(k, m.index! + m[0].length));
  }
  return out;
}

/**
 * The command lines of systemd unit `ExecStart=` / `ExecStartPre=` / `ExecStartPost=` / `ExecReload=`
 * settings, at the start of a line: the unit an install script writes with a heredoc
 * (`cat > /etc/systemd/system/app.service <<EOF … ExecStart=/usr/bin/docker run … EOF`), or a whole
 * unit file read as a script (`whole`). The shell parser sees such a line as an assignment followed by the command
 * `run …` (or as heredoc data), so it is read here: the command after `=` and systemd's prefixes
 * (`-`, `@`, `+`, `!`, `!!`, `:`; systemd.service(5) "Command lines"), joined across `\` continuations, is
 * split and expanded as systemd does ({@link unitWords}, {@link expandUnitWords}: the unit's `Environment=` fills in
 * `${FOO}`, `$$` is a `$`) and parsed like any `docker run` line; a `dockerd …` command line gives a partial
 * DaemonSpec. A `/bin/sh -c "…"` command's script is read as a script, in place.
 *
 * The unit's `Environment=` is the environment of its commands (systemd.exec(5)): `-e PGPASSWORD` after
 * `Environment=PGPASSWORD=…` passes the value written in the unit (a literal, not the caller's environment). Secret
 * values of `Environment=` are returned as `secretRanges`, and a container's environment value filled in from one is
 * located at it ({@link settleUnitEnv}), so reports mask the value where the unit writes it, never `${FOO}`.
 * Each container of a unit has `extra.systemdUnit` ({@link SystemdUnitMark}: the unit's span as `origin`) for
 * harden, which writes unit directives there, not shell.
 */
function unitExecScan(file: SourceFile, text: string, whole = false): { containers: ContainerSpec[]; daemons: DaemonSpec[]; errors: InputError[]; secretRanges: SourceRange[] } {
  const containers: ContainerSpec[] = [];
  const daemons: DaemonSpec[] = [];
  const errors: InputError[] = [];
  const secretRanges: SourceRange[] = [];
  if (!/^[ \t]*Exec/m.test(text) && !/^[ \t]*Environment[ \t]*=/m.test(text)) return { containers, daemons, errors, secretRanges };
  const segments: UnitSegment[] = whole ? [{ start: 0, end: text.length, systemd: true }] : unitSegments(text);
  const envs = segments.map((seg) => unitVariables(text, seg));
  // Secret `Environment=` values, used or not (systemd.exec(5): readable by `systemctl show` and in the unit file).
  for (const seg of segments) {
    for (const a of unitAssignments(text, seg)) {
      if (a && a.value !== '' && isSecretEnv(a.name, a.value)) for (const r of joinSpans(text, a.spans)) secretRanges.push(file.range(r.start, r.end));
    }
  }
  const re = /^[ \t]*Exec(?:Start|StartPre|StartPost|Reload)[ \t]*=[ \t]*[-@+!:]*/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const k = m.index + m[0].length;
    let end = text.indexOf('\n', k);
    if (end === -1) end = text.length;
    while (end < text.length && /\\\r?$/.test(text.slice(k, end))) {
      const n = text.indexOf('\n', end + 1);
      end = n === -1 ? text.length : n;
    }
    re.lastIndex = Math.max(re.lastIndex, end);
    const si = segments.findIndex((seg) => k >= seg.start && k <= seg.end);
    const seg = si === -1 ? undefined : segments[si];
    const env = si === -1 ? new Map<string, UnitVar>() : envs[si];
    const expanded = expandUnitWords(unitWords(text, k, Math.min(end, seg?.end ?? end)), env, seg?.systemd ?? false);
    const words = expanded.words;
    if (words.length === 0) continue;
    // `ExecStart=/bin/sh -c "docker run … || docker start -a app"`: systemd runs no shell itself, so units that need
    // one call it (systemd.service(5), "Command lines"); its script is read as a script, in place.
    const dashC = /^(?:\S*\/)?(?:sh|bash|dash|ash|zsh|ksh)$/.test(words[0].value) ? words.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w.value)) : -1;
    const script = dashC > 0 ? words[dashC + 1] : undefined;
    if (script) {
      const o = script.offsets && script.offsets.length === script.value.length && script.value.length > 0 ? script.offsets : undefined;
      const inner = scanShellText(file, isolateRegion(text, o ? o[0] : script.start, o ? o[o.length - 1] + 1 : script.end), 1);
      if (seg) for (const c of inner.containers) c.extra.systemdUnit = unitMark(file, seg, true);
      containers.push(...inner.containers);
      daemons.push(...(inner.daemons ?? []));
      continue;
    }
    const daemon = dockerdCommand(words, file, errors);
    if (daemon) {
      daemons.push(daemon);
      continue;
    }
    const r = parseDockerRun(words, file);
    errors.push(...r.errors);
    if (!r.container) continue;
    if (seg) {
      settleUnitEnv(r.container, expanded, env, file, secretRanges);
      r.container.extra.systemdUnit = unitMark(file, seg, false);
    }
    containers.push(r.container);
  }
  return { containers, daemons, errors, secretRanges };
}

/**
 * How a container's command line is written in a systemd unit (`ContainerSpec.extra.systemdUnit`, its `origin` the
 * unit's span): `systemd` whether systemd reads the unit as written (false: a shell expands `$` in it first, an unquoted
 * heredoc); `shell` whether the command is inside a shell the unit runs (`ExecStart=/bin/sh -c "docker run …"`).
 */
export interface SystemdUnitMark {
  systemd: boolean;
  shell: boolean;
}

/** The `extra.systemdUnit` of a container of unit `seg` ({@link SystemdUnitMark}). */
function unitMark(file: SourceFile, seg: UnitSegment, shell: boolean): Sourced<SystemdUnitMark> {
  return { value: { systemd: seg.systemd, shell }, origin: { kind: 'file', file: file.path, start: seg.start, end: seg.end }, how: 'explicit' };
}

/**
 * The environment of a container started by a unit's command line, as systemd gives it (systemd.exec(5)
 * "Environment="): `-e NAME` passes the unit's own `NAME` when the unit sets it, a value written in the unit
 * (`literal`, located at the `Environment=` value); a value filled in from `Environment=` (`-e TOKEN=${TOKEN}`) is
 * located where the unit writes it. A value made of several parts (`postgres://app:${DB_PASSWORD}@db/app`) has no
 * single place: its `valueOrigin` is dropped and, when it is a secret, each part is added to `secretRanges` (the
 * reference `${DB_PASSWORD}` itself is never masked).
 */
function settleUnitEnv(c: ContainerSpec, expanded: UnitWords, env: Map<string, UnitVar>, file: SourceFile, secretRanges: SourceRange[]): void {
  const text = file.text;
  for (const e of c.env) {
    let parts: Span[] | undefined;
    if (e.kind === 'passthrough' && e.value === undefined) {
      const v = env.get(e.name);
      if (!v?.known) continue;
      parts = joinSpans(text, v.spans);
      Object.assign(e, { value: v.value, raw: v.value, kind: 'literal' as const });
    } else if (e.valueOrigin?.kind === 'file' && e.raw !== undefined && e.origin.kind === 'file') {
      const tail = `${e.name}=${e.raw}`;
      const end = e.origin.end;
      const w = expanded.words.filter((x) => x.end === end && x.value.endsWith(tail)).pop();
      const sp = w && expanded.spans.get(w);
      if (!w || !sp || sp.length !== w.value.length) continue;
      parts = joinSpans(text, sp.slice(w.value.length - e.raw.length));
    }
    if (!parts) continue;
    if (parts.length === 1) {
      e.valueOrigin = { kind: 'file', file: file.path, start: parts[0].start, end: parts[0].end };
      continue;
    }
    delete e.valueOrigin;
    const secret = (e.value !== undefined && e.value !== '' && isSecretEnv(e.name, e.value)) || (e.raw !== undefined && writtenUrlPassword(e.raw));
    if (secret) for (const p of parts) secretRanges.push(file.range(p.start, p.end));
  }
}

/**
 * Documentation placeholders and AsciiDoc callouts, for the parser only. Placeholders such as
 * `<your-password>`, `<path/to/data>` or `myorg/app:<tag>` (a `<`, a
 * letter, word characters, `/`, `.`, `:` or `-`, and a `>` with no blank between) would parse as two
 * redirections that swallow the following words. For the parser only, their angle brackets become `_`
 * (same length, so every offset stays exact); words are still built from the original text, so values
 * keep the placeholder as written. A real redirection (`<in.txt`, `> out`, `<<EOF`, `<(cmd)`) never has
 * this shape.
 */
export function maskPlaceholders(text: string): string {
  if (!text.includes('<')) return text;
  return (
    text
      .replace(PLACEHOLDER, (_m, inner: string) => `_${inner}_`)
      // AsciiDoc callouts at the end of a listing line (`docker run … \ <1>`, also behind the language's line
      // comment, `\   # <1>`): blanked, and a `\` before them moved to the end of the line so the command still
      // continues (AsciiDoc "Callouts"). In a script, `<1>` at the end of a line is a syntax error, so no valid
      // script has one, and `\ # <1>` would end the command there: no script writes it.
      .replace(/(\\)?(?:[ \t]+(?:#[ \t]*)?<\d{1,2}>)+[ \t]*$/gm, (m: string, bs: string | undefined) => (bs ? `${' '.repeat(m.length - 1)}\\` : ' '.repeat(m.length)))
  );
}

/** Longest run of whole-line comments the shell parser is given as written (see {@link blankCommentRuns}). */
const MAX_COMMENT_RUN = 200;

/**
 * The text for the shell parser with each run of more than {@link MAX_COMMENT_RUN} consecutive whole-line comments
 * (`#` first on the line) blanked, and those comments' ranges (`#` to the end of the line, UTF-16 offsets in `text`).
 * mvdan-sh's lexer (compiled by GopherJS) reads consecutive comment lines by recursion, one JavaScript frame each:
 * about 3,000 in a row overflow the stack (QA: a licence header or a commented-out block gave "Maximum call stack
 * size exceeded" as a parse error). Each character is replaced by as many spaces as its UTF-8 bytes, so the parser's
 * byte offsets stay those of `text`. Short runs (every normal script) are left to the parser.
 */
function blankCommentRuns(text: string): { text: string; comments: [number, number][] } {
  const comments: [number, number][] = [];
  if (!text.includes('#')) return { text, comments };
  const lines: { start: number; end: number; hash: number }[] = [];
  const runs: (typeof lines)[] = [];
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const m = /^[ \t]*#/.exec(text.slice(start, Math.min(end, start + 200)));
    if (m) lines.push({ start, end: text[end - 1] === '\r' ? end - 1 : end, hash: start + m[0].length - 1 });
    else if (lines.length) runs.push(lines.splice(0));
    start = end + 1;
  }
  if (lines.length) runs.push(lines.splice(0));
  const long = runs.filter((r) => r.length > MAX_COMMENT_RUN);
  if (!long.length) return { text, comments };
  let out = '';
  let at = 0;
  for (const run of long) {
    for (const l of run) {
      const body = text.slice(l.start, l.end);
      out += text.slice(at, l.start) + body.replace(/[^\n]/gu, (ch) => ' '.repeat(Buffer.byteLength(ch)));
      at = l.end;
      comments.push([l.hash, l.end]);
    }
  }
  return { text: out + text.slice(at), comments };
}

/**
 * A documentation placeholder: `<` and `>` around one blank-free run holding a letter, with no shell
 * operator or quote inside: `<your-password>`, `<path/to/data>`, and the decorated ones READMEs write,
 * such as wg-easy's `<🚨YOUR_SERVER_IP>` (a symbol before the letters). A real redirection
 * never has this shape: `<(cmd)` holds `(`, `<<EOF` a second `<`, `<in.txt > out` a blank, and `<1>` (an
 * AsciiDoc callout, handled apart) no letter.
 */
const PLACEHOLDER = /<(?=[^\s<>]*\p{L})([^\s<>()|;&'"`$\\]+)>/gu;

/** Words that run the next word as a command (`sudo`, `exec`, `env`, `nohup`, …) or set its environment. */
const COMMAND_WRAPPER = /^(?:sudo|exec|env|nohup|command|time|nice|ionice|setsid|stdbuf|doas)$|^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * A script line that starts the Docker daemon (`dockerd …`, `exec /usr/bin/dockerd …`, `sudo dockerd …`,
 * `docker daemon …`): its flags modelled as a partial DaemonSpec (the script shows only its command line),
 * so CIS section 2 rules see a TCP listener without TLS in a start script too. `undefined` otherwise.
 */
function dockerdCommand(words: Word[], file: SourceFile, errors: InputError[]): DaemonSpec | undefined {
  let i = 0;
  while (i < words.length && (COMMAND_WRAPPER.test(words[i].value) || (i > 0 && words[i].value.startsWith('-') && COMMAND_WRAPPER.test(words[i - 1].value)))) i++;
  const w = words[i];
  if (!w) return undefined;
  const isDaemon = isDockerdWord(w.value) || (/(?:^|\/)docker$/.test(w.value) && words[i + 1]?.value === 'daemon');
  if (!isDaemon) return undefined;
  const target = { kind: 'daemon' as const, name: file.path, range: file.range(w.start, w.end) };
  const d = emptyDaemon(target, 'dockerd-flags', file.path, 'partial');
  errors.push(...applyDockerdFlags(d, words.slice(i), file.path, file));
  return d;
}

/**
 * Field splitting of a word that is only an unquoted `$NAME` / `${NAME}` with a known literal value
 * (`OPTS="--privileged --net=host"` then `docker run $OPTS img`): the value is split on IFS whitespace
 * (space, tab, newline; POSIX shell §2.6.5 with the default IFS) into one word per field, each positioned
 * at the whole `$NAME` word (no character of the value is written there). An empty value gives no word.
 * An array expansion `"${NAME[@]}"` of a top-level array of literals gives one word per element (unquoted
 * `${NAME[@]}`: each element field-split too). `undefined` when the word is anything else (then it is
 * converted as one word).
 */
function splitFields(node: ShNode, text: string, off: (b: number) => number, vars: Vars): Word[] | undefined {
  const parts = (node.Parts as ShNode[]) ?? [];
  const start = off(node.Pos().Offset());
  const end = off(node.End().Offset());
  const raw = text.slice(start, end);
  // `"$@"` in a called function: the call's literal arguments, where the call writes them.
  if (/^("?)\$(?:@|\{@\})\1$/.test(raw)) {
    const fields = lookupFields(vars, start);
    return fields?.map((w) => ({ ...w }));
  }
  // `"${ARGS[@]}"` / `${ARGS[@]}` of an array of literals: one word per element (bash(1) "Arrays").
  const arr = /^("?)\$\{([A-Za-z_][A-Za-z0-9_]*)\[[@*]\]\}\1$/.exec(raw);
  if (arr && parts.length === 1) {
    const known = lookupArray(vars, arr[2], start);
    // An array assigned or appended to under a condition (`A+=(-v /var/run/docker.sock:…)` in a `case` branch): read
    // with the elements it may hold with the most options, every word marked `conditional` (modelled as unknown).
    const worst = known === undefined ? worstArray(vars, arr[2], start) : undefined;
    const elems = known ?? (worst?.[0]?.value.startsWith('-') ? worst : undefined);
    if (elems === undefined) return undefined;
    const conditional = known === undefined ? { conditional: raw } : {};
    // Unquoted, a literal element splits at blanks; an unresolved one is kept whole (its fields are not known).
    const ws: ArrayElem[] = arr[1] === '"' ? elems : elems.flatMap((e) => (e.unresolved ? [e] : e.value.split(/[ \t\n]+/).map((v): ArrayElem => ({ value: v, raw: v })))).filter((e) => e.value !== '');
    return ws.map((e) =>
      e.unresolved
        ? { value: e.value, start, end, raw: e.raw, unresolved: true, ...(e.quoted ? { quoted: true } : {}), ...conditional }
        : { value: e.value, start, end, raw, offsets: Array.from(e.value, () => start), ...conditional },
    );
  }
  // An unquoted command substitution that runs nothing (`` `#optional` ``, only a comment, as every
  // linuxserver.io README marks optional flags) outputs nothing, so it gives no field (POSIX shell §2.6.3,
  // §2.6.5): the flags after it on the continued line are still the command's.
  if (parts.length === 1 && shSyntax().NodeType(parts[0]) === 'CmdSubst' && ((parts[0].Stmts as ShNode[] | null) ?? []).length === 0) return [];
  if (parts.length !== 1 || shSyntax().NodeType(parts[0]) !== 'ParamExp') return undefined;
  const alt = optionalWordFields(raw, start, text, vars);
  if (alt) return alt;
  const m = /^\$(?:([A-Za-z_][A-Za-z0-9_]*|[1-9])|\{([A-Za-z_][A-Za-z0-9_]*|[1-9])\})$/.exec(raw);
  // An unquoted `$flags` of an array of literals: in zsh every element, one field each; in bash element 0, split.
  const elems = m && m[1] !== undefined && !/^[1-9]$/.test(m[1]) ? lookupArray(vars, m[1], start) : m?.[2] !== undefined ? lookupArray(vars, m[2], start) : undefined;
  if (elems !== undefined && !elems.some((e) => e.unresolved)) {
    const ws = zshArrays ? elems.filter((e) => e.value !== '').map((e) => e.value) : (elems[0]?.value ?? '').split(/[ \t\n]+/).filter((v) => v !== '');
    return ws.map((v) => ({ value: v, start, end, raw, offsets: Array.from(v, () => start) }));
  }
  const value = m ? lookupVar(vars, m[1] ?? m[2], start) : undefined;
  if (m && value === undefined) {
    // A variable assigned under a condition: when one of its values holds docker options (`-v …`, `--privileged`),
    // the line is read with the one that holds the most, every word marked `conditional` (modelled as unknown).
    const worst = conditionalOptions(vars, m[1] ?? m[2], start);
    if (worst) return worst.map((v) => ({ value: v, start, end, raw, offsets: Array.from(v, () => start), conditional: raw }));
    // A value whose beginning is not known but whose end is (`ARGS="$ARGS --privileged"` with no assignment
    // before): the unknown beginning as one word kept as written (it may hold any options: rules say "unless $ARGS
    // sets it"), then the known fields, passed whatever the beginning holds (definite), positioned at the use.
    // Likewise a value whose beginning is known (`ARGS="--privileged ${ARGS:+ $ARGS}"`): those fields, then the
    // unknown end, which holds options too when the beginning does (never the image: it comes before `img`).
    const rec = lastRecord(vars, m[1] ?? m[2], start);
    if (rec?.tail !== undefined || rec?.head !== undefined) {
      const known = (v: string): Word => ({ value: v, start, end, raw, offsets: Array.from(v, () => start) });
      const head = blankFields(rec.head ?? '');
      const rest: Word = { ...convertWord(node, text, off, vars), ...(head[0]?.startsWith('-') ? { options: true } : {}) };
      return [...head.map(known), rest, ...blankFields(rec.tail ?? '').map(known)];
    }
  }
  // An unquoted expansion of an empty value gives no field at all (POSIX shell §2.6.5): `docker run $TTY_FLAG img`
  // with `TTY_FLAG=""` is `docker run img`.
  if (value !== undefined && /^[ \t\n]*$/.test(value)) return [];
  if (value === undefined || !/[ \t\n]/.test(value)) return undefined;
  return value
    .split(/[ \t\n]+/)
    .filter((v) => v !== '')
    .map((v) => ({ value: v, start, end, raw, offsets: Array.from(v, () => start) }));
}

/**
 * Field splitting of an unquoted `${NAME:+WORD}` / `${NAME+WORD}` ("Use Alternate Value": WORD when NAME is set, and
 * with `:` not empty; else nothing) or `${NAME:-WORD}` / `${NAME-WORD}` ("Use Default Values": WORD when NAME is
 * unset, and with `:` empty; else NAME's value) whose WORD is plain text (no quote, escape or expansion), bash(1)
 * "Parameter Expansion", POSIX shell §2.6.2; the result is field-split (§2.6.5). `raw` is the whole word, written at
 * `start`. Each field is positioned at the whole expansion (`start`/`end`), with its characters' own offsets.
 *  - NAME's value known to the script ({@link lookupVar}): what the shell expands, definite (none when empty).
 *  - `+`, NAME unknown (`${CI:+--network host}`, set by the CI's environment): WORD's fields when they are options,
 *    every word marked `conditional` with `when: 'NAME is set'`: possible, not certain (the engine reports what
 *    they set with certainty unknown). The script's caller decides, not the audit's own environment: no shell
 *    variable is read from there.
 *  - `-`, NAME unknown and never set by the script ({@link writtenDefault}): WORD's fields, definite, as a default
 *    of one word is read (`--user ${PUID:-0}`); only when WORD has several fields (one is read as before).
 * `undefined` for anything else (`${EXTRA_ARGS:-}`, a WORD that is no options, a WORD with expansions): the word
 * is converted whole, and the run parser reads such an expansion before an image reference as options.
 */
function optionalWordFields(raw: string, start: number, text: string, vars: Vars): Word[] | undefined {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?)([-+])([^$`'"\\{}]*)\}$/.exec(raw);
  if (!m) return undefined;
  const [, name, colon, op, word] = m;
  const end = start + raw.length;
  const wordAt = start + 2 + name.length + colon.length + 1;
  // The fields of WORD with the offsets of their characters.
  const fields = (extra: Partial<Word> = {}): Word[] => {
    const out: Word[] = [];
    for (const f of word.matchAll(/[^ \t\n]+/g)) {
      const at = wordAt + f.index!;
      out.push({ value: f[0], start, end, raw, offsets: Array.from(f[0], (_, k) => at + k), ...extra });
    }
    return out;
  };
  const known = lookupVar(vars, name, start);
  if (known !== undefined) {
    const empty = known === '' && colon === ':';
    if (op === '+') return empty ? [] : fields();
    return empty ? fields() : blankFields(known).map((v) => ({ value: v, start, end, raw, offsets: Array.from(v, () => start) }));
  }
  if (op === '+') return blankFields(word)[0]?.startsWith('-') ? fields({ conditional: raw, when: `${name} is set` }) : undefined;
  if (blankFields(word).length > 1 && writtenDefault(text, start, end, vars)) return fields();
  return undefined;
}

/**
 * The `#` comments of a text the shell parser could not read, scanned quote-aware: a `#` at the start of a
 * word, outside single and double quotes, up to the end of its line.
 */
export function scanComments(file: SourceFile, text: string): SourceRange[] {
  const out: SourceRange[] = [];
  let quote = '';
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if (quote) {
      if (ch === '\\' && quote === '"') k++;
      else if (ch === quote) quote = '';
    } else if (ch === '\\') k++;
    else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '#' && (k === 0 || /[\s;&|()<>]/.test(text[k - 1]))) {
      const e = text.indexOf('\n', k);
      const end = e === -1 ? text.length : text[e - 1] === '\r' ? e - 1 : e;
      out.push(file.range(k, end));
      k = end;
    }
  }
  return out;
}

function parseError(file: SourceFile, text: string, e: unknown): InputError {
  const obj = e as { Error?: () => string; message?: string; Text?: string };
  const full = typeof obj?.Error === 'function' ? String(obj.Error()) : String(obj?.message ?? e);
  const m = /^x:(\d+):(\d+): (.*)$/s.exec(full);
  if (!m) return { file: file.path, message: full.split('\n')[0], code: 'parse' };
  const line = Number(m[1]);
  // mvdan columns count bytes; convert within the line.
  const lineStart = file.offset(line, 1);
  const lineText = text.slice(lineStart, text.indexOf('\n', lineStart) === -1 ? text.length : text.indexOf('\n', lineStart));
  const col = byteToUtf16Offset(lineText, Number(m[2]) - 1) + 1;
  return { file: file.path, line, column: col, message: m[3].split('\n')[0], code: 'parse' };
}

/**
 * Small quote-aware tokenizer for the fallback scan: words up to an unquoted `#`, `;`, `|`, `&`, `<`, `>` or newline.
 * A word with `$` or `` ` `` is unresolved (an expansion), except for cmd.exe (`cmd`, default: while a cmd block is
 * scanned, {@link cmdShell}), where only a `%NAME%` is ({@link CMD_VARIABLE}).
 */
export function tokenizeLine(text: string, start: number, end: number, cmd = cmdShell): Word[] {
  const words: Word[] = [];
  let k = start;
  while (k < end) {
    while (k < end && (text[k] === ' ' || text[k] === '\t' || text[k] === '\r' || (text[k] === '\\' && text[k + 1] === '\n'))) k += text[k] === '\\' ? 2 : 1;
    if (k >= end || '#;|&<>\n()'.includes(text[k])) break;
    const b = new WordBuilder();
    const ws = k;
    while (k < end && !' \t\r\n;|&<>()'.includes(text[k])) {
      const ch = text[k];
      const pipe = ch === '\\' && !literalBackslash ? namedPipeEnd(text, k, end) : k;
      if (pipe > k) {
        b.raw(text, k, pipe);
        k = pipe;
        continue;
      }
      if (ch === '\\') {
        if (text[k + 1] === '\n') k += 2;
        else if (literalBackslash && text[k + 1] !== '\r') {
          b.push(ch, k);
          k++;
        } else {
          if (k + 1 < end) b.push(text[k + 1], k + 1);
          k += 2;
        }
      } else if (ch === "'") {
        b.quoted = true;
        const close = text.indexOf("'", k + 1);
        const e = close === -1 || close >= end ? end : close;
        b.raw(text, k + 1, e);
        k = e + 1;
      } else if (ch === '"') {
        b.quoted = true;
        k++;
        while (k < end && text[k] !== '"') {
          if (text[k] === '\\' && '$`"\\\n'.includes(text[k + 1] ?? '')) {
            if (text[k + 1] !== '\n') b.push(text[k + 1], k + 1);
            k += 2;
            continue;
          }
          if ((text[k] === '$' || text[k] === '`') && !cmd) b.unresolved = true;
          b.push(text[k], k);
          k++;
        }
        k++;
      } else {
        if (((ch === '$' || ch === '`') && !cmd) || (ch === '~' && k === ws)) b.unresolved = true;
        b.push(ch, k);
        k++;
      }
    }
    const we = Math.min(k, end);
    const w: Word = { value: b.value, start: ws, end: we, raw: text.slice(ws, we), offsets: b.offsets };
    if (b.unresolved || (cmd && CMD_VARIABLE.test(b.value))) w.unresolved = true;
    if (b.quoted) w.quoted = true;
    words.push(w);
  }
  return words;
}

const RUN_LINE = /^[ \t]*(?:sudo[ \t]+|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?[ \t]+)?(?:\S*\/)?(?:(?:docker|podman|nerdctl)[ \t]+(?:(?:container[ \t]+)?(?:run|create)|service[ \t]+create)\b|docker(?:[ \t]+|-)compose\b[^\n]*[ \t]run\b)/;

/** Fallback: `docker run` lines, joined across `\` continuations, tokenized without a shell parser. */
function lineScan(file: SourceFile, text: string): Omit<ScanResult, 'comments'> {
  const containers: ContainerSpec[] = [];
  const errors: InputError[] = [];
  let k = 0;
  while (k < text.length) {
    let e = text.indexOf('\n', k);
    if (e === -1) e = text.length;
    if (RUN_LINE.test(text.slice(k, e))) {
      // Extend over continuation lines.
      let end = e;
      while (end < text.length && /\\\r?$/.test(text.slice(k, end))) {
        const n = text.indexOf('\n', end + 1);
        end = n === -1 ? text.length : n;
      }
      const words = tokenizeLine(text, k, end);
      let r = parseDockerRun(words, file);
      if (!r.container && !r.errors.length && isServiceCreate(words)) r = parseServiceCreate(words, file);
      errors.push(...r.errors);
      if (r.container) containers.push(r.container);
      e = end;
    }
    k = e + 1;
  }
  return { containers, errors };
}

/**
 * Ingests a shell script (or a bare command line, or the `region` of a bigger file): every
 * `docker run|create` command in it. Never throws; parse problems come back as InputErrors.
 */
export async function ingestShell(file: SourceFile, ctx: IngestContext, region?: Region): Promise<IngestResult> {
  const text = region ? isolateRegion(file.text, region.start, region.end) : file.text;
  try {
    const r = scanShellText(file, text);
    // Secret log options of a dockerd started by the script (`--log-opt splunk-token=…`) are masked too.
    const secretRanges = (r.daemons ?? []).flatMap((d) => daemonSecretRanges(d, file.text, file.path));
    // Secret logging options and labels of the containers (`--log-opt splunk-token=…`, `--label db_password=…`).
    secretRanges.push(...loggingSecretRanges(r.containers, new Map([[file.path, file.text]])));
    secretRanges.push(...labelSecretRanges(r.containers, new Map([[file.path, file.text]])));
    // Passwords given to the program in the container (`redis-server --requirepass pw`).
    // … and to processes started in a container by `docker exec` (`sh -c "mysql -uroot -pS3cret"`).
    secretRanges.push(...commandSecretRanges(r.containers, new Map([[file.path, file.text]]), (r.execs ?? []).map((x) => x.exec)));
    // Secrets the script assigns to variables (`export DB_PASSWORD=…`).
    secretRanges.push(...(r.secretRanges ?? []));
    // Registry passwords on `docker login -p …` lines.
    secretRanges.push(...loginPasswordMasks(file, 0, text));
    // `--env-file` contents join the environment (R-S), located and masked in the env file.
    const envFiles = r.containers.some((c) => c.envFiles.length > 0) ? await readRunEnvFiles(file.path, r.containers, ctx) : undefined;
    if (envFiles) secretRanges.push(...envFiles.masks);
    // `--security-opt seccomp=profile.json`: the profile's content is what the container gets.
    await readSeccompProfiles(r.containers, ctx);
    // `--volumes-from agent`, `--network container:app`: what the named container of this script has.
    applyVolumesFrom(r.containers, '--volumes-from');
    applySharedHostNamespaces(r.containers);
    // `docker build --build-arg NPM_TOKEN=…`, `docker login -p …`: masked whatever the rules decide.
    for (const h of r.hostSecrets ?? []) if (h.valueOrigin.kind === 'file') secretRanges.push(file.range(h.valueOrigin.start, h.valueOrigin.end));
    const result: IngestResult = { containers: r.containers, images: [], daemons: r.daemons, errors: r.errors, comments: r.comments, secretRanges, ...(r.hostSecrets ? { hostSecrets: r.hostSecrets } : {}) };
    // Compose files the script writes with a heredoc: audited in place, as a Compose block of a Markdown file is.
    // Their YAML errors are not the script's (the shell expands `$VAR` and `$(…)` in the body first).
    if (r.composeRegions?.length) {
      const { ingestCompose } = await import('../compose/index.js');
      for (const region of r.composeRegions) {
        const cr = await ingestCompose([file], ctx, region);
        result.containers.push(...cr.containers);
        result.errors.push(...cr.errors.filter((e) => e.code !== 'parse'));
        secretRanges.push(...(cr.secretRanges ?? []));
        if (cr.comments?.length) (result.comments ??= []).push(...cr.comments);
        if (cr.extraSources?.length) (result.extraSources ??= []).push(...cr.extraSources);
      }
      result.containers.sort((a, b) => a.target.range.start - b.target.range.start);
    }
    // Kubernetes manifests the script applies or writes with a heredoc (`kubectl apply -f - <<EOF`): audited in place,
    // as a manifest block of a Markdown file is; their YAML errors are not the script's either.
    if (r.kubernetesRegions?.length) {
      const { ingestKubernetes } = await import('../kubernetes/index.js');
      for (const region of r.kubernetesRegions) {
        const kr = await ingestKubernetes(file, ctx, region);
        result.containers.push(...kr.containers);
        result.errors.push(...kr.errors.filter((e) => e.code !== 'parse'));
        secretRanges.push(...(kr.secretRanges ?? []));
        if (kr.comments?.length) (result.comments ??= []).push(...kr.comments);
      }
      result.containers.sort((a, b) => a.target.range.start - b.target.range.start);
    }
    const execs = attachExecs(r.containers, r.execs ?? []);
    if (execs.length) result.execs = execs;
    if (envFiles?.files.length) (result.extraSources ??= []).push(...envFiles.files);
    return result;
  } catch (e) {
    return { containers: [], images: [], errors: [{ file: file.path, message: `internal error: ${String((e as Error)?.message ?? e).split('\n')[0]}`, code: 'parse' }] };
  }
}

/** Whether two origins are the same place of the same file. */
function sameOrigin(a: Origin, b: Origin): boolean {
  return a.kind === 'file' && b.kind === 'file' && a.file === b.file && a.start === b.start && a.end === b.end;
}

/** Where an origin starts in its file (0 for one that is not in a file), for ordering. */
function originStart(o: Origin): number {
  return o.kind === 'file' ? o.start : 0;
}
