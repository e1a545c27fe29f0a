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

// --- the commands built on the model ---
export { ingestSource } from './engine/audit.js';
export { auditLive, type LiveAuditOptions } from './live/audit.js';
export { toEngineConfig, toRunLine, shellQuote, type EngineConfig, type EmitOptions, type CreateBody, type Dropped } from './emit/engine.js';
export { hardenText, fixableFindings, DEFAULT_PROFILE, type HardenOptions, type HardenResult, type HardenChange, type HardenProfile } from './harden/index.js';
export { probe, ATTACKS, type ProbeTarget, type ProbeOptions, type ProbeReport, type ProbeRecord } from './probe/index.js';
export { verifyImage, imageFindings } from './verify/verify.js';
export { unpackImage, UnpackRefused } from './verify/unpack.js';
export { pinFile, archiveResolver, engineResolver } from './verify/pin.js';
export { checkModule, formatCheck } from './policy/check.js';
export { generateModule, GenerateError } from './policy/generate.js';
export { collectFromEngine, collectFromArchive, CollectError } from './policy/collect.js';
export { buildPlan, formatPlan, labelOption } from './policy/plan.js';
export { embedding, encodeModule, decodeModule, LABEL_PREFIX } from './policy/embed.js';
