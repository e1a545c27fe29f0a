/**
 * BW-0106 df-remote-script-pipe (REMOTE_FETCH): a RUN pipes downloaded content into an interpreter or a
 * trust store without verifying it: `curl … | sh`, `wget -O- … | bash -`, `curl … | python3`,
 * `curl … | apt-key add -`, `curl … | gpg --dearmor` is not reported (it produces a keyring that a later
 * `signed-by` uses). Informational, as the corpus rates REMOTE_FETCH. R-P, R-G1, paper §IV.4;
 * CIS Docker Benchmark 1.6.0 4.11 ("Ensure only verified packages are installed") is the nearest id.
 */
import { defineRule } from './types.js';
import { callsMatching, commandOf } from '../ingest/dockerfile/facts.js';

const FETCHERS = new Set(['curl', 'wget', 'fetch']);
const INTERPRETERS = /^(?:sh|bash|dash|ash|zsh|ksh|python[0-9.]*|perl|ruby|node|php|pwsh)$/;

export default defineRule({
  meta: {
    id: 'BW-0106',
    slug: 'df-remote-script-pipe',
    title: 'Remote script piped into a shell at build time',
    severity: 'info',
    attackClasses: ['R-P'],
    requirements: ['R-P', 'R-G1'],
    cis: { '1.6.0': ['4.11'] },
    paper: '§IV.4, §V.2.1',
    inputs: ['dockerfile'],
    description:
      'Piping a download into a shell (or into apt-key) runs or trusts whatever the server returns at build time, with no checksum or signature check: a compromised server or CDN poisons the image.',
    remediation: {
      dockerfile:
        'ADD --checksum=sha256:<digest> https://rpm.nodesource.com/setup_current.x /tmp/setup.sh\nRUN bash /tmp/setup.sh && rm /tmp/setup.sh',
    },
    breaks: 'Nothing, once the checksum is current; the build fails when the script changes.',
    fix: 'manual',
  },
  checkImage(img, ctx) {
    const file = ctx.source;
    if (!file) return;
    const done = new Set<unknown>();
    for (const stage of img.stages) {
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'RUN') continue;
        for (const call of callsMatching(file, img, instr, /\|/)) {
          const p = call.pipeline;
          if (!p || done.has(p) || p[0] !== call) continue;
          done.add(p);
          const fetchIdx = p.findIndex((c) => FETCHERS.has(commandOf(c)?.name ?? ''));
          if (fetchIdx < 0) continue;
          const sink = p.slice(fetchIdx + 1).find((c) => {
            const cmd = commandOf(c);
            if (!cmd) return false;
            if (INTERPRETERS.test(cmd.name)) return true;
            return cmd.name === 'apt-key' && c.words[cmd.at + 1] === 'add';
          });
          if (!sink) continue;
          const fetcher = commandOf(p[fetchIdx])!.name;
          const s = commandOf(sink)!;
          const command = `${fetcher} | ${sink.words.slice(s.at).join(' ')}`;
          ctx.report({
            message: `${command}: remote content ${s.name === 'apt-key' ? 'trusted' : 'executed'} at build time without verification`,
            at: file.range(p[fetchIdx].range.start, sink.range.end),
            data: { command },
          });
        }
      }
    }
  },
});
