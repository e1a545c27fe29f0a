import { describe, expect, it } from 'vitest';
import { checkFakeHost } from '../live/host/testkit.js';
import rule from './host-data-root-partition.js';

const ROOT = '26 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n';

describe('BW-0308 host-data-root-partition', () => {
  it('flags a data root on the root filesystem (CIS 1.1.1)', async () => {
    const { findings } = await checkFakeHost(rule, { '/proc/self/mountinfo': ROOT + '27 26 0:5 / /var/lib rw - tmpfs none rw\n'.replace('/var/lib', '/var/libx') });
    expect(findings.map((f) => [f.lineText, f.column, f.severity, f.data])).toEqual([
      ['data-root: /var/lib/docker (mount point /, not a separate partition)', 12, 'low', { path: '/var/lib/docker', mountPoint: '/' }],
    ]);
  });
  it('passes when the data root or a parent is its own mount, including escaped mount points', async () => {
    expect((await checkFakeHost(rule, { '/proc/self/mountinfo': ROOT + '30 26 8:2 / /var/lib/docker rw - xfs /dev/sda2 rw\n' })).findings).toEqual([]);
    expect((await checkFakeHost(rule, { '/proc/self/mountinfo': ROOT + '30 26 8:2 / /srv/my\\040data rw - xfs /dev/sda2 rw\n' }, undefined, { dataRoot: '/srv/my data/docker' })).findings).toEqual([]);
  });
  it('flags dockerd\'s self-bind of the data root on the device of / (CIS 1.1.1), passes a real separate device', async () => {
    const root = '26 1 254:0 / / rw - ext4 /dev/vda rw\n';
    const selfBind = await checkFakeHost(rule, { '/proc/self/mountinfo': root + '41 26 254:0 /tmp/x/d1 /tmp/x/d1 rw - ext4 /dev/vda rw\n' }, undefined, { dataRoot: '/tmp/x/d1' });
    expect(selfBind.findings.map((f) => [f.message, f.data])).toEqual([
      ['data root /tmp/x/d1 is on the root filesystem (mount point /tmp/x/d1), not a separate partition', { path: '/tmp/x/d1', mountPoint: '/tmp/x/d1' }],
    ]);
    expect((await checkFakeHost(rule, { '/proc/self/mountinfo': root + '41 26 254:16 / /tmp/x/d1 rw - xfs /dev/vdb rw\n' }, undefined, { dataRoot: '/tmp/x/d1' })).findings).toEqual([]);
  });
  it('unknown when mountinfo is unreadable'
, async () => {
    const { findings } = await checkFakeHost(rule, {});
    expect(findings.map((f) => [f.certainty, f.message])).toEqual([['unknown', 'data root mount unknown, CIS 1.1.1 not checked: /proc/self/mountinfo: ENOENT']]);
  });
});
