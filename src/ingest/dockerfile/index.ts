/**
 * The Dockerfile ingester: a Dockerfile/Containerfile in, an {@link ImageBuildSpec} out.
 *
 * Parsing is `dockerfile-ast` (the parser of the Dockerfile language server): instructions in any case,
 * line continuations with the `# escape=` character, comments (which produce nothing), parser
 * directives, and BuildKit heredocs (`RUN <<EOF`, `COPY <<EOF /bin/x.sh`: the body is file content or a
 * script, never instructions). Semantics follow the Dockerfile reference
 * (https://docs.docker.com/reference/dockerfile/): stages named `AS x` (names are case-insensitive),
 * `FROM <stage>` inherits the stage's USER and ENV, ARGs declared before the first FROM are visible in FROM
 * lines, ENV in both the `ENV A=1 B="2 3"` and the legacy `ENV A 1 2` syntax.
 *
 * Model extensions (kept here until the shared model has fields for them; see the team report):
 * {@link DockerfileEnvVar.fromBuildArg}, {@link DockerfileArg} defaults and {@link DockerfileImage.globalArgs}.
 * Requirements: R-K, R-P, R-S, R-G5, R-G7, R-G9 (rules in src/rules/df-*.ts); paper §IV.4, §V.2.
 */
import type { Instruction as AstInstruction, Heredoc, Property } from 'dockerfile-ast';
import type { IngestContext, Region } from '../types.js';
import { isolateRegion } from '../types.js';
import { SourceFile, type SourceRange } from '../../model/source.js';
import { isDockerfileTemplate, maskTemplate } from './template.js';
import type { EnvVar, ImageBuildSpec, IngestResult, InputError, Instruction, Origin, Sourced, Stage } from '../../model/types.js';
import { explicit, fileOrigin, stageName } from '../../model/types.js';
import { isSecretEnv } from '../../rules/util/secrets.js';
import { argsStart, leadingFlags, parseDockerfile, typedInstruction } from './parser.js';
import { removeQuotes, substitute, type Scope } from './words.js';
import { shellComments } from './shell.js';

export { referencedVariables, removeQuotes, substitute } from './words.js';

/** An ENV variable of a stage, with the ARG it copies (`ARG X` then `ENV X=$X`): the build-arg provenance. */
export interface DockerfileEnvVar extends EnvVar {
  /** Name of the ARG the value is taken from, when the value references a declared build argument. */
  fromBuildArg?: string;
}

/** An `ARG NAME[=default]` declaration; `value` is the name, `origin` the name's characters. */
export interface DockerfileArg extends Sourced<string> {
  /** The default value after quote removal, when one is written (`ARG A=1`). */
  defaultValue?: string;
  /** The default's characters (to mask it when it is a secret). */
  defaultOrigin?: Origin;
}

/**
 * How the image is built, beyond the Dockerfile's text: `buildArgs` are the `--build-arg NAME=value` pairs (Compose
 * `build.args`, compose-spec build.md "args"), which replace the default of every `ARG NAME` declaration, global or
 * in a stage (Dockerfile reference, "ARG": "Default values", "Scope"). A value `undefined` is a build argument whose
 * value bulwark cannot know (an unset `${VAR}`, a value-less `- NAME` taken from the environment): what uses it is
 * unresolved. A build argument the Dockerfile does not declare does nothing (BuildKit warns and ignores it).
 */
export interface DockerfileBuildOptions {
  buildArgs?: ReadonlyMap<string, string | undefined>;
}

/**
 * An `ONBUILD ENV NAME=value` / `ONBUILD ARG NAME=default` trigger: not set in this image, but stored word for word
 * in its config (`Config.OnBuild`, Dockerfile reference "ONBUILD") and run in every image built FROM it.
 * `trigger` is the triggered instruction; `value` is as written (no substitution: it happens in the child build).
 */
export interface OnbuildVar extends DockerfileEnvVar {
  trigger: 'ENV' | 'ARG';
}

/** The image spec this ingester returns: the shared model plus the ARGs declared before the first FROM. */
export interface DockerfileImage extends ImageBuildSpec {
  /** Global ARGs (before the first FROM): usable in FROM lines, redeclared in stages to be used there. */
  globalArgs: DockerfileArg[];
  /** The escape character (`\` unless `# escape=` says otherwise). */
  escape: string;
  /** `ONBUILD ENV` / `ONBUILD ARG` triggers of every stage, in file order. */
  onbuildVars: OnbuildVar[];
}

