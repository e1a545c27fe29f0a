/**
 * `bulwark harden --from-container NAME`: a hardened `docker run` line (default) or Compose service
 * (`--kind compose`) for a container of a running engine (issue 4).
 *
 * The container is inspected (one GET request; src/live/client.ts connects as `audit --live` does), its
 * inspect JSON ingested (src/ingest/inspect/), written back as a `docker run` line with
 * `toEngineConfig` (src/emit/engine.ts) plus what a throw-away container leaves out but a re-deployment
 * needs (its network, published ports, restart policy), and that text is hardened like any other input.
 * Settings that cannot be written (links, `--volumes-from`, variables without a value) are listed as
 * `# not carried:` comments. Secret-looking environment values are never printed: `-e NAME` (or `- NAME`
 * in Compose) takes them from the caller's environment; the secret of a label (BW-0046's `labelSecret`) is masked
 * with a `# written differently:` line saying so, and the text is printed masked as an audit masks it (R-S).
 */
import { stringify } from 'yaml';
import { UsageError } from '../cli/common.js';
import { maskedLabelValue, shellQuote, toEngineConfig, type EngineConfig } from '../emit/engine.js';
import { SourceFile } from '../model/source.js';
import type { ContainerSpec } from '../model/types.js';
import { isSecretEnv } from '../rules/util/secrets.js';
import type { HardenFlags } from './cli.js';
import { explain } from './cli.js';
import { hardenText, type HardenResult } from './index.js';
import type { HardenProfile } from './types.js';

/** The network a re-deployed container joins: `--network` value, or undefined for Docker's default bridge. */
function networkOf(c: ContainerSpec): string | undefined {
  const n = c.namespaces.network;
  if (n && n.how === 'explicit') {
    const v = n.value;
    if (v.mode === 'host' || v.mode === 'none') return v.mode;
    if (v.mode === 'container') return `container:${v.ref}`;
    if (v.mode === 'network' && v.ref && v.ref !== 'default' && v.ref !== 'bridge') return v.ref;
  }
  const named = c.networks.map((x) => x.value).filter((x) => x !== 'bridge');
  return named[0];
}

function portSpec(p: ContainerSpec['ports'][number]): string {
  const host = p.hostPort ? `${p.hostIp ? `${p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp}:` : ''}${p.hostPort}:` : '';
  return `${host}${p.containerPort}${p.protocol === 'tcp' ? '' : `/${p.protocol}`}`;
}

/** A Go duration as docker and Compose read it (`5s`, `1m30s` as `90s`, `500ms`) for `ns` nanoseconds. */
function duration(ns: number): string {
  for (const [u, m] of [['s', 1e9], ['ms', 1e6], ['us', 1e3]] as const) if (ns % m === 0) return `${ns / m}${u}`;
  return `${ns}ns`;
}

/** The engine's default /dev/shm size (64 MiB; dockerd `--default-shm-size`). */
const DEFAULT_SHM = 64 * 1024 ** 2;

/**
 * One setting of a container that no rule reads (so the model does not keep it) but a re-deployment must keep:
 * its `docker run` flag words and its Compose key and value.
 */
interface Carried {
  flags: string[];
  key: string;
  value: unknown;
}

/**
 * The settings of an inspected container (`docker inspect` JSON, Engine API ContainerInspectResponse) that
 * `toEngineConfig` does not write and a re-created container would otherwise lose: working directory, host and
 * domain name, extra hosts, DNS, /dev/shm size, stop signal and timeout, OOM score adjustment, and the health
 * check's timing. Values the engine fills in by itself are left out: a hostname equal to the id's first 12
 * characters, or any hostname when the container shares the host's or another container's network namespace (the
 * engine refuses `--hostname` there), the default 64 MiB /dev/shm, a 0 OOM score adjustment. Sources: docker run
 * reference, compose-spec 05-services.md.
 */
