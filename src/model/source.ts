/**
 * Source text and positions.
 *
 * Every model value remembers where it came from as UTF-16 offsets into the text of one
 * {@link SourceFile}. Offsets are converted to 1-based lines and columns in exactly one place,
 * {@link SourceFile.position}, so every ingester and reporter agrees on what "line 12, column 5"
 * means (columns count UTF-16 code units, as editors and SARIF `utf16CodeUnits` do).
 */

/** A half-open range `[start, end)` of UTF-16 offsets into the text of `file`. */
export interface SourceRange {
  /** Path of the file as given by the user (relative paths stay relative). */
  file: string;
  /** Offset of the first character, 0-based, UTF-16 code units. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

/** A 1-based line/column pair. */
export interface Position {
  line: number;
  column: number;
}

/** A resolved location as reporters print it: 1-based, end column exclusive. */
export interface Location {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/**
 * One input file: its path, its full text and a line index built once.
 *
 * `path` is how the file is named in findings. `text` is the decoded UTF-8 content (a leading BOM
 * removed). For a region of a bigger file (a fenced block in Markdown) ingesters still use the
 * enclosing file's `SourceFile`, with offsets into the whole text, so positions stay exact.
 */
export class SourceFile {
  readonly path: string;
  readonly text: string;
  private lineStarts: number[] | undefined;

  constructor(path: string, text: string) {
    this.path = path;
    this.text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  /** Offsets at which each line starts; index 0 is line 1. Lines end at `\n` (a `\r` before it belongs to the line). */
  get lines(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const t = this.text;
      for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  /** Converts a UTF-16 offset to a 1-based line and column. Offsets past the end clamp to the end. */
  position(offset: number): Position {
    const starts = this.lines;
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - starts[lo] + 1 };
  }

  /** The offset of a 1-based line and column (inverse of {@link position}). */
  offset(line: number, column = 1): number {
    const starts = this.lines;
    const l = Math.max(1, Math.min(line, starts.length));
    return Math.min(starts[l - 1] + column - 1, this.text.length);
  }

  /** The text of a 1-based line without its line break. */
  lineText(line: number): string {
    const starts = this.lines;
    if (line < 1 || line > starts.length) return '';
    const s = starts[line - 1];
    let e = line < starts.length ? starts[line] - 1 : this.text.length;
    if (e > s && this.text.charCodeAt(e - 1) === 13) e--;
    return this.text.slice(s, e);
  }

  /** A range of this file. */
  range(start: number, end: number): SourceRange {
    return { file: this.path, start, end };
  }

  /** Resolves a range of this file to a 1-based location. */
  location(r: { start: number; end: number }): Location {
    const s = this.position(r.start);
    const e = this.position(Math.max(r.start, r.end));
    return { file: this.path, startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  }
}

/**
 * Converts a byte offset into UTF-8 text to a UTF-16 offset. Parsers written in Go (mvdan/sh) report
 * byte offsets; this keeps positions exact for non-ASCII text.
 */
export function byteToUtf16Offset(text: string, byteOffset: number, hint?: { byte: number; utf16: number }): number {
  let b = hint ? hint.byte : 0;
  let i = hint ? hint.utf16 : 0;
  while (b < byteOffset && i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 0x80) b += 1;
    else if (c < 0x800) b += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      b += 4;
      i++;
    } else b += 3;
    i++;
  }
  return i;
}

/**
 * Orders two strings by UTF-16 code units (`'B' < 'a'`, `'Z' < '_'`): the order of `Array#sort` without a
 * comparator, as a comparator. Used for rule ids, file names and source names in reports. Unlike
 * `String#localeCompare`, it does not start ICU's collator, whose first use costs 10-13 ms of CPU per
 * process on the bench machine (issue 3: start-up of a live audit).
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
