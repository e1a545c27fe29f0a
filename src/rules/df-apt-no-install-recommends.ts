/**
 * BW-0109 df-apt-no-install-recommends: `apt-get install` / `apt install` in a shipped stage without
 * `--no-install-recommends` (or `-o APT::Install-Recommends=false`), or `aptitude install` without its own `-R` /
 * `--without-recommends` (aptitude(8); it refuses `--no-install-recommends`), pulls in recommended packages nobody
 * asked for: more code, more setuid binaries, more CVEs. CIS Docker Benchmark 1.6.0 4.3 ("Ensure that
 * unnecessary packages are not installed in the container"), R-K, paper §IV.1. Stages that are not shipped
 * (builders) are not reported. apk and yum/dnf do not install recommendations by default. Installs after a
 * shipped instruction that turns recommendations off in apt.conf.d ({@link writesNoRecommends}) are not reported.
 */
import { defineRule } from './types.js';
import { callsMatching, commandOf, isInstall, packageOp, shippedInstructions } from '../ingest/dockerfile/facts.js';

/**
 * True if an instruction's text (a RUN, or a `COPY <<EOF /etc/apt/apt.conf.d/…` heredoc) writes apt's
 * `APT::Install-Recommends "0";` (or `"false"`) into an apt configuration file (apt.conf(5): files under
 * `/etc/apt/apt.conf.d/` apply to every later apt-get call), as many base images do
 * (`echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/01norecommend`).
 */
export function writesNoRecommends(text: string): boolean {
  return /APT::Install-Recommends\s+\\?["']?(?:0|false)\b/i.test(text) && /apt\.conf/.test(text);
}

/** The fix for aptitude, whose flag is `-R` / `--without-recommends` (aptitude(8)). */
const APTITUDE_FIX = 'RUN apt-get update && aptitude install -y -R <packages> && rm -rf /var/lib/apt/lists/*   # -R = --without-recommends (aptitude does not know --no-install-recommends)';

export default defineRule({
  meta: {
    id: 'BW-0109',
    slug: 'df-apt-no-install-recommends',
    title: 'apt installs recommended packages',
    severity: 'low',
    attackClasses: ['R-K'],
    requirements: ['R-K'],
    cis: { '1.6.0': ['4.3'] },
    paper: '§IV.1',
    inputs: ['dockerfile'],
    description:
      'apt installs "Recommends" dependencies by default. They enlarge the attack surface of the image (more binaries, libraries and known vulnerabilities) without being needed by the application. apt-get and apt turn them off with --no-install-recommends, aptitude with its own -R (--without-recommends).',
    remediation: { dockerfile: 'RUN apt-get update && apt-get install -y --no-install-recommends <packages> && rm -rf /var/lib/apt/lists/*' },
    breaks: 'A package that really needs a recommended dependency must list it explicitly.',
    fix: 'unsafe',
  },
  checkImage(img, ctx) {
    const file = ctx.source;
    if (!file) return;
    /** Set once a shipped instruction writes `APT::Install-Recommends "0";` into apt.conf.d: later installs follow it. */
    let configured = false;
    for (const instr of shippedInstructions(img)) {
      if (configured) return;
      if ((instr.keyword === 'RUN' || instr.keyword === 'COPY' || instr.keyword === 'ADD') && writesNoRecommends(file.text.slice(instr.range.start, instr.range.end))) {
        configured = true;
        continue;
      }
      if (instr.keyword !== 'RUN') continue;
      for (const call of callsMatching(file, img, instr, /apt/)) {
        const op = packageOp(call);
        if (!op || op.manager !== 'apt' || !isInstall(op)) continue;
        const words = call.words.join(' ');
        if (/APT::Install-Recommends[= ]["']?(?:false|0)/i.test(words)) continue;
        const aptitude = commandOf(call)?.name === 'aptitude';
        // aptitude(8): `-R` / `--without-recommends` (also inside a group of short options, `-yR`); it refuses
        // apt-get's `--no-install-recommends` ("unrecognized option"), which is no fix there.
        if (aptitude ? op.rest.some((w) => w === '--without-recommends' || /^-[A-Za-z]*R[A-Za-z]*$/.test(w)) : /--no-install-recommends/.test(words)) continue;
        const start = call.range.start;
        const end = call.wordRanges[op.subAt].end;
        const written = file.text.slice(start, end).replace(/\s+/g, ' ');
        ctx.report({
          message: aptitude
            ? `${written} without -R (--without-recommends)${op.rest.includes('--no-install-recommends') ? '; aptitude does not know --no-install-recommends (the build fails with it)' : ''}`
            : `${written} without --no-install-recommends`,
          at: file.range(start, end),
          data: { command: aptitude ? 'aptitude install' : 'apt-get install' },
          ...(aptitude ? { fix: APTITUDE_FIX } : {}),
        });
      }
    }
  },
});
