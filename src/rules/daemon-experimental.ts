/**
 * BW-0215 daemon-experimental: experimental features are enabled (CIS Docker Benchmark 1.6.0 2.18, 1.8.0
 * 2.19).
 */
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS } from './daemon-common.js';

export default defineRule({
  meta: {
    id: 'BW-0215',
    slug: 'daemon-experimental',
    title: 'Experimental daemon features are enabled',
    severity: 'low',
    attackClasses: [],
    requirements: ['R-G14'],
    cis: { '1.6.0': ['2.18'], '1.8.0': ['2.19'] },
    paper: '§V.2.14',
    inputs: DAEMON_INPUTS,
    description: 'Experimental features are not covered by Docker\'s stability and security guarantees and may change or disappear; they do not belong in production.',
    remediation: daemonFix('"experimental": false  (or remove the key)', 'remove --experimental'),
    breaks: 'Features that exist only as experimental stop working.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    const e = d.experimental;
    if (!e || !e.value) return;
    ctx.report({ message: 'experimental features are enabled', at: e, certainty: certaintyOf(e), data: { setting: 'experimental' } });
  },
});
