/**
 * Secret values written in a container's command line, as source ranges the engine masks in every rendered
 * source (R-S: "secrets printed in bulwark's own output (never: mask them)"). Quick-starts pass passwords as
 * arguments of the program in the container as often as in its environment: Redis `redis-server
 * --requirepass pw` and `--masterauth pw` (redis.conf directives given as arguments), `--password pw`,
 * `--api-key=k`, `--token k`, Java system properties `-Dspring.datasource.password=pw`, and the password of
 * `htpasswd -Bbn user pw` (the Docker registry's guide). Such a value is also visible to `ps` on the host and in
 * `docker inspect` (`Args`): BW-0035 secret-in-command reports it (src/rules/secret-in-command.ts); the ingesters
 * use the same ranges to mask it wherever a report shows its line.
 *
 * Used for `docker run` lines (the words after the image, `--health-cmd`), `docker exec` lines, and for Compose
 * `command` / `entrypoint` / `healthcheck.test` / lifecycle hooks (`post_start`, `pre_stop`). A script given to a
 * shell (`sh -c "…"`) is read word by word; MySQL's `-p<password>` is masked after `mysql`, `mariadb`,
 * `mysqldump` or `mysqladmin`. An HTTP header with a credential (`curl -H "PRIVATE-TOKEN: …"`, `wget
 * --header="X-Api-Key: …"`, {@link headerSecret}) is its value, in every form of the option (QA).
 */
import type { SourceRange } from '../../model/source.js';
import type { ContainerSpec, ExecSpec, Sourced } from '../../model/types.js';
import { isPlaceholderValue, isSecretEnv, looksLikeSecretValue, secretNameKind } from './secrets.js';

/**
 * Option names that take a password but that the variable-name classifier does not read as one: Redis
 * `--requirepass` / `--masterauth`, and `redis-cli -a` (`-a` is taken as a password only right after `redis-cli`).
 */
const SECRET_OPTIONS = new Set(['requirepass', 'masterauth', 'pass', 'pw']);

/** The option name of a word such as `--db-password`, `-password`, `--api-key=x`, or `undefined` for a non-option. */
function optionName(word: string): string | undefined {
  const m = /^--?([A-Za-z][\w.-]*)(?:=|$)/.exec(word);
  return m?.[1];
}

/** An option that takes a password (`--password`, `--db-pass`, `--requirepass`, `-pin`), not a token, key or secret name. */
const PASSWORD_OPTION = /(?:^|[-_.])(?:pass(?:word|wd|phrase)?|pw|pwd|pin|requirepass|masterauth)$/i;

/**
 * Values an option holds that are no secret whatever its name (QA: `--max-input-tokens 1024`, etcd's
 * `--auth-token=simple`, `--secret=prod/db/password`, `--password=file:/run/secrets/pw`, `--api-key=env:API_KEY`):
 * a reference to where the secret is (`file:`, `env:`, `fd:`, `stdin`, a path), a setting list (`jwt,pub-key=…`),
 * and for options that do not take a password by name, a number, a short lower-case word (a mode) or a
 * `name/name` path (a secret's name in a store, a model id).
 */
