/**
 * dockerfile-ast's parser with the exec-form analysis of instructions deferred until it is asked for.
 *
 * `DockerfileParser.parse` builds every RUN, CMD, ENTRYPOINT, COPY, ADD, SHELL and VOLUME as a
 * `JSONInstruction`, whose constructor splits the arguments four times over (raw content, arguments,
 * flags, argument range) to find a JSON array, and the parser builds each such instruction twice (once to
 * look for heredocs, once to keep). The ingester reads the exec form itself (`shell.ts`), so it has no use
 * for that work on the common path: this parser (dockerfile-ast's own `Parser`, same tokenizer, same
 * ranges, comments, directives and heredoc bodies) builds those instructions as plain `Instruction`s, and
 * {@link typedInstruction} builds the library's typed instruction (`Run`, `Copy`…) when flags or heredocs
 * are needed. On the bench corpus of 2,000 Dockerfiles this takes the parse from about 0.85 s to 0.32 s
 * (bench/README.md).
 *
 * Relies on dockerfile-ast 0.7.x internals that are public in its JavaScript but not in its typings
 * (`Parser#createInstruction`, the parser's `document` and `escapeChar`, an instruction's `document` and
 * `dockerfile`); the version is pinned in package.json and `parser.test.ts` checks that this parser and
 * `DockerfileParser.parse` agree on every instruction of the corpus.
 */
import { Instruction } from 'dockerfile-ast';
import type { Dockerfile } from 'dockerfile-ast';
import { Parser } from 'dockerfile-ast/lib/parser.js';

/** A line/character position and range as dockerfile-ast has them (0-based). */
interface Pos {
  line: number;
  character: number;
}
interface Rng {
  start: Pos;
  end: Pos;
}
/** The parts of vscode-languageserver-textdocument's TextDocument the parser uses. */
interface Doc {
  positionAt(offset: number): Pos;
}

/** Keywords whose dockerfile-ast class is a `JSONInstruction` (exec form analysed in the constructor). */
const DEFERRED = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'COPY', 'ADD', 'SHELL', 'VOLUME']);

type ParserInternals = { document: Doc; escapeChar: string };
type InstructionCtor = new (document: Doc, range: Rng, dockerfile: Dockerfile, escapeChar: string, instruction: string, instructionRange: Rng) => Instruction;

class LeanParser extends (Parser as unknown as new () => { parse(buffer: string): Dockerfile }) {
  /** The instruction last built whose text holds no `<<` (so it has no heredoc). */
  declare private plain: Instruction | undefined;

  /** The last instruction built and its arguments (see {@link createInstruction}). */
  declare private last: { ai: Instruction; instruction: string; start: number; instructionEnd: number; end: number } | undefined;

  /**
   * Overrides dockerfile-ast's private `Parser#createInstruction` (same arguments: offsets into the text).
   * dockerfile-ast builds each instruction with arguments twice, once to look for heredocs and once to keep;
   * when nothing moved in between (no heredoc), the first one is kept.
   */
  createInstruction(dockerfile: Dockerfile, instruction: string, start: number, instructionEnd: number, end: number): Instruction {
    const l = this.last;
    if (l && l.start === start && l.end === end && l.instructionEnd === instructionEnd && l.instruction === instruction) return l.ai;
    const ai = this.build(dockerfile, instruction, start, instructionEnd, end);
    const buffer = (this as unknown as { buffer: string }).buffer;
    this.plain = buffer.slice(start, end).includes('<<') ? undefined : ai;
    this.last = { ai, instruction, start, instructionEnd, end };
    return ai;
  }

  /**
   * Overrides dockerfile-ast's private `Parser#processHeredocs(instruction, offset)`, which splits the
   * arguments of every RUN, COPY and ADD to look for `<<` words: an instruction whose text has no `<<` has
   * none, and its offset is returned as is.
   */
  processHeredocs(instruction: Instruction, offset: number): number {
    if (instruction === this.plain) return offset;
    return (Parser.prototype as unknown as { processHeredocs(i: Instruction, o: number): number }).processHeredocs.call(this, instruction, offset);
  }

