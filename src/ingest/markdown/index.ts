/**
 * Markdown and AsciiDoc ingesters: code blocks that hold `docker run` commands or Compose files are
 * ingested in place (offsets into the whole document, so findings point at the document's own lines).
 * Prose is never parsed: `--cap-add=SYS_TIME` in a sentence produces nothing (EXPECTED.md, "Comments
 * produce nothing"; R-G14).
 *
 * Markdown: fenced code blocks per CommonMark 0.31 §4.5 (``` or ~~~ of length ≥ 3, closed by a fence
 * of the same character at least as long, content indentation removed up to the opening fence's).
 * Fences are recognised at any indentation so blocks nested in list items are found; indented (4-space)
 * code blocks are read only when they show a prompted `docker run` (as a console transcript), except in a list
 * item, where a block indented 4 columns beyond the item's content is the step's command (read as an unlabelled fence); fences inside block quotes (`> ```sh`, GitHub alerts) are, their `>` markers blanked.
 * AsciiDoc: listing blocks (`----`), literal blocks (`....`), literal paragraphs (indented after a blank line) and
 * ``` fences, with the language from a preceding `[source,bash]` / `[,yaml]` attribute line.
 * reStructuredText: `.. code-block::` / `.. code::` / `.. sourcecode::` / `.. prompt::` directives and `::`
 * literal blocks ({@link rstCodeBlocks}).
 *
 * Dispatch by language (info string): shell kinds → {@link scanShellText} (PowerShell and cmd blocks too, their
 * backtick / caret line continuations read as `\`, {@link windowsContinuations}, and `\` elsewhere a literal path
 * separator: `-v C:\data:C:\data`; so in a block without a language that writes Windows paths, {@link WINDOWS_PATH}); `yaml`/`yml` → Compose when
 * {@link looksLikeCompose}, a Kubernetes manifest when {@link yamlLooksLikeKubernetes}; `json` → `docker
 * inspect` output when {@link jsonLooksLikeInspect}; no language → whichever fits; `text`, `txt`, `plain`, `plaintext`, `output`,
 * `log` → nothing (program output, not commands); `dockerfile`/`Dockerfile`/`containerfile` →
 * {@link ingestDockerfile} on the block's region when it starts like a Dockerfile (`FROM`/`ARG`; fragments
 * are skipped; a ```docker block holding `docker run` command lines is read as shell). Indented (4-space) code blocks are audited only as a console
 * transcript holding a prompted `docker run` (`    $ docker run …`): without a prompt they cannot be told apart from output. Console kinds (`console`, `shell-session`) and
 * shell blocks whose lines start with a prompt ({@link PROMPT}: `$ `, `user@host:~$ `, `PS C:\> `) are read
 * as transcripts (a console block without any prompt but with a line starting `docker …` holds bare commands and
 * is read as shell): the prompt is blanked and
 * lines without a prompt (output) are blanked too, unless they continue a command with `\`.
 */
import { applySharedHostNamespaces, applyVolumesFrom } from '../sharing.js';
import { SourceFile } from '../../model/source.js';
import type { IngestResult } from '../../model/types.js';
import type { IngestContext, Region } from '../types.js';
import { isolateRegion } from '../types.js';
import { ingestCompose, looksLikeCompose } from '../compose/index.js';
import { scanShellText } from '../run/shell.js';
import { attachExecs } from '../run/exec.js';
import { loginPasswordMasks } from '../run/login-secrets.js';
import { labelSecretRanges, loggingSecretRanges } from '../run/log-secrets.js';
import { commandSecretRanges } from '../../rules/util/command-secrets.js';
import { readRunEnvFiles } from '../run/env-file.js';
import { ingestDockerfile, looksLikeDockerfile } from '../dockerfile/index.js';
import { daemonSecretRanges } from '../daemon/secrets.js';
import { jsonLooksLikeInspect, yamlLooksLikeKubernetes } from '../detect.js';
import { ingestKubernetes } from '../kubernetes/index.js';
import { ingestInspect } from '../inspect/index.js';

/** A code block of a document: its language (lower-case, `''` when none) and its content region. */
export interface CodeBlock {
  lang: string;
  /** Offsets of the content: from the first content line's start to the closing delimiter's line start. */
  region: Region;
  /** Indentation removed from each content line (the opening fence's indentation). */
  indent: number;
  /** For a fence inside a block quote (`> ```sh`): how many `>` markers start each of its lines. */
  quoteDepth?: number;
}

/** Matches `depth` block-quote markers (`>` with one optional blank after each, CommonMark) at a line start. */
function quotePrefix(depth: number): RegExp {
  return new RegExp(`^(?:[ \\t]{0,3}>[ \\t]?){${depth}}`);
}

