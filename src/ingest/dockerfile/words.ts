/**
 * Word-level helpers of the Dockerfile language, without the parser: variable references and substitution
 * (Dockerfile reference, "Environment replacement") and BuildKit's quote removal. Kept apart from the
 * ingester (index.ts) so that rules using them do not load dockerfile-ast.
 */

/** Variables visible to substitution: name → value (`undefined` when declared without a value). */
export type Scope = Map<string, string | undefined>;

/** Names referenced by `$X` / `${X}` / `${X:-d}` in `s`. */
export function referencedVariables(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))/g)) out.push(m[1] ?? m[2]);
  return out;
}

/**
 * Substitutes `$X`, `${X}`, `${X:-default}`, `${X:+alt}` with the values of `scope` (Dockerfile reference,
 * "Environment replacement"). Returns `undefined` when a referenced variable has no known value and no default.
 */
export function substitute(s: string, scope: Scope): string | undefined {
  let unknown = false;
  const out = s.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, braced: string | undefined, op: string | undefined, word: string | undefined, plain: string | undefined) => {
      const name = braced ?? plain ?? '';
      const v = scope.get(name);
      const set = v !== undefined && (op?.startsWith(':') ? v !== '' : true);
      if (op?.endsWith('-')) return set ? v! : (word ?? '');
      if (op?.endsWith('+')) return set ? (word ?? '') : '';
      if (v === undefined) unknown = true;
      return v ?? '';
    },
  );
  return unknown ? undefined : out;
}

/**
 * Removes shell quotes from a FROM or USER word as BuildKit's word processing does (moby/buildkit
 * `frontend/dockerfile/shell` lexer: `"…"` and `'…'` group, the quotes themselves are dropped):
 * `eclipse-temurin:"17"-jdk` → `eclipse-temurin:17-jdk`, `USER "0"` → `0`. A value without quotes is returned as is.
 */
export function removeQuotes(s: string): string {
  if (!/["']/.test(s)) return s;
  let out = '';
  let q: string | undefined;
  for (const ch of s) {
    if (q) {
      if (ch === q) q = undefined;
      else out += ch;
    } else if (ch === '"' || ch === "'") q = ch;
    else out += ch;
  }
  return out;
}

