/**
 * The dockerd configuration ingester (input kind `daemon`): daemon.json, systemd units and drop-ins whose
 * `ExecStart=` runs dockerd, and files holding a dockerd command line (`ps` output, a wrapper script line,
 * `/proc/<pid>/cmdline` with NUL separators). CIS Docker Benchmark 1.6.0 section 2; paper §V.2.2, §V.2.11,
 * §V.2.15; requirements R-M, R-G2, R-G11, R-G15.
 */
import { emptyDaemon, type DaemonSpec } from '../../model/daemon.js';
import { SourceFile, type SourceRange } from '../../model/source.js';
import type { IngestResult, InputError, Origin } from '../../model/types.js';
import { tokenizeLine } from '../run/index.js';
import { isolateRegion, type IngestContext, type Region } from '../types.js';
import { applyDockerdFlags, dockerdArgsStart, markRootless, type FlagWord } from './flags.js';
import { daemonFromJson } from './json.js';
import { daemonSecretRanges } from './secrets.js';
import { daemonFromSocketUnit, daemonFromUnit, parseUnit } from './systemd.js';

export { applyDockerdFlags, dockerdArgsStart, isDockerdWord, parseGoBool, parseUlimit, type FlagWord } from './flags.js';
export { daemonFromJson } from './json.js';
export { daemonSecretRanges } from './secrets.js';
export { BRIDGE_ICC_OPTION, daemonFromInfo, daemonNetworks, mergeDaemonSpecs, SWARM_EXTRA, type EngineNetwork } from './info.js';
export { daemonFromSocketUnit, daemonFromUnit, parseUnit, type UnitEntry } from './systemd.js';

/** Whether text is a systemd unit or drop-in (a section header or an `ExecStart=` line). */
function looksLikeUnit(text: string): boolean {
  return /^[ \t]*\[(?:Unit|Service|Socket|Install)\][ \t]*\r?$/m.test(text) || /^[ \t]*ExecStart[ \t]*=/m.test(text);
}

/**
 * Programs that take `dockerd` as an argument without running it: searches (`grep`, `pgrep`, `pidof`,
 * `which`, `command -v`), signals (`kill`, `pkill`), service managers (`systemctl`, `service`), printing and
 * file commands, package managers, `test -x /usr/bin/dockerd` / `[ -x /usr/bin/dockerd ]`.
 */
