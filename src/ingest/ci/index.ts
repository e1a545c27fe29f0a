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
 * `docker create` flags).
 * Each script is read as its own shell (steps do not share variables). A literal block (`|`) is the script as
 * written; in a folded block (`>`) and a multi-line plain or quoted scalar the line breaks YAML folds into
 * spaces become spaces (same length, so positions stay exact). GitHub's `${{ … }}` expressions are replaced,
 * at the same length, by a shell variable reference: the value is filled in by the CI service, so a setting
 * written with one is unknown, not a parse error.
 * YAML comments are comments of the file for `# bulwark-ignore` directives, as the scripts' own.
 */
import { isMap, isScalar, isSeq, Lexer, parseDocument, type Node, type Scalar } from 'yaml';
import { SourceFile, type SourceRange } from '../../model/source.js';
import { ingestShell } from '../run/shell.js';
import { githubContainers } from './github-containers.js';
import type { IngestResult } from '../../model/types.js';
import type { IngestContext } from '../types.js';

/** GitLab CI keys at the top level that are not jobs (`default:` holds scripts of its own). */
const GITLAB_GLOBAL = new Set(['stages', 'variables', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'default', 'pages_deploy']);
const GITLAB_SCRIPTS = ['before_script', 'script', 'after_script'];

/** One script: the scalar node and the same-length text of the file in which it reads as a shell script. */
interface Script {
  start: number;
  end: number;
  text: string;
}

/**
 * The text of `file` with the script of scalar `n` made shell-readable in place (see the module comment),
 * and the script's range; `undefined` for a scalar that holds nothing or whose source is not its value (a
 * double-quoted scalar with escapes, an alias).
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
    if (n.type === 'QUOTE_DOUBLE' && text.slice(start, end).includes('\\')) return undefined;
  }
  let body = text.slice(start, end);
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
  // `${{ secrets.TOKEN }}` → `$XXXXXXXXXXXXXXXXXXX`: an unset variable of the same length.
  body = body.replace(/\$\{\{[^\n]*?\}\}/g, (m) => '$' + 'X'.repeat(m.length - 1));
  return { start, end, text: text.slice(0, start) + body + text.slice(end) };
}

/** Scalars of a script value: a string, or a list (nested lists included) of strings. */
function scriptScalars(v: unknown): Scalar[] {
  if (isScalar(v)) return [v];
  if (isSeq(v)) return v.items.flatMap((i) => scriptScalars(i));
  return [];
}

/** The GitHub Actions `run` scalars of a workflow document. */
function githubScripts(root: Node): Scalar[] {
  if (!isMap(root)) return [];
  const jobs = root.get('jobs', true);
  if (!isMap(jobs)) return [];
  const out: Scalar[] = [];
  for (const job of jobs.items) {
    if (!isMap(job.value)) continue;
    const steps = job.value.get('steps', true);
    if (!isSeq(steps)) continue;
    for (const step of steps.items) if (isMap(step)) out.push(...scriptScalars(step.get('run', true)));
  }
  return out;
}

/** The GitLab CI script scalars of a pipeline document. */
function gitlabScripts(root: Node): Scalar[] {
  if (!isMap(root)) return [];
  const out: Scalar[] = [];
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'before_script' || key === 'after_script') out.push(...scriptScalars(pair.value));
    if (!isMap(pair.value) || (GITLAB_GLOBAL.has(key) && key !== 'default')) continue;
    for (const k of GITLAB_SCRIPTS) out.push(...scriptScalars(pair.value.get(k, true)));
  }
  return out;
}

/** Whether a document is a GitHub Actions workflow (`jobs:` whose jobs have `steps:` or `runs-on:`). */
function isGithubWorkflow(root: Node): boolean {
  if (!isMap(root)) return false;
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

/**
 * Ingests a CI pipeline file (GitHub Actions workflow or GitLab CI; see the module comment): the containers
 * and dockerd command lines of its scripts, positioned in the YAML file. Never throws; malformed YAML is one
 * input error at its line and column.
 */
export async function ingestCi(file: SourceFile, ctx: IngestContext): Promise<IngestResult> {
  const result: IngestResult = { containers: [], images: [], errors: [] };
  const doc = parseDocument(file.text, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const p = file.position(e.pos[0]);
    result.errors.push({ file: file.path, line: p.line, column: p.column, message: `invalid YAML: ${e.message.split('\n')[0]}`, code: 'parse' });
    return result;
  }
  const root = doc.contents;
  if (!root) return result;
  const github = isGithubWorkflow(root);
  const scalars = github ? githubScripts(root) : gitlabScripts(root);
  const comments: SourceRange[] = yamlComments(file);
  if (github && isMap(root)) {
    // The job's own container and its service containers (`docker create` with their `options:`).
    const own = githubContainers(file, root.get('jobs', true) as Node);
    result.containers.push(...own.containers);
    result.errors.push(...own.errors);
  }
  for (const s of scalars) {
    const script = scriptOf(file.text, s);
    if (!script || !/\b(?:docker|podman|dockerd|nerdctl)\b/.test(script.text.slice(script.start, script.end))) continue;
    const shellFile = script.text === file.text ? file : new SourceFile(file.path, script.text);
    const r = await ingestShell(shellFile, ctx, { start: script.start, end: script.end });
    result.containers.push(...r.containers);
    if (r.daemons?.length) (result.daemons ??= []).push(...r.daemons);
    result.errors.push(...r.errors);
    if (r.secretRanges?.length) (result.secretRanges ??= []).push(...r.secretRanges);
    if (r.extraSources?.length) (result.extraSources ??= []).push(...r.extraSources);
    // Shell comments inside a literal block are YAML text, not YAML comments: the script's own are added.
    if (r.comments?.length) comments.push(...r.comments);
  }
  result.comments = comments;
  return result;
}
