/**
 * The inspect ingester: a JSON file of `docker inspect` / `podman inspect` / `docker service inspect` output (an array, one object, or
 * several objects one after another as JSON Lines) → one ContainerSpec per container object, audited offline by the same rules as Compose files
 * and a live engine (issue 3; requirements.md "Inputs every rule must see through one normalized model").
 *
 * Image objects (`docker image inspect`: `Config` + `RootFS`, no `HostConfig`) are targets of their own, audited
 * by the image-config rules as `bulwark verify` audits an archive's config (CIS 4.1, 4.6, 4.10; paper §IV.4), and
 * are matched to the containers of the same file that use them (by id, or `Config.Image` against `RepoTags`), so
 * an image whose default user is root makes "no user" definite (CIS 4.1). Other objects (networks, volumes, anything
 * else) are InputErrors (`unsupported`); malformed JSON is an InputError (`parse`) with line and column.
 * `Config.Env` secrets are masked by the engine whatever rules run (R-S; engine/audit.ts); secret logging options and
 * labels, and secrets in the command, by this ingester ({@link inspectConfigSecretRanges}). A container that joins the
 * namespace of another container of the file (`"PidMode": "container:<id>"`) gets what that one has: the host's PID,
 * IPC or network namespace, or no network ({@link applySharedHostNamespaces}). Never throws.
 */
import { isSeq, type Node } from 'yaml';
import type { SourceFile, SourceRange } from '../../model/source.js';
import type { ContainerSpec, ImageConfigSpec, IngestResult, InputError } from '../../model/types.js';
import { isolateRegion, type IngestContext, type Region } from '../types.js';
import { containerFromInspect, imageEnvSecretRanges, imageFactsFromInspect, inspectConfigSecretRanges, isContainerObject, isImageObject, type ImageFacts } from './container.js';
import { concatenatedObjects, makeLocator, parseJson } from './json.js';
import { containerFromService, isServiceObject } from './service.js';
import { argumentsProgram, decodeJsonString, secretWordRanges } from '../../rules/util/command-secrets.js';
import { historyBuildArgs } from '../../rules/util/image-history.js';
import { isSecretEnv } from '../../rules/util/secrets.js';
import { applySharedHostNamespaces } from '../sharing.js';

/** `text` with the characters at `offsets` (blanks between top-level objects) replaced by commas; same length. */
function withCommas(text: string, offsets: number[]): string {
  let out = '';
  let from = 0;
  for (const o of offsets) {
    out += text.slice(from, o) + ',';
    from = o + 1;
  }
  return out + text.slice(from);
}

export { containerFromInspect, imageEnvSecretRanges, imageFactsFromInspect, inspectConfigSecretRanges, isContainerObject, isImageObject, selinuxType, type ImageFacts } from './container.js';
export { concatenatedObjects, escapePointer, makeLocator, parseJson, type Locate } from './json.js';

/** Strips Docker's `sha256:` prefix so Docker and podman ids compare. */
function bareId(id: string | undefined): string | undefined {
  return id?.replace(/^sha256:/, '');
}

/** The image facts of a container: by image id, else by `Config.Image` in an image's `RepoTags` (`name` alone means `name:latest`). */
function imageFor(obj: Record<string, unknown>, images: ImageFacts[]): ImageFacts | undefined {
  if (!images.length) return undefined;
  const id = bareId(typeof obj.Image === 'string' ? obj.Image : undefined);
  const byId = id ? images.find((i) => bareId(i.id) === id) : undefined;
  if (byId) return byId;
  const cfg = obj.Config as Record<string, unknown> | undefined;
  const ref = typeof cfg?.Image === 'string' ? cfg.Image : undefined;
  if (!ref) return undefined;
  const refs = /:[^/]+$/.test(ref) || ref.includes('@') ? [ref] : [ref, `${ref}:latest`];
  return images.find((i) => i.repoTags?.some((t) => refs.includes(t)));
}

/**
 * Ingests a JSON file of `docker inspect` / `podman inspect` output: an array or one object; containers
 * (and images: `docker image inspect`, which have `Config` + `RootFS` but no `HostConfig`). `region`
 * limits parsing to part of the file (a fenced block), offsets staying those of `file`. Never throws.
 */
