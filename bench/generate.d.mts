/** Types of bench/generate.mjs (the benchmark corpus generator); see that file for the behaviour. */
export interface GeneratedCompose {
  /** `compose.NNNN.yaml` or `docker-compose.NNNN.yml`. */
  name: string;
  text: string;
  /** Sorted feature tags, e.g. `anchor`, `merge-key`, `ports-long`, `volume-bind-short`, `crlf`. */
  features: string[];
  /** Number of services, 1–8. */
  services: number;
}
export interface GeneratedDockerfile {
  /** `Dockerfile.NNNN` or `svcNNNN.Dockerfile`. */
  name: string;
  text: string;
  /** Sorted feature tags, e.g. `heredoc`, `multi-stage`, `env-legacy`, `healthcheck-no-options`, `no-user`. */
  features: string[];
  /** Number of build stages, 1–3. */
  stages: number;
}
export interface Corpus {
  seed: number;
  compose: GeneratedCompose[];
  dockerfile: GeneratedDockerfile[];
}
export const DEFAULT_SEED: number;
export const DEFAULT_COUNT: number;
export function mulberry32(seed: number): () => number;
export function generateCompose(seed: number, index: number): GeneratedCompose;
export function generateDockerfile(seed: number, index: number): GeneratedDockerfile;
export function generateCorpus(opts?: { seed?: number; compose?: number; dockerfile?: number }): Corpus;
export function writeCorpus(dir: string, corpus: Corpus): { compose: { files: number; bytes: number }; dockerfile: { files: number; bytes: number } };
