/**
 * Helpers shared by the fixes: find the model value a finding points at.
 */
import type { Finding } from '../../engine/types.js';
import type { ContainerSpec, Mount, Origin, SecurityOpt } from '../../model/types.js';
import type { ContainerEditor } from '../types.js';

/** A finding with the UTF-16 offsets of its start and end in the text it was found in; set by harden before fixes run. */
export type Located = Finding & { offset: number; endOffset: number };

/** The start of `o` when it is in the finding's file. */
function startOf(o: Origin, f: Finding): number | undefined {
  return o.file === f.location.file ? o.start : undefined;
}

/** The security option written where the finding points. */
export function optAt(c: ContainerSpec, f: Finding): SecurityOpt | undefined {
  const at = (f as Located).offset;
  return c.securityOpt.find((o) => startOf(o.origin, f) === at);
}

/**
 * The mount written where the finding points. Mounts of one Kubernetes hostPath volume (two volumeMounts of it, each
 * with its `subPath`) share that place, the volume's `path:` entry: the finding's `data.target` (the mountPath), else
 * its `data.path` (the host path with the subPath), tells which one it is about.
 */
export function mountAt(c: ContainerSpec, f: Finding): Mount | undefined {
  const at = (f as Located).offset;
  const here = c.mounts.filter((m) => startOf(m.origin, f) === at);
  if (here.length < 2) return here[0];
  return here.find((m) => m.target === f.data.target) ?? here.find((m) => (m.sourceRaw ?? m.source) === f.data.path) ?? here[0];
}

/**
 * Edits the unsafe removal fixes need (issue 4), made by both editors (`ComposeEditor`, `RunEditor`) but not
 * yet part of {@link ContainerEditor} in ../types.ts (owned elsewhere): reached through {@link removal}.
 * `key` is the compose-spec key (`privileged`, `pid`, `network_mode`, `cap_add`, `devices`, `restart`);
 * run lines edit the flag written at `at` instead.
 */
export interface RemovalEditor {
  /**
   * Removes the setting written at `at`: the Compose entry `key:` or the run-line flag. A Compose entry from an
   * anchor shared with other services is overridden on the service with `override` (when given).
   */
  removeKey(key: string, at: Origin, what: string, override?: string): boolean;
  /** Removes the list item written at `at` from Compose list `key`, or the run-line flag. */
  removeItem(key: string, at: Origin, what: string): boolean;
  /** Replaces the scalar value written at `at` (`restart: always` → `on-failure:5`; `--restart=always` → `--restart=on-failure:5`). */
  replaceValue(key: string, at: Origin, value: string, note?: string): boolean;
}

/** The removal edits of `ed`, when it has them (both editors do). */
export function removal(ed: ContainerEditor): (ContainerEditor & RemovalEditor) | undefined {
  const r = ed as ContainerEditor & Partial<RemovalEditor>;
  return typeof r.removeKey === 'function' && typeof r.removeItem === 'function' && typeof r.replaceValue === 'function' ? (r as ContainerEditor & RemovalEditor) : undefined;
}

/** The value written where the finding points, among `items` (capabilities, devices, env entries…). */
export function writtenAt<T extends { origin: Origin }>(items: readonly T[], f: Finding): T | undefined {
  const at = (f as Located).offset;
  return items.find((i) => startOf(i.origin, f) === at);
}
