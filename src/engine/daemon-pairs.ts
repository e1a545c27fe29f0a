/**
 * One daemon, several files: a host tree holds the unit that starts dockerd, the daemon.json it reads and, on
 * Debian/Ubuntu or RHEL, an options file (`/etc/default/docker`, `/etc/sysconfig/docker`). Each file is read on
 * its own; this pass decides what the daemon rules judge and reconciles what they say (qa-a 3, 5; qa-A r1, r1b, r1c).
 *
 * - unit + daemon.json it reads (its `--config-file`, else `/etc/docker/daemon.json` in its tree): dockerd runs with
 *   the flags and the file merged (moby cmd/dockerd loadDaemonCliConfig → config.MergeDaemonConfigurations; a key
 *   given both ways is a startup error, src/ingest/daemon/conflicts.ts), so the rules judge the merged configuration
 *   once ({@link judgedDaemons}): `-H tcp://…` in the unit with `tlsverify` in daemon.json is TLS-protected,
 *   `--bridge=none` in the unit means no default bridge for daemon.json's missing `icc`. A finding at a value stays
 *   where the value is written (the unit's findings keep the unit's target); a setting neither file makes is
 *   reported once, on daemon.json (where the fix goes);
 * - unit + options file of its tree: when the unit reads it (`EnvironmentFile=`) and its ExecStart= expands one of
 *   its variables (`$DOCKER_OPTS`), the unit's findings already hold
 *   its options, and the options file's findings that say the same (rule and data) are dropped; when it does not,
 *   systemd never passes them to dockerd: the findings about what it writes become `info` and say so, and its
 *   "not set" ones are dropped (the unit's say it).
 * Sources: moby cmd/dockerd loadDaemonCliConfig; systemd.exec(5) EnvironmentFile=; CIS Docker Benchmark section 2.
 */
import type { DaemonSpec } from '../model/daemon.js';
import type { SourceRange } from '../model/source.js';
import { norm, unitJsonPairs, written } from '../ingest/daemon/conflicts.js';
import { mergeDaemonSpecs } from '../ingest/daemon/info.js';
import { DAEMON_JSON_FIELDS } from '../ingest/daemon/json.js';
import { environmentFileAt } from '../ingest/daemon/systemd.js';
import type { Finding } from './types.js';


/** daemon.json key → DaemonSpec field, for the settings the "not set" rules name in `data.setting`. */
const FIELD = new Map<string, keyof DaemonSpec>(DAEMON_JSON_FIELDS);

/** Whether `d` sets `setting` (a daemon.json key) explicitly. */
function sets(d: DaemonSpec, setting: string): boolean {
  if (setting === 'default-ulimits') return d.defaultUlimits.length > 0;
  const k = FIELD.get(setting);
  return k !== undefined && written(d, k) !== undefined;
}

const ofSpec = (f: Finding, d: DaemonSpec) => f.target.kind === 'daemon' && f.target.name === d.target.name;
const key = (f: Finding) => `${f.ruleId}\0${JSON.stringify(f.data)}`;

/** The options files (`/etc/default/docker` …) of the unit's tree among `specs`, with whether the unit reads each. */
function unitOptionFiles(specs: DaemonSpec[]): { unit: DaemonSpec; options: DaemonSpec; read: boolean }[] {
  const out: { unit: DaemonSpec; options: DaemonSpec; read: boolean }[] = [];
  const optionFiles = specs.filter((d) => d.extra.optionsFile !== undefined);
  for (const u of specs) {
    if (u.source !== 'systemd-unit' || u.socketUnit) continue;
    const read = ((u.extra.environmentFiles?.value as string[] | undefined) ?? []).map(norm);
    for (const o of optionFiles) {
      // The same tree: the unit would read this very path for `EnvironmentFile=/etc/default/docker` (or …/sysconfig/…).
      const m = /(?:^|\/)(etc\/(?:default|sysconfig)\/[^/]+)$/.exec(norm(o.file));
      if (!m || norm(environmentFileAt(u.file, '/' + m[1])) !== norm(o.file)) continue;
      out.push({ unit: u, options: o, read: read.includes(norm(o.file)) });
    }
  }
  return out;
}

/** A daemon the rules judge: a spec, and the target of a finding by where it is (undefined: the spec's own target). */
export interface JudgedDaemon {
  spec: DaemonSpec;
  targetAt?: (range: SourceRange) => { kind: string; name: string } | undefined;
}

/**
 * The daemons the rules judge among `specs` (every daemon of a run): a unit (or command line) and the daemon.json
 * it reads ({@link unitJsonPairs}) as one merged spec ({@link mergeDaemonSpecs}, daemon.json first: target, file
 * and source are daemon.json's, so settings neither sets are reported there; `extra.judgedWith` names the unit);
 * findings at a range outside daemon.json get the unit's target. A socket unit with the TLS settings of the dockerd
 * it feeds ({@link socketWithDaemonTls}). Every other spec as it is. Order: pairs, then the other specs in their order.
 */
