/**
 * Value syntaxes of `docker run` flags, each parsed as the Docker CLI (docker/cli 28,
 * `cli/command/container/opts.go`, `opts/*.go`) and go-units parse them. Pure functions on strings:
 * they return `undefined` or throw a `ValueError` for values Docker would reject; positions are added
 * by the caller.
 */

/** A value Docker would reject; `message` is one line. */
export class ValueError extends Error {}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/**
 * Parses a byte size the way go-units `RAMInBytes` does (`-m`, `--memory-swap`, `--shm-size`,
 * `--storage-opt size=`): a decimal number, an optional unit `b k m g t p` (any case, base 1024),
 * optionally followed by `i` and/or `b` (`512m`, `1g`, `1.5GiB`, `1024`). `-1` is kept (unlimited swap).
 * Returns bytes (rounded down as go-units does); throws {@link ValueError} otherwise.
 */
export function ramInBytes(s: string): number {
  if (s.trim() === '-1') return -1;
  const m = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpPbB])?[iI]?[bB]?$/.exec(s);
  if (!m) throw new ValueError(`invalid size: '${s}'`);
  const n = Number.parseFloat(m[1]);
  if (!Number.isFinite(n)) throw new ValueError(`invalid size: '${s}'`);
  return Math.floor(n * SIZE_UNITS[(m[2] ?? '').toLowerCase()]);
}

/**
 * Parses `--cpus` (a decimal number of CPUs) into nanoCPUs (1e9 = one CPU), as docker/cli `NanoCPUs.Set`.
 * Throws {@link ValueError} for anything that is not a non-negative decimal.
 */
export function cpusToNano(s: string): number {
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(s)) throw new ValueError(`invalid argument "${s}" for "--cpus" flag`);
  return Math.round(Number.parseFloat(s) * 1e9);
}

/** Parses a Go `strconv.ParseInt`-style integer (decimal, optional sign); throws {@link ValueError}. */
export function parseInteger(s: string, flag: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new ValueError(`invalid argument "${s}" for "${flag}" flag: not an integer`);
  return Number.parseInt(s, 10);
}

/** Go `strconv.ParseBool` as pflag uses it for `--flag=value` on boolean flags. */
export function parseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(s)) return false;
  return undefined;
}

/** `-v` mount modes of the Linux volume parser (moby `volume/mounts/linux_parser.go`). */
export const VOLUME_MODES = new Set([
  'ro', 'rw', 'z', 'Z', 'shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate', 'nocopy',
  'consistent', 'cached', 'delegated',
]);

/**
 * `-v` options of `podman run` (podman-run(1) `--volume`): Docker's, plus `O` (overlay), `U` (chown to the
 * container user), `[no]copy`, `[no]dev`, `[no]exec`, `[no]suid`, `[r]bind`, `[r]unbindable` and `idmap[=…]`.
 */
export const PODMAN_VOLUME_MODES = new Set([
  ...VOLUME_MODES, 'O', 'U', 'copy', 'dev', 'nodev', 'exec', 'noexec', 'suid', 'nosuid', 'bind', 'rbind', 'unbindable', 'runbindable', 'idmap',
]);

/** One part of a colon- or comma-separated value with its index range in the whole value. */
export interface Part {
  text: string;
  start: number;
  end: number;
}

/**
 * Splits `s` on `sep`, keeping each part's index range in `s`. A separator inside a shell expansion kept
 * as written (`${DATA:-/srv/data}`, `$(pwd)`, PowerShell's `$env:NAME`) does not split: the shell replaces the whole expansion
 * before docker sees the value, so `-v "${DATA:-/srv/data}:/data:ro"` is source `${DATA:-/srv/data}`,
 * target `/data`, mode `ro` (bash(1) "Parameter Expansion", "Command Substitution").
 */
export function splitParts(s: string, sep: string, offset = 0): Part[] {
  const out: Part[] = [];
  let i = 0;
  for (;;) {
    const j = indexOutsideExpansions(s, sep, i);
    const e = j === -1 ? s.length : j;
    out.push({ text: s.slice(i, e), start: offset + i, end: offset + e });
    if (j === -1) return out;
    i = j + sep.length;
  }
}

