/**
 * The rule contract: one rule per file (`src/rules/<slug>.ts`), metadata beside the check, tests
 * beside it (`src/rules/<slug>.test.ts`). Shaped after ESLint's rules (meta + check + report) and
 * Trivy's checks (severity and compliance ids on the check).
 */
import type { ContainerSpec, ExecLine, HostCommandSecret, ImageBuildSpec, Origin, ProjectNetwork, SourceKind, Sourced } from '../model/types.js';
// A rule runs only for the source kinds in `meta.inputs`: a container from `docker inspect` has source
// 'inspect', one from a live engine 'engine', a Compose service 'compose', a run line 'run'.
import type { SourceFile, SourceRange } from '../model/source.js';

/** Finding severity, highest first. `security-severity` in SARIF: 9.5 / 8.0 / 5.5 / 3.0 / 0.0. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Severities ordered from highest to lowest. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Numeric rank of a severity: critical 4 … info 0. */
export function severityRank(s: Severity): number {
  return 4 - SEVERITIES.indexOf(s);
}

/**
 * The paper's seven attack classes (§IV), by requirement id (requirements.md):
 * R-K kernel exploits, R-D denial of service, R-B container breakout, R-P poisoned images,
 * R-S compromised secrets, R-M man-in-the-middle, R-A ARP spoofing.
 */
export type AttackClass = 'R-K' | 'R-D' | 'R-B' | 'R-P' | 'R-S' | 'R-M' | 'R-A';

/** Human names of the attack classes. */
export const ATTACK_CLASS_NAMES: Record<AttackClass, string> = {
  'R-K': 'kernel exploits',
  'R-D': 'denial of service',
  'R-B': 'container breakout',
  'R-P': 'poisoned images',
  'R-S': 'compromised secrets',
  'R-M': 'man-in-the-middle',
  'R-A': 'ARP spoofing',
};

/** CIS Docker Benchmark versions bulwark maps to. */
export type CisVersion = '1.6.0' | '1.7.0' | '1.8.0';

/**
 * The kinds of input a remediation snippet is written for: each {@link SourceKind}, and `service`, a `docker service
 * create` line (Swarm; Docker CLI reference "docker service create"), whose container is modelled as the service
 * inspect output is (source `inspect`, `extra.serviceCreate`) but whose fix is that command's flags (`--limit-memory`,
 * `--restart-condition`, `--secret`), not Compose keys or `docker run` flags. Without a `service` snippet the engine
 * falls back as for any missing kind.
 */
export type RemediationKind = SourceKind | 'service';

/** Rule metadata: everything a report, the docs and the SARIF `rules` array need. */
export interface RuleMeta {
  /** Stable id, never reused: `BW-0001`. */
  id: `BW-${string}`;
  /** Readable kebab-case name, equal to the file name: `privileged-container`. */
  slug: string;
  /** One line, imperative or descriptive: "Container runs privileged". */
  title: string;
  /** Default severity; a config file may override it, a report may lower it per finding. */
  severity: Severity;
  /** The paper's attack classes this rule defends against. */
  attackClasses: AttackClass[];
  /** requirements.md ids: attack classes and guidelines (`R-B`, `R-G5`, `R-PM2`…). */
  requirements: string[];
  /** CIS Docker Benchmark recommendation ids per benchmark version, e.g. `{ '1.6.0': ['5.5'] }`. */
  cis: Partial<Record<CisVersion, string[]>>;
  /** Paper section the rule implements, e.g. `§IV.3, §V.2.5`. */
  paper: string;
  /** Source kinds the rule applies to. */
  inputs: readonly SourceKind[];
  /** What is wrong and why, a paragraph. */
  description: string;
  /** Exact fix per input kind (a snippet to paste); `service` for a `docker service create` line ({@link RemediationKind}). */
  remediation: Partial<Record<RemediationKind, string>>;
  /** What the fix may break. */
  breaks: string;
  /** How safe the automatic fix is (Ruff's applicability); `manual` when bulwark only advises. */
  fix: 'safe' | 'unsafe' | 'manual';
  /** Advice of the paper that time has overtaken, and what bulwark checks instead. */
  superseded?: string;
}

/** What a rule reports. */
export interface ReportDescriptor {
  /** The message, one sentence, with the concrete value (`capability SYS_ADMIN added`). Never a secret value. */
  message: string;
  /** The narrowest thing to point at; defaults to the target (service key, `docker run`, final FROM). */
  at?: Origin | Sourced<unknown> | SourceRange;
  /** Structured facts for machines and golden tests: `{ capability: 'NET_ADMIN' }`, `{ path: '/etc', mode: 'rw' }`. */
  data?: Record<string, string | number | boolean>;
  /** Overrides the rule's severity for this finding (e.g. a capability's own risk, or `info` for a benign mount). */
  severity?: Severity;
  /** `unknown` when the value could not be known (unresolved variable, image not inspected). */
  certainty?: 'definite' | 'unknown';
  /** Ranges holding secret values to mask in code frames and snippets. */
  secretRanges?: SourceRange[];
  /** The fix for this very finding (`image: postgres:16@sha256:<digest>`); defaults to the rule's remediation for the input kind. */
  fix?: string;
  /**
   * `image`: the finding is about the image (a Dockerfile's final stage) wherever `at` points, e.g. a `USER root`
   * the final stage inherits from an earlier stage. By default a Dockerfile finding belongs to the stage `at` is in.
   */
  target?: 'image';
}

/** Per-run facts a rule may read. */
export interface RuleContext {
  /** Records a finding. */
  report(d: ReportDescriptor): void;
  /** The source file of the current target, when it came from a file. */
  source?: SourceFile;
}

/** A facts bundle for file-level rules (e.g. content trust in a script). */
export interface FileFacts {
  source: SourceFile;
  /** Detected kind of the file. */
  kind: string;
  containers: ContainerSpec[];
  images: ImageBuildSpec[];
  /** Networks the file defines (Compose top-level overlay networks; see IngestResult.networks). */
  networks?: ProjectNetwork[];
  /** `docker exec` lines into containers the file does not start (see IngestResult.execs). */
  execs?: ExecLine[];
  /** Literal secrets on the file's `docker build --build-arg` / `docker login -p` lines (see IngestResult.hostSecrets). */
  hostSecrets?: HostCommandSecret[];
}

/** A rule: metadata plus one or more checks over the model. */
export interface Rule {
  meta: RuleMeta;
  /** Called once per container (Compose service, run line, later inspect/Kubernetes). */
  checkContainer?(c: ContainerSpec, ctx: RuleContext): void;
  /** Called once per Dockerfile. */
  checkImage?(img: ImageBuildSpec, ctx: RuleContext): void;
  /** Called once per input file, after its containers and images were built. */
  checkFile?(f: FileFacts, ctx: RuleContext): void;
  /** Called once per Docker daemon configuration (daemon.json, dockerd flags, systemd unit, live engine). CIS section 2. */
  checkDaemon?(d: import('../model/daemon.js').DaemonSpec, ctx: RuleContext): void;
  /** Called once per audited host (live audit of a local engine). CIS sections 1 and 3, R-G10. */
  checkHost?(h: import('../model/host.js').HostSpec, ctx: RuleContext): void;
  /**
   * Called once per image of `docker image inspect` output, after the image-config rules (BW-0401…BW-0404, which run
   * through their `ImageCheck`, src/engine/image-configs.ts) checked it. CIS section 4.
   */
  checkImageConfig?(spec: import('../model/types.js').ImageConfigSpec, ctx: RuleContext): void;
}

/** Identity helper that types a rule module's default export. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