const KEYWORDS = new Set([
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER',
  'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
]);

/**
 * Cheap content sniff: true if the first line that is not blank and not a comment (parser directives are
 * comments) starts with `FROM` or `ARG`, in any case, followed by a blank.
 */
export function looksLikeDockerfile(text: string): boolean {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    return /^(?:from|arg)\s/i.test(line);
  }
  return false;
}

/** The heredocs of an instruction (`getHeredocs` is protected in dockerfile-ast's typings but public in its code). */
function heredocsOf(i: AstInstruction): Heredoc[] {
  const f = (i as unknown as { getHeredocs?: () => Heredoc[] }).getHeredocs;
  return typeof f === 'function' ? f.call(i) : [];
}

/**
 * Parses a Dockerfile/Containerfile (or the `region` of a bigger file, e.g. a Markdown fence) into an
 * {@link ImageBuildSpec} ({@link DockerfileImage}). Never throws: problems come back as `errors`
 * (`code: 'parse'`: no FROM, an instruction before the first FROM, an unknown instruction, a heredoc
 * without its closing delimiter line, an instruction without arguments, a FROM with words other than
 * `AS <name>` after the image) and the rest of the file is still modelled. A file without any FROM
 * yields no image. `comments` are the Dockerfile's `#` comment lines (dockerfile-ast's), parser directives
 * excluded, and the shell comments of RUN lines ({@link shellComments}), so a `# bulwark-ignore` inside an
 * argument (an ENV value, a quoted string) is not a directive. `options.buildArgs` give ARGs the values a build
 * passes them ({@link DockerfileBuildOptions}: Compose `build.args`); without them each ARG has its written default.
 */
export async function ingestDockerfile(file: SourceFile, _ctx: IngestContext, region?: Region, options?: DockerfileBuildOptions): Promise<IngestResult> {
  const errors: InputError[] = [];
  const secretRanges: SourceRange[] = [];
  // BuildKit's per-Dockerfile ignore file (`Dockerfile.dockerignore`, `app.Dockerfile.dockerignore`; Docker docs,
  // ".dockerignore files": "Dockerfile-specific ignore-file") lists build-context patterns, not instructions.
  if (!region && /\.dockerignore$/i.test(file.path)) return { containers: [], images: [], errors };
  try {
    const comments: SourceRange[] = [];
    // A template (`Dockerfile.j2`, docker-library's `Dockerfile.template`) is read with its tags as unset variables
    // (./template.ts); same length, so every position is the file's own.
    const source = !region && isDockerfileTemplate(file.path, file.text) ? new SourceFile(file.path, maskTemplate(file.text)) : file;
    const image = build(source, region, errors, secretRanges, comments, options?.buildArgs);
    return { containers: [], images: image ? [image] : [], errors, secretRanges, comments };
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    errors.push({ file: file.path, line: 1, column: 1, message: `cannot parse Dockerfile: ${message}`, code: 'parse' });
    return { containers: [], images: [], errors, secretRanges };
  }
}

