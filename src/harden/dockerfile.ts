/**
 * Dockerfile fixes (paper §IV.4 poisoned images, §V.2.2 run as non-root, §V.2.9 no sshd; CIS Docker
 * Benchmark 4.1 USER, 4.3 `--no-install-recommends`, 4.8 setuid bits, 5.6/5.7 sshd: `EXPOSE 22` and
 * `openssh-server` removed). Edits are computed from the Dockerfile ingester's
 * instruction ranges (src/ingest/dockerfile/) and the findings' ranges.
 *
 * `USER` goes into the final stage after its last build step and before its trailing CMD / ENTRYPOINT /
 * EXPOSE / HEALTHCHECK / LABEL… instructions, so RUN steps still run as root. bulwark cannot know whether
 * the base image has a suitable user, so it writes a numeric `uid:gid` (no `/etc/passwd` entry is needed
 * for that) and says so in a comment above it.
 */
import { isWindowsImage, WINDOWS_USER } from '../model/windows.js';
import { isRootUser as isRootUserSpec } from '../rules/util/container.js';
import { callsMatching, chainRoot, isInstall, PACKAGE_HINT, packageOp } from '../ingest/dockerfile/facts.js';
import { SourceFile } from '../model/source.js';
import type { ImageBuildSpec, Stage } from '../model/types.js';
import type { Located } from './fixes/util.js';
import { pinFor, unpinnedBecause } from './fixes/pin.js';
import { DEFAULT_PROFILE } from './profile.js';
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

/** The non-administrator account of Windows base images (src/model/windows.ts). */
export { WINDOWS_USER };

/** Whether the final stage's base image is a Windows one ({@link isWindowsImage}). */
export function finalBaseIsWindows(img: ImageBuildSpec): boolean {
  return isWindowsImage(chainRoot(img.finalStage).from.value);
}

function userFix(ruleId: string, slug: string, applies: Fix['applies']): Fix {
  return {
    ruleId,
    slug,
    applicability: 'unsafe',
    title: 'add USER with a non-root uid:gid at the end of the final stage',
    attack: 'a breakout making root in the container root on the host (no user namespace) — R-K, R-B',
    breaks: 'the application must be able to read its files and write its data as this uid (chown them in the Dockerfile); ports below 1024 need NET_BIND_SERVICE',
    applies,
    image(_img, _f, ed, p) {
      const de = ed as DockerfileTextEditor;
      if (!de.claim('USER')) return false;
      // A Windows image gets its built-in non-administrator account, unless the profile names a user of its own.
      if (finalBaseIsWindows(de.image) && p.user === DEFAULT_PROFILE.user) {
        de.insertLines([`# bulwark: the non-administrator account of Windows base images; files the app writes must be writable by ${WINDOWS_USER}`, `USER ${WINDOWS_USER}`], 0);
        return true;
      }
      de.insertLines([`# bulwark: non-root uid:gid from the harden profile; no user is created, so files the app writes must be writable by ${p.user}`, `USER ${p.user}`], 0);
      return true;
    },
  };
}

/** `line:column` (1-based) of offset `at` in `text`, for messages. */
function lineColumn(text: string, at: number): string {
  const p = new SourceFile('', text).position(at);
  return `${p.line}:${p.column}`;
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
    // aptitude(8) has its own flag (`-R`, `--without-recommends`) and refuses apt-get's.
    const flag = f.data.command === 'aptitude install' ? '--without-recommends' : '--no-install-recommends';
    const at = (f as Located).endOffset;
    const before = de.text.slice(Math.max(0, at - 8), at);
    // Exec form (`RUN ["apt-get", "install", "-y", "vim"]`, the finding spans the array): a JSON string of its own
    // after `"install"`.
    const k = de.text.lastIndexOf('"install"', at);
    const exec = k >= (f as Located).offset && /^\s*\[\s*"(?:\/usr\/bin\/)?apt(?:-get|itude)?"\s*,\s*$/.test(de.text.slice(de.text.lastIndexOf('\n', k) + 1, k).replace(/^\s*RUN\s+(?:--\S+\s+)*/i, ''));
    if (exec) {
      de.edits.push({ start: k + '"install"'.length, end: k + '"install"'.length, text: `, "${flag}"` });
      return true;
    }
    if (/install"?$/.test(before)) {
      const q = before.endsWith('"') ? 1 : 0;
      de.edits.push({ start: at - q, end: at - q, text: ` ${flag}` });
      return true;
    }
    de.problems.push(`the apt install at ${lineColumn(de.text, at)} is written in a form bulwark cannot edit: add ${flag} by hand`);
    return false;
  },
};

