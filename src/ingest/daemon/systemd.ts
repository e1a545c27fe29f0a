/**
 * systemd units and drop-ins that start dockerd (docker.service, /etc/systemd/system/docker.service.d/*.conf).
 *
 * Syntax per systemd.syntax(7) and systemd.service(5): `[Section]` headers, `Key=value` lines, `#`/`;`
 * comments, a trailing backslash joins the next line (the backslash becomes a space; comment lines inside a
 * continuation are skipped); an empty `ExecStart=` in a drop-in resets the list, the next `ExecStart=`
 * replaces the command; `ExecStart=` prefixes `-@:+!`; `Environment=` assignments (quoted words) and
 * `EnvironmentFile=` files (`-` prefix: optional) feed `$VAR` (split at whitespace) and `${VAR}` (one word)
 * in the command line, files overriding `Environment=` (systemd.exec(5)). `LimitNOFILE=`, `LimitNPROC=`,
 * `LimitCORE=`, `TasksMax=` are kept as {@link DaemonSpec.unitLimits}.
 */
import { emptyDaemon, type DaemonSpec } from '../../model/daemon.js';
import { SourceFile, type SourceRange } from '../../model/source.js';
import type { InputError } from '../../model/types.js';
import { isSecretEnv } from '../../rules/util/secrets.js';
import { charRange, tokenizeLine, type Word } from '../run/index.js';
import type { IngestContext } from '../types.js';
import { applyDockerdFlags, dockerdArgsStart, markRootless, type FlagWord } from './flags.js';

export { shadowedUnitFiles, unitLoadPath } from './unit-paths.js';

/** One `Key=value` assignment of a unit file. Offsets into the file text; `value` with continuations joined. */
export interface UnitEntry {
  section: string;
  key: string;
  value: string;
  keyStart: number;
  valueStart: number;
  /** End of the value (trailing blanks excluded). */
  end: number;
}

/**
 * Splits a unit file into assignments. `clean` is the text with continuation backslashes, the line breaks
 * they join and comment lines inside continuations turned into spaces: same length, same offsets, so a
 * tokenizer run over `clean` gives positions in the original text.
 */
