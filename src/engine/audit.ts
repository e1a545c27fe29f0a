/**
 * The audit pipeline: inputs → ingesters → one model → rules → findings (→ reporters).
 *
 * `audit(paths, options)` reads files and directories; `auditSources(inputs, options)` takes texts
 * (tests, stdin, the library API). Both return an {@link AuditResult}; neither throws for bad input:
 * unreadable or unparseable inputs become `errors`, and every other input is still audited.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize } from 'node:path';
import { compareCodeUnits, SourceFile, type SourceRange } from '../model/source.js';
import type { ContainerSpec, ImageBuildSpec, IngestResult, InputError, InputKind, Origin, Sourced } from '../model/types.js';
import { embeddedRange, stageName } from '../model/types.js';
import type { DaemonSpec } from '../model/daemon.js';
import type { IngestContext } from '../ingest/types.js';
import type { ClaimedVolumes } from '../ingest/kubernetes/volumes.js';
import type { FileFacts, ReportDescriptor, Rule, RuleContext, Severity } from '../rules/types.js';
import { SEVERITIES } from '../rules/types.js';
import { checkRuleNames, closest, loadConfig, ruleSetting, type BulwarkConfig } from './config.js';
// inputs.ts (directory walk, `ignore`, kind detection) is imported where files are read (`audit`), so that
// `auditIngested` (the live audit) does not load it.
import type { LoadedInput } from './inputs.js';
import { shadowedUnitFiles, unitLoadPath } from '../ingest/daemon/unit-paths.js';
import { DEFAULT_MAX_FILE_SIZE } from './errors.js';
import { auditParallel, MIN_PARALLEL_FILES, packFindings, sourcesMap, workerUrl, type WorkerJob, type WorkerOutput } from './parallel.js';
import { directiveLines, isMarkdownPath, parseDirectives, type Directive } from './suppress.js';
import { SCHEMA_VERSION, type AuditOptions, type AuditResult, type AuditedFile, type Finding, type SourceInput } from './types.js';
import suppressionRule from '../rules/suppression-directive.js';
import { runsForContainer } from '../rules/util/compose-run.js';
import { hardenRewrites } from '../harden/kinds.js';
import { peekParsed, takeParsed } from '../ingest/compose/parsed.js';

import { VERSION } from '../version.js';
import { echoRanges, secretValues } from './echoes.js';
export { VERSION };

/** Compose's default file names and their override files, in docker compose's order of preference. */
const COMPOSE_BASES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const COMPOSE_OVERRIDES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

/**
 * Audits files and directories.
 * @param paths files, directories (scanned recursively), or `-` for stdin (needs `options.kind` or `options.stdinFilename`)
 * @throws ConfigError only for an invalid `.bulwark.yaml` / `--config` file
 */
