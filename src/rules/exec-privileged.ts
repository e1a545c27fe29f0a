/**
 * BW-0043 exec-privileged: a process started in the container with the privileged option — a Compose lifecycle
 * hook (`post_start` / `pre_stop`, compose-spec 05-services.md, Compose 2.30+) with `privileged: true`, which Compose
 * runs as `docker exec --privileged`, or, on a live engine, an exec instance the engine still lists for the container
 * with `ProcessConfig.privileged`, or a `docker exec --privileged` line in a script or document (into a container the
 * file starts, or one it only names: then the finding is the file's), or a `docker compose exec --privileged` line
 * (into a Compose service the file defines, or one it only names) (CIS Docker Benchmark 1.6.0 5.23; paper §IV.3
 * breakout, §V.2.5; R-B, R-G5).
 *
 * moby gives a privileged exec the full capability set (and no AppArmor profile where AppArmor is on) inside the
 * container's namespaces, whatever the container's own `cap_drop` says. Not reported when the container itself is
 * privileged (BW-0001 reports that, and the hook adds nothing).
 */
import type { ExecSpec } from '../model/types.js';
import { defineRule, type RuleContext } from './types.js';
import { execLabel, UNRESOLVED_NOTE } from './util/container.js';

/**
 * Reports `x` when it is privileged (or may be); `into` names the container (the Compose service of a `docker compose
 * exec` line) for a line the file does not start it for.
 */
function check(x: ExecSpec, ctx: RuleContext, whose: string, into?: string, service = into): void {
  const p = x.privileged;
  if (!p) return;
  const compose = x.kind === 'compose-exec';
  const what = `${execLabel(x)}${into === undefined ? '' : ` into ${compose ? 'service' : 'container'} ${into}`}`;
  if (p.how === 'unresolved') {
    ctx.report({ message: `${what} may run privileged: ${UNRESOLVED_NOTE}`, at: p, certainty: 'unknown', data: { hook: x.kind } });
    return;
  }
  if (p.value !== true) return;
  ctx.report({
    message: `${what} runs with every capability (docker exec --privileged), CAP_SYS_ADMIN included, whatever the ${whose} cap_drop says`,
    at: p,
    data: into === undefined ? { hook: x.kind } : compose ? { hook: x.kind, service: into } : { hook: x.kind, container: into },
    // The Compose command's own fix: the run-line one names `docker exec`.
    ...(compose ? { fix: composeExecFix(service ?? 'app') } : {}),
  });
}

/** The fix of a privileged `docker compose exec` line into `service` (Compose docs "docker compose exec"; compose-spec `cap_add`). */
function composeExecFix(service: string): string {
  return `docker compose exec ${service} sh   # without --privileged; give the service the one capability the task needs (cap_add) instead`;
}

export default defineRule({
  meta: {
    id: 'BW-0043',
    slug: 'exec-privileged',
    title: 'Process started in the container with all capabilities (privileged exec)',
    severity: 'high',
    attackClasses: ['R-B'],
    requirements: ['R-B', 'R-G5'],
    cis: { '1.6.0': ['5.23'] },
    paper: '§IV.3, §V.2.5',
    inputs: ['compose', 'engine', 'run'],
    description:
      "A privileged exec (docker exec --privileged, or a Compose post_start or pre_stop hook with privileged: true, which Compose runs that way) runs its process with every capability inside the container's namespaces, even when the container is not privileged and drops capabilities. With CAP_SYS_ADMIN it can mount filesystems and, through the cgroup v1 release_agent (CVE-2022-0492) or a writable host mount, reach the host. The container's own settings do not show it, which is why CIS 5.23 checks exec separately.",
    remediation: {
      run: 'docker exec -it web sh   # without --privileged; give the container the one capability the task needs (--cap-add) instead',
      compose: 'post_start:\n  - command: ./init.sh\n    privileged: false   # or remove it; give the service the one capability the hook needs (cap_add) instead',
    },
    breaks: 'A hook that changes kernel settings, mounts filesystems or configures the network fails with EPERM; do that work in the image build or grant the single capability it needs.',
    fix: 'manual',
  },
  checkContainer(c, ctx) {
    if (c.privileged?.value === true && c.privileged.how !== 'unresolved') return;
    for (const x of c.execs ?? []) check(x, ctx, x.kind === 'post_start' || x.kind === 'pre_stop' || x.kind === 'compose-exec' ? "service's" : "container's", undefined, c.target.name);
  },
  // `docker exec --privileged` lines into containers the file does not start: reported as the file's.
  checkFile(f, ctx) {
    for (const line of f.execs ?? []) check(line.exec, ctx, line.service ? "service's" : "container's", line.container);
  },
});
