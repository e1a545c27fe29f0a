/**
 * qa17 (R-B, R-K; bash(1) "eval"): `OPTS="--cap-add SYS_ADMIN"; eval "docker run … $OPTS img"` starts a
 * container with CAP_SYS_ADMIN. The eval string is run by the same shell, so its parameter expansions take the
 * script's values; the run line was missed when the string held any expansion.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

async function found(path: string, text: string, ids: string[]) {
  const r = await auditSources([{ path, text }], { env: {} });
  return r.findings
    .filter((f) => ids.includes(f.ruleId))
    .map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.target.name}`);
}

describe('eval string with the script\'s variables (qa17)', () => {
  it('splits an unquoted variable set earlier in the script into flags', async () => {
    const text = ['#!/bin/sh', 'OPTS="--cap-add SYS_ADMIN --pid=host"', 'eval "docker run -d --name evl $OPTS alpine:3.20 top"', ''].join('\n');
    expect(await found('deploy.sh', text, ['BW-0002', 'BW-0016'])).toEqual(['3:32 BW-0002 evl', '3:32 BW-0016 evl']);
  });
  it('resolves a variable name and image; an unknown variable stays a word', async () => {
    const text = ['NAME=web', 'IMG=nginx:1.27', 'eval "docker run -d --name $NAME --privileged $IMG"', "eval 'docker run -d --name $X --net=host alpine:3.20'", ''].join('\n');
    expect(await found('run.sh', text, ['BW-0001', 'BW-0015'])).toEqual(['3:34 BW-0001 web', '4:31 BW-0015 $X']);
  });
});
