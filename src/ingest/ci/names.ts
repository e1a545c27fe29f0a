/**
 * The CI services of ./systems.ts, recognised by the names of their pipeline files (kept apart from the walker,
 * which needs the YAML library, so that kind detection of every file does not load it).
 */
import { basename } from 'node:path';

/** A CI service of this module. */
export type CiSystem = 'azure' | 'circleci' | 'bitbucket' | 'travis' | 'drone' | 'buildkite';

/**
 * The CI service a pipeline file belongs to, by its name and directory (./systems.ts lists them); `undefined` for any other
 * file. `path` may be relative or absolute, with `/` or `\` separators.
 */
export function ciSystemOf(path: string): CiSystem | undefined {
  const p = path.replace(/\\/g, '/');
  const name = basename(p).toLowerCase();
  if (!/\.ya?ml$/.test(name)) return undefined;
  if (/^azure-pipelines(?:[-.][\w.-]+)?\.ya?ml$/.test(name) || /(?:^|\/)\.(?:azure-pipelines|azuredevops)\/(?:[^/]+\/)*[^/]+$/i.test(p)) return 'azure';
  if (/(?:^|\/)\.circleci\/config\.ya?ml$/i.test(p)) return 'circleci';
  if (name === 'bitbucket-pipelines.yml' || name === 'bitbucket-pipelines.yaml') return 'bitbucket';
  if (name === '.travis.yml' || name === '.travis.yaml') return 'travis';
  if (name === '.drone.yml' || name === '.drone.yaml' || name === '.woodpecker.yml' || name === '.woodpecker.yaml' || /(?:^|\/)\.woodpecker\/[^/]+$/i.test(p)) return 'drone';
  if (/(?:^|\/)\.buildkite\/[^/]*pipeline[^/]*\.ya?ml$/i.test(p)) return 'buildkite';
  return undefined;
}

/**
 * Extensions that say a file is source code, a document, data or a script of its own, whatever its name starts with
 * (`dockerfile.ts`, `dockerfile_gen.go`, `Dockerfile.md`, `jenkinsfile.test.js`): such a file is never taken for a
 * Dockerfile or a Jenkinsfile by its name (GitHub Linguist likewise knows Dockerfiles only as `Dockerfile`,
 * `Containerfile`, `*.dockerfile`, `*.containerfile`). Variants without such an extension (`Dockerfile.prod`,
 * `Dockerfile-alpine`, `Containerfile.fedora`, `Dockerfile.j2`) are still build files. Groovy is left out: a
 * `Jenkinsfile.groovy` is a Jenkins pipeline (the Dockerfile check adds it).
 */
export const SOURCE_OR_DOC_EXTENSION =
  /\.(?:[cm]?[jt]sx?|go|py|pyi|rb|java|kts?|scala|rs|c|h|cc|cpp|cxx|hpp|cs|swift|php|lua|dart|vue|svelte|md|markdown|mdx|txt|adoc|asciidoc|asc|rst|rest|html?|xhtml|css|scss|sass|less|tex|pdf|json|jsonc|json5|ya?ml|toml|ini|xml|csv|lock|snap|map|sh|bash|zsh|ksh|fish|ps1|psm1|bat|cmd|bak|orig|rej|swp|disabled)$/i;

/** Whether a file name is a Jenkins pipeline (`Jenkinsfile`, `Jenkinsfile.prod`, `deploy.jenkinsfile`; ./jenkins.ts), not `jenkinsfile.ts`. */
export function isJenkinsfile(name: string): boolean {
  if (SOURCE_OR_DOC_EXTENSION.test(name)) return false;
  return /^jenkinsfile(?:[._-][\w.-]*)?$/i.test(name) || /\.jenkinsfile$/i.test(name);
}
