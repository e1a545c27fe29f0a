/**
 * `docker run` / `docker create` command-line parser: words in, {@link ContainerSpec} out.
 *
 * Option syntax follows spf13/pflag as the Docker CLI configures it (interspersed options off, so the
 * first non-option word is the image and everything after it is the container's command):
 *  - long: `--flag value`, `--flag=value`; boolean flags take no separate value, only `--flag=false`;
 *  - short: `-v value`, `-vvalue`, `-v=value`; groups `-itd`, where a value flag consumes the rest of
 *    the group (`-itp80:80`) or the next word (`-itp 80:80`);
 *  - `--` ends options; repeated flags accumulate (list flags) or the last one wins.
 * Unknown flags are treated as booleans and reported as InputError code `usage` (R-G14: a report
 * must not silently drop what it could not read).
 */
import type { SourceFile, SourceRange } from '../../model/source.js';
import type { ContainerSpec, InputError, Origin, Sourced } from '../../model/types.js';
import { emptyContainer } from '../../model/types.js';
import { BY_LONG, BY_SHORT, COMPOSE_EXEC_BY_LONG, COMPOSE_EXEC_BY_SHORT, COMPOSE_RUN_BY_LONG, COMPOSE_RUN_BY_SHORT, NERDCTL_BY_LONG, PODMAN_BY_LONG, type FlagDef, type FlagUse } from './flags.js';
import { parseBool } from './values.js';
import { windowsRunEvidence } from '../../model/windows.js';
import { walkFlags } from './flag-walk.js';
import { charRange, type Word } from './word.js';

/** The result of {@link parseDockerRun}. */
export interface ParsedRun {
  /** The container, or `null` when the words are not a `docker run|create` launch. */
  container: ContainerSpec | null;
  errors: InputError[];
}

const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*=/;
/**
 * Wrapper commands skipped before `docker`: their options that take a value, and how many operands come
 * before the command they run (`timeout 60 docker run …`: the duration; `flock /tmp/lock docker run …`: the
 * lock file; `taskset -c 0,1 docker run …`: the CPU list; `chrt -f 99 docker run …`: the priority).
 * Sources: sudo(8), doas(1), env(1), timeout(1), stdbuf(1), nice(1), ionice(1), taskset(1), chrt(1),
 * flock(1), setsid(1), xargs(1), watch(1), systemd-run(1), runuser(1).
 */
const WRAPPERS: Record<string, { values: Set<string>; operands: number }> = {
  sudo: { values: new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T']), operands: 0 },
  doas: { values: new Set(['-u', '-C']), operands: 0 },
  env: { values: new Set(['-u', '-C', '-S']), operands: 0 },
  exec: { values: new Set(['-a']), operands: 0 },
  command: { values: new Set(), operands: 0 },
  nohup: { values: new Set(), operands: 0 },
  time: { values: new Set(), operands: 0 },
  nice: { values: new Set(['-n']), operands: 0 },
  builtin: { values: new Set(), operands: 0 },
  timeout: { values: new Set(['-s', '--signal', '-k', '--kill-after']), operands: 1 },
  stdbuf: { values: new Set(['-i', '-o', '-e']), operands: 0 },
  ionice: { values: new Set(['-c', '-n', '-p', '-P', '-u']), operands: 0 },
  taskset: { values: new Set(), operands: 1 },
  chrt: { values: new Set(['-T', '-P', '-D']), operands: 1 },
  flock: { values: new Set(['-w', '--timeout', '-E', '--conflict-exit-code']), operands: 1 },
  setsid: { values: new Set(), operands: 0 },
  xargs: { values: new Set(['-n', '-I', '-L', '-P', '-d', '-a', '-E', '-s', '--max-args', '--max-procs', '--delimiter', '--arg-file', '--replace']), operands: 0 },
  watch: { values: new Set(['-n', '--interval', '-q', '--equexit']), operands: 0 },
  // `systemd-run --scope -p MemoryMax=1G docker run …` (systemd-run(1); `--opt=value` forms are one word).
  'systemd-run': { values: new Set(['-u', '--unit', '-p', '--property', '-E', '--setenv', '-M', '--machine', '-H', '--host', '--description', '--slice', '--uid', '--gid', '--nice', '--working-directory', '--on-calendar', '--on-active', '--timer-property', '--path-property', '--socket-property', '--service-type']), operands: 0 },
  // `runuser -u deploy -- docker run …` (runuser(1)).
  runuser: { values: new Set(['-u', '--user', '-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment']), operands: 0 },
};
/** docker's global options that take a value (`docker -H tcp://x run`; also before `exec`, src/ingest/run/exec.ts). */
export const GLOBAL_VALUE = new Set(['-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey',
  // nerdctl's (nerdctl(1) global flags: `nerdctl -n k8s.io run …`, `--address /run/containerd/containerd.sock`).
  '-n', '--namespace', '-a', '--address', '--snapshotter', '--cni-path', '--cni-netconfpath', '--data-root', '--cgroup-manager', '--hosts-dir', '--bridge-ip']);

/** A word that is one variable reference and nothing else (`$SUDO`, `${SUDO}`). */
const LONE_VARIABLE = /^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})$/;

