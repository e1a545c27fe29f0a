/**
 * CI services other than GitHub Actions and GitLab CI whose pipeline files hold shell scripts, recognised by
 * their file names, and where each keeps its scripts (the vendors' YAML references):
 *  - Azure Pipelines (`azure-pipelines.yml`, `azure-pipelines-*.yml`, `.azure-pipelines/*.yml`, `.azuredevops/*.yml`):
 *    step keys `script` and `bash` (a POSIX shell on Linux and macOS agents), `pwsh` and `powershell` (PowerShell);
 *  - CircleCI (`.circleci/config.yml`): `run` steps, a string or a map with `command`;
 *  - Bitbucket Pipelines (`bitbucket-pipelines.yml`): `script` and `after-script` lists of a step;
 *  - Travis CI (`.travis.yml`): the phase lists `before_install`, `install`, `before_script`, `script`,
 *    `after_success`, `after_failure`, `after_script`, `before_deploy`, `after_deploy`, `before_cache`;
 *  - Drone and Woodpecker (`.drone.yml`, `.woodpecker.yml`, `.woodpecker/*.yml`): `commands` of a step;
 *  - Buildkite (`.buildkite/pipeline.yml`, `pipeline.yml` under `.buildkite/`): `command` / `commands` of a step.
 * The keys are looked for anywhere in the document (steps sit at different depths: stages, jobs, matrices,
 * templates), never under a key that holds data rather than steps (`variables`, `env`, `environment`).
 * The containers the services start from the file's own settings are read too, as their `docker run` /
 * `docker create` lines: Drone and Woodpecker steps and services ({@link droneContainers}: `privileged: true`,
 * host volumes, `network_mode`), Azure Pipelines container resources and job containers ({@link
 * azureContainers}: `options:`), Buildkite's docker plugin ({@link buildkiteContainers}). CircleCI's `docker:`
 * executor images and Bitbucket's `definitions: services:` are not: their settings are the service's (no
 * privileged mode, no host mounts) and the file can change none of them.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../../model/source.js';
import type { ContainerSpec, InputError } from '../../model/types.js';
import { parseDockerRun } from '../run/parse.js';
import type { Word } from '../run/word.js';
import type { CiSystem } from './names.js';
import { containerWords, envWords, scalarWord, synthetic } from './github-containers.js';

export { ciSystemOf, type CiSystem } from './names.js';

/** Script keys per service, and whether the script runs in PowerShell. */
const KEYS: Record<CiSystem, Record<string, 'posix' | 'windows'>> = {
  azure: { script: 'posix', bash: 'posix', pwsh: 'windows', powershell: 'windows' },
  circleci: { run: 'posix' },
  bitbucket: { script: 'posix', 'after-script': 'posix' },
  travis: {
    before_install: 'posix', install: 'posix', before_script: 'posix', script: 'posix', after_success: 'posix', after_failure: 'posix',
    after_script: 'posix', before_deploy: 'posix', after_deploy: 'posix', before_cache: 'posix',
  },
  drone: { commands: 'posix' },
  buildkite: { command: 'posix', commands: 'posix' },
};

/** Keys whose values are data (variables, environments), never steps. */
const DATA_KEYS = new Set(['variables', 'env', 'environment', 'parameters', 'secrets', 'vars', 'settings', 'with', 'inputs']);

/**
 * The script values of a pipeline document of `system`: each the node under a script key (a string, a list of
 * strings, a CircleCI `run:` map's `command`) with the shell that runs it. The caller expands lists and aliases.
 * Walks at most 64 levels deep; each node once (aliases of one anchor are not walked twice).
 */