/**
 * `text` with the block-quote markers of the lines of `region` blanked (same length, offsets stay): the
 * content of a fence inside `> ` as the ingesters read it.
 */
export function unquoted(text: string, region: Region, depth: number): string {
  const re = quotePrefix(depth);
  const body = text.slice(region.start, region.end).replace(/^[^\n]*/gm, (line) => line.replace(re, (q) => ' '.repeat(q.length)));
  return text.slice(0, region.start) + body + text.slice(region.end);
}

/** Shells whose `docker run` lines read as in a POSIX shell (fish's own syntax elsewhere falls back to the line scan). */
const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'zsh', 'ksh', 'posix', 'shellscript', 'fish']);
/** Windows shells: PowerShell continues a line with a backtick, cmd.exe with a caret (code block languages, lower case). */
export const POWERSHELL_LANGS: ReadonlySet<string> = new Set(['powershell', 'pwsh', 'ps1', 'ps', 'posh']);
/** cmd.exe code block languages (lower case); see {@link POWERSHELL_LANGS}. */
export const CMD_LANGS: ReadonlySet<string> = new Set(['cmd', 'bat', 'batch', 'dos', 'doscon', 'bat-session']);
export const CONSOLE_LANGS = new Set(['console', 'shell-session', 'shellsession', 'sh-session', 'terminal']);
const YAML_LANGS = new Set(['yaml', 'yml']);
const JSON_LANGS = new Set(['json', 'jsonc']);
/** Blocks without a language: whichever of shell or Compose fits. */
const NEUTRAL_LANGS = new Set(['']);
/** Program output, not commands: never parsed (`docker run --privileged x` printed by a tool is not a launch). */
const OUTPUT_LANGS = new Set(['text', 'txt', 'plain', 'plaintext', 'output', 'log', 'logs']);
const DOCKERFILE_LANGS = new Set(['dockerfile', 'containerfile', 'docker']);
/**
 * A shell prompt at the start of a transcript line: `$ ` (`% ` in zsh, macOS's default shell), and the prompts terminals print before it:
 * `user@host:~/dir$ `, `root@host:/# ` (bash's default `\u@\h:\w\$`), `[user@host dir]$ ` (Fedora/RHEL),
 * PowerShell's `PS C:\path> ` and `PS /home/me> ` (PowerShell on Linux), the short `PS> ` docs write, and
 * cmd.exe's `C:\path> `. A bare `# ` is not a prompt: in transcripts it is as often a comment.
 */
