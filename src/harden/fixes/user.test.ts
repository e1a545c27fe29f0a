import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

describe('user fixes (unsafe)', () => {
  it('BW-0004: adds the profile user, quoted, with a bulwark comment', async () => {
    const r = await hardenText({ path: 'compose.yaml', text: 'services:\n  a:\n    image: x\n' }, { only: ['BW-0004'], unsafe: true });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    user: "65532:65532"  # bulwark: non-root uid:gid from the harden profile\n');
  });

  it('BW-0005: replaces user root in place', async () => {
    const r = await hardenText({ path: 'compose.yaml', text: 'services:\n  a:\n    image: x\n    user: root\n' }, { only: ['BW-0005'], unsafe: true, profile: { user: '1000:1000' } });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    user: "1000:1000"\n');
  });

  it('does not touch a user that depends on an unset variable', async () => {
    const text = 'services:\n  a:\n    image: x\n    user: ${APP_UID}\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0004', 'BW-0005'], unsafe: true });
    expect(r.output).toBe(text);
  });

  it('run line: replaces -u 0', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run -u 0 alpine id\n' }, { only: ['BW-0005'], unsafe: true });
    expect(r.output).toBe('# bulwark: --user 65532:65532 set by bulwark harden (profile values: adjust to the service)\ndocker run --user 65532:65532 alpine id\n');
  });
});
