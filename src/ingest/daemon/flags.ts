/**
 * dockerd command-line flags → {@link DaemonSpec} settings.
 *
 * Flag names, short forms and value kinds follow `dockerd --help` (Docker Engine 20.10–27, "dockerd"
 * reference, docs.docker.com/reference/cli/dockerd/) and the CIS Docker Benchmark 1.6.0 section 2 audit
 * steps. Parsing follows spf13/pflag, which dockerd uses: `--flag=value`, `--flag value`, `-H value`,
 * `-Hvalue`, `-H=value`; a boolean flag never takes the next word (`--icc false` is `--icc=true` followed by
 * a stray argument, which dockerd rejects); boolean values as Go's `strconv.ParseBool` reads them. The
 * single-dash long spelling of Docker ≤ 1.12 (`-icc=false`, `docker -d`, `docker daemon`) is accepted too.
 */
import type { DaemonSpec } from '../../model/daemon.js';
import type { SourceFile } from '../../model/source.js';
import type { InputError, Origin, Sourced } from '../../model/types.js';

/** One word of a command line: its value after quote removal and where it is written (UTF-16 offsets). */
export interface FlagWord {
  value: string;
  start: number;
  end: number;
  /** The word holds an expansion bulwark could not resolve (`$DOCKER_OPTS`, `${X}`). */
  unresolved?: boolean;
  /**
   * The file the word is written in when it is not the one {@link applyDockerdFlags} is given (a `$DOCKER_OPTS`
   * expanded from a drop-in's `Environment=` or an `EnvironmentFile=`): origins and errors of the word point there.
   */
  src?: SourceFile;
}

type Setter = (d: DaemonSpec, v: Sourced<string>) => string | undefined;

interface DockerdFlag {
  long: string;
  short?: string;
  /** Boolean flag: takes no separate value word. */
  bool?: boolean;
  /** Stores the value; returns an error message for a value dockerd rejects. */
  set?: Setter;
}

/** Go's strconv.ParseBool. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

type BoolKey = 'tls' | 'tlsVerify' | 'icc' | 'iptables' | 'ipForward' | 'ipMasq' | 'userlandProxy' | 'noNewPrivileges' | 'liveRestore' | 'debug' | 'experimental' | 'selinuxEnabled' | 'rootless';
type StringKey = 'bridge' | 'tlsCaCert' | 'tlsCert' | 'tlsKey' | 'usernsRemap' | 'logLevel' | 'logDriver' | 'storageDriver' | 'cgroupParent' | 'seccompProfile' | 'defaultRuntime' | 'configFile' | 'dataRoot';
type ListKey = 'hosts' | 'insecureRegistries' | 'registryMirrors' | 'storageOpts' | 'authorizationPlugins';

const bool = (key: BoolKey): Setter => (d, v) => {
  const b = parseGoBool(v.value);
  if (b === undefined && v.how !== 'unresolved') return `invalid boolean value "${v.value}"`;
  d[key] = { ...v, value: b ?? true } as Sourced<boolean>;
  return undefined;
};
const str = (key: StringKey): Setter => (d, v) => {
  d[key] = v;
  return undefined;
};
const list = (key: ListKey): Setter => (d, v) => {
  d[key].push(v);
  return undefined;
};

/**
 * Why dockerd refuses a `-H` / `hosts` value, or undefined when it accepts it (moby opts/hosts.go
 * `parseDaemonHost`: the value is split at its first `://` (none: `tcp`) and the scheme compared as written, so only
 * `tcp`, `unix`, `npipe` and `fd` in lower case are accepted — `http://…` and `TCP://…` are "invalid bind address
 * (…): unsupported proto" — and `ParseTCPAddr` refuses a path, "invalid bind address (0.0.0.0:2375/p): should not
 * contain a path element", Docker 20.10 and later). `ssh://` is a client's address (docker/cli's own `parseDockerDaemonHost`
 * accepts it for `docker -H` / `DOCKER_HOST` / contexts), never a listener: dockerd's refuses it ("unsupported proto
 * 'ssh'"), and daemon/listeners `Init` knows only fd, tcp, unix (npipe on Windows). A scheme written literally
 * is judged even when the rest of the address holds a variable (`http://${ADDR}:2375`); a value whose scheme or
 * (for the path) address holds an expansion is not. The reason does not repeat the value (it may carry a password).
 */