/**
 * BW-0104: setuid/setgid bits. Adds one sweep that clears them in the final image (CIS 4.8), as root and
 * after every step that could set a bit: before a final non-root USER that follows the last RUN/COPY/ADD,
 * else at the end of the build steps (between `USER root` and `USER <user>` when a non-root user is in effect there). Unsafe: su, sudo, ping and passwd stop raising privileges (that is the point). Once the
 * sweep is there the fix no longer applies, and the rule no longer reports a `chmod u+s` the sweep clears
 * afterwards (src/rules/df-setuid-binary.ts).
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
    const ins = img.finalStage.instructions;
    const lastUser = ins.map((i) => i.keyword).lastIndexOf('USER');
    // Instructions that can set a bit (RUN chmod/install, COPY/ADD --chmod): the sweep must come after the last one.
    const lastBuild = Math.max(...['RUN', 'COPY', 'ADD'].map((k) => ins.map((i) => i.keyword).lastIndexOf(k)));
    const user = lastUser >= 0 ? ins[lastUser].args.trim() : img.finalStage.user?.value;
    if (lastUser >= 0 && lastUser > lastBuild && !isRootUser(user)) {
      // `RUN …` then `USER app`: the sweep goes before the USER, still as root.
      de.insertLines(['# bulwark: clears setuid/setgid bits (CIS 4.8)', SETID_SWEEP], -1, true);
    } else if (!user || isRootUser(user)) {
      // Root at the end of the build steps (`USER root`, or no USER): the sweep goes there, after every step that could set a bit.
      de.insertLines(['# bulwark: clears setuid/setgid bits (CIS 4.8)', SETID_SWEEP], -1);
    } else {
      // A step after a non-root USER: switch to root for the sweep, then back to the user as written.
      de.insertLines(['# bulwark: clears setuid/setgid bits (CIS 4.8), as root', 'USER root', SETID_SWEEP, `USER ${user}`], -1);
    }
    return true;
  },
};

/** Whether a USER value (as written) is root ({@link isRootUserSpec}: `root`, `0`, `+0`, with any group). */
function isRootUser(u: string | undefined): boolean {
  return !!u && isRootUserSpec(u);
}

/** BW-0107: a base image pinned by the digest the profile's `pins` give for it (`--pin-from`). Safe: same image as the tag names today. */
export const dfPinBase: Fix = {
  ruleId: 'BW-0107',
  slug: 'df-base-image-unpinned',
  applicability: 'safe',
  title: 'pin the base image by its digest',
  attack: 'a moved or poisoned tag replacing the base image between builds — R-P',
  breaks: 'builds keep the pinned image until the digest is updated (security updates of the tag too)',
  applies: (f, _c, _t, p) => f.certainty === 'definite' && pinFor(p.pins, String(f.data.image)) !== undefined,
  leftBecause: (f, _c, _t, p) => (f.certainty === 'definite' && p ? unpinnedBecause(p, String(f.data.image)) : undefined),
  image: (_img, f, ed, p) => ed.appendToValue((f as Located).endOffset, `@${pinFor(p.pins, String(f.data.image))}`),
};

/**
 * Start of the removal of the word at `start`: back over the spaces, tabs and backslash-newline line
 * continuations before it, so `-y \\\n  openssh-server \\\n  curl` loses the word and one continuation
 * and the command keeps its shape (the word is never the first of its command: a package or a port follows
 * `install`/`add` or `EXPOSE`).
 */
function removalStart(text: string, start: number): number {
  let p = start;
  for (;;) {
    while (p > 0 && (text[p - 1] === ' ' || text[p - 1] === '\t')) p--;
    if (p >= 2 && text[p - 1] === '\n' && text[p - 2] === '\\') p -= 2;
    else if (p >= 3 && text[p - 1] === '\n' && text[p - 2] === '\r' && text[p - 3] === '\\') p -= 3;
    else return p;
  }
}

/** SSH server packages the BW-0112 fix removes from install lines (issue 4; Alpine's `openssh-server-pam` too); `dropbear` and `ssh` stay manual. */
const SSH_SERVER_PACKAGES = new Set(['openssh-server', 'openssh-server-pam', 'openssh']);

