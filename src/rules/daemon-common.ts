/**
 * Helpers shared by the daemon rules (`daemon-*.ts`, CIS Docker Benchmark section 2): how to word a finding
 * about a setting that is not set, which depends on whether the spec shows the whole configuration
 * (a live engine) or one file of it (a daemon.json, a unit, a command line).
 */
import type { DaemonSpec } from '../model/daemon.js';
import type { Sourced } from '../model/types.js';

/** Source kinds a daemon rule runs for. */
export const DAEMON_INPUTS = ['daemon', 'engine'] as const;

/**
 * False for a spec that cannot show dockerd's options: a systemd socket unit (`docker.socket`, its drop-ins)
 * gives dockerd its listeners and the socket file's mode and group, never flags or daemon.json settings, so a
 * setting missing from it says nothing about the daemon (systemd.socket(5)); nor does a CI pipeline's docker:dind
 * service (`extra.ciService`, src/ingest/ci/gitlab-dind.ts), which shows only its listener. Rules about settings that are not
 * set report nothing for it; rules about what it does write (its `ListenStream=` hosts, `SocketMode=`) still run.
 */
export function showsOptions(d: DaemonSpec): boolean {
  return d.socketUnit === undefined && d.extra.ciService === undefined;
}

/**
 * The tail of a message about a setting that is not set: "not set in this file" for a partial spec (the
 * setting may still come from elsewhere: flags, another file), "not set in this file or by <unit>" for a
 * daemon.json judged with the unit that reads it (`extra.judgedWith`, src/engine/daemon-pairs.ts), "not set"
 * for a live engine.
 */
export function notSet(d: DaemonSpec, setting: string, flagOnly = false): string {
  if (d.completeness === 'complete') return `${setting} is not set`;
  if (flagOnly && commandLineUnread(d)) return `${setting} is not set in /info or daemon.json, and dockerd's command line could not be attributed to this engine (it may set it)`;
  const u = unreadVariables(d);
  const unit = d.extra.judgedWith?.value;
  if (d.source === 'daemon-json' && typeof unit === 'string') return `${setting} is not set in this file or by ${unit}${u ? ` (${u} from a file not read may set it)` : ''}`;
  if (d.source === 'daemon-json') return `${setting} is not set in this file`;
  return u ? `${setting} is not set as far as this file shows (${u} from a file not read may set it)` : `${setting} is not set as far as this file shows`;
}

/**
 * The variables of the command line that come from an `EnvironmentFile=` bulwark could not read
 * (`$OPTIONS` of `EnvironmentFile=-/etc/sysconfig/docker` in Amazon Linux's and RHEL's docker.service), as
 * `$OPTIONS, $DOCKER_STORAGE_OPTIONS`; undefined when every variable was resolved.
 */
function unreadVariables(d: DaemonSpec): string | undefined {
  const u = d.extra.unresolvedEnvironment?.value;
  return Array.isArray(u) && u.length ? u.map((n) => `$${String(n)}`).join(', ') : undefined;
}

/**
 * The certainty of a finding about a setting that is not set: `unknown` when the command line expands
 * variables from a file bulwark could not read (they may set it), or, for a setting only dockerd's flags or
 * daemon.json show (`flagOnly`), when a live engine's command line was not read; `definite` otherwise.
 */
export function unsetCertainty(d: DaemonSpec, flagOnly = false): 'definite' | 'unknown' {
  return unreadVariables(d) || (flagOnly && commandLineUnread(d)) ? 'unknown' : 'definite';
}

/**
 * True for a live engine whose dockerd command line was not read (`extra.commandLineUnread`, set by the live audit
 * when no local dockerd provably serves the endpoint: src/live/local.ts `findDockerdPid`): a setting `/info` does not
 * show (`flagOnly` above: no-new-privileges, userland-proxy, default-ulimits) may still be set by a flag.
 */
function commandLineUnread(d: DaemonSpec): boolean {
  return d.source === 'engine' && d.extra.commandLineUnread?.value === true;
}

/** The effective value of a boolean setting, with dockerd's default when not set. */
export function boolSetting(s: Sourced<boolean> | undefined, dflt: boolean): boolean {
  return s === undefined ? dflt : s.value;
}

/** `unknown` when the value depends on a variable bulwark could not resolve, `definite` otherwise. */
export function certaintyOf(s: { how: string } | undefined): 'definite' | 'unknown' {
  return s?.how === 'unresolved' ? 'unknown' : 'definite';
}

/**
 * A URL-like setting as shown in a message or in finding data: without its `user:password@` part (R-S: secrets never
 * in bulwark's output). `tcp://admin:pw@0.0.0.0:2375` → `tcp://0.0.0.0:2375`, `https://u:p@mirror.example/` →
 * `https://mirror.example/`, `u:p@host:2375` (no scheme) → `host:2375`; a value without `@` before its first `/`
 * after the scheme is returned as it is.
 */
export function withoutUserinfo(v: string): string {
  return v.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/\s]*@/i, '$1');
}

/** Remediation snippets for both daemon.json and dockerd flags. */
export function daemonFix(json: string, flag: string): { daemon: string; engine: string } {
  const text = `daemon.json: ${json}\ndockerd flag: ${flag}`;
  return { daemon: text, engine: text };
}
