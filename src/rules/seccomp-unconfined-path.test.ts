/**
 * qa17 (R-G12; CIS 5.22): `--security-opt "seccomp=$PWD/profiles/strict.json"` or Compose's
 * `seccomp=${CONFIG_DIR}/seccomp.json` names a profile file whose directory is a variable. A file is never
 * `unconfined`: the finding is that its content cannot be judged (low, certainty unknown), not "may be unconfined"
 * at high. A lone variable (`seccomp=$PROFILE`) may still be `unconfined`: high, unknown, as before.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';

async function seccomp(path: string, text: string) {
  const r = await auditSources([{ path, text }], { env: {} });
  return r.findings.filter((f) => f.ruleId === 'BW-0021').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.certainty} ${f.target.name}`);
}

describe('seccomp profile path behind a variable (qa17)', () => {
  it('run lines: a path is low, a lone variable stays high', async () => {
    const text = [
      '#!/bin/sh',
      'docker run -d --name a --security-opt "seccomp=$PWD/profiles/strict.json" alpine:3.20',
      'docker run -d --name b --security-opt seccomp=$PROFILE alpine:3.20',
      '',
    ].join('\n');
    expect(await seccomp('run.sh', text)).toEqual(['2:24 low unknown a', '3:24 high unknown b']);
  });
  it('Compose: ${CONFIG_DIR}/seccomp.json is low', async () => {
    const text = 'services:\n  a:\n    image: alpine:3.20\n    security_opt:\n      - seccomp=${CONFIG_DIR}/seccomp.json\n';
    expect(await seccomp('compose.yaml', text)).toEqual(['5:9 low unknown a']);
  });
});
