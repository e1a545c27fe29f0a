/**
 * BW-0104 df-setuid-binary (DF_SUID): the Dockerfile creates a setuid/setgid file or grants passwordless
 * sudo in a shipped stage:
 *  - `chmod u+s`, `g+s`, `+s`, `a+s`, or a numeric mode with the setuid/setgid bit (`4755`, `2755`, `6755`,
 *    `04755`) in a RUN command (also in a `RUN <<EOF` script);
 *  - `install -m 4755 src dst` (also `-Dm4755`, `--mode=…`; install(1)) with such a mode;
 *  - `COPY --chmod=4755` / `ADD --chmod=…` with such a mode;
 *  - `setcap cap_setuid+ep …` and other escalating file capabilities ({@link fileCapabilities}; setcap(8));
 *  - a sudoers `NOPASSWD` rule written by RUN (to /etc/sudoers* or through `visudo`) or by `COPY <<EOF /etc/sudoers…` (not in the search pattern of a
 *    `sed s/…/…/`, which only looks for it: {@link sedSearchPatterns}).
 * `chmod +x` and the sticky bit (`1777`) are not setuid. Setgid alone on an evident directory (`chmod -R g+s
 * /srv`, `chmod 2775 /data/`, a directory made by `mkdir` earlier in a shipped RUN, a WORKDIR, a VOLUME, a standard
 * directory such as `/var/www/html`; {@link knownDirectories}) is not reported: new files inherit the group, nobody
 * gains privileges. Setuid is always reported.
 * A later setuid/setgid sweep in the shipped stages (`find / -xdev -perm /6000 -type f -exec chmod a-s {} +`,
 * also `-perm /4000` with `u-s`, `-perm /2000` with `g-s`, `-perm -4000`/`+6000`; the `bulwark harden` fix
 * writes the first form) clears the bits before the image is committed: a `chmod` or `COPY --chmod` whose
 * bits such a sweep clears afterwards (the file lies under the sweep's start path) is not reported, since
 * the bit never reaches the image. A sweep clears only what its expression selects: a file that an exclusion
 * (`! -name helper`, `-not -path '/usr/local/*'`, a pruned path) could match, or that its name tests do not select,
 * keeps its bits, and a `-type d` sweep clears no file ({@link sweepFilters}; BW-0104 QA). A later `chmod u-s` / `g-s` / `a-s` / `u=rwx` / numeric `0755` of the same
 * path (`RUN chmod u+s /usr/bin/ping` … `RUN chmod u-s /usr/bin/ping`; `-R` for what lies under it) clears it
 * the same way ({@link clearedBits}). A sudoers NOPASSWD rule is reported regardless.
 * A known password set in a RUN (`echo 'root:root' | chpasswd`, `printf 'pw\npw\n' | passwd`,
 * `echo pw | passwd --stdin root`; chpasswd(8), passwd(1)) is a way to become that user through the setuid
 * `su` (or sshd): for root it is reported high (data `{ command: 'chpasswd root' }`), for another user medium.
 * The password is written in the Dockerfile and its build history; it is never printed (`secretRanges`).
 * `passwd -d <user>` (an empty password: `su` needs none, CVE-2019-5021) is reported the same way.
 * `chpasswd -e` (a hash) and values with `$` expansions (a build argument: see BW-0103) are not reported.
 * A file left setuid/setgid by a stage that is not shipped and copied into a shipped one (`COPY --from=build
 * /out/helper /usr/local/bin/helper`, or its directory `/out/`) keeps the bit ({@link stageSetidFiles}): reported on
 * the COPY, naming the stage and the source path, unless a later sweep of the shipped stages clears it.
 * `ONBUILD RUN` triggers of the final stage (run in images built FROM this one, not in this image) are reported
 * at info for setuid/setgid chmod, known passwords and sudoers NOPASSWD.
 * CIS Docker Benchmark 1.6.0 4.8 ("Ensure setuid and
 * setgid permissions are removed"), R-G7, R-P, paper §V.2.7. data `{ command }` in short form
 * (`chmod 4755 chrome-sandbox`: the target's base name).
 */
import { defineRule } from './types.js';
import { callsMatching, commandOf, onbuildTriggers, shippedInstructions, shippedStages } from '../ingest/dockerfile/facts.js';
import type { ShellCall } from '../ingest/dockerfile/shell.js';
import type { SourceFile, SourceRange } from '../model/source.js';
import type { ImageBuildSpec, Stage } from '../model/types.js';

/**
 * The user whose password `passwd -d` / `--delete` removes (passwd(1); BusyBox passwd has `-d` too): the last
 * operand, root when none is named (a RUN runs as root unless a USER says otherwise). An empty password lets
 * `su` in without one (the Alpine image's CVE-2019-5021: root with an empty password field), and sudo where PAM
 * has `nullok`. `undefined` when the words do not delete a password. `words` follow the program name.
 */
export function passwordDeletedFor(words: string[]): string | undefined {
  if (!words.some((w) => w === '--delete' || /^-[a-zA-Z]*d[a-zA-Z]*$/.test(w))) return undefined;
  const operands = words.filter((w) => !w.startsWith('-'));
  return operands.length ? operands[operands.length - 1] : 'root';
}

/**
 * The special bits a chmod mode sets: `setuid` (`u+s`, `+s`, `a+s`, `4755`) and `setgid` (`g+s`, `g=s`,
 * `+s`, `2755`, `02755`). Numeric modes need 4+ digits to carry them (chmod(1)). GNU chmod also takes an
 * operator followed by octal digits (`=4711`, `+4000`, `+2000`; coreutils modechange.c): `+`/`=` with the
 * 4000 or 2000 bit sets it (busybox chmod rejects this form, so it only builds on GNU-userland images).
 */
