/**
 * Where the shared corpus of real-world files lives (`../shared/corpus` beside the checkout, as laid
 * for sessions and CI; `/work/shared/corpus` on a developer machine). Tests read fixtures through
 * {@link corpusPath}; a missing corpus fails loudly instead of skipping.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of the corpus directory. Throws when it cannot be found. */
export const CORPUS_DIR: string = (() => {
  const found = [join(repoRoot, '..', 'shared', 'corpus'), '/work/shared/corpus'].find((p) => existsSync(join(p, 'expected.json')));
  if (!found) throw new Error(`shared corpus not found beside ${repoRoot} (../shared/corpus) nor at /work/shared/corpus`);
  return found;
})();

/** Absolute path of a corpus file, e.g. `corpusPath('run/netdata-readme-docker.md')`. */
export function corpusPath(rel: string): string {
  return join(CORPUS_DIR, rel);
}
