/**
 * `bulwark harden` as a library (issue 4): audit → one fix per finding (text edits against the text that
 * was audited) → non-overlapping edits applied → audit again, until nothing fixable is left (at most
 * {@link MAX_ROUNDS} rounds). The output keeps everything the fixes do not touch, byte for byte.
 *
 * Requirements: the paper's guidelines applied to the user's own files — R-G5 (privileges), R-G6
 * (limits), R-G7 (capabilities, no-new-privileges), R-G12 (seccomp), R-B/R-K/R-D/R-A via the fixed
 * rules. Applicability as Ruff: safe fixes by default, unsafe ones with `unsafe: true`.
 */
import { auditSources } from '../engine/audit.js';
import type { AuditResult, Finding } from '../engine/types.js';
import type { BulwarkConfig } from '../engine/config.js';
import { SourceFile } from '../model/source.js';
import type { ContainerSpec, ImageBuildSpec, IngestResult, InputError, InputKind } from '../model/types.js';
import type { IngestContext } from '../ingest/types.js';
import { ComposeDocument, ComposeEditor, emptyMergeAnchorEdits } from './compose.js';
import { ComposeProjectEditor } from './compose-project.js';
import { applyEdits, chooseGroups } from './edits.js';
import { maskAlike, maskValues, revealReferences } from './mask.js';
import { fixesByRule } from './fixes/index.js';
import { applicabilityOf, FIXES_BY_RULE, fixFor, HARDENABLE } from './label.js';
import type { Located } from './fixes/util.js';
import { DEFAULT_PROFILE } from './profile.js';
import { KubernetesDocument, KubernetesEditor } from './kubernetes.js';
import { RunEditor } from './run.js';
import type { Applicability, ContainerEditor, DockerfileEditor, Fix, HardenProfile, TextEdit } from './types.js';
import { DockerfileTextEditor } from './dockerfile.js';

export type { HardenProfile, Fix, TextEdit, Applicability } from './types.js';
export { DEFAULT_PROFILE, completeProfile, parseProfile, ProfileError } from './profile.js';
export { unifiedDiff } from './diff.js';

/** Harden rounds at most: each round re-audits the output of the previous one (ESLint repeats fixing up to 10 passes). */
export const MAX_ROUNDS = 6;

/** Options of {@link hardenText}. */
export interface HardenOptions {
  /** Apply unsafe fixes too (`--unsafe-fixes`). */
  unsafe?: boolean;
  /** Values fixes invent; missing keys take {@link DEFAULT_PROFILE}'s. */
  profile?: Partial<HardenProfile>;
  /** Variables for Compose interpolation; default `{}` so results do not depend on the machine. */
  env?: Record<string, string | undefined>;
  /** Reads files next to the input (`.env`, `extends.file`), path as the Compose ingester asks; default none. */
  readFile?: (path: string) => Promise<string | undefined>;
  /** Config (`.bulwark.yaml`) used by the audits: disabled rules are not fixed. */
  config?: BulwarkConfig;
  /** Only these rule ids (default all fixable). */
  only?: string[];
  /** The fixes to use (default every fix bulwark has: {@link FIXES_BY_RULE}); for tests and embedders. */
  fixes?: readonly Fix[];
}

/** One change harden made: the rule it answers, where the finding was, and what the fix does, stops and may break. */
export interface HardenChange {
  ruleId: string;
  /** The container (Compose service, run line's `--name` or image, Dockerfile stage). */
  target: string;
  file: string;
  /** 1-based line and column of the finding in the input, whichever round fixed it (a later round's finding is mapped back through the earlier rounds' edits; one inside text an earlier round wrote is at that edit's place). */
  line: number;
  column: number;
  title: string;
  /**
   * What the edit means beyond the title, where the input's kind needs saying (Kubernetes: a pod-level edit that
   * changes every container of the pod; tmpfs written as memory-backed emptyDir volumes). Absent otherwise.
   */
  detail?: string;
  attack: string;
  breaks: string;
  applicability: Applicability;
}

/** What {@link hardenText} produced. */
export interface HardenResult {
  path: string;
  kind: InputKind;
  original: string;
  output: string;
  changes: HardenChange[];
  /** Input errors of the original text; when any is a parse error nothing is changed. */
  errors: InputError[];
  /** Fixes that could not be made, one line each (`web: BW-0011: …`). */
  notes: string[];
  /**
   * What went wrong inside harden (a round's edits broke the file, and were not applied): a bulwark bug, never an
   * answer. The CLI reports each and exits 2, leaving the files unchanged. Empty normally.
   */
  failures: string[];
  /** Findings left for which an unsafe fix exists (shown as a hint when unsafe fixes are off). */
  unsafeAvailable: number;
  /**
   * `original` and `output` with every secret value the audits saw masked (same lengths, `*`), for
   * printing diffs (R-S: secrets masked in every output). `output` itself keeps the user's values.
   */
  masked: { original: string; output: string };
}

/** Input error codes that stop harden for a file: it is returned unchanged. */
export const FATAL_CODES = ['parse', 'binary', 'too-large', 'too-deep', 'alias-bomb', 'read', 'unsupported'];

export { HARDENABLE, FIXES_BY_RULE, applicabilityOf, fixApplies, fixFor, hardenRewrites } from './label.js';

async function ingest(kind: InputKind, file: SourceFile, ctx: IngestContext): Promise<IngestResult> {
  switch (kind) {
    case 'compose':
      return (await import('../ingest/compose/index.js')).ingestCompose([file], ctx);
    case 'run':
    case 'shell':
      return (await import('../ingest/run/index.js')).ingestShell(file, ctx);
    case 'markdown':
      return (await import('../ingest/markdown/index.js')).ingestMarkdown(file, ctx);
    case 'asciidoc':
      return (await import('../ingest/markdown/index.js')).ingestAsciidoc(file, ctx);
    case 'rst':
      return (await import('../ingest/markdown/index.js')).ingestRst(file, ctx);
    case 'dockerfile':
      return (await import('../ingest/dockerfile/index.js')).ingestDockerfile(file, ctx);
    case 'kubernetes':
      return (await import('../ingest/kubernetes/index.js')).ingestKubernetes(file, ctx);
    default:
      return { containers: [], images: [], errors: [] };
  }
}

