/**
 * Jenkins pipelines (`Jenkinsfile`, `Jenkinsfile.<name>`, `<name>.jenkinsfile`; Groovy): the containers they
 * start, at their own lines and columns (R-G5, R-G6, R-G9, R-S; CIS Docker Benchmark 1.6.0 5.x):
 *  - `sh` steps (`sh 'docker run …'`, `sh """…"""`, `sh(script: '…', returnStdout: true)`): the string is a
 *    shell script, read by the shell ingester; `bat`, `powershell` and `pwsh` steps line by line;
 *  - the Docker agent of a declarative pipeline (jenkins.io, "Using Docker with Pipeline": `agent { docker {
 *    image 'maven:3' args '-v /var/run/docker.sock:/var/run/docker.sock' } }`, also `agent { docker 'maven:3' }`)
 *    and `docker.image('maven:3').inside('…')` of a scripted one: Jenkins starts the image with `docker run -t -d
 *    -u <uid>:<gid> -w <workspace> -v <workspace>…` and the `args` / `inside` argument, as written; the
 *    user is the agent's (unknown here, not root unless `args` says `-u root`);
 *  - `docker.image('mysql:8').withRun('-e MYSQL_ROOT_PASSWORD=pw')` and `.run('…')`: `docker run -d` with those
 *    arguments, no user added; also on a variable assigned from `docker.image('…')` / `docker.build('…')`
 *    (`def db = docker.image('mysql:8')` … `db.withRun('…')`), and `inside { … }` without arguments;
 *    argument strings joined with `+` are read as one;
 *  - `agent { dockerfile { filename 'Dockerfile.build'; args '…' } }`: the built image (unknown, named by its
 *    Dockerfile) run as a docker agent with those args;
 *  - steps with named arguments: `sh label: 'x', script: '…'`, `sh(returnStatus: true, script: '…')`.
 * Secrets assigned in Groovy (`environment { API_KEY = '…' }`, `def dbPassword = '…'`, `withEnv(["X=…"])`)
 * are masked in every report (R-S). A string cut off by the end of the file is an input error at its quote.
 * Groovy string literals are read with their exact source ranges: '…', "…" (with `${…}` interpolation kept as
 * written: a shell-style unknown value), '''…''' and """…""" (multi-line), comments (`//`, `/* … *‍/`) skipped.
 * Groovy escapes (`\"`, `\'`, `\$`, `\\`) are read as the characters they stand for at the same length
 * (see {@link unescaped}). Each step is read on a text of its own, so a big Jenkinsfile is read in linear time.
 */
import { SourceFile, type SourceRange } from '../../model/source.js';
import { isSecretEnv, secretNameKind } from '../../rules/util/secrets.js';
import type { ContainerSpec, InputError, IngestResult } from '../../model/types.js';
import { parseDockerRun } from '../run/parse.js';
import { tokenizeLine } from '../run/shell.js';
import type { Word } from '../run/word.js';
import type { IngestContext } from '../types.js';
import { appendResult, readScript, settleExecs, tokenMasks } from './move.js';
import { synthetic } from './github-containers.js';
import { restoreExpressions } from './expressions.js';

/** One Groovy string literal: the range of its content (quotes excluded) and its delimiter. */
export interface GroovyString {
  start: number;
  end: number;
  quote: "'" | '"' | "'''" | '"""' | '/';
  /** The string runs to the end of the text without its closing quote (a truncated or malformed file). */
  unterminated?: true;
}

/**
 * The string literals of Groovy source, in order, with comments skipped (Groovy Language Documentation,
 * "Syntax": comments, strings). Slashy strings are not recognised (a `/` is division or a regex there, and no
 * pipeline step takes one); an unterminated string ends at the end of the text.
 */
export function groovyStrings(text: string): GroovyString[] {
  const out: GroovyString[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e;
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
    } else if (c === "'" || c === '"') {
      const triple = text.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      const start = i + q.length;
      let k = start;
      while (k < n) {
        if (text[k] === '\\') {
          k += 2;
          continue;
        }
        if (text.startsWith(q, k)) break;
        if (!triple && text[k] === '\n') break;
        k++;
      }
      out.push({ start, end: Math.min(k, n), quote: q as GroovyString['quote'], ...(k >= n ? { unterminated: true } : {}) });
      i = k + q.length;
    } else i++;
  }
  return out;
}

