/**
 * Audits a large set of files on several threads (`--jobs`), with exactly the result of one thread.
 *
 * The main thread has already read and grouped the inputs (Compose base + override, a unit + its
 * drop-ins); the groups are cut into contiguous chunks of about equal size in bytes, and each chunk is
 * audited by a worker thread running the same code as the single-threaded path (`dist/audit-worker.js`).
 * Each worker returns its findings, errors, files, suppressions and masked source texts; the main thread
 * puts them together in input order (a stable merge of already sorted runs) and recomputes the summary.
 * Findings in files outside the inputs (an `extends` file shared by two chunks) are deduplicated as in the
 * single-threaded path.
 *
 * Used only from the bundled CLI (the worker script must exist beside this module) and for at least
 * {@link MIN_PARALLEL_FILES} files; otherwise the audit runs on the calling thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compareCodeUnits, SourceFile } from '../model/source.js';
import type { InputError } from '../model/types.js';
import { SEVERITIES, type Severity } from '../rules/types.js';
import type { BulwarkConfig } from './config.js';
import type { LoadedInput } from './inputs.js';
import type { ClaimedVolumes } from '../ingest/kubernetes/volumes.js';
import type { AuditResult, AuditedFile, Finding, Suppression } from './types.js';

/** Below this many files one thread is faster than starting workers. */
export const MIN_PARALLEL_FILES = 64;

/** What a worker is given: its groups of inputs and the run's settings. */
export interface WorkerJob {
  groups: LoadedInput[][];
  config: BulwarkConfig;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The host-path PersistentVolumes and claims of the whole run (a pod in one chunk, its PV in another). */
  kubernetesVolumes?: ClaimedVolumes;
  /** Post `{ file }` after each group (for a progress callback). */
  progress?: boolean;
}

/**
 * Findings in a compact form for the trip between threads: cloning 100k finding objects costs more than
 * auditing them, so the parts every finding of a rule shares (slug, title, attack classes, requirements,
 * CIS ids, help, and the fix label where it is the rule's) are left out and rebuilt from the rule metadata, numbers go into one typed array and
 * repeated strings into a table.
 */
export interface PackedFindings {
  /** Per finding 8 numbers: rule index, file, startLine, startColumn, endLine, endColumn, severity, certainty (1 = unknown). */
  nums: Int32Array;
  /** Per finding 4 indexes into `table`: message, target kind, target name, remediation. */
  refs: Int32Array;
  /** The rule ids, by rule index. */
  rules: string[];
  table: string[];
  /** `data` as JSON for the findings whose data is not empty: `[finding index, json]`. */
  data: [number, string][];
  /** `[finding index, pointer]`. */
  pointers: [number, string][];
  /** `[finding index, container id]` for the findings whose target has an id (inspect output). */
  ids: [number, string][];
  /** `[finding index, workload as JSON]` for the findings whose target has a Kubernetes workload. */
  workloads: [number, string][];
  /** `[finding index, fix label]` for the findings whose label is not their rule's (harden's own fix for them decides it). */
  fixes: [number, Finding['fix']][];
}

/**
 * Packs findings for {@link unpackFindings}.
 * @param metaById the rules that ran, by id: a finding's fix label is sent only where it is not its rule's
 */
export function packFindings(findings: Finding[], metaById: Map<string, { fix: Finding['fix'] }>): PackedFindings {
  const n = findings.length;
  const nums = new Int32Array(n * 8);
  const refs = new Int32Array(n * 4);
  const rules: string[] = [];
  const ruleIdx = new Map<string, number>();
  const table: string[] = [];
  const tableIdx = new Map<string, number>();
  const intern = (v: string) => {
    let i = tableIdx.get(v);
    if (i === undefined) {
      i = table.length;
      table.push(v);
      tableIdx.set(v, i);
    }
    return i;
  };
  const data: [number, string][] = [];
  const pointers: [number, string][] = [];
  const ids: [number, string][] = [];
  const workloads: [number, string][] = [];
  const fixes: [number, Finding['fix']][] = [];
  for (let i = 0; i < n; i++) {
    const f = findings[i];
    let r = ruleIdx.get(f.ruleId);
    if (r === undefined) {
      r = rules.length;
      rules.push(f.ruleId);
      ruleIdx.set(f.ruleId, r);
    }
    const l = f.location;
    nums.set([r, intern(l.file), l.startLine, l.startColumn, l.endLine, l.endColumn, SEVERITIES.indexOf(f.severity), f.certainty === 'unknown' ? 1 : 0], i * 8);
    refs.set([intern(f.message), intern(f.target.kind), intern(f.target.name), intern(f.remediation)], i * 4);
    for (const _ in f.data) {
      data.push([i, JSON.stringify(f.data)]);
      break;
    }
    if (f.pointer !== undefined) pointers.push([i, f.pointer]);
    if (f.target.id !== undefined) ids.push([i, f.target.id]);
    if (f.target.workload !== undefined) workloads.push([i, JSON.stringify(f.target.workload)]);
    if (f.fix !== metaById.get(f.ruleId)?.fix) fixes.push([i, f.fix]);
  }
  return { nums, refs, rules, table, data, pointers, ids, workloads, fixes };
}

