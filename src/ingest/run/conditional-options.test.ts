/**
 * Options in a variable assigned under a condition (`if …; then SOCK_OPT="-v /var/run/docker.sock:…"; else
 * SOCK_OPT=""; fi`, `[ "$GPU" = 1 ] && GPU_FLAGS="--privileged"`) are read with the value that holds the most of
 * them, and what they set is reported with certainty unknown (R-B, R-K; requirements "a value a rule cannot know is
 * reported as unknown, never as definitely unsafe", nor silently as safe). The expansion is never the image.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

async function rows(text: string, ids: string[]) {
  const r = await auditSources([{ path: 'deploy.sh', text }], { env: {} });
  return r.findings.filter((f) => ids.includes(f.ruleId)).map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.target.name} ${f.certainty}`);
}

describe('conditionally assigned option variables', () => {
  it('if/else: the mount is reported as unknown at the expansion; the image is the next word', async () => {
    const text = ['#!/bin/sh', 'if [ -n "$MOUNT_SOCK" ]; then', '  SOCK_OPT="-v /var/run/docker.sock:/var/run/docker.sock"', 'else', '  SOCK_OPT=""', 'fi', 'docker run -d --name agent $SOCK_OPT portainer/agent:2.19.4', ''].join('\n');
    expect(await rows(text, ['BW-0013', 'BW-0027'])).toEqual(['7:28 BW-0013 agent unknown', '7:38 BW-0027 agent definite']);
    const r = await auditSources([{ path: 'deploy.sh', text }], { env: {} });
    expect(r.findings.find((f) => f.ruleId === 'BW-0013')!.message).toBe(
      'container runtime API socket reachable through /var/run/docker.sock: root-equivalent on the host (when $SOCK_OPT holds these options: it is assigned under a condition)',
    );
  });

  it('`&&` list: --privileged is unknown; an always-empty or option-free variable changes nothing', async () => {
    const text = ['[ "$GPU" = 1 ] && GPU_FLAGS="--privileged"', 'docker run -d --name trainer $GPU_FLAGS nvidia/cuda:12.2.0-base', 'TTY=""', 'if [ -t 1 ]; then TTY="-t"; fi', 'docker run -i $TTY --name x alpine:3.20', ''].join('\n');
    expect(await rows(text, ['BW-0001', 'BW-0027'])).toEqual(['2:30 BW-0001 trainer unknown', '2:41 BW-0027 trainer definite', '5:29 BW-0027 x definite']);
  });
});
