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
  file: SourceFile;
  model: IngestResult;
  items: { f: Located; c: ContainerSpec | undefined }[];
}

/**
 * Audits and ingests `text`; keeps the findings located in it, and those of its Compose services located in
 * a file they extend (`besides`: the other files the ingester read, by the path it asked for).
 */
async function auditRound(path: string, text: string, kind: InputKind, besides: Map<string, string>, ctx: IngestContext, options: HardenOptions): Promise<Round> {
  const sources = [{ path, text, kind }, ...[...besides].filter(([p]) => p !== path).map(([p, t]) => ({ path: p, text: t }))];
  const audit = await auditSources(sources, { env: ctx.env, config: options.config ?? {} });
  const file = new SourceFile(path, text);
  const model = await ingest(kind, file, ctx);
  const items: Round['items'] = [];
  // Kubernetes: containers of one name in several objects (two Deployments with a container `app`) are told apart by the object holding the finding.
  let kd: KubernetesDocument | undefined;
  const objectOf = kind === 'kubernetes' ? (c: ContainerSpec) => (kd ??= new KubernetesDocument(text)).objectRange(c.target.range.start) : undefined;
  for (const f0 of audit.findings) {
    if (options.only && !options.only.includes(f0.ruleId)) continue;
    const here = f0.location.file === path;
    // Findings in a file a service extends are fixed there; an env_file (not YAML) is not rewritten.
    if (!here && !(f0.target.kind === 'service' && besides.has(f0.location.file) && /\.ya?ml$/i.test(f0.location.file))) continue;
    const f = located(f0, here ? file : new SourceFile(f0.location.file, besides.get(f0.location.file)!));
    const c = f.target.kind === 'stage' || f.target.kind === 'image' ? undefined : containerOf(f, model.containers, objectOf);
    if (!here && !c) continue;
    items.push({ f, c });
  }
  return { audit, file, model, items };
}