/** Rebuilds the findings packed by {@link packFindings}, equal (also in key order) to the originals. */
export function unpackFindings(p: PackedFindings, metaById: Map<string, AuditResult['rules'][number]>): Finding[] {
  const out: Finding[] = [];
  const data = new Map(p.data);
  const pointers = new Map(p.pointers);
  const ids = new Map(p.ids);
  const workloads = new Map(p.workloads);
  const fixes = new Map(p.fixes);
  const metas = p.rules.map((id) => metaById.get(id)!);
  const help = metas.map((m) => `docs/rules/${m.slug}.md`);
  const n = p.nums.length / 8;
  for (let i = 0; i < n; i++) {
    const x = i * 8;
    const y = i * 4;
    const m = metas[p.nums[x]];
    const f: Finding = {
      ruleId: m.id,
      slug: m.slug,
      title: m.title,
      severity: SEVERITIES[p.nums[x + 6]],
      message: p.table[p.refs[y]],
      attackClasses: m.attackClasses,
      requirements: m.requirements,
      cis: m.cis,
      target: ids.has(i) ? { kind: p.table[p.refs[y + 1]], name: p.table[p.refs[y + 2]], id: ids.get(i)! } : { kind: p.table[p.refs[y + 1]], name: p.table[p.refs[y + 2]] },
      location: { file: p.table[p.nums[x + 1]], startLine: p.nums[x + 2], startColumn: p.nums[x + 3], endLine: p.nums[x + 4], endColumn: p.nums[x + 5] },
      certainty: p.nums[x + 7] ? 'unknown' : 'definite',
      data: data.has(i) ? JSON.parse(data.get(i)!) : {},
      remediation: p.table[p.refs[y + 3]],
      fix: fixes.get(i) ?? m.fix,
      helpUri: help[p.nums[x]],
    };
    const w = workloads.get(i);
    if (w !== undefined) f.target.workload = JSON.parse(w);
    const ptr = pointers.get(i);
    if (ptr !== undefined) f.pointer = ptr;
    out.push(f);
  }
  return out;
}

/** What a worker sends back (everything structured-cloneable). */
export interface WorkerOutput {
  findings: PackedFindings;
  errors: InputError[];
  /** The chunk's notes (`AuditResult.notes`), when any. */
  notes?: InputError[];
  files: AuditedFile[];
  suppressions: Suppression[];
  /** Texts that differ from the inputs' (secrets masked) and files read besides the inputs: `[path, text]`. */
  sources: [string, string][];
  /** Absolute paths of the files read besides the inputs (`AuditResult.read`). */
  read: string[];
  targets: number;
  suppressed: number;
}

