/**
 * BW-0102 df-user-root (DF_ROOT_USER): the USER in effect for the final stage (its own last USER or the
 * one it inherits from the stage it is built FROM) is root: `root`, `0`, `root:root`, `0:0`, `root:<group>`.
 * CIS Docker Benchmark 1.6.0 4.1, R-K, R-G5, paper §V.2.5. A `USER root` followed later by a non-root USER
 * is fine (the last one wins). A USER that depends on a variable this file does not set (`USER $APP_UID`,
 * defined by the .NET base images) is reported at info with certainty `unknown` (requirements: a value a rule
 * cannot know is reported as unknown, never silently treated as safe). A USER that is only an ARG of its stage
 * declared without a default (`ARG RUN_AS` then `USER ${RUN_AS}`) is root in a build without `--build-arg`:
 * reported medium, certainty `unknown` ({@link argWithoutDefault}).
 * A USER naming an account the Dockerfile gives uid 0 (`useradd -o -u 0 admin`, `usermod -u 0`, an `admin:x:0:0`
 * line appended to /etc/passwd; {@link uidZeroUsers}) runs as root too: reported high.
 * An `ONBUILD USER root` trigger of the final stage (it switches images built FROM this one to root; Dockerfile
 * reference, "ONBUILD") is reported at info.
 */
import { stageName } from '../model/types.js';
import type { ImageBuildSpec, Sourced, Stage } from '../model/types.js';
import type { DockerfileArg } from '../ingest/dockerfile/index.js';
import { defineRule } from './types.js';
import { callsMatching, commandOf, onbuildTriggers, shippedStages } from '../ingest/dockerfile/facts.js';
import type { SourceFile } from '../model/source.js';

import { isRootUser } from './util/container.js';

export { isRootUser };

/**
 * The user names a shipped stage makes uid 0 (passwd(5): the uid field decides, not the name), with the command:
 * `useradd -o -u 0 admin` / `--non-unique --uid 0` / `--uid=0` (useradd(8)), `usermod -o -u 0 admin` (usermod(8)),
 * and a line `admin:x:0:…` written into /etc/passwd by `echo` / `printf` redirected there. CIS Docker Benchmark
 * 1.6.0 4.1, R-K: such a USER runs as root whatever its name.
 */
export function uidZeroUsers(file: SourceFile, img: ImageBuildSpec): Map<string, string> {
  const out = new Map<string, string>();
  for (const st of shippedStages(img))
    for (const instr of st.instructions) {
      if (instr.keyword !== 'RUN') continue;
      for (const call of callsMatching(file, img, instr, /useradd|usermod|adduser|\/etc\/passwd/)) {
        const c = commandOf(call);
        if (!c) continue;
        const args = call.words.slice(c.at + 1);
        if (c.name === 'useradd' || c.name === 'usermod' || c.name === 'adduser') {
          const zero = args.some((w, i) => /^(?:--uid|-[A-Za-z]*u)$/.test(w) ? /^0+$/.test(args[i + 1] ?? '') : /^(?:--uid=|-[A-Za-z]*u)0+$/.test(w));
          const name = args[args.length - 1];
          if (zero && name && !name.startsWith('-')) out.set(name, `${c.name} -u 0 ${name}`);
        } else if ((c.name === 'echo' || c.name === 'printf') && call.redirects.some((r) => (r.op === '>>' || r.op === '>') && r.target === '/etc/passwd')) {
          for (const w of args) {
            const m = /^([A-Za-z_][A-Za-z0-9_.-]*):[^:\n]*:0+:/.exec(w);
            if (m) out.set(m[1], `${m[1]}:x:0 in /etc/passwd`);
          }
        }
      }
    }
  return out;
}

/**
 * The ARG a USER's user part depends on when that ARG is declared in the USER's stage without a default
 * (`ARG RUN_AS` … `USER ${RUN_AS}` or `USER $RUN_AS:1000`) and the user part holds nothing else: without
 * `--build-arg RUN_AS=…` the variable expands to an empty string and Docker records `Config.User` `""`, which
 * is root (Dockerfile reference, "ARG" default values and "USER"; verified with `docker build` and
 * `docker image inspect`). CIS Docker Benchmark 1.6.0 4.1, R-K. `undefined` otherwise.
 */