export async function audit(paths: string[], options: AuditOptions = {}): Promise<AuditResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? (await loadConfig(cwd, options.configPath));
  const { allRules } = await import('../rules/index.js');
  checkRuleNames(config, allRules.map((r) => r.meta));
  const all = [...paths, ...(options.composeProject ?? [])];
  const { collectInputs } = await import('./inputs.js');
  const { inputs, errors } = await collectInputs(all, {
    cwd,
    kind: options.kind,
    stdin: options.stdin,
    stdinFilename: options.stdinFilename,
    composeFiles: options.composeProject,
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    ignore: config.ignore,
    ignoreBase: config.baseDir ?? cwd,
    ...(config.path !== undefined ? { ignoreSource: config.path } : {}),
    onIgnored: options.onIgnored,
    ...(options.defaultPath ? { defaultPath: true } : {}),
  });
  // `-f -` is stdin, which the inputs name as `--stdin-filename` does: the project's file is that input.
  const stdinName = options.stdinFilename;
  if (stdinName !== undefined && options.composeProject?.includes('-')) options = { ...options, composeProject: options.composeProject.map((p) => (p === '-' ? stdinName : p)) };
  // A file named twice (a path and its directory) is audited once.
  const seen = new Set<string>();
  const unique = inputs.filter((i) => {
    const k = normalize(i.path);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const readPaths = new Set<string>();
  const fsRead = readerBeside(cwd, readPaths);
  const selections = await composeFileSelections(unique, fsRead, options.composeProject);
  const jobs = Math.max(1, Math.floor(options.jobs ?? 1));
  if (jobs > 1 && !options.rules && unique.length >= MIN_PARALLEL_FILES) {
    const url = workerUrl();
    if (url) {
      const groups = plan(unique, options.composeProject, selections);
      const env = Object.fromEntries(Object.entries(options.env ?? process.env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      const merged = await auditParallel(
        url,
        groups,
        unique,
        errors,
        { config, env, cwd, ...(await auditVolumes(unique)) },
        Math.min(jobs, groups.length),
        allRules.filter((r) => ruleSetting(config, r.meta.id, r.meta.slug).enabled).map((r) => r.meta),
        (found, order) => dropRepeats(sortFindings(found, order)),
        options.onFile,
      );
      const { sourcesList, readList, ...rest } = merged;
      const result = { ...rest, schemaVersion: SCHEMA_VERSION, tool: { name: 'bulwark' as const, version: VERSION } };
      Object.defineProperty(result, 'sources', { value: sourcesMap(unique, sourcesList), enumerable: false });
      Object.defineProperty(result, 'read', { value: new Set([...readPaths, ...readList]), enumerable: false });
      return result as AuditResult;
    }
  }
  const result = await run(unique, errors, { ...options, config, cwd }, fsRead, undefined, selections.size ? plan(unique, options.composeProject, selections) : undefined);
  Object.defineProperty(result, 'read', { value: readPaths, enumerable: false });
  return result;
}

/**
 * The Compose projects of several files among `inputs`, as {@link audit} groups them: the files a directory's `.env`
 * names in `COMPOSE_FILE`, else a directory's default base file with its override (`compose.yaml` +
 * `compose.override.yaml`). Each is the list of its files' paths in merge order. `bulwark harden` hardens each
 * project as one, from the findings of the merged project.
 * @param read reads a file beside the inputs (the `.env` files), by the path relative to the inputs' base
 */
export async function composeProjects(inputs: readonly { path: string; kind: InputKind; text: string }[], read: (p: string) => Promise<string | undefined>): Promise<string[][]> {
  const loaded: LoadedInput[] = inputs.map((i) => ({ path: i.path, kind: i.kind, text: i.text, bytes: Buffer.byteLength(i.text) }));
  const selections = await composeFileSelections(loaded, read, undefined);
  return plan(loaded, undefined, selections)
    .filter((g) => g.length > 1 && g.every((i) => i.kind === 'compose'))
    .map((g) => g.map((i) => i.path));
}

/**
 * The Compose files each directory's `.env` selects with `COMPOSE_FILE` (Compose docs, "Pre-defined environment
 * variables": a list separated by `COMPOSE_PATH_SEPARATOR`, `:` by default on Linux), by directory, as the paths of
 * the inputs they name, in order. A name is relative to the directory and may be in another one
 * (`compose.yaml:deploy/prod.yaml`): the list is kept when every file it names is a Compose input. Read only without
 * a `-f` project, for directories with a Compose input and two or more Compose inputs in all.
 */
async function composeFileSelections(inputs: LoadedInput[], read: (p: string) => Promise<string | undefined>, project: string[] | undefined): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (project?.length) return out;
  const byDir = new Map<string, LoadedInput[]>();
  for (const i of inputs) {
    if (i.kind !== 'compose' || i.path === '-') continue;
    const dir = dirname(i.path);
    const list = byDir.get(dir);
    if (list) list.push(i);
    else byDir.set(dir, [i]);
  }
  const compose = [...byDir.values()].flat();
  if (compose.length < 2) return out;
  for (const dir of byDir.keys()) {
    const env = await read(join(dir, '.env'));
    // `KEY=value` or the YAML-style `KEY: value`, as compose-go's dotenv parser reads both.
    const m = env ? /^[ \t]*(?:export[ \t]+)?COMPOSE_FILE[ \t]*[=:][ \t]*(["']?)([^\n"'#]*)\1/m.exec(env) : null;
    if (!m || !m[2].trim()) continue;
    const sep = env ? (/^[ \t]*(?:export[ \t]+)?COMPOSE_PATH_SEPARATOR[ \t]*[=:][ \t]*(["']?)([^\n"']+)\1/m.exec(env)?.[2]?.trim() ?? ':') : ':';
    const chosen = m[2].trim().split(sep).map((f) => normalize(isAbsolute(f.trim()) ? f.trim() : join(dir, f.trim()))).map((p) => compose.find((f) => normalize(f.path) === p)?.path);
    if (chosen.length >= 1 && chosen.every((p) => p !== undefined)) out.set(dir, chosen as string[]);
  }
  return out;
}

/**
 * Audits one chunk of grouped inputs on a worker thread (see `engine/parallel.ts`): the same code as the
 * single-threaded path, returning what the main thread merges.
 */
export async function runWorkerJob(job: WorkerJob, onFile?: (path: string) => void): Promise<WorkerOutput> {
  const readPaths = new Set<string>();
  const fsRead = readerBeside(job.cwd, readPaths);
  const inputs = job.groups.flat();
  const r = await run(inputs, [], { config: job.config, env: job.env, cwd: job.cwd, onFile, kubernetesVolumes: job.kubernetesVolumes }, fsRead, undefined, job.groups);
  // The main thread has the inputs' texts: only masked ones and files read besides the inputs travel back.
  const original = new Map(inputs.map((i) => [i.path, i.text]));
  return {
    findings: packFindings(r.findings, new Map(r.rules.map((m) => [m.id, m]))),
    errors: r.errors,
    ...(r.notes?.length ? { notes: r.notes } : {}),
    files: r.files,
    suppressions: r.suppressions,
    sources: [...r.sources].filter(([p, f]) => original.get(p) !== f.text).map(([p, f]) => [p, f.text]),
    read: [...readPaths],
    targets: r.summary.targets,
    suppressed: r.summary.suppressed,
  };
}

/**
 * Audits in-memory texts. Inputs whose kind is not given nor detectable are not audited but can be
 * read by ingesters (a `.env` beside a Compose file, an `extends` file).
 */
export async function auditSources(sources: SourceInput[], options: AuditOptions = {}): Promise<AuditResult> {
  const { detectKind } = await import('../ingest/detect.js');
  const byPath = new Map(sources.map((s) => [normalize(s.path), s.text]));
  const inputs: LoadedInput[] = [];
  const errors: InputError[] = [];
  for (const s of sources) {
    const kind = s.kind ?? detectKind(s.path, s.text);
    if (kind === undefined || kind === 'json') continue;
    inputs.push({ path: s.path, kind, text: s.text, bytes: Buffer.byteLength(s.text) });
  }
  const read = async (p: string) => byPath.get(normalize(p));
  return run(inputs, errors, { ...options, config: options.config ?? {} }, read);
}

/**
 * Builds the model of one input without running rules: the containers and images of a Compose file, a
 * script with `docker run` lines, a Dockerfile, `docker inspect` JSON… Used by the commands that start
 * from a configuration (harden, probe, policy). `readFile` serves `.env`, `env_file` and `extends` files
 * (default: the file system, relative to the working directory); `env` defaults to `{}` (no variables).
 *
 * @returns the ingester's {@link IngestResult}; its `errors` hold input errors (never thrown). Throws
 * `Error` only when the kind is neither given nor detectable from the path and text.
 */
export async function ingestSource(
  input: SourceInput,
  options: { env?: Record<string, string | undefined>; readFile?: (path: string) => Promise<string | undefined> } = {},
): Promise<IngestResult & { kind: InputKind }> {
  const { detectKind } = await import('../ingest/detect.js');
  const kind = input.kind ?? detectKind(input.path, input.text);
  if (kind === undefined || kind === 'json') throw new Error(`${input.path}: cannot tell what kind of file this is (give its kind)`);
  const readFileFn = options.readFile ?? readBeside;
  const result = await ingest(kind, [new SourceFile(input.path, input.text)], { readFile: readFileFn, env: options.env ?? {} });
  return { ...result, kind };
}

/** An input that was already ingested (live audit): its in-memory text, its kind and the model built from it. */
export interface IngestedInput {
  /** Source name used in findings (`docker://localhost/containers/web`). */
  path: string;
  kind: InputKind;
  /** The text the model's origins point into. */
  text: string;
  result: IngestResult;
}

/**
 * Runs the rules over models that were already built (the live audit: one pretty-printed inspect JSON per
 * container, the engine's `/info`…), with the same findings, suppressions, sorting and masking as
 * {@link audit}. `errors` are listed as input errors (e.g. a container that vanished while being inspected).
 */
export async function auditIngested(items: IngestedInput[], options: AuditOptions = {}, errors: InputError[] = []): Promise<AuditResult> {
  const pre = new Map(items.map((i) => [i.path, i.result]));
  const inputs: LoadedInput[] = items.map((i) => ({ path: i.path, kind: i.kind, text: i.text, bytes: Buffer.byteLength(i.text) }));
  return run(inputs, [...errors], { ...options, config: options.config ?? {} }, async () => undefined, pre);
}

type Ctx = AuditOptions & {
  config: BulwarkConfig;
  /** The run's host-path PersistentVolumes and claims, when computed before (a parallel run: over every chunk's inputs). */
  kubernetesVolumes?: ClaimedVolumes;
};

/**
 * The host-path PersistentVolumes and claims, and the LimitRanges' container defaults, written in the Kubernetes
 * manifests among `inputs` (see {@link IngestContext.kubernetesVolumes}), as `{ kubernetesVolumes }`; `{}` when no
 * manifest writes a PersistentVolume or a LimitRange (the YAML parser is not loaded then).
 */
async function auditVolumes(inputs: LoadedInput[]): Promise<{ kubernetesVolumes?: ClaimedVolumes }> {
  const manifests = inputs.filter((i) => i.kind === 'kubernetes' && (i.text.includes('PersistentVolume') || i.text.includes('LimitRange')));
  if (!manifests.some((i) => /\b(?:PersistentVolume|LimitRange)\b/.test(i.text))) return {};
  const m = (kubernetesMod ??= await import('../ingest/kubernetes/index.js'));
  const found = m.claimedVolumes(manifests.map((i) => new SourceFile(i.path, i.text)));
  return found.volumes.length || found.limitRanges?.length ? { kubernetesVolumes: found } : {};
}

/** Ingester modules, imported on first use (a run of thousands of files imports each once). */
let composeMod: typeof import('../ingest/compose/index.js') | undefined;
let dockerfileMod: typeof import('../ingest/dockerfile/index.js') | undefined;
let runMod: typeof import('../ingest/run/index.js') | undefined;
let markdownMod: typeof import('../ingest/markdown/index.js') | undefined;
let inspectMod: typeof import('../ingest/inspect/index.js') | undefined;
let daemonMod: typeof import('../ingest/daemon/index.js') | undefined;
let kubernetesMod: typeof import('../ingest/kubernetes/index.js') | undefined;
let ciMod: typeof import('../ingest/ci/index.js') | undefined;

async function ingest(kind: InputKind, files: SourceFile[], ctx: IngestContext): Promise<IngestResult> {
  switch (kind) {
    case 'compose': {
      const m = (composeMod ??= await import('../ingest/compose/index.js'));
      return m.ingestCompose(files, ctx);
    }
    case 'dockerfile': {
      const m = (dockerfileMod ??= await import('../ingest/dockerfile/index.js'));
      return m.ingestDockerfile(files[0], ctx);
    }
    case 'shell':
    case 'run': {
      const m = (runMod ??= await import('../ingest/run/index.js'));
      return m.ingestShell(files[0], ctx);
    }
    case 'markdown': {
      const m = (markdownMod ??= await import('../ingest/markdown/index.js'));
      return m.ingestMarkdown(files[0], ctx);
    }
    case 'asciidoc': {
      const m = (markdownMod ??= await import('../ingest/markdown/index.js'));
      return m.ingestAsciidoc(files[0], ctx);
    }
    case 'rst': {
      const m = (markdownMod ??= await import('../ingest/markdown/index.js'));
      return m.ingestRst(files[0], ctx);
    }
    case 'inspect': {
      const m = (inspectMod ??= await import('../ingest/inspect/index.js'));
      return m.ingestInspect(files[0], ctx);
    }
    case 'daemon': {
      const m = (daemonMod ??= await import('../ingest/daemon/index.js'));
      // A unit with its drop-ins (see plan): one effective unit, as systemd merges them.
      if (files.length === 1) return m.ingestDaemon(files[0], ctx);
      return m.ingestDaemonUnitGroup(files, ctx);
    }
    case 'kubernetes': {
      const m = (kubernetesMod ??= await import('../ingest/kubernetes/index.js'));
      return m.ingestKubernetes(files[0], ctx);
    }
    case 'ci': {
      const m = (ciMod ??= await import('../ingest/ci/index.js'));
      return m.ingestCi(files[0], ctx);
    }
  }
}

/** Groups the files of one project: Compose base + override in one directory (or `--compose-project`), a systemd unit + its drop-ins. */
function plan(inputs: LoadedInput[], project: string[] | undefined, selections?: Map<string, string[]>): LoadedInput[][] {
  const groups: LoadedInput[][] = [];
  const used = new Set<LoadedInput>();
  // `COMPOSE_FILE` in a directory's `.env` names the project's files (and their order) instead of the defaults.
  for (const paths of selections?.values() ?? []) {
    const members = paths.map((p) => inputs.find((i) => i.path === p)!).filter((m) => m && !used.has(m));
    if (members.length !== paths.length) continue;
    members.forEach((m) => used.add(m));
    groups.push(members);
  }
  if (project?.length) {
    const wanted = project.map((p) => normalize(p));
    const members = wanted.map((w) => inputs.find((i) => normalize(i.path) === w)).filter((x): x is LoadedInput => !!x);
    if (members.length) {
      members.forEach((m) => used.add(m));
      groups.push(members);
    }
  }
  const byDir = new Map<string, LoadedInput[]>();
  for (const i of inputs) {
    if (used.has(i) || i.kind !== 'compose') continue;
    const d = dirname(i.path);
    const list = byDir.get(d);
    if (list) list.push(i);
    else byDir.set(d, [i]);
  }
  for (const files of byDir.values()) {
    const base = COMPOSE_BASES.map((n) => files.find((f) => basename(f.path) === n)).find(Boolean);
    const override = COMPOSE_OVERRIDES.map((n) => files.find((f) => basename(f.path) === n)).find(Boolean);
    if (base && override) {
      groups.push([base, override]);
      used.add(base);
      used.add(override);
    }
  }
  // A systemd unit with the drop-ins of its `<unit>.d/` directories given in the same run: beside it, or, when it is the
  // only unit of its name given, in any directory (systemd reads `<unit>.d/` under /etc/systemd/system, /run and
  // /usr/lib as well: `/lib/systemd/system/docker.service` + `/etc/systemd/system/docker.service.d/override.conf`),
  // applied in file-name order across directories (systemd.unit(5) "drop-in").
  // A unit file or drop-in that a same-named one in a unit directory of higher precedence of its tree replaces
  // (`/lib/systemd/system/docker.service` beside a `systemctl edit --full` copy in /etc/systemd/system) is never read by
  // systemd: it is no daemon, and stays a group of its own that `run` notes and does not judge (docker-bench-security
  // likewise audits only the unit `systemctl show -p FragmentPath` names). Drop-ins of every directory of the tree
  // apply to the unit that is read.
  const daemonInputs = inputs.filter((i) => i.kind === 'daemon' && !used.has(i));
  const shadows = daemonInputs.some((i) => /(?:^|[\\/])systemd[\\/]system[\\/]/.test(i.path)) ? shadowedUnitFiles(daemonInputs.map((i) => i.path)) : new Map<string, string>();
  for (const i of daemonInputs) {
    const by = shadows.get(i.path);
    if (by !== undefined) i.shadowedBy = by;
  }
  const units = daemonInputs.filter((i) => /\.(?:service|socket)$/.test(i.path) && i.shadowedBy === undefined);
  for (const unit of units) {
    if (used.has(unit)) continue;
    const name = basename(unit.path);
    const dropDir = normalize(unit.path + '.d');
    const alone = units.filter((u) => basename(u.path) === name).length === 1;
    const tree = unitLoadPath(unit.path)?.tree;
    const sameTree = (p: string) => tree !== undefined && unitLoadPath(p)?.tree === tree;
    const dropIns = daemonInputs
      .filter((i) => !used.has(i) && i.shadowedBy === undefined && /\.conf$/.test(i.path) && (normalize(dirname(i.path)) === dropDir || ((alone || sameTree(i.path)) && basename(dirname(i.path)) === `${name}.d`)))
      .sort((a, b) => compareCodeUnits(basename(a.path), basename(b.path)) || compareCodeUnits(a.path, b.path));
    if (!dropIns.length) continue;
    groups.push([unit, ...dropIns]);
    [unit, ...dropIns].forEach((i) => used.add(i));
  }
  for (const i of inputs) if (!used.has(i)) groups.push([i]);
  return groups;
}

function toRange(at: ReportDescriptor['at'], fallback: SourceRange): SourceRange {
  if (!at) return fallback;
  if ('origin' in at && 'how' in at) return toRange((at as Sourced<unknown>).origin, fallback);
  const o = at as Origin | SourceRange;
  if ('kind' in o && o.kind === 'engine') {
    return o.file !== undefined && o.start !== undefined ? { file: o.file, start: o.start, end: o.end ?? o.start } : fallback;
  }
  const r = o as SourceRange;
  return { file: r.file, start: r.start, end: r.end };
}

/** The JSON pointer an origin carries, if any. */
function pointerOf(at: ReportDescriptor['at']): string | undefined {
  if (!at) return undefined;
  const o = ('origin' in at && 'how' in at ? (at as Sourced<unknown>).origin : at) as { pointer?: string };
  return typeof o.pointer === 'string' ? o.pointer : undefined;
}

/**
 * Sorts findings in report order: by the input's position in the run (files an ingester read besides the
 * inputs, such as an `extends` file, first), then file name, line, column and rule id. Sorts in place.
 */
export function sortFindings(findings: Finding[], inputs: { path: string }[]): Finding[] {
  const order = new Map(inputs.map((i, n) => [i.path, n]));
  // Bucket by file (few files, many findings each), order the files, then sort each bucket by position:
  // far fewer comparisons than one sort of every finding, and none of them looks a file up.
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.location.file);
    if (list) list.push(f);
    else byFile.set(f.location.file, [f]);
  }
  const files = [...byFile.keys()].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0) || compareCodeUnits(a, b));
  const byPosition = (a: Finding, b: Finding) =>
    a.location.startLine - b.location.startLine || a.location.startColumn - b.location.startColumn || (a.ruleId === b.ruleId ? 0 : a.ruleId < b.ruleId ? -1 : 1);
  let n = 0;
  for (const file of files) for (const f of byFile.get(file)!.sort(byPosition)) findings[n++] = f;
  return findings;
}

/**
 * Drops repeated findings from sorted findings: the same rule, range, target name and message (an `extends`d
 * field seen from two files, say). Repeats are neighbours after {@link sortFindings}, which sorts stably on
 * file, start and rule; the first is kept.
 */
function dropRepeats(sorted: Finding[]): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const f = sorted[i];
    let repeat = false;
    for (let j = out.length - 1; j >= 0; j--) {
      const g = out[j];
      const a = f.location;
      const b = g.location;
      if (a.file !== b.file || a.startLine !== b.startLine || a.startColumn !== b.startColumn || f.ruleId !== g.ruleId) break;
      if (a.endLine === b.endLine && a.endColumn === b.endColumn && f.target.name === g.target.name && f.message === g.message) {
        repeat = true;
        break;
      }
    }
    if (!repeat) out.push(f);
  }
  return out;
}

/**
 * Replaces every character of `ranges` by `*`, keeping the text's length and lines. Line breaks stay, and so does
 * the layout of a value written over several lines: the indentation of each line after the first, and the header
 * of a YAML block scalar (`|`, `>-`: a range that starts with one and a line break), which are not the value's text.
 */
function maskText(text: string, ranges: SourceRange[]): string {
  if (!ranges.length) return text;
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const r of sorted) {
    const start = Math.max(r.start, at);
    const end = Math.min(r.end, text.length);
    if (end <= start) continue;
    const seg = text.slice(start, end);
    const header = /^[|>][1-9+-]{0,2}[ \t]*(?=\r?\n)/.exec(seg)?.[0] ?? '';
    const lines = seg.slice(header.length).split('\n').map((l, i) => {
      const indent = i === 0 ? '' : /^[ \t]*/.exec(l)![0];
      return indent + l.slice(indent.length).replace(/[^\r]/g, '*');
    });
    out += text.slice(at, start) + header + lines.join('\n');
    at = end;
  }
  return out + text.slice(at);
}

