/**
 * Reporters: turn an {@link AuditResult} into text (default), JSON, SARIF 2.1.0 or HTML.
 * Requirement R-G14 (audit output for people and CI). Reporters read source text only from the
 * masked `result.sources` (R-S) and never throw for a well-formed result.
 */
import type { AuditResult } from '../engine/types.js';
import { renderHtml, renderHtmlChunks } from './html.js';
import { renderJson, renderJsonChunks } from './json.js';
import { renderSarif, renderSarifChunks } from './sarif.js';
import { renderText, renderTextChunks } from './text.js';

export { renderText, renderTextChunks, colorDefault, streamColor } from './text.js';
export { renderJson, renderJsonChunks } from './json.js';
export { renderSarif, renderSarifChunks, DOCS_BASE, SARIF_LEVEL, SECURITY_SEVERITY } from './sarif.js';
export { renderHtml, renderHtmlChunks, escapeHtml } from './html.js';
export { renderRuleDoc, renderRuleIndex, ruleDocFile } from './rule-docs.js';

/** Output formats of `bulwark audit --format`. */
export type Format = 'text' | 'json' | 'sarif' | 'html';

/** Every format, the default first. */
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'html'];

/**
 * Renders a result in `format`. The string ends with a newline (write it with
 * `process.stdout.write`, not `console.log`).
 *  - `color` only matters for text (default {@link colorDefault}: NO_COLOR, FORCE_COLOR — `0` and
 *    `false` mean no colour — and whether stdout is a TTY);
 *  - `cwd`: the directory relative paths are read from (default `process.cwd()`); SARIF artifact URIs
 *    are relative to the repository root it is in (the nearest directory holding `.git`, else `cwd`),
 *    as GitHub code scanning reads them; text and HTML show absolute paths inside it relative to it.
 * Throws `Error` for an unknown format.
 */
export function render(result: AuditResult, format: Format, opts: { color?: boolean; cwd?: string } = {}): string {
  switch (format) {
    case 'text':
      return renderText(result, opts);
    case 'json':
      return renderJson(result);
    case 'sarif':
      return renderSarif(result, { cwd: opts.cwd });
    case 'html':
      return renderHtml(result, { cwd: opts.cwd });
    default:
      throw new Error(`unknown report format ${JSON.stringify(format)}; expected one of ${FORMATS.join(', ')}`);
  }
}

/**
 * Renders a result in pieces to write one after the other (text streams per file as strings, JSON as
 * UTF-8 byte chunks of about 1 MiB, SARIF as strings of about a million UTF-16 units, HTML as one string per few audited files). The
 * concatenation equals {@link render}.
 */
export function renderChunks(result: AuditResult, format: Format, opts: { color?: boolean; cwd?: string } = {}): Iterable<string | Uint8Array> {
  if (format === 'json') return renderJsonChunks(result);
  if (format === 'text') return renderTextChunks(result, opts);
  if (format === 'sarif') return renderSarifChunks(result, { cwd: opts.cwd });
  if (format === 'html') return renderHtmlChunks(result, { cwd: opts.cwd });
  return [render(result, format, opts)];
}
