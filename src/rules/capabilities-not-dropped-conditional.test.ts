/**
 * BW-0003 on a `docker run` line whose `--privileged` comes from a variable assigned under a condition: the
 * container may or may not be privileged (BW-0001 says so, unknown), so "every capability is held whatever is
 * dropped" is unknown too; what the line drops without it is read as written (definite).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';

async function rows(text: string) {
  const r = await auditSources([{ path: 'deploy.sh', text }], { env: {} });
  return r.findings
    .filter((f) => ['BW-0001', 'BW-0003'].includes(f.ruleId))
    .map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity} ${f.certainty} ${f.target.name} ${f.message}`);
}

const PRIV = 'container runs privileged: all capabilities, all host devices, and seccomp and AppArmor/SELinux confinement disabled';
const HELD = 'the container is privileged, so every capability is held whatever is dropped; NET_RAW allows ARP spoofing of neighbouring containers';

describe('BW-0003 with --privileged from a conditional variable', () => {
  it('--cap-drop ALL: privileged reading is unknown, at --cap-drop', async () => {
    const text = ['if [ -n "$X" ]; then O="--privileged"; fi', 'docker run $O --cap-drop ALL --read-only --user 1000:1000 --name u busybox:1.36', ''].join('\n');
    expect(await rows(text)).toEqual([
      `2:12 BW-0001 critical unknown u ${PRIV} (when $O holds these options: it is assigned under a condition)`,
      `2:15 BW-0003 medium unknown u not all capabilities dropped: ${HELD} (when $O holds --privileged: it is assigned under a condition)`,
    ]);
  });

  it('a partial drop: what stays held without --privileged is definite', async () => {
    const text = ['if [ -n "$X" ]; then O="--privileged"; fi', 'docker run $O --cap-drop NET_RAW --name u busybox:1.36', ''].join('\n');
    expect(await rows(text)).toEqual([
      `2:12 BW-0001 critical unknown u ${PRIV} (when $O holds these options: it is assigned under a condition)`,
      "2:15 BW-0003 low definite u not all capabilities dropped: 13 of Docker's default capabilities are still held: SETUID, SETGID, DAC_OVERRIDE, MKNOD and 9 more",
    ]);
  });

  it('nothing dropped: the default capabilities are held either way (definite)', async () => {
    const text = ['setup() {', '  OPTS="--privileged"', '}', 'setup', 'docker run $OPTS --name x busybox:1.36', ''].join('\n');
    expect(await rows(text)).toEqual([
      "5:1 BW-0003 medium definite x capabilities not dropped: all 14 of Docker's default capabilities are held, including NET_RAW, SETUID, SETGID, DAC_OVERRIDE, MKNOD; NET_RAW allows ARP spoofing of neighbouring containers",
      `5:12 BW-0001 critical unknown x ${PRIV} (when $OPTS holds these options: it is assigned under a condition)`,
    ]);
  });

  it('an unconditional --privileged stays definite', async () => {
    const text = ['O="--privileged"', 'docker run $O --cap-drop ALL --name u busybox:1.36', ''].join('\n');
    expect(await rows(text)).toEqual([`2:12 BW-0001 critical definite u ${PRIV}`, `2:15 BW-0003 medium definite u not all capabilities dropped: ${HELD}`]);
  });
});
