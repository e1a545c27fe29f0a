/**
 * bulwark's model of a Docker daemon's configuration (CIS Docker Benchmark section 2; paper §V.2.2,
 * §V.2.11, §V.2.15; requirements R-M, R-G2, R-G3, R-G11, R-G15). Filled from daemon.json, a dockerd
 * command line, systemd units and drop-ins, and a live engine's `/info`.
 *
 * Owned by the daemon ingester (src/ingest/daemon/); this is the contract rules read.
 *
 * Conventions: a field is `undefined` (a list empty) when the input does not set it; dockerd's default
 * then applies (icc on, iptables on, userland proxy on, live restore off, log level `info`, log driver
 * `json-file`, no userns-remap, no no-new-privileges, built-in seccomp profile). Whether "not set"
 * means "dockerd's default" or only "not in this file" is {@link DaemonSpec.completeness}.
 * Origins point at the setting as written: for daemon.json the key and value (`"icc": true`, JSON
 * pointer `/icc`) or the list item (`/insecure-registries/0`); for dockerd flags the flag and its value
 * (`--icc=false`, `-H tcp://…`); for a live engine an `engine` origin with the `/info` pointer.
 */
import type { Origin, Sourced, Target } from './types.js';

/** One Docker daemon as far as the input shows it. */
export interface DaemonSpec {
  /** `{kind: 'daemon', name: <file path or engine address>, range}`; findings about missing settings point here. */
  target: Target;
  /** Where the settings came from. */
  source: 'daemon-json' | 'dockerd-flags' | 'systemd-unit' | 'engine';
  file: string;
  /**
   * `partial` when one file shows only part of the configuration (a daemon.json, a unit): findings about
   * missing settings then say "not set in this file". `complete` for a live engine (flags + daemon.json + /info).
   */
  completeness: 'partial' | 'complete';
  /** `-H` / `hosts`: `unix:///var/run/docker.sock`, `tcp://0.0.0.0:2375`, `fd://`. */
  hosts: Sourced<string>[];
  tls?: Sourced<boolean>;
  tlsVerify?: Sourced<boolean>;
  tlsCaCert?: Sourced<string>;
  tlsCert?: Sourced<string>;
  tlsKey?: Sourced<string>;
  icc?: Sourced<boolean>;
  /**
   * `-b` / `--bridge` / `"bridge"`: the bridge the default network attaches to; `none` means dockerd creates
   * no default bridge network, so there is no default bridge for `icc` to apply to (dockerd(8); CIS 2.2).
   */
  bridge?: Sourced<string>;
  iptables?: Sourced<boolean>;
  ipForward?: Sourced<boolean>;
  ipMasq?: Sourced<boolean>;
  userlandProxy?: Sourced<boolean>;
  usernsRemap?: Sourced<string>;
  noNewPrivileges?: Sourced<boolean>;
  liveRestore?: Sourced<boolean>;
  debug?: Sourced<boolean>;
  logLevel?: Sourced<string>;
  logDriver?: Sourced<string>;
  logOpts: Record<string, Sourced<string>>;
  insecureRegistries: Sourced<string>[];
  registryMirrors: Sourced<string>[];
  storageDriver?: Sourced<string>;
  storageOpts: Sourced<string>[];
  defaultUlimits: { name: string; soft?: number; hard?: number; origin: Origin }[];
  cgroupParent?: Sourced<string>;
  authorizationPlugins: Sourced<string>[];
  seccompProfile?: Sourced<string>;
  /**
   * The content of the profile file `seccompProfile` names (`file`: the path read, `text`: its JSON), read for a
   * local engine by the live audit, so BW-0214 judges what the profile allows; absent when not read.
   */
  seccompProfileText?: { file: string; text: string };
  experimental?: Sourced<boolean>;
  selinuxEnabled?: Sourced<boolean>;
  defaultRuntime?: Sourced<string>;
  /** Rootless mode (from /info SecurityOptions `name=rootless`). */
  rootless?: Sourced<boolean>;
  /** User-defined and default networks (live engine): driver, icc option, encryption of overlays. */
  networks: { name: string; driver: string; icc?: boolean; encrypted?: boolean; origin: Origin }[];
  /** Swarm state (live engine /info): CIS section 7. */
  swarm?: { state: string; managers?: number; nodes?: number; autolockEnabled?: boolean; origin: Origin };
  /** `--config-file`: the daemon.json dockerd reads (default `/etc/docker/daemon.json`). */
  configFile?: Sourced<string>;
  /** `--data-root` / `data-root` (legacy `-g`/`--graph`): Docker's state directory, default `/var/lib/docker`. */
  dataRoot?: Sourced<string>;
  /** `--exec-opt` / `exec-opts`, as written (`native.cgroupdriver=systemd`). */
  execOpts?: Sourced<string>[];
  /**
   * systemd resource limits of the unit that starts dockerd (`LimitNOFILE`, `LimitNPROC`, `LimitCORE`,
   * `TasksMax`), value as written (`infinity`, `1048576`); origin is the whole `Key=value` line.
   * systemd.exec(5) "Process properties".
   */
  unitLimits?: Record<string, Sourced<string>>;
  /**
   * Set for a systemd socket unit or drop-in for dockerd (`docker.socket`, systemd.socket(5)): the `SocketMode=` (octal,
   * as written; systemd's default 0666) and `SocketGroup=` (default root) of the unix socket it makes, the last of
   * each written; only what the file writes. CIS Docker Benchmark 1.6.0 3.15 (root:docker) and 3.16 (660 or stricter).
   */
  socketUnit?: { mode?: Sourced<string>; group?: Sourced<string> };
  /** Unit environment (`Environment=`), settings bulwark keeps but no rule reads, as written. */
  extra: Record<string, Sourced<unknown>>;
}

/** A DaemonSpec with every list initialised and nothing set. */
export function emptyDaemon(target: Target, source: DaemonSpec['source'], file: string, completeness: DaemonSpec['completeness']): DaemonSpec {
  return {
    target,
    source,
    file,
    completeness,
    hosts: [],
    logOpts: {},
    insecureRegistries: [],
    registryMirrors: [],
    storageOpts: [],
    defaultUlimits: [],
    authorizationPlugins: [],
    networks: [],
    extra: {},
  };
}