export function carriedSettings(inspect: Record<string, unknown>): Carried[] {
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const cfg = obj(inspect.Config);
  const hc = obj(inspect.HostConfig);
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);
  const out: Carried[] = [];
  const wd = str(cfg.WorkingDir);
  if (wd) out.push({ flags: ['--workdir', wd], key: 'working_dir', value: wd });
  const netMode = str(hc.NetworkMode) ?? '';
  const ownUts = netMode !== 'host' && !netMode.startsWith('container:') && str(hc.UTSMode) !== 'host';
  const host = str(cfg.Hostname);
  const id = str(inspect.Id) ?? '';
  if (host && ownUts && host !== id.slice(0, 12)) out.push({ flags: ['--hostname', host], key: 'hostname', value: host });
  const domain = str(cfg.Domainname);
  if (domain && ownUts) out.push({ flags: ['--domainname', domain], key: 'domainname', value: domain });
  const hosts = strs(hc.ExtraHosts);
  if (hosts.length) out.push({ flags: hosts.flatMap((h) => ['--add-host', h]), key: 'extra_hosts', value: hosts });
  for (const [field, flag, key] of [['Dns', '--dns', 'dns'], ['DnsSearch', '--dns-search', 'dns_search'], ['DnsOptions', '--dns-option', 'dns_opt']] as const) {
    const v = strs(hc[field]);
    if (v.length) out.push({ flags: v.flatMap((x) => [flag, x]), key, value: v });
  }
  if (typeof hc.ShmSize === 'number' && hc.ShmSize > 0 && hc.ShmSize !== DEFAULT_SHM) out.push({ flags: ['--shm-size', bytes(hc.ShmSize)], key: 'shm_size', value: bytes(hc.ShmSize) });
  const signal = str(cfg.StopSignal);
  if (signal) out.push({ flags: ['--stop-signal', signal], key: 'stop_signal', value: signal });
  if (typeof cfg.StopTimeout === 'number') out.push({ flags: ['--stop-timeout', String(cfg.StopTimeout)], key: 'stop_grace_period', value: `${cfg.StopTimeout}s` });
  if (typeof hc.OomScoreAdj === 'number' && hc.OomScoreAdj !== 0) out.push({ flags: ['--oom-score-adj', String(hc.OomScoreAdj)], key: 'oom_score_adj', value: hc.OomScoreAdj });
  return out;
}

/** The health check's timing of an inspected container (`Config.Healthcheck`, durations in ns): run flags and Compose keys. */
function healthTiming(inspect: Record<string, unknown>): Carried[] {
  const h = (inspect.Config as { Healthcheck?: Record<string, unknown> } | undefined)?.Healthcheck;
  if (!h || !Array.isArray(h.Test) || h.Test[0] === 'NONE') return [];
  const out: Carried[] = [];
  for (const [field, flag, key] of [
    ['Interval', '--health-interval', 'interval'],
    ['Timeout', '--health-timeout', 'timeout'],
    ['StartPeriod', '--health-start-period', 'start_period'],
    ['StartInterval', '--health-start-interval', 'start_interval'],
  ] as const) {
    const v = h[field];
    if (typeof v === 'number' && v > 0) out.push({ flags: [flag, duration(v)], key, value: duration(v) });
  }
  if (typeof h.Retries === 'number' && h.Retries > 0) out.push({ flags: ['--health-retries', String(h.Retries)], key: 'retries', value: h.Retries });
  return out;
}

/**
 * A `docker run` line re-creating `c` (without bulwark's changes), with `# not carried:` comment lines
 * above it for what cannot be written, and `# written differently:` lines for what the flags can only write in
 * another form (an exec-form health check). `inspect`: the container's inspect JSON, for the settings the model
 * does not keep ({@link carriedSettings}, the health check's timing).
 */
export function runLineFor(c: ContainerSpec, inspect: Record<string, unknown> = {}): string {
  const cfg = toEngineConfig(c, { name: c.target.name, network: 'keep-host', namedVolumes: 'keep' });
  const args = [...cfg.args];
  for (const s of carriedSettings(inspect)) args.push(...s.flags);
  if (args.includes('--health-cmd')) for (const s of healthTiming(inspect)) args.push(...s.flags);
  const i = args.indexOf('--network');
  const net = networkOf(c);
  if (i >= 0) args.splice(i, 2, ...(net ? ['--network', net] : []));
  for (const p of c.ports) args.push('-p', portSpec(p));
  if (c.restart?.how === 'explicit' && c.restart.value.name !== 'no') {
    const r = c.restart.value;
    args.push('--restart', r.name === 'on-failure' && r.maxRetries ? `on-failure:${r.maxRetries}` : r.name);
  }
  const restored = /^(network_mode|networks|ports|restart)\b/;
  const notes = cfg.dropped.filter((d) => !restored.test(d.setting)).map((d) => `# not carried: ${d.setting} (${d.reason})\n`);
  notes.push(...cfg.rewritten.map((d) => `# written differently: ${d.setting} (${d.reason})\n`));
  if (!cfg.image) throw new UsageError(`container ${c.target.name} has no image`);
  return notes.join('') + ['docker', 'run', ...args, cfg.image, ...cfg.command].map(shellQuote).join(' ') + '\n';
}

