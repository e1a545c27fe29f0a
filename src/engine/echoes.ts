/**
 * Echoes of secret values: the other places of a text where a secret value found at one place is written again
 * (a password repeated in a healthcheck, a token in a URL), so that the report masks them too (R-S: secrets never
 * appear in bulwark's output). Used by the audit engine (src/engine/audit.ts) and by harden's diff (src/harden/mask.ts).
 */

/** Shortest secret value masked wherever it appears: shorter ones would mask ordinary words. */
export const MIN_SECRET_ECHO = 6;
/** Shortest secret value whose echoes are masked at all; from here to {@link MIN_SECRET_ECHO} only where delimited. */
export const MIN_SHORT_ECHO = 3;

/**
 * The secret values written at `ranges` of `text` (offsets, end exclusive), trimmed, that are worth searching for:
 * one line, at least {@link MIN_SHORT_ECHO} characters, and not in `names` (the target names and image references a
 * report prints anyway: `POSTGRES_PASSWORD: postgres` beside the service `postgres`; the value itself stays masked,
 * its echoes as that name do not). A value written over several lines (a PEM key) is not searched for.
 */
export function secretValues(text: string, ranges: readonly { start: number; end: number }[], names?: ReadonlySet<string>): Set<string> {
  const values = new Set<string>();
  for (const r of ranges) {
    const v = text.slice(r.start, r.end).trim();
    if (v.length >= MIN_SHORT_ECHO && !v.includes('\n') && !names?.has(v)) values.add(v);
  }
  return values;
}

/**
 * Every occurrence in `text` of each of `values` as ranges (offsets, end exclusive). Values of
 * {@link MIN_SECRET_ECHO} characters or more count wherever they appear; shorter ones (`r00t!`, `admin`: the default
 * passwords a healthcheck repeats as `-pr00t!`) where they stand as a word of their own: not inside a longer word or
 * path (letters, digits, `_`, `.`, `/`, `-`), except after a `-p` (mysql(1), sshpass `-pPASSWORD`).
 * Linear in the size of `text` for each value.
 */
export function echoRanges(text: string, values: Iterable<string>): { start: number; end: number }[] {
  const alnum = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_./-]/.test(c);
  const out: { start: number; end: number }[] = [];
  for (const v of values) {
    if (v.length < MIN_SHORT_ECHO) continue;
    const short = v.length < MIN_SECRET_ECHO;
    for (let i = text.indexOf(v); i !== -1; i = text.indexOf(v, i + v.length)) {
      if (short && ((alnum(v[0]) && alnum(text[i - 1]) && text.slice(i - 2, i) !== '-p') || (alnum(v[v.length - 1]) && alnum(text[i + v.length])))) continue;
      out.push({ start: i, end: i + v.length });
    }
  }
  return out;
}
