import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from './json-error.js';

// Input errors name the line and column of what is not JSON (brief: "a clear one-line error with file:line").
describe('jsonSyntaxError', () => {
  it.each([
    // V8 gives no position for an unexpected token: jsonc-parser's scanner does (qa-a 8: it was the end of the file).
    ['{\n  "icc": false,\n  "log-level": \'info\',\n  "live-restore": true\n}\n', 'Unexpected token \'\'\'', 33],
    ['{\n  "icc": False\n}\n', "Unexpected token 'False'", 11],
    // A mistyped word: the word, not the comma V8 stops at.
    ['{"a": tru, "b": 1}', "Unexpected token 'tru'", 6],
    // V8's own position where it gives one.
    ['{"a": 1,}', "Expected double-quoted property name", 8],
    ['{"a": 1} x', 'Unexpected non-whitespace character after JSON', 9],
    ['{"a": ', 'Unexpected end of JSON input', 6],
  ])('%j → %s at %i', (text, message, at) => {
    expect(jsonSyntaxError(text)).toEqual({ message, at });
  });

  it('undefined for JSON', () => {
    expect(jsonSyntaxError('{"a": [1, 2]}')).toBeUndefined();
  });
});
