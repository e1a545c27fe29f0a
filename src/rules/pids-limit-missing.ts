/**
 * BW-0010 pids-limit-missing: no `pids_limit` / `--pids-limit`, or `≤ 0` (unlimited): a fork bomb
 * exhausts the host's process table (CIS 5.29, R-D). Kubernetes manifests cannot set a per-container pids
 * limit (the pod limit is the kubelet's `podPidsLimit`): for them the finding is info, certainty unknown.
 * Windows containers (inspect `"Platform": "windows"`) are not reported: dockerd refuses PidsLimit there.
 */
import { defineRule } from './types.js';
import { isEphemeralContainer, isWindowsPod, pidsLimit, unknownOptions, UNRESOLVED_NOTE } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0010',
    slug: 'pids-limit-missing',
    title: 'No pids limit',
    severity: 'medium',
    attackClasses: ['R-D'],
    requirements: ['R-D', 'R-G6'],
    cis: { '1.6.0': ['5.29'] },
    paper: '§IV.2',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      'Without a pids limit a fork bomb in one container exhausts the host-wide process table and stops every other container and the host from starting processes.',
    remediation: { kubernetes: '# Kubernetes has no per-container pids limit: set it for every pod of the node in the kubelet configuration\npodPidsLimit: 1024   # KubeletConfiguration', compose: 'pids_limit: 200', run: '--pids-limit 200', service: '--limit-pids 200' },
    breaks: 'Software that starts many processes or threads (each thread counts) fails to fork beyond the limit.',
    fix: 'safe',
  },
  checkContainer(c, ctx) {
    if (isEphemeralContainer(c) || isWindowsPod(c)) return;
    const p = c.resources.pidsLimit;
    switch (pidsLimit(c)) {
      case 'missing':
        if (c.source === 'kubernetes') {
          // A manifest cannot set it: the pod pids limit is the kubelet's podPidsLimit (KubeletConfiguration).
          ctx.report({ message: "no pids limit in the manifest: Kubernetes has no per-container pids limit; the pod pids limit is the kubelet's podPidsLimit setting, check it on the nodes", severity: 'info', certainty: 'unknown', data: {} });
          break;
        }
        ctx.report({ message: `no pids limit: a fork bomb can exhaust the host process table${unknownOptions(c)?.note ?? ''}`, at: c.unsetAt?.pidsLimit, certainty: unknownOptions(c)?.certainty, data: {} });
        break;
      case 'unlimited':
        ctx.report({ message: `pids limit ${p?.value} means unlimited: a fork bomb can exhaust the host process table`, at: p, data: {} });
        break;
      case 'unknown':
        ctx.report({ message: `pids limit: ${UNRESOLVED_NOTE} whether it is set`, at: p, certainty: 'unknown', data: {} });
        break;
    }
  },
});
