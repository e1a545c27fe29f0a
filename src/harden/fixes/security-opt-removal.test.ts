import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

describe('security option removal fixes (safe)', () => {
  it('removes seccomp, apparmor, label and systempaths overrides from a Compose list', async () => {
    const text = 'services:\n  a:\n    image: x\n    security_opt:\n      - seccomp:unconfined\n      - apparmor=unconfined\n      - label:disable\n      - systempaths=unconfined\n      - no-new-privileges:true\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0021', 'BW-0022', 'BW-0023', 'BW-0024'] });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    security_opt:\n      - no-new-privileges:true\n');
    expect(r.changes.map((c) => c.ruleId).sort()).toEqual(['BW-0021', 'BW-0022', 'BW-0023', 'BW-0024']);
  });

  it('removes the whole key when it held only that option', async () => {
    const text = 'services:\n  a:\n    image: x\n    security_opt: [seccomp=unconfined]\n    ports: ["80:80"]\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0021'] });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    ports: ["80:80"]\n');
  });

  it('removes a flag in the middle of a run line', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run --rm --security-opt seccomp=unconfined -it alpine sh\n' }, { only: ['BW-0021'] });
    expect(r.output).toBe('docker run --rm -it alpine sh\n');
  });
});