/**
 * Records the names a container or image of `file` is reported under: its target name, and its image reference
 * with the repository and the repository's last path component (`docker.io/library/postgres:16` → also
 * `docker.io/library/postgres` and `postgres`).
 */
function noteShown(shown: Map<string, Set<string>>, file: string, name: string, image: string | undefined): void {
  let set = shown.get(file);
  if (!set) shown.set(file, (set = new Set()));
  set.add(name);
  if (!image) return;
  set.add(image);
  const repo = image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  set.add(repo);
  set.add(repo.slice(repo.lastIndexOf('/') + 1));
}

/**
 * Adds a range for every other occurrence of each secret value, so a secret echoed in a comment, a command or a
 * label is masked too (R-S: secrets never appear in bulwark's output); which occurrences count: {@link echoRanges}.
 * Each file is searched for its own secrets, and each file of a family (`families`: the files one group read
 * together, a Compose file with its `env_file`s, `.env` and `extends` files, a script with its `--env-file`s) for
 * the secrets of the others too: a token set in `app.env` and repeated in the Compose file's healthcheck URL (QA).
 * `known` adds values no range holds (`IngestResult.secretValues`: a `.env` value Compose fills into a command), each
 * searched for in the files of its group. Values in `shown` (per file: the target names and image repositories that
 * findings print) are not searched for in that file. Linear in the size of the input times the secrets of a family.
 */
