/**
 * BW-0108 df-healthcheck-missing: the final stage (with the stages it is built FROM) has no HEALTHCHECK,
 * or turns it off with `HEALTHCHECK NONE`. CIS Docker Benchmark 1.6.0 4.6 ("Ensure that HEALTHCHECK
 * instructions have been added to container images"), R-D (availability).
 * Severity info, not low: a HEALTHCHECK is an availability signal rather than a security control, it is
 * ignored by Kubernetes (which uses probes), and the corpus requires distroless images without one
 * (kubebuilder) to have nothing above info. Certainty `unknown` when the base image is external: it may
 * define its own HEALTHCHECK.
 */
import { defineRule } from './types.js';
import { chainRoot, isExternalBase, shippedStages } from '../ingest/dockerfile/facts.js';

export default defineRule({
  meta: {
    id: 'BW-0108',
    slug: 'df-healthcheck-missing',
    title: 'Image defines no HEALTHCHECK',
    severity: 'info',
    attackClasses: ['R-D'],
    requirements: ['R-D', 'R-G14'],
    cis: { '1.6.0': ['4.6'] },
    paper: '§IV.2',
    inputs: ['dockerfile'],
    description:
      'Without a HEALTHCHECK the engine cannot tell a hung service from a healthy one, so restart policies and orchestrators (Swarm) keep a broken or hijacked container in service.',
    remediation: { dockerfile: 'HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD ["/app/healthcheck"]' },
    breaks: 'A failing check marks the container unhealthy; Swarm replaces it.',
    fix: 'manual',
  },
  checkImage(img, ctx) {
    for (const stage of shippedStages(img)) {
      const hc = [...stage.instructions].reverse().find((i) => i.keyword === 'HEALTHCHECK');
      if (!hc) continue;
      if (/^NONE\b/i.test(hc.args.trim())) ctx.report({ message: 'HEALTHCHECK NONE turns the health check off', at: hc.range, data: {} });
      return;
    }
    const external = isExternalBase(chainRoot(img.finalStage));
    ctx.report({
      message: external ? 'final stage defines no HEALTHCHECK (unless its base image has one)' : 'final stage defines no HEALTHCHECK',
      certainty: external ? 'unknown' : 'definite',
      data: {},
    });
  },
});
