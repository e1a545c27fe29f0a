/**
 * CI pipeline files: the shell scripts of GitHub Actions workflows and GitLab CI pipelines, read for
 * `docker run` / `docker create` lines (and a `dockerd` started by a job) with the shell ingester, at their
 * own lines and columns in the YAML file.
 *
 * Where the scripts are:
 *  - GitHub Actions (docs.github.com, "Workflow syntax for GitHub Actions"): `jobs.<id>.steps[*].run`;
 *  - GitLab CI (docs.gitlab.com, "CI/CD YAML syntax reference"): `script`, `before_script` and `after_script` of
 *    every job (hidden `.template` jobs included), of `default:`, and at the top level (the deprecated global
 *    form); a string or a list of strings (nested lists, as `!reference` expands to, are read too).
 * A job's `container:` and `services:` are containers too (./github-containers.ts: their `options:` are
 * `docker create` flags). A GitLab `docker:dind` service with `DOCKER_TLS_CERTDIR: ""` is a daemon listening on
 * tcp://0.0.0.0:2375 without TLS (./gitlab-dind.ts).
 * Each script is read as its own shell (steps do not share variables). A literal block (`|`) is the script as
 * written; in a folded block (`>`) and a multi-line plain or quoted scalar the line breaks YAML folds into
 * spaces become spaces (same length, so positions stay exact). GitHub's `${{ … }}` expressions are replaced,
 * at the same length, by a shell variable reference: the value is filled in by the CI service, so a setting
 * written with one is unknown, not a parse error; reports quote it as written (target names, images:
 * ./expressions.ts `restoreExpressions`). A composite action's `action.yml` (`runs: {using: composite}`) is read
 * at its `runs.steps[*].run`, each by its `shell:`.
 * YAML comments are comments of the file for `# bulwark-ignore` directives, as the scripts' own.
 * A GitHub step is read by its shell (`shell:`, `defaults.run.shell`, `pwsh` on a Windows runner): a POSIX
 * shell with the shell parser, PowerShell and cmd line by line, anything else (`python`, `node`) not at all.
 * In a literal block, a here-document's delimiter line is read at column 1, as the runner sees it once YAML
 * has removed the block's indentation. GitLab anchors, aliases and `!reference` tags are followed; a script
 * node reached twice is read once, at its own (anchored) lines. GitLab `$[[ inputs.x ]]` is read as `${{ }}`,
 * and a `spec:` header document before `---` (a CI/CD component) is read with the rest.
 * Azure Pipelines, CircleCI, Bitbucket Pipelines, Travis CI, Drone/Woodpecker and Buildkite files are read the
 * same way, at the script keys of ./systems.ts (CircleCI's `<< parameters.x >>` read as `${{ }}` is), with the
 * containers those services start from the file's own settings (./systems.ts: Drone/Woodpecker steps, Azure
 * container resources, Buildkite's docker plugin).
 * Secret values written in the YAML (`env:`, `variables:`, `with: password:`) are masked in every report (R-S),
 * even where no finding is about them: report snippets show the lines around findings; so is any word of the
 * file that is a provider token or a JWT by its format (`curl -H "Authorization: Bearer eyJ…"`: ./move.ts `tokenMasks`).
 */
import { isAlias, isMap, isScalar, isSeq, Lexer, parseAllDocuments, type Document, type Node, type Scalar, type YAMLSeq } from 'yaml';
import { SourceFile, type SourceRange } from '../../model/source.js';
import { githubContainers } from './github-containers.js';
import { gitlabDindDaemons } from './gitlab-dind.js';
import { appendResult, readScript, settleExecs, tokenMasks } from './move.js';
import { azureContainers, buildkiteContainers, ciSystemOf, droneContainers, systemScripts } from './systems.js';
import { isJenkinsfile } from './names.js';
import { basename } from 'node:path';
import { CI_EXPRESSION, expressionAsVariable } from './expressions.js';
import { isSecretEnv, secretNameKind } from '../../rules/util/secrets.js';
import type { IngestResult } from '../../model/types.js';
import type { IngestContext } from '../types.js';

