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

/** Whether a file name is a Jenkins pipeline (`Jenkinsfile`, `Jenkinsfile.prod`, `deploy.jenkinsfile`; ./jenkins.ts). */
export function isJenkinsfile(name: string): boolean {
  if (/\.(?:md|markdown|txt|adoc|rst|html?|json|ya?ml|xml|sh|ps1|bak|orig|swp|disabled)$/i.test(name)) return false;
  return /^jenkinsfile(?:[._-][\w.-]*)?$/i.test(name) || /\.jenkinsfile$/i.test(name);
}
