/**
 * Facts about a Dockerfile that several `df-*` rules need: which stages end up in the image, the shell
 * commands of RUN instructions (cached), and the command name behind `sudo`/`env` wrappers.
 * Source: Dockerfile reference (multi-stage builds: only the final stage and the stages it is built FROM
 * are in the image; `COPY --from` copies files, not layers).
 */
import type { SourceFile } from '../../model/source.js';
import type { ImageBuildSpec, Instruction, Stage } from '../../model/types.js';
import type { DockerfileArg, DockerfileImage } from './index.js';
import { runCalls, type ShellCall } from './shell.js';

/** The final stage and the stages it is built FROM, final first: the stages whose layers are shipped. */
export function shippedStages(img: ImageBuildSpec): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = img.finalStage; s && !out.includes(s); s = s.parent) out.push(s);
  return out;
}

/**
 * The instructions of the shipped stages (see {@link shippedStages}), in build order: what the rules about
 * the image's own layers (packages, setuid bits, sshd) look at.
 */
export function* shippedInstructions(img: ImageBuildSpec): Generator<Instruction> {
  for (const stage of [...shippedStages(img)].reverse()) yield* stage.instructions;
}

/** The first stage of a stage's FROM chain (the one built on an external image or scratch). */
export function chainRoot(stage: Stage): Stage {
  let s = stage;
  while (s.parent && s.parent !== s) s = s.parent;
  return s;
}

/** True if the stage is built FROM `scratch` (the empty image). */
export function isScratch(stage: Stage): boolean {
  return !stage.parent && stage.from.value.trim().toLowerCase() === 'scratch';
}

/** True if the stage is built FROM an external image (not an earlier stage, not scratch). */
export function isExternalBase(stage: Stage): boolean {
  return !stage.parent && !isScratch(stage);
}

const cache = new WeakMap<Instruction, ShellCall[]>();

/** The shell commands of a RUN instruction (see {@link runCalls}), parsed once per instruction. */
export function callsOf(file: SourceFile, img: ImageBuildSpec, instr: Instruction): ShellCall[] {
  let calls = cache.get(instr);
  if (!calls) {
    calls = runCalls(file, instr, (img as Partial<DockerfileImage>).escape ?? '\\');
    cache.set(instr, calls);
  }
  return calls;
}

/**
 * The calls of a RUN instruction when its text (header and heredoc bodies) matches `hint`, else `[]`
 * without parsing: rules looking for a command name (`chmod`, a package manager, a `|`) skip the rest cheaply.
 * `hint` must match the text of every call the rule can act on.
 */
export function callsMatching(file: SourceFile, img: ImageBuildSpec, instr: Instruction, hint: RegExp): ShellCall[] {
  return hint.test(file.text.slice(instr.range.start, instr.range.end)) ? callsOf(file, img, instr) : [];
}

/** Matches the text of every call {@link packageOp} recognises (the manager names of its table). */
export const PACKAGE_HINT = /apt|apk|yum|dnf|zypper/;

/**
 * Options of the wrapper commands that take their value as the next word (`sudo -u app git clone …`: `app` is
 * the user, `git` the command). sudo(8): -u user, -g group, -C num, -D dir, -p prompt, -r role, -t type,
 * -U user, -T timeout; env(1): -u name, -C dir; nice(1): -n adjustment; exec (bash builtin): -a name;
 * time(1): -f format, -o file; xargs(1): -a file, -d delim, -E eof, -I replace, -L/-n/-P/-s numbers (the command
 * xargs runs gets its arguments from stdin). A `--long=value` option is one word and needs no entry.
 */
const WRAPPER_VALUE_OPTIONS: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-C', '-D', '-p', '-r', '-t', '-U', '-T', '--user', '--group', '--close-from', '--chdir', '--prompt', '--role', '--type', '--other-user', '--command-timeout']),
  env: new Set(['-u', '-C', '--unset', '--chdir']),
  nice: new Set(['-n', '--adjustment']),
  exec: new Set(['-a']),
  time: new Set(['-f', '-o', '--format', '--output']),
  nohup: new Set(),
  xargs: new Set(['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--max-lines', '--max-args', '--max-procs', '--max-chars']),
};

/**
 * The command a call runs, past `sudo [-opts] [-u user] [X=y…]`, `env [-i] [-u X] [X=y…]`, `exec`, `nice [-n N]`,
 * `time`, `nohup`, `xargs [-I {} …]`, and the privilege droppers `gosu USER` / `su-exec USER[:GROUP]` (tianon/gosu, ncopa/su-exec:
 * the user is the first argument, the command follows): `name` is the program's base name
 * (`/usr/bin/apt-get` → `apt-get`), `at` the index of its word. `--` ends a wrapper's options.
 */
export function commandOf(call: ShellCall): { name: string; at: number } | undefined {
  const w = call.words;
  let i = 0;
  while (i < w.length) {
    const base = w[i].slice(w[i].lastIndexOf('/') + 1);
    const valued = WRAPPER_VALUE_OPTIONS[base];
    if (valued) {
      i++;
      while (i < w.length) {
        if (w[i] === '--') { i++; break; }
        if (valued.has(w[i])) i += 2;
        else if (w[i].startsWith('-') || ((base === 'env' || base === 'sudo') && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w[i]))) i++;
        else break;
      }
      continue;
    }
    if (base === 'gosu' || base === 'su-exec') {
      i += 2;
      continue;
    }
    return { name: base, at: i };
  }
  return undefined;
}

/** A package manager invocation: `apt-get install …`, `apk add …`, `yum install …`. */
export interface PackageOp {
  manager: 'apt' | 'apk' | 'yum' | 'dnf' | 'microdnf' | 'zypper';
  /** Sub-command as written (`install`, `add`, `update`, `upgrade`, `clean`…). */
  sub: string;
  /** Word index of the sub-command in `call.words`. */
  subAt: number;
  /** Words after the sub-command (options and packages). */
  rest: string[];
  call: ShellCall;
}

