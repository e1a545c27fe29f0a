/**
 * daemon.json → {@link DaemonSpec}. Keys and types as dockerd's configuration file reference documents
 * them (docs.docker.com/reference/cli/dockerd/#daemon-configuration-file); CIS Docker Benchmark 1.6.0
 * section 2 names the ones that matter for security.
 *
 * The text is validated with `JSON.parse` (dockerd refuses a file that is not JSON, so does bulwark:
 * one input error and nothing modelled from the file, not even the keys before the error) and read with yaml's parser (JSON is YAML) for exact positions. A value of the wrong
 * type (`"icc": "false"`) is an input error too, since dockerd refuses to start with it ("json: cannot
 * unmarshal string into Go struct field Config.icc of type bool", checked with dockerd 20.10); a quoted
 * `"true"` / `"false"` is still modelled as the boolean it spells (with `raw`), so rules judge the intent
 * instead of reporting the key as missing. Other wrongly typed keys are skipped.
 */
import { closest } from '../../engine/config.js';
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type Scalar } from 'yaml';
import { emptyDaemon, type DaemonSpec } from '../../model/daemon.js';
import type { SourceFile } from '../../model/source.js';
import type { InputError, Origin, Sourced } from '../../model/types.js';
import { isLogLevel, parseUlimit, refusedHost } from './flags.js';
import { jsonSyntaxError } from '../json-error.js';

type BoolKey = 'tls' | 'tlsVerify' | 'icc' | 'iptables' | 'ipForward' | 'ipMasq' | 'userlandProxy' | 'noNewPrivileges' | 'liveRestore' | 'debug' | 'experimental' | 'selinuxEnabled';
type StringKey = 'bridge' | 'tlsCaCert' | 'tlsCert' | 'tlsKey' | 'usernsRemap' | 'logLevel' | 'logDriver' | 'storageDriver' | 'cgroupParent' | 'seccompProfile' | 'defaultRuntime' | 'dataRoot';
type ListKey = 'hosts' | 'insecureRegistries' | 'registryMirrors' | 'storageOpts' | 'authorizationPlugins';

const BOOLS: Record<string, BoolKey> = {
  tls: 'tls',
  tlsverify: 'tlsVerify',
  icc: 'icc',
  iptables: 'iptables',
  'ip-forward': 'ipForward',
  'ip-masq': 'ipMasq',
  'userland-proxy': 'userlandProxy',
  'no-new-privileges': 'noNewPrivileges',
  'live-restore': 'liveRestore',
  debug: 'debug',
  experimental: 'experimental',
  'selinux-enabled': 'selinuxEnabled',
};
const STRINGS: Record<string, StringKey> = {
  bridge: 'bridge',
  tlscacert: 'tlsCaCert',
  tlscert: 'tlsCert',
  tlskey: 'tlsKey',
  'userns-remap': 'usernsRemap',
  'log-level': 'logLevel',
  'log-driver': 'logDriver',
  'storage-driver': 'storageDriver',
  'cgroup-parent': 'cgroupParent',
  'seccomp-profile': 'seccompProfile',
  'default-runtime': 'defaultRuntime',
  'data-root': 'dataRoot',
  graph: 'dataRoot',
};
const LISTS: Record<string, ListKey> = {
  hosts: 'hosts',
  'insecure-registries': 'insecureRegistries',
  'registry-mirrors': 'registryMirrors',
  'storage-opts': 'storageOpts',
  'authorization-plugins': 'authorizationPlugins',
};

/**
 * The daemon.json keys (= dockerd flag names) of the DaemonSpec fields they set, one key per field (the legacy
 * `graph` alias of `data-root` left out), for checks across files (./conflicts.ts).
 */
export const DAEMON_JSON_FIELDS: readonly [string, keyof DaemonSpec][] = [
  ...Object.entries({ ...BOOLS, ...STRINGS, ...LISTS }).filter(([k]) => k !== 'graph'),
  ['exec-opts', 'execOpts'],
];

/** The keys bulwark reads, as dockerd spells them. */
const KNOWN_KEYS = [...Object.keys(BOOLS), ...Object.keys(STRINGS), ...Object.keys(LISTS), 'exec-opts', 'log-opts', 'default-ulimits'];