/** The Compose document of a container: the whole file, or the Markdown / AsciiDoc block holding it. */
async function composeDocFor(kind: InputKind, text: string, c: ContainerSpec, cache: Map<number, ComposeDocument>): Promise<ComposeDocument> {
  const region = await regionOf(kind, text, c);
  const key = region?.start ?? -1;
  let d = cache.get(key);
  if (!d) cache.set(key, (d = new ComposeDocument(text, region, c.file)));
  return d;
}

/**
 * The Markdown / AsciiDoc code block holding a container, or undefined (the whole text is one file):
 * its content region, its language (`sh`, `powershell`, `cmd`…) and, for a fence inside a block quote, how many
 * `>` markers start each line.
 */
async function regionOf(kind: InputKind, text: string, c: ContainerSpec): Promise<{ start: number; end: number; lang: string; quoteDepth?: number } | undefined> {
  if (kind !== 'markdown' && kind !== 'asciidoc' && kind !== 'rst') return undefined;
  const { markdownCodeBlocks, asciidocCodeBlocks, rstCodeBlocks } = await import('../ingest/markdown/index.js');
  const at = c.target.range.start;
  const b = (kind === 'markdown' ? markdownCodeBlocks(text) : kind === 'asciidoc' ? asciidocCodeBlocks(text) : rstCodeBlocks(text)).find((x) => x.region.start <= at && at < x.region.end);
  return b && { ...b.region, lang: b.lang, ...(b.quoteDepth ? { quoteDepth: b.quoteDepth } : {}) };
}

/** What one audit round sees: the audit, the model, and each finding of this input's targets with its container. */
interface Round {
  audit: AuditResult;
  model: IngestResult;
  items: { f: Located; c: ContainerSpec | undefined }[];
}

/** A text harden audits in each round: the input, a file of its Compose project, or a file that project includes. */
interface Audited {
  path: string;
  text: string;
}

/**
 * Audits and ingests the project (`files`: the input, or the files of one Compose project in merge order, then the
 * files it includes that harden edits); keeps the findings located in `files`, and those of its Compose services
 * located in another file the ingester read (`besides`: a file they extend, or one they are included from).
 * @param members how many of `files` are the project's own files (`-f` files); the rest are included files
 */
async function auditRound(files: readonly Audited[], members: number, kind: InputKind, besides: Map<string, string>, ctx: IngestContext, options: HardenOptions): Promise<Round> {
  const paths = new Set(files.map((f) => f.path));
  const project = files.slice(0, members);
  const sources = [...files.map((f) => ({ path: f.path, text: f.text, kind })), ...[...besides].filter(([p]) => !paths.has(p)).map(([p, t]) => ({ path: p, text: t }))];
  // The project's files are audited as one project (merged in order), as `bulwark audit` groups a base with its override.
  const audit = await auditSources(sources, { env: ctx.env, config: options.config ?? {}, ...(project.length > 1 ? { composeProject: project.map((f) => f.path) } : {}) });
  const sourceFiles = new Map(files.map((f) => [f.path, new SourceFile(f.path, f.text)]));
  const model = kind === 'compose' && project.length > 1
    ? await (await import('../ingest/compose/index.js')).ingestCompose(project.map((f) => sourceFiles.get(f.path)!), ctx)
    : await ingest(kind, sourceFiles.get(files[0].path)!, ctx);
  const items: Round['items'] = [];
  // Kubernetes: containers of one name in several objects (two Deployments with a container `app`) are told apart by the object holding the finding.
  let kd: KubernetesDocument | undefined;
  const objectOf = kind === 'kubernetes' ? (c: ContainerSpec) => (kd ??= new KubernetesDocument(files[0].text)).objectRange(c.target.range.start) : undefined;
  for (const f0 of audit.findings) {
    if (options.only && !options.only.includes(f0.ruleId)) continue;
    const here = sourceFiles.get(f0.location.file);
    // Findings in a file a service extends are fixed there; an env_file (not YAML) is not rewritten.
    if (!here && !(f0.target.kind === 'service' && besides.has(f0.location.file) && /\.ya?ml$/i.test(f0.location.file))) continue;
    const f = located(f0, here ?? new SourceFile(f0.location.file, besides.get(f0.location.file)!));
    const c = f.target.kind === 'stage' || f.target.kind === 'image' ? undefined : containerOf(f, model.containers, objectOf);
    if (!here && !c) continue;
    items.push({ f, c });
  }
  return { audit, model, items };
}

/**
 * An ingest context whose reads (`extends.file`, `.env`, included files) are remembered in `besides`; a file harden is
 * editing (`current`: an included file) is read as it is now, not as it was on disk.
 */
function recordingContext(options: HardenOptions, besides: Map<string, string>, current?: Map<string, string>): IngestContext {
  return {
    env: options.env ?? {},
    readFile: async (p) => {
      const now = current?.get(p);
      if (now !== undefined) return now;
      const t = await (options.readFile ?? (async () => undefined))(p);
      if (t !== undefined) besides.set(p, t);
      return t;
    },
  };
}

/** Containers and images an ingester found. */
function targetsOf(r: IngestResult): number {
  return r.containers.length + r.images.length;
}

/** The finding with its offsets in `file`. */
function located(f: Finding, file: SourceFile): Located {
  return { ...f, offset: file.offset(f.location.startLine, f.location.startColumn), endOffset: file.offset(f.location.endLine, f.location.endColumn) };
}

