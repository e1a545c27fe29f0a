/**
 * Helpers shared by the swarm rules (`swarm-*.ts`, CIS Docker Benchmark 1.6.0 5.1 and section 7): they read
 * the swarm state a live engine's `/info` shows (`DaemonSpec.swarm`, filled by `daemonFromInfo`) and point
 * at the `/info` field each value comes from (kept in `DaemonSpec.extra` under `SWARM_EXTRA` keys).
 */
import { SWARM_EXTRA } from '../ingest/daemon/info.js';
import type { DaemonSpec } from '../model/daemon.js';
import type { Origin, Sourced } from '../model/types.js';

/** Swarm rules run for a live engine only: daemon.json, flags and units do not show swarm state. */
export const SWARM_INPUTS = ['engine'] as const;

/** Where a swarm value is written in `/info`, falling back to `Swarm.LocalNodeState`. */
export function swarmAt(d: DaemonSpec, key: keyof typeof SWARM_EXTRA): Sourced<unknown> | Origin | undefined {
  return d.extra[SWARM_EXTRA[key]] ?? d.swarm?.origin;
}

/**
 * Whether this engine is an active swarm manager (`LocalNodeState` `active` and `ControlAvailable` true):
 * only a manager's `/info` carries `Managers`, `Nodes` and the cluster spec (Docker Engine API, SystemInfo).
 */
export function isActiveManager(d: DaemonSpec): boolean {
  return d.swarm?.state === 'active' && d.extra[SWARM_EXTRA.controlAvailable]?.value === true;
}

/** A duration in nanoseconds as `docker swarm update --cert-expiry` takes it: whole hours (`2160h`), else minutes, else seconds. */
export function formatNs(ns: number): string {
  if (Number.isInteger(ns / 3.6e12)) return `${ns / 3.6e12}h`;
  if (Number.isInteger(ns / 6e10)) return `${ns / 6e10}m`;
  return `${ns / 1e9}s`;
}
