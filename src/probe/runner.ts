/**
 * Runs the C probe (probe/bulwark-probe.c) in throw-away containers on a Docker Engine (issue 5).
 *
 * Every container carries exactly the target's security configuration (model → engine through
 * src/emit/engine.ts `toEngineConfig`), `NetworkMode: none`, the probe bind-mounted read-only at
 * `/.bulwark-probe` as its entrypoint, and the label `io.bulwark.probe=<host>:<pid>:<start>:<nonce>` naming the
 * runner process. Containers are removed when the run ends, fails, or on SIGINT / SIGTERM; at start, containers
 * labelled by a runner that is no longer alive on this host (pid gone, or reused: its start time differs) are
 * removed first, so a killed run (SIGKILL) leaves nothing behind after the next run.
 *
 * DoS (R-D, R-G6): a neighbour container (the victim: Docker defaults, or the matrix's target configuration)
 * runs the probe's single-threaded work loop; the attacker's quiet windows give its baseline rate and each DoS
 * window its rate under attack. Both containers keep the cpuset their configuration gives them (nothing is
 * pinned): the attacker's CPU hog starts one busy process per host CPU, so an unlimited attacker can occupy
 * every CPU, and only its own limits (`--cpus`, `--cpu-shares`, `--cpuset-cpus`, `--pids-limit`) decide how
 * much the neighbour keeps. Pinning both to one CPU would make any attacker allowed a whole CPU (`--cpus 1.0`)
 * take the neighbour's only CPU: an artefact of the pinning, not of the configuration.
 *
 * Engine API: POST /containers/create, /start, /wait, /kill; GET /containers/json, /logs, /info;
 * DELETE /containers (dockerode 4). Connection as `audit --live` (src/live/client.ts resolveEndpoint).
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import type { ContainerSpec } from '../model/types.js';
import { toEngineConfig, type CreateBody } from '../emit/engine.js';
import { describeError, resolveEndpoint, type ConnectOptions } from '../live/client.js';
import { attackOf, ATTACKS, kindOf } from './catalogue.js';
import type { NeighbourMeasure, Phase, ProbeRecord, ProbeRun, Threat } from './types.js';
import type { ProbeBinary } from './build.js';

/** The label every container bulwark probe creates carries. */
export const PROBE_LABEL = 'io.bulwark.probe';
/** Where the probe binary is mounted in the container. */
export const PROBE_PATH = '/.bulwark-probe';
/** Where the setuid-root helper is mounted. */
export const SETUID_PATH = '/.bulwark-setuid';
/** Tag of bulwark's minimal image (an empty root filesystem: the probe is static and bind-mounted). */
export const MINIMAL_IMAGE = 'bulwark/probe-minimal:1';

/** A failure talking to the engine (one line; the CLI exits 2). */
/**
 * The configuration under test as the reports print it (`ProbeRun.args`, `docker run` flags): the user's configuration
 * without bulwark's own mounts, label, entrypoint and command, or `--rm` / `-d`. Printed, so no secret (R-S): a secret
 * environment value is `-e NAME`, a label's or logging option's secret masked (src/emit/engine.ts `toEngineConfig`).
 */
export function configArgs(spec: ContainerSpec, image: string): string[] {
  return toEngineConfig(spec, { image, network: 'none' }).args.filter((a) => a !== '--rm' && a !== '-d' && a !== '--detach');
}

export class ProbeError extends Error {
  override name = 'ProbeError';
}

/** Options of a probe session. */
export interface SessionOptions extends ConnectOptions {
  /** Probe binary (see build.ts ensureProbe). */
  probe: ProbeBinary;
}

/** Options of one probe run. */
export interface RunOptions {
  /** Run label shown in reports. */
  label: string;
  /** Image to use instead of the spec's (`--image`). */
  image?: string;
  /** Run the DoS steps with a neighbour (default true). */
  dos?: boolean;
  /** The neighbour's (victim's) configuration; default Docker's defaults. */
  neighbour?: ContainerSpec;
  /** Attack time of each DoS phase in ms (default 4000, 16 attack windows of 250 ms for the CPU hog; as long again in quiet windows). */
  hogMs?: number;
  /** Fork bomb bound (default 512 processes). */
  forkMax?: number;
  /** Memory hog size in MiB (default {@link memoryHogMiB}). */
  memMb?: number;
  /** CPUs of the engine's host (`/info` NCPU), shown with the neighbour measurement. */
  hostCpus?: number;
}