/**
 * The string's content with Groovy's `\"`, `\'`, `\$` and `\\` escapes read as the character they stand for, at
 * the same length: a quote that opens a shell word after a blank reads ` "`, one that closes it before a blank
 * `" `; any other escaped character loses its backslash and the word it sits in moves one place right, a blank
 * taking its first place (`-e PASSWORD=\"pw\"` reads ` -e  PASSWORD="pw" `: `PASSWORD="pw"` is one word, at
 * most a column or two right of where it is written). In a Windows step (`windows`), `\\` stays as written,
 * which the command-line tokenizer reads as one backslash (`C:\\data` is `C:\data`). `undefined` for a quote
 * closed inside a word whose quoted text holds a blank (moving the word would change the value).
 */
function unescaped(text: string, s: GroovyString, windows = false): string | undefined {
  const body = text.slice(s.start, s.end);
  if (!body.includes('\\')) return body;
  const out: string[] = [];
  const open: Record<string, number> = {};
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    const x = body[i + 1];
    if (c !== '\\' || x === undefined || !'"\'$\\'.includes(x)) {
      out.push(c);
      continue;
    }
    i++;
    if (x === '\\' && windows) {
      out.push('\\', '\\');
      continue;
    }
    const quote = x === '"' || x === "'";
    const closing = quote && open[x] !== undefined;
    if (closing) {
      const from = open[x];
      delete open[x];
      const next = body[i + 1];
      if (next === undefined || /\s/.test(next)) {
        out.push(x, ' ');
        continue;
      }
      if (out.slice(from).some((ch) => /\s/.test(ch))) return undefined;
    }
    // The word the escaped character sits in moves one place right, a blank taking its first place.
    let w = out.length;
    while (w > 0 && !/\s/.test(out[w - 1])) w--;
    out.splice(w, 0, ' ');
    if (quote && !closing) open[x] = out.length;
    out.push(x);
  }
  return out.join('');
}

/** The string's content as a shell reads it (escapes, and for double-quoted strings interpolations); `undefined` if unreadable. */
function shellBody(text: string, s: GroovyString, windows = false): string | undefined {
  const body = unescaped(text, s, windows);
  return body !== undefined && s.quote.startsWith('"') ? interpolationsAsVariables(body) : body;
}

/**
 * A Groovy GString's `${expression}` (`${env.DB_PASSWORD}`, `${params.TAG}`) as a shell variable of the same
 * length (`${env_DB_PASSWORD}`): Groovy fills it in before the shell runs, so it is an unknown value, and a
 * shell parser would reject the dot. `${NAME}` stays as written.
 */
function interpolationsAsVariables(body: string): string {
  return body.replace(/\$\{([^{}\n]*)\}/g, (m, inner: string) => {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner)) return m;
    let name = inner.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(name)) name = '_' + name.slice(1);
    return '${' + (name || '_') + '}';
  });
}

