/**
 * BW-0027 image-not-pinned (CIS 5.28, 4.2; paper §IV.4, R-P): the image of a Compose service or run line
 * gets `@sha256:…` from the profile's `pins` (`--pin-from FILE`, a map of image references as written to
 * digests). Safe: the digest names the image the tag names now. Without a known digest nothing is done
 * (`bulwark pin` resolves digests from a registry).
 */
import type { Fix } from '../types.js';
import type { Located } from './util.js';

/** The fix. */
export const pinImage: Fix = {
  ruleId: 'BW-0027',
  slug: 'image-not-pinned',
  applicability: 'safe',
  title: 'pin the image by its digest',
  attack: 'a moved or poisoned tag replacing the image on the next pull — R-P',
  breaks: 'the container keeps the pinned image until the digest is updated (security updates of the tag too)',
  applies: (f, _c, _t, p) => f.certainty === 'definite' && !!p.pins[String(f.data.image)],
  container: (_c, f, ed, p) => ed.appendToValue((f as Located).endOffset, `@${p.pins[String(f.data.image)]}`),
};
