/**
 * BW-0104 df-setuid-binary (DF_SUID): the Dockerfile creates a setuid/setgid file or grants passwordless
 * sudo in a shipped stage:
 *  - `chmod u+s`, `g+s`, `+s`, `a+s`, or a numeric mode with the setuid/setgid bit (`4755`, `2755`, `6755`,
 *    `04755`) in a RUN command (also in a `RUN <<EOF` script);
 *  - `COPY --chmod=4755` / `ADD --chmod=…` with such a mode;
 *  - a sudoers `NOPASSWD` rule written by RUN or by `COPY <<EOF /etc/sudoers…`.
 * `chmod +x` and the sticky bit (`1777`) are not setuid. CIS Docker Benchmark 1.6.0 4.8 ("Ensure setuid and
 * setgid permissions are removed"), R-G7, R-P, paper §V.2.7. data `{ command }` in short form
 * (`chmod 4755 chrome-sandbox`: the target's base name).
 */
import { defineRule } from './types.js';
import { callsOf, commandOf, shippedStages } from '../ingest/dockerfile/facts.js';

/** True if a chmod mode sets the setuid or setgid bit (`u+s`, `g=s`, `+s`, `4755`, `02755`). */
export function modeSetsSetid(mode: string): boolean {
  if (/^[0-7]+$/.test(mode)) {
    const n = parseInt(mode, 8);
    return mode.length >= 4 && (n & 0o6000) !== 0;
  }
  return mode.split(',').some((clause) => {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m || m[2] === '-' || !m[3].includes('s')) return false;
    return m[1] === '' || /[uga]/.test(m[1]);
  });
}

const base = (p: string) => p.replace(/\/+$/, '').slice(p.replace(/\/+$/, '').lastIndexOf('/') + 1);

export default defineRule({
  meta: {
    id: 'BW-0104',
    slug: 'df-setuid-binary',
    title: 'Dockerfile adds a setuid/setgid binary or passwordless sudo',
    severity: 'high',
    attackClasses: ['R-K', 'R-P'],
    requirements: ['R-G7', 'R-P', 'R-K'],
    cis: { '1.6.0': ['4.8'] },
    paper: '§V.2.7',
    inputs: ['dockerfile'],
    description:
      'A setuid/setgid binary (or a NOPASSWD sudoers rule) lets any process in the container become root or another user: a non-root USER no longer contains a compromise. Setuid helpers are the usual way from an application bug to root inside the container, and from there to kernel attack surface.',
    remediation: {
      dockerfile:
        'RUN chmod 0755 /opt/google/chrome/chrome-sandbox   # no setuid bit; run Chrome with --no-sandbox only inside a seccomp-confined container, or use user namespaces\n# and deploy with --cap-drop SETUID --cap-drop SETGID --security-opt no-new-privileges',
    },
    breaks: 'Programs that rely on the setuid bit (sandboxes, ping on old systems, sudo) lose that privilege.',
    fix: 'manual',
  },
  checkImage(img, ctx) {
    const file = ctx.source;
    if (!file) return;
    for (const stage of [...shippedStages(img)].reverse()) {
      for (const instr of stage.instructions) {
        if (instr.keyword === 'RUN') {
          for (const call of callsOf(file, img, instr)) {
            const c = commandOf(call);
            if (!c || c.name !== 'chmod') continue;
            const rest = call.words.slice(c.at + 1);
            const modeAt = rest.findIndex((w) => !/^-[A-Za-z]+$/.test(w) && !w.startsWith('--'));
            if (modeAt < 0 || !modeSetsSetid(rest[modeAt])) continue;
            const targets = rest.slice(modeAt + 1);
            const command = ['chmod', rest[modeAt], ...targets.slice(0, 1).map(base)].join(' ');
            ctx.report({ message: `${command}: sets the setuid/setgid bit`, at: call.range, data: { command } });
          }
        }
        if ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && instr.flags.chmod && modeSetsSetid(instr.flags.chmod)) {
          const text = file.text.slice(instr.range.start, instr.argsRange.start);
          const i = text.search(/--chmod=/i);
          const start = instr.range.start + Math.max(i, 0);
          const command = `${instr.keyword} --chmod=${instr.flags.chmod}`;
          ctx.report({ message: `${command}: copies a file with the setuid/setgid bit`, at: file.range(start, start + (i >= 0 ? 8 + instr.flags.chmod.length : 0)), data: { command } });
        }
        if (instr.keyword === 'RUN' || instr.keyword === 'COPY' || instr.keyword === 'ADD') {
          const text = file.text.slice(instr.range.start, instr.range.end);
          if (!/sudoers/.test(text)) continue;
          for (const m of text.matchAll(/\bNOPASSWD\s*:/g)) {
            const start = instr.range.start + m.index!;
            ctx.report({ message: 'writes a sudoers NOPASSWD rule: passwordless sudo to root', at: file.range(start, start + 'NOPASSWD'.length), data: { command: 'sudoers NOPASSWD' } });
          }
        }
      }
    }
  },
});
