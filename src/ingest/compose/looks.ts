/**
 * Cheap Compose detection, without the YAML parser (the shell and Markdown ingesters call it on every heredoc
 * and code block; importing it does not load `yaml`).
 */

/**
 * True if the YAML text looks like a Compose file: a top-level `services:` key (block or flow) and not a
 * Kubernetes manifest (top-level `apiVersion:` and `kind:`). Cheap: regular expressions, no parse.
 */
export function looksLikeCompose(text: string): boolean {
  if (/^apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text)) return false;
  return /^services\s*:/m.test(text) || /^\{\s*"?services"?\s*:/.test(text.trimStart());
}
