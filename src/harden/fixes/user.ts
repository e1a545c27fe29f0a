/**
 * BW-0004 user-not-set and BW-0005 user-root (CIS 4.1, paper §V.2.2, R-K, R-B): run as the profile's
 * non-root user (default `65532:65532`). Unsafe: bulwark does not know which uid owns the image's files.
 */
import type { Fix } from '../types.js';
import type { ContainerSpec } from '../../model/types.js';
import { WINDOWS_USER } from '../../model/windows.js';
import { isWindowsPod } from '../../rules/util/container.js';
import { DEFAULT_PROFILE } from '../profile.js';

/**
 * The user to set: the profile's, except on a Windows container with the default profile user, where no uid exists
 * and `ContainerUser` (the non-administrator account of Windows base images, src/model/windows.ts) is the user.
 */
function userFor(c: ContainerSpec, profileUser: string): string {
  return profileUser === DEFAULT_PROFILE.user && isWindowsPod(c) ? WINDOWS_USER : profileUser;
}

const attack = 'a breakout making root in the container root on the host (no user namespace) — R-K, R-B';
const breaks = 'software that must write files owned by root, bind ports below 1024 or switch user itself fails; set user in the profile to the image’s own user';

/** BW-0004: no user set (the image default, usually root). Applies when no user is written (not for unresolved variables). */
export const userNotSet: Fix = {
  ruleId: 'BW-0004',
  slug: 'user-not-set',
  applicability: 'unsafe',
  title: 'run as a non-root user',
  attack,
  breaks,
  applies: (_f, c) => !!c && (!c.user || (c.user.how === 'explicit' && c.user.value.trim() === '')),
  container: (c, _f, ed, p) => ed.setScalar('user', userFor(c, p.user), c.user, 'non-root uid:gid from the harden profile'),
};

/** BW-0005: user explicitly root. */
export const userRoot: Fix = {
  ruleId: 'BW-0005',
  slug: 'user-root',
  applicability: 'unsafe',
  title: 'run as a non-root user instead of root',
  attack,
  breaks,
  applies: (f) => f.certainty === 'definite',
  container: (c, _f, ed, p) => ed.setScalar('user', userFor(c, p.user), c.user, 'non-root uid:gid from the harden profile'),
};