function notSecretValue(name: string, value: string): boolean {
  const v = value.trim().replace(/^(["'])(.*)\1$/, '$2');
  if (/^(?:file|env|fd|stdin|pass:env|pass:file|pass:fd)(?::|$)/.test(v) || /^(?:\/|\.\.?\/|~\/)/.test(v)) return true;
  // A key or secret kept in a store, by its path there (`vault:transit/keys/app`, `awskms:alias/app`, `op://vault/item`).
  if (/^[a-z][a-z0-9+.-]*:(?:\/\/)?[\w.-]*\/[\w./-]*$/.test(v)) return true;
  if (/,/.test(v) && /^[\w.-]+(?:,[\w.-]+(?:=[^,]*)?)+$/.test(v)) return true;
  if (PASSWORD_OPTION.test(name)) return false;
  return /^\d+$/.test(v) || /^[a-z][a-z_-]*$/.test(v) || /^[\w.-]+(?:\/[\w.-]+)+$/.test(v);
}

/** Whether the value of option `name` (`db-password`, `requirepass`) is a secret. */
function secretOption(name: string, value: string): boolean {
  if (value.trim() === '' || notSecretValue(name, value)) return false;
  if (SECRET_OPTIONS.has(name.toLowerCase())) return true;
  return isSecretEnv(name, value) !== undefined;
}

/** Values that stand for something not written here (`${REDIS_PASSWORD}`, `$PW`): nothing to mask. */
const REFERENCE = /^\$/;

/**
 * The index in `cmd` of the password that Apache `htpasswd` takes on its command line in batch mode (`-b`, alone
 * or in a group: `htpasswd -Bbn user password`, `htpasswd -b file user password`; htpasswd(1)), as the Docker
 * registry's deploying guide runs it (`docker run --entrypoint htpasswd httpd:2 -Bbn testuser testpassword`).
 * The program is the word `htpasswd` in `cmd`, or the entrypoint when `entrypoint` is set. -1 when none.
 */
function htpasswdPasswordIndex(cmd: string[], entrypoint: boolean): number {
  const prog = cmd.findIndex((x) => /(^|\/)htpasswd$/.test(x));
  if (prog === -1 && !entrypoint) return -1;
  let i = prog + 1;
  let batch = false;
  let stdout = false;
  for (; i < cmd.length && /^-[A-Za-z]+$/.test(cmd[i]); i++) {
    if (cmd[i].includes('b')) batch = true;
    if (cmd[i].includes('n')) stdout = true;
  }
  // `-n` writes to stdout: `user password`; otherwise `passwordfile user password`.
  const pw = i + (stdout ? 1 : 2);
  return batch && pw < cmd.length ? pw : -1;
}

/**
 * The header an option word gives an HTTP client, and whether it is written in the same word: curl's
 * `-H <header>` / `-H<header>` / `--header <header>` / `--header=<header>` and `--proxy-header` (curl(1): "-H, --header
 * <header/@file> … Extra header to include in information sent"), wget's `--header=<header-line>` (wget(1); GNU
 * getopt also takes `--header <header-line>`). `-H` is read as a header only after `curl` (`-H` is a host or another
 * option elsewhere: dockerd, sort). `undefined` for any other word.
 */
function headerOption(word: string, next: string | undefined, curl: boolean): { header: string; joined: boolean } | undefined {
  const long = /^--(?:proxy-)?header(=?)/.exec(word);
  if (long) {
    if (long[1] === '=') return { header: word.slice(long[0].length), joined: true };
    return word === long[0] && next !== undefined ? { header: next, joined: false } : undefined;
  }
  if (!curl || !word.startsWith('-H')) return undefined;
  if (word.length > 2) return { header: word.slice(2), joined: true };
  return next !== undefined ? { header: next, joined: false } : undefined;
}

/**
 * The secret part of an HTTP header line `Name: value` (RFC 9110 §5: a token, `:`, the field value), as the offset and
 * text of its characters in `header`: the value when the header's name says secret (`PRIVATE-TOKEN`, `X-Api-Key`,
 * {@link isSecretEnv} on name and value) or the value looks like one (an `Authorization` value, a token format); of
 * an `Authorization` / `Proxy-Authorization` value with a scheme (`Bearer <token>`, RFC 9110 §11.6.2), the credential
 * after the scheme. `undefined` for other headers (`Accept: application/json`), a `@file` and a `$VAR` reference.
 */
export function headerSecret(header: string): { offset: number; value: string } | undefined {
  const m = /^(\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*)(.*?)\s*$/.exec(header);
  if (!m || m[3] === '') return undefined;
  const [, head, name, value] = m;
  if (!(isSecretEnv(name, value) || looksLikeSecretValue(value))) return undefined;
  const scheme = /^(?:proxy-)?authorization$/i.test(name) ? /^[A-Za-z][\w!#$%&'*+.^`|~-]*\s+(?=\S)/.exec(value) : null;
  const offset = head.length + (scheme ? scheme[0].length : 0);
  const secret = header.slice(offset, head.length + value.length);
  return REFERENCE.test(secret) || secret.includes('$') ? undefined : { offset, value: secret };
}

/** One word of a shell text as the shell reads it: its value and, for each of its characters, its offset in the text. */
export interface ShellWord {
  value: string;
  /** `at[k]`: the offset in the text of character `k` of {@link value} (a character a quote or `\` stood before is where it is written). */
  at: number[];
  /** A control operator (`;`, `&&`, `||`, `|`, `&`, `(`, `)` or a newline), when the text was split at them. */
  operator?: boolean;
}

/**
 * The words of a shell text as `sh -c` reads them (POSIX.1-2017 XCU 2.2 "Quoting", 2.3 "Token Recognition"), with
 * where each character is written: split at unquoted blanks; `'…'` keeps every character; `"…"` keeps every character
 * but a `\` before `$`, `` ` ``, `"`, `\` or a newline; an unquoted `\` keeps the next character (a `\`-newline joins
 * lines). Quotes are removed, expansions kept as written (`$TOKEN`); an unclosed quote runs to the end. With
 * `operators`, unquoted `;`, `&`, `|`, `(`, `)` and newlines end a word and are words of their own (`operator`), and
 * an unquoted `#` at the start of a word starts a comment to the end of the line; without, they are characters of the
 * word they are glued to (`ping;`), as a script read word by word keeps them ({@link SEPARATOR}). Never throws.
 */
export function shellWords(text: string, operators = false): ShellWord[] {
  const out: ShellWord[] = [];
  const n = text.length;
  let k = 0;
  const OPS = ';&|()\n';
  /** A blank between words: any white space (a newline too, unless it is an operator). */
  const blank = (c: string) => (c === '\n' ? !operators : /\s/.test(c));
  while (k < n) {
    const ch = text[k];
    if (blank(ch)) {
      k++;
      continue;
    }
    if (ch === '\\' && text[k + 1] === '\n') {
      k += 2;
      continue;
    }
    if (operators && OPS.includes(ch)) {
      let e = k + 1;
      if ((ch === '&' || ch === '|' || ch === ';') && text[e] === ch) e++;
      out.push({ value: text.slice(k, e), at: [...Array(e - k).keys()].map((x) => k + x), operator: true });
      k = e;
      continue;
    }
    if (operators && ch === '#') {
      while (k < n && text[k] !== '\n') k++;
      continue;
    }
    let value = '';
    const at: number[] = [];
    const push = (c: string, i: number) => {
      value += c;
      at.push(i);
    };
    for (; k < n; ) {
      const c = text[k];
      if (blank(c) || c === '\n' || (operators && OPS.includes(c))) break;
      if (c === '\\') {
        if (text[k + 1] === '\n') k += 2;
        else {
          if (k + 1 < n) push(text[k + 1], k + 1);
          k += 2;
        }
      } else if (c === "'") {
        const close = text.indexOf("'", k + 1);
        const e = close === -1 ? n : close;
        for (let i = k + 1; i < e; i++) push(text[i], i);
        k = e + 1;
      } else if (c === '"') {
        k++;
        while (k < n && text[k] !== '"') {
          if (text[k] === '\\' && '$`"\\\n'.includes(text[k + 1] ?? '')) {
            if (text[k + 1] !== '\n') push(text[k + 1], k + 1);
            k += 2;
            continue;
          }
          push(text[k], k);
          k++;
        }
        k++;
      } else {
        push(c, k);
        k++;
      }
    }
    out.push({ value, at });
  }
  return out;
}

/**
 * The value of the JSON string literal whose body (the characters between its quotes) starts at offset `base` of the
 * text and reads `body`, with where each of its characters is written: an escape (`\"`, `\n`, `\u0026` — Docker's JSON
 * encoder writes `&`, `<`, `>` so) stands at its `\` (RFC 8259 §7). Never throws.
 */
export function decodeJsonString(body: string, base: number): ShellWord {
  const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
  let value = '';
  const at: number[] = [];
  for (let i = 0; i < body.length; i++) {
    at.push(base + i);
    if (body[i] !== '\\') {
      value += body[i];
      continue;
    }
    const e = body[i + 1];
    if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 2, i + 6))) {
      value += String.fromCharCode(parseInt(body.slice(i + 2, i + 6), 16));
      i += 5;
    } else {
      value += simple[e] ?? e ?? '';
      i++;
    }
  }
  return { value, at };
}

/**
 * The words of a JSON array of strings written in `text` (an exec form: `["curl", "-H", "PRIVATE-TOKEN: …"]`, after an
 * instruction keyword and its flags: `HEALTHCHECK --interval=5s CMD [...]`), with where each character is written
 * ({@link decodeJsonString}); `undefined` when `text` is no such array. Never throws.
 */
export function jsonArrayWords(text: string): ShellWord[] | undefined {
  const m = /^\s*(?:(?:[A-Za-z][\w-]*|--\S+)\s+)*(?=\[)/.exec(text);
  if (!m) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(m[0].length));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) return undefined;
  const out = [...text.slice(m[0].length).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((lit) => decodeJsonString(lit[1], m[0].length + lit.index + 1));
  return out.length === parsed.length ? out : undefined;
}

/**
 * The credentials of HTTP headers given on the command lines of a shell text (a Dockerfile RUN, a HEALTHCHECK or CMD in
 * either form, a script): curl's `-H` / `--header` / `--proxy-header` and wget's `--header` ({@link headerOption}), in
 * every form and quoting (`-H "Authorization: Bearer …"`, `--header='X-Api-Key: …'`, `"-HPRIVATE-TOKEN: …"`), and inside
 * a script given to a shell (`sh -c "curl -H '…' …"`): the part {@link headerSecret} calls the secret, as offsets into
 * `text`, with the client. The same reading as the direct-argument form of {@link secretWords} (BW-0035); BW-0103 reads
 * RUN text with it. A value with an expansion (`Bearer $TOKEN`) is no literal and is left out. Never throws.
 */
export function headerCredentials(text: string): { start: number; end: number; tool: 'curl-header' | 'wget-header' }[] {
  const out: { start: number; end: number; tool: 'curl-header' | 'wget-header' }[] = [];
  if (!/header|-H/.test(text)) return out;
  const scan = (words: ShellWord[], depth: number) => {
    // One simple command at a time: `-H` is curl's header only in a command that runs curl.
    for (let from = 0; from < words.length; ) {
      let to = from;
      while (to < words.length && !words[to].operator) to++;
      const cmd = words.slice(from, to);
      const curl = cmd.some((w) => /(^|\/)curl$/.test(w.value));
      for (let i = 0; i < cmd.length; i++) {
        const w = cmd[i];
        const hdr = headerOption(w.value, cmd[i + 1]?.value, curl);
        if (hdr) {
          const holder = hdr.joined ? w : cmd[i + 1];
          const base = hdr.joined ? w.value.length - hdr.header.length : 0;
          const secret = headerSecret(hdr.header);
          if (secret) {
            const s = holder.at[base + secret.offset];
            const e = holder.at[base + secret.offset + secret.value.length - 1] + 1;
            // Written with an escape inside (`\"`), the characters are not one span: the value is masked from its first to its last.
            out.push({ start: s, end: e, tool: curl ? 'curl-header' : 'wget-header' });
          }
          if (!hdr.joined) i++;
          continue;
        }
        // A script given to a shell (`sh -c "curl -H '…' …"`): its own words, where they are written.
        if (depth < 4 && /\s/.test(w.value.trim()) && !w.value.startsWith('-')) scan(shellWords(w.value, true).map((x) => ({ ...x, at: x.at.map((o) => w.at[o]) })), depth + 1);
      }
      from = to + 1;
    }
  };
  scan(jsonArrayWords(text) ?? shellWords(text, true), 0);
  return out;
}

/**
 * The programs whose own options or operands this classifier reads (curl's `-u` / `-H`, MySQL's `-p…`, `redis-cli -a`,
 * `sshpass -p`, htpasswd's batch password, and the operands of {@link positionalSecrets}).
 */
const KNOWN_PROGRAMS = new Set(['curl', 'mysql', 'mariadb', 'mysqldump', 'mysqladmin', 'redis-cli', 'htpasswd', 'sshpass', 'mc', 'rabbitmqctl']);

/** A word that ends a simple command in a script read word by word (`&&`, `||`, `;`, `|`, `&`). */
const SEPARATOR = /^(?:&&|\|\||[;|&])$/;

/**
 * A documentation placeholder written where a positional password goes (`mc alias set myminio URL ACCESS_KEY
 * SECRET_KEY`, `rabbitmqctl add_user USER PASSWORD`): {@link isPlaceholderValue}, or the operand's own name in capitals.
 */
function positionalPlaceholder(v: string): boolean {
  return isPlaceholderValue(v) || /^(?:(?:YOUR|MY|NEW)[-_]?)?(?:SECRET[-_]?KEY|ACCESS[-_]?KEY|PASSWORD|PASSWD|PASS|PWD|SECRET)$/.test(v);
}

/** Options of `mc` (MinIO client: global flags, `mc alias set --api/--path`) that take a value in the next word. */
const MC_VALUE_OPTIONS = new Set(['--api', '--path', '--config-dir', '-C', '--encrypt-key', '--custom-header', '-H', '--limit-upload', '--limit-download', '--resolve']);
/** Options of `mysqladmin` that take a value in the next word (mysqladmin(1)): a user named `password` is no command. */
const MYSQLADMIN_VALUE_OPTIONS = new Set(['-u', '--user', '-h', '--host', '-P', '--port', '-S', '--socket', '-c', '--count', '-i', '--sleep']);
/** Options of `rabbitmqctl` that take a value in the next word (rabbitmqctl(8)). */
const RABBITMQCTL_VALUE_OPTIONS = new Set(['-n', '--node', '-t', '--timeout', '-p', '--vhost']);

/**
 * Passwords that well-known CLIs take as an operand, not after an option, so that neither an option name nor the
 * value's format tells (exact forms only; no other operand is guessed at):
 *  - MinIO client: `mc alias set ALIAS URL ACCESSKEY SECRETKEY` and the older `mc config host add ALIAS URL ACCESSKEY
 *    SECRETKEY` (MinIO `mc alias set` reference): the secret key (the access key names the account, as a user does);
 *  - `mysqladmin … password NEW_PASSWORD` (mysqladmin(1) "password new_password"): the new password;
 *  - `rabbitmqctl add_user USER PASSWORD` and `rabbitmqctl change_password USER PASSWORD` (rabbitmqctl(8); not with
 *    `--pre-hashed-password`, whose operand is a hash).
 * `words` are one command's words (or several, split by {@link SEPARATOR} words: a script read word by word); the
 * program is a word of them, or `program` when the words are its arguments (an entrypoint, a single-tool image:
 * `minio/mc`). Returns the index of each password, its value (a trailing `;`, `&` or `|` glued to it removed) and
 * the program that takes it.
 * Values with `$` (an expansion) and placeholders ({@link positionalPlaceholder}) are left out.
 */
export function positionalSecrets(words: readonly string[], program?: string): { index: number; value: string; program: 'mc' | 'mysqladmin' | 'rabbitmqctl' }[] {
  const out: { index: number; value: string; program: 'mc' | 'mysqladmin' | 'rabbitmqctl' }[] = [];
  const clean = (w: string) => w.replace(/[;&|]+$/, '');
  const push = (index: number | undefined, prog: 'mc' | 'mysqladmin' | 'rabbitmqctl') => {
    if (index === undefined || index >= words.length) return;
    const value = clean(words[index]);
    if (value === '' || value.startsWith('-') || value.includes('$') || positionalPlaceholder(value)) return;
    out.push({ index, value, program: prog });
  };
  const starts: { at: number; prog: string }[] = [];
  if (program === 'mc' || program === 'mysqladmin' || program === 'rabbitmqctl') starts.push({ at: -1, prog: program });
  words.forEach((w, k) => {
    const base = w.split('/').pop() ?? '';
    if (base === 'mc' || base === 'mysqladmin' || base === 'rabbitmqctl') starts.push({ at: k, prog: base });
  });
  for (const { at, prog } of starts) {
    // The command's words, to its end: a separator word, or a word with a separator glued to its end.
    let end = at + 1;
    while (end < words.length && !SEPARATOR.test(words[end])) if (/[;&|]$/.test(words[end++])) break;
    const args = [...Array(end - at - 1).keys()].map((k) => at + 1 + k);
    const operands = (valueOptions: ReadonlySet<string>, from = 0) => {
      const ops: number[] = [];
      for (let k = from; k < args.length; k++) {
        const w = words[args[k]];
        if (w.startsWith('-') && w.length > 1) {
          if (!w.includes('=') && valueOptions.has(w)) k++;
          continue;
        }
        ops.push(args[k]);
      }
      return ops;
    };
    if (prog === 'mc') {
      const ops = operands(MC_VALUE_OPTIONS);
      const v = ops.map((k) => clean(words[k]));
      if (v[0] === 'alias' && v[1] === 'set') push(ops[5], 'mc');
      else if (v[0] === 'config' && v[1] === 'host' && v[2] === 'add') push(ops[6], 'mc');
    } else if (prog === 'mysqladmin') {
      for (let k = 0; k < args.length; k++) {
        const w = words[args[k]];
        if (w !== 'password' || (k > 0 && MYSQLADMIN_VALUE_OPTIONS.has(words[args[k - 1]]))) continue;
        push(args[k + 1], 'mysqladmin');
        break;
      }
    } else if (prog === 'rabbitmqctl') {
      const ops = operands(RABBITMQCTL_VALUE_OPTIONS);
      const cmd = ops.findIndex((k) => words[k] === 'add_user' || words[k] === 'change_password');
      if (cmd === -1 || args.some((k) => words[k] === '--pre-hashed-password')) continue;
      push(ops[cmd + 2], 'rabbitmqctl');
    }
  }
  return out;
}

/**
 * Images whose entrypoint runs one client program with the container's command as that program's arguments
 * (`docker run curlimages/curl:8.8.0 -u user:pw https://…` runs `curl -u user:pw https://…`), by repository:
 * - `curlimages/curl`: the curl project's image (https://hub.docker.com/r/curlimages/curl); its entrypoint
 *   (curl/curl-container `etc/entrypoint.sh`) runs `set -- curl "$@"` when the first argument is an option or
 *   names no command.
 * - `appropriate/curl`: the former community curl image (deprecated for `curlimages/curl`), `ENTRYPOINT ["curl"]`.
 * - `arey/mysql-client`: a MySQL client image, `ENTRYPOINT ["mysql"]` (github.com/arey/mysql-client Dockerfile).
 * - `minio/mc`: the MinIO client image, `ENTRYPOINT ["mc"]` (minio/mc Dockerfile) with no entry script: the command
 *   is always mc's arguments, even when its first word could name a program (`alias set …`: {@link ALWAYS_ARGUMENTS}).
 */
const IMAGE_PROGRAMS: ReadonlyMap<string, string> = new Map([
  ['curlimages/curl', 'curl'],
  ['appropriate/curl', 'curl'],
  ['arey/mysql-client', 'mysql'],
  ['minio/mc', 'mc'],
]);

/** Single-tool images of {@link IMAGE_PROGRAMS} whose exec-form entrypoint is the program itself: every command is its arguments. */
const ALWAYS_ARGUMENTS = new Set(['minio/mc']);

/** The repository of an image reference, lower-case, without registry `docker.io/`, tag or digest (`curlimages/curl`). */
function imageRepository(ref: string): string {
  return ref
    .trim()
    .toLowerCase()
    .replace(/@.*$/, '')
    .replace(/:[^/:]*$/, '')
    .replace(/^(?:(?:registry-1\.|index\.)?docker\.io\/)/, '');
}

/** A word that names a program (`sh`, `/usr/bin/curl`), not an option, a URL or a value. */
const PROGRAM_WORD = /^(?:\/?[\w.+-]+\/)*[A-Za-z_][\w.+-]*$/;

/**
 * The program that a container's `command` words are the arguments of, when the command does not name it itself:
 * the entrypoint when it is one of the programs this classifier reads (`docker run --entrypoint htpasswd httpd:2
 * -Bbn user pw`, `--entrypoint curl`), else, when there is no entrypoint or it is the image's own entry script
 * (`/entrypoint.sh`, `docker-entrypoint.sh`, as inspect output shows it), the program of a single-tool image
 * ({@link IMAGE_PROGRAMS}) unless the command starts with a program's name (`curlimages/curl sh -c "…"`). The
 * basename (`curl`), or `undefined`.
 */
export function argumentsProgram(c: Pick<ContainerSpec, 'entrypoint' | 'command' | 'image'>): string | undefined {
  const ep = c.entrypoint?.value ?? [];
  const first = ep[0]?.split('/').pop() ?? '';
  if (KNOWN_PROGRAMS.has(first)) return first;
  if (ep.length > 0 && !/^(?:docker-)?entrypoint(?:\.sh)?$/.test(first)) return undefined;
  const image = c.image?.value;
  const repo = image === undefined ? undefined : imageRepository(image);
  const program = repo === undefined ? undefined : IMAGE_PROGRAMS.get(repo);
  const cmd0 = c.command?.value[0];
  if (program !== undefined && ep.length === 0 && ALWAYS_ARGUMENTS.has(repo!)) return program;
  return program !== undefined && !(cmd0 !== undefined && PROGRAM_WORD.test(cmd0)) ? program : undefined;
}

/**
 * How a secret is given on a command line, for the fix that fits it ({@link secretFix}): the program's form
 * (`curl-user`: curl `-u user:pw`; `mysql`: a MySQL client's `-p<pw>`; `mysqladmin-password`: `mysqladmin password
 * NEW`; `redis-server`: `--requirepass` / `--masterauth`; `docker-login`: `docker login -p|--password`; …), `option`
 * for another option named for a secret (`--api-key=…`, `-Dspring.datasource.password=…`), `token` for a word that is
 * a credential by its format alone.
 */
export type SecretTool =
  | 'htpasswd' | 'mc' | 'mysqladmin-password' | 'rabbitmqctl' | 'curl-header' | 'wget-header' | 'openssl' | 'curl-user'
  | 'mysql' | 'redis-cli' | 'redis-server' | 'sshpass' | 'docker-login' | 'option' | 'token';

/** One secret word of a command line: where its value is, how it is given, and the option or program named there. */
export interface SecretWord {
  range: SourceRange;
  tool: SecretTool;
  /** For `option`: the option as written (`--api-key`, `-Dspring.datasource.password`); for `mysql`: the client program. */
  name?: string;
}

/** A word that runs `docker|podman|nerdctl|buildah|skopeo login` before index `i` of `cmd`. */
function registryLoginBefore(cmd: readonly string[], i: number): boolean {
  for (let k = i - 1; k > 0; k--) {
    if (SEPARATOR.test(cmd[k])) return false;
    if (cmd[k] === 'login' && /(^|\/)(?:docker|podman|nerdctl|buildah|skopeo)$/.test(cmd[k - 1])) return true;
  }
  return false;
}

/**
 * The ranges of the secret words of `cmd` (values, as parsed) inside `text.slice(start, end)` (where the
 * command is written). `program` is the program the words are arguments of when they do not name it
 * themselves ({@link argumentsProgram}: an entrypoint, a single-tool image). Words are located in order; a word
 * whose written form differs from its value (escapes) and cannot be found is skipped. Never throws.
 */
export function secretWordRanges(file: string, text: string, start: number, end: number, cmd: string[], program?: string): SourceRange[] {
  return secretWords(file, text, start, end, cmd, program).map((w) => w.range);
}

/** {@link secretWordRanges} with how each secret is given ({@link SecretWord}). */
export function secretWords(file: string, text: string, start: number, end: number, cmd: string[], program?: string): SecretWord[] {
  const out: SecretWord[] = [];
  const add = (s: number, e: number, tool: SecretTool, name?: string) => out.push({ range: { file, start: s, end: e }, tool, ...(name !== undefined ? { name } : {}) });
  const slice = text.slice(start, end);
  const htpasswd = htpasswdPasswordIndex(cmd, program === 'htpasswd');
  const MYSQL = /(^|\/)(mysql|mariadb|mysqldump|mysqladmin)$/;
  const mysql = /^(?:mysql|mariadb|mysqldump|mysqladmin)$/.test(program ?? '') || cmd.some((x) => MYSQL.test(x));
  const curl = program === 'curl' || cmd.some((x) => /(^|\/)curl$/.test(x));
  /** Operand passwords ({@link positionalSecrets}), by index in `cmd`. */
  const positional = new Map(positionalSecrets(cmd, program).map((p) => [p.index, p]));
  let cursor = 0;
  const locate = (value: string): number => {
    if (value === '') return -1;
    const at = slice.indexOf(value, cursor);
    if (at !== -1) cursor = at + value.length;
    return at;
  };
  for (let i = 0; i < cmd.length; i++) {
    const w = cmd[i];
    const at = locate(w);
    if (i === htpasswd) {
      if (at !== -1 && !REFERENCE.test(w)) add(start + at, start + at + w.length, 'htpasswd');
      continue;
    }
    const pv = positional.get(i);
    if (pv !== undefined) {
      if (at !== -1) add(start + at, start + at + pv.value.length, pv.program === 'mysqladmin' ? 'mysqladmin-password' : pv.program);
      continue;
    }
    // A script given to a shell (`sh -c "mysql -pS3cret app"`, a hook's command): its words, where the script is written.
    // Written differently from its value (a YAML block scalar's indentation, `\"` escapes in a JSON-style string), it is
    // not found whole: its words are then looked for one by one from here to the end of the command (QA).
    if (/\s/.test(w.trim()) && !w.startsWith('-')) {
      // Read as the shell reads it: a quoted header (`-H 'Authorization: Bearer …'`) is one word (QA).
      const words = shellWords(w).map((x) => x.value).filter((x) => x !== '');
      if (words.length === 1 && words[0] === w) words.length = 0;
      if (at !== -1) out.push(...secretWords(file, text, start + at, start + at + w.length, words));
      else {
        const from = start + cursor;
        const inner = secretWords(file, text, from, end, words);
        out.push(...inner);
        if (inner.length) cursor = Math.max(cursor, inner[inner.length - 1].range.end - start);
      }
      continue;
    }
    // An HTTP header with a credential (`curl -H "PRIVATE-TOKEN: glpat-…"`, `wget --header="X-Api-Key: …"`): the header's
    // value, in whichever form the option is written (its own word or joined to the option, quoted or not).
    const nextWord = cmd[i + 1];
    const hdr = headerOption(w, nextWord, curl);
    if (hdr) {
      const secret = headerSecret(hdr.header);
      const tool = curl ? 'curl-header' : 'wget-header';
      if (!hdr.joined) {
        if (secret) {
          const vat = locate(hdr.header);
          if (vat !== -1) add(start + vat + secret.offset, start + vat + secret.offset + secret.value.length, tool);
        }
        i++;
        continue;
      }
      if (secret) {
        // Written with quotes inside the word (`--header="…"`, `"-H…"`), the word is not found as parsed: its secret is.
        const sat = at !== -1 ? at + w.length - hdr.header.length + secret.offset : slice.indexOf(secret.value, cursor);
        if (sat !== -1) {
          add(start + sat, start + sat + secret.value.length, tool);
          cursor = Math.max(cursor, sat + secret.value.length);
        }
        continue;
      }
    }
    // OpenSSL's `-passin pass:pw` / `-passout pass:pw` (openssl-passphrase-options(1): "pass:password … visible to
    // utilities such as ps"), and curl's `-u user:pw` (curl(1) --user): the password after the prefix.
    const openssl = nextWord !== undefined && /^-(?:passin|passout|pass|password|kpass)$/.test(w) && nextWord.startsWith('pass:');
    const prefixed = nextWord === undefined ? -1 : openssl ? 5 : curl && (w === '-u' || w === '--user') && nextWord.indexOf(':') > 0 ? nextWord.indexOf(':') + 1 : -1;
    if (prefixed >= 0) {
      const secret = nextWord!.slice(prefixed);
      const vat = locate(nextWord!);
      if (vat !== -1 && secret !== '' && !REFERENCE.test(secret)) add(start + vat + prefixed, start + vat + nextWord!.length, openssl ? 'openssl' : 'curl-user');
      i++;
      continue;
    }
    // curl's user and password in the option's word: `-uuser:pw`, `--user=user:pw` (curl(1): a short option's value may
    // follow it directly, a long one's after `=`).
    const joinedUser = curl ? /^(?:-u|--user=)([^:]+:)(.+)$/.exec(w) : null;
    if (joinedUser) {
      const secret = joinedUser[2];
      if (!REFERENCE.test(secret)) {
        // Quoted inside the word (`"-uadmin:pw"` is found whole; `--user="admin:pw"` is not): then `user:pw` is looked for.
        let sat = -1;
        if (at !== -1) sat = at + w.length - secret.length;
        else {
          const k = slice.indexOf(joinedUser[1] + secret, cursor);
          if (k !== -1) sat = k + joinedUser[1].length;
        }
        if (sat !== -1) {
          add(start + sat, start + sat + secret.length, 'curl-user');
          cursor = Math.max(cursor, sat + secret.length);
        }
      }
      continue;
    }
    // MySQL's password glued to its option: `mysql -uroot -pS3cret` (mysql(1): no space after -p).
    if (mysql && /^-p[^\s$]/.test(w)) {
      const client = [...cmd.slice(0, i)].reverse().find((x) => MYSQL.test(x))?.split('/').pop() ?? program ?? 'mysql';
      if (at !== -1) add(start + at + 2, start + at + w.length, 'mysql', client);
      continue;
    }
    const name = optionName(w);
    const eq = w.indexOf('=');
    /** How an option's secret is given: Redis's own options, a registry login, or an option of its own name. */
    const optionTool = (opt: string): SecretTool => (/^(?:requirepass|masterauth)$/i.test(opt) ? 'redis-server' : registryLoginBefore(cmd, i) ? 'docker-login' : 'option');
    if (name !== undefined && eq !== -1) {
      // `--password=pw`, `-Dspring.datasource.password=pw`.
      const value = w.slice(eq + 1);
      // A Java system property `-Dkey=value` is named by its key.
      const key = w.startsWith('-D') ? name.slice(1) : name;
      if (!REFERENCE.test(value) && (secretOption(key, value) || looksLikeSecretValue(w))) {
        if (at !== -1) add(start + at + eq + 1, start + at + w.length, optionTool(key), w.slice(0, eq));
      }
      continue;
    }
    if (name !== undefined && i + 1 < cmd.length && !cmd[i + 1].startsWith('-')) {
      const value = cmd[i + 1];
      const redisCliAuth = w === '-a' && (program === 'redis-cli' || cmd.slice(0, i).some((x) => /(^|\/)redis-cli$/.test(x)));
      // `sshpass -p password ssh …` (sshpass(1)): `-p` is the password only right after sshpass.
      const sshpass = w === '-p' && (program === 'sshpass' || (i > 0 && /(^|\/)sshpass$/.test(cmd[i - 1])));
      // `docker login -u user -p password registry` (docker login reference: `-p, --password`).
      const login = w === '-p' && registryLoginBefore(cmd, i);
      if (!REFERENCE.test(value) && (redisCliAuth || sshpass || login || secretOption(name, value))) {
        const vat = locate(value);
        if (vat !== -1) add(start + vat, start + vat + value.length, redisCliAuth ? 'redis-cli' : sshpass ? 'sshpass' : optionTool(name), w);
        i++;
        continue;
      }
    }
    if (at !== -1 && !REFERENCE.test(w) && looksLikeSecretValue(w)) add(start + at, start + at + w.length, 'token');
  }
  return out;
}

/**
 * Who fills in the variable references of a command line before the program starts, and so how they are written:
 * `compose` (Compose interpolates `${NAME}` / `$NAME` in `command` and `entrypoint` when it reads the file; `$$` is a
 * literal `$`: compose-spec "Interpolation"), `shell` (the host shell expands `$NAME` / `${NAME}` of a `docker run`
 * line, bash(1) "Parameter Expansion"), `kubernetes` (the kubelet expands `$(NAME)` in `command` and `args` with the
 * container's variable NAME; `$$(NAME)` is literal, a reference to an undefined variable is left as written:
 * Kubernetes API, Container `args`).
 */
export type ReferenceStyle = 'compose' | 'shell' | 'kubernetes';

/** A secret filled into a command line from a variable: where the reference is written, the variable, and how it is given. */
export interface ReferencedSecret extends SecretWord {
  /** The variable referenced (`REDIS_PASSWORD`). */
  variable: string;
}

/** The variable references of a word written in `style` ({@link ReferenceStyle}): the match, its offset and the name. */
function references(word: string, style: ReferenceStyle): { text: string; index: number; name: string }[] {
  const re = style === 'kubernetes' ? /\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g : /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[-:?+=][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  const out: { text: string; index: number; name: string }[] = [];
  for (const m of word.matchAll(re)) {
    // `$$` is a literal `$` for Compose and the kubelet: `$${NAME}` / `$$(NAME)` is no reference.
    if (style !== 'shell' && m.index > 0 && word[m.index - 1] === '$') continue;
    out.push({ text: m[0], index: m.index, name: m[1] ?? m[2] });
  }
  return out;
}

/**
 * The secrets a command line receives through variable references filled in before the program starts
 * ({@link ReferenceStyle}): `redis-server --requirepass ${REDIS_PASSWORD}` in Compose, `--requirepass
 * "$REDIS_PASSWORD"` on a `docker run` line, Kubernetes `args: [--requirepass, $(REDIS_PASSWORD)]`. The value is not
 * in the file, but the program's arguments hold it: `/proc/<pid>/cmdline`, `ps`, and, for Compose and docker run,
 * `docker inspect` (`Args`, `Config.Cmd`). A reference counts when the option before it (`--requirepass REF`,
 * `--password=REF`, as {@link secretWords} reads literal values) or the variable's name (`$DB_PASSWORD`,
 * util/secrets.ts `secretNameKind`) says secret; for `kubernetes`, `defined(NAME)` tells whether the container
 * defines the variable (`secret`: from a Secret, which counts whatever its name; `other`; `undefined`: not defined,
 * and the kubelet leaves the reference as written). Words are located in order as in {@link secretWords}; the range
 * is the reference as written. Never throws.
 */
export function referencedSecrets(
  file: string,
  text: string,
  start: number,
  end: number,
  cmd: readonly string[],
  style: ReferenceStyle,
  defined?: (name: string) => 'secret' | 'other' | undefined,
): ReferencedSecret[] {
  const out: ReferencedSecret[] = [];
  const slice = text.slice(start, end);
  let cursor = 0;
  /** An option whose value is a password or token by its name (`--requirepass`, `--db-password`, `--api-key`). */
  const secretByName = (opt: string) => SECRET_OPTIONS.has(opt.toLowerCase()) || PASSWORD_OPTION.test(opt) || isSecretEnv(opt) !== undefined;
  for (let i = 0; i < cmd.length; i++) {
    const w = cmd[i];
    const refs = w.includes('$') ? references(w, style) : [];
    const at = slice.indexOf(w, cursor);
    if (at !== -1) cursor = at + w.length;
    for (const r of refs) {
      const how = style === 'kubernetes' ? defined?.(r.name) : 'other';
      if (how === undefined) continue;
      // The word before the reference, in this word (`--password=`, a script's previous word) or the previous one.
      const before = w.slice(0, r.index);
      const joined = /(?:^|\s)(-[^\s=]+)=$/.exec(before);
      const prevToken = joined ? undefined : /(?:^|\s)$/.test(before) ? (before.trim() === '' ? cmd[i - 1] : before.trim().split(/\s+/).pop()) : undefined;
      const opt = joined?.[1] ?? (prevToken !== undefined && /^-[^=]+$/.test(prevToken) ? prevToken : undefined);
      const optName = opt === undefined ? undefined : optionName(opt);
      const key = optName !== undefined && opt!.startsWith('-D') ? optName.slice(1) : optName;
      const byOption = key !== undefined && (secretByName(key) || (opt === '-p' && registryLoginBefore(cmd, i)));
      if (!(byOption || how === 'secret' || secretNameKind(r.name) !== undefined)) continue;
      // Where the reference is written: in the word found whole, else the reference itself from here on.
      let rat = at !== -1 ? at + r.index : slice.indexOf(r.text, cursor);
      if (at === -1 && rat !== -1) cursor = rat + r.text.length;
      if (rat === -1) continue;
      if (style === 'compose' && rat > 0 && slice[rat - 1] === '$') continue;
      rat += start;
      const tool: SecretTool = key === undefined ? 'token' : /^(?:requirepass|masterauth)$/i.test(key) ? 'redis-server' : registryLoginBefore(cmd, i) ? 'docker-login' : 'option';
      out.push({ range: { file, start: rat, end: rat + r.text.length }, tool, variable: r.name, ...(opt !== undefined && tool !== 'token' ? { name: opt } : {}) });
    }
  }
  return out;
}

/**
 * The fix of a secret given on a command line as `w` gives it (BW-0035): hand the program the secret from a file, in
 * the way that program reads one, instead of as an argument. The file is the secret mounted at `/run/secrets/<name>`
 * (a Compose or Swarm secret, a read-only bind, a Kubernetes Secret volume). Sources: curl(1) `--netrc-file`, `-H
 * @file`; wget(1) `--config` and wgetrc `header =`; mysql(1) `--defaults-extra-file` (`[client] password=`); redis-cli(1)
 * `REDISCLI_AUTH`; htpasswd(1) `-i`; docker login `--password-stdin`; MinIO mc `MC_HOST_<alias>`; rabbitmqctl(8) (a
 * password operand left out is read from standard input); sshpass(1) `-f`; openssl-passphrase-options(1) `file:`.
 */
export function secretFix(w: Pick<SecretWord, 'tool' | 'name'>): string {
  const mount = (f: string) => `(${f}: a secret mounted read-only at /run/secrets/${f})`;
  switch (w.tool) {
    case 'curl-user':
      return `curl --netrc-file /run/secrets/netrc https://…   # netrc: machine <host> login <user> password <secret> ${mount('netrc')}`;
    case 'curl-header':
      return `curl -H @/run/secrets/headers https://…   # headers: one "Name: value" line per header ${mount('headers')}`;
    case 'wget-header':
      return `wget --config=/run/secrets/wgetrc https://…   # wgetrc: header = Name: value ${mount('wgetrc')}`;
    case 'mysql':
      return `${w.name ?? 'mysql'} --defaults-extra-file=/run/secrets/my.cnf …   # first option; my.cnf: [client] password=<secret> ${mount('my.cnf')}`;
    case 'mysqladmin-password':
      return `mysql --defaults-extra-file=/run/secrets/my.cnf < /run/secrets/set_password.sql   # ALTER USER … IDENTIFIED BY '<secret>' in the .sql file, instead of mysqladmin password <secret> ${mount('set_password.sql')}`;
    case 'redis-cli':
      return `sh -c 'REDISCLI_AUTH="$(cat /run/secrets/redis_password)" exec redis-cli …'   # redis-cli reads the password from REDISCLI_AUTH, not -a ${mount('redis_password')}`;
    case 'redis-server':
      return `sh -c 'exec redis-server ${w.name ?? '--requirepass'} "$(cat /run/secrets/redis_password)"'   # or the directive in a redis.conf read from /run/secrets ${mount('redis_password')}`;
    case 'htpasswd':
      return `htpasswd -iB /etc/nginx/.htpasswd <user> < /run/secrets/htpasswd_password   # -i reads the password from standard input (with -n: htpasswd -inB <user>) ${mount('htpasswd_password')}`;
    case 'docker-login':
      return `docker login -u <user> --password-stdin <registry> < /run/secrets/registry_password ${mount('registry_password')}`;
    case 'mc':
      return `sh -c 'MC_HOST_<alias>="$(cat /run/secrets/mc_host)" exec mc …'   # mc_host: https://<access-key>:<secret-key>@<host>:9000, instead of mc alias set ${mount('mc_host')}`;
    case 'rabbitmqctl':
      return `rabbitmqctl add_user <user> < /run/secrets/rabbitmq_password   # without the password operand rabbitmqctl reads it from standard input (change_password too) ${mount('rabbitmq_password')}`;
    case 'sshpass':
      return `sshpass -f /run/secrets/ssh_password ssh …   # -f reads the password from the file ${mount('ssh_password')}`;
    case 'openssl':
      return `openssl … -passin file:/run/secrets/key_password   # file: instead of pass: ${mount('key_password')}`;
    case 'option': {
      const opt = w.name ?? '--password';
      const file = opt.replace(/^-+D?/, '').replace(/[^\w.-]+/g, '_') || 'secret';
      if (opt.startsWith('-D')) return `sh -c 'exec java ${opt}="$(cat /run/secrets/${file})" …'   # or the application's own file setting (Spring Boot: spring.config.import=configtree:/run/secrets/) ${mount(file)}`;
      return `${opt}-file /run/secrets/${file}   # if the program has a file form of ${opt}; else sh -c '… ${opt} "$(cat /run/secrets/${file})"' ${mount(file)}`;
    }
    case 'token':
      return `sh -c '… "$(cat /run/secrets/token)"'   # read the credential from a file where the command needs it, or use the program's file option ${mount('token')}`;
  }
}

/**
 * The words of a container's health check as the engine runs them: the exec form's words as given (`testArgs`: `['CMD',
 * 'redis-cli', '-a', 'pw', 'ping']`, or `['CMD-SHELL', script]`, whose script is then read as a script), else the
 * shell command (`--health-cmd`, a Compose string) read as `/bin/sh -c` reads it ({@link shellWords}: `curl -H
 * 'Authorization: Bearer …'` keeps its header one word). Docker reference, `HEALTHCHECK`; compose-spec `healthcheck.test`.
 */
export function healthcheckWords(hc: { test?: string; testArgs?: string[] }): string[] {
  if (hc.testArgs?.length) return hc.testArgs;
  return shellWords(hc.test ?? '').map((w) => w.value).filter((w) => w !== '');
}

/**
 * The ranges of secret values written in the `command` and `entrypoint` of `containers`, in whichever of
 * `texts` (file path → text) they are written, and in the commands of `execs` (`docker exec` lines of a script
 * or document that name no container of it). A value filled in from a variable is not written there and is
 * not found. Never throws.
 */
export function commandSecretRanges(containers: ContainerSpec[], texts: Map<string, string>, execs: readonly ExecSpec[] = []): SourceRange[] {
  const out: SourceRange[] = [];
  const of = (s: Sourced<string[]> | undefined, program?: string): void => {
    if (!s || s.origin.kind !== 'file') return;
    const text = texts.get(s.origin.file);
    if (text === undefined) return;
    out.push(...secretWordRanges(s.origin.file, text, s.origin.start, s.origin.end, s.value, program));
  };
  for (const c of containers) {
    of(c.command, argumentsProgram(c));
    of(c.entrypoint);
    // `healthcheck.test` / `--health-cmd` (`redis-cli -a pw ping`, `mysqladmin ping --password=pw`), kept as one string.
    const hc = c.healthcheck;
    if (hc?.value.test) of({ value: healthcheckWords(hc.value), origin: hc.origin, how: hc.how });
    // Processes started in it: Compose lifecycle hooks (`post_start`), a script's `docker exec` lines.
    for (const x of c.execs ?? []) of(x.command);
  }
  // `docker exec` lines not (yet) tied to a container of the same input.
  for (const x of execs) of(x.command);
  return out;
}

/**
 * The values of the variables a Compose command line takes its secrets from (`command: [redis-server, --requirepass,
 * ${REDIS_PASSWORD}]` with `REDIS_PASSWORD` set in `.env` or the environment): the references {@link referencedSecrets}
 * finds in the words as written (`CommandWords.written`, a health check's `testWritten`) of each container's `command`,
 * `entrypoint` and health check, whose variable `valueOf(file, name)` knows. The value is written in no file of the
 * project, yet it is the secret: the engine masks it wherever a file repeats it (R-S). Each value once. Never throws.
 */
export function filledInSecretValues(containers: readonly ContainerSpec[], texts: Map<string, string>, valueOf: (file: string, name: string) => string | undefined): string[] {
  const out = new Set<string>();
  const of = (s: Sourced<unknown> | undefined, written: string[] | undefined): void => {
    if (!s || !written || s.origin.kind !== 'file') return;
    const file = s.origin.file;
    const text = texts.get(file);
    if (text === undefined) return;
    for (const r of referencedSecrets(file, text, s.origin.start, s.origin.end, written, 'compose')) {
      const v = valueOf(file, r.variable);
      if (v) out.add(v);
    }
  };
  for (const c of containers) {
    of(c.command, c.command?.written);
    of(c.entrypoint, c.entrypoint?.written);
    const hc = c.healthcheck;
    of(hc, hc?.value.testWritten?.split(/\s+/).filter((w) => w !== ''));
  }
  return [...out];
}
