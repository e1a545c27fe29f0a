import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

const only = ['BW-0003'];

describe('BW-0003 fixes: capabilities', () => {
  it('safe: drops NET_RAW', async () => {
    const r = await hardenText({ path: 'compose.yaml', text: 'services:\n  a:\n    image: x\n' }, { only });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    cap_drop:\n      - NET_RAW\n');
    expect(r.changes[0]).toMatchObject({ ruleId: 'BW-0003', applicability: 'safe', line: 2, column: 3 });
    expect(r.unsafeAvailable).toBe(1);
  });

  it('safe: adds NET_RAW to an existing cap_drop list', async () => {
    const r = await hardenText({ path: 'compose.yaml', text: 'services:\n  a:\n    image: x\n    cap_drop: [MKNOD]\n' }, { only });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    cap_drop: [MKNOD, NET_RAW]\n');
  });

  it('unsafe: drops ALL and adds back the profile capabilities not already added', async () => {
    const text = 'services:\n  a:\n    image: x\n    cap_add:\n      - CHOWN\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true, profile: { keepCapabilities: ['CHOWN', 'SETUID'] } });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    cap_add:\n      - CHOWN\n      - SETUID\n    cap_drop:\n      - ALL\n');
    expect(r.changes.map((c) => c.applicability)).toEqual(['unsafe']);
  });

  it('run line: --cap-drop NET_RAW, or ALL with --unsafe-fixes', async () => {
    const text = 'docker run --rm busybox true\n';
    expect((await hardenText({ path: 'x.sh', text }, { only })).output).toBe('docker run --cap-drop NET_RAW --rm busybox true\n');
    expect((await hardenText({ path: 'x.sh', text }, { only, unsafe: true })).output).toBe('docker run --cap-drop ALL --rm busybox true\n');
  });
});
