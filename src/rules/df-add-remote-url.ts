/**
 * BW-0105 df-add-remote-url (REMOTE_FETCH): `ADD https://…` (or a git URL) without `--checksum=`: the
 * build downloads remote content it does not verify. Informational, as the corpus rates REMOTE_FETCH.
 * CIS Docker Benchmark 1.6.0 4.9 ("Ensure that COPY is used instead of ADD"), R-P, R-G1, paper §IV.4.
 * `ADD --checksum=sha256:…` (Dockerfile 1.6) pins the content and is not reported.
 */
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'BW-0105',
    slug: 'df-add-remote-url',
    title: 'ADD fetches a remote URL without a checksum',
    severity: 'info',
    attackClasses: ['R-P'],
    requirements: ['R-P', 'R-G1'],
    cis: { '1.6.0': ['4.9'] },
    paper: '§IV.4, §V.2.1',
    inputs: ['dockerfile'],
    description:
      'ADD with a URL downloads whatever the server returns at build time. Without --checksum a compromised or changed server poisons the image silently.',
    remediation: { dockerfile: 'ADD --checksum=sha256:<digest of the file> https://example.com/tool.tar.gz /tmp/' },
    breaks: 'The build fails when the remote file changes; update the checksum deliberately.',
    fix: 'manual',
  },
  checkImage(img, ctx) {
    const file = ctx.source;
    if (!file) return;
    for (const stage of img.stages) {
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'ADD' || instr.flags.checksum) continue;
        for (const m of instr.args.matchAll(/(?:https?:\/\/|git@|git:\/\/)\S+/g)) {
          const start = instr.argsRange.start + m.index!;
          ctx.report({ message: `ADD downloads ${m[0]} without --checksum`, at: file.range(start, start + m[0].length), data: { url: m[0] } });
        }
      }
    }
  },
});
