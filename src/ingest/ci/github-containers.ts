/**
 * The containers a GitHub Actions workflow describes itself: a job's `container:` and its `services:`
 * (docs.github.com, "Workflow syntax for GitHub Actions": `jobs.<job_id>.container`, `jobs.<job_id>.services`).
 * The runner creates each with `docker create`, adding the key's `options:` (docker create flags, as written),
 * `ports:` (`-p`) and `volumes:` (`-v`) to the image. bulwark reads them as that command line: the words of
 * `options` at their own positions in the YAML, `-p`/`-v` at each list item, the image at `image:`, and the
 * service's key as `--name`, so the findings are those of the same `docker create` line (R-G5, R-G6, R-G9;
 * CIS Docker Benchmark 1.6.0 5.4, 5.5, 5.31, 4.10). `env:` entries are `-e NAME=value`: a literal password there
 * (`POSTGRES_PASSWORD: postgres`) is a secret written in the repository, as in a Compose file (R-S), and a
 * `${{ secrets.* }}` value is unknown. Of what the runner adds itself, the job's own network (a user-defined bridge) is modelled; its labels,
 * workdir and, for the job container, the mounts of its work directories and of the Docker socket
 * (actions/runner) are not in the file and not reported.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import type { SourceFile } from '../../model/source.js';
import type { ContainerSpec, InputError } from '../../model/types.js';
import { parseDockerRun } from '../run/parse.js';
import { tokenizeLine } from '../run/shell.js';
import type { Word } from '../run/word.js';
import { CI_EXPRESSION, expressionAsVariable, expressionsAsVariables } from './expressions.js';

/** A word written nowhere of its own (`docker`, `create`, `-p`, `-v`): an empty range at `at`. */
export const synthetic = (value: string, at: number): Word => ({ value, start: at, end: at, raw: '' });

/** A scalar's value as one word at its position (quotes excluded); `undefined` for an empty or non-string value. */
export function scalarWord(text: string, n: unknown): Word | undefined {
  if (!isScalar(n) || !n.range || (typeof n.value !== 'string' && typeof n.value !== 'number') || String(n.value) === '') return undefined;
  const value = String(n.value);
  let [start, end] = n.range;
  if (n.type === 'QUOTE_SINGLE' || n.type === 'QUOTE_DOUBLE') {
    start++;
    end--;
  }
  return { value, start, end, raw: text.slice(start, end) };
}

/** The `docker create` words of one job container or service (see the module comment). */
function createWords(file: SourceFile, key: Pair, spec: Node, name: string | undefined): Word[] | undefined {
  const at = (key.key as Scalar).range?.[0] ?? 0;
  const nameWord = isScalar(key.key) ? scalarWord(file.text, key.key) : undefined;
  return containerWords(file, at, name ? nameWord : undefined, spec, 'github_network');
}

/**
 * The `docker create` words of a CI container written as a map with `image`, `options` (docker create flags),
 * `ports` and `volumes` (GitHub Actions job containers and services, Azure Pipelines container resources), or
 * as an image string: the container on `network` (the runner's own user-defined bridge; an `options: --network
 * …` written in the file still wins, last flag), named by `nameWord` when given, at `at` for what is written
 * nowhere. `undefined` without an image.
 */
