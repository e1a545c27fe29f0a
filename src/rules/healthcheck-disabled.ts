/**
 * BW-0034 healthcheck-disabled: `healthcheck: {disable: true}`, `test: ["NONE"]` or
 * `--no-healthcheck` (CIS 5.27).
 */
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'BW-0034',
    slug: 'healthcheck-disabled',
    title: 'Healthcheck disabled',
    severity: 'low',
    attackClasses: ['R-D'],
    requirements: ['R-D', 'R-G14'],
    cis: { '1.6.0': ['5.27'] },
    paper: '§V.2.14',
    inputs: ['compose', 'run', 'inspect', 'engine'],
    description:
      "Disabling the image's healthcheck hides a container that runs but no longer serves (hung, or taken over and changed); orchestrators and monitoring can no longer replace it.",
    remediation: { compose: 'healthcheck:\n  test: ["CMD", "wget", "-qO-", "http://localhost:8080/health"]\n  interval: 30s', run: '--health-cmd "wget -qO- http://localhost:8080/health" --health-interval 30s', service: '--health-cmd "wget -qO- http://localhost:8080/health" --health-interval 30s   # instead of --no-healthcheck' },
    breaks: 'Nothing; a failing healthcheck only marks the container unhealthy.',
    fix: 'manual',
  },
  checkContainer(c, ctx) {
    const h = c.healthcheck;
    if (!h || h.how === 'unresolved') return;
    const none = h.value.test !== undefined && /^\s*\[?\s*["']?NONE["']?\s*\]?\s*$/i.test(h.value.test);
    if (h.value.disabled || none) ctx.report({ message: 'healthcheck disabled: an unhealthy container goes unnoticed', at: h, data: {} });
  },
});
