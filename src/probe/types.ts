/**
 * The verdict model of `bulwark probe` (issue 5): one {@link ProbeRecord} per attack step as the C probe prints
 * it (plus the runner's own records), grouped per container run ({@link ProbeRun}) and, for `--matrix`, per
 * cell of the paper's Table 1 (§VI; requirements.md "Results (paper §VI, Table 1)").
 */
import type { AttackClass, AttackKind } from './catalogue.js';

/**
 * - `blocked`: the step failed because of a control;
 * - `allowed`: the step succeeded (for an `information` record: the fact holds, e.g. a capability is held);
 * - `not-applicable`: nothing to attack (no socket mounted, no writable bind mount);
 * - `not-run`: the container never started (the engine refused the configuration) — never a verdict;
 * - `not-enforceable`: the control exists in the configuration but this host cannot enforce it (no SELinux /
 *   AppArmor) — never reported as blocked;
 * - `not-testable`: the step cannot be tried on this host whatever the configuration — the host itself refuses
 *   what the configuration allows (a device the container's device cgroup allows but this VM refuses even to
 *   its own root), or the kernel lacks the target (`/proc/sysrq-trigger`) — never a verdict, never "blocked".
 */
export type ProbeResult = 'blocked' | 'allowed' | 'not-applicable' | 'not-run' | 'not-enforceable' | 'not-testable';

/** One attack step's outcome (the JSON line the probe prints, field for field). */
export interface ProbeRecord {
  id: string;
  class: AttackClass;
  requirements: string[];
  /** The syscall or action attempted, as the probe describes it. */
  attempted: string;
  result: ProbeResult;
  /** errno name (`EPERM`, `EROFS`) or null. */
  errno: string | null;
  /** What was observed (never a secret value: environment variables are reported by name only). */
  evidence: string;
  /** How an `allowed` result counts in Table 1 (catalogue.ts): breach → threat present, surface → partial, information → a fact, never a threat. */
  kind: AttackKind;
}

/** A DoS phase of the attacker, CLOCK_MONOTONIC ms (shared by every container of the host). */
export interface Phase {
  phase: 'quiet' | 'cpu-hog' | 'fork-bomb' | 'memory-hog';
  start: number;
  end: number;
}

/** The neighbour (victim) container's CPU work rate before and during the attacker's DoS phases. */
export interface NeighbourMeasure {
  /** Work units per second during the attacker's quiet phase. */
  baseline: number;
  /**
   * Per DoS phase: `rate`, the median work rate (units per second) in its attack windows; `reference`, the median
   * rate in the quiet windows beside them; `ratio`, the median over attack windows of rate / the quiet windows
   * beside it (0..1+; not `rate / reference`, a median of ratios).
   */
  phases: { phase: Phase['phase']; rate: number; reference: number; ratio: number }[];
  /** CPUs of the engine's host (`/info` NCPU; 0 when unknown): the CPU hog starts one busy process per CPU. */
  hostCpus: number;
  /** Why the measurement is meaningful (shown in every output). */
  note: string;
}

/** Table 1 grading of one run: any breach allowed → present; only surface allowed → partial; otherwise none (information never counts); unknown when the engine refused the configuration. */
export type Threat = 'present' | 'partial' | 'none' | 'unknown';

/** The probe run in one container configuration. */
export interface ProbeRun {
  /** `target`, or the matrix role (`source base`, `source hardened`). */
  label: string;
  /** Image the probe ran in. */
  image: string;
  /**
   * The configuration under test as `docker run` flags (secrets as `-e NAME`), without bulwark's own probe mounts,
   * label and entrypoint (nothing is added: DoS steps keep the configuration's own cpuset).
   */
  args: string[];
  /** The neighbour's (victim's) configuration as `docker run` flags, when the DoS steps ran with one. */
  neighbourArgs?: string[];
  /** Settings of the target that could not be carried into the throw-away container. */
  dropped: { setting: string; reason: string }[];
  /** Notes about the run (image substituted, setuid helper missing). */
  notes: string[];
  /** When the engine refused to start the configuration: `engine refused to start this configuration: <message>`. */
  refused?: string;
  records: ProbeRecord[];
  neighbour?: NeighbourMeasure;
  /** Ids of the attacks that succeeded (result `allowed`, kind `breach` or `surface`). */
  succeeded: string[];
  /** Ids of `information` records with result `allowed`: facts (capabilities held, ptrace of its own child…), never a threat. */
  facts: string[];
  threat: Threat;
}

/** One cell of the 2×2 matrix: source (attacker) × target (victim/neighbour). */
export interface MatrixCell {
  source: 'base' | 'hardened';
  target: 'base' | 'hardened';
  run: ProbeRun;
}

/** The result of `bulwark probe` (one run) or `bulwark probe --matrix` (four cells). */
export interface ProbeReport {
  /** Unique id of this bulwark run (also in the containers' `io.bulwark.probe` label). */
  runId: string;
  /** What was probed: `--run "…"`, `compose.yaml service web`, `container web`. */
  subject: string;
  /** Engine version and the security options it enforces (`/info` SecurityOptions). */
  engine: { version: string; securityOptions: string[]; cpus: number };
  runs?: ProbeRun[];
  matrix?: { cells: MatrixCell[]; hardenedFrom: string };
  /** True when any attack succeeded in any run (exit code 1). */
  anySucceeded: boolean;
}
