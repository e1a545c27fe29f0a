/**
 * The SARIF 2.1.0 report (OASIS Static Analysis Results Interchange Format, errata 01; schema
 * https://json.schemastore.org/sarif-2.1.0.json), for GitHub code scanning and other SARIF viewers.
 * Requirement R-G14 ("CI-friendly exit codes and SARIF").
 *
 * One run; `tool.driver.rules` holds every rule of `result.rules` at its default severity, with GitHub's
 * `security-severity` (critical 9.5, high 8.0, medium 5.5, low 3.0, info 0.0) and tags for the attack classes and
 * CIS ids, then one descriptor per other (rule, severity) pair the findings use (see {@link descriptorId}): each
 * result's alert severity is its own finding's. Artifact URIs are relative to the repository root
 * (`%SRCROOT%`-style base id `SRCROOT`), as GitHub resolves them, wherever in the repository the audit ran; stdin is
 * the path `--stdin-filename` names, or without one a described placeholder outside it ({@link STDIN_ARTIFACT}).
 * Columns are UTF-16 code units (`columnKind: utf16CodeUnits`), 1-based, end column exclusive, exactly
 * as in {@link Finding.location}. Snippets and fingerprints use only the masked `result.sources` (R-S).
 * Input errors become `toolExecutionNotifications` (level `error`), and so do notes (`result.notes`: what a reader
 * left unchecked, level `warning`, the run still successful); unused or unknown suppressions
 * `toolConfigurationNotifications`.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AuditResult, Finding } from '../engine/types.js';
import type { InputError } from '../model/types.js';
import { ATTACK_CLASS_NAMES, severityRank, type RuleMeta, type Severity } from '../rules/types.js';
import { fenced, remediations, SNIPPET_LANGUAGE, snippetOf, suppressionProblems, targetLabel } from './common.js';

/** Where the repository lives; `informationUri` of the driver. */
export const INFORMATION_URI = 'https://github.com/bulwark-sec/bulwark';

/** Prefix that makes a relative `docs/rules/<slug>.md` help URI absolute. */
export const DOCS_BASE = 'https://github.com/bulwark-sec/bulwark/blob/main/';

/** The `$schema` of the log. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF `level` per severity: critical/high → error, medium → warning, low/info → note. */
export const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning `security-severity` per severity (a number in a string, 0.0–10.0). */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

/** Key of bulwark's fingerprint in `partialFingerprints`. */
export const FINGERPRINT_KEY = 'bulwarkFindingHash/v1';

/** Options of {@link renderSarif}. */
export interface SarifOptions {
  /** Directory that relative file paths of the result are relative to; default `process.cwd()`. */
  cwd?: string;
  /**
   * Directory that artifact URIs are relative to (`SRCROOT`): default the repository root of `cwd` (see
   * {@link repositoryRoot}), because GitHub code scanning reads a relative `artifactLocation.uri` as a path
   * from the root of the repository, whichever directory the audit ran in.
   */
  srcRoot?: string;
}

/**
 * The root of the repository `dir` is in: the nearest of `dir` and its parents holding `.git` (a
 * directory, or the file of a worktree or submodule), or `dir` itself when there is none.
 */
export function repositoryRoot(dir: string): string {
  for (let d = resolve(dir); ; ) {
    if (existsSync(join(d, '.git'))) return d;
    const parent = dirname(d);
    if (parent === d) return resolve(dir);
    d = parent;
  }
}

/** True when `rel` (a result of `path.relative`) leaves its base: `..` or `../…`, not a name like `..cache`. */
export function escapesBase(rel: string): boolean {
  return rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel);
}

/**
 * Help URI of a rule: the finding's/rule's `docs/rules/<slug>.md` made absolute with {@link DOCS_BASE}.
 * An `http:`/`https:` URI is kept; anything else (including `javascript:`) is treated as a path.
 */
export function absoluteHelpUri(helpUri: string): string {
  return /^https?:\/\//i.test(helpUri) ? helpUri : DOCS_BASE + helpUri.replace(/^\.?\/+/, '');
}

