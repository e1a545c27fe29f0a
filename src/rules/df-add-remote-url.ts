/**
 * BW-0105 df-add-remote-url (REMOTE_FETCH): `ADD https://…` (or a git URL) without `--checksum=`: the
 * build downloads remote content it does not verify. Informational, as the corpus rates REMOTE_FETCH.
 * CIS Docker Benchmark 1.6.0 4.9 ("Ensure that COPY is used instead of ADD"), R-P, R-G1, paper §IV.4.
 * `ADD --checksum=sha256:…` (Dockerfile 1.6) pins the content and is not reported, and so is a git source pinned to
 * a commit (`ADD https://github.com/moby/buildkit.git#<40-hex commit> /src`; {@link gitSource}); a git source at a
 * branch or tag is reported as not pinned to a commit. An `ONBUILD ADD <url>` trigger of the final stage (it runs in
 * every image built FROM this one, not in this build) is reported at info as such.
 */
import { defineRule } from './types.js';
import { hideUrlCredentials, onbuildTriggers, stageScope } from '../ingest/dockerfile/facts.js';
import { substitute } from '../ingest/dockerfile/words.js';

const REMOTE = /^(?:https?:\/\/|git@|git:\/\/)/;

/**
 * The remote sources of an ADD's arguments: `url` as Docker reads it, `at` / `length` its characters in
 * `args`. Shell form: blank-separated words. Exec (JSON) form `ADD ["https://x/a b.txt", "/dst"]`: the array
 * elements before the destination (Dockerfile reference, "ADD"), so quotes and commas are not part of the URL.
 */
