/**
 * The one binding of the shell parser, mvdan/sh (npm `mvdan-sh`, a GopherJS build), shared by the
 * `docker run` ingester (scripts, Markdown blocks) and the Dockerfile ingester (RUN instructions).
 * Loaded lazily ({@link shSyntax}): only inputs that need the full parser pay its start-up cost.
 *
 * Positions: mvdan/sh reports UTF-8 byte offsets; {@link offsetConverter} maps them to the UTF-16
 * offsets the model uses.
 */
import { createRequire } from 'node:module';
import { byteToUtf16Offset } from '../model/source.js';

/** A position in mvdan/sh's AST (byte offset, 1-based line and byte column). */
export interface ShPos {
  Offset(): number;
  Line(): number;
  Col(): number;
}

/** Any node of mvdan/sh's AST; fields are read by name (`Args`, `Parts`, `Cmd`, …). */
export interface ShNode {
  Pos(): ShPos;
  End(): ShPos;
  [k: string]: unknown;
}

/** The part of mvdan/sh's `syntax` package bulwark uses. */
export interface ShSyntax {
  NewParser(...opts: unknown[]): { Parse(src: string, name: string): ShNode };
  KeepComments(b: boolean): unknown;
  Variant(v: unknown): unknown;
  LangBash: unknown;
  Walk(n: ShNode, f: (n: ShNode | null) => boolean): void;
  NodeType(n: ShNode): string;
}

let loaded: ShSyntax | undefined;

/**
 * mvdan/sh's `syntax` package, loaded on first use (the GopherJS bundle takes ~100 ms to load; Dockerfiles
 * whose RUN instructions all take the fast path of `dockerfile/lex.ts` never load it).
 */
export function shSyntax(): ShSyntax {
  return (loaded ??= (createRequire(import.meta.url)('mvdan-sh') as { syntax: ShSyntax }).syntax);
}

/**
 * Returns a converter from mvdan/sh byte offsets in `text` to UTF-16 offsets; identity for ASCII text,
 * and fast for the increasing offsets a walk produces otherwise.
 */
export function offsetConverter(text: string): (byte: number) => number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return (b) => Math.min(b, text.length);
  let hint = { byte: 0, utf16: 0 };
  return (b) => {
    const u = byteToUtf16Offset(text, b, b >= hint.byte ? hint : undefined);
    hint = { byte: b, utf16: u };
    return u;
  };
}
