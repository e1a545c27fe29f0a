/**
 * The CIS Docker Benchmark 1.6.0 compliance view: every recommendation of sections 1–5 and 7, per audited
 * target (container, image, daemon, host, file), as pass / fail / unknown / manual / not applicable.
 * Requirement R-G14 (audit output for people and CI). Rendered by src/report/compliance.ts.
 *
 * Which rules check a recommendation comes from the rules' metadata (`meta.cis['1.6.0']`) only; the table
 * in ./cis-docker-1.6.0.ts holds titles. A recommendation is, for one target:
 *  - `manual`: no bulwark rule maps to it;
 *  - `not applicable`: rules map to it, but none runs for this kind of target (a host check for a Compose
 *    service); or the mapped rules reported only info-level "not applicable on this host" notes (findings
 *    with `data.cisNotApplicable === true`, e.g. BW-0040 on a host without AppArmor, CIS 5.2); or, with no
 *    finding, the recommendation is about a host file that does not exist there (`notApplicable` of a host
 *    target, from HostSpec facts: TLS files when no TLS is configured 3.9–3.14, no registry certificates
 *    3.7/3.8, no /etc/sysconfig/docker 3.21/3.22 and 1.1.13 — see {@link hostNotApplicable});
 *    or, with no finding, a container recommendation the host cannot enforce (a live audit's containers on a
 *    host without AppArmor: 5.2, without SELinux: 5.3 — see {@link macNotApplicable}), with the `reason`;
 *  - `fail`: a mapped rule that runs for the target reported a definite finding for it, above info, or info when
 *    the row relies on info findings (see `failsRow`);
 *  - `unknown`: mapped rules reported findings of certainty unknown (a value bulwark could not read) and none that fails;
 *  - `pass`: mapped rules ran for the target and reported nothing, or only definite info notes; except for a daemon
 *    whose values are not all known (`unresolved`: variables from a file not read), which is `unknown` instead.
 * `file` targets are listed only for files some rule checks file-wide: a rule runs for a file when it has
 * `checkFile` and its `meta.inputs` include the file's source kind (shell, Markdown and AsciiDoc files are
 * `run` sources and count only when they hold at least one `docker run` line — BW-0036, CIS 4.5). Compose,
 * Dockerfile, inspect and daemon files, and live in-memory sources, get no `file` target.
 * A finding whose `data.cis` is a comma list (`"1.1.5,1.1.18"`, `"3.16"`) counts only for those ids; other
 * findings count for every id of their rule.
 */
import type { AuditResult, Finding } from '../engine/types.js';
import { FILE_EXPECTATIONS } from '../live/host/expect.js';
import type { HostFileRole, HostSpec } from '../model/host.js';
import type { ContainerSpec, SourceKind } from '../model/types.js';
import type { Rule, RuleMeta } from '../rules/types.js';
import { CIS_DOCKER_1_6_0, type CisRecommendation } from './cis-docker-1.6.0.js';
import { COMPOSE_RUN_RULES } from '../rules/util/compose-run.js';

export { CIS_DOCKER_1_6_0, CIS_1_6_0_SECTIONS, type CisRecommendation } from './cis-docker-1.6.0.js';

/** Status of one recommendation for one target. */
export type ComplianceStatus = 'pass' | 'fail' | 'unknown' | 'manual' | 'not applicable';

/** Every status, in report order. */
export const STATUSES: readonly ComplianceStatus[] = ['pass', 'fail', 'unknown', 'manual', 'not applicable'];

