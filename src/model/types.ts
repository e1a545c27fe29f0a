/**
 * bulwark's normalized model of what a container may do.
 *
 * Every ingester (Compose, `docker run` lines, Dockerfiles, and later Kubernetes manifests,
 * `docker inspect` JSON and a live engine) produces these types; every rule reads only these types.
 * Field names follow the compose-spec where one exists, Docker's Engine API (`HostConfig`) otherwise.
 *
 * Provenance: every security-relevant value is a {@link Sourced}. A rule can tell
 *  - "not set": the field is `undefined` (or an empty list) and Docker's default applies
 *    (see `model/defaults.ts`; findings for a missing setting point at {@link Target.range});
 *  - "set": `how: 'explicit'`, with the exact characters in `origin`;
 *  - "unknown": `how: 'unresolved'`, e.g. `${VAR}` with no value; predicates never treat it as true
 *    or false (requirements.md, "Facts from today's engines").
 */
import type { SourceRange } from './source.js';

/**
 * Where a value came from.
 *  - `file`: characters of an input file.
 *  - `engine`: a field of `docker inspect` output or the Engine API, as a JSON pointer
 *    (`/HostConfig/Privileged`) into the object of container `container`.
 */
export type Origin =
  /** `pointer`: the JSON pointer of the value when the file is JSON (`docker inspect` output, daemon.json). */
  | ({ kind: 'file'; pointer?: string } & SourceRange)
  | { kind: 'engine'; container: string; pointer: string; file?: string; start?: number; end?: number };

/**
 * A value with its origin.
 *  - `explicit`: written by the user.
 *  - `default`: Docker's default for a key nobody set; `origin` is the owner (the service key, the
 *    `docker run` word, the final `FROM`) so a finding and a fix have a place to go.
 *  - `unresolved`: depends on a variable with no value; `value` is the best-effort text with
 *    unresolved variables left as written, and `expression` holds the raw text.
 */
export interface Sourced<T> {
  value: T;
  origin: Origin;
  how: 'explicit' | 'default' | 'unresolved';
  /** The raw text as written, when it differs from `value` (e.g. `"${MEM:-512m}"`). */
  raw?: string;
}

/** What kind of description a container came from. */
export type SourceKind = 'compose' | 'run' | 'dockerfile' | 'kubernetes' | 'inspect' | 'engine' | 'daemon' | 'host' | 'image';

/** Input file kinds bulwark reads. `run` is a bare command line; `shell` and `markdown` hold run lines. */
export type InputKind =
  | 'compose'
  | 'run'
  | 'shell'
  | 'markdown'
  | 'asciidoc'
  /** reStructuredText documents (`.rst`): code-block directives and literal blocks, read as Markdown fences are. */
  | 'rst'
  | 'dockerfile'
  /** `docker inspect` / `podman inspect` JSON of containers (and images). */
  | 'inspect'
  /** dockerd configuration: daemon.json, a dockerd command line, or a systemd unit / drop-in. */
  | 'daemon'
  /** Kubernetes manifests: workload YAML (Pod, Deployment, DaemonSet, StatefulSet, Job, CronJob…), multi-document, `List`. */
  | 'kubernetes'
  /** CI pipeline files whose shell scripts hold run lines: GitHub Actions workflows (`steps[*].run`), GitLab CI (`script`). */
  | 'ci';

/** The container a finding is about. */
export interface Target {
  /** `service` (Compose), `run` (a `docker run`/`create` line), `stage` (Dockerfile), `container` (inspect), `file`. */
  kind: 'service' | 'run' | 'stage' | 'container' | 'file' | 'daemon' | 'host' | 'image';
  /** Compose service name; `--name` of a run line or its image as written; the Dockerfile stage name. */
  name: string;
  /** The container's id (full hex, no `sha256:`), for a container read from `docker inspect` or a live engine. */
  id?: string;
  /**
   * The Kubernetes object a container belongs to: its `kind` (`Deployment`, `CronJob`, `Pod` …), `metadata.name` and
   * `metadata.namespace` as written (either may be absent). Two workloads of one manifest may each have a container
   * named `app`: this tells them apart.
   */
  workload?: Workload;
  /**
   * Where a human looks for this container: the service key, the first word of the `docker run`
   * command, the final `FROM`. Findings about missing settings point here.
   */
  range: SourceRange;
}

/** The Kubernetes object that holds a container (see {@link Target.workload}). */
export interface Workload {
  kind: string;
  name?: string;
  namespace?: string;
  /**
   * For a custom resource that embeds pod templates elsewhere than `spec.template`: the path below `spec` of the one
   * that holds the container (`pytorchReplicaSpecs.Master`, `jobTargetRef`), which tells its pods apart.
   */
  part?: string;
}

