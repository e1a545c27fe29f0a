/**
 * BW-0401 image-user-root: the verified image's config runs its process as root: `config.User` empty
 * (root by default), `root`, `0`, `root:…` or `0:…`. CIS Docker Benchmark 1.6.0 4.1, R-K, R-G5,
 * paper §IV.1 / §V.2.5. Read from the image config (OCI image-spec config.md `config.User`) by
 * `bulwark verify`, and from `docker image inspect` output by `bulwark audit` (src/engine/image-configs.ts).
 */
import { defineRule } from './types.js';
import type { ImageCheck } from '../verify/facts.js';

export const rule = defineRule({
  meta: {
    id: 'BW-0401',
    slug: 'image-user-root',
    title: 'Image runs as root',
    severity: 'medium',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G5', 'R-P'],
    cis: { '1.6.0': ['4.1'] },
    paper: '§IV.1, §V.2.5',
    inputs: ['image', 'inspect'],
    description:
      'The image config sets no user, or root: every container started from it runs as uid 0 unless the run line overrides it. Without user-namespace remapping that is root on the host kernel.',
    remediation: { dockerfile: 'RUN useradd --uid 10001 --no-create-home app\nUSER 10001:10001' },
    breaks: 'Software writing to root-owned paths or binding ports below 1024 needs those paths chowned or NET_BIND_SERVICE.',
    fix: 'manual',
  },
});

/** Reports a root or empty `config.User`. */
export const check: ImageCheck = (f, report) => {
  const user = f.image.config.config?.User ?? '';
  const name = user.split(':')[0];
  if (name !== '' && name !== 'root' && name !== '0') return;
  report({ at: {}, pointer: f.image.config.config?.User === undefined ? '/config' : '/config/User', message: user === '' ? 'image config sets no User: containers run as root' : `image config sets User ${user}: containers run as root`, data: { user } });
};

export default rule;
