/**
 * The inputs harden's end-to-end tests run over: the shared corpus's compose/, run/ and dockerfile/
 * folders and the Compose files, scripts, Markdown and Dockerfiles of examples/.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from '../support/corpus.js';

const ROOT = join(import.meta.dirname, '..', '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)]));
}

/** Absolute paths, sorted. */
export const HARDEN_INPUTS: string[] = [
  ...['compose', 'run', 'dockerfile'].flatMap((d) => filesUnder(join(CORPUS_DIR, d))),
  ...filesUnder(join(ROOT, 'examples')).filter((f) => /(compose\.ya?ml|\.sh|\.md|Dockerfile)$/.test(f)),
].sort();