function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** This process's label value: `<hostname>:<pid>:<start time in clock ticks>:<nonce>`. */
function labelValue(): string {
  return `${hostname()}:${process.pid}:${procStart(process.pid) ?? '0'}:${randomBytes(4).toString('hex')}`;
}

/** Whether the runner named by a label value is gone (on this host: pid not alive, or a different process). */
export function runnerIsDead(value: string, host = hostname()): boolean {
  const m = /^(.*):(\d+):(\d+):[0-9a-f]+$/.exec(value);
  if (!m) return false;
  if (m[1] !== host) return false;
  const pid = Number(m[2]);
  if (pid === process.pid) return false;
  const start = procStart(pid);
  return start === undefined || start !== m[3];
}

/** Splits a docker logs stream (no TTY: 8-byte headers) into stdout and stderr. */
export function demux(buf: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const type = buf[i];
    const len = buf.readUInt32BE(i + 4);
    const chunk = buf.subarray(i + 8, i + 8 + len);
    (type === 2 ? err : out).push(chunk);
    i += 8 + len;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** Parses the probe's stdout: records, DoS phases, and whether it finished. */
export function parseProbeOutput(stdout: string): { records: ProbeRecord[]; phases: Phase[]; done: boolean } {
  const records: ProbeRecord[] = [];
  const phases: Phase[] = [];
  let done = false;
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (o.done === true) done = true;
    else if (typeof o.phase === 'string') phases.push({ phase: o.phase as Phase['phase'], start: Number(o.start), end: Number(o.end) });
    else if (typeof o.id === 'string' && typeof o.result === 'string') {
      records.push({
        id: o.id,
        class: o.class as ProbeRecord['class'],
        requirements: Array.isArray(o.requirements) ? (o.requirements as string[]) : [],
        attempted: String(o.attempted ?? ''),
        result: o.result as ProbeRecord['result'],
        errno: typeof o.errno === 'string' ? o.errno : null,
        evidence: String(o.evidence ?? ''),
        kind: kindOf(o.id),
      });
    }
  }
  return { records, phases, done };
}

/**
 * Work rate (units per second) of neighbour samples `{t, work}` (cumulative work at CLOCK_MONOTONIC ms `t`)
 * within [start, end]: the median of the rates between consecutive samples, so a short burst of other load on
 * the host (other processes share the CPU) does not decide the result. Undefined with fewer than 2 samples.
 */
export function rateBetween(samples: { t: number; work: number }[], start: number, end: number): number | undefined {
  const inside = samples.filter((s) => s.t >= start && s.t <= end);
  const rates: number[] = [];
  for (let i = 1; i < inside.length; i++) {
    const dt = inside[i].t - inside[i - 1].t;
    if (dt > 0) rates.push(((inside[i].work - inside[i - 1].work) * 1000) / dt);
  }
  if (!rates.length) return undefined;
  rates.sort((a, b) => a - b);
  const mid = rates.length >> 1;
  return rates.length % 2 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
}

