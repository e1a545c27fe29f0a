/**
 * Where and why a text is not JSON, in JSON.parse's own words (V8: "Expected ',' or '}' after property value"),
 * for input errors that say what is wrong in JSON's terms rather than YAML's.
 */

/**
 * The syntax error `JSON.parse` finds in `text`: its message without V8's position suffix, and the UTF-16 offset
 * it names (the end of the text, trailing blanks left out, when the text ends early). `undefined` when `text` is JSON.
 */
export function jsonSyntaxError(text: string): { message: string; at: number } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const msg = String((e as Error)?.message ?? e).split('\n')[0];
    const m = /at position (\d+)/.exec(msg);
    return { message: msg.replace(/ in JSON at position \d+.*$/, '').replace(/ at position \d+.*$/, ''), at: m ? Number(m[1]) : text.trimEnd().length };
  }
}