function bytes(n: number): string {
  for (const [u, m] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) if (n % m === 0) return `${n / m}${u}`;
  return String(n);
}

/**
 * A Compose file with one service re-creating `c` (compose-spec keys), with `# not carried:` comments at
 * the top for what cannot be written. Named volumes are declared at the top level as `external: true`: they
 * exist on the engine already, and a volume Compose created would be a new, empty `<project>_<name>`.
 * `inspect`: the container's inspect JSON, for the settings the model does not keep ({@link carriedSettings},
 * the health check's timing).
 */
export function composeFor(c: ContainerSpec, inspect: Record<string, unknown> = {}): string {
  const cfg: EngineConfig = toEngineConfig(c, { network: 'keep-host', namedVolumes: 'keep' });
  const b = cfg.body;
  const hc = b.HostConfig;
  const svc: Record<string, unknown> = {};
  if (cfg.image) svc.image = cfg.image;
  svc.container_name = c.target.name;
  if (b.User) svc.user = b.User;
  if (hc.Privileged) svc.privileged = true;
  if (hc.CapAdd?.length) svc.cap_add = hc.CapAdd;
  if (hc.CapDrop?.length) svc.cap_drop = hc.CapDrop;
  if (hc.SecurityOpt?.length) svc.security_opt = hc.SecurityOpt;
  if (hc.ReadonlyRootfs) svc.read_only = true;
  if (hc.Mounts?.length) svc.volumes = hc.Mounts.map((m) => `${m.Source ?? ''}:${m.Target}${m.ReadOnly ? ':ro' : ''}${m.BindOptions?.Propagation ? `${m.ReadOnly ? ',' : ':'}${m.BindOptions.Propagation}` : ''}`.replace(/^:/, ''));
  if (hc.Tmpfs && Object.keys(hc.Tmpfs).length) svc.tmpfs = Object.entries(hc.Tmpfs).map(([p, o]) => (o ? `${p}:${o}` : p));
  if (hc.Devices?.length) svc.devices = hc.Devices.map((d) => `${d.PathOnHost}:${d.PathInContainer}${d.CgroupPermissions && d.CgroupPermissions !== 'rwm' ? `:${d.CgroupPermissions}` : ''}`);
  const net = networkOf(c);
  if (net === 'host' || net === 'none' || net?.startsWith('container:')) svc.network_mode = net;
  else if (net) svc.networks = [net];
  for (const [k, key] of [['PidMode', 'pid'], ['IpcMode', 'ipc'], ['UTSMode', 'uts'], ['UsernsMode', 'userns_mode'], ['CgroupnsMode', 'cgroup']] as const) {
    const v = hc[k];
    if (v && v !== 'private' && v !== '') svc[key] = v;
  }
  if (hc.Memory) svc.mem_limit = bytes(hc.Memory);
  if (hc.NanoCpus) svc.cpus = hc.NanoCpus / 1e9;
  if (hc.PidsLimit && hc.PidsLimit > 0) svc.pids_limit = hc.PidsLimit;
  if (hc.Ulimits?.length) svc.ulimits = Object.fromEntries(hc.Ulimits.map((u) => [u.Name, { soft: u.Soft, hard: u.Hard }]));
  if (hc.Sysctls && Object.keys(hc.Sysctls).length) svc.sysctls = hc.Sysctls;
  if (hc.GroupAdd?.length) svc.group_add = hc.GroupAdd;
  if (hc.Init) svc.init = true;
  if (hc.Runtime) svc.runtime = hc.Runtime;
  if (c.ports.length) svc.ports = c.ports.map(portSpec);
  if (c.restart?.how === 'explicit' && c.restart.value.name !== 'no') svc.restart = c.restart.value.name === 'on-failure' && c.restart.value.maxRetries ? `on-failure:${c.restart.value.maxRetries}` : c.restart.value.name;
  if (b.Env?.length) {
    svc.environment = b.Env.map((e) => {
      const eq = e.indexOf('=');
      const name = eq < 0 ? e : e.slice(0, eq);
      return isSecretEnv(name, eq < 0 ? undefined : e.slice(eq + 1)) ? name : e;
    });
  }
  if (b.Entrypoint) svc.entrypoint = b.Entrypoint;
  if (b.Cmd) svc.command = b.Cmd;
  // A label's secret is masked (BW-0046's judgement, as every audit output masks it; `rewritten` lists it below).
  if (b.Labels && Object.keys(b.Labels).length) svc.labels = Object.fromEntries(Object.entries(b.Labels).map(([k, v]) => [k, maskedLabelValue(k, v)]));
  for (const s of carriedSettings(inspect)) svc[s.key] = s.value;
  if (b.Healthcheck) {
    // Compose writes the engine's Test as it is (exec form included: compose-spec 05-services.md healthcheck).
    svc.healthcheck = b.Healthcheck.Test[0] === 'NONE' ? { disable: true } : { test: b.Healthcheck.Test, ...Object.fromEntries(healthTiming(inspect).map((s) => [s.key, s.value])) };
  }
  const restored = /^(network_mode|networks|ports|restart)\b/;
  const notes = cfg.dropped.filter((d) => !restored.test(d.setting)).map((d) => `# not carried: ${d.setting} (${d.reason})\n`);
  notes.push(...cfg.rewritten.filter((d) => d.setting.startsWith('label ')).map((d) => `# written differently: ${d.setting} (${d.reason})\n`));
  const name = c.target.name.replace(/[^A-Za-z0-9_.-]/g, '-') || 'app';
  const named = [...new Set((hc.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Source).map((m) => m.Source!))];
  const file: Record<string, unknown> = { services: { [name]: svc } };
  if (named.length) file.volumes = Object.fromEntries(named.map((v) => [v, { external: true }]));
  return notes.join('') + stringify(file);
}

