/**
 * The lean parser (parser.ts) agrees with dockerfile-ast's `DockerfileParser.parse` on every instruction:
 * keyword, ranges, arguments, flags, heredocs (name and body range), comments and directives, over the
 * shared corpus's Dockerfiles, the bench generator's Dockerfiles and hand-written edge cases. R-P, R-K
 * (positions of Dockerfile findings).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile, Heredoc, Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { generateDockerfile, DEFAULT_SEED } from '../../../bench/generate.mjs';
import { argsStart, leadingFlags, parseDockerfile, typedInstruction } from './parser.js';
import { corpusPath } from '../../../test/support/corpus.js';

const CORPUS = corpusPath('dockerfile');

/** Everything the ingester reads from a parsed Dockerfile, as plain data. */
function shape(df: Dockerfile, typed: (i: Instruction) => Instruction) {
  return {
    directives: df.getDirectives().map((d) => [d.getName(), d.getValue(), d.getRange()]),
    escape: df.getEscapeCharacter(),
    comments: df.getComments().map((c) => c.getRange()),
    instructions: df.getInstructions().map((raw) => {
      const i = typed(raw);
      // The ingester asks the plain instruction for heredocs: they must equal the typed instruction's.
      const flags = (i as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
      const heredocs = (raw as unknown as { getHeredocs(): Heredoc[] }).getHeredocs();
      return {
        keyword: i.getKeyword(),
        constructor: i.constructor.name,
        range: i.getRange(),
        instructionRange: i.getInstructionRange(),
        args: i.getArguments().map((a) => [a.getValue(), a.getRange()]),
        flags: flags.map((f) => [f.getName(), f.getValue()]),
        heredocs: heredocs.map((h) => [h.getName(), h.getContentRange(), h.getStartRange()]),
      };
    }),
  };
}

/**
 * leadingFlags agrees with the typed instruction's getFlags() and first argument wherever it answers; returns
 * how many instructions it answered for.
 */
function flagsAgree(text: string): number {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const off = (p: { line: number; character: number }) => lineStarts[p.line] + p.character;
  let answered = 0;
  const df = parseDockerfile(text);
  for (const raw of df.getInstructions()) {
    const from = off(raw.getInstructionRange().end);
    const end = off(raw.getRange().end);
    if (!text.startsWith('--', argsStart(text, from, end, df.getEscapeCharacter()))) continue;
    const fast = leadingFlags(raw.getKeyword(), text, from, end, df.getEscapeCharacter());
    if (!fast) continue;
    answered++;
    const typed = typedInstruction(raw) as unknown as { getFlags(): { getName(): string; getValue(): string | null }[]; getArguments(): { getRange(): { start: { line: number; character: number } } }[] };
    const want: Record<string, string> = {};
    for (const f of typed.getFlags()) want[f.getName().toLowerCase()] = f.getValue() ?? '';
    const args = typed.getArguments();
    expect({ flags: fast.flags, start: fast.start }).toEqual({ flags: want, start: args.length ? off(args[0].getRange().start) : from });
  }
  return answered;
}

const agree = (text: string) => expect(shape(parseDockerfile(text), typedInstruction)).toEqual(shape(DockerfileParser.parse(text), (i) => i));

describe('parseDockerfile agrees with DockerfileParser.parse', () => {
  it.each([
    ['flags and heredoc', 'FROM alpine\nRUN --mount=type=cache,target=/root/.cache <<EOF\napk add curl\nEOF\n'],
    ['two heredocs', 'FROM alpine\nCOPY <<a.sh <<b.sh /usr/local/bin/\necho a\na.sh\necho b\nb.sh\n'],
    ['exec form', 'FROM alpine\nCMD ["sh", "-c", "echo hi"]\nENTRYPOINT [ "/bin/tini", "--" ]\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nVOLUME ["/data"]\n'],
    ['continuations and comment inside', 'FROM alpine\nRUN apk add \\\n# a comment\n    curl \\\n    git\n'],
    ['escape directive', '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir `\n  C:\\\n'],
    ['CRLF', 'FROM alpine\r\nRUN echo a \\\r\n  b\r\nCOPY --chown=1:1 . /app\r\n'],
    ['lower case and ONBUILD', 'from alpine as base\nonbuild run echo x\nadd --chmod=755 https://example.com/x /x\n'],
    ['no arguments', 'FROM alpine\nRUN\nCOPY\nCMD []\n'],
  ])('%s', (_name, text) => agree(text));

  it('on every Dockerfile of the shared corpus', () => {
    const files = readdirSync(CORPUS);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) agree(readFileSync(join(CORPUS, f), 'utf8'));
  });

  it('on 300 generated bench Dockerfiles', () => {
    for (let i = 0; i < 300; i++) agree(generateDockerfile(DEFAULT_SEED, i).text);
  });

  it('leadingFlags reads flags and the first argument as dockerfile-ast does', () => {
    const cases = [
      'FROM a\nRUN --mount=type=cache,target=/root/.cache --network=none pip install x\n',
      'FROM a\nCOPY --from=build --chown=1:1 --link /app /app\n',
      'FROM a\nRUN --mount=type=secret,id=npm \\\n    --network=host \\\n  npm ci\n',
      'FROM a\nADD --chmod=4755 https://example.com/x /x\n',
      'FROM a\nRUN --security=insecure\n',
      'FROM a\nRUN --mount=type=cache,target=/c <<EOF\necho hi\nEOF\n',
      'FROM a\nCOPY --chmod= x /x\n',
      'FROM a\r\nRUN --mount=type=cache,target=/c \\\r\n  make\r\n',
    ];
    expect(cases.map(flagsAgree)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(leadingFlags('RUN', 'RUN --mount="type=cache" x', 3, 26, '\\')).toBeUndefined();
    expect(leadingFlags('RUN', 'RUN a--b --mount=x y', 3, 20, '\\')).toBeUndefined();
    expect(leadingFlags('CMD', 'CMD --help', 3, 10, '\\')).toBeUndefined();
  });

  it('leadingFlags agrees over the shared corpus and 300 generated Dockerfiles', () => {
    let answered = 0;
    for (const f of readdirSync(CORPUS)) answered += flagsAgree(readFileSync(join(CORPUS, f), 'utf8'));
    for (let i = 0; i < 300; i++) answered += flagsAgree(generateDockerfile(DEFAULT_SEED, i).text);
    expect(answered).toBe(788);
  });

  it('builds exec-form instructions as plain Instructions until asked', () => {
    const [from, run] = parseDockerfile('FROM alpine\nRUN --mount=type=cache,target=/c echo hi\n').getInstructions();
    expect(from.constructor.name).toBe('From');
    expect(run.constructor.name).toBe('Instruction');
    expect(typedInstruction(run).constructor.name).toBe('Run');
    expect(typedInstruction(from)).toBe(from);
  });
});