/** GitLab CI keys at the top level that are not jobs (`default:` holds scripts of its own). */
const GITLAB_GLOBAL = new Set(['stages', 'variables', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'default', 'pages_deploy']);
const GITLAB_SCRIPTS = ['before_script', 'script', 'after_script'];

/** One script: its range in the file and its same-length text as a shell reads it. */
interface Script {
  start: number;
  end: number;
  body: string;
}

/**
 * The text of `file` with the script of scalar `n` made shell-readable in place (see the module comment),
 * and the script's range; `undefined` for a scalar that holds nothing or whose source is not its value (a
 * double-quoted scalar with an escape {@link unescapeQuotes} does not read, an alias).
 */
function scriptOf(text: string, n: Scalar): Script | undefined {
  if (!n.range || typeof n.value !== 'string' || n.value.trim() === '') return undefined;
  let [start, end] = n.range;
  const folded = n.type === 'BLOCK_FOLDED' || n.type === 'PLAIN' || n.type === 'QUOTE_SINGLE' || n.type === 'QUOTE_DOUBLE';
  if (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') {
    const nl = text.indexOf('\n', start);
    if (nl < 0 || nl >= end) return undefined;
    start = nl + 1;
  } else if (n.type === 'QUOTE_SINGLE' || n.type === 'QUOTE_DOUBLE') {
    start++;
    end--;
  }
  let body = text.slice(start, end);
  // GitHub's `${{ … }}`, GitLab's `$[[ inputs.… ]]` and CircleCI's `<< parameters.… >>` are filled in before the
  // shell runs: unknown values (replaced first, so a CircleCI `<<` is never taken for a here-document).
  body = body.replace(CI_EXPRESSION, expressionAsVariable);
  if (n.type === 'BLOCK_LITERAL') body = heredocEndsAtColumnOne(body);
  if (folded) {
    // A line break followed by a line of text folds into a space (YAML 1.2 §6.5 "Line Folding"); blank
    // lines, and in a folded block more-indented lines, keep theirs.
    const lines = body.split('\n');
    const indent = (l: string) => l.length - l.trimStart().length;
    const base = lines.find((l) => l.trim() !== '') ?? '';
    let out = '';
    for (let i = 0; i < lines.length; i++) {
      out += lines[i];
      if (i === lines.length - 1) break;
      const next = lines[i + 1];
      const keep = lines[i].trim() === '' || next.trim() === '' || (n.type === 'BLOCK_FOLDED' && (indent(next) > indent(base) || indent(lines[i]) > indent(base)));
      out += keep ? '\n' : ' ';
    }
    body = out;
  }
  // Escapes after folding: an escaped line break (`\` + line break) is folded to `\` + blank first.
  if (n.type === 'QUOTE_DOUBLE' && body.includes('\\')) {
    const unescaped = unescapeQuotes(body);
    if (unescaped === undefined) return undefined;
    body = unescaped;
  }
  return { start, end, body };
}

/**
 * A literal block's script with each here-document's delimiter line moved to column 1, as the runner sees it
 * once YAML has removed the block's indentation (a delimiter line must be the word alone, bash(1) "Here
 * Documents"; `<<-` strips leading tabs only). The text stays the same length and every other character keeps
 * its offset: the indentation of a delimiter line goes to the end of the line before it (trailing blanks of a
 * heredoc body line or of the `<<` line, which change nothing).
 */
export function heredocEndsAtColumnOne(body: string): string {
  const lines = body.split('\n');
  const first = lines.find((l) => l.trim() !== '');
  if (first === undefined) return body;
  const indent = first.length - first.trimStart().length;
  if (indent === 0) return body;
  const pad = ' '.repeat(indent);
  const open: { word: string; strip: boolean }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (!line.startsWith(pad)) continue;
    const content = line.slice(indent);
    if (open.length > 0) {
      const d = open[0];
      if ((d.strip ? content.replace(/^\t+/, '') : content) === d.word) {
        open.shift();
        const prev = lines[i - 1];
        if (i === 0 || /\\\r?$/.test(prev)) continue;
        lines[i - 1] = prev.endsWith('\r') ? prev.slice(0, -1) + pad + '\r' : prev + pad;
        lines[i] = lines[i].slice(indent);
      }
      continue;
    }
    if (/^\s*#/.test(content)) continue;
    for (const m of content.matchAll(/(?<!<)<<(?!<)(-?)[ \t]*(?:'([^'\n]+)'|"([^"\n]+)"|\\?([A-Za-z_][\w.-]*))/g)) {
      open.push({ word: m[2] ?? m[3] ?? m[4], strip: m[1] === '-' });
    }
  }
  return lines.join('\n');
}