function build(
  file: SourceFile,
  region: Region | undefined,
  errors: InputError[],
  secretRanges: SourceRange[],
  comments: SourceRange[],
  buildArgs: ReadonlyMap<string, string | undefined> | undefined,
): DockerfileImage | undefined {
  const text = region ? isolateRegion(file.text, region.start, region.end) : file.text;
  const df = parseDockerfile(text);
  const off = (p: { line: number; character: number }) => file.offset(p.line + 1, p.character + 1);
  const rangeOf = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    file.range(off(r.start), off(r.end));
  const err = (r: { line: number; character: number }, message: string) =>
    errors.push({ file: file.path, line: r.line + 1, column: r.character + 1, message, code: 'parse' });

  const directives: Record<string, string> = {};
  for (const d of df.getDirectives()) {
    const name = d.getName();
    if (name) directives[name.toLowerCase()] = d.getValue() ?? '';
  }
  const escape = df.getEscapeCharacter();
  for (const c of df.getComments()) comments.push(rangeOf(c.getRange()));

  const stages: Stage[] = [];
  const globalArgs: DockerfileArg[] = [];
  const globalScope: Scope = new Map();
  let stage: Stage | undefined;
  let scope: Scope = new Map();
  /** ARG names declared in the current stage (build arguments, as opposed to ENV). */
  let stageArgs = new Set<string>();
  const onbuildVars: OnbuildVar[] = [];

  for (const ai of df.getInstructions()) {
    const keyword = ai.getKeyword().toUpperCase();
    const range = ai.getRange();
    if (!KEYWORDS.has(keyword)) {
      err(range.start, `unknown instruction ${JSON.stringify(ai.getInstruction())}`);
      continue;
    }
    const instr = toInstruction(ai, keyword, rangeOf, file, escape, err);
    // A RUN's shell comment (`RUN chmod u+s /x # bulwark-ignore … -- why`), also in an `ONBUILD RUN` trigger: a
    // comment for the shell that runs it, so a directive there counts; a `#` in quotes or in a word does not.
    if ((keyword === 'RUN' || keyword === 'ONBUILD') && instr.args.includes('#')) {
      const trigger = keyword === 'ONBUILD' ? /^RUN[ \t]+/i.exec(instr.args) : undefined;
      if (keyword === 'RUN' || trigger) {
        const base = instr.argsRange.start + (trigger?.[0].length ?? 0);
        for (const c of shellComments(file.text.slice(base, instr.argsRange.end), escape)) comments.push(file.range(base + c.start, base + c.end));
      }
    }
    // Every instruction takes arguments (BuildKit: "ENV requires at least one argument", …); FROM says more below.
    if (keyword !== 'FROM' && instr.args === '' && instr.heredocs.length === 0) err(range.start, `${keyword} without arguments`);
    // A private key in a heredoc (`COPY <<EOF /root/.ssh/id_rsa`): its body is masked in every output, whatever
    // rules run (R-S: secrets are never printed). From the line after the BEGIN line up to the END line.
    for (const h of instr.heredocs)
      for (const m of h.body.matchAll(/-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----\r?\n([\s\S]*?)(?=-----END \1-----|$)/g))
        if (m[2].trim()) secretRanges.push(file.range(h.range.start + m.index! + m[0].length - m[2].length, h.range.start + m.index! + m[0].length));

    // `ADD https://user:password@host/file /dst`, `RUN git clone https://oauth2:glpat-…@gitlab.com/…`: the userinfo's
    // password (or a token as the whole userinfo) is masked in every output whatever rules run (R-S); BW-0103 reports it.
    if ((keyword === 'ADD' || keyword === 'RUN') && instr.args.includes('@'))
      for (const m of instr.args.matchAll(/[a-z][a-z0-9+.-]*:\/\/(?:([^\s/@:'"`$]*):)?([^\s/@'"`$]+)@/gi))
        if ((m[1] !== undefined && m[2].length >= 3) || m[2].length >= 16) {
          const end = instr.argsRange.start + m.index! + m[0].length - 1;
          secretRanges.push(file.range(end - m[2].length, end));
        }
    // `ADD https://host/app.jar?access_token=…`, `curl "https://…?sig=…"`: a written credential in a URL's query
    // string is masked likewise (`$VAR` values are not written secrets).
    if ((keyword === 'ADD' || keyword === 'RUN') && instr.args.includes('='))
      for (const m of instr.args.matchAll(/[?&](?:access_token|token|api_key|apikey|api-key|client_secret|secret|password|passwd|pwd|pass|sig|x-amz-signature|x-amz-security-token|x-goog-signature)=([^&\s#'"`$][^&\s#'"`]*)/gi)) {
        const end = instr.argsRange.start + m.index! + m[0].length;
        secretRanges.push(file.range(end - m[1].length, end));
      }

    if (keyword === 'FROM') {
      const args = ai.getArguments();
      if (args.length === 0) {
        err(range.start, 'FROM without an image');
        continue;
      }
      // Dockerfile reference: `FROM [--platform=…] <image> [AS <name>]`; BuildKit refuses any other shape.
      if (args.length !== 1 && !(args.length === 3 && args[1].getValue().toLowerCase() === 'as'))
        err(args[1].getRange().start, `FROM takes an image and an optional "AS <name>", not ${JSON.stringify(args.slice(1).map((a) => a.getValue()).join(' '))}`);
      const written = args[0].getValue();
      const imageOrigin = fileOrigin(file.path, off(args[0].getRange().start), off(args[0].getRange().end));
      const subst = written.includes('$') ? substitute(written, globalScope) : written;
      const resolved = subst === undefined ? undefined : removeQuotes(subst);
      const from: Sourced<string> =
        resolved === undefined
          ? { value: written, origin: imageOrigin, how: 'unresolved', raw: written }
          : explicit(resolved, imageOrigin, resolved === written ? undefined : written);
      const asName = args.length >= 3 && args[1].getValue().toLowerCase() === 'as' ? args[2].getValue().toLowerCase() : undefined;
      const parent = stages.find((s) => s.name !== undefined && s.name === from.value.toLowerCase());
      stage = {
        index: stages.length,
        name: asName,
        from,
        parent,
        fromRange: instr.range,
        instructions: [],
        user: parent?.user,
        env: parent ? [...parent.env] : [],
        args: [],
      };
      stages.push(stage);
      scope = new Map();
      for (const e of stage.env) scope.set(e.name, e.value);
      stageArgs = new Set();
      continue;
    }

    if (!stage) {
      if (keyword === 'ARG') {
        for (const a of argDecls(ai, file, off)) {
          globalArgs.push(a);
          // `--build-arg NAME=v` replaces the declaration's default (Dockerfile reference, "ARG": "Default values").
          globalScope.set(a.value, buildArgs?.has(a.value) ? buildArgs.get(a.value) : a.defaultValue);
          if (a.defaultOrigin?.kind === 'file' && a.defaultValue && isSecretEnv(a.value, a.defaultValue))
            secretRanges.push(file.range(a.defaultOrigin.start, a.defaultOrigin.end));
        }
      } else err(range.start, `${keyword} before the first FROM`);
      continue;
    }

    stage.instructions.push(instr);
    if (keyword === 'USER') {
      const value = instr.args.trim();
      const origin = fileOrigin(file.path, instr.argsRange.start, instr.argsRange.end);
      const subst = value.includes('$') ? substitute(value, scope) : value;
      const resolved = subst === undefined ? undefined : removeQuotes(subst);
      if (value)
        stage.user =
          resolved === undefined ? { value, origin, how: 'unresolved', raw: value } : explicit(resolved, origin, resolved === value ? undefined : value);
    } else if (keyword === 'ARG') {
      for (const a of argDecls(ai, file, off)) {
        stage.args.push(a);
        stageArgs.add(a.value);
        // A stage ARG without a default takes the global ARG's default (Dockerfile reference, "Scope"); a build
        // argument given for the name replaces both.
        const given = buildArgs?.has(a.value) === true;
        const value = given ? buildArgs!.get(a.value) : a.defaultValue ?? (globalScope.has(a.value) ? globalScope.get(a.value) : undefined);
        if (!scope.has(a.value) || a.defaultValue !== undefined || given) scope.set(a.value, value);
        if (a.defaultOrigin?.kind === 'file' && a.defaultValue && isSecretEnv(a.value, a.defaultValue))
          secretRanges.push(file.range(a.defaultOrigin.start, a.defaultOrigin.end));
      }
    } else if (keyword === 'ONBUILD') {
      const trig = (ai as unknown as { getTriggerInstruction?: () => AstInstruction | null }).getTriggerInstruction?.();
      const tk = trig?.getKeyword().toUpperCase();
      if (trig && (tk === 'ENV' || tk === 'ARG')) {
        for (const p of (trig as unknown as { getProperties?: () => Property[] }).getProperties?.() ?? []) {
          // No scope: the trigger's `$VAR`s expand in the child build, where this file's values are unknown.
          const v = envVar(p, file, off, new Map(), new Set(), escape);
          if (!v) continue;
          onbuildVars.push({ ...v, trigger: tk });
          if (v.kind === 'literal' && v.valueOrigin?.kind === 'file' && v.value && isSecretEnv(v.name, v.value))
            secretRanges.push(file.range(v.valueOrigin.start, v.valueOrigin.end));
        }
      }
    } else if (keyword === 'ENV') {
      const props = (ai as unknown as { getProperties?: () => Property[] }).getProperties?.() ?? [];
      for (const p of props) {
        const env = envVar(p, file, off, scope, stageArgs, escape);
        if (!env) continue;
        stage.env = stage.env.filter((e) => e.name !== env.name);
        stage.env.push(env);
        scope.set(env.name, env.value);
        if (env.kind === 'literal' && env.valueOrigin?.kind === 'file' && isSecretEnv(env.name, env.value))
          secretRanges.push(file.range(env.valueOrigin.start, env.valueOrigin.end));
      }
    }
  }

  if (stages.length === 0) {
    // A fragment or template (`Dockerfile.preamble`): one error for the file, not one per instruction.
    for (let i = errors.length - 1; i >= 0; i--) if (errors[i].file === file.path && errors[i].message.endsWith(' before the first FROM')) errors.splice(i, 1);
    // A `FROM` without an image already has its own error: "no FROM instruction" would contradict the file.
    const badFrom = errors.some((e) => e.file === file.path && e.message === 'FROM without an image');
    if (!badFrom && (df.getInstructions().length > 0 || text.trim() !== ''))
      errors.push({ file: file.path, line: 1, column: 1, message: 'no FROM instruction: not a buildable Dockerfile (a fragment or template?)', code: 'parse' });
    // An empty Dockerfile (or only comments and blank lines): `docker build` refuses it ("the Dockerfile cannot be
    // empty"), so it is no image at all, not a clean one.
    else if (!badFrom && !region) errors.push({ file: file.path, line: 1, column: 1, message: 'empty Dockerfile: no instructions; docker build refuses it', code: 'parse' });
    return undefined;
  }
  const finalStage = stages[stages.length - 1];
  return {
    file: file.path,
    stages,
    finalStage,
    target: { kind: 'stage', name: stageName(stages, finalStage), range: finalStage.fromRange },
    directives,
    globalArgs,
    escape,
    onbuildVars,
  };
}

/** Builds the model instruction: raw argument text of the header (heredoc bodies excluded), flags, heredocs. */
function toInstruction(
  ai: AstInstruction,
  keyword: string,
  rangeOf: (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => SourceRange,
  file: SourceFile,
  escape: string,
  err: (at: { line: number; character: number }, message: string) => void,
): Instruction {
  const range = trimEnd(file, rangeOf(ai.getRange()));
  const text = file.text.slice(range.start, range.end);
  // dockerfile-ast recomputes arguments, flags and heredocs on every call: ask only when the text can hold them.
  // Flags and heredocs come from dockerfile-ast's typed instruction (`Run`, `Copy`…), built only when needed.
  let typed: AstInstruction | undefined;
  const full = () => (typed ??= typedInstruction(ai));
  // dockerfile-ast's Instruction#getHeredocs gives the same heredocs on the plain instruction (flags are never `<<…`).
  const heredocs = (text.includes('<<') ? heredocsOf(ai) : []).map((h) => {
    const content = h.getContentRange();
    const r = content ? rangeOf(content) : rangeOf(h.getStartRange());
    if (!(h as unknown as { getDelimiterRange?: () => unknown }).getDelimiterRange?.())
      err(h.getStartRange().start, `unterminated heredoc: no line closes <<${h.getName() ?? ''}`);
    return { name: h.getName(), body: content ? file.text.slice(r.start, r.end) : '', range: r };
  });
  // Flags (`--mount=…`, `--from=…`) can only come first; the arguments start after them.
  const keywordEnd = range.start + ai.getKeyword().length;
  const simple = file.text.slice(range.start, keywordEnd).toUpperCase() === keyword;
  let start = simple ? argsStart(file.text, keywordEnd, range.end, escape) : range.end;
  const flags: Record<string, string> = {};
  const fast = simple && file.text.startsWith('--', start) ? leadingFlags(keyword, file.text, keywordEnd, range.end, escape) : undefined;
  if (fast) {
    Object.assign(flags, fast.flags);
    start = fast.start;
  } else if (!simple || file.text.startsWith('--', start) || file.text[start] === '#') {
    const astFlags = (full() as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
    for (const f of astFlags) flags[f.getName().toLowerCase()] = f.getValue() ?? '';
    // Past the flags, or past a comment line inside the continuation: as dockerfile-ast sees the arguments.
    const args = full().getArguments();
    start = args.length ? rangeOf(args[0].getRange()).start : rangeOf(ai.getInstructionRange()).end;
  }
  let end = range.end;
  if (heredocs.length) {
    // The header ends where the first heredoc body starts (minus its line break).
    const bodyStart = heredocs[0].range.start;
    const nl = file.text.lastIndexOf('\n', bodyStart - 1);
    end = Math.max(start, nl >= 0 && nl >= start ? nl : bodyStart);
    if (file.text[end - 1] === '\r') end--;
  }
  while (end > start && /\s/.test(file.text[end - 1])) end--;
  if (start > end) start = end;
  return {
    keyword,
    args: file.text.slice(start, end),
    range,
    argsRange: file.range(start, end),
    heredocs,
    flags,
  };
}

/** The range without trailing blanks (dockerfile-ast keeps trailing spaces in an instruction's range). */
function trimEnd(file: SourceFile, r: SourceRange): SourceRange {
  let end = r.end;
  while (end > r.start && /\s/.test(file.text[end - 1])) end--;
  return file.range(r.start, end);
}

/** The declarations of one `ARG a=1 b` instruction. */
function argDecls(ai: AstInstruction, file: SourceFile, off: (p: { line: number; character: number }) => number): DockerfileArg[] {
  const props = (ai as unknown as { getProperties?: () => Property[] }).getProperties?.() ?? [];
  const out: DockerfileArg[] = [];
  for (const p of props) {
    const name = p.getName();
    const nr = p.getNameRange();
    if (!name || !nr) continue;
    const a: DockerfileArg = explicit(name, fileOrigin(file.path, off(nr.start), off(nr.end)));
    const vr = p.getValueRange();
    const v = p.getValue();
    if (vr && v !== null) {
      a.defaultValue = v;
      a.defaultOrigin = fileOrigin(file.path, off(vr.start), off(vr.end));
    } else if (/=\s*$/.test(file.text.slice(off(nr.start), off(p.getRange().end)))) a.defaultValue = '';
    out.push(a);
  }
  return out;
}

/**
 * The variables an ENV value as written expands (Dockerfile reference, "Environment replacement": `$X`,
 * `${X}`, `${X:-d}`), in order, leaving out an escaped `$` (`pa\$\$word`, with the `# escape=` character) and a `$`
 * inside single quotes (`'p@ss$word'`), which BuildKit's shell lexer keeps literal (moby/buildkit
 * frontend/dockerfile/shell). Double quotes do not stop expansion.
 */
export function expandedVariables(raw: string, escape = '\\'): string[] {
  const out: string[] = [];
  let single = false;
  let double = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (single) {
      if (c === "'") single = false;
    } else if (c === escape) i++;
    else if (c === "'" && !double) single = true;
    else if (c === '"') double = !double;
    else if (c === '$') {
      const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/.exec(raw.slice(i, i + 260));
      if (m) out.push(m[1] ?? m[2]);
    }
  }
  return out;
}

/** One ENV property → env var; kind `literal` unless the value references variables (`interpolated`). */
function envVar(
  p: Property,
  file: SourceFile,
  off: (pos: { line: number; character: number }) => number,
  scope: Scope,
  stageArgs: Set<string>,
  escape: string,
): DockerfileEnvVar | undefined {
  const name = p.getName();
  const nr = p.getNameRange();
  if (!name || !nr) return undefined;
  const whole = p.getRange();
  const origin = fileOrigin(file.path, off(whole.start), off(whole.end));
  const vr = p.getValueRange();
  const value = p.getValue();
  if (!vr || value === null) {
    // `ENV A=` (empty) or `ENV A` (invalid in BuildKit, kept as empty).
    return { name, value: '', raw: '', kind: 'literal', origin };
  }
  const valueOrigin = fileOrigin(file.path, off(vr.start), off(vr.end));
  const raw = file.text.slice(valueOrigin.start, valueOrigin.end);
  // From the text as written: dockerfile-ast's value has `\$` unescaped and single quotes removed, both literal `$`.
  const refs = value.includes('$') ? expandedVariables(raw, escape) : [];
  if (refs.length === 0) return { name, value, raw, kind: 'literal', origin, valueOrigin };
  const env: DockerfileEnvVar = { name, value: substitute(value, scope), raw, kind: 'interpolated', origin, valueOrigin };
  const arg = refs.find((r) => stageArgs.has(r));
  if (arg) env.fromBuildArg = arg;
  return env;
}

