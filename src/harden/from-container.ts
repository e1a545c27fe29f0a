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
 * in Compose) takes them from the caller's environment.
 */
import { stringify } from 'yaml';
import { UsageError } from '../cli/common.js';
import { shellQuote, toEngineConfig, type EngineConfig } from '../emit/engine.js';
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

/**
 * A `docker run` line re-creating `c` (without bulwark's changes), with `# not carried:` comment lines
 * above it for what cannot be written.
 */
export function runLineFor(c: ContainerSpec): string {
  const cfg = toEngineConfig(c, { name: c.target.name, network: 'keep-host', namedVolumes: 'keep' });
  const args = [...cfg.args];
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
  if (!cfg.image) throw new UsageError(`container ${c.target.name} has no image`);
  return notes.join('') + ['docker', 'run', ...args, cfg.image, ...cfg.command].map(shellQuote).join(' ') + '\n';
}

function bytes(n: number): string {
  for (const [u, m] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) if (n % m === 0) return `${n / m}${u}`;
  return String(n);
}

/**
 * A Compose file with one service re-creating `c` (compose-spec keys), with `# not carried:` comments at
 * the top for what cannot be written.
 */
export function composeFor(c: ContainerSpec): string {
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
  if (b.Labels && Object.keys(b.Labels).length) svc.labels = b.Labels;
  const restored = /^(network_mode|networks|ports|restart)\b/;
  const notes = cfg.dropped.filter((d) => !restored.test(d.setting)).map((d) => `# not carried: ${d.setting} (${d.reason})\n`);
  const name = c.target.name.replace(/[^A-Za-z0-9_.-]/g, '-') || 'app';
  return notes.join('') + stringify({ services: { [name]: svc } });
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
  const text = kind === 'compose' ? composeFor(c) : runLineFor(c);
  const r: HardenResult = await hardenText({ path, text, kind }, { unsafe: flags.unsafeFixes === true, profile, only: flags.only });
  const { writeAtomic } = await import('../cli/common.js');
  if (flags.output && flags.output !== '-') await writeAtomic(flags.output, [r.output]);
  else process.stdout.write(r.output);
  process.stderr.write(explain(r, flags.unsafeFixes === true));
  return 0;
}
