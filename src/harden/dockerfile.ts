/**
 * Dockerfile fixes (paper §IV.4 poisoned images, §V.2.2 run as non-root; CIS Docker Benchmark 4.1 USER,
 * 4.3 `--no-install-recommends`, 4.8 setuid bits). Edits are computed from the Dockerfile ingester's
 * instruction ranges (src/ingest/dockerfile/) and the findings' ranges.
 *
 * `USER` goes into the final stage after its last build step and before its trailing CMD / ENTRYPOINT /
 * EXPOSE / HEALTHCHECK / LABEL… instructions, so RUN steps still run as root. bulwark cannot know whether
 * the base image has a suitable user, so it writes a numeric `uid:gid` (no `/etc/passwd` entry is needed
 * for that) and says so in a comment above it.
 */
import { chainRoot } from '../ingest/dockerfile/facts.js';
import type { ImageBuildSpec, Stage } from '../model/types.js';
import type { Located } from './fixes/util.js';
import { lineEnd, lineStart } from './text.js';
import type { DockerfileEditor, Fix, TextEdit } from './types.js';

/** Instructions that may follow the USER bulwark adds at the end of the final stage. */
const TAIL = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'STOPSIGNAL', 'VOLUME', 'ONBUILD']);
/** The sweep that clears setuid/setgid bits in the image (CIS 4.8). */
export const SETID_SWEEP = 'RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true';

/** Collects the edits of one Dockerfile image. */
export class DockerfileTextEditor implements DockerfileEditor {
  readonly edits: TextEdit[] = [];
  readonly problems: string[] = [];
  private claimed = new Set<string>();
  constructor(
    readonly text: string,
    readonly image: ImageBuildSpec,
  ) {}

  /** Appends `suffix` to the value ending at `end` (a FROM image). */
  appendToValue(end: number, suffix: string): boolean {
    this.edits.push({ start: end, end, text: suffix });
    return true;
  }

  /** Reserves a change for this round; false when another fix made it already. */
  claim(what: string): boolean {
    if (this.claimed.has(what)) return false;
    this.claimed.add(what);
    return true;
  }

  /** Offset where lines go at the end of the final stage's build steps (before its trailing CMD, ENTRYPOINT…). */
  tailOffset(): number {
    const st: Stage = this.image.finalStage;
    const ins = st.instructions;
    let i = ins.length;
    while (i > 0 && TAIL.has(ins[i - 1].keyword)) i--;
    if (i < ins.length) return lineStart(this.text, ins[i].range.start);
    const lastEnd = ins.length ? ins[ins.length - 1].range.end : st.fromRange.end;
    const le = lineEnd(this.text, Math.max(lastEnd - 1, 0));
    return le;
  }

  /** Offset of the line of the final stage's last USER instruction, if it has one. */
  lastUserOffset(): number | undefined {
    const u = [...this.image.finalStage.instructions].reverse().find((i) => i.keyword === 'USER');
    return u ? lineStart(this.text, u.range.start) : undefined;
  }

  /**
   * Inserts whole lines at {@link tailOffset} (or before the final stage's last USER, for steps that must
   * run as root); `rank` orders lines inserted at one place by several fixes.
   */
  insertLines(lines: string[], rank: number, beforeUser = false): void {
    const at = (beforeUser ? this.lastUserOffset() : undefined) ?? this.tailOffset();
    const atLineStart = at === 0 || this.text[at - 1] === '\n';
    const body = lines.join('\n');
    this.edits.push(atLineStart ? { start: at, end: at, text: body + '\n', rank } : { start: at, end: at, text: '\n' + body, rank });
  }
}

function finalBaseIsBare(img: ImageBuildSpec): boolean {
  const root = chainRoot(img.finalStage);
  return /^scratch$/i.test(root.from.value) || /distroless|chainguard\/static/.test(root.from.value);
}

