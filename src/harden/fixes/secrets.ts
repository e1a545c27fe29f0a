/**
 * BW-0026 secret-in-environment (CIS 4.10; paper §IV.5; R-S): a secret written literally in the file is
 * taken out of it. Compose: the value becomes `${NAME}`, interpolated from the caller's environment
 * (compose-spec 12-interpolation.md), with a `# bulwark:` comment on its line; a run line: `-e NAME=value`
 * becomes `-e NAME`, passed through from the caller's environment (`docker run --env`), with the note on
 * the `# bulwark:` line above the command. The value is never copied: diffs show the old line masked
 * (HardenResult.masked). The finding stays, at a lower severity (interpolated: medium, passthrough: low):
 * a secret in the environment is still readable through `docker inspect`.
 *
 * The fallback of BW-0026: harden tries `secret-files.ts` first (Compose secrets, bind-mounted files read
 * through `NAME_FILE`, the rule's remediation); this fix is used only where that one does not apply (a
 * variable name no shell can export, a `NAME_FILE` already beside the variable).
 *
 * Unsafe: the deployment now needs the variable set where Compose or the script runs.
 */
import type { EnvVar } from '../../model/types.js';
import type { ContainerEditor, Fix } from '../types.js';
import { writtenAt } from './util.js';

/** The Compose spelling of a value taken from the caller's environment. */
export function fromEnvironment(name: string): string {
  return `\${${name}}`;
}

/** The `# bulwark:` note for variable `name`: says the value was removed and must be provided; never contains the value. */
export function removedNote(name: string): string {
  return `the value of ${name} was removed from this file: set ${name} in the environment (or use a secret file)`;
}

interface EnvEditor {
  replaceEnv?(name: string, replacement: string, note: string): boolean;
  passThroughEnv?(e: EnvVar): boolean;
}

/** The fix. Applies to literal values (`data.kind` `literal`) of variables written in the file. */
export const secretFromEnvironment: Fix = {
  ruleId: 'BW-0026',
  slug: 'secret-in-environment',
  applicability: 'unsafe',
  title: "take the secret's value out of the file: it comes from the caller's environment",
  attack: 'the secret read from the file, its copies and its version history by anyone who can read them — R-S',
  breaks: 'the deployment needs the variable set where docker compose or the script runs (Compose uses an empty value when it is unset); better, give the secret as a file (Compose secrets, NAME_FILE)',
  applies: (f, c) => f.certainty === 'definite' && f.data.kind === 'literal' && !!c && !!writtenAt(c.env, f),
  container(c, f, ed: ContainerEditor & EnvEditor) {
    const e = writtenAt(c.env, f)!;
    if (ed.kind === 'compose') return !!ed.replaceEnv?.(e.name, fromEnvironment(e.name), removedNote(e.name));
    return !!ed.passThroughEnv?.(e);
  },
};