/** A namespace mode as `docker run --pid/--ipc/--uts/--network/--userns/--cgroupns` and Compose spell it. */
export interface NamespaceMode {
  /**
   * `private` (Docker's own namespace), `host`, `container` (another container's, `ref` names it),
   * `service` (Compose `service:name`), `none`, `shareable` (IPC), `network` (a named network).
   */
  mode: 'private' | 'host' | 'container' | 'service' | 'none' | 'shareable' | 'network';
  /** Container, service or network name for the `container`, `service` and `network` modes. */
  ref?: string;
}

/** A mount, from `-v`, `--mount`, `--tmpfs`, Compose `volumes` (short or long syntax) or `tmpfs`. */
export interface Mount {
  /** `bind` (host path), `volume` (named or anonymous), `tmpfs`, `npipe`, `image`, `cluster`. */
  type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'image' | 'cluster';
  /** Host path (bind, already resolved against the Compose file's directory when relative) or volume name. */
  source?: string;
  /** The source as written (relative paths, `~`, `${VAR}`). */
  sourceRaw?: string;
  /**
   * True when `source` is a relative bind source the ingester resolved against the directory of the file that
   * writes it (Compose: the project directory): a `source` still relative is then relative to the working directory
   * bulwark runs in (`../..` written in `./compose.yaml`), not unknown as a `docker run -v ../x` line's is.
   */
  sourceResolved?: boolean;
  /** Path inside the container. */
  target: string;
  /** `true` for `:ro`, `readonly`, `read_only: true`. A bind without a mode is read-write. */
  readOnly: boolean;
  /** Bind propagation: `private`, `rprivate`, `shared`, `rshared`, `slave`, `rslave`. */
  propagation?: string;
  /**
   * Where the propagation is written, when an ingester knows it apart from the mount's own origin (a
   * Kubernetes `mountPropagation:` entry): findings about the propagation point there.
   */
  propagationOrigin?: Origin;
  /** The propagation as written when another vocabulary names it (Kubernetes `Bidirectional` for `rshared`). */
  propagationRaw?: string;
  /**
   * True when `propagation` is the engine's own choice that `docker inspect` shows (`Mounts[].Propagation`) for a
   * bind that named none: `rprivate`, or `rslave` for a source under a slave mount. An emitter leaves it out: asked
   * for explicitly, `rslave` is refused on a source that is not a shared or slave mount.
   */
  propagationEffective?: boolean;
  /** SELinux relabel: `z` (shared) or `Z` (private). */
  selinuxRelabel?: 'z' | 'Z';
  /** Other mount options as written (`nosuid`, `nodev`, `noexec`, `size=…`, `consistent`, …). */
  options: string[];
  /** The whole mount as written (the `-v` value, the list item). */
  origin: Origin;
  /** Where the source path is written, when it is. */
  sourceOrigin?: Origin;
  /** True if any part depends on an unresolved variable. */
  unresolved?: boolean;
  /**
   * How it was written; `api-socket`: added by `use_api_socket: true` / `--use-api-socket` (the engine's socket, see
   * `apiSocketMount`); `volumes-from`: another service's mount this container gets through Compose `volumes_from`
   * (its `origin` is the `volumes_from` item, `inheritedFrom` names the service).
   */
  syntax: 'short' | 'long' | 'volume-flag' | 'mount-flag' | 'tmpfs' | 'inspect' | 'k8s' | 'api-socket' | 'volumes-from';
  /**
   * What a host path comes through when the container does not name it itself: a Kubernetes `persistentVolumeClaim`
   * volume bound to a PersistentVolume of type `hostPath` or `local` (`hostPath of PersistentVolume hostroot, bound to
   * claim hostroot-claim`). Messages name it after the path.
   */
  through?: string;
  /** For `syntax: 'volumes-from'`: the service (or `container:` name) whose mount it is. */
  inheritedFrom?: string;
  /** How the mount was shared, as the file spells it: `volumes_from` (Compose) or `--volumes-from` (docker run). */
  inheritedVia?: 'volumes_from' | '--volumes-from';
}

/**
 * A command line as words (`command`, `entrypoint`): `value` after interpolation; `written`, the same words before
 * it, when a variable that is set filled some word in (Compose `${REDIS_PASSWORD}` with the variable in `.env` or the
 * environment): a word that takes only its written default (`${PW:-changeme}` with `PW` unset) is its value there,
 * as that text is written in the file. A secret filled in from a variable is found at its reference through `written`
 * (BW-0035) whether or not the variable is set.
 */
export interface CommandWords extends Sourced<string[]> {
  written?: string[];
}

/** A device from `--device`/Compose `devices` (CDI names keep `hostPath` as written). */
export interface Device {
  hostPath: string;
  containerPath: string;
  /** cgroup permissions, a subset of `rwm`; Docker's default is `rwm`. */
  permissions: string;
  /** Whether permissions were written (otherwise `rwm` is Docker's default). */
  permissionsExplicit: boolean;
  origin: Origin;
}

