/**
 * BW-0110 df-update-without-install: a RUN refreshes the package index (`apt-get update`, `apt update`,
 * `apk update`, `yum makecache`, `dnf makecache`) without installing or upgrading anything in the same
 * RUN. The layer cache then keeps a stale index, and later `install` layers get old, unpatched packages.
 * CIS Docker Benchmark 1.6.0 4.7 ("Ensure update instructions are not used alone in Dockerfiles"), R-K.
 */
import { defineRule } from './types.js';
import { callsMatching, PACKAGE_HINT, isInstall, packageOp } from '../ingest/dockerfile/facts.js';

export default defineRule({
  meta: {
    id: 'BW-0110',
    slug: 'df-update-without-install',
    title: 'Package index updated in a RUN of its own',
    severity: 'low',
    attackClasses: ['R-K'],
    requirements: ['R-K'],
    cis: { '1.6.0': ['4.7'] },
    paper: '§IV.1',
    inputs: ['dockerfile'],
    description:
      'A RUN that only updates the package index is cached as its own layer; later builds reuse the stale index, so packages installed in later layers can be old versions with known vulnerabilities.',
    remediation: { dockerfile: 'RUN apt-get update && apt-get install -y --no-install-recommends <packages> && rm -rf /var/lib/apt/lists/*' },
    breaks: 'Nothing.',
    fix: 'manual',
  },
  checkImage(img, ctx) {
    const file = ctx.source;
    if (!file) return;
    for (const stage of img.stages) {
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'RUN') continue;
        const ops = callsMatching(file, img, instr, PACKAGE_HINT).map(packageOp).filter((o) => o !== undefined);
        const updates = ops.filter((o) => (o.manager === 'apt' || o.manager === 'apk' ? o.sub === 'update' : o.sub === 'makecache'));
        if (updates.length === 0) continue;
        if (ops.some((o) => isInstall(o) || /^(?:upgrade|dist-upgrade|full-upgrade|update)$/.test(o.sub) && !updates.includes(o))) continue;
        for (const u of updates) {
          const end = u.call.wordRanges[u.subAt].end;
          ctx.report({ message: `${u.call.words.slice(0, u.subAt + 1).join(' ')} without an install in the same RUN`, at: file.range(u.call.range.start, end), data: { command: `${u.call.words[0]} ${u.sub}` } });
        }
      }
    }
  },
});
