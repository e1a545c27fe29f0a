/**
 * The result of an audit: what reporters print and what the library API returns.
 * The JSON report is this object minus the non-enumerable source texts (`schema/audit-result.schema.json`).
 */
import type { Location, SourceFile } from '../model/source.js';
import type { InputError, InputKind } from '../model/types.js';
import type { AttackClass, CisVersion, RuleMeta, Severity } from '../rules/types.js';

/** Version of the JSON report format; bumped on any incompatible change. */
export const SCHEMA_VERSION = '1.0.0';

/** One finding: a rule that failed for one target at one place. */
export interface Finding {
  /** Stable rule id, `BW-0001`. */
  ruleId: string;
  /** Rule slug, `privileged-container`. */
  slug: string;
  title: string;
  /** Effective severity (rule default, per-finding adjustment, then config override). */
  severity: Severity;
  /** One sentence with the concrete value; never contains a secret value. */
  message: string;
  attackClasses: AttackClass[];
  /** requirements.md ids. */
  requirements: string[];
  /** CIS Docker Benchmark ids keyed by benchmark version, e.g. `{"1.6.0": ["5.4"]}`. */
  cis: Partial<Record<CisVersion, string[]>>;
  /** The container the finding is about: Compose service, run line (`--name` or image), Dockerfile stage, or the file. */
  /** The container, service, stage or file; `id` for a container from inspect output or a live engine (issue 3: name and id). */
  target: { kind: string; name: string; id?: string; workload?: import('../model/types.js').Workload };
  /** 1-based, end column exclusive. */
  location: Location;
  /** `unknown` when the value could not be known (unresolved `${VAR}`, image default user not inspected). */
  certainty: 'definite' | 'unknown';
  /** Structured facts (`{capability: 'SYS_ADMIN'}`). */
  data: Record<string, string | number | boolean>;
  /** The exact fix for this input kind. */
  remediation: string;
  /**
   * What `bulwark harden` does for this very finding (src/harden/label.ts `fixLabel`, harden's default profile):
   * `safe` fixed by default; `unsafe` only with `--unsafe-fixes` (a safe partial change may be made by default:
   * BW-0003 drops NET_RAW); `manual` left as it is (no fix applies to this finding, the Compose editor cannot
   * make the change, or the input is one harden does not rewrite: inspect output, a daemon, a live engine).
   * May differ from the rule's `fix` (BW-0011: a writable `/etc` bind is `safe`, `/var/lib/docker` `unsafe`).
   */
  fix: 'safe' | 'unsafe' | 'manual';
  /** Documentation of the rule (`docs/rules/<slug>.md`). */
  helpUri: string;
  /** JSON pointer of the field the finding is about, for `docker inspect` output and a live engine (`/HostConfig/Privileged`). */
  pointer?: string;
}

/** A `# bulwark-ignore` directive and whether it was used. */
export interface Suppression {
  file: string;
  line: number;
  /** Rule ids or slugs it names. */
  rules: string[];
  reason: string;
  used: boolean;
}

/**
 * One input audited: a file named on the command line or found in a directory. Files an input reads in turn
 * (Compose `extends`/`include`, `env_file`, a seccomp profile) are not inputs: findings located in them name them.
 */
export interface AuditedFile {
  path: string;
  kind: InputKind;
  /** Size in bytes. */
  bytes: number;
  /** Number of containers (services, run lines) and images (Dockerfiles, `docker image inspect` objects) found in it. */
  containers: number;
  images: number;
}

/** The outcome of `audit()`. */
export interface AuditResult {
  schemaVersion: string;
  tool: { name: 'bulwark'; version: string };
  /** Findings, sorted by file, line, column, rule id. Suppressed findings are not included. */
  findings: Finding[];
  /** Inputs that could not be read or parsed, listed apart from findings. */
  errors: InputError[];
  /**
   * Things the reader left unchecked without failing, listed apart from findings and errors; absent when there
   * are none. `bulwark verify` writes them for blobs an image archive's index names that the archive does not
   * hold, of what is not verified (code `verify-not-in-archive`; another platform, an attestation); `bulwark audit` for
   * a systemd unit file or drop-in that a same-named file in a unit directory of higher precedence replaces, which
   * systemd never reads and so is not judged (code `systemd-overridden`, the replacing file named in the message).
   */
  notes?: InputError[];
  files: AuditedFile[];
  suppressions: Suppression[];
  /** Metadata of the rules that ran. */
  rules: RuleMeta[];
  summary: {
    files: number;
    targets: number;
    findings: number;
    bySeverity: Record<Severity, number>;
    suppressed: number;
  };
  /**
   * Source texts with every secret value masked (same length, `*`), keyed by file path; for code
   * frames and snippets. Non-enumerable: not part of the JSON report.
   */
  readonly sources: Map<string, SourceFile>;
  /**
   * Absolute paths of the files the audit read besides its inputs: a directory's `.env` (read for interpolation
   * even when nothing of it is shown), Compose `env_file` and `extends` files, seccomp profiles, a run line's
   * `--env-file`. The CLI refuses them as `-o` targets. Non-enumerable: not part of the JSON report; absent from
   * results not made by `audit()`.
   */
  readonly read?: ReadonlySet<string>;
}

/** Options of `audit()`. */
export interface AuditOptions {
  /** Rules to run; default all. */
  rules?: import('../rules/types.js').Rule[];
  /** Config file contents already loaded (see `engine/config.ts`); default: `.bulwark.yaml` in `cwd` if present. */
  config?: import('./config.js').BulwarkConfig;
  /** Path of a config file to load. */
  configPath?: string;
  /** Working directory for relative paths and config discovery; default `process.cwd()`. */
  cwd?: string;
  /** Variables for Compose interpolation; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Files of one Compose project, merged in order (`-f a.yml -f b.yml`). */
  composeProject?: string[];
  /** Forces the kind of every explicit input (`--kind`); `-` (stdin) needs it or `stdinFilename`. */
  kind?: InputKind;
  /**
   * Stdin when an input is `-`: its bytes or its text. It goes through a file's checks (`maxFileSize`, binary,
   * UTF-16 byte order mark, invalid UTF-8); bytes read with `readBounded` stop one past the limit.
   */
  stdin?: string | Uint8Array;
  /**
   * The path stdin stands for (`--stdin-filename`, as ESLint's): its kind is detected from the name (and content)
   * unless `kind` is given, and findings, errors and reports (SARIF's artifact location) name it instead of `-`.
   */
  stdinFilename?: string;
  /** Files larger than this are refused with an input error; bytes, default 10 MiB. */
  maxFileSize?: number;
  /**
   * Worker threads for a directory of many files (at least 64); default 1. The result is the same as with
   * one thread. Used only from the bundled CLI (`--jobs`), where the worker script exists.
   */
  jobs?: number;
  /** Called after each input file is done (progress). */
  onFile?: (path: string) => void;
  /**
   * Called with each file named in `paths` or `composeProject` (or stdin's `stdinFilename`) that the config's
   * `ignore:` patterns match: it is skipped, as ESLint skips such a file (the CLI warns on stderr).
   */
  onIgnored?: (path: string) => void;
  /**
   * `paths` is the working directory the CLI audits when no path is named (`bulwark audit`), not one the user named:
   * when `ignore:` skips everything in it, that is "nothing to audit", not the input error a named directory gets.
   */
  defaultPath?: boolean;
}

/** An in-memory input (tests, stdin, the library API). */
export interface SourceInput {
  path: string;
  text: string;
  kind?: InputKind;
}
