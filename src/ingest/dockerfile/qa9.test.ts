/**
 * QA round 9 (real-world Dockerfiles): an ENV value's `$` is literal when escaped (`pa\$\$word`) or inside single
 * quotes (`'p@ss$word'`), as BuildKit's shell lexer reads it: such a value is a literal, and a literal secret is
 * reported (R-S, BW-0103) and masked.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SourceFile } from '../../model/source.js';
import { auditSources } from '../../engine/audit.js';
import { render } from '../../report/index.js';
import { expandedVariables, ingestDockerfile, type DockerfileEnvVar, type DockerfileImage } from './index.js';

async function envOf(text: string): Promise<DockerfileEnvVar[]> {
  const r = await ingestDockerfile(new SourceFile('Dockerfile', text), { env: {}, readFile: async () => undefined });
  return (r.images[0] as DockerfileImage).finalStage.env as DockerfileEnvVar[];
}

describe('expandedVariables', () => {
  it.each([
    ['$HOME/x:${PATH}', '\\', ['HOME', 'PATH']],
    ['pa\\$\\$w0rd', '\\', []],
    ["'p@ss$word'", '\\', []],
    ['"a $B c"', '\\', ['B']],
    ['"it\'s $X"', '\\', ['X']],
    ['C:\\$X`$Y', '`', ['X']],
    ['${A:-x}-$1', '\\', ['A']],
  ])('%s (escape %s) → %j', (raw, escape, want) => expect(expandedVariables(raw, escape)).toEqual(want));

  it('never reports a variable inside single quotes (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9$_{}: -]{0,20}$/), (s) => {
        expect(expandedVariables(`'${s}'`)).toEqual([]);
      }),
    );
  });
});

describe('ENV values with a literal $', () => {
  it('are literal', async () => {
    const env = await envOf("FROM alpine\nENV A=pa\\$\\$w0rd B='p@ss$word' C=\"$HOME/x\"\n");
    expect(env.map((e) => [e.name, e.kind])).toEqual([
      ['A', 'literal'],
      ['B', 'literal'],
      ['C', 'interpolated'],
    ]);
  });

  it('a literal secret with an escaped or single-quoted $ is reported and masked', async () => {
    const text = "FROM php:8.2-apache\nENV DB_PASSWORD=pa\\$\\$w0rd-literal\nENV SMTP_PASSWORD='Tr0ub4dor$3x'\nENV HOME_DIR=$HOME\nUSER www-data\n";
    const result = await auditSources([{ path: 'Dockerfile', text, kind: 'dockerfile' }]);
    const f = result.findings.filter((x) => x.ruleId === 'BW-0103');
    expect(f.map((x) => [x.location.startLine, x.location.startColumn, x.severity, x.data.name, x.data.kind])).toEqual([
      [2, 5, 'high', 'DB_PASSWORD', 'literal'],
      [3, 5, 'high', 'SMTP_PASSWORD', 'literal'],
    ]);
    const out = render(result, 'text', { color: false }) + render(result, 'json');
    expect(out).not.toContain('w0rd-literal');
    expect(out).not.toContain('Tr0ub4dor');
  });
});

describe('instructions Docker refuses', () => {
  async function errorsOf(text: string) {
    const r = await ingestDockerfile(new SourceFile('Dockerfile', text), { env: {}, readFile: async () => undefined });
    return r.errors.map((e) => `${e.line}:${e.column} ${e.message}`);
  }
  it('an instruction without arguments is an input error at its line; the file is still modelled', async () => {
    const text = 'FROM alpine\nENV\nUSER   \nonbuild\nUSER root\n';
    expect(await errorsOf(text)).toEqual(['2:1 ENV without arguments', '3:1 USER without arguments', '4:1 ONBUILD without arguments']);
    const r = await ingestDockerfile(new SourceFile('Dockerfile', text), { env: {}, readFile: async () => undefined });
    expect(r.images[0].finalStage.user?.value).toBe('root');
  });
  it('FROM with a missing stage name or extra words', async () => {
    expect(await errorsOf('FROM alpine AS\nFROM alpine:3 AS a b\nFROM --platform=$BUILDPLATFORM golang:1.22 AS build\n')).toEqual([
      '1:13 FROM takes an image and an optional "AS <name>", not "AS"',
      '2:15 FROM takes an image and an optional "AS <name>", not "AS a b"',
    ]);
  });
  it('valid files stay free of errors (heredoc-only RUN, exec form, continuation to the arguments)', async () => {
    expect(await errorsOf('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN `\n  powershell -Command Write-Host hi\nRUN <<EOF\necho hi\nEOF\nCMD []\n')).toEqual([]);
  });
});
