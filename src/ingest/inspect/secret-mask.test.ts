/**
 * `Config.Env` secrets of inspect output are masked whatever rules run (R-S): the ingester lists their value
 * ranges, so a finding on a nearby line never shows them in its code frame.
 */
import { describe, expect, it } from 'vitest';
import { audit } from '../../engine/audit.js';
import { SourceFile } from '../../model/source.js';
import { render } from '../../report/index.js';
import { ingestInspect } from './index.js';

const INSPECT = `[
  {
    "Id": "4c01db0b339c",
    "Name": "/db",
    "HostConfig": {"Privileged": false},
    "Config": {
      "Env": ["POSTGRES_USER=admin", "POSTGRES_PASSWORD=s3cr3t-value-123"],
      "User": "root"
    }
  }
]
`;

describe('inspect Config.Env secrets are masked', () => {
  it('the ingester reads the entry with the value at its exact characters (what the engine masks)', async () => {
    const file = new SourceFile('db.json', INSPECT);
    const r = await ingestInspect(file, { readFile: async () => undefined, env: {} });
    expect(r.errors).toEqual([]);
    const e = r.containers[0].env.find((x) => x.name === 'POSTGRES_PASSWORD')!;
    const o = e.valueOrigin as { start: number; end: number };
    expect([file.position(o.start), file.position(o.end)].map((p) => `${p.line}:${p.column}`).join('-')).toBe('7:57-7:73');
  });

  it('with only the user-root rule selected, its code frame shows the password masked', async () => {
    const { allRules } = await import('../../rules/index.js');
    const res = await audit(['-'], { kind: 'inspect', stdin: INSPECT, env: {}, config: {}, rules: allRules.filter((x) => x.meta.id === 'BW-0005') });
    expect(res.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([['BW-0005', 8]]);
    const out = render(res, 'text', { color: false });
    expect(out.includes('s3cr3t-value-123')).toBe(false);
    expect(out).toContain('"POSTGRES_PASSWORD=****************"');
  });
});
