/** Test helpers for the Compose ingester tests (not part of the public API). */
import { SourceFile } from '../../model/source.js';
import type { IngestResult, Origin } from '../../model/types.js';
import type { IngestContext } from '../types.js';
import { ingestCompose } from './index.js';

/** A context with fixed variables and an in-memory file system (`path → text`). */
export function fakeCtx(env: Record<string, string> = {}, files: Record<string, string> = {}): IngestContext {
  return { env, readFile: async (p) => (Object.hasOwn(files, p) ? files[p] : undefined) };
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

/** A Compose file of about `bytes` bytes: services with labels, environment and anchors (for size tests and the figures in the report). */
export function largeCompose(bytes: number): { text: string; services: number } {
  const parts = ['x-common: &common\n  read_only: true\n  cap_drop: [ALL]\nservices:\n'];
  let size = parts[0].length;
  let services = 0;
  while (size < bytes) {
    const s = [`  svc${services}:\n    <<: *common\n    image: org/app${services}:1.0\n    labels:\n`];
    for (let l = 0; l < 50; l++) s.push(`      l${l}: "${'v'.repeat(60)}"\n`);
    s.push('    environment:\n');
    for (let e = 0; e < 20; e++) s.push(`      E${e}: "\${E${e}:-value${e}}"\n`);
    const t = s.join('');
    parts.push(t);
    size += t.length;
    services++;
  }
  return { text: parts.join(''), services };
}
