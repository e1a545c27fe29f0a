/**
 * Harden's Dockerfile fixes on a private engine: the hardened Dockerfile builds (legacy builder, no
 * network: there is no registry here, so the base image is the locally imported busybox), the image runs
 * as the profile's uid, and the setuid bit set by the Dockerfile is gone.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { hardenText } from '../../src/harden/index.js';
import { describeEngine, useEngine } from '../support/engine.js';

describeEngine('hardened Dockerfile builds and runs', () => {
  const eng = useEngine();

  it('USER and the setuid sweep take effect in the built image', async () => {
    const e = eng();
    const base = await e.importBusybox();
    const text = `FROM ${base}\nRUN chmod u+s /bin/busybox\nCMD ["sh", "-c", "id -u; stat -c %a /bin/busybox"]\n`;
    const r = await hardenText({ path: 'Dockerfile', text }, { unsafe: true });
    expect(r.changes.map((c) => c.ruleId)).toEqual(['BW-0101', 'BW-0104']);
    const dir = mkdtempSync(join(tmpdir(), 'bw-harden-df-'));
    writeFileSync(join(dir, 'Dockerfile'), r.output);
    const build = await e.docker(['build', '--network', 'none', '-q', '-t', 'bw/hardened:test', dir], { env: { DOCKER_BUILDKIT: '0' }, timeoutMs: 120_000 });
    expect(build.stderr.replace(/DEPRECATED[\s\S]*?\n\n/, '')).toBe('');
    expect(build.code).toBe(0);
    const run = await e.docker(['run', '--rm', '--network', 'none', 'bw/hardened:test']);
    expect(run).toMatchObject({ code: 0, stdout: '65532\n755\n' });
    // Without the fixes the same Dockerfile gives root and the setuid bit.
    writeFileSync(join(dir, 'Dockerfile'), text);
    expect((await e.docker(['build', '--network', 'none', '-q', '-t', 'bw/unhardened:test', dir], { env: { DOCKER_BUILDKIT: '0' }, timeoutMs: 120_000 })).code).toBe(0);
    expect(await e.docker(['run', '--rm', '--network', 'none', 'bw/unhardened:test'])).toMatchObject({ code: 0, stdout: '0\n4755\n' });
  }, 240_000);

  // qa9: the sweep used to go before the final stage's last USER, here `USER root`, i.e. before the chmod: the bit stayed.
  it('the sweep clears a bit set after USER root (it goes after the last build step)', async () => {
    const e = eng();
    const base = await e.importBusybox();
    const text = `FROM ${base}\nUSER root\nRUN chmod u+s /bin/busybox\nCMD ["sh", "-c", "id -u; stat -c %a /bin/busybox"]\n`;
    const r = await hardenText({ path: 'Dockerfile', text }, { unsafe: true });
    expect(r.changes.map((c) => c.ruleId)).toEqual(['BW-0102', 'BW-0104']);
    const dir = mkdtempSync(join(tmpdir(), 'bw-harden-df-'));
    writeFileSync(join(dir, 'Dockerfile'), r.output);
    const build = await e.docker(['build', '--network', 'none', '-q', '-t', 'bw/hardened-root:test', dir], { env: { DOCKER_BUILDKIT: '0' }, timeoutMs: 120_000 });
    expect(build.code).toBe(0);
    expect(await e.docker(['run', '--rm', '--network', 'none', 'bw/hardened-root:test'])).toMatchObject({ code: 0, stdout: '65532\n755\n' });
  }, 240_000);
});