  private build(dockerfile: Dockerfile, instruction: string, start: number, instructionEnd: number, end: number): Instruction {
    const self = this as unknown as ParserInternals;
    const startPos = self.document.positionAt(start);
    const instructionRange = { start: startPos, end: self.document.positionAt(instructionEnd) };
    const lineRange = { start: startPos, end: self.document.positionAt(end) };
    if (DEFERRED.has(instruction.toUpperCase()))
      return new (Instruction as unknown as InstructionCtor)(self.document, lineRange, dockerfile, self.escapeChar, instruction, instructionRange);
    return (Parser as unknown as { createInstruction(d: Doc, df: Dockerfile, e: string, l: Rng, i: string, r: Rng): Instruction }).createInstruction(
      self.document,
      dockerfile,
      self.escapeChar,
      lineRange,
      instruction,
      instructionRange,
    );
  }
}

/**
 * Parses Dockerfile text as `DockerfileParser.parse` does, except that exec-form instructions are plain
 * `Instruction`s (see the module comment); use {@link typedInstruction} for their flags and heredocs.
 * Never throws for any text (as dockerfile-ast's parser).
 */
export function parseDockerfile(text: string): Dockerfile {
  return new LeanParser().parse(text);
}

/**
 * The instruction as dockerfile-ast's `DockerfileParser.parse` would have built it (`Run`, `Copy`, …, with
 * `getFlags()` and flag-free `getArguments()`); the instruction itself when it already is.
 */
export function typedInstruction(ai: Instruction): Instruction {
  if (!DEFERRED.has(ai.getKeyword()) || ai.constructor !== Instruction) return ai;
  const x = ai as unknown as { document: Doc; dockerfile: Dockerfile; escapeChar: string };
  return (Parser as unknown as { createInstruction(d: Doc, df: Dockerfile, e: string, l: Rng, i: string, r: Rng): Instruction }).createInstruction(
    x.document,
    x.dockerfile,
    x.escapeChar,
    ai.getRange(),
    ai.getInstruction(),
    ai.getInstructionRange(),
  );
}

/**
 * Where the first argument starts: after blanks and line continuations (the escape character, optional
 * blanks, a line break) following the keyword; `end` when there is none.
 */
export function argsStart(text: string, from: number, end: number, escape: string): number {
  let k = from;
  while (k < end) {
    const c = text[k];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') k++;
    else if (c === escape) {
      let j = k + 1;
      while (j < end && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
      if (j < end && text[j] !== '\n') break;
      k = j;
    } else break;
  }
  return k;
}


/** Keywords whose flags dockerfile-ast reads as words starting with `--`, up to the first word without `--`. */
const FLAGGED = new Set(['RUN', 'COPY', 'ADD']);

/**
 * The flags of a RUN, COPY or ADD (`--mount=type=cache,target=/root/.cache`, `--from=build`, `--link`) read
 * from the text as dockerfile-ast's `getFlags()` reads them, without building the typed instruction: words
 * beginning with `--` (name lower-cased, value after the first `=`, `''` without one), separated by blanks
 * and line continuations, up to the first word without `--`; `start` is where the arguments begin
 * (dockerfile-ast's first argument after the flags, or `from` when only flags are written).
 * Returns `undefined` for what this does not read exactly as dockerfile-ast (another keyword, a comment line
 * inside the continuation, quotes or the escape character inside a flag word, a word with `--` inside it
 * before the arguments): the caller then asks {@link typedInstruction}.
 */
export function leadingFlags(keyword: string, text: string, from: number, end: number, escape: string): { flags: Record<string, string>; start: number } | undefined {
  if (!FLAGGED.has(keyword)) return undefined;
  const flags: Record<string, string> = {};
  let k = argsStart(text, from, end, escape);
  for (;;) {
    if (k >= end) return { flags, start: from };
    if (text[k] === '#') return undefined;
    let j = k;
    while (j < end && text[j] !== ' ' && text[j] !== '\t' && text[j] !== '\r' && text[j] !== '\n' && text[j] !== escape) j++;
    if (j < end && text[j] === escape && argsStart(text, j, end, escape) === j) return undefined;
    const word = text.slice(k, j);
    if (!word.includes('--')) return { flags, start: k };
    if (!word.startsWith('--') || word.includes('"') || word.includes("'")) return undefined;
    const eq = word.indexOf('=');
    flags[(eq < 0 ? word.slice(2) : word.slice(2, eq)).toLowerCase()] = eq < 0 ? '' : word.slice(eq + 1);
    k = argsStart(text, j, end, escape);
  }
}
