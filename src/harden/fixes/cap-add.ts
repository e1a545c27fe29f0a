/**
 * BW-0002 dangerous-capability-added (CIS 5.4; paper §IV.1, §IV.3, §V.2.12; R-B, R-K, R-G7): remove the
 * capability from `cap_add` / the `--cap-add` flag (the key goes when it was the only item). Narrow
 * add-backs the rule rates `info` (after `cap_drop: [ALL]`, or already in Docker's default set) are left:
 * they are what BW-0003's drop-ALL fix adds back from the harden profile. A capability the profile keeps
 * (`--keep-cap`, `keepCapabilities`) stays where the service adds it. Unsafe: features needing the
 * capability fail with EPERM.
 */
import type { Fix } from '../types.js';
import { removal, writtenAt } from './util.js';

/** A capability's name as capabilities(7) without `CAP_`, upper case (`cap_net_admin` → `NET_ADMIN`). */
function capName(s: string): string {
  return s.trim().toUpperCase().replace(/^CAP_/, '');
}

/** The fix. Not for a capability of the profile's `keepCapabilities`. */
export const removeAddedCapability: Fix = {
  ruleId: 'BW-0002',
  slug: 'dangerous-capability-added',
  applicability: 'unsafe',
  title: 'remove the added capability',
  attack: "kernel attack surface and breakouts the capability opens, with the syscalls Docker's default seccomp profile re-opens for it (SYS_ADMIN: mount, unshare, bpf; SYS_PTRACE: ptrace) — R-B, R-K",
  breaks: 'features that need the capability (network configuration for NET_ADMIN, tracing for SYS_PTRACE, mounting for SYS_ADMIN) fail with EPERM; add back only what the software needs',
  // A capability the profile keeps (`--keep-cap`, `keepCapabilities`) is one the user says the service needs: left in cap_add.
  applies: (f, c, _t, profile) => {
    const cap = f.certainty === 'definite' && f.severity !== 'info' && c ? writtenAt(c.capAdd, f) : undefined;
    return !!cap && !(profile?.keepCapabilities ?? []).map(capName).includes(capName(cap.value));
  },
  container(c, f, ed) {
    const cap = writtenAt(c.capAdd, f)!;
    // Several capabilities from one written entry (`--cap-add A,B`): removing it would remove the others too.
    if (c.capAdd.filter((x) => x.origin.kind === 'file' && cap.origin.kind === 'file' && x.origin.start === cap.origin.start).length > 1) {
      ed.problems.push(`capability ${cap.value} is written together with others; remove it by hand`);
      return false;
    }
    return !!removal(ed)?.removeItem('cap_add', cap.origin, `capability ${cap.value}`);
  },
};
