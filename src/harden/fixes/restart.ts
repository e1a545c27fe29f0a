/**
 * BW-0030 restart-policy-unbounded (CIS 5.15; paper §IV.2; R-D): `restart: on-failure:5` /
 * `--restart on-failure:5`, replacing `always`, `unless-stopped` or an uncapped `on-failure`. A policy
 * from an anchor shared by several services is overridden on each service. Compose's
 * `deploy.restart_policy` is left for the user (a note says so). Unsafe: a service failing more than
 * 5 times stays down, and `on-failure` does not restart containers after a daemon restart or reboot.
 */
import type { Fix } from '../types.js';
import { removal } from './util.js';

/** CIS 5.15's bound, the policy written. */
export const BOUNDED_RESTART = 'on-failure:5';

/** The fix. */
export const boundRestart: Fix = {
  ruleId: 'BW-0030',
  slug: 'restart-policy-unbounded',
  applicability: 'unsafe',
  title: `restart ${BOUNDED_RESTART}: at most 5 restarts after failures`,
  attack: 'a crash loop or an attacker who can crash the service getting unlimited attempts while it keeps consuming host resources — R-D',
  breaks: 'a service failing more than 5 times stays down until restarted; containers are no longer restarted after a daemon restart or host reboot (use a supervisor such as systemd, or an orchestrator)',
  applies: (f, c) => f.certainty === 'definite' && c?.restart?.origin.kind === 'file',
  container: (c, _f, ed) => !!removal(ed)?.replaceValue('restart', c.restart!.origin, BOUNDED_RESTART, 'bounded restarts: overrides the restart policy merged from a shared anchor'),
};