/**
 * BW-0112 df-sshd (CIS Docker Benchmark 1.6.0 5.6/5.7, R-G9, paper §V.2.9): removes `22` from EXPOSE (the
 * whole EXPOSE instruction when 22 was its only port) and `openssh-server` / `openssh` from package install
 * lines, keeping the rest of the line. Unsafe: whoever logs in over SSH must use `docker exec`. A CMD /
 * ENTRYPOINT that starts sshd is not changed (what to run instead is the user's call); neither is an
 * install whose only package is the SSH server (the command would be left without packages), nor one whose
 * files a RUN uses afterwards (`sed … /etc/ssh/sshd_config`: the build would fail, see `sshUsedLater`): those
 * are named in a not-fixed note (`leftBecause`), and each change's title says what it removed (`forFinding`),
 * so removing `EXPOSE 22` never reads as if the server were gone. Every mention of the package in its command
 * goes (quoted or not); an exec-form RUN is left, with a note.
 */
export const dfRemoveSshd: Fix = {
  ruleId: 'BW-0112',
  slug: 'df-sshd',
  applicability: 'unsafe',
  title: 'remove the SSH server (EXPOSE 22, openssh-server): use docker exec',
  attack: 'password guessing and SSH daemon exploits against a login service inside the container, which bypasses the engine’s access control and audit — R-S, R-B',
  breaks: 'workflows that ssh into the container (use docker exec -it <container> sh); an entrypoint that still starts sshd fails until it is changed',
  // Each finding says what its change does: the EXPOSE port, or the package (never both for one of them).
  forFinding: (f) =>
    f.data.port === '22'
      ? {
          title: 'remove port 22 from EXPOSE: the image no longer declares SSH (docker run -P no longer publishes it)',
          attack: 'publishing the image’s SSH port with docker run -P, a login service reachable from the network — R-S, R-B',
          breaks: 'workflows that ssh into the container through the published port (use docker exec -it <container> sh); an SSH server installed in the image stays until its package is removed',
        }
      : { title: `remove ${String(f.data.package)} from this install command (use docker exec instead of SSH)` },
  applies: (f, _c, text) =>
    f.data.port === '22' ||
    (SSH_SERVER_PACKAGES.has(String(f.data.package)) && asWord(text, (f as Located).offset, String(f.data.package)) && otherPackagesAround(text, (f as Located).offset, String(f.data.package)) && !sshUsedLater(text, (f as Located).offset)),
  leftBecause: (f, _c, text) => {
    const pkg = String(f.data.package ?? '');
    if (f.certainty !== 'definite' || !SSH_SERVER_PACKAGES.has(pkg)) return undefined;
    const at = (f as Located).offset;
    if (!asWord(text, at, pkg)) return `${pkg} is left installed: it is not written as a word of a shell-form RUN (an exec-form RUN ["apt-get", …] is not edited); remove it by hand`;
    if (sshUsedLater(text, at)) return `${pkg} is left installed: the rest of its RUN or a later RUN uses what it installs (/etc/ssh, ssh-keygen or sshd) and would fail without it; remove the package and those steps by hand`;
    if (!otherPackagesAround(text, at, pkg)) return `${pkg} is left installed: it is the only package of its install command; remove the command by hand`;
    return undefined;
  },
  image(img, f, ed) {
    const de = ed as DockerfileTextEditor;
    const { offset, endOffset } = f as Located;
    const text = de.text;
    if (f.data.port === '22') {
      const instr = shippedStagesOf(img).flatMap((st) => st.instructions).find((i) => i.keyword === 'EXPOSE' && i.range.start <= offset && offset < i.range.end);
      if (!instr) return false;
      const ports = instr.args.split(/[\s\\]+/).filter(Boolean);
      if (ports.length <= 1) {
        // 22 was the only port: the whole EXPOSE line goes.
        const from = lineStart(text, instr.range.start);
        const to = lineEnd(text, Math.max(instr.range.end - 1, instr.range.start));
        de.edits.push({ start: from, end: Math.min(to + 1, text.length), text: '' });
        return true;
      }
      de.edits.push({ start: removalStart(text, offset), end: endOffset, text: '' });
      return true;
    }
    const pkg = String(f.data.package);
    const where = lineColumn(text, offset);
    // The install command holding the word: another package must be left, or the command would install nothing.
    const instr = shippedStagesOf(img).flatMap((st) => st.instructions).find((i) => i.keyword === 'RUN' && i.range.start <= offset && offset < i.range.end);
    // Exec form (`RUN ["apt-get", "install", …]`): removing a JSON string needs its comma too; left to the user.
    const exec = !!instr && /^\s*\[/.test(text.slice(instr.argsRange.start, instr.argsRange.end));
    const file = new SourceFile(f.location.file, text);
    const call = instr && !exec ? callsMatching(file, img, instr, PACKAGE_HINT).find((c) => c.wordRanges.some((r) => r.start === offset)) : undefined;
    const op = call ? packageOp(call) : undefined;
    if (!call || !op || !isInstall(op)) {
      de.problems.push(`${pkg} at ${where} is not in an install command bulwark edits (exec form or a command it cannot parse); remove it by hand`);
      return false;
    }
    // Every time the command names the package (`curl openssh-server openssh-server`): one left would still install it.
    const ranges = call.wordRanges.filter((_r, i) => i > op.subAt && call.words[i] === pkg);
    const odd = ranges.find((r) => ![pkg, `"${pkg}"`, `'${pkg}'`].includes(text.slice(r.start, r.end)));
    if (odd) {
      de.problems.push(`${pkg} is not written as a plain word at ${lineColumn(text, odd.start)}; remove it by hand`);
      return false;
    }
    const left = op.rest.filter((w) => !w.startsWith('-') && w !== pkg);
    if (left.length === 0) {
      de.problems.push(`${pkg} is the only package of its install command: remove the command by hand`);
      return false;
    }
    for (const r of ranges) de.edits.push({ start: removalStart(text, r.start), end: r.end, text: '' });
    return true;
  },
};

/** Whether the package is written at `offset` as a word of its own: plain or quoted (not an exec-form RUN, where the finding is the whole array). */
function asWord(text: string, offset: number, pkg: string): boolean {
  return [pkg, `"${pkg}"`, `'${pkg}'`].some((w) => text.startsWith(w, offset) && !/[\w.+-]/.test(text[offset + w.length] ?? ''));
}

/**
 * Whether the install command around `offset` (the package word) names another package: the command's
 * words from the last `&&`/`;`/`|` before it to the next one or the end of the logical line (backslash
 * continuations joined). A quick look at the text for `applies`; the fix itself checks with the shell AST.
 */
function otherPackagesAround(text: string, offset: number, pkg: string): boolean {
  const isEnd = (i: number) => text[i] === '\n' && text[i - 1] !== '\\' && !(text[i - 1] === '\r' && text[i - 2] === '\\');
  let a = offset;
  while (a > 0 && !isEnd(a - 1) && !/[;&|]/.test(text[a - 1])) a--;
  let b = offset;
  while (b < text.length && !isEnd(b) && !/[;&|]/.test(text[b])) b++;
  const words = text.slice(a, b).replace(/\\\r?\n/g, ' ').split(/\s+/).filter(Boolean);
  const at = words.findIndex((w) => /^(?:install|add)$/.test(w));
  return words.slice(at + 1).some((w) => !w.startsWith('-') && w !== pkg);
}

/**
 * Whether the rest of the install's RUN, or a RUN instruction after it, uses what the SSH server package installs:
 * `/etc/ssh/…` (`sed -i … /etc/ssh/sshd_config`, host keys), `ssh-keygen` or `/usr/sbin/sshd`. Removing the
 * package would make that RUN fail and the image no longer build (Docker's own "Dockerize an SSH service"
 * example edits `/etc/ssh/sshd_config` after the install), so the package is then left to the user.
 * Backslash continuations are joined; CMD / ENTRYPOINT are run-time and not looked at (see {@link dfRemoveSshd}).
 */
function sshUsedLater(text: string, offset: number): boolean {
  // The rest of the install's own instruction first, then each later instruction (one logical line each).
  const [rest, ...later] = text.slice(offset).replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  const uses = (l: string) => /\/etc\/ssh\b|\bssh-keygen\b|\/usr\/sbin\/sshd\b/.test(l);
  return uses(rest) || later.some((l) => /^\s*RUN\b/i.test(l) && uses(l));
}

/** The final stage and the stages it is built FROM (the shipped stages). */
function shippedStagesOf(img: ImageBuildSpec): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = img.finalStage; s && !out.includes(s); s = s.parent) out.push(s);
  return out;
}

/** Every Dockerfile fix, in the order tried. */
export const DOCKERFILE_FIXES: readonly Fix[] = [dfUserNotSet, dfUserRoot, dfNoInstallRecommends, dfSetuidSweep, dfPinBase, dfRemoveSshd];