export function systemScripts(system: CiSystem, doc: Document): { node: unknown; shell: 'posix' | 'windows' }[] {
  const keys = KEYS[system];
  const out: { node: unknown; shell: 'posix' | 'windows' }[] = [];
  const seen = new Set<unknown>();
  const walk = (n: unknown, depth: number): void => {
    if (depth > 64 || n === null || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    if (isMap(n)) {
      for (const pair of n.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const shell = keys[key];
        if (shell) {
          // CircleCI: `- run: make` or `- run: {name: …, command: make}`.
          const v = system === 'circleci' && isMap(pair.value) ? pair.value.get('command', true) : pair.value;
          out.push({ node: v, shell });
          continue;
        }
        if (!DATA_KEYS.has(key)) walk(pair.value, depth + 1);
      }
    } else if (isSeq(n)) for (const item of n.items) walk(item, depth + 1);
  };
  walk((doc.contents as Node | null) ?? undefined, 0);
  return out;
}

/**
 * The step and service containers of a Drone or Woodpecker pipeline document, as the `docker run` lines the
 * runner issues for them (docs.drone.io, "Docker pipelines": steps, services, `privileged`, host volumes,
 * `network_mode`; woodpecker-ci.org, "Workflow syntax": steps as a list or a map, `privileged`, `volumes`,
 * `network_mode`). Each is read with the step's `name` as `--name`, its `image`, `--privileged` at a
 * `privileged: true` key, `-e NAME=value` at each `environment:` entry (a map, or Woodpecker's `- NAME=value`
 * list; Drone's `{from_secret: x}` values are the runner's, not the file's), `-v host:path` at each host volume (Drone: a step's `volumes: [{name, path}]` naming
 * a pipeline `volumes: [{name, host: {path}}]`; a `temp:` volume is not a host mount; Woodpecker: `- /a:/b`
 * strings) and `--network` at `network_mode:`. The runner puts every container of a pipeline on a network of
 * its own (a user-defined bridge), never on the default bridge. A Drone pipeline of another `type` (`exec`,
 * `ssh`, `kubernetes`, …) starts no Docker container and gives none. Never throws (R-G5, R-G6, R-G9; CIS Docker
 * Benchmark 1.6.0 5.4, 5.5, 5.10, 5.32).
 */
export function droneContainers(file: SourceFile, doc: Document): { containers: ContainerSpec[]; errors: InputError[] } {
  const containers: ContainerSpec[] = [];
  const errors: InputError[] = [];
  const root = doc.contents;
  if (!isMap(root)) return { containers, errors };
  const type = root.get('type');
  if (root.has('kind') && root.get('kind') !== 'pipeline') return { containers, errors };
  if (type !== undefined && type !== 'docker') return { containers, errors };
  // Drone: pipeline volumes by name, with their host path.
  const hostPaths = new Map<string, string>();
  const pipelineVolumes = root.get('volumes', true);
  if (isSeq(pipelineVolumes)) {
    for (const v of pipelineVolumes.items) {
      if (!isMap(v)) continue;
      const host = v.getIn(['host', 'path']);
      if (typeof v.get('name') === 'string' && typeof host === 'string' && host !== '') hostPaths.set(v.get('name') as string, host);
    }
  }
  const text = file.text;
  const steps: [Node, Scalar | undefined][] = [];
  for (const key of ['steps', 'pipeline', 'services']) {
    const list = root.get(key, true);
    if (isSeq(list)) for (const s of list.items) steps.push([s as Node, isMap(s) ? (s.get('name', true) as Scalar | undefined) : undefined]);
    else if (isMap(list)) for (const p of list.items) steps.push([p.value as Node, isScalar(p.key) ? p.key : undefined]);
  }
  for (const [step, nameNode] of steps) {
    if (!isMap(step)) continue;
    const image = scalarWord(text, step.get('image', true));
    if (!image) continue;
    const at = (nameNode?.range ?? (step as Node).range)?.[0] ?? 0;
    // `network_mode:` replaces the pipeline's own network.
    const mode = scalarWord(text, step.get('network_mode', true));
    const words: Word[] = [synthetic('docker', at), synthetic('run', at), ...(mode ? [synthetic('--network', mode.start), mode] : [synthetic('--network', at), synthetic('ci_network', at)])];
    const name = scalarWord(text, nameNode);
    if (name) words.push(synthetic('--name', name.start), name);
    for (const p of step.items) {
      if (!isScalar(p.key) || !p.key.range) continue;
      const key = String(p.key.value);
      const v = p.value;
      if (key === 'privileged' && isScalar(v) && v.value === true) words.push(synthetic('--privileged', p.key.range[0]));
      else if (key === 'environment' && isMap(v)) words.push(...envWords(file, v));
      else if (key === 'environment' && isSeq(v)) {
        // Woodpecker's list form: `- NAME=value`.
        for (const item of v.items) {
          const w = scalarWord(text, item);
          if (w) words.push(synthetic('-e', w.start), w);
        }
      } else if (key === 'volumes' && isSeq(v)) {
        for (const item of v.items) {
          const w = scalarWord(text, item);
          if (w) words.push(synthetic('-v', w.start), w);
          else if (isMap(item)) {
            const host = hostPaths.get(String(item.get('name')));
            const path = scalarWord(text, item.get('path', true));
            if (host && path) words.push(synthetic('-v', path.start), { value: `${host}:${path.value}`, start: path.start, end: path.end, raw: path.raw });
          }
        }
      }
    }
    if (image.value.includes('${')) image.unresolved = true;
    words.push(image);
    const r = parseDockerRun(words, file);
    errors.push(...r.errors);
    if (r.container) containers.push(r.container);
  }
  return { containers, errors };
}

/**
 * The containers of an Azure Pipelines document (learn.microsoft.com, "Define container jobs", "Service
 * containers", YAML schema `resources.containers.container`): each `resources: containers:` entry (named by its
 * `container:` alias; `options:` are `docker create` flags, with `ports:` and `volumes:`), and a job's inline
 * `container:` (an image string that names no resource, or a map with `image:`). The agent creates them with
 * `docker create` on a network of its own. Read as ./github-containers.ts reads GitHub's. Never throws (R-G5,
 * R-G6, R-G9; CIS Docker Benchmark 1.6.0 5.4, 5.5, 5.32).
 */
export function azureContainers(file: SourceFile, doc: Document): { containers: ContainerSpec[]; errors: InputError[] } {
  const containers: ContainerSpec[] = [];
  const errors: InputError[] = [];
  const root = doc.contents;
  if (!isMap(root)) return { containers, errors };
  const found: Word[][] = [];
  const aliases = new Set<string>();
  const resources = root.getIn(['resources', 'containers'], true);
  if (isSeq(resources)) {
    for (const item of resources.items) {
      if (!isMap(item)) continue;
      const alias = scalarWord(file.text, item.get('container', true));
      if (alias) aliases.add(alias.value);
      const words = containerWords(file, alias?.start ?? (item as Node).range?.[0] ?? 0, alias, item as Node, 'azure_network');
      if (words) found.push(words);
    }
  }
  // Inline job containers, anywhere a job sits (stages, jobs, templates).
  const seen = new Set<unknown>();
  const walk = (n: unknown, depth: number): void => {
    if (depth > 64 || n === null || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    if (isMap(n)) {
      const c = n.get('container', true);
      if ((n.has('steps') || n.has('pool')) && c) {
        const inline = isScalar(c) ? (aliases.has(String(c.value)) ? undefined : c) : isMap(c) ? c : undefined;
        const at = (inline as Node | undefined)?.range?.[0] ?? 0;
        const words = inline ? containerWords(file, at, undefined, inline as Node, 'azure_network') : undefined;
        if (words) found.push(words);
      }
      for (const p of n.items) if (!(isScalar(p.key) && DATA_KEYS.has(String(p.key.value)))) walk(p.value, depth + 1);
    } else if (isSeq(n)) for (const i of n.items) walk(i, depth + 1);
  };
  walk(root, 0);
  for (const words of found) {
    const image = words[words.length - 1];
    // An image written with a template expression (`${{ }}`), a macro (`$(x)`) or a runtime expression (`$[ ]`) is filled in by Azure: unknown.
    if (/\$\{\{|\$\(|\$\[/.test(image.value)) words[words.length - 1] = { ...image, unresolved: true, quoted: true };
    const r = parseDockerRun(words, file);
    errors.push(...r.errors);
    if (r.container) containers.push(r.container);
  }
  return { containers, errors };
}

/** A Buildkite docker plugin key (`docker#v5.10.0`, `buildkite-plugins/docker-buildkite-plugin#v5`); not docker-compose or docker-login. */
const BUILDKITE_DOCKER_PLUGIN = /^(?:[\w.-]+\/)?docker(?:-buildkite-plugin)?(?:#.*)?$/;

/**
 * Buildkite docker plugin settings that take one value, and the `docker run` flag each becomes (the plugin's
 * plugin.yml and hooks/command: `network` → `--network`, `pid` → `--pid`, `memory` → `--memory` …).
 */
const BUILDKITE_VALUE_FLAGS: Record<string, string> = {
  network: '--network',
  user: '--user',
  pid: '--pid',
  ipc: '--ipc',
  userns: '--userns',
  memory: '--memory',
  'memory-swap': '--memory-swap',
  cpus: '--cpus',
  runtime: '--runtime',
  'shm-size': '--shm-size',
  'storage-opt': '--storage-opt',
  workdir: '--workdir',
};

/** Buildkite docker plugin settings that are lists, and the `docker run` flag given once per item. */
const BUILDKITE_LIST_FLAGS: Record<string, string> = {
  volumes: '-v',
  'add-caps': '--cap-add',
  'drop-caps': '--cap-drop',
  environment: '-e',
  'env-file': '--env-file',
  devices: '--device',
  tmpfs: '--tmpfs',
  publish: '-p',
  sysctls: '--sysctl',
  'security-opts': '--security-opt',
  ulimits: '--ulimit',
  'add-host': '--add-host',
};

/**
 * The containers of Buildkite's docker plugin (github.com/buildkite-plugins/docker-buildkite-plugin, README and
 * plugin.yml: `image`, `privileged`, `init`, `propagate-uid-gid`, the one-value settings of
 * {@link BUILDKITE_VALUE_FLAGS} and the lists of {@link BUILDKITE_LIST_FLAGS}, e.g. `environment` as `KEY` or
 * `KEY=value`, `volumes` as `host:container[:mode]`): each
 * `plugins: - docker#vX: {…}` map of a step runs the step's command in `docker run` with those settings,
 * read at their own positions. Never throws (R-G5, R-G6, R-G9; CIS Docker Benchmark 1.6.0 5.4, 5.5, 5.32).
 */
export function buildkiteContainers(file: SourceFile, doc: Document): { containers: ContainerSpec[]; errors: InputError[] } {
  const containers: ContainerSpec[] = [];
  const errors: InputError[] = [];
  const text = file.text;
  const seen = new Set<unknown>();
  const plugin = (key: Scalar, spec: unknown): void => {
    if (!isMap(spec)) return;
    const image = scalarWord(text, spec.get('image', true));
    if (!image) return;
    const at = key.range?.[0] ?? 0;
    const words: Word[] = [synthetic('docker', at), synthetic('run', at)];
    for (const p of spec.items) {
      if (!isScalar(p.key) || !p.key.range) continue;
      const k = String(p.key.value);
      const v = p.value;
      const one = scalarWord(text, v);
      const flag = BUILDKITE_VALUE_FLAGS[k] ?? BUILDKITE_LIST_FLAGS[k];
      if ((k === 'privileged' || k === 'init') && isScalar(v) && v.value === true) words.push(synthetic(`--${k}`, p.key.range[0]));
      else if (k === 'propagate-uid-gid' && isScalar(v) && v.value === true)
        // The agent's own uid:gid (`--user $(id -u):$(id -g)`): unknown here, usually not root.
        words.push(synthetic('--user', p.key.range[0]), { value: '$(id -u):$(id -g)', start: p.key.range[0], end: p.key.range[0], raw: '', unresolved: true });
      else if (BUILDKITE_VALUE_FLAGS[k] && one) words.push(synthetic(flag, one.start), one);
      else if (BUILDKITE_LIST_FLAGS[k] && isSeq(v)) {
        for (const item of v.items) {
          const w = scalarWord(text, item);
          if (w) words.push(synthetic(flag, w.start), w);
        }
      }
    }
    if (image.value.includes('$')) image.unresolved = true;
    words.push(image);
    const r = parseDockerRun(words, file);
    errors.push(...r.errors);
    if (r.container) containers.push(r.container);
  };
  const walk = (n: unknown, depth: number): void => {
    if (depth > 64 || n === null || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    if (isMap(n)) {
      for (const p of n.items) {
        if (!isScalar(p.key)) continue;
        const key = String(p.key.value);
        if (key === 'plugins') {
          const list = isSeq(p.value) ? p.value.items : [p.value];
          for (const item of list) if (isMap(item)) for (const q of item.items) if (isScalar(q.key) && BUILDKITE_DOCKER_PLUGIN.test(String(q.key.value))) plugin(q.key, q.value);
        } else if (!DATA_KEYS.has(key)) walk(p.value, depth + 1);
      }
    } else if (isSeq(n)) for (const i of n.items) walk(i, depth + 1);
  };
  walk(doc.contents, 0);
  return { containers, errors };
}