/** A security option, parsed from `--security-opt`/`security_opt` in both `key=value` and `key:value` forms. */
export interface SecurityOpt {
  /** `seccomp`, `apparmor`, `label`, `no-new-privileges`, `systempaths`, `mask`… (lower-case key). */
  key: string;
  /** Value after the separator (`unconfined`, `disable`, `type:spc_t`, `true`); `true` when absent for no-new-privileges. */
  value: string;
  /** Raw text as written. */
  raw: string;
  origin: Origin;
  how: Sourced<unknown>['how'];
  /**
   * For `seccomp=<file>`: the profile file as the ingester read it (`file`: the path read, POSIX; `text`: its
   * content), so rules judge the profile itself as they judge an inline one. Absent when the value is not a
   * path, depends on a variable, or the file cannot be read (src/ingest/seccomp-file.ts).
   */
  profile?: { file: string; text: string };
}

/** How an environment variable gets its value. */
export type EnvValueKind =
  /** Written in the file (`PASSWORD=hunter2`, or a non-empty default used: `${PASSWORD:-hunter2}` with PASSWORD unset). */
  | 'literal'
  /** Filled in by Compose or the shell from a variable (`PASSWORD=${DB_PW}`). */
  | 'interpolated'
  /** No value: taken from the environment of the caller (`-e PASSWORD`, `- PASSWORD`). */
  | 'passthrough';

/** One environment variable of the container. */
export interface EnvVar {
  name: string;
  /** The value after interpolation; `undefined` for passthrough or an unresolved variable. Never printed unmasked. */
  value?: string;
  /** Value as written (may be `${X}`). */
  raw?: string;
  kind: EnvValueKind;
  /** The whole entry (`- KEY=value`, `KEY: value`, `-e KEY=value`). */
  origin: Origin;
  /** Just the value characters, when written: the part that reporters mask. */
  valueOrigin?: Origin;
  /**
   * Where a value the entry does not write itself is written, as a phrase for messages: `taken from .env by docker
   * compose` (Compose: a value-less entry `- NAME` that the project's `.env` sets; kind `interpolated`), `written in
   * ConfigMap app-config` (Kubernetes: `envFrom` `configMapRef`, `valueFrom` `configMapKeyRef` of a ConfigMap in
   * the same manifest; kind `literal`).
   */
  from?: string;
  /**
   * The name the value has where it is written, when that is not `name`: the key of a Kubernetes `configMapKeyRef`
   * (`name: SINGLE` taking key `DB_PASSWORD`). Secret classifiers read it too.
   */
  sourceKey?: string;
}

/** A published port. */
export interface Port {
  /** Host IP as written; `undefined` means all interfaces (0.0.0.0 and ::). */
  hostIp?: string;
  /** Host port or range as written (`8080`, `8000-8010`); `undefined` for an ephemeral host port. */
  hostPort?: string;
  /** Container port or range. */
  containerPort: string;
  protocol: 'tcp' | 'udp' | 'sctp';
  origin: Origin;
}

/** A ulimit (`--ulimit nofile=1024:2048`, Compose `ulimits`). */
export interface Ulimit {
  name: string;
  soft?: number;
  hard?: number;
  origin: Origin;
}

/**
 * Resource limits. Units: bytes for memory, nanoCPUs (1e9 = one CPU) for `nanoCpus`, relative weight
 * for `cpuShares`, microseconds for `cpuQuota`/`cpuPeriod`, a count for `pidsLimit` (≤ 0 means
 * unlimited), bytes for `storageSize`. Source: Docker Engine API `HostConfig`, compose-spec
 * `deploy.resources`, paper §V.2.6 (R-G6), CIS 5.10/5.11/5.28.
 */
export interface Resources {
  memory?: Sourced<number>;
  memorySwap?: Sourced<number>;
  memoryReservation?: Sourced<number>;
  nanoCpus?: Sourced<number>;
  cpuShares?: Sourced<number>;
  cpuQuota?: Sourced<number>;
  cpuPeriod?: Sourced<number>;
  cpusetCpus?: Sourced<string>;
  cpusetMems?: Sourced<string>;
  pidsLimit?: Sourced<number>;
  ulimits: Ulimit[];
  storageSize?: Sourced<number>;
  blkioWeight?: Sourced<number>;
  /**
   * `oom_kill_disable` / `--oom-kill-disable` / `HostConfig.OomKillDisable`: the kernel OOM killer spares the
   * container's processes (cgroup v1 `memory.oom_control`; ignored on cgroup v2). docker run reference "User memory
   * constraints": only with a memory limit.
   */
  oomKillDisable?: Sourced<boolean>;
  /**
   * `oom_score_adj` / `--oom-score-adj` / `HostConfig.OomScoreAdj`: the processes' `/proc/<pid>/oom_score_adj`,
   * -1000 (never chosen by the OOM killer) to 1000.
   */
  oomScoreAdj?: Sourced<number>;
}

/** A restart policy (`--restart on-failure:5`, Compose `restart` or `deploy.restart_policy`). */
export interface RestartPolicy {
  /** `no`, `always`, `unless-stopped`, `on-failure` (`any` from deploy maps to `always`). */
  name: string;
  /** Maximum retries; only meaningful for `on-failure` (and deploy's `max_attempts`). */
  maxRetries?: number;
}