export async function ingestInspect(file: SourceFile, _ctx: IngestContext, region?: Region): Promise<IngestResult> {
  const errors: InputError[] = [];
  const result: IngestResult = { containers: [], images: [], errors };
  const text = region ? isolateRegion(file.text, region.start, region.end) : file.text;
  const start = region?.start ?? 0;
  const err = (offset: number, message: string) => {
    const p = file.position(offset);
    errors.push({ file: file.path, line: p.line, column: p.column, message, code: 'unsupported' });
  };
  if (text.trim() === '') {
    err(start, 'empty file: expected docker inspect or podman inspect output (a JSON array of containers)');
    return result;
  }
  // Several objects one after another (JSON Lines of `docker inspect --format '{{json .}}' a b`): read as one
  // array, `[` prepended and a separating blank turned into `,`, offsets shifted back by one.
  const seps = concatenatedObjects(text);
  const shift = seps ? 1 : 0;
  const parsed = parseJson(file, seps ? `[${withCommas(text, seps)}]` : text, errors, shift);
  if (!parsed) return result;
  const { root, value } = parsed;
  const items: { value: unknown; node: Node }[] = [];
  if (Array.isArray(value) && isSeq(root)) value.forEach((v, i) => items.push({ value: v, node: root.items[i] as Node }));
  else if (typeof value === 'object' && value !== null && !Array.isArray(value) && root) items.push({ value, node: root });
  else {
    err(root?.range ? root.range[0] - shift : start, 'not docker inspect output: expected a JSON array of container (or image) objects, or one such object');
    return result;
  }

  const imageItems = items.filter((i) => isImageObject(i.value));
  const images = imageItems.map((i) => imageFactsFromInspect(i.value));
  // Secrets of images: in `Env` (and the legacy `ContainerConfig.Env`), words of `Cmd` / `Entrypoint` / the health
  // check (`--token=…`, `mysql -p…`), and build arguments the history records (podman image inspect's `History`).
  const secretRanges = imageItems.flatMap((i) => {
    const locate = makeLocator(file, i.node, shift);
    const obj = i.value as Record<string, unknown>;
    return [...imageEnvSecretRanges(i.value, locate), ...commandWordSecrets(file, obj, locate, imageArgumentsProgram(obj)), ...historySecrets(file, obj, locate)];
  });
  if (secretRanges.length) result.secretRanges = secretRanges;
  const containers: ContainerSpec[] = [];
  const inspected: ContainerSpec[] = [];
  items.forEach((it, n) => {
    if (isContainerObject(it.value)) {
      const obj = it.value as Record<string, unknown>;
      const locate = makeLocator(file, it.node, shift);
      const spec = containerFromInspect(obj, locate, 'inspect', file.path, imageFor(obj, images));
      containers.push(spec);
      inspected.push(spec);
      const masks = commandWordSecrets(file, obj, locate, argumentsProgram(spec));
      if (masks.length) result.secretRanges = [...(result.secretRanges ?? []), ...masks];
    } else if (isServiceObject(it.value)) {
      // `docker service inspect`: the containers a Swarm service's tasks run.
      containers.push(containerFromService(it.value, makeLocator(file, it.node, shift), file.path));
    } else if (!isImageObject(it.value)) {
      const what = items.length > 1 ? `item ${n} ` : '';
      err(it.node?.range ? it.node.range[0] - shift : start, `${what}is not a container, a service or an image from docker inspect / docker service inspect / podman inspect (no HostConfig, Spec.TaskTemplate, or Config with RootFS); not audited`);
    }
  });
  // `"PidMode": "container:<id>"` (and `IpcMode`, `NetworkMode`) of a container of this file that has the host's
  // namespace (or no network): the joiner has it too, as a run line's `--pid container:NAME` has.
  applySharedHostNamespaces(inspected);
  result.containers = containers;
  // Logging options (`splunk-token`) and secret labels of containers and services, as a `docker run` line's are (R-S).
  const configMasks = containers.flatMap((c) => inspectConfigSecretRanges(c, file.path, file.text));
  if (configMasks.length) result.secretRanges = [...(result.secretRanges ?? []), ...configMasks];
  if (imageItems.length) result.imageConfigs = imageItems.map((i) => imageConfigSpec(file, i.value as Record<string, unknown>, i.node, shift));
  return result;
}

/** OCI image-config member names (config.md) → the `docker image inspect` members that hold them. */
const INSPECT_MEMBER: Record<string, string> = { config: 'Config', architecture: 'Architecture', os: 'Os', variant: 'Variant', history: 'History' };

/**
 * An image object of `docker image inspect` as an {@link ImageConfigSpec}: its `Config` as the OCI `config`, named by
 * its first tag (else `sha256:` and 12 hex digits of its id), located in `file` through `node`.
 */
function imageConfigSpec(file: SourceFile, obj: Record<string, unknown>, node: Node, shift: number): ImageConfigSpec {
  const locate = makeLocator(file, node, shift);
  const tags = Array.isArray(obj.RepoTags) ? obj.RepoTags.filter((t): t is string => typeof t === 'string') : [];
  const id = typeof obj.Id === 'string' ? obj.Id : undefined;
  const name = tags[0] ?? (id ? `sha256:${bareId(id)!.slice(0, 12)}` : 'image');
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const cfg = obj.Config && typeof obj.Config === 'object' && !Array.isArray(obj.Config) ? (obj.Config as NonNullable<ImageConfigSpec['config']['config']>) : undefined;
  const whole = locate('');
  const range = { file: file.path, start: whole.kind === 'file' ? whole.start : 0, end: whole.kind === 'file' ? whole.end : 0 };
  // podman image inspect gives the history too (`History`: OCI history entries); docker image inspect does not.
  const history = Array.isArray(obj.History) ? (obj.History as NonNullable<ImageConfigSpec['config']['history']>) : undefined;
  return {
    target: { kind: 'image', name, range },
    file: file.path,
    config: { architecture: str(obj.Architecture), os: str(obj.Os), variant: str(obj.Variant), ...(cfg ? { config: cfg } : {}), ...(history ? { history } : {}) },
    locate: (pointer) => {
      const [, first, ...rest] = pointer.split('/');
      return locate(first === undefined ? '' : ['', INSPECT_MEMBER[first] ?? first, ...rest].join('/'));
    },
  };
}