/**
 * The container a finding is about: same target name; among Kubernetes containers of that name, the one whose object
 * (`objectOf`: its offsets) holds the finding; among run lines of that name, the last one starting before the finding.
 */
const BY_NAME = new WeakMap<ContainerSpec[], Map<string, ContainerSpec[]>>();

function containerOf(f: Located, containers: ContainerSpec[], objectOf?: (c: ContainerSpec) => [number, number] | undefined): ContainerSpec | undefined {
  // Containers by kind and name, once per list (a filter per finding made many services quadratic).
  let byName = BY_NAME.get(containers);
  if (!byName) {
    byName = new Map();
    for (const c of containers) {
      const k = `${c.target.kind}\0${c.target.name}`;
      byName.set(k, [...(byName.get(k) ?? []), c]);
    }
    BY_NAME.set(containers, byName);
  }
  const same = byName.get(`${f.target.kind}\0${f.target.name}`) ?? [];
  if (same.length <= 1) return same[0];
  if (objectOf) {
    const inObject = same.filter((c) => {
      const r = objectOf(c);
      return !!r && r[0] <= f.offset && f.offset < r[1];
    });
    // Two containers of one name in one pod (kubectl refuses that): the first.
    if (inObject.length >= 1) return inObject[0];
  }
  const before = same.filter((c) => c.target.range.start <= f.offset).sort((a, b) => b.target.range.start - a.target.range.start);
  return before[0] ?? same[0];
}

function imageOf(f: Located, images: ImageBuildSpec[]): ImageBuildSpec | undefined {
  return images.find((i) => i.target.name === f.target.name) ?? images[0];
}

interface Group {
  edits: TextEdit[];
  /**
   * For a fix of a Compose service that `extends` another, its {@link ComposeEditor.extendsDepth}: fixes of a
   * greater depth wait for a later round while services of a lower depth get fixes in this one.
   */
  later?: number;
  change: HardenChange;
  editor?: RunEditor;
  notes: string[];
  /** Edits made once per key among the chosen groups ({@link RunEditor.onceEdits}). */
  once?: { key: string; edit: TextEdit }[];
  /** The finding's key across rounds (see `keyOf`). */
  key: string;
}

/** How {@link hardenProject} treats the Compose files a project includes (`include:`, compose-spec 14-include.md). */
export interface ProjectOptions {
  /**
   * Edit the Compose files the project includes too (their results follow the inputs' results). Default false: the
   * findings there are named in a not-fixed note instead (the library's {@link hardenText} returns one result).
   */
  editIncluded?: boolean;
  /**
   * Why an included file is not to be edited (`is hardened with compose.yaml in this run`), by its path as the Compose
   * ingester names it; undefined: it may be. Its findings are named in a note instead.
   */
  lockedBecause?: (path: string) => string | undefined;
}

/**
 * Hardens one text. Never throws for bad input: an unparseable text comes back unchanged with its errors.
 * A Compose file is hardened as its own project: the findings of files it includes are named in a not-fixed note.
 * @param input `path` names the file in changes and errors; `kind` as `--kind` (default: detected from path and text)
 * @returns the hardened text (`output`), the changes made, input errors and notes on fixes that could not be made
 */
export async function hardenText(input: { path: string; text: string; kind?: InputKind }, options: HardenOptions = {}): Promise<HardenResult> {
  return (await hardenProject([input], options))[0];
}

/**
 * Hardens the files of one Compose project together (`compose.yaml` + `compose.override.yaml`, the files `COMPOSE_FILE`
 * names, in merge order), or one text of any kind (`inputs` of one). Fixes are planned from the findings of the merged
 * project, as `bulwark audit` groups the files, and each edit goes where it takes effect (`compose-project.ts`): an
 * override never gets a setting weaker than its base's, and a base never gets one an override resets.
 * A byte-order mark and CRLF line ends are kept per file. Never throws for bad input.
 * @returns one result per input, in order, then (with `project.editIncluded`) one per included Compose file edited
 */
export async function hardenProject(inputs: readonly { path: string; text: string; kind?: InputKind }[], options: HardenOptions = {}, project: ProjectOptions = {}): Promise<HardenResult[]> {
  // A byte-order mark (Windows editors) is not part of the YAML, script or Dockerfile: hardened without it, kept in the
  // output. A file with CRLF line ends throughout is hardened as LF text and written back with CRLF.
  const prepared = inputs.map((i) => {
    let text = i.text;
    const bom = text.charCodeAt(0) === 0xfeff;
    if (bom) text = text.slice(1);
    const crlf = text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
    if (crlf) text = text.replace(/\r\n/g, '\n');
    return { path: i.path, kind: i.kind, text, bom, crlf, given: i.text };
  });
  const results = await hardenLf(prepared, options, project);
  return results.map((r, i) => {
    const p = prepared[i];
    if (!p || (!p.bom && !p.crlf)) return r;
    const back = (t: string) => (p.bom ? '\ufeff' : '') + (p.crlf ? t.replace(/\n/g, '\r\n') : t);
    return { ...r, original: p.given, output: back(r.output), masked: { original: back(r.masked.original), output: back(r.masked.output) } };
  });
}

/** One file harden rewrites in one run: an input, or a Compose file its project includes. */
interface FileState {
  path: string;
  /** The text as given (LF line ends, no byte-order mark). */
  input: string;
  /** The text as the rounds so far made it. */
  text: string;
  result: HardenResult;
  /** The edits of each applied round, in that round's text (see atInput). */
  history: TextEdit[][];
  inputFile: SourceFile;
  /** The text the last audit saw, masked as it masked it, and how many rounds of `history` made it. */
  lastAudited: { text: string; masked: string; rounds: number };
  /** The number of changes before the last applied round. */
  changesBefore: number;
  /** Input errors of the original text. */
  baseErrors: number;
}

