/**
 * Registry passwords written on `docker login` lines (R-S: secrets masked in every output): shared by the shell,
 * Markdown and CI ingesters, since such a line next to a `docker run` shows in that finding's code frame.
 */
import type { SourceFile, SourceRange } from '../../model/source.js';

/**
 * The passwords written on registry login lines of a script (`docker login -u bot -p S3cret registry`,
 * `podman login --password=S3cret …`; docker CLI reference "docker login": `-p`, `--password`), as ranges of
 * `file` to mask in every report (R-S): such a line next to a `docker run` is shown in that finding's snippet.
 * `start` is where `body` (the script as the shell reads it, same length as in the file) starts. A value that
 * is only a variable (`-p "$REGISTRY_PASSWORD"`, `-p ${{ secrets.X }}`) holds no secret and stays readable.
 */
export function loginPasswordMasks(file: SourceFile, start: number, body: string): SourceRange[] {
  const out: SourceRange[] = [];
  for (const line of body.matchAll(/\b(?:docker|podman|nerdctl|buildah|skopeo)(?:\.exe)?[ \t]+(?:[^\n]*?[ \t])?login\b(?:\\\r?\n|[^\n])*/g)) {
    for (const m of line[0].matchAll(/(?:^|[ \t])(?:-p|--password)(?:[ \t]+|=)(["']?)([^\s"']+)\1/g)) {
      const value = m[2];
      if (/^\$(?:\{[^}]*\}|\w+)$/.test(value)) continue;
      const at = line.index + m.index + m[0].length - m[1].length - value.length;
      out.push(file.range(start + at, start + at + value.length));
    }
  }
  return out;
}