/**
 * Every top-level daemon.json key dockerd accepts (moby `daemon/config` `Config` JSON tags, Linux and Windows, Docker
 * Engine 17.06–28: docs.docker.com/reference/cli/dockerd/#daemon-configuration-file), including those it still
 * parses while deprecated (`graph`, `cluster-store`, `oom-score-adjust`). dockerd refuses a file with any other key
 * ("the following directives don't match any configuration option: …", moby `getConflictFreeConfiguration`).
 */
const DOCKERD_KEYS = new Set([
  ...KNOWN_KEYS,
  'allow-direct-routing', 'allow-nondistributable-artifacts', 'api-cors-header', 'bip', 'bip6', 'bridge-accept-fwmark', 'builder',
  'cdi-spec-dirs', 'cluster-advertise', 'cluster-store', 'cluster-store-opts', 'containerd', 'containerd-namespace',
  'containerd-plugins-namespace', 'cpu-rt-period', 'cpu-rt-runtime', 'cri-containerd', 'default-address-pools',
  'default-cgroupns-mode', 'default-gateway', 'default-gateway-v6', 'default-ipc-mode', 'default-network-opts',
  'default-shm-size', 'deprecated-key-path', 'disable-legacy-registry', 'dns', 'dns-opts', 'dns-search', 'exec-root', 'features',
  'firewall-backend', 'fixed-cidr', 'fixed-cidr-v6', 'group', 'host-gateway-ip', 'host-gateway-ips', 'init', 'init-path', 'ip',
  'ip-forward-no-drop', 'ip6tables', 'ipv6', 'labels', 'log-format', 'max-concurrent-downloads', 'max-concurrent-uploads',
  'max-download-attempts', 'metrics-addr', 'mtu', 'network-control-plane-mtu', 'network-diagnostic-port', 'node-generic-resources',
  'oom-score-adjust', 'pidfile', 'proxies', 'raw-logs', 'rootless', 'runtimes', 'shutdown-timeout', 'swarm-default-advertise-addr',
  'userland-proxy-path', 'default-runtime', 'registry-mirrors', 'http-proxy', 'https-proxy', 'no-proxy',
]);

/**
 * The dockerd key a key was meant to be when it differs only in case or `_` for `-` (`"ICC"`,
 * `"live_restore"`, `"No-New-Privileges"`); `undefined` for an exact or unrelated key.
 */
export function misspelledKey(key: string): string | undefined {
  const norm = key.toLowerCase().replace(/_/g, '-');
  return KNOWN_KEYS.find((k) => k !== key && k === norm);
}