/** Prints the hardened description of one running container. @throws UsageError / LiveError (exit 2) */
export async function runFromContainer(flags: HardenFlags, profile: HardenProfile, files: string[] = []): Promise<number> {
  if (files.length) throw new UsageError('--from-container takes no files');
  if (flags.write) throw new UsageError('--write cannot be used with --from-container (use -o)');
  const kind = flags.kind ?? 'run';
  if (kind !== 'run' && kind !== 'compose') throw new UsageError('--from-container writes a docker run line (default) or a Compose service (--kind compose)');
  const { connect, LiveError } = await import('../live/client.js');
  const { api } = await connect({ host: flags.host, tlsCaCert: flags.tlscacert, tlsCert: flags.tlscert, tlsKey: flags.tlskey });
  let inspect: Record<string, unknown>;
  try {
    inspect = await api.inspectContainer(flags.fromContainer!);
  } catch (e) {
    const code = (e as { statusCode?: number }).statusCode;
    throw code === 404 ? new UsageError(`no such container: ${flags.fromContainer}`) : new LiveError(`cannot inspect ${flags.fromContainer}: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    api.close();
  }
  const path = `docker://${flags.fromContainer}`;
  const { ingestInspect } = await import('../ingest/inspect/index.js');
  const model = await ingestInspect(new SourceFile(path, JSON.stringify([inspect], null, 2)), { env: {}, readFile: async () => undefined });
  const c = model.containers[0];
  if (!c) throw new UsageError(`cannot read the configuration of ${flags.fromContainer}: ${model.errors[0]?.message ?? 'not a container'}`);
  const text = kind === 'compose' ? composeFor(c, inspect) : runLineFor(c, inspect);
  const r: HardenResult = await hardenText({ path, text, kind }, { unsafe: flags.unsafeFixes === true, profile, only: flags.only });
  // Printed as every audit output is (R-S): whatever the audits of the text mask (a password in the command, a
  // secret label) masked; `-e NAME` already takes a secret environment value from the caller's environment.
  const { writeAtomic } = await import('../cli/common.js');
  if (flags.output && flags.output !== '-') await writeAtomic(flags.output, [r.masked.output]);
  else process.stdout.write(r.masked.output);
  process.stderr.write(explain(r, flags.unsafeFixes === true));
  return 0;
}
