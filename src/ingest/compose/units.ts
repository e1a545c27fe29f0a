/**
 * Unit conversions for Compose values.
 *
 * Sources: compose-spec "Specifying byte values" (`{amount}{byte unit}`, units b, k, m, g (and kb, mb,
 * gb), base 1024, as docker/go-units `RAMInBytes`), compose-spec `cpus` (fractional CPUs; Engine API
 * `NanoCpus` = CPUs × 1e9).
 */

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/**
 * Parses a compose-spec byte value (`512m`, `1g`, `1.5GB`, `2KiB`, `100000`, a YAML number) to bytes
 * (truncated to an integer, as go-units does). `-1` is accepted (meaning "unlimited" for `memswap_limit`).
 * Returns `undefined` when the text is not a byte value.
 */
export function parseBytes(v: string | number): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : undefined;
  const m = /^\s*(-?\d+(?:\.\d+)?|\.\d+)\s*([kmgtp]?)(?:i?b)?\s*$/i.exec(v);
  if (!m) return undefined;
  return Math.trunc(parseFloat(m[1]) * BYTE_UNITS[m[2].toLowerCase()]);
}

/** Parses `cpus` (`0.5`, `"1.5"`, `2`) to nanoCPUs (`0.5` → 500000000). `undefined` if not a number. */
export function parseNanoCpus(v: string | number): number | undefined {
  const n = typeof v === 'number' ? v : /^\s*\d*\.?\d+\s*$/.test(v) ? parseFloat(v) : NaN;
  return Number.isFinite(n) ? Math.round(n * 1e9) : undefined;
}

/** Parses an integer written as a YAML number or a numeric string (`"150"`, `-1`). */
export function parseInteger(v: string | number): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  return /^\s*-?\d+\s*$/.test(v) ? parseInt(v, 10) : undefined;
}

/**
 * Parses a boolean field. Accepts YAML booleans and, because docker compose casts strings for boolean
 * fields, the strings `true`/`false`, `yes`/`no`, `on`/`off`, `y`/`n` in any case (YAML 1.1 spellings:
 * compose-go `toBoolean`, "should match http://yaml.org/type/bool.html"). Returns `undefined` for anything else.
 */
export function parseBool(v: string | number | boolean): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  if (s === 'true' || s === 'yes' || s === 'on' || s === 'y') return true;
  if (s === 'false' || s === 'no' || s === 'off' || s === 'n') return false;
  return undefined;
}

/** Splits a command string into words as a POSIX shell would for simple quoting (`'…'`, `"…"`, `\`). */
export function shellSplit(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      cur += end < 0 ? s.slice(i + 1) : s.slice(i + 1, end);
      i = end < 0 ? s.length : end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\' && j + 1 < s.length && '"\\$`'.includes(s[j + 1])) j++;
        cur += s[j];
      }
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}
