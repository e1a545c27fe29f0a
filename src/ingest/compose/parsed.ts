/**
 * The YAML documents the Compose ingester parsed, by file, for the audit engine to hand to harden's fix labels
 * (src/harden/label.ts tries some fixes on a Compose editor): the same file is not parsed twice in one audit. The
 * engine takes them after each group of files ({@link takeParsed}), so an audit of 2,000 files keeps none for long.
 */
import type { Document } from 'yaml';
import type { SourceFile } from '../../model/source.js';

const parsed = new WeakMap<SourceFile, Document.Parsed[]>();

/** Keeps the documents parsed from exactly `file.text` (options `merge: true, uniqueKeys: false`). */
export function keepParsed(file: SourceFile, docs: Document.Parsed[]): void {
  parsed.set(file, docs);
}

/** The documents kept for `file`, forgotten here. */
export function takeParsed(file: SourceFile): Document.Parsed[] | undefined {
  const d = parsed.get(file);
  parsed.delete(file);
  return d;
}

/** The documents kept for `file`, still kept. */
export function peekParsed(file: SourceFile): Document.Parsed[] | undefined {
  return parsed.get(file);
}
