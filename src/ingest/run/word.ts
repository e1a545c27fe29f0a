/**
 * Words of a command line with exact positions, shared by the shell ingester, the line-scan fallback
 * and the `docker run` parser.
 */
import type { SourceRange, SourceFile } from '../../model/source.js';

/**
 * One word of a command line with its exact position.
 *  - `value`: the word after quote removal (`--net="host"` → `--net=host`); unresolved expansions
 *    (`$HOME`, `${X:-y}`, `$(cmd)`, `` `cmd` ``) are kept as their raw text.
 *  - `start`/`end`: UTF-16 offsets of the whole word in the file text (end exclusive).
 *  - `unresolved`: the word contains an expansion whose value the parser cannot know.
 *  - `raw`: the word as written.
 *  - `offsets`: optional, one UTF-16 offset per character of `value` (where that character is written),
 *    so ranges inside a word (`host` in `--net="host"`) are exact. Without it, positions inside the word
 *    are `start + i` when `raw === value`, and the whole word otherwise.
 *  - `quoted`: optional, true when any part of the word is quoted (then an expansion does not split).
 *  - `conditional`: optional, the `$NAME` the word comes from when NAME is assigned under a condition
 *    (`if …; then OPTS="--privileged"; fi`): the word is one of the values it may take, so findings located at
 *    it are reported with certainty unknown (the parser records these spans in `extra.conditionalOptions`).
 *  - `options`: see below.
 */
export interface Word {
  value: string;
  start: number;
  end: number;
  unresolved?: boolean;
  raw: string;
  offsets?: number[];
  quoted?: boolean;
  conditional?: string;
  /**
   * Optional, with `conditional`: the condition under which the shell gives the word, when it is not a variable
   * assigned under a condition but one written in the expansion itself (`${CI:+--network host}`: `CI is set`).
   */
  when?: string;
  /**
   * Optional, true for the unknown part of a variable whose known beginning is options (`docker run $ARGS img` after
   * `ARGS="--privileged ${ARGS:+ $ARGS}"`): it holds more options, not the image.
   */
  options?: boolean;
}

/**
 * A cmd.exe variable reference, `%NAME%` (also `%NAME:~0,4%` and `%NAME:a=b%`, which expand NAME too; Microsoft,
 * "set"): the only expansion cmd.exe makes on a command line, where `$` and `` ` `` are ordinary characters.
 */
export const CMD_VARIABLE = /%[A-Za-z_][A-Za-z0-9_.-]*(?::[^%\n]*)?%/;

/** Offset in the file text of character `i` of `w.value` (i may equal value.length: the end). */
function offsetOf(w: Word, i: number): number {
  if (w.offsets && w.offsets.length === w.value.length) {
    if (i < w.offsets.length) return w.offsets[i];
    return w.end;
  }
  if (w.raw === w.value && w.end - w.start === w.value.length) return w.start + i;
  return i <= 0 ? w.start : w.end;
}

/**
 * The source range of `w.value.slice(i, j)`: from where character `i` is written to just past where
 * character `j - 1` is written. An empty slice gives an empty range at character `i`.
 */
export function charRange(file: SourceFile, w: Word, i: number, j: number): SourceRange {
  const n = w.value.length;
  i = Math.max(0, Math.min(i, n));
  j = Math.max(i, Math.min(j, n));
  if (j === i) {
    const at = offsetOf(w, i);
    return file.range(at, at);
  }
  const s = offsetOf(w, i);
  let e: number;
  if (w.offsets && w.offsets.length === n) e = w.offsets[j - 1] + 1;
  else e = offsetOf(w, j);
  if (e < s) e = s;
  return file.range(s, e);
}

/** Builds a plain word whose value is written verbatim at `start` (tests, simple tokenizers). */
export function plainWord(value: string, start: number): Word {
  return { value, start, end: start + value.length, raw: value };
}