/**
 * The source of a YAML double-quoted scalar, its real line breaks already folded ({@link scriptOf}), as the
 * same-length shell text of its value, so every other character keeps its offset (YAML 1.2 §7.3.1
 * "Double-Quoted Style", §5.7 "Escaped Characters"):
 *  - `\"`: an opening one (after a blank or at the start) reads ` "`, a closing one (before a blank or at the
 *    end) `" `;
 *  - an escaped line break (`\` at the end of a line, folded to `\` + blank; `\` + CR in a CRLF file) and
 *    `\ ` read as blanks (the value joins the lines with nothing, the shell sees the same words);
 *  - `\t` reads as two blanks, `\n` as a blank and a line break (a new command line), `\\` as written (a
 *    shell's escaped backslash: one `\` in the word, as in the value).
 * `undefined` for any other escape (`\x41`, `\u00e9`, `\/`) or a quote inside a word (`--name=\"x\"`), which
 * keep the script unread rather than read at wrong columns.
 */
export function unescapeQuotes(body: string): string | undefined {
  let out = '';
  let inside = false;
  let at = 0;
  for (const m of body.matchAll(/\\[\s\S]?/g)) {
    const i = m.index;
    if (i < at) continue;
    out += body.slice(at, i);
    at = i + m[0].length;
    const c = m[0][1];
    if (c === '"') {
      if (!inside) {
        if (i > 0 && !/\s/.test(body[i - 1])) return undefined;
        out += ' "';
      } else {
        if (at < body.length && !/\s/.test(body[at])) return undefined;
        out += '" ';
      }
      inside = !inside;
    } else if (c === ' ' || c === '\r' || c === 't') out += '  ';
    else if (c === '\n' || c === 'n') out += ' \n';
    else if (c === '\\') out += '\\\\';
    else return undefined;
  }
  return inside ? undefined : out + body.slice(at);
}

/**
 * Scalars of a script value: a string, or a list (nested lists included) of strings; an alias (`*run_app`)
 * is its anchored node and a GitLab `!reference [.job, script]` the node it names in `root` (docs.gitlab.com,
 * "YAML-specific features": anchors, `!reference` tags), read at the anchored / referenced lines.
 */
function scriptScalars(v: unknown, doc: Document, seen = new Set<unknown>(), depth = 0): Scalar[] {
  // Each node is expanded once (an alias bomb stays linear); nesting deeper than GitLab's own limit is cut.
  if (depth > 64 || seen.has(v)) return [];
  seen.add(v);
  if (isAlias(v)) return scriptScalars(v.resolve(doc), doc, seen, depth + 1);
  if (isScalar(v)) return [v];
  if (isSeq(v) && v.tag === '!reference') {
    const path = v.items.map((i) => (isScalar(i) ? i.value : undefined));
    if (path.length === 0 || path.some((p) => typeof p !== 'string')) return [];
    return scriptScalars(doc.getIn(path, true), doc, seen, depth + 1);
  }
  if (isSeq(v)) return v.items.flatMap((i) => scriptScalars(i, doc, seen, depth + 1));
  return [];
}

/**
 * How a script is read: `posix` with the shell parser; `windows` (PowerShell) and `cmd` (cmd.exe) line by line for
 * `docker run` commands, their line continuations (PowerShell's trailing backtick, cmd's `^`) read as `\` (in cmd
 * `$` is an ordinary character and `%NAME%` a variable); `other` (a `shell: python`, `node`, `perl {0}` step) not at all.
 */
export type ScriptShell = 'posix' | 'windows' | 'cmd' | 'other';

/** One script scalar and the shell that runs it. */
interface ScriptNode {
  scalar: Scalar;
  shell: ScriptShell;
}

