/**
 * An image's build history (`GET /images/{id}/history`, `docker history --no-trunc`) as a Dockerfile, so
 * the existing Dockerfile rules can judge what the build did (issue 3 "The images in use"; paper §IV.4
 * poisoned images, CIS 4.9 ADD instead of COPY, 4.7 update instructions alone, 4.10 secrets not stored in
 * images; R-P, R-S).
 *
 * Modest by design: the history records each step's `CreatedBy` only, so bulwark rebuilds the
 * instructions it can read back and applies just the rules whose facts survive in history —
 * {@link HISTORY_RULES}: secrets in `ENV`/`ARG` and in build arguments (`|2 TOKEN=… /bin/sh -c …` is how
 * both builders record `--build-arg` values used by a RUN), `ADD <url>`, and `apt-get update` without an
 * install in the same RUN. Other Dockerfile rules (USER, HEALTHCHECK, base-image pinning) are judged on the
 * container and the image config instead, where the facts are definite.
 *
 * Recognised `CreatedBy` shapes (oldest step first in the rebuilt file):
 *  - classic builder: `/bin/sh -c #(nop)  ENV A=b`, `/bin/sh -c #(nop) ADD file:… in /dst`,
 *    `/bin/sh -c apt-get update` (a RUN), `|1 TOKEN=x /bin/sh -c make` (a RUN with build args);
 *  - BuildKit: `ENV A=b`, `ARG TOKEN=x`, `ADD https://… /dst # buildkit`, `RUN /bin/sh -c … # buildkit`,
 *    `RUN |1 TOKEN=x /bin/sh -c … # buildkit`;
 *  - `docker import` / `docker commit` steps (no instruction) are skipped.
 */

/** Slugs of the Dockerfile rules applied to a rebuilt history. */
export const HISTORY_RULES: ReadonlySet<string> = new Set(['df-secret-in-env', 'df-add-remote-url', 'df-update-without-install']);

/** One `GET /images/{id}/history` entry (newest first in the API answer). */
export interface HistoryEntry {
  CreatedBy?: string;
  Id?: string;
  Created?: number;
  Comment?: string;
}

const KEYWORDS = /^(FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)\b/i;
const SHELL = /^(?:\/bin\/sh|\/bin\/bash|sh|bash) -c /;

/** Build arguments recorded before a RUN: `|2 A=1 B=2 ` → `['A=1', 'B=2']` and the rest of the text. */
function buildArgs(s: string): { args: string[]; rest: string } {
  const m = /^\|(\d+) /.exec(s);
  if (!m) return { args: [], rest: s };
  let rest = s.slice(m[0].length);
  const args: string[] = [];
  for (let n = Number(m[1]); n > 0; n--) {
    const w = /^(\S+)\s*/.exec(rest);
    if (!w) break;
    args.push(w[1]);
    rest = rest.slice(w[0].length);
  }
  return { args, rest };
}

/** Continues a multi-line command the Dockerfile way. */
const oneInstruction = (s: string) => s.replace(/\r?\n/g, ' \\\n');

/** The Dockerfile lines for one history step (empty when the step shows no instruction). */
export function stepToDockerfile(createdBy: string): string[] {
  let s = createdBy.trim().replace(/\s+# buildkit$/, '');
  if (!s) return [];
  if (SHELL.test(s) && s.replace(SHELL, '').startsWith('#(nop)')) {
    s = s.replace(SHELL, '').replace(/^#\(nop\)\s*/, '');
    // The classic builder writes `ADD src in dst` / `COPY src in dst`.
    s = s.replace(/^(ADD|COPY) (.*) in (\S+)\s*$/, '$1 $2 $3');
    return KEYWORDS.test(s) ? [oneInstruction(s)] : [];
  }
  let run = false;
  if (/^RUN /.test(s)) {
    run = true;
    s = s.slice(4);
  } else if (!KEYWORDS.test(s)) run = true;
  if (!run) return [oneInstruction(s)];
  const { args, rest } = buildArgs(s);
  if (!SHELL.test(rest) && !args.length && !/^\[/.test(rest)) return []; // `docker commit` / import: not an instruction
  const cmd = rest.replace(SHELL, '');
  return [...args.map((a) => `ARG ${a}`), oneInstruction(`RUN ${cmd}`)];
}

/**
 * Rebuilds a Dockerfile from an image history (API order, newest first). Returns `undefined` when no
 * step shows an instruction bulwark can judge (an imported rootfs, a committed container).
 */
export function historyToDockerfile(history: HistoryEntry[], ref: string): string | undefined {
  // Both builders repeat the build arguments before every RUN that follows their ARG: declare each once.
  const declared = new Set<string>();
  const lines = [...history].reverse().flatMap((h) =>
    stepToDockerfile(h.CreatedBy ?? '').filter((l) => {
      if (!l.startsWith('ARG ')) return true;
      if (declared.has(l)) return false;
      declared.add(l);
      return true;
    }),
  );
  if (!lines.length) return undefined;
  return [`# build history of ${ref.replace(/\n/g, ' ')} (docker history --no-trunc), oldest step first`, 'FROM scratch', ...lines, ''].join('\n');
}