/** The first index ≥ `from` of `sep` in `s` that is not inside a `${…}` or `$(…)` expansion; -1 if none. */
function indexOutsideExpansions(s: string, sep: string, from: number): number {
  if (!s.includes('$')) return s.indexOf(sep, from);
  // Closing characters of the expansions open at the current position (nesting: `${A:-$(pwd)}`).
  const open: string[] = [];
  for (let k = 0; k < s.length; k++) {
    const ch = s[k];
    // PowerShell's environment provider (`$env:USERPROFILE\.ssh`, about_Environment_Variables): its colon is
    // part of the variable's name, replaced with the value before docker sees it.
    if (ch === '$' && open.length === 0 && /^\$env:[A-Za-z_]/i.test(s.slice(k, k + 6))) {
      k += 4;
      continue;
    }
    if (ch === '$' && (s[k + 1] === '{' || s[k + 1] === '(')) {
      open.push(s[k + 1] === '{' ? '}' : ')');
      k++;
      continue;
    }
    if (open.length > 0) {
      if (ch === open[open.length - 1]) open.pop();
      else if (ch === '(' && open[open.length - 1] === ')') open.push(')');
      continue;
    }
    if (k >= from && s.startsWith(sep, k)) return k;
  }
  // An expansion that never closes is not one the shell would accept: split as written.
  return open.length > 0 ? s.indexOf(sep, from) : -1;
}

/**
 * A `-v`/`--volume` value split as moby's Linux parser does: `[source:]target[:mode,mode]`.
 * A single part is an anonymous volume at `target`. Throws {@link ValueError} for more than 3 parts,
 * an empty target or a mode not in `known` (Docker's {@link VOLUME_MODES}, or {@link PODMAN_VOLUME_MODES}).
 *
 * Windows paths (moby `volume/mounts/windows_parser.go` and `lcow_parser.go`, used by Docker on Windows and
 * Docker Desktop): a drive letter's colon does not split, so `C:\ProgramData\Portainer:C:\data`,
 * `D:\data:/data` and `c:/Users/me/app:/app:ro` read as source and target. The Linux reading wins where it is
 * valid and the value has no `\` (`-v c:/data` on Linux is named volume `c` at `/data`).
 */
export function splitVolumeSpec(spec: string, known: ReadonlySet<string> = VOLUME_MODES): { source?: Part; target: Part; modes: Part[] } {
  const linux = splitParts(spec, ':');
  let parts = linux;
  if (spec.includes('\\') || linux.length > 3 || (linux.length === 3 && !linuxModesValid(linux[2].text, known))) parts = joinDriveLetters(linux);
  if (parts.length > 3 || spec === '') throw new ValueError(`invalid volume specification: '${spec}'`);
  let source: Part | undefined;
  let target: Part;
  let modeText: Part | undefined;
  if (parts.length === 1) target = parts[0];
  else if (parts.length === 2) {
    [source, target] = parts;
  } else {
    [source, target, modeText] = parts;
  }
  if (target.text === '' || (source && source.text === '')) throw new ValueError(`invalid volume specification: '${spec}'`);
  const modes = modeText ? splitParts(modeText.text, ',', modeText.start).filter((p) => p.text !== '') : [];
  for (const m of modes) {
    const name = known === PODMAN_VOLUME_MODES ? m.text.replace(/^idmap=.*$/, 'idmap') : m.text;
    if (!known.has(name) && !m.text.includes('$')) throw new ValueError(`invalid mode: ${m.text}`);
  }
  return { source, target, modes };
}

/** Whether every comma-separated mode of a Linux `-v` value's third part is one of `known`. */
function linuxModesValid(modes: string, known: ReadonlySet<string>): boolean {
  return modes.split(',').every((m) => m === '' || known.has(m) || m.includes('$') || (known === PODMAN_VOLUME_MODES && m.startsWith('idmap=')));
}

