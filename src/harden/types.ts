/**
 * Shared types of `bulwark harden` (issue 4): text edits, fixes and the profile of invented values.
 *
 * Shape after ESLint's fixers and Ruff's fix applicability: a fix is a plain text edit over UTF-16
 * offsets of the ORIGINAL text; overlapping edits are deferred to the next round (ESLint's
 * `source-code-fixer` does the same) and harden re-audits until nothing is left to fix.
 */
import type { Finding } from '../engine/types.js';
import type { ContainerSpec, ImageBuildSpec, Mount, SecurityOpt, Sourced } from '../model/types.js';

/** One text edit: replace `[start, end)` (UTF-16 offsets into the original text) with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
  /**
   * Among insertions at the same offset, lower goes first (default 0). Compose inserts use minus twice the
   * indentation (plus one for list items) so that lines of a deeper block come before a key of an outer one.
   */
  rank?: number;
  /**
   * The file the edit is in, when harden edits several files at once (a Compose project: base, overrides and included
   * files; `compose-project.ts`). Absent: the input being hardened.
   */
  file?: string;
}

/** Ruff's fix applicability: `safe` fixes are applied by default, `unsafe` ones only with `--unsafe-fixes`. */
export type Applicability = 'safe' | 'unsafe';

/**
 * Values a fix has to invent, with bulwark's documented defaults ({@link DEFAULT_PROFILE}).
 * Units: `memory` as Compose / `docker run --memory` write it (`512m`: bytes with a k/m/g suffix),
 * `cpus` in CPUs (`1.0` = one CPU, the Engine API's NanoCpus / 1e9), `pidsLimit` a process count.
 */
export interface HardenProfile {
  /** `pids_limit` / `--pids-limit` (R-D, R-G6, CIS 5.29). Default 256. */
  pidsLimit: number;
  /** `mem_limit` / `--memory` (R-D, R-G6, CIS 5.11). Default `512m`. */
  memory: string;
  /** `cpus` / `--cpus` (R-D, R-G6, CIS 5.12). Default `1.0`. */
  cpus: string;
  /** `user` / `--user` / Dockerfile `USER` for containers that run as root (R-K, CIS 4.1). Default `65532:65532` (distroless' nonroot). */
  user: string;
  /**
   * Capabilities added back after `cap_drop: [ALL]` (capabilities(7) names without `CAP_`). Default none:
   * bulwark cannot know what an entrypoint needs; `gosu`/`su-exec` entrypoints need CHOWN, SETUID, SETGID.
   */
  keepCapabilities: string[];
  /** Paths given a tmpfs when the root filesystem is made read-only (R-K, CIS 5.13). Default `/tmp`, `/run`. */
  tmpfs: string[];
  /**
   * Known digests for image references as written (`node:20-slim` → `sha256:…`), from `--pin-from` or the
   * profile's `pins`: images and base images found here get `@sha256:…` (CIS 4.2, 5.28; paper §IV.4, R-P). Default none.
   */
  pins: Record<string, string>;
  /**
   * The user-defined network a `docker run` line without `--network` (on the default bridge, BW-0038) is
   * put on: `--network <network>`, created once per script or Markdown block by bulwark's
   * `docker network inspect … || docker network create …` line (paper §V.2.15, R-G15 "per-app networks",
   * R-M, CIS 5.30). A Docker network name: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`, not `bridge`, `default`, `host`
   * or `none`. Default `bulwark`.
   */
  network: string;
}

/** What each fix needs to change one container, whatever it is written in (Compose service, `docker run` line, Kubernetes container). */
export interface ContainerEditor {
  /** `compose`, `run` or `kubernetes` (a container of a Kubernetes manifest: `kubernetes.ts`). */
  readonly kind: 'compose' | 'run' | 'kubernetes';
  /** Adds a security option (`no-new-privileges:true`). */
  addSecurityOpt(value: string): boolean;
  /** Removes a security option as written. */
  removeSecurityOpt(opt: SecurityOpt): boolean;
  /** Adds capabilities to `cap_drop`. */
  addCapDrop(caps: string[]): boolean;
  /** Adds capabilities to `cap_add`. */
  addCapAdd(caps: string[]): boolean;
  /** Sets a scalar setting, replacing `existing` when written; `note` becomes a `bulwark:` comment. */
  setScalar(setting: ScalarSetting, value: string, existing: Sourced<unknown> | undefined, note?: string): boolean;
  /** Adds tmpfs mounts at `paths`. */
  addTmpfs(paths: string[]): boolean;
  /** Makes a bind mount read-only. */
  mountReadOnly(m: Mount): boolean;
  /** Removes a mount. */
  removeMount(m: Mount): boolean;
  /** Appends `suffix` to the value ending at `end` (inside its closing quote, if quoted): `@sha256:…` to an image. */
  appendToValue(end: number, suffix: string): boolean;
  /** Edits made so far. */
  readonly edits: TextEdit[];
  /** Why a requested change could not be made (an anchor shared with other services, a flow mapping, another file). */
  readonly problems: string[];
}

