/**
 * `docker service create` lines (Swarm services; Docker CLI 28 `docker service create --help`) in scripts and
 * Markdown → the {@link ContainerSpec} of the service's task containers. The flags are laid out as the
 * `ServiceSpec` the CLI sends (Engine API `POST /services/create`: `Name`, `TaskTemplate.ContainerSpec`,
 * `TaskTemplate.Resources.Limits`, `TaskTemplate.RestartPolicy`, `TaskTemplate.LogDriver`, `TaskTemplate.Networks`,
 * `EndpointSpec.Ports`), and that object is read by the same ingester as `docker service inspect` output
 * (src/ingest/inspect/service.ts), so a service written as a command line and the service the engine reports
 * are judged alike (CIS Docker Benchmark 1.6.0 section 5 applies to the containers of services; paper §V.2).
 * Every field points back at the flag that sets it (`--mount …`, `-e NAME=value`); settings no flag sets point at
 * the `docker` word.
 *
 * Swarm has no `--privileged`, no `--device`, no host PID/IPC and no `--security-opt`: those flags do not exist
 * here. Flags that do not change what the container may do (`--replicas`, `--update-*`, `--constraint`…) are
 * read and ignored; an unknown flag is a `usage` input error, as for `docker run`.
 */
import type { SourceFile } from '../../model/source.js';
import type { ContainerSpec, InputError, Origin } from '../../model/types.js';
import { containerFromService } from '../inspect/service.js';
import { walkFlags } from './flag-walk.js';
import { findDockerWord, GLOBAL_VALUE } from './parse.js';
import { cpusToNano, parseInteger, parsePortSpec, ramInBytes, splitCsv, ValueError } from './values.js';
import type { Word } from './word.js';

/** Flags of `docker service create` that take a value (long name → short name, if any). Docker CLI 28. */
const VALUE_FLAGS = new Map<string, string | undefined>(
  [
    'cap-add', 'cap-drop', 'config', 'constraint', 'container-label', 'credential-spec', 'dns', 'dns-option', 'dns-search', 'endpoint-mode',
    'entrypoint', 'env:e', 'env-file', 'generic-resource', 'group', 'health-cmd', 'health-interval', 'health-retries', 'health-start-interval',
    'health-start-period', 'health-timeout', 'host', 'hostname', 'isolation', 'label:l', 'limit-cpu', 'limit-memory', 'limit-pids', 'log-driver',
    'log-opt', 'max-concurrent', 'mode', 'mount', 'name', 'network', 'oom-score-adj', 'placement-pref', 'publish:p', 'replicas',
    'replicas-max-per-node', 'reserve-cpu', 'reserve-memory', 'restart-condition', 'restart-delay', 'restart-max-attempts', 'restart-window',
    'rollback-delay', 'rollback-failure-action', 'rollback-max-failure-ratio', 'rollback-monitor', 'rollback-order', 'rollback-parallelism',
    'secret', 'stop-grace-period', 'stop-signal', 'sysctl', 'ulimit', 'update-delay', 'update-failure-action', 'update-max-failure-ratio',
    'update-monitor', 'update-order', 'update-parallelism', 'user:u', 'workdir:w',
  ].map((s) => s.split(':') as [string, string | undefined]),
);
/** Boolean flags of `docker service create`. */
const BOOL_FLAGS = new Map<string, string | undefined>(
  ['detach:d', 'help', 'init', 'no-healthcheck', 'no-resolve-image', 'quiet:q', 'read-only', 'tty:t', 'with-registry-auth'].map((s) => s.split(':') as [string, string | undefined]),
);
const SHORT = new Map<string, { long: string; value: boolean }>();
for (const [long, short] of VALUE_FLAGS) if (short) SHORT.set(short, { long, value: true });
for (const [long, short] of BOOL_FLAGS) if (short) SHORT.set(short, { long, value: false });

type Obj = Record<string, unknown>;

/** Flags that set one `ContainerSpec` field as written: a string, a boolean, or one more item of a list. */
const CONTAINER_FIELDS: Record<string, [field: string, how: 'set' | 'bool' | 'push']> = {
  user: ['User', 'set'],
  hostname: ['Hostname', 'set'],
  'read-only': ['ReadOnly', 'bool'],
  init: ['Init', 'bool'],
  group: ['Groups', 'push'],
  'cap-add': ['CapabilityAdd', 'push'],
  'cap-drop': ['CapabilityDrop', 'push'],
};
const CS = '/Spec/TaskTemplate/ContainerSpec';

