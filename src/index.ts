/**
 * bulwark's library API.
 *
 * ```ts
 * import { audit, render } from 'bulwark';
 * const result = await audit(['compose.yaml', 'deploy/'], { env: {} });
 * console.log(render(result, 'text'));
 * ```
 */
export { audit, auditSources, VERSION } from './engine/audit.js';
export type { AuditOptions, AuditResult, AuditedFile, Finding, SourceInput, Suppression } from './engine/types.js';
export { SCHEMA_VERSION } from './engine/types.js';
export { loadConfig, parseConfig, ConfigError, type BulwarkConfig, type RuleSetting } from './engine/config.js';
export { render, type Format } from './report/index.js';
export { allRules } from './rules/index.js';
export * from './rules/types.js';
export * from './model/types.js';
export * from './model/source.js';
export * from './model/capabilities.js';
export { detectKind } from './ingest/detect.js';
