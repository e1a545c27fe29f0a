/**
 * QA round 5 (consistency across input kinds): the same container setting gives the same finding in
 * inspect output as in a Compose file or a `docker run` line. Requirements: R-B, R-K (BW-0024).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { allRules } from '../../rules/index.js';

const rules = allRules.filter((r) => r.meta.slug === 'systempaths-unconfined');

/** A container as dockerd writes it, with HostConfig overrides. */
function inspect(hc: Record<string, unknown>): string {
  const obj = {
    Id: '5d2f0c7d1e0b4a3e9f8c7b6a5d4c3b2a1f0e9d8c7b6a5d4c3b2a1f0e9d8c7b6a',
    Name: '/sys-unmasked',
    AppArmorProfile: 'docker-default',
    HostConfig: { Privileged: false, SecurityOpt: null, ...hc },
    Config: { User: '', Image: 'nginx:1.25.3', Env: [] },
  };
  return JSON.stringify([obj], null, 4) + '\n';
}

async function findings(text: string) {
  const res = await auditSources([{ path: 'inspect.json', text, kind: 'inspect' }], { env: {}, rules });
  return res.findings.map((f) => [f.ruleId, f.target?.name, f.location.startLine, f.location.startColumn, f.message]);
}

const DEFAULT_MASKED = ['/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys'];
const DEFAULT_RO = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

describe('inspect: --security-opt systempaths=unconfined as dockerd stores it (empty MaskedPaths / ReadonlyPaths)', () => {
  it('empty MaskedPaths and ReadonlyPaths on a non-privileged container: BW-0024 at "MaskedPaths"', async () => {
    const text = inspect({ MaskedPaths: [], ReadonlyPaths: [] });
    expect(await findings(text)).toEqual([
      ['BW-0024', 'sys-unmasked', 9, 28, 'masked /proc and /sys paths exposed ("MaskedPaths": []): kernel tunables such as core_pattern become writable'],
    ]);
  });

  it('only ReadonlyPaths empty (/proc/sys writable): BW-0024 at "ReadonlyPaths"', async () => {
    const text = inspect({ MaskedPaths: DEFAULT_MASKED, ReadonlyPaths: [] });
    expect((await findings(text)).map((f) => f.slice(0, 4))).toEqual([['BW-0024', 'sys-unmasked', 15, 30]]);
  });

  it('the default lists, absent lists (podman, older dockerd) and a privileged container give nothing here', async () => {
    expect(await findings(inspect({ MaskedPaths: DEFAULT_MASKED, ReadonlyPaths: DEFAULT_RO }))).toEqual([]);
    expect(await findings(inspect({}))).toEqual([]);
    expect(await findings(inspect({ Privileged: true, MaskedPaths: null, ReadonlyPaths: null }))).toEqual([]);
    expect(await findings(inspect({ Privileged: true, MaskedPaths: [], ReadonlyPaths: [] }))).toEqual([]);
  });

  it('systempaths=unconfined also in SecurityOpt (API clients may send both): one finding, at the option', async () => {
    const text = inspect({ SecurityOpt: ['systempaths=unconfined'], MaskedPaths: [], ReadonlyPaths: [] });
    expect((await findings(text)).map((f) => f.slice(0, 4))).toEqual([['BW-0024', 'sys-unmasked', 9, 17]]);
  });
});