export function judgedDaemons(specs: DaemonSpec[]): JudgedDaemon[] {
  const out: JudgedDaemon[] = [];
  const paired = new Set<DaemonSpec>();
  for (const { unit, json } of unitJsonPairs(specs)) {
    paired.add(unit).add(json);
    const spec = mergeDaemonSpecs([json, unit]);
    spec.extra.judgedWith = { value: unit.file, origin: unit.target.range.file === unit.file ? { kind: 'file', file: unit.file, start: unit.target.range.start, end: unit.target.range.end } : { kind: 'file', file: unit.file, start: 0, end: 0 }, how: 'explicit' };
    const unitTarget = { kind: unit.target.kind, name: unit.target.name };
    out.push({ spec, targetAt: (r) => (r.file === json.file ? undefined : unitTarget) });
  }
  for (const d of specs) {
    if (paired.has(d)) continue;
    out.push({ spec: d.socketUnit ? socketWithDaemonTls(d, specs, out) : d });
  }
  return out;
}

/** `docker` for `…/docker.socket`, `…/docker.socket.d/x.conf`, `…/docker.service`, `…/docker.service.d/x.conf`. */
function unitStem(file: string, type: 'socket' | 'service'): string | undefined {
  const parts = norm(file).split('/');
  const re = type === 'socket' ? /^(.+)\.socket(?:\.d)?$/ : /^(.+)\.service(?:\.d)?$/;
  return re.exec(parts[parts.length - 1])?.[1] ?? (/\.conf$/.test(parts[parts.length - 1]) ? re.exec(parts[parts.length - 2] ?? '')?.[1] : undefined);
}

/**
 * A socket unit's spec with the TLS settings of the dockerd it feeds: with `-H fd://` dockerd serves the sockets
 * systemd passes it with its own TLS configuration (moby cmd/dockerd: the listeners of `fd://` are wrapped with the
 * daemon's TLS config like any other `-H`), and a socket unit cannot write TLS settings (systemd.socket(5)).
 * The daemon: the service unit of the same name in the same tree (`docker.socket` → `docker.service`; systemd
 * activates the service of the socket's name), judged with the daemon.json it reads when that is among `judged`;
 * else the `/etc/docker/daemon.json` of the socket's tree. `extra.tlsFrom` names the files whose TLS settings were
 * taken when the command line of dockerd was among them (a service unit); without it, BW-0201 cannot be sure the
 * listener lacks TLS (dockerd's flags were not read).
 */
function socketWithDaemonTls(socket: DaemonSpec, specs: DaemonSpec[], judged: JudgedDaemon[]): DaemonSpec {
  const stem = unitStem(socket.file, 'socket');
  const jsonPath = (f: string) => norm(environmentFileAt(f, '/etc/docker/daemon.json'));
  const tree = jsonPath(socket.file);
  const service = specs.find((u) => u.source === 'systemd-unit' && !u.socketUnit && stem !== undefined && unitStem(u.file, 'service') === stem && jsonPath(u.file) === tree);
  const mergedWith = service && judged.find((j) => j.spec.extra.judgedWith?.value === service.file)?.spec;
  const config = mergedWith ?? service ?? specs.find((d) => d.source === 'daemon-json' && norm(d.file) === tree);
  if (!config) return socket;
  const out: DaemonSpec = { ...socket, extra: { ...socket.extra } };
  for (const k of ['tls', 'tlsVerify', 'tlsCaCert', 'tlsCert', 'tlsKey'] as const) if (config[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = config[k];
  if (service) out.extra.tlsFrom = { value: mergedWith ? [service.file, mergedWith.file] : [service.file], origin: service.target.range.file === service.file ? { kind: 'file', file: service.file, start: service.target.range.start, end: service.target.range.end } : { kind: 'file', file: service.file, start: 0, end: 0 }, how: 'explicit' };
  return out;
}

/** Drops or downgrades the findings of `findings` that one daemon's other files contradict (see the module). In place. */
export function reconcileDaemonFindings(findings: Finding[], specs: DaemonSpec[]): void {
  const drop = new Set<Finding>();
  const pairs = unitJsonPairs(specs);
  for (const { unit, options, read } of unitOptionFiles(specs)) {
    if (read) {
      // What the unit's daemon says (on the unit, or on the daemon.json it was judged with).
      const jsons = pairs.filter((p) => p.unit === unit).map((p) => p.json);
      const said = new Set(findings.filter((f) => ofSpec(f, unit) || jsons.some((j) => ofSpec(f, j))).map(key));
      for (const f of findings) if (ofSpec(f, options) && said.has(key(f))) drop.add(f);
      continue;
    }
    for (const f of findings) {
      if (!ofSpec(f, options) || drop.has(f)) continue;
      // Its "not set" findings say nothing the unit's do not; what it does write is not applied: info.
      if (typeof f.data.setting === 'string' && !sets(options, f.data.setting)) {
        drop.add(f);
        continue;
      }
      f.severity = 'info';
      f.message += ` (${unit.file} starts dockerd without them: it reads no EnvironmentFile= of this file, or expands none of its variables; under systemd these options are not applied)`;
    }
  }
  if (!drop.size) return;
  let w = 0;
  for (const f of findings) if (!drop.has(f)) findings[w++] = f;
  findings.length = w;
}
