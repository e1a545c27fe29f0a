/**
 * BW-0027 image-not-pinned (CIS 5.28, 4.2; paper §IV.4, R-P): the image of a Compose service or run line
 * gets `@sha256:…` from the profile's `pins` (`--pin-from FILE`, a map of image references to digests, matched
 * as Docker normalizes references: {@link pinFor}). Safe: the digest names the image the tag names now. Without a
 * known digest nothing is done, and a note names the image when pins were given (`bulwark pin` resolves digests
 * from a registry).
 */
import { normalizeRef } from '../../verify/pin.js';
import type { Fix, HardenProfile } from '../types.js';
import type { Located } from './util.js';

/** An image reference's repository normalized Docker's way and its tag as written (`undefined`: none written). */
function refOf(ref: string): { repo: string; tag?: string } | undefined {
  // A digest or a variable: only the exact string is the same reference.
  if (ref.includes('@') || ref.includes('$') || ref.trim() === '') return undefined;
  const tagged = ref.lastIndexOf(':') > ref.lastIndexOf('/');
  const n = normalizeRef(ref);
  return { repo: n.repo, ...(tagged ? { tag: n.tag } : {}) };
}

/**
 * The digest `pins` gives for `image` (as written in the file): the entry of that exact string, else the entry
 * whose key is the same reference by Docker's normalization (docker/distribution `reference.ParseNormalizedNamed`:
 * `redis:7.2.4` is `docker.io/library/redis:7.2.4`, `acme/web` is `docker.io/acme/web`, `index.docker.io/` is
 * `docker.io/`). Tags must be equal; the default tag `latest` is assumed only when neither side writes a tag
 * (`nginx` and `docker.io/library/nginx`), so a key `nginx:latest` does not pin an untagged `nginx`, nor a key
 * `nginx` a `nginx:1.25`. `undefined` when none.
 */
export function pinFor(pins: Record<string, string>, image: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(pins, image)) return pins[image];
  const want = refOf(image);
  if (!want) return undefined;
  for (const [k, v] of Object.entries(pins)) {
    const have = refOf(k);
    if (have && have.repo === want.repo && have.tag === want.tag) return v;
  }
  return undefined;
}

/**
 * For a finding about image `image` that the pins do not cover: the not-fixed note, when pins were given at all
 * (`--pin-from`, the profile's `pins`); `undefined` otherwise.
 */
export function unpinnedBecause(p: HardenProfile, image: string): string | undefined {
  if (Object.keys(p.pins).length === 0 || pinFor(p.pins, image) !== undefined) return undefined;
  return `not pinned: the pins given (--pin-from, profile pins) have no digest for ${image} (matched as ${refName(image)}); add it, or run bulwark pin`;
}

/** `image` as the normalized name a pins key may use (`docker.io/library/redis:7.2.4`). */
function refName(image: string): string {
  const r = refOf(image);
  return r ? `${r.repo}${r.tag !== undefined ? `:${r.tag}` : ''}` : image;
}

/** The fix. */
export const pinImage: Fix = {
  ruleId: 'BW-0027',
  slug: 'image-not-pinned',
  applicability: 'safe',
  title: 'pin the image by its digest',
  attack: 'a moved or poisoned tag replacing the image on the next pull — R-P',
  breaks: 'the container keeps the pinned image until the digest is updated (security updates of the tag too)',
  applies: (f, _c, _t, p) => f.certainty === 'definite' && pinFor(p.pins, String(f.data.image)) !== undefined,
  leftBecause: (f, _c, _t, p) => (f.certainty === 'definite' && p ? unpinnedBecause(p, String(f.data.image)) : undefined),
  container: (_c, f, ed, p) => ed.appendToValue((f as Located).endOffset, `@${pinFor(p.pins, String(f.data.image))}`),
};