/** Replaces lone UTF-16 surrogates (which `encodeURIComponent` rejects) with U+FFFD. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

type ArtifactLocation = { uri: string; uriBaseId?: string; description?: { text: string } };

/**
 * The artifact location of stdin read without `--stdin-filename`: a placeholder, not a file of the repository (no
 * `uriBaseId`), still a non-empty relative URI since GitHub code scanning refuses a result without a location, an
 * artifact location without a URI, or a URI scheme other than a file's; the description says what it stands for.
 */
export const STDIN_ARTIFACT: Readonly<ArtifactLocation> = {
  uri: 'stdin',
  description: { text: 'standard input (no file name; give one with --stdin-filename)' },
};

/** A source named by an absolute URI (`docker://localhost/containers/web`, `host://vm`): scheme then `//` (RFC 3986 §3). */
const URI_SOURCE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The artifact location of a file (a path, relative ones to `cwd`): a URI relative to `srcRoot` (the SARIF
 * source root, default `cwd`) with `uriBaseId: 'SRCROOT'` when the file is inside it (`..cache/x` is
 * inside, `../x` is not), otherwise an absolute `file:` URI. Segments are percent-encoded. A source already named
 * by an absolute URI (live audits: `docker://…`, `host://…`) is that URI unchanged, without `uriBaseId`
 * (only characters URIs never allow — spaces, controls, non-ASCII, `"<>\\^`{|}` — are percent-encoded).
 * Stdin (`-`, read without `--stdin-filename`) is the placeholder {@link STDIN_ARTIFACT}.
 */
export function artifactLocation(file: string, cwd: string, srcRoot = cwd): ArtifactLocation {
  // `-` is stdin, not a file named `-` in the source root.
  if (file === '-') return { ...STDIN_ARTIFACT, description: { ...STDIN_ARTIFACT.description! } };
  if (URI_SOURCE.test(file)) {
    return { uri: wellFormed(file).replace(/[^\x21-\x7e]|["<>\\^`{|}]/gu, (c) => encodeURIComponent(c)) };
  }
  const abs = resolve(cwd, file);
  const rel = relative(srcRoot, abs);
  if (rel !== '' && !escapesBase(rel)) {
    return { uri: rel.split(sep).map((seg) => encodeURIComponent(wellFormed(seg))).join('/'), uriBaseId: 'SRCROOT' };
  }
  return { uri: pathToFileURL(wellFormed(abs)).href };
}

function ruleTags(meta: RuleMeta): string[] {
  const tags = ['security'];
  for (const c of meta.attackClasses) tags.push(c, ATTACK_CLASS_NAMES[c]);
  for (const [version, ids] of Object.entries(meta.cis)) for (const id of ids ?? []) tags.push(`CIS-${version}-${id}`);
  return [...new Set(tags)];
}

function helpOf(meta: RuleMeta): { text: string; markdown: string } {
  const fixes = remediations(meta);
  const text = [
    ...fixes.map(([k, s]) => `Fix (${k}):\n${s}`),
    `May break: ${meta.breaks}`,
    ...(meta.superseded ? [`Superseded advice: ${meta.superseded}`] : []),
  ].join('\n\n');
  const markdown = [
    ...fixes.map(([k, s]) => `**Fix (${k})**\n\n${fenced(s, SNIPPET_LANGUAGE[k])}`),
    `**May break:** ${meta.breaks}`,
    ...(meta.superseded ? [`**Superseded advice:** ${meta.superseded}`] : []),
  ].join('\n\n');
  return { text, markdown };
}

/**
 * The id of the rule descriptor of a finding of rule `ruleId` at `severity`: the rule id when that is the rule's
 * default severity, else the SARIF hierarchical id `<rule id>/<severity>` (SARIF 2.1.0 §3.27.5, §3.5.4; CodeQL's ids
 * hold `/` too), e.g. `BW-0004/low` for a finding BW-0004 rates below its default medium, or every BW-0009 finding
 * after `.bulwark.yaml` sets it to critical.
 *
 * Why not one descriptor per rule: GitHub code scanning takes an alert's security severity (and its severity
 * filters) from `properties.security-severity` of the rule descriptor only; the same property on a result is not
 * read, and nothing else can override it per result (GitHub docs, "SARIF support for code scanning",
 * reportingDescriptor object; microsoft/sarif-sdk#2705). A descriptor shown at the highest severity of its rule's
 * findings made an alert's severity depend on unrelated files. Why not reuse the rule id in several descriptors:
 * GitHub finds a result's rule by its id, so two descriptors of one id are ambiguous. The id depends only on the
 * finding's rule and severity, so it is stable across runs (GitHub matches alerts by rule id and fingerprint);
 * changing a rule's severity in `.bulwark.yaml` moves its alerts to the new id, as a changed rule would.
 */
