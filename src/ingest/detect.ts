/**
 * Detects the kind of an input file from its name and, where the name is not enough, its content.
 * Names follow the tools that own them: Compose's default file names (compose-spec "Compose file"),
 * Docker's `Dockerfile`/`Containerfile` conventions, and the usual script and document extensions.
 */
import { basename, extname } from 'node:path';
import type { InputKind } from '../model/types.js';

/** Kinds bulwark recognises but whose audit belongs to a later capability (reported as skipped). */
export type OtherKind = 'kubernetes' | 'json';

const COMPOSE_NAME = /^(?:docker-)?compose(?:\.[\w.-]+)?\.ya?ml$|\.compose\.ya?ml$|^docker-compose[\w.-]*\.ya?ml$/i;
const DOCKERFILE_NAME = /^(?:Dockerfile|Containerfile)(?:[.-][\w.-]+)?$|\.(?:dockerfile|containerfile)$/i;

/** Whether the YAML text has a top-level `services:` key and no Kubernetes `apiVersion`/`kind` pair. */
export function yamlLooksLikeCompose(text: string): boolean {
  if (!/^services[ \t]*:/m.test(text)) return false;
  return !(/^apiVersion[ \t]*:/m.test(text) && /^kind[ \t]*:/m.test(text));
}

/** Whether the YAML text is a Kubernetes manifest. */
export function yamlLooksLikeKubernetes(text: string): boolean {
  return /^apiVersion[ \t]*:/m.test(text) && /^kind[ \t]*:/m.test(text);
}

/** Whether the text starts with a shell shebang. */
export function hasShellShebang(text: string): boolean {
  return /^#![^\n]*\b(?:ba|da|k|z)?sh\b/.test(text);
}

/**
 * Detects an input's kind.
 * @param path file path (only the base name and extension are used)
 * @param head the first bytes of the file as text, for content sniffing (may be empty)
 * @returns the kind, or `undefined` when bulwark does not read this file
 */
export function detectKind(path: string, head: string): InputKind | OtherKind | undefined {
  const name = basename(path);
  if (COMPOSE_NAME.test(name)) return 'compose';
  if (DOCKERFILE_NAME.test(name)) return 'dockerfile';
  const ext = extname(name).toLowerCase();
  switch (ext) {
    case '.sh':
    case '.bash':
    case '.zsh':
    case '.ksh':
      return 'shell';
    case '.md':
    case '.markdown':
    case '.mdx':
      return 'markdown';
    case '.adoc':
    case '.asciidoc':
    case '.asc':
      return 'asciidoc';
    case '.yml':
    case '.yaml':
      if (yamlLooksLikeCompose(head)) return 'compose';
      if (yamlLooksLikeKubernetes(head)) return 'kubernetes';
      return undefined;
    case '.json':
      return 'json';
    case '':
      if (hasShellShebang(head)) return 'shell';
      return undefined;
    default:
      return undefined;
  }
}