function maskEchoes(
  sources: Map<string, SourceFile>,
  secretRanges: Map<string, SourceRange[]>,
  shown: Map<string, Set<string>>,
  families: readonly string[][] = [],
  known: readonly { files: string[]; values: string[] }[] = [],
): void {
  const own = new Map<string, Set<string>>();
  for (const [file, ranges] of secretRanges) {
    const text = sources.get(file)?.text;
    if (text !== undefined) own.set(file, secretValues(text, ranges));
  }
  const extra = new Map<string, SourceRange[]>();
  const echo = (file: string, values: Iterable<string>) => {
    const text = sources.get(file)?.text;
    if (text === undefined) return;
    const names = shown.get(file);
    const found = echoRanges(text, [...values].filter((v) => !names?.has(v)));
    if (!found.length) return;
    const list = extra.get(file) ?? [];
    for (const r of found) list.push({ file, ...r });
    extra.set(file, list);
  };
  for (const [file, values] of own) echo(file, values);
  for (const family of families) {
    const all = new Set(family.flatMap((f) => [...(own.get(f) ?? [])]));
    if (!all.size) continue;
    for (const file of new Set(family)) {
      const mine = own.get(file);
      echo(file, mine ? [...all].filter((v) => !mine.has(v)) : all);
    }
  }
  for (const k of known) for (const file of new Set(k.files)) echo(file, k.values);
  for (const [file, ranges] of extra) {
    const list = secretRanges.get(file);
    if (list) list.push(...ranges);
    else secretRanges.set(file, ranges);
  }
}

