/**
 * Edits of one `docker run` / `docker create` line (in a shell script or a Markdown / AsciiDoc block), as
 * text edits at the positions the run ingester records (src/ingest/run/: each value's origin runs from its
 * flag through its value). New flags go right after `run` / `create`; removed flags take their line when
 * they are alone on a `\`-continued line, so quoting and continuations stay as written. Comments cannot
 * go inside a continued command, so notes about invented values go on a `# bulwark: …` line above it.
 * Flags: Docker CLI reference `docker container run`.
 */
import type { ContainerSpec, EnvVar, Mount, Origin, SecurityOpt, Sourced } from '../model/types.js';
import { lineEnd, lineStart, readOnlyVolume } from './text.js';
import type { ContainerEditor, ScalarSetting, TextEdit } from './types.js';
import { CMD_LANGS, CONSOLE_LANGS, POWERSHELL_LANGS, ROOT_PROMPT } from '../ingest/markdown/index.js';
import { fileVariable } from './edits.js';
import type { FlagSpan } from '../ingest/run/parse.js';
import type { SystemdUnitMark } from '../ingest/run/shell.js';
import { BY_LONG, BY_SHORT } from '../ingest/run/flags.js';

/** `docker run` flag of each scalar setting. */
const SCALAR_FLAG: Record<ScalarSetting, string> = { pids: '--pids-limit', memory: '--memory', cpus: '--cpus', cpuQuota: '--cpu-quota', readOnly: '--read-only', user: '--user' };
/** docker's global options that take a value (`docker -H tcp://x run`), as the run parser skips them. */
const GLOBAL_VALUE = new Set(['-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);

/**
 * A shell prompt at the start of a line of a console transcript in documentation (`$ `, `% `,
 * `user@host:~$ `, `[root@box]# `): the same forms the Markdown ingester reads as prompts
 * (src/ingest/markdown/index.ts PROMPT), so lines bulwark inserts into a transcript carry the prompt too.
 */
const DOC_PROMPT = /^(?:[$%]|(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?|\[[^\]\n]+\])[$#])[ \t]/;
/** The continuation prompt (PS2, `> `) a terminal shows before each continued line of a command (bash(1) "PROMPTING"). */
const PS2_PROMPT = /^[ \t]*>[ \t]/;

/** Matches `depth` block-quote markers at a line start (`>` with one optional blank after each; CommonMark "Block quotes"). */
function quoteMarkers(depth: number): RegExp {
  return new RegExp(`^(?:[ \\t]{0,3}>[ \\t]?){${depth}}`);
}

/**
 * The shell a run line is written for: POSIX sh (scripts; `sh`, `bash`, `console`… blocks), PowerShell
 * (`powershell`, `pwsh`, `ps1` blocks: a line continues with a backtick, `#` starts a comment) or cmd.exe
 * (`cmd`, `bat` blocks: a line continues with `^`, `REM` starts a comment). Languages as the Markdown
 * ingester reads them (src/ingest/markdown/index.ts POWERSHELL_LANGS, CMD_LANGS).
 */
export type RunShell = 'posix' | 'powershell' | 'cmd';

/** The {@link RunShell} of a code block's language (lower case, as the Markdown ingester gives it). */
export function shellOfLang(lang: string | undefined): RunShell {
  if (lang && POWERSHELL_LANGS.has(lang)) return 'powershell';
  if (lang && CMD_LANGS.has(lang)) return 'cmd';
  return 'posix';
}

/** Line continuation character of each shell. */
const CONTINUATION: Record<RunShell, string> = { posix: '\\', powershell: '`', cmd: '^' };
/** What starts a comment line in each shell. */
const COMMENT: Record<RunShell, string> = { posix: '#', powershell: '#', cmd: 'REM' };

/** Characters that need no quoting in a POSIX shell word. */
function shellWord(v: string): string {
  return /^[A-Za-z0-9_./:=,+@%-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/** Edits one run line. */
export class RunEditor implements ContainerEditor {
  readonly kind = 'run' as const;
  readonly edits: TextEdit[] = [];
  readonly problems: string[] = [];
  /** Notes about invented values, for the `# bulwark:` line above the command. */
  readonly notes: string[] = [];
  private readonly insertAt: number;
  private readonly prefixSpace: boolean;
  /** When the command continues on the next line right after `run`: `\\\n` + this indentation starts each new flag's line. */
  private readonly ownLine: string | undefined;
  /** The prompt of the run line's own line in a documentation block (`$ `, `# `, `root@host:~# `), else `''`. */
  private prompt = '';

  /**
   * Edits to make once per key among the fixes applied in a round (the `docker network create` line of
   * a script or block): hardenText keeps, per key, the one nearest the start of the text.
   */
  readonly onceEdits: { key: string; edit: TextEdit }[] = [];

  /** The block-quote markers of the code block's lines (a fence inside `> `), or undefined. */
  private readonly quote: RegExp | undefined;

  /**
   * @param text the whole text (script, Markdown or AsciiDoc file)
   * @param c the run line's container
   * @param region the Markdown / AsciiDoc code block holding the run line (default: the whole text is a script); `quoteDepth`: its lines start with that many `>` markers
   */
  /** The shell of the script or block ({@link RunShell}). */
  readonly shell: RunShell;
  /** The shell's line continuation character. */
  private readonly cc: string;
  /** Matches a line's end that continues the command (blanks, the continuation character, an optional CR). */
  private readonly contEnd: RegExp;
  /**
   * The systemd unit whose command line this is (a unit file, or a unit a script writes with a heredoc), or undefined:
   * its span in `text` and how it is read ({@link SystemdUnitMark}). A unit is not a script: steps are added as unit
   * settings (`ExecStartPre=`), and only `${NAME}` expansions are written into its command lines (systemd.service(5)
   * "Command lines"; shell syntax such as `${NAME:?…}` or `||` is passed to docker as text).
   */
  private readonly unit: (SystemdUnitMark & { start: number; end: number }) | undefined;

  constructor(private readonly text: string, private readonly c: ContainerSpec, private readonly region?: { start: number; end: number; quoteDepth?: number; lang?: string }) {
    this.quote = region?.quoteDepth ? quoteMarkers(region.quoteDepth) : undefined;
    this.shell = shellOfLang(region?.lang);
    this.cc = CONTINUATION[this.shell];
    this.contEnd = new RegExp(`[ \\t]*\\${this.cc}\\r?$`);
    const u = c.extra.systemdUnit;
    this.unit = u && u.origin.kind === 'file' ? { ...(u.value as SystemdUnitMark), start: u.origin.start, end: u.origin.end } : undefined;
    // A transcript (`$ docker run … \` then `>   --flag \`): the run line's own line starts with a prompt.
    if (region) {
      const cs = this.commandLineStart();
      const q = this.quoteLength(cs);
      this.prompt = this.promptOf(this.text.slice(cs + q, lineEnd(text, cs)).replace(/^[ \t]*/, ''));
    }
    const after = afterRunWord(text, c.target.range.end);
    if (after !== undefined) {
      this.insertAt = after;
      this.prefixSpace = true;
      // A command continued with `\` after the line of `run` (and the image further down): new flags
      // go on lines of their own at the end of that first line, indented like the next line.
      const le = lineEnd(text, after);
      const cont = this.contEnd.exec(text.slice(after, le));
      const imageStart = c.image?.origin.kind === 'file' ? c.image.origin.start : -1;
      // Not when that line ends in a flag whose value may be on the next line (`--name \` then `web`): flags put
      // there would come between the two (qa-c 8). Then they go right after `run`, on its line.
      const lastWord = text.slice(after, after + (cont?.index ?? 0)).trim().split(/\s+/).pop() ?? '';
      const flagEnds = takesValueNext(lastWord);
      if (cont && imageStart > le && !flagEnds) {
        this.insertAt = after + cont.index;
        const next = le + 1 + this.leadLength(le + 1);
        this.ownLine = text.slice(le + 1, next) + (/^[ \t]*/.exec(text.slice(next))![0] || '  ');
      }
    } else {
      this.insertAt = c.image?.origin.kind === 'file' ? c.image.origin.start : c.target.range.end;
      this.prefixSpace = false;
    }
  }

  /** Length of the block-quote markers starting the line at `ls` (0 outside a quoted code block). */
  private quoteLength(ls: number): number {
    return this.quote ? (this.quote.exec(this.text.slice(ls, lineEnd(this.text, ls)))?.[0].length ?? 0) : 0;
  }

  /**
   * Length of what starts the line at `ls` before the shell's words: the block-quote markers and, on a continued
   * line of a transcript's command, the continuation prompt `> ` ({@link PS2_PROMPT}), which the Markdown ingester
   * drops there too (src/ingest/markdown/index.ts consoleCommands). A line bulwark adds to the command starts the same.
   */
  private leadLength(ls: number): number {
    const q = this.quoteLength(ls);
    if (this.prompt === '' || ls === 0) return q;
    const prev = lineStart(this.text, ls - 1);
    if (!this.contEnd.test(this.text.slice(prev, ls - 1))) return q;
    return q + (PS2_PROMPT.exec(this.text.slice(ls + q, lineEnd(this.text, ls)))?.[0].length ?? 0);
  }

  /**
   * The shell prompt starting `rest` (a line after its quote markers and indentation) in a documentation block:
   * {@link DOC_PROMPT}, or in a console transcript (`console`, `shell-session`…) root's `# ` before a Docker CLI
   * command, as the Markdown ingester reads it (src/ingest/markdown/index.ts ROOT_PROMPT). `''` when there is none.
   */
  private promptOf(rest: string): string {
    if (!this.region) return '';
    const m = DOC_PROMPT.exec(rest) ?? (this.region.lang !== undefined && CONSOLE_LANGS.has(this.region.lang) ? ROOT_PROMPT.exec(rest) : null);
    return m?.[0] ?? '';
  }

  /**
   * What starts the line at `ls` before its command: block-quote markers, indentation and, in a
   * documentation block, a shell prompt (`> `, `   `, `$ `, root's `# `). A line bulwark inserts above it starts
   * the same, so it stays inside the quote, the list item and the transcript. With `withPrompt`, that prompt
   * instead of the line's own (a line added at the top of a transcript whose first line is output or a comment
   * still carries the run line's prompt).
   */
  private leadAt(ls: number, withPrompt?: string): string {
    const line = this.text.slice(ls, lineEnd(this.text, ls));
    const q = this.quoteLength(ls);
    const ws = /^[ \t]*/.exec(line.slice(q))![0];
    return line.slice(0, q) + ws + (withPrompt ?? this.promptOf(line.slice(q + ws.length)));
  }

  /** The text inserting `words` (one flag and its value) at the insertion point. */
  private spell(words: string): string {
    if (this.ownLine !== undefined) return ` ${this.cc}\n${this.ownLine}${words}`;
    return this.prefixSpace ? ` ${words}` : `${words} `;
  }

  /** Offset of the start of the line where the command begins (lines continued with `\` walked up). */
  commandLineStart(): number {
    let s = lineStart(this.text, this.c.target.range.start);
    while (s > 0) {
      const prev = lineStart(this.text, s - 1);
      if (!this.contEnd.test(this.text.slice(prev, s - 1))) break;
      s = prev;
    }
    return s;
  }

  /** The `# bulwark: …` line for `notes`, inserted above the command. */
  noteEdit(notes: string[]): TextEdit | undefined {
    if (!notes.length) return undefined;
    const s = this.commandLineStart();
    const indent = this.leadAt(s);
    const profile = notes.filter((n) => !n.startsWith(ENV_REMOVED) && !n.startsWith(SECRET_FILE));
    const env = notes.filter((n) => n.startsWith(ENV_REMOVED)).map((n) => n.slice(ENV_REMOVED.length));
    const files = notes.filter((n) => n.startsWith(SECRET_FILE)).map((n) => n.slice(SECRET_FILE.length));
    const parts = profile.length ? [`${profile.join(', ')} set by bulwark harden (profile values: adjust to the service)`] : [];
    // A unit's commands get the unit's environment (systemd.exec(5)): variables are set with its Environment= or
    // EnvironmentFile= settings, not in a shell.
    const where = this.unit ? "with this unit's Environment= or EnvironmentFile=" : 'in the environment';
    if (env.length === 1) parts.push(`the value of ${env[0]} was removed from this file: set ${env[0]} ${where} (or use a secret file)`);
    else if (env.length > 1) parts.push(`the values of ${env.join(', ')} were removed from this file: set them ${where} (or use secret files)`);
    if (files.length === 1) parts.push(`${files[0]} is now read from a file: set ${fileVariable(files[0])}${this.unit ? ` ${where}` : ''} to the file holding it (mounted read-only under /run/secrets; the application reads ${fileVariable(files[0])})`);
    else if (files.length > 1) parts.push(`${files.join(', ')} are now read from files: set ${files.map(fileVariable).join(', ')}${this.unit ? ` ${where}` : ''} to the files holding them (mounted read-only under /run/secrets; the application reads the *_FILE variables)`);
    // The unit still gives the docker client the old value: it is no longer the container's, but it is still in the unit.
    const kept = this.unit ? files.filter((n) => this.unitSets(n)) : [];
    if (kept.length) parts.push(`then remove ${kept.join(', ')} from this unit's Environment= (its value is still written there)`);
    return { start: s, end: s, text: `${indent}${COMMENT[this.shell]} bulwark: ${parts.join('; ')}\n` };
  }

  private add(flag: string, value?: string): void {
    const words = value === undefined ? flag : `${flag} ${shellWord(value)}`;
    this.edits.push({ start: this.insertAt, end: this.insertAt, text: this.spell(words) });
  }

  /**
   * The expansion a flag comes from when it is not written as a flag at `o` (`"${ARGS[@]}"`, `$OPTS`: the span of
   * the whole expansion, which holds other flags too), else undefined. Such a flag is changed where the variable
   * is set, by hand: editing the span would drop or corrupt every other flag of the expansion.
   */
  private expansionAt(o: Origin): string | undefined {
    if (o.kind !== 'file' || o.start === undefined || o.end === undefined) return undefined;
    const word = this.text.slice(o.start, o.end);
    return /^["']?-/.test(word) ? undefined : word.split(/\s/)[0];
  }

  /** Removes the flag (and its value) written at `o`: its whole line when alone on a continued line. */
  private remove(o: Origin, what: string): boolean {
    if (o.kind !== 'file' || o.start === undefined || o.end === undefined) return this.problem(`${what} is not written in this file`);
    const exp = this.expansionAt(o);
    if (exp !== undefined) return this.problem(`${what} comes from ${exp}: change it where that variable is set`);
    const t = this.text;
    const word = t.slice(o.start, o.end);
    if (/^-[A-Za-z]{2,}/.test(word) && !word.startsWith('--')) return this.problem(`${what} is inside a group of short flags (${word.split(/\s/)[0]}); remove it by hand`);
    const ls = lineStart(t, o.start);
    const le = lineEnd(t, o.end);
    const before = t.slice(ls + this.leadLength(ls), o.start);
    const after = t.slice(o.end, le);
    if (before.trim() === '' && this.contEnd.test(after) && after.trim() === this.cc) {
      this.edits.push({ start: ls, end: Math.min(t.length, le + 1), text: '' });
      return true;
    }
    let s = o.start;
    while (s > 0 && (t[s - 1] === ' ' || t[s - 1] === '\t')) s--;
    if (s === o.start) {
      // No blank before it: take the blanks after it instead.
      let e = o.end;
      while (e < t.length && (t[e] === ' ' || t[e] === '\t')) e++;
      this.edits.push({ start: o.start, end: e, text: '' });
    } else this.edits.push({ start: s, end: o.end, text: '' });
    this.dropEmptiedLine(ls, le);
    return true;
  }

  /**
   * When every word of the continued line `[ls, le)` is now removed (`--pid=host --ipc=host \` losing both
   * flags), also removes what is left of it, the blanks and the `\` with its line break, so no line holding
   * only ` \` stays. If a removal of that line is deferred to a later round, the word left simply joins the
   * next line (still the same command).
   */
  private dropEmptiedLine(ls: number, le: number): void {
    const t = this.text;
    const m = this.contEnd.exec(t.slice(ls, le));
    if (!m) return;
    const bs = ls + m.index;
    const removed = this.edits.filter((e) => e.text === '' && e.start < bs && e.end > ls);
    for (let i = ls + this.leadLength(ls); i < bs; i++) if (t[i] !== ' ' && t[i] !== '\t' && !removed.some((e) => e.start <= i && i < e.end)) return;
    const from = Math.max(bs, ...removed.map((e) => e.end));
    this.edits.push({ start: from, end: Math.min(t.length, le + 1), text: '' });
  }

  /** Whether the unit of this command line sets `name` with an `Environment=` setting (systemd.exec(5)). */
  private unitSets(name: string): boolean {
    if (!this.unit) return false;
    const body = this.text.slice(this.unit.start, this.unit.end);
    return new RegExp(`^[ \\t]*Environment[ \\t]*=(?:.*[\\s"'])?${name}=`, 'm').test(body);
  }

  private problem(msg: string): false {
    this.problems.push(msg);
    return false;
  }

  addSecurityOpt(value: string): boolean {
    this.add('--security-opt', value);
    return true;
  }

  removeSecurityOpt(opt: SecurityOpt): boolean {
    return this.remove(opt.origin, `--security-opt ${opt.raw}`);
  }

  addCapDrop(caps: string[]): boolean {
    for (const cap of caps) this.add('--cap-drop', cap);
    return true;
  }

  addCapAdd(caps: string[]): boolean {
    for (const cap of caps) this.add('--cap-add', cap);
    return true;
  }

  setScalar(setting: ScalarSetting, value: string, existing: Sourced<unknown> | undefined, note?: string): boolean {
    const flag = SCALAR_FLAG[setting];
    const words = setting === 'readOnly' ? (value === 'true' ? flag : `${flag}=false`) : `${flag} ${shellWord(value)}`;
    if (existing && existing.origin.kind === 'file' && existing.origin.start !== undefined && existing.origin.end !== undefined) {
      const exp = this.expansionAt(existing.origin);
      if (exp !== undefined) return this.problem(`${flag} comes from ${exp}: change it where that variable is set`);
      const w = this.text.slice(existing.origin.start, existing.origin.end);
      if (/^-[A-Za-z]{2,}/.test(w) && !w.startsWith('--')) return this.problem(`${flag} is inside a group of short flags (${w}); change it by hand`);
      this.edits.push({ start: existing.origin.start, end: existing.origin.end, text: words });
    } else this.edits.push({ start: this.insertAt, end: this.insertAt, text: this.spell(words) });
    if (note) this.notes.push(words);
    return true;
  }

  addTmpfs(paths: string[]): boolean {
    for (const p of paths) this.add('--tmpfs', p);
    return true;
  }

  mountReadOnly(m: Mount): boolean {
    if (m.syntax === 'volumes-from') return this.problem(`the mount ${m.target} comes from ${m.inheritedFrom} through --volumes-from: fix it there, or add :ro to the --volumes-from flag`);
    const o = m.origin;
    if (o.kind !== 'file' || o.start === undefined || o.end === undefined) return this.problem(`the mount ${m.target} is not written in this file`);
    const exp = this.expansionAt(o);
    if (exp !== undefined) return this.problem(`the mount ${m.target} comes from ${exp}: make it read-only where that variable is set`);
    const w = this.text.slice(o.start, o.end);
    if (m.syntax === 'mount-flag') {
      const q = /["']$/.test(w) ? 1 : 0;
      const at = o.end - q;
      if (/(^|,)(readonly|ro)=false(,|["']?$)/.test(w)) {
        const i = w.search(/(readonly|ro)=false/);
        const len = /(readonly|ro)=false/.exec(w)![0].length;
        this.edits.push({ start: o.start + i, end: o.start + i + len, text: 'readonly' });
      } else if (at > o.start) {
        // The value's last character replaced by itself and `,readonly`, not an insertion after it: a removal of the
        // whole mount (BW-0013's fix of the same flag) then overlaps it and wins, where an insertion at its end
        // would land on the flag before (`-e FOO=bar,readonly`; qa-b 2).
        this.edits.push({ start: at - 1, end: at, text: this.text[at - 1] + ',readonly' });
      } else this.edits.push({ start: at, end: at, text: ',readonly' });
      return true;
    }
    if (m.syntax !== 'volume-flag') return this.problem(`the mount ${m.target} is not a -v or --mount flag`);
    // The value: after `-v `, `--volume=`, `-v=`, `-v` (glued).
    const v = /^(?:--volume(?:=|\s+)|-v(?:=|\s+)?)/.exec(w);
    if (!v) return this.problem(`the mount ${m.target} is written in a form bulwark cannot edit (${w})`);
    const valueRaw = w.slice(v[0].length);
    const quote = /^(["'])(.*)\1$/s.exec(valueRaw);
    if (!quote && /["'\\]/.test(valueRaw)) return this.problem(`the mount ${m.target} is quoted in a way bulwark does not edit`);
    const inner = quote ? quote[2] : valueRaw;
    const next = readOnlyVolume(inner);
    const start = o.start + v[0].length + (quote ? 1 : 0);
    this.edits.push({ start, end: start + inner.length, text: next });
    return true;
  }

  appendToValue(end: number, suffix: string): boolean {
    const at = /["']/.test(this.text[end - 1] ?? '') ? end - 1 : end;
    this.edits.push({ start: at, end: at, text: suffix });
    return true;
  }

  removeMount(m: Mount): boolean {
    // Another container's mount through `--volumes-from`: removing the flag would drop all of its volumes.
    if (m.syntax === 'volumes-from') return this.problem(`the mount ${m.target} comes from ${m.inheritedFrom} through --volumes-from: remove it there, or the --volumes-from flag`);
    return this.remove(m.origin, `the mount ${m.target}`);
  }

  // --- removal and replacement (unsafe fixes of issue 4: fixes/util.ts RemovalEditor) ---

  /** Removes the flag written at `at` (`--privileged`, `--pid host`, `--network=host`); the Compose `key` is not used here. */
  removeKey(_key: string, at: Origin, what: string): boolean {
    // A flag written more than once (`--net=host --network host`, `--privileged --privileged=true`): every use goes,
    // or the one left still sets it (qa-b 4). Uses from the run ingester (`extra.flagUses`).
    const uses = (this.c.extra.flagUses?.value ?? []) as FlagSpan[];
    const self = at.kind === 'file' ? uses.find((u) => u.start === at.start) : undefined;
    if (!self || at.kind !== 'file') return this.remove(at, what);
    for (const u of uses.filter((x) => x.flag === self.flag)) if (!this.remove({ kind: 'file', file: at.file, start: u.start, end: u.end }, what)) return false;
    return true;
  }

  /** Removes the flag written at `at` (`--cap-add SYS_ADMIN`, `--device /dev/kmsg`). */
  removeItem(_key: string, at: Origin, what: string): boolean {
    return this.remove(at, what);
  }

  /** Replaces the value of the flag written at `at`, keeping the flag as spelled (`--restart=always` → `--restart=on-failure:5`). */
  replaceValue(key: string, at: Origin, value: string): boolean {
    if (at.kind !== 'file' || at.start === undefined || at.end === undefined) return this.problem(`the ${key} flag is not written in this file`);
    const m = /^(--?[A-Za-z-]+)(=|[ \t]+)/.exec(this.text.slice(at.start, at.end));
    if (!m) return this.problem(`the ${key} flag is written in a form bulwark cannot edit`);
    this.edits.push({ start: at.start + m[0].length, end: at.end, text: shellWord(value) });
    return true;
  }

  /**
   * Turns `-e NAME=value` (or `--env NAME=value`, quoted or not) written at `e.origin` into `-e NAME`: the
   * value is passed through from the caller's environment (Docker CLI reference, `docker run --env`).
   * The `# bulwark:` line above the command says the value was removed and must be set in the environment
   * (one line for all such variables of the command). The value is never copied anywhere.
   */
  passThroughEnv(e: EnvVar): boolean {
    const o = e.origin;
    if (o.kind !== 'file' || o.start === undefined || o.end === undefined) return this.problem(`${e.name} is not written in this file`);
    const m = /^(-e|--env)(=|[ \t]+)/.exec(this.text.slice(o.start, o.end));
    if (!m || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(e.name)) return this.problem(`-e ${e.name} is written in a form bulwark cannot edit; remove its value by hand`);
    this.edits.push({ start: o.start + m[0].length, end: o.end, text: e.name });
    this.notes.push(ENV_REMOVED + e.name);
    return true;
  }

  /**
   * BW-0026's secret-file fix for a run line: `-e NAME=value`, `-e NAME` or `--env NAME` (any spelling the
   * run ingester reads, quoted or not) written at `e.origin` becomes a read-only bind mount of the file
   * named by the caller's `NAME_FILE` plus the variable telling the application where it is:
   * `--mount type=bind,source="${NAME_FILE:?set NAME_FILE to the file holding NAME}",target=/run/secrets/<secret>,readonly -e NAME_FILE=/run/secrets/<secret>`
   * (Docker CLI reference `docker run --mount`, `--env`; the `_FILE` convention of the official postgres,
   * mysql and mariadb images). The shell stops with that message when `NAME_FILE` is unset. A flag alone
   * on a `\`-continued line gives two continued lines at its indentation; otherwise one. The value is never
   * copied anywhere; the note line above the command says what to set.
   */
  envToSecretFile(e: EnvVar, secret: string): boolean {
    const o = e.origin;
    if (o.kind !== 'file' || o.start === undefined || o.end === undefined) return this.problem(`${e.name} is not written in this file`);
    const m = /^(-e|--env)(=|[ \t]+)/.exec(this.text.slice(o.start, o.end));
    if (!m || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(e.name) || !/^[a-z0-9_.-]+$/.test(secret)) return this.problem(`-e ${e.name} is written in a form bulwark cannot edit; move it to a secret file by hand`);
    const fileVar = fileVariable(e.name);
    const target = `/run/secrets/${secret}`;
    // A unit expands only `${NAME}` (systemd.service(5) "Command lines"): the source is `${NAME_FILE}` from the unit's
    // environment, one argument whatever it holds (an unset one gives an empty source, and docker refuses to start the
    // container). A shell that writes the unit with an unquoted heredoc would expand it first: there it is `\${…}`.
    // Inside `ExecStart=/bin/sh -c "…"` systemd expands `${…}` before the shell runs, and the quotes are the unit's:
    // left to the user.
    if (this.unit?.shell) return this.problem(`-e ${e.name} is in a shell command of a systemd unit (ExecStart=… -c "…"); move it to a secret file by hand`);
    const mount = this.unit
      ? `--mount type=bind,source=${this.unit.systemd ? '' : '\\'}\${${fileVar}},target=${target},readonly`
      : `--mount type=bind,source="\${${fileVar}:?set ${fileVar} to the file holding ${e.name}}",target=${target},readonly`;
    const env = `-e ${fileVar}=${target}`;
    // The mount's `${NAME_FILE:?…}` is POSIX shell expansion: PowerShell and cmd.exe spell it otherwise.
    if (this.shell !== 'posix') return this.problem(`-e ${e.name} is in a ${this.shell} block; move it to a secret file by hand`);
    const ls = lineStart(this.text, o.start);
    const alone = this.text.slice(ls + this.leadLength(ls), o.start).trim() === '' && /^[ \t]*\\\r?$/.test(this.text.slice(o.end, lineEnd(this.text, o.end)));
    const sep = alone ? ` \\\n${this.text.slice(ls, o.start)}` : ' ';
    this.edits.push({ start: o.start, end: o.end, text: `${mount}${sep}${env}` });
    this.notes.push(SECRET_FILE + e.name);
    return true;
  }

  /**
   * BW-0038's network fix for a run line on the default bridge: `--network <net>` after `run`, and once per
   * script (before the first run line that joins it) or Markdown / AsciiDoc block (its first line), at the
   * same indentation (and `$ ` prompt), the line creating the network when it does not exist:
   * `docker network inspect <net> >/dev/null 2>&1 || docker network create <net>   # bulwark: …` (Docker
   * CLI reference `docker network create`; paper §V.2.15, R-G15 per-app networks), with the run line's
   * client and global options (`docker -H ssh://host`, `podman`): one line per client. Not added when the
   * script or block already has `<client> network create <net>` before this run line. An explicit `--network bridge` written at
   * `at` gets its value replaced instead.
   */
  joinNetwork(net: string, at?: Origin): boolean {
    if (at) {
      if (!this.replaceValue('network', at, net)) return false;
    } else this.add('--network', net);
    // The network is a profile value: named on the `# bulwark:` line above the command, as the other invented values.
    this.notes.push(`--network ${net}`);
    if (this.unit) return this.unitNetwork(net);
    const from = this.region?.start ?? 0;
    const to = this.region?.end ?? this.text.length;
    const scope = this.text.slice(from, to);
    // The client as the run line calls it, global options kept (`docker -H ssh://host`, `podman`).
    const after = afterRunWord(this.text, this.c.target.range.end);
    const client = this.text
      .slice(this.c.target.range.start, after ?? this.c.target.range.end)
      .replace(new RegExp(`[ \\t]*\\${this.cc}\\r?\\n[ \\t]*`, 'g'), ' ')
      .replace(/\s+(?:container\s+)?(?:run|create)$/, '')
      .trim();
    const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Created already before this run line (a line written by the user, or one an earlier round added for another
    // run line above): nothing to add. One below it does not help this line (`set -e` stops at "network not found").
    // What runs the client on the run line's own line: `sudo`, `env`, variable assignments (`DOCKER_HOST=…`).
    // The created network must be on the same engine, with the same rights.
    const cmdStart = this.commandLineStart();
    const before = this.text.slice(cmdStart + this.leadAt(cmdStart).length, this.c.target.range.start);
    const prefix = /^(?:(?:sudo(?:[ \t]+-[A-Za-z]+)*|env|[A-Za-z_][A-Za-z0-9_]*=(?:"[^"]*"|'[^']*'|[^\s'"]*))[ \t]+)*$/.test(before) ? before : '';
    const engine = engineOf(prefix + client);
    const created = new RegExp(`(?<=\\s)network\\s+create\\s+(?:\\S+\\s+)*${esc(net)}(\\s|$)`, 'g');
    for (let m = created.exec(scope); m; m = created.exec(scope)) {
      const at = from + m.index;
      if (at >= this.c.target.range.start) break;
      // On the same engine: the client, its global options and the variables that choose the engine (`DOCKER_HOST=…`),
      // as written before `network create` in that command of the line.
      const ls = lineStart(this.text, at);
      const onLine = this.text.slice(Math.min(at, ls + this.leadAt(ls).length), at);
      if (engineOf(onLine.replace(/.*(?:\|\||&&|;|\{|\|)/, '')) === engine) return true;
    }
    // bulwark's own line for this engine and network below this run line (added in an earlier round for a run line
    // further down, before this one left the host network or got its turn): it moves up here, so the script or block
    // creates the network once, before its first use.
    for (const own of this.ownNetworkLines(net, from, to)) {
      if (own.start > this.c.target.range.start && own.engine === engine) this.onceEdits.push({ key: `network-moved\0${own.start}`, edit: { start: own.start, end: own.end, text: '' } });
    }
    let s: number;
    if (this.region) s = this.region.start;
    else {
      s = cmdStart;
      // A run line inside a function or another compound command (indented, as shell scripts write their
      // bodies): the network is created before the enclosing top-level statement, so that it exists for every
      // run line of the script whichever runs first (a function is defined before it is called).
      if (/^[ \t]+\S/.test(this.text.slice(s, lineEnd(this.text, s)))) {
        for (let p = s; p > 0; ) {
          p = lineStart(this.text, p - 1);
          const l = this.text.slice(p, lineEnd(this.text, p));
          if (/^[^\s#]/.test(l)) {
            s = p;
            break;
          }
        }
      }
      // Above the `# bulwark:` lines of this command, if any.
      while (s > 0) {
        const prev = lineStart(this.text, s - 1);
        if (!/^[ \t]*(?:#|REM) bulwark: /.test(this.text.slice(prev, s - 1))) break;
        s = prev;
      }
    }
    // In a transcript the line carries the run line's prompt, so it reads as a command, not as output.
    const lead = this.leadAt(s, this.region && this.prompt !== '' ? this.prompt : undefined);
    const cl = prefix + client;
    // Each shell's way to create the network only when `network inspect` fails: POSIX `>/dev/null 2>&1 ||`;
    // PowerShell 5.1 has no `||` and no /dev/null (`*> $null`, `$LASTEXITCODE`); cmd.exe writes `>nul`, comments with `REM`.
    const note = 'bulwark: user-defined network (R-G15)';
    const line =
      this.shell === 'powershell'
        ? `${lead}${cl} network inspect ${net} *> $null; if ($LASTEXITCODE -ne 0) { ${cl} network create ${net} }   # ${note}\n`
        : this.shell === 'cmd'
          ? `${lead}${cl} network inspect ${net} >nul 2>&1 || ${cl} network create ${net} & REM ${note}\n`
          : `${lead}${cl} network inspect ${net} >/dev/null 2>&1 || ${cl} network create ${net}   # ${note}\n`;
    // One line per engine and network: run lines that differ only in `sudo` or in variables that do not choose the
    // engine share the one nearest the start (hardenText keeps that one per key).
    this.onceEdits.push({ key: `network\0${from}\0${engine}\0${net}`, edit: { start: s, end: s, text: line, rank: -1000 } });
    return true;
  }

  /**
   * {@link joinNetwork}'s line creating the network, for a command line of a systemd unit: a unit setting run before
   * the command, `ExecStartPre=-<client> network create <net>` (systemd.service(5): `ExecStartPre=` commands run in
   * order before `ExecStart=`; the `-` prefix ignores the failure when the network exists), with the client and
   * global options of the run line (`/usr/bin/docker -H …`), on the line before the command (and its `# bulwark:`
   * lines), after a `# bulwark: user-defined network (R-G15)` comment line of its own (a unit has no comments after a
   * setting). Not added when the unit already runs `network create <net>` before this command.
   */
  private unitNetwork(net: string): boolean {
    const unit = this.unit!;
    const esc = net.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const cmdStart = this.commandLineStart();
    const before = this.text.slice(unit.start, cmdStart);
    if (new RegExp(`^[ \\t]*ExecStart(?:Pre)?[ \\t]*=.*\\bnetwork[ \\t]+create[ \\t]+(?:\\S+[ \\t]+)*${esc}(?:[ \\t"';]|\\r?$)`, 'm').test(before)) return true;
    const after = afterRunWord(this.text, this.c.target.range.end);
    const client = this.text
      .slice(this.c.target.range.start, after ?? this.c.target.range.end)
      .replace(/[ \t]*\\\r?\n[ \t]*/g, ' ')
      .replace(/\s+(?:container\s+)?(?:run|create)$/, '')
      .trim();
    let s = cmdStart;
    while (s > unit.start) {
      const prev = lineStart(this.text, s - 1);
      if (!/^[ \t]*# bulwark: /.test(this.text.slice(prev, s - 1))) break;
      s = prev;
    }
    const lead = this.leadAt(s);
    const line = `${lead}# bulwark: user-defined network (R-G15)\n${lead}ExecStartPre=-${client} network create ${net}\n`;
    this.onceEdits.push({ key: `network\0unit\0${unit.start}\0${engineOf(client)}\0${net}`, edit: { start: s, end: s, text: line, rank: -1000 } });
    return true;
  }

  /**
   * The `… network inspect <net> … network create <net>   # bulwark: user-defined network (R-G15)` lines bulwark
   * added between `from` and `to` (any shell's form, see {@link joinNetwork}): each line's range (its line break
   * included) and the engine it talks to ({@link engineOf} of the words before `network inspect`).
   */
  private ownNetworkLines(net: string, from: number, to: number): { start: number; end: number; engine: string }[] {
    const out: { start: number; end: number; engine: string }[] = [];
    const marker = 'bulwark: user-defined network (R-G15)';
    for (let i = this.text.indexOf(marker, from); i !== -1 && i < to; i = this.text.indexOf(marker, i + marker.length)) {
      const ls = lineStart(this.text, i);
      const le = lineEnd(this.text, i);
      const cmd = this.text.slice(ls + this.leadAt(ls).length, le);
      const n = net.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const m = new RegExp(`^(.*?) network inspect ${n} .* network create ${n}(?:\\s|$)`).exec(cmd);
      if (m) out.push({ start: ls, end: Math.min(this.text.length, le + 1), engine: engineOf(m[1]) });
    }
    return out;
  }
}

/**
 * The engine a command's leading words talk to, as a key: the client and its global options (`docker -H ssh://h`,
 * `podman`), with the variables written before it that choose the engine (`DOCKER_HOST`, `DOCKER_CONTEXT`,
 * `DOCKER_CONFIG`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH`, `CONTAINER_HOST`, `CONTAINER_CONNECTION`: Docker CLI
 * reference "Environment variables", podman-remote(1)). `sudo` (and its flags), `env` and other assignments do not
 * change the engine and are left out; a client quoted as `"$DOCKER"` is `$DOCKER`.
 * @param words the command's words up to the subcommand (`sudo DOCKER_HOST=tcp://h:2376 docker -H x`)
 */
export function engineOf(words: string): string {
  const env: string[] = [];
  const client: string[] = [];
  for (const w of words.trim().split(/\s+/).filter(Boolean)) {
    if (client.length === 0) {
      if (w === 'sudo' || w === 'env' || w.startsWith('-')) continue;
      const a = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(w);
      if (a) {
        if (/^(?:DOCKER_(?:HOST|CONTEXT|CONFIG|TLS_VERIFY|CERT_PATH)|CONTAINER_(?:HOST|CONNECTION))$/.test(a[1])) env.push(`${a[1]}=${a[2].replace(/^(["'])(.*)\1$/, '$2')}`);
        continue;
      }
    }
    client.push(w.replace(/^"(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)"$/, '$1').replace(/^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/, '$$$1'));
  }
  return [...new Set(env)].sort().join(' ') + '\0' + client.join(' ');
}

/** Marks a note naming a variable whose value {@link RunEditor.passThroughEnv} removed (not a profile value). */
const ENV_REMOVED = '\u0000env:';
/** Marks a note naming a variable {@link RunEditor.envToSecretFile} moved to a secret file. */
const SECRET_FILE = '\u0000file:';

/**
 * Whether `word` is a docker run flag whose value is the next word: `--name`, `-v`, `-e` (not `--name=web`, not a
 * boolean such as `-d` or `--rm`, not a group of short booleans `-it`). An unknown flag counts as one (safe side).
 */
function takesValueNext(word: string): boolean {
  if (!word.startsWith('-') || word.includes('=')) return false;
  if (word.startsWith('--')) return BY_LONG.get(word.slice(2))?.value ?? true;
  // `-it`, `-dp` …: the last letter decides (`-dp 80:80` takes a value, `-it` does not).
  const last = BY_SHORT.get(word[word.length - 1]);
  return word.length === 2 ? (last?.value ?? true) : (last?.value ?? false);
}

/** Offset just past the `run` / `create` word after the `docker` word ending at `from`, or undefined. */
export function afterRunWord(text: string, from: number): number | undefined {
  let i = from;
  let skipNext = false;
  for (let n = 0; n < 32; n++) {
    for (;;) {
      if (text[i] === ' ' || text[i] === '\t') i++;
      else if (text[i] === '\\' && text[i + 1] === '\n') i += 2;
      else if (text[i] === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') i += 3;
      else break;
    }
    if (i >= text.length || text[i] === '\n') return undefined;
    const m = /^[^\s]+/.exec(text.slice(i, i + 256));
    if (!m) return undefined;
    const tok = m[0];
    const end = i + tok.length;
    i = end;
    if (skipNext) {
      skipNext = false;
      continue;
    }
    if (tok === 'run' || tok === 'create') return end;
    if (tok === 'container') continue;
    if (tok.startsWith('-')) {
      skipNext = GLOBAL_VALUE.has(tok);
      continue;
    }
    return undefined;
  }
  return undefined;
}
