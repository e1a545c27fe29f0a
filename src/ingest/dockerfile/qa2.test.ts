/**
 * QA round 2 (real-world Dockerfiles): quotes in FROM and USER words are removed as BuildKit's shell lexer
 * does (jenkinsci/docker-agent: `FROM eclipse-temurin:"${JAVA_VERSION}"-jdk-jammy`).
 */
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../model/source.js';
import { ingestDockerfile, removeQuotes, type DockerfileImage } from './index.js';
import { auditSources } from '../../engine/audit.js';

async function parse(text: string) {
  const r = await ingestDockerfile(new SourceFile('Dockerfile', text), { env: {}, readFile: async () => undefined });
  return r.images[0] as DockerfileImage;
}

describe('removeQuotes', () => {
  it.each([
    ['eclipse-temurin:"17.0.10_7"-jdk-jammy', 'eclipse-temurin:17.0.10_7-jdk-jammy'],
    ["'0'", '0'],
    ['"it\'s"', "it's"],
    ['alpine:3.19', 'alpine:3.19'],
  ])('%s → %s', (s, want) => expect(removeQuotes(s)).toBe(want));
});

describe('quotes in FROM and USER', () => {
  it('FROM image:"${ARG}"-suffix resolves without the quotes', async () => {
    const img = await parse('ARG JAVA_VERSION=17.0.10_7\nFROM eclipse-temurin:"${JAVA_VERSION}"-jdk-jammy AS jre-build\nUSER "${U:-0}"\n');
    expect([img.stages[0].from.value, img.stages[0].from.raw, img.stages[0].user?.value]).toEqual(['eclipse-temurin:17.0.10_7-jdk-jammy', 'eclipse-temurin:"${JAVA_VERSION}"-jdk-jammy', '0']);
  });
  it('USER "root" is reported as root (BW-0102) at its line', async () => {
    const res = await auditSources([{ path: 'Dockerfile', text: 'FROM alpine:3.19\nUSER "root"\n' }], { env: {}, config: {} });
    expect(res.findings.filter((f) => f.ruleId === 'BW-0102' || f.ruleId === 'BW-0101').map((f) => [f.ruleId, f.location.startLine, f.location.startColumn])).toEqual([['BW-0102', 2, 6]]);
  });
});