/**
 * Secret words of a container's process as docker inspect shows it — `Args` (what follows `Path`), `Config.Cmd`,
 * `Config.Entrypoint` (`--token=ghp_…`, `--requirepass pw`), and the health check's `Config.Healthcheck.Test`
 * (`["CMD", "redis-cli", "-a", "pw", "ping"]`, `["CMD-SHELL", "curl -H '…' …"]`) — and of an image's config: their
 * ranges in the file, masked in every report like the Compose `command:` (src/rules/util/command-secrets.ts). `program`
 * is the program `Cmd` and `Args` are the arguments of when they do not name it (a single-tool image's:
 * `curlimages/curl`; `argumentsProgram`). Never throws.
 */
function commandWordSecrets(file: SourceFile, obj: Record<string, unknown>, locate: ReturnType<typeof makeLocator>, program?: string): SourceRange[] {
  const cfg = obj.Config && typeof obj.Config === 'object' ? (obj.Config as Record<string, unknown>) : {};
  const hc = cfg.Healthcheck && typeof cfg.Healthcheck === 'object' ? (cfg.Healthcheck as Record<string, unknown>) : {};
  const out: SourceRange[] = [];
  for (const [pointer, v] of [['/Args', obj.Args], ['/Config/Cmd', cfg.Cmd], ['/Config/Entrypoint', cfg.Entrypoint], ['/Config/Healthcheck/Test', hc.Test]] as const) {
    const words = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
    if (!words.length || (pointer === '/Config/Healthcheck/Test' && words[0] === 'NONE')) continue;
    const o = locate(pointer);
    if (o.kind !== 'file' || o.pointer !== pointer || o.start === undefined || o.end === undefined) continue;
    out.push(...secretWordRanges(file.path, file.text, o.start, o.end, words, pointer === '/Args' || pointer === '/Config/Cmd' ? program : undefined));
  }
  return out;
}

/** The program an image's `Cmd` is the arguments of when its `Entrypoint` is one ({@link argumentsProgram}: `["redis-cli"]`). */
function imageArgumentsProgram(obj: Record<string, unknown>): string | undefined {
  const cfg = obj.Config && typeof obj.Config === 'object' ? (obj.Config as Record<string, unknown>) : {};
  const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
  const sourced = (value: string[] | undefined, pointer: string) => value && { value, origin: { kind: 'engine' as const, container: '', pointer }, how: 'explicit' as const };
  return argumentsProgram({ entrypoint: sourced(strs(cfg.Entrypoint), '/Config/Entrypoint'), command: sourced(strs(cfg.Cmd), '/Config/Cmd') });
}

/**
 * The values of the build arguments an image's history records (`History[].created_by` of `podman image inspect`:
 * `|1 NPM_TOKEN=npm_… /bin/sh -c …`, `ARG NPM_TOKEN=…`; src/rules/util/image-history.ts) that are secrets by name or
 * value ({@link isSecretEnv}, as BW-0402 reports them): their ranges in the file, JSON escapes and all. Never throws.
 */
function historySecrets(file: SourceFile, obj: Record<string, unknown>, locate: ReturnType<typeof makeLocator>): SourceRange[] {
  const out: SourceRange[] = [];
  if (!Array.isArray(obj.History)) return out;
  obj.History.forEach((h, n) => {
    const by = h && typeof h === 'object' ? (h as Record<string, unknown>).created_by : undefined;
    if (typeof by !== 'string') return;
    const args = historyBuildArgs(by).filter((a) => a.value !== '' && !a.value.includes('$') && isSecretEnv(a.name, a.value));
    if (!args.length) return;
    const pointer = `/History/${n}/created_by`;
    const o = locate(pointer);
    if (o.kind !== 'file' || o.pointer !== pointer || o.start === undefined || o.end === undefined || file.text[o.start] !== '"') return;
    const chars = decodeJsonString(file.text.slice(o.start + 1, o.end - 1), o.start + 1);
    if (chars.value !== by) return;
    for (const a of args) out.push({ file: file.path, start: chars.at[a.start], end: chars.at[a.end - 1] + 1 });
  });
  return out;
}
