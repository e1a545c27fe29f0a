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

/** QA r6: one-line `docker inspect` output with a Splunk token in the logging options and a password in a label. */
const ONE_LINE = `[{"Id":"4696b3474ac5544e8e880310f31777069121be96ac094fe257836a3d9feabbf1","Name":"/web","State":{"Status":"running"},"Config":{"Image":"nginx:1.27","User":"101","Env":["PATH=/usr/bin"],"Labels":{"com.example.db_password":"Sup3rS3cretDbPw!","com.example.team":"payments"}},"HostConfig":{"LogConfig":{"Type":"splunk","Config":{"splunk-token":"176FCEBF-4CF5-4EDF-91BC-703796522D20","splunk-url":"https://splunk.example.com:8088"}},"NetworkMode":"host","Memory":0}}]
`;

describe('inspect logging options and labels that hold secrets are masked (QA r6)', () => {
  it('the ingester lists the splunk-token and the password label, at their exact characters, and nothing else of them', async () => {
    const file = new SourceFile('inspect.json', ONE_LINE);
    const r = await ingestInspect(file, { readFile: async () => undefined, env: {} });
    expect(r.errors).toEqual([]);
    const shown = (r.secretRanges ?? []).map((x) => [file.position(x.start).column, file.text.slice(x.start, x.end)]).sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(shown).toEqual([
      [ONE_LINE.indexOf('Sup3r') + 1, 'Sup3rS3cretDbPw!'],
      [ONE_LINE.indexOf('176FCEBF') + 1, '176FCEBF-4CF5-4EDF-91BC-703796522D20'],
    ]);
  });

  it('no report format shows them, whichever finding shows the line', async () => {
    const res = await audit(['-'], { kind: 'inspect', stdin: ONE_LINE, env: {}, config: {} });
    expect(res.findings.filter((f) => f.location.startLine === 1).length).toBe(res.findings.length);
    expect(res.findings.length).toBeGreaterThan(0);
    for (const format of ['text', 'json', 'sarif', 'html'] as const) {
      const out = render(res, format, { color: false });
      expect([format, out.includes('Sup3rS3cretDbPw!'), out.includes('176FCEBF')]).toEqual([format, false, false]);
    }
    // What the reports show of the file: the keys and the other values stay readable.
    const [masked] = [...res.sources.values()].map((s) => s.text);
    expect(masked).toContain('"com.example.db_password":"****************","com.example.team":"payments"');
    expect(masked).toContain('"splunk-token":"************************************","splunk-url":"https://splunk.example.com:8088"');
  });
});

describe('inspect of a curlimages/curl container: its Cmd are curl arguments (QA 06)', () => {
  const ONE = `[{"Id":"5696b3474ac5544e8e880310f31777069121be96ac094fe257836a3d9feabbf1","Name":"/upload","Path":"/entrypoint.sh","Args":["-u","admin:Nexus-Admin-2024","-T","f","https://nexus.example.com/"],"Config":{"Image":"curlimages/curl:8.8.0","User":"curl_user","Entrypoint":["/entrypoint.sh"],"Cmd":["-u","admin:Nexus-Admin-2024","-T","f","https://nexus.example.com/"]},"HostConfig":{"Memory":0}}]
`;
  it('BW-0035 reports the password in Cmd, and no format shows it (Args nor Cmd)', async () => {
    const res = await audit(['-'], { kind: 'inspect', stdin: ONE, env: {}, config: {} });
    const cmdAt = ONE.indexOf('Nexus-Admin-2024', ONE.indexOf('"Cmd"')) + 1;
    expect(res.findings.filter((f) => f.ruleId === 'BW-0035').map((f) => [f.target.name, f.severity, f.location.startLine, f.location.startColumn, f.location.endColumn])).toEqual([
      ['upload', 'high', 1, cmdAt, cmdAt + 16],
    ]);
    for (const format of ['text', 'json', 'sarif', 'html'] as const) expect([format, render(res, format, { color: false }).includes('Nexus-Admin')]).toEqual([format, false]);
  });
});
