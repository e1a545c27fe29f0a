/**
 * Pretty-printed JSON with the position of every value, for the live audit: an Engine API answer
 * (`GET /containers/{id}/json`, `/info`) becomes an in-memory source whose text is exactly
 * `JSON.stringify(value, null, 2)`, and a locator turns a JSON pointer (RFC 6901) into the characters
 * of that value — the same contract as the inspect ingester's locator (src/ingest/inspect/json.ts), so
 * findings get exact lines, columns and `pointer`s without parsing the text again.
 */
import type { Origin } from '../model/types.js';

/** Returns the Origin of the value at a JSON pointer, or of its nearest existing parent. */
export type Locate = (pointer: string) => Origin;

/** The text and a position index: `ranges.get(pointer)` = `[start, end)` UTF-16 offsets of the value. */
export interface PositionedJson {
  text: string;
  ranges: Map<string, [number, number]>;
}

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * `JSON.stringify(value, null, 2)` (byte for byte; `undefined` members dropped, `undefined` array items
 * and non-finite numbers written `null`) plus the range of every value keyed by its JSON pointer
 * (`''` is the whole document). A string value's range includes its quotes.
 */
export function stringifyPositioned(value: unknown): PositionedJson {
  const parts: string[] = [];
  const ranges = new Map<string, [number, number]>();
  let pos = 0;
  const put = (s: string) => {
    parts.push(s);
    pos += s.length;
  };
  const write = (v: unknown, pointer: string, indent: string): void => {
    const start = pos;
    if (v === null || v === undefined || typeof v === 'function' || typeof v === 'symbol') put('null');
    else if (typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      write((v as { toJSON(): unknown }).toJSON(), pointer, indent);
      return;
    } else if (Array.isArray(v)) {
      if (!v.length) put('[]');
      else {
        const inner = indent + '  ';
        put('[\n');
        v.forEach((item, i) => {
          if (i) put(',\n');
          put(inner);
          write(item, `${pointer}/${i}`, inner);
        });
        put(`\n${indent}]`);
      }
    } else if (typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && typeof x !== 'function' && typeof x !== 'symbol');
      if (!entries.length) put('{}');
      else {
        const inner = indent + '  ';
        put('{\n');
        entries.forEach(([k, x], i) => {
          if (i) put(',\n');
          put(`${inner}${JSON.stringify(k)}: `);
          write(x, `${pointer}/${esc(k)}`, inner);
        });
        put(`\n${indent}}`);
      }
    } else if (typeof v === 'number') put(Number.isFinite(v) ? String(v) : 'null');
    else if (typeof v === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
    else put(JSON.stringify(v));
    ranges.set(pointer, [start, pos]);
  };
  write(value, '', '');
  return { text: parts.join(''), ranges };
}

/**
 * A locator over a positioned document for source `file`. `base` is the pointer of the object the
 * caller's pointers are relative to (`/0` or `''`); the returned `pointer` is relative to `base` and is
 * the pointer actually found (the nearest existing parent of a missing member).
 */
export function locator(file: string, doc: PositionedJson, base = ''): Locate {
  return (pointer: string) => {
    let p = pointer;
    for (;;) {
      const r = doc.ranges.get(base + p);
      if (r) return { kind: 'file', file, start: r[0], end: r[1], pointer: p };
      if (p === '') return { kind: 'file', file, start: 0, end: 0, pointer: '' };
      p = p.slice(0, p.lastIndexOf('/'));
    }
  };
}