export function refusedHost(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  const sep = v.indexOf('://');
  const scheme = sep === -1 ? 'tcp' : v.slice(0, sep);
  const rest = sep === -1 ? v : v.slice(sep + 3);
  const expansion = (t: string) => /[$`]/.test(t);
  if (expansion(scheme)) return undefined;
  if (!['tcp', 'unix', 'npipe', 'fd'].includes(scheme)) {
    if (scheme.toLowerCase() === 'ssh')
      return `unsupported proto '${scheme}': ssh:// is an address a client connects to (docker -H, DOCKER_HOST, docker context), not one dockerd listens on; dockerd accepts tcp://, unix://, npipe:// and fd:// and refuses to start ("invalid bind address"); to reach it over SSH, listen on the unix socket and connect with DOCKER_HOST=ssh://user@host`;
    if (['tcp', 'unix', 'npipe', 'fd'].includes(scheme.toLowerCase()))
      return `unsupported proto '${scheme}': dockerd compares the scheme as written and accepts only tcp://, unix://, npipe:// and fd:// in lower case (tcp:// for a network listener): it refuses to start ("invalid bind address")`;
    return `unsupported proto '${scheme}': dockerd accepts tcp://, unix://, npipe:// and fd:// (tcp:// for a network listener) and refuses to start ("invalid bind address")`;
  }
  if (scheme === 'tcp' && !expansion(rest) && /\//.test(rest.replace(/^[^@/]*@/, ''))) return 'a tcp:// address with a path: dockerd refuses to start ("invalid bind address: should not contain a path element"); write tcp://host:port';
  return undefined;
}

/** `-H`: an address dockerd refuses is an input error, not a listener (an unresolved address: its literal scheme only). */
const host: Setter = (d, v) => {
  const why = refusedHost(v.value);
  if (why) return why;
  d.hosts.push(v);
  return undefined;
};
/**
 * The levels dockerd accepts for `--log-level` / `"log-level"`: logrus `ParseLevel` (moby daemon/config
 * `Validate`), which lower-cases its argument first and takes `warning` as a spelling of `warn`.
 */
const LOG_LEVELS = new Set(['debug', 'info', 'warn', 'warning', 'error', 'fatal', 'panic', 'trace']);

/** Whether dockerd accepts `s` as its log level (logrus ParseLevel: case-insensitive; see {@link LOG_LEVELS}). */
export function isLogLevel(s: string): boolean {
  return LOG_LEVELS.has(s.toLowerCase());
}

/**
 * Parses a `--default-ulimit` / `--ulimit` value `name=soft[:hard]` (numbers, `-1` = unlimited).
 * @returns undefined when the text is not of that form
 */
export function parseUlimit(s: string): { name: string; soft: number; hard: number } | undefined {
  const m = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(s.trim());
  if (!m) return undefined;
  const soft = Number(m[2]);
  return { name: m[1], soft, hard: m[3] === undefined ? soft : Number(m[3]) };
}

/** The dockerd flags bulwark models, and the value-taking ones it only keeps (so their values are skipped). */
const FLAGS: DockerdFlag[] = [
  { long: 'host', short: 'H', set: host },
  { long: 'tls', bool: true, set: bool('tls') },
  { long: 'tlsverify', bool: true, set: bool('tlsVerify') },
  { long: 'tlscacert', set: str('tlsCaCert') },
  { long: 'tlscert', set: str('tlsCert') },
  { long: 'tlskey', set: str('tlsKey') },
  { long: 'icc', bool: true, set: bool('icc') },
  { long: 'iptables', bool: true, set: bool('iptables') },
  { long: 'ip-forward', bool: true, set: bool('ipForward') },
  { long: 'ip-masq', bool: true, set: bool('ipMasq') },
  { long: 'userland-proxy', bool: true, set: bool('userlandProxy') },
  { long: 'no-new-privileges', bool: true, set: bool('noNewPrivileges') },
  { long: 'live-restore', bool: true, set: bool('liveRestore') },
  { long: 'debug', short: 'D', bool: true, set: bool('debug') },
  { long: 'experimental', bool: true, set: bool('experimental') },
  { long: 'selinux-enabled', bool: true, set: bool('selinuxEnabled') },
  { long: 'rootless', bool: true, set: bool('rootless') },
  { long: 'userns-remap', set: str('usernsRemap') },
  {
    long: 'log-level',
    short: 'l',
    set: (d, v) => {
      if (v.how !== 'unresolved' && !isLogLevel(v.value)) return `invalid log level "${v.value}"`;
      d.logLevel = v;
      return undefined;
    },
  },
  { long: 'log-driver', set: str('logDriver') },
  {
    long: 'log-opt',
    set: (d, v) => {
      const eq = v.value.indexOf('=');
      if (eq <= 0) return `invalid log option "${v.value}" (expected key=value)`;
      d.logOpts[v.value.slice(0, eq)] = { ...v, value: v.value.slice(eq + 1) };
      return undefined;
    },
  },
  { long: 'insecure-registry', set: list('insecureRegistries') },
  { long: 'registry-mirror', set: list('registryMirrors') },
  { long: 'storage-driver', short: 's', set: str('storageDriver') },
  { long: 'storage-opt', set: list('storageOpts') },
  {
    long: 'default-ulimit',
    set: (d, v) => {
      const u = parseUlimit(v.value);
      if (!u) {
        if (v.how === 'unresolved') return undefined;
        return `invalid ulimit "${v.value}" (expected name=soft[:hard])`;
      }
      d.defaultUlimits.push({ ...u, origin: v.origin });
      return undefined;
    },
  },
  { long: 'cgroup-parent', set: str('cgroupParent') },
  { long: 'authorization-plugin', set: list('authorizationPlugins') },
  { long: 'seccomp-profile', set: str('seccompProfile') },
  { long: 'default-runtime', set: str('defaultRuntime') },
  { long: 'config-file', set: str('configFile') },
  { long: 'data-root', set: str('dataRoot') },
  { long: 'graph', short: 'g', set: str('dataRoot') },
  {
    long: 'exec-opt',
    set: (d, v) => {
      (d.execOpts ??= []).push(v);
      return undefined;
    },
  },
  // Boolean flags kept in `extra`.
  ...['ipv6', 'ip6tables', 'init', 'raw-logs', 'validate', 'version', 'help', 'cri-containerd', 'disable-legacy-registry', 'icc-ipv6'].map(
    (long) => ({ long, bool: true, ...(long === 'version' ? { short: 'v' } : long === 'help' ? { short: 'h' } : {}) }),
  ),
  { long: 'daemon', short: 'd', bool: true },
  // Value flags kept in `extra`.
  ...[
    'add-runtime', 'allow-nondistributable-artifacts', 'api-cors-header', 'bip', 'containerd', 'containerd-namespace',
    'containerd-plugins-namespace', 'cpu-rt-period', 'cpu-rt-runtime', 'default-address-pool', 'default-cgroupns-mode',
    'default-gateway', 'default-gateway-v6', 'default-ipc-mode', 'default-network-opt', 'default-shm-size', 'dns', 'dns-opt',
    'dns-search', 'exec-root', 'feature', 'fixed-cidr', 'fixed-cidr-v6', 'host-gateway-ip', 'http-proxy', 'https-proxy',
    'no-proxy', 'init-path', 'ip', 'label', 'log-format', 'max-concurrent-downloads', 'max-concurrent-uploads',
    'max-download-attempts', 'metrics-addr', 'mtu', 'network-control-plane-mtu', 'node-generic-resource', 'oom-score-adjust',
    'shutdown-timeout', 'swarm-default-advertise-addr', 'userland-proxy-path', 'cluster-store', 'cluster-advertise',
    'cluster-store-opt', 'userns-remap-path', 'seccomp', 'authz-plugin', 'exec-driver',
  ].map((long) => ({ long })),
  { long: 'bridge', short: 'b', set: str('bridge') },
  { long: 'group', short: 'G' },
  { long: 'pidfile', short: 'p' },
  { long: 'execdriver', short: 'e' },
];
const BY_LONG = new Map(FLAGS.map((f) => [f.long, f]));
const BY_SHORT = new Map(FLAGS.filter((f) => f.short).map((f) => [f.short!, f]));

/**
 * Whether a word is the dockerd program (`dockerd`, `/usr/bin/dockerd`, `-/usr/bin/dockerd` in a unit, RHEL 7's
 * `dockerd-current`), or the rootless wrapper `dockerd-rootless.sh` that passes its arguments to dockerd
 * (docs.docker.com/engine/security/rootless/: the user unit written by dockerd-rootless-setuptool.sh).
 */
export function isDockerdWord(v: string): boolean {
  // `DOCKERD=/usr/local/bin/dockerd` (/etc/default/docker) names the program; it does not run it.
  return /(?:^|\/)dockerd(?:-current|-rootless(?:\.sh)?)?$/.test(v) && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(v);
}

/** Whether the dockerd program word is the rootless wrapper (`dockerd-rootless.sh`): the daemon runs rootless. */
export function isRootlessWord(v: string): boolean {
  return /(?:^|\/)dockerd-rootless(?:\.sh)?$/.test(v);
}

/** Marks `d` rootless when its program word is the rootless wrapper (origin: that word). */
export function markRootless(d: DaemonSpec, prog: { value: string; start: number; end: number }, file: string): void {
  if (isRootlessWord(prog.value)) d.rootless = { value: true, origin: origin(file, prog.start, prog.end), how: 'explicit' };
}

/**
 * Index of the first flag after the program in `words`: after `dockerd`, `docker daemon` or `docker -d`
 * (Docker ≤ 1.12), or the Docker snap's `snap run docker.dockerd`. `-1` when the words do not run dockerd.
 */
export function dockerdArgsStart(words: { value: string }[]): number {
  for (let i = 0; i < words.length; i++) {
    const v = words[i].value;
    if (isDockerdWord(v)) return i + 1;
    // The Docker snap's unit: `snap run docker.dockerd [args]` runs the snap's dockerd-wrapper, which passes
    // its arguments on to dockerd (and reads /var/snap/docker/current/config/daemon.json).
    if (/(?:^|\/)snap$/.test(v) && words[i + 1]?.value === 'run' && words[i + 2]?.value === 'docker.dockerd') return i + 3;
    if (/(?:^|\/)docker$/.test(v)) {
      const next = words[i + 1]?.value;
      if (next === 'daemon') return i + 2;
      if (next === '-d' || next === '--daemon') return i + 1;
    }
  }
  return -1;
}

/**
 * Applies dockerd flags to `d`. `words` are dockerd's arguments with positions in `file`, or in their own `src` (a leading
 * `dockerd` program word is skipped; `dockerd-rootless.sh` there marks the daemon rootless). Origins span the flag and its value (`-H tcp://…` → both words).
 * Unknown flags are kept in `d.extra` (`--name`), never consuming the next word.
 * @param source the file the words are in, to give errors a line and column
 * @returns input errors for flags dockerd would reject (missing value, invalid boolean or ulimit,
 *   `--flag true|false` written with a space); never throws
 */
export function applyDockerdFlags(d: DaemonSpec, words: FlagWord[], file: string, source?: SourceFile): InputError[] {
  const errors: InputError[] = [];
  const fileOf = (w: FlagWord) => w.src?.path ?? file;
  const err = (message: string, w: FlagWord) => {
    const pos = (w.src ?? source)?.position(w.start);
    errors.push({ file: fileOf(w), ...(pos ? { line: pos.line, column: pos.column } : {}), message, code: 'parse' });
  };
  let i = words.length && isDockerdWord(words[0].value) ? 1 : 0;
  if (i === 1) markRootless(d, words[0], fileOf(words[0]));
  let lastBool: { name: string; written: boolean } | undefined;
  for (; i < words.length; i++) {
    const w = words[i];
    const v = w.value;
    if (v === '--') break;
    if (!v.startsWith('-') || v === '-') {
      if (lastBool && !lastBool.written && parseGoBool(v) !== undefined) {
        err(`dockerd reads "--${lastBool.name} ${v}" as --${lastBool.name}=true followed by a stray argument, and refuses to start: write --${lastBool.name}=${v}`, w);
      }
      lastBool = undefined;
      continue;
    }
    lastBool = undefined;
    let name: string;
    let inline: string | undefined;
    let def: DockerdFlag | undefined;
    let dashes: string;
    if (v.startsWith('--')) {
      dashes = '--';
      const eq = v.indexOf('=');
      name = eq === -1 ? v.slice(2) : v.slice(2, eq);
      inline = eq === -1 ? undefined : v.slice(eq + 1);
      def = BY_LONG.get(name);
    } else {
      dashes = '-';
      const body = v.slice(1);
      const eq = body.indexOf('=');
      const legacyName = eq === -1 ? body : body.slice(0, eq);
      if (body.length > 1 && !BY_SHORT.has(body[0]) && BY_LONG.has(legacyName)) {
        // Docker ≤ 1.12 single-dash long flag: `-icc=false`.
        name = legacyName;
        inline = eq === -1 ? undefined : body.slice(eq + 1);
        def = BY_LONG.get(name);
      } else {
        // Short flags, possibly clustered (`-Ds overlay2`): booleans then at most one value flag.
        let k = 0;
        def = undefined;
        name = body[0] ?? '';
        while (k < body.length) {
          const f = BY_SHORT.get(body[k]);
          if (!f) {
            d.extra[`-${body[k]}`] = { value: body.slice(k + 1) || true, origin: origin(fileOf(w), w.start, w.end), how: 'explicit' };
            def = undefined;
            name = '';
            break;
          }
          if (f.bool && body[k + 1] !== '=') {
            if (f.set) f.set(d, sourced('true', origin(fileOf(w), w.start, w.end), w));
            else d.extra[`--${f.long}`] = { value: true, origin: origin(fileOf(w), w.start, w.end), how: 'explicit' };
            k++;
            def = undefined;
            name = '';
            continue;
          }
          def = f;
          name = f.long;
          const rest = body.slice(k + 1);
          inline = rest === '' ? undefined : rest.startsWith('=') ? rest.slice(1) : rest;
          break;
        }
        if (!def) continue;
      }
    }
    if (!def) {
      d.extra[`${dashes}${name}`] = { value: inline ?? true, origin: origin(fileOf(w), w.start, w.end), how: w.unresolved ? 'unresolved' : 'explicit' };
      continue;
    }
    let value: string;
    let end = w.end;
    let valueWord: FlagWord = w;
    if (def.bool) {
      value = inline ?? 'true';
      lastBool = { name: def.long, written: inline !== undefined };
    } else if (inline !== undefined) {
      value = inline;
    } else if (i + 1 < words.length) {
      valueWord = words[++i];
      value = valueWord.value;
      end = valueWord.end;
    } else {
      err(`flag ${v} needs an argument`, w);
      continue;
    }
    // The flag and its value: one range when both are written in one file, else the flag word.
    const o = fileOf(valueWord) === fileOf(w) ? origin(fileOf(w), w.start, end) : origin(fileOf(w), w.start, w.end);
    const s = sourced(value, o, valueWord === w ? w : { ...valueWord, unresolved: valueWord.unresolved || w.unresolved });
    if (def.set) {
      const problem = def.set(d, s);
      if (problem) err(`${v}: ${problem}`, w);
    } else {
      d.extra[`--${def.long}`] = def.bool ? { ...s, value: parseGoBool(value) ?? value } : s;
    }
  }
  return errors;
}

function origin(file: string, start: number, end: number): Origin {
  return { kind: 'file', file, start, end };
}

function sourced(value: string, o: Origin, w: FlagWord): Sourced<string> {
  return { value, origin: o, how: w.unresolved ? 'unresolved' : 'explicit' };
}
