/**
 * A host path held in a script variable built on values bulwark cannot read (`SSH_DIR=$HOME/.ssh`, the HF TGI
 * README's `volume=$PWD/data`) is that partly unknown path where the variable is used, as the same text written on
 * the run line is. QA: `-v $SSH_DIR:/root/.ssh` was info/unknown ("depends on an unset variable") and
 * `-v $KEYS:/root/.ssh` a named volume (no finding), while `-v $HOME/.ssh:/root/.ssh` was high.
 */
import { describe, expect, it } from 'vitest';
import { auditSources, ingestSource } from '../../engine/audit.js';

const SCRIPT = [
  '#!/bin/sh',
  'SSH_DIR=$HOME/.ssh',
  'KEYS=$HOME/.ssh',
  'docker run --rm --name a -v $SSH_DIR:/root/.ssh alpine/git:2.43.0 pull',
  'docker run --rm --name b -v "${KEYS}":/root/.ssh alpine/git:2.43.0 pull',
  'docker run --rm --name c -v $HOME/.ssh:/root/.ssh alpine/git:2.43.0 pull',
  'volume=$PWD/data',
  'docker run -d --name tgi -v $volume:/data ghcr.io/huggingface/text-generation-inference:2.0.4',
  'OPTS="$EXTRA -v /srv:/srv"',
  'docker run -d --name o $OPTS alpine:3.20',
  '',
].join('\n');

describe('a path variable built on unknown values', () => {
  it('is the same sensitive mount as the path written in place', async () => {
    const r = await auditSources([{ path: 'deploy.sh', text: SCRIPT }], { env: {} });
    const mounts = r.findings.filter((f) => f.ruleId === 'BW-0011');
    expect(mounts.map((f) => `${f.location.startLine}:${f.location.startColumn}-${f.location.endColumn} ${f.severity} ${f.certainty} ${f.target.name}`)).toEqual([
      '4:26-48 high definite a',
      '5:26-49 high definite b',
      '6:26-50 high definite c',
    ]);
    for (const f of mounts) expect(f.message).toBe('host path $HOME/.ssh mounted writable at /root/.ssh: a home directory or its credentials (SSH, Docker, cloud, Kubernetes)');
  });

  it('is a bind of that path, not a named volume; an option list keeps its own reading', async () => {
    const r = await ingestSource({ path: 'deploy.sh', text: SCRIPT });
    const byName = new Map(r.containers.map((c) => [c.target.name, c.mounts.map((m) => `${m.type} ${m.source} ${m.target}`)]));
    expect(byName.get('tgi')).toEqual(['bind $PWD/data /data']);
    expect(byName.get('b')).toEqual(['bind $HOME/.ssh /root/.ssh']);
    expect(byName.get('o')).toEqual(['bind /srv /srv']);
  });
});