function median(xs: number[]): number | undefined {
  if (!xs.length) return undefined;
  const v = [...xs].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/**
 * The neighbour measurement from its samples and the attacker's phases. The attacker alternates quiet and
 * attack windows (probe/bulwark-probe.c `alternate`); each attack window's rate is compared with the mean of
 * the quiet windows just before and after it, and the median of those ratios is the phase's ratio — so load
 * from other processes on the host, which changes slowly compared with the windows, cancels out.
 * Undefined when no quiet window has samples.
 */
export function measureNeighbour(samples: { t: number; work: number }[], phases: Phase[], hostCpus: number): NeighbourMeasure | undefined {
  const rates = phases.map((p) => rateBetween(samples, p.start, p.end));
  const baseline = median(phases.flatMap((p, i) => (p.phase === 'quiet' && rates[i] !== undefined ? [rates[i]!] : [])));
  if (!baseline) return undefined;
  const out: NeighbourMeasure['phases'] = [];
  for (const kind of ['cpu-hog', 'fork-bomb', 'memory-hog'] as const) {
    const ratios: number[] = [];
    const attackRates: number[] = [];
    const refRates: number[] = [];
    phases.forEach((p, i) => {
      if (p.phase !== kind || rates[i] === undefined) return;
      const refs = [i - 1, i + 1].filter((j) => phases[j]?.phase === 'quiet' && rates[j] !== undefined).map((j) => rates[j]!);
      if (!refs.length) return;
      const ref = refs.reduce((a, b) => a + b, 0) / refs.length;
      if (ref > 0) {
        ratios.push(rates[i]! / ref);
        attackRates.push(rates[i]!);
        refRates.push(ref);
      }
    });
    const ratio = median(ratios);
    if (ratio !== undefined) out.push({ phase: kind, rate: median(attackRates)!, reference: median(refRates)!, ratio });
  }
  return {
    baseline,
    phases: out,
    hostCpus,
    note: neighbourNote(hostCpus),
  };
}

/** How the neighbour was measured (shown with every measurement). */
export function neighbourNote(hostCpus: number): string {
  const cpus = hostCpus > 0 ? `${hostCpus}` : 'all';
  return `measured: a single-threaded neighbour's work rate; each container keeps its own cpuset (nothing pinned), the attacker's CPU hog starts one busy process per host CPU (${cpus}); the attacker alternates 250 ms quiet and attack windows and each attack window's rate is compared with the quiet windows beside it (median over windows)`;
}

/**
 * Table 1 grading (paper §VI; catalogue.ts explains the kinds): a `breach` allowed → present; only `surface`
 * allowed → partial; otherwise none — `information` records (facts such as the capabilities held or ptrace of
 * one's own child) never make a threat. A refused container → unknown.
 */
export function grade(records: ProbeRecord[], refused: boolean): Threat {
  if (refused) return 'unknown';
  const allowed = records.filter((r) => r.result === 'allowed' && kindOf(r.id) !== 'information');
  if (!allowed.length) return 'none';
  return allowed.some((r) => kindOf(r.id) === 'breach') ? 'present' : 'partial';
}

/** Ids of the attacks that succeeded (result `allowed`, kind breach or surface), in record order. */
export function succeededIds(records: ProbeRecord[]): string[] {
  return records.filter((r) => r.result === 'allowed' && kindOf(r.id) !== 'information').map((r) => r.id);
}

/** Ids of the information records whose result is `allowed` (facts, not attacks), in record order. */
export function factIds(records: ProbeRecord[]): string[] {
  return records.filter((r) => r.result === 'allowed' && kindOf(r.id) === 'information').map((r) => r.id);
}

/**
 * A ratio as a whole percentage, rounded down, so the number shown agrees with the 80 % threshold (0.797 is
 * "79 %", never "80 %" next to "< 80 %").
 */
export function percentKept(ratio: number): number {
  return Math.floor(ratio * 100 + 1e-9);
}

/** Applies the neighbour measurement to the DoS records: the CPU hog is blocked when the neighbour kept ≥ 80 %. */
export function applyNeighbour(records: ProbeRecord[], n: NeighbourMeasure | undefined): void {
  for (const r of records) {
    if (r.class !== 'R-D') continue;
    const m = n?.phases.find((p) => p.phase === r.id);
    if (!m) continue;
    const pct = percentKept(m.ratio);
    const kept = `the neighbour kept ${pct} % of its work rate (${Math.round(m.rate)} vs ${Math.round(m.reference)} units/s in the quiet windows beside the attack)`;
    if (r.id === 'cpu-hog') {
      r.result = m.ratio >= 0.8 ? 'blocked' : 'allowed';
      const own = r.evidence.replace(/; the neighbour's work rate decides whether the CPU limit held$/, '');
      r.evidence = `${own ? `${own}; ` : ''}${kept}: ${m.ratio >= 0.8 ? 'the CPU limit held (≥ 80 %)' : 'the attacker took the CPU (< 80 %)'}`;
    } else r.evidence = `${r.evidence}; ${kept}`;
  }
}

/**
 * Size of the memory hog in MiB: 64 MiB above the container's memory limit (so a limit that holds kills it),
 * at most 1024 MiB; 256 MiB when there is no limit (the probe's own bound, to spare the host).
 */
export function memoryHogMiB(spec: ContainerSpec): number {
  const limit = spec.resources.memory?.how === 'explicit' ? spec.resources.memory.value : undefined;
  if (!limit || limit <= 0) return 256;
  return Math.min(1024, Math.ceil(limit / 2 ** 20) + 64);
}

/** A connected probe session: creates, runs and removes labelled containers. */
export class ProbeSession {
  readonly runId = labelValue();
  private readonly created = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();
  private docker!: Dockerode;
  private hooks: (() => void)[] = [];
  readonly host: string;
  private closed = false;
  /** The signal that interrupted this session (SIGINT / SIGTERM), once one did. */
  interrupted?: NodeJS.Signals;

  private constructor(private readonly opts: SessionOptions) {
    this.host = resolveEndpoint(opts).host;
  }

  /**
   * Connects (GET /_ping), installs SIGINT/SIGTERM handlers that remove this run's containers, and removes
   * leftovers of dead runs.
   * @throws ProbeError when the engine cannot be reached
   */
  static async open(opts: SessionOptions): Promise<ProbeSession> {
    const s = new ProbeSession(opts);
    const ep = resolveEndpoint(opts);
    const { default: Docker } = await import('dockerode');
    s.docker = new Docker({
      socketPath: ep.socketPath,
      host: ep.socketPath ? undefined : ep.hostname,
      port: ep.socketPath ? undefined : ep.port,
      protocol: ep.socketPath ? 'http' : ep.protocol,
      ca: ep.ca,
      cert: ep.cert,
      key: ep.key,
      timeout: 120_000,
    });
    try {
      await s.docker.ping();
    } catch (e) {
      throw new ProbeError(`cannot reach the Docker engine at ${ep.host}: ${describeError(e, 120_000)}`);
    }
    s.installSignals();
    await s.removeLeftovers();
    return s;
  }

  private installSignals(): void {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      const h = () => {
        this.interrupted = sig;
        // Removal is bounded: an engine that stopped answering must not keep the process alive.
        const bound = new Promise<void>((ok) => setTimeout(ok, 15_000).unref());
        void Promise.race([this.close(), bound]).finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
      };
      process.once(sig, h);
      this.hooks.push(() => process.removeListener(sig, h));
    }
  }

  /** Removes containers labelled by runners that are no longer alive; returns their ids. */
  async removeLeftovers(): Promise<string[]> {
    const list = await this.docker.listContainers({ all: true, filters: { label: [PROBE_LABEL] } });
    const dead = list.filter((c) => runnerIsDead(c.Labels?.[PROBE_LABEL] ?? ''));
    await Promise.all(dead.map((c) => this.docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
    return dead.map((c) => c.Id);
  }

  /** Engine version, `/info` SecurityOptions and the host's CPU count (`/info` NCPU; 0 when not reported). */
  async engineInfo(): Promise<{ version: string; securityOptions: string[]; cpus: number }> {
    const info = (await this.docker.info()) as { ServerVersion?: string; SecurityOptions?: string[]; NCPU?: number };
    return { version: info.ServerVersion ?? '?', securityOptions: info.SecurityOptions ?? [], cpus: typeof info.NCPU === 'number' ? info.NCPU : 0 };
  }

  /** The raw inspect JSON of a container (for `--container`). @throws ProbeError when it does not exist */
  async inspect(name: string): Promise<unknown> {
    try {
      return await this.docker.getContainer(name).inspect();
    } catch (e) {
      throw new ProbeError(`cannot inspect container "${name}": ${describeError(e, 120_000)}`);
    }
  }

  private async imageExists(ref: string): Promise<boolean> {
    try {
      await this.docker.getImage(ref).inspect();
      return true;
    } catch {
      return false;
    }
  }

  /** Imports bulwark's minimal image (an empty root filesystem with /tmp and /etc/passwd) once. */
  private async minimalImage(): Promise<string> {
    if (await this.imageExists(MINIMAL_IMAGE)) return MINIMAL_IMAGE;
    const { pack } = await import('tar-stream');
    const p = pack();
    for (const d of ['tmp/', 'etc/', 'proc/', 'sys/', 'dev/']) p.entry({ name: d, type: 'directory', mode: d === 'tmp/' ? 0o1777 : 0o755 });
    p.entry({ name: 'etc/passwd', mode: 0o644 }, 'root:x:0:0:root:/:/.bulwark-probe\nnobody:x:65534:65534:nobody:/:/.bulwark-probe\n');
    p.entry({ name: 'etc/group', mode: 0o644 }, 'root:x:0:\nnogroup:x:65534:\n');
    p.finalize();
    const [repo, tag] = MINIMAL_IMAGE.split(':');
    const stream = (await this.docker.importImage(p as unknown as NodeJS.ReadableStream, { repo, tag } as never)) as unknown as NodeJS.ReadableStream;
    await new Promise<void>((ok, fail) => this.docker.modem.followProgress(stream, (err: Error | null) => (err ? fail(err) : ok())));
    return MINIMAL_IMAGE;
  }

  /** Picks the image: `--image`, else the spec's when present on the engine, else bulwark's minimal one. */
  async chooseImage(spec: ContainerSpec, override: string | undefined, notes: string[]): Promise<string> {
    if (override) {
      if (!(await this.imageExists(override))) throw new ProbeError(`image "${override}" is not present on the engine at ${this.host} (bulwark never pulls)`);
      return override;
    }
    const want = spec.image?.how === 'explicit' ? spec.image.value : undefined;
    if (want && (await this.imageExists(want))) return want;
    notes.push(want ? `image "${want}" is not present on the engine (bulwark never pulls): the probe ran in bulwark's minimal image ${MINIMAL_IMAGE}` : `no image named: the probe ran in bulwark's minimal image ${MINIMAL_IMAGE}`);
    return this.minimalImage();
  }

  private body(spec: ContainerSpec, image: string, cmd: string[]): { body: CreateBody; args: string[]; dropped: { setting: string; reason: string }[] } {
    const extra = [{ type: 'bind' as const, source: this.opts.probe.path, target: PROBE_PATH, readOnly: true }];
    if (this.opts.probe.setuidHelper) extra.push({ type: 'bind', source: this.opts.probe.setuidHelper, target: SETUID_PATH, readOnly: true });
    const cfg = toEngineConfig(spec, { image, labels: { [PROBE_LABEL]: this.runId }, entrypoint: [PROBE_PATH], cmd, network: 'none', extraMounts: extra });
    const body = cfg.body;
    body.Labels = { ...(body.Labels ?? {}), [PROBE_LABEL]: this.runId };
    body.HostConfig.NetworkMode = 'none';
    // A restart policy would restart the probe; bulwark removes the container itself.
    delete (body.HostConfig as Record<string, unknown>).RestartPolicy;
    delete (body.HostConfig as Record<string, unknown>).AutoRemove;
    return { body, args: configArgs(spec, image), dropped: cfg.dropped };
  }

  /**
   * Creates and starts a container for `spec`. A bind mount whose host path does not exist on the engine's host
   * is left out and reported in `lost` (the engine refuses to create the container; Docker Compose would create
   * the directory, but bulwark never creates host paths), and the creation is tried again without it.
   * @throws ProbeError when the engine cannot create the container for another reason
   */
  private async startWithout(spec: ContainerSpec, image: string, cmdFor: (sp: ContainerSpec) => string[]): Promise<{
    started: { id?: string; refused?: string };
    args: string[];
    dropped: { setting: string; reason: string }[];
    lost: { setting: string; reason: string }[];
    spec: ContainerSpec;
  }> {
    const lost: { setting: string; reason: string }[] = [];
    let sp = spec;
    for (;;) {
      const { body, args, dropped } = this.body(sp, image, cmdFor(sp));
      try {
        return { started: await this.start(body), args, dropped, lost, spec: sp };
      } catch (e) {
        const path = /bind source path does not exist: (.+)$/.exec((e as Error).message)?.[1]?.trim();
        const gone = path ? sp.mounts.filter((m) => m.type === 'bind' && m.source === path) : [];
        if (!gone.length) throw e;
        for (const m of gone) {
          lost.push({ setting: `volume ${m.sourceRaw ?? m.source}:${m.target}`, reason: `the host path ${path} does not exist on the engine's host (bulwark never creates host paths)` });
        }
        sp = { ...sp, mounts: sp.mounts.filter((m) => !gone.includes(m)) };
      }
    }
  }

  /** Creates and starts a container; returns its id, or the engine's refusal message. */
  private async start(body: CreateBody): Promise<{ id?: string; refused?: string }> {
    if (this.closed) throw new ProbeError('the probe was interrupted');
    // Recorded as soon as the engine answers, so close() (a signal) can wait for creations in flight.
    const creating = this.docker.createContainer(body as Dockerode.ContainerCreateOptions).then((c) => {
      this.created.add(c.id);
      return c;
    });
    this.pending.add(creating);
    const c = await creating
      .catch((e) => {
        throw new ProbeError(`the engine could not create the probe container: ${describeError(e, 120_000)}`);
      })
      .finally(() => this.pending.delete(creating));
    if (this.closed) throw new ProbeError('the probe was interrupted');
    try {
      await c.start();
      return { id: c.id };
    } catch (e) {
      const msg = describeError(e, 120_000).replace(/^the engine answered HTTP \d+: /, '');
      await this.remove(c.id);
      return { refused: `engine refused to start this configuration: ${msg}${refusalHint(msg)}` };
    }
  }

  private async remove(id: string): Promise<void> {
    await this.docker.getContainer(id).remove({ force: true, v: true }).catch(() => undefined);
    this.created.delete(id);
  }

  private async output(id: string): Promise<string> {
    const buf = (await this.docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    return demux(Buffer.isBuffer(buf) ? buf : Buffer.from(String(buf))).stdout;
  }

  private async waitFor(id: string, ms: number): Promise<void> {
    const c = this.docker.getContainer(id);
    let timer: NodeJS.Timeout | undefined;
    const t = new Promise<'timeout'>((ok) => { timer = setTimeout(() => ok('timeout'), ms); });
    const r = await Promise.race([c.wait(), t]);
    clearTimeout(timer);
    if (r === 'timeout') await c.kill().catch(() => undefined);
  }

  /**
   * Runs the probe in a container configured as `spec`.
   * @throws ProbeError when the engine cannot create containers at all (not for a refused start)
   */
  async run(target: ContainerSpec, opts: RunOptions, securityOptions: string[]): Promise<ProbeRun> {
    let spec = target;
    const notes: string[] = [];
    const image = await this.chooseImage(spec, opts.image, notes);
    const dos = opts.dos !== false;
    const hogMs = opts.hogMs ?? 4000;
    const cmdFor = (sp: ContainerSpec): string[] => {
      const cmd: string[] = ['--deadline', '90'];
      for (const m of sp.mounts) {
        if (m.type !== 'bind') continue;
        if (/(?:^|\/)(?:docker|containerd|podman)\.sock$/.test(m.source ?? '')) cmd.push('--docker-sock', m.target);
        else cmd.push(m.readOnly ? '--readonly' : '--writable', m.target);
      }
      if (this.opts.probe.setuidHelper) cmd.push('--setuid-helper', SETUID_PATH);
      if (dos) cmd.push('--dos', '--hog-ms', String(hogMs), '--fork-max', String(opts.forkMax ?? 512), '--mem-mb', String(opts.memMb ?? memoryHogMiB(sp)));
      return cmd;
    };
    if (!this.opts.probe.setuidHelper) notes.push(`setuid step not run: ${this.opts.probe.setuidReason}`);

    let neighbourId: string | undefined;
    let neighbourArgs: string[] | undefined;
    let neighbourRefused: string | undefined;
    if (dos) {
      const nspec = opts.neighbour ?? blankSpec(image);
      const n = await this.startWithout(nspec, image, () => ['--work', '120000']);
      neighbourArgs = n.args;
      for (const d of n.lost) notes.push(`neighbour: not carried: ${d.setting} (${d.reason})`);
      const started = n.started;
      neighbourId = started.id;
      neighbourRefused = started.refused;
      if (neighbourRefused) notes.push(`neighbour: ${neighbourRefused}`);
      else await new Promise((ok) => setTimeout(ok, 300));
    }
    try {
      const a = await this.startWithout(spec, image, cmdFor);
      const { started, args } = a;
      const dropped = [...a.dropped, ...a.lost];
      spec = a.spec;
      const securityNote = macRecord(spec, securityOptions);
      if (started.refused) {
        const want = spec.image?.how === 'explicit' ? spec.image.value : undefined;
        const refused = substituteRefusal(started.refused, image, want, opts.image);
        const records = notRun(refused, spec);
        return { label: opts.label, image, args, neighbourArgs, dropped, notes, refused, records, succeeded: [], facts: [], threat: grade(records, true) };
      }
      await this.waitFor(started.id!, 120_000);
      const out = await this.output(started.id!);
      await this.remove(started.id!);
      const { records, phases, done } = parseProbeOutput(out);
      if (!done) notes.push('the probe did not finish (deadline or killed): records after the last one shown are missing');
      records.push(securityNote);
      let neighbour: NeighbourMeasure | undefined;
      if (neighbourId) {
        await this.docker.getContainer(neighbourId).kill().catch(() => undefined);
        const samples = this.samples(await this.output(neighbourId));
        neighbour = measureNeighbour(samples, phases, opts.hostCpus ?? 0);
        if (!neighbour) notes.push('the neighbour measurement has too few samples');
        applyNeighbour(records, neighbour);
      }
      return { label: opts.label, image, args, neighbourArgs, dropped, notes, records, neighbour, succeeded: succeededIds(records), facts: factIds(records), threat: grade(records, false) };
    } finally {
      if (neighbourId) await this.remove(neighbourId);
    }
  }

  private samples(stdout: string): { t: number; work: number }[] {
    const out: { t: number; work: number }[] = [];
    for (const l of stdout.split('\n')) {
      const m = /^\{"t":(\d+),"work":(\d+)\}$/.exec(l.trim());
      if (m) out.push({ t: Number(m[1]), work: Number(m[2]) });
    }
    return out;
  }

  /** Waits for creations in flight, then removes every container of this run and the signal handlers. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.pending]);
    await Promise.all([...this.created].map((id) => this.remove(id)));
    for (const h of this.hooks) h();
    this.hooks = [];
  }
}

/**
 * Why the engine refused, when its message alone does not say it is the host's doing: runc's "unable to apply
 * caps: operation not permitted" means the runtime itself lacks a capability the configuration grants (a dockerd
 * without CAP_SYS_RESOURCE, as on this project's VM, cannot start `--privileged` or `--cap-add ALL`), so the
 * configuration cannot run on this host at all and nothing was measured. Empty for other messages.
 */
export function refusalHint(engineMessage: string): string {
  return /unable to apply caps: operation not permitted/.test(engineMessage)
    ? " (the engine's runtime lacks a capability this configuration grants, e.g. a dockerd without CAP_SYS_RESOURCE cannot start --privileged or --cap-add ALL: this host cannot run the configuration, so nothing was measured)"
    : '';
}

/**
 * The refusal of a container that ran in another image than the target's: a user or group name (`--user nginx`)
 * is looked up in the image's /etc/passwd and /etc/group, so when the probe ran in bulwark's minimal image (the
 * target's image is not on the engine) or in `--image`, the engine's "unable to find user" is the substitute
 * image's doing, not the configuration's; the message says so and how to get a verdict. Other refusals, and
 * refusals in the target's own image, are returned unchanged.
 */
export function substituteRefusal(refused: string, image: string, want: string | undefined, override: string | undefined): string {
  if (image === want) return refused;
  const m = /unable to find (user|group) ([^:]+): no matching entries in (?:passwd|group) file/.exec(refused);
  if (!m) return refused;
  const why = override ? `--image ${override}` : `bulwark's minimal image ${image} (${want ? `the target's image "${want}" is not on the engine, and bulwark never pulls` : 'no image named'})`;
  return `not run: the ${m[1]} "${m[2]}" is looked up in the image, and the probe ran in ${why}, which does not define it; load the target's image into the engine, pass --image with an image that defines it, or give the ${m[1]} as a number (engine: ${refused.replace(/^engine refused to start this configuration: /, '')})`;
}

/** Records for a container that never started: every catalogued attack (one `bind-write` per host bind mount), `not-run`, with the engine's message. */
export function notRun(message: string, spec?: ContainerSpec): ProbeRecord[] {
  const out: ProbeRecord[] = [];
  for (const a of ATTACKS) {
    if (a.id === 'bind-write') {
      const binds = (spec?.mounts ?? []).filter((m) => m.type === 'bind' && !/(?:^|\/)(?:docker|containerd|podman)\.sock$/.test(m.source ?? ''));
      for (const m of binds.length ? binds : [undefined]) {
        out.push({ id: m ? `bind-write:${m.target}` : 'bind-write', class: a.class, requirements: a.requirements, attempted: a.title, result: 'not-run', errno: null, evidence: message, kind: a.kind });
      }
      continue;
    }
    out.push({ id: a.id, class: a.class, requirements: a.requirements, attempted: a.title, result: 'not-run', errno: null, evidence: message, kind: a.kind });
  }
  return out;
}

/**
 * The SELinux / AppArmor record: what the configuration asks for (`security_opt label:…` / `apparmor=…`) and
 * whether this engine enforces it (`/info` SecurityOptions lists `name=selinux` / `name=apparmor`). A control the
 * host cannot enforce is `not-enforceable`, never `blocked` (requirements.md, Table 1).
 */
export function macRecord(spec: ContainerSpec, securityOptions: string[]): ProbeRecord {
  const a = attackOf('mac-confinement')!;
  const asked = spec.securityOpt.filter((o) => o.key === 'label' || o.key === 'apparmor').map((o) => o.raw);
  const lsm = securityOptions.map((s) => /name=(\w+)/.exec(s)?.[1]).filter((n): n is string => n === 'selinux' || n === 'apparmor');
  const base = { id: a.id, class: a.class, requirements: a.requirements, attempted: 'check the engine enforces SELinux or AppArmor for this container', errno: null, kind: a.kind };
  if (!lsm.length) {
    return {
      ...base,
      result: 'not-enforceable',
      evidence: `not enforceable on this host: the engine enforces no SELinux or AppArmor (SecurityOptions: ${securityOptions.join(', ') || 'none'})${asked.length ? `; ${asked.join(', ')} has no effect here` : ''}`,
    };
  }
  const off = spec.securityOpt.some((o) => (o.key === 'label' && /^disable$/i.test(o.value)) || (o.key === 'apparmor' && /^unconfined$/i.test(o.value)));
  return { ...base, result: off ? 'allowed' : 'blocked', evidence: off ? `confinement disabled by ${asked.join(', ')}` : `the engine confines the container with ${lsm.join(' and ')}` };
}

/** A container with no settings: Docker's defaults for `image` (the matrix's "base"). */
export function blankSpec(image?: string): ContainerSpec {
  const origin = { kind: 'file' as const, file: '<base>', start: 0, end: 0 };
  return {
    target: { kind: 'run', name: 'base', range: { file: '<base>', start: 0, end: 0 } },
    source: 'run',
    file: '<base>',
    image: image ? { value: image, origin, how: 'explicit' } : undefined,
    capAdd: [], capDrop: [], securityOpt: [], mounts: [], devices: [], deviceCgroupRules: [], namespaces: {}, networks: [],
    resources: { ulimits: [] }, env: [], envFiles: [], secrets: [], ports: [], expose: [], sysctls: [], links: [], volumesFrom: [],
    groupAdd: [], labels: {}, extra: {},
  };
}
