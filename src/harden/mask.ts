/**
 * Which masked spans of a diff may be shown as written (R-S: secrets masked in every output). The audits
 * mask every value they rate as a secret, including values that are only a reference to a variable
 * (`-e POSTGRES_PASSWORD="$DB_PASS"`, `ADMIN_TOKEN: "${VW_ADMIN_TOKEN}"`). A reference holds no secret:
 * it names where the value comes from. Masking it in harden's diff only made the diff fail to apply
 * with `patch` (its context and removed lines no longer match the file). Literal values, and references
 * with a literal default (`${DB_PASSWORD:-changeme}`), stay masked.
 */

import { echoRanges, secretValues } from '../engine/echoes.js';
import type { TextEdit } from './types.js';

/**
 * A span made only of variable references with no literal value: `$NAME`, `${NAME}`, and `${NAME:?message}` /
 * `${NAME?message}` (the message is shown when the variable is unset; POSIX sh and compose-spec interpolation).
 */
const REFERENCES = /^(?:\$\{[A-Za-z_][A-Za-z0-9_]*(?::?\?[^}$]*)?\}|\$[A-Za-z_][A-Za-z0-9_]*)+$/;

/**
 * `masked` (same length as `text`, secrets replaced by `*`) with each masked span that is only variable
 * references ({@link REFERENCES}) put back as written. A span stays masked when the reference is not
 * expanded where it stands, so that the text is a literal value: after `$` (Compose's `$$` escape), or
 * inside single quotes outside Compose files (a shell or Dockerfile `'…$X…'` is literal).
 * @param compose whether `text` is a Compose file (YAML quoting does not stop Compose interpolation)
 */
export function revealReferences(text: string, masked: string, compose: boolean): string {
  if (masked.length !== text.length || masked === text) return masked;
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (masked[i] === text[i]) {
      out += masked[i++];
      continue;
    }
    let j = i;
    while (j < text.length && masked[j] !== text[j]) j++;
    const span = text.slice(i, j);
    const ls = text.lastIndexOf('\n', i - 1) + 1;
    const singleQuoted = !compose && (text.slice(ls, i).match(/'/g) ?? []).length % 2 === 1;
    out += REFERENCES.test(span) && text[i - 1] !== '$' && !singleQuoted ? span : masked.slice(i, j);
    i = j;
  }
  return out;
}

/** The spans (offsets, end exclusive) where `masked` differs from `text` (same length): what an audit masked. */
function maskedSpans(text: string, masked: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  if (masked.length !== text.length) return spans;
  for (let i = 0; i < text.length; i++) {
    if (masked[i] === text[i]) continue;
    let j = i;
    while (j < text.length && masked[j] !== text[j]) j++;
    spans.push({ start: i, end: j });
    i = j;
  }
  return spans;
}

/** One round's edits as replacements: `[from, to)` of one side replaced by `length` characters on the other. */
type Step = { from: number; to: number; length: number };

/**
 * The edits of one round (as {@link applyEdits} applies them: repeats once, sorted by start) as steps from the
 * text before them to the text after (`forward`), or back.
 */
function steps(edits: readonly TextEdit[], forward: boolean): Step[] {
  const seen = new Set<string>();
  const unique = edits.filter((e) => {
    const k = `${e.start}\0${e.end}\0${e.text}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  unique.sort((a, b) => a.start - b.start || a.end - b.end);
  if (forward) return unique.map((e) => ({ from: e.start, to: e.end, length: e.text.length }));
  let delta = 0;
  return unique.map((e) => {
    const from = e.start + delta;
    delta += e.text.length - (e.end - e.start);
    return { from, to: from + e.text.length, length: e.end - e.start };
  });
}

/** Where the span `[start, end)` is after `round`'s steps, or `undefined` when an edit touched it (its text changed). */
function mapSpan(round: readonly Step[], start: number, end: number): { start: number; end: number } | undefined {
  let shift = 0;
  for (const s of round) {
    if (s.from >= end) break;
    // Before the span (an insertion at its start too); anything else that starts before its end changed its text.
    if (s.to <= start) {
      shift += s.length - (s.to - s.from);
      continue;
    }
    return undefined;
  }
  return { start: start + shift, end: end + shift };
}

/**
 * The masked input and output of harden for its diff, masked alike (R-S: no secret in any output). Each audit masks
 * what it rates a secret in its own text: the input's audit a literal token and its echo in a healthcheck URL, the
 * output's audit (where the token is now a Compose secret) neither; a `--max-input-tokens 3000` echoing a variable
 * only in the input. Masked separately, a line the fixes did not change differed on the two sides, so the diff
 * showed it as removed and added, with the secret in clear on the `+` side (QA). Here each side is masked with the
 * union of both: its own masked spans, the other side's spans in text no edit touched (mapped through `history`, the
 * edits of each round in order, each in the text of its round), and every echo ({@link echoRanges}) of every secret
 * value either side masked. Where both sides mask one character the input's masking is used on both, so unchanged
 * text reads the same. `values` are those secret values, for masking harden's notes and messages
 * ({@link maskValues}).
 */
export function maskAlike(
  original: { text: string; masked: string },
  output: { text: string; masked: string },
  history: readonly (readonly TextEdit[])[],
): { original: string; output: string; values: Set<string> } {
  const spansIn = maskedSpans(original.text, original.masked);
  const spansOut = maskedSpans(output.text, output.masked);
  const values = new Set([...secretValues(original.text, spansIn), ...secretValues(output.text, spansOut)]);
  const forward = history.map((edits) => steps(edits, true));
  const backward = [...history].reverse().map((edits) => steps(edits, false));
  const through = (rounds: Step[][], span: { start: number; end: number }) => {
    let s: { start: number; end: number } | undefined = span;
    for (const r of rounds) if (!(s = mapSpan(r, s.start, s.end))) return undefined;
    return s;
  };
  const mask = (text: string, first: { spans: { start: number; end: number }[]; masked: string; map: Step[][] | undefined }, second: { spans: { start: number; end: number }[]; masked: string; map: Step[][] | undefined }) => {
    const out = text.split('');
    const done = new Uint8Array(text.length);
    for (const side of [first, second]) {
      for (const span of side.spans) {
        const at = side.map ? through(side.map, span) : span;
        if (!at) continue;
        for (let i = at.start; i < at.end; i++) {
          if (done[i]) continue;
          out[i] = side.masked[span.start + (i - at.start)];
          done[i] = 1;
        }
      }
    }
    for (const r of echoRanges(text, values)) for (let i = r.start; i < r.end; i++) if (!done[i] && text[i] !== '\n' && text[i] !== '\r') out[i] = '*';
    return out.join('');
  };
  const inSide = { spans: spansIn, masked: original.masked };
  const outSide = { spans: spansOut, masked: output.masked };
  return {
    original: mask(original.text, { ...inSide, map: undefined }, { ...outSide, map: backward }),
    output: mask(output.text, { ...inSide, map: forward }, { ...outSide, map: undefined }),
    values,
  };
}

/** `s` with every echo ({@link echoRanges}) of `values` replaced by `*` of the same length. */
export function maskValues(s: string, values: ReadonlySet<string>): string {
  if (!values.size) return s;
  const out = s.split('');
  for (const r of echoRanges(s, values)) for (let i = r.start; i < r.end; i++) out[i] = '*';
  return out.join('');
}