/**
 * Scalar settings a fix may set; the Compose key, `docker run` flag and Kubernetes field of each are in the editors.
 * `cpuQuota`: CFS quota in microseconds per `cpu_period` (`cpu_quota` / `--cpu-quota`; no Kubernetes field).
 */
export type ScalarSetting = 'pids' | 'memory' | 'cpus' | 'cpuQuota' | 'readOnly' | 'user';

/** Dockerfile edits a fix may ask for (see `dockerfile.ts`). */
export interface DockerfileEditor {
  readonly edits: TextEdit[];
  readonly problems: string[];
  readonly text: string;
  readonly image: ImageBuildSpec;
  /** Appends `suffix` to the value ending at `end`. */
  appendToValue(end: number, suffix: string): boolean;
}

/** Facts about the change a fix made, for the explanation printed with the diff. */
export interface FixText {
  /** What the fix does, one line (`add security_opt no-new-privileges:true`). */
  title: string;
  /** The attack the fix stops (paper §IV class and mechanism). */
  attack: string;
  /** What the fix may break. */
  breaks: string;
}

/**
 * One fix: keyed by the rule id it answers, small and declarative.
 *  - `applicability`: fixed, or decided per finding (e.g. a read-only bind is safe for `/etc`, unsafe for `/var/log`).
 *  - `applies`: whether this finding is one the fix resolves (certainty, data); default every definite finding.
 *  - `container` / `image`: make the edits through the editor; return false when nothing could be done.
 */
export interface Fix extends FixText {
  ruleId: string;
  slug: string;
  applicability: Applicability | ((f: Finding, c: ContainerSpec | undefined) => Applicability);
  /** The title and texts for a Kubernetes container where Compose words would mislead (`hostNetwork: true`, not `network_mode: host`). */
  kubernetes?: Partial<FixText>;
  /**
   * The title and texts for this very finding, where one fix makes different changes for the findings of its rule
   * (BW-0112: `EXPOSE 22` removed, or the `openssh-server` package): what the change list says must be what was done.
   */
  forFinding?(f: Finding): Partial<FixText>;
  /** `text`: the whole text being hardened, for fixes whose effect is not visible to the rule (a setuid sweep). */
  applies?(f: Finding, c: ContainerSpec | undefined, text: string, profile: HardenProfile): boolean;
  /**
   * For a finding this fix is about but does not apply to (`applies` false): why it is left as it is, one clause
   * (`openssh-server is the only package of its install command: …`), or undefined when there is nothing to say.
   * harden prints it as a not-fixed note when the fix's applicability is allowed (unsafe fixes: `--unsafe-fixes`),
   * so a finding the user asked to fix is never left without a word. `profile`: the harden profile (pins…).
   */
  leftBecause?(f: Finding, c: ContainerSpec | undefined, text: string, profile?: HardenProfile): string | undefined;
  /**
   * For a finding this fix does not apply to only because another rule's finding must be fixed first (BW-0003's drop
   * on a privileged container: a drop does nothing until BW-0001's fix removes privileged mode): that rule's id, else
   * undefined. harden makes the fix in the round after that rule's fix; the finding counts in the unsafe-fixes hint
   * when that rule's finding of the same container has a fix, and the audit labels it with this fix's applicability.
   */
  after?(f: Finding, c: ContainerSpec | undefined): string | undefined;
  container?(c: ContainerSpec, f: Finding, ed: ContainerEditor, profile: HardenProfile): boolean;
  image?(img: ImageBuildSpec, f: Finding, ed: DockerfileEditor, profile: HardenProfile): boolean;
}
