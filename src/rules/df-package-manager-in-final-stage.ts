/**
 * BW-0111 df-package-manager-in-final-stage: a shipped stage installs packages and leaves the package
 * manager's caches in the layer (apt lists not removed, `apk add` without `--no-cache`, yum/dnf without
 * `clean all`). The index and cache are dead weight that also tell an attacker exactly which package
 * versions to target, and the package manager stays usable inside the running container. Info: a build
 * hygiene observation. A `RUN --mount=type=cache` keeps caches out of the layer and is not reported.
 * R-K ("package managers left in final stage"); CIS Docker Benchmark 1.6.0 4.3 is the nearest id.
 */
import { defineRule } from './types.js';
import { callsMatching, PACKAGE_HINT, isInstall, packageOp, shippedInstructions } from '../ingest/dockerfile/facts.js';

/** The fix for each package manager (apk(8) `--no-cache`; `clean all` of yum(8), dnf(8), microdnf; zypper(8) `clean --all`). */
const CLEAN_FIX: Record<string, string> = {
  apt: 'RUN apt-get update && apt-get install -y --no-install-recommends <packages> && rm -rf /var/lib/apt/lists/*',
  apk: 'RUN apk add --no-cache <packages>',
  yum: 'RUN yum install -y <packages> && yum clean all && rm -rf /var/cache/yum',
  dnf: 'RUN dnf install -y <packages> && dnf clean all',
  microdnf: 'RUN microdnf install -y <packages> && microdnf clean all',
  zypper: 'RUN zypper --non-interactive install <packages> && zypper clean --all',
};

export default defineRule({
  meta: {
    id: 'BW-0111',
    slug: 'df-package-manager-in-final-stage',
    title: 'Package manager caches left in the final image',
    severity: 'info',
    attackClasses: ['R-K'],
    requirements: ['R-K'],
    cis: { '1.6.0': ['4.3'] },
    paper: '§IV.1',
    inputs: ['dockerfile'],
    description:
      'The final image keeps package indexes and caches from its install step. Prefer a multi-stage build whose final stage has no package manager (distroless), or clean the caches in the same RUN.',
    remediation: {
      dockerfile:
        'RUN apt-get update && apt-get install -y --no-install-recommends <packages> && rm -rf /var/lib/apt/lists/*\n# apk: RUN apk add --no-cache <packages>\n# yum/dnf: RUN dnf install -y <packages> && dnf clean all',
    },
    breaks: 'Nothing at run time; later RUN steps must update the index again before installing.',
    fix: 'manual',
  },
  checkImage(img, ctx) {
    const file = ctx.source;
    if (!file) return;
    for (const instr of shippedInstructions(img)) {
      // Every `--mount` flag counts (`instr.flags` keeps only the last one of a repeated flag): read them from the header.
      if (instr.keyword !== 'RUN' || /--mount=\S*\btype=cache\b/i.test(file.text.slice(instr.range.start, instr.argsRange.start))) continue;
      const text = file.text.slice(instr.range.start, instr.range.end);
      for (const op of callsMatching(file, img, instr, PACKAGE_HINT).map(packageOp)) {
        if (!op || !isInstall(op)) continue;
        const cleaned =
          op.manager === 'apt'
            ? /rm\s+(?:-\w+\s+)*[^\n]*\/var\/lib\/apt\/lists/.test(text)
            : op.manager === 'apk'
              ? op.rest.includes('--no-cache') || /\/var\/cache\/apk/.test(text)
              : /\b(?:yum|dnf|microdnf|zypper)\s+(?:[-\w=]+\s+)*clean\b|\/var\/cache\/(?:yum|dnf)/.test(text);
        if (cleaned) continue;
        const end = op.call.wordRanges[op.subAt].end;
        ctx.report({ message: `${op.call.words.slice(0, op.subAt + 1).join(' ')} leaves the ${op.manager} cache in the image`, at: file.range(op.call.range.start, end), data: { manager: op.manager }, fix: CLEAN_FIX[op.manager] });
      }
    }
  },
});