export function parseUnit(text: string): { entries: UnitEntry[]; clean: string } {
  const chars = text.split('');
  const blank = (s: number, e: number) => {
    for (let k = s; k < e && k < chars.length; k++) chars[k] = ' ';
  };
  const entries: UnitEntry[] = [];
  let section = '';
  let cur: Omit<UnitEntry, 'value' | 'end'> | undefined;
  const finish = (end: number) => {
    const clean = chars.join('');
    let e = end;
    while (e > cur!.valueStart && /\s/.test(clean[e - 1])) e--;
    let s = cur!.valueStart;
    while (s < e && /\s/.test(clean[s])) s++;
    entries.push({ ...cur!, valueStart: s, end: e, value: clean.slice(s, e) });
    cur = undefined;
  };
  let pos = 0;
  while (pos <= text.length) {
    let le = text.indexOf('\n', pos);
    if (le === -1) le = text.length;
    const txt = text.slice(pos, le).replace(/\r$/, '');
    const contd = /\\$/.test(txt);
    const joinNext = () => blank(pos + txt.length - 1, le + 1);
    if (cur) {
      if (/^\s*[#;]/.test(txt)) blank(pos, le + 1);
      else if (contd) joinNext();
      else finish(pos + txt.length);
    } else {
      const t = txt.trim();
      if (t.startsWith('[')) section = t.slice(1, t.indexOf(']') === -1 ? undefined : t.indexOf(']'));
      else if (t && !t.startsWith('#') && !t.startsWith(';') && txt.includes('=')) {
        const eq = txt.indexOf('=');
        cur = { section, key: txt.slice(0, eq).trim(), keyStart: pos + txt.length - txt.trimStart().length, valueStart: pos + eq + 1 };
        if (contd) joinNext();
        else finish(pos + txt.length);
      }
    }
    pos = le + 1;
  }
  if (cur) finish(text.length);
  return { entries, clean: chars.join('') };
}

/** A variable for `$VAR` expansion: its value and, when written in this file, the word that holds it. */
interface EnvValue {
  value: string;
  /** The `NAME=value` word of an `Environment=` line, and where the value starts in it. */
  word?: Word;
  offset: number;
  /** The file of `word` (the unit, or a drop-in that sets the environment). */
  src?: SourceFile;
  /** The `EnvironmentFile=` the value was read from (its path in the unit's tree). */
  fromFile?: string;
  /** For a value of an `EnvironmentFile=`: that file, and where each character of the value is written in it. */
  envFile?: { src: SourceFile; offsets: number[] };
}

/** A systemd unit directory in a path (systemd.unit(5) "Unit File Load Path"), with what comes before it. */
const UNIT_DIR = /(?:^|\/)(?:usr\/local\/lib|usr\/lib|etc|run|lib)\/systemd\/system(?:\/|$)/;

/**
 * Where to read an absolute `EnvironmentFile=` path of the unit at `unitPath`. A unit inside a copy of a root
 * filesystem (`image/rootfs/etc/systemd/system/docker.service`, a config repository laid out like `/`) reads
 * `image/rootfs/etc/sysconfig/docker`, the file of that tree, not the auditing machine's; a unit in the
 * machine's own unit directories (`/etc/systemd/system/…`, `/lib/systemd/system/…`; a relative
 * `etc/systemd/system/…` is the working directory's tree) and a unit anywhere else
 * (given with its environment file as inputs: `docker.service /etc/sysconfig/docker`) read the path as written.
 */
export function environmentFileAt(unitPath: string, path: string): string {
  if (!path.startsWith('/')) return path;
  const u = unitPath.replace(/\\/g, '/');
  const m = UNIT_DIR.exec(u);
  if (!m) return path;
  // `etc/systemd/system/docker.service` given relative: the tree is the working directory's.
  if (m.index === 0 && !m[0].startsWith('/')) return path.slice(1);
  return u.slice(0, m.index) + path;
}

/** One variable of an EnvironmentFile: its value and, per character of the value, its offset in the file. */
export interface EnvFileValue {
  value: string;
  /** `offsets[i]` is where `value[i]` is written in the file text (escapes and quotes skipped). */
  offsets: number[];
}

/**
 * Reads an EnvironmentFile as systemd does (systemd.exec(5) `EnvironmentFile=`; the parser is systemd's
 * src/basic/env-file.c `parse_env_file_internal`): `NAME=value` assignments; lines starting with `#` or `;` are
 * comments; blanks around the name and before the value are dropped, trailing blanks of an unquoted value too;
 * `'…'` is literal, line breaks included; in `"…"` a backslash escapes `"`, `\`, `` ` `` and `$`, is kept before
 * any other character, and a backslash-newline joins the next line; unquoted, a backslash escapes the next
 * character and a backslash-newline joins the next line ("A line ending with a backslash will be concatenated
 * with the following one"); quoted and unquoted pieces of one value are concatenated. A leading `export ` is
 * accepted (shell-style files; bulwark is lenient here). No variable expansion. Later assignments of a name win.
 */
export function parseEnvFile(text: string): Map<string, EnvFileValue> {
  const out = new Map<string, EnvFileValue>();
  const isWs = (c: string) => c === ' ' || c === '\t';
  const isNl = (c: string) => c === '\n' || c === '\r';
  type State = 'preKey' | 'key' | 'preValue' | 'value' | 'valueEsc' | 'single' | 'double' | 'doubleEsc' | 'comment';
  let state: State = 'preKey';
  let key = '';
  let value = '';
  let offsets: number[] = [];
  /** Length of `value` before its trailing unquoted blanks, when the last characters are such blanks. */
  let trailing = -1;
  const push = () => {
    let k = key.trim();
    if (/^export[ \t]+/.test(k)) k = k.replace(/^export[ \t]+/, '');
    if (trailing >= 0) {
      value = value.slice(0, trailing);
      offsets = offsets.slice(0, trailing);
    }
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) out.set(k, { value, offsets });
    key = '';
    value = '';
    offsets = [];
    trailing = -1;
  };
  const add = (c: string, at: number) => {
    value += c;
    offsets.push(at);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    switch (state) {
      case 'preKey':
        if (c === '#' || c === ';') state = 'comment';
        else if (!isWs(c) && !isNl(c)) {
          state = 'key';
          key = c;
        }
        break;
      case 'key':
        if (isNl(c)) {
          state = 'preKey';
          key = '';
        } else if (c === '=') state = 'preValue';
        else key += c;
        break;
      case 'preValue':
        if (isNl(c)) {
          state = 'preKey';
          push();
        } else if (c === "'") state = 'single';
        else if (c === '"') state = 'double';
        else if (c === '\\') state = 'valueEsc';
        else if (!isWs(c)) {
          state = 'value';
          trailing = -1;
          add(c, i);
        }
        break;
      case 'value':
        if (isNl(c)) {
          state = 'preKey';
          push();
        } else if (c === '\\') {
          state = 'valueEsc';
          trailing = -1;
        } else {
          if (isWs(c)) {
            if (trailing < 0) trailing = value.length;
          } else trailing = -1;
          add(c, i);
        }
        break;
      case 'valueEsc':
        state = 'value';
        // An escaped line break joins the next line (a CRLF file: the backslash escapes the CR, the LF is eaten too).
        if (c === '\r' && text[i + 1] === '\n') i++;
        else if (!isNl(c)) add(c, i);
        break;
      case 'single':
        if (c === "'") state = 'preValue';
        else add(c, i);
        break;
      case 'double':
        if (c === '"') state = 'preValue';
        else if (c === '\\') state = 'doubleEsc';
        else add(c, i);
        break;
      case 'doubleEsc':
        state = 'double';
        if (c === '"' || c === '\\' || c === '`' || c === '$') add(c, i);
        else if (c === '\r' && text[i + 1] === '\n') i++;
        else if (c !== '\n') {
          add('\\', i - 1);
          add(c, i);
        }
        break;
      case 'comment':
        if (isNl(c)) state = 'preKey';
        break;
    }
  }
  // End of file: a value being read is kept (an unterminated quote too, as systemd does).
  if (state === 'preValue' || state === 'value' || state === 'valueEsc' || state === 'single' || state === 'double' || state === 'doubleEsc') push();
  return out;
}

const LIMITS = new Set(['LimitNOFILE', 'LimitNPROC', 'LimitCORE', 'TasksMax']);

/** Ranges of secret values in `NAME=value` (secret-looking names, passwords in URLs such as HTTP_PROXY). */
function secretsIn(file: SourceFile, w: Word, name: string, value: string, offset: number): SourceRange[] {
  if (!value) return [];
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:([^@\s]+)@/i.exec(value);
  if (m) {
    const i = offset + value.indexOf(':' + m[1] + '@') + 1;
    return [charRange(file, w, i, i + m[1].length)];
  }
  if (isSecretEnv(name, value)) return [charRange(file, w, offset, offset + value.length)];
  return [];
}

/**
 * The words of the script of `sh -c '<script>'` (also `bash`, `dash`, `/bin/sh -ec`, after a `/usr/bin/env`),
 * tokenized inside the quotes so offsets stay those of `text`; undefined when `words` is not such a command.
 */
function shellScriptWords(text: string, words: Word[]): Word[] | undefined {
  for (let i = 0; i + 2 < words.length; i++) {
    if (!/(?:^|\/)(?:ba|da|z)?sh$/.test(words[i].value)) continue;
    if (!/^-[a-z]*c[a-z]*$/.test(words[i + 1].value)) return undefined;
    const w = words[i + 2];
    const q = text[w.start];
    const quoted = (q === '"' || q === "'") && text[w.end - 1] === q && w.end - w.start >= 2;
    return quoted ? tokenizeLine(text, w.start + 1, w.end - 1) : tokenizeLine(text, w.start, w.end);
  }
  return undefined;
}

/**
 * Reads a systemd unit or drop-in whose `ExecStart=` runs dockerd (directly, or through `sh -c '…'`), with the
 * drop-ins systemd applies after it: one effective service, as systemd builds it (systemd.unit(5) "drop-in": the
 * unit file, then every `*.conf` of its `.d/` directories in lexical order of file name; systemd.service(5)
 * `ExecStart=`: an empty value resets the list, so the last `ExecStart=` after a reset is the command that runs;
 * systemd.exec(5) `Environment=` accumulates over all files, a later assignment of one name replacing the earlier,
 * an empty value resetting the list; `EnvironmentFile=` likewise; `Limit*=`/`TasksMax=`: the last written wins).
 * @param dropIns drop-ins applied after `file`, in systemd's order (`docker.service.d/10-opts.conf`,
 *   `20-exec.conf`): any of them may set the environment, replace the command or the limits. Flags and settings
 *   have origins in the file that writes them (an `Environment=` of one drop-in expanded by the `ExecStart=` of
 *   another points at the `Environment=` value)
 * @returns the spec (`source: 'systemd-unit'`, `partial`; `file` and target: the file of the `ExecStart=` that
 *   runs and its `[Service]` header), or no spec when no effective `ExecStart=` of a `[Service]` section runs
 *   dockerd; input errors from the flags; `envSources`: the `EnvironmentFile=` files read (options expanded from
 *   one have origins at the line:column of that file that writes them); never throws
 */
export async function daemonFromUnit(
  file: SourceFile,
  ctx: IngestContext,
  dropIns: SourceFile[] = [],
): Promise<{ daemon?: DaemonSpec; errors: InputError[]; secretRanges: SourceRange[]; envSources?: SourceFile[] }> {
  const errors: InputError[] = [];
  const secretRanges: SourceRange[] = [];
  let exec: { entry: UnitEntry; src: SourceFile; clean: string } | undefined;
  const env = new Map<string, EnvValue>();
  const limits = new Map<string, { entry: UnitEntry; src: SourceFile }>();
  let envFiles: { entry: UnitEntry; clean: string; src: SourceFile }[] = [];
  // The unit, then its drop-ins (systemd.unit(5)): one pass over every [Service] assignment in that order.
  for (const src of [file, ...dropIns]) {
    const { entries, clean } = parseUnit(src.text);
    for (const e of entries) {
      if (e.section !== 'Service') continue;
      if (e.key === 'ExecStart') exec = e.value === '' ? undefined : { entry: e, src, clean };
      else if (e.key === 'Environment') {
        if (e.value === '') env.clear();
        for (const w of tokenizeLine(clean, e.valueStart, e.end)) {
          const eq = w.value.indexOf('=');
          if (eq <= 0) continue;
          const name = w.value.slice(0, eq);
          const value = w.value.slice(eq + 1);
          env.set(name, { value, word: w, offset: eq + 1, src });
          secretRanges.push(...secretsIn(src, w, name, value, eq + 1));
        }
      } else if (e.key === 'EnvironmentFile') {
        if (e.value === '') envFiles = [];
        else envFiles.push({ entry: e, clean, src });
      } else if (LIMITS.has(e.key)) limits.set(e.key, { entry: e, src });
    }
  }
  if (!exec) return { errors, secretRanges };
  // Positions of the command line are in the file whose ExecStart= runs (the unit, or the drop-in that replaced it).
  const { entry: execEntry, src: execFile, clean } = exec;
  let words = tokenizeLine(clean, execEntry.valueStart, execEntry.end);
  let startIdx = dockerdArgsStart(words);
  if (startIdx < 0) {
    // `ExecStart=/bin/sh -c "exec /usr/bin/dockerd -H tcp://0.0.0.0:2375"`: the shell runs dockerd; its words
    // are read from inside the quoted script (same offsets).
    const inner = shellScriptWords(clean, words);
    if (inner) {
      words = inner;
      startIdx = dockerdArgsStart(words);
    }
  }
  if (startIdx < 0) return { errors, secretRanges };

  // EnvironmentFile= values override Environment= ones; an unreadable optional file leaves its variables unknown.
  const unknownFiles: string[] = [];
  const envSources: SourceFile[] = [];
  for (const { entry: ef, clean: efClean, src } of envFiles) {
    for (const w of tokenizeLine(efClean, ef.valueStart, ef.end)) {
      const optional = w.value.startsWith('-');
      const path = optional ? w.value.slice(1) : w.value;
      const at = environmentFileAt(src.path, path);
      const text = await ctx.readFile(at);
      if (text === undefined) {
        unknownFiles.push(path);
        continue;
      }
      const envSrc = new SourceFile(at, text);
      envSources.push(envSrc);
      for (const [k, v] of parseEnvFile(text)) env.set(k, { value: v.value, offset: 0, fromFile: at, envFile: { src: envSrc, offsets: v.offsets } });
    }
  }

  // Target: the `[Service]` header above ExecStart (findings about missing settings go there, not on the
  // ExecStart line, whose flags have findings of their own); `ExecStart=…dockerd` without a header.
  const prog = words[startIdx - 1];
  let header: RegExpExecArray | undefined;
  for (const m of execFile.text.slice(0, execEntry.keyStart).matchAll(/^[ \t]*(\[Service\])/gm)) header = m;
  const tRange = header ? execFile.range(header.index! + header[0].length - header[1].length, header.index! + header[0].length) : execFile.range(execEntry.keyStart, prog.end);
  const d = emptyDaemon({ kind: 'daemon', name: execFile.path, range: tRange }, 'systemd-unit', execFile.path, 'partial');
  // The EnvironmentFile= files whose variables ExecStart= expands (paths in the unit's tree): their options are this
  // unit's (src/engine/daemon-pairs.ts); a file read but not expanded passes nothing to dockerd.
  const usedFiles = new Set<string>();
  const args: FlagWord[] = [];
  const unresolved: string[] = [];
  for (const w of words.slice(startIdx)) {
    const split = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(w.raw);
    const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(w.raw);
    const name = split?.[1] ?? whole?.[1];
    if (name !== undefined) {
      const ev = env.get(name);
      if (ev?.fromFile) usedFiles.add(ev.fromFile);
      if (!ev) {
        if (unknownFiles.length) {
          unresolved.push(name);
          args.push({ value: w.raw, start: w.start, end: w.end, unresolved: true });
        } else if (whole) args.push({ value: '', start: w.start, end: w.end });
        continue;
      }
      const pieces: [number, number][] = [];
      const words = ev.value.trim().split(/\s+/);
      if (whole && words.length > 1) {
        // systemd.service(5): `${VAR}` is replaced by the value as exactly one argument, whitespace and all; only
        // `$VAR` is split. dockerd then reads `-H tcp://… --icc=false` as one flag whose value is the rest, and refuses
        // to start (moby opts ValidateHost; pflag ParseBool): none of these options applies. The words are not
        // echoed (an option may carry a credential).
        const pos = execFile.position(w.start);
        errors.push({
          file: execFile.path,
          line: pos.line,
          column: pos.column,
          code: 'parse',
          message: `${w.raw} passes its ${words.length} words${ev.fromFile ? ` from ${ev.fromFile}` : ''} to dockerd as one argument (systemd splits $${name} at whitespace, not ${w.raw}), so dockerd refuses to start: write $${name}`,
        });
        continue;
      }
      if (whole) pieces.push([0, ev.value.length]);
      else for (const m of ev.value.matchAll(/\S+/g)) pieces.push([m.index!, m.index! + m[0].length]);
      for (const [a, b] of pieces) {
        // Where the option is written: the Environment= value, or the EnvironmentFile= line that sets it.
        if (ev.envFile && b > a) {
          args.push({ value: ev.value.slice(a, b), start: ev.envFile.offsets[a], end: ev.envFile.offsets[b - 1] + 1, src: ev.envFile.src });
          continue;
        }
        const r = ev.word ? charRange(ev.src ?? execFile, ev.word, ev.offset + a, ev.offset + b) : { start: w.start, end: w.end };
        args.push({ value: ev.value.slice(a, b), start: r.start, end: r.end, ...(ev.word && ev.src && ev.src !== execFile ? { src: ev.src } : {}) });
      }
      continue;
    }
    if (w.unresolved) {
      // `--data-root=${ROOT}` inside a word: substitute known variables.
      let missing = false;
      const value = w.value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a: string, b: string) => {
        const ev = env.get(a ?? b);
        if (ev?.fromFile) usedFiles.add(ev.fromFile);
        if (ev) return ev.value;
        if (unknownFiles.length) missing = true;
        return '';
      });
      args.push({ value, start: w.start, end: w.end, ...(missing ? { unresolved: true } : {}) });
      continue;
    }
    args.push({ value: w.value, start: w.start, end: w.end });
  }
  const execOrigin = { kind: 'file' as const, file: execFile.path, start: execEntry.valueStart, end: execEntry.end };
  if (usedFiles.size) d.extra.environmentFiles = { value: [...usedFiles], origin: execOrigin, how: 'explicit' };
  markRootless(d, prog, execFile.path);
  // Words expanded from another file's Environment= (a drop-in, or the unit when a drop-in's ExecStart= runs) or from
  // an EnvironmentFile= have positions in that file (their `src`): origins and errors point where the value is written.
  errors.push(...applyDockerdFlags(d, args, execFile.path, execFile));
  if (unresolved.length) {
    d.extra.unresolvedEnvironment = { value: unresolved, origin: execOrigin, how: 'unresolved', raw: unknownFiles.join(' ') };
  }
  if (limits.size) {
    d.unitLimits = {};
    for (const [key, { entry: l, src }] of limits) d.unitLimits[key] = { value: l.value, origin: { kind: 'file', file: src.path, start: l.keyStart, end: l.end }, how: 'explicit' };
  }
  return { daemon: d, errors, secretRanges, envSources };
}

