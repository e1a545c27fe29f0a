/**
 * Helpers shared by the fixes: find the model value a finding points at.
 */
import type { Finding } from '../../engine/types.js';
import type { ContainerSpec, Mount, Origin, SecurityOpt } from '../../model/types.js';

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

/** The mount written where the finding points. */
export function mountAt(c: ContainerSpec, f: Finding): Mount | undefined {
  const at = (f as Located).offset;
  return c.mounts.find((m) => startOf(m.origin, f) === at);
}