/** What a string is the argument of: the identifier (and call chain) written just before it. */
function callBefore(text: string, at: number): string {
  const head = text.slice(Math.max(0, at - 120), at).replace(/\s+$/, '');
  // `sh label: 'x', script: '…'`, `sh(returnStatus: true, script: '…')`, `sh script: '…', label: 'x'` (named
  // arguments of the step, jenkins.io "Pipeline: Nodes and Processes": sh, bat, powershell, pwsh).
  const named = /(?:^|[^\w.])(sh|bat|powershell|pwsh)\s*\(?\s*(?:[A-Za-z_]\w*\s*:\s*(?:'[^'\n]*'|"[^"\n]*"|[\w.]+)\s*,\s*)*script\s*:$/.exec(head);
  if (named) return named[1];
  // `sh 'x'`, `sh('x')`, `sh(script: 'x'`, `args 'x'`, `.inside('x'`, `image 'x'`, `docker 'x'`
  const m = /(?:^|[^\w.])((?:docker\.image\([^)]*\)\.)?[A-Za-z_]\w*)\s*(?:\(\s*(?:script\s*:\s*)?)?$/.exec(head);
  return m ? m[1] : '';
}


/** The string as one word (its content, as written). */
const stringWord = (text: string, s: GroovyString): Word => ({ value: text.slice(s.start, s.end), start: s.start, end: s.end, raw: text.slice(s.start, s.end) });

/**
 * Reads a Jenkinsfile (see the module comment). Never throws; a script the shell parser rejects gives its
 * error at its line, as in a shell script.
 */
export async function ingestJenkinsfile(file: SourceFile, ctx: IngestContext): Promise<IngestResult> {
  const result: IngestResult = { containers: [], images: [], errors: [] };
  const text = file.text;
  const strings = groovyStrings(text);
  // The file as its GStrings are read (same length): a report quotes `${c.id}` as written, not `${c_id}`.
  let asRead: string | undefined;
  const launch = (words: Word[]): ContainerSpec | null => {
    const r = parseDockerRun(words, file);
    result.errors.push(...(r.errors as InputError[]));
    if (r.container) {
      restoreExpressions([r.container], text, (asRead ??= interpolationsAsVariables(text)));
      result.containers.push(r.container);
    }
    return r.container;
  };
  // The image strings of `name = docker.image('…')` / `docker.build('…')` assignments, by variable name.
  const byOpen = new Map(strings.map((t) => [t.start - t.quote.length, t]));
  const images = new Map<string, GroovyString>();
  for (const m of text.matchAll(/(?:^|[^\w.])([A-Za-z_]\w*)\s*=\s*docker\s*\.\s*(?:image|build)\s*\(\s*(?=['"])/g)) {
    const t = byOpen.get(m.index + m[0].length);
    if (t) images.set(m[1], t);
  }
  /**
   * The `docker run` words of the argument string `strings[i]` and of the strings `+`-concatenated after it
   * (`'-p 8080:80 ' + '-v /etc:/host-etc:ro'`), at their own positions; line breaks inside are blanks.
   */
  const argWords = (i: number): Word[] => {
    let j = i;
    while (j + 1 < strings.length && /^\s*\+\s*$/.test(text.slice(strings[j].end + strings[j].quote.length, strings[j + 1].start - strings[j + 1].quote.length))) j++;
    const from = strings[i].start;
    let flat = '';
    for (let k = i; k <= j; k++) {
      const body = shellBody(text, strings[k]);
      if (body === undefined) return [];
      flat += body.replace(/\n/g, ' ');
      if (k < j) flat += ' '.repeat(strings[k + 1].start - strings[k].end);
    }
    const lineStart = text.lastIndexOf('\n', from - 1) + 1;
    const words = tokenizeLine(' '.repeat(from - lineStart) + flat, from - lineStart, from - lineStart + flat.length);
    // Positions in the file: the local text starts at `lineStart`.
    return words.map((w) => ({ ...w, start: w.start + lineStart, end: w.end + lineStart, ...(w.offsets ? { offsets: w.offsets.map((o) => o + lineStart) } : {}) }));
  };
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i];
    if (s.unterminated) {
      // Only the last string can run to the end: the file is cut short or malformed (Groovy rejects it too).
      const p = file.position(s.start - s.quote.length);
      result.errors.push({ file: file.path, line: p.line, column: p.column, message: `unterminated string literal: no closing ${s.quote} before the end of the file`, code: 'parse' });
      break;
    }
    const call = callBefore(text, s.start - s.quote.length);
    const name = call.replace(/^docker\.image\([^)]*\)\./, '');
    if (name === 'sh' || name === 'bat' || name === 'powershell' || name === 'pwsh') {
      const windows = name !== 'sh';
      const body = shellBody(text, s, windows);
      if (body === undefined || !/\b(?:docker|podman|dockerd)\b/.test(body)) continue;
      // Each step on a text of its own, moved to its place (linear in a big Jenkinsfile); Windows steps (`bat`,
      // `powershell`, `pwsh`) line by line, their errors dropped (Windows paths the Linux CLI grammar does not read).
      // `bat` runs cmd.exe (jenkins.io "Windows Batch Script"): `$` is an ordinary character there.
      appendResult(result, await readScript(file, ctx, s.start, body, name === 'bat' ? 'cmd' : windows ? 'windows' : 'posix'));
      continue;
    }
    // `withDockerContainer(image: 'x', args: '…') { … }` / `withDockerContainer('x') { … }` (Docker Pipeline
    // plugin, jenkins.io "Pipeline: Docker": the step behind `docker.image('x').inside('…')`, run as the agent's
    // uid:gid unless the args set a user).
    const head = text.slice(Math.max(0, s.start - s.quote.length - 80), s.start - s.quote.length);
    const wdc = /(?:^|[^\w.])withDockerContainer\s*\(\s*(?:[A-Za-z_]\w*\s*:\s*(?:'[^'\n]*'|"[^"\n]*"|[\w.]+)\s*,\s*)*(image\s*:\s*)?$/.exec(head);
    if (wdc && (wdc[1] || !/:\s*$/.test(head))) {
      const open = s.start - s.quote.length - (head.length - wdc.index);
      // The call's closing parenthesis: the first `)` after its last string argument.
      let close = text.indexOf(')', s.end + s.quote.length);
      for (let k = i + 1; k < strings.length && close >= 0 && strings[k].start < close; k++) close = text.indexOf(')', strings[k].end + strings[k].quote.length);
      if (close < 0) close = text.length;
      const argsString = strings.find((t) => t !== s && t.start > open && t.end < close && /(?:^|[(,\s])args\s*:\s*$/.test(text.slice(Math.max(0, t.start - t.quote.length - 20), t.start - t.quote.length)));
      const words = [synthetic('docker', s.start), synthetic('run', s.start), synthetic('--user', s.start), { value: '$JENKINS_UID', start: s.start, end: s.start, raw: '', unresolved: true }];
      if (argsString) words.push(...argWords(strings.indexOf(argsString)));
      words.push(stringWord(text, s));
      launch(words);
      continue;
    }
    // Scripted, on a variable: `def db = docker.image('mysql:8')` (or `docker.build('app:1')`), then
    // `db.withRun('-e …') { c -> … }` / `db.inside('…')` / `db.run('…')`.
    const onVar = /(?:^|[^\w.])([A-Za-z_]\w*)\s*\.\s*(inside|withRun|run)\s*\(\s*$/.exec(text.slice(Math.max(0, s.start - s.quote.length - 80), s.start - s.quote.length));
    const varImage = onVar ? images.get(onVar[1]) : undefined;
    if (onVar && varImage && varImage.start < s.start) {
      const words = [synthetic('docker', s.start), synthetic('run', s.start)];
      if (onVar[2] === 'inside') words.push(synthetic('--user', s.start), { value: '$JENKINS_UID', start: s.start, end: s.start, raw: '', unresolved: true });
      words.push(...argWords(i), stringWord(text, varImage));
      launch(words);
      continue;
    }
    // Scripted: docker.image('x').inside('args') / .withRun('args') / .run('args'), also without arguments
    // (`docker.image('node:20').inside { … }`).
    const img = /docker\.image\(\s*$/.test(text.slice(Math.max(0, s.start - 40), s.start - s.quote.length)) ? s : undefined;
    if (img) {
      const after = text.slice(img.end + img.quote.length, img.end + img.quote.length + 40);
      const m = /^\s*\)\s*\.\s*(inside|withRun|run)\s*(?:\(\s*(['"])|\(\s*\)|\{)/.exec(after);
      const how = m?.[1];
      const words = [synthetic('docker', img.start), synthetic('run', img.start)];
      if (how === 'inside' || !how) words.push(synthetic('--user', img.start), { value: '$JENKINS_UID', start: img.start, end: img.start, raw: '', unresolved: true });
      if (m?.[2] && strings[i + 1] && strings[i + 1].start > img.end) words.push(...argWords(i + 1));
      if (how) {
        words.push(stringWord(text, img));
        launch(words);
      }
      continue;
    }
    // Declarative: agent { dockerfile { filename 'Dockerfile.build'; args '…' } }: Jenkins builds the image,
    // then runs it as it runs a docker agent; the image is known only by its Dockerfile (an unknown image).
    if (name === 'args' && /\bdockerfile\s*\{[^{}]*$/.test(text.slice(Math.max(0, s.start - 400), s.start))) {
      const open = text.lastIndexOf('{', s.start);
      const close = text.indexOf('}', s.end);
      const fileString = strings.find((t) => t.start > open && t.end < close && callBefore(text, t.start - t.quote.length) === 'filename');
      const dockerfile = fileString ? text.slice(fileString.start, fileString.end) : 'Dockerfile';
      const at = s.start;
      const built = launch([
        synthetic('docker', at),
        synthetic('run', at),
        synthetic('--user', at),
        { value: '$JENKINS_UID', start: at, end: at, raw: '', unresolved: true },
        ...argWords(i),
        { value: dockerfile, start: at, end: at, raw: '', unresolved: true, quoted: true },
      ]);
      // The image is built here from the Dockerfile, not pulled: no reference to pin (its FROM lines are).
      if (built) built.image = undefined;
      continue;
    }
    // Declarative: agent { docker { image 'x'; args '…' } } or agent { docker 'x' }.
    if (name === 'image' || name === 'docker') {
      const block = text.slice(Math.max(0, s.start - 400), s.start);
      if (name === 'image' && !/\bdocker\s*\{[^{}]*$/.test(block)) continue;
      // The args of the same `docker { … }` block, before or after the image.
      const open = name === 'image' ? text.lastIndexOf('{', s.start) : -1;
      const close = name === 'image' ? text.indexOf('}', s.end) : -1;
      const argsString = name === 'image' ? strings.find((t) => t !== s && t.start > open && t.end < close && callBefore(text, t.start - t.quote.length) === 'args') : undefined;
      const words = [synthetic('docker', s.start), synthetic('run', s.start), synthetic('--user', s.start), { value: '$JENKINS_UID', start: s.start, end: s.start, raw: '', unresolved: true }];
      if (argsString) words.push(...argWords(strings.indexOf(argsString)));
      words.push(stringWord(text, s));
      launch(words);
    }
  }
  // Tokens written anywhere (`sh 'curl -H "Authorization: Bearer eyJ…"'`) are masked too: snippets show them.
  const masks = [...groovySecretRanges(file, strings), ...tokenMasks(file, 0, file.text.length)];
  if (masks.length) (result.secretRanges ??= []).push(...masks);
  settleExecs(result);
  return result;
}

/** A value that is only a variable or a GString interpolation (`$X`, `${env.X}`): it holds no secret itself. */
const ONLY_VARIABLE = /^\s*\$(?:\{[^{}]*\}|[A-Za-z_]\w*)\s*$/;

/**
 * Ranges of secret values written in the Jenkinsfile itself, to mask in every report (R-S; report snippets
 * show the lines around findings): a string assigned to a secret-named variable (`environment { API_KEY =
 * 'x' }`, `def dbPassword = 'x'`, `env.API_TOKEN = 'x'`), and the value of a `NAME=value` string (`withEnv(["DB_PASSWORD=x"])`),
 * where the name or the value looks like a secret ({@link isSecretEnv}).
 */
function groovySecretRanges(file: SourceFile, strings: GroovyString[]): SourceRange[] {
  const out: SourceRange[] = [];
  const text = file.text;
  for (const s of strings) {
    const value = text.slice(s.start, s.end);
    if (value === '' || ONLY_VARIABLE.test(value)) continue;
    const head = text.slice(Math.max(0, s.start - s.quote.length - 80), s.start - s.quote.length);
    // `NAME = '…'`, `def name = '…'`, and the scripted `env.NAME = '…'`; never a comparison (`==`, `!=`).
    const assigned = /(?:^|[^\w.])(?:env\s*\.\s*)?([A-Za-z_]\w*)\s*(?<![=!<>])=\s*$/.exec(head);
    if (assigned && isSecretEnv(assigned[1], value) && (!/\s/.test(value.trim()) || secretNameKind(assigned[1]) !== undefined)) {
      out.push({ file: file.path, start: s.start, end: s.end });
      continue;
    }
    const pair = /^([A-Za-z_]\w*)=(\S+)$/.exec(value);
    if (pair && !ONLY_VARIABLE.test(pair[2]) && isSecretEnv(pair[1], pair[2])) out.push({ file: file.path, start: s.start + pair[1].length + 1, end: s.end });
  }
  return out;
}