export function argWithoutDefault(stages: Stage[], user: Sourced<string>, written: string): string | undefined {
  const at = user.origin.kind === 'file' ? user.origin.start : undefined;
  if (at === undefined) return undefined;
  const owner = [...stages].reverse().find((s) => s.fromRange.start <= at);
  const userPart = written.split(':')[0];
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(userPart.trim());
  const name = m?.[1] ?? m?.[2];
  if (!owner || !name) return undefined;
  const decl = owner.args.find((a) => a.value === name && a.origin.kind === 'file' && a.origin.start < at);
  return decl && (decl as DockerfileArg).defaultValue === undefined ? name : undefined;
}

export default defineRule({
  meta: {
    id: 'BW-0102',
    slug: 'df-user-root',
    title: 'Dockerfile final stage runs as root',
    severity: 'high',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G5'],
    cis: { '1.6.0': ['4.1'] },
    paper: '§IV.1, §V.2.5',
    inputs: ['dockerfile'],
    description:
      'The USER in effect at the end of the final stage is root, so every container of the image runs as uid 0 unless the deployment overrides it. A kernel bug or a mount mistake then becomes a host compromise.',
    remediation: { dockerfile: 'USER 10001:10001' },
    breaks: 'Processes that need root at start (binding ports below 1024, writing root-owned paths) fail until the image is adapted.',
    fix: 'unsafe',
  },
  checkImage(img, ctx) {
    if (ctx.source)
      for (const t of onbuildTriggers(ctx.source, img)) {
        const user = t.args.trim();
        if (t.keyword !== 'USER' || !isRootUser(user.replace(/["']/g, ''))) continue;
        ctx.report({ message: `ONBUILD USER ${user}: images built FROM this one switch to root`, at: ctx.source.range(t.argsRange.start, t.argsRange.start + user.length), severity: 'info', data: { user } });
      }
    const u = img.finalStage.user;
    if (!u) return;
    if (u.how === 'unresolved') {
      const written = u.raw ?? u.value;
      const arg = argWithoutDefault(img.stages, u, written);
      if (arg) {
        // Engine-verified: `ARG RUN_AS` + `USER ${RUN_AS}` built without --build-arg records Config.User "" (root).
        ctx.report({
          message: `final stage runs as USER ${written}, and ARG ${arg} has no default: a build without --build-arg ${arg}=… runs as root`,
          at: u,
          severity: 'medium',
          certainty: 'unknown',
          data: { user: written },
        });
        return;
      }
      // `USER $APP_UID` set by the base image (.NET 8 images): not known here.
      ctx.report({
        message: `final stage runs as USER ${written}, which depends on a variable not set in this file: whether it is root is not known`,
        at: u,
        severity: 'info',
        certainty: 'unknown',
        data: { user: written },
      });
      return;
    }
    if (!isRootUser(u.value)) {
      // `RUN useradd -o -u 0 admin` + `USER admin`: a root account under another name.
      const name = u.value.split(':')[0];
      const how = ctx.source && !/^\d+$/.test(name) ? uidZeroUsers(ctx.source, img).get(name) : undefined;
      if (how) ctx.report({ message: `final stage runs as root: USER ${u.value} names a user this Dockerfile makes uid 0 (${how})`, at: u, target: 'image', data: { user: u.value } });
      return;
    }
    // Windows: the administrator account's counterpart is ContainerUser (no uids there).
    const windows = u.value.trim().toLowerCase() === 'containeradministrator';
    // A USER the final stage inherits (`FROM base AS prod` after `USER root` in base) is still the final image's:
    // the finding belongs to the final stage, pointing at the USER to change.
    const at = u.origin.kind === 'file' ? u.origin.start : undefined;
    const owner = at === undefined ? undefined : [...img.stages].reverse().find((s) => s.fromRange.start <= at);
    const inherited = owner && owner !== img.finalStage ? `, inherited from stage ${stageName(img.stages, owner)}` : '';
    ctx.report({ message: `final stage runs as root (USER ${u.value}${inherited})`, at: u, target: 'image', data: { user: u.value }, ...(windows ? { fix: 'USER ContainerUser' } : {}) });
  },
});
