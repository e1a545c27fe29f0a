/**
 * BW-0107 df-base-image-unpinned (IMAGE_UNPINNED): a FROM names an external image by tag (or no tag, i.e.
 * `:latest`) instead of a digest (`@sha256:…`), so the build may pull different content tomorrow.
 * Informational (the corpus caps IMAGE_UNPINNED at info). Stage references and `scratch` are skipped;
 * `FROM ${BASE}` that cannot be resolved is reported with certainty `unknown`. An image named by `COPY --from=` /
 * `ADD --from=` (not a stage) is reported the same way. Every stage counts: a
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
    // The hint is a comment line of its own: in a Dockerfile `#` starts a comment only at the start of a line; after
    // an instruction it is part of its arguments (`FROM x # …` is refused: FROM takes an image and "AS <name>").
    remediation: { dockerfile: '# digest: docker buildx imagetools inspect python:3.12-slim; verify with cosign verify\nFROM python:3.12-slim@sha256:<digest>' },
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
      const fix = `# digest: docker buildx imagetools inspect ${stage.from.value}; verify with cosign verify\nFROM ${stage.from.value}@sha256:<digest>${stage.name ? ` AS ${stage.name}` : ''}`;
      ctx.report({ message: `base image ${image} ${how} and is not pinned by digest`, at: stage.from, data: { image }, fix });
    }
    // `COPY --from=docker.io/library/busybox:latest /bin/busybox /bb`: files copied from another image, pulled by
    // its tag at build time (Dockerfile reference "COPY --from"), are as movable as a base image's.
    const file = ctx.source;
    if (!file) return;
    const stageNames = new Set(img.stages.flatMap((st, k) => [String(k), ...(st.name ? [st.name.toLowerCase()] : [])]));
    for (const stage of img.stages) {
      for (const instr of stage.instructions) {
        if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || !instr.flags.from) continue;
        const ref = instr.flags.from.trim();
        if (stageNames.has(ref.toLowerCase()) || ref.includes('$') || /@sha256:[0-9a-f]{64}$/i.test(ref) || ref.toLowerCase() === 'scratch') continue;
        const header = file.text.slice(instr.range.start, instr.argsRange.start);
        const m = /--from=(["']?)([^\s"']+)\1/i.exec(header);
        if (!m) continue;
        const start = instr.range.start + m.index + 7 + m[1].length;
        const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
        const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : undefined;
        const how = tag === undefined ? 'has no tag (latest)' : tag === 'latest' ? 'uses :latest' : `uses tag :${tag}`;
        ctx.report({
          message: `${instr.keyword} --from image ${ref} ${how} and is not pinned by digest`,
          at: file.range(start, start + m[2].length),
          data: { image: ref },
          fix: `# digest: docker buildx imagetools inspect ${ref}\n${instr.keyword} --from=${ref}@sha256:<digest> …`,
        });
      }
    }
  },
});
