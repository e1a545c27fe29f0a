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
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { CiSystem } from './names.js';

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