/**
 * Everything bulwark knows about one container as deployed.
 *
 * Lists are empty when nothing was set. Optional fields are `undefined` when not set, and then
 * Docker's default applies (`model/defaults.ts`).
 */
export interface ContainerSpec {
  target: Target;
  source: SourceKind;
  /** The file the container was described in (path as given). */
  file: string;
  image?: Sourced<string>;
  /** `user` / `-u` / `USER` as written: `name`, `uid`, `uid:gid`. */
  user?: Sourced<string>;
  privileged?: Sourced<boolean>;
  /** Added capabilities, normalized with `normalizeCapability` (upper case, no `CAP_`, or `ALL`). */
  capAdd: Sourced<string>[];
  /** Dropped capabilities, normalized likewise. */
  capDrop: Sourced<string>[];
  securityOpt: SecurityOpt[];
  readOnlyRootfs?: Sourced<boolean>;
  mounts: Mount[];
  devices: Device[];
  /** `--device-cgroup-rule` / `device_cgroup_rules` entries such as `c 189:* rmw`. */
  deviceCgroupRules: Sourced<string>[];
  namespaces: {
    network?: Sourced<NamespaceMode>;
    pid?: Sourced<NamespaceMode>;
    ipc?: Sourced<NamespaceMode>;
    uts?: Sourced<NamespaceMode>;
    userns?: Sourced<NamespaceMode>;
    cgroupns?: Sourced<NamespaceMode>;
  };
  /** Named networks the container joins (Compose `networks`, `--network name`). */
  networks: Sourced<string>[];
  resources: Resources;
  restart?: Sourced<RestartPolicy>;
  /** OCI runtime (`runc`, `runsc`, `kata-runtime`, `io.containerd.runc.v2`). */
  runtime?: Sourced<string>;
  env: EnvVar[];
  envFiles: Sourced<string>[];
  /**
   * The entries of `envFiles` whose file could not be read (missing: a `.env` kept out of the repository; unreadable;
   * its path an unresolved variable): their variables are unknown, which BW-0026 reports as unknown.
   */
  envFilesUnread?: Sourced<string>[];
  /** Compose/Swarm secrets granted to the container (names). */
  secrets: Sourced<string>[];
  ports: Port[];
  /** Image ports exposed without publishing (`--expose`, Compose `expose`). */
  expose: Sourced<string>[];
  /** `disabled: true` for `--no-healthcheck`/`disable: true`; otherwise the test as written. */
  /**
   * The health check. `test`: its words joined by spaces as written (`CMD-SHELL curl -f x`, or a Compose string
   * `curl -f x`). `testArgs`: the test as the engine stores it (`Config.Healthcheck.Test`: `['CMD-SHELL', 'curl -f x']`,
   * exec form `['CMD', 'curl', '-f', 'x']`), when the input gives it as a list (Compose list form, inspect output).
   * `testWritten`: `test` before Compose interpolation, when a variable that is set filled part of it in
   * (`-p${MYSQL_ROOT_PASSWORD}` with the variable in `.env`), so a secret filled in from it is still found at the reference.
   */
  healthcheck?: Sourced<{ disabled: boolean; test?: string; testArgs?: string[]; testWritten?: string }>;
  logging?: { driver?: Sourced<string>; options: Record<string, Sourced<string>> };
  sysctls: { name: string; value: string; origin: Origin }[];
  /** Legacy `--link` / Compose `links` / `external_links`. */
  links: Sourced<string>[];
  /** `--volumes-from` / `volumes_from`. */
  volumesFrom: Sourced<string>[];
  /** `--group-add`. */
  groupAdd: Sourced<string>[];
  /** `--init`. */
  init?: Sourced<boolean>;
  /** The command (args after the image, Compose `command`), as written. */
  command?: CommandWords;
  entrypoint?: CommandWords;
  /** `--rm`: a one-off container removed when it exits. */
  autoRemove?: Sourced<boolean>;
  /** Labels (`-l`, Compose `labels`). */
  labels: Record<string, Sourced<string>>;
  /** Extra hosts, DNS and other settings bulwark keeps but no rule reads yet. */
  extra: Record<string, Sourced<unknown>>;
  /**
   * Processes the engine starts in the container besides its own command, as `docker exec` does: Compose
   * lifecycle hooks (`post_start`, `pre_stop`). Absent or empty when there are none.
   */
  execs?: ExecSpec[];
  /**
   * Where an input shows a setting explicitly at its "unset" value, e.g. inspect's `"Memory": 0`,
   * `"CapDrop": null`, `"User": ""`, `"SecurityOpt": null`; rules about missing settings point here
   * instead of at the target. Keys are the model's field names (`user`, `capDrop`, `readOnlyRootfs`,
   * `securityOpt`, `privileged`, and the {@link Resources} keys `memory`, `nanoCpus`, `pidsLimit`, `ulimits`).
   * Set by the inspect ingester (src/ingest/inspect/) for files and a live engine.
   */
  unsetAt?: Partial<Record<string, Origin>>;
  /**
   * The image's default user (`docker image inspect` → `Config.User`; `''` means root), when the image
   * was inspected. With no {@link user}, it decides whether "no user" is a definite root (CIS 4.1).
   * `origin` is the container's image reference. For a Compose service built from a Dockerfile bulwark can read
   * ({@link BuildSpec.read}), the USER of the built stage, which the builder records as `Config.User`; `origin` is
   * that USER's value in the Dockerfile.
   */
  imageUser?: Sourced<string>;
  /**
   * How a Compose service's image is built (`build:`, compose-spec build.md), when it is: the context, the
   * Dockerfile, the build arguments. Absent for other inputs.
   */
  build?: BuildSpec;
  /**
   * What a live audit knows about the engine that runs the container (src/live/audit.ts); absent for files. Rules
   * judge host paths against this engine's own socket and data root, not only the standard ones.
   */
  engine?: EngineFacts;
}

