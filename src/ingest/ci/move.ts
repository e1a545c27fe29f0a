/**
 * Moving what a reader found in a text of its own (one script of a CI file, read alone so that reading many
 * scripts stays linear in the file's size) to its place in the file.
 */
import type { IngestResult } from '../../model/types.js';

/**
 * Moves what was read from a script's own text (./index.ts, ./jenkins.ts) to the file: every origin or range of
 * `path` (an object with `file` and a numeric `start`) by `delta` UTF-16 code units, every input error of
 * `path` by `lines` lines. Ranges in other files (an `--env-file`) and shared origin objects are moved once.
 */
export function moveToFile(r: IngestResult, path: string, delta: number, lines: number): void {
  if (delta === 0 && lines === 0) return;
  for (const e of r.errors) if (e.file === path && e.line !== undefined) e.line += lines;
  const seen = new Set<object>();
  const walk = (o: unknown): void => {
    if (o === null || typeof o !== 'object' || seen.has(o)) return;
    seen.add(o);
    if (Array.isArray(o)) {
      for (const v of o) walk(v);
      return;
    }
    const proto = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) return;
    const rec = o as Record<string, unknown>;
    if (rec.file === path && typeof rec.start === 'number') {
      rec.start += delta;
      if (typeof rec.end === 'number') rec.end += delta;
    }
    for (const v of Object.values(rec)) walk(v);
  };
  walk([r.containers, r.daemons, r.secretRanges, r.comments]);
}

