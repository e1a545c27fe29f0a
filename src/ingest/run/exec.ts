/**
 * `docker exec` command lines in scripts and documents (`docker exec --privileged -it web sh`, `docker container
 * exec -u root db psql`): the processes they start in a container, as the model's {@link ExecSpec} (kind
 * `docker-exec`), for CIS Docker Benchmark 1.6.0 5.23 (no `--privileged` exec, BW-0043) and 5.24 (no exec as root
 * into a container that runs as a user, BW-0044); paper §V.2.5.
 *
 * `docker exec`'s options (docker CLI reference "docker container exec": `-d`, `--detach-keys`, `-e`, `--env-file`,
 * `-i`, `--privileged`, `-t`, `-u`, `-w`) are a subset of `docker run`'s with the same meaning, and its first
 * operand (the container) stands where `run` has the image: the line is read by the `docker run` parser with `exec`
 * read as `run`, so every spelling (`-itu root`, `--user=0`, `-e K=V`, quoting, variables) is read the same way.
 */
import type { SourceFile } from '../../model/source.js';
import type { ContainerSpec, ExecLine } from '../../model/types.js';
import { findDockerWord, GLOBAL_VALUE, parseDockerRun } from './parse.js';
import type { Word } from './word.js';

/**
 * The `docker exec` line in `words` (after the same wrappers and global options as `docker run`), or `undefined`
 * for any other command and for an exec without a container operand. `exec.origin` runs from the `docker` word to
 * the end of the command; the container is named as written (a name, an ID, or an unresolved `$CID`).
 */
export function parseDockerExec(words: Word[], file: SourceFile): ExecLine | undefined {
  // `docker compose exec [OPTIONS] SERVICE COMMAND` / `docker-compose exec …`: the process runs in the service's
  // container (Compose docs "docker compose exec": "the equivalent of docker exec targeting a Compose service").
  const compose = parseDockerRun(words, file, true).container;
  if (compose) {
    const service = compose.extra.composeRun;
    if (!service || typeof service.value !== 'string' || service.value === '') return undefined;
    return { container: service.value, service: true, exec: execOf(compose, words, 'compose-exec', compose.target.range.start) };
  }
  const d = findDockerWord(words);
  if (d === -1) return undefined;
  let i = d + 1;
  while (i < words.length && words[i].value.startsWith('-')) i += GLOBAL_VALUE.has(words[i].value) ? 2 : 1;
  if (words[i]?.value === 'container') i++;
  if (words[i]?.value !== 'exec') return undefined;
  const asRun = words.slice();
  asRun[i] = { ...words[i], value: 'run' };
  const c = parseDockerRun(asRun, file).container;
  if (!c?.image) return undefined;
  return { container: c.image.value, exec: execOf(c, words, 'docker-exec', words[d].start) };
}

/** The process an exec line read as a run line (`c`) starts: from `start` (the `docker` word) to the line's end. */
function execOf(c: ContainerSpec, words: Word[], kind: 'docker-exec' | 'compose-exec', start: number): ExecLine['exec'] {
  const exec: ExecLine['exec'] = { kind, origin: { kind: 'file', file: c.file, start, end: words[words.length - 1].end } };
  if (c.privileged) exec.privileged = c.privileged;
  if (c.user) exec.user = c.user;
  if (c.command) exec.command = c.command;
  if (c.env.length) exec.env = c.env;
  return exec;
}

/** Where a `docker exec` line starts in its file (for ordering and de-duplication). */
export function execStart(x: ExecLine): number {
  return x.exec.origin.kind === 'file' ? x.exec.origin.start : 0;
}

/**
 * Gives each `docker exec` line to the container the same input starts under that name (`docker run --name web`
 * … `docker exec web …`: its `execs`), each `docker compose exec` line to the Compose service of that name the
 * input defines, and returns the lines into containers the input does not start.
 */
export function attachExecs(containers: ContainerSpec[], lines: ExecLine[]): ExecLine[] {
  const rest: ExecLine[] = [];
  for (const line of lines) {
    // A `docker compose exec app …` line: the service `app` of a Compose file the input writes (a heredoc of the
    // script, a block of the document), as `docker compose up` starts it; not a `docker compose run` one-off container.
    const c = line.service
      ? containers.find((x) => x.source === 'compose' && x.target.kind === 'service' && x.target.name === line.container)
      : containers.find((x) => x.target.name === line.container);
    if (c) (c.execs ??= []).push(line.exec);
    else rest.push(line);
  }
  return rest;
}
