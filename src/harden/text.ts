/**
 * Small helpers over a text: line starts and ends, indentation, and YAML scalar spelling for the
 * values bulwark inserts.
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { joinDriveLetters, type Part } from '../ingest/run/values.js';

/** Offset of the start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the `\n` ending the line holding `offset` (or the text's length). */
export function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i === -1 ? text.length : i;
}

/** Leading spaces and tabs of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const s = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(s))![0];
}

/** Offset just past the last non-blank character before `end`. */
export function trimEndOffset(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}

/**
 * A YAML scalar spelling of `v`: plain when that reads back as the same string in block and flow
 * context, double-quoted (JSON escapes, valid YAML) otherwise. `flow` also quotes `,[]{}` and `:`.
 */
export function yamlScalar(v: string, flow = false): string {
  const plainOk = /^[A-Za-z0-9_./][A-Za-z0-9_./:=+-]*$/.test(v) && !/^(true|false|yes|no|on|off|null|~|y|n)$/i.test(v) && !/^[0-9.+-]+$/.test(v);
  if (plainOk && !(flow && v.includes(':'))) return v;
  return JSON.stringify(v);
}

/**
 * Splits a short-syntax volume (`src:dst[:mode]`) at its `:` separators, ignoring colons inside
 * `${…}` interpolations and a Windows drive letter's colon in the source or the target (`C:\\x:C:\\y`), as the
 * ingesters read it ({@link joinDriveLetters}).
 */
export function splitVolume(v: string): string[] {
  const parts: Part[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    const ch = v[i];
    if (ch === '$' && v[i + 1] === '{') depth++;
    else if (ch === '}' && depth > 0) depth--;
    if (ch === ':' && depth === 0) {
      parts.push({ text: v.slice(start, i), start, end: i });
      start = i + 1;
    }
  }
  parts.push({ text: v.slice(start), start, end: v.length });
  return joinDriveLetters(parts).map((p) => p.text);
}

/** A short-syntax volume made read-only: `rw` in the mode field becomes `ro`, or `ro` is added (`:ro`, or `,ro` after `z`/`rslave`). */
export function readOnlyVolume(v: string): string {
  const parts = splitVolume(v);
  if (parts.length >= 3) {
    const modes = parts[parts.length - 1].split(',');
    const i = modes.indexOf('rw');
    if (i >= 0) modes[i] = 'ro';
    else if (!modes.includes('ro')) modes.push('ro');
    parts[parts.length - 1] = modes.filter((m) => m !== '').join(',');
    return parts.join(':');
  }
  return v + ':ro';
}

/**
 * Where the text of `node` (a value, or the last value of a mapping or list) ends, for inserting a line after it:
 * trailing blanks trimmed, except the line breaks and blank lines that belong to a block scalar with keep chomping
 * (`|+`, `>+`, also as the last value inside `node`): YAML 1.2.2 §8.1.1.2 keeps them in its value, so a key
 * inserted above them would change that value (eemeli/yaml gives such a scalar a range through its last line break).
 * @param start where the trimming stops (the start of the first item)
 */
export function contentEnd(text: string, start: number, node: unknown): number {
  let n = node;
  for (let i = 0; i < 64; i++) {
    if ((isMap(n) || isSeq(n)) && !n.flow && n.items.length) {
      const last = n.items[n.items.length - 1] as unknown;
      n = isPair(last) ? (last.value ?? last.key) : last;
      continue;
    }
    break;
  }
  const r = (n as { range?: [number, number, number] | null } | null)?.range;
  const end = trimEndOffset(text, start, ((node as { range?: [number, number, number] | null } | null)?.range ?? [start, start])[1]);
  if (!isScalar(n) || !r || (n.type !== 'BLOCK_LITERAL' && n.type !== 'BLOCK_FOLDED')) return end;
  const header = /^[|>]([1-9]?[+-]?|[+-]?[1-9]?)/.exec(text.slice(r[0], r[0] + 3))?.[1] ?? '';
  if (!header.includes('+') || text[r[1] - 1] !== '\n') return end;
  // The last line break of the value: the new line goes after it.
  return Math.max(end, r[1] - 1);
}
