/**
 * `bulwark policy generate`: an SELinux CIL module for one container, derived from its configuration (R-PM1,
 * paper §V.1: "image maintainers ship the SELinux policy module together with their images … label the binaries
 * in the image by particular types, and write a type transition").
 *
 * From a {@link ContainerSpec} (any ingester: Compose service, `docker run` line, `docker inspect`), the module is
 * one CIL `block` named after the container, holding:
 *  - `process`: the container's domain, `(typebounds container_t process)`, run with
 *    `--security-opt label=type:<name>.process`;
 *  - capabilities: the set the engine gives ({@link effectiveCapabilities}, moby TweakCapabilities: Docker's
 *    default set minus `cap_drop` plus `cap_add`; `cap_add: [ALL]` every capability but `cap_drop`; udica leaves
 *    these out), as `(allow process self (capability (…)))`;
 *  - the image's content (`container_file_t`, the label Docker gives the root filesystem and volumes), read and
 *    execute, plus write unless the root filesystem is read-only;
 *  - `exec_t`: the entrypoint binary's type (bounded by `container_file_t`), the `entrypoint` permission on it,
 *    and a `filecon` for it under the image's layer directories when the entrypoint is an absolute path;
 *  - mounts: read-only or read-write rules on the type the mount has on the host (`container_file_t` for
 *    volumes, tmpfs and `:z`/`:Z` binds; the refpolicy type of well-known host paths otherwise); each writable
 *    mount also gets a type of its own (`rw_<path>_t`, bounded by `container_file_t`) that the host directory can
 *    be labelled with to keep it apart from other containers;
 *  - ports: socket rules and `name_bind` on the port's type, read from the base policy's `portcon`s (which
 *    follow Fedora/RHEL `semanage port -l`: 8080 is `http_cache_port_t`, 8443 and 9000 `http_port_t`; base.ts
 *    `portType`), `reserved_port_t` / `unreserved_port_t` otherwise;
 *  - devices: `chr_file` rules (`blk_file` for disks) on the device's type, per its cgroup permissions (`r`, `w`);
 *  - `--binary PATH=TYPE`: one more domain per labelled binary (`TYPE`, bounded by `container_t`), its
 *    executable type (`TYPE` with `_t` → `_exec_t`), and the type transition `process` → `TYPE` on executing it.
 * Every rule is kept within what the base policy's `container_t` holds (policy/base/base.cil): what it lacks
 * (`sys_admin`, writing host files, connecting to the Docker API socket, …) cannot be granted by a module bounded
 * by the container domain, and is listed as a note (a comment in the module and a line on stderr) instead.
 * So every generated module passes `policy check` and compiles with secilc.
 *
 * The tree is built as CIL nodes and printed by ./cil/print.ts; no policy text is concatenated.
 * Source: R-PM1; container-selinux (container_t, container_file_t); refpolicy type and port names; udica (the
 * `block` module layout and `label=type:<block>.process`); Docker docs "Configure the SELinux label"
 * (`--security-opt label=type:`), "Bind mounts: Configure the SELinux label" (`:z`, `:Z`).
 */
import { createHash } from 'node:crypto';
import { effectiveCapabilities } from '../model/capabilities.js';
import { normalizeRef } from '../verify/pin.js';
import type { ContainerSpec, Mount, Origin } from '../model/types.js';
import { atom, comment, list, type CilList, type CilNode } from './cil/ast.js';
import { printCil } from './cil/print.js';
import { baseHolds, portType, type BaseModel } from './base.js';
import { CONTAINER_DOMAIN, DEFAULT_IMAGE_ROOTS } from './check.js';
import { shQuote } from './plan.js';

/** A generation error the CLI reports as a usage/input error (exit 2). */
export class GenerateError extends Error {
  override name = 'GenerateError';
}

/** A labelled binary: `--binary /usr/sbin/nginx=nginx_t`. */
export interface BinaryDomain {
  /** Absolute path of the binary inside the image. */
  path: string;
  /** The domain type's local name (`nginx_t`); its executable type is `nginx_exec_t`. */
  type: string;
}

