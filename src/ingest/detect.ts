/**
 * Detects the kind of an input file from its name and, where the name is not enough, its content.
 * Names follow the tools that own them: Compose's default file names (compose-spec "Compose file"),
 * Docker's `Dockerfile`/`Containerfile` conventions, and the usual script and document extensions.
 */
import { basename, extname } from 'node:path';
import { helmTemplateAt } from './kubernetes/helm.js';
import { ciSystemOf, isJenkinsfile, SOURCE_OR_DOC_EXTENSION } from './ci/names.js';
import type { InputKind } from '../model/types.js';

/** Kinds bulwark recognises but does not audit (reported as unsupported when named explicitly). */
export type OtherKind = 'json';

/** Whether JSON text is `docker inspect` / `podman inspect` output (an array of, or one, container or image object). */
export function jsonLooksLikeInspect(text: string): boolean {
  const t = text.trimStart();
  if (!(t.startsWith('[') || t.startsWith('{'))) return false;
  // `docker service inspect` (a Swarm service): `Spec.TaskTemplate.ContainerSpec`.
  return /"(?:HostConfig|GraphDriver|ContainerConfig|RootFS|TaskTemplate)"\s*:/.test(text) && /"(?:Id|ID)"\s*:/.test(text);
}

/** Keys only a dockerd daemon.json has. */
const DAEMON_KEYS = /"(?:hosts|insecure-registries|registry-mirrors|userns-remap|live-restore|icc|log-driver|log-opts|storage-driver|storage-opts|exec-opts|data-root|default-ulimits|no-new-privileges|userland-proxy|tlsverify|tlscacert|seccomp-profile|authorization-plugins|cgroup-parent|iptables|ip-forward|default-runtime|runtimes|experimental|selinux-enabled|bip|default-address-pools|features|builder|dns|mtu)"\s*:/;

/** Whether JSON text is a dockerd daemon.json. */
export function jsonLooksLikeDaemon(text: string): boolean {
  return text.trimStart().startsWith('{') && DAEMON_KEYS.test(text) && !jsonLooksLikeInspect(text);
}

/**
 * Whether a systemd unit or drop-in starts the Docker daemon: `dockerd` (also RHEL's `dockerd-current` and the
 * rootless `dockerd-rootless.sh`), or the pre-1.12 `docker daemon` / `docker -d` of old units.
 */
export function unitLooksLikeDockerd(text: string): boolean {
  return (
    /^\s*ExecStart\s*=.*(?:\bdockerd\b|\bdocker(?:-current)?\s+(?:daemon\b|-d\b))/m.test(text) ||
    (/^\s*\[Service\]/m.test(text) && /\bdockerd\b/.test(text))
  );
}

/** A systemd unit line that runs `docker run` / `docker create` / `podman run` (prefixes `-@+!:` allowed). */
const UNIT_RUNS_CONTAINER = /^\s*Exec(?:Start(?:Pre|Post)?|Reload)\s*=.*\b(?:docker|podman|nerdctl)(?:\s+container)?\s+(?:run|create)\b/m;

/**
 * Whether a socket unit (`docker.socket`, or a drop-in of it) says where the Docker daemon listens or how its socket
 * is protected: a `ListenStream=`, `SocketMode=` or `SocketGroup=` in a unit named `docker*.socket` or in
 * `docker.socket.d/` (systemd socket activation: dockerd started with `-H fd://` serves what the socket unit binds,
 * e.g. `ListenStream=0.0.0.0:2375`, with the unit's mode and group).
 */
export function socketUnitOfDocker(path: string, text: string): boolean {
  const name = basename(path);
  return (/^docker[\w.-]*\.socket$/i.test(name) || /docker\.socket\.d[\\/][^\\/]+\.conf$/i.test(path)) && /^\s*(?:ListenStream|SocketMode|SocketGroup)\s*=/m.test(text);
}

/**
 * Whether a file is a distribution's dockerd option file: `/etc/default/docker` (Debian, Ubuntu: `DOCKER_OPTS=`)
 * or `/etc/sysconfig/docker`, `docker-network`, `docker-storage` (RHEL, CentOS: `OPTIONS=`,
 * `INSECURE_REGISTRY=`, …), which the init scripts and units pass to dockerd.
 */
