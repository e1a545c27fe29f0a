/**
 * `docker run` / `docker create` lines: the CLI parser ({@link parseDockerRun}) and the shell-script
 * ingester ({@link ingestShell}). Requirements: R-B, R-K, R-D, R-S, R-M, R-A, R-P via the model fields
 * they fill; R-G14 (audits of scripts and docs).
 */
export type { Word } from './word.js';
export { charRange, plainWord } from './word.js';
export { parseDockerRun, findDockerWord, isDockerWord } from './parse.js';
export type { ParsedRun } from './parse.js';
export { ingestShell, scanShellText, tokenizeLine } from './shell.js';
export { FLAGS } from './flags.js';
export type { FlagDef } from './flags.js';
