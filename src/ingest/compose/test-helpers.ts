/** Test helpers for the Compose ingester tests (not part of the public API). */
import { SourceFile } from '../../model/source.js';
import type { IngestResult, Origin } from '../../model/types.js';
import type { IngestContext } from '../types.js';
import { ingestCompose } from './index.js';

/** A context with fixed variables and an in-memory file system (`path → text`). */
export function fakeCtx(env: Record<string, string> = {}, files: Record<string, string> = {}): IngestContext {
  return { env, readFile: async (p) => files[p] };
}

/** Ingests one in-memory file named `path`. */
export async function ingestText(text: string, ctx: IngestContext = fakeCtx(), path = 'compose.yml'): Promise<{ r: IngestResult; sf: SourceFile }> {
  const sf = new SourceFile(path, text);
  return { r: await ingestCompose([sf], ctx), sf };
}

/** `line:col-line:col` of a file origin, for exact position assertions. */
export function at(sf: SourceFile, o: Origin | { start: number; end: number } | undefined): string {
  if (!o || ('kind' in o && o.kind !== 'file')) return 'none';
  const r = o as { start: number; end: number };
  const l = sf.location(r);
  return `${l.startLine}:${l.startColumn}-${l.endLine}:${l.endColumn}`;
}

/** The characters an origin covers. */
export function chars(sf: SourceFile, o: Origin | undefined): string {
  if (!o || o.kind !== 'file') return '';
  return sf.text.slice(o.start, o.end);
}