/**
 * A Compose service's `build` (compose-spec build.md): `build: ./dir` (the context only) or the long form.
 * Values are as written, interpolated; relative paths are not resolved (the context is relative to the Compose
 * file's directory, `dockerfile` to the context).
 */
export interface BuildSpec {
  /** `build: <context>` / `build.context`; unset means `.` (the Compose file's directory). A URL for a remote context. */
  context?: Sourced<string>;
  /** `build.dockerfile`: the Dockerfile's path relative to the context; unset means `Dockerfile`. */
  dockerfile?: Sourced<string>;
  /**
   * `build.dockerfile_inline`: the Dockerfile's text as Compose builds it (after interpolation: `$$` is `$`).
   * The Compose ingester audits it as the service's Dockerfile ({@link IngestResult.embeddedImages}).
   */
  dockerfileInline?: Sourced<string>;
  /** Where the characters of {@link dockerfileInline} are written in the Compose file. */
  dockerfileInlineMap?: EmbeddedTextMap;
  /** `build.target`: the stage built (Dockerfile `AS name`); unset means the last stage. */
  target?: Sourced<string>;
  /**
   * `build.args` (map or list form) as environment-style entries: each is `docker build --build-arg NAME=value`.
   * `valueOrigin` covers the value's characters; a value-less entry (`- NPM_TOKEN`) is `passthrough`.
   */
  args: EnvVar[];
  /**
   * `build.labels` (map or list form; compose-spec build.md "labels"): the labels the builder writes into the image
   * config (`Config.Labels`, as Dockerfile `LABEL` and `docker build --label` do), by key, each with `origin` on its
   * entry, `raw` when it holds a variable reference, and `how` `unresolved` for an unset variable.
   */
  labels?: Record<string, Sourced<string>>;
  /** The whole `build:` entry. */
  origin: Origin;
  /**
   * The Dockerfile bulwark read for this build, when its image's user came from it ({@link ContainerSpec.imageUser}):
   * its path as read (`app/Dockerfile`), or `inline` for `dockerfile_inline`; `stage`: the `target` stage whose USER
   * it is, when not the last; `args`: the {@link args} names the USER's value took (`USER ${APP_UID}` built with
   * `args: {APP_UID: "0"}`), when any.
   */
  read?: { file: string; inline: boolean; stage?: string; args?: string[] };
}

/**
 * Where a text taken from a bigger file (the host) is written in it: a Compose `build.dockerfile_inline` value.
 *  - `lines`: per line of the text, its offset in the text (`at`), the offset in the host file of the line's first
 *    character (after the YAML indentation) and the line's length there. Given for a literal block scalar (`|`, `|-`,
 *    `|+`, any indentation), whose lines are the host's lines minus their indentation. A line that interpolation
 *    changed keeps its place (its columns are approximate, and a mask covers the whole line); a column past its
 *    written length maps to the line's end.
 *  - `key`: what to point at when `lines` is absent (a quoted, folded or plain scalar, whose escapes or folded line
 *    breaks make a character-for-character mapping impossible): the key that holds the text.
 *  - `whole`: the characters that hold the text (the scalar); masked whole when `lines` is absent.
 */
export interface EmbeddedTextMap {
  /** The host file's path. */
  file: string;
  /** `changed`: interpolation changed the line (`$$` → `$`, `${VAR}` filled in), so its columns are approximate. */
  lines?: { at: number; file: number; length: number; changed?: true }[];
  key: { start: number; end: number };
  whole: { start: number; end: number };
}

/**
 * The range of the host file (see {@link EmbeddedTextMap}) that shows range `r` of the embedded text: where it is
 * written, line for line; without a line map, the key (`mask` false: to point at) or the whole value (`mask` true:
 * to hide, so that no character of a secret in it shows).
 */