/** Whether a word names the docker client, or podman or nerdctl (containerd), whose `run` mirrors it. */
export function isDockerWord(v: string): boolean {
  return /(^|\/)(docker|podman|nerdctl)(\.exe)?$/.test(v);
}

/**
 * Index of the program word after wrappers (`sudo -E`, `env X=1`, `exec`, `timeout 60`, assignments), or -1
 * when the words hold only wrappers and assignments.
 */
export function programIndex(words: { value: string; unresolved?: boolean; raw?: string; quoted?: boolean }[]): number {
  let i = 0;
  while (i < words.length) {
    const v = words[i].value;
    if (ASSIGN.test(v)) {
      i++;
      continue;
    }
    // `$SUDO docker run …` with SUDO set only on some paths (`[ "$(id -u)" -ne 0 ] && SUDO=sudo`): an unquoted lone
    // variable before the docker word expands to a wrapper, or to nothing at all.
    if (words[i].unresolved && !words[i].quoted && LONE_VARIABLE.test(words[i].raw ?? v) && i + 1 < words.length && isDockerWord(words[i + 1].value)) {
      i++;
      continue;
    }
    const base = v.replace(/^.*\//, '');
    const w = WRAPPERS[base];
    if (w) {
      i++;
      while (i < words.length && words[i].value.startsWith('-') && words[i].value !== '--') {
        i += w.values.has(words[i].value) ? 2 : 1;
      }
      if (words[i]?.value === '--') i++;
      i += w.operands;
      continue;
    }
    return i;
  }
  return -1;
}

/** Index of the `docker` word after wrappers (`sudo -E`, `env X=1`, `exec`, assignments), or -1. */
export function findDockerWord(words: Word[]): number {
  const i = programIndex(words);
  return i !== -1 && isDockerWord(words[i].value) ? i : -1;
}

/**
 * Options of `docker compose` (Compose v2+, `docker compose --help`) and of `docker-compose` 1.x written before the
 * subcommand that take a value (`docker compose -f prod.yml -p app run …`). `--flag=value` is one word.
 */
const COMPOSE_GLOBAL_VALUE = new Set(['-f', '--file', '-p', '--project-name', '--project-directory', '--profile', '--env-file', '--ansi', '--parallel', '--progress',
  '-H', '--host', '-c', '--context', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);

/**
 * Where a `docker compose run` / `docker-compose run` command line is (after wrappers, docker's global options and
 * Compose's: `sudo docker compose -f prod.yml run …`): the index of the program word and of the word after `run`.
 * `undefined` for any other command. Only Docker's Compose (the `docker compose` plugin and the `docker-compose`
 * program), not `podman compose`, which hands the line to whichever provider it finds.
 */
export function composeRunAt(words: Word[]): { program: number; next: number } | undefined {
  return composeSubcommandAt(words, 'run');
}

/**
 * {@link composeRunAt} for any Compose subcommand (`exec` in `docker compose -f prod.yml exec app sh`): the index of
 * the program word and of the word after the subcommand, or `undefined`.
 */
export function composeSubcommandAt(words: Word[], sub: string): { program: number; next: number } | undefined {
  const p = programIndex(words);
  if (p === -1) return undefined;
  const base = words[p].value.replace(/^.*\//, '').replace(/\.exe$/, '');
  let i = p + 1;
  if (base === 'docker') {
    while (i < words.length && words[i].value.startsWith('-')) i += GLOBAL_VALUE.has(words[i].value) ? 2 : 1;
    if (words[i]?.value !== 'compose') return undefined;
    i++;
  } else if (base !== 'docker-compose') return undefined;
  while (i < words.length && words[i].value.startsWith('-')) i += COMPOSE_GLOBAL_VALUE.has(words[i].value) ? 2 : 1;
  return words[i]?.value === sub ? { program: p, next: i + 1 } : undefined;
}

/** Flags that are other names of one option (docker run's hidden `--net` and `--net-alias`). */
const FLAG_ALIAS: Record<string, string> = { net: 'network', 'net-alias': 'network-alias' };

/** One use of a flag in a run line: its long name and the characters of the flag through its value. */
export interface FlagSpan {
  flag: string;
  start: number;
  end: number;
}

/**
 * Parses the words of one `docker run|create` / `docker container run|create` command into a
 * {@link ContainerSpec}. `words[0]` is `docker` (or a path ending in `/docker`, or `podman`), possibly
 * after `sudo`, `env X=1`, `exec`, `command`, `nohup`, `time`, `nice` and `VAR=value` assignments, and
 * docker global options (`-H`, `--context`, …). Returns `container: null` for any other command (`docker
 * pull`, `docker ps`, `docker run --help`) and for a launch without an image (with a `usage` error), unless
 * xargs(1) runs it and appends the image from its input (then the container has no `image`; without `--name`
 * its target is `xargs`).
 *
 * `docker compose run [OPTIONS] SERVICE [COMMAND]` and `docker-compose run …` ({@link composeRunAt}) are read with
 * Compose's flags ({@link COMPOSE_RUN_BY_LONG}): the container has no `image`, `extra.composeRun` holds the service
 * (its target name unless `--name` is given), and only what the line writes is in the model.
 *
 * With `composeExec` the words are read only as `docker compose exec [OPTIONS] SERVICE COMMAND` (for
 * src/ingest/run/exec.ts), with exec's flags ({@link COMPOSE_EXEC_BY_LONG}), into the same shape (`extra.composeRun`
 * the service); `container: null` for any other command.
 *
 * Positions: `target.range` is the `docker` word; each model value's origin runs from its flag token
 * through its value; env `valueOrigin` covers just the value characters. Never throws for any input.
 */
export function parseDockerRun(words: Word[], file: SourceFile, composeExec = false): ParsedRun {
  const errors: InputError[] = [];
  // `docker compose run [OPTIONS] SERVICE [COMMAND]`: the one-off container of a Compose service ({@link composeRunAt}).
  // With `composeExec`, `docker compose exec [OPTIONS] SERVICE COMMAND` read the same way with exec's flags.
  const composeRun = composeExec ? composeSubcommandAt(words, 'exec') : composeRunAt(words);
  if (composeExec && !composeRun) return { container: null, errors };
  const d = composeRun?.program ?? findDockerWord(words);
  if (d === -1) return { container: null, errors };
  let i = d + 1;
  let sub: string | undefined = composeExec ? 'compose exec' : 'compose run';
  if (composeRun) i = composeRun.next;
  else {
    while (i < words.length && words[i].value.startsWith('-')) {
      const v = words[i].value;
      i += GLOBAL_VALUE.has(v) ? 2 : 1;
    }
    if (words[i]?.value === 'container') i++;
    sub = words[i]?.value;
    if (sub !== 'run' && sub !== 'create') return { container: null, errors };
    i++;
  }

  const dw = words[d];
  const podman = /(^|\/)podman(\.exe)?$/.test(dw.value);
  const byLong = composeExec ? COMPOSE_EXEC_BY_LONG : composeRun ? COMPOSE_RUN_BY_LONG : podman ? PODMAN_BY_LONG : /(^|\/)nerdctl(\.exe)?$/.test(dw.value) ? NERDCTL_BY_LONG : BY_LONG;
  const byShort = composeExec ? COMPOSE_EXEC_BY_SHORT : composeRun ? COMPOSE_RUN_BY_SHORT : BY_SHORT;
  const c = emptyContainer({ kind: 'run', name: '', range: file.range(dw.start, dw.end) }, 'run', file.path);
  const err = (message: string, at: number) => {
    const p = file.position(at);
    errors.push({ file: file.path, line: p.line, column: p.column, message, code: 'usage' });
  };
  const extra = (def: FlagDef, s: Sourced<unknown>) => {
    const prev = c.extra[def.long];
    if (!def.value || !prev) c.extra[def.long] = s;
    else if (Array.isArray(prev.value)) (prev.value as unknown[]).push(s.value);
    else c.extra[def.long] = { ...s, value: [prev.value, s.value] };
  };

  const apply = (def: FlagDef, flagWord: Word, valueWord: Word, valueIndex: number, value: string, valueEnd?: number) => {
    const end = valueEnd ?? valueWord.end;
    const origin: Origin = { kind: 'file', file: file.path, start: flagWord.start, end: Math.max(end, flagWord.start) };
    const unresolved = valueWord.unresolved === true && valueIndex < valueWord.value.length;
    const use: FlagUse = {
      c,
      file,
      value,
      unresolved,
      origin,
      range: (a: number, b: number): SourceRange => charRange(file, valueWord, valueIndex + a, valueIndex + b),
      sourced: <T>(v: T, at?: Origin): Sourced<T> =>
        unresolved ? { value: v, origin: at ?? origin, how: 'unresolved', raw: value } : { value: v, origin: at ?? origin, how: 'explicit' },
      error: (message: string, at = 0) => err(message, charRange(file, valueWord, valueIndex + at, valueIndex + at).start),
      podman,
    };
    if (def.apply) def.apply(use);
    else extra(def, use.sourced(def.value ? value : value === 'true'));
    // Every use of every flag, by its long name (`--net` is `network`): harden removes all uses of a flag written twice
    // (`--net=host --network host`), where the model keeps the one that counts.
    const uses = (c.extra.flagUses ??= { value: [], origin: { kind: 'file', file: file.path, start: dw.start, end: dw.end }, how: 'explicit' }).value as FlagSpan[];
    uses.push({ flag: FLAG_ALIAS[def.long] ?? def.long, start: origin.start, end: origin.end });
  };

  /** Boolean flag use, `=value` parsed with strconv.ParseBool; alone, it ends at the flag (in a group, its letter). */
  const applyBool = (def: FlagDef, w: Word, eqValue: string | undefined, eqIndex: number, letter?: number) => {
    if (eqValue === undefined) {
      apply(def, w, w, w.value.length, 'true', letter === undefined ? w.end : charRange(file, w, letter, letter + 1).end);
      return;
    }
    const b = parseBool(eqValue);
    if (b === undefined && !w.unresolved) {
      err(`invalid argument "${eqValue}" for "--${def.long}" flag: strconv.ParseBool: parsing "${eqValue}": invalid syntax`, charRange(file, w, eqIndex, eqIndex).start);
      return;
    }
    apply(def, w, w, eqIndex, b === false ? 'false' : 'true');
  };

  let opaque: Word[] = [];
  const walked = walkFlags<FlagDef>(words, i, {
    byLong: (name) => byLong.get(name),
    byShort: (ch) => byShort.get(ch),
    onValue: (def, w, vw, at, value) => apply(def, w, vw, at, value),
    onBool: applyBool,
    onUnknownLong: (name, w) => {
      if (!w.unresolved || !name.includes('$')) err(`unknown flag: --${name}`, w.start);
    },
    error: (message, w, at) => err(message, at === undefined ? w.start : charRange(file, w, at, at).start),
    onOperand: (w, i) => {
      // An unquoted, wholly unresolved word followed by docker flags is most likely `$DOCKER_OPTS`; so is
      // `"${ARGS[@]}"` or `"$@"`, which expand to several words even when quoted (bash(1) "Arrays").
      const next = words[i + 1]?.value ?? '';
      // Likewise an expansion of several words (`"$@"`, `"${ARGS[@]}"`) or an unquoted `$…OPTS`/`$…ARGS` variable
      // followed by an image reference (`docker run -d "$@" example/agent:2`): the expansion holds options.
      // In `docker compose run` the operand is a service name, not an image reference: `docker compose run $OPTS web`
      // holds options before the service `web`, which is no image reference.
      // A variable named for options (`$OPTS`, `$DOCKER_ARGS`) holds options before any word that can be an image name
      // (`docker run -d $OPTS nginx`); any other expansion of several words only before a word that can only be an
      // image reference (a registry or namespace, a tag, a digest: `"$@" example/agent:2`, not `"$@" sh`).
      // So does an unquoted expansion that may give nothing or options (`${EXTRA_ARGS:-}`, `${X:+--tty}`, `${X:--d}`)
      // before a word that can only be an image reference.
      const optionsThenImage =
        ((isManyWords(w.raw) || (!w.quoted && OPTIONAL_OPTIONS.test(w.raw))) && (composeRun ? SERVICE_NAME : IMAGE_REF).test(next)) ||
        (!w.quoted && OPTIONS_VAR.test(w.raw) && (composeRun ? SERVICE_NAME : IMAGE_NAME).test(next));
      if (w.unresolved && (!w.quoted || isManyWords(w.raw)) && /^"?\$/.test(w.raw) && (isKnownFlag(next) || optionsThenImage || (w.options === true && next !== ''))) {
        opaque.push(w);
        return true;
      }
      return false;
    },
  });
  if (walked.help) return { container: null, errors: [] };
  const image = walked.operand;
  i = walked.next;
  // Options from a variable assigned under a condition (`if …; then OPTS="--privileged"; fi`): what they set is
  // possible, not certain; the engine reports findings located there with certainty `unknown`.
  const conditional = words.slice(0, i).filter((w) => w.conditional !== undefined);
  if (conditional.length > 0) {
    const spans = conditional.filter((w, k) => k === 0 || w.start !== conditional[k - 1].start).map((w) => ({ start: w.start, end: w.end, raw: w.conditional!, ...(w.when !== undefined ? { when: w.when } : {}) }));
    c.extra.conditionalOptions = { value: spans, origin: { kind: 'file', file: file.path, start: spans[0].start, end: spans[spans.length - 1].end }, how: 'unresolved' };
  }
  // `docker run --rm "$@"` (a wrapper function): the expansion may hold options as well as the image.
  if (image && image.unresolved && isManyWords(image.raw)) opaque.push(image);
  if (opaque.length > 0) {
    const o = opaque;
    c.extra.unresolvedOptions = { value: o.map((w) => w.raw), origin: { kind: 'file', file: file.path, start: o[0].start, end: o[o.length - 1].end }, how: 'unresolved' };
    opaque = [];
  }
  if (!image) {
    // `… | xargs docker run -d --name x`: xargs(1) appends the image (and any command) read from its input,
    // so the line is complete; its flags are audited and the image stays unknown.
    if (words.slice(0, d).some((w) => w.value.replace(/^.*\//, '') === 'xargs')) {
      if (c.target.name === '') c.target.name = 'xargs';
      if (composeRun) c.extra.composeRun = { value: '', origin: { kind: 'file', file: file.path, start: dw.start, end: dw.end }, how: 'unresolved' };
      return { container: c, errors };
    }
    err(`"docker ${sub}" requires at least 1 argument: the ${composeRun ? 'service' : 'image'}`, dw.start);
    return { container: null, errors };
  }
  if (composeRun) {
    // The operand names the service, not an image: the image and every setting the line does not write come from
    // the Compose file, which the line does not show (`extra.composeRun`; the engine runs only the rules that judge
    // what the line writes, src/rules/util/compose-run.ts).
    const at: Origin = { kind: 'file', file: file.path, start: image.start, end: image.end };
    c.extra.composeRun = image.unresolved ? { value: image.value, origin: at, how: 'unresolved', raw: image.raw } : { value: image.value, origin: at, how: 'explicit' };
    if (c.target.name === '') c.target.name = image.value;
  } else {
    const imgOrigin: Origin = { kind: 'file', file: file.path, start: image.start, end: image.end };
    c.image = image.unresolved ? { value: image.value, origin: imgOrigin, how: 'unresolved', raw: image.raw } : { value: image.value, origin: imgOrigin, how: 'explicit' };
    if (c.target.name === '') c.target.name = image.value;
  }
  const cmd = words.slice(i);
  if (cmd.length > 0) {
    const o: Origin = { kind: 'file', file: file.path, start: cmd[0].start, end: cmd[cmd.length - 1].end };
    c.command = cmd.some((w) => w.unresolved) ? { value: cmd.map((w) => w.value), origin: o, how: 'unresolved' } : { value: cmd.map((w) => w.value), origin: o, how: 'explicit' };
  }
  if (podman) podmanDefaults(c, { kind: 'file', file: file.path, start: dw.start, end: dw.end });
  // A Windows container (`--isolation=process`, a `C:\` container path, a Windows base image): Linux-only controls
  // do not apply to it (src/model/windows.ts; rules ask isWindowsPod).
  const windows = composeRun ? undefined : windowsRunEvidence(c);
  if (windows) c.extra.windows = { value: windows.value, origin: windows.origin, how: 'explicit' };
  return { container: c, errors };
}

/** Capabilities of Docker's default set that podman's default set leaves out (containers.conf `default_capabilities`, Podman 4.0+). */
const PODMAN_LEAVES_OUT = ['NET_RAW', 'MKNOD', 'AUDIT_WRITE'];

/**
 * What `podman run` applies that `docker run` does not, from containers.conf(5) defaults (Podman 4.0 and later,
 * as `podman inspect` of a default container shows: test/fixtures/podman/): a default capability set without
 * NET_RAW, MKNOD and AUDIT_WRITE (modelled as dropped by default unless the line adds them back) and
 * `pids_limit = 2048`. Each is `how: 'default'` at the `podman` word, so a finding about what the line does not set
 * still has a place, and the line's own flags win.
 */
function podmanDefaults(c: ContainerSpec, at: Origin): void {
  c.extra.client = { value: 'podman', origin: at, how: 'default' };
  const added = new Set(c.capAdd.map((a) => a.value));
  const dropped = new Set(c.capDrop.map((d) => d.value));
  // A privileged container holds every capability whatever the defaults (podman-run(1) --privileged).
  if (!c.privileged && !added.has('ALL') && !dropped.has('ALL'))
    for (const cap of PODMAN_LEAVES_OUT) if (!added.has(cap) && !dropped.has(cap)) c.capDrop.push({ value: cap, origin: at, how: 'default', raw: `${cap} (not in podman's default capabilities)` });
  if (c.resources.pidsLimit === undefined) c.resources.pidsLimit = { value: 2048, origin: at, how: 'default', raw: "2048 (podman's default pids_limit)" };
}

/**
 * A variable named for options (`$DOCKER_OPTS`, `${RUN_ARGS}`, `$EXTRA_FLAGS`, `$PARAMS`), unquoted; also with an
 * empty default (`${EXTRA_ARGS:-}`, `${EXTRA_ARGS-}`: the value, or nothing when it is unset).
 */
const OPTIONS_VAR = /^\$(?:[A-Za-z_]*(?:OPTS|OPTIONS|ARGS|FLAGS|PARAMS)[A-Za-z0-9_]*|\{[A-Za-z_]*(?:OPTS|OPTIONS|ARGS|FLAGS|PARAMS)[A-Za-z0-9_]*(?::?-)?\})$/i;
/**
 * An expansion that gives nothing or options (bash(1) "Parameter Expansion"): `${NAME:-}` / `${NAME-}` (NAME's value
 * or nothing), `${NAME:+WORD}` / `${NAME+WORD}` (WORD or nothing) and `${NAME:-WORD}` / `${NAME-WORD}` with a WORD
 * that starts with an option (`${DOCKER_FLAGS:---rm}`).
 */
const OPTIONAL_OPTIONS = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-(?:-[^}]*)?|:?\+[^}]*)\}$/;
/**
 * A word that can be an image name, with or without registry, tag or digest (`nginx`, `myapp`, `example/agent:2`),
 * in the grammar of distribution/reference (lower-case path components, tag `[\w][\w.-]{0,127}`).
 */
const IMAGE_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;

/**
 * A word that can only be an image reference, not a command: an {@link IMAGE_NAME} with a registry or namespace
 * (`example/agent`), a tag (`nginx:1.27`) or a digest (`@sha256:…`).
 */
const IMAGE_REF = new RegExp('^(?=[^\\s]*[/:@])' + IMAGE_NAME.source.slice(1));

/**
 * A word that can be a Compose service name (compose-spec `schema/compose-spec.json`: service keys match
 * `^[a-zA-Z0-9._-]+$`), the operand of `docker compose run` after the options.
 */
const SERVICE_NAME = /^[a-zA-Z0-9._-]+$/;

/** `"$@"`, `$@`, `"$*"`, `"${ARGS[@]}"`: expansions that give several words even when quoted (bash(1) "Arrays", "Special Parameters"). */
function isManyWords(raw: string): boolean {
  return /^("?)\$(?:\{[A-Za-z_][A-Za-z0-9_]*\[[@*]\]\}|[@*]|\{[@*]\})\1$/.test(raw);
}

/** Whether `v` starts with a docker run flag spelling (`--name`, `--name=x`, `-v`, `-it`). */
function isKnownFlag(v: string): boolean {
  if (v.startsWith('--')) return BY_LONG.has(v.slice(2).split('=')[0]);
  return v.length > 1 && v.startsWith('-') && BY_SHORT.has(v[1]);
}
