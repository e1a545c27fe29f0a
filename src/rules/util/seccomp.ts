/**
 * Judging a seccomp profile by its content (moby's profile format: `defaultAction`, `syscalls[].action`; libseccomp
 * actions), for BW-0021 (a container's profile, inline or from a file) and BW-0214 (the daemon's profile).
 * Source: Docker docs "Seccomp security profiles for Docker"; moby profiles/seccomp/default.json.
 */

/** libseccomp actions that let the syscall run (`SCMP_ACT_LOG` logs it first). */
const PASSING = new Set(['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG']);

/**
 * An inline seccomp profile (`{"defaultAction": …, "syscalls": [{"names": […], "action": …}]}`, moby's profile
 * format): whether its default lets syscalls through, and how many of its rules stop some (an action other than
 * ALLOW/LOG: ERRNO, KILL, KILL_PROCESS, TRAP, TRACE, NOTIFY); `undefined` for a value that is not a JSON object
 * (a file path, `unconfined`, `builtin`).
 */
export function inlineProfile(value: string): { defaultAction: string; permissive: boolean; stopping: number } | undefined {
  const t = value.trim();
  if (!t.startsWith('{')) return undefined;
  let p: unknown;
  try {
    p = JSON.parse(t);
  } catch {
    return undefined;
  }
  if (typeof p !== 'object' || p === null || typeof (p as { defaultAction?: unknown }).defaultAction !== 'string') return undefined;
  const defaultAction = (p as { defaultAction: string }).defaultAction.toUpperCase();
  const rules = (p as { syscalls?: unknown }).syscalls;
  const stopping = Array.isArray(rules)
    ? rules.filter((r) => typeof r === 'object' && r !== null && typeof (r as { action?: unknown }).action === 'string' && !PASSING.has((r as { action: string }).action.toUpperCase())).length
    : 0;
  return { defaultAction, permissive: PASSING.has(defaultAction), stopping };
}
