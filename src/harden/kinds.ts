/**
 * The inputs `bulwark harden` rewrites, without anything else of harden: the audit engine imports this to know
 * which findings get a fix label from harden's fixes (`label.ts`, loaded only then).
 */
import type { InputKind } from '../model/types.js';

/** Input kinds harden rewrites (Kubernetes manifests: `kubernetes.ts`). */
export const HARDENABLE: readonly InputKind[] = ['compose', 'run', 'shell', 'markdown', 'asciidoc', 'rst', 'dockerfile', 'kubernetes'];

/**
 * Whether harden rewrites a file of `kind` with this text: a kind it rewrites ({@link HARDENABLE}), and not a
 * Compose file written as JSON (its YAML edits would leave a file no JSON reader takes; harden refuses it).
 */
export function hardenRewrites(kind: InputKind | undefined, text: string): boolean {
  return !!kind && HARDENABLE.includes(kind) && !(kind === 'compose' && /^\s*\{/.test(text));
}
