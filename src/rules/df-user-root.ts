/**
 * BW-0102 df-user-root (DF_ROOT_USER): the USER in effect for the final stage (its own last USER or the
 * one it inherits from the stage it is built FROM) is root: `root`, `0`, `root:root`, `0:0`, `root:<group>`.
 * CIS Docker Benchmark 1.6.0 4.1, R-K, R-G5, paper §V.2.5. A `USER root` followed later by a non-root USER
 * is fine (the last one wins). A USER that depends on a variable this file does not set (`USER $APP_UID`,
 * defined by the .NET base images) is reported at info with certainty `unknown` (requirements: a value a rule
 * cannot know is reported as unknown, never silently treated as safe).
 * An `ONBUILD USER root` trigger of the final stage (it switches images built FROM this one to root; Dockerfile
 * reference, "ONBUILD") is reported at info.
 */
import { stageName } from '../model/types.js';
import { defineRule } from './types.js';
import { onbuildTriggers } from '../ingest/dockerfile/facts.js';

import { isRootUser } from './util/container.js';

export { isRootUser };

export default defineRule({
  meta: {
    id: 'BW-0102',
    slug: 'df-user-root',
    title: 'Dockerfile final stage runs as root',
    severity: 'high',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G5'],
    cis: { '1.6.0': ['4.1'] },
    paper: '§IV.1, §V.2.5',
    inputs: ['dockerfile'],
    description:
      'The USER in effect at the end of the final stage is root, so every container of the image runs as uid 0 unless the deployment overrides it. A kernel bug or a mount mistake then becomes a host compromise.',
    remediation: { dockerfile: 'USER 10001:10001' },
    breaks: 'Processes that need root at start (binding ports below 1024, writing root-owned paths) fail until the image is adapted.',
    fix: 'unsafe',
  },
  checkImage(img, ctx) {
    if (ctx.source)
      for (const t of onbuildTriggers(ctx.source, img)) {
        const user = t.args.trim();
        if (t.keyword !== 'USER' || !isRootUser(user.replace(/["']/g, ''))) continue;
        ctx.report({ message: `ONBUILD USER ${user}: images built FROM this one switch to root`, at: ctx.source.range(t.argsRange.start, t.argsRange.start + user.length), severity: 'info', data: { user } });
      }
    const u = img.finalStage.user;
    if (!u) return;
    if (u.how === 'unresolved') {
      // `USER $APP_UID` set by the base image (.NET 8 images), or an ARG without a default: not known here.
      const written = u.raw ?? u.value;
      ctx.report({
        message: `final stage runs as USER ${written}, which depends on a variable not set in this file: whether it is root is not known`,
        at: u,
        severity: 'info',
        certainty: 'unknown',
        data: { user: written },
      });
      return;
    }
    if (!isRootUser(u.value)) return;
    // Windows: the administrator account's counterpart is ContainerUser (no uids there).
    const windows = u.value.trim().toLowerCase() === 'containeradministrator';
    // A USER the final stage inherits (`FROM base AS prod` after `USER root` in base) is still the final image's:
    // the finding belongs to the final stage, pointing at the USER to change.
    const at = u.origin.kind === 'file' ? u.origin.start : undefined;
    const owner = at === undefined ? undefined : [...img.stages].reverse().find((s) => s.fromRange.start <= at);
    const inherited = owner && owner !== img.finalStage ? `, inherited from stage ${stageName(img.stages, owner)}` : '';
    ctx.report({ message: `final stage runs as root (USER ${u.value}${inherited})`, at: u, target: 'image', data: { user: u.value }, ...(windows ? { fix: 'USER ContainerUser' } : {}) });
  },
});