/**
 * The kind of a GitHub Actions `shell:` value (docs.github.com, "Workflow syntax", `jobs.<job_id>.steps[*].shell`:
 * bash, sh, pwsh, powershell, cmd, python, or a custom command with `{0}`); `undefined` for no value.
 * A `${{ }}` expression is unknown and read as the default (a POSIX shell).
 */
export function shellKindOf(v: unknown): ScriptShell | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const s = String(v).trim();
  if (s.includes('${{')) return 'posix';
  const cmd = (s.split(/\s+/)[0].split(/[\\/]/).pop() ?? '').toLowerCase().replace(/\.exe$/, '');
  if (/^(?:bash|sh|dash|zsh|ksh|ash)$/.test(cmd)) return 'posix';
  if (/^(?:pwsh|powershell)$/.test(cmd)) return 'windows';
  if (cmd === 'cmd') return 'cmd';
  return 'other';
}

/** `defaults.run.shell` of a workflow or a job map. */
function defaultShell(m: unknown): unknown {
  return isMap(m) ? m.getIn(['defaults', 'run', 'shell']) : undefined;
}

/** Whether a job's `runs-on` (a label, a list of labels, or `{group, labels}`) names a Windows runner. */
function windowsRunner(v: unknown): boolean {
  if (isScalar(v)) return typeof v.value === 'string' && /windows/i.test(v.value);
  if (isSeq(v)) return v.items.some((i) => windowsRunner(i));
  if (isMap(v)) return windowsRunner(v.get('labels', true));
  return false;
}

/**
 * The GitHub Actions `run` scalars of a workflow document, with their shell: the step's `shell:`, else the
 * job's then the workflow's `defaults.run.shell`, else the runner's default (`pwsh` on Windows runners,
 * `bash` elsewhere; docs.github.com, "Workflow syntax", `defaults.run.shell`).
 */
function githubScripts(root: Node, doc: Document): ScriptNode[] {
  if (!isMap(root)) return [];
  const out: ScriptNode[] = [];
  // A composite action (`action.yml`: `runs: {using: composite, steps: […]}`): its steps run on the caller's
  // runner, each with its own required `shell:` (docs.github.com, "Metadata syntax for GitHub Actions").
  const composite = compositeSteps(root);
  if (composite) {
    for (const step of composite.items) {
      if (!isMap(step)) continue;
      out.push(...scriptScalars(step.get('run', true), doc).map((scalar) => ({ scalar, shell: shellKindOf(step.get('shell')) ?? ('posix' as const) })));
    }
    return out;
  }
  const jobs = root.get('jobs', true);
  if (!isMap(jobs)) return [];
  for (const job of jobs.items) {
    if (!isMap(job.value)) continue;
    const steps = job.value.get('steps', true);
    if (!isSeq(steps)) continue;
    const jobShell = shellKindOf(defaultShell(job.value)) ?? shellKindOf(defaultShell(root)) ?? (windowsRunner(job.value.get('runs-on', true)) ? 'windows' : 'posix');
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const shell = shellKindOf(step.get('shell')) ?? jobShell;
      out.push(...scriptScalars(step.get('run', true), doc).map((scalar) => ({ scalar, shell })));
    }
  }
  return out;
}

/** The GitLab CI script scalars of a pipeline document (the runner's shell is not in the file: read as POSIX). */
function gitlabScripts(root: Node, doc: Document): ScriptNode[] {
  return gitlabScalars(root, doc).map((scalar) => ({ scalar, shell: 'posix' }));
}

function gitlabScalars(root: Node, doc: Document): Scalar[] {
  if (!isMap(root)) return [];
  const out: Scalar[] = [];
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'before_script' || key === 'after_script') out.push(...scriptScalars(pair.value, doc));
    if (!isMap(pair.value) || (GITLAB_GLOBAL.has(key) && key !== 'default')) continue;
    for (const k of GITLAB_SCRIPTS) out.push(...scriptScalars(pair.value.get(k, true), doc));
  }
  return out;
}