export function optionFileOfDocker(path: string, text: string): boolean {
  return (
    /(?:^|[\\/])(?:default|sysconfig)[\\/]docker(?:-[\w]+)?$/.test(path) &&
    /^\s*(?:export\s+)?(?:DOCKER_OPTS|OPTIONS|INSECURE_REGISTRY|ADD_REGISTRY|BLOCK_REGISTRY|DOCKER_STORAGE_OPTIONS|DOCKER_NETWORK_OPTIONS)\s*=/m.test(text)
  );
}

/** Compose file names; also the copies repositories ship to be renamed (`docker-compose.yml.example`, `.dist`, `.sample`). */
const COMPOSE_NAME = /^(?:(?:docker-)?compose(?:\.[\w.-]+)?\.ya?ml|.*\.compose\.ya?ml|docker-compose[\w.-]*\.ya?ml)(?:\.(?:example|sample|dist|default))?$/i;
const DOCKERFILE_NAME = /^(?:Dockerfile|Containerfile)(?:\d+|[._-][\w.-]+)?$|\.(?:dockerfile|containerfile)$/i;

/**
 * Whether the YAML text has a top-level `services:` key and no Kubernetes `apiVersion`/`kind` pair. A file written
 * as one flow mapping (JSON-flavoured YAML: `{"services": {"app": {…}}}`) counts when it has a `services` mapping.
 */
/**
 * Service keys only Compose uses (compose-spec 05-services.md), indented: keys that other YAML shares (`ports`,
 * `labels`, `volumes`, `user`, `networks`) are left out. Tells a Helm values file from a Compose file.
 */
const COMPOSE_SERVICE_KEY = /^[ \t]+(?:image|build|extends|command|entrypoint|environment|cap_add|cap_drop|security_opt|privileged|network_mode|restart|depends_on|healthcheck|deploy|pids_limit|mem_limit|read_only|tmpfs|devices|env_file|container_name|ulimits|userns_mode|volumes_from|stdin_open|tty)[ \t]*:/m;