export function remoteSources(args: string): { url: string; at: number; length: number }[] {
  const out: { url: string; at: number; length: number }[] = [];
  if (args.trimStart().startsWith('[')) {
    try {
      const arr: unknown = JSON.parse(args);
      if (Array.isArray(arr) && arr.every((e) => typeof e === 'string')) {
        let from = 0;
        for (const e of (arr as string[]).slice(0, -1)) {
          const lit = JSON.stringify(e);
          const i = args.indexOf(lit, from);
          if (i < 0) break;
          from = i + lit.length;
          if (REMOTE.test(e)) out.push({ url: e, at: i + 1, length: lit.length - 2 });
        }
        return out;
      }
    } catch {
      // Not valid JSON: Docker then reads the shell form.
    }
  }
  for (const m of args.matchAll(/\S+/g)) {
    const q = /^["']/.test(m[0]) ? 1 : 0;
    const url = m[0].slice(q, q && m[0].endsWith(m[0][0]) ? -1 : undefined);
    if (REMOTE.test(url)) out.push({ url, at: m.index! + q, length: url.length });
  }
  return out;
}

/**
 * A git source of ADD as BuildKit reads it (`git@host:repo`, `git://`, `ssh://`, or an http(s) URL whose path ends in
 * `.git`; Dockerfile reference, "Adding files from a Git repository"): `ref` is the `#ref[:subdir]` fragment or the
 * `?ref=` / `?tag=` / `?branch=` query, `pinned` is true when the content is fixed to a commit: a full commit id as
 * the ref (40 hex, or 64 for SHA-256 repositories), or a `?checksum=` / `?commit=` query that BuildKit verifies the
 * ref against (Dockerfile 1.18 URL queries). `undefined` for anything that is not a git source.
 */
export function gitSource(url: string): { ref?: string; pinned: boolean } | undefined {
  const hash = url.indexOf('#');
  const beforeFragment = hash < 0 ? url : url.slice(0, hash);
  const q = beforeFragment.indexOf('?');
  const path = q < 0 ? beforeFragment : beforeFragment.slice(0, q);
  if (!/^(?:git@|git:\/\/|ssh:\/\/)/.test(url) && !/^https?:\/\/.*\.git\/?$/.test(path)) return undefined;
  const query = new URLSearchParams(q < 0 ? '' : beforeFragment.slice(q + 1));
  const ref = hash >= 0 ? url.slice(hash + 1).split(':')[0] || undefined : (query.get('ref') ?? query.get('tag') ?? query.get('branch') ?? undefined);
  const checksum = query.get('checksum') ?? query.get('commit');
  const pinned = (ref !== undefined && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(ref)) || (checksum !== null && /^[0-9a-f]{7,64}$/i.test(checksum));
  return { ref, pinned };
}

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
    /**
     * The remote sources of ADD arguments `args` written at file offset `base`. For an `ONBUILD ADD` trigger (it runs
     * in every image built FROM this one, not in this build) the finding reads `ONBUILD trigger ADD <url>: images
     * built FROM this one …`, at info, as BW-0104 reports its triggers.
     */
    const checkSources = (args: string, base: number, onbuild: boolean) => {
      for (const u of remoteSources(args)) {
        const start = base + u.at;
        const git = gitSource(u.url);
        if (git?.pinned) continue;
        // Quoted without the credentials of its userinfo (R-S); the code frame is masked by BW-0103's range.
        const shown = hideUrlCredentials(u.url);
        const at = file.range(start, start + u.length);
        if (git) {
          const repo = shown.replace(/#.*$/, '');
          const ref = git.ref ? `ref ${git.ref}` : 'its default branch';
          ctx.report({
            message: onbuild
              ? `ONBUILD trigger ADD ${shown}: images built FROM this one clone the git repository at ${ref}, not pinned to a commit`
              : `ADD clones git repository ${shown} at ${ref}, not pinned to a commit`,
            at,
            data: { url: shown },
            fix: `ADD ${repo}#<full commit id> <dest>   # or ?tag=…&checksum=<commit> (Dockerfile 1.18): the build fails if the ref moves`,
            ...(onbuild ? { severity: 'info' as const } : {}),
          });
          continue;
        }
        ctx.report(
          onbuild
            ? { message: `ONBUILD trigger ADD ${shown}: images built FROM this one download it without --checksum`, at, data: { url: shown }, severity: 'info' }
            : { message: `ADD downloads ${shown} without --checksum`, at, data: { url: shown } },
        );
      }
    };
    for (const stage of img.stages) {
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'ADD' || instr.flags.checksum) continue;
        checkSources(instr.args, instr.argsRange.start, false);
        // `ARG URL=https://example.com/a.tgz` … `ADD ${URL} /a/`: ADD expands build arguments and ENV values
        // (Dockerfile reference "Environment replacement"); the default written here is what a build downloads.
        if (!instr.args.includes('$') || instr.args.trimStart().startsWith('[')) continue;
        const scope = stageScope(img, stage);
        const words = [...instr.args.matchAll(/\S+/g)];
        for (const w of words.slice(0, -1)) {
          if (!w[0].includes('$') || w[0].startsWith('--')) continue;
          const v = substitute(w[0].replace(/^["']|["']$/g, ''), scope);
          if (v === undefined || !REMOTE.test(v) || gitSource(v)?.pinned) continue;
          const start = instr.argsRange.start + w.index!;
          const shown = hideUrlCredentials(v);
          ctx.report({ message: `ADD downloads ${w[0]} (${shown}, the default of a build argument or ENV) without --checksum`, at: file.range(start, start + w[0].length), data: { url: shown } });
        }
      }
    }
    // `ONBUILD ADD <url>` triggers of the final stage. Their flags (`--checksum=`, `--chown=`) are read here (the
    // trigger's are not parsed into `flags`); their `$VAR`s expand in the child build, where the values are unknown.
    for (const t of onbuildTriggers(file, img)) {
      if (t.keyword !== 'ADD') continue;
      const lead = /^(?:--([A-Za-z][\w-]*)(?:=\S*)?\s+)*/.exec(t.args)![0];
      if (/(?:^|\s)--checksum=/i.test(lead)) continue;
      checkSources(t.args.slice(lead.length), t.argsRange.start + lead.length, true);
    }
  },
});
