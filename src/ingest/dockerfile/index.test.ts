import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SourceFile } from '../../model/source.js';
import type { Stage } from '../../model/types.js';
import { ingestDockerfile, looksLikeDockerfile, substitute, type DockerfileEnvVar, type DockerfileImage } from './index.js';
import { continuations, runCalls } from './shell.js';

const ctx = { env: {}, readFile: async () => undefined };
async function parse(text: string) {
  const file = new SourceFile('Dockerfile', text);
  const r = await ingestDockerfile(file, ctx);
  return { file, r, img: r.images[0] as DockerfileImage };
}
const loc = (file: SourceFile, o: { start: number; end: number }) => {
  const l = file.location(o);
  return `${l.startLine}:${l.startColumn}-${l.endLine}:${l.endColumn}`;
};

describe('looksLikeDockerfile', () => {
  it.each([
    ['# syntax=docker/dockerfile:1\n\nFROM alpine\n', true],
    ['ARG BASE=alpine\nFROM $BASE\n', true],
    ['from alpine', true],
    ['services:\n  web: {}\n', false],
    ['#!/bin/sh\ndocker run x\n', false],
    ['', false],
  ])('%j → %s', (text, want) => expect(looksLikeDockerfile(text)).toBe(want));
});

describe('ingestDockerfile', () => {
  it('models stages, names, parents and the final stage user (corpus kubebuilder)', async () => {
    const { file, r, img } = await parse(
      '# Build\nFROM golang:1.23 AS Builder\nARG TARGETOS\nRUN go build\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=builder /m .\nUSER 65532:65532\nENTRYPOINT ["/m"]\n',
    );
    expect(r.errors).toEqual([]);
    expect(img.stages.map((s) => [s.index, s.name, s.from.value, s.parent?.index, s.user?.value])).toEqual([
      [0, 'builder', 'golang:1.23', undefined, undefined],
      [1, undefined, 'gcr.io/distroless/static:nonroot', undefined, '65532:65532'],
    ]);
    expect(img.finalStage).toBe(img.stages[1]);
    expect(img.target.name).toBe('gcr.io/distroless/static:nonroot');
    expect(loc(file, img.target.range)).toBe('6:1-6:38');
    expect(img.stages[1].instructions.map((i) => [i.keyword, i.args, i.flags])).toEqual([
      ['COPY', '/m .', { from: 'builder' }],
      ['USER', '65532:65532', {}],
      ['ENTRYPOINT', '["/m"]', {}],
    ]);
    expect(img.stages[0].args.map((a) => a.value)).toEqual(['TARGETOS']);
  });

  it('inherits USER and ENV through FROM <stage>, case-insensitively', async () => {
    const { img } = await parse('from alpine AS Base\nUser app\nEnv A=1\nFROM base AS next\nRUN id\nFROM next\n');
    const [base, next, last] = img.stages as Stage[];
    expect(next.parent).toBe(base);
    expect(last.parent).toBe(next);
    expect(last.user?.value).toBe('app');
    expect(last.env.map((e) => [e.name, e.value])).toEqual([['A', '1']]);
    // An unnamed final stage FROM the stage `next` is not that stage (QA): told apart by its place.
    expect(img.target.name).toBe('next #3');
    expect((await parse('FROM alpine:3.20\nRUN true\nFROM alpine:3.20\n')).img.target.name).toBe('alpine:3.20 #2');
    expect((await parse('FROM golang:1.23 AS build\nFROM alpine:3.20\n')).img.target.name).toBe('alpine:3.20');
  });

  it('reads ENV in both syntaxes, with continuations, and marks ARG copies as build-arg', async () => {
    const { file, img, r } = await parse(
      'FROM python:3\nARG AWS_SECRET_ACCESS_KEY\nARG V=1.2\nENV A=1 B="2 3" \\\n    C=${V}\nENV LEG a b\nENV K=$AWS_SECRET_ACCESS_KEY\nENV P=hunter2 DB_PASSWORD=hunter2\n',
    );
    const env = img.finalStage.env as DockerfileEnvVar[];
    expect(env.map((e) => [e.name, e.value, e.raw, e.kind, e.fromBuildArg])).toEqual([
      ['A', '1', '1', 'literal', undefined],
      ['B', '2 3', '"2 3"', 'literal', undefined],
      ['C', '1.2', '${V}', 'interpolated', 'V'],
      ['LEG', 'a b', 'a b', 'literal', undefined],
      ['K', undefined, '$AWS_SECRET_ACCESS_KEY', 'interpolated', 'AWS_SECRET_ACCESS_KEY'],
      ['P', 'hunter2', 'hunter2', 'literal', undefined],
      ['DB_PASSWORD', 'hunter2', 'hunter2', 'literal', undefined],
    ]);
    expect(loc(file, env[2].origin as { start: number; end: number })).toBe('5:5-5:11');
    expect(loc(file, env[2].valueOrigin as { start: number; end: number })).toBe('5:7-5:11');
    // Only DB_PASSWORD's value is a secret to mask.
    expect(r.secretRanges!.map((s) => loc(file, s))).toEqual(['8:27-8:34']);
  });

  it('keeps heredoc bodies out of the instructions (corpus heredoc-copy-script-no-user)', async () => {
    const { file, img, r } = await parse(
      '# syntax=docker/dockerfile:1.4\nFROM ubuntu:20.04\nCOPY <<EOF /bin/ping.sh\n#!/usr/bin/env bash\nUSER root\nFROM x\nEOF\nRUN <<A <<B\necho a\nA\necho b\nB\nCMD ["/bin/ping.sh"]\n',
    );
    expect(r.errors).toEqual([]);
    expect(img.directives).toEqual({ syntax: 'docker/dockerfile:1.4' });
    expect(img.stages.length).toBe(1);
    expect(img.finalStage.user).toBeUndefined();
    const [copy, run, cmd] = img.finalStage.instructions;
    expect([copy.keyword, copy.args, loc(file, copy.range), loc(file, copy.argsRange)]).toEqual(['COPY', '<<EOF /bin/ping.sh', '3:1-7:4', '3:6-3:24']);
    expect(copy.heredocs.map((h) => [h.name, h.body, loc(file, h.range)])).toEqual([['EOF', '#!/usr/bin/env bash\nUSER root\nFROM x', '4:1-6:7']]);
    expect([run.keyword, run.args, run.heredocs.map((h) => h.body)]).toEqual(['RUN', '<<A <<B', ['echo a', 'echo b']]);
    expect(cmd.keyword).toBe('CMD');
    expect(runCalls(file, run).map((c) => c.words.join(' '))).toEqual(['echo a', 'echo b']);
    expect(runCalls(file, copy)).toEqual([]);
  });

  it('honours # escape=` and drops comment lines inside continuations', async () => {
    const { file, img } = await parse('# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN echo a `\n# note\n  && chmod 4755 x\n');
    expect(img.directives).toEqual({ escape: '`' });
    const run = img.finalStage.instructions[0];
    expect(loc(file, run.range)).toBe('3:1-5:18');
    expect(runCalls(file, run, img.escape).map((c) => [c.words.join(' '), loc(file, c.range)])).toEqual([
      ['echo a', '3:5-3:11'],
      ['chmod 4755 x', '5:6-5:18'],
    ]);
  });

  it('resolves FROM with global ARGs, and marks unknown ones unresolved', async () => {
    const { img } = await parse('ARG TAG=3.20\nARG BASE\nFROM alpine:${TAG}\nFROM ${BASE}\n');
    expect(img.globalArgs.map((a) => [a.value, a.defaultValue])).toEqual([['TAG', '3.20'], ['BASE', undefined]]);
    expect(img.stages.map((s) => [s.from.value, s.from.how, s.from.raw])).toEqual([
      ['alpine:3.20', 'explicit', 'alpine:${TAG}'],
      ['${BASE}', 'unresolved', '${BASE}'],
    ]);
  });

  it('reports bad input as errors and keeps going', async () => {
    const a = await parse('RUN echo no stage\nFROM alpine\nFOO bar\nUSER 1\n');
    expect(a.r.errors).toEqual([
      { file: 'Dockerfile', line: 1, column: 1, message: 'RUN before the first FROM', code: 'parse' },
      { file: 'Dockerfile', line: 3, column: 1, message: 'unknown instruction "FOO"', code: 'parse' },
    ]);
    expect(a.img.finalStage.user?.value).toBe('1');
    const b = await parse('# only a comment\n');
    expect(b.r.images).toEqual([]);
    expect(b.r.errors.map((e) => e.code)).toEqual(['parse']);
    // An empty file is no image: docker build refuses it (QA), so it is an input error, not "no findings".
    const c = await parse('');
    expect([c.r.images.length, c.r.errors.map((e) => e.message)]).toEqual([0, ['empty Dockerfile: no instructions; docker build refuses it']]);
  });

  it('parses only the region of a bigger file, with positions in the whole file', async () => {
    const text = '# Title\n\n```dockerfile\nFROM alpine\nUSER root\n```\n';
    const file = new SourceFile('README.md', text);
    const start = text.indexOf('FROM');
    const r = await ingestDockerfile(file, ctx, { start, end: text.indexOf('```', start) });
    expect(r.errors).toEqual([]);
    const img = r.images[0];
    expect(loc(file, img.target.range)).toBe('4:1-4:12');
    expect(loc(file, img.finalStage.user!.origin as { start: number; end: number })).toBe('5:6-5:10');
  });

  it('substitutes variables as the Dockerfile reference says', () => {
    const scope = new Map<string, string | undefined>([['A', 'x'], ['E', '']]);
    expect(substitute('$A-${A}', scope)).toBe('x-x');
    expect(substitute('${B:-d}/${E:-d}/${E-d}/${A:+alt}/${B:+alt}', scope)).toBe('d/d//alt/');
    expect(substitute('${B}', scope)).toBeUndefined();
  });

  it('never throws on arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('FROM a AS b\n', 'RUN x \\\n', 'COPY <<EOF /x\n', 'EOF\n', 'ENV A=', '"', '# escape=`\n', 'USER 0\n', '`\n', '${', 'ARG X\n', '\r\n', 'é', 'RUN ["a"\n', 'HEALTHCHECK\n'), { maxLength: 20 }).map((a) => a.join('')),
        async (text) => {
          const file = new SourceFile('Dockerfile', text);
          const r = await ingestDockerfile(file, ctx);
          for (const img of r.images) for (const s of img.stages) for (const i of s.instructions) runCalls(file, i, (img as DockerfileImage).escape);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('comments and unterminated heredocs', () => {
  it('returns the comment lines (not # inside arguments)', async () => {
    const { file, r } = await parse('# syntax=docker/dockerfile:1\nFROM alpine:3\n# a comment\nRUN echo "# not a comment" \\\n  # inside\n  && true\n');
    expect(r.comments?.map((c) => file.text.slice(c.start, c.end))).toEqual(['# a comment', '# inside']);
  });

  it("returns a RUN line's shell comments: after a blank or an operator, outside quotes, not in a word (QA: trailing bulwark-ignore on RUN)", async () => {
    const { file, r } = await parse(
      [
        'FROM alpine:3',
        'RUN chmod u+s /usr/bin/ping # bulwark-ignore df-setuid-binary -- ping needs it',
        'RUN echo "a # b" \'a # c\' \\# d e\\ #f;# g',
        'RUN curl https://x.example/#frag $# ${#v} && echo a#b',
        'RUN echo a \\',
        '  # continuation comment line',
        '  && echo b # tail',
        'ONBUILD RUN chmod u+s /x # onbuild tail',
        'ONBUILD ENV A=1 # part of the value',
        'ENV B=2 # part of the value',
        'RUN ["sh", "-c", "echo # x"]',
        'CMD echo # not read',
        '',
      ].join('\n'),
    );
    expect(r.comments?.map((c) => `${loc(file, c)} ${file.text.slice(c.start, c.end)}`)).toEqual([
      '6:3-6:30 # continuation comment line',
      '2:29-2:79 # bulwark-ignore df-setuid-binary -- ping needs it',
      // `e\ #f` is one word (the blank is escaped); `;#` starts one.
      '3:37-3:40 # g',
      '7:13-7:19 # tail',
      '8:26-8:40 # onbuild tail',
    ]);
  });

  it('reports a heredoc without its closing line as a parse error at the <<', async () => {
    const { r, img } = await parse('FROM alpine:3\nCOPY <<EOF /x\nhello\n');
    expect(r.errors).toEqual([{ file: 'Dockerfile', line: 2, column: 6, message: 'unterminated heredoc: no line closes <<EOF', code: 'parse' }]);
    expect(img.stages[0].instructions.map((i) => i.keyword)).toEqual(['COPY']);
  });

  it('a closed heredoc is not an error', async () => {
    const { r } = await parse('FROM alpine:3\nCOPY <<EOF /x\nhello\nEOF\n');
    expect(r.errors).toEqual([]);
  });
});

describe('argument ranges without dockerfile-ast getArguments (fast path)', () => {
  // The instruction's argsRange must start where dockerfile-ast's first argument starts (R-P positions).
  const texts = [
    'FROM alpine:3 AS b\nRUN \\\n  apt-get install -y --no-install-recommends x\nRUN --mount=type=cache,target=/c \\\n    pip install y\nCOPY --chown=1:1 --chmod=0755 a /b\nENV A=1 B="2 3"\nHEALTHCHECK NONE\nCMD ["x", "y"]\nUSER  app\nRUN \\\n# comment line\n  echo hi\nrun echo lower\nEXPOSE\n',
    '# escape=`\nFROM mcr.microsoft.com/windows:1\nRUN `\n  echo a `\n  && echo b\nCOPY --from=b `\n  c:\\x c:\\y\n',
  ];
  it.each(texts.map((t, k) => [k, t]))('text %i', async (_k, text) => {
    const { DockerfileParser } = await import('dockerfile-ast');
    const { file, img } = await parse(text as string);
    const ast = DockerfileParser.parse(text as string).getInstructions();
    const ours = img.stages.flatMap((s) => s.instructions);
    const want = ast.slice(1).map((ai) => {
      const a = ai.getArguments();
      const p = a.length ? a[0].getRange().start : ai.getInstructionRange().end;
      return file.offset(p.line + 1, p.character + 1);
    });
    expect(ours).toHaveLength(want.length);
    // An instruction without arguments has an empty argsRange at its (trimmed) end.
    expect(ours.map((i) => i.argsRange.start)).toEqual(want.map((w, k) => Math.min(w, ours[k].argsRange.end)));
    expect(ours.find((i) => i.keyword === 'COPY')?.flags).toMatchObject(text.includes('chown') ? { chown: '1:1', chmod: '0755' } : { from: 'b' });
  });
});

describe('fragments and templates', () => {
  it('a file without FROM gives one error for the file, not one per instruction', async () => {
    const r = await ingestDockerfile(new SourceFile('Dockerfile.preamble', 'ADD . /app\nRUN pip install -r requirements.txt\nENV A=1\n'), ctx);
    expect(r.images).toEqual([]);
    expect(r.errors).toEqual([{ file: 'Dockerfile.preamble', line: 1, column: 1, message: 'no FROM instruction: not a buildable Dockerfile (a fragment or template?)', code: 'parse' }]);
  });
});

// QA (real-world Dockerfiles): the script of `bash -c "…"` / `["/bin/sh", "-c", "…"]` / `su -c '…'` is parsed too.
describe('nested -c scripts', () => {
  const callsIn = async (code: string) => {
    const f = new SourceFile('Dockerfile', code);
    const img = (await ingestDockerfile(f, { readFile: async () => undefined, env: {} })).images[0];
    const run = img.finalStage.instructions.filter((i) => i.keyword === 'RUN');
    return run.flatMap((i) => runCalls(f, i)).map((c) => `${c.words.join(' ')}@${f.location(c.range).startLine}:${f.location(c.range).startColumn}-${f.location(c.range).endColumn}${c.pipeline ? ` |${c.pipeline.length}` : ''}`);
  };
  it('shell form, double and single quotes, -lc cluster and -o value', async () => {
    expect(await callsIn('FROM u\nRUN /bin/bash -o pipefail -c "curl -sL https://x/s | bash -"\nRUN bash -lc \'chmod 4755 /usr/bin/vim\'\n')).toEqual([
      '/bin/bash -o pipefail -c curl -sL https://x/s | bash -@2:5-61',
      'curl -sL https://x/s@2:31-51 |2',
      'bash -@2:54-60 |2',
      'bash -lc chmod 4755 /usr/bin/vim@3:5-39',
      'chmod 4755 /usr/bin/vim@3:15-38',
    ]);
  });
  it('exec form and su -c', async () => {
    expect(await callsIn('FROM u\nRUN ["/bin/sh", "-c", "chmod u+s /usr/bin/find"]\nRUN su -c "chmod +s /usr/bin/env" root\n')).toEqual([
      '/bin/sh -c chmod u+s /usr/bin/find@2:5-49',
      'chmod u+s /usr/bin/find@2:24-47',
      'su -c chmod +s /usr/bin/env root@3:5-39',
      'chmod +s /usr/bin/env@3:12-33',
    ]);
  });
  it('a double-quoted script continued over lines (LF and CRLF)', async () => {
    const lf = 'FROM u\nRUN /bin/bash -c "apt-get update && \\\n    chmod u+s /usr/bin/x"\n';
    expect(await callsIn(lf)).toEqual(['/bin/bash -c apt-get update &&     chmod u+s /usr/bin/x@2:5-26', 'apt-get update@2:19-33', 'chmod u+s /usr/bin/x@3:5-25']);
    expect((await callsIn(lf.replace(/\n/g, '\r\n'))).slice(1)).toEqual(['apt-get update@2:19-33', 'chmod u+s /usr/bin/x@3:5-25']);
  });
  it('a script with escapes stays one word', async () => {
    expect(await callsIn('FROM u\nRUN sh -c "echo \\"x\\" && chmod u+s /x"\n')).toEqual(['sh -c echo "x" && chmod u+s /x@2:5-39']);
  });
});

// QA (real-world Dockerfiles): CRLF line endings and blanks after the escape character are still continuations.
describe('continuations in RUN', () => {
  const callsIn = async (code: string) => {
    const f = new SourceFile('Dockerfile', code);
    const img = (await ingestDockerfile(f, { readFile: async () => undefined, env: {} })).images[0];
    return img.finalStage.instructions.filter((i) => i.keyword === 'RUN').flatMap((i) => runCalls(f, i, (img as DockerfileImage).escape)).map((c) => c.words.join(' '));
  };
  it('CRLF', async () => {
    const code = 'FROM debian:12\r\nRUN apt-get install -y \\\r\n      --no-install-recommends \\\r\n      openssh-server\r\n';
    expect(await callsIn(code)).toEqual(['apt-get install -y --no-install-recommends openssh-server']);
  });
  it('blanks after the backslash, and a backtick escape with CRLF', async () => {
    expect(await callsIn('FROM debian\nRUN apt-get install -y \\   \n    curl\n')).toEqual(['apt-get install -y curl']);
    expect(await callsIn('# escape=`\r\nFROM debian\r\nRUN apt-get install -y `\r\n    curl\r\n')).toEqual(['apt-get install -y curl']);
  });
  it('continuations() keeps the length', () => {
    const t = 'a \\\r\n b \\  \n c\r\n';
    expect(continuations(t)).toHaveLength(t.length);
    expect(continuations(t)).toBe('a  \\\n b   \\\n c \n');
  });
});

// QA round 5: a private key written by a heredoc is masked whatever rules run (R-S).
describe('private keys in heredocs', () => {
  it('masks the key body of a COPY heredoc, CRLF too', async () => {
    const { file, r } = await parse('FROM alpine\nCOPY <<EOF /root/.ssh/id_rsa\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nAKCAQ\n-----END RSA PRIVATE KEY-----\nEOF\nRUN <<EOF\necho hi\nEOF\n');
    expect(r.secretRanges!.map((s) => loc(file, s))).toEqual(['4:1-6:1']);
    const crlf = await parse('FROM alpine\r\nCOPY <<EOF /k\r\n-----BEGIN PRIVATE KEY-----\r\nMIIEow\r\n-----END PRIVATE KEY-----\r\nEOF\r\n');
    expect(crlf.r.secretRanges!.map((s) => loc(crlf.file, s))).toEqual(['4:1-5:1']);
  });
});