/** Whether `words` are a `docker service create` command (after wrappers and docker's global options). */
export function isServiceCreate(words: Word[]): boolean {
  return subcommandAt(words) !== -1;
}

/** Index of the first word after `service create`, or -1. */
function subcommandAt(words: Word[]): number {
  const d = findDockerWord(words);
  if (d === -1) return -1;
  let i = d + 1;
  while (i < words.length && words[i].value.startsWith('-')) i += GLOBAL_VALUE.has(words[i].value) ? 2 : 1;
  return words[i]?.value === 'service' && words[i + 1]?.value === 'create' ? i + 2 : -1;
}

/**
 * Parses one `docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]` into the ContainerSpec of its task
 * containers (target kind `service`, named by `--name`, else by the image). `null` for any other command and for
 * a line without an image (a `usage` error). Never throws.
 */
export function parseServiceCreate(words: Word[], file: SourceFile): { container: ContainerSpec | null; errors: InputError[] } {
  const errors: InputError[] = [];
  let i = subcommandAt(words);
  if (i === -1) return { container: null, errors };
  const dw = words[findDockerWord(words)];
  const at = (start: number, end: number, pointer?: string): Origin => ({ kind: 'file', file: file.path, start, end, ...(pointer ? { pointer } : {}) });
  const err = (message: string, offset: number) => {
    const p = file.position(offset);
    errors.push({ file: file.path, line: p.line, column: p.column, message, code: 'usage' });
  };

  const cs: Obj = {};
  const tt: Obj = { ContainerSpec: cs };
  const passthrough: { name: string; origin: Origin }[] = [];
  const envFiles: { value: string; origin: Origin }[] = [];
  const spec: Obj = { TaskTemplate: tt };
  /** Pointer → where the flag that sets it is written. An exact value word carries the pointer (see below). */
  const origins = new Map<string, Origin>();
  const list = (o: Obj, k: string): unknown[] => (Array.isArray(o[k]) ? (o[k] as unknown[]) : ((o[k] = []) as unknown[]));
  const objAt = (o: Obj, k: string): Obj => (o[k] && typeof o[k] === 'object' ? (o[k] as Obj) : ((o[k] = {}) as Obj));

  /** Applies one flag use; `flag`: the whole flag (through its value), `vw`: the word holding the value. */
  const apply = (long: string, value: string, flag: Origin, vw: Word | undefined, valueAt: number) => {
    // The value word as the inspect ingester's string positions expect it (the JSON string's characters, one for one,
    // with or without its quotes): only when the word is the value alone, as written.
    const exact = (pointer: string): Origin => (vw && valueAt === 0 && (vw.raw === value || vw.raw === `"${value}"` || vw.raw === `'${value}'`) ? at(vw.start, vw.end, pointer) : flag);
    const set = (pointer: string, o: Obj, k: string, v: unknown) => {
      o[k] = v;
      origins.set(pointer, flag);
    };
    const push = (pointer: string, o: Obj, k: string, v: unknown, exactValue = false) => {
      const arr = list(o, k);
      arr.push(v);
      origins.set(`${pointer}/${arr.length - 1}`, exactValue ? exact(`${pointer}/${arr.length - 1}`) : flag);
    };
    const kv = (s: string) => {
      const eq = s.indexOf('=');
      return eq < 0 ? [s, ''] : [s.slice(0, eq), s.slice(eq + 1)];
    };
    try {
      const field = CONTAINER_FIELDS[long];
      if (field) {
        const [k, how] = field;
        if (how === 'push') push(`${CS}/${k}`, cs, k, value);
        else set(`${CS}/${k}`, cs, k, how === 'bool' ? value === 'true' : value);
        return;
      }
      switch (long) {
        case 'name':
          set('/Spec/Name', spec, 'Name', value);
          break;
        case 'env':
          // `-e NAME`: the CLI takes NAME's value from its own environment (passed through, as for docker run).
          if (value.includes('=')) push(`${CS}/Env`, cs, 'Env', value, true);
          else if (value !== '') passthrough.push({ name: value, origin: flag });
          break;
        case 'env-file':
          envFiles.push({ value, origin: flag });
          break;
        case 'entrypoint':
          set(`${CS}/Command`, cs, 'Command', value.split(/\s+/).filter(Boolean));
          break;
        case 'container-label':
        case 'sysctl': {
          const [k, v] = kv(value);
          const field = long === 'sysctl' ? 'Sysctls' : 'Labels';
          objAt(cs, field)[k] = v;
          origins.set(`${CS}/${field}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, flag);
          break;
        }
        case 'ulimit': {
          const [k, v] = kv(value);
          const m = /^(-?\d+)(?::(-?\d+))?$/.exec(v);
          if (!m) throw new ValueError(`invalid ulimit argument: ${value}`);
          push(`${CS}/Ulimits`, cs, 'Ulimits', { Name: k, Soft: Number(m[1]), Hard: Number(m[2] ?? m[1]) });
          break;
        }
        case 'health-cmd':
          set(`${CS}/HealthCheck`, cs, 'HealthCheck', { Test: ['CMD-SHELL', value] });
          break;
        case 'no-healthcheck':
          if (value === 'true') set(`${CS}/HealthCheck`, cs, 'HealthCheck', { Test: ['NONE'] });
          break;
        case 'secret': {
          const f = Object.fromEntries(splitCsv(value).map((p) => kv(p.text)));
          const name = value.includes('=') ? (f.source ?? f.src ?? '') : value;
          push(`${CS}/Secrets`, cs, 'Secrets', { SecretName: name, File: { Name: value.includes('=') ? (f.target ?? name) : name } });
          break;
        }
        case 'mount': {
          const m: Obj = { Type: 'volume' };
          for (const p of splitCsv(value)) {
            if (p.text === '') continue;
            const [k, v] = kv(p.text);
            switch (k.toLowerCase()) {
              case 'type':
                m.Type = v;
                break;
              case 'source':
              case 'src':
                m.Source = v;
                break;
              case 'target':
              case 'dst':
              case 'destination':
                m.Target = v;
                break;
              case 'readonly':
              case 'ro':
                m.ReadOnly = v === '' || /^(1|t|true)$/i.test(v);
                break;
              case 'bind-propagation':
                m.BindOptions = { Propagation: v };
                break;
              case 'volume-driver':
                objAt(objAt(m, 'VolumeOptions'), 'DriverConfig').Name = v;
                break;
              case 'volume-opt': {
                const [ok, ov] = kv(v);
                objAt(objAt(objAt(m, 'VolumeOptions'), 'DriverConfig'), 'Options')[ok] = ov;
                break;
              }
            }
          }
          push(`${CS}/Mounts`, cs, 'Mounts', m);
          break;
        }
        case 'limit-memory':
          set('/Spec/TaskTemplate/Resources/Limits/MemoryBytes', objAt(objAt(tt, 'Resources'), 'Limits'), 'MemoryBytes', ramInBytes(value));
          break;
        case 'limit-cpu':
          set('/Spec/TaskTemplate/Resources/Limits/NanoCPUs', objAt(objAt(tt, 'Resources'), 'Limits'), 'NanoCPUs', cpusToNano(value));
          break;
        case 'limit-pids':
          set('/Spec/TaskTemplate/Resources/Limits/Pids', objAt(objAt(tt, 'Resources'), 'Limits'), 'Pids', parseInteger(value, '--limit-pids'));
          break;
        case 'restart-condition':
          set('/Spec/TaskTemplate/RestartPolicy/Condition', objAt(tt, 'RestartPolicy'), 'Condition', value);
          break;
        case 'restart-max-attempts':
          set('/Spec/TaskTemplate/RestartPolicy/MaxAttempts', objAt(tt, 'RestartPolicy'), 'MaxAttempts', parseInteger(value, '--restart-max-attempts'));
          break;
        case 'log-driver':
          set('/Spec/TaskTemplate/LogDriver/Name', objAt(tt, 'LogDriver'), 'Name', value);
          break;
        case 'log-opt': {
          const [k, v] = kv(value);
          objAt(objAt(tt, 'LogDriver'), 'Options')[k] = v;
          origins.set(`/Spec/TaskTemplate/LogDriver/Options/${k}`, flag);
          break;
        }
        case 'network': {
          const target = value.includes('=') ? (Object.fromEntries(splitCsv(value).map((p) => kv(p.text))).name ?? '') : value;
          push('/Spec/TaskTemplate/Networks', tt, 'Networks', { Target: target });
          break;
        }
        case 'publish': {
          // Swarm's long form adds `mode=host|ingress`; published ports listen on every interface either way.
          const p = parsePortSpec(value.includes('=') ? value.split(',').filter((x) => !/^mode=/.test(x)).join(',') : value);
          const target = Number.parseInt(p.containerPort, 10);
          const published = Number.parseInt(p.hostPort ?? '', 10);
          if (Number.isFinite(target) && Number.isFinite(published)) {
            const ep = objAt(spec, 'EndpointSpec');
            push('/Spec/EndpointSpec/Ports', ep, 'Ports', { Protocol: p.protocol, TargetPort: target, PublishedPort: published });
          }
          break;
        }
      }
    } catch (e) {
      if (e instanceof ValueError) err(e.message, flag.kind === 'file' ? flag.start : dw.start);
      else throw e;
    }
  };

  const walked = walkFlags<{ long: string; value: boolean }>(words, i, {
    byLong: (name) => (VALUE_FLAGS.has(name) ? { long: name, value: true } : BOOL_FLAGS.has(name) ? { long: name, value: false } : undefined),
    byShort: (ch) => SHORT.get(ch),
    onValue: (def, w, vw, valueAt, value) => apply(def.long, value, at(w.start, vw.end), vw, vw === w ? valueAt : 0),
    onBool: (def, w, eqValue) => apply(def.long, eqValue === undefined || /^(1|t|true)$/i.test(eqValue) ? 'true' : 'false', at(w.start, w.end), undefined, -1),
    onUnknownLong: (name, w) => {
      if (!w.unresolved) err(`unknown flag: --${name}`, w.start);
    },
    error: (message, w) => err(message, w.start),
  });
  if (walked.help) return { container: null, errors: [] };
  const image = walked.operand;
  i = walked.next;
  if (!image) {
    err('"docker service create" requires at least 1 argument: the image', dw.start);
    return { container: null, errors };
  }
  cs.Image = image.value;
  origins.set(`${CS}/Image`, at(image.start, image.end));
  const args = words.slice(i);
  if (args.length) {
    cs.Args = args.map((a) => a.value);
    origins.set(`${CS}/Args`, at(args[0].start, args[args.length - 1].end));
  }
  if (spec.Name === undefined) {
    spec.Name = image.value;
    origins.set('/Spec/Name', at(image.start, image.end));
  }

  const whole = at(dw.start, dw.end);
  // Swarm restarts a task whatever its exit status, without end, unless told otherwise (`--restart-condition`
  // defaults to `any`; docker service create reference).
  const restartDefault = !objAt(tt, 'RestartPolicy').Condition;
  if (restartDefault) (tt.RestartPolicy as Obj).Condition = 'any';
  const locate = (pointer: string): Origin => {
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const o = origins.get(p);
      if (o) return o;
      if (p === '') return whole;
    }
  };
  const c = containerFromService({ Spec: spec }, locate, file.path);
  dropPointers(c);
  // Where a run line's target is: the `docker` word (findings about settings no flag makes point there).
  c.target.range = file.range(dw.start, dw.end);
  // Read from a command line, not from the engine: rules word their messages for the file (`--read-only is not set`,
  // a secret `written in the file`); harden leaves the line alone (its flags are not docker run's).
  c.extra.serviceCreate = { value: true, origin: whole, how: 'explicit' };
  if (restartDefault && c.restart) c.restart = { ...c.restart, how: 'default', raw: "any (Swarm's default --restart-condition)" };
  for (const p of passthrough) if (!c.env.some((e) => e.name === p.name)) c.env.push({ name: p.name, kind: 'passthrough', origin: p.origin });
  for (const f of envFiles) c.envFiles.push({ value: f.value, origin: f.origin, how: 'explicit' });
  if (image.unresolved && c.image) c.image = { ...c.image, how: 'unresolved', raw: image.raw };
  return { container: c, errors };
}

/**
 * Removes the JSON pointers the inspect ingester copies into origins (they name fields of the ServiceSpec this
 * module builds, not of the script), so findings on a command line carry a file position only.
 */
function dropPointers(v: unknown, seen = new Set<unknown>()): void {
  if (!v || typeof v !== 'object' || seen.has(v)) return;
  seen.add(v);
  if ((v as { kind?: unknown }).kind === 'file' && 'pointer' in (v as object)) delete (v as { pointer?: string }).pointer;
  for (const x of Array.isArray(v) ? v : Object.values(v as object)) dropPointers(x, seen);
}
