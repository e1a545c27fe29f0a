import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

const only = ['BW-0025'];

describe('BW-0025 fix: remove the host device (unsafe, R-B, R-G8, CIS 5.18)', () => {
  it('removes devices and device cgroup rules, then the keys left empty', async () => {
    const text = 'services:\n  a:\n    image: x\n    devices:\n      - /dev/kmsg\n    device_cgroup_rules:\n      - "c *:* rwm"\n      - "c 189:* rmw"\n    ports: ["80:80"]\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    ports: ["80:80"]\n');
    // The last rule waits one round (removing it empties the list: the key goes).
    expect(r.changes.map((c) => [c.line, c.column])).toEqual([
      [5, 9],
      [7, 9],
      [8, 9],
    ]);
  });

  it('run line: removes --device, --device-cgroup-rule and a -v bind of a device node', async () => {
    const text = 'docker run --device /dev/sda:/dev/xvda:rwm --device-cgroup-rule="c 1:3 r" -v /dev/mem:/dev/mem busybox\n';
    expect((await hardenText({ path: 'x.sh', text }, { only })).output).toBe(text);
    const r = await hardenText({ path: 'x.sh', text }, { only, unsafe: true });
    expect(r.output).toBe('docker run busybox\n');
    expect(r.changes.map((c) => c.column)).toEqual([12, 44, 75]);
  });
});