/** An ingest context whose reads (`extends.file`, `.env`) are remembered in `besides`. */
function recordingContext(options: HardenOptions, besides: Map<string, string>): IngestContext {
  return {
    env: options.env ?? {},
    readFile: async (p) => {
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
  /** The finding's key across rounds (see `findingKey`). */
  key: string;
}

/**
 * Hardens one text. Never throws for bad input: an unparseable text comes back unchanged with its errors.
 * @param input `path` names the file in changes and errors; `kind` as `--kind` (default: detected from path and text)
 * @returns the hardened text (`output`), the changes made, input errors and notes on fixes that could not be made
 */
export async function hardenText(input: { path: string; text: string; kind?: InputKind }, options: HardenOptions = {}): Promise<HardenResult> {
  // A byte-order mark (Windows editors) is not part of the YAML, script or Dockerfile: hardened without it, kept in the output.
  if (input.text.charCodeAt(0) === 0xfeff) {
    const r = await hardenText({ ...input, text: input.text.slice(1) }, options);
    const bom = (t: string) => '\ufeff' + t;
    return { ...r, original: input.text, output: bom(r.output), masked: { original: bom(r.masked.original), output: bom(r.masked.output) } };
  }
  // A file with CRLF line ends throughout is hardened as LF text and written back with CRLF.
  if (input.text.includes('\r\n') && !/(^|[^\r])\n/.test(input.text)) {
    const r = await hardenLf({ ...input, text: input.text.replace(/\r\n/g, '\n') }, options);
    const crlf = (t: string) => t.replace(/\n/g, '\r\n');
    return { ...r, original: input.text, output: crlf(r.output), masked: { original: crlf(r.masked.original), output: crlf(r.masked.output) } };
  }
  return hardenLf(input, options);
}

async function hardenLf(input: { path: string; text: string; kind?: InputKind }, options: HardenOptions): Promise<HardenResult> {
  const profile: HardenProfile = { ...DEFAULT_PROFILE, ...options.profile } as HardenProfile;
  const unsafe = options.unsafe === true;
  const byRule = options.fixes ? fixesByRule(options.fixes) : FIXES_BY_RULE;
  let kind = input.kind;
  if (!kind) {
    const { detectKind } = await import('../ingest/detect.js');
    const k = detectKind(input.path, input.text);
    kind = k && k !== 'json' ? k : undefined;
  }
  const result: HardenResult = { path: input.path, kind: kind ?? 'compose', original: input.text, output: input.text, changes: [], errors: [], notes: [], unsafeAvailable: 0, masked: { original: input.text, output: input.text } };
  if (!kind || !HARDENABLE.includes(kind)) {
    result.errors.push({
      file: input.path,
      message: kind ? `harden does not rewrite ${kind} inputs (it rewrites Compose files, docker run lines in scripts and Markdown, Dockerfiles and Kubernetes manifests)` : 'cannot tell what kind of file this is: give --kind',
      code: 'unsupported',
    });
    return result;
  }
  // A Compose file written as JSON: the Compose editor writes YAML (block keys, `# bulwark:` comments), which would
  // leave a file no JSON reader takes (qa-b 6). Refused, with the way out. (The Kubernetes editor keeps JSON as JSON.)
  if (kind === 'compose' && /^\s*\{/.test(input.text)) {
    result.errors.push({
      file: input.path,
      message: 'a Compose file written as JSON: harden writes YAML and would leave a file that is no longer JSON; convert it to YAML first (docker compose -f FILE config > compose.yaml), then harden that',
      code: 'unsupported',
    });
    return result;
  }
  // Files the ingester reads besides the input (`extends.file`, `.env`, `env_file`) are given to the audits too.
  const besides = new Map<string, string>();
  const ctx = recordingContext(options, besides);
  await ingest(kind, new SourceFile(input.path, input.text), ctx);
  const stuck = new Set<string>();
  const applied = new Set<string>();
  let text = input.text;
  let baseErrors = -1;
  let baseTargets = 0;
  let changesBefore = 0;
  let lastAudited = { text: input.text, masked: input.text, rounds: 0 };
  // Problems of the last round only: a fix that could not be made in one round may be made in a later one.
  let roundNotes: string[] = [];
  // The edits of each applied round, in that round's text: a later round's findings are located in the text the
  // earlier rounds made, and the change list gives positions in the input as the user has it (see atInput).
  const history: TextEdit[][] = [];
  const inputFile = new SourceFile(input.path, input.text);
  const atInput = (f: Located): { line: number; column: number } => {
    if (f.location.file !== input.path || history.length === 0) return { line: f.location.startLine, column: f.location.startColumn };
    let o = f.offset;
    for (let r = history.length - 1; r >= 0; r--) o = offsetBefore(history[r], o);
    return inputFile.position(o);
  };
  /** A fix that threw: not fixed, said once with the finding's place in the input; never tried again. */
  const failed = (f: Located, key: string, e: unknown) => {
    stuck.add(key);
    const at = atInput(f);
    result.notes.push(`${f.target.name}: ${f.ruleId}: ${f.location.file}:${at.line}:${at.column}: not fixed: the fix failed (${e instanceof Error ? e.message : String(e)}); change it by hand`);
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { audit, file, model, items } = await auditRound(input.path, text, kind, besides, ctx, options);
    const errors = audit.errors.filter((e) => e.file === input.path);
    const maskedNow = revealReferences(text, audit.sources.get(input.path)?.text ?? text, kind === 'compose');
    if (round === 0) {
      result.masked = { original: maskedNow, output: maskedNow };
      result.errors = errors;
      baseErrors = errors.length;
      baseTargets = targetsOf(model);
      if (errors.some((e) => FATAL_CODES.includes(e.code))) return result;
    } else if (errors.length > baseErrors || targetsOf(model) < baseTargets) {
      // A round's edits made the text worse (an input error, a container no longer recognised): keep the
      // previous round's output and changes. A bug guard: no known input gets here.
      result.notes.push(`round ${round + 1}: the edits ${errors.length > baseErrors ? `produced an input error (${errors[errors.length - 1].message})` : 'lost a container'}; they were not applied`);
      result.output = lastAudited.text;
      result.changes.length = changesBefore;
      history.length = lastAudited.rounds;
      break;
    }
    lastAudited = { text, masked: maskedNow, rounds: history.length };
    roundNotes = [];
    const composeDocs = new Map<number, ComposeDocument>();
    let kubeDoc: KubernetesDocument | undefined;
    const editors = new Map<ContainerSpec, ContainerEditor>();
    const dfEditors = new Map<ImageBuildSpec, DockerfileTextEditor>();
    const groups: Group[] = [];
    let unsafeLeft = 0;
    for (const { f, c } of items) {
      const fix = fixFor(f, c, unsafe, text, byRule, profile);
      if (!fix) {
        if (!unsafe && !c?.extra.serviceCreate && !c?.extra.composeRun && fixFor(f, c, true, text, byRule, profile)) unsafeLeft++;
        // A fix of this rule that is allowed at this level but leaves this finding: the reason, as a not-fixed note.
        for (const x of byRule.get(f.ruleId) ?? []) {
          if (!unsafe && applicabilityOf(x, f, c) === 'unsafe') continue;
          const why = x.leftBecause?.(f, c, text, profile);
          if (!why) continue;
          const at = atInput(f);
          roundNotes.push(`${f.target.name}: ${f.ruleId}: ${f.location.file}:${at.line}:${at.column}: ${why}`);
          break;
        }
        continue;
      }
      // Across rounds a finding is known by rule, target, message and which of the targets of that name it is
      // (two run lines of one image without --name share a name; their order in the file does not change).
      const nth = c ? model.containers.filter((x) => x.target.name === c.target.name).indexOf(c) : 0;
      // Dockerfile findings of one stage with one message (`installs openssh-server` in two RUN lines) are told apart
      // by where they are in the input: an edit elsewhere does not move that place (see atInput).
      const where = c ? '' : (({ line, column }) => `${line}:${column}`)(atInput(f));
      const key = `${f.ruleId}\0${f.target.name}\0${nth}\0${f.message}\0${where}`;
      if (stuck.has(key)) continue;
      if (applied.has(key)) {
        stuck.add(key);
        result.notes.push(`${f.target.name}: ${f.ruleId}: the fix did not remove the finding (${f.message}); left as it is`);
        continue;
      }
      let ed: ContainerEditor | DockerfileEditor | undefined;
      let made = false;
      let mark = 0;
      let problemsBefore = 0;
      if (fix.container && c) {
        ed = editors.get(c);
        if (!ed) {
          if (c.source === 'compose') {
            const region = await regionOf(kind, text, c);
            if (region?.quoteDepth) {
              // A Compose block inside a Markdown block quote: its lines carry `>` markers that the YAML editor
              // does not write, so nothing is changed there, and the user is told instead of "nothing to change".
              roundNotes.push(`${c.target.name}: the Compose block is inside a block quote (>); bulwark does not edit it: apply the fixes by hand`);
              continue;
            }
            const cd = await composeDocFor(kind, text, c, composeDocs);
            ed = ComposeEditor.forService(cd, c.target.name, c);
          } else if (c.extra.serviceCreate) {
            // `docker service create`: its flags are not docker run's (`--limit-memory`, no `--security-opt`), and Swarm
            // has no such settings for some fixes (no-new-privileges, seccomp): audited, not rewritten.
            const note = `${c.target.name}: docker service create lines are audited, not rewritten: apply the fixes by hand (docker service update --limit-memory, --cap-drop, --read-only, --user …)`;
            if (!roundNotes.includes(note) && !result.notes.includes(note)) roundNotes.push(note);
            continue;
          } else if (c.extra.composeRun) {
            // `docker compose run`: a fix may write a flag the line does not take (`--mount`, `--security-opt`), and the
            // service's own settings are in the Compose file: audited, not rewritten.
            const note = `${c.target.name}: docker compose run lines are audited, not rewritten: apply the fixes by hand, on the line or in the service's Compose definition`;
            if (!roundNotes.includes(note) && !result.notes.includes(note)) roundNotes.push(note);
            continue;
          } else if (c.source === 'run') ed = new RunEditor(text, c, await regionOf(kind, text, c));
          else if (c.source === 'kubernetes') ed = KubernetesEditor.forContainer((kubeDoc ??= new KubernetesDocument(text)), c);
          if (ed) editors.set(c, ed);
        }
        if (!ed) continue;
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
        if (made && ed.edits.length > mark) groups.push({ edits: ed.edits.slice(mark), change, editor: ed instanceof RunEditor ? ed : undefined, notes, once, later: ed instanceof ComposeEditor ? ed.extendsDepth : 0, key });
      } else if (fix.image) {
        const img = imageOf(f, model.images);
        if (!img) continue;
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
      }
      if (ed) for (const p of ed.problems.slice(problemsBefore)) roundNotes.push(`${f.target.name}: ${f.ruleId}: ${p}`);
    }
    result.unsafeAvailable = unsafeLeft;
    if (groups.length === 0) break;
    // Services that extend others wait until their bases are fixed: what they inherit may then be fixed already
    // (`local` extending `app` extending a base in another file: app first, then local).
    const depth = Math.min(...groups.map((g) => g.later ?? 0));
    const now = groups.filter((g) => (g.later ?? 0) === depth);
    const chosen = chooseGroups(now.map((g) => g.edits)).map((i) => now[i]);
    const edits = chosen.flatMap((g) => g.edits);
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
    text = applyEdits(text, edits);
    history.push([...edits].sort((a, b) => a.start - b.start || a.end - b.end));
    if (kind === 'compose') {
      // A fix that removed the last entry of an anchored mapping merged with `<<` left a null: `&name {}` instead.
      const fill = emptyMergeAnchorEdits(text);
      if (fill.length) {
        text = applyEdits(text, fill);
        history.push(fill);
      }
    }
    changesBefore = result.changes.length;
    for (const g of chosen) {
      result.changes.push(g.change);
      applied.add(g.key);
    }
    result.output = text;
  }
  if (lastAudited.text !== result.output) {
    // The last round's edits were not audited (MAX_ROUNDS reached): audit once more to mask secrets.
    const last = await auditRound(input.path, result.output, kind, besides, ctx, options);
    lastAudited = { text: result.output, masked: revealReferences(result.output, last.audit.sources.get(input.path)?.text ?? result.output, kind === 'compose'), rounds: history.length };
  }
  // Both sides of the diff masked alike, with what either audit masked (QA: a secret echoed on an unchanged line was
  // masked in the input only, so the diff showed the line as changed, in clear on its `+` side).
  const alike = maskAlike({ text: input.text, masked: result.masked.original }, { text: result.output, masked: lastAudited.masked }, history);
  result.masked = { original: alike.original, output: alike.output };
  const hide = (s: string) => maskValues(s, alike.values);
  // Notes about stuck fixes, then the problems still there in the last round, each once.
  result.notes = [...new Set([...result.notes, ...roundNotes])].map(hide);
  result.changes = result.changes.map((c) => {
    const { message: _m, ...rest } = c as HardenChange & { message?: string };
    const masked: HardenChange = { ...rest, title: hide(rest.title), attack: hide(rest.attack), breaks: hide(rest.breaks) };
    if (rest.detail !== undefined) masked.detail = hide(rest.detail);
    return masked;
  });
  result.errors = result.errors.map((e) => ({ ...e, message: hide(e.message) }));
  return result;
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
  const { items } = await auditRound(input.path, input.text, kind, besides, ctx, options);
  const byRule = options.fixes ? fixesByRule(options.fixes) : FIXES_BY_RULE;
  return items.filter(({ f, c }) => !!fixFor(f, c, options.unsafe === true, input.text, byRule, { ...DEFAULT_PROFILE, ...options.profile } as HardenProfile)).map(({ f }) => {
    const { offset: _o, endOffset: _e, ...finding } = f;
    return finding;
  });
}
