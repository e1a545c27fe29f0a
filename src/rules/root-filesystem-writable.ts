/**
 * BW-0006 root-filesystem-writable: `read_only` / `--read-only` not set (CIS 5.13, R-K, R-S).
 */
import { defineRule } from './types.js';
import { fromEngineConfig, isWindowsPod, unknownOptions, UNRESOLVED_NOTE } from './util/container.js';

/** The read-only root filesystem setting by input kind (compose-spec, docker run, Kubernetes, Engine API). */
const KEY: Partial<Record<string, string>> = { compose: 'read_only', run: '--read-only', kubernetes: 'readOnlyRootFilesystem', inspect: 'ReadonlyRootfs', engine: 'ReadonlyRootfs' };

export default defineRule({
  meta: {
    id: 'BW-0006',
    slug: 'root-filesystem-writable',
    title: 'Root filesystem is writable',
    severity: 'low',
    attackClasses: ['R-K', 'R-S'],
    requirements: ['R-K', 'R-S'],
    cis: { '1.6.0': ['5.13'] },
    paper: '§IV.1, §IV.5',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "A writable root filesystem lets an intruder drop tools, change binaries and persist for the container's life. Mount it read-only and give the application tmpfs or volumes for the paths it writes.",
    remediation: { kubernetes: 'securityContext:\n  readOnlyRootFilesystem: true\n# and an emptyDir volume mounted where the software writes (/tmp)', compose: 'read_only: true\ntmpfs: [/tmp, /run]', run: '--read-only --tmpfs /tmp --tmpfs /run', service: '--read-only --mount type=tmpfs,target=/tmp --mount type=tmpfs,target=/run   # docker service create has no --tmpfs' },
    breaks: 'Software that writes outside its volumes (caches, pid files, /tmp) fails until those paths get a tmpfs or a volume.',
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    if (isWindowsPod(c)) return;
    const r = c.readOnlyRootfs;
    // The setting in the input's own terms; inspect output always writes HostConfig.ReadonlyRootfs (false by default).
    const key = c.extra.serviceCreate ? '--read-only' : (KEY[c.source] ?? 'read_only');
    const missing = fromEngineConfig(c) ? `${key} is false` : `${key} is not set`;
    if (!r) ctx.report({ message: `root filesystem is writable: ${missing}${unknownOptions(c)?.note ?? ''}`, at: c.unsetAt?.readOnlyRootfs, certainty: unknownOptions(c)?.certainty, data: {} });
    else if (r.how === 'unresolved') ctx.report({ message: `read-only root filesystem: ${UNRESOLVED_NOTE}`, at: r, certainty: 'unknown', data: {} });
    else if (r.value !== true) ctx.report({ message: `root filesystem is writable: ${key} is false`, at: r, data: {} });
  },
});
