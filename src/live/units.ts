/**
 * dockerd's systemd unit and drop-ins on the local host, for the live audit when the running dockerd's
 * command line cannot be read (issue 3 "systemd units and drop-ins when present"; CIS Docker Benchmark 1.6.0
 * section 2 settings given as dockerd flags; R-M, R-G2). Only reads files.
 *
 * Which files (systemd.unit(5) "Unit File Load Path", for the system manager): the unit
 * `/etc/systemd/system/docker.service` if present (it replaces the packaged one), else
 * `/lib/systemd/system/docker.service`, else `/usr/lib/systemd/system/docker.service`; then the drop-ins
 * `/etc/systemd/system/docker.service.d/*.conf` in file-name order. Each file is read by the daemon ingester
 * (`ingestDaemonUnitGroup`, src/ingest/daemon/systemd.ts) as one effective service: a drop-in that runs dockerd
 * (`ExecStart=` reset, then a new `ExecStart=`) replaces the command of the files before it, `Environment=` of every
 * file feeds its `$VAR`s, and `Limit*=` / `TasksMax=` of the files before it are kept unless a later one sets them.
 *
 * The unit describes the system's dockerd, so it is used only when it serves the audited endpoint: one of its
 * `-H` values names the endpoint (no `-H`, or `fd://` with the packaged docker.socket, for the default socket
 * /var/run/docker.sock), and its data root (`--data-root`, default /var/lib/docker) equals `/info`
 * `DockerRootDir`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IngestedInput } from '../engine/audit.js';
import { ingestDaemonUnitGroup } from '../ingest/daemon/index.js';
import type { DaemonSpec } from '../model/daemon.js';
import { SourceFile } from '../model/source.js';
import type { Endpoint } from './client.js';
import { sameDataRoot, servesEndpoint } from './local.js';

/** Candidate main units, first present wins. */
export const DOCKER_UNITS = ['/etc/systemd/system/docker.service', '/lib/systemd/system/docker.service', '/usr/lib/systemd/system/docker.service'];
/** Drop-in directory of docker.service. */
export const DOCKER_DROPINS = '/etc/systemd/system/docker.service.d';

/** Options of {@link dockerdFromUnits}. */
export interface UnitOptions {
  /** The audited endpoint (must be local). */
  endpoint: Endpoint;
  /** `/info` `DockerRootDir`, if known. */
  dataRoot?: string;
  /** Filesystem root the unit paths are read under (tests: a fake root); default `/`. Paths in findings stay host paths. */
  root?: string;
}

/** What {@link dockerdFromUnits} found. */
export interface UnitsResult {
  /** The unit files read (host paths), in systemd's order, each as an in-memory source for the audit. */
  items: IngestedInput[];
  /** dockerd's flags from the last file that runs dockerd, with unit limits merged; undefined when no file runs dockerd. */
  spec?: DaemonSpec;
  /** Why the unit was not used (not serving the endpoint), or undefined. */
  skipped?: string;
}

async function tryRead(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The unit and drop-in files present under `root`, in systemd's order: `{path (host path), text}`. Never throws. */
export async function readDockerUnits(root = '/'): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  for (const p of DOCKER_UNITS) {
    const text = await tryRead(join(root, p));
    if (text !== undefined) {
      out.push({ path: p, text });
      break;
    }
  }
  let names: string[] = [];
  try {
    names = (await readdir(join(root, DOCKER_DROPINS))).filter((n) => n.endsWith('.conf')).sort();
  } catch {
    /* no drop-ins */
  }
  for (const n of names) {
    const path = `${DOCKER_DROPINS}/${n}`;
    const text = await tryRead(join(root, path));
    if (text !== undefined) out.push({ path, text });
  }
  return out;
}

/**
 * Reads dockerd's unit and drop-ins (see the module doc) into one `systemd-unit` DaemonSpec for the endpoint.
 * Every file read is an item (the spec's origins may point into any of them); the input errors of the effective
 * command line are kept in the first item. Never throws.
 */
export async function dockerdFromUnits(opts: UnitOptions): Promise<UnitsResult> {
  const root = opts.root ?? '/';
  const files = await readDockerUnits(root);
  if (!files.length) return { items: [] };
  const ctx = { readFile: (p: string) => tryRead(join(root, p)), env: {} };
  // One effective service from the unit and every drop-in (systemd.unit(5)): an Environment= of one drop-in
  // reaches the ExecStart= of another, a replaced ExecStart= passes nothing.
  const r = await ingestDaemonUnitGroup(files.map((f) => new SourceFile(f.path, f.text)), ctx);
  const spec = r.daemons?.[0];
  if (!spec || spec.socketUnit) return { items: [] };
  const hosts = spec.hosts.map((h) => h.value);
  const root0 = spec.dataRoot?.value ?? '/var/lib/docker';
  if (!servesEndpoint(hosts, opts.endpoint)) return { items: [], skipped: `${spec.file} runs a dockerd that does not serve ${opts.endpoint.host}` };
  if (opts.dataRoot && !sameDataRoot(root0, opts.dataRoot)) return { items: [], skipped: `${spec.file} runs a dockerd with data root ${root0}, not ${opts.dataRoot}` };
  // Every file of the unit: the spec's origins may point into any of them (a drop-in's Environment=, the unit's Limit*=).
  // And the EnvironmentFile= files read: options expanded from them are located at their lines.
  const read = [...files, ...(r.extraSources ?? []).filter((x) => !files.some((f) => f.path === x.path)).map((x) => ({ path: x.path, text: x.text }))];
  const items: IngestedInput[] = read.map((f, i) => ({
    path: f.path,
    kind: 'daemon',
    text: f.text,
    result: { containers: [], images: [], errors: i === 0 ? r.errors : [], secretRanges: (r.secretRanges ?? []).filter((s) => s.file === f.path) },
  }));
  return { items, spec };
}