const NOT_A_LAUNCH =
  /^(?:.*\/)?(?:e?grep|fgrep|rg|ag|pgrep|pkill|pidof|kill|killall|which|whereis|type|command|hash|systemctl|service|journalctl|man|echo|printf|ls|stat|file|cat|less|more|tail|head|chmod|chown|cp|mv|rm|ln|install|curl|wget|tar|sha256sum|md5sum|apt|apt-get|apt-cache|yum|dnf|dpkg|rpm|zypper|apk|brew|update-alternatives|readlink|realpath|ldd|test|\[|\[\[)$/;

/**
 * The commands of one line of text between `start` and `end`: the words of each command separated by `;`,
 * `|`, `||`, `&`, `&&`, `(`, `)` or a redirection, up to an unquoted `#` comment ({@link tokenizeLine} stops at
 * the first of these; this resumes after it).
 */
function commandsOf(text: string, start: number, end: number): FlagWord[][] {
  const out: FlagWord[][] = [];
  let p = start;
  while (p < end) {
    const words = tokenizeLine(text, p, end);
    if (words.length) out.push(words);
    let q = words.length ? words[words.length - 1].end : p;
    while (q < end && (text[q] === ' ' || text[q] === '\t' || text[q] === '\r')) q++;
    if (q >= end || text[q] === '#' || text[q] === '\n') break;
    if (!';|&<>()'.includes(text[q])) break;
    while (q < end && ';|&<>()'.includes(text[q])) q++;
    p = q;
  }
  return out;
}

/**
 * dockerd command lines in plain text: one spec per line (backslash continuations joined) that runs
 * `dockerd`, `docker daemon` or `docker -d`, each command of a line on its own (`pgrep dockerd || dockerd …`);
 * a command that only names dockerd ({@link NOT_A_LAUNCH}: the `grep dockerd` line of `ps` output, `which
 * dockerd`) or asks for its version or help is not a daemon. With NUL separators (`/proc/<pid>/cmdline`) the
 * whole text is one command. Target: the program word.
 */
export function daemonsFromCommandLines(file: SourceFile): { daemons: DaemonSpec[]; errors: InputError[] } {
  const text = file.text;
  const daemons: DaemonSpec[] = [];
  const errors: InputError[] = [];
  const one = (words: FlagWord[]) => {
    const k = dockerdArgsStart(words);
    if (k < 0) return;
    const prog = words[k - 1];
    // `grep --color=auto dockerd` (the grep line of `ps aux | grep dockerd`), `pgrep dockerd`, `which dockerd`,
    // `dockerd --version`: they name dockerd without running a daemon.
    if (words.slice(0, k - 1).some((w) => NOT_A_LAUNCH.test(w.value))) return;
    if (words.length > k && words.slice(k).every((w) => /^(?:--version|-v|--help|-h)$/.test(w.value))) return;
    const d = emptyDaemon({ kind: 'daemon', name: file.path, range: file.range(prog.start, prog.end) }, 'dockerd-flags', file.path, 'partial');
    markRootless(d, prog, file.path);
    // `start-stop-daemon --start --exec /usr/bin/dockerd -- -H …` (Debian's SysV script): dockerd's arguments follow `--`.
    const skip = words[k]?.value === '--' && words.slice(0, k - 1).some((w) => /(?:^|\/)start-stop-daemon$/.test(w.value)) ? 1 : 0;
    errors.push(...applyDockerdFlags(d, words.slice(k + skip), file.path, file));
    daemons.push(d);
  };
  if (text.includes('\0')) {
    const words: FlagWord[] = [];
    let s = 0;
    for (let k = 0; k <= text.length; k++) {
      if (k === text.length || text[k] === '\0') {
        if (k > s) words.push({ value: text.slice(s, k).replace(/\n$/, ''), start: s, end: k });
        s = k + 1;
      }
    }
    one(words);
    return { daemons, errors };
  }
  let k = 0;
  while (k < text.length) {
    let e = text.indexOf('\n', k);
    if (e === -1) e = text.length;
    while (e < text.length && /\\\r?$/.test(text.slice(k, e))) {
      const n = text.indexOf('\n', e + 1);
      e = n === -1 ? text.length : n;
    }
    if (/dockerd|docker/.test(text.slice(k, e))) {
      // Each command of the line on its own: `pgrep dockerd || dockerd -H tcp://0.0.0.0:2375 &`.
      for (const words of commandsOf(text, k, e)) one(words);
    }
    k = e + 1;
  }
  return { daemons, errors };
}

/**
 * Variables that hold dockerd options in the distributions' environment files: Debian/Ubuntu
 * `/etc/default/docker` (`DOCKER_OPTS`, read by the Upstart/SysV scripts and by units with
 * `EnvironmentFile=-/etc/default/docker` + `$DOCKER_OPTS`), RHEL/CentOS/Fedora `/etc/sysconfig/docker`
 * (`OPTIONS`, `INSECURE_REGISTRY`, `ADD_REGISTRY`, `BLOCK_REGISTRY`), `/etc/sysconfig/docker-network`
 * (`DOCKER_NETWORK_OPTIONS`), `/etc/sysconfig/docker-storage` (`DOCKER_STORAGE_OPTIONS`), and
 * `DOCKER_OPTIONS` / `OTHER_ARGS` of older packages, and the lower-case `other_args` of CentOS/RHEL 6's docker-io
 * (its SysV script runs `docker -d $other_args`).
 */
const OPTION_VARIABLES = /^[ \t]*(?:export[ \t]+)?(DOCKER_OPTS|DOCKER_OPTIONS|OPTIONS|OTHER_ARGS|other_args|INSECURE_REGISTRY|ADD_REGISTRY|BLOCK_REGISTRY|DOCKER_NETWORK_OPTIONS|DOCKER_STORAGE_OPTIONS)=/gm;

/**
 * dockerd options in an environment file (`/etc/default/docker`, `/etc/sysconfig/docker`): every
 * uncommented `NAME="…"` / `NAME='…'` / `NAME=word` assignment of an {@link OPTION_VARIABLES} name, its value
 * read as dockerd flags. All assignments of the file make one spec (`partial`), targeted at the first name.
 * No spec when the file has no such assignment.
 */
export function daemonFromOptionsFile(file: SourceFile): { daemon?: DaemonSpec; errors: InputError[] } {
  const text = file.text;
  const words: FlagWord[] = [];
  let first: { start: number; end: number } | undefined;
  for (const m of text.matchAll(OPTION_VARIABLES)) {
    const nameStart = m.index! + m[0].length - m[1].length - 1;
    first ??= { start: nameStart, end: nameStart + m[1].length };
    let s = m.index! + m[0].length;
    let e = text.indexOf('\n', s);
    if (e === -1) e = text.length;
    const q = text[s];
    if (q === '"' || q === "'") {
      // A quoted value may span lines (a shell string); it ends at the matching quote.
      const close = text.indexOf(q, s + 1);
      e = close === -1 ? e : close;
      s++;
    }
    // Line continuations and line breaks inside the quotes separate words: blank them (same offsets).
    const clean = text.slice(0, s) + text.slice(s, e).replace(/\\?\r?\n/g, (x) => ' '.repeat(x.length)) + text.slice(e);
    for (const w of tokenizeLine(clean, s, e)) words.push({ value: w.value, start: w.start, end: w.end, ...(w.unresolved ? { unresolved: true } : {}) });
  }
  if (!first) return { errors: [] };
  const d = emptyDaemon({ kind: 'daemon', name: file.path, range: file.range(first.start, first.end) }, 'dockerd-flags', file.path, 'partial');
  // Options a service manager may or may not pass to dockerd (src/engine/daemon-pairs.ts decides with the unit beside it).
  d.extra.optionsFile = { value: true, origin: { kind: 'file', file: file.path, start: first.start, end: first.end }, how: 'explicit' };
  const errors = applyDockerdFlags(d, words, file.path, file);
  return { daemon: d, errors };
}

/** The path of a drop-in of Docker's units (`docker.service.d/*.conf`, `docker.socket.d/*.conf`). */
const DROP_IN_PATH = /docker\.(?:service|socket)\.d[\\/][^\\/]+\.conf$/i;

/**
 * Whether a unit text is a drop-in that amends a service without replacing its command: a `[Service]`
 * section with entries (`Environment=`, `EnvironmentFile=`, `Limit*=`…), no `ExecStart=` key at all, and no
 * `[Unit]`/`[Install]`/`[Socket]` section (systemd.unit(5), "drop-in" `*.service.d/*.conf`).
 */
function isEnvironmentDropIn(text: string): boolean {
  const { entries } = parseUnit(text);
  if (!entries.some((e) => e.section === 'Service')) return false;
  if (entries.some((e) => e.key === 'ExecStart' || e.section === 'Socket')) return false;
  return !/^[ \t]*\[(?:Unit|Install|Socket)\][ \t]*$/m.test(text);
}

/**
 * The unit a drop-in amends, read beside it (`dir/docker.service` for `dir/docker.service.d/x.conf`, through
 * `ctx.readFile`), run with the drop-in's environment ({@link daemonFromUnit} `dropIns`). Undefined when the
 * path is not a drop-in's, the unit cannot be read, its ExecStart= does not run dockerd, or the drop-in's
 * environment does not change what that ExecStart= runs (an http-proxy.conf). Only the
 * environment of this one drop-in is applied (other drop-ins of the directory are not listed here).
 */
async function unitWithDropIn(dropIn: SourceFile, ctx: IngestContext): Promise<{ daemon: DaemonSpec; errors: InputError[]; unit: SourceFile } | undefined> {
  const m = /^(.*?)([^\\/]+\.service)\.d[\\/][^\\/]+\.conf$/.exec(dropIn.path);
  if (!m) return undefined;
  const unitPath = m[1] + m[2];
  const text = await ctx.readFile(unitPath);
  if (text === undefined) return undefined;
  const unit = new SourceFile(unitPath, text);
  const r = await daemonFromUnit(unit, ctx, [dropIn]);
  if (!r.daemon) return undefined;
  // Only a drop-in whose environment changes the command line makes a daemon of its own (an http-proxy.conf
  // does not): a later drop-in's spec replaces the earlier files' (engine effectiveUnit), which must not
  // hide an override.conf that replaced ExecStart= for nothing.
  const alone = await daemonFromUnit(unit, ctx);
  if (JSON.stringify(alone.daemon) === JSON.stringify(r.daemon)) return undefined;
  return { daemon: r.daemon, errors: r.errors, unit };
}

/**
 * Settings of one file that dockerd refuses together (moby daemon `verifyDaemonSettings`, Docker 1.x to 27):
 * `icc` false with `iptables` false ("You specified --iptables=false with --icc=false. ICC=false uses iptables
 * to function"), and a `bridge` (`-b`) together with a `bip` ("You specified -b & --bip, mutually exclusive
 * options"). One input error each, at the later-written of the two settings; values from unresolved
 * variables are not judged. Positions come from `file` (or the one of `file` that is the setting's file) when the
 * setting is written in it; an error without a written origin is on the first file.
 */
export function refusedCombinations(d: DaemonSpec, file: SourceFile | SourceFile[]): InputError[] {
  const errors: InputError[] = [];
  const files = Array.isArray(file) ? file : [file];
  const at = (o: Origin | undefined, message: string) => {
    const src = o?.kind === 'file' ? files.find((f) => f.path === o.file) : undefined;
    const pos = o?.kind === 'file' && src ? src.position(o.start) : undefined;
    errors.push({ file: o?.kind === 'file' ? o.file : files[0].path, ...(pos ? { line: pos.line, column: pos.column } : {}), message, code: 'parse' });
  };
  const later = (a: Origin, b: Origin) => (a.kind === 'file' && b.kind === 'file' && b.start > a.start ? b : a);
  const known = (s: { how: string } | undefined) => s !== undefined && s.how !== 'unresolved';
  if (known(d.icc) && known(d.iptables) && d.icc!.value === false && d.iptables!.value === false) {
    at(later(d.icc!.origin, d.iptables!.origin), 'iptables false together with icc false: dockerd refuses to start ("ICC=false uses iptables to function"); keep iptables on');
  }
  const bip = d.extra['--bip'] ?? d.extra.bip;
  if (known(d.bridge) && known(bip) && d.bridge!.value !== '' && bip!.value !== '') {
    at(later(d.bridge!.origin, bip!.origin), 'bridge (-b) together with bip: dockerd refuses to start ("-b & --bip, mutually exclusive options"); set one of them');
  }
  return errors;
}

/**
 * The input error of an empty (or whitespace-only) daemon input not named `daemon.json`: what it would have been is
 * not known, and it holds nothing to audit (an empty daemon.json is valid: dockerd starts with every default).
 */
export const EMPTY_DAEMON_INPUT = 'empty daemon configuration: no daemon.json object, systemd unit or dockerd command line (an empty file named daemon.json is read as {}, as dockerd reads it)';

/**
 * Ingests a daemon.json, a systemd unit or drop-in whose ExecStart runs dockerd (or a socket unit whose
 * `ListenStream=` lines are dockerd's `fd://` listeners, {@link daemonFromSocketUnit}), a file holding a dockerd
 * command line, or an environment file of dockerd options (`/etc/default/docker` `DOCKER_OPTS=…`,
 * `/etc/sysconfig/docker` `OPTIONS=…`; see {@link daemonFromOptionsFile}) (kind `daemon`; decided by content:
 * a JSON object, a unit, else command lines, else option variables). Every spec is
 * `partial`: findings about missing settings say "not set in this file". Never throws; an empty input not named
 * daemon.json gives one input error (`parse`, {@link EMPTY_DAEMON_INPUT}); a file that holds none
 * of these gives one input error (`unsupported`), except a drop-in that only sets the environment or limits
 * of the service (no `ExecStart=`): nothing to judge, no error.
 */
export async function ingestDaemon(file: SourceFile, ctx: IngestContext, region?: Region): Promise<IngestResult> {
  const src = region ? new SourceFile(file.path, isolateRegion(file.text, region.start, region.end)) : file;
  const text = src.text;
  const result: IngestResult & { daemons: DaemonSpec[]; secretRanges: SourceRange[] } = { containers: [], images: [], errors: [], daemons: [], secretRanges: [] };
  try {
    if (text.trim() === '' && /(?:^|[\\/.])daemon\.json$/i.test(file.path)) {
      // An empty (or whitespace-only, BOM-only) daemon.json: dockerd trims the file and, when nothing is
      // left, starts with every default (moby daemon/config getConflictFreeConfiguration, "empty config
      // file"; `touch /etc/docker/daemon.json` is common). So it is the same as `{}`: every setting unset.
      result.daemons.push(emptyDaemon({ kind: 'daemon', name: file.path, range: src.range(0, 0) }, 'daemon-json', file.path, 'partial'));
    } else if (text.trim() === '') {
      // Empty input of another name (`--kind daemon -` with nothing on stdin, an empty `dockerd.conf`): no daemon.json,
      // unit or command line to read. One parse error at 1:1, as an empty Compose file gets; an empty file is a
      // daemon.json only by that name.
      result.errors.push({ file: file.path, line: 1, column: 1, code: 'parse', message: EMPTY_DAEMON_INPUT });
    } else if (text.trimStart().startsWith('{')) {
      const r = daemonFromJson(src);
      result.errors.push(...r.errors);
      if (r.daemon) {
        result.daemons.push(r.daemon);
        result.secretRanges.push(...daemonSecretRanges(r.daemon, text));
      }
    } else if (looksLikeUnit(text)) {
      const r = await daemonFromUnit(src, ctx);
      result.errors.push(...r.errors);
      result.secretRanges.push(...r.secretRanges);
      const socket = r.daemon || r.errors.length ? undefined : daemonFromSocketUnit(src);
      if (r.daemon) {
        result.daemons.push(r.daemon);
        result.secretRanges.push(...daemonSecretRanges(r.daemon, text));
        // Options read from an EnvironmentFile= point into it: the engine needs its text, and its secrets are masked.
        if (r.envSources?.length) {
          result.extraSources = [...r.envSources];
          for (const e of r.envSources) result.secretRanges.push(...daemonSecretRanges(r.daemon, e.text, e.path));
        }
      } else if (socket) result.daemons.push(socket);
      else if (!r.errors.length && isEnvironmentDropIn(text)) {
        // A drop-in that only amends docker.service (Docker's documented http-proxy.conf: Environment=
        // HTTP_PROXY=…; Limit*=): valid; its secrets are masked above. When the unit it amends is at hand
        // (`<unit>.service` beside `<unit>.service.d/`), the unit's ExecStart= runs with this environment:
        // `Environment="DOCKER_OPTS=-H tcp://0.0.0.0:2375"` for `ExecStart=/usr/bin/dockerd $DOCKER_OPTS`.
        const combined = await unitWithDropIn(src, ctx);
        if (combined) {
          result.errors.push(...combined.errors);
          result.daemons.push(combined.daemon);
          result.extraSources = [combined.unit];
          result.secretRanges.push(...daemonSecretRanges(combined.daemon, text, file.path), ...daemonSecretRanges(combined.daemon, combined.unit.text, combined.unit.path));
        }
      } else if (!r.errors.length && !DROP_IN_PATH.test(file.path)) result.errors.push({ file: file.path, line: 1, column: 1, message: 'no ExecStart= in the [Service] section runs dockerd, and no ListenStream= in a [Socket] section', code: 'unsupported' });
      // (A drop-in of docker.service or docker.socket that changes nothing bulwark checks, such as `[Unit]
      // After=network-online.target`, is valid and describes no daemon of its own: no error.)
    } else {
      const r = daemonsFromCommandLines(src);
      if (!r.daemons.length) {
        const o = daemonFromOptionsFile(src);
        if (o.daemon) r.daemons.push(o.daemon);
        r.errors.push(...o.errors);
      }
      result.errors.push(...r.errors);
      result.daemons.push(...r.daemons);
      for (const d of r.daemons) result.secretRanges.push(...daemonSecretRanges(d, text));
      if (!r.daemons.length) result.errors.push({ file: file.path, line: 1, column: 1, message: 'no dockerd configuration found: expected a daemon.json object, a systemd unit running dockerd, or a dockerd command line', code: 'unsupported' });
    }
    for (const d of result.daemons) result.errors.push(...refusedCombinations(d, src));
    // The same secret found twice (an Environment= proxy password is also a URL password of the file): once.
    const seen = new Set<string>();
    result.secretRanges = result.secretRanges.filter((r) => {
      const k = `${r.file}\0${r.start}\0${r.end}`;
      return seen.has(k) ? false : (seen.add(k), true);
    });
  } catch (e) {
    result.errors.push({ file: file.path, message: `internal error while reading this file: ${String((e as Error)?.message ?? e).split('\n')[0]}`, code: 'internal' });
  }
  return result;
}

/**
 * Ingests a systemd unit with its drop-ins (`docker.service` + `docker.service.d/*.conf`, or `docker.socket` +
 * `docker.socket.d/*.conf`), `files[0]` the unit and the rest its drop-ins in systemd's order (lexical by file
 * name): one effective unit, as systemd builds it (systemd.unit(5) "drop-in"; systemd.service(5) `ExecStart=`, an
 * empty value resets and the last command runs; systemd.exec(5) `Environment=` accumulates across the files). So a
 * `DOCKER_OPTS` set in `10-opts.conf` reaches the `$DOCKER_OPTS` of an `ExecStart=` in `20-exec.conf`, and a `-H`
 * of the unit's `ExecStart=` that a drop-in replaced is not a listener. The daemon of the effective service (or
 * socket) is the only one; its origins point into the file that writes each value. Input errors: those of the
 * effective command line (flags of a replaced `ExecStart=` never reach dockerd), and each file's internal errors;
 * secret ranges and comments of every file are kept. When the effective unit neither runs dockerd nor is a socket
 * unit, each file's result is kept as ingested alone (the last daemon found, as before).
 */
export async function ingestDaemonUnitGroup(files: SourceFile[], ctx: IngestContext): Promise<IngestResult> {
  const each = await Promise.all(files.map((f) => ingestDaemon(f, ctx)));
  const [unit, ...dropIns] = files;
  const kept = {
    containers: [],
    images: [],
    comments: each.flatMap((r) => r.comments ?? []),
    secretRanges: each.flatMap((r) => r.secretRanges ?? []),
    extraSources: each.flatMap((r) => r.extraSources ?? []).filter((x) => !files.some((f) => f.path === x.path)),
  };
  const merged = await daemonFromUnit(unit, ctx, dropIns);
  const daemon = merged.daemon ?? (merged.errors.length ? undefined : daemonFromSocketUnit(unit, dropIns));
  if (!daemon) {
    const last = [...each].reverse().find((r) => r.daemons?.length);
    return { ...kept, daemons: last?.daemons ?? [], errors: each.flatMap((r) => r.errors) };
  }
  const errors = [...merged.errors, ...each.flatMap((r) => r.errors.filter((e) => e.code === 'internal'))];
  for (const e of merged.envSources ?? []) {
    if (!files.some((f) => f.path === e.path) && !kept.extraSources.some((x) => x.path === e.path)) kept.extraSources.push(e);
    kept.secretRanges.push(...daemonSecretRanges(daemon, e.text, e.path));
  }
  errors.push(...refusedCombinations(daemon, files));
  for (const f of files) kept.secretRanges.push(...daemonSecretRanges(daemon, f.text, f.path, { wholeText: false }));
  kept.secretRanges.push(...merged.secretRanges);
  return { ...kept, daemons: [daemon], errors };
}
