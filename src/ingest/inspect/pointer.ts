/**
 * JSON pointers (RFC 6901) for inspect findings, apart from the JSON reader so that code which only names
 * fields (the live audit) does not load the YAML parser.
 */

/** Escapes one JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
