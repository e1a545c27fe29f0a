import { describe, expect, it } from 'vitest';
import { componentVersion } from './audit.js';

describe('componentVersion (GET /version Components, for the host facts)', () => {
  // dockerd 20.10.24 (Debian 12), as the bench engine answers.
  const version = {
    Version: '20.10.24+dfsg1',
    Components: [
      { Name: 'Engine', Version: '20.10.24+dfsg1', Details: { ApiVersion: '1.41' } },
      { Name: 'containerd', Version: '1.6.20~ds1', Details: { GitCommit: '1.6.20~ds1-1+deb12u3' } },
      { Name: 'runc', Version: '1.1.5+ds1', Details: { GitCommit: '1.1.5+ds1-1+deb12u1' } },
      { Name: 'docker-init', Version: '0.19.0', Details: { GitCommit: '' } },
    ],
  };

  it('reads the containerd and runc versions the engine reports', () => {
    expect(componentVersion(version, 'containerd')).toBe('1.6.20~ds1');
    expect(componentVersion(version, 'runc')).toBe('1.1.5+ds1');
  });

  it('is undefined when the engine does not report one (the binary is then asked)', () => {
    expect(componentVersion({ Version: '1.13.1' }, 'runc')).toBeUndefined();
    expect(componentVersion({ Components: [{ Name: 'Engine', Version: '26.1.0' }] }, 'containerd')).toBeUndefined();
    expect(componentVersion({ Components: [{ Name: 'runc', Version: '' }, null, 'x'] }, 'runc')).toBeUndefined();
    expect(componentVersion({ Components: 'runc' }, 'runc')).toBeUndefined();
  });
});