/**
 * Joins a one-letter part with the next part when that one starts with `\` or `/`: a Windows drive (`C:` + `\data`),
 * in the source or the target (moby `volume/mounts/windows_parser.go`: `C:\src:C:\dst`). Offsets are kept. Shared
 * by `-v` values and Compose short volume syntax (compose-go `ParseVolume` reads a one-letter section before `:` as a
 * drive letter too).
 */
export function joinDriveLetters(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k];
    const next = parts[k + 1];
    if (/^[A-Za-z]$/.test(p.text) && next && /^[\\/]/.test(next.text)) {
      out.push({ text: `${p.text}:${next.text}`, start: p.start, end: next.end });
      k++;
    } else out.push(p);
  }
  return out;
}

/**
 * Whether a `-v` source is a host path (bind) rather than a volume name: absolute (`/x`), relative
 * (`./x`, `../x`, `.`, which docker/cli 23+ resolves against the working directory), `~` (expanded by
 * the shell), any text holding a `/` (e.g. `$HOME/x`), a variable that always holds a directory
 * (`$PWD`, `${PWD}`, `$HOME`, `${HOME}`: bash(1) "Shell Variables"), or a command substitution
 * (`$(pwd)`, `` `pwd` ``), which in `-v` sources prints a directory. A bare name (`data`, `$VOL`) is a
 * named volume.
 */
