/**
 * qa17 (R-B, R-K): an array of flags expanded unquoted, `flags=(--cap-add SYS_PTRACE); docker run $flags img`.
 * zsh gives every element (zshexpn(1), no word splitting), so a `.zsh` script or one with a zsh shebang adds
 * SYS_PTRACE; bash gives element 0 only (bash(1) "Arrays": `$flags` is `${flags[0]}`), so a bash script passes
 * `--cap-add` alone and the image word becomes its value. Before, both read as an unknown word.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

async function found(path: string, text: string) {
  const r = await auditSources([{ path, text }], { env: {} });
  return r.findings
    .filter((f) => f.ruleId === 'BW-0002' || f.ruleId === 'BW-0015')
    .map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.target.name} ${f.data?.capability ?? ''}`.trim());
}

describe('unquoted $array (qa17)', () => {
  const body = ['typeset -a flags', 'flags=(--cap-add SYS_PTRACE --net=host)', 'docker run -d --name zz $flags alpine:3.20 top', ''].join('\n');
  it('zsh: every element is a field (by extension and by shebang)', async () => {
    expect(await found('start.zsh', body)).toEqual(['3:25 BW-0002 zz SYS_PTRACE', '3:25 BW-0015 zz']);
    expect(await found('start', `#!/usr/bin/env zsh\n${body}`)).toEqual(['4:25 BW-0002 zz SYS_PTRACE', '4:25 BW-0015 zz']);
  });
  it('bash: element 0 only', async () => {
    const text = ['#!/bin/bash', 'flags=(--net=host --cap-add SYS_PTRACE)', 'docker run -d --name bb $flags alpine:3.20 top', ''].join('\n');
    expect(await found('start.sh', text)).toEqual(['3:25 BW-0015 bb']);
  });
});