/**
 * Reads a systemd socket unit or drop-in for dockerd (`docker.socket`, `docker.socket.d/*.conf`), with the drop-ins
 * systemd applies after it (systemd.unit(5): the unit, then its `*.conf` drop-ins in lexical order): with
 * `-H fd://` dockerd serves on the sockets systemd passes it, so `ListenStream=` lines are its listeners
 * (systemd.socket(5): an absolute path is a unix socket, `port`, `addr:port` or `[v6]:port` a TCP listener;
 * a port alone listens on all addresses). An empty `ListenStream=` (drop-in) resets the list.
 * `SocketMode=` / `SocketGroup=` go to `socketUnit` (the socket file's permissions, CIS 3.15/3.16), the last written.
 * @returns the spec (`source: 'systemd-unit'`, `partial`, target = the `[Socket]` header above the first setting kept,
 *   in its file; `hosts` as `unix:///run/docker.sock`, `tcp://0.0.0.0:2375`, origin the value in the file that
 *   writes it), or none without a `ListenStream=`, `SocketMode=` or `SocketGroup=`
 */
export function daemonFromSocketUnit(file: SourceFile, dropIns: SourceFile[] = []): DaemonSpec | undefined {
  type At = { e: UnitEntry; src: SourceFile };
  let listens: At[] = [];
  let mode: At | undefined;
  let group: At | undefined;
  for (const src of [file, ...dropIns]) {
    for (const e of parseUnit(src.text).entries) {
      if (e.section !== 'Socket') continue;
      // The socket file's mode and group (systemd.socket(5)); an empty value resets to systemd's default.
      if (e.key === 'SocketMode') mode = e.value === '' ? undefined : { e, src };
      else if (e.key === 'SocketGroup') group = e.value === '' ? undefined : { e, src };
      if (e.key !== 'ListenStream') continue;
      if (e.value === '') listens = [];
      else listens.push({ e, src });
    }
  }
  const first = listens[0] ?? mode ?? group;
  if (!first) return undefined;
  const tf = first.src;
  let header: RegExpExecArray | undefined;
  for (const m of tf.text.slice(0, first.e.keyStart).matchAll(/^[ \t]*(\[Socket\])/gm)) header = m;
  const tRange = header ? tf.range(header.index! + header[0].length - header[1].length, header.index! + header[0].length) : tf.range(first.e.keyStart, first.e.end);
  const d = emptyDaemon({ kind: 'daemon', name: tf.path, range: tRange }, 'systemd-unit', tf.path, 'partial');
  const sourced = ({ e, src }: At) => ({ value: e.value, origin: { kind: 'file' as const, file: src.path, start: e.valueStart, end: e.end }, how: 'explicit' as const });
  d.socketUnit = { ...(mode ? { mode: sourced(mode) } : {}), ...(group ? { group: sourced(group) } : {}) };
  for (const l of listens) {
    const v = l.e.value;
    const host = v.startsWith('/') ? `unix://${v}` : v.startsWith('@') || /^vsock:/i.test(v) ? `unix://${v}` : /^\d+$/.test(v) ? `tcp://0.0.0.0:${v}` : `tcp://${v}`;
    d.hosts.push({ ...sourced(l), value: host, raw: v });
  }
  return d;
}