/**
 * For a multi-stage Dockerfile, the target of a finding by where it is: the stage whose lines hold it (`{kind:
 * 'stage', name}`, the `AS` name or else the base image as written, as for the final stage), so a finding on a
 * builder stage's `FROM golang:1.22 AS build` names `build` (issue 2: the target of a Dockerfile finding is
 * its stage). Findings before the first FROM or in other files keep the image's own target. Undefined for one stage.
 */
function stageTargets(img: ImageBuildSpec): ((range: SourceRange) => { kind: string; name: string } | undefined) | undefined {
  if (img.stages.length < 2) return undefined;
  // A Dockerfile inside a Compose file (`dockerfile_inline`) is named after its service: its other stages as
  // `<service> (<stage>)`. Its findings' ranges are in its own text until the engine places them in the host file.
  const own = img.embedded ? (st: typeof img.stages[number]) => `${img.target.name} (${stageName(img.stages, st)})` : (st: typeof img.stages[number]) => stageName(img.stages, st);
  const starts = img.stages.map((st) => ({
    start: st.fromRange.start,
    target: st === img.finalStage ? { kind: img.target.kind, name: img.target.name } : { kind: img.target.kind, name: own(st) },
  }));
  const file = img.embedded?.source.path ?? img.file;
  return (range) => {
    if (range.file !== file) return undefined;
    let hit: { kind: string; name: string } | undefined;
    for (const st of starts) if (st.start <= range.start) hit = st.target;
    return hit;
  };
}

