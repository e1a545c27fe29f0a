/**
 * `bulwark probe` as a library (issue 5): runs the paper's attacks (§IV) for real in throw-away containers that
 * carry a target's security configuration, and reproduces Table 1 (§VI) as measured evidence with `matrix`.
 *
 * ```ts
 * import { probe } from './probe/index.js';
 * const report = await probe({ run: 'docker run --cap-drop ALL --user 1000 bw/busybox:test' }, { host: 'unix:///tmp/d.sock' });
 * report.runs[0].records.find((r) => r.id === 'af-packet')?.result; // 'blocked'
 * ```
 * Requirements: R-B, R-A, R-G7, R-K, R-S, R-D (requirements.md, "Attack classes" and "Results (paper §VI, Table 1)").
 */
import type { ContainerSpec, InputKind } from '../model/types.js';
import { ensureProbe, type ProbeBinary } from './build.js';
import { maskedRunLine, specFromCompose, specFromInspect, specFromRun, ProbeInputError, type Subject } from './inputs.js';
import { blankSpec, ProbeError, ProbeSession, type SessionOptions } from './runner.js';
import type { MatrixCell, ProbeReport } from './types.js';

export type { ProbeRecord, ProbeResult, ProbeRun, ProbeReport, MatrixCell, NeighbourMeasure, Threat } from './types.js';
export { ATTACKS, attackOf, type Attack, type AttackClass } from './catalogue.js';
export { ensureProbe, ProbeBuildError, cacheDir, probeSourcePath } from './build.js';
export { ProbeError, PROBE_LABEL, MINIMAL_IMAGE } from './runner.js';
export { ProbeInputError, maskedRunLine } from './inputs.js';

/** What to probe: exactly one of `run`, `compose` + `service`, `container`. */
export interface ProbeTarget {
  /** A `docker run …` line. */
  run?: string;
  /** A Compose file path (with `service`). */
  compose?: string;
  service?: string;
  /** A container name or id on the engine (its inspect data). */
  container?: string;
}

/** Options of {@link probe}. */
export interface ProbeOptions extends Omit<SessionOptions, 'probe'> {
  /** Image to use instead of the target's. */
  image?: string;
  /** Run the 2×2 matrix (source/target × base/hardened). */
  matrix?: boolean;
  /** DoS steps with a neighbour (default true). */
  dos?: boolean;
  /** Attack time of each DoS phase, ms (default 4000: 16 windows of 250 ms for the CPU hog, so the median holds on a busy host). */
  hogMs?: number;
  /** Apply harden's unsafe fixes too for the matrix's hardened configuration. */
  unsafe?: boolean;
  /** The matrix's hardened configuration: `harden` (default: harden's output for the target) or `own` (the target's own configuration, already hardened by its owner). */
  hardened?: 'harden' | 'own';
  /** A prebuilt probe (tests); default {@link ensureProbe}. */
  probe?: ProbeBinary;
  /** Called with progress lines (`source base × target base`). */
  progress?: (line: string) => void;
}