/** The `runs.steps` of a composite action's metadata (`runs: {using: composite}`), `undefined` otherwise. */
function compositeSteps(root: Node): YAMLSeq | undefined {
  if (!isMap(root)) return undefined;
  const runs = root.get('runs', true);
  if (!isMap(runs) || String(runs.get('using') ?? '').toLowerCase() !== 'composite') return undefined;
  const steps = runs.get('steps', true);
  return isSeq(steps) ? steps : undefined;
}

/**
 * Whether a document is a GitHub Actions workflow (`jobs:` whose jobs have `steps:` or `runs-on:`) or a
 * composite action (`runs: {using: composite, steps: …}`).
 */
function isGithubWorkflow(root: Node): boolean {
  if (!isMap(root)) return false;
  if (compositeSteps(root)) return true;
  const jobs = root.get('jobs', true);
  return isMap(jobs) && jobs.items.some((j) => isMap(j.value) && (j.value.has('steps') || j.value.has('runs-on')));
}

/** The `#` comments of a YAML text, from yaml's lexer (its tokens are the source, less a few control characters). */
function yamlComments(file: SourceFile): SourceRange[] {
  const out: SourceRange[] = [];
  let at = 0;
  for (const tok of new Lexer().lex(file.text)) {
    if (tok.length === 1 && tok.charCodeAt(0) < 0x20 && tok !== '\n' && tok !== '\t' && tok !== '\r') continue;
    if (tok.startsWith('#')) out.push({ file: file.path, start: at, end: at + tok.length });
    at += tok.length;
  }
  return out;
}

/** Keys whose values are scripts, flags or images, read elsewhere: never masked whole. */
const NOT_SECRETS = new Set(['run', 'script', 'before_script', 'after_script', 'options', 'image', 'name', 'shell', 'uses', 'if']);

/**
 * Ranges of the secret values written in the YAML itself, to mask in every report (R-S): a pair anywhere in
 * the document (`env:` of a workflow, job, step or service; GitLab `variables:`, also as `{value: …}`; an
 * action's `with: password:`) whose key names a secret or whose value looks like one ({@link isSecretEnv}).
 * A value that is only a variable or a `${{ }}` expression holds no secret and stays readable.
 */
function yamlSecretRanges(file: SourceFile, root: unknown): SourceRange[] {
  const out: SourceRange[] = [];
  const seen = new Set<unknown>();
  const mask = (name: string, v: unknown): void => {
    if (!isScalar(v) || !v.range || typeof v.value !== 'string' || v.value === '') return;
    if (/^\s*(?:\$\{\{[^}]*\}\}|\$\{?[A-Za-z_]\w*\}?)\s*$/.test(v.value) || !isSecretEnv(name, v.value)) return;
    // A value with blanks is a secret only under a secret's name (a private key); else it is a script or text.
    if (/\s/.test(v.value.trim()) && secretNameKind(name) === undefined) return;
    let [start, end] = v.range;
    if (v.type === 'QUOTE_SINGLE' || v.type === 'QUOTE_DOUBLE') {
      start++;
      end--;
    } else if (v.type === 'BLOCK_LITERAL' || v.type === 'BLOCK_FOLDED') {
      // Line by line, so the lines of a multi-line secret (a private key) stay lines.
      for (const m of file.text.slice(start, end).matchAll(/^([ \t]*)(\S[^\r\n]*)/gm)) {
        if (m.index === 0) continue; // the `|` header
        out.push({ file: file.path, start: start + m.index + m[1].length, end: start + m.index + m[0].length });
      }
      return;
    }
    if (end > start) out.push({ file: file.path, start, end });
  };
  const walk = (n: unknown): void => {
    if (seen.has(n)) return;
    seen.add(n);
    if (isMap(n)) {
      for (const p of n.items) {
        if (isScalar(p.key) && typeof p.key.value === 'string' && !NOT_SECRETS.has(p.key.value)) {
          mask(p.key.value, p.value);
          // GitLab `variables: {DB_PASSWORD: {value: …, description: …}}`.
          if (isMap(p.value)) mask(p.key.value, p.value.get('value', true));
        }
        walk(p.value);
      }
    } else if (isSeq(n)) for (const i of n.items) walk(i);
  };
  walk(root);
  return out;
}