const PROMPT = /^[ \t]*(?:[$%]|(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?|\[[^\]\n]+\])[$#]|PS(?: (?:[A-Za-z]:|[/~])[^>\n]*)?>|[A-Za-z]:\\[^>\n]*>)[ \t]/;
/** A command line that goes on: ends with `\`, possibly followed by AsciiDoc callouts (`\ <1>`, `\ # <1>`). */
const CONTINUED = /\\[ \t]*(?:(?:#[ \t]*)?<\d+>[ \t]*)*$/;
/** A line that is a Docker CLI command (`docker …`, `$ sudo podman …`): a block of them is commands, not output. */
const DOCKER_COMMAND_LINE = /^[ \t]*(?:\$[ \t]+)?(?:sudo[ \t]+)?(?:docker(?:-compose)?|podman|nerdctl)[ \t]/m;
/** A line that may start a container: `docker run|create`, `docker service create`, `docker compose … run`, `docker-compose … run`. */
const RUN_HINT = /(?:^|[\s/$])(?:(?:docker|podman|nerdctl)\s+(?:(?:container\s+)?(?:run|create)|service\s+create)\b|docker(?:[ \t]+|-)compose\b[^\n]*[ \t]run\b)/m;
/**
 * A Windows path in a command: a drive path (`C:\data`, after a blank, `=`, `:` or a quote) or a device / named pipe
 * path (`\\.\pipe\docker_engine`, `\\?\…`). No POSIX command writes them; a `\` ending a line is not one.
 */
const WINDOWS_PATH = /(?:^|[\s=:'"])(?:[A-Za-z]:\\(?=[\w.$%-])|\\\\[.?]\\)/m;
/**
 * A heredoc operator (`<<EOF`, `<< 'EOF'`, `<<-END`; not a YAML merge key `<<:`): a shell block may write a Compose
 * file or apply a Kubernetes manifest with it.
 */
const HEREDOC_HINT = /<<-?[ \t]*(['"]?)[A-Za-z_][A-Za-z0-9_]*\1/;
/**
 * The root prompt `# ` of a console transcript (`# docker run …`), recognised only before a Docker CLI command and
 * only in console blocks (`console`, `shell-session`): elsewhere `#` starts a comment.
 */
export const ROOT_PROMPT = /^[ \t]*#[ \t]+(?=(?:sudo[ \t]+)?(?:docker|podman|nerdctl)[ \t])/;
/** A `docker exec` (or `docker compose exec`, `docker-compose exec`) line that may start a privileged or root process (src/ingest/run/exec.ts). */
const EXEC_HINT = /(?:^|[\s/$])(?:(?:docker|podman|nerdctl)\s+(?:container\s+)?exec\b|docker(?:[ \t]+|-)compose\b[^\n]*[ \t]exec\b)/m;
/**
 * A container tool's `build` with a `--build-arg` or `login` with a password option on one line: where a block may
 * write a secret on the tool's own command line (src/ingest/run/host-secrets.ts; BW-0103, BW-0035).
 */
const HOST_SECRET_HINT = /(?:^|[\s/$])(?:docker|podman|nerdctl)\s[^\n]*(?:\bbuild\b[^\n]*--build-arg|\blogin\b[^\n]*(?:\s-p|--password[\s=]))/m;

interface Line {
  start: number;
  /** End, without the line break. */
  end: number;
  text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let s = 0;
  for (;;) {
    const n = text.indexOf('\n', s);
    const e = n === -1 ? text.length : n;
    const t = text.slice(s, e).replace(/\r$/, '');
    lines.push({ start: s, end: s + t.length, text: t });
    if (n === -1) return lines;
    s = n + 1;
  }
}

/**
 * Normalizes an info string or attribute language to a lower-case name: `{.bash}` → `bash`, and the
 * decorations site generators add after the language: `bash title="run.sh"` (Docusaurus, MkDocs),
 * `bash:no-line-numbers` (VuePress), `sh {linenos=true}` (Hugo), `bash=` / `bash=101` / `bash=+` (HackMD and
 * CodiMD line numbers) → `bash` / `sh`.
 */
function langOf(info: string): string {
  const first = info.trim().split(/[\s,:]+/)[0] ?? '';
  return first.replace(/^\{/, '').replace(/^\./, '').replace(/\}$/, '').replace(/=(?:\d*|\+)$/, '').toLowerCase();
}

/** The column a line's first non-blank character stands at (CommonMark §2.2: a tab advances to the next multiple of 4). */
function columnsOf(t: string): number {
  let col = 0;
  for (const ch of t) {
    if (ch === ' ') col++;
    else if (ch === '\t') col += 4 - (col % 4);
    else break;
  }
  return col;
}

/** A list item's first line (CommonMark §5.2; tabs expanded): indentation, a bullet `-`/`+`/`*` or an ordinal `1.`/`1)`, then 1-4 blanks or the end. */
const LIST_MARKER = /^([ ]*(?:[-+*]|\d{1,9}[.)]))(?:([ ]{1,4})(?=\S)|[ ]*$|([ ]{5,})(?=\S))/;

/**
 * The content column of the list item that line `i` (indented, after a blank line) belongs to, `undefined` when it
 * belongs to none: the nearest list item above whose content column is at most the line's indentation, with every
 * non-blank line between indented at least that far (nested items: the innermost). The content column is where
 * the text after the marker starts (one blank after the marker when five or more follow it: that text is itself
 * an indented code block, CommonMark §5.2 rule 2).
 */
function listItemColumn(lines: Line[], i: number): number | undefined {
  const indent = columnsOf(lines[i].text);
  let min = Infinity;
  for (let k = i - 1; k >= 0; k--) {
    const t = lines[k].text;
    if (t.trim() === '') continue;
    const lead = columnsOf(t);
    const m = LIST_MARKER.exec(' '.repeat(lead) + t.trimStart());
    if (m) {
      const col = m[1].length + (m[2] !== undefined ? m[2].length : 1);
      if (col <= indent && col <= min) return col;
    }
    min = Math.min(min, lead);
    if (min === 0) return undefined;
  }
  return undefined;
}

/**
 * Finds the fenced code blocks of a Markdown document (CommonMark fences, any indentation) and Jekyll's
 * `{% highlight lang %}` blocks; fences inside an HTML comment (`<!-- … -->`) are not blocks. An indented code
 * block counts (as a `console` transcript) only when a line of it is a prompted `docker run` (`    $ docker run …`);
 * in a list item, one indented 4 columns beyond the item's content column (CommonMark §5.2, {@link listItemColumn})
 * counts as a block without a language.
 */
export function markdownCodeBlocks(text: string): CodeBlock[] {
  const lines = splitLines(text);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    // An HTML comment (CommonMark §4.6, HTML block type 2: `<!--` up to the line holding `-->`) hides what it
    // holds, fences included: commented-out instructions are not commands (EXPECTED.md "Comments produce nothing").
    const lt = lines[i].text;
    if (/^[ \t]{0,3}<!--/.test(lt)) {
      let j = i;
      while (j < lines.length && !lines[j].text.includes('-->', j === i ? lt.indexOf('<!--') + 4 : 0)) j++;
      i = j;
      continue;
    }
    // Jekyll/Liquid `{% highlight bash %}` … `{% endhighlight %}` (GitHub Pages docs): a code block of that language.
    const liquid = /^[ \t]*\{%-?[ \t]*highlight[ \t]+([\w+-]+)[^%]*-?%\}[ \t]*$/.exec(lt);
    if (liquid) {
      let j = i + 1;
      while (j < lines.length && !/^[ \t]*\{%-?[ \t]*endhighlight[ \t]*-?%\}/.test(lines[j].text)) j++;
      const start = i + 1 < lines.length ? lines[i + 1].start : text.length;
      const end = j < lines.length ? lines[j].start : text.length;
      blocks.push({ lang: langOf(liquid[1]), region: { start, end: Math.max(start, end) }, indent: 0 });
      i = j;
      continue;
    }
    // A fence may stand in a block quote (`> ```sh`, GitHub's `> [!NOTE]` alerts): its lines then carry the
    // same `>` markers, and the quote ends the fence where a line lacks them (CommonMark "Block quotes").
    const m = /^((?:[ \t]{0,3}>[ \t]?)*)([ \t]*)(`{3,}|~{3,})(.*)$/.exec(lines[i].text);
    if (!m) {
      // An indented code block (CommonMark §4.4: lines indented by 4 spaces or a tab after a blank line) is read
      // only as a console transcript, and only when it shows a prompted `docker run` (`    $ docker run …`, as
      // older READMEs wrote them): without a prompt its lines cannot be told from program output.
      // In a list item (CommonMark §5.2), an indented code block is indented 4 columns beyond the item's content
      // column (`1. Start the agent:` then a blank line and `       docker run …`): it is the step's command, read as
      // a block without a language (whichever fits, prompted lines as a transcript), as a fence in the item is.
      // (Indented less, the line is a paragraph of the item; it is still read when it shows a prompted `docker run`,
      // as at the top level.)
      const item = i > 0 && lines[i - 1].text.trim() === '' ? listItemColumn(lines, i) : undefined;
      const listCode = item !== undefined && columnsOf(lt) >= item + 4;
      const codeIndent = listCode ? item + 4 : 4;
      if (columnsOf(lt) >= codeIndent && lt.trim() !== '' && (i === 0 || lines[i - 1].text.trim() === '')) {
        let j = i;
        const inBlock = (t: string) => columnsOf(t) >= codeIndent && t.trim() !== '';
        // (A fence or an HTML comment among the indented lines, as in a list item, ends it: that is read on its own.)
        const other = (t: string) => /^[ \t]*(?:`{3,}|~{3,}|<!--)/.test(t);
        while (j < lines.length && !other(lines[j].text) && (inBlock(lines[j].text) || (lines[j].text.trim() === '' && j + 1 < lines.length && inBlock(lines[j + 1].text)))) j++;
        if (j === i) continue;
        const start = lines[i].start;
        const end = j < lines.length ? lines[j].start : text.length;
        const body = splitLines(text.slice(start, end));
        if (listCode) blocks.push({ lang: '', region: { start, end }, indent: codeIndent });
        else if (body.some((l) => PROMPT.test(l.text) && RUN_HINT.test(l.text.slice(PROMPT.exec(l.text)![0].length)))) {
          blocks.push({ lang: 'console', region: { start, end }, indent: 0 });
        }
        i = j - 1;
      }
      continue;
    }
    const [, quote, indent, fence, info] = m;
    if (fence[0] === '`' && info.includes('`')) continue;
    const depth = (quote.match(/>/g) ?? []).length;
    const prefix = quotePrefix(depth);
    const close = new RegExp(`^[ \\t]*${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
    let j = i + 1;
    while (j < lines.length && (depth === 0 || prefix.test(lines[j].text)) && !close.test(lines[j].text.replace(prefix, ''))) j++;
    const start = i + 1 < lines.length ? lines[i + 1].start : text.length;
    const end = j < lines.length ? lines[j].start : text.length;
    blocks.push({ lang: langOf(info), region: { start, end: Math.max(start, end) }, indent: indent.length, ...(depth ? { quoteDepth: depth } : {}) });
    i = j;
  }
  return blocks;
}

/**
 * The AsciiDoc literal paragraph (Asciidoctor "Literal Paragraphs": a paragraph whose first line is indented by one or
 * more blanks is shown as written, the way docs show a command) that starts at line `i`, indented: its lines up to a
 * blank line, as a block without a language (whichever fits), or of the language of a `[source,bash]` line above it;
 * and the index of the line after it. `undefined` when line `i` does not start a paragraph (the line above, past
 * block attribute `[…]` and title `.Title` lines, is neither blank, the document's start nor a list continuation
 * `+`: an indented line after text continues that text, a list item's or a description's), or when the attribute
 * line gives the paragraph a prose style (`[normal]`, `[verse]`, `[quote]`).
 */
function literalParagraph(lines: Line[], i: number): { block: CodeBlock; next: number } | undefined {
  let k = i - 1;
  let lang = '';
  while (k >= 0 && /^(?:\[[^\]]*\]|\.[^.\s].*)$/.test(lines[k].text.trim()) && lines[k].text.trim() !== '') {
    const attr = /^\[([^,\]\s]*)\s*(?:,\s*([^,\]\s]+))?/.exec(lines[k].text.trim());
    if (attr && /^(?:normal|verse|quote|comment|pass)$/i.test(attr[1])) return undefined;
    if (attr && /^(?:source|listing)?$/i.test(attr[1]) && attr[2]) lang = langOf(attr[2]);
    k--;
  }
  if (k >= 0 && lines[k].text.trim() !== '' && lines[k].text.trim() !== '+') return undefined;
  let j = i;
  while (j < lines.length && lines[j].text.trim() !== '') j++;
  const indent = Math.min(...lines.slice(i, j).map((l) => /^[ \t]*/.exec(l.text)![0].length));
  return { block: { lang, region: { start: lines[i].start, end: j < lines.length ? lines[j].start : lines[j - 1].end }, indent }, next: j };
}

/**
 * Finds the listing (`----`), literal (`....`) and fenced (```) blocks of an AsciiDoc document, and its literal
 * paragraphs (indented, {@link literalParagraph}), outside `////` comment blocks.
 */
export function asciidocCodeBlocks(text: string): CodeBlock[] {
  const lines = splitLines(text);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text;
    // A comment block (`////` up to the same delimiter) hides what it holds, listings included (AsciiDoc "Comments").
    const comment = /^\/{4,}$/.exec(t.trimEnd());
    if (comment) {
      let j = i + 1;
      while (j < lines.length && lines[j].text.trimEnd() !== comment[0]) j++;
      i = j;
      continue;
    }
    const m = /^(-{4,}|\.{4,}|`{3})(.*)$/.exec(t.trimEnd());
    if (!m && /^[ \t]+\S/.test(t)) {
      const lit = literalParagraph(lines, i);
      if (lit) {
        blocks.push(lit.block);
        i = lit.next - 1;
      }
      continue;
    }
    if (!m || (m[1][0] !== '`' && m[2] !== '')) continue;
    let lang = m[1][0] === '`' ? langOf(m[2]) : '';
    if (!lang && i > 0) {
      const attr = /^\[(?:source|listing)?\s*,\s*([^,\]\s]+)/.exec(lines[i - 1].text.trim());
      if (attr) lang = attr[1].toLowerCase();
    }
    let j = i + 1;
    while (j < lines.length && lines[j].text.trimEnd() !== m[1]) j++;
    const start = i + 1 < lines.length ? lines[i + 1].start : text.length;
    const end = j < lines.length ? lines[j].start : text.length;
    blocks.push({ lang, region: { start, end: Math.max(start, end) }, indent: 0 });
    i = j;
  }
  return blocks;
}

/**
 * Finds the code blocks of a reStructuredText document (docutils "reStructuredText Markup Specification";
 * Sphinx "Showing code examples"): the `.. code-block:: LANG`, `.. code:: LANG`, `.. sourcecode:: LANG` and
 * sphinx-prompt `.. prompt:: LANG` directives (their `:option:` lines skipped), and literal blocks after a
 * paragraph ending in `::` (language none: whichever fits, as an unlabelled fence). A block is the indented
 * lines after a blank line, up to the first line indented no deeper than the directive or paragraph.
 * Comments (`.. text` that is not a directive, and everything indented under it) hide what they hold.
 */
export function rstCodeBlocks(text: string): CodeBlock[] {
  const lines = splitLines(text);
  const blocks: CodeBlock[] = [];
  const indentOf = (t: string) => /^[ \t]*/.exec(t)![0].replace(/\t/g, '        ').length;
  const blank = (t: string) => t.trim() === '';
  /** The indented body after line `i` (whose indentation is `base`): [first, end) line indices, or none. */
  const bodyAfter = (i: number, base: number, skipOptions: boolean): [number, number] | undefined => {
    let j = i + 1;
    if (skipOptions) while (j < lines.length && !blank(lines[j].text) && /^[ \t]+:[\w-]+:/.test(lines[j].text)) j++;
    while (j < lines.length && blank(lines[j].text)) j++;
    if (j >= lines.length || indentOf(lines[j].text) <= base) return undefined;
    let k = j;
    while (k < lines.length && (blank(lines[k].text) || indentOf(lines[k].text) > base)) k++;
    while (k > j && blank(lines[k - 1].text)) k--;
    return [j, k];
  };
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text;
    const base = indentOf(t);
    const directive = /^[ \t]*\.\.[ \t]+(code-block|code|sourcecode|prompt)::[ \t]*([^\s]*)/.exec(t);
    if (directive) {
      const body = bodyAfter(i, base, true);
      if (!body) continue;
      const lang = directive[1] === 'prompt' ? 'console' : langOf(directive[2]) || '';
      const start = lines[body[0]].start;
      const end = body[1] < lines.length ? lines[body[1]].start : text.length;
      blocks.push({ lang: directive[1] === 'prompt' && lang === 'console' ? promptLang(directive[2]) : lang, region: { start, end }, indent: indentOf(lines[body[0]].text) });
      i = body[1] - 1;
      continue;
    }
    // A comment: `..` followed by anything but a directive, hyperlink target or substitution, with its indented lines.
    if (/^[ \t]*\.\.(?:[ \t]|$)/.test(t) && !/^[ \t]*\.\.[ \t]+(?:[\w-]+::|_|\|)/.test(t)) {
      const body = bodyAfter(i, base, false);
      if (body && body[0] === i + 1) i = body[1] - 1;
      continue;
    }
    // A literal block: a paragraph line ending in `::` (an expanded `::` alone too), then an indented block.
    if (/::[ \t]*$/.test(t) && !/^[ \t]*\.\./.test(t)) {
      const body = bodyAfter(i, base, false);
      if (!body || body[0] === i + 1) continue;
      const start = lines[body[0]].start;
      const end = body[1] < lines.length ? lines[body[1]].start : text.length;
      blocks.push({ lang: '', region: { start, end }, indent: indentOf(lines[body[0]].text) });
      i = body[1] - 1;
    }
  }
  return blocks;
}

/** sphinx-prompt's `.. prompt:: bash $` shows the prompt itself: its body is the bare commands of that shell. */
function promptLang(arg: string): string {
  const lang = langOf(arg);
  return lang === '' ? 'bash' : lang;
}

/**
 * Builds a text of the same length as `text` in which only the commands of a console transcript in
 * `region` remain: the `$ ` prompt is blanked, output lines are blanked, continuation lines (after a
 * line ending in `\`) are kept, without the `> ` continuation prompt a terminal shows before them.
 * Everything outside the region is blanked.
 */
export function consoleCommands(text: string, region: Region, rootPrompt = false): string {
  const out = text.split('');
  const blank = (s: number, e: number) => {
    for (let k = s; k < e; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  blank(0, region.start);
  blank(region.end, text.length);
  let continued = false;
  for (const l of splitLines(text.slice(region.start, region.end))) {
    const s = region.start + l.start;
    const e = region.start + l.end;
    const m = PROMPT.exec(l.text) ?? (rootPrompt ? ROOT_PROMPT.exec(l.text) : null);
    if (m) {
      blank(s, s + m[0].length);
      continued = CONTINUED.test(l.text);
    } else if (continued) {
      // The shell's continuation prompt (PS2, `> `) that a copied terminal session shows before the rest of
      // the command (bash(1) "PROMPTING").
      const ps2 = /^[ \t]*> /.exec(l.text);
      if (ps2) blank(s, s + ps2[0].length);
      continued = CONTINUED.test(l.text);
    } else blank(s, e);
  }
  return out.join('');
}

/**
 * `text` with each line of `region` that ends in the Windows shell's line continuation (`mark`: PowerShell's
 * backtick, cmd.exe's caret, before optional blanks) ending in `\` instead: same length, so offsets stay.
 */
export function windowsContinuations(text: string, region: Region, mark: '`' | '^'): string {
  const body = text.slice(region.start, region.end).replace(mark === '`' ? /`([ \t]*)(?=\r?\n|$)/g : /\^([ \t]*)(?=\r?\n|$)/g, '\\$1');
  return text.slice(0, region.start) + body + text.slice(region.end);
}

/** Removes the fence's indentation from each content line (for the Compose sniff only). */
function dedent(s: string, n: number): string {
  if (n === 0) return s;
  const re = new RegExp(`^[ \\t]{0,${n}}`, 'gm');
  return s.replace(re, '');
}

async function ingestBlocks(document: SourceFile, ctx: IngestContext, blocks: CodeBlock[]): Promise<IngestResult> {
  const result: IngestResult = { containers: [], images: [], errors: [] };
  const add = (r: IngestResult) => {
    result.containers.push(...r.containers);
    result.images.push(...r.images);
    if (r.embeddedImages?.length) (result.embeddedImages ??= []).push(...r.embeddedImages);
    if (r.daemons?.length) (result.daemons ??= []).push(...r.daemons);
    result.errors.push(...r.errors);
    if (r.secretRanges?.length) (result.secretRanges ??= []).push(...r.secretRanges);
    if (r.comments?.length) (result.comments ??= []).push(...r.comments);
    if (r.execs?.length) (result.execs ??= []).push(...r.execs);
    if (r.hostSecrets?.length) (result.hostSecrets ??= []).push(...r.hostSecrets);
    for (const x of r.extraSources ?? []) if (!result.extraSources?.some((y) => y.path === x.path)) (result.extraSources ??= []).push(x);
  };
  for (const b of blocks) {
    // A quoted fence is read with its `>` markers blanked: a file of the same path and length.
    const file = b.quoteDepth ? new SourceFile(document.path, unquoted(document.text, b.region, b.quoteDepth)) : document;
    const body = file.text.slice(b.region.start, b.region.end);
    // The content as its language sees it (for the kind sniffs): without quote markers and fence indentation.
    const raw = document.text.slice(b.region.start, b.region.end);
    const plain = dedent(b.quoteDepth ? raw.replace(new RegExp(quotePrefix(b.quoteDepth).source, 'gm'), '') : raw, b.indent);
    const neutral = NEUTRAL_LANGS.has(b.lang);
    if (OUTPUT_LANGS.has(b.lang)) continue;
    if (DOCKERFILE_LANGS.has(b.lang)) {
      // A fragment (no leading FROM/ARG) is not an image: skipped rather than reported as a broken Dockerfile.
      if (looksLikeDockerfile(plain)) {
        add(await ingestDockerfile(file, ctx, b.region));
        continue;
      }
      // ```docker is also what READMEs label Docker CLI commands with (`docker run -d …` on a line of its own):
      // those are read as a shell block. A Dockerfile fragment (`RUN docker run …`) is neither.
      if (b.lang !== 'docker' || !DOCKER_COMMAND_LINE.test(plain)) continue;
    }
    const windows = POWERSHELL_LANGS.has(b.lang) ? '`' : CMD_LANGS.has(b.lang) ? '^' : undefined;
    if (SHELL_LANGS.has(b.lang) || CONSOLE_LANGS.has(b.lang) || neutral || windows || DOCKERFILE_LANGS.has(b.lang)) {
      if (RUN_HINT.test(body) || EXEC_HINT.test(body) || HOST_SECRET_HINT.test(body) || (HEREDOC_HINT.test(body) && (looksLikeCompose(body) || yamlLooksLikeKubernetes(body)))) {
        // A `docker run` in a Windows shell block is the same command; its line continuation becomes `\`.
        const source = windows ? windowsContinuations(file.text, b.region, windows) : file.text;
        // A console block in which no line carries a prompt holds bare commands (many READMEs tag them `console`).
        const rootPrompt = CONSOLE_LANGS.has(b.lang);
        const prompted = body.split('\n').some((l) => PROMPT.test(l) || (rootPrompt && ROOT_PROMPT.test(l)));
        const transcript = prompted || (CONSOLE_LANGS.has(b.lang) && !DOCKER_COMMAND_LINE.test(body));
        const text = transcript ? consoleCommands(source, b.region, rootPrompt) : isolateRegion(source, b.region.start, b.region.end);
        // A block without a language that writes Windows paths (`-v portainer_data:C:\data`, `\\.\pipe\docker_engine`,
        // Portainer's documented Windows line) is a Windows shell's command: there `\` is a path separator.
        // In a cmd block `$` is an ordinary character and `%NAME%` a variable (cmd.exe); PowerShell keeps `$NAME`.
        const r = scanShellText(file, text, 0, CMD_LANGS.has(b.lang) ? 'cmd' : windows !== undefined || (neutral && WINDOWS_PATH.test(body)));
        // Documentation snippets are not scripts: a shell syntax error there (pasted help output,
        // placeholders such as `<image>`) is not an input error of the document. The line-scan
        // fallback has already recovered the docker run commands.
        const secretRanges = (r.daemons ?? []).flatMap((d) => daemonSecretRanges(d, file.text, file.path));
        // Registry passwords on `docker login -p …` lines of the block.
        secretRanges.push(...loginPasswordMasks(file, 0, text));
        // Secrets the block assigns to variables (`export DB_PASSWORD=…`, PowerShell `$env:DB_PASSWORD = "…"`),
        // secret logging options (`--log-opt splunk-token=…`) and passwords given to the container's program
        // (`redis-server --requirepass …`), as for a script (R-S).
        secretRanges.push(...(r.secretRanges ?? []));
        secretRanges.push(...loggingSecretRanges(r.containers, new Map([[file.path, file.text]])));
        secretRanges.push(...labelSecretRanges(r.containers, new Map([[file.path, file.text]])));
        secretRanges.push(...commandSecretRanges(r.containers, new Map([[file.path, file.text]]), (r.execs ?? []).map((x) => x.exec)));
        // `--env-file` contents join the environment (R-S), located and masked in the env file beside the document.
        const envFiles = r.containers.some((c) => c.envFiles.length > 0) ? await readRunEnvFiles(file.path, r.containers, ctx) : undefined;
        if (envFiles) secretRanges.push(...envFiles.masks);
        // `docker build --build-arg NPM_TOKEN=…`, `docker login -p …`: reported (BW-0103, BW-0035) and masked, as in a script.
        for (const h of r.hostSecrets ?? []) if (h.valueOrigin.kind === 'file') secretRanges.push(file.range(h.valueOrigin.start, h.valueOrigin.end));
        add({
          containers: r.containers,
          images: [],
          daemons: r.daemons,
          errors: r.errors.filter((e) => e.code !== 'parse'),
          comments: r.comments,
          secretRanges,
          execs: r.execs,
          ...(r.hostSecrets?.length ? { hostSecrets: r.hostSecrets } : {}),
          ...(envFiles?.files.length ? { extraSources: envFiles.files } : {}),
        });
        // A Compose file the block writes with a heredoc (`cat > docker-compose.yml <<EOF`), as in a script.
        for (const region of r.composeRegions ?? []) {
          const cr = await ingestCompose([file], ctx, region);
          add({ ...cr, errors: cr.errors.filter((e) => e.code !== 'parse') });
        }
        // A Kubernetes manifest the block applies with a heredoc (`kubectl apply -f - <<EOF`), as in a script.
        for (const region of r.kubernetesRegions ?? []) {
          const kr = await ingestKubernetes(file, ctx, region);
          add({ ...kr, errors: kr.errors.filter((e) => e.code !== 'parse') });
        }
        continue;
      }
    }
    if ((YAML_LANGS.has(b.lang) || neutral) && looksLikeCompose(plain)) {
      try {
        add(await ingestCompose([file], ctx, b.region));
      } catch (e) {
        const p = file.position(b.region.start);
        result.errors.push({ file: file.path, line: p.line, column: p.column, message: `compose block: ${String((e as Error)?.message ?? e).split('\n')[0]}`, code: 'parse' });
      }
    }
    // A Kubernetes manifest (a Helm chart template is not one until rendered: skipped) and `docker inspect`
    // output: the same ingesters as the files, on the block's region.
    else if ((YAML_LANGS.has(b.lang) || neutral) && yamlLooksLikeKubernetes(plain)) add(await ingestKubernetes(file, ctx, b.region));
    else if ((JSON_LANGS.has(b.lang) || neutral) && jsonLooksLikeInspect(plain)) add(await ingestInspect(file, ctx, b.region));
  }
  // `--volumes-from web` / `--network container:web` in one block, `docker run --name web` in another.
  const runs = result.containers.filter((c) => c.source === 'run');
  applyVolumesFrom(runs, '--volumes-from');
  applySharedHostNamespaces(runs);
  // A `docker exec web …` block after the block that starts `web` (`docker run --name web`) is about that container.
  if (result.execs) {
    const rest = attachExecs(result.containers, result.execs);
    if (rest.length) result.execs = rest;
    else delete result.execs;
  }
  return result;
}

/**
 * Ingests a Markdown document: every `docker run|create` in a shell/console fence, every Compose
 * file in a YAML fence and every Dockerfile fence, positions in the document's own lines; `comments` are
 * those of the blocks ingested. Never throws.
 */
export async function ingestMarkdown(file: SourceFile, ctx: IngestContext): Promise<IngestResult> {
  return ingestBlocks(file, ctx, markdownCodeBlocks(file.text));
}

/**
 * Ingests a reStructuredText document (Sphinx / Read the Docs pages, `README.rst`): its code-block directives and
 * literal blocks ({@link rstCodeBlocks}) dispatched as in {@link ingestMarkdown}. Never throws.
 */
export async function ingestRst(file: SourceFile, ctx: IngestContext): Promise<IngestResult> {
  return ingestBlocks(file, ctx, rstCodeBlocks(file.text));
}

/** Ingests an AsciiDoc document: listing/literal blocks dispatched as in {@link ingestMarkdown}. Never throws. */
export async function ingestAsciidoc(file: SourceFile, ctx: IngestContext): Promise<IngestResult> {
  return ingestBlocks(file, ctx, asciidocCodeBlocks(file.text));
}