async function subjectOf(t: ProbeTarget, session?: ProbeSession): Promise<Subject | undefined> {
  if (t.run !== undefined) {
    const spec = await specFromRun(t.run);
    return { spec, title: `--run "${await maskedRunLine(t.run)}"`, source: { path: '<--run>', text: t.run, kind: 'run' } };
  }
  if (t.compose !== undefined) {
    const { readFile } = await import('node:fs/promises');
    let text: string;
    try {
      text = await readFile(t.compose, 'utf8');
    } catch (e) {
      throw new ProbeInputError(`${t.compose}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const spec = await specFromCompose(t.compose, t.service ?? '', text);
    return { spec, title: `${t.compose} service ${t.service}`, source: { path: t.compose, text, kind: 'compose' } };
  }
  if (!session) return undefined;
  const name = t.container ?? '';
  const { spec } = await specFromInspect(await session.inspect(name), name);
  const { toEngineConfig, toRunLine } = await import('../emit/engine.js');
  // harden rewrites run lines, not inspect JSON: the container's configuration as a run line.
  const line = toRunLine(toEngineConfig(spec, { network: 'keep-host' }), 'run');
  return { spec, title: `container ${name}`, source: { path: '<--container>', text: line, kind: 'run' } };
}

/**
 * The hardened configuration: harden's output for the subject's text, re-ingested (R-G5…R-G12 fixes) — the same
 * text `bulwark harden FILE` prints: the files next to a Compose file (`.env`, `extends.file`) are read as the
 * harden command reads them (relative to the working directory, the way the Compose ingester names them), so a
 * service that extends another or takes values from `.env` is hardened, not left as it was.
 * @throws ProbeInputError when harden cannot read the input (its fatal input errors: parse, read, …)
 */
export async function hardenedSpec(subject: Subject, unsafe: boolean): Promise<{ spec: ContainerSpec; from: string }> {
  const { hardenText, FATAL_CODES } = await import('../harden/index.js');
  const { readFile } = await import('node:fs/promises');
  const { resolve } = await import('node:path');
  const r = await hardenText(
    { path: subject.source.path, text: subject.source.text, kind: subject.source.kind as InputKind },
    { unsafe, env: process.env, readFile: async (p) => readFile(resolve(p), 'utf8').catch(() => undefined) },
  );
  const parse = r.errors.find((e) => FATAL_CODES.includes(e.code));
  if (parse) throw new ProbeInputError(`${parse.file}${parse.line ? `:${parse.line}` : ''}: ${parse.message}`);
  const spec =
    subject.source.kind === 'compose'
      ? await specFromCompose(subject.source.path, subject.spec.target.name, r.output)
      : await specFromRun(r.output, subject.source.path);
  return { spec, from: `harden${unsafe ? ' --unsafe-fixes' : ''} (${r.changes.length} change${r.changes.length === 1 ? '' : 's'}: ${[...new Set(r.changes.map((c) => c.ruleId))].join(', ') || 'none'})` };
}

/**
 * Probes a target (or runs the matrix) on the engine named by `options.host` / DOCKER_HOST.
 * @throws ProbeInputError for a bad target (exit 2), ProbeError when the engine cannot be reached or refuses to
 *   create containers, ProbeBuildError when the probe cannot be built
 */
export async function probe(target: ProbeTarget, options: ProbeOptions = {}): Promise<ProbeReport> {
  // A bad --run line or Compose file is reported before anything is built or started.
  const early = await subjectOf(target);
  const bin = options.probe ?? (await ensureProbe());
  const session = await ProbeSession.open({ ...options, probe: bin });
  try {
    const subject = early ?? (await subjectOf(target, session))!;
    const engine = await session.engineInfo();
    const common = { image: options.image, dos: options.dos, hogMs: options.hogMs, hostCpus: engine.cpus };
    if (!options.matrix) {
      options.progress?.(`probing ${subject.title}`);
      const run = await session.run(subject.spec, { ...common, label: 'target' }, engine.securityOptions);
      return { runId: session.runId, subject: subject.title, engine, runs: [run], anySucceeded: run.succeeded.length > 0 };
    }
    const image = subject.spec.image?.how === 'explicit' ? subject.spec.image.value : undefined;
    const base = blankSpec(image);
    const hardened = options.hardened === 'own' ? { spec: subject.spec, from: `the target's own configuration (${subject.title})` } : await hardenedSpec(subject, options.unsafe === true);
    const cells: MatrixCell[] = [];
    for (const source of ['base', 'hardened'] as const) {
      for (const tgt of ['base', 'hardened'] as const) {
        options.progress?.(`source ${source} × target ${tgt}`);
        const run = await session.run(source === 'base' ? base : hardened.spec, {
          ...common,
          dos: true,
          label: `source ${source} × target ${tgt}`,
          neighbour: tgt === 'base' ? base : hardened.spec,
        }, engine.securityOptions);
        cells.push({ source, target: tgt, run });
      }
    }
    return {
      runId: session.runId,
      subject: subject.title,
      engine,
      matrix: { cells, hardenedFrom: hardened.from },
      anySucceeded: cells.some((c) => c.run.succeeded.length > 0),
    };
  } catch (e) {
    // Interrupted: the engine calls in flight fail because their containers are being removed; that is the
    // interruption, not an engine error of its own.
    if (session.interrupted) throw new ProbeError(`interrupted by ${session.interrupted}: this run's containers are removed, nothing was measured`);
    throw e;
  } finally {
    await session.close();
  }
}