async function run(
  inputs: LoadedInput[],
  errors: InputError[],
  options: Ctx,
  readFileFn: (p: string) => Promise<string | undefined>,
  pre?: Map<string, IngestResult>,
  groups?: LoadedInput[][],
): Promise<AuditResult> {
  const { allRules } = await import('../rules/index.js');
  const config = options.config;
  const selected = (options.rules ?? allRules).filter((r) => ruleSetting(config, r.meta.id, r.meta.slug).enabled);
  const overrides = new Map(selected.map((r) => [r.meta.id, ruleSetting(config, r.meta.id, r.meta.slug).severity]));
  // What every finding of a rule shares, computed once: its docs link and its remediation per input kind.
  const perRule = new Map(
    selected.map((r) => {
      const m = r.meta;
      const byKind = new Map<string, string>();
      // Kinds without a snippet of their own (inspect, a live engine) get the rule's first Docker snippet
      // (Compose or run, as the rule lists them): a Kubernetes one would not apply to a Docker container.
      const fallback = Object.entries(m.remediation).find(([k]) => k !== 'kubernetes')?.[1] ?? Object.values(m.remediation)[0] ?? '';
      return [r, { helpUri: `docs/rules/${m.slug}.md`, remediation: (kind: string) => byKind.get(kind) ?? (byKind.set(kind, m.remediation[kind as keyof typeof m.remediation] ?? fallback), byKind.get(kind)!) }];
    }),
  );
  const env = options.env ?? process.env;
  /** The selected rules with a container check for each input kind, in rule order. */
  const containerRules = new Map<string, Rule[]>();
  /** The selected rules with an image (Dockerfile) check, in rule order; chosen at the first image. */
  let imageRules: Rule[] | undefined;
  /** The selected rules that check a `docker image inspect` config, with their checks; chosen at the first such image. */
  let imageConfigRules: { rule: Rule; check: import('../verify/facts.js').ImageCheck }[] | undefined;

  const sources = new Map<string, SourceFile>();
  /** Per file, names the report prints in targets and messages (see {@link maskEchoes}). */
  const shown = new Map<string, Set<string>>();
  const secretRanges = new Map<string, SourceRange[]>();
  /** The files each group read together, whose secrets are masked in one another (see {@link maskEchoes}). */
  const families: string[][] = [];
  /** Secret values an ingester knows that its files do not write where they are used, with the group's files (`IngestResult.secretValues`). */
  const knownSecrets: { files: string[]; values: string[] }[] = [];
  const commentRanges = new Map<string, SourceRange[]>();
  const findings: Finding[] = [];
  /**
   * Findings of a group in a file harden rewrites, waiting for their fix label: harden's fix for each one
   * (src/harden/label.ts `fixLabel`), so `fix` says per finding what `bulwark harden` does (a rule whose fix is
   * `manual` has none in harden).
   */
  const toLabel: { f: Finding; container?: ContainerSpec; start: number; end: number; file: SourceFile }[] = [];
  const files: AuditedFile[] = [];
  /** Inputs read and left unjudged without failing (a systemd unit another file of its name replaces). */
  const notes: InputError[] = [];
  /** Every daemon of the run, for the settings two files of one daemon give together. */
  const daemonSpecs: DaemonSpec[] = [];
  let targets = 0;

  const addSecret = (r: SourceRange) => {
    const list = secretRanges.get(r.file) ?? [];
    list.push(r);
    secretRanges.set(r.file, list);
  };

  const ctx: IngestContext = { readFile: readFileFn, env, ...(options.kubernetesVolumes ? { kubernetesVolumes: options.kubernetesVolumes } : pre ? {} : await auditVolumes(inputs)) };
  // Secret values are masked whatever rules run (R-S): BW-0026 masks the environment secrets it reports, so
  // when it is off (config, a rule subset) the engine masks them itself.
  const maskEnvSecrets = !selected.some((r) => r.meta.slug === 'secret-in-environment');
  const secretsUtil = maskEnvSecrets ? await import('../rules/util/secrets.js') : undefined;
  const isSecretEnv = secretsUtil?.isSecretEnv;

  /**
   * One context per target, shared by every rule that checks it (the rule is set before each call): a
   * run of 2,000 files makes a context per target instead of one per rule and target. Findings of one
   * target share its `{kind, name}` object.
   */
  const makeCtx = (
    target: { kind: string; name: string; id?: string; workload?: import('../model/types.js').Workload; range: SourceRange },
    sourceKind: string,
    source?: SourceFile,
    targetAt?: (range: SourceRange) => { kind: string; name: string } | undefined,
    conditional?: { start: number; end: number; raw: string; when?: string }[],
    embedded?: ImageBuildSpec['embedded'],
    labels?: { container?: ContainerSpec },
  ) => {
    // A Dockerfile inside another file: ranges in its own text are shown where the host file writes them.
    const place = embedded ? (r: SourceRange, mask: boolean) => (r.file === embedded.source.path ? embeddedRange(embedded.map, r, mask) : r) : undefined;
    const findingTarget: Finding['target'] = target.id ? { kind: target.kind, name: target.name, id: target.id } : { kind: target.kind, name: target.name };
    if (target.workload) findingTarget.workload = target.workload;
    const ctx = {
      source,
      rule: undefined as unknown as Rule,
      report(d: ReportDescriptor) {
        const own = toRange(d.at, target.range);
        const range = place ? place(own, false) : own;
        const src = sources.get(range.file) ?? source;
        if (!src) return;
        if (place) d.secretRanges?.forEach((r) => addSecret(place(r, true)));
        else d.secretRanges?.forEach(addSecret);
        const rule = ctx.rule;
        const m = rule.meta;
        const fixed = perRule.get(rule)!;
        const severity: Severity = overrides.get(m.id) ?? d.severity ?? m.severity;
        const pointer = pointerOf(d.at);
        // A finding at options that come from a conditionally assigned variable (`$SOCK_OPT` set in an `if`):
        // the script may or may not pass them, so the finding is possible, not certain.
        const maybe = conditional?.find((w) => range.start >= w.start && range.end <= w.end);
        if (maybe && (d.certainty ?? 'definite') === 'definite') {
          d = { ...d, certainty: 'unknown', message: maybe.when !== undefined ? `${d.message} (when ${maybe.when})` : `${d.message} (when ${maybe.raw} holds these options: it is assigned under a condition)` };
        }
        const f: Finding = {
          ruleId: m.id,
          slug: m.slug,
          title: m.title,
          severity,
          message: d.message,
          attackClasses: m.attackClasses,
          requirements: m.requirements,
          cis: m.cis,
          target: (d.target !== 'image' && targetAt && targetAt(own)) || findingTarget,
          location: src.location(range),
          certainty: d.certainty ?? 'definite',
          data: d.data ?? {},
          remediation: d.fix ?? fixed.remediation(sourceKind),
          // Harden's own fix for this finding decides its label (after the group's rules, see toLabel); an input
          // harden does not rewrite (inspect output, a daemon, a live engine) has no automatic fix.
          fix: labels ? m.fix : 'manual',
          helpUri: fixed.helpUri,
        };
        if (pointer !== undefined) f.pointer = pointer;
        findings.push(f);
        if (labels && m.fix !== 'manual') toLabel.push({ f, container: labels.container, start: range.start, end: range.end, file: src });
      },
    };
    return ctx;
  };

  for (const group of groups ?? plan(inputs, options.composeProject)) {
    const by = group.length === 1 ? group[0].shadowedBy : undefined;
    if (by !== undefined) {
      // A unit file or drop-in systemd never reads (see plan): listed and noted, not judged as a daemon.
      const g = group[0];
      files.push({ path: g.path, kind: g.kind, bytes: g.bytes, containers: 0, images: 0 });
      notes.push({ file: g.path, code: 'systemd-overridden', message: `not audited: systemd reads ${by} instead, the file of the same name in a unit directory of higher precedence (systemd.unit(5) "Unit File Load Path"); audit this file alone to judge it` });
      options.onFile?.(g.path);
      continue;
    }
    const srcs = group.map((g) => new SourceFile(g.path, g.text));
    srcs.forEach((s) => sources.set(s.path, s));
    let result: IngestResult;
    try {
      result = pre?.get(group[0].path) ?? (await ingest(group[0].kind, srcs, ctx));
    } catch (e) {
      // An ingester bug must not stop the other inputs; it is reported as an input error.
      errors.push({ file: group[0].path, code: 'internal', message: `internal error while reading this file: ${(e as Error).message?.split('\n')[0]}` });
      options.onFile?.(group[0].path);
      continue;
    }
    errors.push(...result.errors);
    // Files an ingester read besides the group (Compose `extends.file`): origins may point into them.
    for (const x of result.extraSources ?? []) if (!sources.has(x.path)) sources.set(x.path, x);
    const family = [...srcs.map((x) => x.path), ...(result.extraSources ?? []).map((x) => x.path)];
    if (family.length > 1) families.push(family);
    if (result.secretValues?.length) knownSecrets.push({ files: family, values: result.secretValues });
    result.secretRanges?.forEach(addSecret);
    if (isSecretEnv)
      for (const c of result.containers)
        for (const e of c.execs?.length ? [...c.env, ...c.execs.flatMap((x) => x.env ?? [])] : c.env)
          if (e.valueOrigin?.kind === 'file') {
            if (e.value && isSecretEnv(e.name, e.value)) addSecret({ file: e.valueOrigin.file, start: e.valueOrigin.start, end: e.valueOrigin.end });
            else if (e.kind === 'interpolated' && e.raw !== undefined) {
              // A password written beside a variable (`postgres://admin:S3cret@${DB_HOST}/app`): masked whatever the variable holds.
              const pw = secretsUtil!.writtenUrlPassword(e.raw);
              if (pw) addSecret(secretsUtil!.passwordRange(e.valueOrigin, e.raw, pw) ?? { file: e.valueOrigin.file, start: e.valueOrigin.start, end: e.valueOrigin.end });
            }
          }
    if (result.comments) {
      // An ingester that reports comments reports all of its files' comments: a file of the group with none has
      // none, so a `# bulwark-ignore` inside one of its quoted strings is text, not a directive.
      for (const s of srcs) if (!commentRanges.has(s.path)) commentRanges.set(s.path, []);
      for (const c of result.comments) {
        const list = commentRanges.get(c.file);
        if (list) list.push(c);
        else commentRanges.set(c.file, [c]);
      }
    }
    for (const c of result.containers) noteShown(shown, c.file, c.target.name, c.image?.value);
    const images = result.embeddedImages?.length ? [...result.images, ...result.embeddedImages] : result.images;
    for (const img of images) noteShown(shown, img.file, img.target.name, undefined);
    for (const ic of result.imageConfigs ?? []) noteShown(shown, ic.file, ic.target.name, undefined);
    targets += result.containers.length + images.length + (result.imageConfigs?.length ?? 0) + (result.daemons?.length ?? 0) + (result.hosts?.length ?? 0);
    group.forEach((g, i) =>
      files.push({
        path: g.path,
        kind: g.kind,
        bytes: g.bytes,
        containers: i === 0 ? result.containers.length : 0,
        images: i === 0 ? images.length + (result.imageConfigs?.length ?? 0) : 0,
      }),
    );


    // Findings of files harden rewrites get harden's label; the others are `manual` (see makeCtx).
    const rewritten = hardenRewrites(group[0].kind, srcs[0].text);
    for (const c of result.containers) {
      // A `docker service create` line's fix is that command's flags (the `service` remediation), not the inspect/Compose one.
      const ctx = makeCtx(c.target, c.extra.serviceCreate ? 'service' : c.source, sources.get(c.file), undefined, c.extra.conditionalOptions?.value as { start: number; end: number; raw: string; when?: string }[] | undefined, undefined, rewritten ? { container: c } : undefined);
      let rules = containerRules.get(c.source);
      if (!rules) containerRules.set(c.source, (rules = selected.filter((r) => r.checkContainer && r.meta.inputs.includes(c.source))));
      // A `docker compose run` line: only the rules about what the line writes (the rest is the Compose file's).
      for (const rule of c.extra.composeRun ? rules.filter((r) => runsForContainer(r.meta.id, c)) : rules) {
        ctx.rule = rule;
        rule.checkContainer!(c, ctx);
      }
    }
    for (const img of images) {
      const ctx = makeCtx(img.target, 'dockerfile', img.embedded?.source ?? sources.get(img.file), stageTargets(img), undefined, img.embedded, rewritten && !img.embedded ? {} : undefined);
      imageRules ??= selected.filter((r) => r.checkImage && r.meta.inputs.includes('dockerfile'));
      for (const rule of imageRules) {
        ctx.rule = rule;
        rule.checkImage!(img, ctx);
      }
    }
    if (result.imageConfigs?.length) {
      // `docker image inspect` output: the image rules that read only the config (src/engine/image-configs.ts).
      const { checkImageConfig, imageConfigChecks } = await import('./image-configs.js');
      imageConfigRules ??= imageConfigChecks(selected);
      for (const ic of result.imageConfigs) {
        const ctx = makeCtx(ic.target, 'inspect', sources.get(ic.file));
        checkImageConfig(ic, imageConfigRules, (rule, d) => {
          ctx.rule = rule;
          ctx.report(d);
        });
        for (const rule of selected) {
          if (!rule.checkImageConfig) continue;
          ctx.rule = rule;
          rule.checkImageConfig(ic, ctx);
        }
      }
    }
    // Daemons are judged after every file is read: one dockerd may be described by several files (below).
    if (result.daemons?.length) daemonSpecs.push(...result.daemons);
    for (const h of result.hosts ?? []) {
      const ctx = makeCtx(h.target, 'host', sources.get(h.target.range.file));
      for (const rule of selected) {
        if (!rule.checkHost || !rule.meta.inputs.includes('host')) continue;
        ctx.rule = rule;
        rule.checkHost(h, ctx);
      }
    }
    const facts: FileFacts = { source: srcs[0], kind: group[0].kind, containers: result.containers, images: result.images, networks: result.networks, execs: result.execs, hostSecrets: result.hostSecrets };
    const fileTarget = { kind: 'file', name: srcs[0].path, range: srcs[0].range(0, 0) };
    const fileCtx = makeCtx(fileTarget, group[0].kind === 'dockerfile' ? 'dockerfile' : group[0].kind === 'compose' ? 'compose' : 'run', srcs[0], undefined, undefined, undefined, rewritten ? {} : undefined);
    for (const rule of selected) {
      if (!rule.checkFile) continue;
      fileCtx.rule = rule;
      rule.checkFile(facts, fileCtx);
    }
    if (toLabel.length) {
      const { fixLabelAt } = await import('../harden/label.js');
      // Where each Compose service's lines end: the next service's key in its file (what lies outside may be a shared anchor).
      const ends = new Map<ContainerSpec, number>();
      const services = result.containers.filter((c) => c.source === 'compose').sort((a, b) => compareCodeUnits(a.file, b.file) || a.target.range.start - b.target.range.start);
      services.forEach((c, i) => ends.set(c, services[i + 1]?.file === c.file ? services[i + 1].target.range.start : Infinity));
      for (const x of toLabel) {
        const where = { kind: group[0].kind, serviceEnd: x.container && ends.get(x.container), parsed: () => peekParsed(x.file) };
        x.f.fix = fixLabelAt(x.f, x.start, x.end, x.container, x.file.text, where);
      }
      toLabel.length = 0;
    }
    // The Compose ingester's parsed documents were kept for the labels only.
    for (const s of srcs) takeParsed(s);
    for (const x of result.extraSources ?? []) takeParsed(x);
    options.onFile?.(group[0].path);
  }

  // The daemon rules, on each dockerd as its files describe it together: a unit and the daemon.json it reads are one
  // configuration (moby merges flags and file), a socket unit's listeners get the TLS settings of the daemon they feed.
  if (daemonSpecs.length) {
    const { judgedDaemons } = await import('./daemon-pairs.js');
    for (const { spec: d, targetAt } of judgedDaemons(daemonSpecs)) {
      const kind = d.source === 'engine' ? 'engine' : 'daemon';
      const ctx = makeCtx(d.target, kind, sources.get(d.file), targetAt);
      for (const rule of selected) {
        if (!rule.checkDaemon || !rule.meta.inputs.includes(kind)) continue;
        ctx.rule = rule;
        rule.checkDaemon(d, ctx);
      }
    }
  }
  // Two files of one daemon that dockerd refuses together (daemon.json `hosts` and `-H` in its unit).
  if (daemonSpecs.length > 1) errors.push(...(await import('../ingest/daemon/conflicts.js')).flagFileConflicts(daemonSpecs, (f) => sources.get(f)));
  // The unit, daemon.json and options file of one daemon: what one file sets, another's "not set" finding must not claim.
  if (daemonSpecs.length > 1) (await import('./daemon-pairs.js')).reconcileDaemonFindings(findings, daemonSpecs);

  // Suppressions.
  const directives: Directive[] = [];
  // Markdown by kind, not only by name: `-` with `--kind markdown`, or a README.txt given that kind.
  const markdownFiles = new Set(files.filter((f) => f.kind === 'markdown').map((f) => f.path));
  for (const s of sources.values()) directives.push(...parseDirectives(s, commentRanges.get(s.path), markdownFiles.has(s.path) || isMarkdownPath(s.path)));
  let suppressed = 0;
  const usedNames = new Map<Directive, Set<string>>();
  const kept = findings.filter((f) => {
    for (const d of directives) {
      const line = f.location.startLine;
      if (d.file !== f.location.file || line < d.appliesTo || line > (d.appliesToEnd ?? d.appliesTo) || !d.reason) continue;
      const name = d.rules.find((r) => r.toLowerCase() === f.ruleId.toLowerCase() || r.toLowerCase() === f.slug);
      if (name) {
        d.used = true;
        usedNames.set(d, (usedNames.get(d) ?? new Set()).add(name));
        suppressed++;
        return false;
      }
    }
    return true;
  });
  const known = new Set(allRules.flatMap((r) => [r.meta.id.toLowerCase(), r.meta.slug]));
  const running = new Set(selected.flatMap((r) => [r.meta.id.toLowerCase(), r.meta.slug]));
  const directiveRuleOn = ruleSetting(config, suppressionRule.meta.id, suppressionRule.meta.slug).enabled;
  for (const d of directives) {
    if (!directiveRuleOn) break;
    const src = sources.get(d.file)!;
    const lineStart = src.offset(d.line, d.column);
    const range = { start: lineStart, end: src.offset(d.line, src.lineText(d.line).length + 1) };
    const unknown = d.rules.filter((r) => !known.has(r.toLowerCase()));
    // A misspelt slug names the rule meant, as an unknown rule in .bulwark.yaml or --ignore does.
    const meant = unknown.length === 1 && !/^bw-\d+$/i.test(unknown[0]) ? closest(unknown[0], allRules.map((r) => r.meta.slug)) : undefined;
    // A rule turned off (config, --ignore) found nothing because it did not run: its directive is not stale.
    const idle = d.rules.filter((r) => !usedNames.get(d)?.has(r) && !unknown.includes(r) && running.has(r.toLowerCase()));
    const problem = !d.rules.length
      ? 'names no rule'
      : unknown.length
        ? `names ${unknown.length === 1 ? 'an unknown rule' : 'unknown rules'}: ${unknown.join(', ')}${meant ? ` (did you mean ${meant}?)` : ''}`
        : !d.reason
          ? `has no reason; write "${(markdownFiles.has(d.file) || isMarkdownPath(d.file)) && src.lineText(d.line).trimStart().startsWith('<!--') ? '<!-- bulwark-ignore <rule> -- <why> -->' : '# bulwark-ignore <rule> -- <why>'}"`
          : !idle.length
            ? undefined
            : d.appliesTo === 0
              ? 'suppresses nothing: no line follows it'
              : !d.used
                ? `suppresses nothing: no ${idle.join(', ')} finding on ${directiveLines(d)}`
                : `suppresses nothing for ${idle.join(', ')} on ${directiveLines(d)}`;
    if (!problem) continue;
    const m = suppressionRule.meta;
    kept.push({
      ruleId: m.id,
      slug: m.slug,
      title: m.title,
      severity: overrides.get(m.id) ?? m.severity,
      message: `bulwark-ignore directive ${problem}`,
      attackClasses: m.attackClasses,
      requirements: m.requirements,
      cis: m.cis,
      target: { kind: 'file', name: d.file },
      location: src.location(range),
      certainty: 'definite',
      data: { rules: d.rules.join(',') },
      remediation: m.remediation.compose ?? '',
      fix: m.fix,
      helpUri: `docs/rules/${m.slug}.md`,
    });
  }

  // Sort, then drop repeats.
  const sorted = dropRepeats(sortFindings(kept, inputs));

  maskEchoes(sources, secretRanges, shown, families, knownSecrets);
  const masked = new Map<string, SourceFile>();
  // Besides the values the ingesters and rules marked, whatever looks like a secret anywhere in the text (a token in a
  // comment, a password in a label or a RUN line): code frames show the lines around a finding, whatever they hold (R-S).
  const { secretsInText } = await import('../rules/util/secrets.js');
  for (const [p, s] of sources) {
    const found = secretsInText(s.text);
    const ranges = secretRanges.get(p) ?? [];
    const text = maskText(s.text, found.length ? [...ranges, ...found.map((r) => ({ file: p, ...r }))] : ranges);
    // A NUL-separated command line (`/proc/<pid>/cmdline`) is shown with spaces between its words: same offsets, no NUL
    // in a terminal, a SARIF snippet or an HTML page.
    masked.set(p, new SourceFile(p, text.includes('\0') ? text.replace(/\0/g, ' ') : text));
  }

  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of sorted) bySeverity[f.severity]++;
  const result = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'bulwark' as const, version: VERSION },
    findings: sorted,
    errors: errors.sort((a, b) => compareCodeUnits(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0)),
    ...(notes.length ? { notes } : {}),
    files,
    suppressions: directives.map((d) => ({ file: d.file, line: d.line, rules: d.rules, reason: d.reason, used: d.used })),
    rules: selected.map((r) => r.meta),
    summary: { files: files.length, targets, findings: sorted.length, bySeverity, suppressed },
  } as Omit<AuditResult, 'sources'>;
  Object.defineProperty(result, 'sources', { value: masked, enumerable: false });
  return result as AuditResult;
}

