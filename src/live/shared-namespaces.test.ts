/**
 * A live audit resolves `--pid container:X` as an inspect file does (QA round C): the engine answers
 * `"PidMode": "container:<X's full id>"`, and the container that joins a container with the host's PID namespace
 * is reported (BW-0016 at its PidMode; CIS 5.16). The answers are QA's `docker inspect pidhost pidjoin`
 * (src/ingest/inspect/testdata/pj.json), served by a stand-in engine.
 */
import { readFileSync } from 'node:fs';
import { standInEngine } from './testing/stand-in-engine.js';
import { describe, expect, it } from 'vitest';
import { auditLive } from './audit.js';
import { allRules } from '../rules/index.js';

const [PIDHOST, PIDJOIN] = JSON.parse(readFileSync(new URL('../ingest/inspect/testdata/pj.json', import.meta.url), 'utf8')) as Record<string, unknown>[];

describe('auditLive: a container joining another container\'s host PID namespace', () => {
  it('pidjoin ("PidMode": "container:<pidhost id>") gets BW-0016 high at /HostConfig/PidMode, as pidhost does', async () => {
    const image = String(PIDHOST.Image);
    const routes: Record<string, string> = {
      '/version': '{"Version":"28.0.0","ApiVersion":"1.48"}',
      '/info': '{"ID":"x","Name":"h","SecurityOptions":[],"Swarm":{"LocalNodeState":"inactive"}}',
      '/networks': '[]',
      '/containers/json': JSON.stringify([PIDHOST, PIDJOIN].map((c) => ({ Id: c.Id, Image: c.Image }))),
      [`/containers/${String(PIDHOST.Id)}/json`]: JSON.stringify(PIDHOST),
      [`/containers/${String(PIDJOIN.Id)}/json`]: JSON.stringify(PIDJOIN),
      [`/images/${image}/json`]: JSON.stringify({ Id: image, Config: { User: '' } }),
      [`/images/${image}/history`]: '[]',
    };
    const engine = await standInEngine(routes);
    try {
      const rules = allRules.filter((r) => r.meta.slug === 'host-pid');
      const r = await auditLive({ host: engine.host, env: {}, hostFacts: false, unitRoot: false, config: {}, rules });
      expect(r.findings.map((f) => [f.ruleId, f.target.name, f.severity, f.pointer, f.location.file.replace(/^docker:\/\/[^/]+/, '')])).toEqual([
        ['BW-0016', 'pidhost', 'high', '/HostConfig/PidMode', '/containers/pidhost'],
        ['BW-0016', 'pidjoin', 'high', '/HostConfig/PidMode', '/containers/pidjoin'],
      ]);
    } finally {
      await engine.close();
    }
  });
});