/** The model of the project's files (a Compose project merged in order; any other kind: the one file). */
async function ingestAll(kind: InputKind, files: readonly Audited[], ctx: IngestContext): Promise<IngestResult> {
  if (kind === 'compose') return (await import('../ingest/compose/index.js')).ingestCompose(files.map((f) => new SourceFile(f.path, f.text)), ctx);
  return ingest(kind, new SourceFile(files[0].path, files[0].text), ctx);
}

async function hardenLf(inputs: readonly { path: string; text: string; kind?: InputKind }[], options: HardenOptions, project: ProjectOptions): Promise<HardenResult[]> {
  const profile: HardenProfile = { ...DEFAULT_PROFILE, ...options.profile } as HardenProfile;
  const unsafe = options.unsafe === true;
  const byRule = options.fixes ? fixesByRule(options.fixes) : FIXES_BY_RULE;
  const input = inputs[0];
  let kind = input.kind;
  if (!kind) {
    const { detectKind } = await import('../ingest/detect.js');
    const k = detectKind(input.path, input.text);
    kind = k && k !== 'json' ? k : undefined;
  }
  const fresh = (path: string, text: string): HardenResult => ({ path, kind: kind ?? 'compose', original: text, output: text, changes: [], errors: [], notes: [], failures: [], unsafeAvailable: 0, masked: { original: text, output: text } });
  const results = inputs.map((i) => fresh(i.path, i.text));
  if (!kind || !HARDENABLE.includes(kind) || (inputs.length > 1 && kind !== 'compose')) {
    for (const r of results) {
      r.errors.push({
        file: r.path,
        message: kind ? `harden does not rewrite ${kind} inputs (it rewrites Compose files, docker run lines in scripts and Markdown, Dockerfiles and Kubernetes manifests)` : 'cannot tell what kind of file this is: give --kind',
        code: 'unsupported',
      });
    }
    return results;
  }
  // A Compose file written as JSON: the Compose editor writes YAML (block keys, `# bulwark:` comments), which would
  // leave a file no JSON reader takes (qa-b 6). Refused, with the way out (the whole project: its files are planned
  // together). (The Kubernetes editor keeps JSON as JSON.)
  const json = kind === 'compose' ? inputs.find((i) => /^\s*\{/.test(i.text)) : undefined;
  if (json) {
    for (const r of results) {
      r.errors.push({
        file: r.path,
        message:
          r.path === json.path
            ? 'a Compose file written as JSON: harden writes YAML and would leave a file that is no longer JSON; convert it to YAML first (docker compose -f FILE config > compose.yaml), then harden that'
            : `not hardened: ${json.path}, a file of its Compose project, is written as JSON, which harden does not rewrite; convert it to YAML first`,
        code: 'unsupported',
      });
    }
    return results;
  }
  // Files the ingester reads besides the inputs (`extends.file`, `.env`, `env_file`, included files) are given to the audits too.
  const besides = new Map<string, string>();
  const current = new Map<string, string>();
  const ctx = recordingContext(options, besides, current);
  const first = await ingestAll(kind, inputs, ctx);
  const newState = (path: string, text: string, result: HardenResult): FileState => ({
    path,
    input: text,
    text,
    result,
    history: [],
    inputFile: new SourceFile(path, text),
    lastAudited: { text, masked: text, rounds: 0 },
    changesBefore: 0,
    baseErrors: 0,
  });
  const states: FileState[] = inputs.map((i, n) => newState(i.path, i.text, results[n]));
  const members = states.length;
  // Compose files the project includes (a service defined there): edited with it when allowed (they are files harden
  // rewrites), else their findings are named as not fixed, with why (qa-a 4).
  const locked = new Map<string, string>();
  if (kind === 'compose') {
    const given = new Set(inputs.map((i) => i.path));
    for (const path of new Set(first.containers.map((c) => c.file))) {
      const text = besides.get(path);
      if (given.has(path) || text === undefined || !/\.ya?ml$/i.test(path)) continue;
      const why = project.lockedBecause?.(path) ?? (!project.editIncluded
        ? `is included by ${input.path} and was not given to harden: harden it as well (bulwark harden ${path}, or the directory)`
        : text.charCodeAt(0) === 0xfeff || text.includes('\r\n') || /^\s*\{/.test(text)
          ? 'has a byte-order mark, CRLF line ends or JSON, which harden keeps only for a file it is given: harden it as its own input'
          : undefined);
      if (why !== undefined) {
        locked.set(path, why);
        continue;
      }
      states.push(newState(path, text, fresh(path, text)));
      current.set(path, text);
    }
  }
  const byPath = new Map(states.map((st) => [st.path, st]));
  const main = states[0];
  /** The file a note about finding `f` belongs to: its own, else (a file a service extends) the input's. */
  const fileOf = (f: Located): string => (byPath.has(f.location.file) ? f.location.file : main.path);
  const stuck = new Set<string>();
  const applied = new Set<string>();
  /** The keys of the findings whose fixes the last applied round made (see the check after each audit). */
  let lastRound = new Set<string>();
  let audited = false;
  let baseTargets = 0;
  /** Notes said once (stuck fixes), and the problems of the last round only: a fix that could not be made in one round may be made in a later one. */
  const said: { file: string; text: string }[] = [];
  let roundNotes: { file: string; text: string }[] = [];
  const failures: string[] = [];
  // A later round's findings are located in the text the earlier rounds made; the change list gives positions in the
  // input as the user has it (see atInput).
  const atInput = (f: Located): { line: number; column: number } => {
    const st = byPath.get(f.location.file);
    if (!st || st.history.length === 0) return { line: f.location.startLine, column: f.location.startColumn };
    let o = f.offset;
    for (let r = st.history.length - 1; r >= 0; r--) o = offsetBefore(st.history[r], o);
    return st.inputFile.position(o);
  };
  /**
   * A finding's key across rounds: rule, target, message and which of the targets of that name it is (two run lines
   * of one image without --name share a name; their order in the file does not change). Dockerfile findings of one
   * stage with one message (`installs openssh-server` in two RUN lines) are told apart by where they are in the input:
   * an edit elsewhere does not move that place (see atInput).
   */
  const sameName = new WeakMap<IngestResult, Map<string, ContainerSpec[]>>();
  const keyOf = (f: Located, c: ContainerSpec | undefined, model: IngestResult): string => {
    let byName = sameName.get(model);
    if (!byName) {
      byName = new Map();
      for (const x of model.containers) {
        const list = byName.get(x.target.name);
        if (list) list.push(x);
        else byName.set(x.target.name, [x]);
      }
      sameName.set(model, byName);
    }
    const nth = c ? (byName.get(c.target.name) ?? []).indexOf(c) : 0;
    const where = c ? '' : (({ line, column }) => `${line}:${column}`)(atInput(f));
    return `${f.ruleId}\0${f.target.name}\0${nth}\0${f.message}\0${where}\0${c ? '' : f.location.file}`;
  };
  /** A fix that threw: not fixed, said once with the finding's place in the input; never tried again. */
  const failed = (f: Located, key: string, e: unknown) => {
    stuck.add(key);
    const at = atInput(f);
    said.push({ file: fileOf(f), text: `${f.target.name}: ${f.ruleId}: ${f.location.file}:${at.line}:${at.column}: not fixed: the fix failed (${e instanceof Error ? e.message : String(e)}); change it by hand` });
  };
  /** Every file back to the text the last audit saw, before the last applied round. */
  const undo = () => {
    for (const st of states) {
      st.text = st.lastAudited.text;
      st.result.output = st.text;
      st.result.changes.length = st.changesBefore;
      st.history.length = st.lastAudited.rounds;
      if (current.has(st.path)) current.set(st.path, st.text);
    }
  };
  for (let rounds = 0, passes = 0; rounds < MAX_ROUNDS && passes < 4 * MAX_ROUNDS; passes++) {
    const { audit, model, items } = await auditRound(states, members, kind, besides, ctx, options);
    const errorsOf = (st: FileState) => audit.errors.filter((e) => e.file === st.path);
    const maskedNow = new Map(states.map((st) => [st.path, revealReferences(st.text, audit.sources.get(st.path)?.text ?? st.text, kind === 'compose')]));
    if (!audited) {
      audited = true;
      // An included file that cannot be read as Compose is not edited (its error is its own); the project goes on.
      for (const st of states.slice(members)) {
        if (!errorsOf(st).some((e) => FATAL_CODES.includes(e.code))) continue;
        locked.set(st.path, 'has an input error (see its own audit), so harden does not edit it');
        states.splice(states.indexOf(st), 1);
        byPath.delete(st.path);
        current.delete(st.path);
      }
      for (const st of states) {
        const m = maskedNow.get(st.path)!;
        st.result.masked = { original: m, output: m };
        st.result.errors = errorsOf(st);
        st.baseErrors = st.result.errors.length;
      }
      baseTargets = targetsOf(model);
      const fatal = states.find((st) => st.result.errors.some((e) => FATAL_CODES.includes(e.code)));
      if (fatal) {
        // The files of a project are planned together: none is hardened when one cannot be read.
        for (const st of states) if (st !== fatal) st.result.errors.push({ file: st.path, code: 'unsupported', message: `not hardened: ${fatal.path}, a file of its Compose project, cannot be read (see its error)` });
        return states.map((st) => st.result);
      }
    } else {
      const worse = states.find((st) => errorsOf(st).length > st.baseErrors);
      if (worse || targetsOf(model) < baseTargets) {
        // A round's edits made the text worse (an input error, a container no longer recognised): the previous
        // round's output and changes are kept, and the failure is reported (a bulwark bug: no known input gets here).
        const errs = worse ? errorsOf(worse) : [];
        failures.push(`round ${rounds + 1}: the edits ${worse ? `produced an input error${states.length > 1 ? ` in ${worse.path}` : ''} (${errs[errs.length - 1].message})` : 'lost a container'}; they were not applied`);
        undo();
        break;
      }
      // A fix of the last round whose finding is still there did nothing: that round is undone and made again without
      // it, so no edit that leaves its finding is written (qa-a 5: `security_opt: !reset [no-new-privileges:true]`).
      const left = lastRound.size ? items.filter(({ f, c }) => lastRound.has(keyOf(f, c, model))) : [];
      if (left.length) {
        for (const { f, c } of left) {
          const k = keyOf(f, c, model);
          if (stuck.has(k)) continue;
          stuck.add(k);
          said.push({ file: fileOf(f), text: `${f.target.name}: ${f.ruleId}: the fix did not remove the finding (${f.message}); its edits were not written` });
        }
        for (const k of lastRound) applied.delete(k);
        lastRound = new Set();
        undo();
        rounds--;
        continue;
      }
    }
    lastRound = new Set();
    for (const st of states) st.lastAudited = { text: st.text, masked: maskedNow.get(st.path)!, rounds: st.history.length };
    roundNotes = [];
    const text = main.text;
    const composeDocs = new Map<string, ComposeDocument>();
    const blockDocs = new Map<number, ComposeDocument>();
    let kubeDoc: KubernetesDocument | undefined;
    const editors = new Map<ContainerSpec, ContainerEditor>();
    const dfEditors = new Map<ImageBuildSpec, DockerfileTextEditor>();
    const groups: Group[] = [];
    /** Services written as an alias, made mappings in this round (their fixes come in the next one). */
    const unaliased = new Set<ContainerSpec>();
    const unalias: TextEdit[] = [];
    /** Fixes that made no edit and said nothing (another fix of the round holds the key): named if no round follows. */
    const pending: { f: Located; c: ContainerSpec | undefined }[] = [];
    /** Containers whose editor gave a reason this round (a template action, a form it leaves): their other fixes are covered by it. */
    const told = new Set<ContainerSpec>();
    const unsafeLeft = new Map<string, number>();
    const lockedLeft = new Map<string, number>();
    for (const { f, c } of items) {
      const ftext = byPath.get(f.location.file)?.text ?? text;
      const lockedWhy = locked.get(f.location.file) ?? (c?.source === 'compose' ? locked.get(c.file) : undefined);
      if (lockedWhy !== undefined) {
        const p = locked.has(f.location.file) ? f.location.file : c!.file;
        if (fixFor(f, c, true, ftext, byRule, profile)) lockedLeft.set(p, (lockedLeft.get(p) ?? 0) + 1);
        continue;
      }
      const fix = fixFor(f, c, unsafe, ftext, byRule, profile);
      if (!fix) {
        // A fix that waits for another rule's fix of the same container (BW-0003's drop while it is privileged) is made
        // after it, when harden has that fix at some level.
        const waits =
          !!c &&
          (byRule.get(f.ruleId) ?? []).some((x) => {
            const r = x.after?.(f, c);
            return !!r && items.some((i) => i.c === c && i.f.ruleId === r && !!fixFor(i.f, c, true, byPath.get(i.f.location.file)?.text ?? text, byRule, profile));
          });
        if (!unsafe && !c?.extra.serviceCreate && !c?.extra.composeRun && (fixFor(f, c, true, ftext, byRule, profile) || waits)) {
          // Said by the hint (run with --unsafe-fixes), not by a note.
          unsafeLeft.set(fileOf(f), (unsafeLeft.get(fileOf(f)) ?? 0) + 1);
          continue;
        }
        // A fix of this rule that is allowed at this level but leaves this finding: the reason, as a not-fixed note.
        for (const x of byRule.get(f.ruleId) ?? []) {
          if (!unsafe && applicabilityOf(x, f, c) === 'unsafe') continue;
          const why = x.leftBecause?.(f, c, ftext, profile);
          if (!why) continue;
          const at = atInput(f);
          roundNotes.push({ file: fileOf(f), text: `${f.target.name}: ${f.ruleId}: ${f.location.file}:${at.line}:${at.column}: ${why}` });
          break;
        }
        continue;
      }
      const key = keyOf(f, c, model);
      if (stuck.has(key)) continue;
      if (applied.has(key)) {
        stuck.add(key);
        said.push({ file: fileOf(f), text: `${f.target.name}: ${f.ruleId}: the fix did not remove the finding (${f.message}); left as it is` });
        continue;
      }
      const notFixed = (why: string) => {
        const at = atInput(f);
        roundNotes.push({ file: fileOf(f), text: `${f.target.name}: ${f.ruleId}: ${f.location.file}:${at.line}:${at.column}: not fixed: ${why}` });
      };
      let ed: ContainerEditor | DockerfileEditor | undefined;
      let made = false;
      let mark = 0;
      let problemsBefore = 0;
      if (fix.container && c) {
        if (unaliased.has(c)) continue;
        ed = editors.get(c);
        if (!ed) {
          if (c.source === 'compose') {
            const region = await regionOf(kind, text, c);
            if (region?.quoteDepth) {
              // A Compose block inside a Markdown block quote: its lines carry `>` markers that the YAML editor
              // does not write, so nothing is changed there, and the user is told instead of "nothing to change".
              roundNotes.push({ file: main.path, text: `${c.target.name}: the Compose block is inside a block quote (>); bulwark does not edit it: apply the fixes by hand` });
              continue;
            }
            if (region) ed = ComposeEditor.forService(await composeDocFor(kind, text, c, blockDocs), c.target.name, c);
            else {
              const docs = states.map((st) => {
                let doc = composeDocs.get(st.path);
                if (!doc) composeDocs.set(st.path, (doc = new ComposeDocument(st.text, undefined, st.path)));
                return { path: st.path, doc };
              });
              // A service written as an alias of an anchored mapping (`worker-1: *worker`): first made a mapping that
              // merges it (`worker-1:` + `<<: *worker`, the same service), which the next round adds the fixes to (qa-a 3).
              const un = docs.flatMap((d) => {
                const e = d.doc.unaliasEdit(c.target.name);
                return e ? [{ ...e, file: d.path }] : [];
              });
              if (un.length) {
                unalias.push(...un);
                unaliased.add(c);
                continue;
              }
              const pe = new ComposeProjectEditor(docs, c);
              if (pe.editable) ed = pe;
            }
          } else if (c.extra.serviceCreate) {
            // `docker service create`: its flags are not docker run's (`--limit-memory`, no `--security-opt`), and Swarm
            // has no such settings for some fixes (no-new-privileges, seccomp): audited, not rewritten.
            const note = `${c.target.name}: docker service create lines are audited, not rewritten: apply the fixes by hand (docker service update --limit-memory, --cap-drop, --read-only, --user …)`;
            if (!roundNotes.some((n) => n.text === note) && !said.some((n) => n.text === note)) roundNotes.push({ file: main.path, text: note });
            continue;
          } else if (c.extra.composeRun) {
            // `docker compose run`: a fix may write a flag the line does not take (`--mount`, `--security-opt`), and the
            // service's own settings are in the Compose file: audited, not rewritten.
            const note = `${c.target.name}: docker compose run lines are audited, not rewritten: apply the fixes by hand, on the line or in the service's Compose definition`;
            if (!roundNotes.some((n) => n.text === note) && !said.some((n) => n.text === note)) roundNotes.push({ file: main.path, text: note });
            continue;
          } else if (c.source === 'run') ed = new RunEditor(text, c, await regionOf(kind, text, c));
          else if (c.source === 'kubernetes') ed = KubernetesEditor.forContainer((kubeDoc ??= new KubernetesDocument(text)), c);
          if (ed) editors.set(c, ed);
        }
        if (!ed) {
          notFixed('the container is not written in a form bulwark edits here; apply the fix by hand');
          continue;
        }
        if (ed instanceof ComposeProjectEditor) ed.at(f.location.file);
        mark = ed.edits.length;
        problemsBefore = ed.problems.length;
        const notesBefore = ed instanceof RunEditor ? ed.notes.length : 0;
        const onceBefore = ed instanceof RunEditor ? ed.onceEdits.length : 0;
        const detailsBefore = ed instanceof KubernetesEditor ? ed.details.length : 0;
        if (ed instanceof KubernetesEditor) ed.beginFix();
        try {
          made = fix.container(c, f, ed as ContainerEditor, profile);
        } catch (e) {
          // A fix that fails on a form its editor does not expect: its partial edits are dropped, the finding is
          // named (file:line) as not fixed, and the other fixes and files go on (qa-c 1).
          (ed.edits as TextEdit[]).length = mark;
          if (ed instanceof RunEditor) {
            ed.notes.length = notesBefore;
            ed.onceEdits.length = onceBefore;
          }
          failed(f, key, e);
          continue;
        }
        const notes = ed instanceof RunEditor ? ed.notes.slice(notesBefore) : [];
        const once = ed instanceof RunEditor ? ed.onceEdits.slice(onceBefore) : [];
        const change = changeOf(fix, f, c, atInput(f));
        const details = ed instanceof KubernetesEditor ? [...new Set(ed.details.slice(detailsBefore))] : [];
        if (details.length) change.detail = details.join('; ');
        if (made && ed.edits.length > mark) groups.push({ edits: ed.edits.slice(mark), change, editor: ed instanceof RunEditor ? ed : undefined, notes, once, later: ed instanceof ComposeEditor || ed instanceof ComposeProjectEditor ? ed.extendsDepth : 0, key });
        else if (ed.problems.length === problemsBefore) pending.push({ f, c });
        else told.add(c);
      } else if (fix.image) {
        const img = imageOf(f, model.images);
        if (!img) {
          notFixed('bulwark cannot find the image build this finding is about; apply the fix by hand');
          continue;
        }
        let de = dfEditors.get(img);
        if (!de) dfEditors.set(img, (de = new DockerfileTextEditor(text, img)));
        ed = de;
        mark = de.edits.length;
        problemsBefore = de.problems.length;
        try {
          made = fix.image(img, f, de, profile);
        } catch (e) {
          (de.edits as TextEdit[]).length = mark;
          failed(f, key, e);
          continue;
        }
        if (made && de.edits.length > mark) groups.push({ edits: de.edits.slice(mark), change: changeOf(fix, f, undefined, atInput(f)), notes: [], key });
        else if (de.problems.length === problemsBefore) pending.push({ f, c });
      } else {
        notFixed('its fix does not apply to this kind of target; apply it by hand');
        continue;
      }
      if (ed) for (const p of ed.problems.slice(problemsBefore)) roundNotes.push({ file: fileOf(f), text: `${f.target.name}: ${f.ruleId}: ${p}` });
    }
    for (const st of states) st.result.unsafeAvailable = unsafeLeft.get(st.path) ?? 0;
    for (const [path, n] of lockedLeft) roundNotes.push({ file: main.path, text: `${path}: ${n} finding${n === 1 ? '' : 's'} with a fix left as ${n === 1 ? 'it is' : 'they are'}: ${path} ${locked.get(path)}` });
    if (groups.length === 0 && unalias.length === 0) {
      // No round follows: a fix that made no edit and gave no reason is named, so no finding with a fix that was
      // allowed is left unsaid (qa-a 3: the unsafe-fixes hint must not hide safe fixes that were not made).
      for (const { f, c } of pending) {
        if (c && told.has(c)) continue;
        const at = atInput(f);
        roundNotes.push({ file: fileOf(f), text: `${f.target.name}: ${f.ruleId}: ${f.location.file}:${at.line}:${at.column}: not fixed: bulwark could not make this edit; apply the fix by hand` });
      }
      break;
    }
    // Services that extend others wait until their bases are fixed: what they inherit may then be fixed already
    // (`local` extending `app` extending a base in another file: app first, then local).
    const depth = groups.length ? Math.min(...groups.map((g) => g.later ?? 0)) : 0;
    const now = groups.filter((g) => (g.later ?? 0) === depth);
    // Edits of different files never overlap: each file's offsets are moved to a range of their own to choose.
    const slot = new Map(states.map((st, i) => [st.path, i * 2 ** 40]));
    const apart = (e: TextEdit): TextEdit => (e.file === undefined || e.file === main.path ? e : { ...e, start: e.start + slot.get(e.file)!, end: e.end + slot.get(e.file)! });
    const picked = chooseGroups([...unalias.map((e) => [apart(e)]), ...now.map((g) => g.edits.map(apart))]);
    const chosen = picked.filter((i) => i >= unalias.length).map((i) => now[i - unalias.length]);
    const edits = [...picked.filter((i) => i < unalias.length).map((i) => unalias[i]), ...chosen.flatMap((g) => g.edits)];
    // One `# bulwark:` line above each run line that got invented values.
    const notesByEditor = new Map<RunEditor, string[]>();
    for (const g of chosen) if (g.editor && g.notes.length) notesByEditor.set(g.editor, [...(notesByEditor.get(g.editor) ?? []), ...g.notes]);
    for (const [ed, notes] of notesByEditor) {
      const e = ed.noteEdit(notes);
      if (e) edits.push(e);
    }
    // Lines wanted once per script or block (`docker network create`): the one nearest the start.
    const once = new Map<string, TextEdit>();
    for (const g of chosen) for (const o of g.once ?? []) if (!once.has(o.key) || o.edit.start < once.get(o.key)!.start) once.set(o.key, o.edit);
    edits.push(...once.values());
    for (const st of states) {
      st.changesBefore = st.result.changes.length;
      const mine = edits.filter((e) => (e.file ?? main.path) === st.path).map(({ file: _f, ...e }) => e as TextEdit);
      if (mine.length === 0) continue;
      st.text = applyEdits(st.text, mine);
      st.history.push([...mine].sort((a, b) => a.start - b.start || a.end - b.end));
      if (kind === 'compose') {
        // A fix that removed the last entry of an anchored mapping merged with `<<` left a null: `&name {}` instead.
        const fill = emptyMergeAnchorEdits(st.text);
        if (fill.length) {
          st.text = applyEdits(st.text, fill);
          st.history.push(fill);
        }
      }
      if (current.has(st.path)) current.set(st.path, st.text);
      st.result.output = st.text;
    }
    for (const g of chosen) {
      // The change is listed with each file its edits are in (a fix of a finding in the base may edit the override).
      for (const p of new Set(g.edits.map((e) => e.file ?? main.path))) byPath.get(p)!.result.changes.push(g.change);
      applied.add(g.key);
      lastRound.add(g.key);
    }
    rounds++;
  }
  if (states.some((st) => st.lastAudited.text !== st.result.output)) {
    // The last round's edits were not audited (MAX_ROUNDS reached): audit once more to mask secrets.
    const last = await auditRound(states, members, kind, besides, ctx, options);
    for (const st of states) st.lastAudited = { text: st.result.output, masked: revealReferences(st.result.output, last.audit.sources.get(st.path)?.text ?? st.result.output, kind === 'compose'), rounds: st.history.length };
  }
  // Both sides of the diff masked alike, with what either audit masked (QA: a secret echoed on an unchanged line was
  // masked in the input only, so the diff showed the line as changed, in clear on its `+` side).
  const values = new Set<string>();
  for (const st of states) {
    const alike = maskAlike({ text: st.input, masked: st.result.masked.original }, { text: st.result.output, masked: st.lastAudited.masked }, st.history);
    st.result.masked = { original: alike.original, output: alike.output };
    for (const v of alike.values) values.add(v);
  }
  const hide = (s: string) => maskValues(s, values);
  main.result.failures = failures.map(hide);
  for (const st of states) {
    const r = st.result;
    // Notes about stuck fixes, then the problems still there in the last round, each once.
    r.notes = [...new Set([...said, ...roundNotes].filter((n) => n.file === st.path).map((n) => n.text))].map(hide);
    r.changes = r.changes.map((c) => {
      const { message: _m, ...rest } = c as HardenChange & { message?: string };
      const masked: HardenChange = { ...rest, title: hide(rest.title), attack: hide(rest.attack), breaks: hide(rest.breaks) };
      if (rest.detail !== undefined) masked.detail = hide(rest.detail);
      return masked;
    });
    r.errors = r.errors.map((e) => ({ ...e, message: hide(e.message) }));
  }
  return states.map((st) => st.result);
}

/**
 * The offset in the text before `edits` (sorted by start, as applyEdits applies them) were applied of `offset` in
 * the text after them: offsets past an edit move back by what it added; one inside a replacement's new text is
 * the replaced text's start.
 */
function offsetBefore(edits: readonly TextEdit[], offset: number): number {
  let delta = 0;
  for (const e of edits) {
    const start = e.start + delta;
    if (offset < start) break;
    if (offset < start + e.text.length) return e.start;
    delta += e.text.length - (e.end - e.start);
  }
  return offset - delta;
}

/** A change of the result: the fix's texts, and where the finding is in the input (`at`, 1-based; see atInput). */
function changeOf(fix: Fix, f: Located, c: ContainerSpec | undefined, at: { line: number; column: number }): HardenChange & { message: string } {
  const base = c?.source === 'kubernetes' && fix.kubernetes ? { ...fix, ...fix.kubernetes } : fix;
  const text = fix.forFinding ? { ...base, ...fix.forFinding(f) } : base;
  return {
    ruleId: fix.ruleId,
    target: f.target.name,
    file: f.location.file,
    line: at.line,
    column: at.column,
    title: text.title,
    attack: text.attack,
    breaks: text.breaks,
    applicability: applicabilityOf(fix, f, c),
    message: f.message,
  };
}

/**
 * The findings of `input` that harden would fix at the given level (the audit after `harden` must have
 * none of them, issue 4). Findings about a kind harden does not rewrite are not counted.
 */
export async function fixableFindings(input: { path: string; text: string; kind?: InputKind }, options: HardenOptions = {}): Promise<Finding[]> {
  let kind = input.kind;
  if (!kind) {
    const { detectKind } = await import('../ingest/detect.js');
    const k = detectKind(input.path, input.text);
    kind = k && k !== 'json' ? k : undefined;
  }
  if (!kind || !HARDENABLE.includes(kind)) return [];
  const besides = new Map<string, string>();
  const ctx = recordingContext(options, besides);
  await ingest(kind, new SourceFile(input.path, input.text), ctx);
  const { items } = await auditRound([input], 1, kind, besides, ctx, options);
  const byRule = options.fixes ? fixesByRule(options.fixes) : FIXES_BY_RULE;
  return items.filter(({ f, c }) => !!fixFor(f, c, options.unsafe === true, input.text, byRule, { ...DEFAULT_PROFILE, ...options.profile } as HardenProfile)).map(({ f }) => {
    const { offset: _o, endOffset: _e, ...finding } = f;
    return finding;
  });
}
