/**
 * BW-0107 df-base-image-unpinned (IMAGE_UNPINNED): a FROM names an external image by tag (or no tag, i.e.
 * `:latest`) instead of a digest (`@sha256:…`), so the build may pull different content tomorrow.
 * Informational (the corpus caps IMAGE_UNPINNED at info). Stage references and `scratch` are skipped;
 * `FROM ${BASE}` that cannot be resolved is reported with certainty `unknown`. Every stage counts: a
 * poisoned builder image poisons the binaries it builds. CIS Docker Benchmark 1.6.0 4.2 ("Ensure that
 * containers use only trusted base images"), R-P, R-G1, paper §IV.4, §V.2.1.
 */
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'BW-0107',
    slug: 'df-base-image-unpinned',
    title: 'Base image not pinned by digest',
    severity: 'info',
    attackClasses: ['R-P'],
    requirements: ['R-P', 'R-G1', 'R-G16'],
    cis: { '1.6.0': ['4.2'] },
    paper: '§IV.4, §V.2.1, §V.2.16',
    inputs: ['dockerfile'],
    description:
      'A tag is a movable pointer: whoever controls the registry or the tag decides what the next build pulls. A digest names exact content. Pin base images by digest and verify their signatures.',
    remediation: { dockerfile: 'FROM python:3.12-slim@sha256:<digest>   # docker buildx imagetools inspect python:3.12-slim; verify with cosign verify' },
    breaks: 'Base image updates no longer arrive by themselves: update digests deliberately (Renovate / Dependabot can).',
    fix: 'safe',
    superseded:
      'The paper asks for Docker Content Trust (Notary v1). DCT was retired in 2025 and breaks pulls of official images; bulwark checks digest pinning instead and recommends verifying signatures with Sigstore cosign or Notation.',
  },
  checkImage(img, ctx) {
    for (const stage of img.stages) {
      if (stage.parent) continue;
      const image = stage.from.raw ?? stage.from.value;
      if (stage.from.value.trim().toLowerCase() === 'scratch') continue;
      if (stage.from.how === 'unresolved') {
        ctx.report({ message: `base image ${image} depends on a build argument: whether it is pinned is not known`, at: stage.from, certainty: 'unknown', data: { image } });
        continue;
      }
      if (/@sha256:[0-9a-f]{64}$/i.test(stage.from.value)) continue;
      const lastPart = stage.from.value.slice(stage.from.value.lastIndexOf('/') + 1);
      const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : undefined;
      const how = tag === undefined ? 'has no tag (latest)' : tag === 'latest' ? 'uses :latest' : `uses tag :${tag}`;
      const fix = `FROM ${stage.from.value}@sha256:<digest>${stage.name ? ` AS ${stage.name}` : ''}   # docker buildx imagetools inspect ${stage.from.value}; verify with cosign verify`;
      ctx.report({ message: `base image ${image} ${how} and is not pinned by digest`, at: stage.from, data: { image }, fix });
    }
  },
});
