/**
 * Secrets written on the container tool's own command lines in a script, not on a container's: `docker build
 * --build-arg NAME=<literal>` (docker CLI reference "docker buildx build": `--build-arg`; the value is recorded in the
 * history of every RUN of a stage that declares the argument, as a Compose `build.args` entry is, BW-0103) and
 * `docker login -p|--password <literal>` (docker CLI reference "docker login": "--password … Password or Personal
 * Access Token (PAT)"; it recommends `--password-stdin`, as the value is in the shell's history and the process
 * list, BW-0035). Also for podman and nerdctl, whose `build` and `login` take the same options.
 */
import type { SourceFile } from '../../model/source.js';
import type { HostCommandSecret } from '../../model/types.js';
import { findDockerWord, GLOBAL_VALUE } from './parse.js';
import { charRange, type Word } from './word.js';

/** `build` subcommands: `docker build`, `docker buildx build` (and its alias `b`), `docker image build`, `docker builder build`. */
const BUILD_GROUPS = new Set(['buildx', 'image', 'builder']);

/**
 * The secrets written on one command's words (after the same wrappers and global options as `docker run`), in
 * order: each `--build-arg NAME=value` / `--build-arg=NAME=value` with a literal value of a `build`, and the literal
 * of `-p value` / `-pvalue` / `--password value` / `--password=value` of a `login`. A value with an expansion
 * (`--build-arg NPM_TOKEN="$NPM_TOKEN"`, `-p "$PW"`) is not written in the file and is left out; so is a build
 * argument without `=` (docker takes its value from its own environment). Whether a build argument holds a secret is
 * the rule's to decide. `[]` for any other command.
 */
export function hostCommandSecrets(words: Word[], file: SourceFile): HostCommandSecret[] {
  const d = findDockerWord(words);
  if (d === -1) return [];
  let i = d + 1;
  while (i < words.length && words[i].value.startsWith('-')) i += GLOBAL_VALUE.has(words[i].value) ? 2 : 1;
  if (BUILD_GROUPS.has(words[i]?.value ?? '') && (words[i + 1]?.value === 'build' || (words[i].value === 'buildx' && words[i + 1]?.value === 'b'))) i++;
  const sub = words[i]?.value;
  if (sub !== 'build' && sub !== 'b' && sub !== 'login') return [];
  if (sub === 'b' && words[i - 1]?.value !== 'buildx') return [];
  const out: HostCommandSecret[] = [];
  const command = { kind: 'file' as const, file: file.path, start: words[d].start, end: words[words.length - 1].end };
  /** Adds `w.value.slice(from)` as the value when it is written literally. */
  const add = (kind: HostCommandSecret['kind'], name: string, w: Word | undefined, from: number) => {
    if (!w || w.unresolved || w.value.length <= from) return;
    const r = charRange(file, w, from, w.value.length);
    out.push({ kind, name, valueOrigin: { kind: 'file', file: file.path, start: r.start, end: r.end }, command });
  };
  for (let k = i + 1; k < words.length; k++) {
    const w = words[k].value;
    if (w === '--') break;
    if (sub === 'login') {
      if (w === '-p' || w === '--password') add('registry-login', w, words[++k], 0);
      else if (w.startsWith('--password=')) add('registry-login', '--password', words[k], '--password='.length);
      else if (/^-p./.test(w)) add('registry-login', '-p', words[k], w[2] === '=' ? 3 : 2);
      continue;
    }
    let arg: Word | undefined;
    let at = 0;
    if (w === '--build-arg') arg = words[++k];
    else if (w.startsWith('--build-arg=')) {
      arg = words[k];
      at = '--build-arg='.length;
    } else continue;
    const eq = arg?.value.indexOf('=', at) ?? -1;
    if (!arg || eq <= at) continue;
    add('build-arg', arg.value.slice(at, eq), arg, eq + 1);
  }
  return out;
}