/** The worker script's URL, or undefined when this build has none (running from TypeScript sources). */
export function workerUrl(): URL | undefined {
  const url = new URL('./audit-worker.js', import.meta.url);
  try {
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Cuts `groups` into at most `n` chunks of about equal total bytes, contiguous except that every group holding
 * dockerd configuration (kind `daemon`: daemon.json, units, option files) goes to the first chunk: the check of a
 * setting given both in daemon.json and as a flag of the unit that reads it (src/ingest/daemon/conflicts.ts)
 * needs all of them in one audit.
 */
export function chunkGroups(groups: LoadedInput[][], n: number): LoadedInput[][][] {
  const isDaemon = (g: LoadedInput[]) => g.some((i) => i.kind === 'daemon');
  const daemonGroups = groups.filter(isDaemon);
  const total = groups.reduce((s, g) => s + g.reduce((t, i) => t + i.bytes, 0), 0);
  const chunks: LoadedInput[][][] = [];
  let current: LoadedInput[][] = [...daemonGroups];
  let bytes = daemonGroups.reduce((s, g) => s + g.reduce((t, i) => t + i.bytes, 0), 0);
  for (const g of groups) {
    if (daemonGroups.length && isDaemon(g)) continue;
    current.push(g);
    bytes += g.reduce((t, i) => t + i.bytes, 0);
    if (chunks.length < n - 1 && bytes >= (total * (chunks.length + 1)) / n) {
      chunks.push(current);
      current = [];
    }
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/**
 * Runs the audit of `groups` on `jobs` worker threads and merges the results.
 *
 * @param sortFindings the single-threaded path's sort (report order) and repeat removal, applied to the merged findings.
 * @param onFile progress callback, called once per audited group as workers report them.
 * @throws Error when a worker cannot start or dies (the caller then runs on one thread).
 */
export async function auditParallel(
  url: URL,
  groups: LoadedInput[][],
  inputs: LoadedInput[],
  errors: InputError[],
  job: Omit<WorkerJob, 'groups'>,
  jobs: number,
  rulesMeta: AuditResult['rules'],
  sortFindings: (f: Finding[], inputs: { path: string }[]) => Finding[],
  onFile?: (path: string) => void,
): Promise<Omit<AuditResult, 'sources'> & { sourcesList: [string, string][]; readList: string[] }> {
  // Loaded here, not at the top: node:worker_threads costs ~6 ms of CPU to load, and this module is part of
  // every audit's engine chunk while only `--jobs` > 1 uses it.
  const { Worker } = await import('node:worker_threads');
  const chunks = chunkGroups(groups, jobs);
  const outputs = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<WorkerOutput>((resolve, reject) => {
          const w = new Worker(url, { workerData: { ...job, groups: chunk, progress: !!onFile } satisfies WorkerJob });
          let done = false;
          w.on('message', (m: { file?: string; result?: WorkerOutput; error?: string }) => {
            if (m.file !== undefined) onFile?.(m.file);
            else if (m.result) {
              done = true;
              resolve(m.result);
            } else if (m.error !== undefined) {
              done = true;
              reject(new Error(m.error));
            }
          });
          w.on('error', (e) => {
            done = true;
            reject(e);
          });
          w.on('exit', (code) => {
            if (!done) reject(new Error(`audit worker exited with code ${code}`));
          });
        }),
    ),
  );
  const metaById = new Map(rulesMeta.map((m) => [m.id, m]));
  // Repeats (a finding in an `extends` file two chunks both read) are dropped by the same step as in the
  // single-threaded path, after the sort.
  const findings = sortFindings(outputs.flatMap((o) => unpackFindings(o.findings, metaById)), inputs);
  const allErrors = [...errors, ...outputs.flatMap((o) => o.errors)].sort((a, b) => compareCodeUnits(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0));
  // Input order, as on one thread (the first chunk also holds every daemon group, wherever it was listed).
  const rank = new Map(inputs.map((x, i) => [x.path, i]));
  const byInput = (a: { path?: string; file?: string }, b: { path?: string; file?: string }) => (rank.get((a.path ?? a.file)!) ?? Infinity) - (rank.get((b.path ?? b.file)!) ?? Infinity);
  const files = outputs.flatMap((o) => o.files).sort(byInput);
  const notes = outputs.flatMap((o) => o.notes ?? []).sort(byInput);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  const sourcesList: [string, string][] = [];
  const have = new Set<string>();
  for (const o of outputs) for (const s of o.sources) if (!have.has(s[0])) (have.add(s[0]), sourcesList.push(s));
  return {
    schemaVersion: '',
    tool: { name: 'bulwark', version: '' },
    findings,
    errors: allErrors,
    ...(notes.length ? { notes } : {}),
    files,
    suppressions: outputs.flatMap((o) => o.suppressions).sort((a, b) => byInput(a, b) || a.line - b.line),
    rules: rulesMeta,
    summary: { files: files.length, targets: outputs.reduce((s, o) => s + o.targets, 0), findings: findings.length, bySeverity, suppressed: outputs.reduce((s, o) => s + o.suppressed, 0) },
    sourcesList,
    readList: [...new Set(outputs.flatMap((o) => o.read))],
  };
}

/**
 * The source texts as the reporters expect them: each input's own text, replaced by the masked text a
 * worker sent back where secrets were masked; then the files read besides the inputs.
 */
export function sourcesMap(inputs: LoadedInput[], fromWorkers: [string, string][]): Map<string, SourceFile> {
  const sent = new Map(fromWorkers);
  const out = new Map<string, SourceFile>();
  for (const i of inputs) out.set(i.path, new SourceFile(i.path, sent.get(i.path) ?? i.text));
  for (const [p, t] of fromWorkers) if (!out.has(p)) out.set(p, new SourceFile(p, t));
  return out;
}
