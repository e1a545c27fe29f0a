/**
 * BW-0000 suppression-directive: problems with `# bulwark-ignore` comments themselves.
 *
 * The engine (src/engine/suppress.ts, src/engine/audit.ts) reports these after matching directives
 * to findings: a directive without a reason, naming no rule, or suppressing nothing. This module
 * carries the rule's metadata so reports, SARIF and docs describe it like every other rule.
 * R-G14 (regular audits stay honest: every silenced finding carries its reason).
 */
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'BW-0000',
    slug: 'suppression-directive',
    title: 'Inline suppression is invalid or unused',
    severity: 'low',
    attackClasses: [],
    requirements: ['R-G14'],
    cis: {},
    paper: '§V.2.14',
    inputs: ['compose', 'run', 'dockerfile'],
    description:
      'A `# bulwark-ignore <rule> -- <reason>` comment silences the findings of the named rules on its own line (after code) or on the next line (alone on a line). The reason is mandatory so that every accepted risk is explained where it is accepted; a directive without a reason silences nothing. A directive that silences nothing is reported too, so stale exceptions do not pile up.',
    remediation: {
      compose: '# bulwark-ignore user-not-set -- the image runs as uid 1000 (checked in CI)',
      run: '# bulwark-ignore user-not-set -- the image runs as uid 1000 (checked in CI)',
      dockerfile: '# bulwark-ignore df-user-not-set -- the base image sets USER 1000',
    },
    breaks: 'Nothing: only the comment changes.',
    fix: 'manual',
  },
});
