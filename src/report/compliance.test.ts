import { describe, expect, it } from 'vitest';
import { complianceAudit } from '../compliance/index.js';
import { auditSources } from '../engine/audit.js';
import { defineRule } from '../rules/types.js';
import { renderCompliance } from './compliance.js';
import { targetRecorder } from '../compliance/index.js';

const privileged = defineRule({
  meta: {
    id: 'BW-9001', slug: 't-privileged', title: 't', severity: 'critical', attackClasses: [], requirements: [], paper: '', description: '',
    remediation: {}, breaks: '', fix: 'manual', cis: { '1.6.0': ['5.5'] }, inputs: ['compose'],
  },
  checkContainer(c, ctx) {
    if (c.privileged?.value === true) ctx.report({ message: 'privileged', at: c.privileged });
  },
});

const COMPOSE = 'services:\n  web:\n    image: nginx\n    privileged: true\n';

describe('renderCompliance', () => {
  it('text: a summary and one row per recommendation for each target', async () => {
    const rec = targetRecorder();
    const result = await auditSources([{ path: 'compose.yaml', text: COMPOSE }], { rules: [privileged, rec.rule], env: {} });
    const text = renderCompliance(result, 'text', { targets: rec.targets, rules: [privileged] });
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'CIS Docker Benchmark 1.6.0 compliance (sections 1-5 and 7)',
      '',
      'service web  (compose.yaml)',
      '  pass 0, fail 1, unknown 0, manual 114, not applicable 0',
    ]);
    expect(lines.filter((l) => / 5\.[456] /.test(l))).toEqual([
      '  manual         5.4    Ensure that Linux kernel capabilities are restricted within containers',
      '  fail           5.5    Ensure that privileged containers are not used  [BW-9001]',
      '  manual         5.6    Ensure sensitive host system directories are not mounted on containers',
    ]);
    // No "file compose.yaml" section: no rule checks a Compose file as a whole.
    expect(lines.filter((l) => l.startsWith('service ') || l.startsWith('file '))).toEqual(['service web  (compose.yaml)']);
    expect(lines.length).toBe(1 + 1 * (3 + 115) + 1);
    expect(text.endsWith('\n')).toBe(true);
  });
  it('json: the same view as a document', async () => {
    const comp = await complianceAudit();
    const result = await auditSources([{ path: 'compose.yaml', text: COMPOSE }], { rules: comp.rules, env: {} });
    const doc = JSON.parse(renderCompliance(result, 'json', { targets: comp.targets }));
    expect(doc.benchmark).toBe('CIS Docker Benchmark');
    expect(doc.version).toBe('1.6.0');
    expect(doc.targets.map((t: { kind: string; name: string }) => `${t.kind} ${t.name}`)).toEqual(['service web']);
    const web = doc.targets[0];
    expect(web.results).toHaveLength(115);
    expect(web.results.find((r: { id: string }) => r.id === '3.16')).toEqual({
      id: '3.16', title: 'Ensure that the Docker socket file permissions are set to 660 or more restrictively', assessment: 'automated', level: 1,
      status: 'not applicable', rules: ['BW-0224', 'BW-0305'], findings: 0,
    });
    expect(Object.values(web.summary).reduce((a: number, b) => a + (b as number), 0)).toBe(115);
  });
  it('without recorded targets, falls back to targets with findings and the input files', async () => {
    const result = await auditSources([{ path: 'compose.yaml', text: COMPOSE }], { rules: [privileged], env: {} });
    const doc = JSON.parse(renderCompliance(result, 'json', { rules: [privileged] }));
    expect(doc.targets.map((t: { kind: string; name: string; source: string }) => `${t.kind} ${t.name} ${t.source}`)).toEqual(['service web compose']);
  });
});