export function setidBits(mode: string): { setuid: boolean; setgid: boolean } {
  if (/^[0-7]+$/.test(mode)) {
    const n = parseInt(mode, 8);
    return { setuid: mode.length >= 4 && (n & 0o4000) !== 0, setgid: mode.length >= 4 && (n & 0o2000) !== 0 };
  }
  const out = { setuid: false, setgid: false };
  for (const clause of mode.split(',')) {
    const octal = /^[+=]([0-7]+)$/.exec(clause);
    if (octal) {
      const n = parseInt(octal[1], 8);
      if (n & 0o4000) out.setuid = true;
      if (n & 0o2000) out.setgid = true;
      continue;
    }
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m || m[2] === '-' || !m[3].includes('s')) continue;
    if (m[1] === '' || /[ua]/.test(m[1])) out.setuid = true;
    if (m[1] === '' || /[ga]/.test(m[1])) out.setgid = true;
  }
  return out;
}

/** True if a chmod mode sets the setuid or setgid bit (`u+s`, `g=s`, `+s`, `4755`, `02755`). */
export function modeSetsSetid(mode: string): boolean {
  const b = setidBits(mode);
  return b.setuid || b.setgid;
}

const norm = (p: string) => p.replace(/\/+$/, '') || '/';

/** Directories of every Linux image (FHS 3.0) and the web roots of the official httpd/php images. */
const STANDARD_DIRECTORIES = ['/', '/srv', '/opt', '/home', '/tmp', '/var/tmp', '/var/www', '/var/www/html', '/var/log', '/var/lib', '/var/cache', '/var/spool', '/run', '/usr/local', '/usr/local/bin', '/usr/src'];

/**
 * The paths an instruction of a shipped stage makes evident as directories, for a later setgid-only chmod:
 * `WORKDIR /var/www/app` (created as a directory), `VOLUME /data` or `VOLUME ["/data", "/logs"]` (mount points
 * are directories), and `COPY … /app/` / `ADD … /app/` (a destination with a trailing `/`). Paths with variables are
 * skipped. `mkdir` calls are added by the caller (they are shell commands of a RUN).
 */