/** Options of {@link generateModule}. */
export interface GenerateOptions {
  base: BaseModel;
  /** The module's (block's) name; default {@link moduleName} (the container's name and a hash of its image). */
  name?: string;
  binaries?: BinaryDomain[];
  /** Where image layers live on the host (filecon prefix); default the first of {@link DEFAULT_IMAGE_ROOTS}. */
  imageRoot?: string;
  /** Text for the header comment: what the module was generated from. */
  from?: string;
  /**
   * Where a setting is written (`compose.yaml:12`, `inspect.json#/HostConfig/Binds/0`), for the comment above
   * each rule naming the settings it comes from; settings without a place are named without one.
   */
  where?: (o: Origin) => string | undefined;
}

/** A generated module. */
export interface GeneratedModule {
  /** The block name. */
  name: string;
  /** Full name of the container's domain: `<name>.process`. */
  domain: string;
  statements: CilNode[];
  /** The printed CIL. */
  text: string;
  /** What could not be granted under container_t, one line each. */
  notes: string[];
}

const CAP2 = new Set(['MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF', 'CHECKPOINT_RESTORE']);

/** Well-known host paths → refpolicy file types (longest prefix wins; `/` itself only exactly; any other path `default_t`). */
const HOST_PATH_TYPES: [string, string][] = [
  ['/etc/shadow', 'shadow_t'], ['/etc/gshadow', 'shadow_t'], ['/etc', 'etc_t'], ['/usr/bin', 'bin_t'], ['/usr/sbin', 'bin_t'],
  ['/bin', 'bin_t'], ['/sbin', 'bin_t'], ['/usr/lib', 'lib_t'], ['/usr/lib64', 'lib_t'], ['/lib', 'lib_t'], ['/lib64', 'lib_t'],
  ['/usr', 'usr_t'], ['/proc', 'proc_t'], ['/sys', 'sysfs_t'], ['/dev', 'device_t'], ['/home', 'home_root_t'], ['/root', 'user_home_dir_t'],
  ['/tmp', 'tmp_t'], ['/var/log', 'var_log_t'], ['/var/run/docker.sock', 'container_var_run_t'], ['/run/docker.sock', 'container_var_run_t'],
  ['/var/run', 'var_run_t'], ['/run', 'var_run_t'], ['/var/lib/docker', 'container_var_lib_t'], ['/var', 'var_t'], ['/mnt', 'mnt_t'], ['/media', 'mnt_t'], ['/', 'root_t'],
];

/** The API sockets of Docker, containerd, CRI-O and Podman (rootful), under /run or /var/run. */
const ENGINE_SOCKET = /^(\/var)?\/run\/(docker|containerd\/containerd|crio\/crio|podman\/podman|docker\/containerd\/containerd)\.sock$/;

/** Host device paths → refpolicy device types. */
const DEVICE_TYPES: [RegExp, string][] = [
  [/^\/dev\/null$/, 'null_device_t'], [/^\/dev\/zero$/, 'zero_device_t'], [/^\/dev\/u?random$/, 'random_device_t'],
  [/^\/dev\/fuse$/, 'fuse_device_t'], [/^\/dev\/dri(\/|$)/, 'dri_device_t'], [/^\/dev\/net\/tun$/, 'tun_tap_device_t'],
  [/^\/dev\/kvm$/, 'kvm_device_t'], [/^\/dev\/snd(\/|$)/, 'sound_device_t'], [/^\/dev\/bus\/usb(\/|$)/, 'usb_device_t'],
  [/^\/dev\/(sd|nvme|vd|xvd|hd|mmcblk|loop|dm-)/, 'fixed_disk_device_t'], [/^\/dev\/(mem|kmem|port)$/, 'memory_device_t'],
];