export function isHostPathSource(src: string): boolean {
  return (
    src.startsWith('/') ||
    // Windows: a drive path (`C:\data`, `c:/data`), a UNC path (`\\server\share`; a named pipe is told apart by
    // the caller), any `\` (never in a volume name), cmd.exe's `%CD%` / `%USERPROFILE%` and PowerShell's
    // `${PWD}` / `$env:USERPROFILE` (PowerShell names are case-insensitive: `${pwd}`).
    /^[A-Za-z]:[\\/]/.test(src) ||
    src.includes('\\') ||
    /^%(?:CD|USERPROFILE|HOMEPATH|HOMEDRIVE|APPDATA|LOCALAPPDATA|TEMP|TMP|PROGRAMDATA)%/i.test(src) ||
    /^\$(?:\{env:|env:)(?:USERPROFILE|HOMEPATH|APPDATA|LOCALAPPDATA|TEMP|TMP|PROGRAMDATA)\b/i.test(src) ||
    /^\$\{(?:pwd|home)\}/i.test(src) ||
    src.startsWith('.') ||
    src.startsWith('~') ||
    src.includes('/') ||
    /^\$(?:\{(?:PWD|HOME)\}|(?:PWD|HOME)(?![A-Za-z0-9_]))/.test(src) ||
    src.startsWith('$(') ||
    src.startsWith('`') ||
    directoryVariable(src)
  );
}

/**
 * Whether a `-v` source is one bare variable (`$WORKSPACE`, `${CONFIG_DIR}`, `${{ github.workspace }}` as the CI
 * ingester rewrites it, `${github_workspace____}`) whose name says it holds a directory: a `_`-separated part that is
 * DIR, DIRECTORY, PATH, FOLDER, WORKSPACE, ROOT, HOME, CWD, TEMP, TMP or LOCATION, or one ending in DIR, PATH, ROOT or
 * HOME (`DATADIR`, `GOPATH`, `JAVA_HOME`). CI systems' checkouts are such variables (`$GITHUB_WORKSPACE`, `$WORKSPACE`
 * in Jenkins, `$CI_PROJECT_DIR`, `$BITBUCKET_CLONE_DIR`), bind-mounted read-write into build containers. Its value is
 * not known, so the mount is a bind of an unknown host directory (requirements: an unresolved value is reported as
 * unknown, never silently treated as safe), not a named volume. Other bare variables (`$VOL`) stay named volumes.
 */
export function directoryVariable(src: string): boolean {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(src);
  const name = m?.[1] ?? m?.[2];
  if (!name) return false;
  return name
    .toUpperCase()
    .split('_')
    .some((p) => /^(?:DIR|DIRECTORY|PATH|FOLDER|WORKSPACE|ROOT|HOME|CWD|TEMP|TMP|LOCATION)$|.(?:DIR|PATH|ROOT|HOME)$/.test(p));
}

/**
 * Splits one CSV record as Go's `encoding/csv` does for `--mount` (fields separated by `,`, a field
 * may be double-quoted with `""` for a quote). Returns fields with their index ranges (the range of
 * the field as written, quotes included) and unquoted text.
 */
export function splitCsv(s: string): Part[] {
  const out: Part[] = [];
  let i = 0;
  while (i <= s.length) {
    const start = i;
    let text = '';
    if (s[i] === '"') {
      i++;
      while (i < s.length) {
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            text += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += s[i++];
      }
      while (i < s.length && s[i] !== ',') text += s[i++];
    } else {
      while (i < s.length && s[i] !== ',') text += s[i++];
    }
    out.push({ text, start, end: i });
    i++;
  }
  return out;
}

/** A published port, parsed from `[ip:][hostPort:]containerPort[/proto]` (IPv6 ip in brackets). */
export interface PortSpec {
  hostIp?: string;
  hostPort?: string;
  containerPort: string;
  protocol: 'tcp' | 'udp' | 'sctp';
}

/**
 * Parses one `-p` value as docker/go-connections `nat.ParsePortSpec`: `80`, `8080:80`,
 * `127.0.0.1:8080:80`, `127.0.0.1::80`, `[::1]:8080:80/udp`, ranges `8000-8010:8000-8010`, and the CSV form
 * `published=8080,target=80,protocol=udp` that docker run accepts too.
 * Throws {@link ValueError} for an invalid protocol or missing container port.
 */
export function parsePortSpec(spec: string): PortSpec {
  if (spec.includes('=')) {
    // The CSV form `--publish published=8080,target=80[,protocol=udp]` (docker/cli container/opts.go
    // convertToStandardNotation): rewritten to `published:target/protocol`; other keys (`mode`, `host_ip`)
    // are ignored by docker run, so the port listens on all interfaces.
    const params: Record<string, string> = { protocol: 'tcp' };
    for (const param of spec.split(',')) {
      const eq = param.indexOf('=');
      if (eq <= 0) throw new ValueError(`invalid publish opts format (should be name=value but got '${param}')`);
      params[param.slice(0, eq)] = param.slice(eq + 1);
    }
    return parsePortSpec(`${params.published ?? ''}:${params.target ?? ''}/${params.protocol}`);
  }
  let rest = spec;
  let protocol: PortSpec['protocol'] = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash !== -1) {
    const p = rest.slice(slash + 1).toLowerCase();
    if (p !== 'tcp' && p !== 'udp' && p !== 'sctp') throw new ValueError(`invalid proto: ${p}`);
    protocol = p;
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1 || rest[close + 1] !== ':') throw new ValueError(`invalid IP address: ${spec}`);
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 2);
    const c = rest.lastIndexOf(':');
    if (c === -1) throw new ValueError(`invalid port specification: ${spec}`);
    const hostPort = rest.slice(0, c);
    return { hostIp, hostPort: hostPort || undefined, containerPort: rest.slice(c + 1), protocol };
  }
  const parts = rest.split(':');
  let hostPort: string | undefined;
  let containerPort: string;
  if (parts.length === 1) containerPort = parts[0];
  else if (parts.length === 2) [hostPort, containerPort] = parts;
  else {
    containerPort = parts[parts.length - 1];
    hostPort = parts[parts.length - 2];
    hostIp = parts.slice(0, -2).join(':');
  }
  if (!containerPort) throw new ValueError(`no port specified: ${spec}<empty>`);
  return { hostIp: hostIp || undefined, hostPort: hostPort || undefined, containerPort, protocol };
}

/** Whether `s` is a device cgroup permission string (`r`, `rw`, `rwm`, …) as docker/cli `validDeviceMode`. */
export function isDeviceMode(s: string): boolean {
  return s.length > 0 && s.length <= 3 && /^[rwm]+$/.test(s) && new Set(s).size === s.length;
}