export function knownDirectories(keyword: string, args: string): string[] {
  const words = (): string[] => {
    const t = args.trim();
    if (t.startsWith('[')) {
      try {
        const a: unknown = JSON.parse(t);
        if (Array.isArray(a)) return a.filter((x): x is string => typeof x === 'string');
      } catch {
        // Not JSON: Docker reads the shell form.
      }
    }
    return t.split(/\s+/).map((w) => w.replace(/^["']|["']$/g, ''));
  };
  let out: string[] = [];
  if (keyword === 'WORKDIR') out = [args.trim().replace(/^["']|["']$/g, '')];
  else if (keyword === 'VOLUME') out = words();
  else if (keyword === 'COPY' || keyword === 'ADD') out = words().slice(-1).filter((w) => w.endsWith('/'));
  return out.filter((p) => p.startsWith('/') && !p.includes('$')).map(norm);
}

/**
 * True if every chmod target is evidently a directory: `-R`/`--recursive`, a trailing `/`, or one of `mkdirs`
 * (see {@link knownDirectories}). Setgid on a directory only makes new files inherit its group (chmod(1),
 * "SETUID AND SETGID BITS ON DIRECTORIES"): no privilege is granted.
 */
function allDirectories(opts: string[], targets: string[], mkdirs: Set<string>): boolean {
  if (targets.length === 0) return false;
  if (opts.some((o) => o === '--recursive' || /^-[A-Za-z]*R/.test(o))) return true;
  return targets.every((t) => t.endsWith('/') || mkdirs.has(norm(t)) || FHS_DIRECTORIES.has(norm(t)));
}

/**
 * Directories every Linux base image has (Filesystem Hierarchy Standard 3.0, and Debian's `/var/www`), which a
 * Dockerfile makes setgid so that files created there inherit the group (`chmod g+s /var/mail`,
 * `chmod 2775 /var/www/html`): a directory, not a program, so no privilege is granted.
 */
const FHS_DIRECTORIES = new Set([
  '/tmp', '/var/tmp', '/var/mail', '/var/spool/mail', '/var/spool', '/var/www', '/var/www/html', '/srv', '/opt', '/home',
  '/var/log', '/var/lib', '/var/cache', '/var/local', '/var/opt', '/usr/local', '/usr/src', '/mnt', '/media', '/run', '/var/run',
]);

/** What a `find … -perm /6000 … -exec chmod a-s {} +` sweep clears, and where: start paths and bits. */
interface Sweep {
  roots: string[];
  setuid: boolean;
  setgid: boolean;
  /** Only the roots themselves, not what lies under them (a non-recursive `chmod u-s /usr/bin/ping`). */
  exact?: boolean;
  /**
   * Name tests of the find expression ({@link sweepFilters}): files an exclusion (`! -name helper`,
   * `-not -path '/opt/*'`, a pruned `-path`) could match keep their bits; with `only`, a file must match one.
   */
  excludes?: NameTest[];
  only?: NameTest[];
}

/** A find(1) name test: `-name`/`-iname` (base name), `-path`/`-ipath`/`-wholename` (whole path), `-regex`/`-iregex`. */
export interface NameTest {
  test: string;
  pattern: string;
}

const NAME_TESTS = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex']);

/**
 * The name tests and file types of a find expression (find(1)): a test after `!` / `-not`, or one followed by
 * `-prune`, excludes what it matches; another restricts the sweep to what it matches. `types` is the `-type`
 * letters (GNU find takes `f,d`), `undefined` when no `-type` test is given. `words` are the expression words.
 */
export function sweepFilters(words: string[]): { excludes: NameTest[]; only: NameTest[]; types?: string[] } {
  const excludes: NameTest[] = [];
  const only: NameTest[] = [];
  let types: string[] | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    // `! -type d` selects more than files: only a positive `-type` narrows the sweep.
    if (w === '-type' && words[i + 1] !== undefined && !['!', '\\!', '-not'].includes(words[i - 1])) types = words[i + 1].split(',');
    if (!NAME_TESTS.has(w) || words[i + 1] === undefined) continue;
    const t = { test: w, pattern: words[i + 1] };
    const prev = words[i - 1];
    if (prev === '!' || prev === '\\!' || prev === '-not' || words[i + 2] === '-prune') excludes.push(t);
    else only.push(t);
  }
  return { excludes, only, types };
}

/** A find(1) glob (fnmatch(3) without FNM_PATHNAME: `*` also matches `/`) as a regular expression. */
function globRegExp(glob: string, flags: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        re += '[' + glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else if (ch === '\\' && i + 1 < glob.length) re += glob[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, flags);
}

/**
 * True if a find name test could match `target` (find(1)): `-name` against the base name, `-path` against the
 * whole path; a regex, a pattern holding a variable, or a relative target with a path test could match anything.
 */
export function nameTestCouldMatch(t: NameTest, target: string): boolean {
  if (/regex$/.test(t.test) || t.pattern.includes('$')) return true;
  const flags = t.test.startsWith('-i') ? 'i' : '';
  if (t.test === '-name' || t.test === '-iname') return globRegExp(t.pattern, flags).test(norm(target).replace(/^.*\//, ''));
  if (!target.startsWith('/')) return true;
  return globRegExp(t.pattern, flags).test(norm(target));
}

/**
 * The setuid/setgid bits a chmod mode clears on a regular file (chmod(1)): a symbolic clause that removes `s`
 * (`u-s`, `g-s`, `a-s`, `-s`, `ug-s`) or assigns without it (`u=rwx` clears setuid, `g=rx` setgid, `=rx`/`a=` both),
 * or a numeric mode without the bit (`755`, `0755`: on a regular file a numeric mode sets all bits, setuid and
 * setgid included; GNU chmod keeps them only on directories).
 */
export function clearedBits(mode: string): { setuid: boolean; setgid: boolean } {
  if (/^[0-7]+$/.test(mode)) {
    const n = parseInt(mode, 8);
    return { setuid: (n & 0o4000) === 0, setgid: (n & 0o2000) === 0 };
  }
  const out = { setuid: false, setgid: false };
  for (const clause of mode.split(',')) {
    // GNU operator-octal form (see setidBits): `=0755` clears both bits, `-4000` clears setuid.
    const octal = /^([-=])([0-7]+)$/.exec(clause);
    if (octal) {
      const n = parseInt(octal[2], 8);
      if ((octal[1] === '=') !== ((n & 0o4000) !== 0)) out.setuid = true;
      if ((octal[1] === '=') !== ((n & 0o2000) !== 0)) out.setgid = true;
      continue;
    }
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m || m[2] === '+' || (m[2] === '-' && !m[3].includes('s')) || (m[2] === '=' && m[3].includes('s'))) continue;
    if (m[1] === '' || /[ua]/.test(m[1])) out.setuid = true;
    if (m[1] === '' || /[ga]/.test(m[1])) out.setgid = true;
  }
  return out;
}

/**
 * The sweep a `find` call makes, if it is one: `-perm` with a mask holding 4000 and/or 2000 (`/6000`,
 * `-4000`, `+2000`, `/u+s`), and `-exec chmod MODE` whose MODE clears the same bits (`a-s`, `u-s`, `g-s`,
 * `-s`, `ug-s`). find(1) `-perm`, chmod(1).
 */
export function sweepOf(words: string[]): Sweep | undefined {
  // `words` start at the find command (`find` or `/usr/bin/find`).
  const p = words.indexOf('-perm');
  const e = words.indexOf('-exec');
  if (p < 0 || e < 0 || words[e + 1]?.replace(/^.*\//, '') !== 'chmod') return undefined;
  const mask = words[p + 1] ?? '';
  let has = { setuid: false, setgid: false };
  const num = /^[-/+]?(0?[0-7]{4})$/.exec(mask);
  if (num) {
    const n = parseInt(num[1], 8);
    has = { setuid: (n & 0o4000) !== 0, setgid: (n & 0o2000) !== 0 };
  } else if (/^[-/+]?[ugoa]*[+=][rwxst]*s/.test(mask)) {
    has = setidBits(mask.replace(/^[-/]/, ''));
  }
  const mode = words.slice(e + 2).find((w) => !/^-[A-Za-z]+$/.test(w) || /^-[rwxXst]+$/.test(w)) ?? '';
  const clears = { setuid: false, setgid: false };
  for (const clause of mode.split(',')) {
    const m = /^([ugoa]*)-([rwxXst]*)$/.exec(clause);
    if (!m || !m[2].includes('s')) continue;
    if (m[1] === '' || /[ua]/.test(m[1])) clears.setuid = true;
    if (m[1] === '' || /[ga]/.test(m[1])) clears.setgid = true;
  }
  const out = { setuid: has.setuid && clears.setuid, setgid: has.setgid && clears.setgid };
  if (!out.setuid && !out.setgid) return undefined;
  // words[0] is find itself; its start paths run up to the first option or expression word.
  const roots: string[] = [];
  for (const w of words.slice(1)) {
    if (w.startsWith('-') || w === '!' || w === '(') break;
    roots.push(w);
  }
  // `-type d` clears directories only; `! -name helper` keeps helper's bits (QA: the kept binary is shipped).
  const f = sweepFilters(words.slice(1 + roots.length, e));
  if (f.types && !f.types.includes('f')) return undefined;
  return { roots: roots.length ? roots.map(norm) : ['.'], ...out, ...(f.excludes.length ? { excludes: f.excludes } : {}), ...(f.only.length ? { only: f.only } : {}) };
}

/** True if the sweep covers `target` (an absolute path under one of its roots; any path when a root is `/`). */
function sweepCovers(sw: Sweep, target: string): boolean {
  if (sw.excludes?.some((t) => nameTestCouldMatch(t, target))) return false;
  // A file outside what the positive name tests select keeps its bits (a regex: unknown, so not cleared).
  if (sw.only && !sw.only.every((t) => !/regex$/.test(t.test) && !t.pattern.includes('$') && nameTestCouldMatch(t, target))) return false;
  if (sw.exact) return sw.roots.includes(norm(target));
  return sw.roots.some((r) => r === '/' || (target.startsWith('/') && (norm(target) === r || norm(target).startsWith(r + '/'))));
}

/** Options of install(1) (GNU coreutils, BusyBox) that take a value, short and long. */
const INSTALL_VALUE_SHORT = new Set(['-m', '-o', '-g', '-t', '-S', '-Z']);
const INSTALL_VALUE_LONG = new Set(['--mode', '--owner', '--group', '--target-directory', '--suffix', '--context']);

/**
 * A `find ROOT… [tests] -exec chmod MODE {} ;` (or `-execdir`, `-ok`, `+`) call (find(1)): the chmod mode, the
 * roots searched, and whether `-type d` limits it to directories. `words` start at the find command.
 * `undefined` when no `-exec chmod` is there.
 */
export function findExecChmod(words: string[]): { mode: string; roots: string[]; directoriesOnly: boolean } | undefined {
  const e = words.findIndex((w) => w === '-exec' || w === '-execdir' || w === '-ok' || w === '-okdir');
  if (e < 0 || words[e + 1]?.replace(/^.*\//, '') !== 'chmod') return undefined;
  const mode = words.slice(e + 2).find((w) => !/^-[A-Za-z]+$/.test(w) && !w.startsWith('--'));
  if (!mode || mode === '{}') return undefined;
  const roots: string[] = [];
  for (const w of words.slice(1)) {
    if (w.startsWith('-') || w === '(' || w === '!' || w === '\\(') break;
    roots.push(norm(w));
  }
  const t = words.indexOf('-type');
  return { mode, roots, directoriesOnly: t >= 0 && t < e && words[t + 1] === 'd' };
}

/**
 * The mode and destinations of an `install` call (install(1): `-m MODE`, `-mMODE`, `-Dm4755` with boolean
 * short options clustered before `m`, `--mode=MODE`, `--mode MODE`; `-t DIR` / `--target-directory=DIR`).
 * `words` start after the program word. Destinations: the `-t` directory, else the last operand; `-d`
 * (create directories) makes every operand a destination and sets `directories`. `undefined` when no mode is given.
 */
export function installMode(words: string[]): { mode: string; targets: string[]; directories: boolean } | undefined {
  let mode: string | undefined;
  let dir: string | undefined;
  let dirs = false;
  const operands: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      operands.push(...words.slice(i + 1));
      break;
    }
    const long = /^(--[a-z-]+)(?:=(.*))?$/.exec(w);
    if (long) {
      if (!INSTALL_VALUE_LONG.has(long[1])) {
        if (long[1] === '--directory') dirs = true;
        continue;
      }
      const value = long[2] ?? words[++i];
      if (long[1] === '--mode') mode = value;
      else if (long[1] === '--target-directory') dir = value;
      continue;
    }
    const short = /^-([bcCdDpsTv]*)([mogtSZ])(.*)$/.exec(w);
    if (short) {
      if (short[1].includes('d')) dirs = true;
      const value = short[3] !== '' ? short[3] : words[++i];
      if (short[2] === 'm') mode = value;
      else if (short[2] === 't') dir = value;
      continue;
    }
    if (/^-[bcCdDpsTv]+$/.test(w)) {
      if (w.includes('d')) dirs = true;
      continue;
    }
    operands.push(w);
  }
  if (mode === undefined) return undefined;
  const targets = dir !== undefined ? [dir] : dirs ? operands : operands.slice(-1);
  return { mode, targets, directories: dirs };
}

/**
 * The `user:password` pairs a pipeline feeds to `chpasswd` / `passwd` from a literal `echo` / `printf` (the
 * command before it in the pipeline), with each password's source range for masking. chpasswd(8): lines of
 * `user:password` (clear text unless `-e`/`--encrypted`); passwd(1): the password twice for the named user
 * (root when none is named), `--stdin` (RHEL) once. Empty when the input is not a literal. A word that is only a
 * variable (`"$SSH_PASSWD"`) is read through `env` (the literal ENV values set before the RUN), its range being the
 * ENV value's.
 */
export function knownPasswords(
  file: { text: string },
  call: ShellCall,
  cmd: { name: string; at: number },
  env?: (name: string) => { value: string; range: SourceRange } | undefined,
): { user: string; range: SourceRange }[] {
  const pipe = call.pipeline;
  const i = pipe ? pipe.indexOf(call) : -1;
  if (!pipe || i < 1) return [];
  const feeder = pipe[i - 1];
  const fc = commandOf(feeder);
  if (!fc || (fc.name !== 'echo' && fc.name !== 'printf')) return [];
  const args = cmd.name === 'chpasswd' || cmd.name === 'passwd' ? call.words.slice(cmd.at + 1) : [];
  if (cmd.name === 'chpasswd' && args.some((w) => /^-(?:[a-z]*e|-encrypted)$/.test(w))) return [];
  let k = fc.at + 1;
  while (k < feeder.words.length && /^-[neE]+$/.test(feeder.words[k])) k++;
  // `printf 'root:%s\n' "$PW"`: the password is an argument, not in the format: not read (never half-masked).
  if (fc.name === 'printf' && (feeder.words[k] ?? '').includes('%')) return [];
  const out: { user: string; range: SourceRange }[] = [];
  for (let j = k; j < feeder.words.length; j++) {
    const w = feeder.words[j];
    // `echo "$SSH_PASSWD" | chpasswd` with `ENV SSH_PASSWD "root:Docker!"` (Azure App Service images): the literal ENV value.
    const ref = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(w);
    const known = ref && env ? env(ref[1] ?? ref[2]) : undefined;
    if (known) {
      if (cmd.name === 'chpasswd') {
        for (const m of known.value.matchAll(/(?:^|\n)([a-z_][a-z0-9_.-]*\$?):([^\n]+)/gi)) out.push({ user: m[1], range: known.range });
      } else {
        out.push({ user: args.find((a) => !a.startsWith('-')) ?? 'root', range: known.range });
        break;
      }
      continue;
    }
    if (w.includes('$') || w.includes('`')) return [];
    const r = feeder.wordRanges[j];
    const src = file.text.slice(r.start, r.end);
    if (cmd.name === 'chpasswd') {
      for (const m of src.matchAll(/(^|\\n|\n|["'\s])([a-z_][a-z0-9_.-]*\$?):([^"'\s\\]+)/gi)) {
        const s = r.start + m.index! + m[1].length + m[2].length + 1;
        out.push({ user: m[2], range: { file: r.file, start: s, end: s + m[3].length } });
      }
    } else {
      const user = args.find((a) => !a.startsWith('-')) ?? 'root';
      const q = /^["']/.test(src) ? 1 : 0;
      out.push({ user, range: { file: r.file, start: r.start + q, end: r.end - q } });
      break;
    }
  }
  return out;
}

/**
 * The search patterns of sed(1) `s` commands in a text (`s/^# %wheel.*NOPASSWD: ALL/%wheel ALL=(ALL) NOPASSWD: ALL/`,
 * any delimiter but blanks, `:` and `\`), as offset ranges: a sudoers rule that is only searched for is not written
 * (a `sed` that removes NOPASSWD grants nothing; one that uncomments it is reported once, at the replacement).
 */
export function sedSearchPatterns(text: string): { start: number; end: number }[] {
  if (!/\bsed\b/.test(text)) return [];
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/(?<![\w.-])s([/|#,@!+%])((?:\\.|(?!\1)[^\n])*)\1(?:\\.|(?!\1)[^\n])*\1/g)) {
    const start = m.index! + 2;
    out.push({ start, end: start + m[2].length });
  }
  return out;
}

/**
 * File capabilities that raise privileges (capabilities(7)): `CAP_SETUID`/`CAP_SETGID` (become any user, root
 * included: `os.setuid(0)`; GTFOBins "Capabilities"), `CAP_SYS_ADMIN`, `CAP_DAC_OVERRIDE`/`CAP_DAC_READ_SEARCH` (read
 * and write any file, /etc/shadow included), `CAP_FOWNER`, `CAP_CHOWN`, `CAP_SYS_PTRACE`, `CAP_SYS_MODULE`,
 * `CAP_SYS_RAWIO`. `CAP_NET_BIND_SERVICE` and `CAP_NET_RAW` (a web server on port 80, ping) are the usual, harmless uses.
 */
const ESCALATING_FILE_CAPS = new Set(['setuid', 'setgid', 'sys_admin', 'dac_override', 'dac_read_search', 'fowner', 'chown', 'sys_ptrace', 'sys_module', 'sys_rawio']);

/**
 * The escalating capabilities a `setcap` call grants (setcap(8), cap_from_text(3): `cap_setuid+ep`,
 * `cap_setuid,cap_setgid=eip`, `all+ep`, several clauses separated by blanks in one quoted word), its first
 * target, and what they give. `undefined` for `setcap -r` (removal), harmless capabilities, or a `-` / `=` clause
 * that grants nothing. `words` follow the program name.
 */
export function fileCapabilities(words: string[]): { caps: string[]; target: string; gives: string } | undefined {
  const rest = words.filter((w) => !/^-[qnv]$/.test(w));
  if (rest.includes('-r') || rest.length < 2) return undefined;
  const [text, target] = rest;
  const caps: string[] = [];
  for (const clause of text.toLowerCase().split(/\s+/)) {
    const m = /^([a-z_,]*)([=+-])([eip]*)/.exec(clause);
    if (!m || m[2] === '-' || !/[ep]/.test(m[3]) || m[2] === '=' && m[3] === '') continue;
    for (const name of m[1] === '' || m[1] === 'all' ? ['all'] : m[1].split(',')) {
      const bare = name.replace(/^cap_/, '');
      if (bare === 'all' || ESCALATING_FILE_CAPS.has(bare)) caps.push(bare === 'all' ? 'all' : `cap_${bare}`);
    }
  }
  if (caps.length === 0) return undefined;
  const root = caps.some((c) => c === 'all' || c === 'cap_setuid' || c === 'cap_setgid' || c === 'cap_sys_admin');
  return { caps, target, gives: root ? 'become root' : 'bypass file permissions or reach the kernel as root would' };
}

/** Remediation of a sudoers NOPASSWD finding (the rule's own remediation is about setuid bits). */
const NOPASSWD_FIX = 'remove the NOPASSWD rule (and sudo) from the image: do the root-only steps in RUN before USER, and run the service as that USER';
/** Remediation of a known or empty password finding. */
const PASSWORD_FIX = 'RUN passwd -l root   # lock the account instead of setting a password; give run-time credentials (a Docker secret) to the one service that needs them';

/**
 * The files a build stage leaves setuid/setgid (absolute paths, in build order): `chmod 4755 /out/helper`,
 * `install -m 4755 … /out/x`, `COPY --chmod=4755 … /out/x` in that stage or a stage it is built FROM, less those a later
 * sweep or `chmod u-s` of the same stages clears. `COPY --from=<stage>` keeps the mode bits, setuid and setgid
 * included (Dockerfile reference, "COPY --from"; verified with `docker build`), so a shipped stage that copies such a
 * file ships the bit (CIS Docker Benchmark 1.6.0 4.8, R-G7). Relative paths (WORKDIR) are not followed.
 */
export function stageSetidFiles(file: SourceFile, img: ImageBuildSpec, stage: Stage): { path: string; setuid: boolean; setgid: boolean; command: string }[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.parent) chain.unshift(s);
  const set: { path: string; setuid: boolean; setgid: boolean; command: string; at: number }[] = [];
  const sweeps: (Sweep & { at: number })[] = [];
  let order = 0;
  for (const instr of chain.flatMap((s) => s.instructions)) {
    order++;
    if (instr.keyword === 'COPY' && instr.flags.chmod && modeSetsSetid(instr.flags.chmod)) {
      const dest = instr.args.trim().split(/\s+/).pop() ?? '';
      if (dest.startsWith('/')) set.push({ path: norm(dest), ...setidBits(instr.flags.chmod), command: `COPY --chmod=${instr.flags.chmod}`, at: order });
    }
    if (instr.keyword !== 'RUN') continue;
    for (const call of callsMatching(file, img, instr, /chmod|install/)) {
      order++;
      const c = commandOf(call);
      if (c?.name === 'find') {
        const sw = sweepOf(call.words.slice(c.at));
        if (sw) sweeps.push({ ...sw, at: order });
      } else if (c?.name === 'install') {
        const im = installMode(call.words.slice(c.at + 1));
        if (im && modeSetsSetid(im.mode)) for (const t of im.targets) if (t.startsWith('/')) set.push({ path: norm(t), ...setidBits(im.mode), command: `install -m ${im.mode} ${t}`, at: order });
      } else if (c?.name === 'chmod') {
        const rest = call.words.slice(c.at + 1);
        const modeAt = rest.findIndex((w) => !/^-[A-Za-z]+$/.test(w) && !w.startsWith('--'));
        if (modeAt < 0) continue;
        const targets = rest.slice(modeAt + 1).filter((t) => t.startsWith('/'));
        const clears = clearedBits(rest[modeAt]);
        if ((clears.setuid || clears.setgid) && targets.length > 0) {
          const recursive = rest.slice(0, modeAt).some((o) => o === '--recursive' || /^-[A-Za-z]*R/.test(o));
          sweeps.push({ roots: targets.map(norm), setuid: clears.setuid, setgid: clears.setgid, exact: !recursive, at: order });
        }
        const bits = setidBits(rest[modeAt]);
        if (bits.setuid || bits.setgid) for (const t of targets) set.push({ path: norm(t), ...bits, command: `chmod ${rest[modeAt]} ${t}`, at: order });
      }
    }
  }
  return set
    .map((f) => {
      const later = sweeps.filter((sw) => sw.at > f.at);
      const kept = (bit: 'setuid' | 'setgid') => f[bit] && !later.some((sw) => sw[bit] && sweepCovers(sw, f.path));
      return { path: f.path, setuid: kept('setuid'), setgid: kept('setgid'), command: f.command };
    })
    .filter((f) => f.setuid || f.setgid);
}

const base = (p: string) => p.replace(/\/+$/, '').slice(p.replace(/\/+$/, '').lastIndexOf('/') + 1);

export default defineRule({
  meta: {
    id: 'BW-0104',
    slug: 'df-setuid-binary',
    title: 'Dockerfile adds a setuid/setgid binary, passwordless sudo or a known password',
    severity: 'high',
    attackClasses: ['R-K', 'R-P'],
    requirements: ['R-G7', 'R-P', 'R-K'],
    cis: { '1.6.0': ['4.8'] },
    paper: '§V.2.7',
    inputs: ['dockerfile'],
    description:
      'A setuid/setgid binary (or a file capability such as cap_setuid+ep), a NOPASSWD sudoers rule, or a password set at build time (`echo root:root | chpasswd`: the same password in every container of the image, readable in `docker history`) lets any process in the container become root or another user: a non-root USER no longer contains a compromise. Setuid helpers are the usual way from an application bug to root inside the container, and from there to kernel attack surface.',
    remediation: {
      dockerfile:
        'RUN chmod u-s,g-s /path/to/binary   # or remove the line that set the bit; strip inherited ones: find / -xdev -perm /6000 -type f -exec chmod a-s {} +\n# and deploy with --cap-drop SETUID --cap-drop SETGID --security-opt no-new-privileges',
    },
    breaks: 'Programs that rely on the setuid bit (sandboxes, ping on old systems, sudo) lose that privilege.',
    fix: 'unsafe',
  },
  checkImage(img, ctx) {
    const file = ctx.source;
    if (!file) return;
    // Bits set, in build order; sweeps found later clear the ones they cover before the image is committed.
    const pending: { setuid: boolean; setgid: boolean; targets: string[]; message: string; at: ReturnType<typeof file.range>; command: string; after: number }[] = [];
    const sweeps: (Sweep & { at: number })[] = [];
    let order = 0;
    /** Paths known to be directories so far (standard ones, WORKDIR, VOLUME, `mkdir`, `COPY … /dir/`): setgid there is harmless. */
    const mkdirs = new Set<string>(STANDARD_DIRECTORIES);
    const shipped = new Set(shippedStages(img));
    /** Literal ENV values of the shipped stages (`ENV SSH_PASSWD "root:Docker!"`), for `echo "$SSH_PASSWD" | chpasswd`. */
    const literalEnv = shippedStages(img)
      .flatMap((st) => st.env)
      .flatMap((e) => (e.kind === 'literal' && e.valueOrigin?.kind === 'file' ? [{ name: e.name, value: e.value ?? '', at: e.origin.kind === 'file' ? e.origin.start : Infinity, range: file.range(e.valueOrigin.start, e.valueOrigin.end) }] : []));
    for (const instr of shippedInstructions(img)) {
      for (const d of knownDirectories(instr.keyword, instr.args)) mkdirs.add(d);
      if (instr.keyword === 'RUN') {
        // Cheap exit: no chmod in the text, no call to look at.
        const calls = callsMatching(file, img, instr, /chmod|install|passwd|mkdir|setcap/);
        for (const call of calls) {
          order++;
          const c = commandOf(call);
          if (c?.name === 'mkdir') for (const w of call.words.slice(c.at + 1)) if (!w.startsWith('-')) mkdirs.add(norm(w));
          if (c?.name === 'find') {
            const sw = sweepOf(call.words.slice(c.at));
            if (sw) sweeps.push({ ...sw, at: order });
            else {
              const fx = findExecChmod(call.words.slice(c.at));
              if (fx) {
                const bits = setidBits(fx.mode);
                if (bits.setuid || (bits.setgid && !fx.directoriesOnly)) {
                  const command = ['find -exec chmod', fx.mode, ...fx.roots.slice(0, 1).map(base)].join(' ');
                  pending.push({ ...bits, targets: fx.roots, message: `${command}: sets the setuid/setgid bit on the files found`, at: call.range, command, after: order });
                }
              }
            }
            continue;
          }
          if (c?.name === 'install') {
            // `install -m 4755 src /usr/local/bin/x` copies the file and sets the mode in one step.
            const im = installMode(call.words.slice(c.at + 1));
            if (!im) continue;
            const bits = setidBits(im.mode);
            if (!bits.setuid && !bits.setgid) continue;
            if (!bits.setuid && (im.directories || allDirectories([], im.targets, mkdirs))) continue;
            const command = ['install -m', im.mode, ...im.targets.slice(0, 1).map(base)].join(' ');
            pending.push({ ...bits, targets: im.targets, message: `${command}: installs a file with the setuid/setgid bit`, at: call.range, command, after: order });
            continue;
          }
          if (c?.name === 'setcap') {
            // `setcap cap_setuid+ep /usr/bin/python3`: a file capability is the setuid bit's modern form.
            const fc = fileCapabilities(call.words.slice(c.at + 1));
            if (fc) {
              const command = `setcap ${fc.caps.join(',')} ${base(fc.target)}`;
              ctx.report({ message: `${command}: a file capability that lets whoever runs the file ${fc.gives}`, at: call.range, data: { command } });
            }
            continue;
          }
          if (c && (c.name === 'chpasswd' || c.name === 'passwd')) {
            const deleted = c.name === 'passwd' ? passwordDeletedFor(call.words.slice(c.at + 1)) : undefined;
            if (deleted) {
              const root = deleted === 'root';
              ctx.report({
                message: root
                  ? 'passwd -d root leaves root without a password: any process can su to root without one'
                  : `passwd -d ${deleted} leaves ${deleted} without a password: su (and sudo, where ${deleted} may use it) to ${deleted} needs none`,
                at: call.range,
                severity: root ? 'high' : 'medium',
                data: { command: `passwd -d ${deleted}` },
                fix: PASSWORD_FIX,
              });
              continue;
            }
            const envAt = (name: string) => {
              const e = literalEnv.find((x) => x.name === name && x.at < instr.range.start);
              return e && { value: e.value, range: e.range };
            };
            for (const k of knownPasswords(file, call, c, envAt)) {
              const root = k.user === 'root';
              ctx.report({
                message: root
                  ? `${c.name} sets a known root password (written in the Dockerfile and the build history): any process can su to root`
                  : `${c.name} sets a known password for ${k.user} (written in the Dockerfile and the build history): any process can su to ${k.user}`,
                at: call.range,
                severity: root ? 'high' : 'medium',
                data: { command: `${c.name} ${k.user}` },
                secretRanges: [k.range],
                fix: PASSWORD_FIX,
              });
            }
            continue;
          }
          if (!c || c.name !== 'chmod') continue;
          const rest = call.words.slice(c.at + 1);
          const modeAt = rest.findIndex((w) => !/^-[A-Za-z]+$/.test(w) && !w.startsWith('--'));
          if (modeAt < 0) continue;
          const bits = setidBits(rest[modeAt]);
          const targets = rest.slice(modeAt + 1);
          // `chmod u-s /usr/bin/ping` (or `chmod 0755 x`) after a `chmod u+s` of the same file clears the bit
          // before the image is committed; `-R` clears it under the targets too.
          const clears = clearedBits(rest[modeAt]);
          if ((clears.setuid || clears.setgid) && targets.length > 0) {
            const recursive = rest.slice(0, modeAt).some((o) => o === '--recursive' || /^-[A-Za-z]*R/.test(o));
            sweeps.push({ roots: targets.map(norm), setuid: clears.setuid, setgid: clears.setgid, exact: !recursive, at: order });
          }
          if (!bits.setuid && !bits.setgid) continue;
          if (!bits.setuid && allDirectories(rest.slice(0, modeAt), targets, mkdirs)) continue;
          const command = ['chmod', rest[modeAt], ...targets.slice(0, 1).map(base)].join(' ');
          pending.push({ ...bits, targets, message: `${command}: sets the setuid/setgid bit`, at: call.range, command, after: order });
        }
      }
      order++;
      if ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && instr.flags.chmod && modeSetsSetid(instr.flags.chmod)) {
        const text = file.text.slice(instr.range.start, instr.argsRange.start);
        const i = text.search(/--chmod=/i);
        const start = instr.range.start + Math.max(i, 0);
        const command = `${instr.keyword} --chmod=${instr.flags.chmod}`;
        // The destination is the last argument (a relative one lies under WORKDIR: covered by a sweep of /).
        const dest = instr.args.trim().split(/\s+/).pop() ?? '';
        pending.push({ ...setidBits(instr.flags.chmod), targets: [dest], message: `${command}: copies a file with the setuid/setgid bit`, at: file.range(start, start + (i >= 0 ? 8 + instr.flags.chmod.length : 0)), command, after: order });
      }
      if (instr.keyword === 'COPY' && instr.flags.from !== undefined && !instr.flags.chmod && !instr.args.trimStart().startsWith('[')) {
        // `COPY --from=build /out/helper /usr/local/bin/helper` after `chmod 4755 /out/helper` in stage build: the bit is kept.
        const from = instr.flags.from.toLowerCase();
        const src = img.stages.find((st) => st.name === from || String(st.index) === from);
        if (src && !shipped.has(src)) {
          const words = instr.args.trim().split(/\s+/).map((w) => w.replace(/^["']|["']$/g, ''));
          const dest = words.pop() ?? '';
          const files = stageSetidFiles(file, img, src);
          for (const w of words) {
            const dir = w.endsWith('/');
            const carried = files.filter((f) => (dir ? f.path.startsWith(norm(w) + '/') || norm(w) === '/' : f.path === norm(w)));
            for (const f of carried) {
              // Where the file lands: a directory copies its contents; a file into `dest/` keeps its name.
              const target = dir ? `${norm(dest)}${f.path.slice(norm(w).length)}` : dest.endsWith('/') || words.length > 1 ? `${norm(dest)}/${base(f.path)}` : dest;
              const command = `COPY --from=${instr.flags.from} ${f.path}`;
              const stageLabel = src.name ?? String(src.index);
              pending.push({ setuid: f.setuid, setgid: f.setgid, targets: [target], message: `${command}: copies ${base(f.path)} with the setuid/setgid bit set in stage ${stageLabel} (${f.command}); COPY --from keeps it`, at: file.range(instr.range.start, instr.range.end), command, after: order });
            }
          }
        }
      }
      if (instr.keyword === 'RUN' || instr.keyword === 'COPY' || instr.keyword === 'ADD') {
        const text = file.text.slice(instr.range.start, instr.range.end);
        if (!/sudoers|visudo/.test(text)) continue;
        const searched = sedSearchPatterns(text);
        for (const m of text.matchAll(/\bNOPASSWD\s*:/g)) {
          if (searched.some((r) => r.start <= m.index! && m.index! < r.end)) continue;
          const start = instr.range.start + m.index!;
          ctx.report({ message: 'writes a sudoers NOPASSWD rule: passwordless sudo to root', at: file.range(start, start + 'NOPASSWD'.length), data: { command: 'sudoers NOPASSWD' }, fix: NOPASSWD_FIX });
        }
      }
    }
    // ONBUILD triggers: what images built FROM this one will run (not this image's layers): info.
    for (const t of onbuildTriggers(file, img)) {
      if (t.keyword !== 'RUN') continue;
      for (const call of callsMatching(file, img, t, /chmod|passwd/)) {
        const c = commandOf(call);
        if (c?.name === 'chmod') {
          const rest = call.words.slice(c.at + 1);
          const modeAt = rest.findIndex((w) => !/^-[A-Za-z]+$/.test(w) && !w.startsWith('--'));
          const bits = modeAt < 0 ? undefined : setidBits(rest[modeAt]);
          if (!bits || (!bits.setuid && !bits.setgid) || (!bits.setuid && allDirectories(rest.slice(0, modeAt), rest.slice(modeAt + 1), new Set()))) continue;
          const command = ['chmod', rest[modeAt], ...rest.slice(modeAt + 1, modeAt + 2).map(base)].join(' ');
          ctx.report({ message: `ONBUILD trigger ${command}: images built FROM this one get a setuid/setgid file`, at: call.range, severity: 'info', data: { command } });
        } else if (c && (c.name === 'chpasswd' || c.name === 'passwd')) {
          for (const k of knownPasswords(file, call, c))
            ctx.report({ message: `ONBUILD trigger ${c.name}: images built FROM this one get a known password for ${k.user}`, at: call.range, severity: 'info', data: { command: `${c.name} ${k.user}` }, secretRanges: [k.range] });
        }
      }
      const text = file.text.slice(t.argsRange.start, t.argsRange.end);
      if (/sudoers|visudo/.test(text))
        for (const m of text.matchAll(/\bNOPASSWD\s*:/g)) {
          if (sedSearchPatterns(text).some((r) => r.start <= m.index! && m.index! < r.end)) continue;
          const start = t.argsRange.start + m.index!;
          ctx.report({ message: 'ONBUILD trigger writes a sudoers NOPASSWD rule into images built FROM this one', at: file.range(start, start + 'NOPASSWD'.length), severity: 'info', data: { command: 'sudoers NOPASSWD' } });
        }
    }
    for (const p of pending) {
      const later = sweeps.filter((sw) => sw.at > p.after);
      const cleared = (bit: 'setuid' | 'setgid') => !p[bit] || (p.targets.length > 0 && p.targets.every((t) => later.some((sw) => sw[bit] && sweepCovers(sw, t))));
      if (cleared('setuid') && cleared('setgid')) continue;
      ctx.report({ message: p.message, at: p.at, data: { command: p.command } });
    }
  },
});