export function embeddedRange(map: EmbeddedTextMap, r: { start: number; end: number }, mask = false): SourceRange {
  const lines = map.lines;
  if (!lines?.length) return { file: map.file, ...(mask ? map.whole : map.key) };
  /** The index of the line that holds `offset`. */
  const at = (offset: number) => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid].at <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const place = (offset: number, i: number) => lines[i].file + Math.min(Math.max(offset - lines[i].at, 0), lines[i].length);
  const a = at(r.start);
  const b = at(Math.max(r.start, r.end - 1));
  // A secret on a line whose columns moved (interpolation): the whole of each such line it touches.
  const start = mask && lines[a].changed ? lines[a].file : place(r.start, a);
  const end = mask && lines[b].changed ? lines[b].file + lines[b].length : place(r.end, at(r.end));
  return { file: map.file, start, end: Math.max(start, end) };
}

/**
 * Facts of the audited engine a container rule may need (live audit only).
 *  - `sockets`: host paths of the engine's unix sockets: the one the audit connected through (`unix://` path) and the
 *    daemon's `-H unix://…` / daemon.json `hosts` listeners (dockerd(8) `--host`). A bind of one of them, or of a
 *    directory above one, gives the container the engine's API (CIS 5.32).
 *  - `dataRoot`: `/info` `DockerRootDir`, the engine's state directory (default /var/lib/docker; `--data-root`).
 */
export interface EngineFacts {
  sockets: string[];
  dataRoot?: string;
  /**
   * Whether the engine's host enforces AppArmor and SELinux (`HostSpec.mac`, a local engine's host facts): `disabled`
   * means the kernel has no such LSM, so options that turn it off (`apparmor=unconfined`, `label=disable`) change
   * nothing there. Absent when the host is not known (a remote engine).
   */
  mac?: { apparmor: 'enabled' | 'disabled' | 'unknown'; selinux: 'enforcing' | 'permissive' | 'disabled' | 'unknown' };
  /**
   * Whether the engine has Docker's default bridge network (`GET /networks` lists `bridge` with driver `bridge`):
   * `false` for dockerd `--bridge=none` (daemon.json `"bridge": "none"`), which creates none, so a container started
   * without a network gets only `lo` (dockerd(8)). Absent when not known.
   */
  defaultBridge?: boolean;
}

/** One Dockerfile instruction, as bulwark's Dockerfile rules see it. */
export interface Instruction {
  /** Upper-case keyword (`RUN`, `ENV`, `FROM` …). */
  keyword: string;
  /** The arguments' text as written, continuations joined with `\n` kept. Heredoc bodies excluded. */
  args: string;
  /** The whole instruction, including heredoc bodies. */
  range: SourceRange;
  /** Just the arguments. */
  argsRange: SourceRange;
  /** Heredoc bodies attached to the instruction (`RUN <<EOF`, `COPY <<EOF /x`). */
  heredocs: { name: string; body: string; range: SourceRange }[];
  /** `--flag=value` options (`--chmod`, `--from`, `--mount`, `--checksum`…). */
  flags: Record<string, string>;
}

/** One build stage of a Dockerfile. */
export interface Stage {
  index: number;
  /** `AS name`, lower-cased as BuildKit does; `undefined` when unnamed. */
  name?: string;
  /** The base image as written (`python:3.12-slim`, `builder`, `scratch`). */
  from: Sourced<string>;
  /** The earlier stage this one is built `FROM`, if any. */
  parent?: Stage;
  /** The FROM instruction. */
  fromRange: SourceRange;
  instructions: Instruction[];
  /** The last USER of this stage or, failing that, of the stage it inherits from. */
  user?: Sourced<string>;
  /** ENV variables set in this stage (and inherited). Values after ARG/ENV substitution when known. */
  env: EnvVar[];
  /** ARG names declared in the stage. */
  args: Sourced<string>[];
}

/** A Dockerfile, as bulwark's image rules see it. Paper §IV.4 (poisoned images), CIS section 4. */
export interface ImageBuildSpec {
  file: string;
  stages: Stage[];
  /** The stage that becomes the image (the last one, unless a target stage is chosen). */
  finalStage: Stage;
  /** Target of the final stage: the stage name or the base image. */
  target: Target;
  /** Parser directives (`# syntax=`, `# escape=`). */
  directives: Record<string, string>;
  /**
   * For a Dockerfile written inside another file (Compose `build.dockerfile_inline`): its own text (`source`, whose
   * path the image's origins name) and where that text is written in {@link file}, the host (`map`). The engine
   * gives rules `source` and reports each finding where `map` puts it (see {@link embeddedRange}).
   */
  embedded?: { source: import('./source.js').SourceFile; map: EmbeddedTextMap };
}

/**
 * An image's config as `docker image inspect` shows it, read into the OCI image-spec config.md shape the image
 * rules read (`{architecture, os, config: {User, Env, ExposedPorts, Healthcheck, Labels, Cmd, Entrypoint}}`; Docker's
 * `Config` is the OCI `config`). Paper §IV.4 (poisoned images), CIS Docker Benchmark 1.6.0 section 4.
 */
