/**
 * Registry passwords written on `docker login` lines (R-S: secrets masked in every output): shared by the shell,
 * Markdown and CI ingesters, since such a line next to a `docker run` shows in that finding's code frame.
 */
import type { SourceFile, SourceRange } from '../../model/source.js';

/**
 * The passwords written on registry login lines of a script (`docker login -u bot -p S3cret registry`,
 * `podman login --password=S3cret …`; docker CLI reference "docker login": `-p`, `--password`), as ranges of
 * `file` to mask in every report (R-S): such a line next to a `docker run` is shown in that finding's snippet.
 * `start` is where `body` (the script as the shell reads it, same length as in the file) starts. A value that
 * is only a variable (`-p "$REGISTRY_PASSWORD"`, `-p ${{ secrets.X }}`) holds no secret and stays readable.
 */
export function loginPasswordMasks(file: SourceFile, start: number, body: string): SourceRange[] {
  // … and those written to its standard input (`echo "S3cret" | docker login --password-stdin`).
  const out: SourceRange[] = stdinLoginPasswords(body).map((p) => file.range(start + p.start, start + p.end));
  for (const line of body.matchAll(/\b(?:docker|podman|nerdctl|buildah|skopeo)(?:\.exe)?[ \t]+(?:[^\n]*?[ \t])?login\b(?:\\\r?\n|[^\n])*/g)) {
    for (const m of line[0].matchAll(/(?:^|[ \t])(?:-p|--password)(?:[ \t]+|=)(["']?)([^\s"']+)\1/g)) {
      const value = m[2];
      if (/^\$(?:\{[^}]*\}|\w+)$/.test(value)) continue;
      const at = line.index + m.index + m[0].length - m[1].length - value.length;
      out.push(file.range(start + at, start + at + value.length));
    }
  }
  return out;
}

/** A literal a command writes: double-quoted without expansion (group 1), single-quoted (2) or bare (3). */
const LITERAL = /(?:"([^"$`\\\n]*)"|'([^'\n]*)'|([^\s'"$`\\;|&()<>]+))/.source;
/** A registry client's `login` command with `--password-stdin` (continuation lines joined), after a pipe. */
const LOGIN_STDIN = /(?:sudo[ \t]+(?:-\S+[ \t]+)*)?(?:\S*\/)?(?:docker|podman|nerdctl|buildah|skopeo)(?:\.exe)?[ \t]+(?:[^\n|;&]*?[ \t])?login\b(?:\\\r?\n|[^\n|;&])*?[ \t]--password-stdin\b/.source;
/** `echo [-n] <pw> | … login … --password-stdin`, `printf [fmt] <pw> | …`; the literal in groups 1-3. */
const PIPED = new RegExp(`(?:^|[\\s;&(])(?:echo(?:[ \\t]+-[neE]+)*|printf(?:[ \\t]+(?:'%s(?:\\\\n)?'|"%s(?:\\\\n)?"))?)[ \\t]+${LITERAL}[ \\t]*\\|[ \\t]*${LOGIN_STDIN}`, 'g');
/** A here-string `<<< <pw>` (bash(1) "Here Strings"); the literal in groups 1-3. */
const HERE_STRING = new RegExp(`<<<[ \\t]*${LITERAL}`, 'g');

/**
 * The passwords a script writes to the standard input of a registry login (docker CLI reference "docker login",
 * `--password-stdin`: the password is read from stdin): `echo "S3cret" | docker login -u bot --password-stdin
 * registry`, `printf '%s' S3cret | podman login …`, and a here-string `docker login --password-stdin <<< "S3cret"`,
 * as offsets [start, end) into `body`. The documented forms pipe a file or a variable (`cat ~/pw.txt |`,
 * `echo "$PW" |`): those are not literals and give nothing.
 */
export function stdinLoginPasswords(body: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  if (!body.includes('--password-stdin')) return out;
  const push = (m: RegExpMatchArray, base: number, endOfValue: number) => {
    const value = m[1] ?? m[2] ?? m[3];
    if (!value) return;
    // `endOfValue`: where the literal ends in the match, after its closing quote when quoted.
    const end = base + m.index! + endOfValue - (m[3] === undefined ? 1 : 0);
    out.push({ start: end - value.length, end });
  };
  for (const m of body.matchAll(PIPED)) push(m, 0, m[0].search(/[ \t]*\|[ \t]*(?:sudo[ \t]|\S*(?:docker|podman|nerdctl|buildah|skopeo))/));
  for (const line of body.matchAll(/\b(?:docker|podman|nerdctl|buildah|skopeo)(?:\.exe)?[ \t]+(?:[^\n]*?[ \t])?login\b(?:\\\r?\n|[^\n|;&])*/g)) {
    if (!/[ \t]--password-stdin\b/.test(line[0])) continue;
    for (const h of line[0].matchAll(HERE_STRING)) push(h, line.index!, h[0].length);
  }
  return out;
}
