/**
 * BW-0030 restart-policy-unbounded: `always`, `unless-stopped`, or `on-failure` with more than 5
 * retries (or none given) keeps a crashing or exploited container coming back (CIS 5.15, R-D).
 */
import { defineRule } from './types.js';
import { UNRESOLVED_NOTE } from './util/container.js';

/** CIS 5.15: on-failure retries at most this many times. */
export const MAX_RESTART_RETRIES = 5;

export default defineRule({
  meta: {
    id: 'BW-0030',
    slug: 'restart-policy-unbounded',
    title: 'Restart policy without a retry cap',
    severity: 'low',
    attackClasses: ['R-D'],
    requirements: ['R-D'],
    cis: { '1.6.0': ['5.15'] },
    paper: '§IV.2',
    inputs: ['compose', 'run', 'inspect', 'engine'],
    description:
      'A container that restarts without limit after failures hides a crash loop, and an attacker who can crash it (or a fork bomb) gets unlimited attempts while it keeps consuming host resources. CIS 5.15 asks for on-failure with at most 5 retries.',
    remediation: {
      compose: 'restart: on-failure:5   # or deploy.restart_policy: {condition: on-failure, max_attempts: 5}',
      run: '--restart on-failure:5',
      service: '--restart-condition on-failure --restart-max-attempts 5',
    },
    breaks: 'A service that fails more than 5 times stays down until someone restarts it; services that must survive host reboots need a supervisor (systemd) or an orchestrator.',
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    const r = c.restart;
    if (!r) return;
    if (r.how === 'unresolved') {
      ctx.report({ message: `restart policy: ${UNRESOLVED_NOTE} whether it is bounded`, at: r, certainty: 'unknown', data: { policy: String(r.raw ?? r.value.name) } });
      return;
    }
    const { name, maxRetries } = r.value;
    if (name === 'always' || name === 'unless-stopped') {
      ctx.report({ message: `restart policy ${name} restarts the container without limit`, at: r, data: { policy: name } });
    } else if (name === 'on-failure' && (maxRetries === undefined || maxRetries <= 0 || maxRetries > MAX_RESTART_RETRIES)) {
      const n = maxRetries === undefined || maxRetries <= 0 ? 'without a retry cap' : `with ${maxRetries} retries (more than ${MAX_RESTART_RETRIES})`;
      ctx.report({ message: `restart policy on-failure ${n}`, at: r, data: { policy: name } });
    }
  },
});