export interface ImageConfigSpec {
  /** `{kind: 'image', name}`: the first `RepoTags` entry, else `sha256:` and 12 hex digits of the id; `range` the object. */
  target: Target;
  file: string;
  config: import('../verify/types.js').ImageConfigJson;
  /**
   * Where a field is written, given as a JSON pointer into {@link config} (`/config/User`, `/config/Env/2`): the
   * origin of that value in the file (Docker's `/Config/User`), or of its nearest existing parent.
   */
  locate(pointer: string): Origin;
}

/** A problem with one input: unreadable, not parseable, too big. Listed apart from findings. */
export interface InputError {
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** Machine-readable reason: `parse`, `read`, `binary`, `too-large`, `too-deep`, `alias-bomb`, `usage`, `interpolation`, `extends`, `unsupported`, `internal`. */
  code: string;
}

/** What one ingester produced from one input (or one Compose project). */
export interface IngestResult {
  containers: ContainerSpec[];
  images: ImageBuildSpec[];
  errors: InputError[];
  /** Ranges of secret values seen while ingesting, to mask in every report (R-S). */
  secretRanges?: SourceRange[];
  /**
   * Secret values the ingester knows that no file of its own writes where they are used (a variable's value from `.env`
   * or the environment that Compose fills into `command: … ${REDIS_PASSWORD}`): the engine masks them wherever the
   * group's files and `extraSources` repeat them, as it masks the echoes of `secretRanges` (R-S).
   */
  secretValues?: string[];
  /**
   * Ranges of the input's comments (from `#` to the end of the line), as its own parser sees them. When
   * given, a `# bulwark-ignore` directive counts only inside one of them (never inside a string).
   */
  comments?: SourceRange[];
  /**
   * Files the ingester read besides its inputs (a Compose `extends: {file: base.yml}`), so that origins
   * pointing into them resolve to their lines and columns, their secrets are masked and their
   * `# bulwark-ignore` directives count. The engine registers each by its `path` (as used in origins).
   */
  extraSources?: import('./source.js').SourceFile[];
  /**
   * Dockerfiles written inside the input (Compose `build.dockerfile_inline`), each with its `embedded` text and map:
   * audited by the Dockerfile rules as the images of the input, findings located in the input. Kept apart from
   * `images`, whose origins are offsets into the input itself (what editors such as `bulwark harden` rely on).
   */
  embeddedImages?: ImageBuildSpec[];
  /** Docker daemons described by the input (daemon.json, dockerd flags, systemd units, a live engine). */
  daemons?: import('./daemon.js').DaemonSpec[];
  /** Hosts audited (live, local engine only). */
  hosts?: import('./host.js').HostSpec[];
  /**
   * Images of `docker image inspect` / `podman image inspect` output (counted in the file's `images`): targets of
   * their own, audited by the image-config rules (BW-0401 user, BW-0402 secrets, BW-0403 SSH port, BW-0404
   * health check) as `bulwark verify` audits an archive's config. Their config also makes a container of the same
   * file that uses the image definite about its user.
   */
  imageConfigs?: ImageConfigSpec[];
  /**
   * Networks a Compose file defines at the top level for its services (compose-spec 06-networks.md) that swarm
   * creates on `docker stack deploy`: overlay ones, with whether `driver_opts` asks for `encrypted` (libnetwork
   * encrypts when the option is present, whatever its value). `origin` is the `driver` value. External networks
   * are not the file's to configure and are left out.
   */
  networks?: ProjectNetwork[];
  /**
   * `docker exec` command lines whose container the input does not start itself (no `docker run --name` of that
   * name in the same file): the process and the container's name. Those of a container the input starts are in
   * that container's `execs`.
   */
  execs?: ExecLine[];
  /** Literal secrets on the script's `docker build --build-arg` and `docker login -p` lines ({@link HostCommandSecret}). */
  hostSecrets?: HostCommandSecret[];
}

/**
 * A secret written on a container tool's own command line in a script (src/ingest/run/host-secrets.ts): the literal
 * value of `docker build --build-arg NAME=value` (`kind: 'build-arg'`, `name` the argument) or of `docker login
 * -p|--password value` (`kind: 'registry-login'`, `name` the option as written). `valueOrigin` is the value's
 * characters, `command` the whole command line from the `docker` word.
 */
export interface HostCommandSecret {
  kind: 'build-arg' | 'registry-login';
  name: string;
  valueOrigin: Origin;
  command: Origin;
}

/** A `docker exec` command line (see {@link IngestResult.execs}). */
export interface ExecLine {
  /** The container as named on the line (a name or an ID); with `service`, the Compose service's name. */
  container: string;
  /** True for a `docker compose exec SERVICE …` line: `container` names a Compose service, not a container. */
  service?: boolean;
  exec: ExecSpec;
}