export function descriptorId(ruleId: string, severity: Severity, defaultSeverity: Severity): string {
  return severity === defaultSeverity ? ruleId : `${ruleId}/${severity}`;
}

function ruleDescriptor(meta: RuleMeta, effective: Severity = meta.severity) {
  return {
    id: descriptorId(meta.id, effective, meta.severity),
    name: meta.slug,
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: helpOf(meta),
    helpUri: absoluteHelpUri(`docs/rules/${meta.slug}.md`),
    defaultConfiguration: { level: SARIF_LEVEL[effective] },
    properties: {
      tags: ruleTags(meta),
      'security-severity': SECURITY_SEVERITY[effective],
      // bulwark rules report facts read from configuration, not heuristics; `unknown` findings say so per result.
      precision: 'high',
      requirements: meta.requirements,
      cis: meta.cis,
      paper: meta.paper,
      fix: meta.fix,
    },
  };
}

function errorNotification(e: InputError, cwd: string, root: string, level: 'error' | 'warning' = 'error') {
  const region = e.line ? { startLine: e.line, ...(e.column ? { startColumn: e.column } : {}) } : undefined;
  return {
    level,
    message: { text: e.message },
    descriptor: { id: e.code },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.file, cwd, root), ...(region ? { region } : {}) } }],
  };
}

/** Stands in for the results array while the rest of the log is laid out; NUL never occurs in a text input. */
const RESULTS_MARK = '\u0000results\u0000';

/** Indentation of one element of `runs[0].results` in a log laid out with two spaces per level. */
const RESULT_INDENT = '        ';

/**
 * Renders `result` as a SARIF 2.1.0 log (JSON, 2-space indent, trailing newline). Results keep the
 * order of `result.findings`; a result's `ruleId` is its descriptor's ({@link descriptorId}: the rule id, or
 * `<rule id>/<severity>` off the rule's default) and `ruleIndex` points at that descriptor in `tool.driver.rules`
 * (omitted for a finding whose rule is not in `result.rules`). The same text as the concatenation of {@link renderSarifChunks}.
 */
export function renderSarif(result: AuditResult, opts: SarifOptions = {}): string {
  return [...renderSarifChunks(result, opts)].join('');
}

/**
 * Renders the log of {@link renderSarif} in pieces: the part before the results, then one string per
 * result (laid out and indented exactly as `JSON.stringify(log, null, 2)` would), then the rest. A log of
 * a hundred thousand results (~140 MB) never exists as one string, which V8 caps at 2^29 − 24 UTF-16 units
 * (~512 MiB: "Invalid string length"), and memory stays bounded by the findings, not by the report.
 */