/** A target as the compliance view sees it. */
export interface ComplianceTarget {
  /** Finding target kind: `service`, `run`, `stage`, `container`, `daemon`, `host`, `file`. */
  kind: string;
  name: string;
  /** For a Kubernetes container: the object that holds it (two Deployments may each run a container `app`). */
  workload?: import('../model/types.js').Workload;
  /** File (or in-memory source name) the target came from. */
  file: string;
  /**
   * Source kind the rules dispatch on (`compose`, `inspect`, `engine`, `daemon`, `host`; the file kind for `file`).
   * A `daemon` target of a live engine has `engine` (`DaemonSpec.source`), as the audit engine dispatches it.
   */
  source: string;
  /** For `file` targets: how many `docker run` / `docker create` lines the file holds. */
  runLines?: number;
  /** For `file` targets: how many overlay networks the file defines (Compose; CIS 7.3 is checked for those only). */
  networks?: number;
  /** For `file` targets: how many `docker exec` lines into containers the file does not start (CIS 5.23 for those only). */
  execs?: number;
  /** For `file` targets: how many literal values the file's `docker build --build-arg` / `docker login -p` lines hold (BW-0103, BW-0035). */
  hostSecrets?: number;
  /** For `run` targets: a `docker compose run` line, judged only by the rules about what it writes (src/rules/util/compose-run.ts). */
  composeRun?: boolean;
  /** For `daemon` targets: a systemd socket unit (CIS 3.15/3.16 through BW-0224 are checked for those only). */
  socketUnit?: boolean;
  /** CIS ids that do not apply to this target when no finding says otherwise (host targets: {@link hostNotApplicable}). */
  notApplicable?: string[];
  /**
   * Why an id of `notApplicable` does not apply, one line per id (`5.3`: "SELinux is not enabled on this host:
   * SELinux options are not enforced here"); copied to the row's `reason`. Ids without one get no reason.
   */
  notApplicableReasons?: Record<string, string>;
  /**
   * The status of a recommendation when no finding speaks to it but `pass` would claim too much, with the reason
   * (copied to the row's `reason`): a container with no healthcheck of its own is `unknown` for 5.27 when the image's
   * HEALTHCHECK cannot be seen, `fail` when it can and there is none (see {@link containerNoFinding}).
   */
  noFinding?: Record<string, { status: 'fail' | 'unknown'; reason: string }>;
  /**
   * For `daemon` targets whose command line expands variables from a file bulwark could not read (`$OPTIONS` of a
   * missing `EnvironmentFile=-/etc/sysconfig/docker`): why nothing can pass (any setting may come from them). A row that
   * would `pass` is `unknown` with this reason: unknown is never treated as safe (R-G14).
   */
  unresolved?: string;
}

/**
 * {@link ComplianceTarget.noFinding} of a container: CIS 1.6.0 5.27 ("Ensure that container health is checked at
 * runtime") needs a healthcheck. Rule BW-0034 reports one that is disabled; one that is missing is
 * - `unknown` for Compose services and `docker run` lines (and a Compose healthcheck without `test`): the
 *   image's own HEALTHCHECK, which a static audit cannot see, applies (CIS 4.6 is checked on Dockerfiles); the
 *   same for a Compose `healthcheck:` with timings only (the model records a healthcheck with a test or `disable`);
 * - `fail` for `docker inspect` output and live containers: dockerd copies the image's healthcheck into the
 *   container's `Config.Healthcheck` when it creates the container, so an empty one means none at all
 *   (docker-bench-security's check for 5.27 warns on an empty `.State.Health.Status` the same way).
 */
export function containerNoFinding(c: Pick<ContainerSpec, 'healthcheck' | 'source'>): Pick<ComplianceTarget, 'noFinding'> {
  const h = c.healthcheck;
  if (h && (h.how === 'unresolved' || h.value.disabled || h.value.test !== undefined)) return {};
  if (c.source === 'inspect' || c.source === 'engine') {
    return h ? {} : { noFinding: { '5.27': { status: 'fail', reason: 'no healthcheck: neither the container nor its image defines one (Config.Healthcheck is empty)' } } };
  }
  if (c.source !== 'compose' && c.source !== 'run') return {};
  return { noFinding: { '5.27': { status: 'unknown', reason: 'no healthcheck test set here, and a static audit cannot see whether the image defines a HEALTHCHECK' } } };
}

/**
 * File-wide checks that apply only to files holding what they check: a Compose file's own overlay networks
 * (BW-0219, CIS 7.3), `docker exec` lines into containers the file does not start (BW-0043, CIS 5.23; BW-0026, CIS
 * 4.10, for their `-e` secrets), literal values on a script's `docker build --build-arg` / `docker login -p` lines
 * (BW-0103, CIS 4.10; BW-0035), the labels and annotations of a Kubernetes manifest's objects (BW-0046; its Compose
 * and run labels are checked per container). Other file-wide rules run for every file of their kinds (scripts: those
 * with `docker run` lines).
 */
const FILE_CHECK_ONLY: Record<string, (t: ComplianceTarget) => boolean> = {
  'BW-0219': (t) => (t.networks ?? 0) > 0,
  'BW-0043': (t) => (t.execs ?? 0) > 0,
  'BW-0026': (t) => (t.execs ?? 0) > 0,
  'BW-0046': (t) => t.source === 'kubernetes',
  // Literal values on a script's `docker build --build-arg` (BW-0103, CIS 4.10) and `docker login -p` (BW-0035) lines.
  'BW-0103': (t) => (t.hostSecrets ?? 0) > 0,
  'BW-0035': (t) => (t.hostSecrets ?? 0) > 0,
};