function userFix(ruleId: string, slug: string, applies: Fix['applies']): Fix {
  return {
    ruleId,
    slug,
    applicability: 'unsafe',
    title: 'add USER with a non-root uid:gid at the end of the final stage',
    attack: 'root in the container is root on the host after a breakout (no user namespace) — R-K, R-B',
    breaks: 'the application must be able to read its files and write its data as this uid (chown them in the Dockerfile); ports below 1024 need NET_BIND_SERVICE',
    applies,
    image(_img, _f, ed, p) {
      const de = ed as DockerfileTextEditor;
      if (!de.claim('USER')) return false;
      de.insertLines([`# bulwark: non-root uid:gid from the harden profile; no user is created, so files the app writes must be writable by ${p.user}`, `USER ${p.user}`], 0);
      return true;
    },
  };
}

/** BW-0101: the final stage sets no USER (and its base image is not known to default to non-root). */
export const dfUserNotSet = userFix('BW-0101', 'df-user-not-set', (f) => f.severity !== 'info');
/** BW-0102: the final stage's USER is root. */
export const dfUserRoot = userFix('BW-0102', 'df-user-root', (f) => f.certainty === 'definite');

/** BW-0109: `apt-get install` without `--no-install-recommends` (CIS 4.3): fewer packages, smaller attack surface. */
export const dfNoInstallRecommends: Fix = {
  ruleId: 'BW-0109',
  slug: 'df-apt-no-install-recommends',
  applicability: 'unsafe',
  title: 'add --no-install-recommends to apt-get install',
  attack: 'vulnerable packages installed only as recommendations (more code for a kernel or privilege exploit to use) — R-K',
  breaks: 'software that needed a recommended package at run time (install it by name)',
  applies: (f) => f.certainty === 'definite',
  image(_img, f, ed) {
    const de = ed as DockerfileTextEditor;
    const at = (f as Located).endOffset;
    if (!/install$/.test(de.text.slice(Math.max(0, at - 7), at))) {
      de.problems.push(`the apt install at offset ${at} is not written as "install"`);
      return false;
    }
    de.edits.push({ start: at, end: at, text: ' --no-install-recommends' });
    return true;
  },
};

/**
 * BW-0104: setuid/setgid bits. Adds one sweep that clears them in the final image, before the USER
 * (CIS 4.8). Unsafe: su, sudo, ping and passwd stop raising privileges (that is the point). Once the
 * sweep is there the fix no longer applies, although the rule still reports the `chmod u+s` it sees
 * (the rule reads each command, not the image).
 */
export const dfSetuidSweep: Fix = {
  ruleId: 'BW-0104',
  slug: 'df-setuid-binary',
  applicability: 'unsafe',
  title: 'clear setuid/setgid bits in the final image',
  attack: 'privilege escalation inside the container through setuid binaries — R-K, R-P',
  breaks: 'tools that need their setuid bit (su, sudo, ping without capabilities, passwd, chrome-sandbox)',
  applies: (f, _c, text) => f.certainty === 'definite' && f.message.includes('setuid/setgid bit') && !text.includes('-perm /6000'),
  image(img, _f, ed) {
    const de = ed as DockerfileTextEditor;
    if (finalBaseIsBare(img)) {
      de.problems.push('the final stage has no shell or find (scratch/distroless): clear the bits in the build stage instead');
      return false;
    }
    if (!de.claim('SETID')) return false;
    de.insertLines(['# bulwark: clears setuid/setgid bits (CIS 4.8)', SETID_SWEEP], -1, true);
    return true;
  },
};

/** BW-0107: a base image pinned by the digest the profile's `pins` give for it (`--pin-from`). Safe: same image as the tag names today. */
export const dfPinBase: Fix = {
  ruleId: 'BW-0107',
  slug: 'df-base-image-unpinned',
  applicability: 'safe',
  title: 'pin the base image by its digest',
  attack: 'a moved or poisoned tag replacing the base image between builds — R-P',
  breaks: 'builds keep the pinned image until the digest is updated (security updates of the tag too)',
  applies: (f, _c, _t, p) => f.certainty === 'definite' && !!p.pins[String(f.data.image)],
  image: (_img, f, ed, p) => ed.appendToValue((f as Located).endOffset, `@${p.pins[String(f.data.image)]}`),
};

/** Every Dockerfile fix, in the order tried. */
export const DOCKERFILE_FIXES: readonly Fix[] = [dfUserNotSet, dfUserRoot, dfNoInstallRecommends, dfSetuidSweep, dfPinBase];