export function* renderSarifChunks(result: AuditResult, opts: SarifOptions = {}): Generator<string> {
  const cwd = resolve(opts.cwd ?? process.cwd());
  const root = opts.srcRoot !== undefined ? resolve(opts.srcRoot) : repositoryRoot(cwd);
  // Descriptors: every rule at its default severity (index = its place in result.rules), then each other
  // (rule, severity) pair the findings use, in rule order and from the highest severity down.
  const metaOf = new Map<string, RuleMeta>(result.rules.map((r) => [r.id, r]));
  const descriptors = result.rules.map((m) => ruleDescriptor(m));
  const ruleIndex = new Map<string, number>(result.rules.map((r, i) => [r.id, i]));
  const rulePos = new Map<string, number>(ruleIndex);
  const others = new Set<string>();
  for (const f of result.findings) {
    const m = metaOf.get(f.ruleId);
    if (m && f.severity !== m.severity) others.add(descriptorId(f.ruleId, f.severity, m.severity));
  }
  const extra = [...others].map((id) => {
    const [rule, sev] = id.split('/') as [string, Severity];
    return { rule, sev, id };
  });
  extra.sort((a, b) => rulePos.get(a.rule)! - rulePos.get(b.rule)! || severityRank(b.sev) - severityRank(a.sev));
  for (const x of extra) {
    ruleIndex.set(x.id, descriptors.length);
    descriptors.push(ruleDescriptor(metaOf.get(x.rule)!, x.sev));
  }
  const seen = new Map<string, number>();
  const artifacts = new Map<string, ArtifactLocation>();

  const sarifResult = (f: Finding) => {
    const source = result.sources?.get(f.location.file);
    let artifact = artifacts.get(f.location.file);
    if (artifact === undefined) artifacts.set(f.location.file, (artifact = artifactLocation(f.location.file, cwd, root)));
    const { startLine, startColumn, endLine, endColumn } = f.location;
    const snippet = snippetOf(source, f.location);
    const lineText = source ? source.lineText(startLine).trim() : '';
    // The target by kind and name only: a container's id changes each time it is re-created (`docker compose up`,
    // a new task), and the same setting on the same container must keep its alert.
    const hash = createHash('sha256')
      .update([f.ruleId, artifact.uri, targetLabel({ kind: f.target.kind, name: f.target.name, ...(f.target.workload ? { workload: f.target.workload } : {}) }), lineText].join('\0'))
      .digest('hex')
      .slice(0, 32);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    const meta = metaOf.get(f.ruleId);
    const id = meta ? descriptorId(f.ruleId, f.severity, meta.severity) : f.ruleId;
    const index = ruleIndex.get(id);
    return {
      ruleId: id,
      ...(index === undefined ? {} : { ruleIndex: index }),
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifact,
            region: { startLine, startColumn, endLine, endColumn, ...(snippet ? { snippet: { text: snippet } } : {}) },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: `${hash}:${n}` },
      properties: {
        // The rule's own id whatever the descriptor's (`BW-0009` for `BW-0009/critical`, see descriptorId): for filters.
        rule: f.ruleId,
        severity: f.severity,
        'security-severity': SECURITY_SEVERITY[f.severity],
        target: f.target,
        certainty: f.certainty,
        data: f.data,
        cis: f.cis,
        // This finding's fix label (what `bulwark harden` does for it); the rule's `fix` property is the rule's usual one.
        fix: f.fix,
        // The inspect field or daemon.json key as a JSON pointer (`/HostConfig/Privileged`), when the finding has one.
        ...(f.pointer !== undefined ? { pointer: f.pointer } : {}),
      },
    };
  };

  const configNotes = suppressionProblems(result).map(({ s, problem }) => ({
    level: 'warning' as const,
    message: { text: `${problem}: ${s.rules.length ? s.rules.join(', ') : 'all rules'}${s.reason ? ` (${s.reason})` : ''}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(s.file, cwd, root), region: { startLine: s.line } } }],
  }));

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'bulwark',
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri: INFORMATION_URI,
            rules: descriptors,
          },
        },
        invocations: [
          {
            executionSuccessful: result.errors.length === 0,
            toolExecutionNotifications: [...result.errors.map((e) => errorNotification(e, cwd, root)), ...(result.notes ?? []).map((e) => errorNotification(e, cwd, root, 'warning'))],
            ...(configNotes.length ? { toolConfigurationNotifications: configNotes } : {}),
          },
        ],
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(root).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        results: RESULTS_MARK,
      },
    ],
  };
  const skeleton = JSON.stringify(log, null, 2) + '\n';
  const placeholder = JSON.stringify(RESULTS_MARK);
  const at = skeleton.indexOf(placeholder);
  const findings = result.findings;
  if (!findings.length) {
    yield skeleton.slice(0, at) + '[]' + skeleton.slice(at + placeholder.length);
    return;
  }
  yield skeleton.slice(0, at) + '[\n';
  // Results in batches of a few hundred: one string per result costs a write each.
  let batch = '';
  for (let i = 0; i < findings.length; i++) {
    batch += RESULT_INDENT + JSON.stringify(sarifResult(findings[i]), null, 2).replaceAll('\n', '\n' + RESULT_INDENT) + (i + 1 < findings.length ? ',\n' : '\n');
    if (batch.length >= 1 << 20) {
      yield batch;
      batch = '';
    }
  }
  yield batch + RESULT_INDENT.slice(2) + ']' + skeleton.slice(at + placeholder.length);
}
