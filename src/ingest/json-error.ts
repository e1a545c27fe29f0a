/**
 * Where and why a text is not JSON, in JSON.parse's own words (V8: "Expected ',' or '}' after property value"),
 * for input errors that say what is wrong in JSON's terms rather than YAML's. Where V8 names no position
 * ("Unexpected token ''', ..."g-level": 'info',... is not valid JSON"), the offset comes from jsonc-parser's
 * scanner (Microsoft's, as VS Code uses it), in strict mode: no comments, no trailing commas.
 */
import { createRequire } from 'node:module';
import type { ParseError } from 'jsonc-parser';

/**
 * jsonc-parser, loaded on the first text that is not JSON: it is five CommonJS files that every audit would
 * otherwise resolve, read and compile at start-up (~15 ms) for an error path most runs never take.
 */
let jsonc: typeof import('jsonc-parser') | undefined;

/**
 * The syntax error `JSON.parse` finds in `text`: its message without V8's position suffix, and the UTF-16 offset
 * it names (the end of the text, trailing blanks left out, when the text ends early). `undefined` when `text` is JSON.
 */
export function jsonSyntaxError(text: string): { message: string; at: number } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const full = String((e as Error)?.message ?? e);
    const msg = full.split('\n')[0];
    const m = /at position (\d+)/.exec(msg);
    if (m) return { message: msg.replace(/ in JSON at position \d+.*$/, '').replace(/ at position \d+.*$/, ''), at: Number(m[1]) };
    // "Unexpected token 'x', "…" is not valid JSON": the token, without V8's excerpt of the text (cut mid-word).
    const token = /^Unexpected token (.+?), (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s.exec(full);
    const message = token ? `Unexpected token ${token[1]}` : msg;
    const errors: ParseError[] = [];
    jsonc ??= createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
    jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    // A bare word (`tru`, `False`, `yes`): V8 names the character after it (`tru,` gives "Unexpected token ','"),
    // jsonc-parser the word itself (InvalidSymbol), which is what the user mistyped.
    if (first?.error === 1 && first.length > 1 && first.length <= 40 && /^[A-Za-z_]/.test(text[first.offset]))
      return { message: `Unexpected token '${text.slice(first.offset, first.offset + first.length)}'`, at: first.offset };
    return { message, at: first ? first.offset : text.trimEnd().length };
  }
}