/**
 * Ingests a CI pipeline file (GitHub Actions workflow or GitLab CI; see the module comment): the containers
 * and dockerd command lines of its scripts, positioned in the YAML file. Never throws; malformed YAML is one
 * input error at its line and column.
 */
export async function ingestCi(file: SourceFile, ctx: IngestContext): Promise<IngestResult> {
  // A Jenkinsfile is Groovy, not YAML.
  if (isJenkinsfile(basename(file.path))) return (await import('./jenkins.js')).ingestJenkinsfile(file, ctx);
  const result: IngestResult = { containers: [], images: [], errors: [] };
  // A GitLab CI/CD component or a template with `spec: inputs:` is two documents: the `spec:` header, then
  // the jobs (docs.gitlab.com, "Define inputs for configuration added with include"). Every document is read.
  const docs = parseAllDocuments(file.text, { prettyErrors: false, uniqueKeys: false });
  const all = Array.isArray(docs) ? docs : [];
  const bad = all.find((d) => d.errors.length > 0);
  if (bad) {
    const e = bad.errors[0];
    const p = file.position(e.pos[0]);
    result.errors.push({ file: file.path, line: p.line, column: p.column, message: `invalid YAML: ${e.message.split('\n')[0]}`, code: 'parse' });
    return result;
  }
  // A node reached twice (an anchored script and its alias) is read once, at the anchor.
  const seen = new Set<Scalar>();
  const scripts: ScriptNode[] = [];
  for (const doc of all) {
    const root = doc.contents;
    if (!root) continue;
    const masks = yamlSecretRanges(file, root);
    if (masks.length) (result.secretRanges ??= []).push(...masks);
    const system = ciSystemOf(file.path);
    const github = !system && isGithubWorkflow(root);
    const found: ScriptNode[] = system
      ? systemScripts(system, doc).flatMap(({ node, shell }) => scriptScalars(node, doc).map((scalar) => ({ scalar, shell })))
      : github
        ? githubScripts(root, doc)
        : gitlabScripts(root, doc);
    scripts.push(...found.filter((s) => !seen.has(s.scalar) && seen.add(s.scalar) && s.shell !== 'other'));
    if (system === 'drone' || system === 'azure' || system === 'buildkite') {
      // Drone / Woodpecker steps and services are containers too (privileged steps, host volumes); so are
      // Azure Pipelines container resources and job containers (`options:` are docker create flags).
      // Buildkite's docker plugin runs a step's command in a container of its own settings.
      const own = system === 'drone' ? droneContainers(file, doc) : system === 'azure' ? azureContainers(file, doc) : buildkiteContainers(file, doc);
      result.containers.push(...own.containers);
      result.errors.push(...own.errors);
    }
    if (!system && !github) {
      // A docker:dind service with TLS off (DOCKER_TLS_CERTDIR: "") is a daemon on tcp://0.0.0.0:2375.
      const dind = gitlabDindDaemons(file, doc);
      if (dind.length) (result.daemons ??= []).push(...dind);
    }
    if (github && isMap(root)) {
      // The job's own container and its service containers (`docker create` with their `options:`).
      const own = githubContainers(file, root.get('jobs', true) as Node);
      result.containers.push(...own.containers);
      result.errors.push(...own.errors);
    }
  }
  // A token written anywhere in the file (`curl -H "Authorization: Bearer eyJ…"` in a script, a `with:` input,
  // a comment) is masked: report snippets show the lines around findings.
  const tokens = tokenMasks(file, 0, file.text.length);
  if (tokens.length) (result.secretRanges ??= []).push(...tokens);
  const comments: SourceRange[] = yamlComments(file);
  for (const s of scripts) {
    const script = scriptOf(file.text, s.scalar);
    if (!script || !/\b(?:docker|podman|dockerd|nerdctl)\b/.test(script.body)) continue;
    const r = await readScript(file, ctx, script.start, script.body, s.shell === 'windows' || s.shell === 'cmd' ? s.shell : 'posix');
    // Shell comments inside a literal block are YAML text, not YAML comments: the script's own are added.
    if (r.comments?.length) comments.push(...r.comments);
    appendResult(result, { ...r, comments: undefined });
  }
  result.comments = comments;
  settleExecs(result);
  return result;
}