const READ_DIR = ['getattr', 'ioctl', 'lock', 'open', 'read', 'search'];
const WRITE_DIR = ['add_name', 'create', 'remove_name', 'rename', 'reparent', 'rmdir', 'setattr', 'write'];
const READ_FILE = ['getattr', 'ioctl', 'lock', 'map', 'open', 'read'];
const WRITE_FILE = ['append', 'create', 'link', 'rename', 'setattr', 'unlink', 'write'];
const EXEC_FILE = ['execute', 'execute_no_trans'];
const WRITE_LNK = ['create', 'getattr', 'read', 'rename', 'setattr', 'unlink'];
const WRITE_SOCK = ['append', 'create', 'getattr', 'open', 'read', 'rename', 'setattr', 'unlink', 'write'];
const SOCKET_TCP = ['accept', 'bind', 'connect', 'create', 'getattr', 'getopt', 'listen', 'read', 'setopt', 'shutdown', 'write'];
const SOCKET_UDP = ['bind', 'connect', 'create', 'getattr', 'getopt', 'read', 'setopt', 'shutdown', 'write'];

/** A CIL name from free text: lower case, `[a-z0-9_]`, starting with a letter. */
export function cilName(s: string): string {
  let n = s.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').replace(/_+/g, '_');
  if (!n) n = 'container';
  if (!/^[a-z]/.test(n)) n = 'c_' + n;
  return n.slice(0, 60);
}

/**
 * The default module (block) name of a container: `<readable>_<hash>`, a valid CIL identifier (`[a-z][a-z0-9_]*`,
 * at most 59 characters), the same for the same input on every run, and different for different images:
 *  - `<readable>`: {@link cilName} of the container's name (a Compose service's name; a run line's `--name`, else its
 *    image) without registry, repository path, tag or digest (`registry-a/web:1.2` → `web`), cut to 50 characters;
 *  - `<hash>`: the first 8 hexadecimal digits of the SHA-256 of `<repository>` NUL `<container name>`, where
 *    `<repository>` is the image's repository normalised Docker's way (`web` → `docker.io/library/web`,
 *    `registry-a.example/web:1.2` → `registry-a.example/web`; verify/pin.ts `normalizeRef`), tag and digest left out
 *    so that a new tag of the same image keeps its module (semodule replaces it instead of installing a second
 *    one); empty when the container has no image (a Compose service that is only built).
 * `registry-a/web` and `registry-b/web` thus get `web_<h1>` and `web_<h2>`: the modules no longer replace each other
 * in the host's module store (plan.ts `storeName`), and two services of one image keep their own names.
 */
