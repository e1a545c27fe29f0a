import { describe, expect, it } from 'vitest';
import { shadowedUnitFiles, unitLoadPath } from './unit-paths.js';

describe('unitLoadPath', () => {
  it('the tree before the unit directory, its precedence and the name below it', () => {
    expect(unitLoadPath('/etc/systemd/system/docker.service')).toEqual({ tree: '/', rank: 0, name: 'docker.service' });
    expect(unitLoadPath('m3/lib/systemd/system/docker.service.d/10-reg.conf')).toEqual({ tree: 'm3/', rank: 3, name: 'docker.service.d/10-reg.conf' });
    expect(unitLoadPath('./host/usr/local/lib/systemd/system/docker.socket')).toEqual({ tree: 'host/', rank: 2, name: 'docker.socket' });
    expect(unitLoadPath('run/systemd/system/docker.service')).toEqual({ tree: '', rank: 1, name: 'docker.service' });
    expect(unitLoadPath('C:\\host\\usr\\lib\\systemd\\system\\docker.service')).toEqual({ tree: 'C:/host/', rank: 3, name: 'docker.service' });
    expect(unitLoadPath('units/docker.service')).toBeUndefined();
  });
});

describe('shadowedUnitFiles (systemd.unit(5) "Unit File Load Path")', () => {
  it('/etc over /run over /usr/local/lib over /usr/lib and /lib, per tree and name', () => {
    const got = shadowedUnitFiles([
      'h/lib/systemd/system/docker.service',
      'h/run/systemd/system/docker.service',
      'h/usr/local/lib/systemd/system/docker.service',
      'h/etc/systemd/system/docker.service',
      'h/usr/lib/systemd/system/docker.socket',
      'h/lib/systemd/system/docker.socket',
      'h/run/systemd/system/docker.service.d/override.conf',
      'h/usr/lib/systemd/system/docker.service.d/override.conf',
      'h/usr/lib/systemd/system/docker.service.d/other.conf',
      'g/lib/systemd/system/docker.service',
    ]);
    expect([...got]).toEqual([
      ['h/lib/systemd/system/docker.service', 'h/etc/systemd/system/docker.service'],
      ['h/run/systemd/system/docker.service', 'h/etc/systemd/system/docker.service'],
      ['h/usr/local/lib/systemd/system/docker.service', 'h/etc/systemd/system/docker.service'],
      ['h/usr/lib/systemd/system/docker.service.d/override.conf', 'h/run/systemd/system/docker.service.d/override.conf'],
    ]);
  });
});
