/**
 * The verdict model of `bulwark probe` (issue 5): one {@link ProbeRecord} per attack step as the C probe prints
 * it (plus the runner's own records), grouped per container run ({@link ProbeRun}) and, for `--matrix`, per
 * cell of the paper's Table 1 (§VI; requirements.md "Results (paper §VI, Table 1)").
 */
import type { AttackClass } from './catalogue.js';

/**
 * - `blocked`: the step failed because of a control;
 * - `allowed`: the step succeeded (the threat is present);
 * - `not-applicable`: nothing to attack (no socket mounted, no writable bind mount);
 * - `not-run`: the container never started (the engine refused the configuration) — never a verdict;
 * - `not-enforceable`: the control exists in the configuration but this host cannot enforce it (no SELinux /
 *   AppArmor) — never reported as blocked.
 */
export type ProbeResult = 'blocked' | 'allowed' | 'not-applicable' | 'not-run' | 'not-enforceable';

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
  /** Per DoS phase: rate (work units per second) and ratio to the baseline (0..1+). */
  phases: { phase: Phase['phase']; rate: number; ratio: number }[];
  /** The cpuset both containers were pinned to. */
  cpuset: string;
  /** Why the measurement is meaningful (shown in every output). */
  note: string;
}

/** Table 1 grading of one run: any breach allowed → present; only surface allowed → partial; nothing → none. */
export type Threat = 'present' | 'partial' | 'none' | 'unknown';

/** The probe run in one container configuration. */
export interface ProbeRun {
  /** `target`, or the matrix role (`source base`, `source hardened`). */
  label: string;
  /** Image the probe ran in. */
  image: string;
  /**
   * The configuration under test as `docker run` flags (secrets as `-e NAME`), without bulwark's own probe mounts,
   * label and entrypoint; with `--cpuset-cpus 0` when the DoS steps pinned it.
   */
  args: string[];
  /** The neighbour's (victim's) configuration as `docker run` flags, when the DoS steps ran with one. */
  neighbourArgs?: string[];
  /** Settings of the target that could not be carried into the throw-away container. */
  dropped: { setting: string; reason: string }[];
  /** Notes about the run (image substituted, cpuset pinned, setuid helper missing). */
  notes: string[];
  /** When the engine refused to start the configuration: `engine refused to start this configuration: <message>`. */
  refused?: string;
  records: ProbeRecord[];
  neighbour?: NeighbourMeasure;
  /** Ids of the attacks that succeeded (result `allowed`). */
  succeeded: string[];
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
  engine: { version: string; securityOptions: string[] };
  runs?: ProbeRun[];
  matrix?: { cells: MatrixCell[]; hardenedFrom: string };
  /** True when any attack succeeded in any run (exit code 1). */
  anySucceeded: boolean;
}
