/**
 * BW-0404 image-healthcheck-missing: the verified image's config has no `Healthcheck` (or `Test: ["NONE"]`).
 * CIS Docker Benchmark 1.6.0 4.6, R-D, paper §IV.2.
 */
import { defineRule } from './types.js';
import type { ImageCheck } from '../verify/facts.js';

export const rule = defineRule({
  meta: {
    id: 'BW-0404',
    slug: 'image-healthcheck-missing',
    title: 'Image has no HEALTHCHECK',
    severity: 'low',
    attackClasses: ['R-D'],
    requirements: ['R-D'],
    cis: { '1.6.0': ['4.6'] },
    paper: '§IV.2',
    inputs: ['image', 'inspect'],
    description: 'Without a health check the engine and orchestrators cannot tell a hung or exhausted container from a healthy one, so denial of service goes unnoticed.',
    remediation: { dockerfile: 'HEALTHCHECK --interval=30s --timeout=3s CMD ["/app/healthcheck"]' },
    breaks: 'Nothing; a wrong check marks healthy containers unhealthy.',
    fix: 'manual',
  },
});

/** Reports a missing or disabled health check. */
export const check: ImageCheck = (f, report) => {
  const t = f.image.config.config?.Healthcheck?.Test;
  if (!t || t.length === 0) report({ at: {}, pointer: f.image.config.config?.Healthcheck ? '/config/Healthcheck' : '/config', message: 'image config has no Healthcheck', data: { healthcheck: 'none' } });
  else if (t[0] === 'NONE') report({ at: {}, pointer: '/config/Healthcheck/Test/0', message: 'image config disables the health check (NONE)', data: { healthcheck: 'NONE' } });
};

export default rule;
