/**
 * BW-0027 image-not-pinned: the image is not pinned by `@sha256:` digest (`:latest`, untagged or a
 * floating tag). Informational. CIS 5.28 / 4.2, R-P, R-G1.
 */
import { defineRule } from './types.js';
import { UNRESOLVED_NOTE } from './util/container.js';

/** Splits an image reference into its tag (`latest` when none) and whether it has a digest. */
export function imageRef(image: string): { tag?: string; digest: boolean } {
  const digest = /@sha256:[0-9a-f]{64}$/i.test(image) || /@[a-z0-9]+:[0-9a-f]{32,}$/i.test(image);
  const name = image.replace(/@.*$/, '');
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  return { tag: colon === -1 ? undefined : name.slice(colon + 1), digest };
}

export default defineRule({
  meta: {
    id: 'BW-0027',
    slug: 'image-not-pinned',
    title: 'Image not pinned by digest',
    severity: 'info',
    attackClasses: ['R-P'],
    requirements: ['R-P', 'R-G1', 'R-G16'],
    cis: { '1.6.0': ['5.28', '4.2'] },
    paper: '§IV.4, §V.2.1, §V.2.16',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      'A tag (and :latest, the default) can be moved to other content at any time by whoever controls the registry or the account: the container then runs an image nobody reviewed. A digest names exactly one image. Pin by digest and verify the publisher\'s signature (Sigstore cosign, Notation) before updating the digest.',
    remediation: {
      kubernetes: 'image: nginx@sha256:<digest>   # docker buildx imagetools inspect nginx:1.27 prints it',
      compose: 'image: nginx:1.27@sha256:<digest>   # docker buildx imagetools inspect nginx:1.27 prints it',
      run: 'docker run nginx:1.27@sha256:<digest>   # and verify: cosign verify … / notation verify …',
    },
    breaks: 'Updates no longer arrive by pulling the tag: bump the digest deliberately (Renovate and Dependabot can do it).',
    fix: 'safe',
    superseded:
      'The paper relies on Docker Content Trust (Notary v1, DOCKER_CONTENT_TRUST=1). It was retired in 2025 and now breaks pulls of official images; pin by digest and verify signatures with Sigstore cosign or Notation instead.',
  },
  checkContainer(c, ctx) {
    const img = c.image;
    if (!img) return;
    if (img.how === 'unresolved') {
      ctx.report({ message: `image ${img.value}: ${UNRESOLVED_NOTE} which tag or digest it uses`, at: img, certainty: 'unknown', data: { image: img.value } });
      return;
    }
    // An image ID (`sha256:<64 hex>`, or the 64 hex digits alone: `docker run 19d0…`) names the image's config by
    // its digest: it cannot move, although it is local to the engine (no registry can serve it).
    if (/^(?:sha256:)?[a-f0-9]{64}$/.test(img.value)) return;
    const { tag, digest } = imageRef(img.value);
    if (digest) return;
    const why = tag === undefined ? 'untagged (means :latest)' : tag === 'latest' ? ':latest' : `tag :${tag} can move`;
    const pinned = `${img.value}@sha256:<digest>`;
    const fix =
      c.source === 'compose' || c.source === 'kubernetes'
        ? `image: ${pinned}   # docker buildx imagetools inspect ${img.value} prints the digest; verify with cosign or notation`
        : `${pinned}   # docker buildx imagetools inspect ${img.value} prints the digest; verify with cosign or notation`;
    ctx.report({ message: `image ${img.value} not pinned by digest: ${why}`, at: img, data: { image: img.value }, fix });
  },
});
