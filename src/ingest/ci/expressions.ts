/**
 * CI expressions written inside scripts and flags: GitHub Actions `${{ … }}` (docs.github.com, "Evaluate
 * expressions in workflows and actions"), GitLab `$[[ inputs.… ]]` (docs.gitlab.com, "Define inputs for
 * configuration added with include") and CircleCI `<< parameters.x >>` / `<< pipeline.parameters.x >>` /
 * `<< pipeline.git.tag >>` / `<< matrix.x >>` (circleci.com/docs, "Reusable config reference": parameters, "Pipeline
 * values and parameters"). The CI service fills them in before any shell or `docker create` sees
 * the text, so bulwark reads each as an unset variable: an unknown value, never a parse error.
 */
import type { ContainerSpec, ExecLine } from '../../model/types.js';

/**
 * A `${{ … }}`, `$[[ … ]]` or CircleCI `<< parameters.… >>` expression on one line (global: use with
 * `String.replace`). The CircleCI form needs one of its own roots (`parameters.`, `pipeline.`, `matrix.`), so a
 * shell here-document (`<<EOF`) or append (`>>`) never matches.
 */
export const CI_EXPRESSION = /\$\{\{[^\n]*?\}\}|\$\[\[[^\n]*?\]\]|<<[ \t]*(?:pipeline\.|parameters\.|matrix\.)[\w.-]+[ \t]*>>/g;

/**
 * A GitHub `${{ … }}` expression (or a GitLab `$[[ inputs.x ]]` interpolation) as an unset shell variable of
 * the same length named after it, so a message that quotes the value stays readable: `${{ matrix.uid }}` →
 * `${matrix_uid____}`, `${{ secrets.TOKEN }}` → `${secrets_TOKEN____}` (braces: the name never runs into the
 * text after it).
 */
export function expressionAsVariable(m: string): string {
  let name = (m.startsWith('<<') ? m.slice(2, -2) : m.slice(3, -2)).trim().replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z_]/.test(name)) name = '_' + name;
  return '${' + name.slice(0, m.length - 3).padEnd(m.length - 3, '_') + '}';
}

/** `text` with every CI expression in `start..end` written as {@link expressionAsVariable} (same length). */
export function expressionsAsVariables(text: string, start: number, end: number): string {
  const part = text.slice(start, end);
  if (!part.includes('${{') && !part.includes('$[[') && !part.includes('<<')) return text;
  return text.slice(0, start) + part.replace(CI_EXPRESSION, expressionAsVariable) + text.slice(end);
}

/**
 * Puts the CI expressions of a script back, as written, into what a report prints of the containers read from
 * its same-length shell text `body` (see {@link expressionAsVariable}; Jenkins GStrings' `${env.TAG}` likewise):
 * the target name (an image `${{ inputs.image }}` with no `--name` is the target `${{ inputs.image }}`, as
 * written, not `${inputs_image____}`), the image reference, an unknown user and the words named as possible
 * options (`unless ${{ inputs.flags }} sets it`), a mount source and a `--link` as written (`${{ github.workspace }}`). Other
 * values a rule judges (environment) keep the shell reading. `original` is the script as written in the file, at the same offsets as `body`. The container a
 * `docker exec` line names (`execs`: `docker exec --privileged ${{ env.WORKER }} …`) is restored too. Changes
 * `containers` and `execs` in place.
 */
export function restoreExpressions(containers: ContainerSpec[], original: string, body: string, execs: ExecLine[] = []): void {
  const back = new Map<string, string>();
  for (const m of original.matchAll(/\$\{\{[^\n]*?\}\}|\$\[\[[^\n]*?\]\]|<<[ \t]*(?:pipeline\.|parameters\.|matrix\.)[\w.-]+[ \t]*>>|\$\{[^{}\n]*\}/g)) {
    const read = body.slice(m.index, m.index + m[0].length);
    if (read !== m[0] && read.startsWith('${')) back.set(read, m[0]);
  }
  if (back.size === 0) return;
  const pattern = new RegExp([...back.keys()].map((k) => k.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&')).join('|'), 'g');
  const restore = (v: string): string => v.replace(pattern, (k) => back.get(k) ?? k);
  for (const c of containers) {
    c.target.name = restore(c.target.name);
    if (c.image && typeof c.image.value === 'string') c.image.value = restore(c.image.value);
    // A user filled in by the CI service is unknown whatever its text: only how the message quotes it changes.
    if (c.user?.how === 'unresolved') c.user.value = restore(c.user.value);
    const u = c.extra.unresolvedOptions;
    if (u && Array.isArray(u.value)) u.value = (u.value as unknown[]).map((w) => (typeof w === 'string' ? restore(w) : w));
    // A mount source the CI service fills in (`-v ${{ github.workspace }}:/src`) is quoted as written; its
    // kind (a host path of unknown value) was decided when it was read.
    for (const m of c.mounts) if (m.sourceRaw?.includes('${')) m.sourceRaw = restore(m.sourceRaw);
    // A `--link ${c.id}:db` (Jenkins) or `--link ${{ job.services.db.id }}:db` is quoted as written.
    for (const l of c.links) if (l.value.includes('${')) l.value = restore(l.value);
  }
  for (const x of execs) {
    x.container = restore(x.container);
    if (x.exec.user?.how === 'unresolved') x.exec.user.value = restore(x.exec.user.value);
  }
}