export function moduleName(spec: ContainerSpec): string {
  const readable = cilName(spec.target.name.replace(/^.*\//, '').replace(/[:@].*$/, '')).slice(0, 50).replace(/_+$/, '');
  const image = spec.image?.value.trim();
  const repository = image ? normalizeRef(image).repo : '';
  const hash = createHash('sha256').update(`${repository}\0${spec.target.name}`).digest('hex').slice(0, 8);
  return `${readable}_${hash}`;
}

/** The file-context regular expression matching exactly `path` (regex metacharacters escaped). */
export function literalRegex(path: string): string {
  return path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The host type of a mount's source as the container sees it. */
function mountType(m: Mount): { type: string; relabelled: boolean } {
  if (m.type === 'tmpfs' || m.type === 'volume' || m.type === 'image') return { type: 'container_file_t', relabelled: true };
  if (m.selinuxRelabel) return { type: 'container_file_t', relabelled: true };
  const src = (m.source ?? '').replace(/\/+$/, '') || '/';
  // Container engines' API sockets (container-selinux labels them container_var_run_t; the engine runs as container_runtime_t).
  if (ENGINE_SOCKET.test(src)) return { type: 'container_var_run_t', relabelled: false };
  let best: [string, string] | undefined;
  for (const e of HOST_PATH_TYPES) {
    if ((src === e[0] || (e[0] !== '/' && src.startsWith(e[0] + '/'))) && (!best || e[0].length > best[0].length)) best = e;
  }
  return { type: best ? best[1] : 'default_t', relabelled: false };
}

interface Rule {
  src: string;
  tgt: string;
  cls: string;
  perms: Set<string>;
  /** The first setting the rule comes from (for notes). */
  why: string;
  /** Every setting the rule comes from, in order, for the comment printed above it. */
  whys: string[];
}

/**
 * Host paths Docker refuses to relabel with `:z` / `:Z` ("SELinux relabeling of … is not allowed", go-selinux
 * label.Relabel's exclusion list, used by moby): relabelling them would break the host, so no `chcon` is
 * suggested and no type of the module's own is declared for a writable bind of one.
 */
export const UNRELABELABLE_HOST_PATHS: ReadonlySet<string> = new Set([
  '/', '/bin', '/boot', '/dev', '/etc', '/etc/passwd', '/etc/pki', '/etc/shadow', '/home', '/lib', '/lib64', '/media', '/opt',
  '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr', '/var', '/var/lib', '/var/log',
]);

/**
 * Generates the module for one container.
 * @throws GenerateError for a privileged container or one run with `label=disable` / `label=type:spc_t` (it runs
 *   unconfined, which no module bounded by container_t can describe), a `--binary` that is not an absolute path or whose type is not a plain CIL name, or names that clash.
 */
export function generateModule(spec: ContainerSpec, opts: GenerateOptions): GeneratedModule {
  const base = opts.base;
  if (spec.privileged?.value === true) {
    throw new GenerateError(`${spec.target.name} runs --privileged: Docker runs it as spc_t (unconfined), so no module bounded by ${CONTAINER_DOMAIN} can describe it; drop --privileged and add only the capabilities and devices it needs`);
  }
  if (spec.securityOpt.some((o) => o.key === 'label' && o.value === 'disable')) {
    throw new GenerateError(`${spec.target.name} runs with label=disable (spc_t, unconfined): no module can confine it; remove label=disable first`);
  }
  // label=type:<an unconfined type> is label=disable by another name.
  const unconfinedLabel = spec.securityOpt.find((o) => o.key === 'label' && /^type:(spc_t|unconfined_t|container_runtime_t)$/.test(o.value));
  if (unconfinedLabel) {
    throw new GenerateError(`${spec.target.name} runs with label=${unconfinedLabel.value} (unconfined): no module bounded by ${CONTAINER_DOMAIN} can describe it; remove label=${unconfinedLabel.value} first`);
  }
  const name = opts.name ? opts.name : moduleName(spec);
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new GenerateError(`module name ${JSON.stringify(name)} (--module): a module name is letters, digits and _, starting with a letter`);
  const root = opts.imageRoot ?? DEFAULT_IMAGE_ROOTS[0];
  const binaries = opts.binaries ?? [];
  const locals = new Set(['process', 'exec_t']);
  for (const b of binaries) {
    if (!b.path.startsWith('/')) throw new GenerateError(`--binary ${b.path}=${b.type}: the binary's path inside the image must be absolute`);
    if (/["\r\n]/.test(b.path)) throw new GenerateError(`--binary ${JSON.stringify(b.path)}: a double quote or a line break cannot be written in a CIL file context`);
    if (!/^[a-z][a-z0-9_]*_t$/.test(b.type)) throw new GenerateError(`--binary ${b.path}=${b.type}: the type must be a plain name ending in _t (container-selinux style), e.g. nginx_t`);
    const exec = b.type.replace(/_t$/, '_exec_t');
    if (locals.has(b.type) || locals.has(exec)) throw new GenerateError(`--binary ${b.path}=${b.type}: the type ${b.type} is used twice`);
    locals.add(b.type);
    locals.add(exec);
  }

  const decls: CilNode[] = [];
  const rules: Rule[] = [];
  const typeTransitions: CilList[] = [];
  const filecons: CilList[] = [];
  const notes: string[] = [];
  const boundOf = new Map<string, string>();
  const add = (src: string, tgt: string, cls: string, perms: string[], why: string) => {
    const r = rules.find((x) => x.src === src && x.tgt === tgt && x.cls === cls);
    if (r) {
      perms.forEach((p) => r.perms.add(p));
      if (!r.whys.includes(why)) r.whys.push(why);
    } else rules.push({ src, tgt, cls, perms: new Set(perms), why, whys: [why] });
  };
  // container-selinux enters only container_domain members (the runtime's process transition) and keeps only
  // mcs_constrained_type members to their MCS categories; every file type must be a file_type to exist on a
  // filesystem and to be relabelled to. The bound parents are members, so this grants nothing beyond them.
  const domainAttributes: string[] = [];
  const fileAttributes: string[] = [];
  const declareDomain = (t: string) => {
    decls.push(list('type', t), list('roletype', 'system_r', t), list('typebounds', CONTAINER_DOMAIN, t));
    boundOf.set(t, CONTAINER_DOMAIN);
    domainAttributes.push(t);
  };
  const declareFileType = (t: string, parent = 'container_file_t') => {
    decls.push(list('type', t), list('roletype', 'object_r', t), list('typebounds', parent, t));
    boundOf.set(t, parent);
    fileAttributes.push(t);
  };
  const at = (o: Origin | undefined) => {
    const w = o && opts.where ? opts.where(o) : undefined;
    return w ? ` (${w})` : '';
  };
  const context = (t: string) => list('system_u', 'object_r', t, list(list('s0'), list('s0')));
  /** Where files can be written, programs also create symlinks, Unix sockets and named pipes (a PID socket in /run, …). */
  const writableExtras = (d: string, t: string, why: string) => {
    add(d, t, 'lnk_file', WRITE_LNK, why);
    add(d, t, 'sock_file', WRITE_SOCK, why);
    add(d, t, 'fifo_file', WRITE_SOCK, why);
  };

  // ---- the container's domain and what every container process needs ----
  declareDomain('process');
  const domainBasics = (d: string, writableRoot: boolean) => {
    add(d, 'self', 'process', ['fork', 'getattr', 'getcap', 'getpgid', 'getrlimit', 'getsched', 'setcap', 'setpgid', 'setrlimit', 'setsched', 'sigchld', 'sigkill', 'signal', 'signull', 'sigstop'], 'process basics');
    add(d, 'self', 'fifo_file', ['append', 'getattr', 'ioctl', 'lock', 'open', 'read', 'write'], 'pipes');
    add(d, 'self', 'unix_stream_socket', ['accept', 'bind', 'connect', 'connectto', 'create', 'getattr', 'getopt', 'listen', 'read', 'setopt', 'shutdown', 'write'], 'local sockets');
    add(d, 'self', 'unix_dgram_socket', ['bind', 'connect', 'create', 'getattr', 'getopt', 'read', 'sendto', 'setopt', 'shutdown', 'write'], 'local sockets');
    const content = `image content${writableRoot ? ' (writable root filesystem)' : ' (read_only root filesystem)'}`;
    add(d, 'container_file_t', 'dir', writableRoot ? [...READ_DIR, ...WRITE_DIR] : READ_DIR, content);
    add(d, 'container_file_t', 'file', writableRoot ? [...READ_FILE, ...EXEC_FILE, ...WRITE_FILE] : [...READ_FILE, ...EXEC_FILE], content);
    add(d, 'container_file_t', 'lnk_file', writableRoot ? WRITE_LNK : ['getattr', 'read'], content);
    if (writableRoot) writableExtras(d, 'container_file_t', content);
    add(d, 'proc_t', 'dir', READ_DIR, '/proc');
    add(d, 'proc_t', 'file', ['getattr', 'open', 'read'], '/proc');
    add(d, 'proc_t', 'lnk_file', ['getattr', 'read'], '/proc');
    add(d, 'sysfs_t', 'dir', READ_DIR, '/sys');
    add(d, 'sysfs_t', 'file', ['getattr', 'open', 'read'], '/sys');
    for (const dev of ['null_device_t', 'zero_device_t', 'random_device_t', 'ptmx_t', 'devpts_t']) add(d, dev, 'chr_file', ['append', 'getattr', 'ioctl', 'open', 'read', 'write'], '/dev of the runtime');
  };
  const writableRoot = spec.readOnlyRootfs?.value !== true;
  domainBasics('process', writableRoot);

  // ---- capabilities: what the engine gives (Docker's defaults − cap_drop + cap_add; cap_add ALL: all − cap_drop) ----
  const capList = effectiveCapabilities(spec.capAdd.map((c) => c.value), spec.capDrop.map((c) => c.value));
  const cap1 = capList.filter((c) => !CAP2.has(c)).map((c) => c.toLowerCase());
  const cap2 = capList.filter((c) => CAP2.has(c)).map((c) => c.toLowerCase());
  const addAll = spec.capAdd.find((c) => c.value === 'ALL');
  const capWhy = addAll
    ? `capabilities (cap_add ALL${at(addAll.origin)}: every capability${spec.capDrop.length ? ` − cap_drop${at(spec.capDrop[0].origin)}` : ''})`
    : `capabilities (Docker defaults${spec.capAdd.length ? ` + cap_add${at(spec.capAdd[0].origin)}` : ''}${spec.capDrop.length ? ` − cap_drop${at(spec.capDrop[0].origin)}` : ''})`;
  if (cap1.length) add('process', 'self', 'capability', cap1, capWhy);
  if (cap2.length) add('process', 'self', 'capability2', cap2, `capabilities (cap_add${spec.capAdd.length ? at(spec.capAdd[0].origin) : ''})`);

  // ---- the entrypoint ----
  // Docker (and Podman) mount the image's root filesystem with context=<container_file_t:MCS>, so inside the
  // container the entrypoint binary is container_file_t: the domain must be entered from it, or the engine's
  // exec of the entrypoint is denied and the container does not start.
  add('process', 'container_file_t', 'file', ['entrypoint'], 'the entrypoint: the engine mounts the root filesystem as container_file_t and enters process by executing it');
  // exec_t: the entrypoint's own type, for a runtime that keeps the layers' file labels.
  declareFileType('exec_t');
  add('process', 'exec_t', 'file', [...READ_FILE, 'entrypoint', ...EXEC_FILE], 'entrypoint');
  // Only an entrypoint names the binary: a command may be arguments to the image's ENTRYPOINT.
  const entry = spec.entrypoint?.value?.[0];
  if (entry && entry.startsWith('/') && /["\r\n]/.test(entry)) {
    notes.push(`entrypoint: ${JSON.stringify(entry)} holds a double quote or a line break, which a CIL string cannot carry; exec_t has no filecon`);
  } else if (entry && entry.startsWith('/')) {
    filecons.push(list('filecon', atom(`${root}[^/]+/diff${literalRegex(entry)}`, true), 'file', context('exec_t')));
  } else {
    notes.push(`entrypoint: ${entry ? `"${entry}" is not an absolute path` : 'not known from this configuration (it is the image\'s ENTRYPOINT)'}; exec_t has no filecon: label the binary with (filecon "${root}[^/]+/diff/<path>" file (system_u object_r exec_t ((s0) (s0))))`);
  }

  const otherLabel = spec.securityOpt.find((o) => o.key === 'label' && o.value.startsWith('type:'));
  if (otherLabel) notes.push(`the configuration runs it with label=${otherLabel.value}; this module's domain replaces it: run it with label=type:${name}.process instead`);

  // ---- mounts ----
  const rwTypes = new Set<string>();
  for (const m of spec.mounts) {
    const { type, relabelled } = mountType(m);
    const what = `${m.type} ${m.sourceRaw ?? m.source ?? '(anonymous)'}:${m.target}${m.readOnly ? ':ro' : ''}${at(m.origin)}`;
    if (m.unresolved) notes.push(`mount ${m.sourceRaw ?? m.source ?? ''}:${m.target}: the source depends on a variable with no value; the rules below treat it as a ${m.type} (${type}): set the variable and generate again if it names a host path`);
    const isSocket = type === 'container_var_run_t';
    if (isSocket) {
      add('process', type, 'sock_file', m.readOnly ? ['getattr', 'open', 'read'] : ['append', 'getattr', 'open', 'read', 'write'], `mount ${what}`);
      add('process', 'container_runtime_t', 'unix_stream_socket', ['connectto'], `mount ${what} (a container engine's API socket)`);
      continue;
    }
    add('process', type, 'dir', m.readOnly ? READ_DIR : [...READ_DIR, ...WRITE_DIR], `mount ${what}`);
    add('process', type, 'file', m.readOnly ? READ_FILE : [...READ_FILE, ...WRITE_FILE], `mount ${what}`);
    add('process', type, 'lnk_file', ['getattr', 'read'], `mount ${what}`);
    if (!m.readOnly && type === 'container_file_t') writableExtras('process', type, `mount ${what}`);
    const hostPath = m.type === 'bind' && !m.unresolved ? (m.source ?? '').replace(/\/+$/, '') || '/' : undefined;
    if (m.readOnly && hostPath !== undefined && !relabelled && !baseHolds(base, CONTAINER_DOMAIN, type, 'file', 'read')) {
      notes.push(UNRELABELABLE_HOST_PATHS.has(hostPath)
        ? `mount ${what}: ${hostPath} is a system directory (${type}), which container_t may not read and Docker refuses to relabel: bind a directory below it, with :z, instead`
        : `mount ${what}: container_t may not read ${type}; mount it with :z (Docker relabels it container_file_t, shared by containers, which this module reads)`);
    }
    if (!m.readOnly && hostPath !== undefined && UNRELABELABLE_HOST_PATHS.has(hostPath)) {
      notes.push(`mount ${what}: ${hostPath} is a system directory: Docker refuses to relabel it (:z / :Z) and relabelling it with chcon would break the host; bind a directory of the container's own instead`);
      continue;
    }
    // :z / :Z: Docker relabels the source to container_file_t at every start, so a type of the module's own could not stick.
    if (!m.readOnly && m.type !== 'tmpfs' && !m.selinuxRelabel) {
      let t = `rw_${cilName(m.target).replace(/^c_/, '')}_t`;
      for (let i = 2; rwTypes.has(t) || locals.has(t); i++) t = `rw_${cilName(m.target).replace(/^c_/, '')}_${i}_t`;
      rwTypes.add(t);
      declareFileType(t);
      add('process', t, 'dir', [...READ_DIR, ...WRITE_DIR], `writable mount ${m.target}`);
      add('process', t, 'file', [...READ_FILE, ...WRITE_FILE], `writable mount ${m.target}`);
      writableExtras('process', t, `writable mount ${m.target}`);
      if (!relabelled) notes.push(`mount ${what}: the host path keeps its own label (${type}); label it with ${name}.${t} (chcon -R -t ${name}.${t} ${shQuote(m.source ?? m.sourceRaw ?? '')}) or mount it with :Z`);
    }
  }

  // ---- ports (published and exposed) ----
  const portEntries = [
    ...spec.ports.map((p) => ({ port: p.containerPort, proto: p.protocol, where: at(p.origin), how: 'published' })),
    ...spec.expose.map((e) => {
      const [port, proto] = e.value.split('/');
      return { port, proto: (proto ?? 'tcp') as 'tcp' | 'udp' | 'sctp', where: at(e.origin), how: 'exposed' };
    }),
  ];
  const net = spec.namespaces.network?.value.mode;
  if (net === 'host' && !portEntries.length) {
    notes.push(`network_mode host${at(spec.namespaces.network?.origin)}: the container listens on the host's network, and the ports it listens on are not in the configuration (published ports do not apply); no socket rule is granted: add an expose entry (--expose) for each port it listens on and generate again`);
  }
  if (net !== 'none') {
    notes.push('outgoing connections: the configuration does not say which ports the container connects to, so no name_connect is granted; add (allow process self (tcp_socket (connect create getattr getopt read setopt shutdown write))) and, for each service it uses, (allow process PORT_TYPE (tcp_socket (name_connect)))');
  }
  for (const { port, proto, where, how } of portEntries) {
    const [lo, hi] = port.split('-').map((x) => Number(x));
    if (!Number.isInteger(lo) || lo < 1 || lo > 65535) {
      notes.push(`port ${port}/${proto}: not a port number; no rule`);
      continue;
    }
    const high = Number.isInteger(hi) && hi >= lo && hi <= 65535 ? hi : lo;
    const types = new Set<string>();
    for (let p = lo; p <= high; p++) types.add(portType(base, proto, p) ?? (p < 1024 ? 'reserved_port_t' : 'unreserved_port_t'));
    const cls = proto === 'udp' ? 'udp_socket' : proto === 'sctp' ? 'sctp_socket' : 'tcp_socket';
    const pw = `port ${port}/${proto} ${how}${where}`;
    add('process', 'self', cls, proto === 'udp' ? SOCKET_UDP : SOCKET_TCP, pw);
    add('process', 'node_t', cls, ['node_bind'], pw);
    for (const t of [...types].sort()) add('process', t, cls, ['name_bind'], pw);
  }

  // ---- devices ----
  for (const d of spec.devices) {
    const t = DEVICE_TYPES.find(([re]) => re.test(d.hostPath))?.[1] ?? 'device_t';
    const perms = ['getattr', 'ioctl', 'open'];
    if (d.permissions.includes('r')) perms.push('read');
    if (d.permissions.includes('w')) perms.push('append', 'write');
    // Disks are block devices (refpolicy labels them fixed_disk_device_t, class blk_file); the rest are character devices.
    add('process', t, t === 'fixed_disk_device_t' ? 'blk_file' : 'chr_file', perms.sort(), `device ${d.hostPath}:${d.containerPath}:${d.permissions}${at(d.origin)}`);
  }

  // ---- labelled binaries: one domain each, entered by type transition ----
  if (binaries.length) notes.push(`--binary: the type transitions need the binaries' own labels inside the container; Docker and Podman mount the root filesystem with context=container_file_t, which hides the layers' labels, so there the binaries run in ${name}.process (the transitions take effect only under a runtime that keeps file labels)`);
  for (const b of binaries) {
    const exec = b.type.replace(/_t$/, '_exec_t');
    declareDomain(b.type);
    declareFileType(exec);
    domainBasics(b.type, writableRoot);
    add('process', exec, 'file', [...READ_FILE, 'execute'], `--binary ${b.path}`);
    add('process', b.type, 'process', ['transition'], `--binary ${b.path}`);
    add('process', b.type, 'process2', ['nnp_transition', 'nosuid_transition'], `--binary ${b.path}`);
    add(b.type, exec, 'file', [...READ_FILE, 'entrypoint', 'execute'], `--binary ${b.path}`);
    typeTransitions.push(list('typetransition', 'process', exec, 'process', b.type));
    filecons.push(list('filecon', atom(`${root}[^/]+/diff${literalRegex(b.path)}`, true), 'file', context(exec)));
  }

  // ---- keep every rule within container_t (what the base grants it): the ceiling of a bounded domain ----
  const kept: CilNode[] = [];
  for (const r of rules) {
    const parentTarget = r.tgt === 'self' ? CONTAINER_DOMAIN : (boundOf.get(r.tgt) ?? r.tgt);
    const ok = [...r.perms].filter((p) => baseHolds(base, CONTAINER_DOMAIN, parentTarget, r.cls, p)).sort();
    const missing = [...r.perms].filter((p) => !ok.includes(p)).sort();
    if (missing.length) notes.push(`${r.why}: (allow ${r.src} ${r.tgt} (${r.cls} (${missing.join(' ')}))) left out: ${CONTAINER_DOMAIN} does not hold it, so no module bounded by it can grant it`);
    if (ok.length) kept.push(comment(r.whys.join('; ')), list('allow', r.src, r.tgt, list(r.cls, list(...ok))));
  }
  const attributeSets: CilNode[] = [];
  if (domainAttributes.length) {
    attributeSets.push(comment('the engine enters only container_domain members; MCS separation holds only for mcs_constrained_type members (container_t is in both)'));
    attributeSets.push(list('typeattributeset', 'container_domain', list(...domainAttributes)), list('typeattributeset', 'mcs_constrained_type', list(...domainAttributes)));
  }
  if (fileAttributes.length) {
    attributeSets.push(comment('file types: file_type lets them exist on a filesystem and be relabelled to (container_file_t is one)'));
    attributeSets.push(list('typeattributeset', 'file_type', list(...fileAttributes)));
  }

  const header: CilNode[] = [
    comment(`SELinux policy module ${name}, generated by bulwark policy generate${opts.from ? ` from ${opts.from}` : ''} (R-PM1).`),
    comment(`Run the container in its domain: --security-opt label=type:${name}.process`),
    comment('Enforcement needs an SELinux host with container-selinux; here it can only be compiled and validated (bulwark policy check).'),
    ...notes.map((n) => comment(`note: ${n}`)),
  ];
  const block = list('block', name, ...decls, ...attributeSets, ...kept, ...typeTransitions, ...filecons);
  const statements = [...header, block];
  return { name, domain: `${name}.process`, statements, text: printCil(statements), notes };
}
