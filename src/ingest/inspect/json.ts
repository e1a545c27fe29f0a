/**
 * JSON with positions for the inspect ingester: `docker inspect` / `podman inspect` output parsed with
 * the `yaml` library (JSON is YAML 1.2, and `parseDocument` keeps every node's range), and a locator
 * that turns a JSON pointer (RFC 6901) into the exact characters of its value.
 *
 * The parser is the YAML one, so it is lenient where YAML is (trailing commas, `'single'` quotes):
 * what it cannot read becomes an InputError with line and column.
 */
import { jsonSyntaxError } from '../json-error.js';
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SourceFile } from '../../model/source.js';
import type { InputError, Origin } from '../../model/types.js';

/** Maximum nesting of `[`/`{` accepted (inspect output nests about 5 deep); deeper input is an InputError `too-deep`. */
export const MAX_JSON_DEPTH = 200;

/** `maxAliasCount` for YAML aliases (not JSON, but the lenient parser accepts them). */
const MAX_ALIAS_COUNT = 100;

/** Offset where bracket nesting outside strings first exceeds `max`, or -1. */
function tooDeepAt(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash escape
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return -1;
}

/** A parsed JSON text: the root node (with ranges) and its plain value. */
export interface ParsedJson {
  root: Node | undefined;
  value: unknown;
}

/**
 * Offsets of the whitespace characters that separate two or more top-level JSON objects written one after
 * another: JSON Lines, as `docker inspect --format '{{json .}}' a b` or `podman inspect --format json`-per-line
 * scripts save them, and `jq .` output of several objects. `undefined` when `text` is not such a sequence (one
 * value, an array, objects with nothing between them, unbalanced brackets). Strings are skipped, escapes honoured.
 */
export function concatenatedObjects(text: string): number[] | undefined {
  let depth = 0;
  let inString = false;
  let count = 0;
  let lastEnd = -1;
  const seps: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash escape
      else if (c === 34) inString = false;
      continue;
    }
    if (depth === 0) {
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) continue;
      if (c !== 123) return undefined;
      if (count > 0) {
        if (lastEnd + 1 >= i) return undefined;
        seps.push(lastEnd + 1);
      }
      depth = 1;
      count++;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) lastEnd = i;
  }
  return depth === 0 && !inString && count >= 2 ? seps : undefined;
}

/**
 * Parses `text` (the whole file, or a region isolated with blanks so offsets stay those of `file`).
 * Returns `undefined` and pushes one InputError (code `parse`, `too-deep` or `alias-bomb`, at the first
 * problem's line:column) when the text cannot be read. Never throws. `shift`: how many characters `text` has
 * before the file's own (1 when a `[` was prepended to read concatenated objects as one array).
 */
export function parseJson(file: SourceFile, text: string, errors: InputError[], shift = 0): ParsedJson | undefined {
  const err = (offset: number, message: string, code: string) => {
    const p = file.position(Math.max(0, offset - shift));
    errors.push({ file: file.path, line: p.line, column: p.column, message, code });
  };
  const deep = tooDeepAt(text, MAX_JSON_DEPTH);
  if (deep >= 0) {
    err(deep, `JSON nesting deeper than ${MAX_JSON_DEPTH} levels`, 'too-deep');
    return undefined;
  }
  // YAML reads JSON with a hand-edited slip as valid flow YAML (`"Privileged": tru` is a plain scalar, a string):
  // JSON.parse decides what is JSON, YAML's parser only gives the positions. A leading BOM is not JSON's, but
  // editors write one: it is skipped as the file reader does.
  const strict = jsonSyntaxError(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text);
  if (strict) {
    err(strict.at, `not valid JSON: ${strict.message}`, 'parse');
    return undefined;
  }
  try {
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, merge: false });
    if (doc.errors.length > 0) {
      // JSON.parse says what is wrong in JSON's terms ("Expected ',' or '}' after property value"), where YAML's
      // parser speaks of flow maps and indentation: its message and position first.
      const j = jsonSyntaxError(text);
      if (j) err(j.at, `not valid JSON: ${j.message}`, 'parse');
      else err(doc.errors[0].pos[0], `not valid JSON: ${doc.errors[0].message.split('\n')[0]}`, 'parse');
      return undefined;
    }
    const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { root: (doc.contents ?? undefined) as Node | undefined, value };
  } catch (e) {
    const bomb = e instanceof ReferenceError && /alias/i.test(e.message);
    const deepErr = e instanceof RangeError;
    err(0, deepErr ? 'JSON nesting too deep' : bomb ? 'too many alias expansions (alias bomb)' : `not valid JSON: ${String((e as Error)?.message ?? e).split('\n')[0]}`, deepErr ? 'too-deep' : bomb ? 'alias-bomb' : 'parse');
    return undefined;
  }
}

export { escapePointer } from './pointer.js';

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Returns the Origin of the value at a JSON pointer relative to one object, or of its nearest existing parent. */
export type Locate = (pointer: string) => Origin;

/**
 * A locator over `node` (one container object) of `file`: `locate('/HostConfig/Privileged')` gives
 * the characters of that value (a string value includes its quotes) with `pointer` set to the pointer
 * actually found; a missing member gives its nearest existing parent. Duplicate keys: the last one, as
 * `JSON.parse` keeps. `shift`: as for {@link parseJson}, subtracted from every range.
 */
export function makeLocator(file: SourceFile, node: Node, shift = 0): Locate {
  const index = new WeakMap<YAMLMap, Map<string, Pair>>();
  const pairs = (m: YAMLMap) => {
    let idx = index.get(m);
    if (!idx) {
      idx = new Map();
      for (const p of m.items) if (isScalar(p.key)) idx.set(String(p.key.value), p as Pair);
      index.set(m, idx);
    }
    return idx;
  };
  return (pointer: string) => {
    let cur: unknown = node;
    let found = '';
    const segs = pointer === '' ? [] : pointer.split('/').slice(1);
    for (const raw of segs) {
      const seg = unescapePointer(raw);
      let next: unknown;
      if (isMap(cur)) next = pairs(cur).get(seg)?.value;
      else if (isSeq(cur) && /^(0|[1-9]\d*)$/.test(seg)) next = cur.items[Number(seg)];
      if (!next || !(next as Node).range) break;
      cur = next;
      found += '/' + raw;
    }
    const r = (cur as Node).range ?? [shift, shift];
    return { kind: 'file', file: file.path, start: r[0] - shift, end: r[1] - shift, pointer: found };
  };
}