export function yamlLooksLikeCompose(text: string): boolean {
  if (/^\s*\{/.test(text)) return /["']?services["']?[ \t]*:\s*\{/.test(text) && !/["']?apiVersion["']?[ \t]*:/.test(text);
  if (!/^services[ \t]*:/m.test(text)) return false;
  return !(/^apiVersion[ \t]*:/m.test(text) && /^kind[ \t]*:/m.test(text));
}

export { HELM_TEMPLATE } from './kubernetes/helm.js';

/**
 * Whether the YAML text is a Kubernetes manifest: top-level `apiVersion:` and `kind:` keys, and no Helm
 * template actions ({@link helmTemplateAt}: a chart's `templates/*.yaml` is not YAML until `helm template`
 * renders it, so a directory scan skips it).
 */
export function yamlLooksLikeKubernetes(text: string): boolean {
  // A manifest written as one flow mapping (`kubectl get -o json` saved as .yaml: JSON is YAML).
  if (/^\s*\{/.test(text)) return /["']?apiVersion["']?[ \t]*:/.test(text) && /["']?kind["']?[ \t]*:/.test(text) && helmTemplateAt(text) < 0;
  return /^apiVersion[ \t]*:/m.test(text) && /^kind[ \t]*:/m.test(text) && helmTemplateAt(text) < 0;
}

/**
 * Where a Kubernetes manifest that Helm template actions make no manifest yet (`image: "{{ .Values.image }}"` in a
 * file outside a chart's `templates/`) has its first action, as an offset; -1 for any other text. Such a file is
 * neither audited as a manifest nor skipped in silence: it is an input error (render it first).
 */
export function helmTemplatedManifestAt(text: string): number {
  if (!/^apiVersion[ \t]*:/m.test(text) || !/^kind[ \t]*:/m.test(text)) return -1;
  return helmTemplateAt(text);
}

/** File names `kustomize build` reads a directory's kustomization from (kubectl.docs.kubernetes.io, "Kustomization"). */
export const KUSTOMIZATION_NAME = /^(?:kustomization\.ya?ml|Kustomization)$/;

/**
 * Whether a kustomization's text holds an inline patch (cheap, no parse): a `patch:` entry (`patches`,
 * `patchesJson6902`), or an item of `patchesStrategicMerge` written as a block scalar (`- |`). Such a file is
 * audited as a Kubernetes manifest (its patches are read in place: kubernetes/kustomize.ts); another kustomization
 * describes no container until built.
 */
export function kustomizationHasInlinePatch(text: string): boolean {
  return /^[ \t]*(?:-[ \t]+)?patch[ \t]*:[ \t]*\S/m.test(text) || (/^patchesStrategicMerge[ \t]*:/m.test(text) && /^[ \t]*-[ \t]+[|>]/m.test(text));
}

/** Whether the text starts with a shell shebang. */
/**
 * Whether a YAML file is a CI pipeline whose scripts bulwark reads (kind `ci`): a GitHub Actions workflow (a
 * file under `.github/workflows/`, or a top-level `jobs:` with `runs-on:`/`steps:`), a GitLab CI pipeline
 * (`.gitlab-ci.yml`, `*.gitlab-ci.yml`, or top-level `stages:` with a job's `script:`), or the pipeline file of
 * Azure Pipelines, CircleCI, Bitbucket Pipelines, Travis CI, Drone/Woodpecker or Buildkite by its name
 * (./ci/names.ts).
 */
export function ciPipeline(path: string, text: string): boolean {
  // Azure Pipelines, CircleCI, Bitbucket, Travis, Drone/Woodpecker, Buildkite: by their file names.
  if (ciSystemOf(path)) return true;
  // A byte order mark before the first key is not part of it.
  const head = text.replace(/^\uFEFF/, '');
  if (/(?:^|[\\/])\.github[\\/]workflows[\\/][^\\/]+$/.test(path) && /^jobs\s*:/m.test(head)) return true;
  if (/^(?:.+\.)?\.?gitlab-ci\.ya?ml$/i.test(basename(path))) return true;
  // GitLab CI files included from elsewhere (`.gitlab/ci/*.yml`), or any YAML with GitLab's `services:` list (service
  // containers: `services: [docker:24-dind]`) and a job's `script:` (docs.gitlab.com, "CI/CD YAML syntax reference").
  if (/^\s+script\s*:/m.test(head) && (/(?:^|[\\/])\.gitlab[\\/]/.test(path) || /^services[ \t]*:[ \t]*(?:\[|\r?\n[ \t]*- )/m.test(head))) return true;
  // A GitHub composite action's metadata (`action.yml`: `runs:` with `using: composite` and `steps:`; docs.github.com,
  // "Metadata syntax for GitHub Actions"): its `run:` steps start containers on the caller's runner.
  if (/^action\.ya?ml$/i.test(basename(path)) && /^runs[ \t]*:/m.test(head) && /^[ \t]+using[ \t]*:[ \t]*['"]?composite\b/im.test(head) && /^[ \t]+steps[ \t]*:/m.test(head)) return true;
  if (/^jobs\s*:/m.test(head) && /^\s+(?:runs-on|steps)\s*:/m.test(head) && /^on\s*:|^"on"\s*:|^'on'\s*:/m.test(head)) return true;
  // A GitLab CI/CD component or include template with inputs: a `spec: inputs:` header document, `---`, then
  // jobs with `script:` (docs.gitlab.com, "CI/CD components"); not a Kubernetes object (Tekton v1alpha1 Tasks
  // have `spec: inputs:` and `script:` too).
  if (/^spec[ \t]*:[ \t]*\r?\n[ \t]+inputs[ \t]*:/m.test(head) && /^---/m.test(head) && /^\s+script\s*:/m.test(head) && !/^(?:apiVersion|kind)[ \t]*:/m.test(head)) return true;
  return /^stages\s*:/m.test(head) && /^\s+script\s*:/m.test(head);
}

export function hasShellShebang(text: string): boolean {
  return /^#![^\n]*\b(?:ba|da|k|z)?sh\b/.test(text);
}

/** Whether a path names a process's command line: `/proc/<pid>/cmdline`, `/proc/self/cmdline` (proc(5): the arguments, each ended by a NUL). */
export function isProcCmdline(path: string): boolean {
  return /(?:^|[\\/])proc[\\/](?:self|\d+)[\\/]cmdline$/.test(path);
}

/**
 * Detects an input's kind.
 * @param path file path: its base name and extension, and for drop-ins and option files its directory
 * @param head the first bytes of the file as text, for content sniffing (may be empty)
 * @returns the kind, or `undefined` when bulwark does not read this file
 */
export function detectKind(path: string, head: string): InputKind | OtherKind | undefined {
  const name = basename(path);
  if (COMPOSE_NAME.test(name)) return 'compose';
  // BuildKit's per-Dockerfile ignore file (`Dockerfile.dockerignore`) lists build-context patterns, not instructions;
  // `dockerfile.ts`, `Dockerfile.md`, `dockerfile_gen.go` are source code and documents about Dockerfiles.
  if (DOCKERFILE_NAME.test(name) && !/\.dockerignore$/i.test(name) && !(SOURCE_OR_DOC_EXTENSION.test(name) || /\.groovy$/i.test(name))) return 'dockerfile';
  if (/^daemon\.json$|\.daemon\.json$/i.test(name)) return 'daemon';
  if (/\.(?:docker-)?inspect\.json$|^inspect\.json$/i.test(name)) return 'inspect';
  // A Jenkins pipeline (Groovy): its sh steps and Docker agents (./ci/jenkins.ts).
  if (isJenkinsfile(name)) return 'ci';
  if (KUSTOMIZATION_NAME.test(name) && kustomizationHasInlinePatch(head)) return 'kubernetes';
  const ext = extname(name).toLowerCase();
  switch (ext) {
    case '.service':
      if (unitLooksLikeDockerd(head)) return 'daemon';
      // A unit that starts a container (`ExecStart=/usr/bin/docker run …`): its command lines are read as shell.
      return UNIT_RUNS_CONTAINER.test(head) ? 'shell' : undefined;
    case '.socket':
      return unitLooksLikeDockerd(head) || socketUnitOfDocker(path, head) ? 'daemon' : undefined;
    case '.conf':
      // A drop-in of docker.service (its `[Service]` section: flags, or only `Environment=` such as Docker's
      // documented http-proxy.conf), or any `.conf` drop-in whose `ExecStart=` runs dockerd (`override.conf`
      // copied out of `/etc/systemd/system/docker.service.d/`).
      // Any drop-in of docker.service or docker.socket (a `[Unit]`-only one describes no daemon, without an error).
      if (/docker\.(?:service|socket)\.d[\\/][^\\/]+$/.test(path) && /^\s*\[(?:Service|Unit|Socket|Install)\]/m.test(head)) return 'daemon';
      if (/^\s*\[Service\]/m.test(head) && /^\s*ExecStart\s*=.*(?:\bdockerd\b|\bdocker(?:-current)?\s+(?:daemon\b|-d\b))/m.test(head)) return 'daemon';
      return socketUnitOfDocker(path, head) ? 'daemon' : undefined;
    case '.sh':
    case '.bash':
    case '.zsh':
    case '.ksh':
      return 'shell';
    case '.md':
    case '.markdown':
    case '.mdx':
      return 'markdown';
    case '.adoc':
    case '.asciidoc':
    case '.asc':
      return 'asciidoc';
    case '.rst':
    case '.rest':
      return 'rst';
    case '.yml':
    case '.yaml':
      if (ciPipeline(path, head)) return 'ci';
      // A Helm chart's values (`values.yaml`, `values-prod.yaml`) with a `services:` mapping of its own
      // (`services: {api: {type: ClusterIP, port: 8080}}`) is not Compose unless a service has a key only Compose uses.
      if (/^values(?:[-.][\w.-]+)?\.ya?ml$/i.test(name) && !COMPOSE_SERVICE_KEY.test(head)) return undefined;
      if (yamlLooksLikeCompose(head)) return 'compose';
      if (yamlLooksLikeKubernetes(head)) return 'kubernetes';
      return undefined;
    case '.json':
      if (jsonLooksLikeInspect(head)) return 'inspect';
      // A Compose file written as JSON (checked before daemon.json, whose keys a service can share: `dns`; `docker compose -f docker-compose.json`: JSON is YAML).
      if (/^\s*\{/.test(head) && /"services"\s*:\s*\{/.test(head) && !/"apiVersion"\s*:/.test(head)) return 'compose';
      // `kubectl get -o json` / a JSON manifest: an object (or List) with apiVersion and kind. Before daemon.json, whose
      // keys a manifest can hold (`hosts` of an Ingress's `spec.tls`, of an Istio Gateway); a daemon.json has no `kind`.
      if (/^\s*\{/.test(head) && /"apiVersion"\s*:/.test(head) && /"kind"\s*:/.test(head)) return 'kubernetes';
      if (jsonLooksLikeDaemon(head)) return 'daemon';
      return 'json';
    case '':
      // A process's command line (`/proc/7892/cmdline` of dockerd): its flags are the daemon's.
      if (isProcCmdline(path)) return 'daemon';
      if (hasShellShebang(head)) return 'shell';
      if (optionFileOfDocker(path, head)) return 'daemon';
      return undefined;
    default:
      return undefined;
  }
}
