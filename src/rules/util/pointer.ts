/**
 * JSON pointers of findings placed inside a value: a secret's characters in a label or a logging option, a word of
 * `Config.Cmd`. Every finding about a container read from `docker inspect` output or a live engine names the field it
 * is about (`Finding.pointer`, RFC 6901), which the engine takes from the origin a rule reports at.
 */
import type { SourceRange } from '../../model/source.js';
import type { Origin } from '../../model/types.js';

/**
 * The origin of `range` (characters inside the value whose origin is `at`) that keeps `at`'s JSON pointer, so a
 * finding placed on a secret's characters still names its field (`/Config/Labels/com.example.db_password`,
 * `/HostConfig/LogConfig/Config/splunk-token`). When that value is a JSON array written in `text` (the text of
 * `at.file`: `"Cmd": ["--token=…", "-v"]`) and `range` starts inside one of its elements, the pointer names that
 * element (`/Config/Cmd/0`), as `Config.Env` entries are named. Without a pointer (YAML, a shell line) it is
 * `range` as an origin. Never throws.
 */
export function pointedRange(range: SourceRange, at: Origin, text?: string): Origin {
  const plain: Origin = { kind: 'file', file: range.file, start: range.start, end: range.end };
  const pointer = at.pointer;
  if (pointer === undefined) return plain;
  const i = at.kind === 'file' && text !== undefined && at.file === range.file ? arrayElementAt(text, at.start, at.end, range.start) : undefined;
  return { ...plain, pointer: i === undefined ? pointer : `${pointer}/${i}` };
}

/**
 * The index of the element of the JSON array written at `text[start, end)` whose characters hold offset `at`;
 * `undefined` when that text is not an array or `at` is between elements.
 */
function arrayElementAt(text: string, start: number, end: number, at: number): number | undefined {
  let k = start;
  while (k < end && /\s/.test(text[k])) k++;
  if (text[k] !== '[') return undefined;
  let depth = 0;
  let index = -1;
  let expect = false;
  let elementStart = -1;
  for (; k < end; k++) {
    const ch = text[k];
    if (ch === '"') {
      const from = k;
      if (depth === 1 && expect) {
        index++;
        expect = false;
        elementStart = from;
      }
      for (k++; k < end && text[k] !== '"'; k++) if (text[k] === '\\') k++;
      if (depth === 1 && elementStart === from && at >= from && at <= k) return index;
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (depth === 1 && expect && ch !== ']') {
      index++;
      expect = false;
      elementStart = k;
    }
    if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expect = true;
    } else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return undefined;
      if (depth === 1 && at >= elementStart && at <= k) return index;
    } else if (ch === ',' && depth === 1) expect = true;
  }
  return undefined;
}