/** The rule source kind of each file kind (`InputKind`): scripts and documents hold `run` lines. */
const FILE_SOURCE: Record<string, string> = { run: 'run', shell: 'run', markdown: 'run', asciidoc: 'run' };

/**
 * The CIS 1.6.0 ids that do not apply to a host because what they check is absent (as docker-bench-security
 * does for missing files): section 3 ownership/mode ids of every file role with no existing file (no TLS
 * configured → 3.9–3.14; no registry certificates → 3.7/3.8; no /etc/sysconfig/docker → 3.21/3.22, …), and the
 * 1.1.3–1.1.18 audit-rule ids of paths that do not exist (no /etc/sysconfig/docker → 1.1.13). Host rules report
 * nothing for such files; a file that could not be read is an `unknown` finding, which still wins. Sorted.
 */
export function hostNotApplicable(h: HostSpec): string[] {
  const ids = new Set<string>();
  for (const [role, e] of Object.entries(FILE_EXPECTATIONS) as [HostFileRole, (typeof FILE_EXPECTATIONS)[HostFileRole]][]) {
    if (!h.files.some((f) => f.role === role && f.exists)) for (const id of [e.cisOwner, e.cisMode]) ids.add(id);
  }
  for (const p of h.auditPaths ?? []) if (!p.exists) ids.add(p.cis);
  return [...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/**
 * The CIS 1.6.0 container recommendations a host cannot enforce because its mandatory access control is not
 * active (`HostSpec.mac`, from /sys/kernel/security/lsm): 5.2 (AppArmor profile) when AppArmor is `disabled`,
 * 5.3 (SELinux options) when SELinux is `disabled`, each with its reason. A container on such a host gets
 * `not applicable` with that reason instead of `pass` (nothing confines it, whatever it asks for); BW-0022
 * `apparmor=unconfined` and BW-0023 `label=disable` report there only an info "changes nothing on this host" note
 * (`data.cisNotApplicable`), which keeps the row not applicable; another finding (BW-0001 privileged) still makes it `fail`. `unknown` MAC state changes nothing. docker-bench-security's check_5_2 and check_5_3
 * never report such a container as passing either.
 */
export function macNotApplicable(h: Pick<HostSpec, 'mac'>): { ids: string[]; reasons: Record<string, string> } {
  const reasons: Record<string, string> = {};
  if (h.mac?.apparmor === 'disabled') reasons['5.2'] = 'AppArmor is not enabled on this host: no AppArmor profile is enforced here';
  if (h.mac?.selinux === 'disabled') reasons['5.3'] = 'SELinux is not enabled on this host: SELinux options are not enforced here';
  return { ids: Object.keys(reasons), reasons };
}

/** The bulwark rule ids mapped to each CIS 1.6.0 id, from rule metadata, sorted. */
export function cisMapping(rules: readonly Pick<Rule, 'meta'>[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const r of rules) for (const id of r.meta.cis['1.6.0'] ?? []) map.set(id, [...(map.get(id) ?? []), r.meta.id].sort());
  return map;
}

/**
 * Why a CIS recommendation of a `docker compose run` line with no failing finding is `unknown`: the one-off container
 * also has every setting of its service, which the Compose file holds (src/rules/util/compose-run.ts).
 */
const COMPOSE_RUN_UNKNOWN = "the service's Compose definition, which a docker compose run line does not show, may set this";

/**
 * How a recommendation is covered, for the docs and `bulwark rules`: the rule ids, or `manual` (a Manual
 * recommendation no rule checks), or `not automatable by bulwark` (an Automated one no rule checks, e.g.
 * it needs `docker exec` into running containers or the host's user database).
 */
export function coverage(rec: CisRecommendation, mapping: Map<string, string[]>): string[] | 'manual' | 'not automatable by bulwark' {
  const ids = mapping.get(rec.id);
  if (ids?.length) return ids;
  return rec.assessment === 'manual' ? 'manual' : 'not automatable by bulwark';
}

/**
 * The daemon rules that can judge a systemd socket unit (`docker.socket`): it writes dockerd's listeners
 * (`ListenStream=`, BW-0201 TCP without TLS) and the socket file's mode and group (BW-0224, CIS 3.15/3.16), never
 * dockerd's options, so every other daemon rule is not applicable to it (see `showsOptions` in
 * src/rules/daemon-common.ts). systemd.socket(5).
 */
const SOCKET_UNIT_RULES = new Set(['BW-0201', 'BW-0224']);

/** Whether `rule` runs for `t` in the audit engine (src/engine/audit.ts dispatch). */
export function ruleRunsFor(rule: Rule, t: ComplianceTarget): boolean {
  const inputs = rule.meta.inputs as readonly string[];
  switch (t.kind) {
    case 'stage':
      return !!rule.checkImage && inputs.includes('dockerfile');
    case 'daemon':
      // A live engine's daemon is checked by the rules for `engine` (src/engine/audit.ts), swarm rules among them.
      if (!rule.checkDaemon || !inputs.includes(t.source === 'engine' ? 'engine' : 'daemon')) return false;
      return t.socketUnit === true ? SOCKET_UNIT_RULES.has(rule.meta.id) : rule.meta.id !== 'BW-0224';
    case 'host':
      return !!rule.checkHost && inputs.includes('host');
    case 'image':
      // An image of `docker image inspect` output: the image-config rules, which read inspect input and have no check
      // of the model's kinds (their ImageCheck runs from src/engine/image-configs.ts).
      return inputs.includes('inspect') && !rule.checkContainer && !rule.checkImage && !rule.checkDaemon && !rule.checkHost && !rule.checkFile && !rule.checkImageConfig;
    case 'file': {
      const source = FILE_SOURCE[t.source] ?? t.source;
      if (!rule.checkFile || !inputs.includes(source)) return false;
      const only = FILE_CHECK_ONLY[rule.meta.id];
      return only ? only(t) : source !== 'run' || (t.runLines ?? 0) > 0;
    }
    default:
      return !!rule.checkContainer && inputs.includes(t.source) && (!t.composeRun || COMPOSE_RUN_RULES.has(rule.meta.id));
  }
}

/** A rule that reports nothing and records every target the engine hands it: pass it with the audited rules. */
export function targetRecorder(): { rule: Rule; targets: ComplianceTarget[] } {
  const targets: ComplianceTarget[] = [];
  const all: SourceKind[] = ['compose', 'run', 'dockerfile', 'kubernetes', 'inspect', 'engine', 'daemon', 'host'];
  const meta: RuleMeta = {
    id: 'BW-0000',
    slug: 'compliance-target-recorder',
    title: 'Records audited targets for the compliance view',
    severity: 'info',
    attackClasses: [],
    requirements: ['R-G14'],
    cis: {},
    paper: '',
    inputs: all,
    description: 'Internal: lists the audited targets for `bulwark audit --compliance`; never reports.',
    remediation: {},
    breaks: '',
    fix: 'manual',
  };
  const rule: Rule = {
    meta,
    checkContainer: (c) => void targets.push({ kind: c.target.kind, name: c.target.name, ...(c.target.workload ? { workload: c.target.workload } : {}), file: c.file, source: c.source, ...(c.extra.composeRun ? { composeRun: true, unresolved: COMPOSE_RUN_UNKNOWN } : {}), ...containerNoFinding(c) }),
    checkImage: (img) => void targets.push({ kind: img.target.kind, name: img.target.name, file: img.file, source: 'dockerfile' }),
    checkDaemon: (d) => {
      const u = d.extra.unresolvedEnvironment?.value;
      const unresolved = Array.isArray(u) && u.length ? `${u.map((n) => `$${String(n)}`).join(', ')} ${u.length === 1 ? 'comes' : 'come'} from a file not read (${String(d.extra.unresolvedEnvironment?.raw ?? '')}): ${u.length === 1 ? 'it' : 'they'} may set this` : undefined;
      targets.push({ kind: d.target.kind, name: d.target.name, file: d.file, source: d.source === 'engine' ? 'engine' : 'daemon', ...(d.socketUnit ? { socketUnit: true } : {}), ...(unresolved ? { unresolved } : {}) });
    },
    checkHost: (h) => void targets.push({ kind: h.target.kind, name: h.target.name, file: h.target.range.file, source: 'host', notApplicable: hostNotApplicable(h) }),
    checkImageConfig: (ic) => void targets.push({ kind: 'image', name: ic.target.name, file: ic.file, source: 'inspect' }),
    checkFile: (f) =>
      void targets.push({ kind: 'file', name: f.source.path, file: f.source.path, source: f.kind, runLines: f.containers.filter((c) => c.source === 'run' && !c.extra.composeRun).length, networks: f.networks?.length ?? 0, execs: f.execs?.length ?? 0, hostSecrets: f.hostSecrets?.length ?? 0 }),
  };
  return { rule, targets };
}

const SOURCE_OF_KIND: Record<string, string> = { service: 'compose', run: 'run', stage: 'dockerfile', daemon: 'daemon', host: 'host' };

/**
 * The targets of an audit: `result.targets` when the engine lists them, else those recorded by
 * {@link targetRecorder}, else (fallback) the targets that have findings plus one `file` target per input.
 * The fallback cannot list a container without findings, nor tell which host files are absent.
 */
export function auditTargets(result: AuditResult, recorded?: ComplianceTarget[]): ComplianceTarget[] {
  const listed = (result as AuditResult & { targets?: ComplianceTarget[] }).targets ?? recorded;
  if (listed) return dedupe(listed);
  const out: ComplianceTarget[] = [];
  for (const f of result.findings) {
    if (f.target.kind === 'file') continue;
    const source = SOURCE_OF_KIND[f.target.kind] ?? (f.location.file.startsWith('docker://') ? 'engine' : 'inspect');
    out.push({ kind: f.target.kind, name: f.target.name, ...(f.target.workload ? { workload: f.target.workload } : {}), file: f.location.file, source });
  }
  for (const file of result.files) {
    out.push({ kind: 'file', name: file.path, file: file.path, source: file.kind, ...(FILE_SOURCE[file.kind] === 'run' ? { runLines: file.containers } : {}) });
  }
  return dedupe(out);
}

/** A Kubernetes workload as one string for comparisons (`''` for none). */
function workloadKey(w: import('../model/types.js').Workload | undefined): string {
  return w ? `${w.kind}\0${w.namespace ?? ''}\0${w.name ?? ''}` : '';
}

function dedupe(ts: ComplianceTarget[]): ComplianceTarget[] {
  const seen = new Set<string>();
  return ts.filter((t) => {
    const k = `${t.kind}\0${t.name}\0${workloadKey(t.workload)}\0${t.file}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** One recommendation's result for one target. */
export interface ComplianceRow {
  id: string;
  title: string;
  assessment: CisRecommendation['assessment'];
  level: 1 | 2;
  status: ComplianceStatus;
  /** Mapped rules that run for this target (all mapped rules for `not applicable`; none for `manual`). */
  rules: string[];
  /** Number of findings behind a `fail` / `unknown`. */
  findings: number;
  /**
   * For `not applicable`: why — the target's `notApplicableReasons` entry, else the message of the "not applicable
   * here" note. For a `fail` / `unknown` without findings: the target's `noFinding` reason.
   */
  reason?: string;
}

/** The view for one target. */
export interface TargetCompliance extends ComplianceTarget {
  summary: Record<ComplianceStatus, number>;
  results: ComplianceRow[];
}

/**
 * Rows whose verdict is an info-level finding of a rule that otherwise reports higher, so an info finding still
 * fails them (see {@link failsRow}): 2.11 (BW-0210 reports a changed base device size as info), 4.1 (ONBUILD USER
 * root, BW-0102; BW-0004's info notes), 4.3 (a package manager in the final stage, BW-0111, beside BW-0109), 4.8
 * (ONBUILD triggers that add setuid files, BW-0104), 4.10 (placeholder-looking secrets, BW-0026).
 */
const INFO_FAILS: ReadonlySet<string> = new Set(['2.11', '4.1', '4.3', '4.8', '4.10']);

/**
 * Whether a definite finding fails row `cisId`: one above info does; an info finding (a narrow capability add-back
 * CIS 5.4 itself recommends, a writable bind of an application's data directory under 5.6) is a note, not a
 * failure, unless the row relies on info findings: every mapped rule running for the target is informational by
 * its metadata (2.3, 2.8, 2.12, 5.19, 5.28 …), or the row is one of {@link INFO_FAILS}.
 */
function failsRow(f: Finding, cisId: string, running: readonly Rule[]): boolean {
  if (f.certainty !== 'definite') return false;
  if (f.severity !== 'info') return true;
  return INFO_FAILS.has(cisId) || running.every((r) => r.meta.severity === 'info');
}

/** An info-level note that the recommendation does not apply on this host (`data.cisNotApplicable`, e.g. BW-0040). */
function isNotApplicableNote(f: Finding): boolean {
  return f.severity === 'info' && f.data?.cisNotApplicable === true;
}

function countsFor(f: Finding, cisId: string): boolean {
  const narrowed = f.data?.cis;
  return typeof narrowed !== 'string' || narrowed.split(',').map((s) => s.trim()).includes(cisId);
}

/**
 * Builds the compliance view of an audit.
 * @param rules every rule object (default: `allRules`), to know which checks each rule has; only rules
 *   that ran in the audit (`result.rules`) count
 * @param targets audited targets (see {@link auditTargets}); `file` targets no active rule runs for are left out
 */
export function complianceView(result: AuditResult, rules: readonly Rule[], targets: ComplianceTarget[]): TargetCompliance[] {
  const ran = new Set(result.rules.map((m) => m.id));
  const active = rules.filter((r) => ran.has(r.meta.id));
  const byId = new Map<string, Rule>(active.map((r) => [r.meta.id, r]));
  const mapping = cisMapping(active);
  const sameKey = (t: ComplianceTarget) => targets.filter((x) => x.kind === t.kind && x.name === t.name && workloadKey(x.workload) === workloadKey(t.workload)).length > 1;
  const checked = targets.filter((t) => t.kind !== 'file' || active.some((r) => ruleRunsFor(r, t)));
  return checked.map((t) => {
    const ambiguous = sameKey(t);
    const wk = workloadKey(t.workload);
    const mine = result.findings.filter((f) => f.target.kind === t.kind && f.target.name === t.name && workloadKey(f.target.workload) === wk && (!ambiguous || f.location.file === t.file));
    const results: ComplianceRow[] = CIS_DOCKER_1_6_0.map((rec) => {
      const mapped = mapping.get(rec.id) ?? [];
      const base = { id: rec.id, title: rec.title, assessment: rec.assessment, level: rec.level };
      if (!mapped.length) return { ...base, status: 'manual', rules: [], findings: 0 };
      const running = mapped.filter((id) => ruleRunsFor(byId.get(id)!, t));
      if (!running.length) {
        // A `docker compose run` line: what the rules left out judge is set in the Compose file, not here.
        if (t.composeRun && mapped.some((id) => ruleRunsFor(byId.get(id)!, { ...t, composeRun: false }))) return { ...base, status: 'unknown', rules: mapped, findings: 0, reason: COMPOSE_RUN_UNKNOWN };
        return { ...base, status: 'not applicable', rules: mapped, findings: 0 };
      }
      const hits = mine.filter((f) => running.includes(f.ruleId) && countsFor(f, rec.id));
      if ((hits.length && hits.every(isNotApplicableNote)) || (!hits.length && t.notApplicable?.includes(rec.id))) {
        const reason = t.notApplicableReasons?.[rec.id] ?? hits[0]?.message;
        return { ...base, status: 'not applicable', rules: running, findings: hits.length, ...(reason ? { reason } : {}) };
      }
      const fallback = hits.length ? undefined : t.noFinding?.[rec.id];
      if (fallback) return { ...base, status: fallback.status, rules: running, findings: 0, reason: fallback.reason };
      const runningRules = running.map((id) => byId.get(id)!);
      const status: ComplianceStatus = hits.some((f) => failsRow(f, rec.id, runningRules)) ? 'fail' : hits.some((f) => f.certainty !== 'definite') ? 'unknown' : 'pass';
      // Nothing reported, but the values were not all read: unknown, never pass.
      if (status === 'pass' && t.unresolved) return { ...base, status: 'unknown', rules: running, findings: hits.length, reason: t.unresolved };
      return { ...base, status, rules: running, findings: hits.length };
    });
    const summary = Object.fromEntries(STATUSES.map((s) => [s, results.filter((r) => r.status === s).length])) as Record<ComplianceStatus, number>;
    return { ...t, summary, results };
  });
}

/**
 * The rules for a compliance audit — every rule plus a {@link targetRecorder} — and the targets it records.
 * Pass `rules` to `audit()` / `auditSources()`, then `targets` to `renderCompliance`.
 */
export async function complianceAudit(): Promise<{ rules: Rule[]; targets: ComplianceTarget[] }> {
  const { allRules } = await import('../rules/index.js');
  const rec = targetRecorder();
  return { rules: [...allRules, rec.rule], targets: rec.targets };
}
