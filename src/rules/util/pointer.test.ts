import { describe, expect, it } from 'vitest';
import { pointedRange } from './pointer.js';

/** `pointedRange` of the first occurrence of `needle` inside the value written at `value` in `text`, whose pointer is `pointer` (`null`: none). */
function pointerOf(text: string, value: string, needle: string, pointer: string | null = '/X'): string | undefined {
  const start = text.indexOf(value);
  const at = text.indexOf(needle, start);
  const o = pointedRange({ file: 'f', start: at, end: at + needle.length }, { kind: 'file', file: 'f', start, end: start + value.length, ...(pointer !== null ? { pointer } : {}) }, text);
  expect([o.kind, o.kind === 'file' ? [o.start, o.end] : undefined]).toEqual(['file', [at, at + needle.length]]);
  return o.pointer;
}

describe('pointedRange', () => {
  it('names the array element that holds the range: strings with escapes and commas, nested values, numbers', () => {
    const arr = '[ "a,b", "say \\"x\\"", {"k": [1, "q"]}, 7, "tok" ]';
    const text = `{"Cmd": ${arr}}`;
    expect(pointerOf(text, arr, 'b"')).toBe('/X/0');
    expect(pointerOf(text, arr, 'x\\"')).toBe('/X/1');
    expect(pointerOf(text, arr, 'q')).toBe('/X/2');
    expect(pointerOf(text, arr, 'tok')).toBe('/X/4');
  });
  it("keeps the value's pointer for a string or object; none without one", () => {
    const text = '{"Labels": {"a": "pw=hunter2"}}';
    expect(pointerOf(text, '"pw=hunter2"', 'hunter2')).toBe('/X');
    expect(pointerOf(text, '"pw=hunter2"', 'hunter2', null)).toBeUndefined();
  });
});