export type { ContainerSpec, ImageBuildSpec };

/**
 * Reads a file an input refers to (`.env`, `env_file`, `extends`) as UTF-8; `undefined` when it is missing or
 * unreadable (the ingesters treat both as "not there"). A regular file is read synchronously: most of these
 * files do not exist, and one failed `stat` costs a fraction of a thread-pool round trip, thousands of times
 * over in a directory of Compose files. Anything else (a FIFO, a device) is read asynchronously, so that it
 * cannot block the audit's other work.
 */
/**
 * {@link readBeside} relative to `cwd`, each path read once per audit: the Compose files of one directory
 * name the same `.env` and env files, and the files are taken not to change while they are audited. The absolute
 * path of each file found and read is added to `readPaths`.
 */
function readerBeside(cwd: string, readPaths?: Set<string>): (path: string) => Promise<string | undefined> {
  const read = new Map<string, Promise<string | undefined>>();
  return (p: string) => {
    const abs = isAbsolute(p) ? p : join(cwd, p);
    let text = read.get(abs);
    if (text === undefined) {
      read.set(abs, (text = readBeside(abs)));
      // Every file actually read, for `AuditResult.read` (the CLI never writes a report over one).
      if (readPaths) void text.then((t) => t !== undefined && readPaths.add(abs));
    }
    return text;
  };
}

async function readBeside(path: string): Promise<string | undefined> {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    // Only regular files: a FIFO `.env` without a writer would block the audit forever (its values stay unknown).
    if (st === undefined || !st.isFile()) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
