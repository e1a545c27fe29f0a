/**
 * Real `podman inspect` output (podman 4.3.1, Debian 12; containers made by `podman create --network none …` of an
 * imported busybox image, test/fixtures/podman/): podman's own defaults (11 capabilities without NET_RAW, MKNOD and
 * AUDIT_WRITE; `PidsLimit: 2048`; RLIMIT_ ulimits) are read from what it writes, and `--cap-add all`, which podman
 * writes out as every capability it holds, is one grant of ALL as on the command line (issue 3: "the same ingester
 * reads docker inspect and podman inspect JSON files").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

const findings = async (name: string) => {
  const path = `test/fixtures/podman/podman-4.3-${name}.json`;
  const r = await auditSources([{ path, text: readFileSync(path, 'utf8'), kind: 'inspect' }], { env: {} });
  expect(r.errors).toEqual([]);
  return r.findings.map((f) => `${f.ruleId} ${f.severity}${f.certainty === 'unknown' ? '?' : ''} ${f.location.startLine}:${f.location.startColumn}`);
};

describe('podman 4.3 inspect', () => {
  it('a default container: podman drops NET_RAW, MKNOD and AUDIT_WRITE, limits pids to 2048 and sets ulimits', async () => {
    expect(await findings('dflt')).toEqual([
      'BW-0040 info 47:30',
      'BW-0004 medium 104:24',
      'BW-0027 info 120:25',
      'BW-0003 low 185:21',
      'BW-0006 low 202:34',
      'BW-0007 medium? 203:31',
      'BW-0008 medium 215:26',
      'BW-0009 low 216:28',
    ]);
  });

  it('--cap-add all --cap-drop NET_RAW -u 0: one critical grant of ALL at "CapAdd" (was: 26 findings, one per capability)', async () => {
    const f = await findings('allcap');
    expect(f.filter((x) => x.startsWith('BW-0002'))).toEqual(['BW-0002 critical 245:26']);
    expect(f).toEqual([
      'BW-0040 info 47:30',
      'BW-0005 high 160:24',
      'BW-0027 info 176:25',
      'BW-0002 critical 245:26',
      'BW-0003 low 274:21',
      'BW-0006 low 289:34',
      'BW-0007 medium? 290:31',
      'BW-0008 medium 302:26',
      'BW-0009 low 303:28',
    ]);
  });

  it('--cap-add SYS_ADMIN --cap-add NET_RAW: SYS_ADMIN critical; NET_RAW held, so capabilities are not dropped (medium)', async () => {
    expect((await findings('caps')).filter((x) => /BW-000[23]/.test(x))).toEqual(['BW-0002 critical 192:21', 'BW-0003 medium 195:21']);
  });

  it('a hardened container: only the one default capability it keeps (NET_BIND_SERVICE) is left to report', async () => {
    expect(await findings('hard')).toEqual(['BW-0040 info 47:30', 'BW-0027 info 100:25', 'BW-0003 low 184:21']);
  });
});

describe('findings name the container and its id (issue 3)', () => {
  it('JSON target has the full id; the text report shows the short id beside the name', async () => {
    const path = 'test/fixtures/podman/podman-4.3-dflt.json';
    const r = await auditSources([{ path, text: readFileSync(path, 'utf8'), kind: 'inspect' }], { env: {} });
    const id = (JSON.parse(readFileSync(path, 'utf8')) as { Id: string }[])[0].Id;
    expect(r.findings.every((f) => f.target.kind === 'container' && f.target.name === 'dflt' && f.target.id === id)).toBe(true);
    const { renderText } = await import('../../report/text.js');
    expect(renderText(r, { color: false }).split('\n')[1]).toBe(`  container dflt (${id.slice(0, 12)})`);
  });
});
