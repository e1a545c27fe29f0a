/**
 * The ingester contract: text in, model out. Ingesters never throw for bad input; they return
 * {@link InputError}s (one line, with file:line) and whatever they could still model.
 */
import type { SourceFile } from '../model/source.js';
import type { IngestResult } from '../model/types.js';
import type { ClaimedVolumes } from './kubernetes/volumes.js';

/** What an ingester may use besides its own text. */
export interface IngestContext {
  /**
   * Reads a file next to the input (`.env`, `env_file`, `extends.file`), path resolved by the caller's
   * rules (relative to the input's directory). Returns `undefined` when it does not exist or cannot be read.
   */
  readFile(path: string): Promise<string | undefined>;
  /**
   * Variables for interpolation (Compose `${VAR}`): the caller's environment. Compose also reads the
   * `.env` beside the file itself; the shell environment wins over `.env`, as in `docker compose`.
   * Tests pass `{}` so results do not depend on the machine.
   */
  env: Record<string, string | undefined>;
  /**
   * The host-path PersistentVolumes and the claims written in the Kubernetes manifests of the whole audit (a
   * directory's `pv.yaml` beside the pod's manifest), so that a pod's `persistentVolumeClaim` volume bound to one
   * is the node directory it mounts, and the LimitRanges' container defaults (a `limitrange.yaml` beside a
   * Deployment gives its containers their default limits). Absent when the audit has none; a manifest's own are
   * read by the ingester.
   */
  kubernetesVolumes?: ClaimedVolumes;
}

/**
 * A region of a bigger file that holds one embedded input (a fenced block in Markdown, a listing in
 * AsciiDoc). Offsets are into the enclosing {@link SourceFile}'s text.
 */
export interface Region {
  start: number;
  end: number;
}

/** One ingester: parses `file` (or the `region` of it) into containers and images. */
export type Ingester = (file: SourceFile, ctx: IngestContext, region?: Region) => Promise<IngestResult>;

/**
 * Returns `text` with every character outside `[start, end)` replaced by a space, line breaks kept, so a
 * parser given the result reports offsets, lines and columns of the original file.
 */
export function isolateRegion(text: string, start: number, end: number): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
}