const MANAGERS: Record<string, PackageOp['manager']> = {
  'apt-get': 'apt', apt: 'apt', aptitude: 'apt', apk: 'apk', yum: 'yum', dnf: 'dnf', microdnf: 'microdnf', zypper: 'zypper',
};

/** Recognises a package manager call; options before the sub-command (`yum -y install`) are skipped. */
export function packageOp(call: ShellCall): PackageOp | undefined {
  const c = commandOf(call);
  if (!c) return undefined;
  const manager = MANAGERS[c.name];
  if (!manager) return undefined;
  const w = call.words;
  let i = c.at + 1;
  while (i < w.length && w[i].startsWith('-')) {
    // `-o Opt=val`, `--option x`, `-c file` take a value as the next word.
    if (/^(?:-o|-c|-t|--option|--config-file|--target-release)$/.test(w[i])) i++;
    i++;
  }
  if (i >= w.length) return undefined;
  return { manager, sub: w[i], subAt: i, rest: [...w.slice(c.at + 1, i), ...w.slice(i + 1)], call };
}

/** Installing sub-commands per manager. */
export function isInstall(op: PackageOp): boolean {
  return op.manager === 'apk' ? op.sub === 'add' : op.sub === 'install' || (op.manager === 'zypper' && op.sub === 'in');
}

/** The text of an instruction's header and heredoc bodies, for plain-text checks (`NOPASSWD`). */
export function instructionText(file: SourceFile, instr: Instruction): string {
  return file.text.slice(instr.range.start, instr.range.end);
}

/**
 * The ONBUILD triggers of the final stage as the instructions they will be (`ONBUILD RUN chmod u+s /x` →
 * a `RUN` whose args start after `RUN `): they are stored in the image config (`OnBuild`) and run when another
 * Dockerfile builds `FROM` this image, not in this build (Dockerfile reference, "ONBUILD"). Rules report what
 * they would find in them at info severity. Heredoc bodies stay with the trigger; `--flags` of the trigger are
 * not parsed.
 */
export function* onbuildTriggers(file: SourceFile, img: ImageBuildSpec): Generator<Instruction> {
  for (const instr of img.finalStage.instructions) {
    if (instr.keyword !== 'ONBUILD') continue;
    const text = file.text.slice(instr.argsRange.start, instr.argsRange.end);
    const m = /^(\s*)([A-Za-z]+)(\s+|$)/.exec(text);
    if (!m) continue;
    const start = instr.argsRange.start + m[0].length;
    yield {
      keyword: m[2].toUpperCase(),
      args: text.slice(m[0].length),
      range: instr.range,
      argsRange: { file: instr.argsRange.file, start, end: instr.argsRange.end },
      heredocs: instr.heredocs,
      flags: {},
    };
  }
}

/**
 * `text` with the credentials of every URL's userinfo (RFC 3986 §3.2.1, `scheme://user:password@host`) replaced by
 * `****`, for messages, data and fixes that quote a URL (R-S: a secret is never printed; the code frames are masked
 * apart, by range): `https://oauth2:glpat-…@gitlab.com/x.git` → `https://oauth2:****@gitlab.com/x.git`. A userinfo
 * without a password is a token when it is not a short user name (`https://ghp_…@github.com` → `https://****@github.com`;
 * `ssh://git@host` stays). A variable reference (`https://${GITHUB_TOKEN}@github.com`) holds no secret and stays.
 * A credential in the query string is masked too (`?access_token=****`; see {@link URL_QUERY_CREDENTIAL}).
 */
export function hideUrlCredentials(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)([^\s/@'"`]+)@/gi, (m, scheme: string, userinfo: string) => {
      if (userinfo.includes('$')) return m;
      const colon = userinfo.indexOf(':');
      if (colon >= 0) return `${scheme}${userinfo.slice(0, colon)}:****@`;
      return /^[A-Za-z][\w.-]{0,15}$/.test(userinfo) ? m : `${scheme}****@`;
    })
    .replace(URL_QUERY_CREDENTIAL, (m, head: string, value: string) => (value.startsWith('$') ? m : `${head}****`));
}

/**
 * A credential in a URL's query string, written (`?access_token=…`, `&api_key=…`, an Azure SAS `sig=`, an S3
 * presigned `X-Amz-Signature=` / `X-Amz-Security-Token=`): group 1 up to the `=`, group 2 the value. Masked by
 * {@link hideUrlCredentials} (R-S).
 */
const URL_QUERY_CREDENTIAL = /([?&](?:access_token|token|api_key|apikey|api-key|client_secret|secret|password|passwd|pwd|pass|sig|x-amz-signature|x-amz-security-token|x-goog-signature)=)([^&\s#'"`]+)/gi;

/**
 * The values `$NAME` / `${NAME}` take in a stage's instructions: the stage's ARG defaults (a redeclared global ARG
 * without a default takes the global default) and its ENV values (Dockerfile reference, "Environment replacement",
 * "Scope"). Build-time `--build-arg` overrides are not known.
 */
export function stageScope(img: ImageBuildSpec, stage: Stage): Map<string, string | undefined> {
  const globals = new Map(((img as Partial<DockerfileImage>).globalArgs ?? []).map((a) => [a.value, a.defaultValue]));
  const scope = new Map<string, string | undefined>();
  for (const a of stage.args as DockerfileArg[]) scope.set(a.value, a.defaultValue ?? globals.get(a.value));
  for (const e of stage.env) if (e.value !== undefined) scope.set(e.name, e.value);
  return scope;
}