export function containerWords(file: SourceFile, at: number, nameWord: Word | undefined, spec: Node, network: string): Word[] | undefined {
  // The runner puts every container of a job on a network of its own (`github_network_<id>`, a user-defined
  // bridge), never on the default bridge: an `options: --network …` written in the file still wins (last flag).
  const words: Word[] = [synthetic('docker', at), synthetic('create', at), synthetic('--network', at), synthetic(network, at)];
  if (nameWord) words.push(synthetic('--name', nameWord.start), nameWord);
  let image: Word | undefined;
  if (isScalar(spec)) image = scalarWord(file.text, spec);
  else if (isMap(spec)) {
    image = scalarWord(file.text, spec.get('image', true));
    const options = spec.get('options', true);
    if (isScalar(options) && options.range && typeof options.value === 'string') {
      let [s, e] = options.range;
      if (options.type === 'QUOTE_SINGLE' || options.type === 'QUOTE_DOUBLE') {
        s++;
        e--;
      } else if (options.type === 'BLOCK_LITERAL' || options.type === 'BLOCK_FOLDED') s = file.text.indexOf('\n', s) + 1;
      // A multi-line value is one line of flags (YAML folds its line breaks): break the scan only at the end.
      // A `${{ matrix.uid }}` in a flag is one unknown word, not three (`${{`, `matrix.uid`, `}}`).
      const flat = expressionsAsVariables(file.text.slice(0, s) + file.text.slice(s, e).replace(/\n/g, ' ') + file.text.slice(e), s, e);
      words.push(...tokenizeLine(flat, s, e));
    }
    // `env:` entries are `-e NAME=value` (the runner's own `docker create`): the word's characters sit where
    // the name and the value are written, so findings point at them and a literal password is masked there.
    words.push(...envWords(file, spec.get('env', true)));
    for (const [k, flag] of [['ports', '-p'], ['volumes', '-v']] as const) {
      const list = spec.get(k, true);
      if (!isSeq(list)) continue;
      for (const item of list.items) {
        const w = scalarWord(file.text, item);
        if (w) words.push(synthetic(flag, w.start), w);
      }
    }
  }
  if (!image) return undefined;
  // `image: ${{ matrix.image }}`: the image is filled in by the runner, so it is unknown (as a shell
  // variable would be), but the container and its `options:` are still there.
  if (image.value.includes('${{')) image = { ...image, unresolved: true, quoted: true };
  words.push(image);
  return words;
}

/**
 * The job containers and service containers of a workflow document's `jobs`, as `docker create` launches
 * (source `run`, target name: the service key, or the image for a job container). A key without an image is
 * skipped; an image written as a `${{ … }}` expression is an unknown (unresolved) image. Never throws.
 */
export function githubContainers(file: SourceFile, jobs: Node): { containers: ContainerSpec[]; errors: InputError[] } {
  const containers: ContainerSpec[] = [];
  const errors: InputError[] = [];
  if (!isMap(jobs)) return { containers, errors };
  for (const job of jobs.items) {
    if (!isMap(job.value)) continue;
    const found: [Pair, Node, string | undefined][] = [];
    const c = job.value.items.find((p) => isScalar(p.key) && p.key.value === 'container');
    if (c?.value) found.push([c, c.value as Node, undefined]);
    const services = job.value.get('services', true);
    if (isMap(services)) for (const s of services.items) if (isScalar(s.key) && s.value) found.push([s, s.value as Node, String(s.key.value)]);
    for (const [key, spec, name] of found) {
      const words = createWords(file, key, spec, name);
      if (!words) continue;
      const r = parseDockerRun(words, file);
      errors.push(...r.errors);
      if (r.container) containers.push(r.container);
    }
  }
  return { containers, errors };
}

/**
 * The `-e NAME=value` words of a CI container's environment map (GitHub `env:`, Drone / Woodpecker
 * `environment:`), each value character at the offset where it is written, so findings point at the name and
 * value and a literal secret is masked there (R-S). A `${{ secrets.X }}` value is unknown (filled in by the
 * runner); an empty or null value is the empty string; a value that is not a scalar (Drone's
 * `{from_secret: name}`) gives no word. Anything but a map gives none.
 */
export function envWords(file: SourceFile, env: unknown): Word[] {
  const words: Word[] = [];
  if (!isMap(env)) return words;
  for (const pair of env.items) {
    const k = scalarWord(file.text, pair.key);
    if (!k || (!isScalar(pair.value) && pair.value !== null)) continue;
    const v = isScalar(pair.value) && (pair.value.value === null || pair.value.value === '') ? undefined : scalarWord(file.text, pair.value);
    // `${{ secrets.TOKEN }}` → `${secrets_TOKEN____}` (same length): a variable, filled in by the runner.
    const value = `${k.value}=${(v?.value ?? '').replace(CI_EXPRESSION, expressionAsVariable)}`;
    const offsets = [...Array(k.value.length).keys()].map((i) => k.start + i);
    offsets.push(k.end);
    if (v) offsets.push(...[...Array(v.value.length).keys()].map((i) => (v.raw === v.value ? v.start + i : v.start)));
    const w: Word = { value, start: k.start, end: v?.end ?? k.end, raw: file.text.slice(k.start, v?.end ?? k.end), offsets };
    if (v && /\$\{\{|\$\[\[/.test(v.value)) w.unresolved = true;
    words.push(synthetic('-e', k.start), w);
  }
  return words;
}