/** A network a Compose file defines (see {@link IngestResult.networks}). */
export interface ProjectNetwork {
  /** The key under top-level `networks`. */
  name: string;
  /** The driver as written (`overlay`). */
  driver: string;
  /** Whether `driver_opts` has `encrypted` (docker network create --opt encrypted). */
  encrypted: boolean;
  origin: Origin;
}

/**
 * One process started in a running container by the engine (`docker exec`, `POST /containers/{id}/exec`): a
 * Compose lifecycle hook (compose-spec 05-services.md `post_start` / `pre_stop`, Compose 2.30+: `command`, `user`,
 * `privileged`, `working_dir`, `environment`), or an exec instance of a live container (`ProcessConfig`). CIS Docker Benchmark 1.6.0 5.23 (exec with the privileged option)
 * and 5.24 (exec with user=root).
 */
export interface ExecSpec {
  /**
   * Which: `post_start` runs after the container starts, `pre_stop` before it is stopped; `exec` is an exec
   * instance a running engine still lists for the container (`ExecIDs`, `GET /exec/{id}/json`: live audit);
   * `docker-exec` a `docker exec` command line in a script or document (src/ingest/run/exec.ts); `compose-exec` a
   * `docker compose exec` / `docker-compose exec` line there (into a Compose service's container); `probe` a
   * Kubernetes liveness, readiness or startup probe's `exec.command` (run in the container by the kubelet; Kubernetes
   * `lifecycle.postStart`/`preStop` `exec` handlers are `post_start`/`pre_stop`).
   */
  kind: 'post_start' | 'pre_stop' | 'exec' | 'docker-exec' | 'compose-exec' | 'probe';
  /** `privileged: true`: the process gets every capability (moby `execSetPlatformOpt`), in the container's namespaces. */
  privileged?: Sourced<boolean>;
  /** `user:` (`name`, `uid`, `uid:gid`); unset: the container's user. */
  user?: Sourced<string>;
  /** `command:` as words (a string is split as the shell would). */
  command?: Sourced<string[]>;
  /** The hook's own `environment:` (added to the container's for this process only). */
  env?: EnvVar[];
  /** The whole hook entry as written. */
  origin: Origin;
}

/** Creates an empty container spec with every list initialised. */
export function emptyContainer(target: Target, source: SourceKind, file: string): ContainerSpec {
  return {
    target,
    source,
    file,
    capAdd: [],
    capDrop: [],
    securityOpt: [],
    mounts: [],
    devices: [],
    deviceCgroupRules: [],
    namespaces: {},
    networks: [],
    resources: { ulimits: [] },
    env: [],
    envFiles: [],
    secrets: [],
    ports: [],
    expose: [],
    sysctls: [],
    links: [],
    volumesFrom: [],
    groupAdd: [],
    labels: {},
    extra: {},
  };
}

/** Where `use_api_socket` and `docker run --use-api-socket` put the engine's API socket (docker/cli `createContainer`). */
export const API_SOCKET_PATH = '/var/run/docker.sock';

/**
 * The bind mount that `use_api_socket: true` (compose-spec `services.use_api_socket`, Compose 2.33+) and
 * `docker run --use-api-socket` (Docker CLI 28.1+) add to a container: the engine's socket `/var/run/docker.sock`
 * at `/var/run/docker.sock`, read-write (docker/cli `cli/command/container/create.go`, which also writes the
 * user's resolved registry credentials to `/run/secrets/docker/config.json` in the container). Modelled as that
 * mount with syntax `api-socket`, so the socket rules see it as they see `-v /var/run/docker.sock:…` (R-B).
 * `origin` is the setting as written; `unresolved` when its value is an unset variable.
 */
export function apiSocketMount(origin: Origin, unresolved = false): Mount {
  const m: Mount = { type: 'bind', source: API_SOCKET_PATH, target: API_SOCKET_PATH, readOnly: false, options: [], origin, syntax: 'api-socket' };
  if (unresolved) m.unresolved = true;
  return m;
}

/** Builds a file origin. */
export function fileOrigin(file: string, start: number, end: number): Origin {
  return { kind: 'file', file, start, end };
}

/** Wraps a value written at `origin`. */
export function explicit<T>(value: T, origin: Origin, raw?: string): Sourced<T> {
  return raw === undefined ? { value, origin, how: 'explicit' } : { value, origin, how: 'explicit', raw };
}

/**
 * The target name of a stage: its `AS` name; else its FROM image, unless another stage has that name or that image
 * (`FROM debian:12 AS base` … `FROM base`; two `FROM alpine` stages): then `<image> #N`, N the stage's 1-based place, so
 * the stages are told apart in reports.
 */
export function stageName(stages: readonly Stage[], st: Stage): string {
  if (st.name) return st.name;
  const from = st.from.value;
  const clash = stages.some((o) => o !== st && (o.name === from || (!o.name && o.from.value === from)));
  return clash ? `${from} #${stages.indexOf(st) + 1}` : from;
}