/** Escapes a key for a JSON pointer (RFC 6901). */
function esc(k: string): string {
  return k.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A `JSON.parse` error as an input error at its line and column ({@link jsonSyntaxError}). */
function jsonError(file: SourceFile): InputError {
  const j = jsonSyntaxError(file.text) ?? { message: 'not a JSON value', at: 0 };
  const pos = file.position(j.at);
  return { file: file.path, line: pos.line, column: pos.column, message: `not valid JSON, dockerd refuses to start: ${j.message}`, code: 'parse' };
}

/**
 * Reads a daemon.json. Every modelled value's origin carries its JSON pointer (`/icc`,
 * `/insecure-registries/0`); scalar settings point at `"key": value`, list items at the item.
 * The target is the file's first line; `completeness` is `partial`.
 * @returns the spec (absent when the text is not a JSON object) and input errors; never throws
 */
export function daemonFromJson(file: SourceFile): { daemon?: DaemonSpec; errors: InputError[] } {
  const errors: InputError[] = [];
  // dockerd refuses the whole file: nothing of a partial parse is modelled (no findings from it).
  if (jsonSyntaxError(file.text)) return { errors: [jsonError(file)] };
  let doc;
  try {
    doc = parseDocument(file.text, { uniqueKeys: false, keepSourceTokens: false });
  } catch {
    return { errors: errors.length ? errors : [{ file: file.path, message: 'daemon.json could not be read', code: 'parse' }] };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    const pos = file.position(root?.range?.[0] ?? 0);
    errors.push({ file: file.path, line: pos.line, column: pos.column, message: 'daemon.json must hold a JSON object', code: 'parse' });
    return { errors };
  }

  const firstLine = file.lines.findIndex((_, i) => file.lineText(i + 1).trim() !== '') + 1 || 1;
  const fs = file.offset(firstLine, 1);
  const ft = file.lineText(firstLine);
  const tStart = fs + (ft.length - ft.trimStart().length);
  const d = emptyDaemon({ kind: 'daemon', name: file.path, range: file.range(tStart, fs + ft.trimEnd().length) }, 'daemon-json', file.path, 'partial');

  const bad = (n: Node | undefined, key: string, want: string) => {
    const pos = file.position(n?.range?.[0] ?? 0);
    errors.push({ file: file.path, line: pos.line, column: pos.column, message: `"${key}" must be ${want}; dockerd refuses to start with this file`, code: 'parse' });
  };
  const at = (start: number, end: number, pointer: string): Origin => ({ kind: 'file', file: file.path, start, end, pointer });
  const valueEnd = (n: Node) => n.range?.[1] ?? n.range?.[0] ?? 0;

  for (const p of root.items as Pair<Node, Node>[]) {
    if (!isScalar(p.key)) continue;
    const key = String(p.key.value);
    const ptr = '/' + esc(key);
    const v = p.value ?? undefined;
    const kStart = p.key.range?.[0] ?? 0;
    const pairOrigin = (): Origin => at(kStart, v ? valueEnd(v) : (p.key as Scalar).range?.[1] ?? kStart, ptr);
    const str = (n: Node | undefined): string | undefined => (isScalar(n) && typeof n.value === 'string' ? n.value : undefined);

    if (key in BOOLS) {
      if (!isScalar(v) || typeof v.value !== 'boolean') {
        // `"icc": "false"`: the intent is plain, so it is modelled (raw keeps the quoted text) and rules do
        // not claim the key is missing; the input error still says dockerd refuses the file.
        const spelled = isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
        const intent = spelled === undefined ? null : /^(true|false)$/i.exec(spelled.trim());
        if (intent) {
          const b = intent[1].toLowerCase() === 'true';
          bad(v, key, `the JSON boolean ${b} without quotes, not the string ${JSON.stringify(spelled)}`);
          d[BOOLS[key]] = { value: b, origin: pairOrigin(), how: 'explicit', raw: JSON.stringify(spelled) };
        } else bad(v, key, 'true or false');
        continue;
      }
      d[BOOLS[key]] = { value: v.value, origin: pairOrigin(), how: 'explicit' };
    } else if (key in STRINGS) {
      const s = str(v);
      if (s === undefined) {
        bad(v, key, 'a string');
        continue;
      }
      d[STRINGS[key]] = { value: s, origin: pairOrigin(), how: 'explicit' };
      // dockerd validates the level with logrus ParseLevel (case-insensitive) and refuses anything else:
      // "invalid logging level: verbose" (moby daemon/config Validate).
      if (key === 'log-level' && !isLogLevel(s)) bad(v, key, 'one of debug, info, warn (warning), error, fatal, panic, trace');
      // A certificate or key pasted in place of its path: dockerd opens the text as a file name and refuses to
      // start ("Could not load X509 key pair"). The message does not repeat the value (it may be a private key).
      if ((key === 'tlscacert' || key === 'tlscert' || key === 'tlskey') && /^\s*-----BEGIN /.test(s)) bad(v, key, 'the path of a PEM file, not the PEM text itself');
    } else if (key in LISTS || key === 'exec-opts') {
      if (!isSeq(v)) {
        // `"hosts": "tcp://0.0.0.0:2375"`: dockerd refuses the file, but the intent is plain (as for a quoted
        // boolean): the one string is modelled as a one-item list, so the rules judge what it would do.
        const one = str(v);
        // (The message does not repeat the value: a mirror URL may carry a password.)
        bad(v, key, one === undefined ? 'an array of strings' : 'an array of strings, not one string: put the string in [ ]');
        if (one !== undefined && key !== 'exec-opts' && v) d[LISTS[key]] = [{ value: one, origin: at(v.range![0], valueEnd(v), ptr), how: 'explicit', raw: JSON.stringify(one) }];
        continue;
      }
      const out: Sourced<string>[] = [];
      v.items.forEach((item, idx) => {
        const s = str(item as Node);
        if (s === undefined) return bad(item as Node, `${key}[${idx}]`, 'a string');
        const n = item as Node;
        // An address dockerd refuses (`http://0.0.0.0:2375`, a tcp:// path): an input error at the value, no listener.
        const refused = key === 'hosts' ? refusedHost(s) : undefined;
        if (refused) {
          const pos = file.position(n.range?.[0] ?? 0);
          errors.push({ file: file.path, line: pos.line, column: pos.column, message: `"${key}[${idx}]": ${refused}`, code: 'parse' });
          return;
        }
        out.push({ value: s, origin: at(n.range![0], valueEnd(n), `${ptr}/${idx}`), how: 'explicit' });
      });
      // A key written twice: the later array replaces the earlier one, as in dockerd, whose Go
      // encoding/json decoder resets a slice before it fills it (`"hosts"` twice: only the last list listens).
      if (key === 'exec-opts') d.execOpts = out;
      else d[LISTS[key]] = out;
    } else if (key === 'log-opts') {
      if (!isMap(v)) {
        bad(v, key, 'an object of strings');
        continue;
      }
      for (const lp of v.items as Pair<Node, Node>[]) {
        if (!isScalar(lp.key)) continue;
        const k = String(lp.key.value);
        const s = str(lp.value ?? undefined);
        if (s === undefined) {
          bad(lp.value ?? undefined, `log-opts.${k}`, 'a string');
          continue;
        }
        d.logOpts[k] = { value: s, origin: at(lp.key.range![0], valueEnd(lp.value!), `${ptr}/${esc(k)}`), how: 'explicit' };
      }
    } else if (key === 'default-ulimits') {
      if (!isMap(v)) {
        bad(v, key, 'an object of {"Name", "Soft", "Hard"}');
        continue;
      }
      for (const up of v.items as Pair<Node, Node>[]) {
        if (!isScalar(up.key)) continue;
        const name = String(up.key.value);
        const val = up.value ? up.value.toJSON() : undefined;
        const o = at(up.key.range![0], up.value ? valueEnd(up.value) : up.key.range![1], `${ptr}/${esc(name)}`);
        // The flag's string form (`"nofile": "1024:2048"`) is refused by dockerd ("cannot unmarshal string
        // into Go struct field Config.default-ulimits of type units.Ulimit", dockerd 20.10): an input error,
        // but the limit it spells is modelled, so the ulimit rules judge the intent.
        const parsed = typeof val === 'string' ? parseUlimit(val.includes('=') ? val : `${name}=${val}`) : undefined;
        if (typeof val === 'string') bad(up.value ?? undefined, `default-ulimits.${name}`, 'an object of {"Name", "Soft", "Hard"}');
        if (parsed) d.defaultUlimits.push({ name: parsed.name, soft: parsed.soft, hard: parsed.hard, origin: o });
        else if (val && typeof val === 'object' && !Array.isArray(val)) {
          // Go's encoding/json matches struct fields case-insensitively: `"soft"` fills units.Ulimit.Soft.
          const u: { Name?: unknown; Soft?: unknown; Hard?: unknown } = {};
          for (const [k, x] of Object.entries(val as Record<string, unknown>)) {
            const f = ({ name: 'Name', soft: 'Soft', hard: 'Hard' } as const)[k.toLowerCase() as 'name' | 'soft' | 'hard'];
            if (f) u[f] = x;
          }
          d.defaultUlimits.push({
            name: typeof u.Name === 'string' ? u.Name : name,
            ...(typeof u.Soft === 'number' ? { soft: u.Soft } : {}),
            ...(typeof u.Hard === 'number' ? { hard: u.Hard } : {}),
            origin: o,
          });
        } else if (typeof val !== 'string') bad(up.value ?? undefined, `default-ulimits.${name}`, 'an object of {"Name", "Soft", "Hard"}');
      }
    } else {
      const meant = misspelledKey(key);
      if (meant) {
        // dockerd matches keys to its flag names exactly: "the following directives don't match any
        // configuration option: ICC" (dockerd 20.10), so the setting is not applied and dockerd refuses the file.
        const pos = file.position(kStart);
        errors.push({ file: file.path, line: pos.line, column: pos.column, message: `"${key}" is not a dockerd option (did you mean "${meant}"?); dockerd refuses to start with this file`, code: 'parse' });
      } else if (!DOCKERD_KEYS.has(key)) {
        // `"live-restor": true`, `"foo": 1`: each unknown key is an error of its own, as dockerd lists them all.
        const pos = file.position(kStart);
        const near = closest(key.toLowerCase(), [...DOCKERD_KEYS]);
        errors.push({ file: file.path, line: pos.line, column: pos.column, message: `"${key}" is not a dockerd option${near ? ` (did you mean "${near}"?)` : ''}; dockerd refuses to start with this file`, code: 'parse' });
      }
      d.extra[key] = { value: v ? v.toJSON() : null, origin: pairOrigin(), how: 'explicit' };
    }
  }
  return { daemon: d, errors };
}
