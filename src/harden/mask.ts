/**
 * Which masked spans of a diff may be shown as written (R-S: secrets masked in every output). The audits
 * mask every value they rate as a secret, including values that are only a reference to a variable
 * (`-e POSTGRES_PASSWORD="$DB_PASS"`, `ADMIN_TOKEN: "${VW_ADMIN_TOKEN}"`). A reference holds no secret:
 * it names where the value comes from. Masking it in harden's diff only made the diff fail to apply
 * with `patch` (its context and removed lines no longer match the file). Literal values, and references
 * with a literal default (`${DB_PASSWORD:-changeme}`), stay masked.
 */

/**
 * A span made only of variable references with no literal value: `$NAME`, `${NAME}`, and `${NAME:?message}` /
 * `${NAME?message}` (the message is shown when the variable is unset; POSIX sh and compose-spec interpolation).
 */
const REFERENCES = /^(?:\$\{[A-Za-z_][A-Za-z0-9_]*(?::?\?[^}$]*)?\}|\$[A-Za-z_][A-Za-z0-9_]*)+$/;

/**
 * `masked` (same length as `text`, secrets replaced by `*`) with each masked span that is only variable
 * references ({@link REFERENCES}) put back as written. A span stays masked when the reference is not
 * expanded where it stands, so that the text is a literal value: after `$` (Compose's `$$` escape), or
 * inside single quotes outside Compose files (a shell or Dockerfile `'…$X…'` is literal).
 * @param compose whether `text` is a Compose file (YAML quoting does not stop Compose interpolation)
 */
export function revealReferences(text: string, masked: string, compose: boolean): string {
  if (masked.length !== text.length || masked === text) return masked;
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (masked[i] === text[i]) {
      out += masked[i++];
      continue;
    }
    let j = i;
    while (j < text.length && masked[j] !== text[j]) j++;
    const span = text.slice(i, j);
    const ls = text.lastIndexOf('\n', i - 1) + 1;
    const singleQuoted = !compose && (text.slice(ls, i).match(/'/g) ?? []).length % 2 === 1;
    out += REFERENCES.test(span) && text[i - 1] !== '$' && !singleQuoted ? span : masked.slice(i, j);
    i = j;
  }
  return out;
}
