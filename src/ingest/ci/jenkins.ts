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
 *    arguments, no user added.
 * Groovy string literals are read with their exact source ranges: '…', "…" (with `${…}` interpolation kept as
 * written: a shell-style unknown value), '''…''' and """…""" (multi-line), comments (`//`, `/* … *‍/`) skipped.
 * A `\"` or `\'` escape inside a string is read as its quote when a blank sits beside it (same length);
 * otherwise that string is not read rather than misread.
 */
import { SourceFile } from '../../model/source.js';
import type { InputError, IngestResult } from '../../model/types.js';
import { parseDockerRun } from '../run/parse.js';
import { ingestShell, tokenizeLine } from '../run/shell.js';
import type { Word } from '../run/word.js';
import type { IngestContext } from '../types.js';

/** One Groovy string literal: the range of its content (quotes excluded) and its delimiter. */
export interface GroovyString {
  start: number;
  end: number;
  quote: "'" | '"' | "'''" | '"""' | '/';
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
      out.push({ start, end: Math.min(k, n), quote: q as GroovyString['quote'] });
      i = k + q.length;
    } else i++;
  }
  return out;
}

/** The string's content with `\"` / `\'` escapes read as quotes where that keeps words apart (same length); `undefined` otherwise. */
function unescaped(text: string, s: GroovyString): string | undefined {
  const body = text.slice(s.start, s.end);
  if (!body.includes('\\')) return body;
  let ok = true;
  const out = body.replace(/\\(["'])|\\\$|\\\\/g, (m, q: string | undefined, at: number) => {
    if (m === '\\$') return ' $';
    if (m === '\\\\') return ' \\';
    // `\"` next to a blank (or an end) is a quote opening or closing a shell word: keep the quote, blank the backslash.
    const before = body[at - 1];
    const after = body[at + 2];
    if (before === undefined || /\s|=/.test(before) || after === undefined || /\s/.test(after)) return ' ' + q;
    ok = false;
    return m;
  });
  return ok ? out : undefined;
}

/** The string's content as a shell reads it (escapes, and for double-quoted strings interpolations); `undefined` if unreadable. */
function shellBody(text: string, s: GroovyString): string | undefined {
  const body = unescaped(text, s);
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
  // `sh 'x'`, `sh('x')`, `sh(script: 'x'`, `args 'x'`, `.inside('x'`, `image 'x'`, `docker 'x'`
  const m = /(?:^|[^\w.])((?:docker\.image\([^)]*\)\.)?[A-Za-z_]\w*)\s*(?:\(\s*(?:script\s*:\s*)?)?$/.exec(head);
  return m ? m[1] : '';
}

/** A word at an empty range (`docker`, `run`, `-u`): written nowhere of its own. */
const synthetic = (value: string, at: number): Word => ({ value, start: at, end: at, raw: '' });

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
  const launch = (words: Word[]): void => {
    const r = parseDockerRun(words, file);
    result.errors.push(...(r.errors as InputError[]));
    if (r.container) result.containers.push(r.container);
  };
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i];
    const call = callBefore(text, s.start - s.quote.length);
    const name = call.replace(/^docker\.image\([^)]*\)\./, '');
    if (name === 'sh' || name === 'bat' || name === 'powershell' || name === 'pwsh') {
      const body = shellBody(text, s);
      if (body === undefined || !/\b(?:docker|podman|dockerd)\b/.test(body)) continue;
      const shellText = text.slice(0, s.start) + body + text.slice(s.end);
      const f = shellText === text ? file : new SourceFile(file.path, shellText);
      if (name === 'sh') {
        const r = await ingestShell(f, ctx, { start: s.start, end: s.end });
        result.containers.push(...r.containers);
        if (r.daemons?.length) (result.daemons ??= []).push(...r.daemons);
        result.errors.push(...r.errors);
        if (r.secretRanges?.length) (result.secretRanges ??= []).push(...r.secretRanges);
        if (r.comments?.length) (result.comments ??= []).push(...r.comments);
      } else {
        // Windows steps: each `docker run` line (backtick / caret continuations read as `\`).
        const win = shellText.slice(0, s.end).replace(/[`^](?=\r?\n)/g, '\\') + shellText.slice(s.end);
        for (const m of win.slice(s.start, s.end).matchAll(/^[ \t]*(?:&[ \t]*)?(?:\S*[\\/])?docker(?:\.exe)?[ \t]+(?:container[ \t]+)?(?:run|create)\b(?:\\\r?\n|[^\n])*/gim)) {
          const k = s.start + m.index! + (/^[ \t]*(?:&[ \t]*)?/.exec(m[0])?.[0].length ?? 0);
          launch(tokenizeLine(win, k, s.start + m.index! + m[0].length));
        }
      }
      continue;
    }
    // Scripted: docker.image('x').inside('args') / .withRun('args') / .run('args').
    const img = /docker\.image\(\s*$/.test(text.slice(Math.max(0, s.start - 40), s.start - s.quote.length)) ? s : undefined;
    if (img) {
      const after = text.slice(img.end + img.quote.length, img.end + img.quote.length + 40);
      const m = /^\s*\)\s*\.\s*(inside|withRun|run)\s*\(\s*(['"])/.exec(after);
      const argsString = m ? strings[i + 1] : undefined;
      const how = m?.[1];
      const words = [synthetic('docker', img.start), synthetic('run', img.start)];
      if (how === 'inside' || !how) words.push(synthetic('--user', img.start), { value: '$JENKINS_UID', start: img.start, end: img.start, raw: '', unresolved: true });
      if (argsString && argsString.start > img.end) {
        const body = shellBody(text, argsString);
        if (body !== undefined) {
          const flat = text.slice(0, argsString.start) + body.replace(/\n/g, ' ') + text.slice(argsString.end);
          words.push(...tokenizeLine(flat, argsString.start, argsString.end));
        }
      }
      if (how) {
        words.push(stringWord(text, img));
        launch(words);
      }
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
      if (argsString) {
        const body = shellBody(text, argsString);
        if (body !== undefined) {
          const flat = text.slice(0, argsString.start) + body.replace(/\n/g, ' ') + text.slice(argsString.end);
          words.push(...tokenizeLine(flat, argsString.start, argsString.end));
        }
      }
      words.push(stringWord(text, s));
      launch(words);
    }
  }
  return result;
}

