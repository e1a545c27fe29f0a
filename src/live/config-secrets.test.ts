/**
 * A live audit masks a container's secret logging options and labels as the inspect ingester masks them in a
 * file (QA r6): the engine's answer is a source of the report, shown in code frames. The label's password holds a
 * quote, which the answer writes escaped (`\"`), so only the ingester's ranges (not a scan of the text) cover it.
 */
import { standInEngine } from './testing/stand-in-engine.js';
import { describe, expect, it } from 'vitest';
import { auditLive } from './audit.js';
import { render } from '../report/index.js';


const CONTAINER = {
  Id: 'c1c1c1c1c1c1c1',
  Name: '/web',
  Image: 'sha256:aaaaaaaaaaaaaaaa',
  Config: { Image: 'web:1', User: '', Env: [], Labels: { 'com.example.db_password': 'Sup3r"S3cretDbPw!', 'com.example.team': 'payments' } },
  HostConfig: {
    Privileged: true,
    LogConfig: { Type: 'splunk', Config: { 'splunk-token': '176FCEBF-4CF5-4EDF-91BC-703796522D20', 'splunk-url': 'https://splunk.example.com:8088' } },
    NetworkMode: 'host',
    Memory: 0,
  },
  Mounts: [],
};

describe('auditLive masks secret logging options and labels', () => {
  it('no format shows the splunk-token or the password label; the keys and other values stay', async () => {
    const routes: Record<string, string> = {
      '/version': '{"Version":"28.0.0","ApiVersion":"1.48"}',
      '/info': '{"ID":"x","Name":"h","SecurityOptions":[],"Swarm":{"LocalNodeState":"inactive"}}',
      '/networks': '[]',
      '/containers/json': JSON.stringify([{ Id: CONTAINER.Id, Image: CONTAINER.Image }]),
      [`/containers/${CONTAINER.Id}/json`]: JSON.stringify(CONTAINER),
      '/images/sha256:aaaaaaaaaaaaaaaa/json': '{"Id":"sha256:aaaaaaaaaaaaaaaa","Config":{"User":""}}',
      '/images/sha256:aaaaaaaaaaaaaaaa/history': '[]',
    };
    const engine = await standInEngine(routes);
    try {
      const r = await auditLive({ host: engine.host, env: {}, hostFacts: false, unitRoot: false, config: {} });
      expect(r.findings.some((f) => f.slug === 'privileged-container' && f.target.name === 'web')).toBe(true);
      // Each names its field (QA round C: the one placed on the token's characters had no pointer).
      expect(r.findings.filter((f) => f.ruleId === 'BW-0046').map((f) => [f.severity, f.pointer])).toEqual([
        ['high', '/Config/Labels/com.example.db_password'],
        ['medium', '/HostConfig/LogConfig/Config/splunk-token'],
      ]);
      for (const format of ['text', 'json', 'sarif', 'html'] as const) {
        const out = render(r, format, { color: false });
        expect([format, out.includes('S3cretDbPw'), out.includes('176FCEBF')]).toEqual([format, false, false]);
      }
      const doc = [...r.sources.entries()].find(([p]) => p.endsWith('/containers/web'))![1].text;
      // A value written with JSON escapes (`\"`) is masked with its quotes: its characters are not one to one.
      expect(doc).toContain(`"com.example.db_password": ${'*'.repeat('"Sup3r\\"S3cretDbPw!"'.length)},`);
      expect(doc).toContain('"com.example.team": "payments"');
      expect(doc).toContain('"splunk-token": "************************************"');
      expect(doc).toContain('"splunk-url": "https://splunk.example.com:8088"');
    } finally {
      await engine.close();
    }
  });
});
